/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * outdir.c -- all-or-nothing output for micac compile.
 *
 * A build system must never see half a policy: blobs of one compilation
 * next to a reference.json of another would bind Realms to values their
 * verifier does not expect. So nothing reaches its final name until
 * every file is complete on disk.
 *
 * Files are handed over one at a time (mica_outdir_put) and written at
 * once, so a compilation never holds all its blobs in memory; nothing is
 * visible until mica_outdir_commit. Two ways, chosen at open:
 *
 *  - DIR does not exist (a clean build): the files get their final names
 *    in a fresh directory beside it, .BASE.micac-PID-TRY, which is then
 *    renamed to DIR in one step (RENAME_NOREPLACE). DIR appears whole or
 *    not at all, and a file costs one create, write and close.
 *  - DIR exists: each file goes to a temporary .micac-PID-I-TRY in DIR,
 *    renamed over its final name once all are written. Files of DIR this
 *    compilation does not write are left alone. (A crash between two
 *    renames can still leave a mix; the renames are the last and
 *    shortest step.)
 *
 * Durability costs one flush, not one per file: every file is written,
 * then the file system holding them is synced once (syncfs, with an
 * fsync of each file as the fallback), and only then are they renamed,
 * and the directory holding the new names synced.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mica/util.h"
#include "mica/blob.h"
#include "outdir.h"


char *mica_output_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = mica_xmalloc(n);

	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* mkdir -p, recording in od->created what it made. 0, or -1 with errno
 * set. */
static int make_dirs(mica_outdir *od, const char *dir)
{
	char *path = mica_xstrdup(dir);
	size_t len = strlen(path), i;
	struct stat st;

	for (i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0777) == 0) {
			if (od->ncreated < MICA_OUTDIR_MAX_CREATED)
				od->created[od->ncreated++] =
					mica_xstrdup(path);
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

/* Reports that path (dir/name, or dir alone) could not be written. */
void mica_outdir_report(const char *dir, const char *name)
{
	int e = errno;
	char *path = name ? mica_output_path(dir, name) : mica_xstrdup(dir);

	fprintf(stderr, "micac: cannot write %s: %s\n", path, strerror(e));
	free(path);
}

/* The staged way, for a dir that does not exist: its parents made, a
 * fresh directory beside it. 0, or -1 (nothing left behind but the
 * parents, which the caller removes) to fall back to the other way. */
static int open_staged(mica_outdir *od)
{
	char *copy = mica_xstrdup(od->dir), *slash, *parent, name[320];
	size_t len = strlen(copy);

	while (len > 1 && copy[len - 1] == '/')
		copy[--len] = '\0';
	slash = strrchr(copy, '/');
	parent = slash == NULL ? "." : slash == copy ? "/" : copy;
	od->base = mica_xstrdup(slash ? slash + 1 : copy);
	if (slash && slash != copy)
		*slash = '\0';
	if (strcmp(od->base, ".") == 0 || strcmp(od->base, "..") == 0 ||
	    !*od->base || (slash && slash != copy && make_dirs(od, parent))) {
		free(copy);
		return -1;
	}
	od->pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	for (unsigned try = 0; od->pfd >= 0 && try < 100; try++) {
		snprintf(name, sizeof name, ".%s.micac-%ld-%u", od->base,
			 od->pid, try);
		if (mkdirat(od->pfd, name, 0777) == 0) {
			od->stage = mica_xstrdup(name);
			od->dfd = openat(od->pfd, name, O_RDONLY |
					 O_DIRECTORY | O_CLOEXEC);
			if (od->dfd >= 0)
				return 0;
			unlinkat(od->pfd, name, AT_REMOVEDIR);
			break;
		}
		if (errno != EEXIST)
			break;
	}
	if (od->pfd >= 0)
		close(od->pfd);
	od->pfd = -1;
	free(od->stage);
	od->stage = NULL;
	return -1;
}

mica_outdir *mica_outdir_open(const char *dir)
{
	mica_outdir *od = mica_xcalloc(1, sizeof *od);
	struct stat st;

	od->dir = mica_xstrdup(dir);
	od->pfd = od->dfd = -1;
	od->pid = (long)getpid();
	if (stat(dir, &st) != 0 && errno == ENOENT && open_staged(od) == 0)
		return od;
	if (make_dirs(od, dir) != 0) {
		fprintf(stderr, "micac: cannot create %s: %s\n", dir,
			strerror(errno));
		mica_outdir_abort(od);
		return NULL;
	}
	od->dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (od->dfd < 0) {
		mica_outdir_report(dir, NULL);
		mica_outdir_abort(od);
		return NULL;
	}
	return od;
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

/* Creates the file that will become name: name itself in a staging
 * directory, else a fresh temporary (O_EXCL makes it ours alone; a
 * retry count skips a leftover of a crashed run), recorded in tmps[i].
 * The mode 0666 is narrowed by the umask as for any new file. */
static int create(mica_outdir *od, const char *name, size_t i)
{
	char tmp[64];
	int fd = -1;

	if (od->stage)
		return openat(od->dfd, name,
			      O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	for (unsigned try = 0; fd < 0 && try < 100; try++) {
		snprintf(tmp, sizeof tmp, ".micac-%ld-%zu-%u", od->pid, i,
			 try);
		fd = openat(od->dfd, tmp,
			    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST)
			return -1;
	}
	if (fd >= 0)
		od->tmps[i] = mica_xstrdup(tmp);
	return fd;
}

int mica_outdir_put(mica_outdir *od, const char *name, const uint8_t *data,
		    size_t len)
{
	size_t i = od->n;
	int fd;

	if (od->failed)
		return -1;
	if (od->n == od->cap) {
		od->cap = od->cap ? 2 * od->cap : 64;
		od->names = mica_xrealloc(od->names,
					  od->cap * sizeof *od->names);
		od->tmps = mica_xrealloc(od->tmps, od->cap * sizeof *od->tmps);
	}
	od->tmps[i] = NULL;
	fd = create(od, name, i);
	if (fd >= 0) {
		/* Recorded before writing: abort removes it either way. */
		od->names[od->n++] = mica_xstrdup(name);
		if (write_all(fd, data, len) != 0) {
			int e = errno;
			close(fd);
			errno = e;
			fd = -1;
		} else if (close(fd) != 0) {
			fd = -1;
		}
	}
	if (fd < 0) {
		mica_outdir_report(od->dir, name);
		od->failed = true;
		return -1;
	}
	return 0;
}
