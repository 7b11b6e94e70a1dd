/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * reasons.c -- why an endpoint sent nothing back (run.h), from what
 * the model saw: the plan says which writer's messages it waits for and
 * whose input reaches that writer; the Realm programs' counts say who
 * got what; the host's counts say whom it entered. The reason names the
 * first Realm along the way that got nothing, the Realm that should
 * have handed it the data and the region, and what went wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "network.h"
#include "policy.h"
#include "run.h"
#include "stage.h"

static const char *name(const struct fvp_run *r, uint32_t i)
{
	return r->pol.ir->realms[i].name;
}

static int got(const struct fvp_run *r, uint32_t k, uint32_t i)
{
	return r->t.got[(size_t)k * r->pol.ir->nrealms + i];
}

/* What happened to realm z, as the host and the model saw it. */
static void trouble(const struct fvp_run *r, uint32_t z, char *buf,
		    size_t cap)
{
	const struct fvp_stats *s = &r->t.stats[z];

	if (fvp_net_entered(r->net, z) == 0)
		snprintf(buf, cap, "the host never entered '%s'", name(r, z));
	else if (s->lost)
		snprintf(buf, cap, "'%s' missed %llu chunks (overwritten before "
			 "it read them)", name(r, z),
			 (unsigned long long)s->lost);
	else if (s->bad)
		snprintf(buf, cap, "%llu of '%s''s reads or writes failed "
			 "(refused by the RMM, or a checksum that did not hold)",
			 (unsigned long long)s->bad, name(r, z));
	else
		snprintf(buf, cap, "'%s' read nothing there", name(r, z));
}

/* A realm that got endpoint k's input and writes a region z reads. */
static uint32_t feeder(const struct fvp_run *r, uint32_t k, uint32_t z,
		       uint32_t *region)
{
	const mica_ir *ir = r->pol.ir;

	for (uint32_t g = 0; g < ir->nregions; g++)
		for (uint32_t u = 0; u < ir->nrealms; u++)
			if (u != z && got(r, k, u) &&
			    ir->regions[g].kind == MICA_PROTECTED &&
			    fvp_maps(ir, u, g, MICA_W) && fvp_maps(ir, z, g, MICA_R)) {
				*region = g;
				return u;
			}
	return UINT32_MAX;
}

/* Why endpoint k's input never reached realm w. */
static void not_reached(const struct fvp_run *r, uint32_t k, uint32_t w,
			char *buf, size_t cap)
{
	const mica_ir *ir = r->pol.ir;
	uint32_t from = r->plan.ep[k], g = 0, u;
	char why[256];

	if (!got(r, k, from)) {
		trouble(r, from, why, sizeof why);
		snprintf(buf, cap, "'%s' never got the tenant's input: %s",
			 name(r, from), why);
		return;
	}
	/* The first realm on the way that did not get it, w if it has a
	 * feeder that did. */
	u = feeder(r, k, w, &g);
	for (uint32_t z = 0; u == UINT32_MAX && z < ir->nrealms; z++)
		if (r->plan.reached[(size_t)k * ir->nrealms + z] && !got(r, k, z) &&
		    (u = feeder(r, k, z, &g)) != UINT32_MAX)
			w = z;
	if (u == UINT32_MAX) {
		snprintf(buf, cap, "'%s' got the input sent to '%s', but passed "
			 "it to no Realm", name(r, from), name(r, from));
		return;
	}
	trouble(r, w, why, sizeof why);
	snprintf(buf, cap, "'%s' never got the input sent to '%s': '%s' writes "
		 "it to '%s', but %s", name(r, w), name(r, from), name(r, u),
		 ir->regions[g].name, why);
}

void fvp_verdict_silent(struct fvp_run *r, uint32_t k, char *buf, size_t cap)
{
	const mica_ir *ir = r->pol.ir;
	uint32_t x = r->plan.ep[k];
	const struct fvp_stage *s = r->t.stage[x];
	char why[400];

	if (s == NULL || !s->have_input) {
		trouble(r, x, why, sizeof why);
		snprintf(buf, cap, "it never got the tenant's input: %s", why);
		return;
	}
	if (s->replied) {
		snprintf(buf, cap, "it sent its results, but they never reached "
			 "the tenant");
		return;
	}
	for (size_t j = 0; j < s->nrx; j++) {
		const struct fvp_slot_rx *sl = &s->rx[j];

		if (sl->got >= sl->expect)
			continue;
		for (uint32_t e = 0; e < r->plan.nep; e++)
			if (r->plan.reached[(size_t)e * ir->nrealms + sl->writer] &&
			    !got(r, e, sl->writer)) {
				not_reached(r, e, sl->writer, why, sizeof why);
				snprintf(buf, cap, "it got nothing from '%s' in "
					 "'%s': %s", name(r, sl->writer),
					 ir->regions[sl->region].name, why);
				return;
			}
		trouble(r, r->t.stats[x].lost ? x : sl->writer, why,
			sizeof why);
		snprintf(buf, cap, "it got %u of the %u messages '%s' writes to "
			 "'%s' for it: %s", sl->got, sl->expect,
			 name(r, sl->writer), ir->regions[sl->region].name, why);
		return;
	}
	snprintf(buf, cap, "it had everything it waits for, but did not send");
}
