/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * names.h -- the one name space of realms and regions, as a hash table.
 *
 * Names are interned (mica/arena.h): within one parse, equal names are
 * equal pointers, so the table hashes and compares pointers, never the
 * bytes. Every name of a tree from mica_parse, and of mica_parse_lower,
 * comes from one interning set. mica_parse_lower needs no table at all:
 * its names come with room for their entries (mica_names_init_in_place),
 * which saves the memory of a table and a probe per use.
 */
#ifndef MICA_NAMES_H
#define MICA_NAMES_H

#include <stdbool.h>
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
	/* In place: no table; a name's kind + 1 (0: not added) and index
	 * are the MICA_NAME_SLOT bytes before it (mica_parse_stream), and
	 * what find and add return is a copy in found. */
	bool in_place;
	mica_name_entry found;
} mica_names;

/* Sized for expected names; it grows past that (streaming does not know
 * the count in advance). */
void mica_names_init(mica_names *t, uint32_t expected);
/* A table kept with the names themselves: every name looked up or added
 * must come from mica_parse_stream and belong to this table only. */
void mica_names_init_in_place(mica_names *t);
void mica_names_free(mica_names *t);
/* The entry for text, or NULL (valid until the next call). */
const mica_name_entry *mica_names_find(mica_names *t, const char *text);
/* Adds e; returns NULL, or the existing entry if text was there (valid
 * until the next call; to change it, mica_names_set). */
const mica_name_entry *mica_names_add(mica_names *t,
				      const mica_name_entry *e);
/* Replaces the entry of e->text, which must be there. */
void mica_names_set(mica_names *t, const mica_name_entry *e);

#endif
