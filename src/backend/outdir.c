/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * outdir.c -- all-or-nothing output for micac compile.
 *
 * A build system must never see half a policy: blobs of one compilation
 * next to a reference.json of another would bind Realms to values their
 * verifier does not expect. So nothing reaches its final name until
 * every file is complete on disk. (A crash between two renames can still
 * leave a mix; the renames are the last and shortest step.)
 *
 * Durability costs one flush, not one per file: every temporary is
 * written first, then the file system holding dir is synced once
 * (syncfs), and only then are they renamed, and dir synced for the
 * renames. A policy of N Realms writes N + 1 files, and a flush each
 * made compiling to disk many times slower than to memory.
 */
#define _GNU_SOURCE             /* syncfs */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mica/util.h"
#include "mica/blob.h"

char *mica_output_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = mica_xmalloc(n);

	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* mkdir -p, recording in created[] (at most cap) what it made, deepest
 * last. Returns 0, or -1 with errno set. */
static int make_dirs(const char *dir, char **created, size_t cap,
		     size_t *ncreated)
{
	char *path = mica_xstrdup(dir);
	size_t len = strlen(path), i;
	struct stat st;

	for (i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0777) == 0) {
			if (*ncreated < cap)
				created[(*ncreated)++] = mica_xstrdup(path);
		} else {
			int e = errno;
			if (e != EEXIST || stat(path, &st) != 0 ||
			    !S_ISDIR(st.st_mode)) {
				free(path);
				errno = e == EEXIST ? ENOTDIR : e;
				return -1;
			}
		}
		if (i < len)
			path[i] = '/';
	}
	free(path);
	return 0;
}

/* Writes all of data to fd. */
static int write_all(int fd, const uint8_t *data, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

/* One file into a fresh temporary of the directory dfd; its name (in
 * that directory) goes to *tmp. Names are .micac-PID-I, with a retry
 * count when one is taken (a leftover of a crashed run): O_EXCL makes
 * each ours alone, and the mode 0666 is narrowed by the umask as for
 * any new file. Paths are relative to dfd, so the kernel looks up one
 * name per call, not the whole of dir. The file is not synced here:
 * sync_temps() does that for all of them at once. */
static int write_temp(int dfd, const mica_output *f, size_t i, char **tmp)
{
	char name[64];
	int fd = -1;

	*tmp = NULL;
	for (unsigned try = 0; fd < 0 && try < 100; try++) {
		snprintf(name, sizeof name, ".micac-%ld-%zu-%u",
			 (long)getpid(), i, try);
		fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			    0666);
		if (fd < 0 && errno != EEXIST)
			return -1;
	}
	if (fd < 0)
		return -1;
	*tmp = mica_xstrdup(name);
	if (write_all(fd, f->data, f->len) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

/* Makes the n temporaries durable before any is renamed: one syncfs of
 * the file system of dfd, or, where that fails (an old kernel, a file
 * system that cannot report it), an fsync of each. Returns 0, or -1
 * with errno set. */
static int sync_temps(int dfd, char **tmp, size_t n)
{
	int fd, rc;

	if (syncfs(dfd) == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		fd = openat(dfd, tmp[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -1;
		rc = fsync(fd);
		if (rc != 0) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		close(fd);
	}
	return 0;
}

/* Reports that path (dir/name, or dir alone) could not be written. */
static void cannot_write(const char *dir, const char *name)
{
	int e = errno;
	char *path = name ? mica_output_path(dir, name) : mica_xstrdup(dir);

	fprintf(stderr, "micac: cannot write %s: %s\n", path, strerror(e));
	free(path);
}

int mica_write_outputs(const char *dir, const mica_output *files,
		       size_t n)
{
	char *created[64];
	size_t ncreated = 0, i, done = 0;
	char **tmp = mica_xcalloc(n, sizeof *tmp);
	int rc = -1, dfd = -1;

	if (make_dirs(dir, created, sizeof created / sizeof *created,
		      &ncreated) != 0) {
		fprintf(stderr, "micac: cannot create %s: %s\n", dir,
			strerror(errno));
		goto out;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		cannot_write(dir, NULL);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (write_temp(dfd, &files[i], i, &tmp[i]) != 0) {
			cannot_write(dir, files[i].name);
			goto out;
		}
	}
	if (sync_temps(dfd, tmp, n) != 0) {
		cannot_write(dir, NULL);
		goto out;
	}
	for (done = 0; done < n; done++) {
		if (renameat(dfd, tmp[done], dfd, files[done].name) != 0) {
			cannot_write(dir, files[done].name);
			goto out;
		}
		free(tmp[done]);
		tmp[done] = NULL;
	}
	/* Make the renames themselves durable. */
	fsync(dfd);
	rc = 0;
out:
	for (i = 0; i < n; i++) {
		if (tmp[i] && dfd >= 0)
			unlinkat(dfd, tmp[i], 0);
		free(tmp[i]);
	}
	if (dfd >= 0)
		close(dfd);
	/* Remove what we created only if nothing landed in it. */
	while (ncreated > 0) {
		ncreated--;
		if (rc != 0 && done == 0)
			rmdir(created[ncreated]);
		free(created[ncreated]);
	}
	free(tmp);
	return rc;
}
