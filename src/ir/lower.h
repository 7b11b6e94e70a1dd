/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lower.h -- the lowering of declarations into the IR, one at a time:
 * mica_lower() walks a whole tree with these; stream.c calls them as the
 * parser hands each declaration over, and no tree is kept.
 */
#ifndef MICA_LOWER_H
#define MICA_LOWER_H

#include <stdbool.h>
#include <stdint.h>
#include "mica/ir.h"
#include "names.h"

/* Marks an access subject that names a realm not declared yet (stream
 * only): the rest is an index into lower.pending. Below MICA_IR_ANY:
 * a file under 2 GiB has far fewer than 2^31 names. */
#define MICA_LOWER_PENDING 0x80000000u

typedef struct lower {
	const mica_ast *ast;     /* the tree, or only its header (stream) */
	mica_diag *d;
	mica_ir *ir;
	mica_names names;
	/* Streaming: names are interned in the IR's arena already, and an
	 * access may name a realm declared further down. */
	bool stream;
	uint32_t *pending;       /* pending number -> realm index, or
	                            UINT32_MAX while undeclared */
	uint32_t npending, pending_cap;
} lower;

/* Each lowers one declaration into l->ir, whose realms or regions array
 * has room for one more. Realms must all come before the regions and
 * allows that name them, but in streaming, where an access may wait. */
void mica_lower_realm(lower *l, const mica_realm *ar);
void mica_lower_region(lower *l, const mica_region *ag);
void mica_lower_allow(lower *l, const mica_allow *al);
/* Resolves waiting references, merges immediates and indexes each
 * realm's windows. False (and the IR left unfinished) when a reference
 * never found its realm. */
bool mica_lower_finish(lower *l);

#endif
