/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_sha256.c -- the compiler's SHA-256 (mica_hash) against FIPS 180-4
 * known answers, and its SHA-extensions path against mbedTLS over every
 * length from 0 to 1100 bytes: each padding case (rest below 55, 55, 56
 * to 63, a multiple of 64) and several whole blocks before it.
 */
#include "testutil.h"
#include "mica/blob.h"
#include "mica/wire/bind.h"
#include "sha256_ni.h"

static void from_hex(const char *hex, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		mt_require(sscanf(hex + 2 * i, "%2x", &v) == 1, "bad hex");
		out[i] = (uint8_t)v;
	}
}

static const struct kat {
	const char *msg;
	size_t repeat;
	const char *digest;
} kats[] = {
	{ "", 1,
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", 1,
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "a", 1000000,
	  "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
};

START_TEST(known_answers)
{
	const struct kat *k = &kats[_i];
	size_t n = strlen(k->msg) * k->repeat;
	uint8_t *msg = malloc(n ? n : 1), want[32], got[32];

	ck_assert_ptr_nonnull(msg);
	for (size_t i = 0; i < k->repeat; i++)
		memcpy(msg + i * strlen(k->msg), k->msg, strlen(k->msg));
	from_hex(k->digest, want, sizeof want);
	mica_hash(MICA_SHA256, msg, n, got);
	ck_assert_mem_eq(got, want, sizeof want);
	if (mica_sha256_ni_usable()) {
		memset(got, 0, sizeof got);
		mica_sha256_ni(msg, n, got);
		ck_assert_mem_eq(got, want, sizeof want);
	}
	free(msg);
}
END_TEST

START_TEST(every_length_as_mbedtls)
{
	enum { MAX = 1100 };
	uint8_t buf[MAX + 1], a[32], b[32], c[32];
	uint32_t x = 12345;

	for (size_t i = 0; i < sizeof buf; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (uint8_t)(x >> 16);
	}
	for (size_t len = 0; len <= MAX; len++) {
		/* Unaligned input too: odd lengths start one byte in. */
		const uint8_t *p = buf + (len & 1);

		mt_require(mica_bind_hash(MICA_BIND_SHA256, p, len, a) == 0,
			   "mbedTLS failed");
		mica_hash(MICA_SHA256, p, len, b);
		mt_require(memcmp(a, b, 32) == 0, "mica_hash differs at %zu",
			   len);
		if (mica_sha256_ni_usable()) {
			mica_sha256_ni(p, len, c);
			mt_require(memcmp(a, c, 32) == 0,
				   "SHA-NI differs at %zu", len);
		}
	}
	printf("SHA extensions %s\n", mica_sha256_ni_usable()
	       ? "used and compared" : "not available: mbedTLS only");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sha256");
	TCase *t = tcase_create("sha256");

	tcase_add_loop_test(t, known_answers, 0, sizeof kats / sizeof *kats);
	tcase_add_test(t, every_length_as_mbedtls);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return mt_run(suite());
}
