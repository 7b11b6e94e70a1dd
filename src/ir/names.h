/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * names.h -- the one name space of realms and regions, as a hash table.
 */
#ifndef MICA_NAMES_H
#define MICA_NAMES_H

#include <stdint.h>
#include "mica/source.h"

typedef enum { MICA_NAME_REALM, MICA_NAME_REGION } mica_name_kind;

typedef struct mica_name_entry {
	const char *text;        /* borrowed from the syntax tree */
	mica_name_kind kind;
	uint32_t index;          /* into the IR's realms or regions */
	mica_loc loc;            /* the declaration, for "first declared" */
} mica_name_entry;

typedef struct mica_names {
	mica_name_entry *slot;   /* open addressing; text NULL = empty */
	uint32_t mask, count;
} mica_names;

void mica_names_init(mica_names *t, uint32_t expected);
void mica_names_free(mica_names *t);
/* The entry for text, or NULL. */
const mica_name_entry *mica_names_find(const mica_names *t, const char *text);
/* Adds text; returns NULL, or the existing entry if it was declared. */
const mica_name_entry *mica_names_add(mica_names *t,
				      const mica_name_entry *e);

#endif
