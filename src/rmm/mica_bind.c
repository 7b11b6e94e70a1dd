/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mica_bind.c -- RMI_MICA_POLICY_BIND (0xC400016A) and the activation
 * half of the binding (man/mica-rmm.7, "MICA POLICY"; mica/wire/bind.h).
 */
#include <string.h>

#include "mica/wire/bind.h"
#include "mica/wire/blob_read.h"
#include "rmm_int.h"

static uint8_t *put(uint8_t *o, const void *v, size_t n)
{
	memcpy(o, v, n);
	return o + n;
}

/* A region's identity: H(workflow || kind || granules || for each
 * participant: class, resolved measurement, rights, IPA, limit), the
 * same for every named participant of one policy region. */
static int region_key(const struct mica_pol *p,
		      const struct mica_pol_region *g,
		      uint8_t key[MICA_REGION_KEY_SIZE], size_t n)
{
	uint8_t buf[MICA_RMM_DIGEST_MAX + 9 + MICA_POL_MAX_PARTS *
		    (2 + MICA_RMM_DIGEST_MAX + 16)], *o = buf;
	uint8_t d[MICA_BIND_DIGEST_MAX], zero[MICA_RMM_DIGEST_MAX] = { 0 };

	o = put(o, p->workflow, n);
	o = put(o, &g->kind, 1);
	o = put(o, &g->granules, 8);
	for (unsigned i = 0; i < g->nparts; i++) {
		const struct mica_pol_part *x = &g->part[i];
		uint8_t cls = x->who < 0 ? (uint8_t)-x->who : 0;

		o = put(o, &cls, 1);
		o = put(o, x->who < 0 ? zero : x->who == 0 ? p->measurement
				      : p->peers[x->who - 1], n);
		o = put(o, &x->rights, 1);
		o = put(o, &x->ipa, 8);
		o = put(o, &x->limit, 8);
	}
	if (mica_bind_hash(MICA_BIND_SHA256, buf, (size_t)(o - buf), d) != 0)
		return -1;
	memcpy(key, d, MICA_REGION_KEY_SIZE);
	return 0;
}

/* Keeps what enforcement reads of the decoded policy d in c: 0, or -1
 * when d has a limit anywhere but on one `any` entry per region (the
 * reader allows none; refusing keeps the compact form exact). */
static int compact(const struct mica_pol *d, struct mica_rmm_cpol *c)
{
	c->flags = d->flags;
	c->hash = d->hash;
	c->npeers = d->npeers;
	c->nregions = d->nregions;
	c->nhostcalls = d->nhostcalls;
	c->rpv_len = d->rpv_len;
	memcpy(c->workflow, d->workflow, sizeof c->workflow);
	memcpy(c->measurement, d->measurement, sizeof c->measurement);
	memcpy(c->rpv, d->rpv, sizeof c->rpv);
	memcpy(c->peers, d->peers, sizeof c->peers);
	memcpy(c->hostcall, d->hostcall, sizeof c->hostcall);
	for (unsigned i = 0; i < MICA_POL_MAX_REGIONS; i++) {
		const struct mica_pol_region *g = &d->region[i];
		struct mica_rmm_region *o = &c->region[i];
		unsigned nany = 0;

		o->granules = g->granules;
		o->kind = g->kind;
		o->nparts = g->nparts;
		o->self = g->self;
		for (unsigned k = 0; k < MICA_POL_MAX_PARTS; k++) {
			o->part[k].ipa = g->part[k].ipa;
			o->part[k].who = (int8_t)g->part[k].who;
			o->part[k].rights = g->part[k].rights;
			if (g->part[k].who == MICA_WHO_ANY && k < g->nparts) {
				o->limit = g->part[k].limit;
				nany++;
			} else if (g->part[k].limit != 0) {
				return -1;
			}
		}
		if (nany > 1 || (g->nparts != 0 && g->self >= g->nparts))
			return -1;
	}
	return 0;
}

/* x1 = RD, x2 = blob PA (an NS granule), x3 = length (1..4096). */
unsigned long mica_rmm_rmi_policy_bind(struct mica_rmm *ctx, const unsigned long *a,
			      unsigned long *ret)
{
	struct mica_rmm_realm *r = mica_rmm_realm_from_rd(ctx, a[0]);
	struct mica_rmm_policy *p;
	const uint8_t *src = mica_rmm_ns_page(ctx, a[1]);
	uint8_t *blob = ctx->work.scratch.bind.blob;
	struct mica_pol *d = &ctx->work.scratch.bind.pol;
	uint8_t digest[MICA_BIND_DIGEST_MAX];
	unsigned long half;

	(void)ret;
	if (r == NULL || src == NULL || a[2] == 0 || a[2] > MICA_BLOB_MAX)
		return MICA_RMI_ERROR_INPUT;
	if (r->state != MICA_REALM_NEW || r->policy.bound)
		return MICA_RMI_ERROR_REALM;
	p = &r->policy;   /* all zero: REALM_CREATE zeroed it, never bound */
	/* Copy first (the host may change its page meanwhile), then
	 * validate the copy, and only then bind. */
	memcpy(blob, src, a[2]);
	if (mica_blob_read(d, blob, a[2], NULL) != 0 || d->hash != r->hash_algo ||
	    mica_bind_hash(r->hash_algo, blob, a[2], digest) != 0 ||
	    compact(d, &p->pol) != 0)
		goto refuse;
	p->blob_len = (uint32_t)a[2];
	memcpy(p->blob_digest, digest, mica_rmm_realm_digest_size(r));
	/* Windows in this Realm's own IPA space: protected ones from 0,
	 * unprotected ones from 2^(s2sz-1); each must fit its half. */
	half = (1ul << (r->s2sz - 1)) / GRANULE;
	for (unsigned i = 0; i < d->nregions; i++) {
		const struct mica_pol_region *g = &d->region[i];
		uint64_t off = g->part[g->self].ipa;

		if (off >= half || g->granules > half - off)
			goto refuse;
		p->win[i].base = (off << MICA_RMM_GRANULE_SHIFT) +
				 (g->kind ? 1ul << (r->s2sz - 1) : 0);
		if (region_key(d, g, p->win[i].key,
			       mica_rmm_realm_digest_size(r)) != 0)
			goto refuse;
	}
	p->bound = 1;
	return MICA_RMI_SUCCESS;
refuse:
	memset(p, 0, sizeof *p);   /* back to exactly what it was */
	return MICA_RMI_ERROR_INPUT;
}

/* mica_bind_rim() from the blob's digest (the blob is not kept):
 * H(descriptor(rim, H(blob), length)). */
static int rim_bind(unsigned alg, const uint8_t *rim, const uint8_t *digest,
		    size_t len, uint8_t *out)
{
	uint8_t desc[MICA_BIND_DESC_SIZE], d[MICA_BIND_DIGEST_MAX];

	if (mica_bind_descriptor(desc, alg, rim, digest, len) != 0 ||
	    mica_bind_hash(alg, desc, sizeof desc, d) != 0)
		return -1;
	memcpy(out, d, mica_bind_digest_size(alg));
	return 0;
}

/* REALM_ACTIVATE: the blob must be for this image (and this instance),
 * then the RIM takes the policy descriptor. */
unsigned long mica_rmm_bind_activate(struct mica_rmm *ctx, struct mica_rmm_realm *r)
{
	struct mica_rmm_policy *p = &r->policy;
	size_t n = mica_rmm_realm_digest_size(r);
	uint8_t rim[MICA_RMM_DIGEST_MAX];

	(void)ctx;
	if (!p->bound)
		return MICA_RMI_SUCCESS;          /* a plain CCA Realm */
	if (p->pol.hash != r->hash_algo ||
	    memcmp(r->meas[0], p->pol.measurement, n) != 0)
		return MICA_RMI_ERROR_REALM;
	if (p->pol.rpv_len != 0) {
		for (unsigned i = p->pol.rpv_len; i < MICA_RMM_RPV_SIZE; i++)
			if (r->rpv[i] != 0)
				return MICA_RMI_ERROR_REALM;
		if (memcmp(r->rpv, p->pol.rpv, p->pol.rpv_len) != 0)
			return MICA_RMI_ERROR_REALM;
	}
	if (rim_bind(r->hash_algo, r->meas[0], p->blob_digest, p->blob_len,
		     rim) != 0)
		return MICA_RMI_ERROR_REALM;
	memcpy(p->image, r->meas[0], n);
	memcpy(r->meas[0], rim, n);
	return MICA_RMI_SUCCESS;
}
