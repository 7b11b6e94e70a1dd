/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_rmm_audit.c -- the audit record (man/mica-rmm.7, AUDIT): each kind
 * of refused attempt (an RMI call on a Realm's granules, a refused join
 * of its region instance, an exit the filter denies, an abort answered
 * with an SEA) adds exactly one record to exactly the Realms it concerns,
 * and nothing else changes; the chain is recomputed here independently
 * from the expected records with mbedTLS's SHA-256; successful calls
 * record nothing; the count saturates.
 *
 * Realms are tpol.c's: a b = 0 1 (policy g: a writes r, b reads it, S0
 * shared), d = 3 (policy h, strict, one host-call range).
 */
#include <mbedtls/sha256.h>
#include <stdlib.h>

#include "tpol.h"

#define S0 200u
#define S1 201u

static struct tplat *tp;
static struct tsnap *snap;

static const char PG[] =
	"policy g version 1;\n"
	"realm a { measurement = %R0; trust = trusted; }\n"
	"realm b { measurement = %R1; trust = trusted; }\n"
	"region r : protected, 8 KiB { a: w @ 0x100000; b: r @ 0x110000; }\n";

static const char PH[] =
	"policy h version 1;\n"
	"realm d { measurement = %R3; trust = trusted; }\n"
	"realm e { measurement = %R4; trust = trusted; }\n"
	"region t : protected, 8 KiB { d: w @ 0x100000; e: r @ 0x110000; }\n"
	"allow d hostcall 0x10;\n";

static void setup(void)
{
	tp = tp_new();
	snap = malloc(sizeof *snap);
	ck_assert_ptr_nonnull(snap);
	tpol_realm(tp, 0);
	tpol_realm(tp, 1);
	tpol_realm(tp, 3);
	tp_delegate(tp, S0);
	tp_delegate(tp, S1);
	tpol_bind_text(tp, 0, PG, "a");
	tpol_bind_text(tp, 1, PG, "b");
	tpol_bind_text(tp, 3, PH, "d");
	for (unsigned i = 0; i < 4; i += 1 + (i == 1))
		ck_assert_uint_eq(tpol_activate(tp, i), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_MAP, TPOL_RD(0), PA(S0),
			      0x100000), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_MAP, TPOL_RD(1), PA(S0),
			      0x110000), 0);
}

static void teardown(void)
{
	free(snap);
	tp_free(tp);
}

/* ---- the expected record, computed here ---------------------------------- */

struct expect {
	uint32_t count;
	uint8_t chain[32];
};

static void le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

/* chain = SHA-256(chain || kind:4 || code:4 || status:8 || target:8). */
static void expect_add(struct expect *e, uint32_t kind, uint32_t code,
		       uint64_t status, uint64_t target)
{
	uint8_t buf[32 + 24];

	memcpy(buf, e->chain, 32);
	le(buf + 32, kind, 4);
	le(buf + 36, code, 4);
	le(buf + 40, status, 8);
	le(buf + 48, target, 8);
	ck_assert_int_eq(mbedtls_sha256_ret(buf, sizeof buf, e->chain, 0), 0);
	e->count++;
}

static unsigned slot(unsigned i)
{
	return (unsigned)(tpol_r(tp, i) - tp->ctx.realm);
}

static void same(unsigned i, const struct expect *e)
{
	const struct mica_rmm_audit *a = &tp->ctx.audit[slot(i)];

	ck_assert_uint_eq(a->count, e->count);
	ck_assert_mem_eq(a->chain, e->chain, 32);
}

static const struct expect none;

/* Record kinds (man/mica-rmm.7, AUDIT), spelled out here. */
enum { K_RMI = 1, K_JOIN = 2, K_EXIT = 3, K_SEA = 4 };

/* ---- the tests ------------------------------------------------------------ */

/* Setup made dozens of successful calls: no record anywhere. So do a run
 * and an allowed host call. */
START_TEST(success_records_nothing)
{
	uint8_t *hc = PG(tp, TPOL_G(3, 6)) + 0x100;

	/* 68 bytes per Realm slot: count and a 64-byte chain. */
	ck_assert_uint_eq(sizeof tp->ctx.audit[0], 68);
	for (unsigned i = 0; i < 4; i += 1 + (i == 1))
		same(i, &none);
	mica_st16(hc, 0x10);
	STEP(tp, .kind = S_SMC, .x = { MICA_RSI_HOST_CALL, 0x100 });
	ck_assert_uint_eq(tp_enter(tp, TPOL_G(3, 7), 0), 0);
	ck_assert_uint_eq(tp_exit64(tp, MICA_RUN_EXIT_REASON),
			  MICA_RMI_EXIT_HOST_CALL);
	for (unsigned i = 0; i < 4; i += 1 + (i == 1))
		same(i, &none);
}
END_TEST

/* RMI calls the RMM refuses: the Realm of the RD, and the owner of the
 * granule named, each get one record; nothing else changes. */
START_TEST(rmi_refused)
{
	struct expect a = none, b = none;
	unsigned long st;

	/* The host takes back a's RD: a's, target its PA. */
	tp_snap(tp, snap);
	st = RMI(tp, MICA_RMI_GRANULE_UNDELEGATE, TPOL_RD(0));
	ck_assert_uint_ne(st, 0);
	ck_assert(tp_same(tp, snap));
	ck_assert(!tp_same_all(tp, snap));
	expect_add(&a, K_RMI, MICA_RMI_GRANULE_UNDELEGATE, st,
		   TPOL_RD(0));
	same(0, &a);
	same(1, &none);
	same(3, &none);
	/* A level-9 RTT read on b's RD: b's, target the IPA. */
	tp_snap(tp, snap);
	st = RMI(tp, MICA_RMI_RTT_READ_ENTRY, TPOL_RD(1), 0x5000, 9);
	ck_assert_uint_ne(st, 0);
	ck_assert(tp_same(tp, snap));
	expect_add(&b, K_RMI, MICA_RMI_RTT_READ_ENTRY, st, 0x5000);
	same(1, &b);
	same(0, &a);
	/* DATA_CREATE into d with a's DATA granule: d (the RD) and a (the
	 * granule's owner) each once. */
	{
		struct expect d = none;

		tp_snap(tp, snap);
		st = RMI(tp, MICA_RMI_DATA_CREATE, TPOL_RD(3),
			 PA(TPOL_G(0, 6)), 0x7000, PA(9), 0);
		ck_assert_uint_ne(st, 0);
		ck_assert(tp_same(tp, snap));
		expect_add(&d, K_RMI, MICA_RMI_DATA_CREATE, st,
			   0x7000);
		expect_add(&a, K_RMI, MICA_RMI_DATA_CREATE, st,
			   PA(TPOL_G(0, 6)));
		same(3, &d);
		same(0, &a);
		same(1, &b);
	}
}
END_TEST

/* d's host maps the shared granule S0 (a's and b's instance of r) into
 * d's region t: refused for consent. a and b each get one JOIN record
 * (target the granule), d one RMI record (target its IPA). */
START_TEST(join_refused)
{
	struct expect a = none, b = none, d = none;
	unsigned long st;

	tp_snap(tp, snap);
	st = RMI(tp, MICA_RMI_SHARE_MAP, TPOL_RD(3), PA(S0), 0x100000);
	ck_assert_uint_eq(st, MICA_RMI_ERROR_INPUT);
	ck_assert(tp_same(tp, snap));
	expect_add(&a, K_JOIN, MICA_RMI_SHARE_MAP, st, PA(S0));
	expect_add(&b, K_JOIN, MICA_RMI_SHARE_MAP, st, PA(S0));
	expect_add(&d, K_RMI, MICA_RMI_SHARE_MAP, st, 0x100000);
	same(0, &a);
	same(1, &b);
	same(3, &d);
	/* A fresh granule into d's own instance: allowed, nothing new. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_MAP, TPOL_RD(3), PA(S1),
			      0x100000), 0);
	same(0, &a);
	same(1, &b);
	same(3, &d);
}
END_TEST

/* A strict Realm's host call outside its ranges: the filter denies the
 * exit; one EXIT record (code the exit reason, status how it resumes,
 * target the immediate). */
START_TEST(exit_denied)
{
	struct expect d = none;
	uint8_t *hc = PG(tp, TPOL_G(3, 6)) + 0x100;

	mica_st16(hc, 0x22);
	STEP(tp, .kind = S_SMC, .x = { MICA_RSI_HOST_CALL, 0x100 });
	STEP(tp, .kind = S_WFI);
	ck_assert_uint_eq(tp_enter(tp, TPOL_G(3, 7), 0), 0);
	ck_assert_uint_eq(tp_exit64(tp, MICA_RUN_EXIT_REASON),
			  MICA_RMI_EXIT_SYNC);   /* the WFI, not the call */
	expect_add(&d, K_EXIT, MICA_RMI_EXIT_HOST_CALL,
		   MICA_RMM_RESUME_RETURN, 0x22);
	same(3, &d);
	same(0, &none);
}
END_TEST

/* A load from protected IPA 0x300000, RIPAS EMPTY: an SEA inside the
 * RMM, no exit; one SEA record (code the ESR class of a data abort). */
START_TEST(abort_sea)
{
	struct expect a = none;

	STEP(tp, .kind = S_ABORT, .ipa = 0x300008, .size = 3, .reg = 1);
	STEP(tp, .kind = S_WFI);
	ck_assert_uint_eq(tp_enter(tp, TPOL_G(0, 7), 0), 0);
	ck_assert_uint_eq(tp->res[1].kind, MICA_RMM_RESUME_SEA);
	expect_add(&a, K_SEA, MICA_ESR_EC_DABT, MICA_RMM_RESUME_SEA,
		   0x300008);
	same(0, &a);
	same(1, &none);
	same(3, &none);
}
END_TEST

/* The count stops at UINT32_MAX; the chain goes on. */
START_TEST(count_saturates)
{
	struct mica_rmm_audit *r = &tp->ctx.audit[slot(0)];
	uint8_t before[32];

	r->count = UINT32_MAX - 1;
	ck_assert_uint_ne(RMI(tp, MICA_RMI_GRANULE_UNDELEGATE, TPOL_RD(0)), 0);
	ck_assert_uint_eq(r->count, UINT32_MAX);
	memcpy(before, r->chain, 32);
	ck_assert_uint_ne(RMI(tp, MICA_RMI_GRANULE_UNDELEGATE, TPOL_RD(0)), 0);
	ck_assert_uint_eq(r->count, UINT32_MAX);
	ck_assert(memcmp(before, r->chain, 32) != 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rmm_audit");
	TCase *tc = tcase_create("audit");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, success_records_nothing);
	tcase_add_test(tc, rmi_refused);
	tcase_add_test(tc, join_refused);
	tcase_add_test(tc, exit_denied);
	tcase_add_test(tc, abort_sea);
	tcase_add_test(tc, count_saturates);
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
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
