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

#endif
