/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * unit.c -- one policy file through the pipeline (mica/unit.h): the one
 * place where reading, parsing, lowering, checking and compiling are
 * chained, for micac's commands and mica-fvp alike.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mica/unit.h"

int mica_unit_load(mica_unit *u, const char *path, mica_stage stage,
		   const char *progname)
{
	memset(u, 0, sizeof *u);
	if ((stage >= MICA_TO_CHECK ? mica_source_open(&u->src, path)
				    : mica_source_load(&u->src, path)) != 0) {
		fprintf(stderr, "%s: cannot read %s: %s\n", progname, path,
			strerror(errno));
		return MICA_EXIT_USAGE;
	}
	mica_diag_init(&u->diag, &u->src, stderr);
	return mica_unit_process(u, stage);
}

int mica_unit_process(mica_unit *u, mica_stage stage)
{
	/* Checking needs no tree: one pass parses and lowers a clean file,
	 * in memory that does not grow with the tree. At any error it gives
	 * up silently, and the two passes below report. */
	if (stage >= MICA_TO_CHECK && u->diag.errors == 0)
		u->ir = mica_parse_lower(&u->src);
	if (!u->ir) {
		u->ast = mica_parse(&u->src, &u->diag);
		/* Semantic checks on a tree with syntax errors only
		 * cascade. */
		if (u->diag.errors == 0 && stage >= MICA_TO_CHECK)
			u->ir = mica_lower(u->ast, &u->diag);
	}
	u->front_errors = u->diag.errors;
	if (u->ir) {
		mica_check(u->ir, &u->diag);
		/* What blobs need beyond the language: check says all that
		 * compile would refuse, so the two always agree. */
		if (u->front_errors == 0)
			mica_backend_check(u->ir, &u->diag);
	}
	return u->diag.errors ? MICA_EXIT_POLICY : MICA_EXIT_OK;
}

int mica_unit_compile(mica_unit *u, mica_outputs *out)
{
	memset(out, 0, sizeof *out);
	if (u->ir == NULL || u->diag.errors != 0)
		return MICA_EXIT_POLICY;
	return mica_backend_emit(u->ir, &u->diag, out) ? MICA_EXIT_POLICY
						       : MICA_EXIT_OK;
}

int mica_unit_compile_to(mica_unit *u, mica_outputs *out, mica_emit_put put,
			 void *ctx)
{
	memset(out, 0, sizeof *out);
	if (u->ir == NULL || u->diag.errors != 0)
		return MICA_EXIT_POLICY;
	return mica_backend_emit_to(u->ir, &u->diag, out, put, ctx)
		? MICA_EXIT_POLICY : MICA_EXIT_OK;
}

void mica_unit_free(mica_unit *u)
{
	mica_ir_free(u->ir);
	mica_ast_free(u->ast);
	mica_source_free(&u->src);
	memset(u, 0, sizeof *u);
}
