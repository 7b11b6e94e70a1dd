/*
 * rtt.c -- the stage-2 map: RTT walk, RTT_CREATE / RTT_DESTROY,
 * unprotected mappings, RTT_READ_ENTRY, DATA_*, RIPAS, translation.
 *
 * RTTs are real tables in the RTT granules (entry encoding in mica/rmm.h).
 * Every handler validates its arguments and walks before it writes, so a
 * refused call writes nothing.
 */
#include <string.h>

#include "rmm_int.h"

#define PAGE_MASK (GRANULE - 1)

uint64_t s2te_make(unsigned kind, unsigned ripas, uint64_t oa_attr)
{
	return (uint64_t)kind << MICA_S2_KIND_SHIFT |
	       (uint64_t)ripas << MICA_S2_RIPAS_SHIFT |
	       (oa_attr & (MICA_S2_OA_MASK | MICA_S2_ATTR_MASK));
}

unsigned s2te_kind(uint64_t e)
{
	return (unsigned)(e >> MICA_S2_KIND_SHIFT) & 7u;
}

unsigned s2te_ripas(uint64_t e)
{
	return (unsigned)(e >> MICA_S2_RIPAS_SHIFT) & 3u;
}

uint64_t s2te_oa(uint64_t e)
{
	return e & MICA_S2_OA_MASK;
}

/* log2 of the size a level-`level` entry maps. */
static unsigned lvl_shift(long level)
{
	return 12u + 9u * (unsigned)(3 - level);
}

void rtt_walk(const struct mica_rmm *ctx, const struct mica_rmm_realm *r,
	      unsigned long ipa, int level, struct rtt_walk *w)
{
	int l = r->rtt_level_start;
	/* The concatenated root RTTs act as one table. */
	unsigned long idx = ipa >> lvl_shift(l);

	w->table = pa_mem(ctx, r->rtt_base + (idx / RTT_ENTRIES) * GRANULE);
	w->index = (unsigned)(idx % RTT_ENTRIES);
	for (;;) {
		w->level = l;
		w->entry = mica_ld64(w->table + 8u * w->index);
		if (l >= level || s2te_kind(w->entry) != MICA_S2_TABLE)
			return;
		w->table = pa_mem(ctx, s2te_oa(w->entry));
		l++;
		w->index = (unsigned)(ipa >> lvl_shift(l)) % RTT_ENTRIES;
	}
}

void rtt_write(struct rtt_walk *w, uint64_t entry)
{
	mica_st64(w->table + 8u * w->index, entry);
	w->entry = entry;
}

/* The realm slot of r, for granule owners. */
static uint16_t realm_slot(const struct mica_rmm *ctx,
			   const struct mica_rmm_realm *r)
{
	return (uint16_t)(r - ctx->realm);
}

/* Is (ipa, level) a valid RTT_CREATE/RTT_DESTROY target for r: an RTT at
 * `level` below the root, covering an aligned block of the IPA space? */
static bool rtt_target_ok(const struct mica_rmm_realm *r, unsigned long ipa,
			  unsigned long level)
{
	return level > r->rtt_level_start && level <= 3 &&
	       (ipa >> r->s2sz) == 0 &&
	       (ipa & ((1ul << lvl_shift((long)level - 1)) - 1)) == 0;
}

/* x1 = RD, x2 = RTT (DELEGATED), x3 = IPA, x4 = level of the new RTT. */
unsigned long rmi_rtt_create(struct mica_rmm *ctx, const unsigned long *a,
			     unsigned long *ret)
{
	struct mica_rmm_realm *r = realm_from_rd(ctx, a[0]);
	struct mica_granule *g = find_granule(ctx, a[1], MICA_GRANULE_DELEGATED);
	unsigned long ipa = a[2], level = a[3];
	struct rtt_walk w;
	uint64_t fill;
	uint8_t *t;

	(void)ret;
	if (r == NULL || g == NULL || !rtt_target_ok(r, ipa, level))
		return MICA_RMI_ERROR_INPUT;
	rtt_walk(ctx, r, ipa, (int)level - 1, &w);
	if (w.level != (int)level - 1)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, w.level);
	if (s2te_kind(w.entry) != MICA_S2_UNASSIGNED)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, level - 1);
	/* The new entries inherit the parent's RIPAS (a DESTROYED block
	 * stays DESTROYED when it is split). */
	fill = s2te_make(MICA_S2_UNASSIGNED, s2te_ripas(w.entry), 0);
	t = granule_mem(ctx, g);
	for (unsigned i = 0; i < RTT_ENTRIES; i++)
		mica_st64(t + 8u * i, fill);
	rtt_write(&w, s2te_make(MICA_S2_TABLE, 0, a[1]));
	g->state = MICA_GRANULE_RTT;
	g->owner = realm_slot(ctx, r);
	r->num_rtts++;
	return MICA_RMI_SUCCESS;
}

/* x1 = RD, x2 = IPA, x3 = level of the RTT. Out: x1 = RTT PA, x2 = top. */
unsigned long rmi_rtt_destroy(struct mica_rmm *ctx, const unsigned long *a,
			      unsigned long *ret)
{
	struct mica_rmm_realm *r = realm_from_rd(ctx, a[0]);
	unsigned long ipa = a[1], level = a[2];
	struct mica_granule *g;
	struct rtt_walk w;
	const uint8_t *t;
	uint64_t child;

	if (r == NULL || !rtt_target_ok(r, ipa, level))
		return MICA_RMI_ERROR_INPUT;
	rtt_walk(ctx, r, ipa, (int)level - 1, &w);
	if (w.level != (int)level - 1)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, w.level);
	if (s2te_kind(w.entry) != MICA_S2_TABLE)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, level - 1);
	child = s2te_oa(w.entry);
	g = find_granule(ctx, child, MICA_GRANULE_RTT);
	t = granule_mem(ctx, g);
	for (unsigned i = 0; i < RTT_ENTRIES; i++)   /* live entries? */
		if (s2te_kind(mica_ld64(t + 8u * i)) != MICA_S2_UNASSIGNED)
			return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, level);
	granule_scrub(ctx, g);
	g->state = MICA_GRANULE_DELEGATED;
	g->owner = 0;
	r->num_rtts--;
	/* Whatever RIPAS RAM the block held is gone: DESTROYED, so the host
	 * cannot swap a Realm's memory by rebuilding its tables. */
	rtt_write(&w, s2te_make(MICA_S2_UNASSIGNED,
				ipa_is_protected(r, ipa) ? MICA_RMI_DESTROYED
							 : MICA_RMI_EMPTY, 0));
	ret[0] = child;
	ret[1] = ipa + (1ul << lvl_shift((long)level - 1));
	return MICA_RMI_SUCCESS;
}

/* A level-3 page at an aligned IPA of the wanted half of r's space. */
static bool page_ok(const struct mica_rmm_realm *r, unsigned long ipa,
		    bool protected)
{
	return (ipa & PAGE_MASK) == 0 && (ipa >> r->s2sz) == 0 &&
	       ipa_is_protected(r, ipa) == protected;
}

/* Walks to the level-3 entry of ipa; returns 0 or the ERROR_RTT code. */
static unsigned long walk_page(const struct mica_rmm *ctx,
			       const struct mica_rmm_realm *r,
			       unsigned long ipa, struct rtt_walk *w)
{
	rtt_walk(ctx, r, ipa, 3, w);
	return w->level == 3 ? 0 : MICA_RMI_PACK(MICA_RMI_ERROR_RTT, w->level);
}

/* Is pa a granule the RMM tracks in a state other than NS (delegated,
 * an RD, REC, RTT, DATA or shared granule)? Such memory is Realm PAS: an
 * unprotected mapping of it would hand a Realm another Realm's data
 * wherever the platform trusts the IPA's half instead of the GPT. */
static bool managed(const struct mica_rmm *ctx, unsigned long pa)
{
	const struct mica_rmm_platform *p = ctx->plat;

	return pa >= p->base_pa &&
	       (pa - p->base_pa) >> MICA_RMM_GRANULE_SHIFT < p->ngranules &&
	       find_granule(ctx, pa, MICA_GRANULE_NS) == NULL;
}

/* x1 = RD, x2 = IPA, x3 = level (3), x4 = desc (MemAttr|S2AP|SH|OA). */
unsigned long rmi_rtt_map_unprotected(struct mica_rmm *ctx,
				      const unsigned long *a, unsigned long *ret)
{
	struct mica_rmm_realm *r = realm_from_rd(ctx, a[0]);
	unsigned long ipa = a[1], desc = a[3], st;
	struct rtt_walk w;

	(void)ret;
	if (r == NULL || a[2] != 3 || !page_ok(r, ipa, false) ||
	    (desc & ~(MICA_S2_OA_MASK | MICA_S2_ATTR_MASK)) != 0 ||
	    managed(ctx, desc & MICA_S2_OA_MASK))
		return MICA_RMI_ERROR_INPUT;
	if ((st = walk_page(ctx, r, ipa, &w)) != 0)
		return st;
	if (s2te_kind(w.entry) != MICA_S2_UNASSIGNED)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 3);
	/* Hook: strict Realms may map only what their policy lists. */
	st = mica_hook_map_unprotected(ctx, r, ipa, desc);
	if (st != MICA_RMI_SUCCESS)
		return st;
	rtt_write(&w, s2te_make(MICA_S2_ASSIGNED_NS, 0, desc));
	return MICA_RMI_SUCCESS;
}

/* x1 = RD, x2 = IPA, x3 = level (3). Out: x1 = top. */
unsigned long rmi_rtt_unmap_unprotected(struct mica_rmm *ctx,
					const unsigned long *a,
					unsigned long *ret)
{
	struct mica_rmm_realm *r = realm_from_rd(ctx, a[0]);
	unsigned long ipa = a[1], st;
	struct rtt_walk w;

	if (r == NULL || a[2] != 3 || !page_ok(r, ipa, false))
		return MICA_RMI_ERROR_INPUT;
	if ((st = walk_page(ctx, r, ipa, &w)) != 0)
		return st;
	if (s2te_kind(w.entry) != MICA_S2_ASSIGNED_NS)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 3);
	rtt_write(&w, 0);
	ret[0] = ipa + GRANULE;
	return MICA_RMI_SUCCESS;
}

/* x1 = RD, x2 = IPA, x3 = level. Out: x1 = walk level, x2 = state,
 * x3 = desc, x4 = RIPAS. */
unsigned long rmi_rtt_read_entry(struct mica_rmm *ctx, const unsigned long *a,
				 unsigned long *ret)
{
	struct mica_rmm_realm *r = realm_from_rd(ctx, a[0]);
	unsigned long ipa = a[1], level = a[2];
	struct rtt_walk w;

	if (r == NULL || level < r->rtt_level_start || level > 3 ||
	    (ipa >> r->s2sz) != 0 ||
	    (ipa & ((1ul << lvl_shift((long)level)) - 1)) != 0)
		return MICA_RMI_ERROR_INPUT;
	rtt_walk(ctx, r, ipa, (int)level, &w);
	ret[0] = (unsigned long)w.level;
	switch (s2te_kind(w.entry)) {
	case MICA_S2_TABLE:
		ret[1] = MICA_RMI_TABLE;
		ret[2] = s2te_oa(w.entry);
		break;
	case MICA_S2_ASSIGNED:
		ret[1] = MICA_RMI_ASSIGNED;
		ret[2] = s2te_oa(w.entry);
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
	ret[3] = ipa_is_protected(r, ipa) ? s2te_ripas(w.entry) : MICA_RMI_EMPTY;
	return MICA_RMI_SUCCESS;
}

/* Shared checks of DATA_CREATE and DATA_CREATE_UNKNOWN: an UNASSIGNED
 * protected page whose RIPAS is not DESTROYED. */
static unsigned long data_target(struct mica_rmm *ctx,
				 const struct mica_rmm_realm *r,
				 unsigned long ipa, struct rtt_walk *w)
{
	unsigned long st = walk_page(ctx, r, ipa, w);

	if (st != 0)
		return st;
	if (s2te_kind(w->entry) != MICA_S2_UNASSIGNED ||
	    s2te_ripas(w->entry) == MICA_RMI_DESTROYED)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 3);
	return 0;
}

static void data_commit(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			struct mica_granule *g, struct rtt_walk *w)
{
	g->state = MICA_GRANULE_DATA;
	g->owner = realm_slot(ctx, r);
	rtt_write(w, s2te_make(MICA_S2_ASSIGNED, s2te_ripas(w->entry),
			       granule_pa(ctx, g) | MICA_S2_AP_R | MICA_S2_AP_W));
}

/* x1 = RD, x2 = DATA (DELEGATED), x3 = IPA, x4 = source (NS), x5 = flags. */
unsigned long rmi_data_create(struct mica_rmm *ctx, const unsigned long *a,
			      unsigned long *ret)
{
	struct mica_rmm_realm *r = realm_from_rd(ctx, a[0]);
	struct mica_granule *g = find_granule(ctx, a[1], MICA_GRANULE_DELEGATED);
	const uint8_t *src = ns_page(ctx, a[3]);
	uint8_t rim[MICA_RMM_DIGEST_MAX], *data;
	unsigned long ipa = a[2], flags = a[4], st;
	struct rtt_walk w;

	(void)ret;
	if (r == NULL || g == NULL || src == NULL || !page_ok(r, ipa, true) ||
	    flags > MICA_RMI_MEASURE_CONTENT)
		return MICA_RMI_ERROR_INPUT;
	if (r->state != MICA_REALM_NEW)
		return MICA_RMI_ERROR_REALM;
	if ((st = data_target(ctx, r, ipa, &w)) != 0)
		return st;
	/* Copy first, then measure the copy (what the Realm will see). */
	data = granule_mem(ctx, g);
	memcpy(data, src, GRANULE);
	memcpy(rim, r->meas[0], sizeof rim);
	if (meas_data(r->hash_algo, rim, ipa, flags,
		      flags == MICA_RMI_MEASURE_CONTENT ? data : NULL) != 0) {
		granule_scrub(ctx, g);
		return MICA_RMI_ERROR_INPUT;
	}
	memcpy(r->meas[0], rim, sizeof rim);
	data_commit(ctx, r, g, &w);
	return MICA_RMI_SUCCESS;
}

/* x1 = RD, x2 = DATA (DELEGATED, so zero), x3 = IPA. Unmeasured. */
unsigned long rmi_data_create_unknown(struct mica_rmm *ctx,
				      const unsigned long *a,
				      unsigned long *ret)
{
	struct mica_rmm_realm *r = realm_from_rd(ctx, a[0]);
	struct mica_granule *g = find_granule(ctx, a[1], MICA_GRANULE_DELEGATED);
	unsigned long st;
	struct rtt_walk w;

	(void)ret;
	if (r == NULL || g == NULL || !page_ok(r, a[2], true))
		return MICA_RMI_ERROR_INPUT;
	if ((st = data_target(ctx, r, a[2], &w)) != 0)
		return st;
	data_commit(ctx, r, g, &w);
	return MICA_RMI_SUCCESS;
}

/* x1 = RD, x2 = IPA. Out: x1 = DATA PA, x2 = top. */
unsigned long rmi_data_destroy(struct mica_rmm *ctx, const unsigned long *a,
			       unsigned long *ret)
{
	struct mica_rmm_realm *r = realm_from_rd(ctx, a[0]);
	unsigned long ipa = a[1], st;
	struct mica_granule *g;
	struct rtt_walk w;
	unsigned ripas;

	if (r == NULL || !page_ok(r, ipa, true))
		return MICA_RMI_ERROR_INPUT;
	if ((st = walk_page(ctx, r, ipa, &w)) != 0)
		return st;
	if (s2te_kind(w.entry) != MICA_S2_ASSIGNED)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 3);
	g = find_granule(ctx, s2te_oa(w.entry), MICA_GRANULE_DATA);
	granule_scrub(ctx, g);
	g->state = MICA_GRANULE_DELEGATED;
	g->owner = 0;
	/* RAM that loses its page becomes DESTROYED: the Realm learns of it
	 * rather than finding fresh memory there. */
	ripas = s2te_ripas(w.entry);
	rtt_write(&w, s2te_make(MICA_S2_UNASSIGNED,
				ripas == MICA_RMI_RAM ? MICA_RMI_DESTROYED
						      : ripas, 0));
	ret[0] = granule_pa(ctx, g);
	ret[1] = ipa + GRANULE;
	return MICA_RMI_SUCCESS;
}

bool ripas_range_ok(const struct mica_rmm_realm *r, unsigned long base,
			   unsigned long top)
{
	return base < top && ((base | top) & PAGE_MASK) == 0 &&
	       top <= (1ul << (r->s2sz - 1));
}

/* The end of the run of entries from w (in one level-3 RTT, below top)
 * that ok() accepts. */
static unsigned long ripas_run(const struct rtt_walk *w, unsigned long base,
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

static void ripas_apply(struct rtt_walk *w, unsigned long base,
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
	return s2te_kind(e) == MICA_S2_UNASSIGNED &&
	       s2te_ripas(e) != MICA_RMI_DESTROYED;
}

/* x1 = RD, x2 = base, x3 = top. Out: x1 = top of what was set to RAM.
 * Works within one level-3 RTT per call; measured. */
unsigned long rmi_rtt_init_ripas(struct mica_rmm *ctx, const unsigned long *a,
				 unsigned long *ret)
{
	struct mica_rmm_realm *r = realm_from_rd(ctx, a[0]);
	unsigned long base = a[1], top = a[2], end, st;
	uint8_t rim[MICA_RMM_DIGEST_MAX];
	struct rtt_walk w;

	if (r == NULL || !ripas_range_ok(r, base, top))
		return MICA_RMI_ERROR_INPUT;
	if (r->state != MICA_REALM_NEW)
		return MICA_RMI_ERROR_REALM;
	if ((st = walk_page(ctx, r, base, &w)) != 0)
		return st;
	end = ripas_run(&w, base, top, init_ok, 0);
	if (end == base)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 3);
	memcpy(rim, r->meas[0], sizeof rim);
	if (meas_ripas(r->hash_algo, rim, base, end) != 0)
		return MICA_RMI_ERROR_INPUT;
	memcpy(r->meas[0], rim, sizeof rim);
	ripas_apply(&w, base, end, MICA_RMI_RAM);
	ret[0] = end;
	return MICA_RMI_SUCCESS;
}

static bool set_ok(uint64_t e, unsigned flags)
{
	unsigned k = s2te_kind(e);

	return (k == MICA_S2_UNASSIGNED || k == MICA_S2_ASSIGNED) &&
	       (s2te_ripas(e) != MICA_RMI_DESTROYED ||
		(flags & MICA_RSI_CHANGE_DESTROYED) != 0);
}

/* x1 = RD, x2 = REC, x3 = base, x4 = top: the host carries out (part of)
 * the REC's pending RSI_IPA_STATE_SET. Out: x1 = top of what changed. */
unsigned long rmi_rtt_set_ripas(struct mica_rmm *ctx, const unsigned long *a,
				unsigned long *ret)
{
	struct mica_rmm_realm *r = realm_from_rd(ctx, a[0]);
	struct mica_rmm_rec *rec = rec_from_pa(ctx, a[1]);
	unsigned long base = a[2], top = a[3], end, st;
	struct rtt_walk w;

	if (r == NULL || rec == NULL)
		return MICA_RMI_ERROR_INPUT;
	if (&ctx->realm[rec->realm] != r || rec->pending != MICA_PEND_RIPAS)
		return MICA_RMI_ERROR_REC;
	if (!ripas_range_ok(r, base, top) || base != rec->ripas_addr ||
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

uint8_t *realm_page(struct mica_rmm *ctx, const struct mica_rmm_realm *r,
		    unsigned long ipa)
{
	struct rtt_walk w;

	if (!page_ok(r, ipa, true) || walk_page(ctx, r, ipa, &w) != 0 ||
	    s2te_kind(w.entry) != MICA_S2_ASSIGNED ||
	    s2te_ripas(w.entry) != MICA_RMI_RAM)
		return NULL;
	return pa_mem(ctx, s2te_oa(w.entry));
}

int mica_rmm_s2_translate(const struct mica_rmm *ctx, unsigned long rd,
			  unsigned long ipa, unsigned access,
			  unsigned long *pa, unsigned *pas)
{
	const struct mica_rmm_realm *r = realm_from_rd(ctx, rd);
	unsigned space = MICA_RMM_PAS_REALM;
	struct rtt_walk w;
	bool ok;

	if (r == NULL || access == 0 ||
	    (access & ~(unsigned)(MICA_S2_AP_R | MICA_S2_AP_W)) != 0 ||
	    (ipa >> r->s2sz) != 0)
		return -1;
	rtt_walk(ctx, r, ipa & ~PAGE_MASK, 3, &w);
	if (w.level != 3 || (w.entry & access) != access)
		return -1;
	switch (s2te_kind(w.entry)) {
	case MICA_S2_ASSIGNED:
		ok = s2te_ripas(w.entry) == MICA_RMI_RAM;
		break;
	case MICA_S2_ASSIGNED_NS:
		space = MICA_RMM_PAS_NS;
		ok = true;   /* the entry's S2AP is the whole rule */
		break;
	case MICA_S2_SHARED:
		/* Only the Realm changes its RIPAS, and SHARE_MAP needs RAM;
		 * the check keeps the rule local all the same. */
		ok = s2te_ripas(w.entry) == MICA_RMI_RAM;
		break;
	default:
		ok = false;
	}
	if (!ok)
		return -1;
	*pa = s2te_oa(w.entry) | (ipa & PAGE_MASK);
	if (pas != NULL)
		*pas = space;
	return 0;
}

unsigned long ripas_get(const struct mica_rmm *ctx,
			const struct mica_rmm_realm *r, unsigned long base,
			unsigned long top, unsigned *ripas)
{
	unsigned long end;
	struct rtt_walk w;
	unsigned i;

	rtt_walk(ctx, r, base, 3, &w);
	*ripas = s2te_ripas(w.entry);
	if (w.level != 3) {   /* an unassigned block: one RIPAS throughout */
		end = (base | ((1ul << lvl_shift(w.level)) - 1)) + 1;
		return end < top ? end : top;
	}
	for (end = base, i = w.index; end < top && i < RTT_ENTRIES; i++) {
		if (s2te_ripas(mica_ld64(w.table + 8u * i)) != *ripas)
			break;
		end += GRANULE;
	}
	return end;
}
