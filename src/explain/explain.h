/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * explain.h -- queries over checked policies: what a Realm's data can
 * reach and why a target is out of reach (micac explain, mica_reach),
 * and the semantic difference of two policies (micac diff).
 *
 * Everything here takes an IR that passed mica_check() and
 * mica_backend_check() without errors, and its flow graph.
 */
#ifndef MICA_EXPLAIN_H
#define MICA_EXPLAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "mica/arena.h"
#include "mica/flow.h"
#include "mica/mica.h"

/* ---- names (names.c) ---- */

/* The node called name: a realm, or with realms_only false also a
 * region, "host" or "any"; MICA_FLOW_NONE when there is none. */
uint32_t mica_explain_find(const mica_flow *f, const char *name,
			   bool realms_only);
/* The closest node name to an unknown name (edit distance at most a
 * third of its length, at least 1; the first in node order on a tie),
 * or NULL. */
const char *mica_explain_suggest(const mica_flow *f, const char *name,
				 bool realms_only);
/* "trusted", "distrustful", "untrusted" for a realm, the host and
 * `any`; NULL for a region. */
const char *mica_explain_trust(const mica_flow *f, uint32_t node);
/* The name of an edge kind in paths: mica.h's mica_hop.edge. */
const char *mica_explain_edge(mica_edge_kind k);
/* The line that creates edge e: its access or allow line, `strict =
 * false`, or the region's declaration for the host's implicit access. */
mica_loc mica_explain_edge_loc(const mica_flow *f, uint32_t e);

/* ---- reach (reach.c) ---- */

/* What realm reaches in f, into *out (mica_reach_free releases it). */
void mica_reach_from_flow(const mica_flow *f, uint32_t realm,
			  mica_reach *out);
/* The same restricted to one node `only` (MICA_FLOW_NONE: all): its
 * entry in nodes or beyond, if any. One path instead of all of them,
 * whose total length can grow with the square of the graph's. */
void mica_reach_one(const mica_flow *f, uint32_t realm, uint32_t only,
		    mica_reach *out);
/* The hops of fw's shortest path to t (none when unreached), every
 * string copied into a; returns their number. */
size_t mica_reach_path(mica_arena *a, const mica_flow *f,
		       const mica_flow_fwd *fw, uint32_t t, mica_hop **out);

/* ---- why a target is out of reach (whynot.c) ---- */

typedef struct mica_whynot {
	uint32_t target;
	/* Trusted realms the realm reaches from which the target is
	 * reachable: where the data stops. By hops, then node order. */
	uint32_t nstop;
	uint32_t *stop;
	/* The edges entering the target (its readers' access lines, the
	 * writers of a region, the exits to the host), in edge order. */
	uint32_t nentry;
	uint32_t *entry;
	/* The nearest change that would create a path: realm fix_from,
	 * reached by the realm asked about (or itself), writing region
	 * fix_to, or with an allow line exiting to the host (fix_to is
	 * the host); or with fix_read, the target (fix_from, a realm or
	 * `any`) reading region fix_to, which the data reaches. fix_hops
	 * is the length of the path the change opens. fix_from is
	 * MICA_FLOW_NONE when no such change helps. */
	uint32_t fix_from, fix_to, fix_hops;
	bool fix_read;
} mica_whynot;

/* Explains why fw (a forward search stopping at trusted realms) does
 * not reach target. */
void mica_whynot_compute(const mica_flow *f, const mica_flow_fwd *fw,
			 uint32_t target, mica_whynot *w);
void mica_whynot_free(mica_whynot *w);
/* The sentence for a target with no entry from what the realm reaches:
 * "nothing R reaches writes a region that T reads", and so on. */
void mica_whynot_sentence(const mica_flow *f, uint32_t realm,
			  uint32_t target, char *buf, size_t size);

/* ---- micac explain's output (print.c) ---- */

void mica_explain_print_text(FILE *out, const mica_reach *r);
void mica_explain_print_json(FILE *out, const mica_flow *f,
			     const mica_reach *r);
/* For one target: its path, or why there is none (w). */
void mica_explain_print_target_text(FILE *out, const mica_flow *f,
				    const mica_reach *r, uint32_t target,
				    const mica_whynot *w);
void mica_explain_print_target_json(FILE *out, const mica_flow *f,
				    const mica_reach *r, uint32_t target,
				    const mica_whynot *w);
/* JSON pieces the diff prints too: a string or null; a path as an
 * array of hops {from, to, to_trust, edge, file, line, column}. */
void mica_explain_json_str(FILE *out, const char *s);
void mica_explain_json_hops(FILE *out, const mica_hop *h, size_t n);

#endif
