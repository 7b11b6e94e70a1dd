/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * claims.c -- the claim tables, the checks of claim values, mandatory
 * claims, and the binding of the realm key by the platform challenge.
 * Decoding a claim map into a claim set is claimset.c's.
 *
 * The tables name every claim the CCA token profile defines (Arm DEN0137
 * and draft-ffm-rats-cca-token), plus the PSA claims that share the
 * platform token's keys, so that inspect prints names and verify checks
 * types from one place. Unknown claims are allowed: producers add claims,
 * and an ordinary verifier must not reject them; inspect shows them by
 * key.
 *
 * What is mandatory follows the profile and what real producers emit
 * (every published CCA token we know of has it): the platform profile is
 * required, the realm profile and MEC policy are not (older tokens lack
 * them). Sizes are checked where the profile fixes them; a RIM's size is
 * not tied to claim 44236, because real tokens pair "sha-256" with
 * 64-byte measurements.
 */
#include <string.h>

#include "verify.h"

#define MAND MICA_CD_MANDATORY
#define DIGEST MICA_CD_DIGEST

static const mica_claim_def platform_claims[] = {
	{ 10, "challenge", "challenge", MICA_CK_BYTES, MAND | DIGEST, 0, 0 },
	{ 256, "instance ID", "instance-id", MICA_CK_BYTES, MAND, 1, 33 },
	{ 265, "profile", "profile", MICA_CK_TEXT, MAND, 0, 0 },
	{ 2394, "client ID", "client-id", MICA_CK_INT, 0, 0, 0 },
	{ 2395, "lifecycle", "lifecycle", MICA_CK_LIFECYCLE, MAND, 0, 0 },
	{ 2396, "implementation ID", "implementation-id", MICA_CK_BYTES,
	  MAND, 32, 32 },
	{ 2397, "boot seed", "boot-seed", MICA_CK_BYTES, 0, 0, 0 },
	{ 2398, "certification reference", "certification-reference",
	  MICA_CK_TEXT, 0, 0, 0 },
	{ 2399, "software components", "software-components",
	  MICA_CK_SWCOMPS, MAND, 0, 0 },
	{ 2400, "verification service", "verification-service",
	  MICA_CK_TEXT, 0, 0, 0 },
	{ 2401, "platform configuration", "platform-config", MICA_CK_BYTES,
	  MAND, 0, 0 },
	{ 2402, "hash algorithm", "hash-algorithm", MICA_CK_TEXT, MAND, 0, 0 },
};

static const mica_claim_def realm_claims[] = {
	{ 10, "challenge", "challenge", MICA_CK_BYTES, MAND, 64, 64 },
	{ 256, "instance ID", "instance-id", MICA_CK_BYTES, 0, 0, 0 },
	{ 265, "profile", "profile", MICA_CK_TEXT, 0, 0, 0 },
	{ 44235, "personalization value", "personalization-value",
	  MICA_CK_BYTES, MAND, 64, 64 },
	{ 44236, "measurement hash algorithm", "hash-algorithm", MICA_CK_TEXT,
	  MAND, 0, 0 },
	{ 44237, "realm public key", "public-key", MICA_CK_RAK, MAND, 0, 0 },
	{ 44238, "RIM", "rim", MICA_CK_BYTES, MAND | DIGEST, 0, 0 },
	{ 44239, "REMs", "rems", MICA_CK_REMS, MAND, 0, 0 },
	{ 44240, "realm public key hash algorithm", "public-key-hash-algorithm",
	  MICA_CK_TEXT, MAND, 0, 0 },
	{ 44243, "MEC policy", "mec-policy", MICA_CK_UINT, 0, 0, 0 },
};

/*
 * ---- Mica's own claims -------------------------------------------------
 * The keys of mica/wire/constants.h (one table there), documented in
 * man/mica-rmm.7. inspect prints them by name and verify checks their
 * types like any other realm claim; none is mandatory, so a token of
 * another producer passes as before.
 *   266 (EAT submods, RFC 9711) the group token's members, "GROUP TOKEN":
 *     { + name => { 44238: final RIM, ?44236: algorithm,
 *                   ?-77101: workflow digest } }
 *   -77102, -77103 the Realm's audit record, "AUDIT".
 *   -70001 the former group claim: refused by name (no producer of it is
 *     deployed; its key is the one Veraison uses for its own claims).
 * -77101 belongs inside a member only.
 */
static const mica_claim_def mica_claims[] = {
	{ MICA_CLAIM_SUBMODS, "submodules (Mica group)", "submods",
	  MICA_CK_SUBMODS, 0, 0, 0 },
	{ MICA_CLAIM_AUDIT_COUNT, "Mica audit count", "mica-audit-count",
	  MICA_CK_UINT, 0, 0, 0 },
	{ MICA_CLAIM_AUDIT_CHAIN, "Mica audit chain", "mica-audit-chain",
	  MICA_CK_BYTES, DIGEST, 0, 0 },
	{ MICA_CLAIM_GROUP_OLD, "former Mica group claim", "mica-group-old",
	  MICA_CK_REFUSED, 0, 0, 0 },
	{ 0, NULL, NULL, 0, 0, 0, 0 }   /* end */
};

static const mica_claim_def swcomp_claims[] = {
	{ 1, "type", "type", MICA_CK_TEXT, 0, 0, 0 },
	{ 2, "measurement", "measurement-value", MICA_CK_BYTES, MAND, 0, 0 },
	{ 4, "version", "version", MICA_CK_TEXT, 0, 0, 0 },
	{ 5, "signer ID", "signer-id", MICA_CK_BYTES, MAND, 0, 0 },
	{ 6, "measurement description", "measurement-description",
	  MICA_CK_TEXT, 0, 0, 0 },
};

/* For showing a COSE_Key (RFC 9052 section 7, RFC 9053 section 7.1);
 * keys.c does the decoding. */
static const mica_claim_def cose_key_claims[] = {
	{ 1, "key type", "kty", MICA_CK_INT, 0, 0, 0 },
	{ 2, "key ID", "kid", MICA_CK_BYTES, 0, 0, 0 },
	{ 3, "algorithm", "alg", MICA_CK_INT, 0, 0, 0 },
	{ -1, "curve", "crv", MICA_CK_INT, 0, 0, 0 },
	{ -2, "x", "x", MICA_CK_BYTES, 0, 0, 0 },
	{ -3, "y", "y", MICA_CK_BYTES, 0, 0, 0 },
};

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

const mica_claim_def *mica_claim_def_at(mica_claim_table t, size_t i)
{
	switch (t) {
	case MICA_TABLE_PLATFORM:
		return i < COUNT(platform_claims) ? &platform_claims[i] : NULL;
	case MICA_TABLE_REALM:
		if (i < COUNT(realm_claims))
			return &realm_claims[i];
		i -= COUNT(realm_claims);
		return i < COUNT(mica_claims) && mica_claims[i].name
			? &mica_claims[i] : NULL;
	case MICA_TABLE_SWCOMP:
		return i < COUNT(swcomp_claims) ? &swcomp_claims[i] : NULL;
	case MICA_TABLE_COSE_KEY:
		return i < COUNT(cose_key_claims) ? &cose_key_claims[i] : NULL;
	}
	return NULL;
}

const mica_claim_def *mica_claim_lookup(mica_claim_table t, int64_t key)
{
	const mica_claim_def *d;
	size_t i;

	for (i = 0; (d = mica_claim_def_at(t, i)) != NULL; i++)
		if (d->key == key)
			return d;
	return NULL;
}

const char *mica_lifecycle_name(uint64_t value)
{
	/* Security lifecycle states (PSA, CCA platform): the high byte is
	 * the state, the low byte implementation-defined. */
	static const char *const states[] = {
		"unknown", "assembly-and-test", "cca-platform-rot-provisioning",
		"secured", "non-cca-platform-rot-debug",
		"recoverable-cca-platform-rot-debug", "decommissioned",
	};
	if (value > 0x60FF || (value >> 8 & 0xF) != 0)
		return NULL;
	return states[value >> 12];
}

/* ---- checking values ----------------------------------------------------- */

static int bad_type(const mica_claim_def *d, const mica_bytes *val,
		    const char *what, const char *want, mica_verdict *v)
{
	return mica_verdict_set(v, MICA_CLAIMS_FAIL,
				"%s: claim %lld (%s) must be %s, not %s", what,
				(long long)d->key, d->name, want,
				mica_cbor_what(val->p, val->n));
}

static int digest_size_ok(size_t n)
{
	return n == 32 || n == 48 || n == 64;
}

static int check_bytes(const mica_claim_def *d, const mica_bytes *val,
		       const char *what, mica_verdict *v)
{
	mica_cbor c;
	const uint8_t *p;
	size_t n;

	mica_cbor_init(&c, val->p, val->n, MICA_CBOR_LENIENT);
	if (mica_cbor_bstr(&c, &p, &n))
		return bad_type(d, val, what, "a byte string", v);
	if ((d->flags & DIGEST) && !digest_size_ok(n))
		return mica_verdict_set(v, MICA_CLAIMS_FAIL,
			"%s: claim %lld (%s) must be 32, 48 or 64 bytes, not "
			"%zu", what, (long long)d->key, d->name, n);
	if (d->minlen && d->minlen == d->maxlen && n != d->minlen)
		return mica_verdict_set(v, MICA_CLAIMS_FAIL,
			"%s: claim %lld (%s) must be %u bytes, not %zu", what,
			(long long)d->key, d->name, d->minlen, n);
	if ((d->minlen && n < d->minlen) || (d->maxlen && n > d->maxlen))
		return mica_verdict_set(v, MICA_CLAIMS_FAIL,
			"%s: claim %lld (%s) must be %u to %u bytes, not %zu",
			what, (long long)d->key, d->name, d->minlen, d->maxlen,
			n);
	return 0;
}

static int check_rems(const mica_claim_def *d, const mica_bytes *val,
		      const char *what, mica_verdict *v)
{
	mica_cbor c;
	uint64_t n, i;
	const uint8_t *p;
	size_t len;

	mica_cbor_init(&c, val->p, val->n, MICA_CBOR_LENIENT);
	if (mica_cbor_array(&c, &n))
		return bad_type(d, val, what, "an array of 4 measurements", v);
	if (n != 4)
		return mica_verdict_set(v, MICA_CLAIMS_FAIL,
			"%s: claim %lld (%s) must hold 4 measurements, not "
			"%llu", what, (long long)d->key, d->name,
			(unsigned long long)n);
	for (i = 0; i < n; i++) {
		if (mica_cbor_bstr(&c, &p, &len))
			return mica_verdict_set(v, MICA_CLAIMS_FAIL,
				"%s: claim %lld (%s): REM%u is not a byte "
				"string", what, (long long)d->key, d->name,
				(unsigned)i);
		if (!digest_size_ok(len))
			return mica_verdict_set(v, MICA_CLAIMS_FAIL,
				"%s: claim %lld (%s): REM%u must be 32, 48 or "
				"64 bytes, not %zu", what, (long long)d->key,
				d->name, (unsigned)i, len);
	}
	return 0;
}

static int check_set(const mica_claimset *cs, mica_claim_table t,
		     const char *what, mica_verdict *v);

/* ---- the Mica group: EAT submods ------------------------------------- */

static int group_fail(const char *what, const char *msg, mica_verdict *v)
{
	return mica_verdict_set(v, MICA_CLAIMS_FAIL,
				"%s: claim 266 (submodules): %s", what, msg);
}

/* One member's Claims-Set: 44238 (a digest) once, 44236 (text) and
 * MICA_CLAIM_WORKFLOW (a digest) at most once; other claims are
 * skipped, as EAT wants unknown claims ignored. 0 or -1. */
static int group_member(mica_cbor *c, mica_group_member *m)
{
	uint64_t n, i;
	int64_t key;
	const char *t;
	size_t tn;

	memset(m, 0, sizeof *m);
	if (mica_cbor_tstr(c, &t, &tn) || mica_cbor_map(c, &n))
		return -1;
	m->name.p = (const uint8_t *)t;
	m->name.n = tn;
	for (i = 0; i < n; i++) {
		mica_bytes *b = NULL;

		if (mica_cbor_int(c, &key))
			return -1;
		if (key == 44238 || key == MICA_CLAIM_WORKFLOW) {
			b = key == 44238 ? &m->rim : &m->workflow;
			if (b->p || mica_cbor_bstr(c, &b->p, &b->n) ||
			    !digest_size_ok(b->n))
				return -1;
		} else if (key == 44236) {
			if (m->alg.p || mica_cbor_tstr(c, &t, &tn))
				return -1;
			m->alg.p = (const uint8_t *)t;
			m->alg.n = tn;
		} else if (mica_cbor_skip(c)) {
			return -1;
		}
	}
	return m->rim.p ? 0 : -1;
}

int mica_group_parse(const mica_bytes *val, mica_group *g, const char *what,
		     mica_verdict *v)
{
	mica_bytes names[MICA_REF_REALMS_MAX];
	mica_group_member m;
	mica_cbor c;
	uint64_t i, k;
	char msg[160];

	memset(g, 0, sizeof *g);
	mica_cbor_init(&c, val->p, val->n, MICA_CBOR_LENIENT);
	if (mica_cbor_map(&c, &g->nmembers))
		return group_fail(what, "must be a map of submodules", v);
	if (g->nmembers == 0)
		return group_fail(what, "no member", v);
	if (g->nmembers > MICA_REF_REALMS_MAX) {
		snprintf(msg, sizeof msg, "%llu members, more than a group "
			 "token holds (%u)", (unsigned long long)g->nmembers,
			 MICA_REF_REALMS_MAX);
		return group_fail(what, msg, v);
	}
	g->members.p = c.p;
	for (i = 0; i < g->nmembers; i++) {
		if (group_member(&c, &m)) {
			snprintf(msg, sizeof msg, "member %llu must be a text "
				 "name and a Claims-Set {44238: final RIM, "
				 "?44236: algorithm, ?%d: workflow digest}, "
				 "digests of 32, 48 or 64 bytes",
				 (unsigned long long)i, MICA_CLAIM_WORKFLOW);
			return group_fail(what, msg, v);
		}
		for (k = 0; k < i; k++)
			if (names[k].n == m.name.n &&
			    memcmp(names[k].p, m.name.p, m.name.n) == 0) {
				snprintf(msg, sizeof msg, "two members named "
					 "\"%.*s\"", (int)(m.name.n > 40 ? 40
					 : m.name.n), (const char *)m.name.p);
				return group_fail(what, msg, v);
			}
		names[i] = m.name;
	}
	g->members.n = (size_t)(c.p - g->members.p);
	if (mica_cbor_done(&c))
		return group_fail(what, "trailing bytes", v);
	return 0;
}

void mica_group_member_at(const mica_group *g, uint64_t i,
			  mica_group_member *m)
{
	mica_cbor c;

	mica_cbor_init(&c, g->members.p, g->members.n, MICA_CBOR_LENIENT);
	do
		group_member(&c, m);
	while (i-- > 0);
}

static int check_swcomps(const mica_claim_def *d, const mica_bytes *val,
			 const char *what, mica_verdict *v)
{
	mica_cbor c;
	uint64_t n, i;
	mica_bytes item;
	mica_claimset comp;
	char who[96];

	mica_cbor_init(&c, val->p, val->n, MICA_CBOR_LENIENT);
	if (mica_cbor_array(&c, &n))
		return bad_type(d, val, what, "an array", v);
	if (n == 0)
		return mica_verdict_set(v, MICA_CLAIMS_FAIL,
			"%s: claim %lld (%s) is empty", what,
			(long long)d->key, d->name);
	for (i = 0; i < n; i++) {
		if (mica_cbor_item(&c, &item.p, &item.n))
			return mica_verdict_set(v, MICA_MALFORMED, "%s: %s",
				what, mica_cbor_strerror(c.err));
		snprintf(who, sizeof who, "%s: software component %llu", what,
			 (unsigned long long)i);
		if (mica_claimset_parse(item.p, item.n, &comp, who, v)) {
			v->kind = MICA_CLAIMS_FAIL;
			return -1;
		}
		if (check_set(&comp, MICA_TABLE_SWCOMP, who, v))
			return -1;
	}
	return 0;
}

int mica_claim_check_value(const mica_claim_def *d, const mica_bytes *val,
			   const char *what, mica_verdict *v)
{
	mica_cbor c;
	uint64_t u;
	int64_t i;
	const char *t;
	size_t n;
	const uint8_t *p;
	mica_ec_key key;

	mica_cbor_init(&c, val->p, val->n, MICA_CBOR_LENIENT);
	switch ((mica_claim_kind)d->kind) {
	case MICA_CK_BYTES:
		return check_bytes(d, val, what, v);
	case MICA_CK_TEXT:
		return mica_cbor_tstr(&c, &t, &n)
			? bad_type(d, val, what, "a text string", v) : 0;
	case MICA_CK_UINT:
	case MICA_CK_LIFECYCLE:
		return mica_cbor_uint(&c, &u)
			? bad_type(d, val, what, "an unsigned integer", v) : 0;
	case MICA_CK_INT:
		return mica_cbor_int(&c, &i)
			? bad_type(d, val, what, "an integer", v) : 0;
	case MICA_CK_REMS:
		return check_rems(d, val, what, v);
	case MICA_CK_SWCOMPS:
		return check_swcomps(d, val, what, v);
	case MICA_CK_RAK:
		if (mica_cbor_bstr(&c, &p, &n))
			return bad_type(d, val, what, "a byte string", v);
		if (mica_key_from_claim(p, n, &key, v) == 0)
			return 0;
		mica_verdict_prefix(v, "claim 44237 (realm public key): ");
		mica_verdict_prefix(v, ": ");
		mica_verdict_prefix(v, what);
		v->kind = MICA_CLAIMS_FAIL;
		return -1;
	case MICA_CK_SUBMODS: {
		mica_group g;

		return mica_group_parse(val, &g, what, v);
	}
	case MICA_CK_REFUSED:
		return mica_verdict_set(v, MICA_CLAIMS_FAIL,
			"%s: claim %lld is the %s, no longer accepted: Mica "
			"group tokens list their members under claim 266 "
			"(submodules) now; fetch a new token", what,
			(long long)d->key, d->name);
	}
	return 0;
}

static int check_set(const mica_claimset *cs, mica_claim_table t,
		     const char *what, mica_verdict *v)
{
	const mica_claim_def *d;
	const mica_bytes *val;
	size_t i;

	for (i = 0; (d = mica_claim_def_at(t, i)) != NULL; i++) {
		if ((val = mica_claimset_get(cs, d->key)) == NULL) {
			if (d->flags & MAND)
				return mica_verdict_set(v, MICA_CLAIMS_FAIL,
					"%s: missing mandatory claim %lld (%s)",
					what, (long long)d->key, d->name);
			continue;
		}
		if (mica_claim_check_value(d, val, what, v))
			return -1;
	}
	return 0;
}

int mica_claims_check_platform(const mica_claimset *cs, mica_verdict *v)
{
	return check_set(cs, MICA_TABLE_PLATFORM, "platform token", v);
}

int mica_claims_check_realm(const mica_claimset *cs, mica_verdict *v)
{
	return check_set(cs, MICA_TABLE_REALM, "realm token", v);
}

mica_bytes mica_claim_bstr(const mica_bytes *val)
{
	mica_cbor c;
	mica_bytes b = { NULL, 0 };

	mica_cbor_init(&c, val->p, val->n, MICA_CBOR_LENIENT);
	if (mica_cbor_bstr(&c, &b.p, &b.n))
		b.p = NULL, b.n = 0;
	return b;
}

int mica_claims_check_binding(const mica_claimset *platform,
			      const mica_claimset *realm, mica_verdict *v)
{
	const mica_bytes *algv = mica_claimset_get(realm, 44240);
	const mica_bytes *keyv = mica_claimset_get(realm, 44237);
	const mica_bytes *chv = mica_claimset_get(platform, 10);
	uint8_t digest[64];
	mica_bytes key, ch;
	mica_cbor c;
	const char *name = NULL;
	size_t namelen = 0, size, i;
	uint8_t diff = 0;
	int alg;

	if (!algv || !keyv || !chv)
		return mica_verdict_set(v, MICA_CLAIMS_FAIL,
			"binding: claim %s is missing", !algv ? "44240 of the "
			"realm token" : !keyv ? "44237 of the realm token"
			: "10 of the platform token");
	mica_cbor_init(&c, algv->p, algv->n, MICA_CBOR_LENIENT);
	if (mica_cbor_tstr(&c, &name, &namelen) ||
	    !(alg = mica_vhash_by_name(name, namelen)))
		return mica_verdict_set(v, MICA_CLAIMS_FAIL,
			"realm token: claim 44240 (realm public key hash "
			"algorithm) names %s%.*s%s, not sha-256, sha-384 or "
			"sha-512", name ? "\"" : "", name ? (int)(namelen > 40
			? 40 : namelen) : 0, name ? name : "no algorithm",
			name ? "\"" : "");
	key = mica_claim_bstr(keyv);
	ch = mica_claim_bstr(chv);
	size = mica_vhash_size(alg);
	if (!key.p || !ch.p)
		return mica_verdict_set(v, MICA_CLAIMS_FAIL,
			"binding: the realm key or the platform challenge is "
			"not a byte string");
	if (ch.n != size)
		return mica_verdict_set(v, MICA_BINDING_FAILS,
			"platform challenge is %zu bytes, but %s of the realm "
			"public key is %zu", ch.n, mica_vhash_label(alg), size);
	/* Claim 44237's bytes exactly as the realm token carries them:
	 * the raw point or the encoded COSE_Key, never a re-encoding. */
	if (mica_vhash_once(alg, key.p, key.n, digest) != 0)
		return mica_verdict_set(v, MICA_BINDING_FAILS,
			"cannot compute %s", mica_vhash_label(alg));
	for (i = 0; i < size; i++)
		diff |= (uint8_t)(digest[i] ^ ch.p[i]);
	if (diff)
		return mica_verdict_set(v, MICA_BINDING_FAILS,
			"platform challenge does not match %s of the realm "
			"public key", mica_vhash_label(alg));
	return 0;
}
