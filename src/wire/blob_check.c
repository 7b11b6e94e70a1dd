/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * blob_check.c -- mica_pol_check() (mica/wire/blob_check.h): a decoded
 * policy checked whole before anyone relies on it.
 *
 * Reads *p only. Every loop is bounded by a MICA_POL_* table and every
 * index is checked against its table before it is used, so that it is
 * safe on a struct mica_pol holding anything at all, not only on what
 * mica_blob_read() leaves: its ACSL postcondition, proved with the rest
 * by scripts/prove.sh, is mica_pol_ok() (mica/wire/blob_read.h).
 * Freestanding: no heap, no recursion, no library call but memcmp.
 */
#include <stdbool.h>
#include <string.h>

#include "mica/wire/blob_check.h"

/*@ requires \valid(f);
    assigns *f;
    ensures \result == -1;
*/
static int fault(struct mica_pol_fault *f, enum mica_pol_rule rule,
		 unsigned i, unsigned k)
{
	f->rule = rule;
	f->i = i;
	f->k = k;
	return -1;
}

/* A NUL after a first byte that is not one: the name is 1 to
 * MICA_POL_NAME_MAX bytes and a C string. */
/*@ requires \valid_read(p);
    assigns \nothing;
    ensures \result ==> mica_pol_named(p);
*/
static bool named(const struct mica_pol *p)
{
	if (p->policy[0] == '\0')
		return false;
	/*@ loop invariant 1 <= k <= MICA_POL_NAME_MAX + 1;
	    loop assigns k;
	    loop variant MICA_POL_NAME_MAX + 1 - k; */
	for (unsigned k = 1; k <= MICA_POL_NAME_MAX; k++)
		if (p->policy[k] == '\0')
			return true;
	return false;
}

/* Participant k of g on its own: who one of the table's, rights 1..3,
 * the host only in an unprotected region, every other window inside its
 * half of the IPA space, `any` with a limit. */
/*@ requires \valid_read(g) && k < MICA_POL_MAX_PARTS;
    assigns \nothing;
    ensures \result ==> mica_pol_part_ok(g, npeers, k);
*/
static bool part_ok(const struct mica_pol_region *g, unsigned npeers,
		    unsigned k)
{
	const struct mica_pol_part *x = &g->part[k];

	if (x->who < MICA_WHO_ANY || x->who > (int)npeers ||
	    x->rights < 1 || x->rights > 3)
		return false;
	if (x->who == MICA_WHO_HOST)
		return g->kind == 1;
	return x->ipa < MICA_POL_HALF_GRANULES &&
	       g->granules <= MICA_POL_HALF_GRANULES - x->ipa &&
	       (x->who != MICA_WHO_ANY || x->limit >= 1);
}

/* Canonical order of participants: named Realms by measurement, then
 * any, then the host. Negative, zero or positive like memcmp. */
/*@ requires \valid_read(p) && \valid_read(a) && \valid_read(b);
    requires p->hash <= 1 && p->npeers <= MICA_POL_MAX_PEERS;
    requires MICA_WHO_ANY <= a->who <= p->npeers;
    requires MICA_WHO_ANY <= b->who <= p->npeers;
    assigns \nothing;
    ensures mica_pol_cls(a->who) < mica_pol_cls(b->who) ==> \result < 0;
    ensures mica_pol_cls(a->who) > mica_pol_cls(b->who) ==> \result > 0;
    ensures mica_pol_cls(a->who) == mica_pol_cls(b->who) &&
            mica_pol_cls(a->who) != 0 ==> \result == 0;
*/
static int part_cmp(const struct mica_pol *p, const struct mica_pol_part *a,
		    const struct mica_pol_part *b)
{
	size_t dlen = p->hash ? 64 : 32;
	int ca = a->who == MICA_WHO_HOST ? 2 : a->who == MICA_WHO_ANY;
	int cb = b->who == MICA_WHO_HOST ? 2 : b->who == MICA_WHO_ANY;

	if (ca != cb)
		return ca < cb ? -1 : 1;
	if (ca != 0)
		return 0;
	return memcmp(a->who ? p->peers[a->who - 1] : p->measurement,
		      b->who ? p->peers[b->who - 1] : p->measurement, dlen);
}

/* Region i: its own fields, then each participant on its own and after
 * the one before it, and `self` the one entry naming this Realm. */
/*@ requires \valid_read(p) && \valid(f) && \separated(p, f);
    requires i < MICA_POL_MAX_REGIONS;
    requires p->hash <= 1 && p->npeers <= MICA_POL_MAX_PEERS;
    assigns *f;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> mica_pol_region_ok(&p->region[i], p->npeers);
*/
static int check_region(const struct mica_pol *p, unsigned i,
			struct mica_pol_fault *f)
{
	const struct mica_pol_region *g = &p->region[i];
	int c;

	if (g->kind > 1 || g->granules < 1 ||
	    g->granules > MICA_POL_HALF_GRANULES || g->nparts < 1 ||
	    g->nparts > MICA_POL_MAX_PARTS)
		return fault(f, MICA_POL_RULE_REGION, i, 0);
	/*@ loop invariant 0 <= k <= g->nparts;
	    loop invariant \forall integer j; 0 <= j < k ==>
	                   mica_pol_part_ok(g, p->npeers, j);
	    loop invariant \forall integer j; 0 <= j < k &&
	                   g->part[j].who == MICA_WHO_SELF ==> j == g->self;
	    loop invariant \forall integer j; 1 <= j < k ==>
	         mica_pol_cls(g->part[j - 1].who) < mica_pol_cls(g->part[j].who) ||
	         (mica_pol_cls(g->part[j - 1].who) == 0 &&
	          mica_pol_cls(g->part[j].who) == 0);
	    loop assigns k, c, *f;
	    loop variant g->nparts - k; */
	for (unsigned k = 0; k < g->nparts; k++) {
		if (!part_ok(g, p->npeers, k))
			return fault(f, MICA_POL_RULE_PART, i, k);
		/* The one before, on its own, for part_cmp()'s precondition. */
		//@ assert k > 0 ==> mica_pol_part_ok(g, p->npeers, k - 1);
		if (k > 0 && (c = part_cmp(p, &g->part[k - 1], &g->part[k])) >= 0)
			return fault(f, c == 0 ? MICA_POL_RULE_REPEAT
					       : MICA_POL_RULE_PART_ORDER, i, k);
		if (g->part[k].who == MICA_WHO_SELF && k != g->self)
			return fault(f, MICA_POL_RULE_NO_SELF, i, 0);
	}
	if (g->self >= g->nparts || g->part[g->self].who != MICA_WHO_SELF)
		return fault(f, MICA_POL_RULE_NO_SELF, i, 0);
	return 0;
}

/* A region's window in this Realm's 48-bit IPA space, in granules. */
/*@ requires \valid_read(g) && g->self < MICA_POL_MAX_PARTS;
    requires g->part[g->self].ipa < MICA_POL_HALF_GRANULES;
    assigns \nothing;
    ensures \result == mica_pol_self_ipa(g);
*/
static uint64_t self_ipa(const struct mica_pol_region *g)
{
	return g->part[g->self].ipa + (g->kind ? MICA_POL_HALF_GRANULES : 0);
}

/* Every peer is a participant somewhere: a table entry nothing refers to
 * would be a second encoding of the same content. Returns 0, or k when
 * peers[k - 1] is in no region. */
/*@ requires \valid_read(p) && mica_pol_tables(p);
    assigns \nothing;
    ensures 0 <= \result <= p->npeers;
*/
static unsigned unused_peer(const struct mica_pol *p)
{
	/*@ loop invariant 1 <= k <= p->npeers + 1;
	    loop assigns k;
	    loop variant p->npeers + 1 - k; */
	for (unsigned k = 1; k <= p->npeers; k++) {
		bool used = false;

		/* The inner loop's bound, from the tables in two steps. */
		/*@ assert \forall integer i; 0 <= i < p->nregions ==>
		           mica_pol_region_ok(&p->region[i], p->npeers); */
		/*@ assert \forall integer i; 0 <= i < p->nregions ==>
		           p->region[i].nparts <= MICA_POL_MAX_PARTS; */
		/*@ loop invariant 0 <= i <= p->nregions;
		    loop assigns i, used;
		    loop variant p->nregions - i; */
		for (unsigned i = 0; i < p->nregions; i++)
			/*@ loop invariant 0 <= j <= p->region[i].nparts;
			    loop assigns j, used;
			    loop variant p->region[i].nparts - j; */
			for (unsigned j = 0; j < p->region[i].nparts; j++)
				used |= p->region[i].part[j].who == (int)k;
		if (!used)
			return k;
	}
	return 0;
}

int mica_pol_check(const struct mica_pol *p, struct mica_pol_fault *f)
{
	unsigned i, k;

	if (p->major != MICA_BLOB_MAJOR)
		return fault(f, MICA_POL_RULE_MAJOR, 0, 0);
	if (!named(p))
		return fault(f, MICA_POL_RULE_NAME, 0, 0);
	/* No unknown flag: the known ones are the low bits (blob_read.h,
	 * mica_pol_tables). */
	if (p->hash > 1 || p->flags > MICA_BLOB_FLAGS_KNOWN ||
	    p->npeers > MICA_POL_MAX_PEERS ||
	    p->nregions > MICA_POL_MAX_REGIONS ||
	    p->nhostcalls > MICA_POL_MAX_HOSTCALLS ||
	    p->rpv_len > MICA_POL_RPV_MAX ||
	    ((p->flags & MICA_BLOB_HOSTCALL_ANY) && p->nhostcalls != 0))
		return fault(f, MICA_POL_RULE_SCALARS, 0, 0);
	/* Host-call ranges ordered, merged and apart. */
	/*@ loop invariant 0 <= i <= p->nhostcalls;
	    loop invariant \forall integer j; 0 <= j < i ==>
	                   p->hostcall[j][0] <= p->hostcall[j][1];
	    loop invariant \forall integer j; 1 <= j < i ==>
	                   p->hostcall[j][0] > p->hostcall[j - 1][1] + 1;
	    loop assigns i, *f;
	    loop variant p->nhostcalls - i; */
	for (i = 0; i < p->nhostcalls; i++)
		if (p->hostcall[i][0] > p->hostcall[i][1] ||
		    (i > 0 && p->hostcall[i][0] <= p->hostcall[i - 1][1] + 1))
			return fault(f, MICA_POL_RULE_HOSTCALL, i, 0);
	/* Regions, each sound, ascending and apart in this Realm's IPA. */
	/*@ loop invariant 0 <= i <= p->nregions;
	    loop invariant \forall integer j; 0 <= j < i ==>
	                   mica_pol_region_ok(&p->region[j], p->npeers);
	    loop invariant \forall integer j; 1 <= j < i ==>
	         mica_pol_self_ipa(&p->region[j - 1]) + p->region[j - 1].granules
	         <= mica_pol_self_ipa(&p->region[j]);
	    loop assigns i, *f;
	    loop variant p->nregions - i; */
	for (i = 0; i < p->nregions; i++) {
		const struct mica_pol_region *g = &p->region[i];
		uint64_t start, prev;

		if (check_region(p, i, f))
			return -1;
		if (i == 0)
			continue;
		/* Each window's start inside its half, for self_ipa(). */
		//@ assert mica_pol_part_ok(g, p->npeers, g->self);
		//@ assert mica_pol_region_ok(g - 1, p->npeers);
		//@ assert mica_pol_part_ok(g - 1, p->npeers, g[-1].self);
		start = self_ipa(g);
		prev = self_ipa(g - 1);
		if (start <= prev)
			return fault(f, MICA_POL_RULE_REGION_ORDER, i, 0);
		if (start - prev < g[-1].granules)
			return fault(f, MICA_POL_RULE_OVERLAP, i, 0);
	}
	if ((k = unused_peer(p)) != 0)
		return fault(f, MICA_POL_RULE_UNUSED_PEER, k - 1, 0);
	return 0;
}
