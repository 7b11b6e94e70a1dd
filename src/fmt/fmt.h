/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fmt.h -- the formatter behind `micac fmt` and mica_format (mica/mica.h).
 *
 * It works from the token stream with the comments (the scanner's
 * trivia hook, lexer.l), never from the syntax tree, so that every token
 * keeps its spelling (0x1000 stays hex, 8 KiB keeps its unit, digests
 * keep their case) and every comment survives. Only the whitespace
 * between tokens and comments changes; format.c checks that the output
 * scans to the same tokens and comments before handing it out.
 */
#ifndef MICA_FMT_H
#define MICA_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "mica/diag.h"
#include "mica/source.h"

/* One token or comment of the source, in source order. */
typedef struct mica_fmt_item {
	int tok;           /* the parser's token number; 0: a comment */
	bool block;        /* a comment written with slash-star */
	size_t off, len;   /* its bytes in the source text */
	unsigned nl;       /* newlines between the item before and this */
} mica_fmt_item;

typedef struct mica_fmt_items {
	mica_fmt_item *v;
	size_t n, cap;
} mica_fmt_items;

/* Scans src's tokens and comments into items (scan.c). The source must
 * have parsed without errors: the scan reports nothing. */
void mica_fmt_scan(mica_source *src, mica_fmt_items *items);
void mica_fmt_items_free(mica_fmt_items *items);

/* Writes the canonical layout of the items of text on out (layout.c).
 * The items must be those of a file that parses. */
void mica_fmt_layout(FILE *out, const char *text, const mica_fmt_items *items);

/* Parses src (syntax errors to d), then formats it into a malloc'd,
 * NUL-terminated *out of *outlen bytes (format.c). Returns MICA_EXIT_OK,
 * MICA_EXIT_POLICY when src has syntax errors (*out NULL), or
 * MICA_EXIT_USAGE when out of memory. */
int mica_fmt_source(mica_source *src, mica_diag *d, char **out,
		    size_t *outlen);

/* Writes a unified diff (3 lines of context) from a to b on out, with
 * the headers "--- name_a" and "+++ name_b"; nothing when they are
 * equal. Returns whether they differ (diff.c). */
bool mica_fmt_diff(FILE *out, const char *name_a, const char *a, size_t alen,
		   const char *name_b, const char *b, size_t blen);

#endif
