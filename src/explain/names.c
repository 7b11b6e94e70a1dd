/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * names.c -- nodes by name, suggestions for unknown names, and the
 * words explain and diff use for trust levels and edges.
 */
#include <stdlib.h>
#include <string.h>

#include "explain.h"

uint32_t mica_explain_find(const mica_flow *f, const char *name,
			   bool realms_only)
{
	uint32_t n, end = realms_only ? f->ir->nrealms : f->nnodes;

	for (n = 0; n < end; n++)
		if (strcmp(mica_flow_name(f, n), name) == 0)
			return n;
	return MICA_FLOW_NONE;
}

/* Edit distance with adjacent transpositions (optimal string
 * alignment), three rows; names are at most a few dozen bytes, longer
 * input is cut (it is then far from every name anyway). */
static size_t distance(const char *a, const char *b)
{
	size_t la = strnlen(a, 64), lb = strnlen(b, 64), i, j;
	size_t rows[3][65];

	for (j = 0; j <= lb; j++)
		rows[0][j] = j;
	for (i = 1; i <= la; i++) {
		size_t *row = rows[i % 3], *prev = rows[(i - 1) % 3];
		size_t *prev2 = rows[(i + 1) % 3];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			row[j] = best;
		}
	}
	return rows[la % 3][lb];
}

const char *mica_explain_suggest(const mica_flow *f, const char *name,
				 bool realms_only)
{
	uint32_t n, end = realms_only ? f->ir->nrealms : f->nnodes;
	size_t len = strnlen(name, 64), limit = len / 3 ? len / 3 : 1;
	size_t best = limit + 1;
	const char *found = NULL;

	for (n = 0; n < end; n++) {
		const char *cand = mica_flow_name(f, n);
		size_t d = distance(name, cand);
		if (d < best) {
			best = d;
			found = cand;
		}
	}
	return found;
}

const char *mica_explain_trust(const mica_flow *f, uint32_t node)
{
	static const char *const names[] = {
		"distrustful", "trusted", "untrusted",
	};

	if (node == f->host || node == f->any)
		return "untrusted";
	if (node < f->ir->nrealms)
		return names[f->ir->realms[node].trust];
	return NULL;
}

const char *mica_explain_edge(mica_edge_kind k)
{
	static const char *const names[] = {
		"w", "r", "host-read", "host-write", "hostcall", "mmio",
		"psci", "ripas", "paging", "exit", "entry",
	};
	return names[k];
}

mica_loc mica_explain_edge_loc(const mica_flow *f, uint32_t e)
{
	const mica_flow_edge *x = &f->edges[e];

	if (x->kind == MICA_EDGE_HOST_READ)
		return mica_ir_loc(f->ir, f->ir->regions[x->from -
						       f->ir->nrealms].loc);
	if (x->kind == MICA_EDGE_HOST_WRITE)
		return mica_ir_loc(f->ir,
				   f->ir->regions[x->to - f->ir->nrealms].loc);
	return mica_flow_edge_loc(f, x);
}
