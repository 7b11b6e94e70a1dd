/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * realm.c -- REALM_CREATE, REALM_ACTIVATE, REALM_DESTROY.
 */
#include <string.h>

#include "mica/wire/bind.h"
#include "rmm_int.h"

/* Fields of RmiRealmParams, by offset. */
static const struct page_field realm_params_fields[] = {
	{ MICA_RP_FLAGS, 8 }, { MICA_RP_S2SZ, 1 }, { MICA_RP_SVE_VL, 1 },
	{ MICA_RP_NUM_BPS, 1 }, { MICA_RP_NUM_WPS, 1 },
	{ MICA_RP_PMU_NUM_CTRS, 1 }, { MICA_RP_HASH_ALGO, 1 },
	{ MICA_RP_RPV, MICA_RMM_RPV_SIZE }, { MICA_RP_VMID, 2 },
	{ MICA_RP_RTT_BASE, 8 }, { MICA_RP_RTT_LEVEL_START, 8 },
	{ MICA_RP_RTT_NUM_START, 4 },
};

/* Is (s2sz, level, num) a valid starting level with num concatenated
 * root RTTs? One level-L RTT covers 2^(21 + 9 * (3 - L)) bytes. */
static bool valid_start(unsigned s2sz, uint64_t level, uint64_t num)
{
	unsigned cover;
	uint64_t want;

	if (s2sz < MICA_RMM_MIN_S2SZ || s2sz > MICA_RMM_MAX_S2SZ || level > 2)
		return false;
	cover = 21u + 9u * (3u - (unsigned)level);
	if (s2sz <= cover - 9u)     /* a deeper starting level is needed */
		return false;
	want = s2sz > cover ? 1ull << (s2sz - cover) : 1u;
	return want <= 16 && num == want;
}

/* x1 = RD (DELEGATED), x2 = RmiRealmParams (NS). */
unsigned long mica_rmm_rmi_realm_create(struct mica_rmm *ctx, const unsigned long *a,
			       unsigned long *ret)
{
	struct mica_granule *grd = mica_rmm_find_granule(ctx, a[0], MICA_GRANULE_DELEGATED);
	const uint8_t *ns = mica_rmm_ns_page(ctx, a[1]);
	uint8_t *p = ctx->work.scratch.page, rim[MICA_RMM_DIGEST_MAX];
	uint64_t base, level, num, i;
	unsigned alg, vmid, s2sz;
	struct mica_rmm_realm *r;
	uint16_t slot;

	(void)ret;
	if (grd == NULL || ns == NULL)
		return MICA_RMI_ERROR_INPUT;
	memcpy(p, ns, GRANULE);   /* the host cannot change what we check */
	alg = p[MICA_RP_HASH_ALGO];
	s2sz = p[MICA_RP_S2SZ];
	vmid = mica_ld16(p + MICA_RP_VMID);
	base = mica_ld64(p + MICA_RP_RTT_BASE);
	level = mica_ld64(p + MICA_RP_RTT_LEVEL_START);
	num = mica_ld64(p + MICA_RP_RTT_NUM_START) & 0xFFFFFFFFu;
	if (!mica_rmm_page_reserved_zero(p, realm_params_fields,
				sizeof realm_params_fields /
				sizeof realm_params_fields[0]) ||
	    mica_ld64(p + MICA_RP_FLAGS) != 0 || p[MICA_RP_SVE_VL] != 0 ||
	    p[MICA_RP_NUM_BPS] > MICA_RMM_NUM_BPS ||
	    p[MICA_RP_NUM_WPS] > MICA_RMM_NUM_WPS ||
	    p[MICA_RP_PMU_NUM_CTRS] != 0 || mica_bind_digest_size(alg) == 0 ||
	    !valid_start(s2sz, level, num) ||
	    (ctx->vmid_used[vmid / 8] & (1u << (vmid % 8))) != 0)
		return MICA_RMI_ERROR_INPUT;
	/* Root RTTs: num DELEGATED granules, aligned to their total size,
	 * not overlapping the RD (which is DELEGATED too). */
	if ((base & (num * GRANULE - 1)) != 0 ||
	    (a[0] >= base && a[0] - base < num * GRANULE))
		return MICA_RMI_ERROR_INPUT;
	for (i = 0; i < num; i++)
		if (mica_rmm_find_granule(ctx, base + i * GRANULE,
				 MICA_GRANULE_DELEGATED) == NULL)
			return MICA_RMI_ERROR_INPUT;
	if (ctx->nfree_realms == 0 || mica_rmm_meas_rim_init(alg, p, rim) != 0)
		return MICA_RMI_ERROR_INPUT;

	/* Commit. */
	slot = ctx->free_realm[--ctx->nfree_realms];
	ctx->free_realm[ctx->nfree_realms] = 0;
	r = &ctx->realm[slot];
	memset(r, 0, sizeof *r);
	memset(&ctx->audit[slot], 0, sizeof ctx->audit[slot]);
	memcpy(r->meas[0], rim, mica_bind_digest_size(alg));
	memcpy(r->rpv, p + MICA_RP_RPV, MICA_RMM_RPV_SIZE);
	r->rd = a[0];
	r->rtt_base = base;
	r->vmid = (uint16_t)vmid;
	r->state = MICA_REALM_NEW;
	r->hash_algo = (uint8_t)alg;
	r->s2sz = (uint8_t)s2sz;
	r->rtt_level_start = (uint8_t)level;
	r->rtt_num_start = (uint8_t)num;
	ctx->vmid_used[vmid / 8] |= (uint8_t)(1u << (vmid % 8));
	grd->state = MICA_GRANULE_RD;
	grd->owner = slot;
	for (i = 0; i < num; i++) {
		struct mica_granule *g = mica_rmm_find_granule(ctx, base + i * GRANULE,
						      MICA_GRANULE_DELEGATED);
		g->state = MICA_GRANULE_RTT;   /* zeros: all UNASSIGNED EMPTY */
		g->owner = slot;
	}
	return MICA_RMI_SUCCESS;
}

/* x1 = RD. */
unsigned long mica_rmm_rmi_realm_activate(struct mica_rmm *ctx, const unsigned long *a,
				 unsigned long *ret)
{
	struct mica_rmm_realm *r = mica_rmm_realm_from_rd(ctx, a[0]);
	unsigned long st;

	(void)ret;
	if (r == NULL)
		return MICA_RMI_ERROR_INPUT;
	if (r->state != MICA_REALM_NEW)
		return MICA_RMI_ERROR_REALM;
	/* Hook: the Mica additions bind the policy here (mica_bind_rim). */
	st = mica_rmm_hook_realm_activate(ctx, r);
	if (st != MICA_RMI_SUCCESS)
		return st;
	r->state = MICA_REALM_ACTIVE;
	return MICA_RMI_SUCCESS;
}

/* x1 = RD. The Realm must have no RECs and no RTTs but its roots. */
unsigned long mica_rmm_rmi_realm_destroy(struct mica_rmm *ctx, const unsigned long *a,
				unsigned long *ret)
{
	struct mica_rmm_realm *r = mica_rmm_realm_from_rd(ctx, a[0]);
	struct mica_granule *g;
	unsigned long st;
	uint16_t slot;
	unsigned i;

	(void)ret;
	if (r == NULL)
		return MICA_RMI_ERROR_INPUT;
	if (r->num_recs != 0 || r->num_rtts != 0)
		return MICA_RMI_ERROR_REALM;
	st = mica_rmm_hook_realm_destroy(ctx, r);
	if (st != MICA_RMI_SUCCESS)
		return st;
	for (i = 0; i < r->rtt_num_start; i++) {
		g = mica_rmm_find_granule(ctx, r->rtt_base + i * GRANULE,
				 MICA_GRANULE_RTT);
		mica_rmm_granule_scrub(ctx, g);
		g->state = MICA_GRANULE_DELEGATED;
		g->owner = 0;
	}
	g = mica_rmm_find_granule(ctx, a[0], MICA_GRANULE_RD);
	slot = g->owner;
	mica_rmm_granule_scrub(ctx, g);
	g->state = MICA_GRANULE_DELEGATED;
	g->owner = 0;
	ctx->vmid_used[r->vmid / 8] &= (uint8_t)~(1u << (r->vmid % 8));
	memset(r, 0, sizeof *r);
	ctx->free_realm[ctx->nfree_realms++] = slot;
	return MICA_RMI_SUCCESS;
}
