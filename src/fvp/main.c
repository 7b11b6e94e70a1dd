/*
 * main.c -- the mica-fvp command (man/mica-fvp.1): run a policy's
 * pipeline on the model, measure its images, or play a scenario.
 */
#include <stdio.h>
#include <string.h>

#include "fvp.h"

static int usage(FILE *out, int rc)
{
	fprintf(out,
		"usage: mica-fvp run POLICY.mica --out DIR [--adopt-measurements]\n"
		"                    [--memory SIZE] [--quiet] [--fault FAULT]\n"
		"       mica-fvp measure POLICY.mica\n"
		"       mica-fvp script SCENARIO\n"
		"       mica-fvp --version | --help\n");
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr, 2);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return usage(stdout, 0);
	if (strcmp(argv[1], "--version") == 0) {
		printf("mica-fvp %s\n", MICA_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "run") == 0)
		return fvp_cmd_run(argc - 1, argv + 1);
	if (strcmp(argv[1], "measure") == 0)
		return fvp_cmd_measure(argc - 1, argv + 1);
	if (strcmp(argv[1], "script") == 0)
		return fvp_cmd_script(argc - 1, argv + 1);
	fprintf(stderr, "mica-fvp: unknown command '%s'\n", argv[1]);
	return usage(stderr, 2);
}
