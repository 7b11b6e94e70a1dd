/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * blob_encode.c -- a blob's content to deterministic CBOR (mica-blob.5).
 *
 * Keys are small unsigned integers, whose encodings sort like their
 * values, so emitting them in ascending order is RFC 8949 4.2.1's key
 * order. Optional keys are left out when empty, so that every content has
 * exactly one encoding, which the decoder insists on.
 */
#include "backend.h"

/* IPAs are stored as granule offsets from the start of their region's
 * half of the IPA space: an unprotected window at the bottom of its half
 * costs 1 byte instead of 9. */
static uint64_t ipa_field(const mica_blob_region *g, uint64_t ipa)
{
	return (ipa - (g->kind == MICA_UNPROTECTED ? MICA_IPA_HALF : 0)) /
	       MICA_GRANULE;
}

static void write_part(cbw *w, const mica_blob_region *g,
		       const mica_blob_part *p)
{
	if (p->who == MICA_WHO_HOST) {
		cbw_array(w, 2);
		cbw_int(w, p->who);
		cbw_uint(w, (uint64_t)p->rights);
		return;
	}
	cbw_array(w, p->who == MICA_WHO_ANY ? 4 : 3);
	cbw_int(w, p->who);
	cbw_uint(w, (uint64_t)p->rights);
	cbw_uint(w, ipa_field(g, p->ipa));
	if (p->who == MICA_WHO_ANY)
		cbw_uint(w, p->limit);
}

size_t mica_blob_encode(const mica_blob *b, uint8_t *buf, size_t cap)
{
	size_t dlen = mica_hash_size(b->hash);
	bool rpv = b->rpv.len > 0, calls = b->nimms > 0;
	bool peers = b->npeers > 0, regions = b->nregions > 0;
	cbw w;

	cbw_init(&w, buf, cap);
	cbw_map(&w, 8u + rpv + calls + peers + regions);
	cbw_uint(&w, MICA_BK_MAJOR);
	cbw_uint(&w, b->major);
	cbw_uint(&w, MICA_BK_MINOR);
	cbw_uint(&w, b->minor);
	cbw_uint(&w, MICA_BK_POLICY);
	cbw_text(&w, b->policy);
	cbw_uint(&w, MICA_BK_VERSION);
	cbw_uint(&w, b->version);
	cbw_uint(&w, MICA_BK_HASH);
	cbw_uint(&w, (uint64_t)b->hash);
	cbw_uint(&w, MICA_BK_WORKFLOW);
	cbw_bytes(&w, b->workflow, dlen);
	cbw_uint(&w, MICA_BK_MEASUREMENT);
	cbw_bytes(&w, b->measurement, dlen);
	if (rpv) {
		cbw_uint(&w, MICA_BK_RPV);
		cbw_bytes(&w, b->rpv.bytes, b->rpv.len);
	}
	cbw_uint(&w, MICA_BK_FLAGS);
	cbw_uint(&w, b->flags);
	if (calls) {
		cbw_uint(&w, MICA_BK_HOSTCALLS);
		mica_write_ranges(&w, b->imms, b->nimms);
	}
	if (peers) {
		cbw_uint(&w, MICA_BK_PEERS);
		cbw_array(&w, b->npeers);
		for (uint32_t i = 0; i < b->npeers; i++)
			cbw_bytes(&w, b->peers[i], dlen);
	}
	if (regions) {
		cbw_uint(&w, MICA_BK_REGIONS);
		cbw_array(&w, b->nregions);
		for (uint32_t i = 0; i < b->nregions; i++) {
			const mica_blob_region *g = &b->regions[i];
			cbw_array(&w, 2 + (size_t)g->nparts);
			cbw_uint(&w, (uint64_t)g->kind);
			cbw_uint(&w, g->size / MICA_GRANULE);
			for (uint32_t k = 0; k < g->nparts; k++)
				write_part(&w, g, &g->parts[k]);
		}
	}
	return w.full ? 0 : w.len;
}
