/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_frontend.c -- libFuzzer target for the front end and checker.
 *
 * Each input is a whole .mica file, taken through the stages exactly as
 * `micac check` takes it (src/micac/unit.c): parse; when the parse is
 * clean, lower to the IR and run every check. Diagnostics go to
 * /dev/null, so the diagnostic printer (source line, caret, UTF-8
 * handling) is fuzzed too, with the default error cap. Everything is
 * freed, so LeakSanitizer sees any leak on the error recovery paths.
 * Crashes, sanitizer reports, leaks, exit() (mica_fatal) and hangs are
 * all findings: the spec says micac never crashes or hangs on bad input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "mica/ast.h"
#include "mica/diag.h"
#include "mica/ir.h"
#include "mica/source.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	if (!devnull) {
		perror("fuzz_frontend: /dev/null");
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mica_source src;
	mica_diag d;
	mica_ast *ast;
	mica_ir *ir = NULL;

	if (mica_source_from_mem(&src, "fuzz.mica", (const char *)data,
				 size) != 0)
		return 0;       /* larger than any policy we accept */
	mica_diag_init(&d, &src, devnull);
	ast = mica_parse(&src, &d);
	/* As micac: semantic checks on a tree with syntax errors only
	 * cascade, so they run on clean parses only. */
	if (ast && d.errors == 0)
		ir = mica_lower(ast, &d);
	if (ir)
		mica_check(ir, &d);
	mica_ir_free(ir);
	mica_ast_free(ast);
	mica_source_free(&src);
	return 0;
}
