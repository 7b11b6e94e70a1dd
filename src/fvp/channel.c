/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * channel.c -- messages, and the chunks that carry them (channel.h).
 *
 * A message is a 256-byte header and a payload. The header carries a
 * SHA-256 of the payload (the per-hop checksum, checked by every
 * reader), the digest of the tenant's original input (carried unchanged
 * through the pipeline) and the trace of the stages it went through.
 *
 * A frame (header and payload) of any length travels through an area of
 * any size as chunks: a 64-byte chunk header (magic, sequence number,
 * frame length, offset, chunk length), then up to size - 64 bytes of
 * the frame. The writer stores the data first and the chunk header
 * last, one chunk at a time, with the next sequence number; a reader
 * that sees a new number sees the whole chunk. A reader that finds a
 * number further on than the next has missed a chunk (it was
 * overwritten before it was read): it drops the partial frame, counts
 * the loss and starts again at the next chunk that begins a frame.
 * The writer has no way of knowing when every reader has read a chunk
 * (a reader may hold read-only rights): flow control is the host's
 * schedule (network.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/sha256.h>

#include "channel.h"
#include "mica/wire/bytes.h"

/* ---- messages ----------------------------------------------------------- */

void fvp_msg_encode(struct fvp_msg *m, const uint8_t *p,
		    uint8_t h[FVP_MSG_HDR])
{
	unsigned named = m->nhops < FVP_MSG_HOPS ? m->nhops : FVP_MSG_HOPS;

	mbedtls_sha256_ret(p, m->len, m->sum, 0);
	memset(h, 0, FVP_MSG_HDR);
	memcpy(h, FVP_MSG_MAGIC, 8);
	mica_st64(h + 8, m->seq);
	mica_st64(h + 16, m->len);
	memcpy(h + 24, m->sum, 32);
	memcpy(h + 56, m->origin, 32);
	h[88] = (uint8_t)m->nhops;
	for (unsigned k = 0; k < named; k++)
		memcpy(h + 96 + 16 * k, m->hop[k], 16);
}

int fvp_msg_decode(const uint8_t h[FVP_MSG_HDR], struct fvp_msg *m)
{
	unsigned named;

	if (memcmp(h, FVP_MSG_MAGIC, 8) != 0)
		return -1;
	m->seq = mica_ld64(h + 8);
	m->len = mica_ld64(h + 16);
	memcpy(m->sum, h + 24, 32);
	memcpy(m->origin, h + 56, 32);
	m->nhops = h[88];
	named = m->nhops < FVP_MSG_HOPS ? m->nhops : FVP_MSG_HOPS;
	memset(m->hop, 0, sizeof m->hop);
	for (unsigned k = 0; k < named; k++)
		memcpy(m->hop[k], h + 96 + 16 * k, 15);
	return 0;
}

uint8_t *fvp_frame(struct fvp_msg *m, const uint8_t *p, size_t *n)
{
	uint8_t *f = malloc(FVP_MSG_HDR + m->len);

	if (f == NULL)
		return NULL;
	fvp_msg_encode(m, p, f);
	memcpy(f + FVP_MSG_HDR, p, m->len);
	*n = FVP_MSG_HDR + m->len;
	return f;
}

int fvp_frame_open(const uint8_t *f, size_t n, struct fvp_msg *m,
		   const uint8_t **p)
{
	uint8_t got[32];

	if (n < FVP_MSG_HDR || fvp_msg_decode(f, m) != 0 ||
	    m->len != n - FVP_MSG_HDR)
		return -1;
	*p = f + FVP_MSG_HDR;
	mbedtls_sha256_ret(*p, m->len, got, 0);
	return memcmp(got, m->sum, 32) == 0 ? 0 : -1;
}

/* The first FVP_MSG_HOPS - 1 stages keep their places; the last place
 * holds the latest stage once there are more. */
void fvp_msg_hop(struct fvp_msg *m, const char *stage)
{
	unsigned k = m->nhops < FVP_MSG_HOPS ? m->nhops : FVP_MSG_HOPS - 1;

	memset(m->hop[k], 0, 16);
	strncpy(m->hop[k], stage, 15);
	if (m->nhops < 255)
		m->nhops++;
}

void fvp_msg_trace(const struct fvp_msg *m, char *buf, size_t cap)
{
	unsigned named = m->nhops < FVP_MSG_HOPS ? m->nhops : FVP_MSG_HOPS;
	size_t o = 0;

	buf[0] = 0;
	for (unsigned k = 0; k < named && o < cap; k++)
		o += (size_t)snprintf(buf + o, cap - o, "%s%s%s",
				      k ? " -> " : "",
				      k == FVP_MSG_HOPS - 1 &&
				      m->nhops > FVP_MSG_HOPS ? "... -> " : "",
				      m->hop[k]);
}

/* ---- chunks ---------------------------------------------------------------- */

struct fvp_txq {
	struct fvp_txq *next;
	uint8_t *frame;
	size_t n;
};

int fvp_tx_push(struct fvp_tx *t, uint8_t *frame, size_t n)
{
	struct fvp_txq *q = malloc(sizeof *q);

	if (q == NULL || n > FVP_FRAME_MAX) {
		free(q);
		free(frame);
		return -1;
	}
	q->next = NULL;
	q->frame = frame;
	q->n = n;
	if (t->tail)
		t->tail->next = q;
	else
		t->head = q;
	t->tail = q;
	return 0;
}

static void tx_pop(struct fvp_tx *t)
{
	struct fvp_txq *q = t->head;

	t->head = q->next;
	if (t->head == NULL)
		t->tail = NULL;
	t->off = 0;
	free(q->frame);
	free(q);
}

int fvp_tx_step(struct fvp_tx *t, const struct fvp_area *a)
{
	struct fvp_txq *q = t->head;
	uint8_t h[FVP_CHUNK_HDR];
	size_t room, len;

	if (q == NULL)
		return 0;
	room = a->size > FVP_CHUNK_HDR ? a->size - FVP_CHUNK_HDR : 0;
	len = q->n - t->off < room ? q->n - t->off : room;
	memset(h, 0, sizeof h);
	memcpy(h, FVP_CHUNK_MAGIC, 8);
	mica_st64(h + 8, t->seq + 1);
	mica_st64(h + 16, q->n);
	mica_st64(h + 24, t->off);
	mica_st64(h + 32, len);
	if (room == 0 ||
	    a->io(a->ctx, a->base + FVP_CHUNK_HDR, q->frame + t->off, len, 1) ||
	    a->io(a->ctx, a->base, h, sizeof h, 1)) {
		tx_pop(t);
		return -1;
	}
	t->seq++;
	t->off += len;
	if (t->off == q->n)
		tx_pop(t);
	return 1;
}

int fvp_tx_pending(const struct fvp_tx *t)
{
	return t->head != NULL;
}

void fvp_tx_free(struct fvp_tx *t)
{
	while (t->head)
		tx_pop(t);
}

static void rx_drop(struct fvp_rx *r)
{
	free(r->buf);
	r->buf = NULL;
	r->len = r->have = 0;
}

int fvp_rx_poll(struct fvp_rx *r, const struct fvp_area *a, uint8_t **frame,
		size_t *n)
{
	uint8_t h[FVP_CHUNK_HDR];
	uint64_t seq, total, off, len;

	if (a->io(a->ctx, a->base, h, sizeof h, 0) != 0) {
		r->lost++;
		return -1;
	}
	if (memcmp(h, FVP_CHUNK_MAGIC, 8) != 0)
		return 0;   /* nothing written yet */
	seq = mica_ld64(h + 8);
	if (seq <= r->seq)
		return 0;
	total = mica_ld64(h + 16);
	off = mica_ld64(h + 24);
	len = mica_ld64(h + 32);
	if (seq != r->seq + 1) {
		/* Chunks went by unread: whatever they carried is lost. */
		r->lost += seq - r->seq - 1;
		rx_drop(r);
	}
	r->seq = seq;
	if (total > FVP_FRAME_MAX || len == 0 || len > a->size - FVP_CHUNK_HDR ||
	    off > total || len > total - off) {
		r->lost++;
		rx_drop(r);
		return 1;
	}
	if (off != r->have || (off != 0 && total != r->len)) {
		/* The rest of a frame whose start was missed: skipped. */
		rx_drop(r);
		return 1;
	}
	if (off == 0) {
		if ((r->buf = malloc(total)) == NULL)
			return -1;
		r->len = total;
	}
	if (a->io(a->ctx, a->base + FVP_CHUNK_HDR, r->buf + off, len, 0) != 0) {
		r->lost++;
		rx_drop(r);
		return -1;
	}
	r->have += len;
	if (r->have < r->len)
		return 1;
	*frame = r->buf;
	*n = r->len;
	r->buf = NULL;
	r->len = r->have = 0;
	return 2;
}

void fvp_rx_free(struct fvp_rx *r)
{
	rx_drop(r);
}
