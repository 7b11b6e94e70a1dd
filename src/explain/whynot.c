/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * whynot.c -- why a realm's data does not reach a target: either trusted
 * realms stop it (the realm reaches them, and they reach the target), or
 * an access is missing. For the latter, the edges entering the target
 * and the nearest single change that would open a path: a realm the
 * data reaches writing a region from which the target is reachable,
 * exiting to the host when the host reaches it, or the target reading
 * a region the data reaches.
 */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "mica/util.h"

static bool passes(const mica_flow *f, const mica_flow_fwd *fw, uint32_t n)
{
	/* Data leaves n: the origin, or any node but a trusted realm. */
	return n == fw->from || !mica_flow_is_trusted(f, n);
}

/* The cheapest new edge x -> y with x a realm the data reaches and
 * leaves, y a region (an access line) or the host (an allow line) from
 * which the target is reachable without a trusted realm in between. */
static void nearest_fix(const mica_flow *f, const mica_flow_fwd *fw,
			const uint32_t *back, mica_whynot *w)
{
	uint32_t x, y;

	w->fix_from = w->fix_to = w->fix_hops = MICA_FLOW_NONE;
	w->fix_read = false;
	for (x = 0; x < f->ir->nrealms; x++) {
		if (fw->dist[x] == MICA_FLOW_NONE || !passes(f, fw, x))
			continue;
		for (y = f->ir->nrealms; y <= f->host; y++) {
			uint32_t hops;
			if (back[y] == MICA_FLOW_NONE)
				continue;
			hops = fw->dist[x] + 1 + back[y];
			if (hops < w->fix_hops) {
				w->fix_from = x;
				w->fix_to = y;
				w->fix_hops = hops;
			}
		}
	}
	/* Or the target, a realm or `any`, reading a region the data
	 * reaches. */
	if (w->target == f->host || (w->target >= f->ir->nrealms &&
				     w->target != f->any))
		return;
	for (y = f->ir->nrealms; y < f->host; y++)
		if (fw->dist[y] != MICA_FLOW_NONE &&
		    fw->dist[y] + 1 < w->fix_hops) {
			w->fix_read = true;
			w->fix_from = w->target;
			w->fix_to = y;
			w->fix_hops = fw->dist[y] + 1;
		}
}

static int by_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void mica_whynot_compute(const mica_flow *f, const mica_flow_fwd *fw,
			 uint32_t target, mica_whynot *w)
{
	uint32_t *all = mica_xcalloc(f->nnodes, sizeof *all);
	uint32_t *back = mica_xcalloc(f->nnodes, sizeof *back);
	uint64_t *key;
	uint32_t n, e;

	memset(w, 0, sizeof *w);
	w->target = target;
	mica_flow_backward(f, target, true, all);
	mica_flow_backward(f, target, false, back);
	w->stop = mica_xcalloc(f->nnodes, sizeof *w->stop);
	/* By hops from the realm, then node order: sort (hops, node)
	 * packed in one 64-bit key. */
	key = mica_xcalloc(f->ir->nrealms ? f->ir->nrealms : 1, sizeof *key);
	for (n = 0; n < f->ir->nrealms; n++)
		if (n != fw->from && n != target &&
		    fw->dist[n] != MICA_FLOW_NONE &&
		    mica_flow_is_trusted(f, n) && all[n] != MICA_FLOW_NONE)
			key[w->nstop++] = (uint64_t)fw->dist[n] << 32 | n;
	qsort(key, w->nstop, sizeof *key, by_key);
	for (n = 0; n < w->nstop; n++)
		w->stop[n] = (uint32_t)key[n];
	free(key);
	w->entry = mica_xcalloc(f->nedges ? f->nedges : 1, sizeof *w->entry);
	for (e = 0; e < f->nedges; e++)
		if (f->edges[e].to == target)
			w->entry[w->nentry++] = e;
	nearest_fix(f, fw, back, w);
	free(all);
	free(back);
}

void mica_whynot_free(mica_whynot *w)
{
	free(w->stop);
	free(w->entry);
	w->stop = w->entry = NULL;
}

void mica_whynot_sentence(const mica_flow *f, uint32_t realm,
			  uint32_t target, char *buf, size_t size)
{
	const char *r = mica_flow_name(f, realm), *t = mica_flow_name(f, target);

	if (target == f->host)
		snprintf(buf, size, "nothing %s reaches exits to the host or "
			 "shares an unprotected region with it", r);
	else if (target == f->any)
		snprintf(buf, size, "nothing %s reaches writes a region that "
			 "any (realms the policy does not name) reads", r);
	else if (target < f->ir->nrealms)
		snprintf(buf, size, "nothing %s reaches writes a region that "
			 "%s reads%s", r, t, f->ir->realms[target].strict ? ""
			 : ", nor reaches the host, which enters it");
	else
		snprintf(buf, size, "nothing %s reaches writes %s", r, t);
}
