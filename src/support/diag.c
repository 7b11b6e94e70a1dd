/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * diag.c -- print diagnostics with the offending source line and a caret.
 *
 * The source line is shown as the tenant would see it in an editor, made
 * safe for a terminal: control bytes and invalid UTF-8 print as '?', so a
 * diagnostic about binary garbage is still one readable line, and the
 * caret line stays aligned (tabs are copied, UTF-8 sequences count as one
 * column). Very long lines are shown as a window around the span.
 *
 * The engine (report) counts, caps and formats; a sink receives each
 * message whole (mica/diag.h). The printing sink is mica_diag_write.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/diag.h"
#include "mica/textout.h"

#define WINDOW 72       /* bytes of context shown around a span */

/* Prints bytes [from, to) of a line made terminal-safe; if caret is set,
 * prints the caret line for the span [c0, c1) instead. */
static void show(FILE *out, const unsigned char *line, size_t from,
		 size_t to, int caret, size_t c0, size_t c1)
{
	size_t i = from;

	while (i < to) {
		size_t n = line[i] == '\t' ? 1 : mica_utf8_len(line + i, to - i);
		int safe = n > 1 || (n == 1 && (line[i] == '\t' ||
				     (line[i] >= 0x20 && line[i] < 0x7F)));
		if (!safe)
			n = 1;
		if (caret) {
			char c = i < c0 ? ' ' : i == c0 ? '^' : '~';
			if (i >= c1)
				break;
			fputc(line[i] == '\t' && i < c0 ? '\t' : c, out);
		} else if (safe) {
			fwrite(line + i, 1, n, out);
		} else {
			fputc('?', out);
		}
		i += n;
	}
	if (caret && c0 >= to)
		fputc('^', out);   /* a span at end of line (a missing token) */
}

/* gcc's colours (its default GCC_COLORS). */
#define C_LOCUS   "\033[01m\033[K"
#define C_CARET   "\033[01;32m\033[K"
#define C_FIXIT   "\033[32m\033[K"
#define C_RESET   "\033[m\033[K"

/* The span [*c0, *c1) of m on its line and the window [*from, *to) of
 * the line that is shown. */
static void span(const mica_diag_msg *m, size_t *c0, size_t *c1,
		 size_t *from, size_t *to)
{
	size_t len = m->line_len;
	mica_loc loc = m->loc;

	*c0 = loc.first_column ? loc.first_column - 1 : 0;
	if (*c0 > len)
		*c0 = len;
	*c1 = loc.last_line == loc.first_line ? loc.last_column : len;
	if (*c1 > len)
		*c1 = len;
	*from = 0;
	*to = len;
	if (len > 2 * WINDOW) {     /* a huge line: show a window */
		*from = *c0 > WINDOW / 2 ? *c0 - WINDOW / 2 : 0;
		*to = *from + 2 * WINDOW < len ? *from + 2 * WINDOW : len;
		if (*c1 > *to)
			*c1 = *to;
	}
}

/* The excerpt of m->line under its header, with the caret line. */
static void excerpt(FILE *out, const mica_diag_msg *m, bool color)
{
	const unsigned char *line = (const unsigned char *)m->line;
	size_t len = m->line_len, c0, c1, from, to;

	span(m, &c0, &c1, &from, &to);
	if (c1 <= c0)
		c1 = c0 + 1;
	fprintf(out, "%5u | %s", m->loc.first_line, from ? "..." : "");
	show(out, line, from, to, 0, 0, 0);
	fprintf(out, "%s\n      | %s", to < len ? "..." : "",
		from ? "   " : "");
	if (color)
		fputs(C_CARET, out);
	show(out, line, from, to, 1, c0, c1);
	if (color)
		fputs(C_RESET, out);
	fputc('\n', out);
}

/* A fix-it as gcc shows one, under the caret line of the message before:
 * the new text aligned on the span it replaces, or '-' under each byte
 * a deletion removes. The text is the policy's own (ASCII). */
static void fixit_line(FILE *out, const mica_diag_msg *m, bool color)
{
	const unsigned char *line = (const unsigned char *)m->line;
	size_t c0, c1, from, to, i;

	fputs("      | ", out);
	if (line) {
		span(m, &c0, &c1, &from, &to);
		if (from)
			fputs("   ", out);
		if (c0 >= from && c0 <= to)    /* pad as show() does */
			for (i = from; i < c0; i++)
				if (line[i] == '\t' || (line[i] & 0xC0) != 0x80)
					fputc(line[i] == '\t' ? '\t' : ' ', out);
	} else {
		c0 = c1 = 0;
	}
	if (color)
		fputs(C_FIXIT, out);
	if (m->fix[0])
		fputs(m->fix, out);
	else
		for (i = c0; i < c1; i++)
			fputc('-', out);
	if (color)
		fputs(C_RESET, out);
	fputc('\n', out);
}

void mica_diag_write_color(FILE *out, const mica_diag_msg *m, bool color)
{
	static const char *const word[] = { "error", "warning", "note" };
	static const char *const hue[] = {
		"\033[01;31m\033[K", "\033[01;35m\033[K",
		"\033[01;36m\033[K"
	};

	if (m->hop)
		return;
	if (m->fix) {
		fixit_line(out, m, color);
		return;
	}
	if (color)
		fputs(C_LOCUS, out);
	if (m->loc.first_line)
		fprintf(out, "%s:%u:%u:", m->file, m->loc.first_line,
			m->loc.first_column);
	else
		fprintf(out, "%s:", m->file);
	fprintf(out, "%s %s%s:%s %s\n", color ? C_RESET : "",
		color ? hue[m->sev] : "", word[m->sev], color ? C_RESET : "",
		m->text);
	if (m->line && m->loc.first_line && !m->brief)
		excerpt(out, m, color);
}

void mica_diag_write(FILE *out, const mica_diag_msg *m)
{
	mica_diag_write_color(out, m, false);
}

static void print_sink(void *ctx, const mica_diag_msg *m)
{
	mica_diag_write((FILE *)ctx, m);
}

void mica_diag_init(mica_diag *d, mica_source *src, FILE *out)
{
	memset(d, 0, sizeof *d);
	d->src = src;
	d->out = out;
	d->max_errors = MICA_MAX_ERRORS_DEFAULT;
	d->sink = print_sink;
	d->sink_ctx = out;
}

void mica_diag_set_sink(mica_diag *d, mica_diag_sink sink, void *ctx)
{
	d->sink = sink;
	d->sink_ctx = ctx;
}

/* Hands one message to the sink. The printing sink follows d->out,
 * which tests may swap after init. */
static void emit(mica_diag *d, mica_diag_msg *m)
{
	m->file = d->src ? d->src->name : "";
	if (d->sink == print_sink) {
		if (d->out)
			mica_diag_write_color(d->out, m, d->color);
	} else {
		d->sink(d->sink_ctx, m);
	}
}

static void report(mica_diag *d, mica_severity sev, const mica_loc *loc,
		   int show_line, const char *fmt, va_list ap)
	MICA_PRINTF(5, 0);

/* show_line: 1 with the excerpt, 0 without, -1 a hop. */
static void report(mica_diag *d, mica_severity sev, const mica_loc *loc,
		   int show_line, const char *fmt, va_list ap)
{
	mica_diag_msg m;
	char small[512], *text = small;
	va_list aq;
	int n;

	if (sev == MICA_WARNING && d->werror)
		sev = MICA_ERROR;
	if (sev == MICA_NOTE) {
		if (!d->last_shown)
			return;
	} else {
		if (sev == MICA_ERROR)
			d->errors++;
		else
			d->warnings++;
		d->last_shown = false;
		if (d->capped)
			return;
		if (sev == MICA_ERROR && d->max_errors &&
		    d->errors > d->max_errors) {
			char stop[64];
			d->capped = true;
			snprintf(stop, sizeof stop, "too many errors (%u), "
				 "stopping", d->max_errors);
			memset(&m, 0, sizeof m);
			m.sev = MICA_NOTE;
			m.text = stop;
			m.stop = true;
			emit(d, &m);
			return;
		}
		d->last_shown = true;
	}
	memset(&m, 0, sizeof m);
	m.sev = sev;
	if (sev != MICA_NOTE)
		m.rule = mica_diag_rule_get(mica_diag_rule_index(fmt))->id;
	if (loc)
		m.loc = *loc;
	/* A message longer than small goes to the heap; if that fails it
	 * is shown cut short rather than not at all. */
	va_copy(aq, ap);
	n = vsnprintf(small, sizeof small, fmt, aq);
	va_end(aq);
	if (n >= (int)sizeof small) {
		char *big = malloc((size_t)n + 1);
		if (big) {
			vsnprintf(big, (size_t)n + 1, fmt, ap);
			text = big;
		}
	}
	m.text = n < 0 ? "" : text;
	m.brief = show_line != 1;
	m.hop = show_line < 0;
	if (loc && loc->first_line && d->src)
		m.line = mica_source_line(d->src, loc->first_line,
					  &m.line_len);
	emit(d, &m);
	if (text != small)
		free(text);
}

#define REPORT(sev, locp, show)                         \
	do {                                            \
		va_list ap;                             \
		va_start(ap, fmt);                      \
		report(d, sev, locp, show, fmt, ap);    \
		va_end(ap);                             \
	} while (0)

void mica_error(mica_diag *d, mica_loc loc, const char *fmt, ...)
{
	REPORT(MICA_ERROR, &loc, 1);
}

void mica_warning(mica_diag *d, mica_loc loc, const char *fmt, ...)
{
	REPORT(MICA_WARNING, &loc, 1);
}

void mica_note(mica_diag *d, mica_loc loc, const char *fmt, ...)
{
	REPORT(MICA_NOTE, &loc, 1);
}

void mica_note_brief(mica_diag *d, mica_loc loc, const char *fmt, ...)
{
	REPORT(MICA_NOTE, &loc, 0);
}

void mica_note_hop(mica_diag *d, mica_loc loc, const char *fmt, ...)
{
	REPORT(MICA_NOTE, &loc, -1);
}

void mica_error_file(mica_diag *d, const char *fmt, ...)
{
	REPORT(MICA_ERROR, NULL, 0);
}

void mica_fixit(mica_diag *d, mica_loc loc, const char *text)
{
	mica_diag_msg m;

	if (!d->last_shown || !loc.first_line)
		return;     /* it goes with its message */
	memset(&m, 0, sizeof m);
	m.sev = MICA_NOTE;
	m.loc = loc;
	m.loc.last_line = loc.first_line;
	m.fix = text;
	if (d->src)
		m.line = mica_source_line(d->src, loc.first_line, &m.line_len);
	emit(d, &m);
}

void mica_fixit_insert(mica_diag *d, uint32_t line, uint32_t column,
		       const char *text)
{
	mica_loc loc = { line, column, line, column - 1 };

	mica_fixit(d, loc, text);
}
