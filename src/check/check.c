/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check.c -- the rules of man/mica.5 (CHECKS) that need the whole,
 * resolved policy: sizes and IPA windows, overlaps within a realm, the
 * confidentiality flow analysis (reported by leaks.c), and the warnings.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/flow.h"
#include "mica/util.h"
#include "leaks.h"

static bool size_ok(const mica_ir_region *g)
{
	return g->size != 0 && g->size % MICA_GRANULE == 0;
}

static void check_size(const mica_ir *ir, const mica_ir_region *g,
		       mica_diag *d)
{
	if (g->size == 0)
		mica_error(d, mica_ir_loc(ir, g->size_loc),
			   "region '%s' has size 0", g->name);
	else if (g->size % MICA_GRANULE)
		mica_error(d, mica_ir_loc(ir, g->size_loc),
			   "size %" PRIu64 " of region '%s' "
			   "is not a multiple of 4 KiB", g->size, g->name);
}

/* An access's IPA: aligned, and its window in the right half. */
static bool check_window(const mica_ir *ir, const mica_ir_region *g,
			 const mica_ir_access *a,
			 const char *who, mica_diag *d)
{
	bool prot = g->kind == MICA_PROTECTED;
	uint64_t lo = prot ? 0 : MICA_IPA_HALF;
	uint64_t hi = prot ? MICA_IPA_HALF : MICA_IPA_LIMIT;

	if (a->ipa % MICA_GRANULE) {
		mica_error(d, mica_ir_loc(ir, a->ipa_loc),
			   "IPA 0x%" PRIx64 " of '%s' in region "
			   "'%s' is not 4 KiB aligned", a->ipa, who, g->name);
		return false;
	}
	if (!size_ok(g))
		return false;
	if (a->ipa < lo || a->ipa >= hi || g->size > hi - a->ipa) {
		char window[64];
		if (a->ipa > UINT64_MAX - (g->size - 1))   /* wraps past 2^64 */
			snprintf(window, sizeof window, "0x%" PRIx64 " (+%"
				 PRIu64 " bytes)", a->ipa, g->size);
		else
			snprintf(window, sizeof window, "0x%" PRIx64 "..0x%"
				 PRIx64, a->ipa, a->ipa + (g->size - 1));
		mica_error(d, mica_ir_loc(ir, a->ipa_loc),
			   "window %s of '%s' in %s region "
			   "'%s' is outside the %s half of the IPA space (0x%"
			   PRIx64 "..0x%" PRIx64 ")", window, who,
			   prot ? "protected" : "unprotected", g->name,
			   prot ? "protected" : "unprotected", lo, hi - 1);
		return false;
	}
	return true;
}

static void check_regions(const mica_ir *ir, mica_diag *d, bool *window_ok)
{
	uint32_t g, k, n = 0;

	for (g = 0; g < ir->nregions; g++) {
		const mica_ir_region *rg = &ir->regions[g];
		check_size(ir, rg, d);
		for (k = 0; k < rg->naccesses; k++, n++) {
			const mica_ir_access *a = &rg->accesses[k];
			const char *who = a->subject == MICA_IR_ANY ? "any" :
					  a->subject == MICA_IR_HOST ? "host" :
					  ir->realms[a->subject].name;
			window_ok[n] = a->subject != MICA_IR_HOST &&
				       check_window(ir, rg, a, who, d);
		}
	}
}

typedef struct window {
	uint64_t lo, hi;         /* [lo, hi) */
	uint32_t order;          /* index in the realm's maps: source order */
	const mica_ir_region *g;
	const mica_ir_access *a;
} window;

static int window_cmp(const void *x, const void *y)
{
	const window *a = x, *b = y;

	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Sort each realm's valid windows by address; each one that starts
 * before the furthest end seen so far overlaps that window. */
static void check_overlaps(const mica_ir *ir, mica_diag *d,
			   const bool *window_ok, const uint32_t *first)
{
	uint32_t r, m, n, maxn = 0;
	window *w;

	for (r = 0; r < ir->nrealms; r++)
		if (ir->realms[r].nmaps > maxn)
			maxn = ir->realms[r].nmaps;
	w = mica_xcalloc(maxn, sizeof *w);
	for (r = 0; r < ir->nrealms; r++) {
		const mica_ir_realm *rr = &ir->realms[r];
		const window *far = NULL;
		for (m = n = 0; m < rr->nmaps; m++) {
			const mica_ir_map *mp = &rr->maps[m];
			const mica_ir_region *g = &ir->regions[mp->region];
			if (!window_ok[first[mp->region] + mp->access])
				continue;
			w[n].g = g;
			w[n].a = &g->accesses[mp->access];
			w[n].lo = w[n].a->ipa;
			w[n].hi = w[n].lo + g->size;
			w[n].order = m;
			n++;
		}
		qsort(w, n, sizeof *w, window_cmp);
		for (m = 0; m < n; m++) {
			if (far && w[m].lo < far->hi) {
				mica_error(d, mica_ir_loc(ir, w[m].a->ipa_loc),
					   "window of region "
					   "'%s' overlaps region '%s' in realm "
					   "'%s'", w[m].g->name, far->g->name,
					   rr->name);
				mica_note(d, mica_ir_loc(ir, far->a->ipa_loc),
					  "'%s' is mapped "
					  "at 0x%" PRIx64 "..0x%" PRIx64 " here",
					  far->g->name, far->lo, far->hi - 1);
			}
			if (!far || w[m].hi > far->hi)
				far = &w[m];
		}
	}
	free(w);
}

static void warn(const mica_ir *ir, const mica_flow *f, mica_diag *d)
{
	uint32_t g, k, r;

	for (g = 0; g < ir->nregions; g++) {
		const mica_ir_region *rg = &ir->regions[g];
		unsigned rights = 0;
		if (rg->kind == MICA_UNPROTECTED)
			continue;    /* the host reads and writes it */
		for (k = 0; k < rg->naccesses; k++)
			rights |= rg->accesses[k].rights;
		if (!(rights & MICA_W))
			mica_warning(d, mica_ir_loc(ir, rg->loc),
				     "region '%s' is never written",
				     rg->name);
		if (!(rights & MICA_R))
			mica_warning(d, mica_ir_loc(ir, rg->loc),
				     "region '%s' is never read",
				     rg->name);
	}
	for (r = 0; r < ir->nrealms; r++) {
		const mica_ir_realm *rr = &ir->realms[r];
		if (rr->nmaps == 0)
			mica_warning(d, mica_ir_loc(ir, rr->loc),
				     "realm '%s' shares no region",
				     rr->name);
		else if (rr->trust == MICA_TRUSTED && f->out_degree[r] == 0)
			mica_warning(d, mica_ir_loc(ir, rr->loc),
				     "trusted realm '%s' has no "
				     "path to anything: it writes no region "
				     "and may not exit to the host", rr->name);
	}
}

unsigned mica_check(const mica_ir *ir, mica_diag *d)
{
	unsigned before = d->errors;
	/* Lowering leaves out what did not resolve; warnings about what is
	 * then missing would only echo those errors. */
	bool lowered_clean = d->errors == 0;
	uint32_t g, n = 0;
	uint32_t *first = mica_xcalloc(ir->nregions, sizeof *first);
	bool *window_ok;
	mica_flow *f;

	for (g = 0; g < ir->nregions; g++) {
		first[g] = n;
		n += ir->regions[g].naccesses;
	}
	window_ok = mica_xcalloc(n, sizeof *window_ok);
	check_regions(ir, d, window_ok);
	check_overlaps(ir, d, window_ok, first);
	free(window_ok);
	free(first);

	f = mica_flow_build(ir);
	mica_report_leaks(f, d);
	if (lowered_clean)
		warn(ir, f, d);
	mica_flow_free(f);
	return d->errors - before;
}
