/*
 * mica_exit.c -- what a strict Realm may show the host (man/mica-rmm.7,
 * "MICA POLICY"): the REC exit filter and the RTT_MAP_UNPROTECTED rule.
 * Realms without a policy, or whose blob is not strict (flag 1), are
 * plain CCA Realms here.
 */
#include "rmm_int.h"

#define POL_STRICT 1u
#define POL_HOSTCALL_ANY 2u
#define POL_MMIO 4u
#define POL_PSCI 8u
#define POL_RIPAS 0x10u
#define POL_PAGING 0x20u
#define PSCI_DENIED ((unsigned long)-3)

static bool strict(const struct mica_rmm_realm *r)
{
	return r->policy.bound && (r->policy.flags & POL_STRICT) != 0;
}

/* Strict Realms map unprotected IPAs only inside their unprotected
 * regions, with exactly their rights as S2AP. */
unsigned long mica_exit_map_unprotected(const struct mica_rmm_realm *r,
					unsigned long ipa, unsigned long desc)
{
	const struct mica_pol_region *g;
	int j;

	if (!strict(r))
		return MICA_RMI_SUCCESS;
	j = mica_policy_region_at(r, ipa);
	if (j < 0)
		return MICA_RMI_ERROR_INPUT;
	g = &r->policy.region[j];
	if (g->kind != 1 ||
	    ((desc & (MICA_S2_AP_R | MICA_S2_AP_W)) >> 6) != g->part[g->self].rights)
		return MICA_RMI_ERROR_INPUT;
	return MICA_RMI_SUCCESS;
}

static bool hostcall_ok(const struct mica_rmm_policy *p, uint32_t imm)
{
	unsigned lo = 0, hi = p->nhostcalls;

	if (p->flags & POL_HOSTCALL_ANY)
		return true;
	while (lo < hi) {   /* sorted, disjoint ranges */
		unsigned mid = (lo + hi) / 2;

		if (imm < p->hostcall[mid][0])
			hi = mid;
		else if (imm > p->hostcall[mid][1])
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* Returns true to let the exit reach the host; else fills *deny (zeroed
 * by the caller) and nothing of the exit is recorded anywhere. */
bool mica_exit_filter(const struct mica_rmm_realm *r,
		      const struct mica_rmm_exit *ex,
		      struct mica_rmm_resume *deny)
{
	const struct mica_rmm_policy *p = &r->policy;

	if (!strict(r))
		return true;
	switch (ex->reason) {
	case MICA_RMI_EXIT_HOST_CALL:
		if (hostcall_ok(p, ex->imm & 0xFFFF))
			return true;
		deny->kind = MICA_RMM_RESUME_RETURN;
		deny->x[0] = MICA_RSI_ERROR_INPUT;
		return false;
	case MICA_RMI_EXIT_PSCI:
		if (p->flags & POL_PSCI)
			return true;
		deny->kind = MICA_RMM_RESUME_RETURN;
		deny->x[0] = PSCI_DENIED;
		return false;
	case MICA_RMI_EXIT_SYNC:
		if (ex->pending != MICA_PEND_MMIO_READ &&
		    ex->pending != MICA_PEND_MMIO_WRITE)
			return true;
		/* MMIO: allowed, and never inside a region's window. */
		if ((p->flags & POL_MMIO) && mica_policy_region_at(r, ex->ipa) < 0)
			return true;
		deny->kind = MICA_RMM_RESUME_SEA;
		return false;
	default:   /* RIPAS changes, IRQ: the Realm's own business */
		return true;
	}
}
