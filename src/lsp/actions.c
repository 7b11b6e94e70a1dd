/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * actions.c -- textDocument/codeAction: the fix-its of the checker's
 * diagnostics (mica_diagnostic.fixits) as quick fixes.
 *
 * The diagnostics are recomputed from the document's text rather than
 * taken from the request's context, so an action never edits from a
 * stale or forged diagnostic. The fix-its under one message (the
 * diagnostic itself, or one of its notes: micac shows them that way)
 * make one action: they belong together, while those of different
 * messages are alternatives. A fix-it replaces bytes [start, end) --
 * its end is exclusive, unlike a diagnostic's.
 */
#include <stdio.h>
#include <string.h>

#include "lsp.h"

typedef struct actions {
	const lsp_doc *doc;
	size_t from, to;
	json_t *list;
	int failed;
} actions;

/* "Replace 'x' with 'y'", "Insert 'y'" or "Remove 'x'", texts cut at
 * 40 bytes. */
static void describe(char *buf, size_t cap, const lsp_doc *d, size_t s,
		     size_t e, const char *text)
{
	int old = (int)(e - s > 40 ? 40 : e - s);
	int neu = (int)(strlen(text) > 40 ? 40 : strlen(text));

	if (s == e)
		snprintf(buf, cap, "Insert '%.*s'", neu, text);
	else if (!*text)
		snprintf(buf, cap, "Remove '%.*s'", old, d->text + s);
	else
		snprintf(buf, cap, "Replace '%.*s' with '%.*s'", old,
			 d->text + s, neu, text);
}

/* The action of the fix-its under message k (0: the diagnostic, k:
 * notes[k - 1]), or NULL when there are none. */
static json_t *action(actions *a, const mica_diagnostic *m, size_t k,
		      int preferred)
{
	const lsp_doc *d = a->doc;
	json_t *edits = json_array(), *act, *diag;
	char title[160] = "";
	size_t i, s, e;

	for (i = 0; edits && i < m->nfixits; i++) {
		const mica_diag_fixit *f = &m->fixits[i];
		if (f->note != k)
			continue;
		s = lsp_offset_of_mica(d, f->line, f->column);
		e = lsp_offset_of_mica(d, f->end_line, f->end_column);
		if (e < s)
			e = s;
		if (!*title)
			describe(title, sizeof title, d, s, e,
				 f->text ? f->text : "");
		json_array_append_new(edits, json_pack("{s:o,s:s}",
			"range", lsp_range_json(d, s, e),
			"newText", f->text ? f->text : ""));
	}
	if (!edits || json_array_size(edits) == 0) {
		json_decref(edits);
		return NULL;
	}
	if (k > 0 && m->notes[k - 1].message)
		snprintf(title, sizeof title, "%s", m->notes[k - 1].message);
	diag = lsp_diag_json(d, m);
	act = json_pack("{s:s,s:s,s:[o],s:b,s:{s:{s:o}}}",
			"title", title, "kind", "quickfix",
			"diagnostics", diag, "isPreferred", preferred,
			"edit", "changes", d->uri, edits);
	if (!act)
		a->failed = 1;
	return act;
}

static void on_diag(const mica_diagnostic *m, void *user)
{
	actions *a = user;
	size_t s, e, k, i;
	int groups = 0;
	json_t *act;

	if (!m->nfixits || m->line == 0)
		return;
	s = lsp_offset_of_mica(a->doc, m->line, m->column);
	e = m->end_line ? lsp_offset_of_mica(a->doc, m->end_line,
					     m->end_column + 1) : s;
	if (s > a->to || e < a->from)
		return;
	for (k = 0; k <= m->nnotes; k++)
		for (i = 0; i < m->nfixits; i++)
			if (m->fixits[i].note == k) {
				groups++;
				break;
			}
	for (k = 0; k <= m->nnotes; k++) {
		act = action(a, m, k, groups == 1);
		if (act && json_array_append_new(a->list, act) != 0)
			a->failed = 1;
	}
}

json_t *lsp_code_actions(const lsp_doc *d, size_t from, size_t to)
{
	actions a = { d, from, to, json_array(), 0 };

	if (!a.list || lsp_check(d, on_diag, &a) != 0 || a.failed) {
		json_decref(a.list);
		return NULL;
	}
	return a.list;
}
