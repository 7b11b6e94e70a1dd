/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_verify_cli.c -- `micac verify` and `micac inspect` as a user and
 * a script see them: exit status, the one line that says what failed,
 * and the output of inspect in text and JSON.
 *
 * The command functions are linked in directly (src/micac/cmd_verify.c,
 * cmd_inspect.c) and run with stdout and stderr captured in files.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"   /* micac_verify, micac_inspect */
#include "vtest.h"

#define TOK(f) VEC_DIR "/tokens/" f
#define KEY(f) VEC_DIR "/keys/" f

typedef struct run {
	int status;
	char *out, *err;   /* NUL-terminated captures */
} run;

static char *slurp(FILE *f)
{
	long n;
	char *s;

	fflush(f);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	s = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(s);
	rewind(f);
	ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

/* Runs fn with argv (NULL-terminated) and captures its output. */
static run call(int (*fn)(int, char **), const char *const *args)
{
	char *argv[16];
	int argc = 1, so, se;
	FILE *o = tmpfile(), *e = tmpfile();
	run r;

	ck_assert_ptr_nonnull(o);
	ck_assert_ptr_nonnull(e);
	/* argv[0] is the command's name, as main passes it. */
	argv[0] = fn == micac_verify ? "verify" : "inspect";
	while (args[argc - 1]) {
		ck_assert_int_lt(argc, 15);
		argv[argc] = (char *)args[argc - 1];
		argc++;
	}
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	dup2(fileno(o), 1);
	dup2(fileno(e), 2);
	r.status = fn(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	r.out = slurp(o);
	r.err = slurp(e);
	return r;
}

static void run_free(run *r)
{
	free(r->out);
	free(r->err);
}

#define V(...) call(micac_verify, (const char *const[]){ __VA_ARGS__, NULL })
#define I(...) call(micac_inspect, (const char *const[]){ __VA_ARGS__, NULL })

START_TEST(test_verify_statuses)
{
	run r;

	r = V("--token", TOK("tfm-tools_cca_example_token.cbor"),
	      "--platform-key", KEY("K1-tfm-cpak-p384.pub.pem"));
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert(vt_has(r.out, "verified (tag 907; platform token ES384, "
			 "realm token ES384)"));
	ck_assert_str_eq(r.err, "");
	run_free(&r);
	/* --name=value works too. */
	r = V("--token=" TOK("ccatoken-go_testGoodLegacyCCAToken.cbor"),
	      "--platform-key=" KEY("K3-veraison-iak-p256.pub.pem"));
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert(vt_has(r.out, "tag 399; platform token ES256"));
	run_free(&r);

	r = V("--token", TOK("rust-ccatoken_bug-33-repro.cbor"),
	      "--platform-key", KEY("K1-tfm-cpak-p384.pub.pem"));
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "micac: verify: platform challenge does not "
			 "match SHA-256 of the realm public key\n");
	ck_assert_str_eq(r.out, "");
	run_free(&r);

	r = V("--token", TOK("ccatoken-go_testGoodCCAToken.cbor"),
	      "--platform-key", KEY("WRONG-p256.pub.pem"));
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "micac: verify: platform token signature "
			 "does not verify (ES256)\n");
	run_free(&r);

	r = V("--token", VEC_DIR "/sign1/tfm-tools_iat.cbor",
	      "--platform-key", KEY("K7-psa-iak-p256.pub.pem"));
	ck_assert_int_eq(r.status, 1);
	ck_assert(vt_has(r.err, "token is not tag 399 or 907"));
	run_free(&r);
}
END_TEST

START_TEST(test_verify_challenge)
{
	/* The realm challenge of cca_example_token: 6e86d6d9...1504. */
	static const char ch[] =
		"6e86d6d97cc713bc6dd43dbce491a6b40311c027a8bf85a39da63e9ce44c13"
		"2a8a119d296fae6a6999e9bf3e4471b0ce01245d889424c31e89793b3b1d6b"
		"1504";
	char other[sizeof ch];
	run r;

	r = V("--token", TOK("tfm-tools_cca_example_token.cbor"),
	      "--platform-key", KEY("K1-tfm-cpak-p384.pub.pem"),
	      "--challenge", ch);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert(vt_has(r.out, "realm challenge matches"));
	run_free(&r);
	memcpy(other, ch, sizeof ch);
	other[0] = '7';
	r = V("--token", TOK("tfm-tools_cca_example_token.cbor"),
	      "--platform-key", KEY("K1-tfm-cpak-p384.pub.pem"),
	      "--challenge", other);
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.err, "micac: verify: realm challenge (claim 10) "
			 "does not match the expected challenge\n");
	run_free(&r);
	/* Upper case is the same challenge; a short one is a usage error. */
	for (size_t i = 0; other[i]; i++)
		other[i] = (char)(ch[i] >= 'a' ? ch[i] - 32 : ch[i]);
	r = V("--token", TOK("tfm-tools_cca_example_token.cbor"),
	      "--platform-key", KEY("K1-tfm-cpak-p384.pub.pem"),
	      "--challenge", other);
	ck_assert_int_eq(r.status, 0);
	run_free(&r);
	r = V("--token", TOK("tfm-tools_cca_example_token.cbor"),
	      "--platform-key", KEY("K1-tfm-cpak-p384.pub.pem"),
	      "--challenge", "abcd");
	ck_assert_int_eq(r.status, 2);
	ck_assert(vt_has(r.err, "--challenge wants 128 hex digits"));
	run_free(&r);
}
END_TEST

START_TEST(test_verify_usage_and_io)
{
	run r;

	r = V("--token", TOK("tfm-tools_cca_token.cbor"));
	ck_assert_int_eq(r.status, 2);
	ck_assert(vt_has(r.err, "--platform-key is required"));
	run_free(&r);
	r = V("--token", TOK("tfm-tools_cca_token.cbor"), "--platform-key");
	ck_assert_int_eq(r.status, 2);
	ck_assert(vt_has(r.err, "missing value after '--platform-key'"));
	run_free(&r);
	r = V("--token", "a", "--token", "b", "--platform-key", "k");
	ck_assert_int_eq(r.status, 2);
	ck_assert(vt_has(r.err, "given twice: --token"));
	run_free(&r);
	r = V("--references", "x");
	ck_assert_int_eq(r.status, 2);
	ck_assert(vt_has(r.err, "unknown option '--references'"));
	run_free(&r);
	r = V("--reference", "x");
	ck_assert_int_eq(r.status, 2);
	ck_assert(vt_has(r.err, "--token is required"));
	run_free(&r);
	r = V("--token", "t", "--platform-key", "k", "--require-all",
	      "--require-all");
	ck_assert_int_eq(r.status, 2);
	ck_assert(vt_has(r.err, "given twice: --require-all"));
	run_free(&r);
	r = V("--token", VEC_DIR "/no-such-token.cbor", "--platform-key",
	      KEY("K1-tfm-cpak-p384.pub.pem"));
	ck_assert_int_eq(r.status, 2);
	ck_assert(vt_has(r.err, "cannot read"));
	ck_assert(vt_has(r.err, "No such file or directory"));
	run_free(&r);
	/* A key file that is no key: the caller's error, status 2. */
	r = V("--token", TOK("tfm-tools_cca_token.cbor"), "--platform-key",
	      TOK("tfm-tools_cca_token.cbor"));
	ck_assert_int_eq(r.status, 2);
	ck_assert(vt_has(r.err, "not a PEM or DER public key, nor an EC JWK"));
	run_free(&r);
	r = V("--token", TOK("tfm-tools_cca_token.cbor"), "--platform-key",
	      VEC_DIR "/keys");
	ck_assert_int_eq(r.status, 2);
	run_free(&r);
	r = V("--help");
	ck_assert_int_eq(r.status, 0);
	ck_assert(vt_has(r.out, "usage: micac verify"));
	run_free(&r);
}
END_TEST

START_TEST(test_inspect_text)
{
	run r, again;

	r = I(TOK("tfm-tools_cca_example_token.cbor"));
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.err, "");
	ck_assert(vt_has(r.out, "CCA token: tag 907, 2174 bytes\n"));
	ck_assert(vt_has(r.out, "\nplatform token: COSE_Sign1, ES384, "
			 "96-byte signature (not checked)\n"));
	ck_assert(vt_has(r.out, "\n  10 challenge: 0d22e08a98469058486318283"
			 "489bdb36f09dbefeb1864df433fa6e54ea2d711\n"));
	ck_assert(vt_has(r.out, "\n  265 profile: \"tag:arm.com,2024:realm"
			 "#2.0.0\"\n"));
	ck_assert(vt_has(r.out, "\n  2395 lifecycle: 12291 (0x3003, "
			 "secured)\n"));
	ck_assert(vt_has(r.out, "\n  2399 software components: 13\n"
			 "    component 0:\n      1 type: \"RSE_BL1_2\"\n"));
	ck_assert(vt_has(r.out, "\n  44237 realm public key: COSE_Key EC2, "
			 "P-384\n    x: 76f988091be585ed"));
	ck_assert(vt_has(r.out, "\n  44239 REMs: 4\n    REM0: 24d5b0a296cc05cb"));
	ck_assert(vt_has(r.out, "\n  44238 RIM: 311314ab73620350cf758834ae5c"
			 "65d9e8c2dc7febe6e7d9654bbe864e300d49\n"));
	ck_assert(vt_has(r.out, "\n  44243 MEC policy: 1\n"));
	/* Claims in key order: 10 before 256 before 265 ... */
	ck_assert(strstr(r.out, "  10 challenge") <
		  strstr(r.out, "  256 instance ID"));
	ck_assert(strstr(strstr(r.out, "realm token:"), "  44235") <
		  strstr(strstr(r.out, "realm token:"), "  44236"));
	/* Stable: the same output twice. */
	again = I(TOK("tfm-tools_cca_example_token.cbor"));
	ck_assert_str_eq(again.out, r.out);
	run_free(&again);
	run_free(&r);

	/* Older tokens: raw realm key, no realm profile. */
	r = I(TOK("ccatoken_tf-rmm_cca_token.cbor"));
	ck_assert_int_eq(r.status, 0);
	ck_assert(vt_has(r.out, "44237 realm public key: raw EC point, P-384"));
	ck_assert(!vt_has(strstr(r.out, "realm token:"), "265 profile"));
	run_free(&r);

	/* A lone platform (PSA) token; PSA's old claim keys by key. */
	r = I(VEC_DIR "/sign1/tfm-tools_iat.cbor");
	ck_assert_int_eq(r.status, 0);
	ck_assert(vt_has(r.out, "COSE_Sign1: tag 18, 622 bytes\n"));
	ck_assert(vt_has(r.out, "\n  -75000 (unknown claim): "
			 "\"http://example.com\"\n"));
	ck_assert(vt_has(r.out, "missing: mandatory claim 10 (challenge)"));
	run_free(&r);

	/* Not decodable: one line, status 1, nothing on stdout. */
	r = I(TOK("ccatoken-go_testBadUnwrappedTokens.cbor"));
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "");
	ck_assert(vt_has(r.err, "micac: inspect: "));
	ck_assert(vt_has(r.err, "must be wrapped in a byte string"));
	run_free(&r);
	r = I(VEC_DIR "/keys/K1-tfm-cpak-p384.pub.pem");
	ck_assert_int_eq(r.status, 1);
	run_free(&r);
	r = I(VEC_DIR "/missing.cbor");
	ck_assert_int_eq(r.status, 2);
	run_free(&r);
	r = I(TOK("tfm-tools_cca_token.cbor"), "--yaml");
	ck_assert_int_eq(r.status, 2);
	run_free(&r);
}
END_TEST

/* --json is valid JSON, with the structure the man page describes. */
START_TEST(test_inspect_json)
{
	tj *tokens, *m;
	size_t i;

	tokens = (m = vt_manifest(), tj_get(m, "tokens"));
	for (i = 0; i < tokens->n; i++) {
		char path[512];
		run r;
		tj *j, *realm, *claims;
		size_t k;
		int seen = 0;
		snprintf(path, sizeof path, VEC_DIR "/tokens/%s", tokens->keys[i]);
		r = I(path, "--json");
		if (strcmp(tj_str(tokens->kids[i], "expect"), "malformed") == 0) {
			ck_assert_int_eq(r.status, 1);
			run_free(&r);
			continue;
		}
		ck_assert_msg(r.status == 0, "%s: %s", path, r.err);
		j = tj_parse(r.out, strlen(r.out));
		ck_assert_msg(j != NULL, "%s: invalid JSON:\n%s", path, r.out);
		ck_assert_str_eq(tj_str(j, "format"), "cca-token");
		realm = tj_get(j, "realm");
		ck_assert_str_eq(tj_str(realm, "alg"), "ES384");
		claims = tj_get(realm, "claims");
		ck_assert(claims && claims->type == 'a');
		for (k = 0; k < claims->n; k++) {
			const char *name = tj_str(claims->kids[k], "name");
			tj *val = tj_get(claims->kids[k], "value");
			if (name && strcmp(name, "rems") == 0) {
				ck_assert(val && val->type == 'a' && val->n == 4);
				seen++;
			}
			if (name && strcmp(name, "public-key") == 0) {
				ck_assert_ptr_nonnull(tj_str(claims->kids[k],
							     "curve"));
				ck_assert_str_eq(tj_str(claims->kids[k], "curve"),
						 "P-384");
				seen++;
			}
		}
		ck_assert_int_eq(seen, 2);
		ck_assert_uint_eq(tj_get(realm, "missing")->n, 0);
		tj_free(j);
		run_free(&r);
	}
	tj_free(m);
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
	s = suite_create("verify_cli");
	tc = tcase_create("cli");
	tcase_add_test(tc, test_verify_statuses);
	tcase_add_test(tc, test_verify_challenge);
	tcase_add_test(tc, test_verify_usage_and_io);
	tcase_add_test(tc, test_inspect_text);
	tcase_add_test(tc, test_inspect_json);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
