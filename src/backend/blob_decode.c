/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * blob_decode.c -- bytes to a blob's content for micac (mica_blob_decode,
 * behind `micac dump`): the one blob reader of the wire format
 * (mica/wire/blob_read.h, the RMM module's too) checks everything and
 * fills its fixed tables; this file moves the result into the heap-based
 * mica_blob, with sizes and IPAs in bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/util.h"
#include "backend.h"

_Static_assert(MICA_MAX_DIGEST == MICA_POL_DIGEST_MAX &&
	       MICA_MAX_RPV == MICA_POL_RPV_MAX &&
	       MICA_MAX_IDENT == MICA_POL_NAME_MAX,
	       "mica_blob holds what the reader's tables hold");

/* The reader's content as a mica_blob. */
static void from_pol(const struct mica_pol *p, mica_blob *b)
{
	b->major = p->major;
	b->minor = p->minor;
	memcpy(b->policy, p->policy, sizeof p->policy);
	b->version = p->version;
	b->hash = p->hash ? MICA_SHA512 : MICA_SHA256;
	memcpy(b->workflow, p->workflow, sizeof b->workflow);
	memcpy(b->measurement, p->measurement, sizeof b->measurement);
	b->rpv.len = p->rpv_len;
	memcpy(b->rpv.bytes, p->rpv, p->rpv_len);
	b->flags = p->flags;
	b->nimms = p->nhostcalls;
	b->imms = b->nimms ? mica_xcalloc(b->nimms, sizeof *b->imms) : NULL;
	for (uint32_t i = 0; i < b->nimms; i++) {
		b->imms[i].lo = p->hostcall[i][0];
		b->imms[i].hi = p->hostcall[i][1];
	}
	b->npeers = p->npeers;
	b->peers = b->npeers ? mica_xcalloc(b->npeers, sizeof *b->peers) : NULL;
	if (b->npeers)
		memcpy(b->peers, p->peers, b->npeers * sizeof *b->peers);
	b->nregions = p->nregions;
	b->regions = b->nregions ? mica_xcalloc(b->nregions, sizeof *b->regions)
				  : NULL;
	for (uint32_t i = 0; i < b->nregions; i++) {
		const struct mica_pol_region *g = &p->region[i];
		mica_blob_region *r = &b->regions[i];
		uint64_t half = g->kind ? MICA_IPA_HALF : 0;

		r->kind = g->kind ? MICA_UNPROTECTED : MICA_PROTECTED;
		r->size = g->granules * MICA_GRANULE;
		r->nparts = g->nparts;
		r->parts = mica_xcalloc(g->nparts, sizeof *r->parts);
		for (uint32_t k = 0; k < g->nparts; k++) {
			const struct mica_pol_part *x = &g->part[k];

			r->parts[k].who = x->who;
			r->parts[k].rights = (mica_rights)x->rights;
			r->parts[k].ipa = x->who == MICA_WHO_HOST
					  ? 0 : x->ipa * MICA_GRANULE + half;
			r->parts[k].limit = x->limit;
		}
	}
}

int mica_blob_decode(const uint8_t *buf, size_t len, mica_blob *out,
		     mica_blob_error *err)
{
	struct mica_pol *p = mica_xcalloc(1, sizeof *p);
	int rc = mica_blob_read(p, buf, len, err);

	memset(out, 0, sizeof *out);
	if (rc == 0)
		from_pol(p, out);
	free(p);
	return rc;
}
