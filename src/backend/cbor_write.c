/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cbor_write.c -- deterministic CBOR writer over libcbor's encoders.
 */
#include <string.h>

#include <cbor.h>

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

/* Whether a head may be written: a growing buffer makes room for the
 * longest head (9 bytes); a fixed one lets the encoder say whether it
 * fits, since a short head may fit where 9 bytes would not. */
static bool head_room(cbw *w)
{
	if (w->full)
		return false;
	return w->grow ? room(w, 9) : true;
}

/* Runs one libcbor encoder at the end of the buffer. */
#define ENCODE(w, call)                                              \
	do {                                                         \
		size_t n_;                                           \
		if (!head_room(w))                                   \
			return;                                      \
		n_ = (call);                                         \
		if (n_ == 0) {                                       \
			(w)->full = true;                            \
			return;                                      \
		}                                                    \
		(w)->len += n_;                                      \
	} while (0)

#define AT(w) ((unsigned char *)(w)->buf + (w)->len), ((w)->cap - (w)->len)

void cbw_uint(cbw *w, uint64_t v)
{
	ENCODE(w, cbor_encode_uint(v, AT(w)));
}

void cbw_negint(cbw *w, int64_t v)
{
	/* CBOR major type 1 stores -1 - v. */
	ENCODE(w, cbor_encode_negint((uint64_t)(-1 - v), AT(w)));
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
	ENCODE(w, cbor_encode_bytestring_start(n, AT(w)));
	if (!room(w, n))
		return;
	if (n)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

void cbw_text(cbw *w, const char *s)
{
	size_t n = strlen(s);

	ENCODE(w, cbor_encode_string_start(n, AT(w)));
	if (!room(w, n))
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

void cbw_array(cbw *w, size_t n)
{
	ENCODE(w, cbor_encode_array_start(n, AT(w)));
}

void cbw_map(cbw *w, size_t n)
{
	ENCODE(w, cbor_encode_map_start(n, AT(w)));
}

void cbw_tag(cbw *w, uint64_t tag)
{
	ENCODE(w, cbor_encode_tag(tag, AT(w)));
}
