/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * corim.c -- reference values as CoRIMs (man/mica-corim.5).
 *
 * Two unsigned CoRIMs (tag 501), each with one CoMID (tag 506 around a
 * byte string): reference.corim under the Arm CCA Realm endorsement
 * profile, one reference triple per Realm with nothing but what that
 * profile admits (class-id = the final RIM, "cca.rim", "cca.rpv"), so a
 * verifier such as Veraison can take it as it is; and mica.corim under
 * Mica's own profile, with what only Mica knows (image measurement, blob
 * digest, workflow digest, policy name and version, the regions each
 * Realm shares), enough on its own for micac verify --reference.
 *
 * Deterministic CBOR (RFC 8949 section 4.2.1): cbw writes shortest heads,
 * and every map below is written with its keys in ascending order.
 * Realms come in the caller's order (by name), a Realm's regions by name.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/util.h"
#include "backend.h"

#define CCA_PROFILE "tag:arm.com,2025:cca_realm#1.0.0"
#define MICA_PROFILE "tag:mica.dev,2026:workflow#1"
#define TAG_URI 32
#define TAG_CORIM 501
#define TAG_COMID 506
#define TAG_BYTES 560

/* hash-alg-id of the IANA Named Information registry. */
static uint64_t ni_alg(mica_hash_alg a)
{
	return a == MICA_SHA512 ? 8 : 1;
}

/* digests: [[alg, value]] */
static void digests(cbw *w, mica_hash_alg a, const uint8_t *d)
{
	cbw_array(w, 1);
	cbw_array(w, 2);
	cbw_uint(w, ni_alg(a));
	cbw_bytes(w, d, mica_hash_size(a));
}

/* A measurement-map {0: mkey, 1: {2: digests}}. */
static void digest_measurement(cbw *w, const char *mkey, mica_hash_alg a,
			       const uint8_t *d)
{
	cbw_map(w, 2);
	cbw_uint(w, 0);
	cbw_text(w, mkey);
	cbw_uint(w, 1);
	cbw_map(w, 1);
	cbw_uint(w, 2);
	digests(w, a, d);
}

/* environment-map {0: class-map {0: 560(rim) [, 2: model]}} */
static void environment(cbw *w, const uint8_t *rim, size_t n,
			const char *model)
{
	cbw_map(w, 1);
	cbw_uint(w, 0);
	cbw_map(w, model ? 2 : 1);
	cbw_uint(w, 0);
	cbw_tag(w, TAG_BYTES);
	cbw_bytes(w, rim, n);
	if (model) {
		cbw_uint(w, 2);
		cbw_text(w, model);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The regions each Realm is named in, sorted by name: one array for all
 * Realms, Realm r's names at names[start[r]] to names[start[r + 1]].
 * Built once in one pass over the access lines, so the mica.corim costs
 * the same per Realm whatever the size of the policy (asking every
 * region for every Realm made it quadratic). A region naming a Realm on
 * several lines is listed once. */
typedef struct region_index {
	uint32_t *start;         /* nrealms + 1 offsets */
	const char **names;
} region_index;

static void region_index_build(const mica_ir *ir, region_index *x)
{
	/* last[r]: 1 + the last region counted for r (dedup within one
	 * region, whose lines are visited together). */
	uint32_t *last = mica_xcalloc(ir->nrealms + 1, sizeof *last);
	uint32_t *fill;

	x->start = mica_xcalloc(ir->nrealms + 1, sizeof *x->start);
	for (uint32_t g = 0; g < ir->nregions; g++)
		for (uint32_t a = 0; a < ir->regions[g].naccesses; a++) {
			uint32_t s = ir->regions[g].accesses[a].subject;
			if (s < ir->nrealms && last[s] != g + 1) {
				last[s] = g + 1;
				x->start[s + 1]++;
			}
		}
	for (uint32_t r = 0; r < ir->nrealms; r++)
		x->start[r + 1] += x->start[r];
	x->names = mica_xcalloc(x->start[ir->nrealms] + 1, sizeof *x->names);
	fill = mica_xcalloc(ir->nrealms + 1, sizeof *fill);
	memcpy(fill, x->start, ir->nrealms * sizeof *fill);
	memset(last, 0, (ir->nrealms + 1) * sizeof *last);
	for (uint32_t g = 0; g < ir->nregions; g++)
		for (uint32_t a = 0; a < ir->regions[g].naccesses; a++) {
			uint32_t s = ir->regions[g].accesses[a].subject;
			if (s < ir->nrealms && last[s] != g + 1) {
				last[s] = g + 1;
				x->names[fill[s]++] = ir->regions[g].name;
			}
		}
	for (uint32_t r = 0; r < ir->nrealms; r++)
		qsort(x->names + x->start[r], x->start[r + 1] - x->start[r],
		      sizeof *x->names, cmp_str);
	free(fill);
	free(last);
}

static void region_index_free(region_index *x)
{
	free(x->start);
	free(x->names);
}

static void cca_triple(cbw *w, const mica_ir *ir, const mica_ref_realm *rr)
{
	const mica_ir_realm *r = &ir->realms[rr->index];
	size_t dlen = mica_hash_size(ir->hash);
	bool rpv = r->rpv.len > 0;

	cbw_array(w, 2);
	environment(w, rr->rim, dlen, NULL);
	cbw_array(w, 1 + rpv);
	digest_measurement(w, "cca.rim", ir->hash, rr->rim);
	if (rpv) {
		cbw_map(w, 2);
		cbw_uint(w, 0);
		cbw_text(w, "cca.rpv");
		cbw_uint(w, 1);
		cbw_map(w, 1);
		cbw_uint(w, 4);
		cbw_tag(w, TAG_BYTES);
		cbw_bytes(w, r->rpv.bytes, r->rpv.len);
	}
}

static void mica_triple(cbw *w, const mica_ir *ir, const uint8_t *workflow,
			const region_index *x, const mica_ref_realm *rr)
{
	const char **regions = x->names + x->start[rr->index];
	uint32_t nreg = x->start[rr->index + 1] - x->start[rr->index];

	cbw_array(w, 2);
	environment(w, rr->rim, mica_hash_size(ir->hash), rr->name);
	cbw_array(w, 4 + (size_t)nreg);
	digest_measurement(w, "mica.image", ir->hash, rr->measurement);
	digest_measurement(w, "mica.blob", ir->hash, rr->blob_digest);
	digest_measurement(w, "mica.workflow", ir->hash, workflow);
	/* {0: "mica.policy", 1: {1: version (svn), 11: name}} */
	cbw_map(w, 2);
	cbw_uint(w, 0);
	cbw_text(w, "mica.policy");
	cbw_uint(w, 1);
	cbw_map(w, 2);
	cbw_uint(w, 1);
	cbw_uint(w, ir->version);
	cbw_uint(w, 11);
	cbw_text(w, ir->name);
	for (uint32_t i = 0; i < nreg; i++) {
		/* {0: "mica.region", 1: {11: region name}} */
		cbw_map(w, 2);
		cbw_uint(w, 0);
		cbw_text(w, "mica.region");
		cbw_uint(w, 1);
		cbw_map(w, 1);
		cbw_uint(w, 11);
		cbw_text(w, regions[i]);
	}
}

/* One CoRIM: 501({0: id, 1: [506(<< comid >>)], 3: 32(profile)}) where
 * comid = {1: {0: tag-id, 1: version}, 4: {0: [triples]}}. The comid,
 * the bulk of it (hundreds of bytes a Realm), is encoded once, after
 * room for the wrapper's head; the head, whose byte-string length is
 * known only then, is moved in front of it: no second copy of the comid
 * is ever held. */
static void corim(mica_output *o, const char *file, const mica_ir *ir,
		  const uint8_t *workflow, const mica_ref_realm *realms,
		  uint32_t n, bool cca)
{
	char tagid[MICA_MAX_IDENT + 32];
	/* tag 501 (3), map (1), key (1), text head (9), key (1), array
	 * (1), tag 506 (3), byte-string head (9): at most 28 + the name. */
	uint8_t pre[MICA_MAX_IDENT + 64];
	size_t room = 28 + strlen(ir->name), clen;
	region_index x = { 0 };
	cbw c, w;

	if (!cca)
		region_index_build(ir, &x);
	snprintf(tagid, sizeof tagid, "%s/%s", ir->name,
		 cca ? "cca-realm" : "mica");
	cbw_init_heap(&c);
	cbw_skip(&c, room);
	cbw_map(&c, 2);
	cbw_uint(&c, 1);
	cbw_map(&c, 2);
	cbw_uint(&c, 0);
	cbw_text(&c, tagid);
	cbw_uint(&c, 1);
	cbw_uint(&c, ir->version);
	cbw_uint(&c, 4);
	cbw_map(&c, 1);
	cbw_uint(&c, 0);
	cbw_array(&c, n);
	for (uint32_t i = 0; i < n; i++) {
		if (cca)
			cca_triple(&c, ir, &realms[i]);
		else
			mica_triple(&c, ir, workflow, &x, &realms[i]);
	}
	region_index_free(&x);
	clen = c.len - room;

	cbw_init(&w, pre, sizeof pre);
	cbw_tag(&w, TAG_CORIM);
	cbw_map(&w, 3);
	cbw_uint(&w, 0);
	cbw_text(&w, ir->name);
	cbw_uint(&w, 1);
	cbw_array(&w, 1);
	cbw_tag(&w, TAG_COMID);
	cbw_bytes_head(&w, clen);
	if (w.full || w.len > room)
		mica_fatal("internal error: CoRIM head over its room");
	memcpy(c.buf, pre, w.len);
	memmove(c.buf + w.len, c.buf + room, clen);
	c.len = w.len + clen;
	cbw_uint(&c, 3);
	cbw_tag(&c, TAG_URI);
	cbw_text(&c, cca ? CCA_PROFILE : MICA_PROFILE);
	o->name = mica_xstrdup(file);
	o->data = c.buf;
	o->len = c.len;
}

void mica_corim_write(const mica_ir *ir,
		      const uint8_t workflow[MICA_MAX_DIGEST],
		      const mica_ref_realm *realms, uint32_t n,
		      mica_output *cca, mica_output *mica)
{
	mica_corim_write_one(ir, workflow, realms, n, true, cca);
	mica_corim_write_one(ir, workflow, realms, n, false, mica);
}

void mica_corim_write_one(const mica_ir *ir,
			  const uint8_t workflow[MICA_MAX_DIGEST],
			  const mica_ref_realm *realms, uint32_t n, bool cca,
			  mica_output *o)
{
	corim(o, cca ? "reference.corim" : "mica.corim", ir, workflow,
	      realms, n, cca);
}
