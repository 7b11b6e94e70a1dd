/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * testutil.h -- helpers shared by the front-end unit tests.
 *
 * mt_parse() runs the whole front end over a buffer in memory, the way
 * `micac check` does over a file, with the diagnostics captured in a
 * memory stream so that tests can assert their exact text. The source is
 * always named "t.mica", so a message reads "t.mica:LINE:COL: error: ...".
 */
#ifndef MICA_TESTUTIL_H
#define MICA_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/ast.h"
#include "mica/diag.h"
#include "mica/source.h"

/* A header that every snippet below can be appended to: line 1. */
#define MT_HDR "policy p version 1;\n"

/* Runs of 32 and 64 copies of a one-character string literal. */
#define MT_D32(c) c c c c c c c c c c c c c c c c \
		  c c c c c c c c c c c c c c c c
#define MT_D64(c) MT_D32(c) MT_D32(c)
#define MT_SHA256(c) "sha256:" MT_D64(c)
#define MT_SHA512(c) "sha512:" MT_D64(c) MT_D64(c)

/*
 * Check records every passing ck_assert (one write to its message pipe),
 * which makes assertions in loops over millions of bytes slow: mt_require
 * reports only a failure. Use it in hot loops and in the helpers below.
 */
#define mt_require(cond, ...)                                           \
	do {                                                            \
		if (!(cond))                                            \
			ck_abort_msg(__VA_ARGS__);                      \
	} while (0)

typedef struct mt_parse {
	mica_source src;
	mica_diag d;
	mica_ast *ast;
	char *out;       /* everything the diagnostics printed, NUL-ended */
	size_t outlen;
} mt_parse;

/* Parses len bytes of data; max_errors 0 = no cap (as mica_diag). */
static inline void mt_parse_capped(mt_parse *p, const char *data,
				   size_t len, unsigned max_errors)
{
	FILE *f;

	memset(p, 0, sizeof *p);
	f = open_memstream(&p->out, &p->outlen);
	mt_require(f != NULL, "open_memstream failed");
	mt_require(mica_source_from_mem(&p->src, "t.mica", data, len) == 0,
		   "mica_source_from_mem failed");
	mica_diag_init(&p->d, &p->src, f);
	p->d.max_errors = max_errors;
	p->ast = mica_parse(&p->src, &p->d);
	mt_require(fclose(f) == 0, "fclose of the memory stream failed");
	p->d.out = NULL;
	mt_require(p->out != NULL, "no memory stream buffer");
}

static inline void mt_parse_mem(mt_parse *p, const char *data, size_t len)
{
	mt_parse_capped(p, data, len, MICA_MAX_ERRORS_DEFAULT);
}

static inline void mt_parse_str(mt_parse *p, const char *text)
{
	mt_parse_mem(p, text, strlen(text));
}

static inline void mt_free(mt_parse *p)
{
	mica_ast_free(p->ast);
	mica_source_free(&p->src);
	free(p->out);
	memset(p, 0, sizeof *p);
}

/* How often needle occurs in the captured diagnostics. */
static inline unsigned mt_count(const mt_parse *p, const char *needle)
{
	unsigned n = 0;
	const char *s = p->out;
	size_t k = strlen(needle);

	while ((s = strstr(s, needle)) != NULL)
		n++, s += k;
	return n;
}

/* Asserts that the text parses with no diagnostics at all. */
#define mt_assert_clean(p)                                              \
	do {                                                            \
		mt_require((p)->d.errors == 0 && (p)->d.warnings == 0   \
			   && (p)->outlen == 0,                         \
			   "expected no diagnostics, got %u errors:\n%s", \
			   (p)->d.errors, (p)->out);                    \
		mt_require((p)->ast != NULL, "no tree");                \
	} while (0)

/* Asserts that the diagnostics contain this exact text. */
#define mt_assert_has(p, text)                                          \
	mt_require(strstr((p)->out, (text)) != NULL,                    \
		   "expected in the diagnostics: %s\ngot:\n%s", (text),  \
		   (p)->out)

/* Asserts exactly n errors were counted and n "error:" lines printed. */
#define mt_assert_errors(p, n)                                          \
	do {                                                            \
		mt_require((p)->d.errors == (unsigned)(n) &&            \
			   mt_count((p), ": error: ") == (unsigned)(n), \
			   "expected %u errors, got %u:\n%s",           \
			   (unsigned)(n), (p)->d.errors, (p)->out);     \
	} while (0)

/* Asserts a location: first line/column and last column on one line. */
#define mt_assert_loc(l, line, col, lastcol)                            \
	do {                                                            \
		mica_loc l_ = (l);                                      \
		mt_require(l_.first_line == (unsigned)(line) &&         \
			   l_.last_line == (unsigned)(line) &&          \
			   l_.first_column == (unsigned)(col) &&        \
			   l_.last_column == (unsigned)(lastcol),       \
			   "location %u:%u-%u:%u, expected %u:%u-%u",   \
			   l_.first_line, l_.first_column,              \
			   l_.last_line, l_.last_column,                \
			   (unsigned)(line), (unsigned)(col),           \
			   (unsigned)(lastcol));                        \
	} while (0)

/* The caret line diag.c prints under a plain ASCII source line for a
 * span of len bytes at column col: "      | ", col - 1 spaces, '^', then
 * len - 1 '~'. Returns buf. */
static inline const char *mt_caret(char *buf, size_t n, unsigned col,
				   unsigned len)
{
	size_t k = 0;
	unsigned i;

	mt_require(8 + col + len + 2 < n, "caret buffer too small");
	memcpy(buf, "      | ", 8);
	k = 8;
	for (i = 1; i < col; i++)
		buf[k++] = ' ';
	buf[k++] = '^';
	for (i = 1; i < len; i++)
		buf[k++] = '~';
	buf[k++] = '\n';
	buf[k] = '\0';
	return buf;
}

/* Runs a suite the CTest way: CK_VERBOSITY picks the output. */
static inline int mt_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
