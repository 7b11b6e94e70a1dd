/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * leaks.c -- how a leak is reported: the error on the leaking realm, its
 * shortest path to the sink in one note, a hint at the first hop, each
 * hop as a note of its own for json and sarif, and, when several leaks
 * reach the host through one distrustful realm, that root cause once.
 */
#include <stdio.h>
#include <stdlib.h>

#include "mica/util.h"
#include "leaks.h"

#define MAX_HOPS_SHOWN 24   /* a leak path longer than this is elided */

static const char *edge_label(mica_edge_kind k)
{
	switch (k) {
	case MICA_EDGE_WRITE: return "w";
	case MICA_EDGE_READ: case MICA_EDGE_HOST_READ: return "r";
	case MICA_EDGE_HOSTCALL: return "hostcall";
	case MICA_EDGE_MMIO: return "mmio";
	case MICA_EDGE_PSCI: return "psci";
	case MICA_EDGE_RIPAS: return "ripas";
	case MICA_EDGE_PAGING: return "paging";
	case MICA_EDGE_EXIT: return "exit";
	case MICA_EDGE_HOST_WRITE: case MICA_EDGE_ENTRY: break;
	}
	return "?";
}

static void print_hop(FILE *out, const mica_flow *f, const mica_flow_edge *e)
{
	fprintf(out, " --%s--> %s", edge_label(e->kind),
		mica_flow_name(f, e->to));
	if (e->kind == MICA_EDGE_HOST_READ)
		fputs(" (implicit: unprotected region)", out);
	else if (e->kind == MICA_EDGE_EXIT)
		fprintf(out, " (%s:%u: strict = false)", f->ir->file,
			mica_flow_edge_loc(f, e).first_line);
	else
		fprintf(out, " (%s:%u)", f->ir->file,
			mica_flow_edge_loc(f, e).first_line);
}

/* "a --w--> g (f:3) --r--> host (implicit: unprotected region)" */
static char *leak_path(const mica_flow *f, uint32_t realm, uint32_t *sink)
{
	char *text = NULL;
	size_t len = 0;
	uint32_t node = realm, hops = 0, total = 0, x;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		mica_fatal("out of memory");
	for (x = realm; !mica_flow_is_sink(f, x); x = f->edges[f->next[x]].to)
		total++;
	fputs(mica_flow_name(f, realm), out);
	while (!mica_flow_is_sink(f, node)) {
		const mica_flow_edge *e = &f->edges[f->next[node]];
		if (hops < MAX_HOPS_SHOWN - 1 || hops == total - 1)
			print_hop(out, f, e);
		else if (hops == MAX_HOPS_SHOWN - 1)
			fprintf(out, " ... (%u more hop%s)",
				total - MAX_HOPS_SHOWN,
				total - MAX_HOPS_SHOWN == 1 ? "" : "s");
		hops++;
		node = e->to;
	}
	fclose(out);
	*sink = node;
	return text;
}

/* Each hop of r's path as its own note, for the machine-readable
 * formats (the path note above spells them out in one line). A long
 * path is elided as the path note elides it: the first hops and the
 * last. */
static void hop_notes(const mica_flow *f, uint32_t r, mica_diag *d)
{
	uint32_t node = r, hops = 0, total = 0, x;

	for (x = r; !mica_flow_is_sink(f, x); x = f->edges[f->next[x]].to)
		total++;
	for (; !mica_flow_is_sink(f, node); hops++) {
		const mica_flow_edge *e = &f->edges[f->next[node]];
		mica_loc at = mica_flow_edge_loc(f, e);
		if (hops >= MAX_HOPS_SHOWN - 1 && hops != total - 1) {
			node = e->to;
			continue;
		}
		if (!at.first_line)   /* implicit: the region's declaration */
			at = e->from >= f->ir->nrealms
				? mica_ir_loc(f->ir, f->ir->regions[e->from -
						  f->ir->nrealms].loc)
				: mica_ir_loc(f->ir,
					      f->ir->realms[e->from].loc);
		mica_note_hop(d, at, "%s --%s--> %s%s", mica_flow_name(f, node),
			      edge_label(e->kind), mica_flow_name(f, e->to),
			      e->kind == MICA_EDGE_HOST_READ
			      ? " (implicit: unprotected region)" : "");
		node = e->to;
	}
}

/* For every node on a path to a sink: the last realm on that path before
 * the sink (MICA_FLOW_NONE if none) and the sink, memoized so that all
 * paths together cost one walk over the nodes (paths share their tails:
 * each follows next[] to the same nearest sink). */
static void last_realms(const mica_flow *f, uint32_t *last, uint32_t *sink)
{
	uint32_t n = f->nnodes, x, y, top;
	uint32_t *stack = mica_xmalloc((n ? n : 1) * sizeof *stack);

	for (x = 0; x < n; x++)
		last[x] = sink[x] = MICA_FLOW_NONE;
	for (x = 0; x < n; x++) {
		if (sink[x] != MICA_FLOW_NONE || (f->next[x] == MICA_FLOW_NONE
						  && !mica_flow_is_sink(f, x)))
			continue;
		/* Walk to a known node or a sink, then fill in backwards. */
		top = 0;
		for (y = x; sink[y] == MICA_FLOW_NONE &&
		     !mica_flow_is_sink(f, y); y = f->edges[f->next[y]].to)
			stack[top++] = y;
		if (mica_flow_is_sink(f, y) && sink[y] == MICA_FLOW_NONE)
			sink[y] = y;        /* last[y] stays NONE */
		while (top--) {
			uint32_t v = stack[top];
			uint32_t w = f->edges[f->next[v]].to;
			sink[v] = sink[w];
			last[v] = last[w] != MICA_FLOW_NONE ? last[w]
				: v < f->ir->nrealms ? v : MICA_FLOW_NONE;
		}
	}
	free(stack);
}

/* The '{' after realm g's name, if only blanks come between: where
 * `trust = trusted;` goes. Line 0 when it is not found. */
static mica_loc realm_brace(const mica_ir *ir, const mica_ir_realm *g,
			    mica_diag *d)
{
	mica_loc at = { 0, 0, 0, 0 }, name = mica_ir_loc(ir, g->loc);
	uint32_t line = name.first_line, col = name.last_column;
	size_t len, tries;

	for (tries = 0; d->src && tries < 8; tries++, line++, col = 0) {
		const char *text = mica_source_line(d->src, line, &len);
		if (!text)
			break;
		while (col < len && (text[col] == ' ' || text[col] == '\t' ||
				     text[col] == '\r'))
			col++;
		if (col < len) {
			if (text[col] == '{') {
				at.first_line = at.last_line = line;
				at.first_column = at.last_column = col + 1;
			}
			break;
		}
	}
	return at;
}

/* The root cause of several leaks (micac(1), DIAGNOSTICS): a distrustful
 * realm g that is the last realm before the host on the paths of n >= 2
 * leak errors. Said once, with the first of them: a note and a fix-it
 * that makes g trusted, for the tenant to apply only if g's code is
 * trusted to declassify. */
static void root_cause_note(const mica_flow *f, uint32_t g, unsigned n,
			    mica_diag *d)
{
	const mica_ir_realm *rg = &f->ir->realms[g];
	mica_loc brace, at, trust = mica_ir_loc(f->ir, rg->trust_loc);

	if (trust.first_line) {
		mica_note(d, trust, "'%s' is declared distrustful, and "
			  "%u leaks reach the host through it: if the tenant "
			  "trusts its code to declassify, make it trusted",
			  rg->name, n);
		mica_fixit(d, trust, "trusted");
		return;
	}
	brace = realm_brace(f->ir, rg, d);
	at = brace.first_line ? brace : mica_ir_loc(f->ir, rg->loc);
	mica_note(d, at, "'%s' is distrustful "
		  "by default, and %u leaks reach the host through it: if the "
		  "tenant trusts its code to declassify, add "
		  "'trust = trusted;'", rg->name, n);
	if (brace.first_line)
		mica_fixit_insert(d, brace.first_line, brace.first_column + 1,
				  " trust = trusted;");
}

static void report_leak(const mica_flow *f, uint32_t r, mica_diag *d)
{
	const mica_ir_realm *rr = &f->ir->realms[r];
	const mica_flow_edge *first = &f->edges[f->next[r]];
	mica_loc at = mica_ir_loc(f->ir, rr->loc);
	uint32_t sink;
	char *path;

	if (d->capped)
		return;
	path = leak_path(f, r, &sink);
	if (sink == f->host)
		mica_error(d, at, "distrustful realm '%s' can leak data "
			   "to the host", rr->name);
	else if (sink == f->any)
		mica_error(d, at, "distrustful realm '%s' can leak data "
			   "to realms outside the policy ('any')", rr->name);
	else
		mica_error(d, at, "distrustful realm '%s' can leak data "
			   "to untrusted realm '%s'", rr->name,
			   mica_flow_name(f, sink));
	mica_note_brief(d, at, "leak path: %s", path);
	mica_note(d, mica_flow_edge_loc(f, first), "hint: remove this %s, "
		  "route the data through a trusted realm, or mark '%s' "
		  "trusted only if the tenant trusts its code to declassify",
		  first->kind == MICA_EDGE_WRITE ? "access" :
		  first->kind == MICA_EDGE_EXIT ? "setting" : "allow",
		  rr->name);
	hop_notes(f, r, d);
	free(path);
}

/* Every leak, and each root cause once, with the first leak it causes. */
void mica_report_leaks(const mica_flow *f, mica_diag *d)
{
	uint32_t n = f->ir->nrealms, r;
	unsigned *through = mica_xcalloc(n ? n : 1, sizeof *through);
	bool *said = mica_xcalloc(n ? n : 1, sizeof *said);
	uint32_t *last = mica_xmalloc((f->nnodes ? f->nnodes : 1) *
				      sizeof *last);
	uint32_t *sink = mica_xmalloc((f->nnodes ? f->nnodes : 1) *
				      sizeof *sink);

	last_realms(f, last, sink);
	for (r = 0; r < n; r++)
		if (mica_flow_leaks(f, r) && sink[r] == f->host)
			through[last[r]]++;
	for (r = 0; r < n; r++) {
		uint32_t g = last[r];
		if (!mica_flow_leaks(f, r))
			continue;
		report_leak(f, r, d);
		if (sink[r] == f->host && through[g] >= 2 && !said[g]) {
			said[g] = true;
			root_cause_note(f, g, through[g], d);
		}
	}
	free(through);
	free(said);
	free(last);
	free(sink);
}
