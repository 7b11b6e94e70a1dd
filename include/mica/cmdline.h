/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmdline.h -- the one option parser of micac's and mica-fvp's commands,
 * so both programs follow the same rules and print the same messages.
 */
#ifndef MICA_CMDLINE_H
#define MICA_CMDLINE_H

#include <getopt.h>

/* getopt_long over one command's argv (argv[0] is the command's name).
 * Returns the option's value, -1 at the end of the options, or '?' for
 * an unknown option, a missing value or a value where none belongs,
 * after printing "PROG: COMMAND: what 'option'" and usage_text on
 * standard error. getopt_long keeps its state in globals: each command
 * parses once, from its own argv[1]. */
int mica_getopt(const char *prog, int argc, char **argv, const char *shorts,
		const struct option *longs, const char *usage_text);

#endif
