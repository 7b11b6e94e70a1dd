/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_mica_rmm_unmap.c -- SHARE_UNMAP fails closed, page k of a region
 * is k at full width, and the group of a Realm is found without walking
 * its regions' pages.
 *
 * Fail closed: each test corrupts one record the RMM keeps (the state
 * SHARE_MAP leaves is consistent, so only a corruption reaches these
 * paths) and checks that SHARE_UNMAP refuses with RMI_ERROR_INPUT and
 * changes nothing at all (context, memory, GPT).
 */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "tpol.h"
#include "mica/rmm_test.h"

#define S0 200u
#define S1 201u
#define IPA_A 0x100000ul
#define IPA_B 0x110000ul

static struct tplat *tp;
static struct tsnap *snap;

static const char P1[] =
	"policy p1 version 1;\n"
	"realm a { measurement = %R0; trust = trusted; }\n"
	"realm b { measurement = %R1; trust = trusted; }\n"
	"region r : protected, 8 KiB { a: w @ 0x100000; b: r @ 0x110000; }\n";

static void setup(void)
{
	tp = tp_new();
	snap = malloc(sizeof *snap);
	ck_assert_ptr_nonnull(snap);
	tp_delegate(tp, S0);
	tp_delegate(tp, S1);
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

/* SHARE_UNMAP by realm i at ipa is refused and changes nothing. */
static void unmap_refused(unsigned i, unsigned long ipa)
{
	tp_snap(tp, snap);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(i), ipa),
			  MICA_RMI_ERROR_INPUT);
	ck_assert(tp_same(tp, snap));
}

/* a and b both map S0. */
static void pair(void)
{
	tpol_realm(tp, 0);
	tpol_realm(tp, 1);
	up(0, P1, "a");
	up(1, P1, "b");
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	ck_assert_uint_eq(map(1, S0, IPA_B), 0);
}

/* The RTT says SHARED but the granule is not: no share record to use. */
START_TEST(granule_not_shared)
{
	pair();
	tp->ctx.granule[S0].state = MICA_GRANULE_DELEGATED;
	unmap_refused(0, IPA_A);
	unmap_refused(1, IPA_B);
}
END_TEST

/* a maps S0 through its stage 2, but the share record does not list it:
 * a must not remove another mapper (b) in its place. */
START_TEST(caller_not_a_mapper)
{
	struct mica_rmm_share *s;

	pair();
	s = &tp->ctx.share[S0];
	ck_assert_uint_eq(s->nmap, 2);
	s->realm[0] = s->realm[1];   /* b twice, a gone */
	unmap_refused(0, IPA_A);
}
END_TEST

/* The share record lists a through another region than the one whose
 * window holds the IPA. */
START_TEST(mapper_region_mismatch)
{
	pair();
	tp->ctx.share[S0].region[0] = 3;
	unmap_refused(0, IPA_A);
}
END_TEST

/* The last mapper leaves, but the (key, page) index has no entry for the
 * granule: nothing is scrubbed, freed or removed. */
START_TEST(index_entry_missing)
{
	unsigned n = 0;

	pair();
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(1), IPA_B), 0);
	for (unsigned i = 0; i < 2 * MICA_RMM_MAX_GRANULES; i++)
		if (tp->ctx.shidx[i] == S0 + 1) {
			tp->ctx.shidx[i] = 0;
			n++;
		}
	ck_assert_uint_eq(n, 1);
	unmap_refused(0, IPA_A);
}
END_TEST

/* A window that maps no page cannot lose one. */
START_TEST(window_count_zero)
{
	pair();
	tpol_r(tp, 0)->policy.win[0].npages = 0;
	unmap_refused(0, IPA_A);
}
END_TEST

/*
 * A Realm whose protected half is 2^47 bytes (s2sz 48, root at level 0)
 * with RTTs and RAM for page 0 and page 2^32 of a region of 2^35 pages,
 * the largest a blob may declare.
 */
#define FAR (1ul << 44)   /* page 2^32 */
static const char HUGE[] =
	"policy h version 1;\n"
	"realm a { measurement = %R0; trust = trusted; }\n"
	"realm b { measurement = %R1; trust = trusted; }\n"
	"region r : protected, 131072 GiB { a: rw @ 0; b: r @ 0; }\n";

static void huge_realm(void)
{
	unsigned rd = TPOL_G(0, 0);

	tp_delegate(tp, rd);
	tp_delegate(tp, TPOL_G(0, 1));
	tp_realm_params(PG(tp, W_SCRATCH), MICA_RMI_HASH_SHA256, 48, 0, 1, 1,
			PA(TPOL_G(0, 1)));
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_CREATE, PA(rd),
			      PA(W_SCRATCH)), 0);
	for (unsigned h = 0; h < 2; h++) {
		unsigned long ipa = h ? FAR : 0;

		tp_rtt(tp, rd, TPOL_G(0, 2 + 3 * h), ipa, 1);
		tp_rtt(tp, rd, TPOL_G(0, 3 + 3 * h), ipa, 2);
		tp_rtt(tp, rd, TPOL_G(0, 4 + 3 * h), ipa, 3);
		ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_INIT_RIPAS, PA(rd), ipa,
				      ipa + 0x1000), 0);
	}
	tpol_realm(tp, 1);
	up(0, HUGE, "a");
}

/* Pages 0 and 2^32 are two pages: each takes its own granule, and a
 * second granule for page 2^32 is refused as for any page already
 * backed. With k cut to 32 bits both were one index entry. */
START_TEST(page_index_full_width)
{
	huge_realm();
	ck_assert_uint_eq(map(0, S0, 0), 0);
	ck_assert_uint_eq(map(0, S1, FAR), 0);
	ck_assert_uint_eq(tp->ctx.share[S0].page, 0);
	ck_assert_uint_eq(tp->ctx.share[S1].page, 1ull << 32);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(0), FAR), 0);
	ck_assert_uint_eq(tp->ctx.granule[S1].state, MICA_GRANULE_DELEGATED);
	ck_assert_uint_eq(tp->ctx.granule[S0].state, MICA_GRANULE_SHARED);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(0), 0), 0);
}
END_TEST

static void hung(int sig)
{
	(void)sig;
	_exit(3);
}

/* The group of a Realm mapping pages of a 2^35-page region comes from
 * its windows, not its pages: walking the region (about 220 s at 6.4 ns
 * a page) would trip the alarm, which only guards against that. */
START_TEST(group_independent_of_region_size)
{
	unsigned slots[4];

	huge_realm();
	ck_assert_uint_eq(map(0, S0, 0), 0);
	ck_assert_uint_eq(map(0, S1, FAR), 0);
	signal(SIGALRM, hung);
	alarm(30);
	ck_assert_uint_eq(mica_rmm_policy_group(&tp->ctx,
			  tp->ctx.granule[TPOL_G(0, 0)].owner, slots, 4), 1);
	alarm(0);
	ck_assert_uint_eq(slots[0], tp->ctx.granule[TPOL_G(0, 0)].owner);
}
END_TEST

/* Two Realms that map different pages of one region instance are one
 * group (the instance connects them), and leave it when they unmap. */
START_TEST(group_through_instance)
{
	unsigned slots[4], a, b;

	tpol_realm(tp, 0);
	tpol_realm(tp, 1);
	up(0, P1, "a");
	up(1, P1, "b");
	a = tp->ctx.granule[TPOL_G(0, 0)].owner;
	b = tp->ctx.granule[TPOL_G(1, 0)].owner;
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	ck_assert_uint_eq(map(1, S0, IPA_B), 0);
	ck_assert_uint_eq(map(0, S1, IPA_A + 0x1000), 0);
	ck_assert_uint_eq(mica_rmm_policy_group(&tp->ctx, a, slots, 4), 2);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(0), IPA_A), 0);
	/* a maps page 1, b page 0: the same instance */
	ck_assert_uint_eq(mica_rmm_policy_group(&tp->ctx, b, slots, 4), 2);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(0),
			      IPA_A + 0x1000), 0);
	ck_assert_uint_eq(mica_rmm_policy_group(&tp->ctx, b, slots, 4), 1);
	ck_assert_uint_eq(mica_rmm_policy_group(&tp->ctx, a, slots, 4), 1);
	ck_assert_uint_eq(slots[0], a);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("mica rmm unmap");
	TCase *t = tcase_create("unmap");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, granule_not_shared);
	tcase_add_test(t, caller_not_a_mapper);
	tcase_add_test(t, mapper_region_mismatch);
	tcase_add_test(t, index_entry_missing);
	tcase_add_test(t, window_count_zero);
	tcase_add_test(t, page_index_full_width);
	tcase_add_test(t, group_independent_of_region_size);
	tcase_add_test(t, group_through_instance);
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
