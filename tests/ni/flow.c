/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * flow.c -- the test's own reading of language.md section 4.5, from the
 * generator's model of a policy (ni.h). It shares no code with the
 * checker (src/check/flow.c): the walk judges the RMM with it, and the
 * checker is judged against it.
 *
 * Edges: a realm with `w` on a region -> the region; a region -> every
 * named realm with `r`. Sinks: the host (an unprotected region, or one
 * with a `host` line), `any` with `r`, an untrusted realm, and a realm
 * that may exit (not strict, or any `allow`). Trusted realms are reached
 * but not gone through: they declassify.
 */
#include <stdio.h>
#include <string.h>

#include "ni.h"

static int may_exit(const struct ni_realm *x)
{
	return !x->strict || x->hc_any || x->nimm || x->mmio || x->psci ||
	       x->ripas || x->paging;
}

int ni_reach(const struct ni_policy *p, unsigned d, uint8_t *reach,
	     char *why, size_t cap)
{
	unsigned queue[NI_MAXREALM], head = 0, tail = 0;
	int sink = 0;

	memset(reach, 0, NI_MAXREALM);
	reach[d] = 1;
	queue[tail++] = d;
	while (head < tail) {
		unsigned x = queue[head++];
		const struct ni_realm *rx = &p->realm[x];

		if (rx->trust == NI_TRUSTED)
			continue;
		if (rx->trust == NI_UNTRUSTED || may_exit(rx)) {
			if (!sink)
				snprintf(why, cap, "%s reaches %s, which %s",
					 p->realm[d].name, rx->name,
					 rx->trust == NI_UNTRUSTED ? "is untrusted"
					 : "may exit to the host");
			sink = 1;
		}
		for (unsigned g = 0; g < p->nregion; g++) {
			const struct ni_region *rg = &p->region[g];
			int writes = 0;

			for (unsigned k = 0; k < rg->nacc; k++)
				writes |= rg->acc[k].subj == (int)x &&
					  (rg->acc[k].rights & 2);
			if (!writes)
				continue;
			if (!rg->protected_ && !sink) {
				snprintf(why, cap, "%s reaches unprotected region "
					 "%s", p->realm[d].name, rg->name);
				sink = 1;
			}
			for (unsigned k = 0; k < rg->nacc; k++) {
				const struct ni_access *a = &rg->acc[k];

				if (!(a->rights & 1))
					continue;
				if (a->subj >= NI_SUBJ_ANY) {
					if (!sink)
						snprintf(why, cap, "%s reaches %s "
							 "through region %s",
							 p->realm[d].name,
							 a->subj == NI_SUBJ_ANY
							 ? "any" : "the host",
							 rg->name);
					sink = 1;
					continue;
				}
				if (!reach[a->subj]) {
					reach[a->subj] = 1;
					queue[tail++] = (unsigned)a->subj;
				}
			}
		}
	}
	return sink;
}
