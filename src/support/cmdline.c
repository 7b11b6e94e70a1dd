/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmdline.c -- the option parser of every command (mica/cmdline.h).
 */
#include <stdio.h>
#include <string.h>

#include "mica/cmdline.h"

int mica_getopt(const char *prog, int argc, char **argv, const char *shorts,
		const struct option *longs, const char *usage_text)
{
	/* A leading ':' tells a missing value apart from an unknown option. */
	static char spec[32] = ":";
	int c;

	if (strlen(shorts) + 2 > sizeof spec)
		return '?';
	strcpy(spec + 1, shorts);
	opterr = 0;
	c = getopt_long(argc, argv, spec, longs, NULL);
	if (c == ':' || c == '?') {
		const char *bad = argv[optind - 1];
		const char *what = c == ':' ? "missing value after"
			: strncmp(bad, "--", 2) == 0 && optopt
			? "unexpected value in" : "unknown option";

		/* A long option is named whole; a short one by its letter,
		 * which may be glued to others. */
		if (strncmp(bad, "--", 2) == 0 && bad[2])
			fprintf(stderr, "%s: %s: %s '%s'\n", prog, argv[0],
				what, bad);
		else
			fprintf(stderr, "%s: %s: %s '-%c'\n", prog, argv[0],
				what, optopt);
		fputs(usage_text, stderr);
		return '?';
	}
	return c;
}
