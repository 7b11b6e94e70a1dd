/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * plan.c -- what a policy makes of a run (plan.h), worked out from
 * the policy alone before anything is deployed.
 *
 * Endpoints: the tenant talks to every trusted Realm that can both read
 * and write unprotected memory (its channel); each gets the tenant's
 * input and sends results back. Without any, the tenant talks to the
 * entry Realm (the first trusted Realm, else the first Realm) through
 * the model's mailbox.
 *
 * Slots: every named writer of a region owns an equal slot of it, in
 * the order of the region's access lines, so that writers never write
 * over each other. An unprotected region is cut into two parts per
 * named subject: the in part and the out part of a channel.
 *
 * Reach: a Realm that reads the tenant's input passes it on to every
 * protected region it writes, and so to every Realm that reads one; an
 * endpoint waits for one message per endpoint input that reaches the
 * writer of each slot it reads.
 */
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "policy.h"
#include "realm.h"

int fvp_plan_slot(const mica_ir *ir, uint32_t g, uint32_t w, uint64_t *off,
		  uint64_t *size)
{
	const mica_ir_region *rg = &ir->regions[g];
	uint32_t n = 0, mine = UINT32_MAX;

	for (uint32_t a = 0; a < rg->naccesses; a++)
		if (rg->accesses[a].subject < ir->nrealms &&
		    (rg->accesses[a].rights & MICA_W)) {
			if (rg->accesses[a].subject == w)
				mine = n;
			n++;
		}
	if (mine == UINT32_MAX)
		return -1;
	*size = (rg->size / n) & ~63ull;
	*off = mine * *size;
	return 0;
}

/* Part 2k (in) or 2k + 1 (out) of unprotected region g, k the place of
 * realm i among its named subjects. */
static void part(const mica_ir *ir, uint32_t g, uint32_t i, int out,
		 uint64_t *off, uint64_t *size)
{
	const mica_ir_region *rg = &ir->regions[g];
	uint32_t n = 0, k = 0;

	for (uint32_t a = 0; a < rg->naccesses; a++)
		if (rg->accesses[a].subject < ir->nrealms) {
			if (rg->accesses[a].subject == i)
				k = n;
			n++;
		}
	*size = (rg->size / (2 * n)) & ~63ull;
	*off = (2 * k + (unsigned)out) * *size;
}

/* A trusted realm's channel: its first unprotected window with both
 * rights, else its first readable one in and its first writable one
 * out. */
static int channel(const mica_ir *ir, uint32_t i, struct fvp_role *ro)
{
	struct fvp_window w[FVP_MAX_WINDOWS];
	size_t n = fvp_windows(ir, i, w, FVP_MAX_WINDOWS), in = n, out = n;

	if (ir->realms[i].trust != MICA_TRUSTED)
		return 0;
	for (size_t k = 0; k < n; k++) {
		if (w[k].protected_)
			continue;
		if (w[k].rights == MICA_RW) {
			in = out = k;
			break;
		}
		if ((w[k].rights & MICA_R) && in == n)
			in = k;
		if ((w[k].rights & MICA_W) && out == n)
			out = k;
	}
	if (in == n || out == n)
		return 0;
	ro->in_region = w[in].region;
	ro->out_region = w[out].region;
	part(ir, ro->in_region, i, 0, &ro->in_off, &ro->in_size);
	part(ir, ro->out_region, i, 1, &ro->out_off, &ro->out_size);
	return 1;
}

/* Is realm i's program a bundled example's entry program? Those keep
 * their own behaviour: no echo, and what they collect stays theirs. */
static int bundled_entry(const struct fvp_policy *pol, uint32_t i)
{
	const char *prog = pol->img[i].program;

	return strchr(prog, '/') != NULL && fvp_program_is_entry(prog);
}

/* Marks in seen, and appends to list, every realm the data of `from`
 * reaches; non-forwarding endpoints stop it. */
static void spread(const struct fvp_plan *p, uint8_t *seen, uint32_t *list,
		   uint32_t *n)
{
	const mica_ir *ir = p->ir;

	for (uint32_t q = 0; q < *n; q++) {
		uint32_t at = list[q];

		if (q > 0 && p->role[at].endpoint && !p->role[at].echo)
			continue;
		for (uint32_t g = 0; g < ir->nregions; g++) {
			if (ir->regions[g].kind != MICA_PROTECTED ||
			    !fvp_maps(ir, at, g, MICA_W))
				continue;
			for (uint32_t i = 0; i < ir->nrealms; i++)
				if (!seen[i] && i != at &&
				    fvp_maps(ir, i, g, MICA_R)) {
					seen[i] = 1;
					list[(*n)++] = i;
				}
		}
	}
}

static int entry_of(const mica_ir *ir)
{
	for (uint32_t i = 0; i < ir->nrealms; i++)
		if (ir->realms[i].trust == MICA_TRUSTED)
			return (int)i;
	return 0;
}

int fvp_plan_build(struct fvp_plan *p, const struct fvp_policy *pol)
{
	const mica_ir *ir = pol->ir;
	uint32_t nr = ir->nrealms, n = 0;
	uint8_t *seen;

	memset(p, 0, sizeof *p);
	p->ir = ir;
	if (nr == 0)
		return fvp_plan_say(&p->problem, &p->nproblems, "the policy "
				    "declares no Realm: there is nothing to deploy "
				    "or attest; declare the Realms of the workflow");
	p->role = calloc(nr, sizeof *p->role);
	p->ep = calloc(nr, sizeof *p->ep);
	p->order = calloc(nr, sizeof *p->order);
	p->reached = calloc((size_t)nr * nr, 1);
	seen = calloc(nr, 1);
	if (!p->role || !p->ep || !p->order || !p->reached || !seen) {
		free(seen);
		return -1;
	}
	for (uint32_t i = 0; i < nr; i++)
		if ((p->role[i].channel = channel(ir, i, &p->role[i])))
			p->ep[p->nep++] = i;
	if (p->nep == 0) {
		p->mailbox = 1;
		p->ep[p->nep++] = (uint32_t)entry_of(ir);
	}
	for (uint32_t k = 0; k < p->nep; k++) {
		struct fvp_role *ro = &p->role[p->ep[k]];

		ro->endpoint = 1;
		ro->echo = !bundled_entry(pol, p->ep[k]);
	}
	/* What each endpoint's input reaches. */
	for (uint32_t k = 0; k < p->nep; k++) {
		uint8_t *r = p->reached + (size_t)k * nr;
		uint32_t m = 1;

		p->order[0] = p->ep[k];
		r[p->ep[k]] = 1;
		spread(p, r, p->order, &m);
	}
	/* The schedule: endpoints, the flow from them, then the rest. */
	for (uint32_t k = 0; k < p->nep; k++) {
		seen[p->ep[k]] = 1;
		p->order[n++] = p->ep[k];
	}
	for (uint32_t q = 0; q < n; q++)
		for (uint32_t g = 0; g < ir->nregions; g++) {
			if (ir->regions[g].kind != MICA_PROTECTED ||
			    !fvp_maps(ir, p->order[q], g, MICA_W))
				continue;
			for (uint32_t i = 0; i < nr; i++)
				if (!seen[i] && fvp_maps(ir, i, g, MICA_R)) {
					seen[i] = 1;
					p->order[n++] = i;
				}
		}
	for (uint32_t i = 0; i < nr; i++)
		if (!seen[i])
			p->order[n++] = i;
	free(seen);
	return fvp_plan_deadends(p);
}

void fvp_plan_free(struct fvp_plan *p)
{
	for (size_t k = 0; k < p->nproblems; k++)
		free(p->problem[k]);
	for (size_t k = 0; k < p->nnotes; k++)
		free(p->note[k]);
	free(p->problem);
	free(p->note);
	free(p->role);
	free(p->ep);
	free(p->order);
	free(p->reached);
	memset(p, 0, sizeof *p);
}

uint32_t fvp_plan_expect(const struct fvp_plan *p, uint32_t x, uint32_t g,
			 uint32_t w)
{
	const mica_ir *ir = p->ir;
	uint32_t n = 0;

	if (w == x || ir->regions[g].kind != MICA_PROTECTED ||
	    !fvp_maps(ir, x, g, MICA_R) || !fvp_maps(ir, w, g, MICA_W))
		return 0;
	for (uint32_t k = 0; k < p->nep; k++)
		n += p->reached[(size_t)k * ir->nrealms + w];
	return n;
}

uint32_t fvp_plan_results(const struct fvp_plan *p, uint32_t x)
{
	const mica_ir *ir = p->ir;
	uint32_t n = p->role[x].echo ? 1 : 0;

	for (uint32_t g = 0; g < ir->nregions; g++)
		for (uint32_t w = 0; w < ir->nrealms; w++)
			n += fvp_plan_expect(p, x, g, w);
	return n;
}

int fvp_plan_ep(const struct fvp_plan *p, uint32_t i)
{
	for (uint32_t k = 0; k < p->nep; k++)
		if (p->ep[k] == i)
			return (int)k;
	return -1;
}

