/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_verify_revoked.c -- mica_revoked_parse (man/mica-revoked.5) on
 * hostile input: every prefix of a good list and every single-byte
 * change of it is either read or refused with one FILE:LINE:COL
 * diagnostic, never read past its length (each input is a heap copy of
 * exactly its size, for ASan); the entries of the good list are the
 * ones written by hand here; mica_min_version_parse's accepted forms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/token.h"
#include "vtest.h"

static const char good[] =
	"# revoked\n"
	"\n"
	"sha256:00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF"
	" # image\n"
	"\tpolicy g-1 version 18446744073709551615\t#  end of life  \n"
	"sha512:" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	" #w\n";

static mica_revoked r;

/* Parses exactly n bytes of s: 0 or -1; err checked either way. */
static int parse(const char *s, size_t n)
{
	char *copy = malloc(n ? n : 1), err[256];
	int rc;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, s, n);
	err[0] = '\0';
	rc = mica_revoked_parse((const uint8_t *)copy, n, "f", &r, err,
				sizeof err);
	free(copy);
	if (rc == 0) {
		ck_assert_str_eq(err, "");
		ck_assert_uint_le(r.n, MICA_REVOKED_MAX);
		for (size_t i = 0; i < r.n; i++)
			ck_assert(r.e[i].comment[0] != '\0');
	} else {
		unsigned line, col;
		char rest[256];

		ck_assert_int_eq(rc, -1);
		ck_assert_msg(sscanf(err, "f:%u:%u: error: %255[^\n]", &line,
				     &col, rest) == 3, "%s", err);
		ck_assert_uint_ge(line, 1);
		ck_assert_uint_ge(col, 1);
		ck_assert(strchr(err, '\n') == NULL);
	}
	return rc;
}

START_TEST(good_list)
{
	ck_assert_int_eq(parse(good, strlen(good)), 0);
	ck_assert_uint_eq(r.n, 3);
	ck_assert_int_eq(r.e[0].kind, MICA_REVOKED_DIGEST);
	ck_assert_uint_eq(r.e[0].dlen, 32);
	ck_assert_uint_eq(r.e[0].digest[0], 0x00);
	ck_assert_uint_eq(r.e[0].digest[17], 0x11);
	ck_assert_uint_eq(r.e[0].digest[31], 0xff);
	ck_assert_uint_eq(r.e[0].line, 3);
	ck_assert_str_eq(r.e[0].comment, "image");
	ck_assert_int_eq(r.e[1].kind, MICA_REVOKED_POLICY);
	ck_assert_str_eq(r.e[1].policy, "g-1");
	ck_assert(r.e[1].version == UINT64_MAX);
	ck_assert_uint_eq(r.e[1].line, 4);
	ck_assert_str_eq(r.e[1].comment, "end of life");
	ck_assert_uint_eq(r.e[2].dlen, 64);
	ck_assert_uint_eq(r.e[2].digest[63], 0xef);
	ck_assert_str_eq(r.e[2].comment, "w");
	ck_assert_str_eq(r.file, "f");
	ck_assert_int_eq(parse("", 0), 0);
	ck_assert_uint_eq(r.n, 0);
}
END_TEST

/* A prefix is read exactly when it ends a line. */
START_TEST(prefixes)
{
	size_t n = strlen(good);

	for (size_t k = 0; k < n; k++) {
		int rc = parse(good, k);

		ck_assert_msg((rc == 0) == (k == 0 || good[k - 1] == '\n'),
			      "prefix %zu: %d", k, rc);
	}
}
END_TEST

START_TEST(byte_changes)
{
	static const char bytes[] = { 0, '\r', '\n', ' ', '#', 'x', '0', ':',
				      '\t', (char)0x80, (char)0xff, '-' };
	size_t n = strlen(good);
	char *s = malloc(n);

	ck_assert_ptr_nonnull(s);
	for (size_t k = 0; k < n; k++)
		for (size_t b = 0; b < sizeof bytes; b++) {
			memcpy(s, good, n);
			s[k] = bytes[b];
			parse(s, n);
		}
	free(s);
}
END_TEST

START_TEST(min_versions)
{
	mica_min_version m;

	ck_assert_int_eq(mica_min_version_parse("0", &m), 0);
	ck_assert_str_eq(m.policy, "");
	ck_assert(m.version == 0);
	ck_assert_int_eq(mica_min_version_parse("18446744073709551615", &m),
			 0);
	ck_assert(m.version == UINT64_MAX);
	ck_assert_int_eq(mica_min_version_parse("_a-1=42", &m), 0);
	ck_assert_str_eq(m.policy, "_a-1");
	ck_assert(m.version == 42);
	static const char *const bad[] = {
		"", "01", "-1", "+1", "1x", "18446744073709551616", "=1", "a=",
		"1a=1", "-a=1", "a b=1", "a=1=1", "a=01",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(mica_min_version_parse(bad[i], &m) == -1,
			      "'%s' accepted", bad[i]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("verify_revoked");
	TCase *tc = tcase_create("revoked");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, good_list);
	tcase_add_test(tc, prefixes);
	tcase_add_test(tc, byte_changes);
	tcase_add_test(tc, min_versions);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
