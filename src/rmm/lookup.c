/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lookup.c -- from a physical address or a Realm to the module's tables:
 * the Realm of an RD, the REC of a REC granule, a Realm's slot, and the
 * per-Realm facts every handler asks (digest size, protected IPAs). Every
 * file that needs an object by address comes here, so the handler files
 * do not call one another for it.
 */
#include "mica/wire/bind.h"
#include "rmm_int.h"

struct mica_rmm_realm *mica_rmm_realm_from_rd(const struct mica_rmm *ctx,
					      unsigned long rd)
{
	struct mica_granule *g = mica_rmm_find_granule(ctx, rd, MICA_GRANULE_RD);

	return g != NULL ? (struct mica_rmm_realm *)&ctx->realm[g->owner]
			 : NULL;
}

struct mica_rmm_rec *mica_rmm_rec_from_pa(struct mica_rmm *ctx,
					  unsigned long rec)
{
	struct mica_granule *g = mica_rmm_find_granule(ctx, rec, MICA_GRANULE_REC);

	return g != NULL ? &ctx->rec[g->owner] : NULL;
}

uint16_t mica_rmm_realm_slot(const struct mica_rmm *ctx,
			     const struct mica_rmm_realm *r)
{
	return (uint16_t)(r - ctx->realm);
}

size_t mica_rmm_realm_digest_size(const struct mica_rmm_realm *r)
{
	return mica_bind_digest_size(r->hash_algo);
}

bool mica_rmm_ipa_is_protected(const struct mica_rmm_realm *r,
			       unsigned long ipa)
{
	return ipa < (1ul << (r->s2sz - 1));
}
