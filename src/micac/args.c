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

#include "commands.h"
#include "mica/cmdline.h"

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

int micac_load(mica_unit *u, const char *path, mica_stage stage,
	       const micac_diag_opts *o)
{
	int st;

	memset(u, 0, sizeof *u);
	if (strcmp(path, "-") != 0)
		st = mica_source_load(&u->src, path);
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
	return mica_unit_process(u, stage);
}
