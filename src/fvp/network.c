/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * network.c -- the host's side of a run (network.h): it schedules the
 * Realms round by round and carries the tenant's messages to and from
 * each endpoint's channel, through the granules it gave the channel's
 * regions, as NS memory; for an endpoint without a channel the model
 * carries them in its mailbox instead (a model shortcut).
 *
 * A round: the host writes the next chunk of every message it has
 * queued for an endpoint, enters every Realm in the plan's order (up to
 * ENTRIES REC_ENTERs each, fewer when it waits with WFI), then reads
 * every endpoint's out part. A pump ends when every endpoint has sent
 * the message waited for, or when a whole round moved nothing at all:
 * the model is deterministic, so nothing ever will.
 */
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "crypto.h"
#include "host.h"
#include "network.h"
#include "plan.h"
#include "platform.h"
#include "stage.h"

#define ENTRIES 16            /* REC_ENTERs per realm per round */
#define MAX_ROUNDS 200000u    /* a backstop; a stall ends a pump first */

struct hostio {
	struct fvp_host *h;
	uint32_t region;
};

struct link {
	struct hostio io_in, io_out;
	struct fvp_area in, out;
	struct fvp_tx tx;
	struct fvp_rx rx;
	uint8_t *got[3];          /* the endpoint's messages 1 and 2 */
	size_t ngot[3];
};

struct fvp_net {
	struct fvp_host *h;
	struct fvp_traffic *t;
	const struct fvp_plan *p;
	struct link *l;
	uint64_t *entered;        /* per realm, this pump */
};

/* The host's load or store of bytes [off, off + n) of a region, page by
 * page through the granules it gave the region. */
static int region_io(void *ctx, uint64_t off, void *buf, size_t n, int write)
{
	struct hostio *io = ctx;
	uint8_t *b = buf;

	while (n > 0) {
		uint64_t k = off / FVP_GRANULE, in = off % FVP_GRANULE;
		size_t chunk = FVP_GRANULE - in;
		unsigned long pa = fvp_host_region_page(io->h, io->region, k);

		if (chunk > n)
			chunk = n;
		if (pa == 0 ||
		    (write ? fvp_host_write(&io->h->m, pa + in, b, chunk)
			   : fvp_host_read(&io->h->m, pa + in, b, chunk)))
			return -1;
		b += chunk;
		off += chunk;
		n -= chunk;
	}
	return 0;
}

int fvp_mailbox_io(void *ctx, uint64_t addr, void *buf, size_t n, int write)
{
	struct fvp_traffic *t = ctx;

	if (t->mailbox == NULL || addr > 2 * t->mailbox_size ||
	    n > 2 * t->mailbox_size - addr)
		return -1;
	if (write)
		memcpy(t->mailbox + addr, buf, n);
	else
		memcpy(buf, t->mailbox + addr, n);
	return 0;
}

struct fvp_net *fvp_net_new(struct fvp_host *h, struct fvp_traffic *t)
{
	struct fvp_net *n = calloc(1, sizeof *n);
	const struct fvp_plan *p = t->plan;

	if (n == NULL)
		return NULL;
	n->h = h;
	n->t = t;
	n->p = p;
	n->l = calloc(p->nep, sizeof *n->l);
	n->entered = calloc(p->ir->nrealms, sizeof *n->entered);
	if (n->l == NULL || n->entered == NULL) {
		fvp_net_free(n);
		return NULL;
	}
	for (uint32_t k = 0; k < p->nep; k++) {
		const struct fvp_role *ro = &p->role[p->ep[k]];
		struct link *l = &n->l[k];

		if (!ro->channel) {
			l->in = (struct fvp_area){ fvp_mailbox_io, t, 0,
						   t->mailbox_size };
			l->out = (struct fvp_area){ fvp_mailbox_io, t,
						    t->mailbox_size,
						    t->mailbox_size };
			continue;
		}
		l->io_in = (struct hostio){ h, ro->in_region };
		l->io_out = (struct hostio){ h, ro->out_region };
		l->in = (struct fvp_area){ region_io, &l->io_in, ro->in_off,
					   ro->in_size };
		l->out = (struct fvp_area){ region_io, &l->io_out, ro->out_off,
					    ro->out_size };
	}
	return n;
}

void fvp_net_free(struct fvp_net *n)
{
	if (n == NULL)
		return;
	for (uint32_t k = 0; n->l && k < n->p->nep; k++) {
		fvp_tx_free(&n->l[k].tx);
		fvp_rx_free(&n->l[k].rx);
		for (unsigned s = 0; s < 3; s++)
			free(n->l[k].got[s]);
	}
	free(n->l);
	free(n->entered);
	free(n);
}

int fvp_net_send(struct fvp_net *n, uint32_t k, uint64_t seq,
		 const uint8_t *p, size_t len)
{
	struct fvp_msg m;
	uint8_t *f;
	size_t fn;

	memset(&m, 0, sizeof m);
	m.seq = seq;
	m.len = len;
	if ((f = fvp_frame(&m, p, &fn)) == NULL)
		return -1;
	return fvp_tx_push(&n->l[k].tx, f, fn);
}

/* A whole frame from endpoint k: kept by its sequence number, with the
 * host's tampering when a fault asks for it. */
static void received(struct fvp_net *n, uint32_t k, uint8_t *f, size_t len)
{
	struct link *l = &n->l[k];
	struct fvp_msg m;
	const uint8_t *p;

	if (fvp_frame_open(f, len, &m, &p) != 0 || m.seq < 1 || m.seq > 2 ||
	    l->got[m.seq] != NULL) {
		free(f);
		return;
	}
	memmove(f, p, m.len);
	l->got[m.seq] = f;
	l->ngot[m.seq] = m.len;
	if (k == 0 && m.len > FVP_PUB_SIZE + 200 &&
	    ((n->t->fault == FVP_FAULT_TOKEN && m.seq == 1) ||
	     (n->t->fault == FVP_FAULT_RESULTS && m.seq == 2)))
		f[m.len - 100] ^= 0x01;
}

static uint64_t chunks(const struct fvp_net *n)
{
	uint64_t c = 0;

	for (uint32_t i = 0; i < n->p->ir->nrealms; i++)
		c += n->t->stats[i].chunks;
	return c;
}

/* One round; returns how much moved. */
static uint64_t round_once(struct fvp_net *n)
{
	const struct fvp_plan *p = n->p;
	uint64_t moved = 0, before;

	for (uint32_t k = 0; k < p->nep; k++)
		moved += fvp_tx_step(&n->l[k].tx, &n->l[k].in) > 0;
	before = chunks(n);
	for (uint32_t q = 0; q < p->ir->nrealms; q++) {
		uint32_t i = p->order[q];

		if (n->t->fault == FVP_FAULT_STARVE && i == n->t->fault_realm)
			continue;   /* the host never enters it */
		for (unsigned e = 0; e < ENTRIES; e++) {
			struct fvp_exit ex;

			if (fvp_host_enter(n->h, i, &ex) != 0)
				break;
			n->entered[i]++;
			/* A WFx exit: the realm has nothing more to do. */
			if (ex.reason == MICA_RMI_EXIT_SYNC &&
			    (ex.esr >> MICA_ESR_EC_SHIFT) == MICA_ESR_EC_WFX)
				break;
			moved++;   /* any other exit: still busy */
		}
	}
	moved += chunks(n) - before;
	for (uint32_t k = 0; k < p->nep; k++) {
		uint8_t *f;
		size_t len;
		int r = fvp_rx_poll(&n->l[k].rx, &n->l[k].out, &f, &len);

		moved += r > 0;
		if (r == 2)
			received(n, k, f, len);
	}
	return moved;
}

size_t fvp_net_pump(struct fvp_net *n, uint64_t seq, unsigned *rounds)
{
	const struct fvp_plan *p = n->p;
	size_t missing = p->nep;

	memset(n->entered, 0, p->ir->nrealms * sizeof *n->entered);
	for (unsigned round = 1; round <= MAX_ROUNDS; round++) {
		uint64_t moved = round_once(n);

		missing = 0;
		for (uint32_t k = 0; k < p->nep; k++)
			missing += n->l[k].got[seq] == NULL;
		if (missing == 0 || moved == 0) {
			*rounds += round;
			return missing;
		}
	}
	*rounds += MAX_ROUNDS;
	return missing;
}

const uint8_t *fvp_net_reply(const struct fvp_net *n, uint32_t k,
			     uint64_t seq, size_t *len)
{
	*len = n->l[k].ngot[seq];
	return n->l[k].got[seq];
}

uint64_t fvp_net_entered(const struct fvp_net *n, uint32_t i)
{
	return n->entered[i];
}
