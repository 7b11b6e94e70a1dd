/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_rmm_rec.c -- REC_ENTER: the run loop with a scripted Realm, every
 * kind of exit and its completion, PSCI, RIPAS changes, the RSI calls a
 * running Realm makes, and re-entrant RMI calls.
 */
#include <stdlib.h>

#include "tplat.h"

#define RD_B PA(W_RD_B)
#define REC_B PA(W_REC_B)
#define MMIO (TP_UNPROT + 0x5000)

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

static uint64_t ex(unsigned off)
{
	return tp_exit64(tp, off);
}

static struct mica_rmm_realm *realm_b(void)
{
	return &tp->ctx.realm[tp->ctx.granule[W_RD_B].owner];
}

static struct mica_rmm_rec *rec_b(void)
{
	return &tp->ctx.rec[tp->ctx.granule[W_REC_B].owner];
}

static void entry_gprs(uint64_t base)
{
	for (unsigned i = 0; i < 31; i++)
		mica_st64(PG(tp, W_RUN) + MICA_RUN_ENTRY_GPRS + 8 * i, base + i);
}

START_TEST(first_run_and_simple_exits)
{
	memset(PG(tp, W_RUN) + 0x800, 0xAA, 0x800);   /* stale exit data */
	STEP(tp, .kind = S_WFI);
	STEP(tp, .kind = S_WFE);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(tp->res[0].kind, MICA_RMM_RESUME_START);
	ck_assert_uint_eq(tp->res[0].pc, 0x4000);
	for (unsigned i = 0; i < 8; i++)
		ck_assert_uint_eq(tp->res[0].x[i], 0x1000 + i);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_SYNC);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_ESR),
			  MICA_ESR_EC_WFX << 26 | MICA_ESR_IL);
	/* Everything else in the exit record is zero. */
	for (unsigned off = 0x808; off < 0x1000; off++)
		if (off < 0x900 || off >= 0x908)
			ck_assert_uint_eq(PG(tp, W_RUN)[off], 0);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(tp->res[1].kind, MICA_RMM_RESUME_CONTINUE);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_ESR),
			  MICA_ESR_EC_WFX << 26 | MICA_ESR_IL | 1);
	/* Script over: the harness reports an interrupt. */
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_IRQ);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_ESR), 0);
	ck_assert_uint_eq(tp->runs, 3);
	ck_assert_uint_eq(rec_b()->state, MICA_REC_READY);
	ck_assert_uint_eq(tp->ctx.running, 0);
}
END_TEST

/* RsiHostCall at IPA 0x100 of Realm B (DATA granule 24). */
static uint8_t *host_call_struct(void)
{
	uint8_t *hc = PG(tp, W_DATA_B) + 0x100;

	hc[0] = 0x34;
	hc[1] = 0x12;
	hc[2] = 0x77;   /* not part of imm (u16) */
	for (unsigned i = 0; i < 31; i++)
		mica_st64(hc + 8 + 8 * i, 0x500 + i);
	return hc;
}

START_TEST(host_call_round_trip)
{
	uint8_t *hc = host_call_struct();

	STEP(tp, .kind = S_SMC, .x = { MICA_RSI_HOST_CALL, 0x100 });
	STEP(tp, .kind = S_WFI);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_HOST_CALL);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_IMM), 0x1234);
	for (unsigned i = 0; i < 31; i++)
		ck_assert_uint_eq(ex(MICA_RUN_EXIT_GPRS + 8 * i), 0x500 + i);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_ESR), 0);
	/* The host answers in the entry gprs. */
	entry_gprs(0x900);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(tp->res[1].kind, MICA_RMM_RESUME_RETURN);
	ck_assert_uint_eq(tp->res[1].x[0], MICA_RSI_SUCCESS);
	for (unsigned i = 0; i < 31; i++)
		ck_assert_uint_eq(mica_ld64(hc + 8 + 8 * i), 0x900 + i);
	ck_assert_uint_eq(hc[0], 0x34);
	/* The WFI exit carries no gprs. */
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_GPRS), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_IMM), 0);
}
END_TEST

START_TEST(host_call_page_gone)
{
	host_call_struct();
	STEP(tp, .kind = S_SMC, .x = { MICA_RSI_HOST_CALL, 0x100 });
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_DATA_DESTROY, RD_B, 0), 0);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(tp->res[1].kind, MICA_RMM_RESUME_SEA);
}
END_TEST

START_TEST(mmio_read)
{
	STEP(tp, .kind = S_ABORT, .ipa = MMIO + 0x18, .size = 2, .reg = 5);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_SYNC);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_ESR),
			  0x24ul << 26 | MICA_ESR_IL | MICA_ESR_ISV | 2ul << 22 |
			  5ul << 16 | 0x07);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_HPFAR), (MMIO >> 12) << 4);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_FAR), 0x18);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_GPRS), 0);
	entry_gprs(0);
	mica_st64(PG(tp, W_RUN) + MICA_RUN_ENTRY_GPRS, 0x1122334455667788ul);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, MICA_REC_ENTRY_EMUL_MMIO), 0);
	ck_assert_uint_eq(tp->res[1].kind, MICA_RMM_RESUME_MMIO_READ);
	ck_assert_uint_eq(tp->res[1].x[0], 0x55667788);
	/* EMUL_MMIO is for the entry right after an emulatable exit only. */
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, MICA_REC_ENTRY_EMUL_MMIO),
			  MICA_RMI_ERROR_REC);
}
END_TEST

START_TEST(mmio_write)
{
	STEP(tp, .kind = S_ABORT, .ipa = MMIO, .write = 1, .size = 3, .reg = 7,
	     .value = 0xDEADBEEFCAFEF00Dul);
	STEP(tp, .kind = S_ABORT, .ipa = MMIO, .write = 1, .size = 0, .reg = 1,
	     .value = 0x1234);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_ESR),
			  0x24ul << 26 | MICA_ESR_IL | MICA_ESR_ISV | 3ul << 22 |
			  7ul << 16 | MICA_ESR_SF | MICA_ESR_WNR | 0x07);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_GPRS), 0xDEADBEEFCAFEF00Dul);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, MICA_REC_ENTRY_EMUL_MMIO), 0);
	ck_assert_uint_eq(tp->res[1].kind, MICA_RMM_RESUME_CONTINUE);
	/* Only the stored byte reaches the host. */
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_GPRS), 0x34);
	/* Not emulated: the access is retried. */
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(tp->res[2].kind, MICA_RMM_RESUME_RETRY);
}
END_TEST

START_TEST(mmio_permission_and_sea)
{
	unsigned long pa;

	/* Realm B maps TP_UNPROT rw; a read-only page is written. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_MAP_UNPROTECTED, RD_B,
			      TP_UNPROT + 0x1000, 3, PA(8) | MICA_S2_AP_R), 0);
	ck_assert_int_eq(mica_rmm_s2_translate(&tp->ctx, RD_B, TP_UNPROT + 0x1000,
					       MICA_S2_AP_W, &pa, NULL), -1);
	STEP(tp, .kind = S_ABORT, .ipa = TP_UNPROT + 0x1000, .write = 1,
	     .size = 3);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert(ex(MICA_RUN_EXIT_ESR) & MICA_ESR_ISV);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, MICA_REC_ENTRY_INJECT_SEA), 0);
	ck_assert_uint_eq(tp->res[1].kind, MICA_RMM_RESUME_SEA);
}
END_TEST

START_TEST(protected_aborts)
{
	/* EMPTY: SEA inside the Realm; beyond s2sz: SEA; accessible:
	 * spurious, retried; bad register: SEA. None of them exits. */
	STEP(tp, .kind = S_ABORT, .ipa = 0x20000);
	STEP(tp, .kind = S_ABORT, .ipa = 1ul << 33);
	STEP(tp, .kind = S_ABORT, .ipa = 0x1008, .write = 1);
	STEP(tp, .kind = S_ABORT, .ipa = MMIO, .reg = 31);
	/* RAM without a page: exits to the host. */
	STEP(tp, .kind = S_ABORT, .ipa = 0x3010, .write = 1, .size = 2);
	STEP(tp, .kind = S_WFI);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(tp->nres, 5);
	ck_assert_uint_eq(tp->res[1].kind, MICA_RMM_RESUME_SEA);
	ck_assert_uint_eq(tp->res[2].kind, MICA_RMM_RESUME_SEA);
	ck_assert_uint_eq(tp->res[3].kind, MICA_RMM_RESUME_RETRY);
	ck_assert_uint_eq(tp->res[4].kind, MICA_RMM_RESUME_SEA);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_SYNC);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_ESR),
			  0x24ul << 26 | MICA_ESR_IL | MICA_ESR_WNR | 0x07);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_HPFAR), (0x3000ul >> 12) << 4);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_GPRS), 0);
	/* Not emulatable. */
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, MICA_REC_ENTRY_EMUL_MMIO),
			  MICA_RMI_ERROR_REC);
	/* The host backs the page; the access is retried. */
	tp_delegate(tp, 50);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_DATA_CREATE_UNKNOWN, RD_B, PA(50),
			      0x3000), 0);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(tp->res[5].kind, MICA_RMM_RESUME_RETRY);
}
END_TEST

START_TEST(psci)
{
	STEP(tp, .kind = S_SMC, .x = { MICA_PSCI_VERSION });
	STEP(tp, .kind = S_SMC, .x = { MICA_PSCI_FEATURES, MICA_PSCI_CPU_ON });
	STEP(tp, .kind = S_SMC, .x = { MICA_PSCI_FEATURES, 0x12345 });
	STEP(tp, .kind = S_SMC, .x = { 0x84000005 });
	STEP(tp, .kind = S_SMC, .x = { 0xC2000000 });   /* not PSCI, not RSI */
	STEP(tp, .kind = S_SMC, .x = { 0x84000003, 1, 0x8000, 5, 9 });
	STEP(tp, .kind = S_SMC, .x = { MICA_PSCI_AFFINITY_INFO, 1, 0 });
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(tp->res[1].x[0], 0x10001);
	ck_assert_uint_eq(tp->res[2].x[0], 0);
	ck_assert_uint_eq(tp->res[3].x[0], MICA_PSCI_NOT_SUPPORTED);
	ck_assert_uint_eq(tp->res[4].x[0], MICA_PSCI_NOT_SUPPORTED);
	ck_assert_uint_eq(tp->res[5].x[0], MICA_SMC_UNKNOWN);
	/* CPU_ON (SMC32 form) exits with x0..x3. */
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_PSCI);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_GPRS), MICA_PSCI_CPU_ON);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_GPRS + 8), 1);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_GPRS + 16), 0x8000);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_GPRS + 24), 5);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_GPRS + 32), 0);
	mica_st64(PG(tp, W_RUN) + MICA_RUN_ENTRY_GPRS, (uint64_t)-2);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(tp->res[6].x[0], (unsigned long)-2);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_GPRS), MICA_PSCI_AFFINITY_INFO);
	ck_assert_uint_eq(realm_b()->state, MICA_REALM_ACTIVE);
}
END_TEST

START_TEST(psci_system_off)
{
	STEP(tp, .kind = S_SMC, .x = { MICA_PSCI_SYSTEM_OFF });
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_PSCI);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_GPRS), MICA_PSCI_SYSTEM_OFF);
	ck_assert_uint_eq(realm_b()->state, MICA_REALM_SYSTEM_OFF);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), MICA_RMI_ERROR_REALM);
	/* Teardown still works. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REC_DESTROY, REC_B), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REC_DESTROY, PA(W_REC_B2)), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_DATA_DESTROY, RD_B, 0), 0);
}
END_TEST

START_TEST(psci_cpu_off)
{
	STEP(tp, .kind = S_SMC, .x = { MICA_PSCI_CPU_OFF });
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_PSCI);
	ck_assert_uint_eq(rec_b()->runnable, 0);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), MICA_RMI_ERROR_REC);
	ck_assert_uint_eq(realm_b()->state, MICA_REALM_ACTIVE);
}
END_TEST

static void ripas_request(unsigned long base, unsigned long top,
			  unsigned long ripas, unsigned long flags)
{
	STEP(tp, .kind = S_SMC, .x = { MICA_RSI_IPA_STATE_SET, base, top, ripas,
				       flags });
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_RIPAS_CHANGE);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_RIPAS_BASE), base);
	ck_assert_uint_eq(ex(MICA_RUN_EXIT_RIPAS_TOP), top);
	ck_assert_uint_eq(PG(tp, W_RUN)[MICA_RUN_EXIT_RIPAS_VALUE], ripas);
}

static unsigned ripas_at(unsigned long ipa)
{
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_READ_ENTRY, RD_B, ipa, 3), 0);
	return (unsigned)tp->ret[4];
}

START_TEST(ripas_change_accepted)
{
	ripas_request(0x10000, 0x13000, MICA_RMI_RAM, 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_SET_RIPAS, RD_B, REC_B, 0x10000,
			      0x11000), 0);
	ck_assert_uint_eq(tp->ret[1], 0x11000);
	/* The host must continue where it stopped, within the request. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_SET_RIPAS, RD_B, REC_B, 0x10000,
			      0x13000), MICA_RMI_ERROR_INPUT);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_SET_RIPAS, RD_B, REC_B, 0x11000,
			      0x14000), MICA_RMI_ERROR_INPUT);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_SET_RIPAS, RD_B, PA(W_REC_B2),
			      0x11000, 0x13000), MICA_RMI_ERROR_REC);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_SET_RIPAS, RD_B, REC_B, 0x11000,
			      0x13000), 0);
	ck_assert_uint_eq(tp->ret[1], 0x13000);
	ck_assert_uint_eq(ripas_at(0x12000), MICA_RMI_RAM);
	ck_assert_uint_eq(ripas_at(0x13000), MICA_RMI_EMPTY);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(tp->res[1].kind, MICA_RMM_RESUME_RETURN);
	ck_assert_uint_eq(tp->res[1].x[0], MICA_RSI_SUCCESS);
	ck_assert_uint_eq(tp->res[1].x[1], 0x13000);
	ck_assert_uint_eq(tp->res[1].x[2], MICA_RSI_ACCEPT);
	/* The request is over. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_SET_RIPAS, RD_B, REC_B, 0x13000,
			      0x14000), MICA_RMI_ERROR_REC);
}
END_TEST

START_TEST(ripas_change_rejected_and_empty)
{
	unsigned long pa;

	/* RAM -> EMPTY on an assigned page: the page stays, unusable. */
	ripas_request(0x1000, 0x3000, MICA_RMI_EMPTY, 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_SET_RIPAS, RD_B, REC_B, 0x1000,
			      0x2000), 0);
	ck_assert_uint_eq(ripas_at(0x1000), MICA_RMI_EMPTY);
	ck_assert_uint_eq(tp->ret[2], MICA_RMI_ASSIGNED);
	ck_assert_int_eq(mica_rmm_s2_translate(&tp->ctx, RD_B, 0x1000,
					       MICA_S2_AP_R, &pa, NULL), -1);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, MICA_REC_ENTRY_RIPAS_REJECT), 0);
	ck_assert_uint_eq(tp->res[1].x[1], 0x2000);
	ck_assert_uint_eq(tp->res[1].x[2], MICA_RSI_REJECT);
}
END_TEST

START_TEST(ripas_change_destroyed)
{
	ck_assert_uint_eq(RMI(tp, MICA_RMI_DATA_DESTROY, RD_B, 0x1000), 0);
	ck_assert_uint_eq(ripas_at(0x1000), MICA_RMI_DESTROYED);
	ripas_request(0x1000, 0x2000, MICA_RMI_RAM, 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_SET_RIPAS, RD_B, REC_B, 0x1000,
			      0x2000), RMI_RTT(3));
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(tp->res[1].x[1], 0x1000);   /* no progress */
	ripas_request(0x1000, 0x2000, MICA_RMI_RAM, MICA_RSI_CHANGE_DESTROYED);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_SET_RIPAS, RD_B, REC_B, 0x1000,
			      0x2000), 0);
	ck_assert_uint_eq(ripas_at(0x1000), MICA_RMI_RAM);
}
END_TEST

static void rsi_successes(struct tplat *t, unsigned long rec)
{
	unsigned long x[MICA_RMM_SMC_REGS] = { MICA_RSI_VERSION, 0x10000 };
	unsigned long ret[MICA_RMM_SMC_REGS];
	uint8_t *cfg = PG(t, W_DATA_B2);

	ck_assert_uint_eq(mica_rmm_rsi(&t->ctx, rec, x, ret), 0);
	ck_assert_uint_eq(ret[1], 0x10000);
	ck_assert_uint_eq(ret[2], 0x10000);
	x[0] = MICA_RSI_FEATURES;
	x[1] = 0;
	ck_assert_uint_eq(mica_rmm_rsi(&t->ctx, rec, x, ret), 0);
	ck_assert_uint_eq(ret[1], 0);
	/* REALM_CONFIG overwrites the whole granule. */
	x[0] = MICA_RSI_REALM_CONFIG;
	x[1] = 0x1000;
	ck_assert_uint_eq(mica_rmm_rsi(&t->ctx, rec, x, ret), 0);
	ck_assert_uint_eq(mica_ld64(cfg + MICA_RC_IPA_WIDTH), TP_S2SZ);
	ck_assert_uint_eq(cfg[MICA_RC_HASH_ALGO], MICA_RMI_HASH_SHA256);
	for (unsigned i = 9; i < 4096; i++)
		ck_assert_uint_eq(cfg[i], 0);
	/* IPA_STATE_GET: RAM up to 0x10000, then EMPTY; a whole EMPTY
	 * block without an RTT. */
	x[0] = MICA_RSI_IPA_STATE_GET;
	x[1] = 0;
	x[2] = 0x20000;
	ck_assert_uint_eq(mica_rmm_rsi(&t->ctx, rec, x, ret), 0);
	ck_assert_uint_eq(ret[1], 0x10000);
	ck_assert_uint_eq(ret[2], MICA_RMI_RAM);
	x[1] = 0x10000;
	ck_assert_uint_eq(mica_rmm_rsi(&t->ctx, rec, x, ret), 0);
	ck_assert_uint_eq(ret[1], 0x20000);
	ck_assert_uint_eq(ret[2], MICA_RMI_EMPTY);
	x[1] = 0x40000000;
	x[2] = 0xC0000000;
	ck_assert_uint_eq(mica_rmm_rsi(&t->ctx, rec, x, ret), 0);
	ck_assert_uint_eq(ret[1], 0x80000000);
	x[1] = 0x1FF000;
	x[2] = 0x201000;   /* stops at the level-3 table's end */
	ck_assert_uint_eq(mica_rmm_rsi(&t->ctx, rec, x, ret), 0);
	ck_assert_uint_eq(ret[1], 0x200000);
}

START_TEST(rsi_inline_calls)
{
	STEP(tp, .kind = S_CALL, .fn = rsi_successes);
	STEP(tp, .kind = S_WFI);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(tp->runs, 1);
}
END_TEST

static void reenter(struct tplat *t, unsigned long rec)
{
	struct mica_rmm_rec *c = rec_b();

	(void)rec;
	ck_assert_uint_eq(c->state, MICA_REC_RUNNING);
	ck_assert_uint_eq(t->ctx.running, (unsigned)(c - t->ctx.rec) + 1);
	ck_assert_uint_eq(tp_enter(t, W_REC_B, 0), MICA_RMI_ERROR_REC);
	ck_assert_uint_eq(RMI(t, MICA_RMI_REC_DESTROY, REC_B), MICA_RMI_ERROR_REC);
	ck_assert_uint_eq(RMI(t, MICA_RMI_REALM_DESTROY, RD_B), MICA_RMI_ERROR_REALM);
	/* The host takes its run granule away mid-run. */
	ck_assert_uint_eq(RMI(t, MICA_RMI_GRANULE_DELEGATE, PA(W_RUN)), 0);
}

START_TEST(reentrant_rmi)
{
	STEP(tp, .kind = S_CALL, .fn = reenter);
	STEP(tp, .kind = S_WFI);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	/* No exit record in a granule that is not NS any more. */
	for (unsigned i = 0; i < 4096; i++)
		ck_assert_uint_eq(PG(tp, W_RUN)[i], 0);
	ck_assert_uint_eq(rec_b()->state, MICA_REC_READY);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REC_ENTER, REC_B, PA(W_RUN)),
			  MICA_RMI_ERROR_INPUT);
}
END_TEST

/* Two Realms run in turn; each REC sees its own world. */
START_TEST(two_realms)
{
	STEP(tp, .kind = S_SMC, .x = { MICA_RSI_MEASUREMENT_READ, 0 });
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_ACTIVATE, PA(W_RD_A)), 0);
	ck_assert_uint_eq(tp_enter(tp, W_REC_A, 0), 0);
	ck_assert_uint_eq(tp->res[1].x[1],
			  mica_ld64(tp->ctx.realm[tp->ctx.granule[W_RD_A].owner].meas[0]));
	STEP(tp, .kind = S_SMC, .x = { MICA_RSI_MEASUREMENT_READ, 0 });
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(tp->res[3].x[1], mica_ld64(realm_b()->meas[0]));
	ck_assert_uint_ne(tp->res[1].x[1], tp->res[3].x[1]);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rmm recs");
	TCase *tc = tcase_create("rec_enter");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, first_run_and_simple_exits);
	tcase_add_test(tc, host_call_round_trip);
	tcase_add_test(tc, host_call_page_gone);
	tcase_add_test(tc, mmio_read);
	tcase_add_test(tc, mmio_write);
	tcase_add_test(tc, mmio_permission_and_sea);
	tcase_add_test(tc, protected_aborts);
	tcase_add_test(tc, psci);
	tcase_add_test(tc, psci_system_off);
	tcase_add_test(tc, psci_cpu_off);
	tcase_add_test(tc, ripas_change_accepted);
	tcase_add_test(tc, ripas_change_rejected_and_empty);
	tcase_add_test(tc, ripas_change_destroyed);
	tcase_add_test(tc, rsi_inline_calls);
	tcase_add_test(tc, reentrant_rmi);
	tcase_add_test(tc, two_realms);
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
