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
		micac_unit u;
		int st = micac_unit_load(&u, argv[i], MICAC_TO_CHECK);
		if (st != MICAC_USAGE)
			micac_unit_free(&u);
		if (st > worst)
			worst = st;
	}
	return worst;
}
