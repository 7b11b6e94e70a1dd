/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * diagnostics.c -- a document's Diagnostic[] (LSP 3.17), from libmica's
 * diagnostics callback (mica/mica.h) over mica_check_buffer: the same
 * checks and messages as `micac check`. Each note (every hop of a leak
 * path, say) becomes relatedInformation at its own location.
 */
#include <string.h>

#include "lsp.h"
#include "mica/mica.h"

/* The most errors published per document: as micac check's default,
 * beyond which the last entry says that output stopped. */
#define LSP_MAX_ERRORS 100

typedef struct collect {
	const lsp_doc *doc;
	json_t *list;
	int failed;
} collect;

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

static void on_diag(const mica_diagnostic *m, void *user)
{
	collect *c = user;
	json_t *d, *rel;
	size_t i;

	d = json_pack("{s:o,s:i,s:s,s:s}",
		      "range", lsp_range_of_mica(c->doc, m->line, m->column,
						 m->end_line, m->end_column),
		      "severity", severity(m->severity),
		      "source", "micac",
		      "message", m->message ? m->message : "");
	if (!d) {
		c->failed = 1;
		return;
	}
	if (m->nnotes) {
		rel = json_array();
		for (i = 0; rel && i < m->nnotes; i++) {
			const mica_diag_note *n = &m->notes[i];
			json_array_append_new(rel, json_pack(
				"{s:{s:s,s:o},s:s}",
				"location", "uri", c->doc->uri,
				"range", lsp_range_of_mica(c->doc, n->line,
					n->column, n->end_line,
					n->end_column),
				"message", n->message ? n->message : ""));
		}
		json_object_set_new(d, "relatedInformation", rel);
	}
	if (json_array_append_new(c->list, d) != 0)
		c->failed = 1;
}

/* The name messages give the document (a leak path cites "NAME:LINE"):
 * the last segment of its URI, as a file name is shown elsewhere. */
static const char *short_name(const char *uri)
{
	const char *s = strrchr(uri, '/');

	return s && s[1] ? s + 1 : uri;
}

json_t *lsp_diagnostics(const lsp_doc *d)
{
	collect c = { d, json_array(), 0 };
	mica_ctx *ctx = mica_ctx_new();

	if (!ctx || !c.list) {
		mica_ctx_free(ctx);
		json_decref(c.list);
		return NULL;
	}
	mica_ctx_set_callback(ctx, on_diag, &c);
	mica_ctx_set_max_errors(ctx, LSP_MAX_ERRORS);
	mica_check_buffer(ctx, short_name(d->uri), d->text, d->len);
	mica_ctx_free(ctx);
	if (c.failed) {
		json_decref(c.list);
		return NULL;
	}
	return c.list;
}
