/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stage.c -- the Realm program of a run (stage.h): every Realm that
 * `mica-fvp run` deploys runs it, whatever its image calls it.
 *
 * Each turn (from one WFI to the next) it first reads every slot it may
 * read, one chunk each, and the tenant's channel if it is an endpoint;
 * a message that is whole passes on to every protected region the Realm
 * writes, unchanged (the generic stage) or through the transform of a
 * bundled example, each message once (so data that comes round a cycle
 * stops). Then it writes at most one chunk to each slot it owns, and
 * waits (WFI). Because every stage reads before it writes and writes one
 * chunk per slot per turn, and the host enters every Realm once a round,
 * no chunk is overwritten before every reader has had a turn to read it.
 *
 * The plan (stage.h) comes from the same policy the Realm's blob was
 * compiled from: which slots are whose, and what an endpoint waits for.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "network.h"
#include "plan.h"
#include "platform.h"
#include "policy.h"
#include "stage.h"
#include "stages.h"

static int realm_io(void *ctx, uint64_t addr, void *buf, size_t n, int write)
{
	struct fvp_vcpu *v = ctx;

	return write ? fvp_store(v, addr, buf, n) : fvp_load(v, addr, buf, n);
}

/* The IPA at which this realm maps region g. */
static uint64_t ipa_of(const mica_ir *ir, uint32_t i, uint32_t g)
{
	const mica_ir_realm *r = &ir->realms[i];

	for (uint32_t k = 0; k < r->nmaps; k++)
		if (r->maps[k].region == g)
			return ir->regions[g].accesses[r->maps[k].access].ipa;
	return 0;
}

static struct fvp_area area(struct fvp_stage *s, uint32_t g, uint64_t off,
			    uint64_t size)
{
	struct fvp_area a = { realm_io, s->v,
			      ipa_of(s->t->pol->ir, s->v->index, g) + off, size };

	return a;
}

/* The slots this realm reads and the ones it owns, and its channel. */
static int setup(struct fvp_stage *s)
{
	const mica_ir *ir = s->t->pol->ir;
	const struct fvp_plan *p = s->t->plan;
	uint32_t self = s->v->index;

	s->rx = calloc((size_t)ir->nregions * ir->nrealms + 1, sizeof *s->rx);
	s->tx = calloc(ir->nregions + 1, sizeof *s->tx);
	if (s->rx == NULL || s->tx == NULL)
		return -1;
	for (uint32_t g = 0; g < ir->nregions; g++) {
		uint64_t off, size;

		if (ir->regions[g].kind != MICA_PROTECTED)
			continue;
		if (fvp_maps(ir, self, g, MICA_R))
			for (uint32_t w = 0; w < ir->nrealms; w++) {
				struct fvp_slot_rx *r = &s->rx[s->nrx];

				if (w == self ||
				    fvp_plan_slot(ir, g, w, &off, &size) != 0)
					continue;
				r->region = g;
				r->writer = w;
				r->a = area(s, g, off, size);
				r->expect = s->role->endpoint
					    ? fvp_plan_expect(p, self, g, w) : 0;
				s->nrx++;
			}
		if (fvp_maps(ir, self, g, MICA_W) &&
		    fvp_plan_slot(ir, g, self, &off, &size) == 0) {
			s->tx[s->ntx].region = g;
			s->tx[s->ntx].a = area(s, g, off, size);
			s->ntx++;
		}
	}
	if (s->role->channel) {
		s->chan_in = area(s, s->role->in_region, s->role->in_off,
				  s->role->in_size);
		s->chan_out = area(s, s->role->out_region, s->role->out_off,
				   s->role->out_size);
	} else if (s->role->endpoint) {
		s->chan_in = (struct fvp_area){ fvp_mailbox_io, s->t, 0,
						s->t->mailbox_size };
		s->chan_out = (struct fvp_area){ fvp_mailbox_io, s->t,
						 s->t->mailbox_size,
						 s->t->mailbox_size };
	}
	return 0;
}

/* A whole message from a writer's slot. */
static void arrived(struct fvp_stage *s, struct fvp_slot_rx *r, uint8_t *f,
		    size_t n)
{
	const char *from = s->t->pol->ir->regions[r->region].name;
	struct fvp_msg m;
	const uint8_t *p;

	if (fvp_frame_open(f, n, &m, &p) != 0) {
		s->st->bad++;   /* the per-hop checksum does not hold */
		return;
	}
	s->st->msgs_in++;
	s->st->bytes_in += m.len;
	fvp_stage_got(s, m.origin);
	if (s->role->endpoint) {
		r->got++;
		fvp_endpoint_result(s, f, n);
		if (s->forward)
			fvp_stage_pass(s, from, &m, p);
		return;
	}
	/* A bundled transform may answer what it made: drop what has gone
	 * round too often. */
	if (s->tf && m.nhops >= FVP_MSG_HOPS)
		return;
	fvp_stage_pass(s, from, &m, p);
}

static void turn(struct fvp_stage *s)
{
	uint8_t *f;
	size_t n;
	int r;

	if (s->role->endpoint) {
		r = fvp_rx_poll(&s->chan_rx, &s->chan_in, &f, &n);
		s->st->chunks += r > 0;
		if (r == 2) {
			fvp_endpoint_frame(s, f, n);
			free(f);
		}
	}
	for (size_t k = 0; k < s->nrx; k++) {
		r = fvp_rx_poll(&s->rx[k].rx, &s->rx[k].a, &f, &n);
		s->st->chunks += r > 0;
		if (r < 0)
			s->st->bad++;
		if (r == 2) {
			arrived(s, &s->rx[k], f, n);
			free(f);
		}
	}
	s->st->lost = s->chan_rx.lost;
	for (size_t k = 0; k < s->nrx; k++)
		s->st->lost += s->rx[k].rx.lost;
	for (size_t k = 0; k < s->ntx; k++) {
		r = fvp_tx_step(&s->tx[k].tx, &s->tx[k].a);
		s->st->chunks += r > 0;
		s->st->bad += r < 0;
	}
	if (s->role->endpoint) {
		fvp_endpoint_step(s);
		r = fvp_tx_step(&s->chan_tx, &s->chan_out);
		s->st->chunks += r > 0;
		s->st->bad += r < 0;
	}
}

static void stage_free(void *arg)
{
	struct fvp_stage *s = arg;

	for (size_t k = 0; s->rx && k < s->nrx; k++)
		fvp_rx_free(&s->rx[k].rx);
	for (size_t k = 0; s->tx && k < s->ntx; k++)
		fvp_tx_free(&s->tx[k].tx);
	fvp_rx_free(&s->chan_rx);
	fvp_tx_free(&s->chan_tx);
	fvp_endpoint_free(s);
	free(s->rx);
	free(s->tx);
	free(s->seen);
	s->t->stage[s->v->index] = NULL;
	free(s);
}

/* Runs until the vCPU is stopped: the thread then ends inside fvp_wfi,
 * and the cleanup handler frees what the stage holds. */
void fvp_program_stage(struct fvp_vcpu *v)
{
	struct fvp_traffic *t = v->arg;
	struct fvp_stage *s;

	if (t == NULL || (s = calloc(1, sizeof *s)) == NULL)
		return;
	s->v = v;
	s->t = t;
	s->role = &t->plan->role[v->index];
	s->self = t->pol->ir->realms[v->index].name;
	s->st = &t->stats[v->index];
	s->tf = fvp_stage_transform(v->program_name);
	s->forward = !s->role->endpoint || s->role->echo;
	t->stage[v->index] = s;
	pthread_cleanup_push(stage_free, s);
	if (setup(s) == 0)
		for (;;) {
			turn(s);
			fvp_wfi(v);
		}
	pthread_cleanup_pop(1);
}
