/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * corim_read.c -- reading micac's CoRIMs (man/mica-corim.5) into the
 * reference set that reference.json fills (mica_reference).
 *
 * Strict, as the JSON reader is: deterministic CBOR only (the shape
 * src/backend/corim.c writes: shortest heads, map keys in order, no
 * duplicates), every key known, every required key present, sizes
 * bounded by the reference set's limits; the whole input read once with
 * the project's CBOR reader (no heap, no recursion). Anything else stops
 * it with a message naming the byte offset.
 */
#include <stdarg.h>
#include <string.h>

#include "corim.h"
#include "verify.h"

typedef struct rd {
	mica_cbor c;
	const uint8_t *start;   /* of the whole file, for offsets */
	char *err;
	size_t errlen;
	int failed;
	int alg;                /* MICA_VH_* of the first digest, or 0 */
} rd;

static int rfail(rd *d, const char *fmt, ...) MICA_PRINTF(2, 3);

static int rfail(rd *d, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (d->failed)
		return -1;
	d->failed = 1;
	n = snprintf(d->err, d->errlen, "at byte %zu: ",
		     (size_t)((d->c.err ? d->c.at : d->c.p) - d->start));
	if (n < 0 || (size_t)n >= d->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(d->err + n, d->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* A CBOR-level failure of the reader, in its words. */
static int cfail(rd *d, const char *what)
{
	return rfail(d, "%s: %s", what, mica_cbor_strerror(d->c.err));
}

static int want_tag(rd *d, uint64_t tag, const char *what)
{
	uint64_t t;

	if (mica_cbor_tag(&d->c, &t))
		return cfail(d, what);
	if (t != tag)
		return rfail(d, "%s: tag %llu, not %llu", what,
			     (unsigned long long)t, (unsigned long long)tag);
	return 0;
}

static int want_map(rd *d, uint64_t *n, const char *what)
{
	return mica_cbor_map(&d->c, n) ? cfail(d, what) : 0;
}

static int want_array(rd *d, uint64_t *n, const char *what)
{
	return mica_cbor_array(&d->c, n) ? cfail(d, what) : 0;
}

static int want_uint(rd *d, uint64_t *v, const char *what)
{
	return mica_cbor_uint(&d->c, v) ? cfail(d, what) : 0;
}

/* A text string of 1 to cap - 1 bytes, no control characters, into out. */
static int want_text(rd *d, char *out, size_t cap, const char *what)
{
	const char *p;
	size_t n, i;

	if (mica_cbor_tstr(&d->c, &p, &n))
		return cfail(d, what);
	if (n == 0 || n >= cap)
		return rfail(d, "%s must have 1 to %zu bytes, not %zu", what,
			     cap - 1, n);
	for (i = 0; i < n; i++)
		if ((uint8_t)p[i] < 0x20 || p[i] == 0x7f)
			return rfail(d, "%s has a control character", what);
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

/* A map's key, which must be an unsigned integer below 32 (a bit of
 * *seen; every key of these maps is). */
static int want_key(rd *d, unsigned *seen, const char *where)
{
	uint64_t k;

	if (want_uint(d, &k, where))
		return -1;
	if (k >= 32)
		return rfail(d, "unexpected key %llu in %s",
			     (unsigned long long)k, where);
	if (*seen & 1u << k)   /* deterministic mode refuses this first */
		return rfail(d, "key %llu given twice in %s",
			     (unsigned long long)k, where);
	*seen |= 1u << k;
	return (int)k;
}

static int ni_alg(uint64_t id)
{
	return id == 1 ? MICA_VH_SHA256 : id == 7 ? MICA_VH_SHA384
		: id == 8 ? MICA_VH_SHA512 : 0;
}

/* digests [[alg, value]] of exactly one entry into out; every digest of
 * the file has the same algorithm. */
static int digests(rd *d, uint8_t *out, const char *what)
{
	uint64_t n, id;
	const uint8_t *p;
	size_t len;
	int alg;

	if (want_array(d, &n, what))
		return -1;
	if (n != 1)
		return rfail(d, "%s must hold one digest, not %llu", what,
			     (unsigned long long)n);
	if (want_array(d, &n, what))
		return -1;
	if (n != 2)
		return rfail(d, "%s: a digest is [alg, value]", what);
	if (want_uint(d, &id, what))
		return -1;
	alg = ni_alg(id);
	if (!alg)
		return rfail(d, "%s: hash algorithm %llu is not sha-256 (1), "
			     "sha-384 (7) or sha-512 (8)", what,
			     (unsigned long long)id);
	if (d->alg && alg != d->alg)
		return rfail(d, "%s: %s, where the file uses %s", what,
			     mica_vhash_label(alg), mica_vhash_label(d->alg));
	d->alg = alg;
	if (mica_cbor_bstr(&d->c, &p, &len))
		return cfail(d, what);
	if (len != mica_vhash_size(alg))
		return rfail(d, "%s is %zu bytes, %s has %zu", what, len,
			     mica_vhash_label(alg), mica_vhash_size(alg));
	memcpy(out, p, len);
	return 0;
}

/* What one triple gave, beyond the realm itself. */
typedef struct triple {
	uint8_t rim[MICA_REF_DIGEST_MAX];   /* the "cca.rim" / "mica.rim" */
	size_t rimlen;                      /* class-id's length */
	uint8_t workflow[MICA_REF_DIGEST_MAX];
	char policy[MICA_REF_NAME_MAX + 1];
	uint64_t version;
	unsigned have;                      /* bits: H_* */
} triple;

enum { H_RIM = 1, H_RPV = 2, H_IMAGE = 4, H_BLOB = 8, H_WORKFLOW = 16,
       H_POLICY = 32 };

/* environment-map {0: class-map {0: 560(rim) [, 2: model]}}: the model
 * (the realm's name) is required by Mica's profile, absent from the
 * CCA one. */
static int environment(rd *d, int mica, mica_reference_realm *rr,
		       triple *t)
{
	unsigned seen = 0;
	uint64_t n, i;
	const uint8_t *p;
	int k;

	if (want_map(d, &n, "an environment-map"))
		return -1;
	if (n != 1 || want_key(d, &seen, "an environment-map") != 0)
		return rfail(d, "an environment-map must be {0: class-map}");
	if (want_map(d, &n, "a class-map"))
		return -1;
	seen = 0;
	for (i = 0; i < n; i++) {
		k = want_key(d, &seen, "a class-map");
		if (k < 0)
			return -1;
		if (k == 0) {
			if (want_tag(d, 560, "the class-id"))
				return -1;
			if (mica_cbor_bstr(&d->c, &p, &t->rimlen))
				return cfail(d, "the class-id");
			if (t->rimlen != 32 && t->rimlen != 48 &&
			    t->rimlen != 64)
				return rfail(d, "the class-id (a RIM) must be "
					     "32, 48 or 64 bytes, not %zu",
					     t->rimlen);
			memcpy(rr->rim, p, t->rimlen);
		} else if (k == 2 && mica) {
			if (want_text(d, rr->name, sizeof rr->name,
				      "a realm's name (class model)"))
				return -1;
		} else {
			return rfail(d, "unexpected key %d in a class-map", k);
		}
	}
	if (!(seen & 1))
		return rfail(d, "a class-map has no class-id (key 0)");
	if (mica && !(seen & 4))
		return rfail(d, "a class-map has no model (key 2), the "
			     "realm's name");
	return 0;
}

/* mval {only: ...}: enters the map and wants its one key. */
static int mval_key(rd *d, uint64_t key, const char *mkey)
{
	uint64_t n, k;

	if (want_map(d, &n, "a measurement-values-map"))
		return -1;
	if (n != 1 || want_uint(d, &k, "a measurement-values-map") ||
	    k != key)
		return rfail(d, "the values of \"%s\" must be {%llu: ...}",
			     mkey, (unsigned long long)key);
	return 0;
}

/* One measurement-map {0: mkey, 1: mval} of either profile. */
static int measurement(rd *d, int mica, triple *t, mica_reference_realm *rr)
{
	static const char *const cca_keys[] = {
		"cca.rim", "cca.rpv", "cca.rem0", "cca.rem1", "cca.rem2",
		"cca.rem3"
	};
	static const char *const mica_keys[] = {
		"mica.image", "mica.blob", "mica.workflow", "mica.policy",
		"mica.region"
	};
	const char *const *keys = mica ? mica_keys : cca_keys;
	size_t nkeys = mica ? 5 : 6, i;
	char mkey[32], buf[MICA_REF_NAME_MAX + 1];
	uint8_t scratch[MICA_REF_DIGEST_MAX];
	uint64_t n, k, v;
	const uint8_t *p;
	size_t len;

	if (want_map(d, &n, "a measurement-map"))
		return -1;
	if (n != 2 || want_uint(d, &k, "a measurement-map") || k != 0)
		return rfail(d, "a measurement-map must be {0: mkey, 1: "
			     "values}");
	if (want_text(d, mkey, sizeof mkey, "a measurement key"))
		return -1;
	if (want_uint(d, &k, "a measurement-map") || k != 1)
		return rfail(d, "a measurement-map must be {0: mkey, 1: "
			     "values}");
	for (i = 0; i < nkeys; i++)
		if (strcmp(mkey, keys[i]) == 0)
			break;
	if (i == nkeys)
		return rfail(d, "unexpected measurement \"%s\" under the %s "
			     "profile", mkey, mica ? "Mica" : "CCA Realm");
	if (mica && i == 4) {                          /* mica.region */
		return mval_key(d, 11, mkey) ||
		       want_text(d, buf, sizeof buf, "a region's name");
	}
	if (mica && i == 3) {                          /* mica.policy */
		if (t->have & H_POLICY)
			return rfail(d, "\"mica.policy\" given twice");
		t->have |= H_POLICY;
		if (want_map(d, &n, "the values of \"mica.policy\""))
			return -1;
		if (n != 2 || want_uint(d, &k, "mica.policy") || k != 1 ||
		    want_uint(d, &v, "the policy's version") ||
		    want_uint(d, &k, "mica.policy") || k != 11)
			return rfail(d, "the values of \"mica.policy\" must be "
				     "{1: version, 11: name}");
		t->version = v;
		return want_text(d, t->policy, sizeof t->policy,
				 "the policy's name");
	}
	if (!mica && i == 1) {                         /* cca.rpv */
		if (t->have & H_RPV)
			return rfail(d, "\"cca.rpv\" given twice");
		t->have |= H_RPV;
		if (mval_key(d, 4, mkey) || want_tag(d, 560, "cca.rpv"))
			return -1;
		if (mica_cbor_bstr(&d->c, &p, &len))
			return cfail(d, "cca.rpv");
		if (len == 0 || len > 64)
			return rfail(d, "\"cca.rpv\" must be 1 to 64 bytes, "
				     "not %zu", len);
		return 0;
	}
	/* A digest: cca.rim, cca.rem*, mica.image, mica.blob, mica.workflow */
	{
		static const unsigned bit[] = { H_IMAGE, H_BLOB, H_WORKFLOW };
		unsigned b = mica ? bit[i] : i == 0 ? H_RIM : 0;
		uint8_t *out = !mica ? (i == 0 ? t->rim : scratch)
			     : i == 0 ? rr->image : i == 1 ? rr->blob_digest
			     : t->workflow;

		if (b && (t->have & b))
			return rfail(d, "\"%s\" given twice", mkey);
		t->have |= b;
		return mval_key(d, 2, mkey) || digests(d, out, mkey);
	}
}

/* One reference triple [environment-map, [+ measurement-map]]. */
static int triple_read(rd *d, int mica, mica_reference_realm *rr,
		       triple *t)
{
	uint64_t n, i;

	memset(t, 0, sizeof *t);
	if (want_array(d, &n, "a reference triple"))
		return -1;
	if (n != 2)
		return rfail(d, "a reference triple must be [environment, "
			     "measurements]");
	if (environment(d, mica, rr, t) ||
	    want_array(d, &n, "the measurements"))
		return -1;
	for (i = 0; i < n; i++)
		if (measurement(d, mica, t, rr))
			return -1;
	if (!mica && !(t->have & H_RIM))
		return rfail(d, "a realm has no \"cca.rim\"");
	if (mica && (t->have & (H_IMAGE | H_BLOB | H_WORKFLOW | H_POLICY)) !=
	    (H_IMAGE | H_BLOB | H_WORKFLOW | H_POLICY))
		return rfail(d, "realm '%s' lacks one of \"mica.image\", "
			     "\"mica.blob\", \"mica.workflow\", "
			     "\"mica.policy\"", rr->name);
	if (t->rimlen != mica_vhash_size(d->alg))
		return rfail(d, "the class-id is %zu bytes, the digests %zu",
			     t->rimlen, mica_vhash_size(d->alg));
	if (!mica && memcmp(t->rim, rr->rim, t->rimlen) != 0)
		return rfail(d, "\"cca.rim\" is not the class-id");
	return 0;
}

/* Realm j of r, read: its name (the model, or from its RIM under the
 * CCA profile), unique; under Mica's profile, the policy, version and
 * workflow digest every realm repeats, the same in each. */
static int realm_more(rd *d, int mica, mica_reference *r, size_t j,
		      const triple *t)
{
	mica_reference_realm *rr = &r->realms[j];
	size_t dlen = t->rimlen, k;

	if (!mica) {
		memcpy(rr->name, "rim:", 4);
		for (k = 0; k < 8; k++)
			snprintf(rr->name + 4 + 2 * k, 3, "%02x", rr->rim[k]);
	}
	for (k = 0; k < j; k++) {
		if (strcmp(r->realms[k].name, rr->name) == 0)
			return rfail(d, "realm '%s' given twice", rr->name);
		if (memcmp(r->realms[k].rim, rr->rim, dlen) == 0)
			return rfail(d, "realms '%s' and '%s' have the same "
				     "RIM", r->realms[k].name, rr->name);
	}
	if (!mica)
		return 0;
	if (t->version != r->version)
		return rfail(d, "realm '%s': policy version %llu, the tag's "
			     "is %llu", rr->name,
			     (unsigned long long)t->version,
			     (unsigned long long)r->version);
	if (j == 0) {
		memcpy(r->workflow, t->workflow, dlen);
		memcpy(r->policy, t->policy, sizeof r->policy);
		return 0;
	}
	if (strcmp(r->policy, t->policy) != 0)
		return rfail(d, "realm '%s' is of policy '%s', not '%s'",
			     rr->name, t->policy, r->policy);
	if (memcmp(r->workflow, t->workflow, dlen) != 0)
		return rfail(d, "realm '%s' has another workflow digest",
			     rr->name);
	return 0;
}

/* The CoMID {1: {0: tag-id, ? 1: version}, 4: {0: [+ triple]}}. */
static int comid(rd *d, int mica, mica_reference *r)
{
	unsigned seen = 0, s2;
	uint64_t n, m, i;
	char tagid[MICA_REF_NAME_MAX + 32];
	int k;

	if (want_map(d, &n, "the CoMID"))
		return -1;
	for (i = 0; i < n; i++) {
		k = want_key(d, &seen, "the CoMID");
		if (k < 0)
			return -1;
		if (k == 1) {
			if (want_map(d, &m, "the tag-identity"))
				return -1;
			s2 = 0;
			for (uint64_t j = 0; j < m; j++) {
				int kk = want_key(d, &s2, "the tag-identity");

				if (kk == 0) {
					if (want_text(d, tagid, sizeof tagid,
						      "the tag-id"))
						return -1;
				} else if (kk == 1) {
					if (want_uint(d, &r->version,
						      "the tag-version"))
						return -1;
				} else {
					return kk < 0 ? -1 : rfail(d,
						"unexpected key %d in the "
						"tag-identity", kk);
				}
			}
			if (!(s2 & 1))
				return rfail(d, "the tag-identity has no "
					     "tag-id");
		} else if (k == 4) {
			if (want_map(d, &m, "the triples") ||
			    (m != 1 && rfail(d, "the triples must be {0: "
					     "[reference triples]}")) ||
			    want_uint(d, &m, "the triples") ||
			    (m != 0 && rfail(d, "the triples must be {0: "
					     "[reference triples]}")) ||
			    want_array(d, &m, "the reference triples"))
				return -1;
			if (m == 0 || m > MICA_REF_REALMS_MAX)
				return rfail(d, "%llu reference triples: 1 to "
					     "%d are allowed",
					     (unsigned long long)m,
					     MICA_REF_REALMS_MAX);
			for (uint64_t j = 0; j < m; j++) {
				mica_reference_realm *rr = &r->realms[j];
				triple t;

				if (triple_read(d, mica, rr, &t))
					return -1;
				if (realm_more(d, mica, r, (size_t)j, &t))
					return -1;
			}
			r->nrealms = (size_t)m;
		} else {
			return rfail(d, "unexpected key %d in the CoMID", k);
		}
	}
	if ((seen & 0x12) != 0x12)
		return rfail(d, "the CoMID lacks its tag-identity (1) or "
			     "triples (4)");
	return 0;
}

int mica_corim_parse(const uint8_t *buf, size_t len, mica_reference *r,
		     mica_ref_form *form, char *err, size_t errlen)
{
	rd d;
	unsigned seen = 0;
	uint64_t n, i, m;
	char id[MICA_REF_NAME_MAX + 1] = { 0 }, profile[64] = { 0 };
	const uint8_t *cp = NULL;
	size_t cn = 0;
	int k, mica;

	memset(r, 0, sizeof *r);
	memset(&d, 0, sizeof d);
	if (errlen)
		err[0] = '\0';
	d.start = buf;
	d.err = err;
	d.errlen = errlen;
	mica_cbor_init(&d.c, buf, len, MICA_CBOR_DETERMINISTIC);
	if (want_tag(&d, 501, "an unsigned CoRIM") ||
	    want_map(&d, &n, "the corim-map"))
		return -1;
	for (i = 0; i < n; i++) {
		k = want_key(&d, &seen, "the corim-map");
		if (k < 0)
			return -1;
		if (k == 0) {
			if (want_text(&d, id, sizeof id, "the CoRIM's id"))
				return -1;
		} else if (k == 1) {
			if (want_array(&d, &m, "the tags"))
				return -1;
			if (m != 1)
				return rfail(&d, "the CoRIM must hold one tag, "
					     "not %llu", (unsigned long long)m);
			if (want_tag(&d, 506, "the CoMID"))
				return -1;
			if (mica_cbor_bstr(&d.c, &cp, &cn))
				return cfail(&d, "the CoMID");
		} else if (k == 3) {
			if (want_tag(&d, 32, "the profile") ||
			    want_text(&d, profile, sizeof profile,
				      "the profile"))
				return -1;
		} else {
			return rfail(&d, "unexpected key %d in the corim-map",
				     k);
		}
	}
	if (mica_cbor_done(&d.c))
		return cfail(&d, "after the CoRIM");
	if ((seen & 0xb) != 0xb)
		return rfail(&d, "the corim-map lacks its id (0), tags (1) or "
			     "profile (3)");
	if (strcmp(profile, MICA_CORIM_CCA_PROFILE) == 0)
		mica = 0;
	else if (strcmp(profile, MICA_CORIM_MICA_PROFILE) == 0)
		mica = 1;
	else
		return rfail(&d, "profile \"%s\" is neither \"%s\" nor \"%s\"",
			     profile, MICA_CORIM_CCA_PROFILE,
			     MICA_CORIM_MICA_PROFILE);
	/* The CoMID, inside its byte string: offsets stay the file's. */
	mica_cbor_init(&d.c, cp, cn, MICA_CBOR_DETERMINISTIC);
	if (comid(&d, mica, r))
		return -1;
	if (mica_cbor_done(&d.c))
		return cfail(&d, "after the CoMID");
	if (mica && strcmp(id, r->policy) != 0)
		return rfail(&d, "the CoRIM's id '%s' is not the policy '%s'",
			     id, r->policy);
	memcpy(r->policy, id, sizeof r->policy);
	r->dlen = mica_vhash_size(d.alg);
	snprintf(r->hash, sizeof r->hash, "%s", d.alg == MICA_VH_SHA256
		 ? "sha-256" : d.alg == MICA_VH_SHA384 ? "sha-384"
		 : "sha-512");
	*form = mica ? MICA_REF_CORIM_MICA : MICA_REF_CORIM_CCA;
	return 0;
}
