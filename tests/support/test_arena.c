/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_arena.c -- the arena and the interning set (mica/arena.h): what
 * the syntax tree and the IR rely on, checked without the parser.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mica/arena.h"

/* Every allocation is zeroed, aligned for any object, and distinct from
 * every other, across many blocks and after strings that leave the
 * bump pointer unaligned. */
START_TEST(alloc_zeroed_aligned_disjoint)
{
	mica_arena a;
	enum { N = 4000 };
	static unsigned char *p[N];
	static size_t len[N];
	static const unsigned char zero[700];
	unsigned char want[700];

	mica_arena_init(&a);
	for (size_t i = 0; i < N; i++) {
		len[i] = 1 + (i * 37) % 700;
		if (i % 3 == 0)
			mica_arena_strndup(&a, "xyz", i % 4);
		p[i] = mica_arena_alloc(&a, len[i]);
		ck_assert_uint_eq((uintptr_t)p[i] % 16, 0);
		ck_assert_int_eq(memcmp(p[i], zero, len[i]), 0);
		memset(p[i], (int)(i & 0xFF), len[i]);
	}
	/* Nothing written later overwrote an earlier allocation. */
	for (size_t i = 0; i < N; i++) {
		memset(want, (int)(i & 0xFF), len[i]);
		ck_assert_int_eq(memcmp(p[i], want, len[i]), 0);
	}
	ck_assert_uint_ge(a.total, (size_t)N * 16);
	mica_arena_free(&a);
	ck_assert_ptr_null(a.head);
	ck_assert_uint_eq(a.total, 0);
}
END_TEST

/* Requests larger than any block (the IR's arrays of a large policy)
 * get memory of their own, zeroed, and small ones go on afterwards. */
START_TEST(alloc_large)
{
	mica_arena a;
	size_t big = (size_t)9 << 20;
	unsigned char *p, *q, *r;

	mica_arena_init(&a);
	q = mica_arena_alloc(&a, 24);
	p = mica_arena_alloc(&a, big);
	r = mica_arena_alloc(&a, 24);
	ck_assert_uint_eq(p[0], 0);
	ck_assert_uint_eq(p[big / 2], 0);
	ck_assert_uint_eq(p[big - 1], 0);
	memset(p, 0xAB, big);
	ck_assert_uint_eq(q[0], 0);
	ck_assert_uint_eq(r[23], 0);
	ck_assert(r + 24 <= p || r >= p + big);
	/* Reusable after being freed. */
	mica_arena_free(&a);
	p = mica_arena_alloc(&a, 100);
	ck_assert_uint_eq(p[99], 0);
	mica_arena_free(&a);
}
END_TEST

START_TEST(strndup_copies)
{
	mica_arena a;
	const char *src = "realm_one and more";
	char *s;

	mica_arena_init(&a);
	s = mica_arena_strndup(&a, src, 9);
	ck_assert_str_eq(s, "realm_one");
	ck_assert_ptr_ne(s, src);
	s = mica_arena_strndup(&a, src, 0);
	ck_assert_str_eq(s, "");
	mica_arena_free(&a);
}
END_TEST

/* One copy per distinct text, whatever the text's address; different
 * texts (also prefixes of each other) stay different; still true after
 * the set has grown many times. */
START_TEST(intern_identity)
{
	mica_arena a;
	mica_interns t;
	enum { N = 50000 };
	static const char *first[N];
	char buf[32];

	mica_arena_init(&a);
	mica_intern_init(&t, &a);
	for (int i = 0; i < N; i++) {
		int n = snprintf(buf, sizeof buf, "r%d", i);
		first[i] = mica_intern(&t, buf, (size_t)n);
		ck_assert_str_eq(first[i], buf);
	}
	ck_assert_uint_eq(t.count, N);
	for (int i = 0; i < N; i++) {
		int n = snprintf(buf, sizeof buf, "r%d", i);
		ck_assert_ptr_eq(mica_intern(&t, buf, (size_t)n), first[i]);
	}
	ck_assert_uint_eq(t.count, N);
	/* "r1" is a prefix of "r12": by length they differ. */
	ck_assert_ptr_ne(mica_intern(&t, "r12", 2), first[12]);
	ck_assert_ptr_eq(mica_intern(&t, "r12", 2), first[1]);
	ck_assert_ptr_ne(first[1], first[12]);
	/* The set can go; the strings stay with the arena. */
	mica_intern_free(&t);
	ck_assert_str_eq(first[N - 1], "r49999");
	mica_arena_free(&a);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("arena");
	TCase *tc = tcase_create("arena");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, alloc_zeroed_aligned_disjoint);
	tcase_add_test(tc, alloc_large);
	tcase_add_test(tc, strndup_copies);
	tcase_add_test(tc, intern_identity);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
