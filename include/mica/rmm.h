/*
 * rmm.h -- Mica's reference RMM module: the trusted part a firmware team
 * drops into its Realm Management Monitor (man/mica-rmm.7).
 *
 * The module speaks the RMI (host -> RMM) and RSI (Realm -> RMM) ABIs of
 * the Arm RMM specification 1.0 with their real function IDs, keeps the
 * granule, Realm, REC and stage-2 state of the CCA model, and measures
 * Realms (RIM, REM0..3). It is freestanding C in the discipline of TF-RMM:
 *
 *  - no heap, no stdio, no libc beyond mem* and str*;
 *  - fixed-size tables sized by the compile-time constants below;
 *  - ONE context struct (struct mica_rmm) holds every piece of mutable
 *    state: there is no other mutable global anywhere in the module;
 *  - explicit state machines (granules, Realms, RECs, RTT entries);
 *  - every input is validated at the boundary, before anything changes,
 *    so a refused call leaves the context and memory byte-identical;
 *  - granules are looked up with the find-in-expected-state idiom;
 *  - single-threaded, so there are no locks.
 *
 * Hashes come from mbedTLS 2.28 through mica_bind_hash() (mica/bind.h).
 * Heap: the module allocates nothing. Debian's mbedTLS 2.28 is built
 * without MBEDTLS_PLATFORM_MEMORY / MBEDTLS_MEMORY_BUFFER_ALLOC_C, so its
 * ECDSA (attestation, src/rmm/attest_token.c) allocates bignums with calloc
 * internally; a firmware build configures mbedTLS with the static buffer
 * allocator (mbedtls_memory_buffer_alloc_init), as TF-RMM does.
 *
 * MODELLING CHOICES (there is no real CPU, MMU or GPT here)
 *
 *  - Physical memory is a byte array owned by the platform (a harness):
 *    struct mica_rmm_platform gives its base PA, its size in granules and
 *    a pointer to it. The RMM reads and writes granule contents through
 *    that pointer: RmiRealmParams, RmiRecParams and RmiRecRun in NS
 *    granules, DATA contents, and the RTTs themselves.
 *  - Granule Protection: GRANULE_DELEGATE / UNDELEGATE call the
 *    platform's gpt_transition() (what would be an SMC to EL3). The
 *    platform checks the GPT on every access it simulates.
 *  - Stage 2: RTTs are real tables held in the RTT granules the host
 *    donates (512 64-bit entries each, encoding below), walked from the
 *    Realm's root exactly as TF-RMM walks them. A lookup costs one walk
 *    (at most 4 levels) whatever the number of Realms, and the map has no
 *    size limit other than the RTTs the host donates. Mappings are made
 *    at level 3 (4 KiB pages) only; block mappings are not modelled.
 *    The platform translates every Realm access with
 *    mica_rmm_s2_translate().
 *  - Running a Realm: the platform supplies run_realm(), which executes
 *    the Realm (a scripted program) until it traps to the RMM: an SMC, a
 *    stage-2 data abort, WFI/WFE, or an interrupt (end of time slice).
 *    REC_ENTER calls run_realm() in a loop: RSI calls and the PSCI calls
 *    the RMM answers itself are handled and the Realm resumes; host
 *    calls, RIPAS changes, emulatable MMIO, the other PSCI calls, WFx and
 *    interrupts leave through ONE exit path (rec.c: rec_exit_to_host)
 *    which writes RmiRecRun.exit and returns to the host. A platform may
 *    also call mica_rmm_rsi() inline from run_realm() for RSI calls that
 *    do not exit.
 *  - PSCI: VERSION and FEATURES are answered by the RMM; SYSTEM_OFF and
 *    SYSTEM_RESET move the Realm to SYSTEM_OFF; CPU_OFF makes the REC not
 *    runnable; CPU_ON, AFFINITY_INFO and CPU_SUSPEND exit to the host,
 *    which returns the result in RmiRecEntry.gprs[0] (RMI_PSCI_COMPLETE
 *    is not modelled, so secondary RECs are created runnable).
 *  - WFI/WFE always exit (the TRAP_WFI/WFE entry flags are accepted and
 *    have no further effect). There are no GIC, timers, PMU, SVE or
 *    debug registers: those RmiRecRun fields are written as zero.
 *  - Accesses the Realm cannot make: a protected IPA whose RIPAS is EMPTY
 *    or DESTROYED gets a synchronous external abort (SEA) injected; an
 *    unassigned protected IPA with RIPAS RAM exits to the host (a data
 *    abort it may resolve with DATA_CREATE_UNKNOWN); an unprotected IPA
 *    with no (or a too narrow) mapping is an emulatable MMIO exit.
 */
#ifndef MICA_RMM_H
#define MICA_RMM_H

#include <stddef.h>
#include <stdint.h>

/* ---- sizes (override with -D; every translation unit that includes this
 * header must see the same values: rmm.cmake exports them) ------------ */
#ifndef MICA_RMM_MAX_GRANULES
#define MICA_RMM_MAX_GRANULES 8192u     /* 32 MiB of managed memory */
#endif
#ifndef MICA_RMM_MAX_REALMS
#define MICA_RMM_MAX_REALMS 64u         /* the benchmark builds 1024 */
#endif
#ifndef MICA_RMM_MAX_RECS
#define MICA_RMM_MAX_RECS (4u * MICA_RMM_MAX_REALMS)
#endif

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
 * token also carries claim MICA_CLAIM_GROUP, every Realm connected to the
 * caller through shared granules. Same registers as the ordinary calls;
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

/*
 * ---- RTT entries (RMM-private; the host never sees them directly) ----
 * One 64-bit LE word per entry, 512 per RTT granule:
 *   [5:2]   MemAttr   ASSIGNED_NS only: as the host gave it
 *   [7:6]   S2AP      bit 6 read, bit 7 write (0b01 r, 0b10 w, 0b11 rw);
 *                     ASSIGNED: rw; ASSIGNED_NS: the host's; SHARED: the
 *                     policy's
 *   [9:8]   SH        ASSIGNED_NS only: as the host gave it
 *   [47:12] OA        the DATA / NS / SHARED granule, or the next RTT
 *   [58:56] kind      MICA_S2_* below
 *   [60:59] RIPAS     protected IPAs: MICA_RMI_EMPTY/RAM/DESTROYED
 * The zero word is UNASSIGNED with RIPAS EMPTY, so a scrubbed granule is
 * an empty RTT. Level-L entries map 2^(12 + 9 * (3 - L)) bytes.
 */
#define MICA_S2_UNASSIGNED  0u
#define MICA_S2_ASSIGNED    1u   /* protected DATA granule */
#define MICA_S2_TABLE       2u   /* next-level RTT */
#define MICA_S2_ASSIGNED_NS 3u   /* unprotected, host memory */
#define MICA_S2_SHARED      4u   /* Mica shared protected page (SHARE_MAP) */
#define MICA_S2_ATTR_MASK   0x3FCull           /* MemAttr | S2AP | SH */
#define MICA_S2_AP_R        (1ull << 6)
#define MICA_S2_AP_W        (1ull << 7)
#define MICA_S2_OA_MASK     0x0000FFFFFFFFF000ull
#define MICA_S2_KIND_SHIFT  56
#define MICA_S2_RIPAS_SHIFT 59

/* ---- the platform -------------------------------------------------- */

/* What stopped the Realm (run_realm's output). */
enum {
	MICA_RMM_TRAP_SMC = 1,        /* x[0] = FID, x[1..17] arguments */
	MICA_RMM_TRAP_DATA_ABORT = 2, /* stage-2 fault at ipa */
	MICA_RMM_TRAP_WFI = 3,
	MICA_RMM_TRAP_WFE = 4,
	MICA_RMM_TRAP_IRQ = 5,        /* time slice over, or a host interrupt */
};

struct mica_rmm_trap {
	uint32_t kind;     /* MICA_RMM_TRAP_* */
	uint32_t write;    /* DATA_ABORT: 1 for a store */
	uint32_t size;     /* DATA_ABORT: log2 of the access size, 0..3 */
	uint32_t reg;      /* DATA_ABORT: register transferred, 0..30 */
	uint64_t ipa;      /* DATA_ABORT: faulting IPA */
	uint64_t value;    /* DATA_ABORT store: the value stored */
	unsigned long x[MICA_RMM_SMC_REGS];
};

/* How the Realm resumes (run_realm's input). */
enum {
	MICA_RMM_RESUME_START = 1,     /* first run: pc, x[0..7] from RmiRecParams */
	MICA_RMM_RESUME_RETURN = 2,    /* the trapped SMC returns x[0..17] */
	MICA_RMM_RESUME_MMIO_READ = 3, /* the trapped load completes with x[0] */
	MICA_RMM_RESUME_CONTINUE = 4,  /* the trapped instruction completed */
	MICA_RMM_RESUME_RETRY = 5,     /* re-execute the faulting access */
	MICA_RMM_RESUME_SEA = 6,       /* a synchronous external abort is taken */
};

struct mica_rmm_resume {
	uint32_t kind;     /* MICA_RMM_RESUME_* */
	uint32_t reserved;
	uint64_t pc;       /* START only */
	unsigned long x[MICA_RMM_SMC_REGS];
};

struct mica_rmm;

struct mica_rmm_platform {
	uint64_t base_pa;      /* first managed PA, granule aligned */
	uint64_t ngranules;    /* 1..MICA_RMM_MAX_GRANULES */
	uint8_t *mem;          /* ngranules * 4096 bytes: PA base_pa is mem[0] */
	void *plat_ctx;        /* passed back to the callbacks */
	/* Moves one granule between the NS and Realm PAS (to_realm 1 / 0);
	 * returns 0 or nonzero when the GPT refuses. */
	int (*gpt_transition)(void *plat_ctx, unsigned long pa, int to_realm);
	/* Runs REC `rec` of the Realm `rd` from `in` until it traps; fills
	 * *out. May call mica_rmm_s2_translate() and mica_rmm_rsi(). */
	void (*run_realm)(void *plat_ctx, struct mica_rmm *ctx,
			  unsigned long rd, unsigned long rec,
			  const struct mica_rmm_resume *in,
			  struct mica_rmm_trap *out);
	/* Attestation: a const struct mica_rmm_attest_platform * (below),
	 * or NULL when the platform cannot attest (RSI_ATTESTATION_TOKEN_INIT
	 * then answers RSI_ERROR_STATE). */
	const void *attest;
};

/* ---- attestation (src/rmm/attest*.c; man/mica-rmm.7, ATTESTATION) ----
 * RSI_ATTESTATION_TOKEN_INIT / _CONTINUE produce a CCA token: CBOR tag
 * 399 wrapping {44234: platform token, 44241: realm token}, both tag-18
 * COSE_Sign1 signed ES384 (P-384, SHA-384, RFC 6979 deterministic). */
#define MICA_ATTEST_CHALLENGE_SIZE 64u
#define MICA_ATTEST_KEY_SIZE 48u        /* a P-384 private scalar */
#define MICA_ATTEST_POINT_SIZE 97u      /* 0x04 || x || y on P-384 */
#define MICA_ATTEST_SIG_SIZE 96u        /* raw r || s */
#define MICA_ATTEST_TOKEN_MAX 2048u     /* INIT's upper bound on a token */
/* Realm-token claim reserved for the Mica group token (0xC40001B0):
 * a private-use CWT key (RFC 8392: below -65536), outside CCA's keys. */
#define MICA_CLAIM_GROUP (-70001)
/* The group token (man/mica-rmm.7, GROUP TOKEN): at most this many
 * members (a larger group is refused with RSI_ERROR_STATE), and
 * GROUP_TOKEN_INIT's upper bound on its size (64 SHA-512 members need
 * about 14.3 KiB). */
#define MICA_ATTEST_GROUP_MEMBERS 64u
#define MICA_ATTEST_GROUP_MAX 16384u

/* What the platform gives the RMM for attestation (the model's stand-in
 * for keys derived by the boot chain and the platform's own claims). */
struct mica_rmm_attest_platform {
	uint8_t platform_key[MICA_ATTEST_KEY_SIZE]; /* CPAK private, big-endian */
	uint8_t rak[MICA_ATTEST_KEY_SIZE];   /* RAK private, big-endian */
	uint8_t instance_id[33];             /* claim 256: 0x01 || 32 bytes */
	uint8_t implementation_id[32];       /* claim 2396 */
	uint8_t rmm_measurement[32];         /* claim 2399: the RMM's digest */
	uint8_t rmm_signer_id[32];           /* claim 2399: its signer */
	uint32_t lifecycle;                  /* claim 2395, e.g. 0x3000 */
};

/* ---- the state ------------------------------------------------------ */

/* Granule states and the calls that move them:
 *   NS        -> DELEGATED  GRANULE_DELEGATE   (GPT to Realm, zeroed)
 *   DELEGATED -> NS         GRANULE_UNDELEGATE (zeroed, GPT to NS)
 *   DELEGATED -> RD         REALM_CREATE       -> DELEGATED REALM_DESTROY
 *   DELEGATED -> RTT        REALM_CREATE (root), RTT_CREATE
 *                           -> DELEGATED RTT_DESTROY, REALM_DESTROY (root)
 *   DELEGATED -> REC        REC_CREATE         -> DELEGATED REC_DESTROY
 *   DELEGATED -> DATA       DATA_CREATE[_UNKNOWN] -> DELEGATED DATA_DESTROY
 *   DELEGATED -> SHARED    SHARE_MAP (first mapper; Mica additions)
 *                          -> DELEGATED SHARE_UNMAP (last mapper, zeroed)
 * Every path back to DELEGATED or NS zeroes the granule first, so a
 * DELEGATED granule always holds zeros. */
enum {
	MICA_GRANULE_NS = 0,
	MICA_GRANULE_DELEGATED = 1,
	MICA_GRANULE_RD = 2,
	MICA_GRANULE_REC = 3,
	MICA_GRANULE_RTT = 4,
	MICA_GRANULE_DATA = 5,
	MICA_GRANULE_SHARED = 6,
};

struct mica_granule {
	uint8_t state;      /* MICA_GRANULE_* */
	uint8_t reserved;
	uint16_t owner;     /* RD, RTT, DATA: Realm slot; REC: REC slot */
	uint32_t refcount;  /* reserved for the Mica additions (SHARED) */
};

/* Realm states: FREE (slot unused) -> NEW (REALM_CREATE) -> ACTIVE
 * (REALM_ACTIVATE) -> SYSTEM_OFF (PSCI SYSTEM_OFF/RESET); REALM_DESTROY
 * from any state frees the slot. */
enum {
	MICA_REALM_FREE = 0,
	MICA_REALM_NEW = 1,
	MICA_REALM_ACTIVE = 2,
	MICA_REALM_SYSTEM_OFF = 3,
};

/* ---- reserved for the Mica additions: the policy bound to a Realm.
 * The base zeroes this block at REALM_CREATE and never reads it; the
 * Mica additions define its fields (this struct is theirs to edit). */
/* Limits of a bound blob: include/mica/policy_limits.h. */
#include "mica/policy_limits.h"
#define MICA_SHIDX_TOMB 0xFFFFFFFFu

struct mica_pol_part {
	int8_t who;            /* 0 self, k peers[k-1], -1 host, -2 any */
	uint8_t rights;        /* 1 r, 2 w, 3 rw */
	uint8_t reserved[6];
	uint64_t ipa;          /* granule offset in the region's half */
	uint64_t limit;        /* any only */
};

#define MICA_REGION_KEY_SIZE 32   /* SHA-256, never cut */

struct mica_pol_region {
	uint8_t kind;          /* 0 protected, 1 unprotected */
	uint8_t nparts;
	uint8_t self;          /* index of who == 0 */
	uint8_t as_any;        /* npages > 0: joined through `any` */
	uint32_t npages;       /* shared pages this Realm maps in it */
	uint64_t granules;
	uint64_t base;         /* this Realm's IPA of the window (at bind) */
	/* region identity: SHA-256(workflow, resolved definition) */
	uint8_t key[MICA_REGION_KEY_SIZE];
	/* npages > 0: the key of the region instance this window maps (its
	 * own key, or for an `any` joiner the named participants' key). */
	uint8_t inst[MICA_REGION_KEY_SIZE];
	struct mica_pol_part part[MICA_POL_MAX_PARTS];
};

struct mica_rmm_policy {
	uint8_t bound;         /* POLICY_BIND succeeded */
	uint8_t hash;          /* blob key 4 */
	uint8_t npeers, nregions, nhostcalls, rpv_len;
	uint8_t reserved[2];
	uint32_t blob_len;
	uint32_t nshared;      /* live SHARE_MAP entries of this Realm */
	uint64_t flags;        /* blob key 8 */
	uint8_t workflow[MICA_RMM_DIGEST_MAX];
	uint8_t measurement[MICA_RMM_DIGEST_MAX];  /* the blob's */
	uint8_t image[MICA_RMM_DIGEST_MAX];        /* RIM at activation */
	uint8_t rpv[MICA_RMM_RPV_SIZE];
	uint8_t peers[MICA_POL_MAX_PEERS][MICA_RMM_DIGEST_MAX];
	uint16_t hostcall[MICA_POL_MAX_HOSTCALLS][2];   /* lo, hi */
	struct mica_pol_region region[MICA_POL_MAX_REGIONS];
	uint8_t blob[MICA_POL_BLOB_MAX];
};

/* A shared protected granule (state SHARED), indexed by granule index:
 * page k of the region its mappers map, and who maps it (<= one region's
 * participants, so every check is O(participants)). */
struct mica_rmm_share {
	uint32_t page;         /* k */
	uint8_t nmap;
	uint8_t reserved[3];
	uint8_t key[MICA_REGION_KEY_SIZE];   /* its instance's key */
	uint16_t realm[MICA_POL_MAX_PARTS];   /* mapper Realm slots */
	uint8_t region[MICA_POL_MAX_PARTS];   /* index in its policy */
	uint8_t any[MICA_POL_MAX_PARTS];      /* 1: joined through `any` */
};

/* ---- attestation: a REC's token in progress (attest.c). The base
 * zeroes it at REC_CREATE. INIT records the challenge and a snapshot of
 * the measurements, so that every CONTINUE rebuilds the same token
 * (deterministic signatures) and copies the next chunk of it. */
struct mica_rmm_rec_attest {
	uint8_t challenge[MICA_ATTEST_CHALLENGE_SIZE];
	uint8_t meas[MICA_RMM_NMEAS][MICA_RMM_DIGEST_MAX]; /* at INIT */
	uint32_t offset;       /* token bytes already copied out */
	uint8_t state;         /* 0 idle, 1 after INIT, 2 after GROUP_TOKEN_INIT */
	uint8_t reserved[3];
	/* GROUP_TOKEN_INIT: SHA-256 of the group claim it saw; CONTINUE
	 * rebuilds the claim and refuses (ERROR_STATE) if it changed. */
	uint8_t group[32];
};

struct mica_rmm_realm {
	uint8_t meas[MICA_RMM_NMEAS][MICA_RMM_DIGEST_MAX]; /* RIM, REM0..3 */
	uint8_t rpv[MICA_RMM_RPV_SIZE];
	uint64_t rd;           /* PA of the RD */
	uint64_t rtt_base;     /* PA of the first root RTT */
	uint32_t num_recs;     /* live RECs */
	uint32_t num_rtts;     /* live non-root RTTs */
	uint32_t rec_index;    /* RECs created so far: the next MPIDR */
	uint16_t vmid;
	uint8_t state;         /* MICA_REALM_* */
	uint8_t hash_algo;     /* MICA_RMI_HASH_* */
	uint8_t s2sz;          /* IPA width; the top bit selects unprotected */
	uint8_t rtt_level_start;
	uint8_t rtt_num_start;
	uint8_t reserved[5];
	struct mica_rmm_policy policy;   /* Mica additions */
};

/* REC states: FREE -> READY (REC_CREATE) <-> RUNNING (inside REC_ENTER)
 * -> FREE (REC_DESTROY). `pending` says what the last exit left for the
 * next REC_ENTER to complete. */
enum { MICA_REC_FREE = 0, MICA_REC_READY = 1, MICA_REC_RUNNING = 2 };
enum {
	MICA_PEND_START = 0,      /* never run */
	MICA_PEND_NONE = 1,       /* WFx, IRQ: the Realm just continues */
	MICA_PEND_HOST_CALL = 2,  /* entry gprs go back into RsiHostCall */
	MICA_PEND_RIPAS = 3,      /* RSI_IPA_STATE_SET completes */
	MICA_PEND_PSCI = 4,       /* entry gprs[0] is the PSCI result */
	MICA_PEND_MMIO_READ = 5,  /* emulatable load */
	MICA_PEND_MMIO_WRITE = 6, /* emulatable store */
	MICA_PEND_ABORT = 7,      /* other data abort */
};

struct mica_rmm_rec {
	uint64_t rec;          /* PA of the REC granule */
	uint64_t mpidr, pc;
	uint64_t gprs[8];      /* initial x0..x7 */
	uint64_t host_call;    /* PEND_HOST_CALL: IPA of the RsiHostCall */
	uint64_t ripas_base, ripas_top, ripas_addr;  /* PEND_RIPAS */
	uint32_t realm;        /* owner's Realm slot */
	uint8_t state;         /* MICA_REC_* */
	uint8_t runnable;
	uint8_t pending;       /* MICA_PEND_* */
	uint8_t ripas_value;   /* PEND_RIPAS: requested RIPAS */
	uint8_t ripas_flags;   /* PEND_RIPAS: MICA_RSI_CHANGE_DESTROYED */
	uint8_t mmio_size;     /* PEND_MMIO_*: log2 of the access size */
	uint8_t reserved[6];
	struct mica_rmm_rec_attest attest;   /* attestation, later */
};

/* The one context: all mutable state of the module. */
struct mica_rmm {
	const struct mica_rmm_platform *plat;
	uint32_t running;          /* REC slot + 1 inside REC_ENTER, else 0 */
	uint32_t nfree_realms;
	uint32_t nfree_recs;
	uint32_t reserved;
	uint16_t free_realm[MICA_RMM_MAX_REALMS];   /* stacks of free slots */
	uint16_t free_rec[MICA_RMM_MAX_RECS];
	uint8_t vmid_used[65536 / 8];
	struct mica_granule granule[MICA_RMM_MAX_GRANULES];
	struct mica_rmm_realm realm[MICA_RMM_MAX_REALMS];
	struct mica_rmm_rec rec[MICA_RMM_MAX_RECS];
	struct mica_rmm_share share[MICA_RMM_MAX_GRANULES];   /* Mica */
	/* Mica: (region key, page) -> granule index + 1, open addressing
	 * (0 empty, MICA_SHIDX_TOMB deleted): page k of a region is one PA. */
	uint32_t shidx[2 * MICA_RMM_MAX_GRANULES];
};

/* ---- entry points --------------------------------------------------- */

/* Zeroes *ctx and takes the platform (kept by pointer; it must outlive
 * ctx). Every granule starts NS. Returns 0, or -1 when plat is unusable
 * (NULL memory or callback, bad base, 0 or too many granules). */
int mica_rmm_init(struct mica_rmm *ctx, const struct mica_rmm_platform *plat);

/* One RMI call, SMC-like: args[0] = x0 = FID, args[1..6] = x1..x6; fills
 * ret[0..4] = x0..x4 and returns x0. An unknown FID returns
 * MICA_SMC_UNKNOWN and changes nothing. */
unsigned long mica_rmm_rmi(struct mica_rmm *ctx,
			   const unsigned long args[MICA_RMM_RMI_NARGS],
			   unsigned long ret[MICA_RMM_RMI_NRET]);

/* One RSI call made inline by the REC `rec` (PA) while it runs (from
 * run_realm): args[0] = FID; fills ret[0..17] and returns x0. Returns
 * MICA_SMC_UNKNOWN for an unknown FID or when `rec` is not the running
 * REC, and MICA_RMM_RSI_TRAP for calls that must exit (see above). */
unsigned long mica_rmm_rsi(struct mica_rmm *ctx, unsigned long rec,
			   const unsigned long args[MICA_RMM_SMC_REGS],
			   unsigned long ret[MICA_RMM_SMC_REGS]);

/* The physical address space a stage-2 mapping targets: the platform's
 * granule protection check compares it with the GPT. */
#define MICA_RMM_PAS_NS    0u   /* RTT_MAP_UNPROTECTED mappings */
#define MICA_RMM_PAS_REALM 1u   /* DATA and shared granules */

/* Stage-2 translation for the platform: may the Realm whose RD is `rd`
 * access `ipa` (access: MICA_S2_AP_R and/or MICA_S2_AP_W)? Returns 0 with
 * *pa set (page PA + offset) and, when pas is not NULL, *pas set to the
 * mapping's MICA_RMM_PAS_*; or -1: the platform then reports a
 * MICA_RMM_TRAP_DATA_ABORT. The PAS comes from the mapping, never from
 * the IPA: which half an IPA is in depends on the Realm's IPA width. */
int mica_rmm_s2_translate(const struct mica_rmm *ctx, unsigned long rd,
			  unsigned long ipa, unsigned access,
			  unsigned long *pa, unsigned *pas);

#endif
