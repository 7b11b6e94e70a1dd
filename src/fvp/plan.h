/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * plan.h -- what a policy makes of a run, worked out before anything is
 * deployed.
 *   plan.c     the Realms the tenant talks to, where each writer's slot
 *              lies, what reaches whom and what each exit waits for.
 *   deadend.c  the plan's check: data that could never come back, named in
 *              the policy's terms with advice.
 *   memory.c   how much of the model's memory a deployment takes.
 */
#ifndef MICA_FVP_PLAN_H
#define MICA_FVP_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "mica/ir.h"
#include "policy.h"

/* ---- plan.c, deadend.c: the run a policy makes ------------------------- */

struct fvp_role {
	int endpoint;               /* the tenant talks to it */
	int channel;                /* ... through its unprotected windows */
	int echo;                   /* a generic endpoint: sends its own
				     * input back and passes on what it
				     * collects (a bundled entry does not) */
	uint32_t in_region, out_region;   /* channel: its parts ... */
	uint64_t in_off, in_size, out_off, out_size;   /* ... in them */
	int useful;                 /* what it writes can reach the tenant */
};

struct fvp_plan {
	const mica_ir *ir;
	struct fvp_role *role;      /* per realm */
	uint32_t *ep, nep;          /* endpoints, policy order; ep[0] first */
	int mailbox;                /* no channel: the model carries ep[0]'s */
	uint32_t *order;            /* the host's schedule */
	uint8_t *reached;           /* [k * nrealms + i]: ep[k]'s input
				     * reaches realm i */
	char **problem;             /* dead ends, each a sentence */
	size_t nproblems;
	char **note;                /* what the run does not check */
	size_t nnotes;
};

int fvp_plan_build(struct fvp_plan *p, const struct fvp_policy *pol);
void fvp_plan_free(struct fvp_plan *p);
/* The slot of writer w in protected region g, relative to the region:
 * 0, or -1 when w does not write g. */
int fvp_plan_slot(const mica_ir *ir, uint32_t g, uint32_t w, uint64_t *off,
		  uint64_t *size);
/* Messages realm x, an endpoint, waits for from writer w in region g. */
uint32_t fvp_plan_expect(const struct fvp_plan *p, uint32_t x, uint32_t g,
			 uint32_t w);
/* Everything endpoint x sends back: its slots' messages and its echo. */
uint32_t fvp_plan_results(const struct fvp_plan *p, uint32_t x);
/* The endpoint index of realm i, or -1. */
int fvp_plan_ep(const struct fvp_plan *p, uint32_t i);
/* Adds the dead ends (deadend.c): 0, or -1 out of memory. */
int fvp_plan_deadends(struct fvp_plan *p);
/* Appends a formatted sentence to a list: 0 or -1. */
int fvp_plan_say(char ***list, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- memory.c ---------------------------------------------------------- */

/* Granules a deployment of pol takes from the model's memory. */
uint64_t fvp_memory_need(const struct fvp_policy *pol);
/* "256 MiB", "24.4 MiB", "12 KiB" for a number of granules. */
const char *fvp_memory_text(uint64_t granules, char *buf, size_t cap);
/* Parses SIZE (bytes, or with B, KiB, MiB, GiB) into granules: 0, or
 * -1 when it is not a multiple of 4 KiB, zero or not a size. */
int fvp_memory_parse(const char *s, uint64_t *granules);

#endif
