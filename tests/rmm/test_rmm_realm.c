/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_rmm_realm.c -- the Realm state machine: create, activate, destroy,
 * parameters, starting levels, VMIDs and slots; and REC create/destroy.
 */
#include <stdio.h>
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

static struct mica_rmm_realm *realm_at(unsigned rd)
{
	ck_assert_uint_eq(tp->ctx.granule[rd].state, MICA_GRANULE_RD);
	return &tp->ctx.realm[tp->ctx.granule[rd].owner];
}

START_TEST(lifecycle)
{
	struct mica_rmm_realm *r;

	tp_realm(tp, 10, 11, 42, MICA_RMI_HASH_SHA256);
	r = realm_at(10);
	ck_assert_uint_eq(r->state, MICA_REALM_NEW);
	ck_assert_uint_eq(r->vmid, 42);
	ck_assert_uint_eq(r->s2sz, TP_S2SZ);
	ck_assert_uint_eq(r->rd, PA(10));
	ck_assert_uint_eq(r->rtt_base, PA(11));
	ck_assert_uint_eq(r->rpv[0], 0xA0 + 42);
	ck_assert_uint_eq(tp->ctx.granule[11].state, MICA_GRANULE_RTT);
	ck_assert_uint_eq(tp->ctx.nfree_realms, MICA_RMM_MAX_REALMS - 1);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_ACTIVATE, PA(10)), 0);
	ck_assert_uint_eq(r->state, MICA_REALM_ACTIVE);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_ACTIVATE, PA(10)),
			  MICA_RMI_ERROR_REALM);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_DESTROY, PA(10)), 0);
	ck_assert_uint_eq(r->state, MICA_REALM_FREE);
	ck_assert_uint_eq(tp->ctx.granule[10].state, MICA_GRANULE_DELEGATED);
	ck_assert_uint_eq(tp->ctx.granule[11].state, MICA_GRANULE_DELEGATED);
	ck_assert_uint_eq(tp->ctx.nfree_realms, MICA_RMM_MAX_REALMS);
	/* Gone: its RD is no RD any more. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_ACTIVATE, PA(10)),
			  MICA_RMI_ERROR_INPUT);
	/* The granules and the VMID can be used again. */
	tp_realm_params(PG(tp, 1), 0, TP_S2SZ, 1, 1, 42, PA(10));
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_CREATE, PA(11), PA(1)), 0);
}
END_TEST

START_TEST(vmids_unique)
{
	tp_realm(tp, 10, 11, 7, 0);
	tp_delegate(tp, 12), tp_delegate(tp, 13);
	tp_realm_params(PG(tp, 1), 0, TP_S2SZ, 1, 1, 7, PA(13));
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_CREATE, PA(12), PA(1)),
			  MICA_RMI_ERROR_INPUT);
	tp_realm_params(PG(tp, 1), 0, TP_S2SZ, 1, 1, 0xFFFF, PA(13));
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_CREATE, PA(12), PA(1)), 0);
	ck_assert_uint_eq(realm_at(12)->vmid, 0xFFFF);
}
END_TEST

/* Starting levels and concatenated root RTTs. */
struct start_row {
	unsigned s2sz;
	long level;
	unsigned num;
};

static const struct start_row starts[] = {
	{ 48, 0, 1 }, { 40, 0, 1 }, { 43, 1, 16 }, { 40, 1, 2 }, { 39, 1, 1 },
	{ 32, 1, 1 }, { 34, 2, 16 }, { 32, 2, 4 },
};

START_TEST(starting_levels)
{
	const struct start_row *s = &starts[_i];
	struct mica_rmm_realm *r;
	unsigned long top = 1ul << (s->s2sz - 1);

	/* Roots at 16.. (aligned to 16 granules), RD at 10. */
	tp_delegate(tp, 10);
	for (unsigned i = 0; i < s->num; i++)
		tp_delegate(tp, 16 + i);
	tp_realm_params(PG(tp, 1), 0, s->s2sz, s->level, s->num, 1, PA(16));
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_CREATE, PA(10), PA(1)), 0);
	r = realm_at(10);
	for (unsigned i = 0; i < s->num; i++)
		ck_assert_uint_eq(tp->ctx.granule[16 + i].state,
				  MICA_GRANULE_RTT);
	/* Tables down to level 3 for the last protected and the last
	 * unprotected page; walks use the right root. */
	for (int k = 0; k < 2; k++) {
		unsigned long ipa = (k == 0 ? top : 2 * top) - 4096;
		unsigned g = 40 + 4 * (unsigned)k;

		for (long l = s->level + 1; l <= 3; l++) {
			unsigned long al = ipa & ~((1ul << (12 + 9 * (4 - l))) - 1);

			tp_rtt(tp, 10, g++, al, (unsigned)l);
		}
		ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_READ_ENTRY, PA(10), ipa, 3), 0);
		ck_assert_uint_eq(tp->ret[1], 3);
		ck_assert_uint_eq(tp->ret[2], MICA_RMI_UNASSIGNED);
	}
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_READ_ENTRY, PA(10), 2 * top, 3),
			  MICA_RMI_ERROR_INPUT);
	ck_assert_uint_eq(r->num_rtts, 2 * (3 - (unsigned)s->level));
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_DESTROY, PA(10)),
			  MICA_RMI_ERROR_REALM);
}
END_TEST

START_TEST(slots_exhausted)
{
	unsigned n = MICA_RMM_MAX_REALMS;

	if (2 * n + 4 > TP_NGRAN)
		return;   /* tables too big for this platform */
	for (unsigned i = 0; i < n; i++) {
		tp_delegate(tp, 2 + 2 * i);
		tp_delegate(tp, 3 + 2 * i);
		tp_realm_params(PG(tp, 1), 0, TP_S2SZ, 1, 1, i, PA(3 + 2 * i));
		ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_CREATE, PA(2 + 2 * i),
				      PA(1)), 0);
	}
	ck_assert_uint_eq(tp->ctx.nfree_realms, 0);
	tp_delegate(tp, 2 + 2 * n);
	tp_delegate(tp, 3 + 2 * n);
	tp_realm_params(PG(tp, 1), 0, TP_S2SZ, 1, 1, n, PA(3 + 2 * n));
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_CREATE, PA(2 + 2 * n), PA(1)),
			  MICA_RMI_ERROR_INPUT);
	/* Freeing one makes room again. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_DESTROY, PA(2)), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_CREATE, PA(2 + 2 * n), PA(1)),
			  0);
}
END_TEST

START_TEST(recs)
{
	struct mica_rmm_realm *r;
	struct mica_rmm_rec *rec;

	tp_realm(tp, 10, 11, 1, 0);
	tp_rec(tp, 10, 20, MICA_REC_PARAMS_RUNNABLE, 0);
	tp_rec(tp, 10, 21, 0, 1);
	/* MPIDR order: index 16 is Aff1 = 1, Aff0 = 0. */
	for (unsigned i = 2; i < 16; i++)
		tp_rec(tp, 10, 20 + i, 0, i);
	tp_rec(tp, 10, 36, 0, 0x100);
	r = realm_at(10);
	ck_assert_uint_eq(r->num_recs, 17);
	ck_assert_uint_eq(tp->ctx.granule[20].state, MICA_GRANULE_REC);
	rec = &tp->ctx.rec[tp->ctx.granule[20].owner];
	ck_assert_uint_eq(rec->runnable, 1);
	ck_assert_uint_eq(rec->pc, 0x4000);
	ck_assert_uint_eq(rec->gprs[7], 0x1007);
	ck_assert_uint_eq(rec->state, MICA_REC_READY);
	ck_assert_uint_eq(tp->ctx.rec[tp->ctx.granule[21].owner].runnable, 0);
	/* Destroying RECs does not reuse MPIDRs. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REC_DESTROY, PA(36)), 0);
	ck_assert_uint_eq(r->num_recs, 16);
	tp_delegate(tp, 37);
	tp_rec_params(PG(tp, W_RECP), 0, 0x100, 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REC_CREATE, PA(10), PA(37),
			      PA(W_RECP)), MICA_RMI_ERROR_INPUT);
	tp_rec_params(PG(tp, W_RECP), 0, 0x101, 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REC_CREATE, PA(10), PA(37),
			      PA(W_RECP)), 0);
	/* RECs keep the Realm alive. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_DESTROY, PA(10)),
			  MICA_RMI_ERROR_REALM);
	for (unsigned i = 20; i < 36; i++)
		ck_assert_uint_eq(RMI(tp, MICA_RMI_REC_DESTROY, PA(i)), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REC_DESTROY, PA(37)), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_DESTROY, PA(10)), 0);
	ck_assert_uint_eq(tp->ctx.nfree_recs, MICA_RMM_MAX_RECS);
}
END_TEST

/* REC_CREATE needs a NEW Realm; so do DATA_CREATE and INIT_RIPAS. */
START_TEST(new_only_calls)
{
	tp_realm(tp, 10, 11, 1, 0);
	tp_rtts_for(tp, 10, 12, 13, 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_ACTIVATE, PA(10)), 0);
	tp_delegate(tp, 14);
	tp_rec_params(PG(tp, W_RECP), 0, 0, 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REC_CREATE, PA(10), PA(14),
			      PA(W_RECP)), MICA_RMI_ERROR_REALM);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_DATA_CREATE, PA(10), PA(14), 0,
			      PA(W_SRC), 0), MICA_RMI_ERROR_REALM);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_INIT_RIPAS, PA(10), 0, 0x1000),
			  MICA_RMI_ERROR_REALM);
	/* ...but an ACTIVE Realm still gets RTTs and unknown DATA. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_DATA_CREATE_UNKNOWN, PA(10), PA(14),
			      0), 0);
	tp_rtt(tp, 10, 15, 0x200000, 3);
}
END_TEST

/* Memory per Realm: its record with the compact policy (what
 * enforcement reads, no blob bytes, no decoded struct mica_pol). Before
 * compaction the record was 10,624 bytes (policy 10,200). */
START_TEST(bytes_per_realm)
{
	printf("test_rmm_realm: %zu bytes per Realm (policy %zu, compact "
	       "policy %zu; decoded blob %zu, in the shared scratch)\n",
	       sizeof(struct mica_rmm_realm), sizeof(struct mica_rmm_policy),
	       sizeof(struct mica_rmm_cpol), sizeof(struct mica_pol));
	ck_assert_uint_le(sizeof(struct mica_rmm_realm), 5760);
	/* The audit record (man/mica-rmm.7, AUDIT): 68 bytes per Realm
	 * slot, in the context's table beside the record. */
	printf("test_rmm_realm: %zu bytes of audit record per Realm\n",
	       sizeof(struct mica_rmm_audit));
	ck_assert_uint_eq(sizeof(struct mica_rmm_audit), 68);
	ck_assert_uint_eq(sizeof ((struct mica_rmm *)0)->audit,
			  68u * MICA_RMM_MAX_REALMS);
	ck_assert_uint_lt(sizeof(struct mica_rmm_policy), sizeof(struct mica_pol) + 1024);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rmm realms");
	TCase *tc = tcase_create("realm");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, lifecycle);
	tcase_add_test(tc, bytes_per_realm);
	tcase_add_test(tc, vmids_unique);
	tcase_add_loop_test(tc, starting_levels, 0,
			    (int)(sizeof starts / sizeof starts[0]));
	tcase_add_test(tc, slots_exhausted);
	tcase_add_test(tc, recs);
	tcase_add_test(tc, new_only_calls);
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
