/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_check.c -- micac check [-Werror] [--max-errors=N]
 * [--diagnostics-format=text|json|sarif] [--color=auto|always|never]
 * FILE...: diagnostics only; json and sarif print one document for all
 * FILEs on standard output.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const char usage[] =
	"usage: micac check [-Werror] [--max-errors=N] "
	"[--diagnostics-format=FMT]\n"
	"                   [--color=WHEN] FILE...\n"
	"  -Werror           make warnings errors (exit 1)\n"
	"  --max-errors=N    print at most N errors (default 20; 0: no limit)\n"
	"  --diagnostics-format=text|json|sarif\n"
	"                    text on standard error (default), or one JSON or\n"
	"                    SARIF 2.1.0 document for all FILEs on standard "
	"output\n"
	"  --color=auto|always|never\n"
	"                    colour text diagnostics (auto: stderr is a "
	"terminal\n"
	"                    and NO_COLOR is unset or empty)\n"
	"FILE '-' is standard input.\n";

int micac_check(int argc, char **argv)
{
	static const struct option longs[] = {
		MICAC_DIAG_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	micac_diag_opts o = MICAC_DIAG_OPTS_INIT;
	int i, c, worst = MICAC_OK, stdin_used = 0;

	optind = 0;
	while ((c = micac_getopt(argc, argv, "hW:", longs, usage)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return MICAC_OK;
		}
		if (micac_diag_option(&o, c, optarg, usage) != 0)
			return MICAC_USAGE;
	}
	if (optind >= argc)
		return micac_usage_error("check", "needs at least one FILE",
					 usage);
	for (i = optind; i < argc; i++)
		if (strcmp(argv[i], "-") == 0 && stdin_used++)
			return micac_usage_error("check", "standard input "
						 "('-') given twice", usage);
	for (i = optind; i < argc; i++) {
		mica_unit u;
		int st = micac_load(&u, argv[i], MICA_TO_CHECK, &o);
		if (st != MICAC_USAGE)
			mica_unit_free(&u);
		if (st > worst)
			worst = st;
	}
	return micac_diag_finish(&o, worst);
}
