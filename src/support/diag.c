/*
 * diag.c -- print diagnostics with the offending source line and a caret.
 *
 * The source line is shown as the tenant would see it in an editor, made
 * safe for a terminal: control bytes and invalid UTF-8 print as '?', so a
 * diagnostic about binary garbage is still one readable line, and the
 * caret line stays aligned (tabs are copied, UTF-8 sequences count as one
 * column). Very long lines are shown as a window around the span.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mica/diag.h"

#define WINDOW 72       /* bytes of context shown around a span */

void mica_diag_init(mica_diag *d, mica_source *src, FILE *out)
{
	memset(d, 0, sizeof *d);
	d->src = src;
	d->out = out;
	d->max_errors = MICA_MAX_ERRORS_DEFAULT;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

/* Prints bytes [from, to) of a line made terminal-safe; if caret is set,
 * prints the caret line for the span [c0, c1) instead. */
static void show(FILE *out, const unsigned char *line, size_t from,
		 size_t to, int caret, size_t c0, size_t c1)
{
	size_t i = from;

	while (i < to) {
		size_t n = line[i] == '\t' ? 1 : utf8_len(line + i, to - i);
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

static void excerpt(mica_diag *d, mica_loc loc)
{
	size_t len, c0, c1, from, to;
	const unsigned char *line;

	if (!d->src || loc.first_line == 0)
		return;
	line = (const unsigned char *)mica_source_line(d->src,
						       loc.first_line, &len);
	if (!line)
		return;
	c0 = loc.first_column ? loc.first_column - 1 : 0;
	if (c0 > len)
		c0 = len;
	c1 = loc.last_line == loc.first_line ? loc.last_column : len;
	if (c1 > len)
		c1 = len;
	if (c1 <= c0)
		c1 = c0 + 1;
	from = 0;
	to = len;
	if (len > 2 * WINDOW) {     /* a huge line: show a window */
		from = c0 > WINDOW / 2 ? c0 - WINDOW / 2 : 0;
		to = from + 2 * WINDOW < len ? from + 2 * WINDOW : len;
		if (c1 > to)
			c1 = to;
	}
	fprintf(d->out, "%5u | %s", loc.first_line, from ? "..." : "");
	show(d->out, line, from, to, 0, 0, 0);
	fprintf(d->out, "%s\n      | %s", to < len ? "..." : "",
		from ? "   " : "");
	show(d->out, line, from, to, 1, c0, c1);
	fputc('\n', d->out);
}

static void report(mica_diag *d, mica_severity sev, const mica_loc *loc,
		   bool show_line, const char *fmt, va_list ap)
	MICA_PRINTF(5, 0);

static void report(mica_diag *d, mica_severity sev, const mica_loc *loc,
		   bool show_line, const char *fmt, va_list ap)
{
	static const char *const word[] = { "error", "warning", "note" };

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
			d->capped = true;
			fprintf(d->out, "%s: note: too many errors (%u), "
				"stopping\n", d->src->name, d->max_errors);
			return;
		}
		d->last_shown = true;
	}
	if (loc && loc->first_line)
		fprintf(d->out, "%s:%u:%u: %s: ", d->src->name,
			loc->first_line, loc->first_column, word[sev]);
	else
		fprintf(d->out, "%s: %s: ", d->src->name, word[sev]);
	vfprintf(d->out, fmt, ap);
	fputc('\n', d->out);
	if (loc && show_line)
		excerpt(d, *loc);
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
	REPORT(MICA_ERROR, &loc, true);
}

void mica_warning(mica_diag *d, mica_loc loc, const char *fmt, ...)
{
	REPORT(MICA_WARNING, &loc, true);
}

void mica_note(mica_diag *d, mica_loc loc, const char *fmt, ...)
{
	REPORT(MICA_NOTE, &loc, true);
}

void mica_note_brief(mica_diag *d, mica_loc loc, const char *fmt, ...)
{
	REPORT(MICA_NOTE, &loc, false);
}

void mica_error_file(mica_diag *d, const char *fmt, ...)
{
	REPORT(MICA_ERROR, NULL, false);
}
