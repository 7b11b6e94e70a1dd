/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_outdir.c -- mica_outdir_* (src/backend/outdir.c) through paths a
 * command line cannot reach on purpose: an abort after files were put,
 * in a new and in an existing directory, and a new directory that
 * appears while its staged files are being written (they are then moved
 * into it one by one, and what it already held stays).
 */
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "mica/blob.h"

static char root[64];

static void setup(void)
{
	strcpy(root, "/tmp/mica-outdir-XXXXXX");
	mt_require(mkdtemp(root) != NULL, "mkdtemp failed");
}

static void rm_rf(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char sub[512];

	if (!d) {
		unlink(path);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		rm_rf(sub);
	}
	closedir(d);
	rmdir(path);
}

static void teardown(void)
{
	rm_rf(root);
}

/* Entries of dir, "." and ".." left out. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static void file_is(const char *path, const char *text)
{
	char buf[64] = { 0 };
	FILE *f = fopen(path, "r");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(buf, 1, sizeof buf - 1, f), strlen(text));
	fclose(f);
	ck_assert_str_eq(buf, text);
}

static void put(mica_outdir *od, const char *name, const char *text)
{
	ck_assert_int_eq(mica_outdir_put(od, name, (const uint8_t *)text,
					 strlen(text)), 0);
}

START_TEST(abort_new_leaves_nothing)
{
	char dir[128];
	mica_outdir *od;

	snprintf(dir, sizeof dir, "%s/a/b", root);
	od = mica_outdir_open(dir);
	ck_assert_ptr_nonnull(od);
	put(od, "x.blob", "x");
	put(od, "y.blob", "y");
	mica_outdir_abort(od);
	/* Neither DIR, nor its parent made for it, nor a staging dir. */
	ck_assert_int_eq(entries(root), 0);
}
END_TEST

START_TEST(abort_existing_changes_nothing)
{
	char dir[128], path[160];
	mica_outdir *od;
	FILE *f;

	snprintf(dir, sizeof dir, "%s/out", root);
	ck_assert_int_eq(mkdir(dir, 0777), 0);
	snprintf(path, sizeof path, "%s/x.blob", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("old", f);
	fclose(f);
	od = mica_outdir_open(dir);
	ck_assert_ptr_nonnull(od);
	put(od, "x.blob", "new");
	put(od, "y.blob", "y");
	mica_outdir_abort(od);
	ck_assert_int_eq(entries(dir), 1);
	file_is(path, "old");
}
END_TEST

START_TEST(new_dir_commits_whole)
{
	char dir[128], path[160];
	mica_outdir *od;

	snprintf(dir, sizeof dir, "%s/out", root);
	od = mica_outdir_open(dir);
	ck_assert_ptr_nonnull(od);
	put(od, "x.blob", "x");
	/* Staged beside it: DIR itself does not exist yet. */
	ck_assert_int_ne(access(dir, F_OK), 0);
	put(od, "y.blob", "y");
	ck_assert_int_eq(mica_outdir_commit(od), 0);
	ck_assert_int_eq(entries(root), 1);
	ck_assert_int_eq(entries(dir), 2);
	snprintf(path, sizeof path, "%s/y.blob", dir);
	file_is(path, "y");
}
END_TEST

START_TEST(dir_appearing_meanwhile_is_filled)
{
	char dir[128], path[160];
	mica_outdir *od;
	FILE *f;

	snprintf(dir, sizeof dir, "%s/out", root);
	od = mica_outdir_open(dir);
	ck_assert_ptr_nonnull(od);
	put(od, "x.blob", "x");
	ck_assert_int_eq(mkdir(dir, 0777), 0);
	snprintf(path, sizeof path, "%s/other", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("other", f);
	fclose(f);
	put(od, "y.blob", "y");
	ck_assert_int_eq(mica_outdir_commit(od), 0);
	/* The staging directory is gone; DIR has both files and its own. */
	ck_assert_int_eq(entries(root), 1);
	ck_assert_int_eq(entries(dir), 3);
	file_is(path, "other");
	snprintf(path, sizeof path, "%s/x.blob", dir);
	file_is(path, "x");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("outdir");
	TCase *t = tcase_create("outdir");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, abort_new_leaves_nothing);
	tcase_add_test(t, abort_existing_changes_nothing);
	tcase_add_test(t, new_dir_commits_whole);
	tcase_add_test(t, dir_appearing_meanwhile_is_filled);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return mt_run(suite());
}
