/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * names.c -- an open-addressing hash table from names to declarations.
 *
 * Sized once for the declarations of the file (load at most 1/2), so it
 * never grows: lowering 100k realms stays linear.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/util.h"
#include "names.h"

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;        /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
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

void mica_names_free(mica_names *t)
{
	free(t->slot);
	memset(t, 0, sizeof *t);
}

static mica_name_entry *probe(const mica_names *t, const char *text)
{
	uint32_t i = hash(text) & t->mask;

	while (t->slot[i].text && strcmp(t->slot[i].text, text) != 0)
		i = (i + 1) & t->mask;
	return &t->slot[i];
}

const mica_name_entry *mica_names_find(const mica_names *t, const char *text)
{
	const mica_name_entry *e = probe(t, text);

	return e->text ? e : NULL;
}

const mica_name_entry *mica_names_add(mica_names *t,
				      const mica_name_entry *e)
{
	mica_name_entry *slot = probe(t, e->text);

	if (slot->text)
		return slot;
	*slot = *e;
	t->count++;
	return NULL;
}
