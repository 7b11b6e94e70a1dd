/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_mica_rmm_share.c -- SHARE_MAP / SHARE_UNMAP: every mutual-consent
 * rule with a passing and a failing case, consistency, exclusivity, the
 * `any` limit, rights -> stage-2 permissions, scrub on the last unmap,
 * the group of connected Realms; the context is unchanged after every
 * refused call.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tpol.h"
#include "mica/rmm_test.h"

#define R MICA_S2_AP_R
#define W MICA_S2_AP_W
#define S0 200u
#define S1 201u
#define S2 202u
#define IPA_A 0x100000ul
#define IPA_B 0x110000ul
#define IPA_ANY 0x120000ul

static struct tplat *tp;
static struct tsnap *snap;

/* a writes, b reads, one unnamed Realm may read. */
static const char P1[] =
	"policy p1 version 1;\n"
	"realm a { measurement = %R0; trust = trusted; }\n"
	"realm b { measurement = %R1; trust = trusted; }\n"
	"region r : protected, 8 KiB { a: w @ 0x100000; b: r @ 0x110000;\n"
	"  any: r @ 0x120000 limit 1; }\n";

static void setup(void)
{
	tp = tp_new();
	snap = malloc(sizeof *snap);
	ck_assert_ptr_nonnull(snap);
	for (unsigned i = 0; i < 5; i++)
		tpol_realm(tp, i);
	for (unsigned g = S0; g <= S2; g++)
		tp_delegate(tp, g);
}

static void teardown(void)
{
	free(snap);
	tp_free(tp);
}

static void up(unsigned i, const char *text, const char *name)
{
	tpol_bind_text(tp, i, text, name);
	ck_assert_uint_eq(tpol_activate(tp, i), 0);
}

static unsigned long map(unsigned i, unsigned g, unsigned long ipa)
{
	return RMI(tp, MICA_RMI_SHARE_MAP, TPOL_RD(i), PA(g), ipa);
}

/* A refused call, and nothing changed. */
static void refused(unsigned i, unsigned g, unsigned long ipa,
		    unsigned long want)
{
	tp_snap(tp, snap);
	ck_assert_uint_eq(map(i, g, ipa), want);
	ck_assert(tp_same(tp, snap));
}

static unsigned long s2ap(unsigned i, unsigned long ipa)
{
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_READ_ENTRY, TPOL_RD(i), ipa, 3), 0);
	return tp->ret[3] & (R | W);
}

START_TEST(named_pair_rights)
{
	unsigned long pa;

	up(0, P1, "a");
	up(1, P1, "b");
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	ck_assert_uint_eq(tp->ctx.granule[S0].state, MICA_GRANULE_SHARED);
	ck_assert_uint_eq(map(1, S0, IPA_B), 0);
	ck_assert_uint_eq(tp->ctx.granule[S0].refcount, 2);
	/* Stage 2 is exactly the policy's rights: a w, b r. */
	ck_assert_uint_eq(s2ap(0, IPA_A), W);
	ck_assert_uint_eq(s2ap(1, IPA_B), R);
	ck_assert_int_eq(mica_rmm_s2_translate(&tp->ctx, TPOL_RD(0), IPA_A, W, &pa, NULL), 0);
	ck_assert_uint_eq(pa, PA(S0));
	ck_assert_int_eq(mica_rmm_s2_translate(&tp->ctx, TPOL_RD(0), IPA_A, R, &pa, NULL), -1);
	ck_assert_int_eq(mica_rmm_s2_translate(&tp->ctx, TPOL_RD(1), IPA_B + 8, R, &pa, NULL), 0);
	ck_assert_uint_eq(pa, PA(S0) + 8);
	ck_assert_int_eq(mica_rmm_s2_translate(&tp->ctx, TPOL_RD(1), IPA_B, W, &pa, NULL), -1);
	/* Page 1 too. */
	ck_assert_uint_eq(map(1, S1, IPA_B + 0x1000), 0);
	ck_assert_uint_eq(map(0, S1, IPA_A + 0x1000), 0);
	/* A granule a SHARED granule cannot be undelegated or reused. */
	tp_snap(tp, snap);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_GRANULE_UNDELEGATE, PA(S0)), MICA_RMI_ERROR_INPUT);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_DATA_CREATE_UNKNOWN, TPOL_RD(0), PA(S0), 0x3000),
			  MICA_RMI_ERROR_INPUT);
	ck_assert(tp_same(tp, snap));
}
END_TEST

START_TEST(consent_same_workflow)
{
	/* b's blob from a different policy version: other workflow digest,
	 * and b is not an `any` joiner of a's region either (it is named). */
	char p2[sizeof P1 + 8];

	strcpy(p2, P1);
	strstr(p2, "version 1")[8] = '2';
	up(0, P1, "a");
	up(1, p2, "b");
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	refused(1, S0, IPA_B, MICA_RMI_ERROR_INPUT);
}
END_TEST

START_TEST(consent_identical_region)
{
	/* Same policy except the region's definition differs for b (its
	 * rights): two policies, so also two workflows; a third realm's
	 * description that differs only in an IPA is refused too. */
	static const char q1[] =
		"policy q version 1;\n"
		"realm a { measurement = %R0; trust = trusted; }\n"
		"realm b { measurement = %R1; trust = trusted; }\n"
		"region r : protected, 8 KiB { a: w @ 0x100000; b: r @ 0x110000; }\n";
	static const char q2[] =
		"policy q version 1;\n"
		"realm a { measurement = %R0; trust = trusted; }\n"
		"realm b { measurement = %R1; trust = trusted; }\n"
		"region r : protected, 8 KiB { a: w @ 0x100000; b: rw @ 0x110000; }\n";

	up(0, q1, "a");
	up(1, q2, "b");
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	refused(1, S0, IPA_B, MICA_RMI_ERROR_INPUT);
}
END_TEST

START_TEST(consent_names_each_other)
{
	/* c (realm 2) has the same workflow as a but is not in a's region:
	 * its blob has no such region, so the IPA is outside its windows. */
	static const char q[] =
		"policy q version 1;\n"
		"realm a { measurement = %R0; trust = trusted; }\n"
		"realm b { measurement = %R1; trust = trusted; }\n"
		"realm c { measurement = %R2; trust = trusted; }\n"
		"region r : protected, 8 KiB { a: w @ 0x100000; b: r @ 0x110000; }\n"
		"region s : protected, 8 KiB { c: rw @ 0x110000; a: r @ 0x130000; }\n";

	up(0, q, "a");
	up(1, q, "b");
	up(2, q, "c");
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	/* c's window at 0x110000 is region s: not named in r. */
	refused(2, S0, 0x110000, MICA_RMI_ERROR_INPUT);
	ck_assert_uint_eq(map(1, S0, IPA_B), 0);
}
END_TEST

START_TEST(consistency_page_k)
{
	up(0, P1, "a");
	up(1, P1, "b");
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	/* Page 0 is S0: b may not use S1 for it, nor S0 as page 1. */
	refused(1, S1, IPA_B, MICA_RMI_ERROR_INPUT);
	refused(1, S0, IPA_B + 0x1000, MICA_RMI_ERROR_INPUT);
	/* a may not map S0 twice, nor put another granule at page 0. */
	refused(0, S0, IPA_A + 0x1000, MICA_RMI_ERROR_INPUT);
	ck_assert_uint_eq(map(1, S0, IPA_B), 0);
}
END_TEST

/* An unnamed Realm joining through `any`: its own policy names a and b
 * with the same rights and IPAs, carries the same `any` entry, and gives
 * itself no more than r. */
static const char ANYP[] =
	"policy other version 1;\n"
	"realm a { measurement = %R0; trust = trusted; }\n"
	"realm b { measurement = %R1; trust = trusted; }\n"
	"realm x { measurement = %R%X; trust = trusted; }\n"
	"region r : protected, 8 KiB { a: w @ 0x100000; b: r @ 0x110000;\n"
	"  x: %W @ 0x120000; any: r @ 0x120000 limit 1; }\n";

static void any_policy(char *out, unsigned realm, const char *rights)
{
	const char *p = ANYP;
	char *o = out;

	for (; *p; p++) {
		if (p[0] == '%' && p[1] == 'X') {
			*o++ = (char)('0' + realm);
			p++;
		} else if (p[0] == '%' && p[1] == 'W') {
			o += sprintf(o, "%s", rights);
			p++;
		} else {
			*o++ = *p;
		}
	}
	*o = 0;
}

/* A joiner's blob must carry the region's `any` entry exactly: without
 * it (or with other rights, IPA or limit) its own flow analysis never
 * saw the other joiners, so it is refused; with it, admitted. */
START_TEST(any_entry_must_be_carried)
{
	static const char *const entries[] = {
		"",                                     /* none */
		"any: rw @ 0x120000 limit 1;",          /* other rights */
		"any: r @ 0x120000 limit 2;",           /* other limit */
		"any: r @ 0x120000 limit 1;",           /* the same: admitted */
	};
	char q[1024];

	up(0, P1, "a");
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	for (unsigned k = 0; k < 4; k++) {
		unsigned x = 4 + k;

		if (x > 4)
			tpol_realm(tp, x);
		snprintf(q, sizeof q,
			 "policy other version 1;\n"
			 "realm a { measurement = %%R0; trust = trusted; }\n"
			 "realm b { measurement = %%R1; trust = trusted; }\n"
			 "realm x { measurement = %%R%u; trust = trusted; }\n"
			 "region r : protected, 8 KiB { a: w @ 0x100000;\n"
			 "  b: r @ 0x110000; x: r @ 0x120000; %s }\n",
			 x, entries[k]);
		up(x, q, "x");
		if (k < 3)
			refused(x, S0, IPA_ANY, MICA_RMI_ERROR_INPUT);
		else
			ck_assert_uint_eq(map(x, S0, IPA_ANY), 0);
	}
	/* An `any` entry at another IPA cannot even be written: the joiner
	 * maps itself at the entry's IPA, and two of its windows would
	 * overlap. */
}
END_TEST

/* `any ... limit 1` counts Realms over the whole region: the second
 * joiner is refused on page 1 as on page 0, until the first has left
 * every page. */
START_TEST(any_limit_per_region)
{
	char q2[1024], q3[1024];

	up(0, P1, "a");
	any_policy(q2, 2, "r");
	any_policy(q3, 3, "r");
	up(2, q2, "x");
	up(3, q3, "x");
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	ck_assert_uint_eq(map(0, S1, IPA_A + 0x1000), 0);
	ck_assert_uint_eq(map(2, S0, IPA_ANY), 0);
	refused(3, S1, IPA_ANY + 0x1000, MICA_RMI_ERROR_INPUT);
	refused(3, S0, IPA_ANY, MICA_RMI_ERROR_INPUT);
	/* x2 may take page 1 as well: it is the same joiner. */
	ck_assert_uint_eq(map(2, S1, IPA_ANY + 0x1000), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(2), IPA_ANY), 0);
	refused(3, S0, IPA_ANY, MICA_RMI_ERROR_INPUT);   /* x2 still on page 1 */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(2),
			      IPA_ANY + 0x1000), 0);
	ck_assert_uint_eq(map(3, S1, IPA_ANY + 0x1000), 0);
}
END_TEST

/* A named subject is one Realm: a clone of b (b's image and blob) may not
 * map the region as b while b does, on any page; after b has left it
 * may. */
START_TEST(named_subject_not_cloned)
{
	up(0, P1, "a");
	up(1, P1, "b");
	tpol_realm_image(tp, 5, 1);
	up(5, P1, "b");
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	ck_assert_uint_eq(map(0, S1, IPA_A + 0x1000), 0);
	ck_assert_uint_eq(map(1, S0, IPA_B), 0);
	refused(5, S0, IPA_B, MICA_RMI_ERROR_INPUT);
	refused(5, S1, IPA_B + 0x1000, MICA_RMI_ERROR_INPUT);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(1), IPA_B), 0);
	ck_assert_uint_eq(map(5, S1, IPA_B + 0x1000), 0);
	/* Now b is the one refused. */
	refused(1, S0, IPA_B, MICA_RMI_ERROR_INPUT);
}
END_TEST

/* Region identity is the whole SHA-256: two definitions whose keys agree
 * in the first 128 bits (a forged collision, made here by flipping the
 * last byte of b's key) are different regions. */
START_TEST(region_key_full_digest)
{
	up(0, P1, "a");
	up(1, P1, "b");
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	tpol_r(tp, 1)->policy.win[0].key[MICA_REGION_KEY_SIZE - 1] ^= 1;
	refused(1, S0, IPA_B, MICA_RMI_ERROR_INPUT);
	tpol_r(tp, 1)->policy.win[0].key[MICA_REGION_KEY_SIZE - 1] ^= 1;
	ck_assert_uint_eq(map(1, S0, IPA_B), 0);
}
END_TEST

START_TEST(any_join_and_limit)
{
	char q3[1024], q4[1024];

	up(0, P1, "a");
	up(1, P1, "b");
	any_policy(q3, 2, "r");
	any_policy(q4, 3, "r");
	up(2, q3, "x");
	up(3, q4, "x");
	/* No named mapper yet: an `any` Realm cannot start the region. */
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	ck_assert_uint_eq(map(2, S0, IPA_ANY), 0);
	ck_assert_uint_eq(s2ap(2, IPA_ANY), R);
	/* limit 1: the second unnamed Realm is refused. */
	refused(3, S0, IPA_ANY, MICA_RMI_ERROR_INPUT);
	/* b joins: it accepts the `any` Realm already there. */
	ck_assert_uint_eq(map(1, S0, IPA_B), 0);
	/* After x leaves, the other may come. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(2), IPA_ANY), 0);
	ck_assert_uint_eq(tp->ret[2], 2);
	ck_assert_uint_eq(map(3, S0, IPA_ANY), 0);
}
END_TEST

START_TEST(any_rights_wider_refused)
{
	char q3[1024];

	up(0, P1, "a");
	any_policy(q3, 2, "rw");
	up(2, q3, "x");
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	refused(2, S0, IPA_ANY, MICA_RMI_ERROR_INPUT);
}
END_TEST

START_TEST(any_must_name_everyone)
{
	/* x's policy leaves b out: refused. */
	static const char q[] =
		"policy other version 1;\n"
		"realm a { measurement = %R0; trust = trusted; }\n"
		"realm x { measurement = %R2; trust = trusted; }\n"
		"region r : protected, 8 KiB { a: w @ 0x100000; x: r @ 0x120000; }\n";

	up(0, P1, "a");
	up(2, q, "x");
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	refused(2, S0, IPA_ANY, MICA_RMI_ERROR_INPUT);
}
END_TEST

START_TEST(no_policy_outsider)
{
	/* Realm 4 has no policy: it maps no shared granule (exclusivity). */
	up(0, P1, "a");
	ck_assert_uint_eq(tpol_activate(tp, 4), 0);
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	refused(4, S0, IPA_A, MICA_RMI_ERROR_REALM);
	refused(4, S1, IPA_A, MICA_RMI_ERROR_REALM);
}
END_TEST

START_TEST(map_errors)
{
	up(0, P1, "a");
	tpol_bind_text(tp, 1, P1, "b");    /* b NEW: not yet */
	refused(1, S0, IPA_B, MICA_RMI_ERROR_REALM);
	refused(0, 30, IPA_A, MICA_RMI_ERROR_INPUT);           /* NS */
	refused(0, TPOL_G(0, 6), IPA_A, MICA_RMI_ERROR_INPUT); /* DATA */
	refused(0, S0, IPA_A + 1, MICA_RMI_ERROR_INPUT);
	refused(0, S0, 0x3000, MICA_RMI_ERROR_INPUT);         /* no region */
	refused(0, S0, TP_UNPROT, MICA_RMI_ERROR_INPUT);
	refused(0, S0, 1ul << 40, MICA_RMI_ERROR_INPUT);
	tp_snap(tp, snap);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_MAP, PA(S0), PA(S0), IPA_A), MICA_RMI_ERROR_INPUT);
	ck_assert(tp_same(tp, snap));
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	refused(0, S1, IPA_A, MICA_RMI_PACK(MICA_RMI_ERROR_INPUT, 0)); /* page 0 taken */
	/* unmap errors */
	tp_snap(tp, snap);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(0), IPA_A + 0x1000),
			  MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 3));
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(0), 0), MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 3));
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(0), 0x40000000), MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 1));
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(0), IPA_A + 4), MICA_RMI_ERROR_INPUT);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(0), TP_UNPROT), MICA_RMI_ERROR_INPUT);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, PA(S0), IPA_A), MICA_RMI_ERROR_INPUT);
	/* RTTs holding a shared page stay. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_DESTROY, TPOL_RD(0), 0, 3), MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 3));
	ck_assert(tp_same(tp, snap));
}
END_TEST

START_TEST(scrub_on_last_unmap)
{
	up(0, P1, "a");
	up(1, P1, "b");
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	ck_assert_uint_eq(map(1, S0, IPA_B), 0);
	memset(PG(tp, S0), 0x5A, 4096);     /* what a wrote */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(0), IPA_A), 0);
	ck_assert_uint_eq(tp->ret[1], PA(S0));
	ck_assert_uint_eq(tp->ret[2], 1);
	ck_assert_uint_eq(PG(tp, S0)[100], 0x5A);   /* b still maps it */
	ck_assert_uint_eq(tp->ctx.granule[S0].state, MICA_GRANULE_SHARED);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(1), IPA_B), 0);
	ck_assert_uint_eq(tp->ret[2], 0);
	ck_assert_uint_eq(tp->ctx.granule[S0].state, MICA_GRANULE_DELEGATED);
	for (unsigned i = 0; i < 4096; i++)
		ck_assert_uint_eq(PG(tp, S0)[i], 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_GRANULE_UNDELEGATE, PA(S0)), 0);
	/* The entries are DESTROYED (the Realms learn the memory went; they
	 * accept RAM again with RSI_IPA_STATE_SET before a new map). */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_READ_ENTRY, TPOL_RD(0), IPA_A, 3), 0);
	ck_assert_uint_eq(tp->ret[4], MICA_RMI_DESTROYED);
	refused(1, S1, IPA_B, MICA_RMI_PACK(MICA_RMI_ERROR_RTT, 3));
	ck_assert_uint_eq(map(1, S1, IPA_B + 0x1000), 0);
}
END_TEST

START_TEST(group)
{
	static const char q[] =
		"policy g version 1;\n"
		"realm a { measurement = %R0; trust = trusted; }\n"
		"realm b { measurement = %R1; trust = trusted; }\n"
		"realm c { measurement = %R2; trust = trusted; }\n"
		"realm d { measurement = %R3; trust = trusted; }\n"
		"region r : protected, 4 KiB { a: w @ 0x100000; b: r @ 0x110000; }\n"
		"region s : protected, 4 KiB { b: w @ 0x120000; c: r @ 0x130000; }\n"
		"region t : protected, 4 KiB { d: w @ 0x140000; a: r @ 0x150000; }\n";
	unsigned slots[8], n, sl[4];

	for (unsigned i = 0; i < 4; i++) {
		up(i, q, (const char[]){ (char)('a' + i), 0 });
		sl[i] = tp->ctx.granule[TPOL_G(i, 0)].owner;
	}
	ck_assert_uint_eq(map(0, S0, 0x100000), 0);
	ck_assert_uint_eq(map(1, S0, 0x110000), 0);
	ck_assert_uint_eq(map(1, S1, 0x120000), 0);
	ck_assert_uint_eq(map(2, S1, 0x130000), 0);
	ck_assert_uint_eq(map(3, S2, 0x140000), 0);   /* a not yet */
	n = mica_rmm_policy_group(&tp->ctx, sl[2], slots, 8);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(slots[0], sl[0]);
	ck_assert_uint_eq(slots[1], sl[1]);
	ck_assert_uint_eq(slots[2], sl[2]);
	ck_assert_uint_eq(mica_rmm_policy_group(&tp->ctx, sl[3], slots, 8), 1);
	ck_assert_uint_eq(map(0, S2, 0x150000), 0);
	ck_assert_uint_eq(mica_rmm_policy_group(&tp->ctx, sl[3], slots, 2), 4);
	ck_assert_uint_eq(slots[1], sl[1]);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("mica rmm share");
	TCase *t = tcase_create("share");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, named_pair_rights);
	tcase_add_test(t, consent_same_workflow);
	tcase_add_test(t, consent_identical_region);
	tcase_add_test(t, consent_names_each_other);
	tcase_add_test(t, consistency_page_k);
	tcase_add_test(t, any_join_and_limit);
	tcase_add_test(t, any_entry_must_be_carried);
	tcase_add_test(t, any_limit_per_region);
	tcase_add_test(t, named_subject_not_cloned);
	tcase_add_test(t, region_key_full_digest);
	tcase_add_test(t, any_rights_wider_refused);
	tcase_add_test(t, any_must_name_everyone);
	tcase_add_test(t, no_policy_outsider);
	tcase_add_test(t, map_errors);
	tcase_add_test(t, scrub_on_last_unmap);
	tcase_add_test(t, group);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
