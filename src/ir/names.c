/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * names.c -- an open-addressing hash table from interned names to
 * declarations.
 *
 * Sized once for the declarations of the file (load at most 1/2), so it
 * does not grow when the tree gives the count. Streaming keeps each
 * entry in the 8 bytes before its name instead (in place): no table to
 * grow and hold beside the IR, which was a fifth of check's peak memory,
 * and no probe.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/util.h"
#include "mica/ast.h"
#include "names.h"

/* The high half of a multiplicative hash of the pointer (interned). */
static uint32_t hash(const char *s)
{
	return (uint32_t)(((uint64_t)(uintptr_t)s *
			   UINT64_C(0x9E3779B97F4A7C15)) >> 32);
}

void mica_names_init(mica_names *t, uint32_t expected)
{
	uint32_t size = 16;

	while (size < 2 * (uint64_t)expected + 2)
		size *= 2;
	t->slot = mica_xcalloc(size, sizeof *t->slot);
	t->mask = size - 1;
	t->count = 0;
}

_Static_assert(MICA_NAME_SLOT == 2 * sizeof(uint32_t),
	       "a name's slot holds its kind and index");

void mica_names_init_in_place(mica_names *t)
{
	memset(t, 0, sizeof *t);
	t->in_place = true;
}

/* The kind + 1 and index kept before an interned name. */
static uint32_t *slot_of(const char *text)
{
	return (uint32_t *)(uintptr_t)(text - MICA_NAME_SLOT);
}

/* In place: the entry of text, copied to t->found, or NULL. */
static const mica_name_entry *found(mica_names *t, const char *text)
{
	const uint32_t *w = slot_of(text);

	if (w[0] == 0)
		return NULL;
	t->found.text = text;
	t->found.kind = (mica_name_kind)(w[0] - 1);
	t->found.index = w[1];
	return &t->found;
}

void mica_names_free(mica_names *t)
{
	free(t->slot);
	memset(t, 0, sizeof *t);
}

static mica_name_entry *probe(const mica_names *t, const char *text)
{
	uint32_t i = hash(text) & t->mask;

	while (t->slot[i].text && t->slot[i].text != text)
		i = (i + 1) & t->mask;
	return &t->slot[i];
}

const mica_name_entry *mica_names_find(mica_names *t, const char *text)
{
	const mica_name_entry *e;

	if (t->in_place)
		return found(t, text);
	e = probe(t, text);
	return e->text ? e : NULL;
}

/* Doubles the table, keeping the load at most 1/2. */
static void grow(mica_names *t)
{
	mica_names old = *t;
	uint32_t i;

	t->slot = mica_xcalloc((size_t)old.mask + 1, 2 * sizeof *t->slot);
	t->mask = 2 * old.mask + 1;
	for (i = 0; i <= old.mask; i++)
		if (old.slot[i].text)
			*probe(t, old.slot[i].text) = old.slot[i];
	free(old.slot);
}

void mica_names_set(mica_names *t, const mica_name_entry *e)
{
	if (t->in_place) {
		uint32_t *w = slot_of(e->text);
		w[0] = (uint32_t)e->kind + 1;
		w[1] = e->index;
		return;
	}
	*probe(t, e->text) = *e;
}

const mica_name_entry *mica_names_add(mica_names *t,
				      const mica_name_entry *e)
{
	mica_name_entry *slot;

	if (t->in_place) {
		const mica_name_entry *old = found(t, e->text);
		if (!old) {
			mica_names_set(t, e);
			t->count++;
		}
		return old;
	}
	slot = probe(t, e->text);
	if (slot->text)
		return slot;
	if (2 * ((uint64_t)t->count + 1) > (uint64_t)t->mask + 1) {
		grow(t);
		slot = probe(t, e->text);
	}
	*slot = *e;
	t->count++;
	return NULL;
}
