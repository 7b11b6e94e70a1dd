/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * s2tt.c -- the stage-2 translation tables as data: the entry encoding
 * (kind, RIPAS, output address and attributes; bit layout in
 * mica/rmm_context.h) and the walk from a Realm's root to the entry of an
 * IPA at a level. RTTs are real tables in RTT granules; these helpers
 * read and write them and decide nothing: the handlers in rtt.c,
 * mica_share.c and rec.c validate before they write.
 */
#include "rmm_int.h"

uint64_t mica_rmm_s2te_make(unsigned kind, unsigned ripas, uint64_t oa_attr)
{
	return (uint64_t)kind << MICA_S2_KIND_SHIFT |
	       (uint64_t)ripas << MICA_S2_RIPAS_SHIFT |
	       (oa_attr & (MICA_S2_OA_MASK | MICA_S2_ATTR_MASK));
}

unsigned mica_rmm_s2te_kind(uint64_t e)
{
	return (unsigned)(e >> MICA_S2_KIND_SHIFT) & 7u;
}

unsigned mica_rmm_s2te_ripas(uint64_t e)
{
	return (unsigned)(e >> MICA_S2_RIPAS_SHIFT) & 3u;
}

uint64_t mica_rmm_s2te_oa(uint64_t e)
{
	return e & MICA_S2_OA_MASK;
}

/* log2 of the size a level-`level` entry maps. */
unsigned mica_rmm_lvl_shift(long level)
{
	return 12u + 9u * (unsigned)(3 - level);
}

void mica_rmm_rtt_walk(const struct mica_rmm *ctx, const struct mica_rmm_realm *r,
	      unsigned long ipa, int level, struct mica_rmm_rtt_walk *w)
{
	int l = r->rtt_level_start;
	/* The concatenated root RTTs act as one table. */
	unsigned long idx = ipa >> mica_rmm_lvl_shift(l);

	w->table = mica_rmm_pa_mem(ctx, r->rtt_base + (idx / RTT_ENTRIES) * GRANULE);
	w->index = (unsigned)(idx % RTT_ENTRIES);
	for (;;) {
		w->level = l;
		w->entry = mica_ld64(w->table + 8u * w->index);
		if (l >= level || mica_rmm_s2te_kind(w->entry) != MICA_S2_TABLE)
			return;
		w->table = mica_rmm_pa_mem(ctx, mica_rmm_s2te_oa(w->entry));
		l++;
		w->index = (unsigned)(ipa >> mica_rmm_lvl_shift(l)) % RTT_ENTRIES;
	}
}

void mica_rmm_rtt_write(struct mica_rmm_rtt_walk *w, uint64_t entry)
{
	mica_st64(w->table + 8u * w->index, entry);
	w->entry = entry;
}
