/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * main.c -- the mica-fvp command (man/mica-fvp.1): run a policy's
 * pipeline on the model, measure its images, or play a scenario.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "mica/cmdline.h"

static const char usage[] =
	"usage: mica-fvp run POLICY.mica --out DIR [--adopt-measurements]\n"
	"                    [--memory SIZE] [--quiet] [--fault FAULT]\n"
	"       mica-fvp measure POLICY.mica\n"
	"       mica-fvp script SCENARIO [--verbose]\n"
	"       mica-fvp --version | --help\n"
	"\n"
	"Commands:\n"
	"  run        deploy, attest, run and check a policy's pipeline\n"
	"  measure    print each realm's image measurement under the model\n"
	"  script     play a scenario step by step, checking each outcome\n"
	"\n"
	"'mica-fvp COMMAND --help' for a command's options; see mica-fvp(1).\n";

int fvp_getopt(int argc, char **argv, const char *shorts,
	       const struct option *longs, const char *text)
{
	return mica_getopt("mica-fvp", argc, argv, shorts, longs, text);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, stdout);
		return 0;
	}
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
	fputs(usage, stderr);
	return 2;
}
