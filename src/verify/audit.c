/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * audit.c -- the audit record a realm token of the RMM module carries
 * (man/mica-rmm.7, AUDIT): claims -77102 (the count of refused attempts
 * that concerned the Realm) and -77103 (their hash chain). Read from a
 * token that verified; tokens of other producers have neither.
 */
#include <string.h>

#include "verify.h"

int mica_token_audit(const mica_token *t, mica_audit *a, mica_verdict *v)
{
	/* 6 KiB: micac and the fuzzer have the stack for it. */
	mica_claimset rc;
	const mica_bytes *cv, *hv;
	mica_cbor c;

	memset(a, 0, sizeof *a);
	if (mica_claimset_parse(t->realm.payload.p, t->realm.payload.n, &rc,
				"realm token", v))
		return -1;
	cv = mica_claimset_get(&rc, MICA_CLAIM_AUDIT_COUNT);
	hv = mica_claimset_get(&rc, MICA_CLAIM_AUDIT_CHAIN);
	if (!cv && !hv)
		return 0;
	if (!cv || !hv)
		return mica_verdict_set(v, MICA_CLAIMS_FAIL, "realm token: "
			"claim %d without claim %d (the audit record comes "
			"whole)", cv ? MICA_CLAIM_AUDIT_COUNT
			: MICA_CLAIM_AUDIT_CHAIN, cv ? MICA_CLAIM_AUDIT_CHAIN
			: MICA_CLAIM_AUDIT_COUNT);
	mica_cbor_init(&c, cv->p, cv->n, MICA_CBOR_LENIENT);
	if (mica_cbor_uint(&c, &a->count))
		return mica_verdict_set(v, MICA_CLAIMS_FAIL, "realm token: "
			"claim %d (Mica audit count) is not an unsigned "
			"integer", MICA_CLAIM_AUDIT_COUNT);
	a->chain = mica_claim_bstr(hv);
	if (a->chain.p == NULL || (a->chain.n != 32 && a->chain.n != 48 &&
				   a->chain.n != 64))
		return mica_verdict_set(v, MICA_CLAIMS_FAIL, "realm token: "
			"claim %d (Mica audit chain) is not a digest",
			MICA_CLAIM_AUDIT_CHAIN);
	a->present = 1;
	return 0;
}
