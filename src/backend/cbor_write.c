/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cbor_write.c -- deterministic CBOR writer.
 *
 * The heads are written by cbw_head (cbor_write.h, inline) rather than
 * by libcbor's cbor_encode_*: the same bytes (both pick the shortest
 * form), without a library call and a second bounds check per item,
 * which mattered with a blob, a canonical form and two CoRIMs of many
 * items each per compilation.
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

bool cbw_grow(cbw *w, size_t n)
{
	if (w->full)
		return false;
	if (!w->grow) {
		w->full = true;
		return false;
	}
	while (w->cap - w->len < n)
		w->cap *= 2;
	w->buf = mica_xrealloc(w->buf, w->cap);
	return true;
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
	cbw_head(w, 2, n);
	if (!cbw_room(w, n))
		return;
	if (n)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

void cbw_skip(cbw *w, size_t n)
{
	if (!cbw_room(w, n))
		return;
	memset(w->buf + w->len, 0, n);
	w->len += n;
}

void cbw_text(cbw *w, const char *s)
{
	size_t n = strlen(s);

	cbw_head(w, 3, n);
	if (!cbw_room(w, n))
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}
