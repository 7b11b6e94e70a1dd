/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * network.h -- the host's side of a run (network.c): its schedule, and
 * its moves of the tenant's messages through host memory (or the model's
 * mailbox).
 */
#ifndef MICA_FVP_NETWORK_H
#define MICA_FVP_NETWORK_H

#include <stddef.h>
#include <stdint.h>

#include "host.h"
#include "stage.h"

/* The model's mailbox (an endpoint without a channel): bytes [addr,
 * addr + n) of t->mailbox, for both the Realm and the host. */
int fvp_mailbox_io(void *ctx, uint64_t addr, void *buf, size_t n, int write);

struct fvp_net;
struct fvp_net *fvp_net_new(struct fvp_host *h, struct fvp_traffic *t);
void fvp_net_free(struct fvp_net *n);
/* Queues message seq for endpoint k: 0 or -1. */
int fvp_net_send(struct fvp_net *n, uint32_t k, uint64_t seq,
		 const uint8_t *p, size_t len);
/* Schedules rounds until every endpoint has sent message seq, or until
 * nothing moves any more. Returns how many have not. */
size_t fvp_net_pump(struct fvp_net *n, uint64_t seq, unsigned *rounds);
/* Endpoint k's message seq as the tenant received it, or NULL. */
const uint8_t *fvp_net_reply(const struct fvp_net *n, uint32_t k,
			     uint64_t seq, size_t *len);
/* REC_ENTERs of realm i during message seq's pump. */
uint64_t fvp_net_entered(const struct fvp_net *n, uint32_t i);

#endif
