/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * exit_rule.c -- what a strict Realm may show the host (man/mica-rmm.7,
 * "MICA POLICY"): the REC exit decision and the RTT_MAP_UNPROTECTED rule.
 * Realms without a policy, or whose blob is not strict (flag 1), are
 * plain CCA Realms here.
 *
 * Every function here is pure: it reads only the Realm's policy record
 * (by const pointer) and its arguments, writes only its outputs, uses no
 * global and calls nothing outside this file; every loop is bounded by a
 * MICA_POL_* table size. So the property below can be proved about this
 * file alone.
 *
 * Property (exit): for a strict policy p, mica_rmm_exit_filter(p, ex,
 * deny) returns true (the exit reaches the host) only if
 *   - ex is a HOST_CALL whose immediate lies in one of p's host-call
 *     ranges (or p allows every host call), or
 *   - ex is PSCI and p allows psci, or
 *   - ex is a RIPAS change and p allows ripas, or
 *   - ex is a SYNC exit for an unbacked protected page and p allows
 *     paging, or
 *   - ex is a SYNC exit for MMIO, p allows mmio, and ex->ipa lies in no
 *     region window of p, or
 *   - ex is a SYNC exit for WFI/WFE, and then the WFI/WFE bit of ex->esr
 *     is cleared, or
 *   - ex is any other exit (IRQ), which shows nothing but its timing;
 * otherwise it fills *deny with how the Realm resumes and returns false.
 */
#include "rmm_int.h"

#define PSCI_DENIED ((unsigned long)-3)

/* The property above in ACSL, proved by scripts/prove.sh with Frama-C's
 * WP (man/mica-rmm.7, "PROOFS"). */
/*@ predicate strict_pol(struct mica_rmm_policy *p) =
      p->bound != 0 && (p->pol.flags & MICA_BLOB_STRICT) != 0;

    // imm lies in one of p's host-call ranges, or p allows every one.
    predicate hostcall_allowed(struct mica_rmm_cpol *p, integer imm) =
      (p->flags & MICA_BLOB_HOSTCALL_ANY) != 0 ||
      \exists integer i; 0 <= i < p->nhostcalls &&
        i < MICA_POL_MAX_HOSTCALLS &&
        p->hostcall[i][0] <= imm <= p->hostcall[i][1];

    // ipa lies in the window of region i of p.
    predicate in_window(struct mica_rmm_policy *p, integer i, integer ipa) =
      ipa >= p->win[i].base &&
      (ipa - p->win[i].base) / MICA_RMM_GRANULE_SIZE <
        p->pol.region[i].granules;

    predicate in_some_window(struct mica_rmm_policy *p, integer ipa) =
      \exists integer i; 0 <= i < p->pol.nregions &&
        i < MICA_POL_MAX_REGIONS && in_window(p, i, ipa);
*/

/*@ requires \valid_read(p);
    assigns \nothing;
    ensures \result <==> strict_pol(p);
*/
static bool strict(const struct mica_rmm_policy *p)
{
	return p->bound && (p->pol.flags & MICA_BLOB_STRICT) != 0;
}

/*@ requires \valid_read(p);
    assigns \nothing;
    ensures -1 <= \result < MICA_POL_MAX_REGIONS;
    ensures \result >= 0 ==> \result < p->pol.nregions &&
            in_window(p, \result, ipa);
    ensures \result == -1 ==> !in_some_window(p, ipa);
*/
int mica_rmm_policy_region_at(const struct mica_rmm_policy *p, unsigned long ipa)
{
	/* At most MICA_POL_MAX_REGIONS, sorted: bounded, realm-independent. */
	/*@ loop invariant 0 <= i <= MICA_POL_MAX_REGIONS;
	    loop invariant \forall integer j; 0 <= j < i ==>
	                   !in_window(p, j, ipa);
	    loop assigns i;
	    loop variant MICA_POL_MAX_REGIONS - i; */
	for (unsigned i = 0; i < p->pol.nregions && i < MICA_POL_MAX_REGIONS; i++)
		if (ipa >= p->win[i].base &&
		    (ipa - p->win[i].base) / GRANULE < p->pol.region[i].granules)
			return (int)i;
	return -1;
}

/* Strict Realms map unprotected IPAs only inside their unprotected
 * regions, with exactly their rights as S2AP. */
/*@ requires \valid_read(p);
    requires \forall integer j; 0 <= j < p->pol.nregions &&
             j < MICA_POL_MAX_REGIONS ==>
             p->pol.region[j].self < MICA_POL_MAX_PARTS;
    assigns \nothing;
    ensures strict_pol(p) && \result == MICA_RMI_SUCCESS ==>
            \exists integer j; 0 <= j < p->pol.nregions &&
              j < MICA_POL_MAX_REGIONS && in_window(p, j, ipa) &&
              p->pol.region[j].kind == 1 &&
              ((desc & (MICA_S2_AP_R | MICA_S2_AP_W)) >> 6) ==
              p->pol.region[j].part[p->pol.region[j].self].rights;
*/
unsigned long mica_rmm_exit_map_unprotected(const struct mica_rmm_policy *p,
					unsigned long ipa, unsigned long desc)
{
	const struct mica_rmm_region *g;
	int j;

	if (!strict(p))
		return MICA_RMI_SUCCESS;
	j = mica_rmm_policy_region_at(p, ipa);
	if (j < 0)
		return MICA_RMI_ERROR_INPUT;
	g = &p->pol.region[j];
	if (g->kind != 1 ||
	    ((desc & (MICA_S2_AP_R | MICA_S2_AP_W)) >> 6) != g->part[g->self].rights)
		return MICA_RMI_ERROR_INPUT;
	return MICA_RMI_SUCCESS;
}

/*@ requires \valid_read(p);
    assigns \nothing;
    ensures \result ==> hostcall_allowed(p, imm);
*/
static bool hostcall_ok(const struct mica_rmm_cpol *p, uint32_t imm)
{
	unsigned lo = 0, hi = p->nhostcalls;

	if (p->flags & MICA_BLOB_HOSTCALL_ANY)
		return true;
	if (hi > MICA_POL_MAX_HOSTCALLS)
		return false;
	/*@ loop invariant 0 <= lo <= hi <= p->nhostcalls;
	    loop assigns lo, hi;
	    loop variant hi - lo; */
	while (lo < hi) {   /* sorted, disjoint ranges; halves each turn */
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

/*
 * Returns true to let the exit reach the host, possibly narrowed; else
 * fills *deny (zeroed by the caller) and nothing of the exit is recorded
 * anywhere. What a strict Realm's exits show the host, by reason:
 *   HOST_CALL   the registers, only for an allowed immediate;
 *   PSCI        the call and its arguments, only with `allow R psci`;
 *   SYNC/MMIO   the IPA and data, only with `allow R mmio`, outside
 *               every region window;
 *   SYNC/ABORT  the faulting IPA of an unbacked protected page, only
 *               with `allow R paging` (else an SEA, no exit);
 *   RIPAS       the requested range, only with `allow R ripas` (else the
 *               call returns RSI_ERROR_INPUT, REJECT, no exit);
 *   SYNC/WFx    that the Realm waits: the WFI/WFE bit is cleared;
 *   IRQ         nothing.
 * So without `allow` lines only the timing of exits remains.
 */
/*@ requires \valid_read(pr) && \valid(ex) && \valid(deny);
    requires \separated(ex, deny) && \separated(pr, ex, deny);
    assigns ex->esr, *deny;

    behavior plain:
      assumes !strict_pol(pr);
      assigns \nothing;
      ensures \result;
    behavior refused:
      assumes strict_pol(pr);
      ensures !\result ==> ex->esr == \old(ex->esr);
    behavior allowed:
      assumes strict_pol(pr);
      ensures \result && ex->reason == MICA_RMI_EXIT_HOST_CALL ==>
              hostcall_allowed(&pr->pol, ex->imm & 0xFFFF);
      ensures \result && ex->reason == MICA_RMI_EXIT_PSCI ==>
              (pr->pol.flags & MICA_BLOB_PSCI) != 0;
      ensures \result && ex->reason == MICA_RMI_EXIT_RIPAS_CHANGE ==>
              (pr->pol.flags & MICA_BLOB_RIPAS) != 0;
      ensures \result && ex->reason == MICA_RMI_EXIT_SYNC &&
              ex->pending == MICA_PEND_ABORT ==>
              (pr->pol.flags & MICA_BLOB_PAGING) != 0;
      ensures \result && ex->reason == MICA_RMI_EXIT_SYNC &&
              (ex->pending == MICA_PEND_MMIO_READ ||
               ex->pending == MICA_PEND_MMIO_WRITE) ==>
              (pr->pol.flags & MICA_BLOB_MMIO) != 0 &&
              !in_some_window(pr, ex->ipa);
      ensures \result && ex->reason == MICA_RMI_EXIT_SYNC &&
              ex->pending != MICA_PEND_ABORT &&
              ex->pending != MICA_PEND_MMIO_READ &&
              ex->pending != MICA_PEND_MMIO_WRITE ==>
              ex->esr == (\old(ex->esr) & ~(uint64_t)MICA_ESR_WFX_TI);
      ensures \result && !(ex->reason == MICA_RMI_EXIT_SYNC &&
              ex->pending != MICA_PEND_ABORT &&
              ex->pending != MICA_PEND_MMIO_READ &&
              ex->pending != MICA_PEND_MMIO_WRITE) ==>
              ex->esr == \old(ex->esr);
      ensures ex->reason == MICA_RMI_EXIT_IRQ ||
              ex->reason == MICA_RMI_EXIT_FIQ ==> \result;
    complete behaviors plain, allowed;
*/
bool mica_rmm_exit_filter(const struct mica_rmm_policy *pr,
		      struct mica_rmm_exit *ex,
		      struct mica_rmm_resume *deny)
{
	const struct mica_rmm_cpol *p = &pr->pol;

	if (!strict(pr))
		return true;
	switch (ex->reason) {
	case MICA_RMI_EXIT_HOST_CALL:
		if (hostcall_ok(p, ex->imm & 0xFFFF))
			return true;
		deny->kind = MICA_RMM_RESUME_RETURN;
		deny->x[0] = MICA_RSI_ERROR_INPUT;
		return false;
	case MICA_RMI_EXIT_PSCI:
		if (p->flags & MICA_BLOB_PSCI)
			return true;
		deny->kind = MICA_RMM_RESUME_RETURN;
		deny->x[0] = PSCI_DENIED;
		return false;
	case MICA_RMI_EXIT_RIPAS_CHANGE:
		if (p->flags & MICA_BLOB_RIPAS)
			return true;
		/* As if the host had rejected it before changing anything:
		 * x1 = base (no progress), x2 = REJECT. */
		deny->kind = MICA_RMM_RESUME_RETURN;
		deny->x[0] = MICA_RSI_ERROR_INPUT;
		deny->x[1] = ex->ripas_base;
		deny->x[2] = MICA_RSI_REJECT;
		return false;
	case MICA_RMI_EXIT_SYNC:
		if (ex->pending == MICA_PEND_ABORT) {
			if (p->flags & MICA_BLOB_PAGING)
				return true;
			deny->kind = MICA_RMM_RESUME_SEA;
			return false;
		}
		if (ex->pending != MICA_PEND_MMIO_READ &&
		    ex->pending != MICA_PEND_MMIO_WRITE) {
			/* WFx: one ESR for WFI and WFE alike. */
			ex->esr &= ~(uint64_t)MICA_ESR_WFX_TI;
			return true;
		}
		/* MMIO: allowed, and never inside a region's window. */
		if ((p->flags & MICA_BLOB_MMIO) &&
		    mica_rmm_policy_region_at(pr, ex->ipa) < 0)
			return true;
		deny->kind = MICA_RMM_RESUME_SEA;
		return false;
	default:   /* IRQ: nothing but the fact of the exit */
		return true;
	}
}
