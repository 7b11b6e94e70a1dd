/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_source.c -- a source opened from its file (mica/source.h): the
 * lines a diagnostic reads back, and a file that changes under it.
 *
 * The file is read at offsets with pread(2). This test defines pread
 * itself, so that it can change what the file holds between two reads
 * of the same call (the line index reads the file twice: to count the
 * lines, then to fill the index); every other read goes to the kernel.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mica/source.h"
#include "testutil.h"

/* When swap_fd is a file descriptor, reads of it from the second read
 * at offset 0 on are served from `later` instead of the file. */
static int swap_fd = -1;
static const char *later;
static int reads_at_zero;

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	if (fd == swap_fd && off == 0)
		reads_at_zero++;
	if (fd == swap_fd && reads_at_zero >= 2) {
		size_t len = strlen(later);
		if ((size_t)off >= len)
			return 0;
		if (n > len - (size_t)off)
			n = len - (size_t)off;
		memcpy(buf, later + off, n);
		return (ssize_t)n;
	}
	return syscall(SYS_pread64, fd, buf, n, off);
}

static char path[64];

static void write_file(const char *text)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

static void setup(void)
{
	int fd;

	snprintf(path, sizeof path, "/tmp/mica-test-source.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	swap_fd = -1;
	reads_at_zero = 0;
}

static void teardown(void)
{
	unlink(path);
}

/* line N of src is exactly want (written out by hand below). */
static void line_is(mica_source *src, uint32_t n, const char *want)
{
	size_t len = 0;
	const char *got = mica_source_line(src, n, &len);

	ck_assert_msg(got != NULL, "line %u missing", n);
	ck_assert_uint_eq(len, strlen(want));
	ck_assert_int_eq(memcmp(got, want, len), 0);
}

/* An opened file keeps no text; its lines come back from the file, a
 * CR before the newline left out, the last line without a newline too. */
START_TEST(opened_lines_read_back)
{
	mica_source src;
	size_t len;

	write_file("realm a {\r\n  trust: none\n\nlast");
	ck_assert_int_eq(mica_source_open(&src, path), 0);
	ck_assert_ptr_null(src.text);
	ck_assert_uint_eq(src.len, 30);
	line_is(&src, 1, "realm a {");
	line_is(&src, 2, "  trust: none");
	line_is(&src, 3, "");
	line_is(&src, 4, "last");
	ck_assert_ptr_null(mica_source_line(&src, 0, &len));
	ck_assert_ptr_null(mica_source_line(&src, 5, &len));
	/* Still not loaded whole. */
	ck_assert_ptr_null(src.text);
	mica_source_free(&src);
}
END_TEST

/* The file gains newlines between the index's count and its fill: the
 * fill must not write past what was counted (a write past it is what
 * the sanitizer build of this test catches), and with the two passes
 * disagreeing there is no line to show. */
START_TEST(changed_between_index_reads)
{
	mica_source src;
	size_t len;

	write_file("a\nb\nc\nd\n");
	ck_assert_int_eq(mica_source_open(&src, path), 0);
	swap_fd = fileno(src.file);
	later = "\n\n\n\n\n\n\n\n";
	ck_assert_ptr_null(mica_source_line(&src, 1, &len));
	ck_assert_int_eq(reads_at_zero, 2);
	mica_source_free(&src);
}
END_TEST

/* The file is cut short after it was opened (and scanned): a line that
 * is no longer there cannot be read back, one that still is can. */
START_TEST(truncated_after_open)
{
	mica_source src;
	size_t len;

	write_file("first\nsecond line\n");
	ck_assert_int_eq(mica_source_open(&src, path), 0);
	ck_assert_int_eq(truncate(path, 6), 0);
	line_is(&src, 1, "first");
	ck_assert_ptr_null(mica_source_line(&src, 2, &len));
	mica_source_free(&src);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("source");
	TCase *tc = tcase_create("opened");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, opened_lines_read_back);
	tcase_add_test(tc, changed_between_index_reads);
	tcase_add_test(tc, truncated_after_open);
	suite_add_tcase(s, tc);
	return mt_run(s);
}
