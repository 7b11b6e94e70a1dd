/*
 * unit.c -- take one policy file through parse, lower and check.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "mica/blob.h"

/* Who is speaking in I/O errors: micac, or a tool built on this file. */
const char *micac_progname = "micac";

int micac_unit_load(micac_unit *u, const char *path, micac_stage stage)
{
	memset(u, 0, sizeof *u);
	if (mica_source_load(&u->src, path) != 0) {
		fprintf(stderr, "%s: cannot read %s: %s\n", micac_progname, path,
			strerror(errno));
		return MICAC_USAGE;
	}
	mica_diag_init(&u->diag, &u->src, stderr);
	u->ast = mica_parse(&u->src, &u->diag);
	/* Semantic checks on a tree with syntax errors only cascade. */
	if (u->diag.errors == 0 && stage >= MICAC_TO_CHECK)
		u->ir = mica_lower(u->ast, &u->diag);
	u->front_errors = u->diag.errors;
	if (u->ir) {
		mica_check(u->ir, &u->diag);
		/* What blobs need beyond the language: check says all that
		 * compile would refuse, so the two always agree. */
		if (u->front_errors == 0)
			mica_backend_check(u->ir, &u->diag);
	}
	return u->diag.errors ? MICAC_POLICY : MICAC_OK;
}

void micac_unit_free(micac_unit *u)
{
	mica_ir_free(u->ir);
	mica_ast_free(u->ast);
	mica_source_free(&u->src);
	memset(u, 0, sizeof *u);
}
