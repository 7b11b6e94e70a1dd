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

void cbw_uint(cbw *w, uint64_t v);
/* The negative integer v (v < 0). */
void cbw_negint(cbw *w, int64_t v);
void cbw_int(cbw *w, int64_t v);
void cbw_bytes(cbw *w, const uint8_t *p, size_t n);
/* The head of a byte string of n bytes, which the caller then writes. */
void cbw_bytes_head(cbw *w, size_t n);
/* n zero bytes, to be overwritten later through w->buf. */
void cbw_skip(cbw *w, size_t n);
void cbw_text(cbw *w, const char *s);
void cbw_array(cbw *w, size_t n);
void cbw_map(cbw *w, size_t n);
/* A tag's head; the tagged item follows. */
void cbw_tag(cbw *w, uint64_t tag);

#endif
