/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rtt.c -- the stage-2 map's RMI handlers: RTT_CREATE / RTT_DESTROY,
 * unprotected mappings, RTT_READ_ENTRY, DATA_*, RIPAS, translation. The
 * tables themselves (walk, entry encoding) are s2tt.c's.
 *
 * Every handler validates its arguments and walks before it writes, so a
 * refused call writes nothing.
 */
#include <string.h>

#include "rmm_int.h"

#define PAGE_MASK (GRANULE - 1)

/* Is (ipa, level) a valid RTT_CREATE/RTT_DESTROY target for r: an RTT at
 * `level` below the root, covering an aligned block of the IPA space? */
static bool rtt_target_ok(const struct mica_rmm_realm *r, unsigned long ipa,
			  unsigned long level)
{
	return level > r->rtt_level_start && level <= 3 &&
	       (ipa >> r->s2sz) == 0 &&
	       (ipa & ((1ul << mica_rmm_lvl_shift((long)level - 1)) - 1)) == 0;
}

/* x1 = RD, x2 = RTT (DELEGATED), x3 = IPA, x4 = level of the new RTT. */
unsigned long mica_rmm_rmi_rtt_create(struct mica_rmm *ctx, const unsigned long *a,
			     unsigned long *ret)
{
	struct mica_rmm_realm *r = mica_rmm_realm_from_rd(ctx, a[0]);
	struct mica_granule *g = mica_rmm_find_granule(ctx, a[1], MICA_GRANULE_DELEGATED);
	unsigned long ipa = a[2], level = a[3];
	struct mica_rmm_rtt_walk w;
	uint64_t fill;
	uint8_t *t;

	(void)ret;
	if (r == NULL || g == NULL || !rtt_target_ok(r, ipa, level))
		return MICA_RMI_ERROR_INPUT;
	mica_rmm_rtt_walk(ctx, r, ipa, (int)level - 1, &w);
	if (w.level != (int)level - 1)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, w.level);
	if (mica_rmm_s2te_kind(w.entry) != MICA_S2_UNASSIGNED)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, level - 1);
	/* The new entries inherit the parent's RIPAS (a DESTROYED block
	 * stays DESTROYED when it is split). */
	fill = mica_rmm_s2te_make(MICA_S2_UNASSIGNED, mica_rmm_s2te_ripas(w.entry), 0);
	t = mica_rmm_granule_mem(ctx, g);
	for (unsigned i = 0; i < RTT_ENTRIES; i++)
		mica_st64(t + 8u * i, fill);
	mica_rmm_rtt_write(&w, mica_rmm_s2te_make(MICA_S2_TABLE, 0, a[1]));
	g->state = MICA_GRANULE_RTT;
	g->owner = mica_rmm_realm_slot(ctx, r);
	r->num_rtts++;
	return MICA_RMI_SUCCESS;
}

/* x1 = RD, x2 = IPA, x3 = level of the RTT. Out: x1 = RTT PA, x2 = top. */
unsigned long mica_rmm_rmi_rtt_destroy(struct mica_rmm *ctx, const unsigned long *a,
			      unsigned long *ret)
{
	struct mica_rmm_realm *r = mica_rmm_realm_from_rd(ctx, a[0]);
	unsigned long ipa = a[1], level = a[2];
	struct mica_granule *g;
	struct mica_rmm_rtt_walk w;
	const uint8_t *t;
	uint64_t child;

	if (r == NULL || !rtt_target_ok(r, ipa, level))
		return MICA_RMI_ERROR_INPUT;
	mica_rmm_rtt_walk(ctx, r, ipa, (int)level - 1, &w);
	if (w.level != (int)level - 1)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, w.level);
	if (mica_rmm_s2te_kind(w.entry) != MICA_S2_TABLE)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, level - 1);
	child = mica_rmm_s2te_oa(w.entry);
	g = mica_rmm_find_granule(ctx, child, MICA_GRANULE_RTT);
	t = mica_rmm_granule_mem(ctx, g);
	for (unsigned i = 0; i < RTT_ENTRIES; i++)   /* live entries? */
		if (mica_rmm_s2te_kind(mica_ld64(t + 8u * i)) != MICA_S2_UNASSIGNED)
			return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, level);
	mica_rmm_granule_scrub(ctx, g);
	g->state = MICA_GRANULE_DELEGATED;
	g->owner = 0;
	r->num_rtts--;
	/* Whatever RIPAS RAM the block held is gone: DESTROYED, so the host
	 * cannot swap a Realm's memory by rebuilding its tables. */
	mica_rmm_rtt_write(&w, mica_rmm_s2te_make(MICA_S2_UNASSIGNED,
				mica_rmm_ipa_is_protected(r, ipa) ? MICA_RMI_DESTROYED
							 : MICA_RMI_EMPTY, 0));
	ret[0] = child;
	ret[1] = ipa + (1ul << mica_rmm_lvl_shift((long)level - 1));
	return MICA_RMI_SUCCESS;
}

/* A level-3 page at an aligned IPA of the wanted half of r's space. */
static bool page_ok(const struct mica_rmm_realm *r, unsigned long ipa,
		    bool protected)
{
	return (ipa & PAGE_MASK) == 0 && (ipa >> r->s2sz) == 0 &&
	       mica_rmm_ipa_is_protected(r, ipa) == protected;
}

/* Walks to the level-3 entry of ipa; returns 0 or the ERROR_RTT code. */
static unsigned long walk_page(const struct mica_rmm *ctx,
			       const struct mica_rmm_realm *r,
			       unsigned long ipa, struct mica_rmm_rtt_walk *w)
{
	mica_rmm_rtt_walk(ctx, r, ipa, 3, w);
	return w->level == 3 ? 0 : MICA_RMI_PACK(MICA_RMI_ERROR_RTT, w->level);
}

/* Is pa a granule the RMM tracks in a state other than NS (delegated,
 * an RD, REC, RTT, DATA or shared granule)? Such memory is Realm PAS: an
 * unprotected mapping of it would hand a Realm another Realm's data
 * wherever the platform trusts the IPA's half instead of the GPT. */
static bool managed(const struct mica_rmm *ctx, unsigned long pa)
{
	const struct mica_granule *g = mica_rmm_granule_at(ctx, pa);

	return g != NULL && g->state != MICA_GRANULE_NS;
}

/* x1 = RD, x2 = IPA, x3 = level (3), x4 = desc (MemAttr|S2AP|SH|OA). */
unsigned long mica_rmm_rmi_rtt_map_unprotected(struct mica_rmm *ctx,
				      const unsigned long *a, unsigned long *ret)
{
	struct mica_rmm_realm *r = mica_rmm_realm_from_rd(ctx, a[0]);
	unsigned long ipa = a[1], desc = a[3], st;
	struct mica_rmm_rtt_walk w;

	(void)ret;
	if (r == NULL || a[2] != 3 || !page_ok(r, ipa, false) ||
	    (desc & ~(MICA_S2_OA_MASK | MICA_S2_ATTR_MASK)) != 0 ||
	    managed(ctx, desc & MICA_S2_OA_MASK))
		return MICA_RMI_ERROR_INPUT;
	if ((st = walk_page(ctx, r, ipa, &w)) != 0)
		return st;
	if (mica_rmm_s2te_kind(w.entry) != MICA_S2_UNASSIGNED)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 3);
	/* Hook: strict Realms may map only what their policy lists. */
	st = mica_rmm_hook_map_unprotected(ctx, r, ipa, desc);
	if (st != MICA_RMI_SUCCESS)
		return st;
	mica_rmm_rtt_write(&w, mica_rmm_s2te_make(MICA_S2_ASSIGNED_NS, 0, desc));
	return MICA_RMI_SUCCESS;
}

/* x1 = RD, x2 = IPA, x3 = level (3). Out: x1 = top. */
unsigned long mica_rmm_rmi_rtt_unmap_unprotected(struct mica_rmm *ctx,
					const unsigned long *a,
					unsigned long *ret)
{
	struct mica_rmm_realm *r = mica_rmm_realm_from_rd(ctx, a[0]);
	unsigned long ipa = a[1], st;
	struct mica_rmm_rtt_walk w;

	if (r == NULL || a[2] != 3 || !page_ok(r, ipa, false))
		return MICA_RMI_ERROR_INPUT;
	if ((st = walk_page(ctx, r, ipa, &w)) != 0)
		return st;
	if (mica_rmm_s2te_kind(w.entry) != MICA_S2_ASSIGNED_NS)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 3);
	mica_rmm_rtt_write(&w, 0);
	ret[0] = ipa + GRANULE;
	return MICA_RMI_SUCCESS;
}

/* x1 = RD, x2 = IPA, x3 = level. Out: x1 = walk level, x2 = state,
 * x3 = desc, x4 = RIPAS. */
unsigned long mica_rmm_rmi_rtt_read_entry(struct mica_rmm *ctx, const unsigned long *a,
				 unsigned long *ret)
{
	struct mica_rmm_realm *r = mica_rmm_realm_from_rd(ctx, a[0]);
	unsigned long ipa = a[1], level = a[2];
	struct mica_rmm_rtt_walk w;

	if (r == NULL || level < r->rtt_level_start || level > 3 ||
	    (ipa >> r->s2sz) != 0 ||
	    (ipa & ((1ul << mica_rmm_lvl_shift((long)level)) - 1)) != 0)
		return MICA_RMI_ERROR_INPUT;
	mica_rmm_rtt_walk(ctx, r, ipa, (int)level, &w);
	ret[0] = (unsigned long)w.level;
	switch (mica_rmm_s2te_kind(w.entry)) {
	case MICA_S2_TABLE:
		ret[1] = MICA_RMI_TABLE;
		ret[2] = mica_rmm_s2te_oa(w.entry);
		break;
	case MICA_S2_ASSIGNED:
		ret[1] = MICA_RMI_ASSIGNED;
		ret[2] = mica_rmm_s2te_oa(w.entry);
		break;
	case MICA_S2_ASSIGNED_NS:
		ret[1] = MICA_RMI_ASSIGNED;
		ret[2] = w.entry & (MICA_S2_OA_MASK | MICA_S2_ATTR_MASK);
		break;
	case MICA_S2_SHARED:
		ret[1] = MICA_RMI_ASSIGNED;
		ret[2] = w.entry & (MICA_S2_OA_MASK | MICA_S2_AP_R | MICA_S2_AP_W);
		break;
	default:
		ret[1] = MICA_RMI_UNASSIGNED;
		ret[2] = 0;
	}
	ret[3] = mica_rmm_ipa_is_protected(r, ipa) ? mica_rmm_s2te_ripas(w.entry) : MICA_RMI_EMPTY;
	return MICA_RMI_SUCCESS;
}

/* Shared checks of DATA_CREATE and DATA_CREATE_UNKNOWN: an UNASSIGNED
 * protected page whose RIPAS is not DESTROYED. */
static unsigned long data_target(struct mica_rmm *ctx,
				 const struct mica_rmm_realm *r,
				 unsigned long ipa, struct mica_rmm_rtt_walk *w)
{
	unsigned long st = walk_page(ctx, r, ipa, w);

	if (st != 0)
		return st;
	if (mica_rmm_s2te_kind(w->entry) != MICA_S2_UNASSIGNED ||
	    mica_rmm_s2te_ripas(w->entry) == MICA_RMI_DESTROYED)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 3);
	return 0;
}

static void data_commit(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			struct mica_granule *g, struct mica_rmm_rtt_walk *w)
{
	g->state = MICA_GRANULE_DATA;
	g->owner = mica_rmm_realm_slot(ctx, r);
	mica_rmm_rtt_write(w, mica_rmm_s2te_make(MICA_S2_ASSIGNED, mica_rmm_s2te_ripas(w->entry),
			       mica_rmm_granule_pa(ctx, g) | MICA_S2_AP_R | MICA_S2_AP_W));
}

/* x1 = RD, x2 = DATA (DELEGATED), x3 = IPA, x4 = source (NS), x5 = flags. */
unsigned long mica_rmm_rmi_data_create(struct mica_rmm *ctx, const unsigned long *a,
			      unsigned long *ret)
{
	struct mica_rmm_realm *r = mica_rmm_realm_from_rd(ctx, a[0]);
	struct mica_granule *g = mica_rmm_find_granule(ctx, a[1], MICA_GRANULE_DELEGATED);
	const uint8_t *src = mica_rmm_ns_page(ctx, a[3]);
	uint8_t rim[MICA_RMM_DIGEST_MAX], *data;
	unsigned long ipa = a[2], flags = a[4], st;
	struct mica_rmm_rtt_walk w;

	(void)ret;
	if (r == NULL || g == NULL || src == NULL || !page_ok(r, ipa, true) ||
	    flags > MICA_RMI_MEASURE_CONTENT)
		return MICA_RMI_ERROR_INPUT;
	if (r->state != MICA_REALM_NEW)
		return MICA_RMI_ERROR_REALM;
	if ((st = data_target(ctx, r, ipa, &w)) != 0)
		return st;
	/* Copy first, then measure the copy (what the Realm will see). */
	data = mica_rmm_granule_mem(ctx, g);
	memcpy(data, src, GRANULE);
	memcpy(rim, r->meas[0], sizeof rim);
	if (mica_rmm_meas_data(r->hash_algo, rim, ipa, flags,
		      flags == MICA_RMI_MEASURE_CONTENT ? data : NULL) != 0) {
		mica_rmm_granule_scrub(ctx, g);
		return MICA_RMI_ERROR_INPUT;
	}
	memcpy(r->meas[0], rim, sizeof rim);
	data_commit(ctx, r, g, &w);
	return MICA_RMI_SUCCESS;
}

/* x1 = RD, x2 = DATA (DELEGATED, so zero), x3 = IPA. Unmeasured. */
unsigned long mica_rmm_rmi_data_create_unknown(struct mica_rmm *ctx,
				      const unsigned long *a,
				      unsigned long *ret)
{
	struct mica_rmm_realm *r = mica_rmm_realm_from_rd(ctx, a[0]);
	struct mica_granule *g = mica_rmm_find_granule(ctx, a[1], MICA_GRANULE_DELEGATED);
	unsigned long st;
	struct mica_rmm_rtt_walk w;

	(void)ret;
	if (r == NULL || g == NULL || !page_ok(r, a[2], true))
		return MICA_RMI_ERROR_INPUT;
	if ((st = data_target(ctx, r, a[2], &w)) != 0)
		return st;
	data_commit(ctx, r, g, &w);
	return MICA_RMI_SUCCESS;
}

/* x1 = RD, x2 = IPA. Out: x1 = DATA PA, x2 = top. */
unsigned long mica_rmm_rmi_data_destroy(struct mica_rmm *ctx, const unsigned long *a,
			       unsigned long *ret)
{
	struct mica_rmm_realm *r = mica_rmm_realm_from_rd(ctx, a[0]);
	unsigned long ipa = a[1], st;
	struct mica_granule *g;
	struct mica_rmm_rtt_walk w;
	unsigned ripas;

	if (r == NULL || !page_ok(r, ipa, true))
		return MICA_RMI_ERROR_INPUT;
	if ((st = walk_page(ctx, r, ipa, &w)) != 0)
		return st;
	if (mica_rmm_s2te_kind(w.entry) != MICA_S2_ASSIGNED)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 3);
	g = mica_rmm_find_granule(ctx, mica_rmm_s2te_oa(w.entry), MICA_GRANULE_DATA);
	mica_rmm_granule_scrub(ctx, g);
	g->state = MICA_GRANULE_DELEGATED;
	g->owner = 0;
	/* RAM that loses its page becomes DESTROYED: the Realm learns of it
	 * rather than finding fresh memory there. */
	ripas = mica_rmm_s2te_ripas(w.entry);
	mica_rmm_rtt_write(&w, mica_rmm_s2te_make(MICA_S2_UNASSIGNED,
				ripas == MICA_RMI_RAM ? MICA_RMI_DESTROYED
						      : ripas, 0));
	ret[0] = mica_rmm_granule_pa(ctx, g);
	ret[1] = ipa + GRANULE;
	return MICA_RMI_SUCCESS;
}

bool mica_rmm_ripas_range_ok(const struct mica_rmm_realm *r, unsigned long base,
			   unsigned long top)
{
	return base < top && ((base | top) & PAGE_MASK) == 0 &&
	       top <= (1ul << (r->s2sz - 1));
}

/* The end of the run of entries from w (in one level-3 RTT, below top)
 * that ok() accepts. */
static unsigned long ripas_run(const struct mica_rmm_rtt_walk *w, unsigned long base,
			       unsigned long top,
			       bool (*ok)(uint64_t e, unsigned flags),
			       unsigned flags)
{
	unsigned long addr = base;
	unsigned i = w->index;

	while (addr < top && i < RTT_ENTRIES &&
	       ok(mica_ld64(w->table + 8u * i), flags)) {
		addr += GRANULE;
		i++;
	}
	return addr;
}

static void ripas_apply(struct mica_rmm_rtt_walk *w, unsigned long base,
			unsigned long end, unsigned ripas)
{
	uint64_t e, mask = (uint64_t)3 << MICA_S2_RIPAS_SHIFT;
	unsigned i = w->index;

	for (unsigned long addr = base; addr < end; addr += GRANULE, i++) {
		e = mica_ld64(w->table + 8u * i);
		e = (e & ~mask) | (uint64_t)ripas << MICA_S2_RIPAS_SHIFT;
		mica_st64(w->table + 8u * i, e);
	}
}

static bool init_ok(uint64_t e, unsigned flags)
{
	(void)flags;
	return mica_rmm_s2te_kind(e) == MICA_S2_UNASSIGNED &&
	       mica_rmm_s2te_ripas(e) != MICA_RMI_DESTROYED;
}

/* x1 = RD, x2 = base, x3 = top. Out: x1 = top of what was set to RAM.
 * Works within one level-3 RTT per call; measured. */
unsigned long mica_rmm_rmi_rtt_init_ripas(struct mica_rmm *ctx, const unsigned long *a,
				 unsigned long *ret)
{
	struct mica_rmm_realm *r = mica_rmm_realm_from_rd(ctx, a[0]);
	unsigned long base = a[1], top = a[2], end, st;
	uint8_t rim[MICA_RMM_DIGEST_MAX];
	struct mica_rmm_rtt_walk w;

	if (r == NULL || !mica_rmm_ripas_range_ok(r, base, top))
		return MICA_RMI_ERROR_INPUT;
	if (r->state != MICA_REALM_NEW)
		return MICA_RMI_ERROR_REALM;
	if ((st = walk_page(ctx, r, base, &w)) != 0)
		return st;
	end = ripas_run(&w, base, top, init_ok, 0);
	if (end == base)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 3);
	memcpy(rim, r->meas[0], sizeof rim);
	if (mica_rmm_meas_ripas(r->hash_algo, rim, base, end) != 0)
		return MICA_RMI_ERROR_INPUT;
	memcpy(r->meas[0], rim, sizeof rim);
	ripas_apply(&w, base, end, MICA_RMI_RAM);
	ret[0] = end;
	return MICA_RMI_SUCCESS;
}

static bool set_ok(uint64_t e, unsigned flags)
{
	unsigned k = mica_rmm_s2te_kind(e);

	return (k == MICA_S2_UNASSIGNED || k == MICA_S2_ASSIGNED) &&
	       (mica_rmm_s2te_ripas(e) != MICA_RMI_DESTROYED ||
		(flags & MICA_RSI_CHANGE_DESTROYED) != 0);
}

/* x1 = RD, x2 = REC, x3 = base, x4 = top: the host carries out (part of)
 * the REC's pending RSI_IPA_STATE_SET. Out: x1 = top of what changed. */
unsigned long mica_rmm_rmi_rtt_set_ripas(struct mica_rmm *ctx, const unsigned long *a,
				unsigned long *ret)
{
	struct mica_rmm_realm *r = mica_rmm_realm_from_rd(ctx, a[0]);
	struct mica_rmm_rec *rec = mica_rmm_rec_from_pa(ctx, a[1]);
	unsigned long base = a[2], top = a[3], end, st;
	struct mica_rmm_rtt_walk w;

	if (r == NULL || rec == NULL)
		return MICA_RMI_ERROR_INPUT;
	if (&ctx->realm[rec->realm] != r || rec->pending != MICA_PEND_RIPAS)
		return MICA_RMI_ERROR_REC;
	if (!mica_rmm_ripas_range_ok(r, base, top) || base != rec->ripas_addr ||
	    top > rec->ripas_top)
		return MICA_RMI_ERROR_INPUT;
	if ((st = walk_page(ctx, r, base, &w)) != 0)
		return st;
	end = ripas_run(&w, base, top, set_ok, rec->ripas_flags);
	if (end == base)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 3);
	ripas_apply(&w, base, end, rec->ripas_value);
	rec->ripas_addr = end;
	ret[0] = end;
	return MICA_RMI_SUCCESS;
}

uint8_t *mica_rmm_realm_page(struct mica_rmm *ctx, const struct mica_rmm_realm *r,
		    unsigned long ipa)
{
	struct mica_rmm_rtt_walk w;

	if (!page_ok(r, ipa, true) || walk_page(ctx, r, ipa, &w) != 0 ||
	    mica_rmm_s2te_kind(w.entry) != MICA_S2_ASSIGNED ||
	    mica_rmm_s2te_ripas(w.entry) != MICA_RMI_RAM)
		return NULL;
	return mica_rmm_pa_mem(ctx, mica_rmm_s2te_oa(w.entry));
}

int mica_rmm_s2_translate(const struct mica_rmm *ctx, unsigned long rd,
			  unsigned long ipa, unsigned access,
			  unsigned long *pa, unsigned *pas)
{
	const struct mica_rmm_realm *r = mica_rmm_realm_from_rd(ctx, rd);
	unsigned space = MICA_RMM_PAS_REALM;
	struct mica_rmm_rtt_walk w;
	bool ok;

	if (r == NULL || access == 0 ||
	    (access & ~(unsigned)(MICA_S2_AP_R | MICA_S2_AP_W)) != 0 ||
	    (ipa >> r->s2sz) != 0)
		return -1;
	mica_rmm_rtt_walk(ctx, r, ipa & ~PAGE_MASK, 3, &w);
	if (w.level != 3 || (w.entry & access) != access)
		return -1;
	switch (mica_rmm_s2te_kind(w.entry)) {
	case MICA_S2_ASSIGNED:
		ok = mica_rmm_s2te_ripas(w.entry) == MICA_RMI_RAM;
		break;
	case MICA_S2_ASSIGNED_NS:
		space = MICA_RMM_PAS_NS;
		ok = true;   /* the entry's S2AP is the whole rule */
		break;
	case MICA_S2_SHARED:
		/* Only the Realm changes its RIPAS, and SHARE_MAP needs RAM;
		 * the check keeps the rule local all the same. */
		ok = mica_rmm_s2te_ripas(w.entry) == MICA_RMI_RAM;
		break;
	default:
		ok = false;
	}
	if (!ok)
		return -1;
	*pa = mica_rmm_s2te_oa(w.entry) | (ipa & PAGE_MASK);
	if (pas != NULL)
		*pas = space;
	return 0;
}

unsigned long mica_rmm_ripas_get(const struct mica_rmm *ctx,
			const struct mica_rmm_realm *r, unsigned long base,
			unsigned long top, unsigned *ripas)
{
	unsigned long end;
	struct mica_rmm_rtt_walk w;
	unsigned i;

	mica_rmm_rtt_walk(ctx, r, base, 3, &w);
	*ripas = mica_rmm_s2te_ripas(w.entry);
	if (w.level != 3) {   /* an unassigned block: one RIPAS throughout */
		end = (base | ((1ul << mica_rmm_lvl_shift(w.level)) - 1)) + 1;
		return end < top ? end : top;
	}
	for (end = base, i = w.index; end < top && i < RTT_ENTRIES; i++) {
		if (mica_rmm_s2te_ripas(mica_ld64(w.table + 8u * i)) != *ripas)
			break;
		end += GRANULE;
	}
	return end;
}
