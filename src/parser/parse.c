/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * parse.c -- run the scanner and parser over one source file, building
 * the tree (mica_parse) or handing each declaration to a consumer
 * (mica_parse_stream): one grammar, two consumers.
 */
#include <limits.h>
#include <string.h>

#include "mica/util.h"
#include "parse_state.h"
#include "parser.h"
#include "lexer.h"

/* Parses src into ps->ast, whose arena holds the nodes; names go to the
 * arena ps->names was set up on. */
static void run(mica_parse_state *ps, mica_source *src, mica_diag *d)
{
	yyscan_t scanner;
	int rc;

	ps->diag = d;
	ps->line = ps->column = 1;
	ps->realm_tail = &ps->ast->realms;
	ps->region_tail = &ps->ast->regions;
	ps->allow_tail = &ps->ast->allows;
	/* Lines, columns and flex's buffer offsets are 32-bit. */
	if (src->len > INT_MAX)
		mica_fatal("%s: file too large", src->name);
	ps->input = src;
	ps->input_off = 0;

	if (mica_lex_lex_init_extra(ps, &scanner) != 0)
		mica_fatal("cannot create scanner");
	rc = mica_yyparse(scanner, ps);
	mica_lex_lex_destroy(scanner);
	mica_intern_free(&ps->names);
	if (rc == 2)    /* bison's stack limit; the grammar never nests */
		mica_error_file(d, "input too deeply nested to parse");
	else if (rc != 0 && d->errors == 0)
		mica_error_file(d, "cannot parse this file");
}

mica_ast *mica_parse(mica_source *src, mica_diag *d)
{
	mica_parse_state ps;

	memset(&ps, 0, sizeof ps);
	ps.ast = mica_xcalloc(1, sizeof *ps.ast);
	mica_intern_init(&ps.names, &ps.ast->arena);
	run(&ps, src, d);
	return ps.ast;
}

void mica_parse_stream(mica_source *src, mica_diag *d, mica_arena *names,
		       const mica_decl_sink *sink, mica_ast *hdr)
{
	mica_parse_state ps;
	mica_ast scratch;

	memset(&ps, 0, sizeof ps);
	memset(&scratch, 0, sizeof scratch);
	ps.ast = &scratch;
	ps.sink = sink;
	mica_intern_init(&ps.names, names);
	ps.names.header = MICA_NAME_SLOT;
	run(&ps, src, d);
	mica_arena_free(&scratch.arena);
	*hdr = scratch;
	memset(&hdr->arena, 0, sizeof hdr->arena);
	hdr->realms = NULL;
	hdr->regions = NULL;
	hdr->allows = NULL;
}
