/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_rmm_s2.c -- the stage-2 map: RTT creation and destruction, entry
 * states through RTT_READ_ENTRY, unprotected mappings, DATA, RIPAS, and
 * mica_rmm_s2_translate() with the PAS it reports.
 */
#include <stdlib.h>

#include "tplat.h"

#define RD_A PA(W_RD_A)
#define RD_B PA(W_RD_B)
#define R MICA_S2_AP_R
#define W MICA_S2_AP_W

static struct tplat *tp;

static void setup(void)
{
	tp = tp_new();
	tp_world(tp);
}

static void teardown(void)
{
	tp_free(tp);
}

/* RTT_READ_ENTRY's four outputs. */
static void entry_is(unsigned long rd, unsigned long ipa, unsigned level,
		     unsigned long walk, unsigned long state,
		     unsigned long desc, unsigned long ripas)
{
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_READ_ENTRY, rd, ipa, level), 0);
	ck_assert_uint_eq(tp->ret[1], walk);
	ck_assert_uint_eq(tp->ret[2], state);
	ck_assert_uint_eq(tp->ret[3], desc);
	ck_assert_uint_eq(tp->ret[4], ripas);
}

START_TEST(read_entry_states)
{
	entry_is(RD_A, 0, 1, 1, MICA_RMI_TABLE, PA(W_L2_A), 0);
	entry_is(RD_A, 0, 2, 2, MICA_RMI_TABLE, PA(W_L3_A), 0);
	entry_is(RD_A, 0, 3, 3, MICA_RMI_ASSIGNED, PA(W_DATA_A), MICA_RMI_EMPTY);
	entry_is(RD_A, 0x1000, 3, 3, MICA_RMI_UNASSIGNED, 0, MICA_RMI_RAM);
	entry_is(RD_A, 0x2000, 3, 3, MICA_RMI_UNASSIGNED, 0, MICA_RMI_DESTROYED);
	entry_is(RD_A, 0x3000, 3, 3, MICA_RMI_UNASSIGNED, 0, MICA_RMI_EMPTY);
	entry_is(RD_A, TP_UNPROT, 3, 3, MICA_RMI_ASSIGNED, PA(W_NSMAP) | 0xC0, 0);
	entry_is(RD_A, TP_UNPROT + 0x1000, 3, 3, MICA_RMI_UNASSIGNED, 0, 0);
	/* A walk that stops early says where. */
	entry_is(RD_A, 0x40000000, 3, 1, MICA_RMI_UNASSIGNED, 0, 0);
	entry_is(RD_A, 0x200000, 3, 2, MICA_RMI_UNASSIGNED, 0, 0);
	entry_is(RD_B, 0x1000, 3, 3, MICA_RMI_ASSIGNED, PA(W_DATA_B2), MICA_RMI_RAM);
}
END_TEST

START_TEST(rtt_create_destroy)
{
	struct mica_rmm_realm *r = &tp->ctx.realm[tp->ctx.granule[W_RD_A].owner];
	unsigned n = r->num_rtts;

	tp_rtt(tp, W_RD_A, 50, 0x40000000, 2);
	tp_rtt(tp, W_RD_A, 51, 0x40200000, 3);
	ck_assert_uint_eq(r->num_rtts, n + 2);
	ck_assert_uint_eq(tp->ctx.granule[51].state, MICA_GRANULE_RTT);
	entry_is(RD_A, 0x40200000, 2, 2, MICA_RMI_TABLE, PA(51), 0);
	/* Inner tables go last. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_DESTROY, RD_A, 0x40000000, 2),
			  RMI_RTT(2));
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_DESTROY, RD_A, 0x40200000, 3), 0);
	ck_assert_uint_eq(tp->ret[1], PA(51));
	ck_assert_uint_eq(tp->ret[2], 0x40400000);
	ck_assert_uint_eq(tp->ctx.granule[51].state, MICA_GRANULE_DELEGATED);
	/* The block the RTT covered is DESTROYED now, and a new RTT there
	 * inherits that. */
	entry_is(RD_A, 0x40200000, 3, 2, MICA_RMI_UNASSIGNED, 0, MICA_RMI_DESTROYED);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_CREATE, RD_A, PA(51), 0x40200000, 3), 0);
	entry_is(RD_A, 0x40201000, 3, 3, MICA_RMI_UNASSIGNED, 0, MICA_RMI_DESTROYED);
	entry_is(RD_A, 0x403FF000, 3, 3, MICA_RMI_UNASSIGNED, 0, MICA_RMI_DESTROYED);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_INIT_RIPAS, RD_A, 0x40200000,
			      0x40201000), RMI_RTT(3));
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_DESTROY, RD_A, 0x40200000, 3), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_DESTROY, RD_A, 0x40000000, 2), 0);
	ck_assert_uint_eq(r->num_rtts, n);
	/* Unprotected blocks do not become DESTROYED. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_UNMAP_UNPROTECTED, RD_A,
			      TP_UNPROT, 3), 0);
	ck_assert_uint_eq(tp->ret[1], TP_UNPROT + 0x1000);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_DESTROY, RD_A, TP_UNPROT, 3), 0);
	entry_is(RD_A, TP_UNPROT, 3, 2, MICA_RMI_UNASSIGNED, 0, 0);
	ck_assert_uint_eq(tp->ctx.granule[W_L3U_A].state, MICA_GRANULE_DELEGATED);
}
END_TEST

START_TEST(unprotected_mappings)
{
	unsigned long pa;
	const struct mica_rmm *c = &tp->ctx;

	unsigned pas = 7;

	/* rw mapping in the world: reads and writes go to NS granule 9, in
	 * the NS PAS. */
	ck_assert_int_eq(mica_rmm_s2_translate(c, RD_A, TP_UNPROT + 0x123, R, &pa, &pas), 0);
	ck_assert_uint_eq(pa, PA(W_NSMAP) + 0x123);
	ck_assert_uint_eq(pas, MICA_RMM_PAS_NS);
	ck_assert_int_eq(mica_rmm_s2_translate(c, RD_A, TP_UNPROT, R | W, &pa, NULL), 0);
	/* Read-only and write-only mappings. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_MAP_UNPROTECTED, RD_A,
			      TP_UNPROT + 0x1000, 3, PA(8) | R | 0x3C | 0x300), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_MAP_UNPROTECTED, RD_A,
			      TP_UNPROT + 0x2000, 3, PA(8) | W), 0);
	entry_is(RD_A, TP_UNPROT + 0x1000, 3, 3, MICA_RMI_ASSIGNED,
		 PA(8) | R | 0x33C, 0);
	ck_assert_int_eq(mica_rmm_s2_translate(c, RD_A, TP_UNPROT + 0x1000, R, &pa, NULL), 0);
	ck_assert_int_eq(mica_rmm_s2_translate(c, RD_A, TP_UNPROT + 0x1000, W, &pa, NULL), -1);
	ck_assert_int_eq(mica_rmm_s2_translate(c, RD_A, TP_UNPROT + 0x2000, W, &pa, NULL), 0);
	ck_assert_int_eq(mica_rmm_s2_translate(c, RD_A, TP_UNPROT + 0x2000, R, &pa, NULL), -1);
	ck_assert_int_eq(mica_rmm_s2_translate(c, RD_A, TP_UNPROT + 0x3000, R, &pa, NULL), -1);
	/* Unmap: gone. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_UNMAP_UNPROTECTED, RD_A,
			      TP_UNPROT + 0x1000, 3), 0);
	ck_assert_int_eq(mica_rmm_s2_translate(c, RD_A, TP_UNPROT + 0x1000, R, &pa, NULL), -1);
	/* Bad translate requests. */
	ck_assert_int_eq(mica_rmm_s2_translate(c, RD_A, TP_UNPROT, 0, &pa, NULL), -1);
	ck_assert_int_eq(mica_rmm_s2_translate(c, RD_A, TP_UNPROT, 0x100, &pa, NULL), -1);
	ck_assert_int_eq(mica_rmm_s2_translate(c, PA(W_DEL0), TP_UNPROT, R, &pa, NULL), -1);
	ck_assert_int_eq(mica_rmm_s2_translate(c, RD_A, 1ul << 33, R, &pa, NULL), -1);
}
END_TEST

/* RTT_MAP_UNPROTECTED never maps a granule the RMM manages: delegated,
 * an RD, an RTT, DATA. Such memory is Realm PAS; mapped at an IPA the
 * platform took for protected (a narrower Realm's unprotected half), it
 * would hand the Realm another Realm's data. */
START_TEST(map_unprotected_managed)
{
	static const unsigned granules[] = { W_DEL0, W_RD_B, W_L3_A, W_DATA_B2 };
	struct tsnap *snap = malloc(sizeof *snap);

	ck_assert_ptr_nonnull(snap);
	tp_snap(tp, snap);
	for (unsigned k = 0; k < sizeof granules / sizeof granules[0]; k++)
		ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_MAP_UNPROTECTED, RD_A,
				      TP_UNPROT + 0x1000, 3,
				      PA(granules[k]) | R | W),
				  MICA_RMI_ERROR_INPUT);
	ck_assert(tp_same(tp, snap));
	/* An NS granule is fine; so is memory the RMM does not track. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_MAP_UNPROTECTED, RD_A,
			      TP_UNPROT + 0x1000, 3, PA(8) | R | W), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_MAP_UNPROTECTED, RD_A,
			      TP_UNPROT + 0x2000, 3, (1ul << 40) | R | W), 0);
	free(snap);
}
END_TEST

START_TEST(protected_translate)
{
	unsigned long pa;
	const struct mica_rmm *c = &tp->ctx;

	unsigned pas = 7;

	/* Realm B: RAM with DATA: accessible, in the Realm PAS. */
	ck_assert_int_eq(mica_rmm_s2_translate(c, RD_B, 0x1FFF, R | W, &pa, &pas), 0);
	ck_assert_uint_eq(pa, PA(W_DATA_B2) + 0xFFF);
	ck_assert_uint_eq(pas, MICA_RMM_PAS_REALM);
	/* Realm A: DATA at 0 with RIPAS EMPTY is not accessible; RAM
	 * without DATA neither; DESTROYED neither. */
	ck_assert_int_eq(mica_rmm_s2_translate(c, RD_A, 0, R, &pa, NULL), -1);
	ck_assert_int_eq(mica_rmm_s2_translate(c, RD_A, 0x1000, R, &pa, NULL), -1);
	ck_assert_int_eq(mica_rmm_s2_translate(c, RD_A, 0x2000, R, &pa, NULL), -1);
	ck_assert_int_eq(mica_rmm_s2_translate(c, RD_A, 0x40000000, R, &pa, NULL), -1);
	/* The contents are the source page's. */
	ck_assert_uint_eq(tp->mem[pa - TP_BASE], (uint8_t)(0xFFF * 7));
}
END_TEST

START_TEST(data_lifecycle)
{
	uint8_t *d = PG(tp, W_DATA_B2);

	ck_assert_uint_eq(tp->ctx.granule[W_DATA_B2].state, MICA_GRANULE_DATA);
	ck_assert_uint_eq(tp->ctx.granule[W_DATA_B2].owner,
			  tp->ctx.granule[W_RD_B].owner);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_DATA_DESTROY, RD_B, 0x1000), 0);
	ck_assert_uint_eq(tp->ret[1], PA(W_DATA_B2));
	ck_assert_uint_eq(tp->ret[2], 0x2000);
	for (unsigned i = 0; i < 4096; i++)
		ck_assert_uint_eq(d[i], 0);
	/* RAM lost its page: DESTROYED, so no silent replacement. */
	entry_is(RD_B, 0x1000, 3, 3, MICA_RMI_UNASSIGNED, 0, MICA_RMI_DESTROYED);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_DATA_CREATE_UNKNOWN, RD_B,
			      PA(W_DATA_B2), 0x1000), RMI_RTT(3));
	/* RAM pages of an ACTIVE Realm can be populated unmeasured. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_DATA_CREATE_UNKNOWN, RD_B,
			      PA(W_DATA_B2), 0x2000), 0);
	entry_is(RD_B, 0x2000, 3, 3, MICA_RMI_ASSIGNED, PA(W_DATA_B2), MICA_RMI_RAM);
	/* EMPTY pages stay EMPTY through DATA_DESTROY. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_DATA_DESTROY, RD_A, 0), 0);
	entry_is(RD_A, 0, 3, 3, MICA_RMI_UNASSIGNED, 0, MICA_RMI_EMPTY);
	/* A DATA granule cannot be reused while it is DATA. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_DATA_CREATE_UNKNOWN, RD_B,
			      PA(W_DATA_B2), 0x3000), MICA_RMI_ERROR_INPUT);
}
END_TEST

START_TEST(init_ripas_runs)
{
	struct mica_rmm_realm *r = &tp->ctx.realm[tp->ctx.granule[W_RD_A].owner];

	/* Stops at the end of the level-3 table... */
	tp_rtt(tp, W_RD_A, 50, 0x200000, 3);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_INIT_RIPAS, RD_A, 0x1FE000,
			      0x202000), 0);
	ck_assert_uint_eq(tp->ret[1], 0x200000);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_INIT_RIPAS, RD_A, 0x200000,
			      0x202000), 0);
	ck_assert_uint_eq(tp->ret[1], 0x202000);
	entry_is(RD_A, 0x201000, 3, 3, MICA_RMI_UNASSIGNED, 0, MICA_RMI_RAM);
	entry_is(RD_A, 0x202000, 3, 3, MICA_RMI_UNASSIGNED, 0, MICA_RMI_EMPTY);
	/* ...at the first entry it cannot change (0x2000 is DESTROYED)... */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_INIT_RIPAS, RD_A, 0x1000,
			      0x5000), 0);
	ck_assert_uint_eq(tp->ret[1], 0x2000);
	/* ...and RAM may be initialised again (idempotent but measured). */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_INIT_RIPAS, RD_A, 0x1000,
			      0x2000), 0);
	ck_assert_uint_eq(r->state, MICA_REALM_NEW);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rmm stage 2");
	TCase *tc = tcase_create("s2");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, read_entry_states);
	tcase_add_test(tc, rtt_create_destroy);
	tcase_add_test(tc, unprotected_mappings);
	tcase_add_test(tc, map_unprotected_managed);
	tcase_add_test(tc, protected_translate);
	tcase_add_test(tc, data_lifecycle);
	tcase_add_test(tc, init_ripas_runs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
