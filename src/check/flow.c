/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * flow.c -- build the flow graph and find every node's shortest leak.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/flow.h"
#include "mica/util.h"

static void add(mica_flow *f, uint32_t cap, uint32_t from, uint32_t to,
		mica_edge_kind kind, uint32_t access)
{
	mica_flow_edge *e;

	if (f->nedges == cap)   /* cap is exact; this cannot happen */
		mica_fatal("flow graph: edge count miscomputed");
	e = &f->edges[f->nedges++];
	e->from = from;
	e->to = to;
	e->kind = kind;
	e->access = access;
}

mica_loc mica_flow_edge_loc(const mica_flow *f, const mica_flow_edge *e)
{
	static const mica_loc none;
	const mica_ir *ir = f->ir;

	switch (e->kind) {
	case MICA_EDGE_WRITE:
		return mica_ir_loc(ir, ir->regions[e->to - ir->nrealms]
			.accesses[e->access].loc);
	case MICA_EDGE_READ:
		return mica_ir_loc(ir, ir->regions[e->from - ir->nrealms]
			.accesses[e->access].loc);
	case MICA_EDGE_HOSTCALL:
		return mica_ir_loc(ir, ir->realms[e->from].hostcall_loc);
	case MICA_EDGE_MMIO:
		return mica_ir_loc(ir, ir->realms[e->from].mmio_loc);
	case MICA_EDGE_PSCI:
		return mica_ir_loc(ir, ir->realms[e->from].psci_loc);
	case MICA_EDGE_RIPAS:
		return mica_ir_loc(ir, ir->realms[e->from].ripas_loc);
	case MICA_EDGE_PAGING:
		return mica_ir_loc(ir, ir->realms[e->from].paging_loc);
	case MICA_EDGE_EXIT:
		return mica_ir_loc(ir, ir->realms[e->from].strict_loc);
	case MICA_EDGE_ENTRY:
		return mica_ir_loc(ir, ir->realms[e->to].strict_loc);
	case MICA_EDGE_HOST_READ:
	case MICA_EDGE_HOST_WRITE:
		break;
	}
	return none;
}

static uint32_t subject_node(const mica_flow *f, uint32_t subject)
{
	return subject == MICA_IR_HOST ? f->host :
	       subject == MICA_IR_ANY ? f->any : subject;
}

/* Edges in a fixed order (regions, then realms' exits), so that the
 * search, and with it every reported path, is deterministic. */
static void build_edges(mica_flow *f)
{
	const mica_ir *ir = f->ir;
	uint32_t cap = 0, g, k, r;

	for (g = 0; g < ir->nregions; g++)
		cap += 2 * ir->regions[g].naccesses + 2;
	cap += 7 * ir->nrealms;
	f->edges = mica_xcalloc(cap, sizeof *f->edges);

	for (g = 0; g < ir->nregions; g++) {
		const mica_ir_region *rg = &ir->regions[g];
		uint32_t node = mica_flow_region(f, g);
		bool host_reads = false, host_writes = false;
		for (k = 0; k < rg->naccesses; k++) {
			const mica_ir_access *a = &rg->accesses[k];
			uint32_t s = subject_node(f, a->subject);
			if (a->rights & MICA_W)
				add(f, cap, s, node, MICA_EDGE_WRITE, k);
			if (a->rights & MICA_R)
				add(f, cap, node, s, MICA_EDGE_READ, k);
			if (s == f->host) {
				host_reads |= (a->rights & MICA_R) != 0;
				host_writes |= (a->rights & MICA_W) != 0;
			}
		}
		/* The host can always read and write normal-world memory. */
		if (rg->kind == MICA_UNPROTECTED && !host_reads)
			add(f, cap, node, f->host, MICA_EDGE_HOST_READ, 0);
		if (rg->kind == MICA_UNPROTECTED && !host_writes)
			add(f, cap, f->host, node, MICA_EDGE_HOST_WRITE, 0);
	}
	for (r = 0; r < ir->nrealms; r++) {
		const mica_ir_realm *rr = &ir->realms[r];
		if (rr->hostcall_any || rr->nimms)
			add(f, cap, r, f->host, MICA_EDGE_HOSTCALL, 0);
		if (rr->mmio)
			add(f, cap, r, f->host, MICA_EDGE_MMIO, 0);
		if (rr->psci)
			add(f, cap, r, f->host, MICA_EDGE_PSCI, 0);
		if (rr->ripas)
			add(f, cap, r, f->host, MICA_EDGE_RIPAS, 0);
		if (rr->paging)
			add(f, cap, r, f->host, MICA_EDGE_PAGING, 0);
		if (!rr->strict) {
			add(f, cap, r, f->host, MICA_EDGE_EXIT, 0);
			add(f, cap, f->host, r, MICA_EDGE_ENTRY, 0);
		}
	}
}

bool mica_flow_is_sink(const mica_flow *f, uint32_t node)
{
	return node == f->host || node == f->any ||
	       (node < f->ir->nrealms &&
		f->ir->realms[node].trust == MICA_UNTRUSTED);
}

static bool blocks(const mica_flow *f, uint32_t node)
{
	return node < f->ir->nrealms &&
	       f->ir->realms[node].trust == MICA_TRUSTED;
}

/* Backward BFS from every sink at once over the reversed edges. */
static void search(mica_flow *f)
{
	uint32_t *in_start, *in_edge, *queue, head = 0, tail = 0, i;

	in_start = mica_xcalloc(f->nnodes + 1, sizeof *in_start);
	in_edge = mica_xcalloc(f->nedges, sizeof *in_edge);
	queue = mica_xcalloc(f->nnodes, sizeof *queue);
	for (i = 0; i < f->nedges; i++)
		in_start[f->edges[i].to + 1]++;
	for (i = 0; i < f->nnodes; i++)
		in_start[i + 1] += in_start[i];
	/* Counting sort by target, stable, so edge order is kept; the
	 * queue is still unused and serves as the fill counters. */
	for (i = 0; i < f->nedges; i++) {
		uint32_t t = f->edges[i].to;
		in_edge[in_start[t] + queue[t]++] = i;
	}
	for (i = 0; i < f->nnodes; i++)
		f->next[i] = MICA_FLOW_NONE;

	for (i = 0; i < f->nnodes; i++)
		if (mica_flow_is_sink(f, i))
			queue[tail++] = i;
	while (head < tail) {
		uint32_t x = queue[head++], k;
		for (k = in_start[x]; k < in_start[x + 1]; k++) {
			uint32_t e = in_edge[k], p = f->edges[e].from;
			if (f->next[p] != MICA_FLOW_NONE ||
			    mica_flow_is_sink(f, p) || blocks(f, p))
				continue;
			f->next[p] = e;
			queue[tail++] = p;
		}
	}
	free(in_start);
	free(in_edge);
	free(queue);
}

mica_flow *mica_flow_build(const mica_ir *ir)
{
	mica_flow *f = mica_xcalloc(1, sizeof *f);
	uint32_t i;

	f->ir = ir;
	f->host = ir->nrealms + ir->nregions;
	f->any = f->host + 1;
	f->nnodes = f->any + 1;
	build_edges(f);
	f->out_degree = mica_xcalloc(f->nnodes, sizeof *f->out_degree);
	f->next = mica_xcalloc(f->nnodes, sizeof *f->next);
	for (i = 0; i < f->nedges; i++)
		f->out_degree[f->edges[i].from]++;
	search(f);
	return f;
}

void mica_flow_free(mica_flow *f)
{
	if (!f)
		return;
	free(f->edges);
	free(f->out_degree);
	free(f->next);
	free(f);
}

bool mica_flow_leaks(const mica_flow *f, uint32_t realm)
{
	return realm < f->ir->nrealms &&
	       f->ir->realms[realm].trust == MICA_DISTRUSTFUL &&
	       f->next[realm] != MICA_FLOW_NONE;
}

const char *mica_flow_name(const mica_flow *f, uint32_t node)
{
	if (node == f->host)
		return "host";
	if (node == f->any)
		return "any";
	if (node < f->ir->nrealms)
		return f->ir->realms[node].name;
	return f->ir->regions[node - f->ir->nrealms].name;
}

bool mica_flow_is_trusted(const mica_flow *f, uint32_t node)
{
	return blocks(f, node);
}

/* Forward BFS over the out-edges of each node, in edge order. The
 * out-edge index is a stable counting sort by source, as search() does
 * by target. */
void mica_flow_forward(const mica_flow *f, uint32_t from,
		       bool through_trusted, mica_flow_fwd *out)
{
	uint32_t *out_start, *out_edge, *queue, head = 0, tail = 0, i;

	out->from = from;
	out->prev = mica_xcalloc(f->nnodes, sizeof *out->prev);
	out->dist = mica_xcalloc(f->nnodes, sizeof *out->dist);
	out_start = mica_xcalloc(f->nnodes + 1, sizeof *out_start);
	out_edge = mica_xcalloc(f->nedges ? f->nedges : 1, sizeof *out_edge);
	queue = mica_xcalloc(f->nnodes, sizeof *queue);
	for (i = 0; i < f->nnodes; i++)
		out_start[i + 1] = out_start[i] + f->out_degree[i];
	for (i = 0; i < f->nedges; i++) {
		uint32_t s = f->edges[i].from;
		out_edge[out_start[s] + queue[s]++] = i;
	}
	for (i = 0; i < f->nnodes; i++) {
		out->prev[i] = MICA_FLOW_NONE;
		out->dist[i] = MICA_FLOW_NONE;
	}
	out->dist[from] = 0;
	queue[tail++] = from;
	while (head < tail) {
		uint32_t x = queue[head++], k;
		if (x != from && !through_trusted && blocks(f, x))
			continue;   /* reached, but nothing leaves it */
		for (k = out_start[x]; k < out_start[x + 1]; k++) {
			uint32_t e = out_edge[k], t = f->edges[e].to;
			if (out->dist[t] != MICA_FLOW_NONE)
				continue;
			out->dist[t] = out->dist[x] + 1;
			out->prev[t] = e;
			queue[tail++] = t;
		}
	}
	free(out_start);
	free(out_edge);
	free(queue);
}

void mica_flow_fwd_free(mica_flow_fwd *fw)
{
	if (!fw)
		return;
	free(fw->prev);
	free(fw->dist);
	fw->prev = fw->dist = NULL;
}

/* Backward BFS from one node over the reversed edges; the in-edge index is built as search() builds it. */
void mica_flow_backward(const mica_flow *f, uint32_t to,
			bool through_trusted, uint32_t *dist)
{
	uint32_t *in_start, *in_edge, *queue, head = 0, tail = 0, i;

	in_start = mica_xcalloc(f->nnodes + 1, sizeof *in_start);
	in_edge = mica_xcalloc(f->nedges ? f->nedges : 1, sizeof *in_edge);
	queue = mica_xcalloc(f->nnodes, sizeof *queue);
	for (i = 0; i < f->nedges; i++)
		in_start[f->edges[i].to + 1]++;
	for (i = 0; i < f->nnodes; i++)
		in_start[i + 1] += in_start[i];
	for (i = 0; i < f->nedges; i++) {
		uint32_t t = f->edges[i].to;
		in_edge[in_start[t] + queue[t]++] = i;
	}
	for (i = 0; i < f->nnodes; i++)
		dist[i] = MICA_FLOW_NONE;
	dist[to] = 0;
	queue[tail++] = to;
	while (head < tail) {
		uint32_t x = queue[head++], k;
		if (x != to && !through_trusted && blocks(f, x))
			continue;   /* data would stop in x */
		for (k = in_start[x]; k < in_start[x + 1]; k++) {
			uint32_t p = f->edges[in_edge[k]].from;
			if (dist[p] != MICA_FLOW_NONE)
				continue;
			dist[p] = dist[x] + 1;
			queue[tail++] = p;
		}
	}
	free(in_start);
	free(in_edge);
	free(queue);
}
