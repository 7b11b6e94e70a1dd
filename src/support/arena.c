/*
 * arena.c -- bump allocation and interned strings (mica/arena.h).
 */
#define _GNU_SOURCE             /* MAP_ANONYMOUS, MADV_HUGEPAGE */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mica/arena.h"
#include "mica/util.h"

/* Blocks grow from 64 KiB to 4 MiB: a small policy stays small, a large
 * one needs few blocks. A request larger than that gets a block of its
 * own. Small blocks come from calloc. Blocks of HUGE or more are mapped
 * directly, aligned to HUGE and marked for transparent huge pages: a
 * tree of a few hundred megabytes then costs a few hundred page faults
 * instead of a hundred thousand, which on a virtual machine was a fifth
 * of micac check. Either way the memory starts zeroed (fresh pages), so
 * mica_arena_alloc needs no memset. */
#define BLOCK_MIN ((size_t)64 << 10)
#define BLOCK_MAX ((size_t)4 << 20)
#define HUGE ((size_t)2 << 20)
#define ALIGN 16u

struct mica_arena_block {
	mica_arena_block *prev;
	size_t size;             /* bytes after the header */
	size_t mapped;           /* bytes mapped at the block, or 0: calloc */
	_Alignas(16) char data[];
};

/* A zeroed block of at least bytes (header included), HUGE-aligned, or
 * NULL when the mapping fails (then calloc is used). */
static mica_arena_block *map_block(size_t bytes, size_t *mapped)
{
	size_t len = (bytes + HUGE - 1) & ~(HUGE - 1);
	char *p = mmap(NULL, len + HUGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *q;

	if (p == MAP_FAILED)
		return NULL;
	q = (char *)(((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1));
	if (q > p)
		munmap(p, (size_t)(q - p));
	if (q + len < p + len + HUGE)
		munmap(q + len, (size_t)(p + len + HUGE - (q + len)));
	/* Advice only: without huge pages the block works all the same. */
	(void)madvise(q, len, MADV_HUGEPAGE);
	*mapped = len;
	return (mica_arena_block *)q;
}

void mica_arena_init(mica_arena *a)
{
	memset(a, 0, sizeof *a);
}

static void grow(mica_arena *a, size_t n)
{
	size_t size = a->head ? 2 * a->head->size : BLOCK_MIN, mapped;
	mica_arena_block *b;

	if (size > BLOCK_MAX - sizeof *b)
		size = BLOCK_MAX - sizeof *b;   /* a block is 4 MiB in all */
	if (size < n)
		size = n;
	b = NULL;
	mapped = 0;
	if (size + sizeof *b >= HUGE)
		b = map_block(sizeof *b + size, &mapped);
	if (b)
		size = mapped - sizeof *b;
	else
		b = mica_xcalloc(1, sizeof *b + size);
	b->mapped = mapped;
	b->prev = a->head;
	b->size = size;
	a->head = b;
	a->next = b->data;
	a->end = b->data + size;
	a->total += size;
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

void mica_arena_free(mica_arena *a)
{
	while (a->head) {
		mica_arena_block *prev = a->head->prev;
		if (a->head->mapped)
			munmap(a->head, a->head->mapped);
		else
			free(a->head);
		a->head = prev;
	}
	memset(a, 0, sizeof *a);
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
	t->slot[i].text = mica_arena_strndup(t->arena, s, n);
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
