/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * reach.c -- mica_reach (mica/mica.h): what one Realm's data can reach,
 * from two forward searches over the flow graph (mica/flow.h): one
 * stopping at trusted Realms (what the Realm reaches), one passing
 * through them (what only a trusted Realm keeps from it).
 *
 * The result owns copies of every string in one arena, so it outlives
 * the policy it was computed from.
 */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "mica/arena.h"
#include "mica/unit.h"
#include "mica/util.h"
#include "api_internal.h"

typedef struct reach_owner {
	mica_arena arena;
} reach_owner;

static const char *dup(mica_arena *a, const char *s)
{
	return s ? mica_arena_strndup(a, s, strlen(s)) : NULL;
}

static mica_node_kind kind_of(const mica_flow *f, uint32_t n)
{
	return n == f->host ? MICA_NODE_HOST : n == f->any ? MICA_NODE_ANY :
	       n < f->ir->nrealms ? MICA_NODE_REALM : MICA_NODE_REGION;
}

/* Each node's name and trust, copied once into the result's arena:
 * every hop points at these, so a path costs no string copies. */
typedef struct names {
	const char **name, **trust;
} names;

/* The path from fw's origin to node t, hop by hop, into r. */
static void fill(mica_arena *a, const mica_flow *f, const mica_flow_fwd *fw,
		 const names *nm, uint32_t t, const char *file,
		 mica_reached *r)
{
	mica_hop *hops;
	uint32_t n = t, k;

	r->kind = kind_of(f, t);
	r->name = nm->name[t];
	r->trust = nm->trust[t];
	r->sink = mica_flow_is_sink(f, t);
	r->stops = mica_flow_is_trusted(f, t);
	r->nhops = fw->dist[t];
	hops = mica_arena_alloc(a, (r->nhops ? r->nhops : 1) * sizeof *hops);
	for (k = fw->dist[t]; k-- > 0;) {
		uint32_t e = fw->prev[n];
		const mica_flow_edge *x = &f->edges[e];
		mica_loc loc = mica_explain_edge_loc(f, e);
		hops[k].from = nm->name[x->from];
		hops[k].to = nm->name[x->to];
		hops[k].to_trust = nm->trust[x->to];
		hops[k].edge = mica_explain_edge(x->kind);
		hops[k].file = file;
		hops[k].line = loc.first_line;
		hops[k].column = loc.first_column;
		n = x->from;
	}
	r->hops = hops;
}

size_t mica_reach_path(mica_arena *a, const mica_flow *f,
		       const mica_flow_fwd *fw, uint32_t t, mica_hop **out)
{
	size_t n = fw->dist[t] == MICA_FLOW_NONE ? 0 : fw->dist[t], k;
	mica_hop *hops = mica_arena_alloc(a, (n ? n : 1) * sizeof *hops);
	const char *file = dup(a, f->ir->file ? f->ir->file : "");

	for (k = n; k-- > 0;) {
		uint32_t e = fw->prev[t];
		const mica_flow_edge *x = &f->edges[e];
		mica_loc loc = mica_explain_edge_loc(f, e);
		hops[k].from = dup(a, mica_flow_name(f, x->from));
		hops[k].to = dup(a, mica_flow_name(f, x->to));
		hops[k].to_trust = dup(a, mica_explain_trust(f, x->to));
		hops[k].edge = mica_explain_edge(x->kind);
		hops[k].file = file;
		hops[k].line = loc.first_line;
		hops[k].column = loc.first_column;
		t = x->from;
	}
	*out = hops;
	return n;
}

static mica_reached *collect(mica_arena *a, const mica_flow *f,
			     const mica_flow_fwd *fw,
			     const mica_flow_fwd *stop, const names *nm,
			     const char *file, uint32_t only, size_t *count)
{
	uint32_t *pick = mica_xcalloc(f->nnodes, sizeof *pick);
	uint32_t *start = mica_xcalloc(f->nnodes + 1, sizeof *start);
	uint32_t n, m = 0, i;
	mica_reached *out;

	/* The documented order: by hops (a counting sort, stable), then
	 * by node index: realms, regions, host, any, in declaration
	 * order. Hops are below nnodes. */
#define WANTED(n) ((n) != fw->from && fw->dist[n] != MICA_FLOW_NONE && \
		    (!stop || stop->dist[n] == MICA_FLOW_NONE) && \
		    (only == MICA_FLOW_NONE || (n) == only))
	for (n = 0; n < f->nnodes; n++)
		if (WANTED(n)) {
			start[fw->dist[n] + 1]++;
			m++;
		}
	for (n = 0; n < f->nnodes; n++)
		start[n + 1] += start[n];
	for (n = 0; n < f->nnodes; n++)
		if (WANTED(n))
			pick[start[fw->dist[n]]++] = n;
#undef WANTED
	free(start);
	out = mica_arena_alloc(a, (m ? m : 1) * sizeof *out);
	for (i = 0; i < m; i++) {
		fill(a, f, fw, nm, pick[i], file, &out[i]);
		if (stop) {   /* the first trusted realm after the origin */
			uint32_t n2 = pick[i], first = MICA_FLOW_NONE;
			while (fw->prev[n2] != MICA_FLOW_NONE) {
				n2 = f->edges[fw->prev[n2]].from;
				if (n2 != fw->from && mica_flow_is_trusted(f, n2))
					first = n2;
			}
			if (first != MICA_FLOW_NONE)
				out[i].stopped_by = nm->name[first];
		}
	}
	free(pick);
	*count = m;
	return out;
}

void mica_reach_from_flow(const mica_flow *f, uint32_t realm,
			  mica_reach *out)
{
	mica_reach_one(f, realm, MICA_FLOW_NONE, out);
}

void mica_reach_one(const mica_flow *f, uint32_t realm, uint32_t only,
		    mica_reach *out)
{
	reach_owner *o = mica_xcalloc(1, sizeof *o);
	mica_flow_fwd fw, all;
	const char *file;
	names nm;
	uint32_t n;

	memset(out, 0, sizeof *out);
	mica_arena_init(&o->arena);
	file = dup(&o->arena, f->ir->file ? f->ir->file : "");
	nm.name = mica_arena_alloc(&o->arena, f->nnodes * sizeof *nm.name);
	nm.trust = mica_arena_alloc(&o->arena, f->nnodes * sizeof *nm.trust);
	for (n = 0; n < f->nnodes; n++) {
		nm.name[n] = dup(&o->arena, mica_flow_name(f, n));
		nm.trust[n] = dup(&o->arena, mica_explain_trust(f, n));
	}
	mica_flow_forward(f, realm, false, &fw);
	mica_flow_forward(f, realm, true, &all);
	out->realm = nm.name[realm];
	out->trust = nm.trust[realm];
	out->nodes = collect(&o->arena, f, &fw, NULL, &nm, file, only,
			     &out->n);
	out->beyond = collect(&o->arena, f, &all, &fw, &nm, file, only,
			      &out->nbeyond);
	out->internal = o;
	mica_flow_fwd_free(&fw);
	mica_flow_fwd_free(&all);
}

void mica_reach_free(mica_reach *reach)
{
	reach_owner *o = reach ? reach->internal : NULL;

	if (o) {
		mica_arena_free(&o->arena);
		free(o);
	}
	if (reach)
		memset(reach, 0, sizeof *reach);
}

static int reach(mica_ctx *ctx, const char *path, const char *name,
		 const char *text, size_t len, const char *realm,
		 mica_reach *out)
{
	mica_collect c;
	mica_unit u;
	int rc;

	if (out)
		memset(out, 0, sizeof *out);
	rc = mica_api_load(ctx, &c, &u, path, name, text, len);
	if (rc == MICA_STATUS_IO)
		return rc;
	if (rc == MICA_STATUS_OK) {
		mica_flow *f = mica_flow_build(u.ir);
		uint32_t r = realm ? mica_explain_find(f, realm, true)
				   : MICA_FLOW_NONE;
		if (r != MICA_FLOW_NONE && out) {
			mica_reach_from_flow(f, r, out);
		} else {
			const char *near = realm ? mica_explain_suggest(
				f, realm, true) : NULL;
			char msg[160];
			snprintf(msg, sizeof msg, "no realm '%.64s'%s%.40s%s",
				 realm ? realm : "", near ? " (did you mean '"
				 : "", near ? near : "", near ? "'?)" : "");
			mica_api_finish(ctx, &c, &u);
			mica_flow_free(f);
			mica_api_file_error(ctx, path ? path : name, msg);
			return MICA_STATUS_IO;
		}
		mica_flow_free(f);
	}
	mica_api_finish(ctx, &c, &u);
	return rc;
}

int mica_reach_file(mica_ctx *ctx, const char *path, const char *realm,
		    mica_reach *out)
{
	return reach(ctx, path ? path : "", NULL, NULL, 0, realm, out);
}

int mica_reach_buffer(mica_ctx *ctx, const char *name, const char *text,
		      size_t len, const char *realm, mica_reach *out)
{
	return reach(ctx, NULL, name ? name : "<policy>", text, len, realm,
		     out);
}
