/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ast.c -- build and free syntax trees.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/util.h"
#include "ast_build.h"

/* Reverses a singly linked list of any node type whose first member is
 * its `next` pointer (all list nodes of the tree are laid out so). */
struct node { struct node *next; };

static void *reverse(void *list)
{
	struct node *n = list, *out = NULL;

	while (n) {
		struct node *next = n->next;
		n->next = out;
		out = n;
		n = next;
	}
	return out;
}

/* A zeroed node in the tree's arena. */
static void *node(mica_parse_state *ps, size_t n)
{
	return mica_arena_alloc(&ps->ast->arena, n);
}

mica_realm_item *mica_item_new(mica_parse_state *ps, mica_item_kind kind,
			       mica_loc loc, mica_loc value_loc)
{
	mica_realm_item *it = node(ps, sizeof *it);

	it->kind = kind;
	it->loc = loc;
	it->value_loc = value_loc;
	return it;
}

mica_realm_item *mica_items_reverse(mica_realm_item *list)
{
	return reverse(list);
}

mica_realm *mica_realm_new(mica_parse_state *ps, mica_name *name,
			   mica_loc loc, mica_realm_item *items)
{
	mica_realm *r = node(ps, sizeof *r);

	r->name = *name;
	r->loc = loc;
	r->items = items;
	return r;
}

mica_access *mica_access_new(mica_parse_state *ps,
			     mica_subject_kind kind, char *subject,
			     mica_loc subject_loc, mica_rights rights,
			     mica_loc rights_loc)
{
	mica_access *a = node(ps, sizeof *a);

	a->subject_kind = kind;
	a->subject.text = subject;
	a->subject.loc = subject_loc;
	a->rights = rights;
	a->rights_loc = rights_loc;
	return a;
}

void mica_access_ipa(mica_access *a, uint64_t ipa, mica_loc loc)
{
	a->has_ipa = true;
	a->ipa = ipa;
	a->ipa_loc = loc;
}

void mica_access_limit(mica_access *a, uint64_t limit, mica_loc loc)
{
	a->has_limit = true;
	a->limit = limit;
	a->limit_loc = loc;
}

mica_access *mica_accesses_reverse(mica_access *list)
{
	return reverse(list);
}

mica_region *mica_region_new(mica_parse_state *ps, mica_name *name,
			     mica_loc loc, mica_region_kind kind,
			     mica_loc kind_loc, uint64_t size,
			     mica_loc size_loc, mica_access *accesses)
{
	mica_region *r = node(ps, sizeof *r);

	r->name = *name;
	r->loc = loc;
	r->kind = kind;
	r->kind_loc = kind_loc;
	r->size = size;
	r->size_loc = size_loc;
	r->accesses = accesses;
	return r;
}

void mica_add_realm(mica_parse_state *ps, mica_realm *r)
{
	if (ps->sink) {
		ps->sink->realm(ps->sink->ctx, ps->ast, r);
		mica_arena_reset(&ps->ast->arena);
		return;
	}
	*ps->realm_tail = r;
	ps->realm_tail = &r->next;
}

void mica_add_region(mica_parse_state *ps, mica_region *r)
{
	if (ps->sink) {
		ps->sink->region(ps->sink->ctx, ps->ast, r);
		mica_arena_reset(&ps->ast->arena);
		return;
	}
	*ps->region_tail = r;
	ps->region_tail = &r->next;
}

void mica_add_allow(mica_parse_state *ps, mica_allow *a)
{
	if (ps->sink) {
		ps->sink->allow(ps->sink->ctx, ps->ast, a);
		mica_arena_reset(&ps->ast->arena);
		return;
	}
	*ps->allow_tail = a;
	ps->allow_tail = &a->next;
}

mica_allow *mica_allow_new(mica_parse_state *ps, mica_transfer kind,
			   mica_loc kind_loc)
{
	mica_allow *a = node(ps, sizeof *a);

	a->kind = kind;
	a->kind_loc = kind_loc;
	return a;
}

mica_imm_range *mica_imm_new(mica_parse_state *ps, uint64_t lo,
			     uint64_t hi, mica_loc loc)
{
	mica_imm_range *r = node(ps, sizeof *r);

	r->lo = lo;
	r->hi = hi;
	r->loc = loc;
	return r;
}

mica_imm_range *mica_imms_reverse(mica_imm_range *list)
{
	return reverse(list);
}

mica_rights mica_rights_parse(const char *text)
{
	if (strcmp(text, "r") == 0)
		return MICA_R;
	if (strcmp(text, "w") == 0)
		return MICA_W;
	if (strcmp(text, "rw") == 0)
		return MICA_RW;
	return (mica_rights)0;
}

const char *mica_rights_text(mica_rights r)
{
	return r == MICA_R ? "r" : r == MICA_W ? "w" : "rw";
}

const char *mica_token_text(mica_parse_state *ps, mica_loc loc)
{
	size_t len, n;
	const char *line = mica_source_line(ps->diag->src, loc.first_line,
					    &len);

	ps->keyword[0] = '\0';
	if (!line || loc.first_column == 0 || loc.first_column > len)
		return ps->keyword;
	n = loc.last_column - loc.first_column + 1;
	if (n >= sizeof ps->keyword)
		n = sizeof ps->keyword - 1;
	memcpy(ps->keyword, line + loc.first_column - 1, n);
	ps->keyword[n] = '\0';
	return ps->keyword;
}

char *mica_name_text(mica_parse_state *ps, const char *s, size_t n)
{
	/* Interned names are shared and never written: the tree's types
	 * keep `char *` for the code that reads them. */
	return (char *)mica_intern(&ps->names, s, n);
}

mica_name mica_keyword_name(mica_parse_state *ps, const char *kw,
			    mica_loc loc)
{
	mica_name n;

	mica_error(ps->diag, loc, "'%s' is a keyword and cannot be used as a "
		   "name", kw);
	n.text = mica_name_text(ps, kw, strlen(kw));
	n.loc = loc;
	return n;
}

void mica_unclosed(mica_parse_state *ps, const char *what, mica_loc open)
{
	mica_loc end = mica_loc_at(ps->line, ps->column, 0);

	mica_error(ps->diag, end, "expected '}' before end of file");
	mica_note(ps->diag, open, "to close this %s block", what);
}

void mica_brace_note(mica_parse_state *ps)
{
	unsigned max = sizeof ps->brace / sizeof ps->brace[0];
	unsigned i = ps->nbrace <= max ? ps->nbrace - 1 : max - 1;

	mica_note(ps->diag, ps->brace[i], "this block is not closed");
}

void mica_ast_free(mica_ast *ast)
{
	mica_arena arena;

	if (!ast)
		return;
	/* The tree struct itself is outside its arena: every node and name
	 * is inside, released block by block, never node by node. */
	arena = ast->arena;
	free(ast);
	mica_arena_free(&arena);
}
