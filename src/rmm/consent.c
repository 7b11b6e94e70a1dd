/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * consent.c -- the share-consent decision of RMI_MICA_SHARE_MAP
 * (man/mica-rmm.7, "MICA POLICY"; man/mica.5, "Regions").
 *
 * Every function here is pure: inputs by const pointer, no global, no
 * call outside this file but memcmp, every loop bounded by a MICA_POL_*
 * table size. mica_share.c gathers the inputs from the RMM's state (the
 * mappers of the granule and how many Realms already map the instance)
 * and commits only what these functions allow.
 *
 * Property (consent): for a joiner X mapping page k of its region jx,
 *   mica_rmm_consent(x, jx, m, nmap, n) == MICA_CONSENT_NAMED only if
 *     every mapper's policy has X's hash algorithm and is not X's own,
 *     X and every named mapper Y carry the same workflow digest, describe
 *     the region identically (kind, size, every participant's class,
 *     measurement, rights, IPA and limit) and each names the other's
 *     measurement, and every `any` mapper joins X's region through its
 *     `any` entry (consent_any(mapper, X));
 *   == MICA_CONSENT_ANY only if at least one named mapper is present and
 *     X joins every named mapper's region through its `any` entry:
 *     another workflow, named by none of them, the same kind and size,
 *     naming exactly their named participants with the same rights and
 *     IPAs, carrying the same `any` entry (rights, IPA, limit), at the
 *     `any` entry's IPA with rights no wider;
 * and mica_rmm_window_admits(...) is true for an `any` joiner's first page
 * only if fewer than the `any` entry's limit other Realms map the instance
 * through `any`, and for a named joiner's first page only if no other
 * Realm maps the instance as the same named subject.
 */
#include <string.h>

#include "rmm_int.h"

static const uint8_t *meas_of(const struct mica_rmm_cpol *p, int who)
{
	return who == 0 ? p->measurement : p->peers[who - 1];
}

static unsigned nparts(const struct mica_rmm_region *g)
{
	return g->nparts < MICA_POL_MAX_PARTS ? g->nparts : MICA_POL_MAX_PARTS;
}

/* Does region g of p name the Realm measured m (a named participant)?
 * Returns its index or -1. */
static int names(const struct mica_rmm_cpol *p,
		 const struct mica_rmm_region *g, const uint8_t *m, size_t n)
{
	for (unsigned i = 0; i < nparts(g); i++)
		if (g->part[i].who >= 0 &&
		    memcmp(meas_of(p, g->part[i].who), m, n) == 0)
			return (int)i;
	return -1;
}

/* Named participants X and Y of one policy: the same workflow, the same
 * region (kind, size, every participant's subject, rights, IPA, limit),
 * and each names the other. */
static bool consent_named(const struct mica_rmm_cpol *x,
			  const struct mica_rmm_region *gx,
			  const struct mica_rmm_cpol *y,
			  const struct mica_rmm_region *gy, size_t n)
{
	if (memcmp(x->workflow, y->workflow, n) != 0 || gx->kind != gy->kind ||
	    gx->granules != gy->granules || gx->nparts != gy->nparts ||
	    gx->limit != gy->limit)   /* the `any` entry's, the only limit */
		return false;
	for (unsigned i = 0; i < nparts(gx); i++) {
		const struct mica_rmm_part *a = &gx->part[i], *b = &gy->part[i];

		if (a->rights != b->rights || a->ipa != b->ipa ||
		    (a->who < 0) != (b->who < 0) ||
		    (a->who < 0 && a->who != b->who) ||
		    (a->who >= 0 && memcmp(meas_of(x, a->who),
					   meas_of(y, b->who), n) != 0))
			return false;
	}
	return names(y, gy, x->measurement, n) >= 0 &&
	       names(x, gx, y->measurement, n) >= 0;
}

const struct mica_rmm_part *mica_rmm_any_of(const struct mica_rmm_region *g)
{
	for (unsigned i = 0; i < nparts(g); i++)
		if (g->part[i].who == MICA_WHO_ANY)
			return &g->part[i];
	return NULL;
}

/* X (another policy) joins Y's region gy through its `any` entry: X is
 * not named there; X's region has the same kind and size, names exactly
 * gy's named Realms with their rights and IPAs, carries the same `any`
 * entry (rights, IPA, limit: so X's own flow analysis saw every other
 * joiner as a reader and writer), and puts itself at the any entry's IPA
 * with rights no wider. */
static bool consent_any(const struct mica_rmm_cpol *x,
			const struct mica_rmm_region *gx,
			const struct mica_rmm_cpol *y,
			const struct mica_rmm_region *gy, size_t n)
{
	const struct mica_rmm_part *any = mica_rmm_any_of(gy);
	const struct mica_rmm_part *xany = mica_rmm_any_of(gx);
	const struct mica_rmm_part *self;
	unsigned named = 0;

	if (gx->self >= nparts(gx))
		return false;
	self = &gx->part[gx->self];
	if (memcmp(x->workflow, y->workflow, n) == 0 || gx->kind != gy->kind ||
	    gx->granules != gy->granules || names(y, gy, x->measurement, n) >= 0)
		return false;
	for (unsigned i = 0; i < nparts(gy); i++) {
		const struct mica_rmm_part *b = &gy->part[i];
		int j;

		if (b->who < 0)
			continue;
		named++;
		j = names(x, gx, meas_of(y, b->who), n);
		if (j < 0 || gx->part[j].rights != b->rights ||
		    gx->part[j].ipa != b->ipa)
			return false;
	}
	for (unsigned i = 0; i < nparts(gx); i++)
		named -= gx->part[i].who > 0;
	return any != NULL && xany != NULL && named == 0 &&
	       xany->rights == any->rights && xany->ipa == any->ipa &&
	       gx->limit == gy->limit && self->ipa == any->ipa &&
	       (self->rights & ~any->rights) == 0;
}

/* The named mappers decide X's role: a named participant of their policy
 * (consent_named with each) or an `any` joiner (consent_any into each; at
 * least one named mapper must be present). A named X must also accept
 * every `any` joiner present; `any` joiners do not know one another. The
 * `any` limit is not counted here, per granule: mica_rmm_window_admits
 * counts it over the whole region, which bounds every granule's joiners
 * too. */
int mica_rmm_consent(const struct mica_rmm_cpol *x, unsigned jx,
		     const struct mica_rmm_mapper *m, unsigned nmap, size_t n)
{
	const struct mica_rmm_region *gx;
	unsigned nnamed = 0;
	int role = MICA_CONSENT_NAMED;

	if (jx >= x->nregions || jx >= MICA_POL_MAX_REGIONS ||
	    nmap > MICA_POL_MAX_PARTS || n > MICA_POL_DIGEST_MAX)
		return MICA_CONSENT_NO;
	gx = &x->region[jx];
	for (unsigned i = 0; i < nmap; i++) {
		const struct mica_rmm_cpol *y = m[i].pol;
		const struct mica_rmm_region *gy;

		if (y == x || y->hash != x->hash || m[i].region >= y->nregions ||
		    m[i].region >= MICA_POL_MAX_REGIONS)
			return MICA_CONSENT_NO;
		if (m[i].any)
			continue;   /* accepted below, by a named X */
		gy = &y->region[m[i].region];
		if (nnamed++ == 0)
			role = consent_named(x, gx, y, gy, n) ? MICA_CONSENT_NAMED
			     : consent_any(x, gx, y, gy, n) ? MICA_CONSENT_ANY
			     : MICA_CONSENT_NO;
		else if (role == MICA_CONSENT_ANY ? !consent_any(x, gx, y, gy, n)
						  : !consent_named(x, gx, y, gy, n))
			role = MICA_CONSENT_NO;
		if (role == MICA_CONSENT_NO)
			return MICA_CONSENT_NO;
	}
	if (role == MICA_CONSENT_ANY)
		return role;
	for (unsigned i = 0; i < nmap; i++) {
		const struct mica_rmm_cpol *y = m[i].pol;

		if (m[i].any &&
		    !consent_any(y, &y->region[m[i].region], x, gx, n))
			return MICA_CONSENT_NO;
	}
	return MICA_CONSENT_NAMED;
}

/* May window v (onto region gr) map a page of instance `inst` in role
 * `role`? One instance and one role per window. On its first page: at
 * most `limit` Realms join an instance through `any` (counted over the
 * whole region, not per page), and a named subject is one Realm (a clone
 * of it is refused). `others` is how many Realms other than this one map
 * the instance in the same role (for a named role: as the same subject). */
bool mica_rmm_window_admits(const struct mica_rmm_region *gr,
			    const struct mica_rmm_window *v,
			    const uint8_t inst[MICA_REGION_KEY_SIZE], int role,
			    unsigned others)
{
	const struct mica_rmm_part *any = mica_rmm_any_of(gr);

	if (role != MICA_CONSENT_NAMED && role != MICA_CONSENT_ANY)
		return false;
	if (v->npages != 0)
		return v->as_any == (role == MICA_CONSENT_ANY) &&
		       memcmp(v->inst, inst, sizeof v->inst) == 0;
	if (role == MICA_CONSENT_ANY)   /* consent_any made gr's entry the instance's */
		return any != NULL && others < gr->limit;
	return others == 0;
}
