/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * reach.c -- the part of a realm's hover that says where its data goes:
 * mica_reach_buffer (`micac explain FILE REALM`) over the document's
 * text, each reached node with its shortest path, then what lies beyond
 * a trusted Realm, which stops the data; at most HOVER_NODES of each,
 * so that a hover stays readable (`micac explain` lists them all). A
 * policy with errors has no flow graph to query: the hover says so
 * instead.
 *
 * Also the growing text buffer the hover is written into.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsp.h"

#define HOVER_NODES 12

void lsp_buf_put(lsp_buf *b, const char *s)
{
	size_t n = strlen(s);
	char *p;

	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		p = realloc(b->s, cap);
		if (!p) {
			b->failed = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

static const char *kind_name(mica_node_kind k)
{
	switch (k) {
	case MICA_NODE_REALM:
		return "realm";
	case MICA_NODE_REGION:
		return "region";
	case MICA_NODE_HOST:
		return "the host";
	default:
		return "any realm";
	}
}

/* "- `name` (kind): `a -w-> b -r-> c`" and what the node means. */
static void node(lsp_buf *b, const mica_reached *n)
{
	size_t i;

	lsp_buf_put(b, "- `");
	lsp_buf_put(b, n->name ? n->name : "?");
	lsp_buf_put(b, "` (");
	if (n->kind == MICA_NODE_REALM && n->trust) {
		lsp_buf_put(b, n->trust);
		lsp_buf_put(b, " ");
	}
	lsp_buf_put(b, kind_name(n->kind));
	lsp_buf_put(b, ")");
	if (n->nhops) {
		lsp_buf_put(b, ": `");
		lsp_buf_put(b, n->hops[0].from ? n->hops[0].from : "?");
		for (i = 0; i < n->nhops; i++) {
			lsp_buf_put(b, " -");
			lsp_buf_put(b, n->hops[i].edge ? n->hops[i].edge : "?");
			lsp_buf_put(b, "-> ");
			lsp_buf_put(b, n->hops[i].to ? n->hops[i].to : "?");
		}
		lsp_buf_put(b, "`");
	}
	if (n->stops)
		lsp_buf_put(b, "; data stops here (trusted)");
	else if (n->sink)
		lsp_buf_put(b, "; outside the tenant's control");
	if (n->stopped_by) {
		lsp_buf_put(b, "; stopped by `");
		lsp_buf_put(b, n->stopped_by);
		lsp_buf_put(b, "`");
	}
	lsp_buf_put(b, "\n");
}

/* The first HOVER_NODES of n nodes, then how many more there are. */
static void nodes(lsp_buf *b, const mica_reached *v, size_t n)
{
	char more[64];
	size_t i;

	for (i = 0; i < n && i < HOVER_NODES; i++)
		node(b, &v[i]);
	if (n > HOVER_NODES) {
		snprintf(more, sizeof more, "- and %zu more\n", n - HOVER_NODES);
		lsp_buf_put(b, more);
	}
}

void lsp_hover_reach(lsp_buf *b, const lsp_doc *d, const char *realm)
{
	mica_ctx *ctx = mica_ctx_new();
	mica_reach r;
	int rc;

	memset(&r, 0, sizeof r);
	if (!ctx) {
		b->failed = 1;
		return;
	}
	rc = mica_reach_buffer(ctx, lsp_doc_name(d), d->text, d->len, realm,
			       &r);
	mica_ctx_free(ctx);
	if (rc != MICA_STATUS_OK) {
		lsp_buf_put(b, "\nWhere its data goes is known once the "
			       "policy has no errors.\n");
		mica_reach_free(&r);
		return;
	}
	lsp_buf_put(b, r.n ? "\nIts data reaches (`micac explain`):\n\n"
			   : "\nIts data reaches nothing outside it.\n");
	nodes(b, r.nodes, r.n);
	if (r.nbeyond)
		lsp_buf_put(b, "\nBeyond trusted realms, not attributed to "
			       "it:\n\n");
	nodes(b, r.beyond, r.nbeyond);
	mica_reach_free(&r);
}
