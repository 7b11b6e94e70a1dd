/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cbor_write.c -- deterministic CBOR writer.
 *
 * The heads are written here rather than by libcbor's cbor_encode_*:
 * the same bytes (both pick the shortest form), without a library call
 * and a second bounds check per item, which mattered with a blob, a
 * canonical form and two CoRIMs of many items each per compilation.
 */
#include <string.h>

#include "mica/util.h"
#include "cbor_write.h"

void cbw_init(cbw *w, uint8_t *buf, size_t cap)
{
	memset(w, 0, sizeof *w);
	w->buf = buf;
	w->cap = cap;
}

void cbw_init_heap(cbw *w)
{
	memset(w, 0, sizeof *w);
	w->cap = 256;
	w->buf = mica_xmalloc(w->cap);
	w->grow = true;
}

/* Makes room for at least n more bytes when the buffer may grow; else
 * reports whether they fit. */
static bool room(cbw *w, size_t n)
{
	if (w->full)
		return false;
	if (w->cap - w->len >= n)
		return true;
	if (!w->grow) {
		w->full = true;
		return false;
	}
	while (w->cap - w->len < n)
		w->cap *= 2;
	w->buf = mica_xrealloc(w->buf, w->cap);
	return true;
}

/* The head of a data item: major type and argument, in the shortest
 * form (RFC 8949 4.2.1: the argument in the initial byte below 24, else
 * in the fewest of 1, 2, 4 or 8 big-endian bytes that hold it). */
static void head(cbw *w, unsigned major, uint64_t v)
{
	uint8_t h[9];
	size_t n;

	if (v < 24) {
		h[0] = (uint8_t)(major << 5 | v);
		n = 1;
	} else {
		unsigned k = v <= 0xff ? 0 : v <= 0xffff ? 1
			   : v <= 0xffffffffu ? 2 : 3;

		n = (size_t)1 << k;
		h[0] = (uint8_t)(major << 5 | (24 + k));
		for (size_t i = 0; i < n; i++)
			h[n - i] = (uint8_t)(v >> (8 * i));
		n++;
	}
	if (!room(w, n))
		return;
	memcpy(w->buf + w->len, h, n);
	w->len += n;
}

void cbw_uint(cbw *w, uint64_t v)
{
	head(w, 0, v);
}

void cbw_negint(cbw *w, int64_t v)
{
	/* CBOR major type 1 stores -1 - v. */
	head(w, 1, (uint64_t)(-1 - v));
}

void cbw_int(cbw *w, int64_t v)
{
	if (v < 0)
		cbw_negint(w, v);
	else
		cbw_uint(w, (uint64_t)v);
}

void cbw_bytes(cbw *w, const uint8_t *p, size_t n)
{
	head(w, 2, n);
	if (!room(w, n))
		return;
	if (n)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

void cbw_bytes_head(cbw *w, size_t n)
{
	head(w, 2, n);
}

void cbw_skip(cbw *w, size_t n)
{
	if (!room(w, n))
		return;
	memset(w->buf + w->len, 0, n);
	w->len += n;
}

void cbw_text(cbw *w, const char *s)
{
	size_t n = strlen(s);

	head(w, 3, n);
	if (!room(w, n))
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

void cbw_array(cbw *w, size_t n)
{
	head(w, 4, n);
}

void cbw_map(cbw *w, size_t n)
{
	head(w, 5, n);
}

void cbw_tag(cbw *w, uint64_t tag)
{
	head(w, 6, tag);
}
