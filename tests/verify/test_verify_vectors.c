/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_verify_vectors.c -- the verifier against third-party vectors.
 *
 * Expected verdicts come from ../shared/vectors/manifest.json (tokens
 * and lone COSE_Sign1s) and, for the COSE working group's examples and
 * the claim sets, from what their names and the vectors' README say
 * (sign-fail-* must fail, "Missing..." claim sets lack a claim): never
 * from running this program.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vtest.h"

static tj *manifest;

static void load_manifest(void)
{
	manifest = vt_manifest();
}

static void free_manifest(void)
{
	tj_free(manifest);
	manifest = NULL;
}

/* Verifies a token file with a key file: the verdict's kind. */
static mica_verdict verify_file(const char *tok, const char *keyfile,
				const mica_verify_opts *opts)
{
	vt_buf b = vt_read(tok);
	mica_ec_key k = vt_key(keyfile);
	mica_token t;
	mica_verdict v;

	if (mica_token_parse(b.p, b.n, &t, &v) == 0)
		mica_token_verify(&t, &k, opts, &v);
	vt_free(&b);
	return v;
}

START_TEST(test_manifest_complete)
{
	/* Every file in tokens/ and sign1/ has a verdict in the manifest,
	 * so that none is left out silently; 17 tokens per the README. */
	static const char *const dirs[] = { "tokens", "sign1" };
	tj *tokens = tj_get(manifest, "tokens");
	size_t d, count = 0;

	ck_assert_ptr_nonnull(tokens);
	ck_assert_uint_eq(tokens->n, 17);
	ck_assert_ptr_nonnull(tj_get(manifest, "sign1"));
	for (d = 0; d < 2; d++) {
		char path[1024];
		DIR *dir;
		struct dirent *e;
		snprintf(path, sizeof path, "%s/%s", VEC_DIR, dirs[d]);
		ck_assert_ptr_nonnull(dir = opendir(path));
		while ((e = readdir(dir)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			ck_assert_msg(tj_get(tj_get(manifest, dirs[d]), e->d_name),
				      "%s/%s has no verdict in the manifest",
				      dirs[d], e->d_name);
			count++;
		}
		closedir(dir);
	}
	ck_assert_uint_eq(count, 17 + tj_get(manifest, "sign1")->n);
}
END_TEST

START_TEST(test_manifest_tokens)
{
	tj *tokens = tj_get(manifest, "tokens");
	size_t i, verified = 0;

	for (i = 0; i < tokens->n; i++) {
		const char *expect = tj_str(tokens->kids[i], "expect");
		const char *key = tj_str(tokens->kids[i], "platform_key");
		char tok[512], keyf[512];
		mica_verdict v;

		ck_assert_ptr_nonnull(expect);
		ck_assert_ptr_nonnull(key);
		snprintf(tok, sizeof tok, "tokens/%s", tokens->keys[i]);
		snprintf(keyf, sizeof keyf, "keys/%s", key);
		v = verify_file(tok, keyf, NULL);
		ck_assert_msg(strcmp(mica_verdict_name(v.kind), expect) == 0,
			      "%s: expected %s, got %s (%s)", tokens->keys[i],
			      expect, mica_verdict_name(v.kind), v.msg);
		/* A failure is said in words; success says nothing. */
		ck_assert(v.kind == MICA_VERIFIED ? v.msg[0] == '\0'
						  : strlen(v.msg) > 10);
		verified += v.kind == MICA_VERIFIED;
	}
	ck_assert_uint_eq(verified, 15);
}
END_TEST

START_TEST(test_manifest_sign1)
{
	tj *s1 = tj_get(manifest, "sign1");
	size_t i;

	for (i = 0; i < s1->n; i++) {
		const char *expect = tj_str(s1->kids[i], "expect");
		char path[512], keyf[512];
		vt_buf b;
		mica_ec_key k;
		mica_sign1 s;
		mica_verdict v;

		ck_assert_ptr_nonnull(expect);
		snprintf(path, sizeof path, "sign1/%s", s1->keys[i]);
		snprintf(keyf, sizeof keyf, "keys/%s", tj_str(s1->kids[i], "key"));
		b = vt_read(path);
		k = vt_key(keyf);
		if (mica_sign1_parse(b.p, b.n, &s, &v) == 0)
			mica_sign1_verify(&s, &k, NULL, 0, &v);
		ck_assert_msg(strcmp(mica_verdict_name(v.kind), expect) == 0,
			      "%s: expected %s, got %s (%s)", s1->keys[i],
			      expect, mica_verdict_name(v.kind), v.msg);
		vt_free(&b);
	}
}
END_TEST

/* The words of the two manifest failures and of a wrong key. */
START_TEST(test_failure_words)
{
	mica_verdict v;

	v = verify_file("tokens/rust-ccatoken_bug-33-repro.cbor",
			"keys/K1-tfm-cpak-p384.pub.pem", NULL);
	ck_assert_str_eq(v.msg, "platform challenge does not match SHA-256 "
			 "of the realm public key");
	v = verify_file("tokens/ccatoken-go_testBadUnwrappedTokens.cbor",
			"keys/K3-veraison-iak-p256.pub.pem", NULL);
	ck_assert_int_eq(v.kind, MICA_MALFORMED);
	ck_assert_msg(vt_has(v.msg, "must be wrapped in a byte string"),
		      "%s", v.msg);
	/* A token signed by another platform: the words say which. */
	v = verify_file("tokens/ccatoken-go_testGoodCCAToken.cbor",
			"keys/WRONG-p256.pub.pem", NULL);
	ck_assert_int_eq(v.kind, MICA_SIGNATURE_FAILS);
	ck_assert_str_eq(v.msg, "platform token signature does not verify "
			 "(ES256)");
	v = verify_file("tokens/tfm-tools_cca_token.cbor",
			"keys/K5-islet-cpak-p384.pub.pem", NULL);
	ck_assert_str_eq(v.msg, "platform token signature does not verify "
			 "(ES384)");
	/* A P-256 key cannot check a P-384 signature: the length says. */
	v = verify_file("tokens/tfm-tools_cca_token.cbor",
			"keys/WRONG-p256.pub.pem", NULL);
	ck_assert_int_eq(v.kind, MICA_SIGNATURE_FAILS);
	ck_assert_str_eq(v.msg, "platform token signature is 96 bytes, but "
			 "ES384 with a P-256 key needs 64");
	/* A lone COSE_Sign1 is not a CCA token. */
	v = verify_file("sign1/tfm-tools_cca_platform_token.cbor",
			"keys/K1-tfm-cpak-p384.pub.pem", NULL);
	ck_assert_int_eq(v.kind, MICA_MALFORMED);
	ck_assert_str_eq(v.msg, "token is not tag 399 or 907 (it is tag 18, "
			 "a lone COSE_Sign1)");
}
END_TEST

/* Every verified token with the wrong key fails on the platform
 * signature, whatever its curve. */
START_TEST(test_wrong_key)
{
	tj *tokens = tj_get(manifest, "tokens");
	size_t i;

	for (i = 0; i < tokens->n; i++) {
		char tok[512];
		mica_verdict v;
		if (strcmp(tj_str(tokens->kids[i], "expect"), "verified"))
			continue;
		snprintf(tok, sizeof tok, "tokens/%s", tokens->keys[i]);
		v = verify_file(tok, "keys/WRONG-p256.pub.pem", NULL);
		ck_assert_msg(v.kind == MICA_SIGNATURE_FAILS, "%s: %s",
			      tokens->keys[i], v.msg);
	}
}
END_TEST

/* The realm challenge (claim 10) against --challenge. */
START_TEST(test_challenge)
{
	const char *tok = "tokens/tfm-tools_cca_example_token.cbor";
	const char *key = "keys/K1-tfm-cpak-p384.pub.pem";
	vt_buf b = vt_read(tok);
	mica_token t;
	mica_claimset rc;
	mica_verdict v;
	mica_verify_opts o;
	const mica_bytes *val;
	uint8_t want[64];

	ck_assert_int_eq(mica_token_parse(b.p, b.n, &t, &v), 0);
	ck_assert_int_eq(mica_claimset_parse(t.realm.payload.p,
			 t.realm.payload.n, &rc, "realm", &v), 0);
	val = mica_claimset_get(&rc, 10);
	ck_assert_ptr_nonnull(val);
	ck_assert_uint_eq(val->n, 2 + 64);       /* 58 40 then 64 bytes */
	memcpy(want, val->p + 2, 64);
	o.challenge = want;
	o.challenge_len = 64;
	v = verify_file(tok, key, &o);
	ck_assert_int_eq(v.kind, MICA_VERIFIED);
	want[63] ^= 1;
	v = verify_file(tok, key, &o);
	ck_assert_int_eq(v.kind, MICA_CHALLENGE_FAILS);
	ck_assert_str_eq(v.msg, "realm challenge (claim 10) does not match "
			 "the expected challenge");
	o.challenge_len = 32;                    /* a prefix is not enough */
	want[63] ^= 1;
	v = verify_file(tok, key, &o);
	ck_assert_int_eq(v.kind, MICA_CHALLENGE_FAILS);
	vt_free(&b);
}
END_TEST

/* ---- COSE working group examples ------------------------------------- */

static mica_verdict cose(const char *name, const uint8_t *aad, size_t aadlen,
			 int check_tbs)
{
	char path[256];
	vt_buf b, kb, tbs;
	mica_ec_key k;
	mica_sign1 s;
	mica_verdict v;
	uint8_t out[256];
	size_t n;

	snprintf(path, sizeof path, "cose/%s.cbor", name);
	b = vt_read(path);
	snprintf(path, sizeof path, "cose/%s.pub.jwk.json", name);
	kb = vt_read(path);
	ck_assert_msg(mica_key_parse(kb.p, kb.n, &k, &v) == 0, "%s: %s",
		      name, v.msg);
	if (mica_sign1_parse(b.p, b.n, &s, &v) == 0) {
		if (check_tbs) {
			/* Our Sig_structure is byte for byte the one the
			 * example's signer signed. */
			snprintf(path, sizeof path, "cose/%s.ToBeSigned.bin",
				 name);
			tbs = vt_read(path);
			n = mica_sign1_tbs(&s, aad, aadlen, out, sizeof out);
			ck_assert_uint_eq(n, tbs.n);
			ck_assert_mem_eq(out, tbs.p, n);
			vt_free(&tbs);
		}
		mica_sign1_verify(&s, &k, aad, aadlen, &v);
	}
	vt_free(&b);
	vt_free(&kb);
	return v;
}

START_TEST(test_cose_examples)
{
	static const uint8_t aad[] = {
		0x11, 0xaa, 0x22, 0xbb, 0x33, 0xcc, 0x44, 0xdd, 0x55, 0x00,
		0x66, 0x99
	};
	static const char *const pass[] = {
		"ecdsa-sig-01", "ecdsa-sig-02", "ecdsa-sig-03", "ecdsa-sig-04",
	};
	static const char *const fail[] = {
		"sign-fail-01", "sign-fail-02", "sign-fail-03", "sign-fail-04",
		"sign-fail-06", "sign-fail-07",
	};
	mica_verdict v;
	size_t i;

	/* ES256, ES384, ES512 on P-521, and ES512 on P-256 (RFC 9053:
	 * the hash is the algorithm's, the curve the key's). */
	for (i = 0; i < 4; i++) {
		v = cose(pass[i], NULL, 0, 1);
		ck_assert_msg(v.kind == MICA_VERIFIED, "%s: %s", pass[i], v.msg);
	}
	v = cose("sign-pass-02", aad, sizeof aad, 1);
	ck_assert_msg(v.kind == MICA_VERIFIED, "sign-pass-02: %s", v.msg);
	v = cose("sign-pass-02", NULL, 0, 0);    /* without its AAD */
	ck_assert_int_eq(v.kind, MICA_SIGNATURE_FAILS);
	for (i = 0; i < 6; i++) {
		v = cose(fail[i], NULL, 0, 0);
		ck_assert_msg(v.kind != MICA_VERIFIED, "%s verified", fail[i]);
	}
	/* The reasons, per the examples' own descriptions. */
	ck_assert_str_eq(cose("sign-fail-01", NULL, 0, 0).msg,
			 "not a COSE_Sign1: tag 998, not 18");
	ck_assert_int_eq(cose("sign-fail-02", NULL, 0, 0).kind,
			 MICA_SIGNATURE_FAILS);
	ck_assert_str_eq(cose("sign-fail-03", NULL, 0, 0).msg,
			 "COSE_Sign1: algorithm -999 is not supported; only "
			 "ES256, ES384 and ES512 are");
	ck_assert_str_eq(cose("sign-fail-04", NULL, 0, 0).msg,
			 "COSE_Sign1: the algorithm is a text string; only "
			 "ES256, ES384 and ES512 are supported");
	ck_assert_int_eq(cose("sign-fail-06", NULL, 0, 0).kind,
			 MICA_SIGNATURE_FAILS);
	ck_assert_int_eq(cose("sign-fail-07", NULL, 0, 0).kind,
			 MICA_SIGNATURE_FAILS);
	/* Strict: the algorithm must be protected (sign-pass-01 signs an
	 * empty header), and the tag is required (sign-pass-03). */
	v = cose("sign-pass-01", NULL, 0, 0);
	ck_assert_int_eq(v.kind, MICA_MALFORMED);
	ck_assert_str_eq(v.msg, "COSE_Sign1: no algorithm (label 1) in the "
			 "protected header");
	v = cose("sign-pass-03", NULL, 0, 0);
	ck_assert_int_eq(v.kind, MICA_MALFORMED);
	ck_assert_str_eq(v.msg, "COSE_Sign1 is untagged: tag 18 is required");
}
END_TEST

/* ---- claim sets --------------------------------------------------------- */

START_TEST(test_claimsets)
{
	static const struct {
		const char *file;
		int platform;
		const char *want;    /* NULL: passes the checks */
	} sets[] = {
		{ "ccatoken-go_platform_CcaPlatformClaimsAll", 1, NULL },
		{ "ccatoken-go_platform_CcaPlatformClaimsMandatoryOnly", 1, NULL },
		{ "ccatoken-go_platform_CcaPlatformLegacyClaimsAll", 1, NULL },
		{ "ccatoken-go_platform_CcaPlatformLegacyClaimsMandatoryOnly", 1,
		  NULL },
		{ "rust-ccatoken_platform-claims", 1, NULL },
		{ "ccatoken-go_platform_CcaPlatformClaimsMissingMandatoryNonce",
		  1, "platform token: missing mandatory claim 10 (challenge)" },
		{ "ccatoken-go_platform_CcaPlatformClaimsInvalidMultiNonce", 1,
		  "platform token: claim 10 (challenge) must be a byte string, "
		  "not an array" },
		{ "ccatoken-go_realm_CcaRealmClaimsAll", 0, NULL },
		{ "ccatoken-go_realm_CcaRealmLegacyClaimsAll", 0, NULL },
		{ "rust-ccatoken_realm-claims", 0, NULL },
		{ "rust-ccatoken_realm-claims+spurious-numeric-key", 0, NULL },
		{ "rust-ccatoken_realm-claims+spurious-text-key", 0, NULL },
		{ "ccatoken-go_realm_CcaRealmClaimsMissingMandNonce", 0,
		  "realm token: missing mandatory claim 10 (challenge)" },
		{ "rust-ccatoken_realm-claims-missing-challenge", 0,
		  "realm token: missing mandatory claim 10 (challenge)" },
		{ "ccatoken-go_realm_CcaClaimsMissingMandHashAlgID", 0,
		  "realm token: missing mandatory claim 44236 (measurement hash "
		  "algorithm)" },
		{ "ccatoken-go_realm_CcaClaimsMissingMandPubKey", 0,
		  "realm token: missing mandatory claim 44237 (realm public "
		  "key)" },
		{ "ccatoken-go_realm_CcaClaimsMissingMandInitialMeas", 0,
		  "realm token: missing mandatory claim 44238 (RIM)" },
		{ "ccatoken-go_realm_CcaClaimsMissingMandExtendedMeas", 0,
		  "realm token: missing mandatory claim 44239 (REMs)" },
	};
	size_t i;

	for (i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		char path[256];
		vt_buf b;
		mica_claimset cs;
		mica_verdict v;
		int r;
		snprintf(path, sizeof path, "claimsets/%s.cbor", sets[i].file);
		b = vt_read(path);
		ck_assert_msg(mica_claimset_parse(b.p, b.n, &cs, "claims", &v)
			      == 0, "%s: %s", sets[i].file, v.msg);
		r = sets[i].platform ? mica_claims_check_platform(&cs, &v)
				     : mica_claims_check_realm(&cs, &v);
		if (!sets[i].want) {
			ck_assert_msg(r == 0, "%s: %s", sets[i].file, v.msg);
		} else {
			ck_assert_msg(r != 0, "%s passed", sets[i].file);
			ck_assert_int_eq(v.kind, MICA_CLAIMS_FAIL);
			ck_assert_str_eq(v.msg, sets[i].want);
		}
		vt_free(&b);
	}
}
END_TEST

/* Claim maps: any key order and head size decode to one sorted set;
 * duplicates (even spelled differently) and odd keys are refused. */
START_TEST(test_claimset_rules)
{
	mica_claimset cs;
	mica_verdict v;

	/* {44240: 1, 10: 2, -1: 3, "a": 4, 256: 5} with 10 as 0x180A. */
	static const uint8_t m[] = {
		0xA5, 0x19, 0xAC, 0xD0, 0x01, 0x18, 0x0A, 0x02, 0x20, 0x03,
		0x61, 'a', 0x04, 0x19, 0x01, 0x00, 0x05
	};
	ck_assert_int_eq(mica_claimset_parse(m, sizeof m, &cs, "t", &v), 0);
	ck_assert_uint_eq(cs.n, 5);
	ck_assert(cs.c[0].is_int && cs.c[0].ikey == 10);
	ck_assert(cs.c[1].is_int && cs.c[1].ikey == 256);
	ck_assert(cs.c[2].is_int && cs.c[2].ikey == 44240);
	ck_assert(cs.c[3].is_int && cs.c[3].ikey == -1);
	ck_assert(!cs.c[4].is_int && cs.c[4].text.n == 1);
	ck_assert_ptr_nonnull(mica_claimset_get(&cs, 44240));
	ck_assert_uint_eq(mica_claimset_get(&cs, 44240)->n, 1);
	ck_assert_ptr_null(mica_claimset_get(&cs, 11));

	/* 10 twice, once in a longer head. */
	ck_assert_int_eq(mica_claimset_parse((const uint8_t[]){ 0xA2, 0x0A,
		0x00, 0x18, 0x0A, 0x00 }, 6, &cs, "t", &v), -1);
	ck_assert_str_eq(v.msg, "t: claim 10 appears twice");
	ck_assert_int_eq(mica_claimset_parse((const uint8_t[]){ 0xA2, 0x61,
		'x', 0x00, 0x61, 'x', 0x00 }, 7, &cs, "t", &v), -1);
	ck_assert_str_eq(v.msg, "t: claim \"x\" appears twice");
	ck_assert_int_eq(mica_claimset_parse((const uint8_t[]){ 0xA1, 0x41,
		0x00, 0x00 }, 4, &cs, "t", &v), -1);
	ck_assert_str_eq(v.msg, "t: a claim key is a byte string, not an "
			 "integer or a text string");
	ck_assert_int_eq(mica_claimset_parse((const uint8_t[]){ 0x80 }, 1,
		&cs, "t", &v), -1);
	ck_assert_str_eq(v.msg, "t: claims are an array, not a map");
	ck_assert_int_eq(mica_claimset_parse((const uint8_t[]){ 0xA0, 0x00 },
		2, &cs, "t", &v), -1);
	ck_assert_str_eq(v.msg, "t: claims map: trailing bytes");
	ck_assert_int_eq(mica_claimset_parse((const uint8_t[]){ 0xA1, 0x01 },
		2, &cs, "t", &v), -1);
	ck_assert_int_eq(v.kind, MICA_MALFORMED);
}
END_TEST

/* ---- keys ---------------------------------------------------------------- */

static void b64url(const uint8_t *p, size_t n, char *out)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
				"qrstuvwxyz0123456789-_";
	uint32_t acc = 0;
	int bits = 0;
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		acc = acc << 8 | p[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			out[k++] = a[acc >> bits & 63];
		}
	}
	if (bits)
		out[k++] = a[acc << (6 - bits) & 63];
	out[k] = '\0';
}

START_TEST(test_keys)
{
	static const struct { const char *file; int crv; } pems[] = {
		{ "keys/K1-tfm-cpak-p384.pub.pem", MICA_CRV_P384 },
		{ "keys/K3-veraison-iak-p256.pub.pem", MICA_CRV_P256 },
		{ "keys/K5-islet-cpak-p384.pub.pem", MICA_CRV_P384 },
		{ "keys/K7-psa-iak-p256.pub.pem", MICA_CRV_P256 },
		{ "keys/WRONG-p256.pub.pem", MICA_CRV_P256 },
	};
	size_t i, n;
	mica_ec_key k, j;
	mica_verdict v;
	char x[100], y[100], jwk[400];

	for (i = 0; i < sizeof pems / sizeof pems[0]; i++) {
		k = vt_key(pems[i].file);
		ck_assert_int_eq(k.crv, pems[i].crv);
		ck_assert_uint_eq(k.len, 1 + 2 * mica_curve_size(k.crv));
		/* The same key as a JWK decodes to the same point. */
		n = mica_curve_size(k.crv);
		b64url(k.point + 1, n, x);
		b64url(k.point + 1 + n, n, y);
		snprintf(jwk, sizeof jwk, " {\"kty\": \"EC\", \"use\": [1, "
			 "{\"a\": null}], \"crv\": \"%s\",\n\"x\": \"%s\", "
			 "\"y\": \"%s\", \"kid\": \"\\u0041\"} ",
			 mica_curve_name(k.crv), x, y);
		ck_assert_msg(mica_key_parse((const uint8_t *)jwk, strlen(jwk),
			      &j, &v) == 0, "%s", v.msg);
		ck_assert_int_eq(j.crv, k.crv);
		ck_assert_mem_eq(j.point, k.point, k.len);
	}
	k = vt_key("cose/ecdsa-sig-03.pub.jwk.json");
	ck_assert_int_eq(k.crv, MICA_CRV_P521);

	/* Bad keys are refused with a reason, never half-loaded. */
	{
		static const char *const bad[] = {
			"",
			"not a key",
			"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
			"{\"kty\": \"RSA\", \"crv\": \"P-256\"}",
			"{\"kty\": \"EC\", \"crv\": \"P-255\"}",
			"{\"kty\": \"EC\", \"crv\": \"P-256\", \"x\": \"AA\", \"y\": \"AA\"}",
			"{\"kty\": \"EC\", \"kty\": \"EC\"}",
			"{\"kty\": \"EC\",}",
			"{\"kty\": \"EC\"} x",
			"{\"kty\": \"E\\u0043\"}",
			"[1, 2]",
			"{\"a\": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}",
		};
		for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			ck_assert_msg(mica_key_parse((const uint8_t *)bad[i],
				      strlen(bad[i]), &j, &v) == -1, "%s", bad[i]);
			ck_assert_int_eq(v.kind, MICA_BAD_KEY);
		}
	}
	/* A point off the curve: flip a bit of y. */
	k = vt_key("keys/K3-veraison-iak-p256.pub.pem");
	k.point[64] ^= 1;
	ck_assert_int_eq(mica_key_from_point(k.point, k.len, &j, &v), -1);
	ck_assert_str_eq(v.msg, "the point is not on curve P-256");
	ck_assert_int_eq(mica_key_from_point(k.point, 64, &j, &v), -1);
	ck_assert_int_eq(mica_key_from_claim(NULL, 0, &j, &v), -1);
}
END_TEST

/* ---- inspect on claims the profile does not know ------------------------ */

/* Appends a byte string head for n bytes (n < 65536) and the bytes. */
static size_t put_bstr(uint8_t *out, const uint8_t *p, size_t n)
{
	out[0] = 0x59;
	out[1] = (uint8_t)(n >> 8);
	out[2] = (uint8_t)n;
	memcpy(out + 3, p, n);
	return 3 + n;
}

/* A COSE_Sign1 around payload, ES384, signature all zero. */
static size_t sign1(uint8_t *out, const vt_buf *payload)
{
	static const uint8_t head[] = { 0xD2, 0x84, 0x44, 0xA1, 0x01, 0x38,
					0x22, 0xA0 };
	size_t n = sizeof head;

	memcpy(out, head, n);
	n += put_bstr(out + n, payload->p, payload->n);
	out[n++] = 0x58;
	out[n++] = 96;
	memset(out + n, 0, 96);
	return n + 96;
}

/* A tag-399 token from two claim sets of the vectors (unsigned). */
static size_t make_token(uint8_t *out, const char *platform, const char *realm)
{
	uint8_t s[4096];
	vt_buf p = vt_read(platform), r = vt_read(realm);
	size_t n = 0, k;

	out[n++] = 0xD9, out[n++] = 0x01, out[n++] = 0x8F, out[n++] = 0xA2;
	out[n++] = 0x19, out[n++] = 0xAC, out[n++] = 0xCA;
	k = sign1(s, &p);
	n += put_bstr(out + n, s, k);
	out[n++] = 0x19, out[n++] = 0xAC, out[n++] = 0xD1;
	k = sign1(s, &r);
	n += put_bstr(out + n, s, k);
	vt_free(&p);
	vt_free(&r);
	return n;
}

static char *inspect_mem(const uint8_t *p, size_t n, unsigned flags,
			 mica_verdict *v)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(mica_inspect(f, p, n, flags, v), 0);
	ck_assert_int_eq(fclose(f), 0);
	return text;
}

START_TEST(test_inspect_unknown_and_invalid)
{
	uint8_t tok[8192];
	size_t n = make_token(tok,
		"claimsets/ccatoken-go_platform_CcaPlatformClaimsInvalidMultiNonce.cbor",
		"claimsets/rust-ccatoken_realm-claims+spurious-text-key.cbor");
	mica_verdict v;
	mica_token t;
	mica_ec_key k = vt_key("keys/K1-tfm-cpak-p384.pub.pem");
	char *text = inspect_mem(tok, n, 0, &v), *json;
	tj *j, *claims;
	size_t i;
	int unknown = 0, invalid = 0;

	/* Shown with their problems, not refused. */
	ck_assert_msg(vt_has(text, "\n  10 challenge: [h'0101"), "%s", text);
	ck_assert(vt_has(text, "\n    invalid: platform token: claim 10 "
			 "(challenge) must be a byte string, not an array\n"));
	ck_assert(vt_has(text, "\n  \"unknown-key\" (unknown claim): "
			 "\"unknown-claim\"\n"));
	free(text);
	json = inspect_mem(tok, n, MICA_INSPECT_JSON, &v);
	j = tj_parse(json, strlen(json));
	ck_assert_msg(j != NULL, "invalid JSON:\n%s", json);
	claims = tj_get(tj_get(j, "realm"), "claims");
	for (i = 0; claims && i < claims->n; i++)
		if (tj_str(claims->kids[i], "key") &&
		    strcmp(tj_str(claims->kids[i], "key"), "unknown-key") == 0) {
			ck_assert(tj_get(claims->kids[i], "name")->type == 'z');
			ck_assert_str_eq(tj_str(claims->kids[i], "diag"),
					 "\"unknown-claim\"");
			unknown++;
		}
	claims = tj_get(tj_get(j, "platform"), "claims");
	for (i = 0; claims && i < claims->n; i++)
		if (tj_str(claims->kids[i], "error"))
			invalid++;
	ck_assert_int_eq(unknown, 1);
	ck_assert_int_eq(invalid, 1);
	tj_free(j);
	free(json);
	/* And it does not verify: the platform signature is zero. */
	ck_assert_int_eq(mica_token_parse(tok, n, &t, &v), 0);
	ck_assert_int_eq(mica_token_verify(&t, &k, NULL, &v),
			 MICA_SIGNATURE_FAILS);

	/* Missing mandatory claims are listed. */
	n = make_token(tok,
		"claimsets/ccatoken-go_platform_CcaPlatformClaimsMissingMandatoryNonce.cbor",
		"claimsets/ccatoken-go_realm_CcaClaimsMissingMandPubKey.cbor");
	text = inspect_mem(tok, n, 0, &v);
	ck_assert(vt_has(text, "\n  missing: mandatory claim 10 (challenge)\n"));
	ck_assert(vt_has(text, "\n  missing: mandatory claim 44237 (realm "
			 "public key)\n"));
	free(text);
	json = inspect_mem(tok, n, MICA_INSPECT_JSON, &v);
	j = tj_parse(json, strlen(json));
	ck_assert_ptr_nonnull(j);
	ck_assert_uint_eq(tj_get(tj_get(j, "realm"), "missing")->n, 1);
	ck_assert_str_eq(tj_str(tj_get(tj_get(j, "realm"), "missing")->kids[0],
				"name"), "public-key");
	tj_free(j);
	free(json);
}
END_TEST

/* ---- robustness: truncation and mutation ------------------------------- */

/* Every prefix of a token, and thousands of random mutations of every
 * token, are decoded, verified and inspected without a crash, a leak or
 * a sanitizer report; none of the truncated ones verifies. */
START_TEST(test_mutations)
{
	tj *tokens = tj_get(manifest, "tokens");
	uint64_t seed = 0x9E3779B97F4A7C15ULL;
	FILE *null = fopen("/dev/null", "w");
	size_t i, k, m;

	ck_assert_ptr_nonnull(null);
	for (i = 0; i < tokens->n; i++) {
		char path[512], keyf[512];
		vt_buf b;
		mica_ec_key key;
		snprintf(path, sizeof path, "tokens/%s", tokens->keys[i]);
		snprintf(keyf, sizeof keyf, "keys/%s",
			 tj_str(tokens->kids[i], "platform_key"));
		b = vt_read(path);
		key = vt_key(keyf);
		for (k = 0; k < b.n; k += 7) {
			uint8_t *copy = malloc(k ? k : 1);
			mica_token t;
			mica_verdict v;
			memcpy(copy, b.p, k);
			if (mica_token_parse(copy, k, &t, &v) == 0)
				ck_assert_int_ne(mica_token_verify(&t, &key,
						 NULL, &v), MICA_VERIFIED);
			ck_assert_int_eq(mica_inspect(null, copy, k, 0, &v), -1);
			free(copy);
		}
		for (m = 0; m < 120; m++) {
			uint8_t *copy = malloc(b.n);
			mica_token t;
			mica_verdict v;
			size_t flips = 1 + vt_rand(&seed) % 4, f;
			memcpy(copy, b.p, b.n);
			for (f = 0; f < flips; f++)
				copy[vt_rand(&seed) % b.n] = (uint8_t)vt_rand(&seed);
			if (mica_token_parse(copy, b.n, &t, &v) == 0)
				mica_token_verify(&t, &key, NULL, &v);
			mica_inspect(null, copy, b.n, 0, &v);
			mica_inspect(null, copy, b.n, MICA_INSPECT_JSON, &v);
			free(copy);
		}
		vt_free(&b);
	}
	fclose(null);
}
END_TEST

int main(void)
{
	Suite *s;
	TCase *tc;
	SRunner *sr;
	int failed;

	if (vt_require_vectors())
		return VT_SKIP;
	/* Created after the check: a skipped run allocates nothing. */
	s = suite_create("verify_vectors");
	tc = tcase_create("vectors");
	tcase_add_unchecked_fixture(tc, load_manifest, free_manifest);
	tcase_add_test(tc, test_manifest_complete);
	tcase_add_test(tc, test_manifest_tokens);
	tcase_add_test(tc, test_manifest_sign1);
	tcase_add_test(tc, test_failure_words);
	tcase_add_test(tc, test_wrong_key);
	tcase_add_test(tc, test_challenge);
	tcase_add_test(tc, test_cose_examples);
	tcase_add_test(tc, test_claimsets);
	tcase_add_test(tc, test_claimset_rules);
	tcase_add_test(tc, test_keys);
	tcase_add_test(tc, test_inspect_unknown_and_invalid);
	tcase_add_test(tc, test_mutations);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
