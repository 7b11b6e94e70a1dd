/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * channel.h -- messages (a 256-byte header and a payload) and the chunks
 * that carry them through a window of any size (channel.c): how the
 * tenant's data moves between Realms, and between the host and a Realm,
 * in `mica-fvp run` (man/mica-fvp.1, THE RUN).
 */
#ifndef MICA_FVP_CHANNEL_H
#define MICA_FVP_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

#define FVP_MSG_MAGIC "MICAMSG1"
#define FVP_MSG_HDR 256u
#define FVP_MSG_HOPS 10u            /* stages a header names */
#define FVP_MSG_MAX (64u * 1024u)   /* payload a bundled transform takes */
#define FVP_FRAME_MAX (16u << 20)   /* a message on the chunk layer */
#define FVP_CHUNK_MAGIC "MICACHK1"
#define FVP_CHUNK_HDR 64u

/* A message header. The trace names the first FVP_MSG_HOPS - 1 stages
 * and the latest one; nhops counts them all (up to 255). */
struct fvp_msg {
	uint64_t seq;
	uint64_t len;
	uint8_t sum[32];            /* SHA-256 of the payload */
	uint8_t origin[32];         /* SHA-256 of the tenant's input */
	unsigned nhops;
	char hop[FVP_MSG_HOPS][16];
};

/* The header of m for payload p (m->len bytes); m->sum is set. */
void fvp_msg_encode(struct fvp_msg *m, const uint8_t *p,
		    uint8_t h[FVP_MSG_HDR]);
/* 0, or -1 for bytes that are not a header. */
int fvp_msg_decode(const uint8_t h[FVP_MSG_HDR], struct fvp_msg *m);
/* Header then payload, malloc'd (*n bytes), or NULL. */
uint8_t *fvp_frame(struct fvp_msg *m, const uint8_t *p, size_t *n);
/* A frame's header into m and its payload into *p: 0 when the
 * checksum holds, -1 otherwise. */
int fvp_frame_open(const uint8_t *f, size_t n, struct fvp_msg *m,
		   const uint8_t **p);
void fvp_msg_hop(struct fvp_msg *m, const char *stage);
/* "a -> b -> c" into buf. */
void fvp_msg_trace(const struct fvp_msg *m, char *buf, size_t cap);

/* Where chunks travel: bytes [base, base + size) that io reaches (a
 * Realm's loads and stores at IPAs, or the host's through the granules
 * of a region, or the model's mailbox). io returns 0 or -1. */
typedef int fvp_io_fn(void *ctx, uint64_t addr, void *buf, size_t n,
		      int write);
struct fvp_area {
	fvp_io_fn *io;
	void *ctx;
	uint64_t base, size;
};

/* A writer: frames queued, sent one chunk at a time. */
struct fvp_txq;
struct fvp_tx {
	uint64_t seq;               /* chunks written */
	struct fvp_txq *head, *tail;
	size_t off;                 /* of the head frame, already sent */
};
/* Queues frame (taken over, freed when sent): 0 or -1. */
int fvp_tx_push(struct fvp_tx *t, uint8_t *frame, size_t n);
/* Writes the next chunk: 1, 0 when nothing is queued, -1 when a store
 * failed (the frame is dropped). */
int fvp_tx_step(struct fvp_tx *t, const struct fvp_area *a);
int fvp_tx_pending(const struct fvp_tx *t);
void fvp_tx_free(struct fvp_tx *t);

/* A reader of one writer's slot. */
struct fvp_rx {
	uint64_t seq;               /* the last chunk read */
	uint8_t *buf;               /* the frame being put together */
	size_t len, have;
	uint64_t lost;              /* chunks missed or malformed */
};
/* Reads the slot's chunk if it is new: 2 and a whole frame in *frame
 * (malloc'd, *n bytes), 1 a chunk taken (a part of a frame, or one
 * skipped), 0 nothing new, -1 a load that failed. Chunks missed (a gap
 * in the sequence numbers: overwritten before they were read) and
 * malformed ones are counted in lost, and the frame they belong to is
 * dropped. */
int fvp_rx_poll(struct fvp_rx *r, const struct fvp_area *a, uint8_t **frame,
		size_t *n);
void fvp_rx_free(struct fvp_rx *r);

#endif
