/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * navigate.c -- textDocument/definition and textDocument/hover over the
 * syntax tree of a document.
 *
 * The document is parsed afresh per request, its diagnostics dropped
 * (they are published separately). A tree the parser recovered from
 * errors still carries every name it saw, so both work on a file being
 * typed; a name whose declaration is missing has no definition. Names
 * are found where the tree has them: realm and region declarations, the
 * subjects of access lines, the realm of allow lines.
 */
#include <stdlib.h>
#include <string.h>

#include "lsp.h"
#include "mica/ast.h"
#include "mica/diag.h"

typedef enum { NAME_REALM, NAME_REGION } name_kind;

typedef struct tree {
	mica_source src;
	mica_diag diag;
	mica_ast *ast;
} tree;

static void drop(void *ctx, const mica_diag_msg *m)
{
	(void)ctx;
	(void)m;
}

static int tree_parse(tree *t, const lsp_doc *d)
{
	memset(t, 0, sizeof *t);
	if (mica_source_from_mem(&t->src, d->uri, d->text, d->len) != 0)
		return -1;
	mica_diag_init(&t->diag, &t->src, NULL);
	mica_diag_set_sink(&t->diag, drop, NULL);
	t->diag.max_errors = 0;
	t->ast = mica_parse(&t->src, &t->diag);
	if (!t->ast) {
		mica_source_free(&t->src);
		return -1;
	}
	return 0;
}

static void tree_free(tree *t)
{
	mica_ast_free(t->ast);
	mica_source_free(&t->src);
}

/* Whether Mica position (line, col) is on name n or just after it, where
 * an editor's cursor sits after typing it. */
static bool on(const mica_name *n, unsigned line, unsigned col)
{
	return n->text && n->loc.first_line == line &&
	       col >= n->loc.first_column && col <= n->loc.last_column + 1;
}

/* The name under (line, col) and its kind, or NULL. */
static const mica_name *name_at(const mica_ast *a, unsigned line,
				unsigned col, name_kind *kind)
{
	const mica_realm *r;
	const mica_region *g;
	const mica_access *x;
	const mica_allow *w;

	*kind = NAME_REALM;
	for (r = a->realms; r; r = r->next)
		if (on(&r->name, line, col))
			return &r->name;
	for (w = a->allows; w; w = w->next)
		if (on(&w->realm, line, col))
			return &w->realm;
	for (g = a->regions; g; g = g->next) {
		for (x = g->accesses; x; x = x->next)
			if (x->subject_kind == MICA_SUBJ_REALM &&
			    on(&x->subject, line, col))
				return &x->subject;
		if (on(&g->name, line, col)) {
			*kind = NAME_REGION;
			return &g->name;
		}
	}
	return NULL;
}

static const mica_realm *realm_named(const mica_ast *a, const char *s)
{
	const mica_realm *r;

	for (r = a->realms; r; r = r->next)
		if (r->name.text && strcmp(r->name.text, s) == 0)
			return r;
	return NULL;
}

static const mica_region *region_named(const mica_ast *a, const char *s)
{
	const mica_region *g;

	for (g = a->regions; g; g = g->next)
		if (g->name.text && strcmp(g->name.text, s) == 0)
			return g;
	return NULL;
}

static json_t *range_of(const lsp_doc *d, const mica_loc *l)
{
	return lsp_range_of_mica(d, l->first_line, l->first_column,
				 l->last_line, l->last_column);
}

/* Finds the name at off: 0 with *n and *kind set, -1 when none. */
static int lookup(const lsp_doc *d, tree *t, size_t off,
		  const mica_name **n, name_kind *kind)
{
	unsigned line, col;

	if (tree_parse(t, d) != 0)
		return -1;
	lsp_mica_of_offset(d, off, &line, &col);
	*n = name_at(t->ast, line, col, kind);
	if (!*n) {
		tree_free(t);
		return -1;
	}
	return 0;
}

json_t *lsp_definition(const lsp_doc *d, size_t off)
{
	const mica_name *n, *decl = NULL;
	const mica_realm *r;
	const mica_region *g;
	name_kind kind;
	json_t *res = json_null();
	tree t;

	if (lookup(d, &t, off, &n, &kind) != 0)
		return res;
	if (kind == NAME_REALM && (r = realm_named(t.ast, n->text)))
		decl = &r->name;
	if (kind == NAME_REGION && (g = region_named(t.ast, n->text)))
		decl = &g->name;
	if (decl)
		res = json_pack("{s:s,s:o}", "uri", d->uri,
				"range", range_of(d, &decl->loc));
	tree_free(&t);
	return res;
}

static const char *trust_name(mica_trust t)
{
	return t == MICA_TRUSTED ? "trusted"
	       : t == MICA_UNTRUSTED ? "untrusted" : "distrustful";
}

static const char *transfer_name(mica_transfer k)
{
	static const char *const names[] = {
		"hostcall", "mmio", "psci", "ripas", "paging",
	};
	return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static const char *rights_name(mica_rights r)
{
	return r == MICA_RW ? "rw" : r == MICA_W ? "w" : "r";
}

/* The hover text of realm r: its trust, strictness, the regions it maps
 * and the transfers to the host it is allowed, in source order. */
static void describe_realm(lsp_buf *b, const mica_ast *a, const mica_realm *r)
{
	const mica_realm_item *it;
	const mica_region *g;
	const mica_access *x;
	const mica_allow *w;
	mica_trust trust = MICA_DISTRUSTFUL;
	bool strict = true, trust_set = false, strict_set = false;
	int any = 0;

	for (it = r->items; it; it = it->next) {
		if (it->kind == MICA_ITEM_TRUST) {
			trust = it->u.trust;
			trust_set = true;
		}
		if (it->kind == MICA_ITEM_STRICT) {
			strict = it->u.strict;
			strict_set = true;
		}
	}
	lsp_buf_put(b, "**realm** `");
	lsp_buf_put(b, r->name.text);
	lsp_buf_put(b, "`\n\n- trust: ");
	lsp_buf_put(b, trust_name(trust));
	lsp_buf_put(b, trust_set ? "\n" : " (default)\n");
	lsp_buf_put(b, "- strict: ");
	lsp_buf_put(b, strict ? "true" : "false");
	lsp_buf_put(b, strict_set ? "\n" : " (default)\n");
	lsp_buf_put(b, "- maps:");
	for (g = a->regions; g; g = g->next)
		for (x = g->accesses; x; x = x->next)
			if (x->subject_kind == MICA_SUBJ_REALM &&
			    x->subject.text && g->name.text &&
			    strcmp(x->subject.text, r->name.text) == 0) {
				lsp_buf_put(b, any++ ? ", `" : " `");
				lsp_buf_put(b, g->name.text);
				lsp_buf_put(b, "` (");
				lsp_buf_put(b, rights_name(x->rights));
				lsp_buf_put(b, g->kind == MICA_UNPROTECTED
					       ? ", unprotected)"
					       : ")");
			}
	lsp_buf_put(b, any ? "\n" : " none\n");
	lsp_buf_put(b, "- host transfers:");
	any = 0;
	for (w = a->allows; w; w = w->next)
		if (w->realm.text && strcmp(w->realm.text, r->name.text) == 0) {
			lsp_buf_put(b, any++ ? ", " : " ");
			lsp_buf_put(b, transfer_name(w->kind));
		}
	lsp_buf_put(b, any ? "\n" : " none\n");
}

json_t *lsp_hover(const lsp_doc *d, size_t off)
{
	const mica_name *n;
	const mica_realm *r;
	name_kind kind;
	json_t *res = json_null();
	lsp_buf b = { NULL, 0, 0, 0 };
	tree t;

	if (lookup(d, &t, off, &n, &kind) != 0)
		return res;
	if (kind == NAME_REALM && (r = realm_named(t.ast, n->text))) {
		describe_realm(&b, t.ast, r);
		lsp_hover_reach(&b, d, r->name.text);
		if (!b.failed)
			res = json_pack("{s:{s:s,s:s},s:o}", "contents",
					"kind", "markdown", "value", b.s,
					"range", range_of(d, &n->loc));
	}
	free(b.s);
	tree_free(&t);
	return res ? res : json_null();
}
