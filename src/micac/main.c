/*
 * main.c -- the micac command: check, and later compile, policy files.
 *
 * Exit status is a contract with build systems: 0 success (warnings
 * allowed), 1 the policy has errors, 2 usage or I/O error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/ast.h"
#include "mica/diag.h"
#include "mica/source.h"

enum { EXIT_OK = 0, EXIT_POLICY = 1, EXIT_USAGE = 2 };

static const char usage[] =
	"usage: micac check FILE...\n"
	"       micac --help | --version\n"
	"\n"
	"Commands:\n"
	"  check FILE...   parse and check policy files; print diagnostics\n"
	"\n"
	"Exit status: 0 success (warnings allowed), 1 the policy has errors,\n"
	"2 usage or I/O error. See micac(1) and mica(5).\n";

/* Runs the front end over one file; returns an exit status. */
static int check_file(const char *path)
{
	mica_source src;
	mica_diag d;
	mica_ast *ast;
	int status;

	if (mica_source_load(&src, path) != 0) {
		fprintf(stderr, "micac: cannot read %s: %s\n", path,
			strerror(errno));
		return EXIT_USAGE;
	}
	mica_diag_init(&d, &src, stderr);
	ast = mica_parse(&src, &d);
	status = d.errors ? EXIT_POLICY : EXIT_OK;
	mica_ast_free(ast);
	mica_source_free(&src);
	return status;
}

static int cmd_check(int argc, char **argv)
{
	int i, worst = EXIT_OK;

	if (argc < 1) {
		fputs("micac: check needs at least one FILE\n", stderr);
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < argc; i++) {
		int st = check_file(argv[i]);
		if (st > worst)
			worst = st;
	}
	return worst;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("micac %s (Mica policy language version 1)\n",
		       MICA_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "check") == 0)
		return cmd_check(argc - 2, argv + 2);
	fprintf(stderr, "micac: unknown command '%s'\n", argv[1]);
	fputs(usage, stderr);
	return EXIT_USAGE;
}
