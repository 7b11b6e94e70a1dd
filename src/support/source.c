/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * source.c -- load a policy file into memory and find its lines.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

void mica_source_free(mica_source *src)
{
	free(src->name);
	free(src->text);
	free(src->line_start);
	memset(src, 0, sizeof *src);
}

/* Indexes line starts once; diagnostics are rare, so this is lazy. */
static int index_lines(mica_source *src)
{
	size_t n = 1, i, k = 0;

	for (i = 0; i < src->len; i++)
		n += src->text[i] == '\n';
	src->line_start = malloc(n * sizeof *src->line_start);
	if (!src->line_start)
		return -1;
	src->line_start[k++] = 0;
	for (i = 0; i < src->len; i++)
		if (src->text[i] == '\n')
			src->line_start[k++] = i + 1;
	src->nlines = n;
	return 0;
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
	if (end > start && src->text[end - 1] == '\r')
		end--;
	*len = end - start;
	return src->text + start;
}
