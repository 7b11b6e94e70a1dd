/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * identity.c -- what the blob format and the RMM need beyond mica_check().
 *
 * Blobs name Realms by image measurement (man/mica.5, CHECKS,
 * "Identity"), so two Realms of one policy with the same measurement could
 * not be told apart by the RMM: either could take the other's place in
 * every region. And the RMM decodes a blob into fixed tables
 * (MICA_POL_*, mica/wire/constants.h). The language forbids neither, so
 * check and compile refuse them here rather than emit blobs that cannot
 * be enforced.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/wire/constants.h"
#include "mica/util.h"
#include "backend.h"

typedef struct ref {
	const mica_ir_realm *r;
	uint32_t index;          /* source order, to report deterministically */
	size_t n;                /* digest bytes */
} ref;

static int cmp_ref(const void *a, const void *b)
{
	const ref *x = a, *y = b;
	int c = memcmp(x->r->measurement.bytes, y->r->measurement.bytes, x->n);

	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The counts the RMM's tables bound, per realm and per region. */
static unsigned check_limits(const mica_ir *ir, mica_diag *d)
{
	uint32_t *stamp = mica_xcalloc(ir->nrealms ? ir->nrealms : 1,
				       sizeof *stamp);
	unsigned errors = 0;
	uint32_t g, r, m, k;

	for (g = 0; g < ir->nregions; g++) {
		const mica_ir_region *rg = &ir->regions[g];
		if (rg->naccesses <= MICA_POL_MAX_PARTS)
			continue;
		mica_error(d, mica_ir_loc(ir, rg->loc),
			   "region '%s' has %u participants; the "
			   "RMM accepts at most %u per region (mica-rmm(7))",
			   rg->name, rg->naccesses, MICA_POL_MAX_PARTS);
		errors++;
	}
	for (r = 0; r < ir->nrealms; r++) {
		const mica_ir_realm *rr = &ir->realms[r];
		uint32_t peers = 0;
		/* Distinct other realms in the regions it maps: a stamp per
		 * realm (r + 1) counts each once without clearing. */
		for (m = 0; m < rr->nmaps; m++) {
			const mica_ir_region *rg = &ir->regions[rr->maps[m].region];
			for (k = 0; k < rg->naccesses; k++) {
				uint32_t s = rg->accesses[k].subject;
				if (s < ir->nrealms && s != r &&
				    stamp[s] != r + 1) {
					stamp[s] = r + 1;
					peers++;
				}
			}
		}
		if (rr->nmaps > MICA_POL_MAX_REGIONS) {
			mica_error(d, mica_ir_loc(ir, rr->loc),
				   "realm '%s' maps %u regions; the "
				   "RMM accepts at most %u per realm "
				   "(mica-rmm(7))", rr->name, rr->nmaps,
				   MICA_POL_MAX_REGIONS);
			errors++;
		}
		if (peers > MICA_POL_MAX_PEERS) {
			mica_error(d, mica_ir_loc(ir, rr->loc),
				   "realm '%s' shares regions with %u "
				   "other realms; the RMM accepts at most %u "
				   "peers per realm (mica-rmm(7))", rr->name,
				   peers, MICA_POL_MAX_PEERS);
			errors++;
		}
		if (rr->nimms > MICA_POL_MAX_HOSTCALLS) {
			mica_error(d, mica_ir_loc(ir, rr->hostcall_loc),
				   "realm '%s' allows %u "
				   "separate host-call ranges; the RMM accepts at "
				   "most %u (mica-rmm(7))", rr->name, rr->nimms,
				   MICA_POL_MAX_HOSTCALLS);
			errors++;
		}
	}
	free(stamp);
	return errors;
}

unsigned mica_backend_check(const mica_ir *ir, mica_diag *d)
{
	ref *v = mica_xcalloc(ir->nrealms ? ir->nrealms : 1, sizeof *v);
	unsigned errors = 0;
	uint32_t i, first = 0;

	for (i = 0; i < ir->nrealms; i++)
		v[i] = (ref){ &ir->realms[i], i, mica_hash_size(ir->hash) };
	qsort(v, ir->nrealms, sizeof *v, cmp_ref);
	for (i = 1; i < ir->nrealms; i++) {
		if (memcmp(v[i].r->measurement.bytes,
			   v[first].r->measurement.bytes, v[i].n) != 0) {
			first = i;
			continue;
		}
		mica_error(d, mica_ir_loc(ir, v[i].r->loc),
			   "realm '%s' has the same image "
			   "measurement as realm '%s'; blobs name realms by "
			   "measurement, so the RMM could not tell them apart",
			   v[i].r->name, v[first].r->name);
		mica_note(d, mica_ir_loc(ir, v[first].r->loc),
			  "'%s' declared here",
			  v[first].r->name);
		errors++;
	}
	free(v);
	return errors + check_limits(ir, d);
}
