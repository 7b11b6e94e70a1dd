/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * scan.c -- a source's tokens and comments, in order, with the newlines
 * between them: what the layout works from.
 *
 * The scanner is the parser's own (lexer.l), run alone with its trivia
 * hook set, so the formatter sees exactly the tokens the parser sees.
 * Tokens never span lines (lexer.l), so a location's line and columns
 * give its bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/util.h"
#include "ast_build.h"
#include "fmt.h"
#include "parse_state.h"
#include "parser.h"
#include "lexer.h"

typedef struct scan {
	mica_source *src;
	mica_fmt_items *items;
	size_t end;        /* offset just past the last item */
} scan;

static size_t offset_of(mica_source *src, uint32_t line, uint32_t column)
{
	size_t len;
	const char *p = mica_source_line(src, line, &len);

	return p ? (size_t)(p - src->text) + column - 1 : src->len;
}

static void push(scan *s, int tok, bool block, mica_loc loc)
{
	mica_fmt_items *it = s->items;
	size_t a = offset_of(s->src, loc.first_line, loc.first_column);
	size_t b = offset_of(s->src, loc.last_line, loc.last_column) + 1;
	mica_fmt_item *x;
	size_t i;

	if (it->n == it->cap) {
		it->cap = it->cap ? 2 * it->cap : 256;
		it->v = mica_xrealloc(it->v, it->cap * sizeof *it->v);
	}
	x = &it->v[it->n++];
	x->tok = tok;
	x->block = block;
	x->off = a;
	x->len = b > a ? b - a : 0;
	x->nl = 0;
	for (i = s->end; i < a; i++)
		x->nl += s->src->text[i] == '\n';
	s->end = b;
}

/* The source parsed: the scanner has nothing to say. */
static void quiet(void *ctx, const mica_diag_msg *m)
{
	(void)ctx;
	(void)m;
}

static void on_comment(void *ctx, mica_loc span)
{
	scan *s = ctx;
	size_t a = offset_of(s->src, span.first_line, span.first_column);

	push(s, 0, s->src->text[a + 1] == '*', span);
}

void mica_fmt_scan(mica_source *src, mica_fmt_items *items)
{
	mica_parse_state ps;
	mica_ast ast;
	yyscan_t scanner;
	MICA_YYSTYPE val;
	MICA_YYLTYPE loc;
	scan s = { src, items, 0 };
	mica_diag d;
	int tok;

	memset(items, 0, sizeof *items);
	memset(&ps, 0, sizeof ps);
	memset(&ast, 0, sizeof ast);
	mica_diag_init(&d, src, NULL);
	mica_diag_set_sink(&d, quiet, NULL);
	ps.diag = &d;
	ps.line = ps.column = 1;
	ps.ast = &ast;
	ps.input = src;
	ps.input_off = 0;
	ps.comment = on_comment;
	ps.comment_ctx = &s;
	mica_intern_init(&ps.names, &ast.arena);
	if (mica_lex_lex_init_extra(&ps, &scanner) != 0)
		mica_fatal("cannot create scanner");
	while ((tok = mica_lex_lex(&val, &loc, scanner)) != 0)
		push(&s, tok, false, loc);
	mica_lex_lex_destroy(scanner);
	mica_intern_free(&ps.names);
	mica_arena_free(&ast.arena);
}

void mica_fmt_items_free(mica_fmt_items *items)
{
	free(items->v);
	memset(items, 0, sizeof *items);
}
