/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * arena.h -- bump allocation for data that lives and dies together.
 *
 * A syntax tree or an IR is built node by node, in source order, and
 * released whole. An arena hands out zeroed memory from large blocks
 * with no per-allocation header and no per-node free: building costs a
 * pointer bump, releasing costs one free per block. Running out of
 * memory is fatal, as with mica_xmalloc.
 *
 * Interned strings: mica_intern() returns one arena copy per distinct
 * text, so a name written many times (a Realm in every region it maps)
 * is stored once and equal names are equal pointers.
 */
#ifndef MICA_ARENA_H
#define MICA_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct mica_arena_block mica_arena_block;

typedef struct mica_arena {
	mica_arena_block *head;  /* the block being filled, newest first */
	char *next, *end;        /* free space of head */
	size_t total;            /* bytes of every block, for accounting */
} mica_arena;

/* An arena with nothing allocated: all zero. */
void mica_arena_init(mica_arena *a);
/* n zeroed bytes, aligned for any object; never NULL. */
void *mica_arena_alloc(mica_arena *a, size_t n);
/* n bytes of s and a NUL, as a string in the arena. */
char *mica_arena_strndup(mica_arena *a, const char *s, size_t n);
/* Releases every block; the arena is then empty and reusable. */
void mica_arena_free(mica_arena *a);
/* Releases everything allocated but keeps the newest block, cleared:
 * a scratch arena reused for one declaration after another. Nothing
 * allocated before may be used after. */
void mica_arena_reset(mica_arena *a);
/* An array that grows while other data fills the arena: p (NULL for a
 * new one) becomes n bytes, in a block of its own (realloc'd,
 * so growing does not copy a large array into a second place). The new
 * bytes are NOT cleared (unlike mica_arena_alloc): the caller clears
 * elements as it takes them, so slack is never faulted in. Released with
 * the arena; not to be reset. */
void *mica_arena_array(mica_arena *a, void *p, size_t n);

typedef struct mica_intern_slot {
	const char *text;        /* NULL: empty slot */
	uint32_t hash, len;
} mica_intern_slot;

/* A set of strings stored in an arena (which owns their bytes; the set
 * only indexes them, and may be freed before the arena). */
typedef struct mica_interns {
	mica_arena *arena;
	mica_intern_slot *slot;  /* open addressing, load at most 1/2 */
	uint32_t mask, count;
	uint32_t header;         /* zeroed bytes before each string (a
	                            multiple of 4, 4-aligned) for the set's
	                            user; 0 unless set after mica_intern_init */
} mica_interns;

void mica_intern_init(mica_interns *t, mica_arena *a);
/* The one copy of s[0..n) in t's arena. */
const char *mica_intern(mica_interns *t, const char *s, size_t n);
void mica_intern_free(mica_interns *t);

#endif
