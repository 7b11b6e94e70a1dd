/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_lsp.c -- micac lsp [--stdio]: the Language Server Protocol server
 * (src/lsp/) on standard input and output.
 */
#include <stdio.h>

#include "commands.h"
#include "../lsp/lsp.h"

static const char usage[] =
	"usage: micac lsp [--stdio]\n"
	"Serves the Language Server Protocol (3.17) on standard input and\n"
	"output: diagnostics as you type, quick fixes, formatting, definition\n"
	"and hover on realm names.\n"
	"  --stdio           use standard input and output (the only transport;\n"
	"                    editors' clients pass it)\n"
	"Exit status: 0 after shutdown and exit, 1 on exit without shutdown.\n";

int micac_lsp(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "stdio", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 0;
	while ((c = micac_getopt(argc, argv, "h", longs, usage)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return MICAC_OK;
		}
		if (c != 's')
			return MICAC_USAGE;
	}
	if (optind < argc)
		return micac_usage_error("lsp", "takes no operand", usage);
	return lsp_serve(stdin, stdout);
}
