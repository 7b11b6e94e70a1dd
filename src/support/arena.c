/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * arena.c -- bump allocation and interned strings (mica/arena.h).
 */
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mica/arena.h"
#include "mica/util.h"

/* Blocks grow from 64 KiB to 4 MiB: a small policy stays small, a large
 * one needs few blocks. A request larger than a block gets a block of
 * its own. calloc gives zeroed memory, and skips clearing memory fresh
 * from the system, so mica_arena_alloc needs no memset.
 *
 * Full-size blocks of a freed arena are kept for the next arena, up to
 * SPARE_MAX bytes, and cleared when reused: giving them back to malloc
 * (which unmaps or trims them) made a process that parses file after
 * file fault every page of every tree in again, slower than the many
 * small mallocs the arena replaces. Kept blocks stay reachable, and the
 * list is shared by threads under a lock. */
#define BLOCK_MIN ((size_t)64 << 10)
#define BLOCK_MAX ((size_t)4 << 20)
#define SPARE_MAX ((size_t)512 << 20)
#define ALIGN 16u

struct mica_arena_block {
	mica_arena_block *prev;
	size_t size;             /* bytes after the header */
	_Alignas(16) char data[];
};

#define FULL (BLOCK_MAX - sizeof(mica_arena_block))

static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;
static mica_arena_block *spare;  /* full-size blocks, linked by prev */
static size_t spare_bytes;

/* A kept full-size block, or NULL. */
static mica_arena_block *take_spare(void)
{
	mica_arena_block *b;

	pthread_mutex_lock(&spare_lock);
	b = spare;
	if (b) {
		spare = b->prev;
		spare_bytes -= FULL;
	}
	pthread_mutex_unlock(&spare_lock);
	if (b)
		memset(b->data, 0, FULL);
	return b;
}

/* Keeps b for a later arena, or frees it. */
static void give_back(mica_arena_block *b)
{
	if (b->size == FULL) {
		pthread_mutex_lock(&spare_lock);
		if (spare_bytes + FULL <= SPARE_MAX) {
			b->prev = spare;
			spare = b;
			spare_bytes += FULL;
			b = NULL;
		}
		pthread_mutex_unlock(&spare_lock);
	}
	free(b);
}

static void grow(mica_arena *a, size_t n)
{
	size_t size = a->head ? 2 * a->head->size : BLOCK_MIN;
	mica_arena_block *b;

	if (size > BLOCK_MAX - sizeof *b)
		size = BLOCK_MAX - sizeof *b;   /* a block is 4 MiB in all */
	if (size < n)
		size = n;
	b = size == FULL ? take_spare() : NULL;
	if (!b)
		b = mica_xcalloc(1, sizeof *b + size);
	b->prev = a->head;
	b->size = size;
	a->head = b;
	a->next = b->data;
	a->end = b->data + size;
	a->total += size;
}

void mica_arena_init(mica_arena *a)
{
	memset(a, 0, sizeof *a);
}

void *mica_arena_alloc(mica_arena *a, size_t n)
{
	size_t pad = (size_t)(-(uintptr_t)a->next & (ALIGN - 1));
	char *p;

	if (n == 0)
		n = 1;
	/* Strings leave next unaligned; objects start aligned. */
	if (!a->head || (size_t)(a->end - a->next) < pad + n) {
		grow(a, n);
		pad = 0;
	}
	p = a->next + pad;
	a->next = p + n;
	return p;
}

char *mica_arena_strndup(mica_arena *a, const char *s, size_t n)
{
	char *p;

	/* Strings need no alignment: take them byte-exact. */
	if (!a->head || (size_t)(a->end - a->next) < n + 1)
		grow(a, n + 1);
	p = a->next;
	a->next += n + 1;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* s[0..n) and a NUL after header zeroed bytes, 4-aligned: an interned
 * name with room for its user's data in front. */
static char *strndup_after(mica_arena *a, uint32_t header, const char *s,
			   size_t n)
{
	size_t pad = (size_t)(-(uintptr_t)a->next & 3u);
	char *p;

	if (!a->head || (size_t)(a->end - a->next) < pad + header + n + 1) {
		grow(a, header + n + 1);
		pad = 0;
	}
	p = a->next + pad;
	memset(p, 0, header);
	memcpy(p + header, s, n);
	p[header + n] = '\0';
	a->next = p + header + n + 1;
	return p + header;
}

void mica_arena_free(mica_arena *a)
{
	while (a->head) {
		mica_arena_block *prev = a->head->prev;
		give_back(a->head);
		a->head = prev;
	}
	memset(a, 0, sizeof *a);
}

void mica_arena_reset(mica_arena *a)
{
	mica_arena_block *keep = a->head;

	if (!keep)
		return;
	/* The newest block is the largest: the next declaration most
	 * likely fits in it. Only its used bytes need clearing. */
	while (keep->prev) {
		mica_arena_block *prev = keep->prev->prev;
		give_back(keep->prev);
		keep->prev = prev;
	}
	memset(keep->data, 0, (size_t)(a->next - keep->data));
	a->next = keep->data;
	a->end = keep->data + keep->size;
	a->total = keep->size;
}

void *mica_arena_array(mica_arena *a, void *p, size_t n)
{
	mica_arena_block *b = NULL, *nb, **link;

	/* A block of its own, linked just behind head: bump allocation
	 * goes on in head, and mica_arena_free releases it with the rest. */
	if (!a->head)
		grow(a, 0);
	link = &a->head->prev;
	if (p) {
		b = (mica_arena_block *)((char *)p -
					 offsetof(mica_arena_block, data));
		while (*link != b)
			link = &(*link)->prev;
		*link = b->prev;
		a->total -= b->size;
		link = &a->head->prev;
	}
	/* realloc moves large blocks by remapping pages, not copying; the
	 * new bytes are left as they are, untouched until used. */
	nb = realloc(b, sizeof *nb + n);
	if (!nb)
		mica_fatal("out of memory (%zu bytes)", sizeof *nb + n);
	nb->size = n;
	nb->prev = *link;
	*link = nb;
	a->total += n;
	return nb->data;
}

static uint32_t hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;        /* FNV-1a */

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

void mica_intern_init(mica_interns *t, mica_arena *a)
{
	memset(t, 0, sizeof *t);
	t->arena = a;
}

static void rehash(mica_interns *t)
{
	uint32_t size = t->slot ? 2 * (t->mask + 1) : 1024;
	mica_intern_slot *old = t->slot;
	uint32_t oldsize = t->slot ? t->mask + 1 : 0;

	t->slot = mica_xcalloc(size, sizeof *t->slot);
	t->mask = size - 1;
	for (uint32_t i = 0; i < oldsize; i++) {
		uint32_t j = old[i].hash & t->mask;
		if (!old[i].text)
			continue;
		while (t->slot[j].text)
			j = (j + 1) & t->mask;
		t->slot[j] = old[i];
	}
	free(old);
}

const char *mica_intern(mica_interns *t, const char *s, size_t n)
{
	uint32_t h = hash(s, n), i;

	if (!t->slot || 2 * (uint64_t)(t->count + 1) > (uint64_t)t->mask + 1)
		rehash(t);
	for (i = h & t->mask; t->slot[i].text; i = (i + 1) & t->mask)
		if (t->slot[i].hash == h && t->slot[i].len == n &&
		    memcmp(t->slot[i].text, s, n) == 0)
			return t->slot[i].text;
	t->slot[i].text = t->header
		? strndup_after(t->arena, t->header, s, n)
		: mica_arena_strndup(t->arena, s, n);
	t->slot[i].hash = h;
	t->slot[i].len = (uint32_t)n;
	t->count++;
	return t->slot[i].text;
}

void mica_intern_free(mica_interns *t)
{
	free(t->slot);
	memset(t, 0, sizeof *t);
}
