/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_rmm_errors.c -- every RMI and RSI handler's error paths, table
 * driven: each row runs on the standard world (tplat.h) and checks the
 * status and that the context, memory and GPT are byte-identical after
 * the refused call.
 */
#include <stdlib.h>

#include "tplat.h"

#define RD_A PA(W_RD_A)
#define RD_B PA(W_RD_B)
#define RD_C PA(W_RD_C)
#define DEL0 PA(W_DEL0)
#define DEL1 PA(W_DEL1)
#define DEL2 PA(W_DEL2)
#define NSF PA(W_NSFREE)
#define INP MICA_RMI_ERROR_INPUT
#define REALM MICA_RMI_ERROR_REALM
#define REC MICA_RMI_ERROR_REC
#define UNK MICA_SMC_UNKNOWN
#define OUT (1ul << 33)            /* past s2sz */
#define HOLE 0x40000000ul          /* protected, no level-2 RTT */

/* ---- page variants ---- */
static void good_realm_params(uint8_t *p)
{
	tp_realm_params(p, MICA_RMI_HASH_SHA256, TP_S2SZ, 1, 1, 7, DEL1);
}

#define RP(name, stmt) \
	static void name(struct tplat *tp) \
	{ \
		uint8_t *p = PG(tp, W_NSFREE); \
		good_realm_params(p); \
		stmt; \
	}
RP(rp_flags, p[0x00] = 1)
RP(rp_flags_hi, p[0x07] = 0x80)
RP(rp_s2sz_small, p[0x08] = 31)
RP(rp_s2sz_big, p[0x08] = 49)
RP(rp_sve, p[0x10] = 1)
RP(rp_bps, p[0x18] = MICA_RMM_NUM_BPS + 1)
RP(rp_wps, p[0x20] = MICA_RMM_NUM_WPS + 1)
RP(rp_pmu, p[0x28] = 1)
RP(rp_hash, p[0x30] = 2)
RP(rp_level3, mica_st64(p + 0x810, 3))
RP(rp_level_neg, mica_st64(p + 0x810, (uint64_t)-1))
RP(rp_num0, mica_st64(p + 0x818, 0))
RP(rp_num2, mica_st64(p + 0x818, 2))
RP(rp_level_deep, (p[0x08] = 48, mica_st64(p + 0x810, 2)))
RP(rp_level_shallow, (p[0x08] = 33, mica_st64(p + 0x810, 0)))
RP(rp_l2_concat_bad, (p[0x08] = 34, mica_st64(p + 0x810, 2),
		      mica_st64(p + 0x818, 8)))
RP(rp_rtt_ns, mica_st64(p + 0x808, NSF))
RP(rp_rtt_rd, mica_st64(p + 0x808, DEL0))
RP(rp_rtt_unaligned, mica_st64(p + 0x808, DEL1 + 8))
RP(rp_rtt_used, mica_st64(p + 0x808, PA(W_ROOT_A)))
RP(rp_concat_misaligned, (p[0x08] = 40, mica_st64(p + 0x810, 1),
			  mica_st64(p + 0x818, 2)))
RP(rp_vmid_used, p[0x800] = 2)
RP(rp_res_31, p[0x31] = 1)
RP(rp_res_9, p[0x09] = 1)
RP(rp_res_3ff, p[0x3FF] = 1)
RP(rp_res_840, p[0x840] = 1)
RP(rp_res_fff, p[0xFFF] = 1)
RP(rp_num_hi, p[0x81C] = 1)

static void good_rec_params(uint8_t *p)
{
	tp_rec_params(p, MICA_REC_PARAMS_RUNNABLE, 1, 0x4000);
}

#define RCP(name, stmt) \
	static void name(struct tplat *tp) \
	{ \
		uint8_t *p = PG(tp, W_RECP); \
		good_rec_params(p); \
		stmt; \
	}
RCP(rc_flags, p[0] = 2)
RCP(rc_mpidr_res, p[0x100] = 0x11)
RCP(rc_mpidr_hi, p[0x107] = 1)
RCP(rc_mpidr_idx, p[0x100] = 0)
RCP(rc_mpidr_skip, p[0x100] = 2)
RCP(rc_aux, p[0x800] = 1)
RCP(rc_aux_addr, p[0x808] = 1)
RCP(rc_res, p[0x108] = 1)
RCP(rc_res_end, p[0xFFF] = 1)
static void rc_good(struct tplat *tp)
{
	good_rec_params(PG(tp, W_RECP));
}

static void gpt_fails(struct tplat *tp)
{
	tp->gpt_fail = 1;
}

static void entry_emul(struct tplat *tp)
{
	mica_st64(PG(tp, W_RUN), MICA_REC_ENTRY_EMUL_MMIO);
}

static void entry_sea(struct tplat *tp)
{
	mica_st64(PG(tp, W_RUN), MICA_REC_ENTRY_INJECT_SEA);
}

static void entry_both(struct tplat *tp)
{
	mica_st64(PG(tp, W_RUN), MICA_REC_ENTRY_INJECT_SEA |
				MICA_REC_ENTRY_EMUL_MMIO);
}

static void entry_unknown(struct tplat *tp)
{
	mica_st64(PG(tp, W_RUN), 1ul << 5);
}

static void entry_ok(struct tplat *tp)
{
	mica_st64(PG(tp, W_RUN), 0);
}

struct rmi_row {
	const char *name;
	void (*prep)(struct tplat *tp);
	unsigned long a[7];
	unsigned long want;
};

static const struct rmi_row rmi_rows[] = {
	/* VERSION */
	{ "version 2.0", NULL, { MICA_RMI_VERSION, 0x20000 }, INP },
	{ "version 0.9", NULL, { MICA_RMI_VERSION, 0x9 }, INP },
	/* GRANULE_DELEGATE */
	{ "delegate unaligned", NULL, { MICA_RMI_GRANULE_DELEGATE, NSF + 1 }, INP },
	{ "delegate below", NULL, { MICA_RMI_GRANULE_DELEGATE, TP_BASE - 4096 }, INP },
	{ "delegate above", NULL, { MICA_RMI_GRANULE_DELEGATE, PA(TP_NGRAN) }, INP },
	{ "delegate zero", NULL, { MICA_RMI_GRANULE_DELEGATE, 0 }, INP },
	{ "delegate delegated", NULL, { MICA_RMI_GRANULE_DELEGATE, DEL0 }, INP },
	{ "delegate rd", NULL, { MICA_RMI_GRANULE_DELEGATE, RD_A }, INP },
	{ "delegate data", NULL, { MICA_RMI_GRANULE_DELEGATE, PA(W_DATA_A) }, INP },
	{ "delegate gpt fails", gpt_fails, { MICA_RMI_GRANULE_DELEGATE, NSF }, INP },
	/* GRANULE_UNDELEGATE */
	{ "undelegate ns", NULL, { MICA_RMI_GRANULE_UNDELEGATE, NSF }, INP },
	{ "undelegate unaligned", NULL, { MICA_RMI_GRANULE_UNDELEGATE, DEL0 + 8 }, INP },
	{ "undelegate above", NULL, { MICA_RMI_GRANULE_UNDELEGATE, PA(TP_NGRAN + 3) }, INP },
	{ "undelegate rd", NULL, { MICA_RMI_GRANULE_UNDELEGATE, RD_A }, INP },
	{ "undelegate rtt", NULL, { MICA_RMI_GRANULE_UNDELEGATE, PA(W_ROOT_A) }, INP },
	{ "undelegate l3", NULL, { MICA_RMI_GRANULE_UNDELEGATE, PA(W_L3_A) }, INP },
	{ "undelegate rec", NULL, { MICA_RMI_GRANULE_UNDELEGATE, PA(W_REC_A) }, INP },
	{ "undelegate data", NULL, { MICA_RMI_GRANULE_UNDELEGATE, PA(W_DATA_A) }, INP },
	{ "undelegate gpt fails", gpt_fails, { MICA_RMI_GRANULE_UNDELEGATE, DEL0 }, INP },
	/* REALM_CREATE */
	{ "realm_create rd ns", NULL, { MICA_RMI_REALM_CREATE, NSF, NSF }, INP },
	{ "realm_create rd is rd", rp_vmid_used, { MICA_RMI_REALM_CREATE, RD_A, NSF }, INP },
	{ "realm_create params delegated", NULL, { MICA_RMI_REALM_CREATE, DEL0, DEL1 }, INP },
	{ "realm_create params unaligned", NULL, { MICA_RMI_REALM_CREATE, DEL0, NSF + 4 }, INP },
	{ "realm_create params outside", NULL, { MICA_RMI_REALM_CREATE, DEL0, PA(TP_NGRAN) }, INP },
	{ "params flags", rp_flags, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params flags high", rp_flags_hi, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params s2sz 31", rp_s2sz_small, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params s2sz 49", rp_s2sz_big, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params sve_vl", rp_sve, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params num_bps", rp_bps, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params num_wps", rp_wps, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params pmu", rp_pmu, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params hash", rp_hash, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params level 3", rp_level3, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params level -1", rp_level_neg, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params num 0", rp_num0, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params num 2", rp_num2, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params level too deep", rp_level_deep, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params level too shallow", rp_level_shallow, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params 8 roots", rp_l2_concat_bad, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params rtt ns", rp_rtt_ns, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params rtt is rd", rp_rtt_rd, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params rtt unaligned", rp_rtt_unaligned, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params rtt in use", rp_rtt_used, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params roots misaligned", rp_concat_misaligned, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params vmid in use", rp_vmid_used, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params reserved 0x31", rp_res_31, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params reserved 0x09", rp_res_9, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params reserved 0x3ff", rp_res_3ff, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params reserved 0x840", rp_res_840, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params reserved 0xfff", rp_res_fff, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	{ "params num_start high", rp_num_hi, { MICA_RMI_REALM_CREATE, DEL0, NSF }, INP },
	/* REALM_ACTIVATE */
	{ "activate not rd", NULL, { MICA_RMI_REALM_ACTIVATE, DEL0 }, INP },
	{ "activate unaligned", NULL, { MICA_RMI_REALM_ACTIVATE, RD_A + 1 }, INP },
	{ "activate active", NULL, { MICA_RMI_REALM_ACTIVATE, RD_B }, REALM },
	/* REALM_DESTROY */
	{ "realm_destroy not rd", NULL, { MICA_RMI_REALM_DESTROY, PA(W_ROOT_A) }, INP },
	{ "realm_destroy recs", NULL, { MICA_RMI_REALM_DESTROY, RD_A }, REALM },
	{ "realm_destroy active recs", NULL, { MICA_RMI_REALM_DESTROY, RD_B }, REALM },
	{ "realm_destroy rtts", NULL, { MICA_RMI_REALM_DESTROY, RD_C }, REALM },
	/* REC_CREATE */
	{ "rec_create not rd", rc_good, { MICA_RMI_REC_CREATE, DEL0, DEL1, PA(W_RECP) }, INP },
	{ "rec_create rec ns", rc_good, { MICA_RMI_REC_CREATE, RD_A, NSF, PA(W_RECP) }, INP },
	{ "rec_create rec is rec", rc_good, { MICA_RMI_REC_CREATE, RD_A, PA(W_REC_A), PA(W_RECP) }, INP },
	{ "rec_create params delegated", rc_good, { MICA_RMI_REC_CREATE, RD_A, DEL0, DEL1 }, INP },
	{ "rec_create active", rc_good, { MICA_RMI_REC_CREATE, RD_B, DEL0, PA(W_RECP) }, REALM },
	{ "rec flags", rc_flags, { MICA_RMI_REC_CREATE, RD_A, DEL0, PA(W_RECP) }, INP },
	{ "rec mpidr reserved", rc_mpidr_res, { MICA_RMI_REC_CREATE, RD_A, DEL0, PA(W_RECP) }, INP },
	{ "rec mpidr high", rc_mpidr_hi, { MICA_RMI_REC_CREATE, RD_A, DEL0, PA(W_RECP) }, INP },
	{ "rec mpidr reused", rc_mpidr_idx, { MICA_RMI_REC_CREATE, RD_A, DEL0, PA(W_RECP) }, INP },
	{ "rec mpidr skipped", rc_mpidr_skip, { MICA_RMI_REC_CREATE, RD_A, DEL0, PA(W_RECP) }, INP },
	{ "rec num_aux", rc_aux, { MICA_RMI_REC_CREATE, RD_A, DEL0, PA(W_RECP) }, INP },
	{ "rec aux", rc_aux_addr, { MICA_RMI_REC_CREATE, RD_A, DEL0, PA(W_RECP) }, INP },
	{ "rec reserved", rc_res, { MICA_RMI_REC_CREATE, RD_A, DEL0, PA(W_RECP) }, INP },
	{ "rec reserved end", rc_res_end, { MICA_RMI_REC_CREATE, RD_A, DEL0, PA(W_RECP) }, INP },
	/* REC_DESTROY */
	{ "rec_destroy delegated", NULL, { MICA_RMI_REC_DESTROY, DEL0 }, INP },
	{ "rec_destroy rd", NULL, { MICA_RMI_REC_DESTROY, RD_A }, INP },
	{ "rec_destroy unaligned", NULL, { MICA_RMI_REC_DESTROY, PA(W_REC_A) + 16 }, INP },
	/* REC_ENTER */
	{ "enter not rec", entry_ok, { MICA_RMI_REC_ENTER, RD_B, PA(W_RUN) }, INP },
	{ "enter run delegated", entry_ok, { MICA_RMI_REC_ENTER, PA(W_REC_B), DEL0 }, INP },
	{ "enter run unaligned", entry_ok, { MICA_RMI_REC_ENTER, PA(W_REC_B), PA(W_RUN) + 8 }, INP },
	{ "enter new realm", entry_ok, { MICA_RMI_REC_ENTER, PA(W_REC_A), PA(W_RUN) }, REALM },
	{ "enter not runnable", entry_ok, { MICA_RMI_REC_ENTER, PA(W_REC_B2), PA(W_RUN) }, REC },
	{ "enter unknown flag", entry_unknown, { MICA_RMI_REC_ENTER, PA(W_REC_B), PA(W_RUN) }, INP },
	{ "enter emul and sea", entry_both, { MICA_RMI_REC_ENTER, PA(W_REC_B), PA(W_RUN) }, INP },
	{ "enter emul no mmio", entry_emul, { MICA_RMI_REC_ENTER, PA(W_REC_B), PA(W_RUN) }, REC },
	{ "enter sea no abort", entry_sea, { MICA_RMI_REC_ENTER, PA(W_REC_B), PA(W_RUN) }, REC },
	/* RTT_CREATE */
	{ "rtt_create not rd", NULL, { MICA_RMI_RTT_CREATE, DEL1, DEL0, HOLE, 2 }, INP },
	{ "rtt_create rtt ns", NULL, { MICA_RMI_RTT_CREATE, RD_A, NSF, HOLE, 2 }, INP },
	{ "rtt_create rtt is data", NULL, { MICA_RMI_RTT_CREATE, RD_A, PA(W_DATA_A), HOLE, 2 }, INP },
	{ "rtt_create level 1", NULL, { MICA_RMI_RTT_CREATE, RD_A, DEL0, 0, 1 }, INP },
	{ "rtt_create level 0", NULL, { MICA_RMI_RTT_CREATE, RD_A, DEL0, 0, 0 }, INP },
	{ "rtt_create level 4", NULL, { MICA_RMI_RTT_CREATE, RD_A, DEL0, 0, 4 }, INP },
	{ "rtt_create level -1", NULL, { MICA_RMI_RTT_CREATE, RD_A, DEL0, 0, (unsigned long)-1 }, INP },
	{ "rtt_create unaligned l2", NULL, { MICA_RMI_RTT_CREATE, RD_A, DEL0, HOLE + 0x200000, 2 }, INP },
	{ "rtt_create unaligned l3", NULL, { MICA_RMI_RTT_CREATE, RD_A, DEL0, 0x1000, 3 }, INP },
	{ "rtt_create past s2sz", NULL, { MICA_RMI_RTT_CREATE, RD_A, DEL0, OUT, 2 }, INP },
	{ "rtt_create exists", NULL, { MICA_RMI_RTT_CREATE, RD_A, DEL0, 0, 2 }, RMI_RTT(1) },
	{ "rtt_create l3 exists", NULL, { MICA_RMI_RTT_CREATE, RD_A, DEL0, 0, 3 }, RMI_RTT(2) },
	{ "rtt_create no parent", NULL, { MICA_RMI_RTT_CREATE, RD_A, DEL0, HOLE, 3 }, RMI_RTT(1) },
	/* RTT_DESTROY */
	{ "rtt_destroy not rd", NULL, { MICA_RMI_RTT_DESTROY, DEL0, 0, 3 }, INP },
	{ "rtt_destroy level 1", NULL, { MICA_RMI_RTT_DESTROY, RD_A, 0, 1 }, INP },
	{ "rtt_destroy level 4", NULL, { MICA_RMI_RTT_DESTROY, RD_A, 0, 4 }, INP },
	{ "rtt_destroy unaligned", NULL, { MICA_RMI_RTT_DESTROY, RD_A, 0x1000, 3 }, INP },
	{ "rtt_destroy past s2sz", NULL, { MICA_RMI_RTT_DESTROY, RD_A, OUT, 2 }, INP },
	{ "rtt_destroy none l2", NULL, { MICA_RMI_RTT_DESTROY, RD_A, HOLE, 2 }, RMI_RTT(1) },
	{ "rtt_destroy none l3", NULL, { MICA_RMI_RTT_DESTROY, RD_A, HOLE, 3 }, RMI_RTT(1) },
	{ "rtt_destroy none l3b", NULL, { MICA_RMI_RTT_DESTROY, RD_A, 0x200000, 3 }, RMI_RTT(2) },
	{ "rtt_destroy live data", NULL, { MICA_RMI_RTT_DESTROY, RD_A, 0, 3 }, RMI_RTT(3) },
	{ "rtt_destroy live ns", NULL, { MICA_RMI_RTT_DESTROY, RD_A, TP_UNPROT, 3 }, RMI_RTT(3) },
	{ "rtt_destroy live table", NULL, { MICA_RMI_RTT_DESTROY, RD_A, 0, 2 }, RMI_RTT(2) },
	/* RTT_MAP_UNPROTECTED */
	{ "map not rd", NULL, { MICA_RMI_RTT_MAP_UNPROTECTED, DEL0, TP_UNPROT + 0x1000, 3, NSF }, INP },
	{ "map level 2", NULL, { MICA_RMI_RTT_MAP_UNPROTECTED, RD_A, TP_UNPROT + 0x1000, 2, NSF }, INP },
	{ "map protected", NULL, { MICA_RMI_RTT_MAP_UNPROTECTED, RD_A, 0x1000, 3, NSF }, INP },
	{ "map unaligned", NULL, { MICA_RMI_RTT_MAP_UNPROTECTED, RD_A, TP_UNPROT + 0x1008, 3, NSF }, INP },
	{ "map past s2sz", NULL, { MICA_RMI_RTT_MAP_UNPROTECTED, RD_A, OUT, 3, NSF }, INP },
	{ "map desc bit 0", NULL, { MICA_RMI_RTT_MAP_UNPROTECTED, RD_A, TP_UNPROT + 0x1000, 3, NSF | 1 }, INP },
	{ "map desc bit 10", NULL, { MICA_RMI_RTT_MAP_UNPROTECTED, RD_A, TP_UNPROT + 0x1000, 3, NSF | 0x400 }, INP },
	{ "map desc bit 55", NULL, { MICA_RMI_RTT_MAP_UNPROTECTED, RD_A, TP_UNPROT + 0x1000, 3, NSF | 1ul << 55 }, INP },
	{ "map desc oa high", NULL, { MICA_RMI_RTT_MAP_UNPROTECTED, RD_A, TP_UNPROT + 0x1000, 3, 1ul << 48 }, INP },
	{ "map no rtt", NULL, { MICA_RMI_RTT_MAP_UNPROTECTED, RD_A, TP_UNPROT + HOLE, 3, NSF }, RMI_RTT(1) },
	{ "map no l3", NULL, { MICA_RMI_RTT_MAP_UNPROTECTED, RD_A, TP_UNPROT + 0x200000, 3, NSF }, RMI_RTT(2) },
	{ "map mapped", NULL, { MICA_RMI_RTT_MAP_UNPROTECTED, RD_A, TP_UNPROT, 3, NSF }, RMI_RTT(3) },
	/* RTT_UNMAP_UNPROTECTED */
	{ "unmap not rd", NULL, { MICA_RMI_RTT_UNMAP_UNPROTECTED, DEL0, TP_UNPROT, 3 }, INP },
	{ "unmap level 2", NULL, { MICA_RMI_RTT_UNMAP_UNPROTECTED, RD_A, TP_UNPROT, 2 }, INP },
	{ "unmap protected", NULL, { MICA_RMI_RTT_UNMAP_UNPROTECTED, RD_A, 0, 3 }, INP },
	{ "unmap unaligned", NULL, { MICA_RMI_RTT_UNMAP_UNPROTECTED, RD_A, TP_UNPROT + 4, 3 }, INP },
	{ "unmap no rtt", NULL, { MICA_RMI_RTT_UNMAP_UNPROTECTED, RD_A, TP_UNPROT + HOLE, 3 }, RMI_RTT(1) },
	{ "unmap unmapped", NULL, { MICA_RMI_RTT_UNMAP_UNPROTECTED, RD_A, TP_UNPROT + 0x1000, 3 }, RMI_RTT(3) },
	/* RTT_READ_ENTRY */
	{ "read not rd", NULL, { MICA_RMI_RTT_READ_ENTRY, DEL0, 0, 3 }, INP },
	{ "read level 0", NULL, { MICA_RMI_RTT_READ_ENTRY, RD_A, 0, 0 }, INP },
	{ "read level 4", NULL, { MICA_RMI_RTT_READ_ENTRY, RD_A, 0, 4 }, INP },
	{ "read unaligned l3", NULL, { MICA_RMI_RTT_READ_ENTRY, RD_A, 0x800, 3 }, INP },
	{ "read unaligned l2", NULL, { MICA_RMI_RTT_READ_ENTRY, RD_A, 0x1000, 2 }, INP },
	{ "read past s2sz", NULL, { MICA_RMI_RTT_READ_ENTRY, RD_A, OUT, 1 }, INP },
	/* DATA_CREATE */
	{ "data not rd", NULL, { MICA_RMI_DATA_CREATE, DEL1, DEL0, 0x1000, PA(W_SRC), 0 }, INP },
	{ "data not delegated", NULL, { MICA_RMI_DATA_CREATE, RD_A, NSF, 0x1000, PA(W_SRC), 0 }, INP },
	{ "data src delegated", NULL, { MICA_RMI_DATA_CREATE, RD_A, DEL0, 0x1000, DEL1, 0 }, INP },
	{ "data src outside", NULL, { MICA_RMI_DATA_CREATE, RD_A, DEL0, 0x1000, PA(TP_NGRAN), 0 }, INP },
	{ "data same granule", NULL, { MICA_RMI_DATA_CREATE, RD_A, DEL0, 0x1000, DEL0, 0 }, INP },
	{ "data unaligned", NULL, { MICA_RMI_DATA_CREATE, RD_A, DEL0, 0x1800, PA(W_SRC), 0 }, INP },
	{ "data unprotected", NULL, { MICA_RMI_DATA_CREATE, RD_A, DEL0, TP_UNPROT + 0x1000, PA(W_SRC), 0 }, INP },
	{ "data past s2sz", NULL, { MICA_RMI_DATA_CREATE, RD_A, DEL0, OUT, PA(W_SRC), 0 }, INP },
	{ "data flags", NULL, { MICA_RMI_DATA_CREATE, RD_A, DEL0, 0x1000, PA(W_SRC), 2 }, INP },
	{ "data active", NULL, { MICA_RMI_DATA_CREATE, RD_B, DEL0, 0x2000, PA(W_SRC), 0 }, REALM },
	{ "data no rtt", NULL, { MICA_RMI_DATA_CREATE, RD_A, DEL0, HOLE, PA(W_SRC), 0 }, RMI_RTT(1) },
	{ "data no l3", NULL, { MICA_RMI_DATA_CREATE, RD_A, DEL0, 0x200000, PA(W_SRC), 0 }, RMI_RTT(2) },
	{ "data assigned", NULL, { MICA_RMI_DATA_CREATE, RD_A, DEL0, 0, PA(W_SRC), 1 }, RMI_RTT(3) },
	{ "data destroyed", NULL, { MICA_RMI_DATA_CREATE, RD_A, DEL0, 0x2000, PA(W_SRC), 1 }, RMI_RTT(3) },
	/* DATA_CREATE_UNKNOWN */
	{ "unknown not rd", NULL, { MICA_RMI_DATA_CREATE_UNKNOWN, DEL1, DEL0, 0x1000 }, INP },
	{ "unknown not delegated", NULL, { MICA_RMI_DATA_CREATE_UNKNOWN, RD_A, NSF, 0x1000 }, INP },
	{ "unknown unaligned", NULL, { MICA_RMI_DATA_CREATE_UNKNOWN, RD_A, DEL0, 0x1010 }, INP },
	{ "unknown unprotected", NULL, { MICA_RMI_DATA_CREATE_UNKNOWN, RD_A, DEL0, TP_UNPROT }, INP },
	{ "unknown no rtt", NULL, { MICA_RMI_DATA_CREATE_UNKNOWN, RD_B, DEL0, HOLE }, RMI_RTT(1) },
	{ "unknown assigned", NULL, { MICA_RMI_DATA_CREATE_UNKNOWN, RD_B, DEL0, 0x1000 }, RMI_RTT(3) },
	{ "unknown destroyed", NULL, { MICA_RMI_DATA_CREATE_UNKNOWN, RD_A, DEL0, 0x2000 }, RMI_RTT(3) },
	/* DATA_DESTROY */
	{ "data_destroy not rd", NULL, { MICA_RMI_DATA_DESTROY, DEL0, 0 }, INP },
	{ "data_destroy unaligned", NULL, { MICA_RMI_DATA_DESTROY, RD_A, 0x10 }, INP },
	{ "data_destroy unprotected", NULL, { MICA_RMI_DATA_DESTROY, RD_A, TP_UNPROT }, INP },
	{ "data_destroy no rtt", NULL, { MICA_RMI_DATA_DESTROY, RD_A, HOLE }, RMI_RTT(1) },
	{ "data_destroy unassigned", NULL, { MICA_RMI_DATA_DESTROY, RD_A, 0x1000 }, RMI_RTT(3) },
	{ "data_destroy destroyed", NULL, { MICA_RMI_DATA_DESTROY, RD_A, 0x2000 }, RMI_RTT(3) },
	/* RTT_INIT_RIPAS */
	{ "init not rd", NULL, { MICA_RMI_RTT_INIT_RIPAS, DEL0, 0x1000, 0x2000 }, INP },
	{ "init empty range", NULL, { MICA_RMI_RTT_INIT_RIPAS, RD_A, 0x1000, 0x1000 }, INP },
	{ "init reversed", NULL, { MICA_RMI_RTT_INIT_RIPAS, RD_A, 0x2000, 0x1000 }, INP },
	{ "init unaligned base", NULL, { MICA_RMI_RTT_INIT_RIPAS, RD_A, 0x1001, 0x2000 }, INP },
	{ "init unaligned top", NULL, { MICA_RMI_RTT_INIT_RIPAS, RD_A, 0x1000, 0x2001 }, INP },
	{ "init unprotected", NULL, { MICA_RMI_RTT_INIT_RIPAS, RD_A, 0x1000, TP_UNPROT + 0x1000 }, INP },
	{ "init active", NULL, { MICA_RMI_RTT_INIT_RIPAS, RD_B, 0x10000, 0x11000 }, REALM },
	{ "init no rtt", NULL, { MICA_RMI_RTT_INIT_RIPAS, RD_A, HOLE, HOLE + 0x1000 }, RMI_RTT(1) },
	{ "init assigned", NULL, { MICA_RMI_RTT_INIT_RIPAS, RD_A, 0, 0x1000 }, RMI_RTT(3) },
	{ "init destroyed", NULL, { MICA_RMI_RTT_INIT_RIPAS, RD_A, 0x2000, 0x4000 }, RMI_RTT(3) },
	/* RTT_SET_RIPAS */
	{ "set not rd", NULL, { MICA_RMI_RTT_SET_RIPAS, DEL0, PA(W_REC_B), 0, 0x1000 }, INP },
	{ "set not rec", NULL, { MICA_RMI_RTT_SET_RIPAS, RD_B, DEL0, 0, 0x1000 }, INP },
	{ "set other realm's rec", NULL, { MICA_RMI_RTT_SET_RIPAS, RD_A, PA(W_REC_B), 0, 0x1000 }, REC },
	{ "set no request", NULL, { MICA_RMI_RTT_SET_RIPAS, RD_B, PA(W_REC_B), 0, 0x1000 }, REC },
	/* unknown FIDs */
	{ "fid 0", NULL, { 0 }, UNK },
	{ "fid 0xC4000156", NULL, { 0xC4000156 }, UNK },
	{ "fid 0xC4000160", NULL, { 0xC4000160 }, UNK },
	{ "fid 0xC4000163", NULL, { 0xC4000163 }, UNK },
	{ "fid 0xC4000164", NULL, { 0xC4000164 }, UNK },
	{ "fid 0xC4000166", NULL, { 0xC4000166, RD_A, 0, 3 }, UNK },
	{ "fid 0xC4000167", NULL, { 0xC4000167, RD_A }, UNK },
	{ "policy bind, length 0", NULL, { MICA_RMI_POLICY_BIND, RD_A, NSF }, INP },
	{ "fid 0xC400016F", NULL, { 0xC400016F }, UNK },
	{ "fid 0x84000150 (SMC32)", NULL, { 0x84000150, 0x10000 }, UNK },
	{ "fid RSI on RMI", NULL, { MICA_RSI_VERSION, 0x10000 }, UNK },
	{ "fid upper bits ignored", NULL, { 0x1C4000150ul, 0x20000 }, INP },
};

static struct tplat *tp;
static struct tsnap *snap;

static void setup(void)
{
	tp = tp_new();
	snap = malloc(sizeof *snap);
	ck_assert_ptr_nonnull(snap);
	tp_world(tp);
}

static void teardown(void)
{
	free(snap);
	tp_free(tp);
}

START_TEST(rmi_refused_changes_nothing)
{
	const struct rmi_row *row = &rmi_rows[_i];
	unsigned long x0;

	if (row->prep != NULL)
		row->prep(tp);
	tp_snap(tp, snap);
	x0 = RMI(tp, row->a[0], row->a[1], row->a[2], row->a[3], row->a[4],
		 row->a[5], row->a[6]);
	ck_assert_msg(x0 == row->want, "%s: x0 %#lx, want %#lx", row->name,
		      x0, row->want);
	ck_assert_msg(tp_same(tp, snap), "%s: state changed", row->name);
	ck_assert_uint_eq(tp->runs, 0);
}
END_TEST

/* The prepared pages are right: with the bad field fixed, it succeeds. */
START_TEST(rmi_controls_succeed)
{
	rc_good(tp);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REC_CREATE, RD_A, DEL0, PA(W_RECP)), 0);
	good_realm_params(PG(tp, W_NSFREE));
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_CREATE, DEL2, NSF), 0);
	/* DEL1 is a root RTT now. */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_CREATE, RD_A, DEL1, HOLE, 2), INP);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_GRANULE_DELEGATE, NSF), 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_CREATE, RD_A, NSF, HOLE, 2), 0);
}
END_TEST

/* ---- RSI: inline calls from the running REC of Realm B ---- */

struct rsi_row {
	const char *name;
	unsigned long x[11];
	unsigned long want;
	int other_rec;     /* call as REC_B2, which is not running */
};

static const struct rsi_row rsi_rows[] = {
	{ "version 2.0", { MICA_RSI_VERSION, 0x20000 }, MICA_RSI_ERROR_INPUT, 0 },
	{ "version 0", { MICA_RSI_VERSION, 0 }, MICA_RSI_ERROR_INPUT, 0 },
	{ "read slot 5", { MICA_RSI_MEASUREMENT_READ, 5 }, MICA_RSI_ERROR_INPUT, 0 },
	{ "read slot -1", { MICA_RSI_MEASUREMENT_READ, (unsigned long)-1 }, MICA_RSI_ERROR_INPUT, 0 },
	{ "extend slot 0", { MICA_RSI_MEASUREMENT_EXTEND, 0, 8, 1 }, MICA_RSI_ERROR_INPUT, 0 },
	{ "extend slot 5", { MICA_RSI_MEASUREMENT_EXTEND, 5, 8, 1 }, MICA_RSI_ERROR_INPUT, 0 },
	{ "extend size 65", { MICA_RSI_MEASUREMENT_EXTEND, 1, 65, 1 }, MICA_RSI_ERROR_INPUT, 0 },
	{ "extend size huge", { MICA_RSI_MEASUREMENT_EXTEND, 1, (unsigned long)-8, 1 }, MICA_RSI_ERROR_INPUT, 0 },
	{ "config unaligned", { MICA_RSI_REALM_CONFIG, 0x1008 }, MICA_RSI_ERROR_INPUT, 0 },
	{ "config unprotected", { MICA_RSI_REALM_CONFIG, TP_UNPROT }, MICA_RSI_ERROR_INPUT, 0 },
	{ "config unassigned", { MICA_RSI_REALM_CONFIG, 0x2000 }, MICA_RSI_ERROR_INPUT, 0 },
	{ "config no rtt", { MICA_RSI_REALM_CONFIG, HOLE }, MICA_RSI_ERROR_INPUT, 0 },
	{ "config past s2sz", { MICA_RSI_REALM_CONFIG, OUT }, MICA_RSI_ERROR_INPUT, 0 },
	{ "get empty", { MICA_RSI_IPA_STATE_GET, 0x1000, 0x1000 }, MICA_RSI_ERROR_INPUT, 0 },
	{ "get unaligned", { MICA_RSI_IPA_STATE_GET, 0x1001, 0x2000 }, MICA_RSI_ERROR_INPUT, 0 },
	{ "get unprotected", { MICA_RSI_IPA_STATE_GET, 0, TP_UNPROT + 0x1000 }, MICA_RSI_ERROR_INPUT, 0 },
	{ "host call inline", { MICA_RSI_HOST_CALL, 0x1000 }, MICA_RMM_RSI_TRAP, 0 },
	{ "ipa set inline", { MICA_RSI_IPA_STATE_SET, 0, 0x1000, 0, 0 }, MICA_RMM_RSI_TRAP, 0 },
	{ "token init, no keys", { MICA_RSI_ATTESTATION_TOKEN_INIT, 1 }, MICA_RSI_ERROR_STATE, 0 },
	{ "token continue, no init", { MICA_RSI_ATTESTATION_TOKEN_CONTINUE, 0x1000, 0, 4096 }, MICA_RSI_ERROR_STATE, 0 },
	{ "group init, no policy", { MICA_RSI_GROUP_TOKEN_INIT, 1 }, MICA_RSI_ERROR_STATE, 0 },
	{ "group continue, no init", { MICA_RSI_GROUP_TOKEN_CONTINUE, 0x1000, 0, 4096 }, MICA_RSI_ERROR_STATE, 0 },
	{ "mica 0xC40001B2 (later)", { 0xC40001B2 }, MICA_SMC_UNKNOWN, 0 },
	{ "fid 0xC400019A", { 0xC400019A }, MICA_SMC_UNKNOWN, 0 },
	{ "psci inline", { MICA_PSCI_VERSION }, MICA_SMC_UNKNOWN, 0 },
	{ "rmi fid", { MICA_RMI_VERSION, 0x10000 }, MICA_SMC_UNKNOWN, 0 },
	{ "not the running rec", { MICA_RSI_VERSION, 0x10000 }, MICA_SMC_UNKNOWN, 1 },
};

static unsigned rsi_cur;
static int rsi_checked;

static void rsi_inline(struct tplat *t, unsigned long rec)
{
	const struct rsi_row *row = &rsi_rows[rsi_cur];
	unsigned long x[MICA_RMM_SMC_REGS] = { 0 }, ret[MICA_RMM_SMC_REGS];
	unsigned long x0;

	memcpy(x, row->x, sizeof row->x);
	tp_snap(t, snap);
	x0 = mica_rmm_rsi(&t->ctx, row->other_rec ? PA(W_REC_B2) : rec, x, ret);
	ck_assert_msg(x0 == row->want && ret[0] == x0, "%s: x0 %#lx want %#lx",
		      row->name, x0, row->want);
	ck_assert_msg(tp_same(t, snap), "%s: state changed", row->name);
	rsi_checked = 1;
}

START_TEST(rsi_refused_changes_nothing)
{
	rsi_cur = (unsigned)_i;
	rsi_checked = 0;
	STEP(tp, .kind = S_CALL, .fn = rsi_inline);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_int_eq(rsi_checked, 1);
}
END_TEST

/* Outside REC_ENTER nothing runs: every RSI call is unknown. */
START_TEST(rsi_outside_a_run)
{
	unsigned long x[MICA_RMM_SMC_REGS] = { MICA_RSI_VERSION, 0x10000 };
	unsigned long ret[MICA_RMM_SMC_REGS];

	tp_snap(tp, snap);
	ck_assert_uint_eq(mica_rmm_rsi(&tp->ctx, PA(W_REC_B), x, ret),
			  MICA_SMC_UNKNOWN);
	ck_assert(tp_same(tp, snap));
}
END_TEST

/* Calls that must exit, trapped with bad arguments: answered with
 * RSI_ERROR_INPUT, no exit, and no change but the REC running on. */
struct trap_row {
	const char *name;
	unsigned long x[5];
};

static const struct trap_row trap_rows[] = {
	{ "host call unaligned", { MICA_RSI_HOST_CALL, 0x1010 } },
	{ "host call unprotected", { MICA_RSI_HOST_CALL, TP_UNPROT } },
	{ "host call unassigned", { MICA_RSI_HOST_CALL, 0x2000 } },
	{ "host call no rtt", { MICA_RSI_HOST_CALL, HOLE } },
	{ "host call past s2sz", { MICA_RSI_HOST_CALL, OUT } },
	{ "ipa set empty", { MICA_RSI_IPA_STATE_SET, 0x1000, 0x1000, 1, 0 } },
	{ "ipa set unaligned", { MICA_RSI_IPA_STATE_SET, 0x1000, 0x1800, 1, 0 } },
	{ "ipa set unprotected", { MICA_RSI_IPA_STATE_SET, 0, TP_UNPROT + 0x1000, 1, 0 } },
	{ "ipa set destroyed ripas", { MICA_RSI_IPA_STATE_SET, 0, 0x1000, 2, 0 } },
	{ "ipa set flags", { MICA_RSI_IPA_STATE_SET, 0, 0x1000, 1, 2 } },
};

START_TEST(rsi_exit_calls_refused)
{
	const struct trap_row *row = &trap_rows[_i];
	struct tstep s = { .kind = S_SMC };

	memcpy(s.x, row->x, sizeof row->x);
	tp_step(tp, s);
	STEP(tp, .kind = S_WFI);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	/* The Realm got its answer and ran on to the WFI. */
	ck_assert_uint_eq(tp->nres, 2);
	ck_assert_uint_eq(tp->res[1].kind, MICA_RMM_RESUME_RETURN);
	ck_assert_msg(tp->res[1].x[0] == MICA_RSI_ERROR_INPUT, "%s", row->name);
	ck_assert_uint_eq(tp_exit64(tp, MICA_RUN_EXIT_REASON), MICA_RMI_EXIT_SYNC);
	ck_assert_uint_eq(tp_exit64(tp, MICA_RUN_EXIT_ESR) >> 26, MICA_ESR_EC_WFX);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rmm errors");
	TCase *tc = tcase_create("rmi");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, rmi_refused_changes_nothing, 0,
			    (int)(sizeof rmi_rows / sizeof rmi_rows[0]));
	tcase_add_test(tc, rmi_controls_succeed);
	suite_add_tcase(s, tc);
	tc = tcase_create("rsi");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, rsi_refused_changes_nothing, 0,
			    (int)(sizeof rsi_rows / sizeof rsi_rows[0]));
	tcase_add_test(tc, rsi_outside_a_run);
	tcase_add_loop_test(tc, rsi_exit_calls_refused, 0,
			    (int)(sizeof trap_rows / sizeof trap_rows[0]));
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
