/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_format.c -- mica_format (mica/mica.h), the formatter in memory:
 * the golden file formats to its hand-written layout, the result is
 * NUL-terminated and formats to itself, and text with syntax errors
 * gives MICA_STATUS_POLICY, no text and its errors through the callback;
 * the unified diff of src/fmt/diff.c on small cases written by hand.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/mica.h"
#include "mica/util.h"
#include "fmt.h"

static char *slurp(const char *rel, size_t *len)
{
	char path[1024], err[256];
	uint8_t *buf;

	snprintf(path, sizeof path, "%s/%s", MICA_SOURCE_DIR, rel);
	ck_assert_msg(mica_read_file(path, 1 << 20, &buf, len, err,
				     sizeof err) == 0, "%s", err);
	return (char *)buf;
}

typedef struct seen {
	unsigned errors;
	unsigned first_line;
	char file[64];
} seen;

static void on_diag(const mica_diagnostic *d, void *user)
{
	seen *s = user;

	if (d->severity != MICA_SEVERITY_ERROR)
		return;
	if (s->errors++ == 0) {
		s->first_line = d->line;
		snprintf(s->file, sizeof s->file, "%s", d->file);
	}
}

START_TEST(golden)
{
	size_t inlen, wantlen, outlen, againlen;
	char *in = slurp("tests/fmt/golden/layout.mica", &inlen);
	char *want = slurp("tests/fmt/golden/layout.expected", &wantlen);
	char *out, *again;
	mica_ctx *ctx = mica_ctx_new();

	ck_assert_int_eq(mica_format(ctx, "layout.mica", in, inlen, &out,
				     &outlen), MICA_STATUS_OK);
	ck_assert_uint_eq(outlen, wantlen);
	ck_assert(memcmp(out, want, wantlen) == 0);
	ck_assert_int_eq(out[outlen], '\0');
	ck_assert_uint_eq(mica_ctx_errors(ctx), 0);
	ck_assert_int_eq(mica_format(ctx, NULL, out, outlen, &again,
				     &againlen), MICA_STATUS_OK);
	ck_assert_uint_eq(againlen, outlen);
	ck_assert(memcmp(again, out, outlen) == 0);
	free(again);
	free(out);
	free(in);
	free(want);
	mica_ctx_free(ctx);
}
END_TEST

START_TEST(syntax_error)
{
	static const char bad[] = "policy p version 1;\n"
				  "realm a { measurement = ; }\n";
	mica_ctx *ctx = mica_ctx_new();
	seen s = { 0, 0, "" };
	char *out = (char *)1;
	size_t outlen = 99;

	mica_ctx_set_callback(ctx, on_diag, &s);
	ck_assert_int_eq(mica_format(ctx, NULL, bad, sizeof bad - 1, &out,
				     &outlen), MICA_STATUS_POLICY);
	ck_assert_ptr_null(out);
	ck_assert_uint_eq(outlen, 0);
	ck_assert_uint_ge(s.errors, 1);
	ck_assert_uint_eq(s.first_line, 2);
	ck_assert_str_eq(s.file, "<policy>");
	ck_assert_uint_eq(mica_ctx_errors(ctx), s.errors);
	mica_ctx_free(ctx);
}
END_TEST

/* Only the syntax is checked: a leak and an unknown name format. */
START_TEST(semantic_errors_format)
{
	static const char text[] =
		"policy p version 1; realm a { measurement = sha256:"
		"1111111111111111111111111111111111111111111111111111111111111111;"
		" } allow a psci; allow nobody mmio;";
	static const char want[] =
		"policy p version 1;\n\nrealm a {\n  measurement = sha256:"
		"1111111111111111111111111111111111111111111111111111111111111111;"
		"\n}\n\nallow a psci;\n\nallow nobody mmio;\n";
	mica_ctx *ctx = mica_ctx_new();
	char *out;
	size_t outlen;

	ck_assert_int_eq(mica_format(ctx, "t", text, sizeof text - 1, &out,
				     &outlen), MICA_STATUS_OK);
	ck_assert_str_eq(out, want);
	free(out);
	mica_ctx_free(ctx);
}
END_TEST

static char *diff_of(const char *a, const char *b, bool *differ)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	*differ = mica_fmt_diff(f, "a", a, strlen(a), "b", b, strlen(b));
	fclose(f);
	return text;
}

START_TEST(unified_diff)
{
	bool differ;
	char *d;

	d = diff_of("x\ny\n", "x\ny\n", &differ);
	ck_assert(!differ);
	ck_assert_str_eq(d, "");
	free(d);
	/* One line changed among ten: three lines of context each side. */
	d = diff_of("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
		    "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n", &differ);
	ck_assert(differ);
	ck_assert_str_eq(d, "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n"
			    "-5\n+five\n 6\n 7\n 8\n");
	free(d);
	/* An insertion at the start, and a last line without a newline. */
	d = diff_of("b\nc", "a\nb\nc\n", &differ);
	ck_assert_str_eq(d, "--- a\n+++ b\n@@ -1,2 +1,3 @@\n+a\n b\n"
			    "-c\n\\ No newline at end of file\n+c\n");
	free(d);
	/* Two changes far apart: two hunks. */
	d = diff_of("a\n1\n2\n3\n4\n5\n6\n7\n8\nb\n",
		    "A\n1\n2\n3\n4\n5\n6\n7\n8\nB\n", &differ);
	ck_assert_str_eq(d, "--- a\n+++ b\n@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n"
			    " 3\n@@ -7,4 +7,4 @@\n 6\n 7\n 8\n-b\n+B\n");
	free(d);
	/* Past the search limit of 2000 differences: everything between
	 * the common head and tail is replaced, still a correct diff. */
	{
		char *x = mica_xmalloc(3000 * 8), *y = mica_xmalloc(3000 * 8);
		size_t nx = 0, ny = 0, i, minus = 0, plus = 0;
		nx += (size_t)sprintf(x, "same\n");
		ny += (size_t)sprintf(y, "same\n");
		for (i = 0; i < 1500; i++) {
			nx += (size_t)sprintf(x + nx, "a%zu\n", i);
			ny += (size_t)sprintf(y + ny, "b%zu\n", i);
		}
		d = diff_of(x, y, &differ);
		static const char head[] = "--- a\n+++ b\n"
			"@@ -1,1501 +1,1501 @@\n same\n-a0\n-a1\n";
		ck_assert(strncmp(d, head, sizeof head - 1) == 0);
		for (i = 0; d[i]; i++)
			if (d[i] == '\n' && d[i + 1] == '-')
				minus++;
			else if (d[i] == '\n' && d[i + 1] == '+')
				plus++;
		ck_assert_uint_eq(minus, 1500);
		ck_assert_uint_eq(plus, 1501);   /* the +++ header too */
		free(d);
		free(x);
		free(y);
	}
	/* Everything removed. */
	d = diff_of("a\nb\n", "", &differ);
	ck_assert_str_eq(d, "--- a\n+++ b\n@@ -1,2 +0,0 @@\n-a\n-b\n");
	free(d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("format");
	TCase *tc = tcase_create("format");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, golden);
	tcase_add_test(tc, syntax_error);
	tcase_add_test(tc, semantic_errors_format);
	tcase_add_test(tc, unified_diff);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
