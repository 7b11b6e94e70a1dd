/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * main.c -- the micac command: dispatch to a subcommand.
 *
 * Exit status is a contract with build systems: 0 success (warnings
 * allowed), 1 the policy has errors, 2 usage or I/O error.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const char usage[] =
	"usage: micac check [-Werror] [--max-errors=N] FILE...\n"
	"                   [--diagnostics-format=text|json|sarif]\n"
	"                   [--color=auto|always|never]\n"
	"       micac --dump=ast|ir FILE [--color=WHEN]\n"
	"       micac graph FILE [-o OUT] [-T dot|svg|png] [--color=WHEN]\n"
	"       micac compile [-Werror] [--max-errors=N] FILE -o DIR "
	"[--depfile DEP]\n"
	"       micac compile FILE -o DIR --list-outputs\n"
	"       micac compile FILE -o DIR [--sign-key KEY]\n"
	"       micac compile ... [--diagnostics-format=FMT] [--color=WHEN]\n"
	"       micac dump BLOB [--json]\n"
	"       micac verify --token TOKEN --platform-key KEY "
	"[--challenge HEX]\n"
	"                    [--reference REF]... [--require-all]\n"
	"                    [--min-version [NAME=]N]... [--revoked FILE]\n"
	"                    [--reference-key KEY] [--ear EAR [--ear-key KEY]]\n"
	"       micac inspect TOKEN [--json]\n"
	"       micac lsp [--stdio]\n"
	"       micac fmt [--check | -w | --diff] FILE...\n"
	"       micac explain FILE REALM [TARGET] [--json]\n"
	"       micac diff OLD.mica NEW.mica [--json]\n"
	"       micac --help | --version\n"
	"\n"
	"Commands:\n"
	"  check FILE...     parse and check policy files; print diagnostics\n"
	"  --dump=ast FILE   print the syntax tree of a file that parses\n"
	"  --dump=ir FILE    print the checked intermediate form\n"
	"  graph FILE        write the information-flow graph (Graphviz)\n"
	"  compile FILE -o DIR\n"
	"                    write DIR/<realm>.blob, DIR/reference.json and\n"
	"                    the CoRIMs DIR/reference.corim, DIR/mica.corim\n"
	"  dump BLOB         decode a policy blob (--json for JSON)\n"
	"  verify            verify a CCA attestation token: both signatures,\n"
	"                    the claims, the realm key binding (1: not verified)\n"
	"  inspect TOKEN     print every claim of a CCA token (--json for JSON)\n"
	"  lsp               serve the Language Server Protocol on standard\n"
	"                    input and output (--stdio: the same)\n"
	"  fmt FILE...       print policy files in the canonical layout;\n"
	"                    --check lists those not in it, -w rewrites them,\n"
	"                    --diff shows the changes\n"
	"  explain FILE REALM [TARGET]\n"
	"                    what REALM's data can reach, hop by hop, or why\n"
	"                    it does not reach TARGET (--json for JSON)\n"
	"  diff OLD NEW      the semantic difference of two policies and its\n"
	"                    consequences (1: they differ; --json for JSON)\n"
	"\n"
	"Options of check and compile: -Werror makes warnings errors;\n"
	"--max-errors=N prints at most N errors per file (default 20, 0 no\n"
	"limit); --diagnostics-format=json|sarif prints one JSON or SARIF\n"
	"2.1.0 document on standard output instead of text; --color=WHEN\n"
	"(auto, always, never) colours text diagnostics, also on graph and\n"
	"--dump (auto: stderr is a terminal and NO_COLOR is unset or empty).\n"
	"compile --depfile DEP writes a make rule from the outputs to\n"
	"FILE; --list-outputs prints the outputs' paths and writes nothing.\n"
	"verify --reference REF checks the realms against compile's\n"
	"reference.json; --require-all wants every realm of REF in the group.\n"
	"verify takes up to 16 --reference (a rollout, a joined policy);\n"
	"--min-version [NAME=]N refuses older policy versions; --revoked FILE\n"
	"refuses revoked images, blobs, workflows and versions.\n"
	"compile --sign-key KEY also writes the CoRIMs signed (NAME.cose);\n"
	"verify --reference takes them too (a signed one with --reference-key\n"
	"KEY); verify --ear EAR writes an EAT Attestation Result, --ear-key\n"
	"KEY signs it as a JWT.\n"
	"FILE '-' is standard input; '--' ends the options. Each command takes\n"
	"--help.\n"
	"\n"
	"Exit status: 0 success (warnings allowed), 1 the policy has errors,\n"
	"2 usage or I/O error. See micac(1), mica(5) and mica-blob(5).\n";

int micac_dump_stage(const char *stage, int argc, char **argv);

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int, char **);
	} commands[] = {
		{ "check", micac_check },
		{ "graph", micac_graph },
		{ "compile", micac_compile },
		{ "dump", micac_dump },
		{ "verify", micac_verify },
		{ "inspect", micac_inspect },
		{ "lsp", micac_lsp },
		{ "fmt", micac_fmt },
		{ "explain", micac_explain },
		{ "diff", micac_diff },
	};
	size_t i;

	if (argc < 2) {
		fputs(usage, stderr);
		return MICAC_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, stdout);
		return MICAC_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("micac %s (Mica policy language version 1)\n",
		       MICA_VERSION);
		return MICAC_OK;
	}
	if (strncmp(argv[1], "--dump=", 7) == 0)
		return micac_dump_stage(argv[1] + 7, argc - 1, argv + 1);
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "micac: unknown command '%s'\n", argv[1]);
	fputs(usage, stderr);
	return MICAC_USAGE;
}
