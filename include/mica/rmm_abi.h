/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rmm_abi.h -- what a host or a Realm sees of the reference RMM module
 * (man/mica-rmm.7): the RMI, RSI and PSCI function IDs, status codes and
 * enumerations, and the byte layouts of the structures they exchange in
 * memory (RmiRealmParams, RmiRecParams, RmiRecRun, RsiHostCall, exit
 * records, measurement descriptors), with the Mica additions marked.
 * Constants only: a host, a Realm program or a verifier may include it
 * without the module.
 */
#ifndef MICA_RMM_ABI_H
#define MICA_RMM_ABI_H

#include <stddef.h>
#include <stdint.h>

#define MICA_RMM_GRANULE_SIZE 4096ul
#define MICA_RMM_GRANULE_SHIFT 12u
#define MICA_RMM_DIGEST_MAX 64u         /* SHA-512 */
#define MICA_RMM_NMEAS 5u               /* RIM, REM0..REM3 */
#define MICA_RMM_RPV_SIZE 64u
#define MICA_RMM_SMC_REGS 18u           /* x0..x17, SMCCC 1.2 */
#define MICA_RMM_RMI_NARGS 7u           /* x0 = FID, x1..x6 */
#define MICA_RMM_RMI_NRET 5u            /* x0..x4 */


/* ---- SMCCC --------------------------------------------------------- */
#define MICA_SMC_UNKNOWN 0xFFFFFFFFul

/* ---- RMI function IDs (SMC64) --------------------------------------- */
#define MICA_RMI_VERSION               0xC4000150ul
#define MICA_RMI_GRANULE_DELEGATE      0xC4000151ul
#define MICA_RMI_GRANULE_UNDELEGATE    0xC4000152ul
#define MICA_RMI_DATA_CREATE           0xC4000153ul
#define MICA_RMI_DATA_CREATE_UNKNOWN   0xC4000154ul
#define MICA_RMI_DATA_DESTROY          0xC4000155ul
#define MICA_RMI_REALM_ACTIVATE        0xC4000157ul
#define MICA_RMI_REALM_CREATE          0xC4000158ul
#define MICA_RMI_REALM_DESTROY         0xC4000159ul
#define MICA_RMI_REC_CREATE            0xC400015Aul
#define MICA_RMI_REC_DESTROY           0xC400015Bul
#define MICA_RMI_REC_ENTER             0xC400015Cul
#define MICA_RMI_RTT_CREATE            0xC400015Dul
#define MICA_RMI_RTT_DESTROY           0xC400015Eul
#define MICA_RMI_RTT_MAP_UNPROTECTED   0xC400015Ful
#define MICA_RMI_RTT_READ_ENTRY        0xC4000161ul
#define MICA_RMI_RTT_UNMAP_UNPROTECTED 0xC4000162ul
#define MICA_RMI_FEATURES              0xC4000165ul
#define MICA_RMI_RTT_INIT_RIPAS        0xC4000168ul
#define MICA_RMI_RTT_SET_RIPAS         0xC4000169ul
/* 0xC400016A..0xC400016F: the Mica additions (not in the base). */
/* Mica additions (man/mica-rmm.7, "MICA POLICY"):
 *  POLICY_BIND  x1 = RD (NEW, no policy yet), x2 = blob PA (NS granule),
 *               x3 = length 1..4096. Copied, fully validated, bound.
 *  SHARE_MAP    x1 = RD (ACTIVE, policy bound), x2 = PA (DELEGATED or
 *               SHARED), x3 = protected IPA inside one of its regions.
 *  SHARE_UNMAP  x1 = RD, x2 = IPA. Out: x1 = PA, x2 = mappers left. */
#define MICA_RMI_POLICY_BIND           0xC400016Aul
#define MICA_RMI_SHARE_MAP             0xC400016Bul
#define MICA_RMI_SHARE_UNMAP           0xC400016Cul

/* RMI status: x0 = status | index << 8 (RmiCommandReturnCode). */
#define MICA_RMI_SUCCESS      0ul
#define MICA_RMI_ERROR_INPUT  1ul
#define MICA_RMI_ERROR_REALM  2ul
#define MICA_RMI_ERROR_REC    3ul
#define MICA_RMI_ERROR_RTT    4ul
#define MICA_RMI_PACK(status, index) \
	((unsigned long)(status) | ((unsigned long)(index) << 8))
#define MICA_RMI_STATUS(x0) ((x0) & 0xFFul)
#define MICA_RMI_INDEX(x0) (((x0) >> 8) & 0xFFul)

/* RMI and RSI ABI version 1.0 (major << 16 | minor). */
#define MICA_RMM_ABI_VERSION 0x10000ul

/* ---- RSI function IDs ----------------------------------------------- */
#define MICA_RSI_VERSION                    0xC4000190ul
#define MICA_RSI_FEATURES                   0xC4000191ul
#define MICA_RSI_MEASUREMENT_READ           0xC4000192ul
#define MICA_RSI_MEASUREMENT_EXTEND         0xC4000193ul
#define MICA_RSI_ATTESTATION_TOKEN_INIT     0xC4000194ul
#define MICA_RSI_ATTESTATION_TOKEN_CONTINUE 0xC4000195ul
#define MICA_RSI_REALM_CONFIG               0xC4000196ul
#define MICA_RSI_IPA_STATE_SET              0xC4000197ul
#define MICA_RSI_IPA_STATE_GET              0xC4000198ul
#define MICA_RSI_HOST_CALL                  0xC4000199ul
/* 0xC40001B0..: Mica's own RSI calls (not in the base). */
/* Mica additions (man/mica-rmm.7, "GROUP TOKEN"): a CCA token whose realm
 * token also carries claim MICA_CLAIM_SUBMODS (266, EAT submodules), every
 * Realm connected to the caller through the shared region instances they map. Same registers as the ordinary calls;
 * the caller must be ACTIVE with a policy bound. */
#define MICA_RSI_GROUP_TOKEN_INIT           0xC40001B0ul
#define MICA_RSI_GROUP_TOKEN_CONTINUE       0xC40001B1ul

#define MICA_RSI_SUCCESS     0ul
#define MICA_RSI_ERROR_INPUT 1ul
#define MICA_RSI_ERROR_STATE 2ul
#define MICA_RSI_INCOMPLETE  3ul
#define MICA_RSI_ACCEPT 0ul   /* RSI_IPA_STATE_SET response */
#define MICA_RSI_REJECT 1ul
#define MICA_RSI_CHANGE_DESTROYED 1ul   /* RSI_IPA_STATE_SET flags bit 0 */

/* mica_rmm_rsi() returns this (and changes nothing) for a call that must
 * leave the Realm (RSI_HOST_CALL, RSI_IPA_STATE_SET): the platform then
 * ends run_realm() with a MICA_RMM_TRAP_SMC trap holding the same regs. */
#define MICA_RMM_RSI_TRAP ((unsigned long)-2)

/* ---- PSCI function IDs the RMM knows -------------------------------- */
#define MICA_PSCI_VERSION        0x84000000ul
#define MICA_PSCI_CPU_SUSPEND    0xC4000001ul
#define MICA_PSCI_CPU_OFF        0x84000002ul
#define MICA_PSCI_CPU_ON         0xC4000003ul
#define MICA_PSCI_AFFINITY_INFO  0xC4000004ul
#define MICA_PSCI_SYSTEM_OFF     0x84000008ul
#define MICA_PSCI_SYSTEM_RESET   0x84000009ul
#define MICA_PSCI_FEATURES       0x8400000Aul
#define MICA_PSCI_NOT_SUPPORTED  ((unsigned long)-1)

/* ---- RMI enumerations ----------------------------------------------- */
#define MICA_RMI_HASH_SHA256 0u
#define MICA_RMI_HASH_SHA512 1u

#define MICA_RMI_EMPTY     0u   /* RmiRipas */
#define MICA_RMI_RAM       1u
#define MICA_RMI_DESTROYED 2u

#define MICA_RMI_UNASSIGNED 0u  /* RmiRttEntryState (RTT_READ_ENTRY x2) */
#define MICA_RMI_ASSIGNED   1u
#define MICA_RMI_TABLE      2u

#define MICA_RMI_NO_MEASURE_CONTENT 0u  /* DATA_CREATE flags */
#define MICA_RMI_MEASURE_CONTENT    1u

#define MICA_RMI_EXIT_SYNC         0u   /* RmiRecExitReason */
#define MICA_RMI_EXIT_IRQ          1u
#define MICA_RMI_EXIT_FIQ          2u
#define MICA_RMI_EXIT_PSCI         3u
#define MICA_RMI_EXIT_RIPAS_CHANGE 4u
#define MICA_RMI_EXIT_HOST_CALL    5u
#define MICA_RMI_EXIT_SERROR       6u

/* RmiRecEntry.flags */
#define MICA_REC_ENTRY_EMUL_MMIO      (1ul << 0)
#define MICA_REC_ENTRY_INJECT_SEA     (1ul << 1)
#define MICA_REC_ENTRY_TRAP_WFI       (1ul << 2)
#define MICA_REC_ENTRY_TRAP_WFE       (1ul << 3)
#define MICA_REC_ENTRY_RIPAS_REJECT   (1ul << 4)   /* RIPAS response */
#define MICA_REC_ENTRY_FLAGS_KNOWN    0x1Ful
#define MICA_REC_PARAMS_RUNNABLE      (1ul << 0)   /* RmiRecParams.flags */

/* RMI_FEATURES register 0 as this module reports it. */
#define MICA_RMM_MAX_S2SZ 48u
#define MICA_RMM_MIN_S2SZ 32u
#define MICA_RMM_NUM_BPS 2u
#define MICA_RMM_NUM_WPS 2u
#define MICA_RMM_FEATURE_REG0 \
	((unsigned long)MICA_RMM_MAX_S2SZ | (unsigned long)MICA_RMM_NUM_BPS << 14 | \
	 (unsigned long)MICA_RMM_NUM_WPS << 18 | 1ul << 28 | 1ul << 29)

/* ---- byte layouts of the ABI structures (offsets in bytes, LE) ------ */
/* RmiRealmParams, one NS granule. Every byte not listed is reserved and
 * must be zero. RIM0 = H(this page with rpv and 0x800..0xFFF zeroed):
 * the measured fields are flags, s2sz, sve_vl, num_bps, num_wps,
 * pmu_num_ctrs and hash_algo, as in TF-RMM. */
#define MICA_RP_FLAGS           0x000   /* u64, must be 0: no LPA2/SVE/PMU */
#define MICA_RP_S2SZ            0x008   /* u8 */
#define MICA_RP_SVE_VL          0x010   /* u8, must be 0 */
#define MICA_RP_NUM_BPS         0x018   /* u8, <= MICA_RMM_NUM_BPS */
#define MICA_RP_NUM_WPS         0x020   /* u8, <= MICA_RMM_NUM_WPS */
#define MICA_RP_PMU_NUM_CTRS    0x028   /* u8, must be 0 */
#define MICA_RP_HASH_ALGO       0x030   /* u8, MICA_RMI_HASH_* */
#define MICA_RP_RPV             0x400   /* 64 bytes */
#define MICA_RP_VMID            0x800   /* u16, unique among Realms */
#define MICA_RP_RTT_BASE        0x808   /* u64 */
#define MICA_RP_RTT_LEVEL_START 0x810   /* s64 */
#define MICA_RP_RTT_NUM_START   0x818   /* u32 */

/* RmiRecParams, one NS granule; REC content = H(this page with mpidr,
 * num_aux and aux zeroed). Other bytes reserved, must be zero. */
#define MICA_RECP_FLAGS   0x000   /* u64: MICA_REC_PARAMS_RUNNABLE */
#define MICA_RECP_MPIDR   0x100   /* u64: Aff0[3:0] Aff1[15:8] Aff2[23:16] Aff3[39:32] */
#define MICA_RECP_PC      0x200   /* u64 */
#define MICA_RECP_GPRS    0x300   /* 8 x u64 */
#define MICA_RECP_NUM_AUX 0x800   /* u64, must be 0 (no aux granules) */
#define MICA_RECP_AUX     0x808   /* 16 x u64, must be 0 */

/* RmiRecRun, one NS granule: RmiRecEntry at 0x000, RmiRecExit at 0x800. */
#define MICA_RUN_ENTRY_FLAGS 0x000
#define MICA_RUN_ENTRY_GPRS  0x200   /* 31 x u64 */
#define MICA_RUN_EXIT        0x800
#define MICA_RUN_EXIT_REASON (0x800 + 0x000)
#define MICA_RUN_EXIT_ESR    (0x800 + 0x100)
#define MICA_RUN_EXIT_FAR    (0x800 + 0x108)
#define MICA_RUN_EXIT_HPFAR  (0x800 + 0x110)
#define MICA_RUN_EXIT_GPRS   (0x800 + 0x200)   /* 31 x u64 */
#define MICA_RUN_EXIT_RIPAS_BASE  (0x800 + 0x500)
#define MICA_RUN_EXIT_RIPAS_TOP   (0x800 + 0x508)
#define MICA_RUN_EXIT_RIPAS_VALUE (0x800 + 0x510)   /* u8 */
#define MICA_RUN_EXIT_IMM    (0x800 + 0x600)   /* u64, imm in bits [15:0] */

/* RsiHostCall in Realm memory (0x100 bytes, 0x100-aligned). */
#define MICA_HC_IMM  0x00   /* u16 */
#define MICA_HC_GPRS 0x08   /* 31 x u64 */
#define MICA_HC_SIZE 0x100

/* RsiRealmConfig, one Realm granule written by RSI_REALM_CONFIG. */
#define MICA_RC_IPA_WIDTH 0x00   /* u64 */
#define MICA_RC_HASH_ALGO 0x08   /* u8 */

/* ESR values of exit records. */
#define MICA_ESR_EC_SHIFT 26
#define MICA_ESR_EC_WFX   0x01ul
#define MICA_ESR_EC_DABT  0x24ul
#define MICA_ESR_IL       (1ul << 25)
#define MICA_ESR_ISV      (1ul << 24)
#define MICA_ESR_SAS_SHIFT 22
#define MICA_ESR_SRT_SHIFT 16
#define MICA_ESR_SF       (1ul << 15)
#define MICA_ESR_WNR      (1ul << 6)
#define MICA_ESR_DFSC_TF3 0x07ul    /* translation fault, level 3 */
#define MICA_ESR_WFX_TI   0x01ul    /* EC WFx: 1 WFE, 0 WFI */

/*
 * Measurement descriptors (measure.c), 256 bytes, little-endian, hashed
 * with the Realm's algorithm: RIM' = H(descriptor). Digests fill the
 * first 32 (SHA-256) or 64 (SHA-512) bytes of their 64-byte fields.
 *   DATA  (DATA_CREATE):  0x00 u8 desc_type 0; 0x08 u64 len 0x100;
 *                         0x10 rim; 0x50 u64 ipa; 0x58 u64 flags;
 *                         0x60 content = H(granule) or 0 if unmeasured
 *   REC   (REC_CREATE):   0x00 desc_type 1; 0x08 len; 0x10 rim;
 *                         0x50 content = H(RmiRecParams, measured fields)
 *   RIPAS (RTT_INIT_RIPAS): 0x00 desc_type 2; 0x08 len; 0x10 rim;
 *                         0x50 u64 base; 0x58 u64 top
 * REM extension (RSI_MEASUREMENT_EXTEND): REM' = H(REM || data[0..size)).
 */
#define MICA_MEAS_DESC_SIZE 256u
#define MICA_MEAS_DESC_DATA  0u
#define MICA_MEAS_DESC_REC   1u
#define MICA_MEAS_DESC_RIPAS 2u


#endif
