/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * forward.c -- how a stage passes a message on (stage.h): each message
 * once (by its origin and checksum, so data that comes round a cycle
 * stops), unchanged or through the stage's bundled transform, to every
 * slot the Realm writes; and the model's record of who got whose input.
 * Both the stage program (stage.c) and an endpoint (endpoint.c) pass
 * messages on.
 */
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "plan.h"
#include "stage.h"

void fvp_stage_got(struct fvp_stage *s, const uint8_t origin[32])
{
	const struct fvp_plan *p = s->t->plan;

	for (uint32_t k = 0; k < p->nep; k++)
		if (memcmp(s->t->origin[k], origin, 32) == 0)
			s->t->got[(size_t)k * p->ir->nrealms + s->v->index] = 1;
}

/* emit(): the transform's output, to the slots of `region` (NULL: all). */
static void emit(void *ctx, const char *region, const uint8_t *p, size_t n)
{
	struct fvp_stage *s = ctx;
	const mica_ir *ir = s->t->pol->ir;

	for (size_t k = 0; k < s->ntx; k++) {
		struct fvp_msg m = *s->in;
		uint8_t *f;
		size_t fn;

		if (region && strcmp(ir->regions[s->tx[k].region].name, region))
			continue;
		m.seq = s->tx[k].tx.seq + 1;
		m.len = n;
		fvp_msg_hop(&m, s->self);
		if (n > FVP_FRAME_MAX - FVP_MSG_HDR ||
		    (f = fvp_frame(&m, p, &fn)) == NULL ||
		    fvp_tx_push(&s->tx[k].tx, f, fn) != 0) {
			s->st->bad++;
			continue;
		}
		s->st->msgs_out++;
		s->st->bytes_out += n;
	}
}

void fvp_stage_pass(struct fvp_stage *s, const char *from,
		    const struct fvp_msg *m, const uint8_t *p)
{
	uint8_t key[64], (*grown)[64];

	memcpy(key, m->origin, 32);
	memcpy(key + 32, m->sum, 32);
	for (size_t k = 0; k < s->nseen; k++)
		if (memcmp(s->seen[k], key, 64) == 0)
			return;   /* passed on already */
	grown = realloc(s->seen, (s->nseen + 1) * sizeof *s->seen);
	if (grown == NULL)
		return;
	s->seen = grown;
	memcpy(s->seen[s->nseen++], key, 64);
	s->in = m;
	if (s->tf)
		s->tf(from ? from : "", p, m->len, emit, s);
	else
		emit(s, NULL, p, m->len);
}
