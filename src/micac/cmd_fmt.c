/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_fmt.c -- micac fmt [--check | -w | --diff] FILE...: the canonical
 * layout of policy files (src/fmt/, micac(1) FMT).
 *
 * A file with syntax errors is left alone: its diagnostics are printed
 * as `micac check` prints them and it counts as a policy error (1).
 * Unreadable files and failed writes are I/O errors (2); the status is
 * the worst of all files.
 */
#define _XOPEN_SOURCE 700       /* realpath */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "fmt.h"
#include "mica/util.h"
#include "output.h"

static const char usage[] =
	"usage: micac fmt [--check | -w | --diff] FILE...\n"
	"  (no option)       print the formatted text on standard output\n"
	"  --check           print the names of files not formatted (exit 1)\n"
	"  -w                rewrite the files not formatted, in place\n"
	"  --diff            print a unified diff to the formatted text\n"
	"                    (exit 1 when there is one)\n"
	"FILE '-' is standard input (not with -w).\n";

enum mode { PRINT, CHECK, WRITE, DIFF };

/* Replaces path by len bytes of text, keeping its permissions: a
 * temporary beside it, renamed into place. A symbolic link stays one:
 * the file it points to is replaced. */
static int rewrite(const char *path, const char *text, size_t len)
{
	micac_output o;
	struct stat st;
	char *real = realpath(path, NULL);
	int rc;

	if (!real || stat(real, &st) != 0) {
		fprintf(stderr, "micac: cannot write %s: %s\n", path,
			strerror(errno));
		free(real);
		return MICAC_USAGE;
	}
	rc = micac_output_open(&o, real);
	free(real);
	if (rc != 0)
		return MICAC_USAGE;
	if (fchmod(fileno(o.f), st.st_mode & 07777) != 0) {
		fprintf(stderr, "micac: cannot write %s: %s\n", path,
			strerror(errno));
		micac_output_abort(&o);
		return MICAC_USAGE;
	}
	fwrite(text, 1, len, o.f);
	return micac_output_commit(&o) == 0 ? MICAC_OK : MICAC_USAGE;
}

static int one(const char *path, enum mode mode)
{
	micac_diag_opts opts = MICAC_DIAG_OPTS_INIT;
	mica_unit u;
	char *text = NULL;
	size_t len = 0;
	const char *name;
	int st, changed;

	/* Loading parses: syntax errors are printed here, once. */
	st = micac_load(&u, path, MICA_TO_PARSE, &opts);
	if (st != MICAC_OK) {
		if (st != MICAC_USAGE)
			mica_unit_free(&u);
		return st;
	}
	st = mica_fmt_source(&u.src, &u.diag, &text, &len);
	if (st != MICAC_OK) {
		mica_unit_free(&u);
		return st;
	}
	name = u.src.name;
	changed = len != u.src.len || memcmp(text, u.src.text, len) != 0;
	switch (mode) {
	case PRINT:
		fwrite(text, 1, len, stdout);
		break;
	case CHECK:
		if (changed) {
			printf("%s\n", name);
			st = MICAC_POLICY;
		}
		break;
	case WRITE:
		if (changed)
			st = rewrite(path, text, len);
		break;
	case DIFF: {
		size_t n = strlen(name) + 6;
		char *orig = mica_xmalloc(n);
		snprintf(orig, n, "%s.orig", name);
		if (mica_fmt_diff(stdout, orig, u.src.text, u.src.len, name,
				  text, len))
			st = MICAC_POLICY;
		free(orig);
		break;
	}
	}
	free(text);
	mica_unit_free(&u);
	return st;
}

int micac_fmt(int argc, char **argv)
{
	enum { OPT_CHECK = 256, OPT_DIFF };
	static const struct option longs[] = {
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "diff", no_argument, NULL, OPT_DIFF },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum mode mode = PRINT;
	int i, c, modes = 0, worst = MICAC_OK, stdin_used = 0;

	optind = 0;
	while ((c = micac_getopt(argc, argv, "hw", longs, usage)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return MICAC_OK;
		case OPT_CHECK:
			mode = CHECK, modes++;
			break;
		case 'w':
			mode = WRITE, modes++;
			break;
		case OPT_DIFF:
			mode = DIFF, modes++;
			break;
		default:
			return MICAC_USAGE;
		}
	}
	if (modes > 1)
		return micac_usage_error("fmt", "--check, -w and --diff "
					 "exclude each other", usage);
	if (optind >= argc)
		return micac_usage_error("fmt", "needs at least one FILE",
					 usage);
	for (i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") != 0)
			continue;
		if (mode == WRITE)
			return micac_usage_error("fmt", "-w cannot rewrite "
						 "standard input", usage);
		if (stdin_used++)
			return micac_usage_error("fmt", "standard input "
						 "('-') given twice", usage);
	}
	for (i = optind; i < argc; i++) {
		int st = one(argv[i], mode);
		if (st > worst)
			worst = st;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "micac: fmt: cannot write standard output: "
			"%s\n", strerror(errno));
		return MICAC_USAGE;
	}
	return worst;
}
