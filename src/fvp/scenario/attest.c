/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * attest.c -- attestation in a scenario (scenario.h): a Realm makes a
 * token (attest), and the tenant checks it (verify) against the
 * platform key and micac's reference values.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/token.h"
#include "scenario.h"

static int challenge_arg(struct scn *s, const struct tok *t, uint8_t c[64])
{
	size_t len;

	memset(c, 0, 64);
	if (scn_hexbytes(t->s, c, 64, &len) != 0)
		return scn_syntax(s, t->col, "expected 1..64 bytes in hexadecimal");
	return 0;
}

/* The default challenge: a fixed pattern, so `verify` matches `attest`
 * unless the scenario says otherwise. */
static void default_challenge(uint8_t c[64])
{
	for (unsigned k = 0; k < 64; k++)
		c[k] = (uint8_t)(0xC0 + k);
}

/* attest REALM [group] [challenge HEX] */
int scn_step_attest(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	struct fvp_op op;
	struct seen seen;
	struct fvp_vcpu *v;
	uint32_t i = 0;
	int k = 2;

	if (scn_need(s, t, n, 2, "realm name") || scn_realm_arg(s, &t[1], &i))
		return 2;
	memset(&op, 0, sizeof op);
	op.kind = FVP_OP_ATTEST;
	default_challenge(op.challenge);
	if (k < n && strcmp(t[k].s, "group") == 0) {
		op.kind = FVP_OP_GROUP_ATTEST;
		k++;
	}
	if (k < n && strcmp(t[k].s, "challenge") == 0) {
		if (scn_need(s, t, n, k + 2, "challenge") ||
		    challenge_arg(s, &t[k + 1], op.challenge))
			return 2;
		k += 2;
	}
	if (scn_end(s, t, n, k))
		return 2;
	if (scn_run_op(s, i, &op, &seen, o) != 0)
		return 0;
	v = s->h.realm[i].vcpu;
	if (v->op.x0 != 0 || v->op.token == NULL) {
		scn_deny(o, "rsi", "attestation returned RSI status %lu", v->op.x0);
		return 0;
	}
	free(s->token);
	s->token = v->op.token;   /* the scenario takes it over */
	s->ntoken = v->op.token_len;
	v->op.token = NULL;
	memcpy(s->challenge, op.challenge, 64);
	scn_okay(o, "a %zu-byte %stoken", s->ntoken,
	     op.kind == FVP_OP_GROUP_ATTEST ? "group " : "");
	return 0;
}

/* verify [challenge HEX] [all]: the tenant's check of the last token. */
int scn_step_verify(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	const mica_output *ref = fvp_policy_reference(&s->pol);
	mica_reference *reference;
	unsigned char pem[1024];
	uint8_t c[64];
	mica_ec_key key;
	mica_token tok;
	mica_verify_opts opts;
	mica_ref_check rc;
	mica_verdict verdict;
	char err[256];
	int k = 1;

	memcpy(c, s->challenge, 64);
	if (k < n && strcmp(t[k].s, "challenge") == 0) {
		if (scn_need(s, t, n, k + 2, "challenge") ||
		    challenge_arg(s, &t[k + 1], c))
			return 2;
		k += 2;
	}
	memset(&rc, 0, sizeof rc);
	if (k < n && strcmp(t[k].s, "all") == 0) {
		rc.require_all = 1;
		k++;
	}
	if (scn_end(s, t, n, k))
		return 2;
	if (s->token == NULL)
		return scn_syntax(s, t[0].col, "no token yet: `attest` first");
	if (ref == NULL || (reference = calloc(1, sizeof *reference)) == NULL)
		return scn_syntax(s, t[0].col, "no reference values");
	if (mica_reference_parse(ref->data, ref->len, reference, err,
				 sizeof err) != 0 ||
	    fvp_platform_pem(&s->h.m.keys, pem, sizeof pem) != 0) {
		free(reference);
		return scn_syntax(s, t[0].col, "reference values or platform key "
			      "unusable");
	}
	opts.challenge = c;
	opts.challenge_len = sizeof c;
	rc.reference = reference;
	memset(&verdict, 0, sizeof verdict);
	if (mica_key_parse(pem, strlen((const char *)pem), &key, &verdict) != 0 ||
	    mica_token_parse(s->token, s->ntoken, &tok, &verdict) != 0 ||
	    mica_token_verify_ref(&tok, &key, &opts, &rc, &verdict) != 0)
		scn_deny(o, mica_verdict_name(verdict.kind), "%s", verdict.msg);
	else
		scn_okay(o, "verified: %d realm(s) of the reference matched",
		     __builtin_popcountll(rc.matched));
	free(reference);
	return 0;
}

/* audit COUNT CHAIN: the last token's audit record (man/mica-rmm.7,
 * AUDIT) is COUNT refused attempts with chain CHAIN (hexadecimal, the
 * digest's size); denied `audit` with what it is instead. */
int scn_step_audit(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	uint8_t want[64];
	size_t wlen;
	char *end;
	unsigned long long count;
	mica_token tok;
	mica_audit a;
	mica_verdict v;

	if (scn_need(s, t, n, 3, "count and chain"))
		return 2;
	count = strtoull(t[1].s, &end, 0);
	if (*end != 0 || t[1].s[0] == '-')
		return scn_syntax(s, t[1].col, "expected a count");
	if (scn_hexbytes(t[2].s, want, sizeof want, &wlen) != 0 ||
	    strlen(t[2].s) != 2 * wlen)
		return scn_syntax(s, t[2].col, "expected a chain in hexadecimal");
	if (scn_end(s, t, n, 3))
		return 2;
	if (s->token == NULL)
		return scn_syntax(s, t[0].col, "no token yet: `attest` first");
	if (mica_token_parse(s->token, s->ntoken, &tok, &v) != 0 ||
	    mica_token_audit(&tok, &a, &v) != 0 || !a.present) {
		scn_deny(o, "audit", "the token has no audit record");
		return 0;
	}
	if (a.count != count || a.chain.n != wlen ||
	    memcmp(a.chain.p, want, wlen) != 0) {
		scn_deny(o, "audit", "count %llu%s", (unsigned long long)a.count,
			 a.count == count ? ", another chain" : "");
		return 0;
	}
	scn_okay(o, "%llu refused attempts, chain as expected", count);
	return 0;
}
