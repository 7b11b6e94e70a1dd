/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_rmm_granule.c -- initialisation, the granule state machine and
 * the GPT, scrubbing, VERSION, FEATURES and the dispatcher.
 */
#include <stdlib.h>

#include "tplat.h"

static struct tplat *tp;

static void setup(void)
{
	tp = tp_new();
}

static void teardown(void)
{
	tp_free(tp);
}

START_TEST(init_rejects_bad_platforms)
{
	struct mica_rmm_platform p = tp->plat;
	struct mica_rmm *ctx = malloc(sizeof *ctx);

	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(mica_rmm_init(ctx, &p), 0);
	ck_assert_int_eq(mica_rmm_init(ctx, NULL), -1);
	ck_assert_int_eq(mica_rmm_init(NULL, &p), -1);
	p.mem = NULL;
	ck_assert_int_eq(mica_rmm_init(ctx, &p), -1);
	p = tp->plat;
	p.gpt_transition = NULL;
	ck_assert_int_eq(mica_rmm_init(ctx, &p), -1);
	p = tp->plat;
	p.run_realm = NULL;
	ck_assert_int_eq(mica_rmm_init(ctx, &p), -1);
	p = tp->plat;
	p.ngranules = 0;
	ck_assert_int_eq(mica_rmm_init(ctx, &p), -1);
	p.ngranules = MICA_RMM_MAX_GRANULES + 1;
	ck_assert_int_eq(mica_rmm_init(ctx, &p), -1);
	p = tp->plat;
	p.base_pa += 8;
	ck_assert_int_eq(mica_rmm_init(ctx, &p), -1);
	p.base_pa = ~0ul & ~0xFFFul;   /* the range would wrap */
	ck_assert_int_eq(mica_rmm_init(ctx, &p), -1);
	/* A refused init leaves a context that refuses everything. */
	{
		unsigned long a[7] = { MICA_RMI_VERSION, 0x10000 }, r[5];

		ck_assert_uint_eq(mica_rmm_rmi(ctx, a, r), MICA_SMC_UNKNOWN);
	}
	free(ctx);
}
END_TEST

START_TEST(init_state)
{
	for (unsigned i = 0; i < MICA_RMM_MAX_GRANULES; i++)
		ck_assert_uint_eq(tp->ctx.granule[i].state, MICA_GRANULE_NS);
	ck_assert_uint_eq(tp->ctx.nfree_realms, MICA_RMM_MAX_REALMS);
	ck_assert_uint_eq(tp->ctx.nfree_recs, MICA_RMM_MAX_RECS);
	ck_assert_uint_eq(tp->ctx.running, 0);
}
END_TEST

START_TEST(delegate_undelegate_cycle)
{
	uint8_t *page = PG(tp, 7);

	memset(page, 0xEE, 4096);   /* the host's data */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_GRANULE_DELEGATE, PA(7)), 0);
	ck_assert_uint_eq(tp->ctx.granule[7].state, MICA_GRANULE_DELEGATED);
	ck_assert_uint_eq(tp->gpt[7], 1);
	for (unsigned i = 0; i < 4096; i++)   /* scrubbed on the way in */
		ck_assert_uint_eq(page[i], 0);
	/* Only the targeted granule moved. */
	ck_assert_uint_eq(tp->ctx.granule[6].state, MICA_GRANULE_NS);
	ck_assert_uint_eq(tp->ctx.granule[8].state, MICA_GRANULE_NS);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_GRANULE_UNDELEGATE, PA(7)), 0);
	ck_assert_uint_eq(tp->ctx.granule[7].state, MICA_GRANULE_NS);
	ck_assert_uint_eq(tp->gpt[7], 0);
	/* And again: the cycle is repeatable. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_GRANULE_DELEGATE, PA(7)), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_GRANULE_UNDELEGATE, PA(7)), 0);
	/* First and last granules of the range. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_GRANULE_DELEGATE, PA(0)), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_GRANULE_DELEGATE, PA(TP_NGRAN - 1)), 0);
	ck_assert_uint_eq(tp->gpt[TP_NGRAN - 1], 1);
}
END_TEST

/* Every granule that a destroy returns to DELEGATED is zero, and
 * UNDELEGATE hands zeros back to the host. */
START_TEST(destroy_paths_scrub)
{
	static const unsigned g[] = { W_DATA_A, W_REC_A, W_L3U_A, W_RD_C,
				      W_ROOT_C, W_L2_C };
	unsigned long a;

	tp_world(tp);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_DATA_DESTROY, PA(W_RD_A), 0), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REC_DESTROY, PA(W_REC_A)), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_UNMAP_UNPROTECTED, PA(W_RD_A),
			      TP_UNPROT, 3), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_DESTROY, PA(W_RD_A), TP_UNPROT,
			      3), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_DESTROY, PA(W_RD_C), 0, 2), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_DESTROY, PA(W_RD_C)), 0);
	for (unsigned k = 0; k < sizeof g / sizeof g[0]; k++) {
		ck_assert_uint_eq(tp->ctx.granule[g[k]].state,
				  MICA_GRANULE_DELEGATED);
		for (unsigned i = 0; i < 4096; i++)
			ck_assert_uint_eq(PG(tp, g[k])[i], 0);
		a = PA(g[k]);
		ck_assert_uint_eq(RMI(tp, MICA_RMI_GRANULE_UNDELEGATE, a), 0);
		ck_assert_uint_eq(tp->gpt[g[k]], 0);
	}
	/* The DATA granule had the source's bytes before. */
	ck_assert_uint_eq(PG(tp, W_SRC)[1], 7);
}
END_TEST

START_TEST(version_and_features)
{
	ck_assert_uint_eq(RMI(tp, MICA_RMI_VERSION, 0x10000), 0);
	ck_assert_uint_eq(tp->ret[1], 0x10000);
	ck_assert_uint_eq(tp->ret[2], 0x10000);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_VERSION, 0x10001),
			  MICA_RMI_ERROR_INPUT);
	ck_assert_uint_eq(tp->ret[1], 0x10000);   /* still reports its own */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_FEATURES, 0), 0);
	ck_assert_uint_eq(tp->ret[1] & 0xFF, 48);           /* S2SZ */
	ck_assert_uint_eq((tp->ret[1] >> 28) & 3, 3);      /* SHA-256, -512 */
	ck_assert_uint_eq((tp->ret[1] >> 8) & 1, 0);       /* no LPA2 */
	ck_assert_uint_eq((tp->ret[1] >> 9) & 1, 0);       /* no SVE */
	ck_assert_uint_eq((tp->ret[1] >> 22) & 1, 0);      /* no PMU */
	ck_assert_uint_eq((tp->ret[1] >> 14) & 0xF, MICA_RMM_NUM_BPS);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_FEATURES, 1), 0);
	ck_assert_uint_eq(tp->ret[1], 0);
}
END_TEST

/* Unused return registers read as zero; unused argument registers are
 * ignored (SMCCC). */
START_TEST(dispatch_registers)
{
	unsigned long a[7] = { MICA_RMI_GRANULE_DELEGATE, PA(5), 1, 2, 3, 4, 5 };
	unsigned long r[5] = { 9, 9, 9, 9, 9 };

	ck_assert_uint_eq(mica_rmm_rmi(&tp->ctx, a, r), 0);
	ck_assert_uint_eq(r[0], 0);
	for (unsigned i = 1; i < 5; i++)
		ck_assert_uint_eq(r[i], 0);
	a[0] = 0xC4000156;
	ck_assert_uint_eq(mica_rmm_rmi(&tp->ctx, a, r), 0xFFFFFFFFul);
	ck_assert_uint_eq(r[0], 0xFFFFFFFFul);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rmm granules");
	TCase *tc = tcase_create("granule");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, init_rejects_bad_platforms);
	tcase_add_test(tc, init_state);
	tcase_add_test(tc, delegate_undelegate_cycle);
	tcase_add_test(tc, destroy_paths_scrub);
	tcase_add_test(tc, version_and_features);
	tcase_add_test(tc, dispatch_registers);
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
