/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * diag_log.c -- the diagnostics log of the machine-readable formats and
 * its JSON writer (diag_log.h). The shape, in the spirit of gcc's
 * -fdiagnostics-format=json, is documented in micac(1):
 *
 *   [ { "kind": "error", "rule": "mica.name.unknown", "message": "...",
 *       "locations": [ { "file", "line", "column", "end_line",
 *                        "end_column" } ],
 *       "children": [ { "kind": "note", "message", "locations",
 *                       "fixits", "path_hop" } ],
 *       "fixits": [ { "start": { "file", "line", "column" },
 *                     "end": { ... }, "string": "..." } ] } ]
 *
 * Lines and columns are micac's: from 1, bytes; a location's end_column
 * is its last byte, a fix-it's end the byte after the span.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/diag_log.h"
#include "mica/textout.h"
#include "mica/util.h"

/* Code points of line before byte column col (from 1), plus 1: the
 * column in code points. A byte that starts no valid sequence counts as
 * one, as the printer shows it as one '?'. */
static uint32_t cp_column(const char *line, size_t len, uint32_t col)
{
	const unsigned char *u = (const unsigned char *)line;
	size_t i = 0, end = col ? col - 1 : 0;
	uint32_t cp = 1;

	if (!line)
		return col;
	while (i < end && i < len) {
		size_t k = mica_utf8_len(u + i, len - i);
		i += k ? k : 1;
		cp++;
	}
	/* Past the end of the line (a missing token): one per byte. */
	return cp + (uint32_t)(end > i ? end - i : 0);
}

void mica_diag_log_sink(void *ctx, const mica_diag_msg *m)
{
	mica_diag_log *log = ctx;
	mica_log_entry *e;

	if (log->n == log->cap) {
		log->cap = log->cap ? 2 * log->cap : 16;
		log->v = mica_xrealloc(log->v, log->cap * sizeof *log->v);
	}
	e = &log->v[log->n++];
	memset(e, 0, sizeof *e);
	e->sev = m->sev;
	e->file = mica_xstrdup(m->file ? m->file : "");
	e->text = mica_xstrdup(m->text ? m->text : "");
	e->fix = m->fix ? mica_xstrdup(m->fix) : NULL;
	e->rule = m->rule;
	e->loc = m->loc;
	e->stop = m->stop;
	e->hop = m->hop;
	e->first_cp = cp_column(m->line, m->line_len, m->loc.first_column);
	/* The end: the byte after the span. Only the first line's text is
	 * at hand, so a span over several lines (none but an unterminated
	 * comment's) keeps its byte column there. */
	if (m->loc.last_line == m->loc.first_line)
		e->end_cp = cp_column(m->line, m->line_len,
				      m->loc.last_column + 1);
	else
		e->end_cp = m->loc.last_column + 1;
}

void mica_diag_log_free(mica_diag_log *log)
{
	size_t i;

	for (i = 0; i < log->n; i++) {
		free(log->v[i].file);
		free(log->v[i].text);
		free(log->v[i].fix);
	}
	free(log->v);
	memset(log, 0, sizeof *log);
}

size_t mica_diag_log_group_end(const mica_diag_log *log, size_t i)
{
	size_t j = i + 1;

	if (log->v[i].stop)
		return j;
	while (j < log->n && log->v[j].sev == MICA_NOTE && !log->v[j].stop)
		j++;
	return j;
}

static void put_str(FILE *out, const char *s)
{
	mica_put_json_text(out, s, strlen(s));
}

static void put_loc(FILE *out, const mica_log_entry *e)
{
	fputs("{\"file\":", out);
	put_str(out, e->file);
	fprintf(out, ",\"line\":%u,\"column\":%u,\"end_line\":%u,"
		"\"end_column\":%u}", e->loc.first_line, e->loc.first_column,
		e->loc.last_line, e->loc.last_column);
}

static void put_fixit(FILE *out, const mica_log_entry *e)
{
	fputs("{\"start\":{\"file\":", out);
	put_str(out, e->file);
	fprintf(out, ",\"line\":%u,\"column\":%u},\"end\":{\"file\":",
		e->loc.first_line, e->loc.first_column);
	put_str(out, e->file);
	fprintf(out, ",\"line\":%u,\"column\":%u},\"string\":",
		e->loc.first_line, e->loc.last_column + 1);
	put_str(out, e->fix);
	fputc('}', out);
}

/* The fix-its in [i, end) that follow message i directly. */
static void put_fixits(FILE *out, const mica_diag_log *log, size_t i,
		       size_t end)
{
	size_t j;

	fputs(",\"fixits\":[", out);
	for (j = i + 1; j < end && log->v[j].fix; j++) {
		if (j > i + 1)
			fputc(',', out);
		put_fixit(out, &log->v[j]);
	}
	fputc(']', out);
}

static const char *const kind[] = { "error", "warning", "note" };

/* One message: kind, rule (top level only), message, locations; its
 * fix-its come after the children, as in gcc's order. */
static void put_head(FILE *out, const mica_log_entry *e, bool top)
{
	fprintf(out, "{\"kind\":\"%s\"", kind[e->sev]);
	if (top) {
		fputs(",\"rule\":", out);
		if (e->rule)
			put_str(out, e->rule);
		else
			fputs("null", out);
	}
	fputs(",\"message\":", out);
	put_str(out, e->text);
	fputs(",\"locations\":[", out);
	if (e->loc.first_line)
		put_loc(out, e);
	fputc(']', out);
}

void mica_diag_log_json(FILE *out, const mica_diag_log *log)
{
	size_t i, j, end;
	bool first = true;

	fputc('[', out);
	for (i = 0; i < log->n; i = end) {
		const mica_log_entry *e = &log->v[i];
		bool child_first = true;
		end = mica_diag_log_group_end(log, i);
		if (e->fix || (e->sev == MICA_NOTE && !e->stop))
			continue;    /* cannot happen: notes follow their error */
		fputs(first ? "\n" : ",\n", out);
		first = false;
		put_head(out, e, true);
		if (!e->loc.first_line) {
			/* About the whole file: its name is still given. */
			fputs(",\"file\":", out);
			put_str(out, e->file);
		}
		fputs(",\"children\":[", out);
		for (j = i + 1; j < end; j++) {
			const mica_log_entry *c = &log->v[j];
			if (c->fix)
				continue;
			fputs(child_first ? "" : ",", out);
			child_first = false;
			put_head(out, c, false);
			put_fixits(out, log, j, end);
			fprintf(out, ",\"path_hop\":%s}", c->hop ? "true"
				: "false");
		}
		fputc(']', out);
		put_fixits(out, log, i, end);
		fputc('}', out);
	}
	fputs(first ? "]\n" : "\n]\n", out);
}
