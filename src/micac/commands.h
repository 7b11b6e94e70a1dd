/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * commands.h -- the subcommands of micac, one file each.
 *
 * Each takes its arguments with its own name as argv[0] (as main
 * passes them) and returns the exit status: 0 success (warnings
 * allowed), 1 the policy has errors, 2 usage or I/O.
 */
#ifndef MICAC_COMMANDS_H
#define MICAC_COMMANDS_H

#include <getopt.h>
#include <stdbool.h>

#include "mica/unit.h"

/* The exit statuses (mica/unit.h) under micac's names. */
enum { MICAC_OK = MICA_EXIT_OK, MICAC_POLICY = MICA_EXIT_POLICY,
       MICAC_USAGE = MICA_EXIT_USAGE };

/* Each command parses its options with micac_getopt (args.c, over
 * mica_getopt in mica/cmdline.h), which is getopt_long with micac's
 * rules: argv[0] is the command's name; an unknown option or a missing
 * value prints the problem and usage to stderr and returns '?'; "--"
 * ends the options; operands may come before options. After -1, optind
 * indexes the first operand. Set optind to 0 first: a fresh parse
 * (glibc), also when one process runs several commands, as the tests
 * do. */
int micac_getopt(int argc, char **argv, const char *shorts,
		 const struct option *longs, const char *usage);
/* The options of a command whose only option is --json: -1 to go on
 * with the operands from optind, *json set; else the exit status
 * (MICAC_OK after printing usage for --help, MICAC_USAGE). */
int micac_json_options(int argc, char **argv, const char *usage,
		       bool *json);
/* "micac: CMD: MSG" and usage on stderr; returns MICAC_USAGE. */
int micac_usage_error(const char *cmd, const char *msg, const char *usage);

/* The diagnostics options of check and compile: -Werror,
 * --max-errors=N, --diagnostics-format=text|json|sarif and
 * --color=auto|always|never; the commands that print diagnostics but
 * take none of the others take --color alone (MICAC_COLOR_OPTION). */
enum { MICAC_FORMAT_TEXT, MICAC_FORMAT_JSON, MICAC_FORMAT_SARIF };
enum { MICAC_COLOR_AUTO, MICAC_COLOR_ALWAYS, MICAC_COLOR_NEVER };
typedef struct micac_diag_opts {
	bool werror;
	unsigned max_errors;      /* 0: no limit */
	int format;               /* MICAC_FORMAT_* */
	int color;                /* MICAC_COLOR_* */
	struct mica_diag_log *log; /* json, sarif: every file's messages,
	                             printed by micac_diag_finish */
} micac_diag_opts;
#define MICAC_DIAG_OPTS_INIT { false, MICA_MAX_ERRORS_DEFAULT, \
	MICAC_FORMAT_TEXT, MICAC_COLOR_AUTO, NULL }
enum { MICAC_OPT_MAX_ERRORS = 512, MICAC_OPT_DIAG_FORMAT,
       MICAC_OPT_COLOR };
#define MICAC_COLOR_OPTION \
	{ "color", required_argument, NULL, MICAC_OPT_COLOR }
#define MICAC_DIAG_OPTIONS \
	{ "max-errors", required_argument, NULL, MICAC_OPT_MAX_ERRORS }, \
	{ "diagnostics-format", required_argument, NULL, \
	  MICAC_OPT_DIAG_FORMAT }, \
	MICAC_COLOR_OPTION
/* Takes option c (from micac_getopt) into o: 0, or -1 when c is not one
 * of them or its value is wrong (reported, unless c is '?'). */
int micac_diag_option(micac_diag_opts *o, int c, const char *arg,
		      const char *usage);
/* mica_unit_load with those options; path "-" reads standard input,
 * which diagnostics then name <stdin>. */
int micac_load(mica_unit *u, const char *path, mica_stage stage,
	       micac_diag_opts *o);
/* After the last micac_load: json and sarif print every file's
 * diagnostics on standard output as one document and free the log.
 * Returns st, or MICAC_USAGE when standard output cannot be written. */
int micac_diag_finish(micac_diag_opts *o, int st);

int micac_check(int argc, char **argv);    /* cmd_check.c */
int micac_graph(int argc, char **argv);    /* cmd_graph.c */
int micac_compile(int argc, char **argv);  /* cmd_compile.c */
int micac_dump(int argc, char **argv);     /* cmd_dump.c */
int micac_verify(int argc, char **argv);   /* cmd_verify.c */
int micac_inspect(int argc, char **argv);  /* cmd_inspect.c */
int micac_lsp(int argc, char **argv);      /* cmd_lsp.c */
int micac_fmt(int argc, char **argv);      /* cmd_fmt.c */
int micac_explain(int argc, char **argv);  /* cmd_explain.c */
int micac_diff(int argc, char **argv);     /* cmd_diff.c */

#endif
