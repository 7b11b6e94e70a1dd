/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * deadend.c -- the plan's check before deploying (plan.h): can all
 * of the tenant's data that enters the pipeline come back?
 *
 * A Realm is useful when what it writes can reach the tenant: it is an
 * endpoint, or it writes a protected region that a useful Realm (or a
 * sink: an untrusted Realm, or `any`) reads. A Realm that gets the
 * tenant's data and is not useful is a dead end: nothing of what it
 * does can come back, and the run could only time out. So each dead end
 * is refused, named in the policy's terms where the data stops: the
 * Realm that passes nothing on, the region it gets the data through,
 * and what to change. Sinks are not dead ends: the policy hands data to
 * them on purpose. A useful Realm that also writes a region nobody else
 * reads loses only that copy. Notes say what the run does not check.
 */
#define _GNU_SOURCE 1   /* vasprintf */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "policy.h"
#include "realm.h"

struct dead {
	struct fvp_plan *p;
	const mica_ir *ir;
	uint8_t *useful, *reached, *dead, *covered;
};

static int any_reads(const mica_ir *ir, uint32_t g)
{
	const mica_ir_region *rg = &ir->regions[g];

	for (uint32_t a = 0; a < rg->naccesses; a++)
		if (rg->accesses[a].subject == MICA_IR_ANY &&
		    (rg->accesses[a].rights & MICA_R))
			return 1;
	return 0;
}

/* Named readers of g other than w, and how many are useful. */
static uint32_t readers(const struct dead *d, uint32_t g, uint32_t w,
			uint32_t *useful)
{
	uint32_t n = 0;

	*useful = 0;
	for (uint32_t i = 0; i < d->ir->nrealms; i++)
		if (i != w && fvp_maps(d->ir, i, g, MICA_R)) {
			n++;
			*useful += d->useful[i];
		}
	return n;
}

static int writes(const mica_ir *ir, uint32_t w, uint32_t g)
{
	return ir->regions[g].kind == MICA_PROTECTED && fvp_maps(ir, w, g, MICA_W);
}

static void mark_useful(struct dead *d)
{
	const mica_ir *ir = d->ir;
	int grew = 1;

	for (uint32_t i = 0; i < ir->nrealms; i++)
		d->useful[i] = d->p->role[i].endpoint ||
			       ir->realms[i].trust == MICA_UNTRUSTED;
	while (grew) {
		grew = 0;
		for (uint32_t i = 0; i < ir->nrealms; i++)
			for (uint32_t g = 0; !d->useful[i] && g < ir->nregions; g++) {
				uint32_t u;

				if (!writes(ir, i, g))
					continue;
				readers(d, g, i, &u);
				if (u || any_reads(ir, g)) {
					d->useful[i] = 1;
					grew = 1;
				}
			}
	}
}

/* Does z pass anything on to a reader? */
static int terminal(const struct dead *d, uint32_t z)
{
	for (uint32_t g = 0; g < d->ir->nregions; g++) {
		uint32_t u;

		if (writes(d->ir, z, g) &&
		    (readers(d, g, z, &u) || any_reads(d->ir, g)))
			return 0;
	}
	return 1;
}

/* What to change in realm z so that what reaches it can come back. */
static void advice(const struct dead *d, uint32_t z, char *buf, size_t cap)
{
	const mica_ir *ir = d->ir;
	const char *name = ir->realms[z].name;
	struct fvp_window w[FVP_MAX_WINDOWS];
	size_t n = fvp_windows(ir, z, w, FVP_MAX_WINDOWS);

	if (ir->realms[z].trust != MICA_TRUSTED) {
		snprintf(buf, cap, "let '%s' write a region that a Realm with "
			 "an unprotected window reads", name);
		return;
	}
	for (size_t k = 0; k < n; k++)
		if (!w[k].protected_) {
			snprintf(buf, cap, "give '%s' both r and w on '%s' (it "
				 "maps it %s only)", name,
				 ir->regions[w[k].region].name,
				 w[k].rights == MICA_R ? "read" : "write");
			return;
		}
	snprintf(buf, cap, "add an unprotected window to '%s'", name);
}

/* The first trusted realm among the dead realms z reaches, else z. */
static uint32_t fixable(const struct dead *d, uint32_t z, uint8_t *mark)
{
	const mica_ir *ir = d->ir;
	uint32_t *list = malloc(ir->nrealms * sizeof *list), n = 1, best = z;

	if (list == NULL)
		return z;
	list[0] = z;
	mark[z] = 1;
	for (uint32_t q = 0; q < n; q++)
		for (uint32_t g = 0; g < ir->nregions; g++) {
			if (!writes(ir, list[q], g))
				continue;
			for (uint32_t i = 0; i < ir->nrealms; i++)
				if (d->dead[i] && !mark[i] &&
				    fvp_maps(ir, i, g, MICA_R)) {
					mark[i] = 1;
					list[n++] = i;
				}
		}
	for (uint32_t q = n; q-- > 0;)
		if (ir->realms[list[q]].trust == MICA_TRUSTED)
			best = list[q];
	free(list);
	return best;
}

/* A reached writer outside the marked realms of a region that one of
 * them (*reader) reads, or UINT32_MAX. */
static uint32_t into(const struct dead *d, const uint8_t *mark,
		     uint32_t *region, uint32_t *reader)
{
	const mica_ir *ir = d->ir;

	for (uint32_t g = 0; g < ir->nregions; g++)
		for (uint32_t w = 0; w < ir->nrealms; w++) {
			if (!d->reached[w] || mark[w] || !writes(ir, w, g))
				continue;
			for (uint32_t z = 0; z < ir->nrealms; z++)
				if (mark[z] && fvp_maps(ir, z, g, MICA_R)) {
					*region = g;
					*reader = z;
					return w;
				}
		}
	return UINT32_MAX;
}

/* A protected region w writes that no other realm (nor any) reads, or
 * UINT32_MAX. */
static uint32_t unread(const struct dead *d, uint32_t w)
{
	for (uint32_t g = 0; g < d->ir->nregions; g++) {
		uint32_t u;

		if (writes(d->ir, w, g) && !any_reads(d->ir, g) &&
		    readers(d, g, w, &u) == 0)
			return g;
	}
	return UINT32_MAX;
}

/* One sentence for each dead realm that passes nothing on: where the
 * data stops. The dead realms that feed it need no sentence of their
 * own. */
static int report(struct dead *d)
{
	const mica_ir *ir = d->ir;
	struct fvp_plan *p = d->p;
	char fix[256];

	for (uint32_t z = 0; z < ir->nrealms; z++) {
		uint32_t g = unread(d, z), w = UINT32_MAX, u = 0;
		int rc;

		if (!d->dead[z] || !terminal(d, z))
			continue;
		if (g != UINT32_MAX) {
			if (fvp_plan_say(&p->problem, &p->nproblems, "'%s' writes "
					 "'%s', but no Realm reads '%s': let a Realm "
					 "that can send to the tenant read it",
					 ir->realms[z].name, ir->regions[g].name,
					 ir->regions[g].name))
				return -1;
			continue;
		}
		/* The way in: a region whose readers are all dead first. */
		for (uint32_t h = 0; h < ir->nregions; h++)
			for (uint32_t x = 0; x < ir->nrealms; x++) {
				uint32_t useful;

				if (x == z || !d->reached[x] || !writes(ir, x, h) ||
				    !fvp_maps(ir, z, h, MICA_R))
					continue;
				readers(d, h, x, &useful);
				if (w == UINT32_MAX || (u && !useful)) {
					w = x;
					g = h;
					u = useful;
				}
			}
		if (w == UINT32_MAX)
			continue;
		advice(d, z, fix, sizeof fix);
		if (u == 0)
			rc = fvp_plan_say(&p->problem, &p->nproblems, "'%s' writes "
					  "'%s', but no Realm that reads '%s' can "
					  "send to the tenant: %s", ir->realms[w].name,
					  ir->regions[g].name, ir->regions[g].name,
					  fix);
		else
			rc = fvp_plan_say(&p->problem, &p->nproblems, "'%s' reads "
					  "'%s' from '%s', but nothing '%s' writes "
					  "can reach the tenant: %s", ir->realms[z].name,
					  ir->regions[g].name, ir->realms[w].name,
					  ir->realms[z].name, fix);
		if (rc)
			return -1;
	}
	return 0;
}

/* Dead realms that only pass data round among themselves, with no
 * realm below them that passes nothing on: a sentence per group. */
static int circles(struct dead *d)
{
	const mica_ir *ir = d->ir;
	uint8_t *mark = calloc(ir->nrealms, 1);
	int rc = 0;

	if (mark == NULL)
		return -1;
	for (uint32_t z = 0; z < ir->nrealms && rc == 0; z++) {
		uint32_t g, w, at, fix_at;
		int ends = 0;
		char fix[256];

		if (!d->dead[z] || d->covered[z])
			continue;
		memset(mark, 0, ir->nrealms);
		fix_at = fixable(d, z, mark);
		for (uint32_t i = 0; i < ir->nrealms; i++)
			if (mark[i]) {
				ends |= terminal(d, i);
				d->covered[i] = 1;
			}
		if (ends || (w = into(d, mark, &g, &at)) == UINT32_MAX)
			continue;
		advice(d, fix_at, fix, sizeof fix);
		rc = fvp_plan_say(&d->p->problem, &d->p->nproblems,
				  "'%s' reads '%s' from '%s', but what reaches it "
				  "only goes round among Realms that cannot send "
				  "to the tenant: %s", ir->realms[at].name,
				  ir->regions[g].name, ir->realms[w].name, fix);
	}
	free(mark);
	return rc;
}

static int notes(struct dead *d)
{
	const mica_ir *ir = d->ir;
	struct fvp_plan *p = d->p;

	for (uint32_t i = 0; i < ir->nrealms; i++) {
		if (!d->reached[i] && !p->role[i].endpoint &&
		    fvp_plan_say(&p->note, &p->nnotes, "'%s' gets none of the "
				 "tenant's input: no Realm that gets it writes a "
				 "region '%s' reads", ir->realms[i].name,
				 ir->realms[i].name))
			return -1;
		uint32_t g = unread(d, i);

		if (d->reached[i] && !d->dead[i] && g != UINT32_MAX &&
		    fvp_plan_say(&p->note, &p->nnotes, "'%s' also writes '%s', "
				 "which no other Realm reads; the run does not "
				 "check what it writes there", ir->realms[i].name,
				 ir->regions[g].name))
			return -1;
		if (d->reached[i] && ir->realms[i].trust == MICA_UNTRUSTED &&
		    fvp_plan_say(&p->note, &p->nnotes, "'%s' is untrusted: what "
				 "reaches it is as good as public; the run does "
				 "not check it", ir->realms[i].name))
			return -1;
	}
	for (uint32_t g = 0; g < ir->nregions; g++) {
		int fed = 0;

		for (uint32_t w = 0; w < ir->nrealms; w++)
			fed |= d->reached[w] && writes(ir, w, g);
		if (fed && any_reads(ir, g) &&
		    fvp_plan_say(&p->note, &p->nnotes, "'%s' is also read by "
				 "Realms of other policies (any); the run does "
				 "not check what they get", ir->regions[g].name))
			return -1;
	}
	return 0;
}

int fvp_plan_deadends(struct fvp_plan *p)
{
	const mica_ir *ir = p->ir;
	uint32_t nr = ir->nrealms;
	struct dead d = { p, ir, calloc(nr, 1), calloc(nr, 1), calloc(nr, 1),
			  calloc(nr, 1) };
	int rc = -1;

	if (d.useful && d.reached && d.dead && d.covered) {
		mark_useful(&d);
		for (uint32_t k = 0; k < p->nep; k++)
			for (uint32_t i = 0; i < nr; i++)
				d.reached[i] |= p->reached[(size_t)k * nr + i];
		for (uint32_t i = 0; i < nr; i++)
			d.dead[i] = d.reached[i] && !d.useful[i];
		rc = report(&d) || circles(&d) || notes(&d) ? -1 : 0;
	}
	free(d.useful);
	free(d.reached);
	free(d.dead);
	free(d.covered);
	return rc;
}

int fvp_plan_say(char ***list, size_t *n, const char *fmt, ...)
{
	char **grown = realloc(*list, (*n + 1) * sizeof **list);
	va_list ap;
	int rc;

	if (grown == NULL)
		return -1;
	*list = grown;
	va_start(ap, fmt);
	rc = vasprintf(&grown[*n], fmt, ap);
	va_end(ap);
	if (rc < 0)
		return -1;
	(*n)++;
	return 0;
}
