/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * parse_state.h -- state shared by the scanner and the parser of one file.
 *
 * The scanner is reentrant and the parser pure: everything they share
 * lives here, reached through the scanner's extra data and the parser's
 * parse-param, so several files can be parsed at once.
 */
#ifndef MICA_PARSE_STATE_H
#define MICA_PARSE_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include "mica/arena.h"
#include "mica/ast.h"

typedef struct mica_parse_state {
	mica_diag *diag;
	mica_ast *ast;                  /* filled as declarations reduce */
	mica_interns names;             /* every name, in ast->arena */
	mica_source *input;             /* what the scanner reads, */
	size_t input_off;               /* from here on (YY_INPUT) */
	mica_realm **realm_tail;        /* where the next realm goes */
	mica_region **region_tail;
	mica_allow **allow_tail;
	/* When set, finished declarations go to it instead of the tree,
	 * whose arena is then a scratch arena reset after each one. */
	const mica_decl_sink *sink;
	uint32_t line, column;          /* scanner position, 1-based */
	mica_loc comment_start;         /* open block comment */
	/* When set, each comment's span (its first byte through its last,
	 * a line comment's newline excluded) is handed to it before the
	 * token that follows: the formatter keeps comments. */
	void (*comment)(void *ctx, mica_loc span);
	void *comment_ctx;
	mica_loc last;                  /* the token last handed over */
	mica_loc before_last;           /* and the one before it */
	char keyword[16];               /* text of a misused keyword */
	mica_loc brace[64];             /* open braces, for notes at EOF */
	unsigned nbrace;
	bool at_eof;                    /* the scanner returned end of file */
	/* Tokens read ahead of the parser, oldest first: the wrapper peeks
	 * one token to tell `realm b {` (a new declaration, so a `}` was
	 * forgotten) from `realm: r @ 0;` (a keyword misused as subject). */
	struct mica_pending {
		int tok;
		mica_loc loc;
		unsigned char val[96];  /* a MICA_YYSTYPE */
	} pending[2];
	unsigned npending;
} mica_parse_state;

/* Builds a location for the text [first, first + len) at line/column. */
mica_loc mica_loc_at(uint32_t line, uint32_t column, uint32_t len);

#endif
