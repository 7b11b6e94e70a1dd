/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_dumpstage.c -- micac --dump=ast|ir FILE: print a compiler stage.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"

int micac_dump_stage(const char *stage, int argc, char **argv);

static const char usage[] =
	"usage: micac --dump=ast|ir FILE [--color=WHEN]\n"
	"  prints the syntax tree (ast) or the checked intermediate form (ir)\n"
	"  --color=auto|always|never\n"
	"                    colour the diagnostics (as micac check)\n"
	"FILE '-' is standard input.\n";

int micac_dump_stage(const char *stage, int argc, char **argv)
{
	static const struct option longs[] = {
		MICAC_COLOR_OPTION,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	micac_diag_opts dopts = MICAC_DIAG_OPTS_INIT;
	mica_unit u;
	int st, c;

	if (strcmp(stage, "ast") != 0 && strcmp(stage, "ir") != 0) {
		fprintf(stderr, "micac: unknown stage '%s' for --dump: use "
			"ast or ir\n%s", stage, usage);
		return MICAC_USAGE;
	}
	optind = 0;
	while ((c = micac_getopt(argc, argv, "h", longs, usage)) != -1) {
		if (c == MICAC_OPT_COLOR) {
			if (micac_diag_option(&dopts, c, optarg, usage) != 0)
				return MICAC_USAGE;
			continue;
		}
		if (c != 'h')
			return MICAC_USAGE;
		fputs(usage, stdout);
		return MICAC_OK;
	}
	if (optind != argc - 1)
		return micac_usage_error(argv[0], "takes exactly one FILE",
					 usage);
	st = micac_load(&u, argv[optind], stage[0] == 'a' ? MICA_TO_PARSE
					 : MICA_TO_CHECK, &dopts);
	if (st == MICAC_USAGE)
		return st;
	if (st == MICAC_OK && stage[0] == 'a')
		mica_ast_dump(u.ast, stdout);
	else if (st == MICAC_OK)
		mica_ir_dump(u.ir, stdout);
	mica_unit_free(&u);
	return st;
}
