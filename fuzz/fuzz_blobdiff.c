/*
 * fuzz_blobdiff.c -- libFuzzer target: micac's blob decoder and the RMM
 * module's blob reader, differentially.
 *
 * The same bytes go to mica_blob_decode (src/backend/blob_decode.c, what
 * `micac dump` runs) and to mica_rmm_policy_decode (src/rmm/mica_policy.c,
 * what RMI_MICA_POLICY_BIND runs). They must agree:
 *  - the RMM accepts exactly the blobs micac accepts, with one exception:
 *    a blob micac accepts whose content exceeds one of the RMM's
 *    fixed-size tables (MICA_POL_MAX_PEERS, _REGIONS, _PARTS,
 *    _HOSTCALLS; both readers take at most MICA_BLOB_MAX = 4096 (one constant)
 *    bytes) must be refused by the RMM, and is compared no further;
 *  - when both accept, every field the RMM keeps equals micac's: hash,
 *    workflow digest, measurement, rpv, flags, host-call ranges, peers,
 *    and each region's kind, size and participants (who, rights, IPA,
 *    limit), and the RMM's index of this Realm's participant. (The RMM
 *    checks the policy's name and version but keeps neither.)
 * Any other outcome aborts, and libFuzzer keeps the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/blob.h"
#include "mica/rmm_test.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether micac's content fits the RMM's tables. */
static int within_rmm_limits(const mica_blob *b)
{
	if (b->npeers > MICA_POL_MAX_PEERS ||
	    b->nregions > MICA_POL_MAX_REGIONS ||
	    b->nimms > MICA_POL_MAX_HOSTCALLS)
		return 0;
	for (uint32_t i = 0; i < b->nregions; i++)
		if (b->regions[i].nparts > MICA_POL_MAX_PARTS)
			return 0;
	return 1;
}

/* A disagreement: say which, then abort so that libFuzzer keeps it. */
static void disagree(const char *what)
{
	fprintf(stderr, "fuzz_blobdiff: readers disagree: %s\n", what);
	abort();
}

#define SAME(cond) do { if (!(cond)) disagree(#cond); } while (0)

/* Field by field: the RMM's decoded policy against micac's. */
static void compare(const struct mica_rmm_policy *p, const mica_blob *b,
		    size_t size)
{
	size_t dlen = mica_hash_size(b->hash);

	SAME(p->hash == (uint8_t)b->hash);
	SAME(memcmp(p->workflow, b->workflow, dlen) == 0);
	SAME(memcmp(p->measurement, b->measurement, dlen) == 0);
	SAME(p->rpv_len == b->rpv.len);
	SAME(memcmp(p->rpv, b->rpv.bytes, b->rpv.len) == 0);
	SAME(p->flags == b->flags);
	SAME(p->nhostcalls == b->nimms);
	for (uint32_t i = 0; i < b->nimms; i++) {
		SAME(p->hostcall[i][0] == b->imms[i].lo);
		SAME(p->hostcall[i][1] == b->imms[i].hi);
	}
	SAME(p->npeers == b->npeers);
	for (uint32_t i = 0; i < b->npeers; i++)
		SAME(memcmp(p->peers[i], b->peers[i], dlen) == 0);
	SAME(p->nregions == b->nregions);
	for (uint32_t i = 0; i < b->nregions; i++) {
		const struct mica_pol_region *g = &p->region[i];
		const mica_blob_region *r = &b->regions[i];
		uint64_t half = r->kind == MICA_UNPROTECTED ? MICA_IPA_HALF : 0;

		SAME(g->kind == (uint8_t)r->kind);
		SAME(g->granules * MICA_GRANULE == r->size);
		SAME(g->nparts == r->nparts);
		SAME(g->self < g->nparts && g->part[g->self].who == 0);
		for (uint32_t k = 0; k < r->nparts; k++) {
			const struct mica_pol_part *x = &g->part[k];
			const mica_blob_part *y = &r->parts[k];

			SAME(x->who == y->who);
			SAME(x->rights == (uint8_t)y->rights);
			SAME(x->limit == y->limit);
			if (y->who == MICA_WHO_HOST)
				SAME(x->ipa == 0 && y->ipa == 0);
			else
				SAME(x->ipa * MICA_GRANULE + half == y->ipa);
		}
	}
	SAME(p->blob_len == size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mica_rmm_policy pol;      /* 10 KiB: not on the stack */
	mica_blob b;
	mica_blob_error e;
	int rmm, micac;

	memset(&pol, 0, sizeof pol);            /* as REALM_CREATE leaves it */
	rmm = mica_rmm_policy_decode(&pol, data, size);
	micac = mica_blob_decode(data, size, &b, &e);
	if (micac != 0) {
		if (rmm == 0)
			disagree("the RMM accepts a blob micac refuses");
		return 0;
	}
	if (!within_rmm_limits(&b)) {
		if (rmm == 0)
			disagree("the RMM accepts a blob over its limits");
	} else if (rmm != 0) {
		disagree("the RMM refuses a blob micac accepts, within "
			 "the RMM's limits");
	} else {
		compare(&pol, &b, size);
	}
	mica_blob_free(&b);
	return 0;
}
