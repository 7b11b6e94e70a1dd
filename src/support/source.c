/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * source.c -- load a policy file into memory, or keep it open and read
 * it at offsets; find its lines.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mica/source.h"

/* Largest source we accept; a policy of 100k realms is about 20 MB. */
#define MICA_SOURCE_MAX ((size_t)1 << 30)

static int set_name(mica_source *src, const char *name)
{
	src->name = strdup(name);
	return src->name ? 0 : -1;
}

int mica_source_from_mem(mica_source *src, const char *name,
			 const char *data, size_t len)
{
	memset(src, 0, sizeof *src);
	if (len > MICA_SOURCE_MAX) {
		errno = EFBIG;
		return -1;
	}
	src->text = malloc(len + 2);
	if (!src->text || set_name(src, name) != 0) {
		free(src->text);
		src->text = NULL;
		errno = ENOMEM;
		return -1;
	}
	if (len)
		memcpy(src->text, data, len);
	src->text[len] = src->text[len + 1] = '\0';
	src->len = len;
	return 0;
}

int mica_source_load(mica_source *src, const char *path)
{
	FILE *f;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int saved;

	memset(src, 0, sizeof *src);
	f = fopen(path, "rb");
	if (!f)
		return -1;
	{
		/* A directory opens but cannot be read: say what it is. */
		struct stat st;
		if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
			fclose(f);
			errno = EISDIR;
			return -1;
		}
	}
	for (;;) {
		size_t n;
		if (cap - len < 4096 + 2) {
			size_t ncap = cap ? cap * 2 : 65536;
			char *nbuf;
			if (ncap > MICA_SOURCE_MAX + 2) {
				errno = EFBIG;
				goto fail;
			}
			nbuf = realloc(buf, ncap);
			if (!nbuf)
				goto fail;
			buf = nbuf;
			cap = ncap;
		}
		n = fread(buf + len, 1, cap - len - 2, f);
		len += n;
		if (n == 0) {
			if (ferror(f)) {
				if (!errno)
					errno = EIO;
				goto fail;
			}
			break;
		}
	}
	fclose(f);
	buf[len] = buf[len + 1] = '\0';
	src->text = buf;
	src->len = len;
	if (set_name(src, path) != 0) {
		mica_source_free(src);
		errno = ENOMEM;
		return -1;
	}
	return 0;
fail:
	saved = errno;
	fclose(f);
	free(buf);
	errno = saved;
	return -1;
}

int mica_source_open(mica_source *src, const char *path)
{
	struct stat st;
	FILE *f;

	memset(src, 0, sizeof *src);
	f = fopen(path, "rb");
	if (!f)
		return -1;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		/* Directories are refused there, pipes copied. */
		fclose(f);
		return mica_source_load(src, path);
	}
	if ((uint64_t)st.st_size > MICA_SOURCE_MAX) {
		fclose(f);
		errno = EFBIG;
		return -1;
	}
	if (set_name(src, path) != 0) {
		fclose(f);
		errno = ENOMEM;
		return -1;
	}
	src->file = f;
	src->len = (size_t)st.st_size;
	return 0;
}

size_t mica_source_read(mica_source *src, size_t off, char *buf, size_t n)
{
	size_t got = 0;

	if (off >= src->len)
		return 0;
	if (n > src->len - off)
		n = src->len - off;
	if (src->text) {
		memcpy(buf, src->text + off, n);
		return n;
	}
	while (got < n) {
		ssize_t r = pread(fileno(src->file), buf + got, n - got,
				  (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;     /* shortened or unreadable: its end */
		got += (size_t)r;
	}
	return got;
}

const char *mica_source_text(mica_source *src)
{
	char *buf;

	if (src->text || !src->file)
		return src->text;
	buf = malloc(src->len + 2);
	if (!buf)
		return NULL;
	/* A file cut short since it was opened ends where it now ends. */
	src->len = mica_source_read(src, 0, buf, src->len);
	buf[src->len] = buf[src->len + 1] = '\0';
	src->text = buf;
	free(src->line_start);
	src->line_start = NULL;
	return buf;
}

void mica_source_free(mica_source *src)
{
	if (src->file)
		fclose(src->file);
	free(src->line);
	free(src->name);
	free(src->text);
	free(src->line_start);
	memset(src, 0, sizeof *src);
}

/* Line starts being gathered: n of them so far, room for cap (with cap
 * 0, only counted). */
typedef struct lines {
	size_t *v;
	size_t n, cap;
} lines;

static void add_line(lines *l, size_t start)
{
	if (l->n < l->cap)
		l->v[l->n] = start;
	l->n++;
}

/* Gathers the start of every line, reading an opened source a chunk at
 * a time. */
static void gather(mica_source *src, lines *l)
{
	char chunk[65536];
	size_t off = 0, n, i;

	add_line(l, 0);
	if (src->text) {
		for (i = 0; i < src->len; i++)
			if (src->text[i] == '\n')
				add_line(l, i + 1);
		return;
	}
	while ((n = mica_source_read(src, off, chunk, sizeof chunk)) != 0) {
		const char *p = chunk, *end = chunk + n;
		while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			add_line(l, off + (size_t)(p - chunk) + 1);
			p++;
		}
		off += n;
	}
}

/* Indexes line starts once; diagnostics are rare, so this is lazy. An
 * opened file is read twice (count, then fill): if it changed between
 * the two, there is no index, and no line to show. */
static int index_lines(mica_source *src)
{
	lines count = { NULL, 0, 0 }, fill;

	gather(src, &count);
	fill.v = malloc(count.n * sizeof *fill.v);
	fill.n = 0;
	fill.cap = count.n;
	if (!fill.v)
		return -1;
	gather(src, &fill);
	if (fill.n != count.n) {
		free(fill.v);
		return -1;
	}
	src->line_start = fill.v;
	src->nlines = fill.n;
	return 0;
}

/* Line bytes [start, end) of an opened source, read into src->line. */
static const char *read_line(mica_source *src, size_t start, size_t end)
{
	size_t n = end - start;

	if (n + 1 > src->line_cap) {
		char *p = realloc(src->line, n + 1);
		if (!p)
			return NULL;
		src->line = p;
		src->line_cap = n + 1;
	}
	if (mica_source_read(src, start, src->line, n) != n)
		return NULL;
	src->line[n] = '\0';
	return src->line;
}

const char *mica_source_line(mica_source *src, uint32_t line, size_t *len)
{
	size_t start, end;

	if (!src->line_start && index_lines(src) != 0)
		return NULL;
	if (line == 0 || line > src->nlines)
		return NULL;
	start = src->line_start[line - 1];
	end = line < src->nlines ? src->line_start[line] - 1 : src->len;
	if (!src->text) {
		const char *p = read_line(src, start, end);
		if (!p)
			return NULL;
		if (end > start && p[end - start - 1] == '\r')
			end--;
		*len = end - start;
		return p;
	}
	if (end > start && src->text[end - 1] == '\r')
		end--;
	*len = end - start;
	return src->text + start;
}
