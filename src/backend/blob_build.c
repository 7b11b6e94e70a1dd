/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * blob_build.c -- one Realm's blob content from the checked IR.
 *
 * Only what the RMM needs to enforce this Realm's part (man/mica-blob.5, "WHAT A BLOB LEAVES OUT";
 * 6): no names but the policy's, no trust level (the flow analysis is
 * done; the workflow digest covers it), and each region it maps with
 * every participant, peers named by image measurement through a sorted
 * table so a 64-byte digest appears once however many regions it shares.
 *
 * Canonical order, so that reordering the source changes nothing: peers
 * by measurement, regions by this Realm's IPA (unique, since its windows
 * do not overlap), participants by measurement, then `any`, then `host`.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/util.h"
#include "backend.h"

/* Digests are compared over all MICA_MAX_DIGEST bytes: every one this
 * file sorts lives in the blob (its measurement or a peer row), where a
 * SHA-256 digest is followed by zeros, so the order is the bytewise
 * order of the digests themselves and qsort needs no context. */
static int cmp_digest(const void *a, const void *b)
{
	return memcmp(a, b, MICA_MAX_DIGEST);
}

/* A participant with what it sorts by. */
typedef struct keyed {
	int cls;                 /* 0 realm, 1 any, 2 host */
	const uint8_t *meas;     /* realms only */
	mica_blob_part part;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
	const keyed *x = a, *y = b;

	if (x->cls != y->cls)
		return x->cls < y->cls ? -1 : 1;
	return x->cls == 0 ? memcmp(x->meas, y->meas, MICA_MAX_DIGEST) : 0;
}

static int cmp_region(const void *a, const void *b)
{
	const mica_blob_region *x = a, *y = b;
	uint64_t xi = 0, yi = 0;

	for (uint32_t i = 0; i < x->nparts; i++)
		if (x->parts[i].who == MICA_WHO_SELF)
			xi = x->parts[i].ipa;
	for (uint32_t i = 0; i < y->nparts; i++)
		if (y->parts[i].who == MICA_WHO_SELF)
			yi = y->parts[i].ipa;
	return xi < yi ? -1 : xi > yi;
}

/* Index + 1 of digest m (dlen bytes) in the sorted peer table (found:
 * the table was built from the same regions). */
static int64_t peer_who(const mica_blob *b, const uint8_t *m, size_t dlen)
{
	uint8_t key[MICA_MAX_DIGEST] = { 0 };
	const uint8_t (*p)[MICA_MAX_DIGEST];

	memcpy(key, m, dlen);
	p = bsearch(key, b->peers, b->npeers, sizeof *b->peers, cmp_digest);
	if (!p)
		mica_fatal("internal error: peer missing from its table");
	return (int64_t)(p - b->peers) + 1;
}

/* The peers are every Realm other than this one that shares a region
 * with it. Work and memory are bounded by this Realm's own access lines
 * (never by the number of Realms in the policy, which would make a
 * compilation quadratic): the measurements are gathered with repeats,
 * sorted, and repeats dropped. Distinct Realms have distinct
 * measurements (mica_backend_check), so equal rows are one Realm. */
static void build_peers(const mica_ir *ir, uint32_t realm, mica_blob *b)
{
	const mica_ir_realm *r = &ir->realms[realm];
	size_t dlen = mica_hash_size(ir->hash), cap = 0;
	uint32_t n = 0, kept = 0;

	for (uint32_t m = 0; m < r->nmaps; m++)
		cap += ir->regions[r->maps[m].region].naccesses;
	b->peers = mica_xcalloc(cap ? cap : 1, sizeof *b->peers);
	for (uint32_t m = 0; m < r->nmaps; m++) {
		const mica_ir_region *g = &ir->regions[r->maps[m].region];
		for (uint32_t k = 0; k < g->naccesses; k++) {
			uint32_t s = g->accesses[k].subject;
			if (s == MICA_IR_ANY || s == MICA_IR_HOST || s == realm)
				continue;
			memcpy(b->peers[n++], ir->realms[s].measurement.bytes,
			       dlen);
		}
	}
	mica_small_sort(b->peers, n, sizeof *b->peers, cmp_digest);
	for (uint32_t i = 0; i < n; i++)
		if (kept == 0 || cmp_digest(b->peers[i], b->peers[kept - 1]))
			memmove(b->peers[kept++], b->peers[i],
				sizeof *b->peers);
	b->npeers = kept;
}

static void build_region(const mica_ir *ir, uint32_t realm,
			 const mica_ir_region *g, mica_blob *b,
			 mica_blob_region *out)
{
	/* A region this realm maps lists at least the realm itself; the
	 * RMM takes at most MICA_POL_MAX_PARTS, so the stack suffices but
	 * for an IR built some other way. */
	keyed stack[16];
	keyed *k = g->naccesses <= 16 ? stack
		 : mica_xmalloc(g->naccesses * sizeof *k);

	out->kind = g->kind;
	out->size = g->size;
	out->nparts = g->naccesses;
	out->parts = mica_xcalloc(g->naccesses, sizeof *out->parts);
	for (uint32_t i = 0; i < g->naccesses; i++) {
		const mica_ir_access *a = &g->accesses[i];
		mica_blob_part *p = &k[i].part;

		memset(&k[i], 0, sizeof k[i]);
		p->rights = a->rights;
		if (a->subject == MICA_IR_HOST) {
			k[i].cls = 2;
			p->who = MICA_WHO_HOST;
			continue;
		}
		p->ipa = a->ipa;
		if (a->subject == MICA_IR_ANY) {
			k[i].cls = 1;
			p->who = MICA_WHO_ANY;
			p->limit = a->limit;
			continue;
		}
		if (a->subject == realm) {
			p->who = MICA_WHO_SELF;
			k[i].meas = b->measurement;
		} else {
			p->who = peer_who(b,
				ir->realms[a->subject].measurement.bytes,
				mica_hash_size(ir->hash));
			k[i].meas = b->peers[p->who - 1];
		}
	}
	mica_small_sort(k, g->naccesses, sizeof *k, cmp_keyed);
	for (uint32_t i = 0; i < g->naccesses; i++)
		out->parts[i] = k[i].part;
	if (k != stack)
		free(k);
}

void mica_blob_from_ir(const mica_ir *ir, uint32_t realm,
		       const uint8_t workflow[MICA_MAX_DIGEST],
		       mica_blob *out)
{
	const mica_ir_realm *r = &ir->realms[realm];

	size_t dlen = mica_hash_size(ir->hash);

	memset(out, 0, sizeof *out);
	out->major = MICA_BLOB_MAJOR;
	out->minor = MICA_BLOB_MINOR;
	/* Names are at most MICA_MAX_IDENT bytes (IR postcondition). */
	strncpy(out->policy, ir->name, MICA_MAX_IDENT);
	out->version = ir->version;
	out->hash = ir->hash;
	memcpy(out->workflow, workflow, MICA_MAX_DIGEST);
	memcpy(out->measurement, r->measurement.bytes, dlen);
	out->rpv = r->rpv;
	out->flags = mica_realm_flags(r);
	if (mica_realm_has_ranges(r)) {
		out->nimms = r->nimms;
		out->imms = mica_xcalloc(r->nimms, sizeof *out->imms);
		memcpy(out->imms, r->imms, r->nimms * sizeof *out->imms);
	}

	build_peers(ir, realm, out);
	out->nregions = r->nmaps;
	out->regions = mica_xcalloc(r->nmaps ? r->nmaps : 1,
				    sizeof *out->regions);
	for (uint32_t m = 0; m < r->nmaps; m++)
		build_region(ir, realm, &ir->regions[r->maps[m].region], out,
			     &out->regions[m]);
	mica_small_sort(out->regions, out->nregions, sizeof *out->regions,
			cmp_region);
}
