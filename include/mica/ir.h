/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ir.h -- the checked intermediate form of a policy.
 *
 * mica_lower() resolves the syntax tree into flat arrays with indices in
 * place of names; mica_check() then applies every rule of man/mica.5
 * (CHECKS). Later stages take an IR only when both reported no error,
 * and may then rely on this postcondition without checking it again:
 *
 *   - names: realm and region names are unique (one namespace), at most
 *     MICA_MAX_IDENT bytes; every access subject is a realm index,
 *     MICA_IR_ANY or MICA_IR_HOST; every allow names a realm.
 *   - realms: exactly one measurement, of the policy's hash algorithm;
 *     rpv at most MICA_MAX_RPV bytes (len 0: none); trust and strict set
 *     (defaults applied).
 *   - regions: size > 0 and a multiple of MICA_GRANULE; a subject at most
 *     once per region; `host` only in unprotected regions and without an
 *     IPA; `any` always with a limit >= 1, named realms never.
 *   - windows: every realm's and `any`'s IPA is granule-aligned and the
 *     whole window [ipa, ipa + size) lies in its half of the 48-bit IPA
 *     space (protected below MICA_IPA_HALF, unprotected from it up to
 *     MICA_IPA_LIMIT); no two windows of one realm overlap.
 *   - rights are MICA_R, MICA_W or MICA_RW.
 *   - host calls: immediates are sorted, disjoint, non-adjacent inclusive
 *     ranges within 0..0xFFFF; hostcall_any overrides them.
 *
 * Order: realms, regions and accesses keep source order; whoever needs a
 * canonical order (the backend) sorts. Strings and arrays are owned by
 * the IR: mica_lower() allocates all of them in the IR's arena, so
 * mica_ir_free() releases it in a few blocks, never element by element.
 */
#ifndef MICA_IR_H
#define MICA_IR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "mica/arena.h"
#include "mica/ast.h"

#define MICA_IPA_BITS 48
#define MICA_IPA_LIMIT ((uint64_t)1 << MICA_IPA_BITS)
#define MICA_IPA_HALF ((uint64_t)1 << (MICA_IPA_BITS - 1))
#define MICA_IMM_MAX 0xFFFFu

/* A location as the IR keeps it: 8 bytes instead of mica_loc's 16, for
 * an IR has several per access line and they were a third of its size.
 * A span on one line, starting before column 2^19 and shorter than 4096
 * bytes (every token of a usual policy), is its line and, in `at`, its
 * first column (high bits) and length (low 12 bits). Any other span is
 * kept whole in the IR's table of wide locations: `at` is then
 * MICA_ILOC_WIDE | its index, and line is 1. Line 0: no location.
 * Locations turn back into mica_loc only to be shown: mica_ir_loc(). */
typedef struct mica_iloc {
	uint32_t line;
	uint32_t at;
} mica_iloc;

#define MICA_ILOC_WIDE 0x80000000u

#define MICA_IR_ANY (UINT32_MAX - 1)   /* subject: realms not named */
#define MICA_IR_HOST UINT32_MAX        /* subject: the untrusted host */

typedef struct mica_ir_access {
	uint32_t subject;        /* realm index, MICA_IR_ANY or MICA_IR_HOST */
	mica_rights rights;
	uint64_t ipa;            /* 0 for the host */
	uint64_t limit;          /* MICA_IR_ANY only */
	mica_iloc loc;            /* the subject as written */
	mica_iloc ipa_loc;
} mica_ir_access;

typedef struct mica_ir_region {
	/* In this order, 48 bytes without padding. */
	char *name;
	mica_iloc loc;            /* the name in the declaration */
	mica_region_kind kind;
	uint32_t naccesses;
	uint64_t size;
	mica_iloc size_loc;
	mica_ir_access *accesses;
} mica_ir_region;

typedef struct mica_ir_imm {
	uint16_t lo, hi;         /* inclusive */
} mica_ir_imm;

/* One window of a realm: which region, and which access line of it. */
typedef struct mica_ir_map {
	uint32_t region, access;
} mica_ir_map;

typedef struct mica_ir_realm {
	char *name;
	mica_iloc loc;            /* the name in the declaration */
	mica_digest measurement;
	mica_hexstr rpv;
	mica_trust trust;
	bool strict;
	mica_iloc strict_loc;     /* `strict = false`, when written */

	bool hostcall_any;
	uint32_t nimms;
	mica_ir_imm *imms;
	bool mmio, psci, ripas, paging;
	/* The first `allow` line of each kind, for flow paths. */
	mica_iloc hostcall_loc, mmio_loc, psci_loc, ripas_loc, paging_loc;

	uint32_t nmaps;          /* this realm's windows, in source order */
	mica_ir_map *maps;
	mica_iloc trust_loc;      /* the value of `trust = ...`, when written
	                            (line 0: distrustful by default) */
} mica_ir_realm;

typedef struct mica_ir {
	char *name;
	uint64_t version;
	mica_hash_alg hash;
	uint32_t nrealms, nregions;
	mica_ir_realm *realms;
	mica_ir_region *regions;
	const char *file;        /* the source's name, for flow paths */
	mica_loc *wide;          /* locations that do not fit a mica_iloc */
	uint32_t nwide, wide_cap;
	mica_arena arena;        /* owns the names and arrays above */
} mica_ir;

/* loc as the IR keeps it (in ir's table of wide locations if need be),
 * and back: mica_ir_loc(ir, mica_ir_iloc(ir, l)) is l, for every l. */
mica_iloc mica_ir_iloc_wide(mica_ir *ir, mica_loc loc);
mica_loc mica_ir_loc(const mica_ir *ir, mica_iloc p);

#define MICA_ILOC_LEN_BITS 12u
#define MICA_ILOC_LEN_MAX ((1u << MICA_ILOC_LEN_BITS) - 1)
#define MICA_ILOC_COL_MAX ((MICA_ILOC_WIDE >> MICA_ILOC_LEN_BITS) - 1)

/* Inline: lowering converts every location it keeps. */
static inline mica_iloc mica_ir_iloc(mica_ir *ir, mica_loc loc)
{
	/* The empty span (last == first - 1) has length 0. */
	uint32_t len = loc.last_column + 1 - loc.first_column;

	if (loc.first_line != 0 && loc.last_line == loc.first_line &&
	    loc.first_column <= MICA_ILOC_COL_MAX &&
	    loc.last_column + 1 >= loc.first_column &&
	    len <= MICA_ILOC_LEN_MAX) {
		mica_iloc p = { loc.first_line,
				loc.first_column << MICA_ILOC_LEN_BITS | len };
		return p;
	}
	return mica_ir_iloc_wide(ir, loc);
}

/* Resolves names and builds the IR, reporting unknown and duplicate
 * names, realm items, the shape of accesses and host-call immediates.
 * Always returns an IR; what could not be resolved is left out of it
 * (so checking it further adds no cascade of errors), and it meets the
 * postcondition only when no error was reported at all. */
mica_ir *mica_lower(const mica_ast *ast, mica_diag *d);

/* mica_parse and mica_lower in one pass that keeps no syntax tree (each
 * declaration is lowered as soon as it is parsed, then dropped), for a
 * file without errors: it builds the IR mica_lower would. At the first
 * error of any kind it stops, reports nothing and returns NULL: run
 * mica_parse and mica_lower then, which report the file's diagnostics
 * in their usual order. */
mica_ir *mica_parse_lower(mica_source *src);

/* Layout, transfers, warnings, and the confidentiality flow analysis.
 * Returns the number of errors it reported. */
unsigned mica_check(const mica_ir *ir, mica_diag *d);

void mica_ir_free(mica_ir *ir);

/* Stable text forms, for --dump and golden tests. */
void mica_ast_dump(const mica_ast *ast, FILE *out);
void mica_ir_dump(const mica_ir *ir, FILE *out);

#endif
