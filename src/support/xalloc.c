/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * xalloc.c -- allocation that reports and exits instead of returning NULL.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/util.h"

void mica_fatal(const char *fmt, ...)
{
	va_list ap;

	fputs("micac: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void *mica_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		mica_fatal("out of memory (%zu bytes)", n);
	return p;
}

void *mica_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (!p)
		mica_fatal("out of memory (%zu x %zu bytes)", count, size);
	return p;
}

void *mica_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		mica_fatal("out of memory (%zu bytes)", n);
	return q;
}

char *mica_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(mica_xmalloc(n), s, n);
}
