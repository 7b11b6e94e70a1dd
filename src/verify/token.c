/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * token.c -- the CCA token's framing (tags 399 and 907) and the
 * verification pipeline.
 *
 * Order of the checks: nothing signed is interpreted before its signature
 * is checked, except the realm key, which the realm token carries itself
 * and which is only trusted once the platform challenge binds it. So:
 * platform signature, platform claims, realm claims (giving the key),
 * realm signature, binding, then what the caller expects. The first
 * failure ends it.
 */
#include <string.h>

#include "verify.h"


static const char *token_name(uint64_t key)
{
	return key == 44234 ? "platform token (claim 44234)"
			    : "realm token (claim 44241)";
}

/* One entry of the collection: 399 wants a bstr, 907 [263, bstr]. */
static int entry(mica_cbor *c, uint64_t tag, uint64_t key, mica_bytes *out,
		 mica_verdict *v)
{
	mica_cbor_head h;
	uint64_t n, fmt;

	if (mica_cbor_peek(c, &h))
		return -1;
	if (tag == MICA_TAG_CCA) {
		if (h.major != MICA_CBOR_ARRAY)
			return mica_verdict_set(v, MICA_MALFORMED,
				"%s: tag 907 wants [263, bstr], not %s",
				token_name(key),
				mica_cbor_what(c->p, mica_cbor_left(c)));
		if (mica_cbor_array(c, &n))
			return -1;
		if (n != 2)
			return mica_verdict_set(v, MICA_MALFORMED,
				"%s: tag 907 wants [263, bstr], not an array "
				"of %llu", token_name(key),
				(unsigned long long)n);
		if (mica_cbor_peek(c, &h))
			return -1;
		if (h.major != MICA_CBOR_UINT || mica_cbor_uint(c, &fmt) ||
		    fmt != 263)
			return mica_verdict_set(v, MICA_MALFORMED,
				"%s: content format is not 263 "
				"(application/eat+cwt)", token_name(key));
		if (mica_cbor_peek(c, &h))
			return -1;
	}
	if (h.major != MICA_CBOR_BSTR)
		return mica_verdict_set(v, MICA_MALFORMED, "%s: the COSE_Sign1 "
			"must be wrapped in a byte string, not %s",
			token_name(key), mica_cbor_what(c->p,
			mica_cbor_left(c)));
	return mica_cbor_bstr(c, &out->p, &out->n) ? -1 : 0;
}

int mica_token_parse(const uint8_t *buf, size_t len, mica_token *t,
		     mica_verdict *v)
{
	mica_cbor c;
	mica_cbor_head h;
	mica_bytes inner[2] = { { NULL, 0 }, { NULL, 0 } };
	uint64_t tag = 0, n, i, key;

	memset(t, 0, sizeof *t);
	mica_cbor_init(&c, buf, len, MICA_CBOR_LENIENT);
	if (mica_cbor_peek(&c, &h))
		goto bad;
	if (h.major != MICA_CBOR_TAG || (h.arg != MICA_TAG_CCA &&
					 h.arg != MICA_TAG_CCA_LEGACY)) {
		if (h.major == MICA_CBOR_TAG)
			return mica_verdict_set(v, MICA_MALFORMED,
				"token is not tag 399 or 907 (it is tag "
				"%llu%s)",
				(unsigned long long)h.arg, h.arg == 18
				? ", a lone COSE_Sign1" : "");
		return mica_verdict_set(v, MICA_MALFORMED, "token is not tag "
					"399 or 907 (it is %s)",
					mica_cbor_what(buf, len));
	}
	if (mica_cbor_tag(&c, &tag))
		goto bad;
	if (mica_cbor_peek(&c, &h))
		goto bad;
	if (h.major != MICA_CBOR_MAP)
		return mica_verdict_set(v, MICA_MALFORMED, "token: tag %llu "
			"holds %s, not a map", (unsigned long long)tag,
			mica_cbor_what(c.p, mica_cbor_left(&c)));
	if (mica_cbor_map(&c, &n))
		goto bad;
	if (n != 2)
		return mica_verdict_set(v, MICA_MALFORMED, "token: the "
			"collection has %llu entries, not 2 (44234 and 44241)",
			(unsigned long long)n);
	for (i = 0; i < n; i++) {
		if (mica_cbor_peek(&c, &h))
			goto bad;
		key = h.arg;
		if (h.major != MICA_CBOR_UINT || (key != 44234 && key != 44241))
			return mica_verdict_set(v, MICA_MALFORMED, "token: "
				"unexpected entry in the collection; only "
				"44234 (platform) and 44241 (realm) belong");
		if (mica_cbor_uint(&c, &key))
			goto bad;
		if (inner[key == 44241].p)
			return mica_verdict_set(v, MICA_MALFORMED, "token: "
				"entry %llu appears twice",
				(unsigned long long)key);
		if (entry(&c, tag, key, &inner[key == 44241], v)) {
			if (c.err)
				goto bad;
			return -1;
		}
	}
	if (mica_cbor_done(&c))
		goto bad;
	t->tag = tag;
	t->whole.p = buf;
	t->whole.n = len;
	if (mica_sign1_parse(inner[0].p, inner[0].n, &t->platform, v)) {
		mica_verdict_prefix(v, "platform token: ");
		return -1;
	}
	if (mica_sign1_parse(inner[1].p, inner[1].n, &t->realm, v)) {
		mica_verdict_prefix(v, "realm token: ");
		return -1;
	}
	return 0;
bad:
	return mica_verdict_set(v, MICA_MALFORMED, "token: %s",
				mica_cbor_strerror(c.err));
}

/* ---- the compiler's reference values ------------------------------------ */

/* The byte string of a claim that passed the checks. */
static mica_bytes claim_bstr(const mica_claimset *rc, int64_t key)
{
	return mica_claim_bstr(mica_claimset_get(rc, key));
}

#define ref_fail(v, ...) \
	mica_verdict_set(v, MICA_REFERENCE_FAILS, __VA_ARGS__)

/* The group's members (claim 266) against the reference, each noted in
 * out->members: each of the attester's policy (no workflow digest of its
 * own) and algorithm, each the final RIM of a realm no other member
 * matched, and the RIM of 44238 among them. Sets out->matched. */
static int check_group(const mica_bytes *val, const mica_reference *ref,
		       const mica_bytes *alg, const mica_bytes *rim,
		       mica_ref_check *out, mica_verdict *v)
{
	mica_group g;
	mica_group_member m;
	mica_member_result *res;
	uint64_t i, k, taken, by[MICA_REF_REALMS_MAX] = { 0 };
	int requester = 0;
	char h[16], h2[16];

	if (mica_group_parse(val, &g, "realm token", v))
		return -1;
	for (i = 0; i < g.nmembers; i++) {
		mica_group_member_at(&g, i, &m);
		mica_short_hex(m.rim.p, m.rim.n, h);
		res = &out->members[i];
		res->name = m.name;
		res->rim = m.rim;
		res->workflow = m.workflow;
		res->attester = rim->n == m.rim.n &&
				memcmp(rim->p, m.rim.p, rim->n) == 0;
		res->realm = -1;
		out->nmembers = (size_t)i + 1;
		requester |= res->attester;
		if (m.alg.p && (m.alg.n != alg->n ||
				memcmp(m.alg.p, alg->p, alg->n) != 0))
			return ref_fail(v, "group member %llu (RIM %s): "
					"measurement algorithm \"%.*s\" (claim "
					"44236) is not the realm token's; no "
					"reference values given for it",
					(unsigned long long)i, h,
					(int)(m.alg.n > 16 ? 16 : m.alg.n),
					(const char *)m.alg.p);
		if (m.workflow.p && (m.workflow.n != ref->dlen ||
				     memcmp(m.workflow.p, ref->workflow,
					    ref->dlen) != 0))
			return ref_fail(v, "group member %llu (RIM %s): a "
					"realm of another policy (workflow "
					"digest %s, claim %d); no reference "
					"values given for it",
					(unsigned long long)i, h,
					mica_short_hex(m.workflow.p, m.workflow.n,
						  h2), MICA_CLAIM_WORKFLOW);
		/* The first realm with this RIM that no member took yet;
		 * else say why not. */
		taken = ref->nrealms;
		for (k = 0; k < ref->nrealms; k++) {
			if (m.rim.n != ref->dlen ||
			    memcmp(m.rim.p, ref->realms[k].rim, ref->dlen) != 0)
				continue;
			if (out->matched & (uint64_t)1 << k) {
				taken = k;
				continue;
			}
			break;
		}
		if (k == ref->nrealms && taken < ref->nrealms)
			return ref_fail(v, "group member %llu (RIM %s): realm "
					"'%s' is already group member %llu",
					(unsigned long long)i, h,
					ref->realms[taken].name,
					(unsigned long long)by[taken]);
		if (k == ref->nrealms)
			return ref_fail(v, "group member %llu (RIM %s): no "
					"realm of policy %s has this final RIM",
					(unsigned long long)i, h, ref->policy);
		out->matched |= (uint64_t)1 << k;
		by[k] = i;
		res->realm = (long)k;
	}
	if (!requester)
		return ref_fail(v, "realm token RIM %s is not a member of its "
				"group (claim 266)",
				mica_short_hex(rim->p, rim->n, h));
	return 0;
}

static int check_reference(const mica_claimset *rc, mica_ref_check *opts,
			   mica_verdict *v)
{
	const mica_reference *ref = opts->reference;
	const mica_bytes *val;
	mica_bytes alg, rim;
	mica_cbor c;
	const char *a;
	size_t alen, k, att;
	char h[16];

	opts->matched = 0;
	opts->nmembers = 0;
	memset(opts->members, 0, sizeof opts->members);
	val = mica_claimset_get(rc, 44236);
	mica_cbor_init(&c, val->p, val->n, MICA_CBOR_LENIENT);
	if (mica_cbor_tstr(&c, &a, &alen))
		return ref_fail(v, "realm token: claim 44236 is not a text "
				"string");
	alg.p = (const uint8_t *)a;
	alg.n = alen;
	if (alen != strlen(ref->hash) || memcmp(a, ref->hash, alen) != 0)
		return ref_fail(v, "realm token measurement algorithm (claim "
				"44236) is \"%.*s\", policy %s uses \"%s\"",
				(int)alen, a, ref->policy, ref->hash);
	rim = claim_bstr(rc, 44238);
	for (att = 0; att < ref->nrealms; att++)
		if (rim.n == ref->dlen &&
		    memcmp(rim.p, ref->realms[att].rim, ref->dlen) == 0)
			break;
	if (att == ref->nrealms)
		return ref_fail(v, "realm token RIM (claim 44238) %s: no realm "
				"of policy %s has this final RIM",
				mica_short_hex(rim.p, rim.n, h), ref->policy);
	opts->attester = att;
	val = mica_claimset_get(rc, MICA_CLAIM_SUBMODS);
	if (val) {
		if (check_group(val, ref, &alg, &rim, opts, v))
			return -1;
	} else {
		opts->matched = (uint64_t)1 << att;
		opts->nmembers = 1;
		opts->members[0].rim = rim;
		opts->members[0].attester = 1;
		opts->members[0].realm = (long)att;
	}
	if (opts->require_all)
		for (k = 0; k < ref->nrealms; k++)
			if (!(opts->matched & (uint64_t)1 << k))
				return ref_fail(v, "realm '%s' of policy %s is "
						"not %s", ref->realms[k].name,
						ref->policy, val ?
						"in the group" : "attested: "
						"the token has no group "
						"claim");
	return 0;
}

/* The verification proper, once the claim sets are decoded. */
static int verify(const mica_token *t, const mica_ec_key *platform_key,
		  const mica_verify_opts *opts, mica_ref_check *ref,
		  mica_claimset *pc, mica_claimset *rc, mica_verdict *v)
{
	const mica_bytes *val;
	mica_ec_key rak;
	mica_cbor c;
	const uint8_t *p;
	size_t n;

	if (mica_sign1_verify(&t->platform, platform_key, NULL, 0, v)) {
		mica_verdict_prefix(v, "platform token ");
		return -1;
	}
	if (mica_claimset_parse(t->platform.payload.p, t->platform.payload.n,
				pc, "platform token", v) ||
	    mica_claims_check_platform(pc, v))
		return -1;
	if (mica_claimset_parse(t->realm.payload.p, t->realm.payload.n, rc,
				"realm token", v) ||
	    mica_claims_check_realm(rc, v))
		return -1;
	/* The checks above made 44237 a byte string holding a valid key. */
	val = mica_claimset_get(rc, 44237);
	mica_cbor_init(&c, val->p, val->n, MICA_CBOR_LENIENT);
	if (mica_cbor_bstr(&c, &p, &n) || mica_key_from_claim(p, n, &rak, v))
		return mica_verdict_set(v, MICA_CLAIMS_FAIL, "realm token: "
					"unusable realm public key");
	if (mica_sign1_verify(&t->realm, &rak, NULL, 0, v)) {
		mica_verdict_prefix(v, "realm token ");
		return -1;
	}
	if (mica_claims_check_binding(pc, rc, v))
		return -1;
	if (opts && opts->challenge) {
		val = mica_claimset_get(rc, 10);
		mica_cbor_init(&c, val->p, val->n, MICA_CBOR_LENIENT);
		if (mica_cbor_bstr(&c, &p, &n) || n != opts->challenge_len ||
		    memcmp(p, opts->challenge, n) != 0)
			return mica_verdict_set(v, MICA_CHALLENGE_FAILS,
				"realm challenge (claim 10) does not match the "
				"expected challenge");
	}
	if (ref && ref->reference && check_reference(rc, ref, v))
		return -1;
	mica_verdict_ok(v);
	return 0;
}

int mica_token_verify_ref(const mica_token *t,
			  const mica_ec_key *platform_key,
			  const mica_verify_opts *opts, mica_ref_check *ref,
			  mica_verdict *v)
{
	/* Two claim sets of 6 KiB each: on the heap would need freeing on
	 * every path; the stack is fine in micac and in the fuzzer. */
	mica_claimset pc, rc;

	verify(t, platform_key, opts, ref, &pc, &rc, v);
	return (int)v->kind;
}

int mica_token_verify(const mica_token *t, const mica_ec_key *platform_key,
		      const mica_verify_opts *opts, mica_verdict *v)
{
	return mica_token_verify_ref(t, platform_key, opts, NULL, v);
}
