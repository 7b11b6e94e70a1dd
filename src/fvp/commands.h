/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * commands.h -- the commands of mica-fvp (main.c; man/mica-fvp.1):
 * `run` and `measure` (run.c), `script` (scenario/driver.c). argv[0] is
 * the command name; each returns the exit status.
 */
#ifndef MICA_FVP_COMMANDS_H
#define MICA_FVP_COMMANDS_H

#include <getopt.h>

/* getopt_long with mica-fvp's rules (main.c): argv[0] is the command's
 * name; an unknown option or a missing value prints the problem and
 * text to stderr and returns '?'; "--" ends the options. Set optind to
 * 0 first. After -1, optind indexes the first operand. */
int fvp_getopt(int argc, char **argv, const char *shorts,
	       const struct option *longs, const char *text);

int fvp_cmd_run(int argc, char **argv);
int fvp_cmd_measure(int argc, char **argv);
int fvp_cmd_script(int argc, char **argv);

#endif
