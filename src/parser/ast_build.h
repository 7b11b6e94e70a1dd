/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ast_build.h -- node constructors and list helpers used by the grammar.
 *
 * Nodes and names are allocated in the tree's arena (ps->ast->arena), so
 * nothing the parser discards during error recovery needs freeing: it
 * goes with the tree.
 */
#ifndef MICA_AST_BUILD_H
#define MICA_AST_BUILD_H

#include "mica/ast.h"
#include "parse_state.h"

mica_realm_item *mica_item_new(mica_parse_state *ps, mica_item_kind kind,
			       mica_loc loc, mica_loc value_loc);
mica_realm_item *mica_items_reverse(mica_realm_item *list);

mica_realm *mica_realm_new(mica_parse_state *ps, mica_name *name,
			   mica_loc loc, mica_realm_item *items);

mica_access *mica_access_new(mica_parse_state *ps,
			     mica_subject_kind kind, char *subject,
			     mica_loc subject_loc, mica_rights rights,
			     mica_loc rights_loc);
void mica_access_ipa(mica_access *a, uint64_t ipa, mica_loc loc);
void mica_access_limit(mica_access *a, uint64_t limit, mica_loc loc);
mica_access *mica_accesses_reverse(mica_access *list);

mica_region *mica_region_new(mica_parse_state *ps, mica_name *name,
			     mica_loc loc, mica_region_kind kind,
			     mica_loc kind_loc, uint64_t size,
			     mica_loc size_loc, mica_access *accesses);

/* A finished declaration: appended to the tree, or handed to the
 * consumer, after which every node of the scratch arena is gone (names
 * are not: they are interned elsewhere). Bison's stack then holds no
 * node: token values are numbers, digests or interned names. */
void mica_add_realm(mica_parse_state *ps, mica_realm *r);
void mica_add_region(mica_parse_state *ps, mica_region *r);
void mica_add_allow(mica_parse_state *ps, mica_allow *a);

mica_allow *mica_allow_new(mica_parse_state *ps, mica_transfer kind,
			   mica_loc kind_loc);

mica_imm_range *mica_imm_new(mica_parse_state *ps, uint64_t lo,
			     uint64_t hi, mica_loc loc);
mica_imm_range *mica_imms_reverse(mica_imm_range *list);

/* "r", "w", "rw" -> rights; anything else -> 0. */
mica_rights mica_rights_parse(const char *text);
const char *mica_rights_text(mica_rights r);

/* Text of the keyword at loc, as written in the source. */
const char *mica_token_text(mica_parse_state *ps, mica_loc loc);
/* The interned copy of s[0..n) (mica/arena.h), owned by the tree. */
char *mica_name_text(mica_parse_state *ps, const char *s, size_t n);
/* Reports a keyword used as a name and returns a name to recover with. */
mica_name mica_keyword_name(mica_parse_state *ps, const char *kw,
			    mica_loc loc);
/* Reports a block that end of file left open. */
void mica_unclosed(mica_parse_state *ps, const char *what, mica_loc open);
/* Notes the innermost block still open at end of file. */
void mica_brace_note(mica_parse_state *ps);

#endif
