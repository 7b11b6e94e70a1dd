/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * memory.c -- how much of the model's physical memory a deployment
 * takes (plan.h), counted the way the host (host.c) hands granules
 * out, so that a policy that does not fit is refused before anything is
 * deployed, naming the size it needs.
 *
 * The host takes one scratch granule, then for each Realm: RmiRecRun,
 * RD, the starting RTT, one RTT per table its IPAs need at levels 1 to
 * 3 (its image and RAM, and every window it maps), the image and its
 * RAM pages and the REC; and one granule per page of every region,
 * shared by all the Realms that map it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "platform.h"
#include "policy.h"
#include "realm.h"

/* Tables at level 1, 2 and 3 cover 512 GiB, 1 GiB and 2 MiB. */
static const unsigned span_shift[4] = { 0, 39, 30, 21 };

struct tables {
	uint64_t *t;                /* (level << 62) | index */
	size_t n, cap;
};

static int add_range(struct tables *tb, uint64_t lo, uint64_t hi)
{
	for (unsigned l = 1; l <= 3; l++)
		for (uint64_t i = lo >> span_shift[l];
		     i <= (hi - 1) >> span_shift[l]; i++) {
			if (tb->n == tb->cap) {
				size_t cap = tb->cap ? 2 * tb->cap : 64;
				uint64_t *g = realloc(tb->t, cap * sizeof *g);

				if (g == NULL)
					return -1;
				tb->t = g;
				tb->cap = cap;
			}
			tb->t[tb->n++] = (uint64_t)l << 62 | i;
		}
	return 0;
}

static int cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* RTTs realm i needs below its starting one, or UINT64_MAX. */
static uint64_t rtts(const struct fvp_policy *pol, uint32_t i)
{
	struct fvp_window w[FVP_MAX_WINDOWS];
	size_t n = fvp_windows(pol->ir, i, w, FVP_MAX_WINDOWS), uniq = 0;
	struct tables tb = { NULL, 0, 0 };
	uint64_t base = pol->img[i].ipa;
	int rc = add_range(&tb, base, base + (1 + FVP_RAM_PAGES) * FVP_GRANULE);

	for (size_t k = 0; k < n && rc == 0; k++)
		rc = add_range(&tb, w[k].ipa, w[k].ipa + w[k].size);
	if (rc != 0) {
		free(tb.t);
		return UINT64_MAX;
	}
	qsort(tb.t, tb.n, sizeof *tb.t, cmp64);
	for (size_t k = 0; k < tb.n; k++)
		uniq += k == 0 || tb.t[k] != tb.t[k - 1];
	free(tb.t);
	return uniq;
}

uint64_t fvp_memory_need(const struct fvp_policy *pol)
{
	const mica_ir *ir = pol->ir;
	uint64_t need = 1;   /* the host's scratch granule */

	for (uint32_t i = 0; i < ir->nrealms; i++) {
		uint64_t t = rtts(pol, i);

		if (t == UINT64_MAX)
			return UINT64_MAX;
		/* run, RD, starting RTT, image + RAM, REC */
		need += 3 + t + (1 + FVP_RAM_PAGES) + 1;
	}
	for (uint32_t g = 0; g < ir->nregions; g++)
		need += ir->regions[g].size / FVP_GRANULE;
	return need;
}

const char *fvp_memory_text(uint64_t granules, char *buf, size_t cap)
{
	uint64_t kib = granules * (FVP_GRANULE / 1024);

	if (kib % (1024 * 1024) == 0)
		snprintf(buf, cap, "%llu GiB", (unsigned long long)(kib >> 20));
	else if (kib % 1024 == 0)
		snprintf(buf, cap, "%llu MiB", (unsigned long long)(kib >> 10));
	else if (kib < 1024)
		snprintf(buf, cap, "%llu KiB", (unsigned long long)kib);
	else
		snprintf(buf, cap, "%.1f MiB (%llu KiB)", (double)kib / 1024.0,
			 (unsigned long long)kib);
	return buf;
}

int fvp_memory_parse(const char *s, uint64_t *granules)
{
	static const struct {
		const char *unit;
		unsigned shift;
	} u[] = { { "", 0 }, { "B", 0 }, { "KiB", 10 }, { "MiB", 20 },
		  { "GiB", 30 } };
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtoull(s, &end, 0);
	while (*end == ' ')
		end++;
	for (size_t k = 0; k < sizeof u / sizeof u[0]; k++) {
		if (strcmp(end, u[k].unit) != 0)
			continue;
		if (v == 0 || v > (UINT64_MAX >> u[k].shift))
			return -1;
		v <<= u[k].shift;
		if (v % FVP_GRANULE != 0)
			return -1;
		*granules = v / FVP_GRANULE;
		return 0;
	}
	return -1;
}
