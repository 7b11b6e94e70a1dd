/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_verify_bitflip.c -- a verified vector with any single bit flipped
 * in its signature, its protected header or its payload must not verify.
 *
 * Signatures: every bit (every 4th under ASan, see SIG_STRIDE), at the
 * COSE_Sign1 layer (the very function the
 * token verifier calls, with the key the token verifier would use: the
 * platform key file, or the realm key from claim 44237). Identical
 * COSE_Sign1s (several tokens share a platform token) are checked once:
 * the outcome is a function of the bytes and the key.
 *
 * Through the whole token verifier: every bit of both protected headers,
 * and a deterministic sample of signature and payload bits of both
 * tokens. Lone COSE_Sign1s and the COSE examples: every bit of the
 * protected header, a sample of the payload.
 *
 * The vectors come from the manifest ("verified") and, for the COSE
 * examples, from their names (ecdsa-sig-*, sign-pass-02 with its AAD).
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mica/wire/cbor_read.h"
#include "vtest.h"

/* Under AddressSanitizer every allocation of mbedTLS's bignums goes
 * through ASan's allocator and a verification costs 2.3 times as much;
 * all ~22000 signature bits would take two minutes of CPU. The sanitizer
 * build, which looks for memory errors that do not depend on which bit
 * is flipped, then flips every 4th bit of each signature (a different
 * quarter for each COSE_Sign1, so every bit position of r and s is
 * covered across them); the regular build (CI runs both) flips all. */
#if defined(__SANITIZE_ADDRESS__)
#define SIG_STRIDE 4
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SIG_STRIDE 4
#endif
#endif
#ifndef SIG_STRIDE
#define SIG_STRIDE 1
#endif

#define SIG_SAMPLE 8        /* signature bits per token, whole verifier */
#define PAYLOAD_SAMPLE 16   /* payload bits per COSE_Sign1 */

static tj *manifest;
static uint64_t seed = 0x2545F4914F6CDD1DULL;

static void load_manifest(void)
{
	manifest = vt_manifest();
}

static void free_manifest(void)
{
	tj_free(manifest);
	manifest = NULL;
}

/* ---- the COSE_Sign1 layer ---------------------------------------------- */

typedef struct seen {
	uint8_t *bytes;
	size_t n;
	mica_ec_key key;
} seen;

static seen done[64];
static size_t ndone;
static unsigned long sig_bits, dup_sign1s;

/* One thread's share of a signature's bits: every stride-th bit from
 * start, each flipped in the thread's own copy. Workers only count; the
 * main thread asserts (Check's assertions are not for other threads). */
typedef struct job {
	const mica_sign1 *s;
	const mica_ec_key *key;
	const uint8_t *aad;
	size_t aadlen, start, stride;
	unsigned long checked, parse_failed, verified;
	size_t bad_bit;
} job;

static void *worker(void *arg)
{
	job *j = arg;
	const mica_sign1 *s = j->s;
	size_t off = (size_t)(s->signature.p - s->whole.p), bit;
	uint8_t *copy = malloc(s->whole.n);
	mica_sign1 t;
	mica_verdict v;

	if (!copy) {
		j->parse_failed++;
		return NULL;
	}
	memcpy(copy, s->whole.p, s->whole.n);
	for (bit = j->start; bit < 8 * s->signature.n; bit += j->stride) {
		copy[off + bit / 8] ^= (uint8_t)(1u << bit % 8);
		if (mica_sign1_parse(copy, s->whole.n, &t, &v) != 0)
			j->parse_failed++;
		else if (mica_sign1_verify(&t, j->key, j->aad, j->aadlen, &v) == 0)
			j->verified++, j->bad_bit = bit;
		copy[off + bit / 8] ^= (uint8_t)(1u << bit % 8);
		j->checked++;
	}
	free(copy);
	return NULL;
}

/* Flips every bit of s's signature, on as many threads as there are
 * processors (up to 8): ~20000 ECDSA verifications take a while. */
static void all_signature_bits(const char *name, const mica_sign1 *s,
			       const mica_ec_key *key, const uint8_t *aad,
			       size_t aadlen)
{
	job jobs[8];
	pthread_t tid[8];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nt = cpus < 1 ? 1 : cpus > 8 ? 8 : (size_t)cpus, i;
	unsigned long checked = 0;
	uint8_t *copy;
	mica_verdict v;

	for (i = 0; i < ndone; i++)
		if (done[i].n == s->whole.n &&
		    memcmp(done[i].bytes, s->whole.p, s->whole.n) == 0 &&
		    memcmp(&done[i].key, key, sizeof *key) == 0) {
			dup_sign1s++;
			return;
		}
	ck_assert_uint_lt(ndone, sizeof done / sizeof done[0]);
	/* The unflipped one verifies, or the test proves nothing. */
	ck_assert_msg(mica_sign1_verify(s, key, aad, aadlen, &v) == 0,
		      "%s: %s", name, v.msg);
	/* Thread i takes bits first + i*SIG_STRIDE, every nt*SIG_STRIDE. */
	for (i = 0; i < nt; i++) {
		jobs[i] = (job){ s, key, aad, aadlen,
				 ndone % SIG_STRIDE + i * SIG_STRIDE,
				 nt * SIG_STRIDE, 0, 0, 0, 0 };
		ck_assert_int_eq(pthread_create(&tid[i], NULL, worker,
						&jobs[i]), 0);
	}
	for (i = 0; i < nt; i++) {
		ck_assert_int_eq(pthread_join(tid[i], NULL), 0);
		/* Only the signature's bytes changed: it always parses. */
		ck_assert_uint_eq(jobs[i].parse_failed, 0);
		ck_assert_msg(jobs[i].verified == 0, "%s: signature bit %zu "
			      "flipped still verifies", name, jobs[i].bad_bit);
		checked += jobs[i].checked;
	}
	ck_assert_uint_eq(checked, (8 * s->signature.n - ndone % SIG_STRIDE
				    + SIG_STRIDE - 1) / SIG_STRIDE);
	sig_bits += checked;
	copy = malloc(s->whole.n);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, s->whole.p, s->whole.n);
	done[ndone].bytes = copy;
	done[ndone].n = s->whole.n;
	done[ndone].key = *key;
	ndone++;
}

/* Flips one bit of buf at bit position pos and says whether a whole
 * token still verifies: it must not. */
static void flip_token(const char *name, const char *where, vt_buf *b,
		       size_t pos, const mica_ec_key *key)
{
	mica_token t;
	mica_verdict v;

	b->p[pos / 8] ^= (uint8_t)(1u << pos % 8);
	if (mica_token_parse(b->p, b->n, &t, &v) == 0)
		ck_assert_msg(mica_token_verify(&t, key, NULL, &v) != 0,
			      "%s: %s bit %zu flipped still verifies", name,
			      where, pos);
	b->p[pos / 8] ^= (uint8_t)(1u << pos % 8);
}

static unsigned long token_flips;

/* Flips in one COSE_Sign1 of a token: all protected-header bits, a
 * sample of signature and payload bits. */
static void token_part(const char *name, const char *part, vt_buf *b,
		       const mica_sign1 *s, const mica_ec_key *key)
{
	size_t base, i, n;
	char where[64];

	base = 8 * (size_t)(s->protected_hdr.p - b->p);
	snprintf(where, sizeof where, "%s protected header", part);
	for (i = 0; i < 8 * s->protected_hdr.n; i++, token_flips++)
		flip_token(name, where, b, base + i, key);
	base = 8 * (size_t)(s->signature.p - b->p);
	n = 8 * s->signature.n;
	snprintf(where, sizeof where, "%s signature", part);
	for (i = 0; i < SIG_SAMPLE; i++, token_flips++)
		flip_token(name, where, b, base + vt_rand(&seed) % n, key);
	base = 8 * (size_t)(s->payload.p - b->p);
	n = 8 * s->payload.n;
	snprintf(where, sizeof where, "%s payload", part);
	for (i = 0; i < PAYLOAD_SAMPLE; i++, token_flips++)
		flip_token(name, where, b, base + vt_rand(&seed) % n, key);
}

START_TEST(test_tokens)
{
	tj *tokens = tj_get(manifest, "tokens");
	size_t i, count = 0;

	for (i = 0; i < tokens->n; i++) {
		const char *name = tokens->keys[i];
		char path[512], keyf[512];
		mica_ec_key key, rak;
		mica_token t;
		mica_claimset rc;
		mica_verdict v;
		const mica_bytes *val;
		vt_buf b;

		if (strcmp(tj_str(tokens->kids[i], "expect"), "verified"))
			continue;
		snprintf(path, sizeof path, "tokens/%s", name);
		snprintf(keyf, sizeof keyf, "keys/%s",
			 tj_str(tokens->kids[i], "platform_key"));
		b = vt_read(path);
		key = vt_key(keyf);
		ck_assert_int_eq(mica_token_parse(b.p, b.n, &t, &v), 0);
		ck_assert_msg(mica_token_verify(&t, &key, NULL, &v) == 0,
			      "%s: %s", name, v.msg);
		/* The realm key, as the verifier takes it from 44237. */
		ck_assert_int_eq(mica_claimset_parse(t.realm.payload.p,
				 t.realm.payload.n, &rc, "realm", &v), 0);
		val = mica_claimset_get(&rc, 44237);
		ck_assert_ptr_nonnull(val);
		{
			mica_cbor c;
			const uint8_t *p;
			size_t n;
			mica_cbor_init(&c, val->p, val->n, MICA_CBOR_LENIENT);
			ck_assert_int_eq(mica_cbor_bstr(&c, &p, &n), 0);
			ck_assert_int_eq(mica_key_from_claim(p, n, &rak, &v), 0);
		}
		all_signature_bits(name, &t.platform, &key, NULL, 0);
		all_signature_bits(name, &t.realm, &rak, NULL, 0);
		token_part(name, "platform", &b, &t.platform, &key);
		token_part(name, "realm", &b, &t.realm, &key);
		vt_free(&b);
		count++;
	}
	ck_assert_uint_eq(count, 15);
}
END_TEST

/* A lone COSE_Sign1 in buf: every bit of its signature and protected
 * header, a sample of its payload. */
static void lone(const char *name, vt_buf *b, const mica_ec_key *key,
		 const uint8_t *aad, size_t aadlen)
{
	mica_sign1 s, t;
	mica_verdict v;
	size_t i, base, pos;

	ck_assert_msg(mica_sign1_parse(b->p, b->n, &s, &v) == 0, "%s: %s",
		      name, v.msg);
	all_signature_bits(name, &s, key, aad, aadlen);
	for (i = 0; i < 8 * s.protected_hdr.n + PAYLOAD_SAMPLE; i++) {
		if (i < 8 * s.protected_hdr.n) {
			base = 8 * (size_t)(s.protected_hdr.p - b->p);
			pos = base + i;
		} else {
			base = 8 * (size_t)(s.payload.p - b->p);
			pos = base + vt_rand(&seed) % (8 * s.payload.n);
		}
		b->p[pos / 8] ^= (uint8_t)(1u << pos % 8);
		if (mica_sign1_parse(b->p, b->n, &t, &v) == 0)
			ck_assert_msg(mica_sign1_verify(&t, key, aad, aadlen,
				      &v) != 0, "%s: bit %zu flipped still "
				      "verifies", name, pos);
		b->p[pos / 8] ^= (uint8_t)(1u << pos % 8);
		token_flips++;
	}
}

START_TEST(test_sign1_and_cose)
{
	static const uint8_t aad[] = {
		0x11, 0xaa, 0x22, 0xbb, 0x33, 0xcc, 0x44, 0xdd, 0x55, 0x00,
		0x66, 0x99
	};
	static const char *const cose[] = {
		"ecdsa-sig-01", "ecdsa-sig-02", "ecdsa-sig-03", "ecdsa-sig-04",
		"sign-pass-02",
	};
	tj *s1 = tj_get(manifest, "sign1");
	size_t i, count = 0;

	for (i = 0; i < s1->n; i++) {
		char path[512], keyf[512];
		mica_ec_key key;
		vt_buf b;
		if (strcmp(tj_str(s1->kids[i], "expect"), "verified"))
			continue;
		snprintf(path, sizeof path, "sign1/%s", s1->keys[i]);
		snprintf(keyf, sizeof keyf, "keys/%s", tj_str(s1->kids[i], "key"));
		b = vt_read(path);
		key = vt_key(keyf);
		lone(s1->keys[i], &b, &key, NULL, 0);
		vt_free(&b);
		count++;
	}
	ck_assert_uint_eq(count, 5);
	for (i = 0; i < sizeof cose / sizeof cose[0]; i++) {
		char path[512];
		mica_ec_key key;
		vt_buf b;
		int pass2 = strcmp(cose[i], "sign-pass-02") == 0;
		snprintf(path, sizeof path, "cose/%s.cbor", cose[i]);
		b = vt_read(path);
		snprintf(path, sizeof path, "cose/%s.pub.jwk.json", cose[i]);
		key = vt_key(path);
		lone(cose[i], &b, &key, pass2 ? aad : NULL,
		     pass2 ? sizeof aad : 0);
		vt_free(&b);
	}
}
END_TEST

/* Runs last: reports the counts, frees the copies. */
START_TEST(test_report)
{
	size_t i;

	/* Under CK_FORK each test has its own copy of the counters: this
	 * report is meaningful with CK_FORK=no, as CTest runs it. */
	printf("bit flips: %lu signature bits (1 in %d) over %zu distinct "
	       "COSE_Sign1s (%lu duplicates skipped), %lu other flips\n",
	       sig_bits, SIG_STRIDE, ndone, dup_sign1s, token_flips);
	for (i = 0; i < ndone; i++)
		free(done[i].bytes);
	ndone = 0;
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
	s = suite_create("verify_bitflip");
	tc = tcase_create("bitflip");
	tcase_add_unchecked_fixture(tc, load_manifest, free_manifest);
	tcase_add_test(tc, test_tokens);
	tcase_add_test(tc, test_sign1_and_cose);
	tcase_add_test(tc, test_report);
	tcase_set_timeout(tc, 300);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
