/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * granule.c -- initialisation, the granule table, memory access, and
 * GRANULE_DELEGATE / GRANULE_UNDELEGATE.
 */
#include <string.h>

#include "rmm_int.h"


int mica_rmm_init(struct mica_rmm *ctx, const struct mica_rmm_platform *plat)
{
	uint32_t i;

	if (ctx == NULL)
		return -1;
	/* Zero everything, padding included, so snapshots compare bytes. */
	memset(ctx, 0, sizeof *ctx);
	if (plat == NULL || plat->mem == NULL || plat->gpt_transition == NULL ||
	    plat->run_realm == NULL || plat->ngranules == 0 ||
	    plat->ngranules > MICA_RMM_MAX_GRANULES ||
	    (plat->base_pa & (GRANULE - 1)) != 0 ||
	    plat->base_pa + plat->ngranules * GRANULE < plat->base_pa)
		return -1;
	ctx->plat = plat;
	/* Free-slot stacks, slot 0 on top. */
	for (i = 0; i < MICA_RMM_MAX_REALMS; i++)
		ctx->free_realm[i] = (uint16_t)(MICA_RMM_MAX_REALMS - 1 - i);
	ctx->nfree_realms = MICA_RMM_MAX_REALMS;
	for (i = 0; i < MICA_RMM_MAX_RECS; i++)
		ctx->free_rec[i] = (uint16_t)(MICA_RMM_MAX_RECS - 1 - i);
	ctx->nfree_recs = MICA_RMM_MAX_RECS;
	/* Every granule starts NS (0), as the zeroing left it. */
	return 0;
}

struct mica_granule *mica_rmm_granule_at(const struct mica_rmm *ctx,
					 unsigned long pa)
{
	const struct mica_rmm_platform *p = ctx->plat;
	unsigned long idx;

	if (p == NULL || (pa & (GRANULE - 1)) != 0 || pa < p->base_pa)
		return NULL;
	idx = (pa - p->base_pa) >> MICA_RMM_GRANULE_SHIFT;
	if (idx >= p->ngranules)
		return NULL;
	/* Like strchr: the caller decides whether it may write. */
	return (struct mica_granule *)&ctx->granule[idx];
}

struct mica_granule *mica_rmm_find_granule(const struct mica_rmm *ctx, unsigned long pa,
				  unsigned state)
{
	struct mica_granule *g = mica_rmm_granule_at(ctx, pa);

	return g != NULL && g->state == state ? g : NULL;
}

uint8_t *mica_rmm_pa_mem(const struct mica_rmm *ctx, uint64_t pa)
{
	return ctx->plat->mem + (pa - ctx->plat->base_pa);
}

unsigned long mica_rmm_granule_pa(const struct mica_rmm *ctx,
			 const struct mica_granule *g)
{
	return ctx->plat->base_pa +
	       ((unsigned long)(g - ctx->granule) << MICA_RMM_GRANULE_SHIFT);
}

uint8_t *mica_rmm_granule_mem(const struct mica_rmm *ctx, const struct mica_granule *g)
{
	return ctx->plat->mem + (size_t)(g - ctx->granule) * GRANULE;
}

void mica_rmm_granule_scrub(const struct mica_rmm *ctx, struct mica_granule *g)
{
	memset(mica_rmm_granule_mem(ctx, g), 0, GRANULE);
}

uint8_t *mica_rmm_ns_page(struct mica_rmm *ctx, unsigned long pa)
{
	struct mica_granule *g = mica_rmm_find_granule(ctx, pa, MICA_GRANULE_NS);

	return g != NULL ? mica_rmm_granule_mem(ctx, g) : NULL;
}

/* x1 = PA of an NS granule. */
unsigned long mica_rmm_rmi_granule_delegate(struct mica_rmm *ctx, const unsigned long *a,
				   unsigned long *r)
{
	struct mica_granule *g = mica_rmm_find_granule(ctx, a[0], MICA_GRANULE_NS);

	(void)r;
	if (g == NULL)
		return MICA_RMI_ERROR_INPUT;
	if (ctx->plat->gpt_transition(ctx->plat->plat_ctx, a[0], 1) != 0)
		return MICA_RMI_ERROR_INPUT;
	/* Now Realm PAS: clear whatever the host left in it. */
	mica_rmm_granule_scrub(ctx, g);
	g->state = MICA_GRANULE_DELEGATED;
	return MICA_RMI_SUCCESS;
}

/* x1 = PA of a DELEGATED granule. */
unsigned long mica_rmm_rmi_granule_undelegate(struct mica_rmm *ctx,
				     const unsigned long *a, unsigned long *r)
{
	struct mica_granule *g = mica_rmm_find_granule(ctx, a[0], MICA_GRANULE_DELEGATED);

	(void)r;
	if (g == NULL)
		return MICA_RMI_ERROR_INPUT;
	/* A DELEGATED granule holds zeros already; scrub again anyway while
	 * it is still Realm PAS, then give it back. */
	mica_rmm_granule_scrub(ctx, g);
	if (ctx->plat->gpt_transition(ctx->plat->plat_ctx, a[0], 0) != 0)
		return MICA_RMI_ERROR_INPUT;
	g->state = MICA_GRANULE_NS;
	g->owner = 0;
	return MICA_RMI_SUCCESS;
}

bool mica_rmm_page_reserved_zero(const uint8_t *page, const struct page_field *f,
			unsigned n)
{
	size_t off = 0, end;

	for (unsigned i = 0; i <= n; i++) {
		end = i < n ? f[i].off : GRANULE;
		for (; off < end; off++)
			if (page[off] != 0)
				return false;
		if (i < n)
			off = (size_t)f[i].off + f[i].len;
	}
	return true;
}
