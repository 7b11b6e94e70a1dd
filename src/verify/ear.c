/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ear.c -- the appraisal behind an EAT Attestation Result: which
 * trustworthiness claim (AR4SI, as veraison/ear numbers them) each
 * aspect of a verification earns. The JSON and JWT are ear_out.c's.
 *
 * Values used (man/micac.1, "EAT ATTESTATION RESULTS"): 0 no claim
 * (not checked), 2 affirming, 96 contraindicated, 99 cryptographic
 * validation failed. A submodule's status is the worst tier among its
 * claims: none (-1..1), affirming (2..31), warning (32..95),
 * contraindicated (96..127).
 */
#include <stdlib.h>
#include <string.h>

#include "ear_int.h"
#include "verify.h"

/* The byte string of an integer claim, or {NULL, 0}. */
static mica_bytes bstr_claim(const mica_claimset *cs, int64_t key)
{
	const mica_bytes *v = mica_claimset_get(cs, key);
	mica_bytes none = { NULL, 0 };

	return v ? mica_claim_bstr(v) : none;
}

static int same(mica_bytes b, const uint8_t *p, size_t n)
{
	return b.p && b.n == n && memcmp(b.p, p, n) == 0;
}

static void all(ear_vector *v, int value)
{
	for (int i = 0; i < EAR_NCLAIMS; i++)
		v->c[i] = value;
}

/* The group members against the reference, as token.c matches them:
 * each realm matched at most once, by final RIM (which covers the image
 * measurement and the blob); a member that names its own workflow
 * digest (claim -77101) is of another policy unless it is the
 * reference's. The
 * realm token's signature holds, so what it says of its members is
 * authentic; instance is what the realm token's freshness and binding
 * earned (2 or 96). */
static void members(ear_appraisal *a, const mica_group *g,
		    const mica_reference *ref, int instance)
{
	uint64_t taken = 0;

	a->nmembers = g->nmembers > EAR_MEMBERS_MAX ? EAR_MEMBERS_MAX
						    : (size_t)g->nmembers;
	for (size_t i = 0; i < a->nmembers; i++) {
		ear_member *m = &a->member[i];
		mica_group_member gm;
		size_t k;

		mica_group_member_at(g, i, &gm);
		m->realm = -1;
		m->v.c[EAR_INSTANCE] = instance;
		if (!ref)
			continue;
		for (k = 0; k < ref->nrealms; k++)
			if (!(taken & (uint64_t)1 << k) &&
			    same(gm.rim, ref->realms[k].rim, ref->dlen))
				break;
		if (k < ref->nrealms) {
			taken |= (uint64_t)1 << k;
			m->realm = (int)k;
		}
		m->v.c[EAR_EXECUTABLES] = k < ref->nrealms ? 2 : 96;
		/* No workflow digest of its own: the attester's policy, which
		 * its final RIM covers (man/mica-rmm.7, GROUP TOKEN). */
		m->v.c[EAR_CONFIGURATION] = !gm.workflow.p ||
			same(gm.workflow, ref->workflow, ref->dlen) ? 2 : 96;
	}
	a->matched = taken;
}

/* The realm token's own aspects, once the platform's hold. */
static void realm(ear_appraisal *a, const mica_ear_input *in,
		  const mica_token *t, const mica_claimset *pcs,
		  const mica_claimset *rcs)
{
	const mica_reference *ref = in->reference;
	ear_vector *rv = &a->realm;
	mica_verdict v;
	mica_ec_key rak;
	mica_bytes key, rim, ch;
	mica_group g;
	const mica_bytes *gv, *alg;
	int realm_ok, has_group;

	if (mica_claims_check_realm(rcs, &v)) {
		rv->c[EAR_INSTANCE] = 96;
		return;
	}
	key = bstr_claim(rcs, 44237);
	if (mica_key_from_claim(key.p, key.n, &rak, &v) ||
	    mica_sign1_verify(&t->realm, &rak, NULL, 0, &v)) {
		all(rv, 99);
		return;
	}
	realm_ok = mica_claims_check_binding(pcs, rcs, &v) == 0;
	ch = bstr_claim(rcs, 10);
	if (realm_ok && in->opts && in->opts->challenge &&
	    !same(ch, in->opts->challenge, in->opts->challenge_len))
		realm_ok = 0;
	rv->c[EAR_INSTANCE] = realm_ok ? 2 : 96;

	/* The audit record (man/mica-rmm.7, AUDIT): refused attempts
	 * concerning the realm are a warning (32) on runtime-opaque: the
	 * isolation held, but something tried it. */
	{
		mica_audit au;

		if (mica_token_audit(t, &au, &v) == 0 && au.present &&
		    au.chain.n <= sizeof a->audit_chain) {
			a->audit = 1;
			a->audit_count = au.count;
			a->audit_len = au.chain.n;
			memcpy(a->audit_chain, au.chain.p, au.chain.n);
			if (au.count > 0)
				rv->c[EAR_RUNTIME_OPAQUE] = 32;
		}
	}
	gv = mica_claimset_get(rcs, MICA_CLAIM_SUBMODS);
	has_group = gv && mica_group_parse(gv, &g, "realm token", &v) == 0;
	if (has_group)
		members(a, &g, ref, rv->c[EAR_INSTANCE]);
	if (!ref)
		return;
	/* The attesting realm's RIM is some realm's of the reference. */
	rim = bstr_claim(rcs, 44238);
	rv->c[EAR_EXECUTABLES] = 96;
	for (size_t k = 0; k < ref->nrealms; k++)
		if (same(rim, ref->realms[k].rim, ref->dlen))
			rv->c[EAR_EXECUTABLES] = 2;
	/* Its configuration: the hash, the group's workflow digest, and with
	 * --require-all every realm of the reference in the group. */
	{
		mica_cbor c;
		const char *s = NULL;
		size_t n = 0;
		int ok;

		alg = mica_claimset_get(rcs, 44236);
		mica_cbor_init(&c, alg ? alg->p : NULL, alg ? alg->n : 0,
			       MICA_CBOR_LENIENT);
		ok = alg && mica_cbor_tstr(&c, &s, &n) == 0 &&
		     n == strlen(ref->hash) && memcmp(s, ref->hash, n) == 0;
		if (in->require_all) {
			uint64_t want = ref->nrealms >= 64 ? ~(uint64_t)0
				: ((uint64_t)1 << ref->nrealms) - 1;
			uint64_t have = a->matched;

			if (!has_group)
				for (size_t k = 0; k < ref->nrealms; k++)
					if (same(rim, ref->realms[k].rim,
						 ref->dlen))
						have |= (uint64_t)1 << k;
			if ((have & want) != want)
				ok = 0;
		}
		rv->c[EAR_CONFIGURATION] = ok ? 2 : 96;
	}
	/* What micac verify's lifecycle options refused (lifecycle.c). */
	if (in->lifecycle == MICA_LC_REVOKED)
		rv->c[EAR_EXECUTABLES] = 96;
	if (in->lifecycle == MICA_LC_BELOW_MIN)
		rv->c[EAR_CONFIGURATION] = 96;
	if (has_group) {
		int ok = 1;

		for (size_t i = 0; i < a->nmembers; i++)
			if (a->member[i].realm < 0 ||
			    a->member[i].v.c[EAR_CONFIGURATION] != 2)
				ok = 0;
		rv->c[EAR_SOURCED] = ok ? 2 : 96;
	}
}

int ear_tier(int claim)
{
	return claim >= 96 ? 96 : claim >= 32 ? 32 : claim >= 2 ? 2 : 0;
}

int ear_status(const ear_vector *v)
{
	int worst = 0;

	for (int i = 0; i < EAR_NCLAIMS; i++)
		if (ear_tier(v->c[i]) > worst)
			worst = ear_tier(v->c[i]);
	return worst;
}

void ear_appraise(const mica_ear_input *in, ear_appraisal *a)
{
	mica_claimset *pcs = calloc(2, sizeof *pcs), *rcs = pcs + 1;
	mica_verdict v;
	mica_token t;

	memset(a, 0, sizeof *a);
	if (!pcs || mica_token_parse(in->token, in->token_len, &t, &v) ||
	    mica_sign1_verify(&t.platform, in->platform_key, NULL, 0, &v)) {
		all(&a->platform, 99);
		all(&a->realm, 99);
		goto out;
	}
	a->platform.c[EAR_INSTANCE] = 2;
	a->platform.c[EAR_HARDWARE] = 2;
	if (mica_claimset_parse(t.platform.payload.p, t.platform.payload.n,
				pcs, "platform token", &v) ||
	    mica_claims_check_platform(pcs, &v)) {
		a->platform.c[EAR_INSTANCE] = 96;
		all(&a->realm, 99);
		goto out;
	}
	if (mica_claimset_parse(t.realm.payload.p, t.realm.payload.n, rcs,
				"realm token", &v)) {
		all(&a->realm, 99);
		goto out;
	}
	realm(a, in, &t, pcs, rcs);
out:
	/* The verdict is the authority: a failure shows somewhere. */
	if (in->verdict->kind != MICA_VERIFIED &&
	    ear_status(&a->platform) < 96 && ear_status(&a->realm) < 96)
		a->realm.c[EAR_INSTANCE] = 96;
	free(pcs);
}
