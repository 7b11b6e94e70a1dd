/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * layout.c -- the canonical layout of a .mica file (micac(1), FMT).
 *
 * The items (tokens and comments, scan.c) are written in source order,
 * each as spelled; only the whitespace before each one is chosen here:
 *
 *   - a declaration per line group: `policy ...;` then `hash ...;` on
 *     the next line, then one blank line before every declaration;
 *   - `{` ends its line, each item of a block on its own line indented
 *     two spaces, `}` alone on a line; blank lines between items are
 *     kept (one at most), never right after `{`;
 *   - within a region, the colons of subject lines (a Realm or `any`)
 *     follow their subjects and the rights are aligned one column past
 *     the longest subject's colon; `host:` lines take one space;
 *   - one space between tokens, none before `;`, `,` and an access
 *     line's `:`, none around `..`;
 *   - a comment on the line of the token before it stays at the end of
 *     that line; any other comment stays on its own line before the item
 *     that follows it, at that item's indentation (a comment before a
 *     block's `}` stays inside the block); blank lines around comments
 *     are kept, one at most;
 *   - a line comment inside a statement breaks it: the rest continues
 *     on the next line, indented four more spaces.
 *
 * The file parsed, so the tokens follow the grammar (mica(5)) and this
 * tracks no more of it than the layout needs.
 */
#include <string.h>

#include "fmt.h"
#include "parse_state.h"
#include "parser.h"

/* The whitespace before an item. KEEP: a line break, or a blank line if
 * the source had one there. */
enum brk { GLUE, SPACE, NL, KEEP, BLANK };

typedef struct lay {
	FILE *out;
	const char *text;
	const mica_fmt_items *items;
	int depth;            /* 0 at top level, 1 inside a block */
	bool at_start;        /* the next token starts a statement or item */
	int stmt;             /* the first token of the current declaration */
	bool after_open;      /* nothing but trailing comments since `{` */
	bool need_nl;         /* the last thing written must end its line */
	bool written;         /* something was written */
	size_t pad;           /* widest subject of the current region */
	size_t subject;       /* this access line's subject width; 0: host */
	int prev;             /* the token written last */
} lay;

/* Where and how a token goes. */
typedef struct plan {
	enum brk brk;
	unsigned indent;      /* spaces, when it starts a line */
	size_t spaces;        /* before it, when it does not (SPACE) */
	bool line_start;      /* starts a statement, an item or is `}` */
} plan;

static const mica_fmt_item *item(const lay *l, size_t i)
{
	return &l->items->v[i];
}

/* The widest subject of the region whose `{` is item i: items follow
 * `{` or `;` up to the matching `}` (blocks do not nest). */
static size_t region_pad(const lay *l, size_t i)
{
	size_t w = 0, j;
	bool start = true;

	for (j = i + 1; j < l->items->n; j++) {
		const mica_fmt_item *x = item(l, j);
		if (x->tok == 0)
			continue;
		if (x->tok == '}')
			break;
		if (start && (x->tok == IDENT || x->tok == ANY) && x->len > w)
			w = x->len;
		start = x->tok == ';';
	}
	return w;
}

static plan plan_token(lay *l, const mica_fmt_item *x)
{
	plan p = { SPACE, (unsigned)l->depth * 2 + 4, 1, false };
	int t = x->tok;

	if (l->depth == 0 && l->at_start) {
		p.brk = !l->written ? GLUE : t == HASH ? NL : BLANK;
		p.indent = 0;
		p.line_start = true;
	} else if (l->at_start) {
		p.brk = t == '}' || l->after_open ? NL : KEEP;
		p.indent = t == '}' ? 0 : 2;
		p.line_start = true;
	} else if (t == ';' || t == ',' || t == DOTDOT || l->prev == DOTDOT ||
		   (t == ':' && l->depth == 1)) {
		p.brk = GLUE;
	} else if (l->prev == ':' && l->depth == 1 && l->subject) {
		p.spaces = 1 + l->pad - l->subject;
	}
	return p;
}

/* After token i is written. */
static void advance(lay *l, size_t i)
{
	const mica_fmt_item *x = item(l, i);
	int t = x->tok;

	if (l->at_start) {
		if (l->depth == 0)
			l->stmt = t;
		else
			l->subject = t == IDENT || t == ANY ? x->len : 0;
	}
	l->at_start = t == ';' || t == '{' || t == '}';
	l->after_open = t == '{';
	if (t == '{') {
		l->depth = 1;
		l->pad = l->stmt == REGION ? region_pad(l, i) : 0;
	} else if (t == '}') {
		l->depth = 0;
	}
	l->prev = t;
}

static void put_break(lay *l, enum brk b, unsigned indent, size_t spaces)
{
	if (!l->written)
		return;
	if (b == GLUE || b == SPACE) {
		while (b == SPACE && spaces--)
			fputc(' ', l->out);
		return;
	}
	fputs(b == BLANK ? "\n\n" : "\n", l->out);
	while (indent--)
		fputc(' ', l->out);
}

/* A comment as written, without the blanks that end its lines (nor the
 * carriage returns of CRLF files). */
static void put_comment(lay *l, const mica_fmt_item *x)
{
	const char *s = l->text + x->off, *end = s + x->len;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl ? nl : end;
		while (e > s && strchr(" \t\r\f\v", e[-1]))
			e--;
		fwrite(s, 1, (size_t)(e - s), l->out);
		if (!nl)
			break;
		fputc('\n', l->out);
		s = nl + 1;
	}
}

/* The comments of items [a, b), before a token planned as p (or the end
 * of the file). Returns whether any stood on a line of its own. */
static bool put_comments(lay *l, size_t a, size_t b, const plan *p)
{
	bool leading = false;
	size_t i;

	for (i = a; i < b; i++) {
		const mica_fmt_item *x = item(l, i);
		if (l->written && x->nl == 0) {
			fputc(' ', l->out);           /* ends the line above */
		} else {
			enum brk k = x->nl >= 2 ? BLANK : NL;
			unsigned ind = p->indent;
			if (!p->line_start)
				k = NL;               /* inside a statement */
			else if (!leading && p->brk == BLANK)
				k = BLANK;
			else if (l->after_open)
				k = NL;
			if (p->line_start && l->depth == 1 &&
			    l->at_start)
				ind = 2;              /* inside the block */
			put_break(l, k, ind, 0);
			leading = true;
			l->after_open = false;
		}
		put_comment(l, x);
		l->written = true;
		l->need_nl = true;
		if (x->block && x->nl == 0 && !leading)
			l->need_nl = false;   /* a trailing block comment */
	}
	return leading;
}

void mica_fmt_layout(FILE *out, const char *text, const mica_fmt_items *items)
{
	lay l;
	size_t i, from = 0;

	memset(&l, 0, sizeof l);
	l.out = out;
	l.text = text;
	l.items = items;
	l.at_start = true;
	for (i = 0; i < items->n; i++) {
		const mica_fmt_item *x = item(&l, i);
		plan p;
		enum brk b;

		if (x->tok == 0)
			continue;
		p = plan_token(&l, x);
		b = p.brk;
		l.need_nl = false;
		if (put_comments(&l, from, i, &p))
			b = !p.line_start ? NL
			    : x->nl >= 2 && x->tok != '}' ? BLANK : NL;
		else if (l.need_nl && b < NL)
			b = NL;
		if (b == KEEP)
			b = x->nl >= 2 ? BLANK : NL;
		put_break(&l, b, p.indent, p.spaces);
		fwrite(text + x->off, 1, x->len, out);
		l.written = true;
		advance(&l, i);
		from = i + 1;
	}
	{
		plan end = { NL, 0, 0, true };
		put_comments(&l, from, items->n, &end);
	}
	if (l.written)
		fputc('\n', out);
}
