/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mica_share.c -- shared protected granules between Realms:
 * RMI_MICA_SHARE_MAP (0xC400016B), RMI_MICA_SHARE_UNMAP (0xC400016C), and
 * the group of Realms connected through them (man/mica-rmm.7, "MICA
 * POLICY"; man/mica.5, "Regions").
 *
 * A SHARED granule's record (ctx->share[granule index]) holds page k, the
 * key of the region instance it belongs to, and its mappers (at most one
 * region's participants). Each Realm's window records which instance it
 * maps, in which role, and how many pages (mica_rmm_window: inst, as_any,
 * npages): the rules that hold per region rather than per page (the
 * `any` limit, one Realm per named subject) read the counts the instance
 * index keeps (instidx.c) when a window maps its first page, O(regions of
 * the Realm) plus one probe, and nothing else otherwise. The decisions
 * themselves are consent.c's (pure functions); this file gathers their
 * inputs and commits. Windows mapping one instance form a ring
 * (mica_rmm_window.next_*, headed in the index), which the group walks
 * instead of pages.
 */
#include <string.h>

#include "rmm_int.h"

/* The mappers of s as the consent decision reads them. */
static unsigned mappers_of(const struct mica_rmm *ctx,
			   const struct mica_rmm_share *s,
			   struct mica_rmm_mapper m[MICA_POL_MAX_PARTS])
{
	unsigned n = s->nmap < MICA_POL_MAX_PARTS ? s->nmap : MICA_POL_MAX_PARTS;

	for (unsigned i = 0; i < n; i++) {
		m[i].pol = &ctx->realm[s->realm[i]].policy.pol;
		m[i].region = s->region[i];
		m[i].any = s->any[i];
	}
	return n;
}

/* ---- the (region key, page) index: linear probing over shidx ----
 * Each SHARED granule has one entry, so at most MICA_RMM_MAX_GRANULES of
 * the NIDX = 2 * MICA_RMM_MAX_GRANULES slots are used: the load stays at
 * or below 1/2 and a probe always meets an empty slot. Removal shifts the
 * rest of the cluster back (no deleted markers), so the probe lengths
 * depend only on the live entries, never on how many came and went. */
#define NIDX (2u * MICA_RMM_MAX_GRANULES)

static uint32_t idx_hash(const uint8_t key[MICA_REGION_KEY_SIZE], uint64_t page)
{
	uint64_t h;

	memcpy(&h, key, sizeof h);   /* the key is a digest already */
	h ^= page * 0x9E3779B97F4A7C15ull;   /* all 64 bits of k count */
	h ^= h >> 29;
	return (uint32_t)(h % NIDX);
}

static uint32_t idx_hash_of(const struct mica_rmm *ctx, uint32_t v)
{
	const struct mica_rmm_share *s = &ctx->share[v - 1];

	return idx_hash(s->key, s->page);
}

/* The slot holding (key, page), or the empty slot that ends its probe
 * sequence (*found false). At most NIDX probes. */
static uint32_t idx_find(const struct mica_rmm *ctx,
			 const uint8_t key[MICA_REGION_KEY_SIZE],
			 uint64_t page, bool *found)
{
	uint32_t i = idx_hash(key, page);

	*found = false;
	for (uint32_t n = 0; n < NIDX; n++, i = (i + 1) % NIDX) {
		uint32_t v = ctx->shidx[i];
		const struct mica_rmm_share *s;

		if (v == 0)
			return i;
		s = &ctx->share[v - 1];
		if (s->page == page && memcmp(s->key, key, sizeof s->key) == 0) {
			*found = true;
			return i;
		}
	}
	return NIDX;   /* full: cannot happen at load <= 1/2 */
}

/* Empties slot i and moves back every later entry of its cluster whose
 * home slot is not in (i, j]: Knuth's algorithm R for linear probing.
 * At most NIDX steps (the cluster ends at an empty slot). */
static void idx_remove(struct mica_rmm *ctx, uint32_t i)
{
	uint32_t j = i;

	for (uint32_t n = 0; n < NIDX; n++) {
		uint32_t h;

		j = (j + 1) % NIDX;
		if (ctx->shidx[j] == 0)
			break;
		h = idx_hash_of(ctx, ctx->shidx[j]);
		/* The entry at j may move to i unless its home h lies
		 * cyclically in (i, j]. */
		if (i <= j ? (i < h && h <= j) : (i < h || h <= j))
			continue;
		ctx->shidx[i] = ctx->shidx[j];
		i = j;
	}
	ctx->shidx[i] = 0;
}

/* x1 = RD, x2 = PA (DELEGATED or SHARED), x3 = IPA. */
unsigned long mica_rmm_rmi_share_map(struct mica_rmm *ctx, const unsigned long *a,
			    unsigned long *ret)
{
	struct mica_rmm_realm *r = mica_rmm_realm_from_rd(ctx, a[0]);
	struct mica_granule *g = mica_rmm_find_granule(ctx, a[1], MICA_GRANULE_DELEGATED);
	unsigned long ipa = a[2];
	struct mica_rmm_share *s;
	const struct mica_rmm_region *gr;
	struct mica_rmm_window *v;
	const uint8_t *inst;
	struct mica_rmm_rtt_walk w;
	struct mica_rmm_mapper m[MICA_POL_MAX_PARTS];
	int role = MICA_CONSENT_NAMED;
	uint8_t is_any;
	uint64_t k;
	uint32_t slot;
	bool found;
	int j;

	(void)ret;
	if (g == NULL)
		g = mica_rmm_find_granule(ctx, a[1], MICA_GRANULE_SHARED);
	if (r == NULL || g == NULL || (ipa & (GRANULE - 1)) != 0 ||
	    (ipa >> r->s2sz) != 0 || !mica_rmm_ipa_is_protected(r, ipa))
		return MICA_RMI_ERROR_INPUT;
	if (r->state != MICA_REALM_ACTIVE || !r->policy.bound)
		return MICA_RMI_ERROR_REALM;
	j = mica_rmm_policy_region_at(&r->policy, ipa);
	if (j < 0 || r->policy.pol.region[j].kind != 0)
		return MICA_RMI_ERROR_INPUT;
	gr = &r->policy.pol.region[j];
	v = &r->policy.win[j];
	k = (ipa - v->base) >> MICA_RMM_GRANULE_SHIFT;   /* < 2^35: full width */
	s = &ctx->share[g - ctx->granule];
	if (g->state == MICA_GRANULE_SHARED) {
		if (s->page != k || s->nmap >= MICA_POL_MAX_PARTS)
			return MICA_RMI_ERROR_INPUT;
		role = mica_rmm_consent(&r->policy.pol, (unsigned)j, m,
					mappers_of(ctx, s, m),
					mica_rmm_realm_digest_size(r));
		if (role == MICA_CONSENT_NO ||
		    (role == MICA_CONSENT_NAMED &&
		     memcmp(s->key, v->key, sizeof v->key) != 0))
			return MICA_RMI_ERROR_INPUT;
	}
	is_any = role == MICA_CONSENT_ANY;
	/* A fresh granule starts page k of this Realm's own instance, which
	 * must have no PA for it yet. */
	inst = g->state == MICA_GRANULE_SHARED ? s->key : v->key;
	if (!mica_rmm_window_admits(gr, v, inst, role,
				    v->npages != 0 ? 0
				    : mica_rmm_inst_others(ctx,
					mica_rmm_realm_slot(ctx, r), (unsigned)j,
					inst, !is_any, gr->self)))
		return MICA_RMI_ERROR_INPUT;
	/* A first page joins (or starts) an entry of the instance index,
	 * which always has room (MICA_RMM_MAX_INST); checked all the same
	 * before anything changes. */
	if (v->npages == 0 &&
	    mica_rmm_inst_find(ctx, inst, &found) >= 2u * MICA_RMM_MAX_INST)
		return MICA_RMI_ERROR_INPUT;
	slot = idx_find(ctx, v->key, k, &found);
	if (g->state == MICA_GRANULE_DELEGATED && (found || slot >= NIDX))
		return MICA_RMI_ERROR_INPUT;
	mica_rmm_rtt_walk(ctx, r, ipa, 3, &w);
	if (w.level != 3)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, w.level);
	/* Only the Realm changes its RIPAS (man/mica.5, "Regions"): the page
	 * must be RAM already (RTT_INIT_RIPAS before activation, or the
	 * Realm's own RSI_IPA_STATE_SET), and stays RAM. */
	if (mica_rmm_s2te_kind(w.entry) != MICA_S2_UNASSIGNED ||
	    mica_rmm_s2te_ripas(w.entry) != MICA_RMI_RAM)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 3);
	/* Commit. Stage-2 permissions are this Realm's rights. */
	mica_rmm_rtt_write(&w, mica_rmm_s2te_make(MICA_S2_SHARED, MICA_RMI_RAM,
				a[1] | (uint64_t)gr->part[gr->self].rights << 6));
	if (g->state == MICA_GRANULE_DELEGATED) {
		memset(s, 0, sizeof *s);
		s->page = k;
		memcpy(s->key, v->key, sizeof s->key);
		g->state = MICA_GRANULE_SHARED;
		ctx->shidx[slot] = (uint32_t)(g - ctx->granule) + 1;
	}
	if (v->npages++ == 0) {
		memcpy(v->inst, s->key, sizeof v->inst);
		v->as_any = is_any;
		mica_rmm_inst_join(ctx, mica_rmm_realm_slot(ctx, r), (unsigned)j);
	}
	s->realm[s->nmap] = mica_rmm_realm_slot(ctx, r);
	s->region[s->nmap] = (uint8_t)j;
	s->any[s->nmap] = is_any;
	s->nmap++;
	g->refcount = s->nmap;
	r->policy.nshared++;
	return MICA_RMI_SUCCESS;
}

/* x1 = RD, x2 = IPA. Out: x1 = PA, x2 = mappers left. The last mapper
 * out scrubs the granule and returns it to DELEGATED.
 * Fail closed: everything the RMM's own records must agree on is checked
 * before anything changes (the entry is SHARED, its granule is SHARED,
 * the caller is one of its mappers, through the window that holds ipa,
 * which maps pages, and the granule's index entry exists); a
 * disagreement is refused with RMI_ERROR_INPUT and changes nothing. */
unsigned long mica_rmm_rmi_share_unmap(struct mica_rmm *ctx, const unsigned long *a,
			      unsigned long *ret)
{
	struct mica_rmm_realm *r = mica_rmm_realm_from_rd(ctx, a[0]);
	unsigned long ipa = a[1];
	struct mica_granule *g;
	struct mica_rmm_share *s;
	struct mica_rmm_window *v;
	struct mica_rmm_rtt_walk w;
	uint32_t islot = NIDX;
	uint16_t slot;
	unsigned i;
	int j;

	if (r == NULL || (ipa & (GRANULE - 1)) != 0 || (ipa >> r->s2sz) != 0 ||
	    !mica_rmm_ipa_is_protected(r, ipa))
		return MICA_RMI_ERROR_INPUT;
	mica_rmm_rtt_walk(ctx, r, ipa, 3, &w);
	if (w.level != 3)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, w.level);
	if (mica_rmm_s2te_kind(w.entry) != MICA_S2_SHARED)
		return MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 3);
	/* Validate. */
	g = mica_rmm_find_granule(ctx, mica_rmm_s2te_oa(w.entry), MICA_GRANULE_SHARED);
	j = mica_rmm_policy_region_at(&r->policy, ipa);
	if (g == NULL || j < 0 || !r->policy.bound || r->policy.nshared == 0)
		return MICA_RMI_ERROR_INPUT;
	s = &ctx->share[g - ctx->granule];
	slot = mica_rmm_realm_slot(ctx, r);
	for (i = 0; i < s->nmap && i < MICA_POL_MAX_PARTS && s->realm[i] != slot; i++)
		;
	if (i >= s->nmap || i >= MICA_POL_MAX_PARTS || s->region[i] != (unsigned)j)
		return MICA_RMI_ERROR_INPUT;
	v = &r->policy.win[j];
	if (v->npages == 0)
		return MICA_RMI_ERROR_INPUT;
	if (s->nmap == 1) {
		bool found;

		islot = idx_find(ctx, s->key, s->page, &found);
		if (!found)
			return MICA_RMI_ERROR_INPUT;
	}
	/* Commit: remove mapper i, keeping the others in order. */
	if (--v->npages == 0) {
		mica_rmm_inst_leave(ctx, slot, (unsigned)j);
		memset(v->inst, 0, sizeof v->inst);
		v->as_any = 0;
	}
	for (; i + 1 < s->nmap; i++) {
		s->realm[i] = s->realm[i + 1];
		s->region[i] = s->region[i + 1];
		s->any[i] = s->any[i + 1];
	}
	s->nmap--;
	s->realm[s->nmap] = 0;
	s->region[s->nmap] = 0;
	s->any[s->nmap] = 0;
	g->refcount = s->nmap;
	r->policy.nshared--;
	ret[0] = mica_rmm_s2te_oa(w.entry);
	mica_rmm_rtt_write(&w, mica_rmm_s2te_make(MICA_S2_UNASSIGNED, MICA_RMI_DESTROYED, 0));
	ret[1] = s->nmap;
	if (s->nmap == 0) {
		idx_remove(ctx, islot);
		mica_rmm_granule_scrub(ctx, g);   /* zeroed before the host gets it */
		g->state = MICA_GRANULE_DELEGATED;
		memset(s, 0, sizeof *s);
	}
	return MICA_RMI_SUCCESS;
}

/*
 * The group: the Realms connected to a Realm through the region
 * instances they map (a window with pages mapped), transitively. Every
 * mapper of a shared granule maps that granule's instance, so this holds
 * every Realm connected through shared granules, and the Realms that map
 * other pages of the same instances.
 *
 * Cost: a breadth-first walk over the Realms, each of whose windows walks
 * its instance's ring once (a window seen is not walked again): O(members
 * x regions) window visits, whatever the regions' sizes.
 */
unsigned mica_rmm_policy_group(const struct mica_rmm *ctx, unsigned realm_slot,
			   unsigned *slots, unsigned max)
{
	uint8_t seen[(MICA_RMM_MAX_REALMS + 7) / 8] = { 0 };
	uint8_t walked[(MICA_RMM_MAX_REALMS * MICA_POL_MAX_REGIONS + 7) / 8] = { 0 };
	uint16_t queue[MICA_RMM_MAX_REALMS];
	unsigned head = 0, tail = 0, count = 0;

	if (realm_slot >= MICA_RMM_MAX_REALMS ||
	    ctx->realm[realm_slot].state == MICA_REALM_FREE)
		return 0;
	seen[realm_slot / 8] |= (uint8_t)(1u << (realm_slot % 8));
	queue[tail++] = (uint16_t)realm_slot;
	while (head < tail) {
		const struct mica_rmm_realm *r = &ctx->realm[queue[head]];
		unsigned me = queue[head++];

		for (unsigned j = 0; r->policy.bound && j < r->policy.pol.nregions &&
		     j < MICA_POL_MAX_REGIONS; j++) {
			unsigned q = me, i = j;

			if (r->policy.win[j].npages == 0)
				continue;
			/* Around the ring, until a window already walked. */
			for (unsigned n = 0; n < MICA_RMM_MAX_REALMS * MICA_POL_MAX_REGIONS; n++) {
				unsigned b = q * MICA_POL_MAX_REGIONS + i;
				const struct mica_rmm_window *u;

				if (walked[b / 8] & (1u << (b % 8)))
					break;
				walked[b / 8] |= (uint8_t)(1u << (b % 8));
				if (!(seen[q / 8] & (1u << (q % 8)))) {
					seen[q / 8] |= (uint8_t)(1u << (q % 8));
					queue[tail++] = (uint16_t)q;
				}
				u = &ctx->realm[q].policy.win[i];
				q = u->next_realm;
				i = u->next_region;
			}
		}
	}
	for (unsigned m = 0; m < MICA_RMM_MAX_REALMS; m++)
		if (seen[m / 8] & (1u << (m % 8))) {
			if (count < max)
				slots[count] = m;
			count++;
		}
	return count;
}
