/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * names.h -- the one name space of realms and regions, as a hash table.
 *
 * Names are interned (mica/arena.h): within one parse, equal names are
 * equal pointers, so the table hashes and compares pointers, never the
 * bytes. Every name of a tree from mica_parse, and of mica_parse_lower,
 * comes from one interning set.
 */
#ifndef MICA_NAMES_H
#define MICA_NAMES_H

#include <stdint.h>
#include "mica/source.h"

/* PENDING: used, not declared yet (streaming lowering, lower.h); its
 * index is then a pending number. */
typedef enum {
	MICA_NAME_REALM, MICA_NAME_REGION, MICA_NAME_PENDING
} mica_name_kind;

/* 16 bytes: the table of a million names is a few MB. A declaration's
 * location is the IR's (realms[index].loc or regions[index].loc). */
typedef struct mica_name_entry {
	const char *text;        /* interned: the key is the pointer */
	mica_name_kind kind;
	uint32_t index;          /* into the IR's realms or regions */
} mica_name_entry;

typedef struct mica_names {
	mica_name_entry *slot;   /* open addressing; text NULL = empty */
	uint32_t mask, count;
} mica_names;

/* Sized for expected names; it grows past that (streaming does not know
 * the count in advance). */
void mica_names_init(mica_names *t, uint32_t expected);
void mica_names_free(mica_names *t);
/* The entry for text, or NULL. */
const mica_name_entry *mica_names_find(const mica_names *t, const char *text);
/* Adds e; returns NULL, or the existing entry if text was there (valid
 * until the next add). */
mica_name_entry *mica_names_add(mica_names *t, const mica_name_entry *e);

#endif
