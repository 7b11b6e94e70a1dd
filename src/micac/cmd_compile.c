/*
 * cmd_compile.c -- micac compile FILE -o DIR: one blob per Realm and the
 * verifier's reference values.
 *
 * All or nothing: the policy is checked and every output built in memory
 * before the first byte reaches DIR (mica_write_outputs).
 */
#include <stdio.h>
#include <string.h>

#include "mica/blob.h"
#include "commands.h"

int micac_compile(int argc, char **argv)
{
	const char *file = NULL, *dir = NULL;
	mica_unit u;
	mica_outputs out;
	int st;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc && !dir) {
			dir = argv[++i];
		} else if (argv[i][0] == '-' || file) {
			fprintf(stderr, "micac: compile: unexpected argument "
				"'%s'\n", argv[i]);
			return MICAC_USAGE;
		} else {
			file = argv[i];
		}
	}
	if (!file || !dir || !*dir) {
		fputs("micac: usage: micac compile FILE -o DIR\n", stderr);
		return MICAC_USAGE;
	}

	st = mica_unit_load(&u, file, MICA_TO_CHECK, "micac");
	if (st == MICAC_USAGE)
		return st;
	if (st == MICAC_OK && mica_unit_compile(&u, &out) != MICAC_OK)
		st = MICAC_POLICY;
	mica_unit_free(&u);
	if (st != MICAC_OK)
		return st;
	if (mica_write_outputs(dir, out.files, out.n) != 0)
		st = MICAC_USAGE;
	mica_outputs_free(&out);
	return st;
}
