/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * parse.c -- run the scanner and parser over one source file.
 */
#include <limits.h>
#include <string.h>

#include "mica/util.h"
#include "parse_state.h"
#include "parser.h"
#include "lexer.h"

mica_ast *mica_parse(mica_source *src, mica_diag *d)
{
	mica_parse_state ps;
	yyscan_t scanner;
	int rc;

	memset(&ps, 0, sizeof ps);
	ps.diag = d;
	ps.line = ps.column = 1;
	ps.ast = mica_xcalloc(1, sizeof *ps.ast);
	ps.realm_tail = &ps.ast->realms;
	ps.region_tail = &ps.ast->regions;
	ps.allow_tail = &ps.ast->allows;

	mica_intern_init(&ps.names, &ps.ast->arena);
	/* Lines, columns and flex's buffer offsets are 32-bit. */
	if (src->len > INT_MAX)
		mica_fatal("%s: file too large", src->name);
	ps.input = src->text;
	ps.input_left = src->len;

	if (mica_lex_lex_init_extra(&ps, &scanner) != 0)
		mica_fatal("cannot create scanner");
	rc = mica_yyparse(scanner, &ps);
	mica_lex_lex_destroy(scanner);
	mica_intern_free(&ps.names);
	if (rc == 2)    /* bison's stack limit; the grammar never nests */
		mica_error_file(d, "input too deeply nested to parse");
	else if (rc != 0 && d->errors == 0)
		mica_error_file(d, "cannot parse this file");
	return ps.ast;
}
