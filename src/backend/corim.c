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

/* The names of the regions realm r is named in, sorted; their count. */
static uint32_t regions_of(const mica_ir *ir, uint32_t r, const char **out)
{
	uint32_t n = 0;

	for (uint32_t g = 0; g < ir->nregions; g++)
		for (uint32_t a = 0; a < ir->regions[g].naccesses; a++)
			if (ir->regions[g].accesses[a].subject == r) {
				out[n++] = ir->regions[g].name;
				break;
			}
	qsort(out, n, sizeof *out, cmp_str);
	return n;
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
			const mica_ref_realm *rr)
{
	const char **regions = mica_xcalloc(ir->nregions + 1, sizeof *regions);
	uint32_t nreg = regions_of(ir, rr->index, regions);

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
	free(regions);
}

/* One CoRIM: 501({0: id, 1: [506(<< comid >>)], 3: 32(profile)}) where
 * comid = {1: {0: tag-id, 1: version}, 4: {0: [triples]}}. */
static void corim(mica_output *o, const char *file, const mica_ir *ir,
		  const uint8_t *workflow, const mica_ref_realm *realms,
		  uint32_t n, bool cca)
{
	char tagid[MICA_MAX_IDENT + 32];
	cbw c, w;

	snprintf(tagid, sizeof tagid, "%s/%s", ir->name,
		 cca ? "cca-realm" : "mica");
	cbw_init_heap(&c);
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
			mica_triple(&c, ir, workflow, &realms[i]);
	}

	cbw_init_heap(&w);
	cbw_tag(&w, TAG_CORIM);
	cbw_map(&w, 3);
	cbw_uint(&w, 0);
	cbw_text(&w, ir->name);
	cbw_uint(&w, 1);
	cbw_array(&w, 1);
	cbw_tag(&w, TAG_COMID);
	cbw_bytes(&w, c.buf, c.len);
	cbw_uint(&w, 3);
	cbw_tag(&w, TAG_URI);
	cbw_text(&w, cca ? CCA_PROFILE : MICA_PROFILE);
	free(c.buf);
	o->name = mica_xstrdup(file);
	o->data = w.buf;
	o->len = w.len;
}

void mica_corim_write(const mica_ir *ir,
		      const uint8_t workflow[MICA_MAX_DIGEST],
		      const mica_ref_realm *realms, uint32_t n,
		      mica_output *cca, mica_output *mica)
{
	corim(cca, "reference.corim", ir, workflow, realms, n, true);
	corim(mica, "mica.corim", ir, workflow, realms, n, false);
}
