/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * outdir_commit.c -- making the files of mica_outdir_put durable and
 * visible, or undoing them (the two ways are described in outdir.c).
 */
#define _GNU_SOURCE             /* syncfs, renameat2 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mica/util.h"
#include "mica/blob.h"
#include "outdir.h"

/* Makes every file durable before any is renamed: one syncfs of the
 * file system of dfd, or, where that fails (an old kernel, a file
 * system that cannot report it), an fsync of each. 0, or -1 with errno
 * set. */
static int sync_files(const mica_outdir *od)
{
	if (syncfs(od->dfd) == 0)
		return 0;
	for (size_t i = 0; i < od->n; i++) {
		int fd = openat(od->dfd, mica_outdir_written(od, i),
				O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -1;
		if (fsync(fd) != 0) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		close(fd);
	}
	return 0;
}

/* Removes what did not land (files from index landed on, the staging
 * directory) and, when nothing landed, the directories made here; then
 * frees od. */
static void release(mica_outdir *od, size_t landed, bool any_landed)
{
	for (size_t i = landed; i < od->n; i++)
		unlinkat(od->dfd, mica_outdir_written(od, i), 0);
	if (od->stage)
		unlinkat(od->pfd, od->stage, AT_REMOVEDIR);
	while (od->ncreated > 0) {
		od->ncreated--;
		if (!any_landed)
			rmdir(od->created[od->ncreated]);
		free(od->created[od->ncreated]);
	}
	for (size_t i = 0; i < od->n; i++) {
		free(od->names[i]);
		free(od->tmps[i]);
	}
	if (od->dfd >= 0)
		close(od->dfd);
	if (od->pfd >= 0)
		close(od->pfd);
	free(od->names);
	free(od->tmps);
	free(od->stage);
	free(od->base);
	free(od->dir);
	free(od);
}

void mica_outdir_abort(mica_outdir *od)
{
	if (od)
		release(od, 0, false);
}

/* The staged files into DIR one by one, when the whole directory could
 * not be renamed (DIR appeared meanwhile, or the file system has no
 * RENAME_NOREPLACE); *moved counts those that landed. */
static int move_staged(mica_outdir *od, size_t *moved)
{
	int tfd;

	if (mkdirat(od->pfd, od->base, 0777) == 0) {
		if (od->ncreated < MICA_OUTDIR_MAX_CREATED)
			od->created[od->ncreated++] = mica_xstrdup(od->dir);
	} else if (errno != EEXIST) {
		return -1;
	}
	tfd = openat(od->pfd, od->base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (tfd < 0)
		return -1;
	for (; *moved < od->n; (*moved)++) {
		if (renameat(od->dfd, od->names[*moved], tfd,
			     od->names[*moved]) != 0) {
			int e = errno;
			close(tfd);
			errno = e;
			return -1;
		}
	}
	fsync(tfd);
	close(tfd);
	return 0;
}

int mica_outdir_commit(mica_outdir *od)
{
	size_t done = 0;
	int rc = -1;

	if (od->failed)
		goto out;
	if (sync_files(od) != 0) {
		mica_outdir_report(od->dir, NULL);
		goto out;
	}
	if (od->stage) {
		if (renameat2(od->pfd, od->stage, od->pfd, od->base,
			      RENAME_NOREPLACE) == 0) {
			/* Everything landed at once; nothing to remove. */
			free(od->stage);
			od->stage = NULL;
			done = od->n;
			fsync(od->pfd);
			rc = 0;
		} else if (move_staged(od, &done) == 0) {
			rc = 0;
		} else {
			mica_outdir_report(od->dir, od->names[done]);
		}
		goto out;
	}
	for (; done < od->n; done++) {
		if (renameat(od->dfd, od->tmps[done], od->dfd,
			     od->names[done]) != 0) {
			mica_outdir_report(od->dir, od->names[done]);
			goto out;
		}
		free(od->tmps[done]);
		od->tmps[done] = NULL;
	}
	/* Make the renames themselves durable. */
	fsync(od->dfd);
	rc = 0;
out:
	release(od, done, rc == 0 || done > 0);
	return rc;
}

int mica_write_outputs(const char *dir, const mica_output *files,
		       size_t n)
{
	mica_outdir *od = mica_outdir_open(dir);

	if (!od)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (mica_outdir_put(od, files[i].name, files[i].data,
				    files[i].len) != 0) {
			mica_outdir_abort(od);
			return -1;
		}
	}
	return mica_outdir_commit(od);
}
