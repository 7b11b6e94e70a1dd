/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cbor_write.h -- deterministic CBOR into a buffer (internal to the
 * backend).
 *
 * Every head is the shortest for its value and lengths are definite;
 * it is up to the callers to emit map keys in ascending order. A write
 * that does not fit (buffer too small) sets `full`, and later writes do
 * nothing, so a caller checks once at the end. With `grow` set the
 * buffer is on the heap and doubles instead.
 */
#ifndef MICA_CBOR_WRITE_H
#define MICA_CBOR_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cbw {
	uint8_t *buf;
	size_t cap, len;
	bool full;          /* a write did not fit (never with grow) */
	bool grow;          /* buf is ours to realloc */
} cbw;

/* A writer into the caller's cap bytes at buf. */
void cbw_init(cbw *w, uint8_t *buf, size_t cap);
/* A writer into a heap buffer that grows; take w->buf when done. */
void cbw_init_heap(cbw *w);

/* Room for n more bytes: grows a heap buffer; else false, and full set
 * (for good: later writes do nothing). */
bool cbw_grow(cbw *w, size_t n);

static inline bool cbw_room(cbw *w, size_t n)
{
	if (!w->full && w->cap - w->len >= n)
		return true;
	return cbw_grow(w, n);
}

/* The head of a data item: major type and argument, in the shortest
 * form (RFC 8949 4.2.1: the argument in the initial byte below 24, else
 * in the fewest of 1, 2, 4 or 8 big-endian bytes that hold it). */
static inline void cbw_head(cbw *w, unsigned major, uint64_t v)
{
	uint8_t *o;
	unsigned k;
	size_t n;

	if (v < 24) {
		if (cbw_room(w, 1))
			w->buf[w->len++] = (uint8_t)(major << 5 | v);
		return;
	}
	k = v <= 0xff ? 0 : v <= 0xffff ? 1 : v <= 0xffffffffu ? 2 : 3;
	n = (size_t)1 << k;
	if (!cbw_room(w, n + 1))
		return;
	o = w->buf + w->len;
	o[0] = (uint8_t)(major << 5 | (24 + k));
	for (size_t i = 0; i < n; i++)
		o[n - i] = (uint8_t)(v >> (8 * i));
	w->len += n + 1;
}

static inline void cbw_uint(cbw *w, uint64_t v)
{
	cbw_head(w, 0, v);
}

/* The negative integer v (v < 0): CBOR major type 1 stores -1 - v. */
static inline void cbw_negint(cbw *w, int64_t v)
{
	cbw_head(w, 1, (uint64_t)(-1 - v));
}

void cbw_int(cbw *w, int64_t v);
void cbw_bytes(cbw *w, const uint8_t *p, size_t n);
/* The head of a byte string of n bytes, which the caller then writes. */
static inline void cbw_bytes_head(cbw *w, size_t n)
{
	cbw_head(w, 2, n);
}
/* n zero bytes, to be overwritten later through w->buf. */
void cbw_skip(cbw *w, size_t n);
void cbw_text(cbw *w, const char *s);
static inline void cbw_array(cbw *w, size_t n)
{
	cbw_head(w, 4, n);
}

static inline void cbw_map(cbw *w, size_t n)
{
	cbw_head(w, 5, n);
}

/* A tag's head; the tagged item follows. */
static inline void cbw_tag(cbw *w, uint64_t tag)
{
	cbw_head(w, 6, tag);
}

#endif
