/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mkfiles.c -- the yardstick for what writing micac compile's outputs
 * costs the kernel whoever writes them (bench/perf.sh, bench/PERF.md).
 *
 *   mkfiles LIST DIR
 *
 * LIST has one "NAME SIZE" a line (the files of a compile's output
 * directory). mkfiles writes SIZE zero bytes to each NAME, the least a
 * durable all-or-nothing write of those files can do: a fresh directory
 * beside DIR, one create, write and close a file, one syncfs, one rename
 * of the directory to DIR and an fsync of its parent. No parsing, no
 * encoding, no hashing: compile's time minus this is its own.
 */
#define _GNU_SOURCE             /* syncfs */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct file {
	char name[256];
	size_t size;
} file;

int main(int argc, char **argv)
{
	FILE *list;
	file *v = NULL;
	size_t n = 0, cap = 0, max = 1;
	char stage[4096], *slash, *buf;
	int pfd, dfd;

	if (argc != 3) {
		fputs("usage: mkfiles LIST DIR\n", stderr);
		return 2;
	}
	list = fopen(argv[1], "r");
	if (!list) {
		perror(argv[1]);
		return 2;
	}
	for (;;) {
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			v = realloc(v, cap * sizeof *v);
			if (!v)
				return 2;
		}
		if (fscanf(list, "%255s %zu", v[n].name, &v[n].size) != 2)
			break;
		if (v[n].size > max)
			max = v[n].size;
		n++;
	}
	fclose(list);
	buf = calloc(1, max);
	snprintf(stage, sizeof stage, "%s.mkfiles", argv[2]);
	slash = strrchr(argv[2], '/');
	if (!buf || !slash || mkdir(stage, 0777) != 0) {
		perror(stage);
		return 2;
	}
	*slash = '\0';
	pfd = open(argv[2], O_RDONLY | O_DIRECTORY);
	*slash = '/';
	dfd = open(stage, O_RDONLY | O_DIRECTORY);
	if (pfd < 0 || dfd < 0) {
		perror(argv[2]);
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		int fd = openat(dfd, v[i].name,
				O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0 || write(fd, buf, v[i].size) != (ssize_t)v[i].size ||
		    close(fd) != 0) {
			perror(v[i].name);
			return 2;
		}
	}
	if (syncfs(dfd) != 0 || rename(stage, argv[2]) != 0 ||
	    fsync(pfd) != 0) {
		perror(argv[2]);
		return 2;
	}
	printf("%zu files\n", n);
	free(buf);
	free(v);
	return 0;
}
