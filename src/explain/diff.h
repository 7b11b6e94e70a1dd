/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * diff.h -- the semantic difference of two policies (micac diff),
 * matched by name: what each declares (the policy line, realms, regions,
 * allow lines) and what follows from it (flow paths gained and lost,
 * blobs and final RIMs that change). Source order and layout are no
 * difference: everything is compared by name and as sets.
 */
#ifndef MICA_DIFF_H
#define MICA_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "mica/arena.h"
#include "mica/ir.h"
#include "mica/mica.h"

typedef enum {
	MICA_DIFF_POLICY,        /* name, version, hash */
	MICA_DIFF_REALMS,
	MICA_DIFF_REGIONS,
	MICA_DIFF_ALLOWS,
	MICA_DIFF_FLOWS,         /* consequences from here on */
	MICA_DIFF_BLOBS,
	MICA_DIFF_RIMS,
	MICA_DIFF_NSECTIONS
} mica_diff_section;

/* One difference: subject's field went from old_value to new_value
 * (NULL: absent). field "added" or "removed" for a whole subject; for
 * flows "gained" (path in NEW) or "lost" (path in OLD). */
typedef struct mica_diff_item {
	mica_diff_section section;
	const char *subject, *field;
	const char *old_value, *new_value;
	size_t npath;
	mica_hop *path;
	bool path_left_out;      /* past MICA_DIFF_MAX_HOPS */
} mica_diff_item;

/* The flow items' paths hold at most this many hops in all: the number
 * of paths can grow with realms times nodes, and each path with the
 * graph. Past it, items come without their path (and say so). */
#define MICA_DIFF_MAX_HOPS (1u << 20)

/* One side: its checked IR (front end without errors), whether the
 * checker refused it (then nothing is compiled), its text for the
 * library's compiler. */
typedef struct mica_diff_side {
	const mica_ir *ir;
	bool refused;
	const char *name;        /* the file, for paths and compiling */
	const char *text;
	size_t len;
} mica_diff_side;

typedef struct mica_diff {
	mica_arena arena;        /* every string and path */
	size_t n, cap;
	mica_diff_item *items;   /* by section, then subject, then field */
	size_t hops;             /* in the items' paths, all told */
} mica_diff;

/* Compares old and new into d; returns 0, or -1 when the library could
 * not compile a side the checker accepted (out of memory). */
int mica_diff_compute(const mica_diff_side *old, const mica_diff_side *nu,
		      mica_diff *d);
void mica_diff_free(mica_diff *d);

/* The policies mean the same: no item in any section. */
static inline bool mica_diff_equal(const mica_diff *d)
{
	return d->n == 0;
}

void mica_diff_print_text(FILE *out, const mica_diff *d);
void mica_diff_print_json(FILE *out, const mica_diff *d,
			  const mica_diff_side *old,
			  const mica_diff_side *nu);

/* ---- internal to diff*.c ---- */

/* Appends an item; strings are copied into d's arena. */
mica_diff_item *mica_diff_add(mica_diff *d, mica_diff_section s,
			      const char *subject, const char *field,
			      const char *old_value, const char *new_value);
/* printf into d's arena. */
const char *mica_diff_fmt(mica_diff *d, const char *fmt, ...)
	MICA_PRINTF(2, 3);
/* The declarations (diff.c), then the consequences (diff_effects.c). */
void mica_diff_declarations(const mica_ir *old, const mica_ir *nu,
			    mica_diff *d);
int mica_diff_effects(const mica_diff_side *old, const mica_diff_side *nu,
		      mica_diff *d);

#endif
