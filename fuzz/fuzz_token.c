/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_token.c -- libFuzzer target for the attestation token decoder and
 * verifier (src/verify/, src/rmm/cbor_read.c).
 *
 * Each input is what `micac verify --token` and `micac inspect` read: a
 * CCA token, or anything else. It goes through every entry point:
 *  - the strict CBOR reader, in both modes;
 *  - the token framing and COSE_Sign1 parsers, then the whole verifier
 *    (with a realm challenge) against two keys;
 *  - the stages after the signatures, called directly on whatever
 *    decodes (claim maps, mandatory claims, the realm key, the binding),
 *    since a fuzzer never forges a signature that would let the
 *    pipeline reach them;
 *  - the lone COSE_Sign1 parser, its Sig_structure and verification;
 *  - the key parsers (PEM, DER, JWK, raw point, COSE_Key);
 *  - inspect, as text and as JSON, into /dev/null.
 * Crashes, sanitizer reports, leaks and hangs are findings: malformed
 * input must get an error, never a crash.
 *
 * The keys are each curve's generator (a valid public key whose private
 * key is 1), so that no test vector is copied into the project. Seed the
 * corpus with real CCA tokens, COSE_Sign1 objects and claim sets.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <mbedtls/ecp.h>

#include "mica/wire/cbor_read.h"
#include "mica/token.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;
static mica_ec_key p256, p384;

static void generator(mbedtls_ecp_group_id id, mica_ec_key *key)
{
	mbedtls_ecp_group grp;
	uint8_t pt[MICA_EC_POINT_MAX];
	size_t n = 0;
	mica_verdict v;

	mbedtls_ecp_group_init(&grp);
	if (mbedtls_ecp_group_load(&grp, id) != 0 ||
	    mbedtls_ecp_point_write_binary(&grp, &grp.G,
		MBEDTLS_ECP_PF_UNCOMPRESSED, &n, pt, sizeof pt) != 0 ||
	    mica_key_from_point(pt, n, key, &v) != 0) {
		fprintf(stderr, "fuzz_token: cannot make a key\n");
		abort();
	}
	mbedtls_ecp_group_free(&grp);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	if (!devnull) {
		perror("fuzz_token: /dev/null");
		abort();
	}
	generator(MBEDTLS_ECP_DP_SECP256R1, &p256);
	generator(MBEDTLS_ECP_DP_SECP384R1, &p384);
	return 0;
}

/* The claim checks on one decoded payload, as both kinds of token. */
static void claims(const mica_bytes *payload, mica_claimset *cs)
{
	mica_verdict v;

	if (mica_claimset_parse(payload->p, payload->n, cs, "fuzz", &v) != 0)
		return;
	mica_claims_check_platform(cs, &v);
	mica_claims_check_realm(cs, &v);
	mica_claims_check_binding(cs, cs, &v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static mica_claimset pc, rc;   /* 6 KiB each: not on the stack */
	static const uint8_t challenge[64];
	mica_verify_opts opts = { challenge, sizeof challenge };
	uint8_t tbs[512];
	mica_verdict v;
	mica_token t;
	mica_sign1 s;
	mica_ec_key k;
	mica_bytes whole = { data, size };

	mica_cbor_check(data, size, MICA_CBOR_LENIENT);
	mica_cbor_check(data, size, MICA_CBOR_DETERMINISTIC);

	if (mica_token_parse(data, size, &t, &v) == 0) {
		mica_token_verify(&t, &p384, &opts, &v);
		mica_token_verify(&t, &p256, NULL, &v);
		claims(&t.platform.payload, &pc);
		claims(&t.realm.payload, &rc);
		if (mica_claimset_parse(t.platform.payload.p,
					t.platform.payload.n, &pc, "p",
					&v) == 0 &&
		    mica_claimset_parse(t.realm.payload.p, t.realm.payload.n,
					&rc, "r", &v) == 0)
			mica_claims_check_binding(&pc, &rc, &v);
	}
	if (mica_sign1_parse(data, size, &s, &v) == 0) {
		mica_sign1_tbs(&s, data, size < 16 ? size : 16, tbs,
			       sizeof tbs);
		mica_sign1_verify(&s, &p256, NULL, 0, &v);
		mica_sign1_verify(&s, &p384, data, size, &v);
		claims(&s.payload, &pc);
	}
	claims(&whole, &pc);
	mica_key_from_claim(data, size, &k, &v);
	mica_key_parse(data, size, &k, &v);
	mica_inspect(devnull, data, size, 0, &v);
	mica_inspect(devnull, data, size, MICA_INSPECT_JSON, &v);
	return 0;
}
