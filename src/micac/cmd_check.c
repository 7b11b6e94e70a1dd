/*
 * cmd_check.c -- micac check FILE...: diagnostics only.
 */
#include <stdio.h>

#include "commands.h"

int micac_check(int argc, char **argv)
{
	int i, worst = MICAC_OK;

	if (argc < 1) {
		fputs("micac: check needs at least one FILE\n", stderr);
		return MICAC_USAGE;
	}
	for (i = 0; i < argc; i++) {
		mica_unit u;
		int st = mica_unit_load(&u, argv[i], MICA_TO_CHECK, "micac");
		if (st != MICAC_USAGE)
			mica_unit_free(&u);
		if (st > worst)
			worst = st;
	}
	return worst;
}
