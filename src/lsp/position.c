/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * position.c -- positions between Mica and LSP.
 *
 * Mica reports 1-based lines ('\n'-ended) and 1-based byte columns; LSP
 * wants 0-based lines (ended by "\r\n", '\n' or '\r') and characters
 * counted in UTF-16 code units, the encoding every client supports and
 * the one this server announces. Both go through a byte offset. The text
 * is valid UTF-8 (jansson checks every string it decodes): a lead byte
 * below 0xF0 is one UTF-16 unit, one of 0xF0 and up (a code point past
 * U+FFFF) is two, and continuation bytes count nothing.
 */
#include "lsp.h"

/* Index of the last line start <= off in v[0..n). */
static size_t line_of(const size_t *v, size_t n, size_t off)
{
	size_t lo = 0, hi = n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static unsigned units(unsigned char c)
{
	if ((c & 0xC0) == 0x80)
		return 0;
	return c >= 0xF0 ? 2 : 1;
}

/* The end of LSP line i: its first byte of "\r\n", '\n' or '\r'. */
static size_t lsp_line_end(const lsp_doc *d, size_t i)
{
	size_t e = i + 1 < d->nlline ? d->lline[i + 1] : d->len;

	if (e > d->lline[i] && i + 1 < d->nlline) {
		e--;                          /* '\n' or a lone '\r' */
		if (d->text[e] == '\n' && e > d->lline[i] &&
		    d->text[e - 1] == '\r')
			e--;
	}
	return e;
}

size_t lsp_offset_of_mica(const lsp_doc *d, unsigned line, unsigned column)
{
	size_t start, end, off;

	if (line == 0)
		return 0;
	if (line > d->nmline)
		return d->len;
	start = d->mline[line - 1];
	/* at most the line's '\n', which ends it */
	end = line < d->nmline ? d->mline[line] - 1 : d->len;
	off = start + (column ? column - 1 : 0);
	return off < end ? off : end;
}

void lsp_mica_of_offset(const lsp_doc *d, size_t off, unsigned *line,
			unsigned *column)
{
	size_t i = line_of(d->mline, d->nmline, off);

	*line = (unsigned)i + 1;
	*column = (unsigned)(off - d->mline[i]) + 1;
}

size_t lsp_offset_of_pos(const lsp_doc *d, uint64_t line, uint64_t ch)
{
	size_t off, end;
	uint64_t u = 0;

	if (line >= d->nlline)
		return d->len;
	off = d->lline[line];
	end = lsp_line_end(d, (size_t)line);
	while (off < end) {
		unsigned w = units((unsigned char)d->text[off]);
		if (w && u + w > ch)
			break;
		u += w;
		off++;
	}
	/* stop at a character's first byte */
	while (off < end && units((unsigned char)d->text[off]) == 0)
		off++;
	return off;
}

json_t *lsp_pos_json(const lsp_doc *d, size_t off)
{
	size_t i, p;
	uint64_t u = 0;

	if (off > d->len)
		off = d->len;
	i = line_of(d->lline, d->nlline, off);
	for (p = d->lline[i]; p < off; p++)
		u += units((unsigned char)d->text[p]);
	return json_pack("{s:I,s:I}", "line", (json_int_t)i,
			 "character", (json_int_t)u);
}

json_t *lsp_range_json(const lsp_doc *d, size_t from, size_t to)
{
	if (to < from)
		to = from;
	return json_pack("{s:o,s:o}", "start", lsp_pos_json(d, from),
			 "end", lsp_pos_json(d, to));
}

json_t *lsp_range_of_mica(const lsp_doc *d, unsigned line, unsigned col,
			  unsigned end_line, unsigned end_col)
{
	size_t from, to;

	if (line == 0)
		return lsp_range_json(d, 0, 0);
	from = lsp_offset_of_mica(d, line, col);
	if (end_line == 0)
		to = from;
	else
		to = lsp_offset_of_mica(d, end_line, end_col + 1);
					/* end column inclusive */
	return lsp_range_json(d, from, to);
}

int lsp_pos_parse(const lsp_doc *d, const json_t *pos, size_t *off)
{
	json_t *l = json_object_get(pos, "line");
	json_t *c = json_object_get(pos, "character");

	if (!json_is_integer(l) || !json_is_integer(c) ||
	    json_integer_value(l) < 0 || json_integer_value(c) < 0)
		return -1;
	*off = lsp_offset_of_pos(d, (uint64_t)json_integer_value(l),
				 (uint64_t)json_integer_value(c));
	return 0;
}
