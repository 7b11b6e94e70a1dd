/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * diagnostics.c -- a document's Diagnostic[] (LSP 3.17), from libmica's
 * diagnostics callback (mica/mica.h) over mica_check_buffer: the same
 * checks and messages as `micac check`. Each note (every hop of a leak
 * path) becomes relatedInformation at its own location; the rule id is
 * the Diagnostic's code.
 */
#include <string.h>

#include "lsp.h"

/* The most errors published per document, beyond which the last entry
 * says that output stopped. */
#define LSP_MAX_ERRORS 100

static int severity(mica_diag_severity s)
{
	switch (s) {
	case MICA_SEVERITY_ERROR:
		return 1;
	case MICA_SEVERITY_WARNING:
		return 2;
	default:
		return 3;   /* Information: the note that output stopped */
	}
}

json_t *lsp_diag_json(const lsp_doc *doc, const mica_diagnostic *m)
{
	json_t *d, *rel;
	size_t i;

	d = json_pack("{s:o,s:i,s:s,s:s}",
		      "range", lsp_range_of_mica(doc, m->line, m->column,
						 m->end_line, m->end_column),
		      "severity", severity(m->severity),
		      "source", "micac",
		      "message", m->message ? m->message : "");
	if (!d)
		return NULL;
	if (m->rule)
		json_object_set_new(d, "code", json_string(m->rule));
	if (m->nnotes) {
		rel = json_array();
		for (i = 0; rel && i < m->nnotes; i++) {
			const mica_diag_note *n = &m->notes[i];
			json_array_append_new(rel, json_pack(
				"{s:{s:s,s:o},s:s}",
				"location", "uri", doc->uri,
				"range", lsp_range_of_mica(doc, n->line,
					n->column, n->end_line,
					n->end_column),
				"message", n->message ? n->message : ""));
		}
		if (!rel || json_array_size(rel) != m->nnotes ||
		    json_object_set_new(d, "relatedInformation", rel) != 0) {
			json_decref(d);
			return NULL;
		}
	}
	return d;
}

/* The name messages give the document (a leak path cites "NAME:LINE"):
 * the last segment of its URI, as a file name is shown elsewhere. */
const char *lsp_doc_name(const lsp_doc *d)
{
	const char *s = strrchr(d->uri, '/');

	return s && s[1] ? s + 1 : d->uri;
}

int lsp_check(const lsp_doc *d, mica_diag_callback cb, void *user)
{
	mica_ctx *ctx = mica_ctx_new();

	if (!ctx)
		return -1;
	mica_ctx_set_callback(ctx, cb, user);
	mica_ctx_set_max_errors(ctx, LSP_MAX_ERRORS);
	mica_check_buffer(ctx, lsp_doc_name(d), d->text, d->len);
	mica_ctx_free(ctx);
	return 0;
}

typedef struct collect {
	const lsp_doc *doc;
	json_t *list;
	int failed;
} collect;

static void on_diag(const mica_diagnostic *m, void *user)
{
	collect *c = user;

	if (json_array_append_new(c->list, lsp_diag_json(c->doc, m)) != 0)
		c->failed = 1;
}

json_t *lsp_diagnostics(const lsp_doc *d)
{
	collect c = { d, json_array(), 0 };

	if (!c.list || lsp_check(d, on_diag, &c) != 0 || c.failed) {
		json_decref(c.list);
		return NULL;
	}
	return c.list;
}
