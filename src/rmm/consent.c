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

/*
 * The property above in ACSL, proved by scripts/prove.sh with Frama-C's
 * WP (man/mica-rmm.7, "PROOFS"). A policy record is taken as bind made
 * it from an accepted blob (cpol_ok: every participant of a region in
 * use names this Realm, a peer of its table, the host or any; proved of
 * the blob reader as mica_pol_ok, copied by mica_bind.c's compact()).
 */
/*@ predicate cpol_ok(struct mica_rmm_cpol *p) =
      p->npeers <= MICA_POL_MAX_PEERS &&
      \forall integer r, k; 0 <= r < p->nregions &&
        r < MICA_POL_MAX_REGIONS && 0 <= k < p->region[r].nparts &&
        k < MICA_POL_MAX_PARTS ==>
        MICA_WHO_ANY <= p->region[r].part[k].who <= p->npeers;

    logic integer np(struct mica_rmm_region *g) =
      g->nparts < MICA_POL_MAX_PARTS ? g->nparts : MICA_POL_MAX_PARTS;

    // Region g's participants name a peer of p's table, the host or any.
    predicate gok(struct mica_rmm_cpol *p, struct mica_rmm_region *g) =
      p->npeers <= MICA_POL_MAX_PEERS &&
      \forall integer k; 0 <= k < np(g) ==>
        MICA_WHO_ANY <= g->part[k].who <= p->npeers;

    lemma gok_region: \forall struct mica_rmm_cpol *p, integer r;
      cpol_ok(p) && 0 <= r < p->nregions && r < MICA_POL_MAX_REGIONS ==>
      gok(p, &p->region[r]);

    // The image measurement participant `who` (>= 0) of p stands for.
    logic uint8_t *meas(struct mica_rmm_cpol *p, integer who) =
      who == 0 ? &p->measurement[0] : &p->peers[who - 1][0];

    predicate same(uint8_t *a, uint8_t *b, integer n) =
      \forall integer i; 0 <= i < n ==> a[i] == b[i];

    // Region g of p names the Realm measured m.
    predicate names_m(struct mica_rmm_cpol *p, struct mica_rmm_region *g,
                      uint8_t *m, integer n) =
      \exists integer i; 0 <= i < np(g) && g->part[i].who >= 0 &&
        same(meas(p, g->part[i].who), m, n);

    // Two descriptions of one region: kind, size, every participant's
    // subject (a measurement, the host or any), rights, IPA and limit.
    predicate same_region(struct mica_rmm_cpol *x, struct mica_rmm_region *gx,
                          struct mica_rmm_cpol *y, struct mica_rmm_region *gy,
                          integer n) =
      gx->kind == gy->kind && gx->granules == gy->granules &&
      gx->nparts == gy->nparts && gx->limit == gy->limit &&
      \forall integer i; 0 <= i < np(gx) ==>
        gx->part[i].rights == gy->part[i].rights &&
        gx->part[i].ipa == gy->part[i].ipa &&
        (gx->part[i].who < 0 ==> gy->part[i].who == gx->part[i].who) &&
        (gx->part[i].who >= 0 ==> gy->part[i].who >= 0 &&
           same(meas(x, gx->part[i].who), meas(y, gy->part[i].who), n));

    // Named participants X and Y consent (language.md section 6).
    predicate named_consent(struct mica_rmm_cpol *x,
                            struct mica_rmm_region *gx,
                            struct mica_rmm_cpol *y,
                            struct mica_rmm_region *gy, integer n) =
      same(&x->workflow[0], &y->workflow[0], n) &&
      same_region(x, gx, y, gy, n) &&
      names_m(y, gy, &x->measurement[0], n) &&
      names_m(x, gx, &y->measurement[0], n);

    // X joins Y's region gy through its `any` entry: another workflow,
    // not named by Y; the same kind and size; every named participant of
    // gy named by X with the same rights and IPA; the same
    // `any` entry (rights, IPA, limit); X itself at the `any` entry's
    // IPA with rights no wider.
    predicate any_consent(struct mica_rmm_cpol *x, struct mica_rmm_region *gx,
                          struct mica_rmm_cpol *y, struct mica_rmm_region *gy,
                          integer n) =
      !same(&x->workflow[0], &y->workflow[0], n) &&
      gx->kind == gy->kind && gx->granules == gy->granules &&
      gx->limit == gy->limit &&
      !names_m(y, gy, &x->measurement[0], n) &&
      (\forall integer i; 0 <= i < np(gy) && gy->part[i].who >= 0 ==>
        \exists integer j; 0 <= j < np(gx) && gx->part[j].who >= 0 &&
          same(meas(x, gx->part[j].who), meas(y, gy->part[i].who), n) &&
          gx->part[j].rights == gy->part[i].rights &&
          gx->part[j].ipa == gy->part[i].ipa) &&
      gx->self < np(gx) &&
      (\exists integer a, b; 0 <= a < np(gy) && 0 <= b < np(gx) &&
        gy->part[a].who == MICA_WHO_ANY && gx->part[b].who == MICA_WHO_ANY &&
        gx->part[b].rights == gy->part[a].rights &&
        gx->part[b].ipa == gy->part[a].ipa &&
        gx->part[gx->self].ipa == gy->part[a].ipa &&
        (gx->part[gx->self].rights & ~gy->part[a].rights) == 0);
*/

/*@ requires \valid_read(p) && p->npeers <= MICA_POL_MAX_PEERS;
    requires 0 <= who <= p->npeers;
    assigns \nothing;
    ensures \result == meas(p, who);
    ensures \valid_read(\result + (0 .. MICA_POL_DIGEST_MAX - 1));
*/
static const uint8_t *meas_of(const struct mica_rmm_cpol *p, int who)
{
	return who == 0 ? p->measurement : p->peers[who - 1];
}

/*@ requires \valid_read(g);
    assigns \nothing;
    ensures \result == np(g);
*/
static unsigned nparts(const struct mica_rmm_region *g)
{
	return g->nparts < MICA_POL_MAX_PARTS ? g->nparts : MICA_POL_MAX_PARTS;
}

/* Does region g of p name the Realm measured m (a named participant)?
 * Returns its index or -1. */
/*@ requires \valid_read(p) && \valid_read(g) && gok(p, g);
    requires n <= MICA_POL_DIGEST_MAX && \valid_read(m + (0 .. n - 1));
    assigns \nothing;
    ensures -1 <= \result < np(g);
    ensures \result >= 0 ==> g->part[\result].who >= 0 &&
            same(meas(p, g->part[\result].who), m, n);
    ensures \result == -1 <==> !names_m(p, g, m, n);
*/
static int names(const struct mica_rmm_cpol *p,
		 const struct mica_rmm_region *g, const uint8_t *m, size_t n)
{
	/*@ loop invariant 0 <= i <= np(g);
	    loop invariant \forall integer j; 0 <= j < i ==>
	      !(g->part[j].who >= 0 && same(meas(p, g->part[j].who), m, n));
	    loop assigns i;
	    loop variant np(g) - i; */
	for (unsigned i = 0; i < nparts(g); i++)
		if (g->part[i].who >= 0 &&
		    memcmp(meas_of(p, g->part[i].who), m, n) == 0)
			return (int)i;
	return -1;
}

/* Named participants X and Y of one policy: the same workflow, the same
 * region (kind, size, every participant's subject, rights, IPA, limit),
 * and each names the other. */
/*@ requires \valid_read(x) && \valid_read(gx) && gok(x, gx);
    requires \valid_read(y) && \valid_read(gy) && gok(y, gy);
    requires n <= MICA_POL_DIGEST_MAX;
    assigns \nothing;
    ensures \result ==> named_consent(x, gx, y, gy, n);
*/
static bool consent_named(const struct mica_rmm_cpol *x,
			  const struct mica_rmm_region *gx,
			  const struct mica_rmm_cpol *y,
			  const struct mica_rmm_region *gy, size_t n)
{
	if (memcmp(x->workflow, y->workflow, n) != 0 || gx->kind != gy->kind ||
	    gx->granules != gy->granules || gx->nparts != gy->nparts ||
	    gx->limit != gy->limit)   /* the `any` entry's, the only limit */
		return false;
	/*@ loop invariant 0 <= i <= np(gx);
	    loop invariant \forall integer j; 0 <= j < i ==>
	      gx->part[j].rights == gy->part[j].rights &&
	      gx->part[j].ipa == gy->part[j].ipa &&
	      (gx->part[j].who < 0 ==> gy->part[j].who == gx->part[j].who) &&
	      (gx->part[j].who >= 0 ==> gy->part[j].who >= 0 &&
	         same(meas(x, gx->part[j].who), meas(y, gy->part[j].who), n));
	    loop assigns i;
	    loop variant np(gx) - i; */
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

/* The index of region g's `any` entry, or -1. */
/*@ requires \valid_read(g);
    assigns \nothing;
    ensures -1 <= \result < np(g);
    ensures \result >= 0 ==> g->part[\result].who == MICA_WHO_ANY;
*/
static int any_at(const struct mica_rmm_region *g)
{
	/*@ loop invariant 0 <= i <= np(g);
	    loop assigns i;
	    loop variant np(g) - i; */
	for (unsigned i = 0; i < nparts(g); i++)
		if (g->part[i].who == MICA_WHO_ANY)
			return (int)i;
	return -1;
}

/*@ requires \valid_read(g);
    assigns \nothing;
    ensures \result == \null || \exists integer i; 0 <= i < np(g) &&
            \result == &g->part[i] && g->part[i].who == MICA_WHO_ANY;
*/
const struct mica_rmm_part *mica_rmm_any_of(const struct mica_rmm_region *g)
{
	int i = any_at(g);

	return i < 0 ? NULL : &g->part[i];
}

/* X (another policy) joins Y's region gy through its `any` entry: X is
 * not named there; X's region has the same kind and size, names exactly
 * gy's named Realms with their rights and IPAs, carries the same `any`
 * entry (rights, IPA, limit: so X's own flow analysis saw every other
 * joiner as a reader and writer), and puts itself at the any entry's IPA
 * with rights no wider. */
/*@ requires \valid_read(x) && \valid_read(gx) && gok(x, gx);
    requires \valid_read(y) && \valid_read(gy) && gok(y, gy);
    requires n <= MICA_POL_DIGEST_MAX;
    assigns \nothing;
    ensures \result ==> any_consent(x, gx, y, gy, n);
*/
static bool consent_any(const struct mica_rmm_cpol *x,
			const struct mica_rmm_region *gx,
			const struct mica_rmm_cpol *y,
			const struct mica_rmm_region *gy, size_t n)
{
	int ia = any_at(gy), ib = any_at(gx);
	const struct mica_rmm_part *self, *any, *xany;
	unsigned named = 0;

	if (gx->self >= nparts(gx))
		return false;
	self = &gx->part[gx->self];
	if (memcmp(x->workflow, y->workflow, n) == 0 || gx->kind != gy->kind ||
	    gx->granules != gy->granules || names(y, gy, x->measurement, n) >= 0)
		return false;
	/*@ loop invariant 0 <= i <= np(gy);
	    loop invariant \forall integer k; 0 <= k < i &&
	      gy->part[k].who >= 0 ==>
	      \exists integer j; 0 <= j < np(gx) && gx->part[j].who >= 0 &&
	        same(meas(x, gx->part[j].who), meas(y, gy->part[k].who), n) &&
	        gx->part[j].rights == gy->part[k].rights &&
	        gx->part[j].ipa == gy->part[k].ipa;
	    loop assigns i, named;
	    loop variant np(gy) - i; */
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
	/*@ loop invariant 0 <= i <= np(gx);
	    loop assigns i, named;
	    loop variant np(gx) - i; */
	for (unsigned i = 0; i < nparts(gx); i++)
		named -= gx->part[i].who > 0;
	if (ia < 0 || ib < 0 || named != 0)
		return false;
	any = &gy->part[ia];
	xany = &gx->part[ib];
	if (xany->rights != any->rights || xany->ipa != any->ipa ||
	    gx->limit != gy->limit || self->ipa != any->ipa ||
	    (self->rights & ~any->rights) != 0)
		return false;
	/* The two `any` entries are the witnesses of any_consent's last
	 * clause. */
	/*@ assert 0 <= ia < np(gy) && 0 <= ib < np(gx) &&
	      gy->part[ia].who == MICA_WHO_ANY &&
	      gx->part[ib].who == MICA_WHO_ANY &&
	      gx->part[ib].rights == gy->part[ia].rights &&
	      gx->part[ib].ipa == gy->part[ia].ipa &&
	      gx->part[gx->self].ipa == gy->part[ia].ipa &&
	      (gx->part[gx->self].rights & ~gy->part[ia].rights) == 0; */
	return true;
}

/* The named mappers decide X's role: a named participant of their policy
 * (consent_named with each) or an `any` joiner (consent_any into each; at
 * least one named mapper must be present). A named X must also accept
 * every `any` joiner present; `any` joiners do not know one another. The
 * `any` limit is not counted here, per granule: mica_rmm_window_admits
 * counts it over the whole region, which bounds every granule's joiners
 * too. */
/*@ requires \valid_read(x) && cpol_ok(x);
    requires nmap <= MICA_POL_MAX_PARTS ==>
             \valid_read(m + (0 .. nmap - 1)) &&
             \forall integer i; 0 <= i < nmap ==>
               \valid_read(m[i].pol) && cpol_ok(m[i].pol);
    assigns \nothing;
    ensures \result == MICA_CONSENT_NO || \result == MICA_CONSENT_NAMED ||
            \result == MICA_CONSENT_ANY;
    ensures \result != MICA_CONSENT_NO ==>
            jx < x->nregions && jx < MICA_POL_MAX_REGIONS &&
            nmap <= MICA_POL_MAX_PARTS &&
            \forall integer i; 0 <= i < nmap ==> m[i].pol != x &&
              m[i].pol->hash == x->hash &&
              m[i].region < m[i].pol->nregions &&
              m[i].region < MICA_POL_MAX_REGIONS;
    ensures \result == MICA_CONSENT_NAMED ==>
            \forall integer i; 0 <= i < nmap ==>
              (m[i].any == 0 ==> named_consent(x, &x->region[jx],
                 m[i].pol, &m[i].pol->region[m[i].region], n)) &&
              (m[i].any != 0 ==> any_consent(m[i].pol,
                 &m[i].pol->region[m[i].region], x, &x->region[jx], n));
    ensures \result == MICA_CONSENT_ANY ==>
            (\exists integer i; 0 <= i < nmap && m[i].any == 0) &&
            \forall integer i; 0 <= i < nmap && m[i].any == 0 ==>
              any_consent(x, &x->region[jx],
                 m[i].pol, &m[i].pol->region[m[i].region], n);
*/
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
	//@ assert gok(x, gx);
	/*@ loop invariant 0 <= i <= nmap && nnamed <= i;
	    loop invariant role == MICA_CONSENT_NAMED ||
	                   role == MICA_CONSENT_ANY;
	    loop invariant \forall integer j; 0 <= j < i ==> m[j].pol != x &&
	      m[j].pol->hash == x->hash && m[j].region < m[j].pol->nregions &&
	      m[j].region < MICA_POL_MAX_REGIONS;
	    loop invariant role == MICA_CONSENT_NAMED ==>
	      \forall integer j; 0 <= j < i && m[j].any == 0 ==>
	        named_consent(x, gx, m[j].pol, &m[j].pol->region[m[j].region], n);
	    loop invariant role == MICA_CONSENT_ANY ==>
	      \forall integer j; 0 <= j < i && m[j].any == 0 ==>
	        any_consent(x, gx, m[j].pol, &m[j].pol->region[m[j].region], n);
	    loop invariant role == MICA_CONSENT_ANY ==> nnamed > 0;
	    loop invariant nnamed > 0 ==> \exists integer j; 0 <= j < i &&
	                   m[j].any == 0;
	    loop invariant nnamed == 0 ==> \forall integer j; 0 <= j < i ==>
	                   m[j].any != 0;
	    loop assigns i, nnamed, role;
	    loop variant nmap - i; */
	for (unsigned i = 0; i < nmap; i++) {
		const struct mica_rmm_cpol *y = m[i].pol;
		const struct mica_rmm_region *gy;

		if (y == x || y->hash != x->hash || m[i].region >= y->nregions ||
		    m[i].region >= MICA_POL_MAX_REGIONS)
			return MICA_CONSENT_NO;
		if (m[i].any)
			continue;   /* accepted below, by a named X */
		gy = &y->region[m[i].region];
		//@ assert gok(y, gy);
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
	/*@ loop invariant 0 <= i <= nmap;
	    loop invariant \forall integer j; 0 <= j < i && m[j].any != 0 ==>
	      any_consent(m[j].pol, &m[j].pol->region[m[j].region], x, gx, n);
	    loop assigns i;
	    loop variant nmap - i; */
	for (unsigned i = 0; i < nmap; i++) {
		const struct mica_rmm_cpol *y = m[i].pol;

		//@ assert gok(y, &y->region[m[i].region]);
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
/*@ requires \valid_read(gr) && \valid_read(v);
    requires \valid_read(inst + (0 .. MICA_REGION_KEY_SIZE - 1));
    assigns \nothing;
    ensures \result ==> role == MICA_CONSENT_NAMED ||
                        role == MICA_CONSENT_ANY;
    ensures \result && v->npages != 0 ==>
            (v->as_any != 0 <==> role == MICA_CONSENT_ANY) &&
            same(&v->inst[0], inst, MICA_REGION_KEY_SIZE);
    ensures \result && v->npages == 0 && role == MICA_CONSENT_ANY ==>
            (\exists integer a; 0 <= a < np(gr) &&
               gr->part[a].who == MICA_WHO_ANY) && others < gr->limit;
    ensures \result && v->npages == 0 && role == MICA_CONSENT_NAMED ==>
            others == 0;
*/
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
