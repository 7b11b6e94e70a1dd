/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stage.h -- the Realm program of a run, and what the run shares with it
 * (vcpu->arg).
 *   stage.c     the one Realm program of a run: reads every slot, passes
 *               what it reads on.
 *   forward.c   how a message passes on (or through a bundled transform).
 *   endpoint.c  the tenant's protocol inside a Realm the tenant talks to.
 */
#ifndef MICA_FVP_STAGE_H
#define MICA_FVP_STAGE_H

#include <stddef.h>
#include <stdint.h>

#include "channel.h"
#include "crypto.h"
#include "plan.h"
#include "platform.h"
#include "policy.h"
#include "stages.h"

/* ---- what the run shares with the Realm programs (vcpu->arg) ----------- */

/* A Realm program's counts, for the report (sizes only) and for the
 * reasons of a failure. */
struct fvp_stats {
	uint64_t msgs_in, msgs_out, bytes_in, bytes_out, bad;
	uint64_t chunks, lost;      /* chunks moved; chunks missed */
};

enum { FVP_FAULT_NONE, FVP_FAULT_STARVE, FVP_FAULT_TOKEN,
       FVP_FAULT_RESULTS, FVP_FAULT_PLAINTEXT };

struct fvp_stage;

struct fvp_traffic {
	const struct fvp_policy *pol;
	const struct fvp_plan *plan;
	struct fvp_stats *stats;    /* per realm */
	uint8_t *got;               /* [k * nrealms + i]: realm i read ep[k]'s
				     * input (the model's view, for reasons) */
	uint8_t (*origin)[32];      /* per endpoint: its input's digest */
	uint8_t *mailbox;           /* mailbox mode: in, then out */
	uint64_t mailbox_size;      /* each half */
	struct fvp_stage **stage;   /* per realm, while its program runs */
	int fault;                  /* FVP_FAULT_*, for the tests */
	uint32_t fault_realm;
};

/* ---- stage.c, forward.c, endpoint.c: the Realm program of a run -------- */

struct fvp_slot_rx {                /* a writer's slot this realm reads */
	uint32_t region, writer;
	struct fvp_area a;
	struct fvp_rx rx;
	uint32_t expect, got;       /* endpoints: messages waited for */
};

struct fvp_slot_tx {                /* this realm's slot in a region */
	uint32_t region;
	struct fvp_area a;
	struct fvp_tx tx;
};

struct fvp_stage {
	struct fvp_vcpu *v;
	struct fvp_traffic *t;
	const struct fvp_role *role;
	const char *self;
	fvp_transform_fn *tf;       /* a bundled transform, or NULL */
	int forward;                /* passes its slots' messages on */
	struct fvp_slot_rx *rx;
	struct fvp_slot_tx *tx;
	size_t nrx, ntx;
	uint8_t (*seen)[64];        /* origin || sum of what it passed on */
	size_t nseen;
	struct fvp_stats *st;
	/* an endpoint: its channel */
	struct fvp_area chan_in, chan_out;
	struct fvp_rx chan_rx;
	struct fvp_tx chan_tx;
	struct fvp_ecdh *key;
	uint8_t session[FVP_KEY_SIZE];
	int have_input, replied;
	uint8_t *result;            /* framed results */
	size_t nresult;
	const struct fvp_msg *in;   /* the message being transformed */
};

fvp_program_fn fvp_program_stage;
/* Passes message m (payload p) on to every slot this realm writes,
 * through the transform; from: the region it came in. */
void fvp_stage_pass(struct fvp_stage *s, const char *from,
		    const struct fvp_msg *m, const uint8_t *p);
/* Endpoint side: a frame from the tenant; a message for the results. */
void fvp_endpoint_frame(struct fvp_stage *s, const uint8_t *f, size_t n);
void fvp_endpoint_result(struct fvp_stage *s, const uint8_t *f, size_t n);
/* Sends the results once everything waited for is there. */
void fvp_endpoint_step(struct fvp_stage *s);
void fvp_endpoint_free(struct fvp_stage *s);
/* Records that this realm read endpoint input with digest origin. */
void fvp_stage_got(struct fvp_stage *s, const uint8_t origin[32]);

#endif
