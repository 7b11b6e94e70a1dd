/*
 * hooks.c -- the seam where the Mica additions plug into the base RMM
 * (declarations and contracts in rmm_int.h).
 *
 * In the base there is no policy, so every hook lets the operation
 * through: the module is then a plain CCA RMM. The Mica additions own
 * this file from here on and replace these bodies; the attestation
 * engineer needs none of these (see rsi.c's table instead).
 */
#include "rmm_int.h"

unsigned long mica_hook_realm_activate(struct mica_rmm *ctx,
				       struct mica_rmm_realm *r)
{
	(void)ctx, (void)r;
	return MICA_RMI_SUCCESS;
}

unsigned long mica_hook_realm_destroy(struct mica_rmm *ctx,
				      struct mica_rmm_realm *r)
{
	(void)ctx, (void)r;
	return MICA_RMI_SUCCESS;
}

unsigned long mica_hook_map_unprotected(struct mica_rmm *ctx,
					struct mica_rmm_realm *r,
					unsigned long ipa, unsigned long desc)
{
	(void)ctx, (void)r, (void)ipa, (void)desc;
	return MICA_RMI_SUCCESS;
}

bool mica_hook_rec_exit(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			struct mica_rmm_rec *rec,
			const struct mica_rmm_exit *ex,
			struct mica_rmm_resume *deny)
{
	(void)ctx, (void)r, (void)rec, (void)ex, (void)deny;
	return true;
}
