/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * instidx.c -- the index of region instances (ctx->inst, man/mica-rmm.7,
 * BOUNDS): for every instance some window maps pages of, one entry keyed
 * by the instance key (mica_rmm_window.inst) with the head of its ring of
 * windows and the counts the per-region rules read (Realms in it through
 * `any`, Realms in it as the named subject at each part index).
 *
 * Invariant (checked against a recount by tests/rmm/test_rmm_instidx.c):
 * an entry with key K exists iff some window has npages > 0 and inst K;
 * its nwin is the number of such windows, all in one ring through
 * head; nany is the number of Realms with such a window joined through
 * `any`; named[i] the number of Realms with such a window joined named
 * whose region's self is i. Maintained only where a window's npages
 * leaves or reaches 0 (SHARE_MAP's first page, SHARE_UNMAP's last; a
 * Realm is destroyed only with no shared page), so every read is
 * O(regions of one Realm) plus one probe, whatever the number of Realms.
 */
#include <string.h>

#include "rmm_int.h"

#define NINST (2u * MICA_RMM_MAX_INST)

static uint32_t inst_hash(const uint8_t key[MICA_REGION_KEY_SIZE])
{
	uint64_t h;

	memcpy(&h, key, sizeof h);   /* a digest already */
	h ^= h >> 29;
	return (uint32_t)(h % NINST);
}

/* The slot holding key, or the empty slot ending its probe sequence
 * (*found false); NINST if the table is full (cannot happen: at most
 * MICA_RMM_MAX_INST live entries). */
uint32_t mica_rmm_inst_find(const struct mica_rmm *ctx,
			    const uint8_t key[MICA_REGION_KEY_SIZE], bool *found)
{
	uint32_t i = inst_hash(key);

	*found = false;
	for (uint32_t n = 0; n < NINST; n++, i = (i + 1) % NINST) {
		const struct mica_rmm_inst *e = &ctx->inst[i];

		if (e->nwin == 0)
			return i;
		if (memcmp(e->key, key, sizeof e->key) == 0) {
			*found = true;
			return i;
		}
	}
	return NINST;
}

/* Empties slot i, moving back the later entries of its cluster whose home
 * is not cyclically in (i, j] (as idx_remove in mica_share.c). */
static void inst_remove(struct mica_rmm *ctx, uint32_t i)
{
	uint32_t j = i;

	for (uint32_t n = 0; n < NINST; n++) {
		uint32_t h;

		j = (j + 1) % NINST;
		if (ctx->inst[j].nwin == 0)
			break;
		h = inst_hash(ctx->inst[j].key);
		if (i <= j ? (i < h && h <= j) : (i < h || h <= j))
			continue;
		ctx->inst[i] = ctx->inst[j];
		i = j;
	}
	memset(&ctx->inst[i], 0, sizeof ctx->inst[i]);
}

/* Does Realm `me` have a window other than j with pages in instance
 * inst, joined the same way (and, named, at the same part index)? */
static bool realm_in(const struct mica_rmm *ctx, unsigned me, unsigned j,
		     const uint8_t *inst, bool any, unsigned self)
{
	const struct mica_rmm_policy *p = &ctx->realm[me].policy;

	for (unsigned i = 0; i < p->pol.nregions && i < MICA_POL_MAX_REGIONS; i++) {
		const struct mica_rmm_window *u = &p->win[i];

		if (i != j && u->npages != 0 && u->as_any == any &&
		    (any || p->pol.region[i].self == self) &&
		    memcmp(u->inst, inst, sizeof u->inst) == 0)
			return true;
	}
	return false;
}

static uint16_t *count_of(struct mica_rmm_inst *e, bool any, unsigned self)
{
	if (any)
		return &e->nany;
	return self < MICA_POL_MAX_PARTS ? &e->named[self] : NULL;
}

unsigned mica_rmm_inst_others(const struct mica_rmm *ctx, unsigned me,
			      unsigned j, const uint8_t *inst, bool named,
			      unsigned self)
{
	bool found;
	uint32_t i = mica_rmm_inst_find(ctx, inst, &found);
	const struct mica_rmm_inst *e;
	unsigned c;

	if (!found)
		return 0;
	e = &ctx->inst[i];
	if (!named)
		c = e->nany;
	else if (self < MICA_POL_MAX_PARTS)
		c = e->named[self];
	else
		return 0;
	/* The counts are of Realms, me included if another window of it
	 * is in: the rules count the Realms other than me. */
	if (c != 0 && realm_in(ctx, me, j, inst, !named, self))
		c--;
	return c;
}

void mica_rmm_inst_join(struct mica_rmm *ctx, unsigned me, unsigned j)
{
	struct mica_rmm_window *v = &ctx->realm[me].policy.win[j];
	unsigned self = ctx->realm[me].policy.pol.region[j].self;
	bool found;
	uint32_t i = mica_rmm_inst_find(ctx, v->inst, &found);
	struct mica_rmm_inst *e;
	uint16_t *c;

	if (i >= NINST)
		return;   /* cannot happen: SHARE_MAP checked for room */
	e = &ctx->inst[i];
	v->next_realm = (uint16_t)me;
	v->next_region = (uint8_t)j;
	if (!found) {
		memcpy(e->key, v->inst, sizeof e->key);
		e->head_realm = (uint16_t)me;
		e->head_region = (uint8_t)j;
	} else {
		/* Into the ring, right after its head. */
		struct mica_rmm_window *u =
			&ctx->realm[e->head_realm].policy.win[e->head_region];

		v->next_realm = u->next_realm;
		v->next_region = u->next_region;
		u->next_realm = (uint16_t)me;
		u->next_region = (uint8_t)j;
	}
	e->nwin++;
	c = count_of(e, v->as_any, self);
	if (c != NULL && !realm_in(ctx, me, j, v->inst, v->as_any, self))
		(*c)++;
}

/* Window j of `me` maps no page any more (its inst and as_any still
 * set): out of its ring and its counts; the entry goes with its last
 * window. The ring walk is O(windows of the instance). */
void mica_rmm_inst_leave(struct mica_rmm *ctx, unsigned me, unsigned j)
{
	struct mica_rmm_window *v = &ctx->realm[me].policy.win[j];
	unsigned self = ctx->realm[me].policy.pol.region[j].self;
	unsigned q = v->next_realm, i = v->next_region;
	bool found;
	uint32_t slot = mica_rmm_inst_find(ctx, v->inst, &found);
	struct mica_rmm_inst *e;
	uint16_t *c;

	for (unsigned n = 0; n < MICA_RMM_MAX_REALMS * MICA_POL_MAX_REGIONS &&
	     !(q == me && i == j); n++) {
		struct mica_rmm_window *u = &ctx->realm[q].policy.win[i];

		if (u->next_realm == me && u->next_region == j) {
			u->next_realm = v->next_realm;
			u->next_region = v->next_region;
			break;
		}
		q = u->next_realm;
		i = u->next_region;
	}
	if (found) {
		e = &ctx->inst[slot];
		if (e->head_realm == me && e->head_region == j) {
			e->head_realm = v->next_realm;
			e->head_region = v->next_region;
		}
		c = count_of(e, v->as_any, self);
		if (c != NULL && *c != 0 &&
		    !realm_in(ctx, me, j, v->inst, v->as_any, self))
			(*c)--;
		if (--e->nwin == 0)
			inst_remove(ctx, slot);
	}
	v->next_realm = 0;
	v->next_region = 0;
}
