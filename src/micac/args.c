/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * args.c -- what micac's commands share on the command line: option
 * parsing with one set of rules and messages, and loading a policy from
 * a file or standard input with the diagnostics options.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "mica/cmdline.h"
#include "mica/diag_log.h"
#include "mica/util.h"

/* What standard input may hold: the largest policy source accepted. */
#define STDIN_MAX ((size_t)1 << 30)

int micac_usage_error(const char *cmd, const char *msg, const char *text)
{
	fprintf(stderr, "micac: %s: %s\n", cmd, msg);
	fputs(text, stderr);
	return MICAC_USAGE;
}

int micac_getopt(int argc, char **argv, const char *shorts,
		 const struct option *longs, const char *text)
{
	return mica_getopt("micac", argc, argv, shorts, longs, text);
}

int micac_json_options(int argc, char **argv, const char *text,
		       bool *json)
{
	static const struct option longs[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*json = false;
	optind = 0;
	while ((c = micac_getopt(argc, argv, "h", longs, text)) != -1) {
		if (c == 'h') {
			fputs(text, stdout);
			return MICAC_OK;
		} else if (c == 'j') {
			*json = true;
		} else {
			return MICAC_USAGE;
		}
	}
	return -1;
}

int micac_diag_option(micac_diag_opts *o, int c, const char *arg,
		      const char *usage_text)
{
	char *end;
	unsigned long n;

	if (c == 'W' && strcmp(arg, "error") == 0) {
		o->werror = true;
		return 0;
	}
	if (c == 'W') {
		fprintf(stderr, "micac: unknown warning option '-W%s'\n%s",
			arg, usage_text);
		return -1;
	}
	if (c == MICAC_OPT_DIAG_FORMAT || c == MICAC_OPT_COLOR) {
		static const char *const formats[] = { "text", "json", "sarif" };
		static const char *const colors[] = { "auto", "always", "never" };
		const char *const *v = c == MICAC_OPT_COLOR ? colors : formats;
		int k;
		for (k = 0; k < 3; k++)
			if (strcmp(arg, v[k]) == 0)
				break;
		if (k == 3) {
			fprintf(stderr, "micac: --%s wants %s|%s|%s, not "
				"'%s'\n%s", c == MICAC_OPT_COLOR ? "color"
				: "diagnostics-format", v[0], v[1], v[2], arg,
				usage_text);
			return -1;
		}
		*(c == MICAC_OPT_COLOR ? &o->color : &o->format) = k;
		return 0;
	}
	if (c != MICAC_OPT_MAX_ERRORS)
		return -1;
	errno = 0;
	n = strtoul(arg, &end, 10);
	if (arg[0] < '0' || arg[0] > '9' || *end || errno || n > 1000000) {
		fprintf(stderr, "micac: --max-errors wants a number from 0 "
			"to 1000000, not '%s'\n%s", arg, usage_text);
		return -1;
	}
	o->max_errors = (unsigned)n;
	return 0;
}

/* Standard input, whole, as the source "<stdin>". */
static int load_stdin(mica_source *src)
{
	size_t len = 0, cap = 0;
	char *buf = NULL;
	int rc, e;

	for (;;) {
		if (cap - len < 4096) {
			char *nbuf = cap > STDIN_MAX ? NULL
				: realloc(buf, cap ? cap * 2 : 65536);
			if (!nbuf) {
				free(buf);
				errno = cap > STDIN_MAX ? EFBIG : ENOMEM;
				return -1;
			}
			buf = nbuf;
			cap = cap ? cap * 2 : 65536;
		}
		size_t n = fread(buf + len, 1, cap - len, stdin);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(stdin)) {
		e = errno ? errno : EIO;
		free(buf);
		errno = e;
		return -1;
	}
	rc = mica_source_from_mem(src, "<stdin>", buf, len);
	e = errno;
	free(buf);
	errno = e;
	return rc;
}

/* Colour on stderr: always, never, or (auto) when stderr is a terminal
 * and NO_COLOR is unset or empty (https://no-color.org). */
static bool use_color(int color)
{
	const char *no = getenv("NO_COLOR");

	if (color != MICAC_COLOR_AUTO)
		return color == MICAC_COLOR_ALWAYS;
	return isatty(fileno(stderr)) && !(no && *no);
}

int micac_load(mica_unit *u, const char *path, mica_stage stage,
	       micac_diag_opts *o)
{
	int st;

	memset(u, 0, sizeof *u);
	/* Parsing alone is for the formatter and the tree dump, which want
	 * the text; checking streams the file and keeps none of it. */
	if (strcmp(path, "-") != 0)
		st = stage >= MICA_TO_CHECK ? mica_source_open(&u->src, path)
					    : mica_source_load(&u->src, path);
	else
		st = load_stdin(&u->src);
	if (st != 0) {
		fprintf(stderr, "micac: cannot read %s: %s\n",
			strcmp(path, "-") ? path : "<stdin>", strerror(errno));
		return MICAC_USAGE;
	}
	mica_diag_init(&u->diag, &u->src, stderr);
	u->diag.max_errors = o->max_errors;
	u->diag.werror = o->werror;     /* warnings reported as errors */
	u->diag.color = use_color(o->color);
	if (o->format != MICAC_FORMAT_TEXT) {
		if (!o->log) {
			o->log = mica_xmalloc(sizeof *o->log);
			memset(o->log, 0, sizeof *o->log);
		}
		mica_diag_set_sink(&u->diag, mica_diag_log_sink, o->log);
	}
	return mica_unit_process(u, stage);
}

int micac_diag_finish(micac_diag_opts *o, int st)
{
	mica_diag_log empty = { NULL, 0, 0 };
	mica_diag_log *log = o->log ? o->log : &empty;

	if (o->format == MICAC_FORMAT_TEXT)
		return st;
	if (o->format == MICAC_FORMAT_JSON)
		mica_diag_log_json(stdout, log);
	else
		mica_diag_log_sarif(stdout, log, MICA_VERSION);
	mica_diag_log_free(log);
	free(o->log);
	o->log = NULL;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "micac: cannot write the diagnostics: %s\n",
			strerror(errno));
		return MICAC_USAGE;
	}
	return st;
}
