/*
 * cmd_dumpstage.c -- micac --dump=ast|ir FILE: print a compiler stage.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"

int micac_dump_stage(const char *stage, int argc, char **argv);

int micac_dump_stage(const char *stage, int argc, char **argv)
{
	mica_unit u;
	int st;

	if (strcmp(stage, "ast") != 0 && strcmp(stage, "ir") != 0) {
		fprintf(stderr, "micac: unknown stage '%s' for --dump: use "
			"ast or ir\n", stage);
		return MICAC_USAGE;
	}
	if (argc != 1) {
		fputs("micac: --dump takes exactly one FILE\n", stderr);
		return MICAC_USAGE;
	}
	st = mica_unit_load(&u, argv[0], stage[0] == 'a' ? MICA_TO_PARSE
							 : MICA_TO_CHECK, "micac");
	if (st == MICAC_USAGE)
		return st;
	if (st == MICAC_OK && stage[0] == 'a')
		mica_ast_dump(u.ast, stdout);
	else if (st == MICAC_OK)
		mica_ir_dump(u.ir, stdout);
	mica_unit_free(&u);
	return st;
}
