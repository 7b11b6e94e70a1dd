/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * collect.c -- engine messages gathered into mica_diagnostic values for
 * the library's callback (collect.h).
 *
 * Invariant: while pending, cur's strings and notes[0..cur.nnotes) are
 * heap copies owned here; flushing delivers and frees them all.
 */
#include <stdlib.h>
#include <string.h>

#include "collect.h"

void mica_collect_init(mica_collect *c, mica_diag_callback cb, void *user)
{
	memset(c, 0, sizeof *c);
	c->cb = cb;
	c->user = user;
}

/* A NUL-ended copy of n bytes of s (NULL stays NULL). */
static char *copy(mica_collect *c, const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	p = malloc(n + 1);
	if (!p) {
		c->failed = 1;
		return NULL;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void release(mica_collect *c)
{
	size_t i;

	for (i = 0; i < c->cur.nnotes; i++) {
		free((char *)c->notes[i].file);
		free((char *)c->notes[i].message);
		free((char *)c->notes[i].source_line);
	}
	for (i = 0; i < c->cur.nfixits; i++) {
		free((char *)c->fixits[i].file);
		free((char *)c->fixits[i].text);
	}
	free(c->fixits);
	c->fixits = NULL;
	c->fixcap = 0;
	free((char *)c->cur.file);
	free((char *)c->cur.message);
	free((char *)c->cur.source_line);
	free(c->notes);
	c->notes = NULL;
	c->cap = 0;
	memset(&c->cur, 0, sizeof c->cur);
	c->pending = 0;
}

void mica_collect_flush(mica_collect *c)
{
	if (!c->pending)
		return;
	c->cur.notes = c->notes;
	c->cur.fixits = c->fixits;
	if (c->cb && !c->failed)
		c->cb(&c->cur, c->user);
	release(c);
}

/* A fix-it of cur or of its last note, as a half-open byte range. */
static void add_fixit(mica_collect *c, const mica_diag_msg *m)
{
	mica_diag_fixit *f;

	if (!c->pending)
		return;
	if (c->cur.nfixits == c->fixcap) {
		size_t cap = c->fixcap ? 2 * c->fixcap : 2;
		f = realloc(c->fixits, cap * sizeof *f);
		if (!f) {
			c->failed = 1;
			return;
		}
		c->fixits = f;
		c->fixcap = cap;
	}
	f = &c->fixits[c->cur.nfixits++];
	memset(f, 0, sizeof *f);
	f->file = copy(c, m->file, strlen(m->file));
	f->line = f->end_line = m->loc.first_line;
	f->column = m->loc.first_column;
	f->end_column = m->loc.last_column + 1;
	f->text = copy(c, m->fix, strlen(m->fix));
	f->note = c->cur.nnotes;
}

void mica_collect_sink(void *ctx, const mica_diag_msg *m)
{
	mica_collect *c = ctx;
	mica_diag_note *n;

	if (!c->cb)
		return;
	if (m->hop)
		return;     /* the path note before it names every hop */
	if (m->fix) {
		add_fixit(c, m);
		return;
	}
	if (m->sev == MICA_NOTE && !m->stop) {
		if (!c->pending)
			return;     /* the engine only sends notes after one */
		if (c->cur.nnotes == c->cap) {
			size_t cap = c->cap ? 2 * c->cap : 4;
			n = realloc(c->notes, cap * sizeof *n);
			if (!n) {
				c->failed = 1;
				return;
			}
			c->notes = n;
			c->cap = cap;
		}
		n = &c->notes[c->cur.nnotes++];
		memset(n, 0, sizeof *n);
		n->file = copy(c, m->file, strlen(m->file));
		n->line = m->loc.first_line;
		n->column = m->loc.first_column;
		n->end_line = m->loc.last_line;
		n->end_column = m->loc.last_column;
		n->message = copy(c, m->text, strlen(m->text));
		if (!m->brief) {
			n->source_line = copy(c, m->line, m->line_len);
			n->source_line_len = m->line ? m->line_len : 0;
		}
		return;
	}
	mica_collect_flush(c);
	c->failed = 0;
	c->pending = 1;
	c->cur.severity = (mica_diag_severity)m->sev;
	c->cur.file = copy(c, m->file, strlen(m->file));
	c->cur.line = m->loc.first_line;
	c->cur.column = m->loc.first_column;
	c->cur.end_line = m->loc.last_line;
	c->cur.end_column = m->loc.last_column;
	c->cur.message = copy(c, m->text, strlen(m->text));
	c->cur.source_line = copy(c, m->line, m->line_len);
	c->cur.source_line_len = m->line ? m->line_len : 0;
	c->cur.rule = m->rule;    /* static: the rule table's */
	/* The cap's note stands alone. */
	if (m->stop)
		mica_collect_flush(c);
}

void mica_collect_file_error(mica_collect *c, const char *file,
			     const char *msg, const char *rule)
{
	mica_diag_msg m;

	memset(&m, 0, sizeof m);
	m.sev = MICA_ERROR;
	m.file = file;
	m.text = msg;
	m.rule = rule;
	m.stop = true;      /* deliver at once: it has no notes */
	mica_collect_sink(c, &m);
}
