/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * run.c -- one seed from start to end (ni.h): a policy set generated
 * until every policy of it passes the checker, deployed on a fresh
 * machine, then walked with every invariant checked after each step.
 */
#include <stdlib.h>
#include <string.h>

#include "ni.h"

void ni_print_set(FILE *f, const struct ni_set *s)
{
	for (unsigned pi = 0; pi < s->npol; pi++) {
		fprintf(f, "--- policy %s (%s) ---\n", s->pol[pi].name,
			s->pol[pi].accepted ? "accepted" : "refused");
		fwrite(s->pol[pi].text, 1, s->pol[pi].textlen, f);
	}
}

int ni_run_seed(uint64_t seed, const uint8_t *data, size_t len,
		const struct ni_opts *o, struct ni_stats *st)
{
	static struct ni_lang lang;
	static int probed;
	struct ni_set *set = calloc(1, sizeof *set);
	struct ni_world *w = calloc(1, sizeof *w);
	struct ni_rng rng;
	int ok = 0, violations;

	if (set == NULL || w == NULL)
		abort();
	if (!probed) {
		ni_lang_probe(&lang);
		probed = 1;
	}
	if (data != NULL)
		ni_rng_data(&rng, data, len);
	else
		ni_rng_seed(&rng, seed);
	for (int tries = 0; tries < 200 && !ok; tries++) {
		ni_set_free(set);
		ni_gen_set(set, &rng, &lang);
		ok = ni_compile_set(set);
		st->sets++;
		st->accepted += (uint64_t)ok;
		for (unsigned pi = 0; pi < set->npol; pi++) {
			st->policies++;
			st->policies_accepted += (uint64_t)set->pol[pi].accepted;
			/* A few reasons for the summary, chosen without
			 * touching the run's choices. */
			if (!set->pol[pi].accepted && st->nwhy < 4 &&
			    (st->policies * 2654435761u) % 23 == 0)
				snprintf(st->why[st->nwhy++], sizeof st->why[0],
					 "%s", set->pol[pi].why);
		}
	}
	if (!ok) {
		ni_set_free(set);
		free(set);
		free(w);
		return 0;
	}
	if (ni_world_init(w, set, &rng, o, seed) != 0) {
		fprintf(o->out, "ni: cannot build the model machine\n");
		abort();
	}
	w->ripas_inst = -1;
	ni_deploy(w);
	ni_check(w, 1);
	for (w->step = 1; w->step <= o->steps && !w->stop; w->step++) {
		ni_walk_step(w);
		if (!w->stop)
			ni_check(w, o->full_every && w->step % o->full_every == 0);
	}
	if (!w->stop) {
		w->step_kind = NI_S_REALM;
		ni_check(w, 1);
	}
	st->steps += w->step - 1;
	st->rmi_calls += w->rmi_calls;
	st->exits += w->exits;
	st->realm_ops += w->realm_ops;
	st->instances += w->ninst;
	st->ended_open += (uint64_t)w->ended_open;
	for (int r = 0; r < NI_R_COUNT; r++) {
		for (int k = 0; k < NI_S_COUNT; k++)
			st->rule_hits[r][k] += w->rule_hits[r][k];
		if (w->first[r].found && !st->first[r].found)
			st->first[r] = w->first[r];
	}
	violations = w->violations;
	ni_world_free(w);
	ni_set_free(set);
	free(set);
	free(w);
	return violations;
}
