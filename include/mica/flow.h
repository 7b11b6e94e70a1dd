/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * flow.h -- the information-flow graph of a policy (man/mica.5, "Confidentiality").
 *
 * Nodes are the realms, the regions, the host and `any`. An edge is a
 * way data can move: a realm writes a region (w), a region is read by a
 * subject (r), the host reads every unprotected region, and host calls,
 * MMIO, PSCI, RIPAS changes, demand paging and non-strict realms reach
 * the host. The host, `any` and untrusted realms are sinks. A distrustful
 * realm leaks when a path leads from it to a sink without passing through
 * a trusted realm.
 *
 * One breadth-first search backwards from all sinks, never entering a
 * trusted realm, gives every node its shortest path to the nearest sink
 * at once: linear in the size of the graph, however many realms leak.
 */
#ifndef MICA_FLOW_H
#define MICA_FLOW_H

#include <stdbool.h>
#include <stdint.h>
#include "mica/ir.h"

typedef enum {
	MICA_EDGE_WRITE,         /* realm or any -> region, an access line */
	MICA_EDGE_READ,          /* region -> subject, an access line */
	MICA_EDGE_HOST_READ,     /* region -> host, unprotected, implicit */
	MICA_EDGE_HOST_WRITE,    /* host -> region, unprotected, implicit */
	MICA_EDGE_HOSTCALL,      /* realm -> host, an allow line */
	MICA_EDGE_MMIO,
	MICA_EDGE_PSCI,
	MICA_EDGE_RIPAS,
	MICA_EDGE_PAGING,
	MICA_EDGE_EXIT,          /* realm -> host, strict = false */
	MICA_EDGE_ENTRY,         /* host -> realm, strict = false */
} mica_edge_kind;

/* 12 bytes: a policy has about one edge per 50 bytes of source, and the
 * graph is part of check's peak memory. Where an edge comes from is
 * found through the IR (mica_flow_edge_loc), not copied into it. */
typedef struct mica_flow_edge {
	uint32_t from, to;
	unsigned kind : 4;       /* a mica_edge_kind */
	unsigned access : 28;    /* WRITE, READ: the access line's index in
	                            its region (the edge's region end); an
	                            access line takes more than 4 bytes of a
	                            source of at most 1 GiB, so it fits */
} mica_flow_edge;

#define MICA_FLOW_NONE UINT32_MAX

typedef struct mica_flow {
	const mica_ir *ir;
	uint32_t nnodes;         /* realms, then regions, then host, any */
	uint32_t host, any;
	uint32_t nedges;
	mica_flow_edge *edges;
	uint32_t *out_degree;
	/* First edge of the node's shortest path to a sink, or NONE. */
	uint32_t *next;
} mica_flow;

mica_flow *mica_flow_build(const mica_ir *ir);
/* The line that creates edge e: the access line, the first `allow` of
 * its kind, `strict = false`; line 0 for the host's implicit edges. */
mica_loc mica_flow_edge_loc(const mica_flow *f, const mica_flow_edge *e);
void mica_flow_free(mica_flow *f);

static inline uint32_t mica_flow_region(const mica_flow *f, uint32_t g)
{
	return f->ir->nrealms + g;
}

/* The host, `any`, or an untrusted realm. */
bool mica_flow_is_sink(const mica_flow *f, uint32_t node);
/* A distrustful realm with a path to a sink. */
bool mica_flow_leaks(const mica_flow *f, uint32_t realm);
/* A node's name for messages: realm or region name, "host", "any". */
const char *mica_flow_name(const mica_flow *f, uint32_t node);

/* ---- forward search from one node (micac explain, mica_reach) ----
 *
 * Where one node's data can go: a breadth-first search along the edges
 * from `from`, giving every node its shortest path from it. Data enters
 * a trusted realm but does not leave it (it may declassify), unless
 * through_trusted is set; `from` itself is always left, whatever its
 * trust. Edges are taken in the graph's fixed order, so paths are
 * deterministic. */
typedef struct mica_flow_fwd {
	uint32_t from;
	/* The edge entering each node on its shortest path from `from`;
	 * NONE when unreached, and for `from` itself. */
	uint32_t *prev;
	/* Hops from `from`; MICA_FLOW_NONE when unreached, 0 for it. */
	uint32_t *dist;
} mica_flow_fwd;

void mica_flow_forward(const mica_flow *f, uint32_t from,
		       bool through_trusted, mica_flow_fwd *out);
void mica_flow_fwd_free(mica_flow_fwd *fw);
/* Hops from every node to `to` along the edges into dist (nnodes
 * entries; MICA_FLOW_NONE: no path): which nodes reach `to`, on paths
 * whose trusted realms, if any, are only at the ends unless
 * through_trusted is set. */
void mica_flow_backward(const mica_flow *f, uint32_t to,
			bool through_trusted, uint32_t *dist);
/* A trusted realm: data that reaches it stops there. */
bool mica_flow_is_trusted(const mica_flow *f, uint32_t node);

#endif
