/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_rmm_measure.c -- RIM and REM known answers. Every expected value
 * is computed here from the layouts documented in mica/rmm.h with
 * mbedTLS directly, not with the module's measure.c.
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

static size_t dsize(unsigned alg)
{
	return alg == MICA_RMI_HASH_SHA256 ? 32 : 64;
}

/* RIM0 of a Realm created from `page`. */
static void kat_rim0(unsigned alg, const uint8_t *params, uint8_t *rim)
{
	uint8_t page[4096];

	memcpy(page, params, sizeof page);
	memset(page + 0x400, 0, 64);            /* rpv */
	memset(page + 0x800, 0, 4096 - 0x800);  /* vmid, rtt_* */
	memset(rim, 0, 64);
	tp_hash(alg, page, sizeof page, rim);
}

static void kat_extend(unsigned alg, uint8_t *rim, const uint8_t desc[256])
{
	uint8_t out[64] = { 0 };

	tp_hash(alg, desc, 256, out);
	memcpy(rim, out, 64);
}

static void kat_head(uint8_t d[256], unsigned type, unsigned alg,
		     const uint8_t *rim)
{
	memset(d, 0, 256);
	d[0] = (uint8_t)type;
	mica_st64(d + 0x08, 0x100);
	memcpy(d + 0x10, rim, dsize(alg));
}

static void kat_data(unsigned alg, uint8_t *rim, unsigned long ipa,
		     unsigned long flags, const uint8_t *content)
{
	uint8_t d[256];

	kat_head(d, 0, alg, rim);
	mica_st64(d + 0x50, ipa);
	mica_st64(d + 0x58, flags);
	if (content != NULL)
		tp_hash(alg, content, 4096, d + 0x60);
	kat_extend(alg, rim, d);
}

static void kat_ripas(unsigned alg, uint8_t *rim, unsigned long base,
		      unsigned long top)
{
	uint8_t d[256];

	kat_head(d, 2, alg, rim);
	mica_st64(d + 0x50, base);
	mica_st64(d + 0x58, top);
	kat_extend(alg, rim, d);
}

static void kat_rec(unsigned alg, uint8_t *rim, const uint8_t *params)
{
	uint8_t page[4096], d[256];

	memcpy(page, params, sizeof page);
	memset(page + 0x100, 0, 8);             /* mpidr */
	memset(page + 0x800, 0, 4096 - 0x800);  /* num_aux, aux */
	kat_head(d, 1, alg, rim);
	tp_hash(alg, page, sizeof page, d + 0x50);
	kat_extend(alg, rim, d);
}

static void check_rim(unsigned rd, const uint8_t *want)
{
	const struct mica_rmm_realm *r;

	r = &tp->ctx.realm[tp->ctx.granule[rd].owner];
	ck_assert_uint_eq(tp->ctx.granule[rd].state, MICA_GRANULE_RD);
	ck_assert_mem_eq(r->meas[0], want, 64);
}

static void rim0_for(unsigned alg)
{
	uint8_t want[64], params[4096];

	tp_realm(tp, 10, 11, 5, alg);
	tp_realm_params(params, alg, TP_S2SZ, 1, 1, 5, PA(11));
	kat_rim0(alg, params, want);
	check_rim(10, want);
	/* REM0..3 start at zero. */
	for (unsigned i = 1; i < 5; i++)
		for (unsigned j = 0; j < 64; j++)
			ck_assert_uint_eq(tp->ctx.realm[0].meas[i][j], 0);
}

START_TEST(rim0_sha256)
{
	rim0_for(MICA_RMI_HASH_SHA256);
}
END_TEST

START_TEST(rim0_sha512)
{
	rim0_for(MICA_RMI_HASH_SHA512);
}
END_TEST

/* Per-instance fields do not change RIM0; measured ones do. */
START_TEST(rim0_instance_fields)
{
	uint8_t *p = PG(tp, W_SCRATCH);
	const struct mica_rmm_realm *r1, *r2, *r3;

	tp_delegate(tp, 10), tp_delegate(tp, 11), tp_delegate(tp, 12);
	tp_delegate(tp, 13), tp_delegate(tp, 14), tp_delegate(tp, 15);
	tp_realm_params(p, 0, TP_S2SZ, 1, 1, 1, PA(11));
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_CREATE, PA(10), PA(1)), 0);
	tp_realm_params(p, 0, TP_S2SZ, 1, 1, 2, PA(13));   /* other rpv too */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_CREATE, PA(12), PA(1)), 0);
	tp_realm_params(p, 0, TP_S2SZ, 1, 1, 3, PA(15));
	p[0x18] = 1;   /* num_bps is measured */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_CREATE, PA(14), PA(1)), 0);
	r1 = &tp->ctx.realm[tp->ctx.granule[10].owner];
	r2 = &tp->ctx.realm[tp->ctx.granule[12].owner];
	r3 = &tp->ctx.realm[tp->ctx.granule[14].owner];
	ck_assert_mem_eq(r1->meas[0], r2->meas[0], 64);
	ck_assert(memcmp(r1->meas[0], r3->meas[0], 32) != 0);
	ck_assert(memcmp(r1->rpv, r2->rpv, 64) != 0);
}
END_TEST

/* The whole build of the standard world's Realm A, step by step. */
START_TEST(rim_build_sequence)
{
	uint8_t want[64], params[4096], recp[4096];

	tp_world(tp);
	tp_realm_params(params, 0, TP_S2SZ, 1, 1, 1, PA(W_ROOT_A));
	kat_rim0(0, params, want);
	kat_data(0, want, 0, MICA_RMI_MEASURE_CONTENT, PG(tp, W_SRC));
	kat_ripas(0, want, 0x1000, 0x3000);
	kat_data(0, want, 0x2000, MICA_RMI_NO_MEASURE_CONTENT, NULL);
	tp_rec_params(recp, MICA_REC_PARAMS_RUNNABLE, 0, 0x4000);
	kat_rec(0, want, recp);
	check_rim(W_RD_A, want);
	/* DATA_CREATE measured what it copied: the DATA granule holds the
	 * source's bytes. */
	ck_assert_mem_eq(PG(tp, W_DATA_A), PG(tp, W_SRC), 4096);
}
END_TEST

/* SHA-512: every step's digest fills all 64 bytes of its field. */
START_TEST(rim_sha512_steps)
{
	uint8_t want[64], params[4096], recp[4096];

	for (unsigned i = 0; i < 4096; i++)
		PG(tp, W_SRC)[i] = (uint8_t)(i ^ 0x5A);
	tp_realm(tp, 10, 11, 9, MICA_RMI_HASH_SHA512);
	tp_rtts_for(tp, 10, 12, 13, 0x7000);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_INIT_RIPAS, PA(10), 0x6000,
			      0x8000), 0);
	tp_data(tp, 10, 14, 0x7000, W_SRC, MICA_RMI_MEASURE_CONTENT);
	tp_rec(tp, 10, 15, 0, 0);
	tp_realm_params(params, 1, TP_S2SZ, 1, 1, 9, PA(11));
	kat_rim0(1, params, want);
	kat_ripas(1, want, 0x6000, 0x8000);
	kat_data(1, want, 0x7000, 1, PG(tp, W_SRC));
	tp_rec_params(recp, 0, 0, 0x4000);
	kat_rec(1, want, recp);
	check_rim(10, want);
}
END_TEST

/* Unmeasured calls leave the RIM alone. */
START_TEST(rim_unmeasured_calls)
{
	uint8_t before[64];
	const struct mica_rmm_realm *r;

	tp_world(tp);
	r = &tp->ctx.realm[tp->ctx.granule[W_RD_A].owner];
	memcpy(before, r->meas[0], 64);
	tp_delegate(tp, 50);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_DATA_CREATE_UNKNOWN, PA(W_RD_A),
			      PA(50), 0x1000), 0);
	tp_rtt(tp, W_RD_A, 51, 0x200000, 3);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_MAP_UNPROTECTED, PA(W_RD_A),
			      TP_UNPROT + 0x1000, 3, PA(W_NSMAP)), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_DATA_DESTROY, PA(W_RD_A), 0x1000), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_ACTIVATE, PA(W_RD_A)), 0);
	ck_assert_mem_eq(r->meas[0], before, 64);
}
END_TEST

/* ---- REM: RSI_MEASUREMENT_EXTEND and _READ from a running REC ---- */

static unsigned long rsi(unsigned long rec, unsigned long fid,
			 const unsigned long *a, unsigned n,
			 unsigned long ret[MICA_RMM_SMC_REGS])
{
	unsigned long x[MICA_RMM_SMC_REGS] = { fid };

	for (unsigned i = 0; i < n; i++)
		x[1 + i] = a[i];
	return mica_rmm_rsi(&tp->ctx, rec, x, ret);
}

static void rem_calls(struct tplat *t, unsigned long rec)
{
	unsigned long ret[MICA_RMM_SMC_REGS], a[10];
	uint8_t want[64] = { 0 }, buf[128], data[64];
	const struct mica_rmm_realm *r;

	(void)t;
	r = &tp->ctx.realm[tp->ctx.granule[W_RD_B].owner];
	for (unsigned i = 0; i < 64; i++)
		data[i] = (uint8_t)(0xC0 + i);
	/* REM1 (slot 2) extended twice: 64 bytes, then 5. */
	a[0] = 2;
	a[1] = 64;
	for (unsigned i = 0; i < 8; i++)
		a[2 + i] = mica_ld64(data + 8 * i);
	ck_assert_uint_eq(rsi(rec, MICA_RSI_MEASUREMENT_EXTEND, a, 10, ret), 0);
	memset(buf, 0, 32);
	memcpy(buf + 32, data, 64);
	tp_hash(0, buf, 96, want);
	a[1] = 5;
	ck_assert_uint_eq(rsi(rec, MICA_RSI_MEASUREMENT_EXTEND, a, 10, ret), 0);
	memcpy(buf, want, 32);
	memcpy(buf + 32, data, 5);
	tp_hash(0, buf, 37, want);
	ck_assert_mem_eq(r->meas[2], want, 64);
	/* Size 0 is an extension too: H(REM). */
	a[0] = 4;
	a[1] = 0;
	ck_assert_uint_eq(rsi(rec, MICA_RSI_MEASUREMENT_EXTEND, a, 10, ret), 0);
	memset(buf, 0, 32);
	tp_hash(0, buf, 32, want);
	ck_assert_mem_eq(r->meas[4], want, 32);
	/* READ returns the slot as eight LE words; REM0 untouched. */
	a[0] = 2;
	ck_assert_uint_eq(rsi(rec, MICA_RSI_MEASUREMENT_READ, a, 1, ret), 0);
	for (unsigned i = 0; i < 8; i++)
		ck_assert_uint_eq(ret[1 + i], mica_ld64(r->meas[2] + 8 * i));
	ck_assert_uint_eq(ret[5], 0);   /* SHA-256: upper half zero */
	a[0] = 0;
	ck_assert_uint_eq(rsi(rec, MICA_RSI_MEASUREMENT_READ, a, 1, ret), 0);
	ck_assert_uint_eq(ret[1], mica_ld64(r->meas[0]));
	a[0] = 1;
	ck_assert_uint_eq(rsi(rec, MICA_RSI_MEASUREMENT_READ, a, 1, ret), 0);
	for (unsigned i = 1; i <= 8; i++)
		ck_assert_uint_eq(ret[i], 0);
}

START_TEST(rem_extend_and_read)
{
	tp_world(tp);
	STEP(tp, .kind = S_CALL, .fn = rem_calls);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
}
END_TEST

/* Also through the trap path (the SMC reported by run_realm). */
START_TEST(rem_extend_trapped)
{
	uint8_t want[64] = { 0 }, buf[33] = { 0 };
	const struct mica_rmm_realm *r;

	tp_world(tp);
	STEP(tp, .kind = S_SMC, .x = { MICA_RSI_MEASUREMENT_EXTEND, 1, 1, 0xAB });
	STEP(tp, .kind = S_SMC, .x = { MICA_RSI_MEASUREMENT_READ, 1 });
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	buf[32] = 0xAB;
	tp_hash(0, buf, 33, want);
	r = &tp->ctx.realm[tp->ctx.granule[W_RD_B].owner];
	ck_assert_mem_eq(r->meas[1], want, 64);
	ck_assert_uint_eq(tp->res[1].x[0], MICA_RSI_SUCCESS);
	ck_assert_uint_eq(tp->res[2].x[1], mica_ld64(want));
	ck_assert_uint_eq(tp->res[2].x[4], mica_ld64(want + 24));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rmm measurements");
	TCase *tc = tcase_create("rim");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, rim0_sha256);
	tcase_add_test(tc, rim0_sha512);
	tcase_add_test(tc, rim0_instance_fields);
	tcase_add_test(tc, rim_build_sequence);
	tcase_add_test(tc, rim_sha512_steps);
	tcase_add_test(tc, rim_unmeasured_calls);
	suite_add_tcase(s, tc);
	tc = tcase_create("rem");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, rem_extend_and_read);
	tcase_add_test(tc, rem_extend_trapped);
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
