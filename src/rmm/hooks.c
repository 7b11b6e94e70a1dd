/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hooks.c -- the seam where the Mica additions plug into the base RMM
 * (declarations and contracts in rmm_int.h). A Realm with no policy
 * bound passes every hook: it is a plain CCA Realm.
 */
#include "rmm_int.h"

unsigned long mica_rmm_hook_realm_activate(struct mica_rmm *ctx,
				       struct mica_rmm_realm *r)
{
	return mica_rmm_bind_activate(ctx, r);
}

/* A Realm that still maps shared granules cannot go (its RTTs would have
 * refused already; this keeps the invariant local). */
unsigned long mica_rmm_hook_realm_destroy(struct mica_rmm *ctx,
				      struct mica_rmm_realm *r)
{
	(void)ctx;
	return r->policy.nshared != 0 ? MICA_RMI_ERROR_REALM : MICA_RMI_SUCCESS;
}

unsigned long mica_rmm_hook_map_unprotected(struct mica_rmm *ctx,
					struct mica_rmm_realm *r,
					unsigned long ipa, unsigned long desc)
{
	(void)ctx;
	return mica_rmm_exit_map_unprotected(&r->policy, ipa, desc);
}

bool mica_rmm_hook_rec_exit(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			struct mica_rmm_rec *rec, struct mica_rmm_exit *ex,
			struct mica_rmm_resume *deny)
{
	(void)ctx, (void)rec;
	return mica_rmm_exit_filter(&r->policy, ex, deny);
}

/* The group token's members: the Realms that share granules with r. */
unsigned mica_rmm_hook_group(const struct mica_rmm *ctx,
			     const struct mica_rmm_realm *r, unsigned *slots,
			     unsigned max)
{
	return mica_rmm_policy_group(ctx, mica_rmm_realm_slot(ctx, r), slots,
				     max);
}

/* Refused attempts: the audit record (audit.c), after the refusal. */
void mica_rmm_hook_rmi_refused(struct mica_rmm *ctx, unsigned long fid,
			       const struct mica_rmm_rmi_roles *roles,
			       const unsigned long *a, unsigned long status)
{
	mica_rmm_audit_rmi(ctx, fid, roles, a, status);
}

void mica_rmm_hook_exit_refused(struct mica_rmm *ctx,
				const struct mica_rmm_realm *r,
				const struct mica_rmm_exit *ex,
				const struct mica_rmm_trap *t,
				const struct mica_rmm_resume *res)
{
	mica_rmm_audit_exit(ctx, r, ex, t, res);
}
