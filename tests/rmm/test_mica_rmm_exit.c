/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_mica_rmm_exit.c -- the exit filter and RTT_MAP_UNPROTECTED for
 * strict Realms: host calls by immediate, MMIO, PSCI, allowed and denied;
 * RIPAS changes and unbacked protected aborts refused inside the RMM; WFx
 * without the WFI/WFE bit. A denied exit never reaches the host and leaks
 * no register.
 */
#include <stdlib.h>

#include "tpol.h"

static struct tplat *tp;
static struct tsnap *snap;

static const char STRICT[] =
	"policy e version 1;\n"
	"realm a { measurement = %R0; trust = trusted; }\n"
	"region u : unprotected, 4 KiB { a: rw @ 0x800000000000; host: rw; }\n"
	"allow a hostcall 0x10..0x1f, 0x40;\n"
	"allow a mmio;\n";
static const char PSCI[] =
	"policy e version 1;\n"
	"realm a { measurement = %R0; trust = trusted; }\n"
	"allow a psci;\n";
static const char PAGER[] =
	"policy e version 1;\n"
	"realm a { measurement = %R0; trust = trusted; }\n"
	"allow a ripas;\n"
	"allow a paging;\n";
static const char LOOSE[] =
	"policy e version 1;\n"
	"realm a { measurement = %R0; trust = trusted; strict = false; }\n";

static void setup(void)
{
	tp = tp_new();
	snap = malloc(sizeof *snap);
	ck_assert_ptr_nonnull(snap);
	tpol_realm(tp, 0);
}

static void teardown(void)
{
	free(snap);
	tp_free(tp);
}

static void up(const char *text)
{
	tpol_bind_text(tp, 0, text, "a");
	ck_assert_uint_eq(tpol_activate(tp, 0), 0);
}

/* RsiHostCall at IPA 0x100 (DATA granule) with imm and gprs 0x500+i. */
static void host_call(unsigned imm)
{
	uint8_t *hc = PG(tp, TPOL_G(0, 6)) + 0x100;

	mica_st16(hc, imm);
	for (unsigned i = 0; i < 31; i++)
		mica_st64(hc + 8 + 8 * i, 0x500 + i);
	STEP(tp, .kind = S_SMC, .x = { MICA_RSI_HOST_CALL, 0x100 });
}

static unsigned long enter(void)
{
	return tp_enter(tp, TPOL_G(0, 7), 0);
}

static uint64_t ex(unsigned off)
{
	return tp_exit64(tp, off);
}

/* The exit the host saw holds no register of the Realm. */
static void no_gprs(void)
{
	for (unsigned i = 0; i < 31; i++)
		ck_assert_uint_eq(ex(MICA_RUN_EXIT_GPRS + 8 * i), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_IMM), 0);
}

START_TEST(hostcall_allowed)
{
	up(STRICT);
	host_call(0x40);
	ck_assert_uint_eq(enter(), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_HOST_CALL);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_IMM), 0x40);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_GPRS), 0x500);
}
END_TEST

START_TEST(hostcall_denied)
{
	up(STRICT);
	host_call(0x20);
	STEP(tp, .kind = S_WFI);
	ck_assert_uint_eq(enter(), 0);
	/* The host sees the WFI only; the Realm got RSI_ERROR_INPUT. */
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_SYNC);
	no_gprs();
	ck_assert_uint_eq(tp->res[0].kind, MICA_RMM_RESUME_START);
	ck_assert_uint_eq(tp->res[1].kind, MICA_RMM_RESUME_RETURN);
	ck_assert_uint_eq(tp->res[1].x[0], MICA_RSI_ERROR_INPUT);
	for (unsigned i = 1; i < MICA_RMM_SMC_REGS; i++)
		ck_assert_uint_eq(tp->res[1].x[i], 0);
	/* 0x0F and 0x3F: just outside the ranges. */
	host_call(0x0F);
	STEP(tp, .kind = S_WFI);
	ck_assert_uint_eq(enter(), 0);
	ck_assert_uint_eq(tp->res[tp->nres - 1].x[0], MICA_RSI_ERROR_INPUT);
	host_call(0x1F);
	ck_assert_uint_eq(enter(), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_IMM), 0x1F);
}
END_TEST

START_TEST(psci_denied_and_allowed)
{
	up(STRICT);
	STEP(tp, .kind = S_SMC, .x = { MICA_PSCI_CPU_ON, 1, 0x4000, 7 });
	STEP(tp, .kind = S_WFI);
	ck_assert_uint_eq(enter(), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_SYNC);
	no_gprs();
	ck_assert_uint_eq(tp->res[1].kind, MICA_RMM_RESUME_RETURN);
	ck_assert_uint_eq(tp->res[1].x[0], (unsigned long)-3);   /* DENIED */
}
END_TEST

START_TEST(psci_allowed)
{
	up(PSCI);
	STEP(tp, .kind = S_SMC, .x = { MICA_PSCI_CPU_ON, 1, 0x4000, 7 });
	ck_assert_uint_eq(enter(), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_PSCI);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_GPRS), MICA_PSCI_CPU_ON);
	/* No mmio, no host calls for this one. */
	STEP(tp, .kind = S_ABORT, .ipa = TP_UNPROT + 0x10000, .write = 1,
	     .size = 3, .reg = 2, .value = 0x1234);
	STEP(tp, .kind = S_WFI);
	mica_st64(PG(tp, W_RUN) + MICA_RUN_ENTRY_GPRS, 0);
	ck_assert_uint_eq(enter(), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_SYNC);
	no_gprs();
	ck_assert_uint_eq(tp->res[tp->nres - 1].kind, MICA_RMM_RESUME_SEA);
}
END_TEST

START_TEST(mmio_allowed_outside_regions)
{
	up(STRICT);
	STEP(tp, .kind = S_ABORT, .ipa = TP_UNPROT + 0x10000, .write = 1,
	     .size = 3, .reg = 2, .value = 0x1234);
	ck_assert_uint_eq(enter(), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_GPRS), 0x1234);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_HPFAR), ((TP_UNPROT + 0x10000) >> 12) << 4);
}
END_TEST

START_TEST(mmio_denied_in_region)
{
	up(STRICT);
	/* u's window is TP_UNPROT..+4K, not mapped yet: no MMIO there. */
	STEP(tp, .kind = S_ABORT, .ipa = TP_UNPROT + 8, .write = 1,
	     .size = 3, .reg = 2, .value = 0x1234);
	STEP(tp, .kind = S_WFI);
	ck_assert_uint_eq(enter(), 0);
	no_gprs();
	ck_assert_uint_eq(tp->res[1].kind, MICA_RMM_RESUME_SEA);
}
END_TEST

START_TEST(loose_realm_free)
{
	up(LOOSE);
	host_call(0x999);
	ck_assert_uint_eq(enter(), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_IMM), 0x999);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_MAP_UNPROTECTED, TPOL_RD(0),
			      TP_UNPROT + 0x5000, 3, PA(9) | 0x40), 0);
}
END_TEST

START_TEST(map_unprotected_rules)
{
	up(STRICT);
	tp_snap(tp, snap);
	/* Outside u, and inside with other rights than rw. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_MAP_UNPROTECTED, TPOL_RD(0),
			      TP_UNPROT + 0x1000, 3, PA(9) | 0xC0), MICA_RMI_ERROR_INPUT);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_MAP_UNPROTECTED, TPOL_RD(0),
			      TP_UNPROT, 3, PA(9) | 0x40), MICA_RMI_ERROR_INPUT);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_MAP_UNPROTECTED, TPOL_RD(0),
			      TP_UNPROT, 3, PA(9)), MICA_RMI_ERROR_INPUT);
	ck_assert(tp_same(tp, snap));
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_MAP_UNPROTECTED, TPOL_RD(0),
			      TP_UNPROT, 3, PA(9) | 0xC0), 0);
}
END_TEST

/* The exit record of a WFx exit, as the host reads it. */
static void saw_wfx(uint64_t ti)
{
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_SYNC);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_ESR),
			  MICA_ESR_EC_WFX << MICA_ESR_EC_SHIFT | MICA_ESR_IL | ti);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_FAR), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_HPFAR), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_RIPAS_BASE), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_RIPAS_TOP), 0);
	no_gprs();
}

static void ripas_request(void)
{
	STEP(tp, .kind = S_SMC, .x = { MICA_RSI_IPA_STATE_SET, 0x5000,
				       0x9000, MICA_RMI_RAM, 0 });
}

/* The request left: the host reads the range the Realm chose. */
static void saw_ripas(void)
{
	ck_assert_uint_eq(enter(), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_RIPAS_CHANGE);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_RIPAS_BASE), 0x5000);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_RIPAS_TOP), 0x9000);
}

/* Without `allow a ripas` the request never leaves: the Realm gets
 * RSI_ERROR_INPUT with no progress and REJECT, the host a WFI later. */
START_TEST(ripas_denied)
{
	up(STRICT);
	ripas_request();
	STEP(tp, .kind = S_WFI);
	ck_assert_uint_eq(enter(), 0);
	saw_wfx(0);
	ck_assert_uint_eq(tp->res[1].kind, MICA_RMM_RESUME_RETURN);
	ck_assert_uint_eq(tp->res[1].x[0], MICA_RSI_ERROR_INPUT);
	ck_assert_uint_eq(tp->res[1].x[1], 0x5000);
	ck_assert_uint_eq(tp->res[1].x[2], MICA_RSI_REJECT);
	/* Nothing pending: RTT_SET_RIPAS has nothing to carry out. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_SET_RIPAS, TPOL_RD(0),
			      PA(TPOL_G(0, 7)), 0x5000, 0x9000),
			  MICA_RMI_ERROR_REC);
}
END_TEST

/* With `allow a ripas` the strict Realm's request reaches the host. */
START_TEST(ripas_allowed)
{
	up(PAGER);
	ripas_request();
	saw_ripas();
}
END_TEST

START_TEST(ripas_loose)
{
	up(LOOSE);
	ripas_request();
	saw_ripas();
}
END_TEST

/* A load from protected RAM that no page backs (IPA 0x1000, RIPAS RAM,
 * UNASSIGNED): a strict Realm without `allow a paging` gets an SEA and
 * the host never sees the IPA. */
static void unbacked(const char *text)
{
	up(text);
	STEP(tp, .kind = S_ABORT, .ipa = 0x1238, .size = 3, .reg = 1);
	STEP(tp, .kind = S_WFI);
	ck_assert_uint_eq(enter(), 0);
}

START_TEST(abort_unbacked_denied)
{
	unbacked(STRICT);
	saw_wfx(0);
	ck_assert_uint_eq(tp->res[1].kind, MICA_RMM_RESUME_SEA);
}
END_TEST

START_TEST(abort_unbacked_allowed)
{
	unbacked(PAGER);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_SYNC);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_HPFAR), (0x1238ul >> 12) << 4);
	ck_assert_uint_eq(tp->nres, 1);
}
END_TEST

START_TEST(abort_unbacked_loose)
{
	unbacked(LOOSE);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_SYNC);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_HPFAR), (0x1238ul >> 12) << 4);
	ck_assert_uint_eq(tp->nres, 1);   /* the start only: it left */
}
END_TEST

/* WFI and WFE of a strict Realm look the same to the host; a plain CCA
 * Realm's WFE keeps its bit (ESR ISS bit 0). */
START_TEST(wfx_one_look)
{
	up(STRICT);
	STEP(tp, .kind = S_WFE);
	ck_assert_uint_eq(enter(), 0);
	saw_wfx(0);
	STEP(tp, .kind = S_WFI);
	ck_assert_uint_eq(enter(), 0);
	saw_wfx(0);
}
END_TEST

START_TEST(wfx_loose_keeps_bit)
{
	up(LOOSE);
	STEP(tp, .kind = S_WFE);
	ck_assert_uint_eq(enter(), 0);
	saw_wfx(MICA_ESR_WFX_TI);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("mica rmm exit");
	TCase *t = tcase_create("exit");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, hostcall_allowed);
	tcase_add_test(t, hostcall_denied);
	tcase_add_test(t, psci_denied_and_allowed);
	tcase_add_test(t, psci_allowed);
	tcase_add_test(t, mmio_allowed_outside_regions);
	tcase_add_test(t, mmio_denied_in_region);
	tcase_add_test(t, loose_realm_free);
	tcase_add_test(t, map_unprotected_rules);
	tcase_add_test(t, ripas_denied);
	tcase_add_test(t, ripas_loose);
	tcase_add_test(t, ripas_allowed);
	tcase_add_test(t, abort_unbacked_allowed);
	tcase_add_test(t, abort_unbacked_denied);
	tcase_add_test(t, abort_unbacked_loose);
	tcase_add_test(t, wfx_one_look);
	tcase_add_test(t, wfx_loose_keeps_bit);
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
