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

static char *join(const char *dir, const char *name)
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

/* One file into a fresh temporary of dir; its path goes to *tmp. It is
 * not synced here: sync_temps() does that for all of them at once. */
static int write_temp(const char *dir, const mica_output *f, mode_t mode,
		      char **tmp)
{
	int fd;

	*tmp = join(dir, ".micac-XXXXXX");
	fd = mkstemp(*tmp);
	if (fd < 0) {
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	/* mkstemp makes 0600 files; outputs are as readable as any. */
	if (fchmod(fd, mode) != 0 || write_all(fd, f->data, f->len) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

/* Makes the n temporaries durable before any is renamed: one syncfs of
 * dir's file system, or, where that fails (an old kernel, a file system
 * that cannot report it), an fsync of each. Returns 0, or -1 with errno
 * set. */
static int sync_temps(const char *dir, char **tmp, size_t n)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY), rc;

	if (fd >= 0) {
		rc = syncfs(fd);
		close(fd);
		if (rc == 0)
			return 0;
	}
	for (size_t i = 0; i < n; i++) {
		fd = open(tmp[i], O_RDONLY);
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

int mica_write_outputs(const char *dir, const mica_output *files,
		       size_t n)
{
	char *created[64];
	size_t ncreated = 0, i, done = 0;
	char **tmp = mica_xcalloc(n, sizeof *tmp);
	mode_t mask = umask(0);
	int rc = -1, fd;

	umask(mask);
	if (make_dirs(dir, created, sizeof created / sizeof *created,
		      &ncreated) != 0) {
		fprintf(stderr, "micac: cannot create %s: %s\n", dir,
			strerror(errno));
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (write_temp(dir, &files[i], 0666 & ~mask, &tmp[i]) != 0) {
			char *path = join(dir, files[i].name);
			fprintf(stderr, "micac: cannot write %s: %s\n", path,
				strerror(errno));
			free(path);
			goto out;
		}
	}
	if (sync_temps(dir, tmp, n) != 0) {
		fprintf(stderr, "micac: cannot write %s: %s\n", dir,
			strerror(errno));
		goto out;
	}
	for (done = 0; done < n; done++) {
		char *path = join(dir, files[done].name);
		int r = rename(tmp[done], path);
		if (r != 0)
			fprintf(stderr, "micac: cannot write %s: %s\n", path,
				strerror(errno));
		free(path);
		if (r != 0)
			goto out;
		free(tmp[done]);
		tmp[done] = NULL;
	}
	/* Make the renames themselves durable. */
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	rc = 0;
out:
	for (i = 0; i < n; i++) {
		if (tmp[i])
			unlink(tmp[i]);
		free(tmp[i]);
	}
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
