/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rmm_context.h -- the layout of the reference RMM module's one context
 * (struct mica_rmm, man/mica-rmm.7): the table sizes, the granule, Realm
 * and REC states, the stage-2 entry encoding, the policy bound to each
 * Realm (the Mica additions) and the attestation state of each REC. A
 * platform allocates the context; only the module writes it.
 */
#ifndef MICA_RMM_CONTEXT_H
#define MICA_RMM_CONTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "mica/rmm_abi.h"
#include "mica/rmm_platform.h"
#include "mica/wire/blob_read.h"
#include "mica/wire/constants.h"

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
/* Limits of a bound blob (MICA_POL_*, MICA_BLOB_MAX). */
_Static_assert(MICA_POL_DIGEST_MAX == MICA_RMM_DIGEST_MAX &&
	       MICA_POL_RPV_MAX == MICA_RMM_RPV_SIZE,
	       "a policy's digests and rpv are the Realm's");

#define MICA_REGION_KEY_SIZE 32   /* SHA-256, never cut */

/* This Realm's window onto region i of its policy: where it is (set at
 * bind), which region it is, and what SHARE_MAP has mapped in it. */
struct mica_rmm_window {
	uint8_t as_any;        /* npages > 0: joined through `any` */
	/* npages > 0: the windows (of any Realm) mapping the same instance
	 * form a ring, linked through next (Realm slot, region index); the
	 * group token walks it instead of the region's pages. */
	uint8_t next_region;
	uint16_t next_realm;
	uint32_t npages;       /* shared pages this Realm maps in it */
	uint64_t base;         /* this Realm's IPA of the window (at bind) */
	/* region identity: SHA-256(workflow, resolved definition) */
	uint8_t key[MICA_REGION_KEY_SIZE];
	/* npages > 0: the key of the region instance this window maps (its
	 * own key, or for an `any` joiner the named participants' key). */
	uint8_t inst[MICA_REGION_KEY_SIZE];
};

/* What enforcement reads of a bound blob, compacted from the decoded
 * struct mica_pol (POLICY_BIND decodes into the context's scratch, then
 * keeps only this): no name, version or blob bytes. A participant's
 * `any` limit is kept once per region (only the `any` entry has one). */
struct mica_rmm_part {
	uint64_t ipa;          /* granule offset in the region's half */
	int8_t who;            /* 0 self, k peers[k-1], -1 host, -2 any */
	uint8_t rights;        /* 1 r, 2 w, 3 rw */
	uint8_t reserved[6];
};

struct mica_rmm_region {
	uint64_t granules;
	uint64_t limit;        /* the `any` entry's limit, else 0 */
	uint8_t kind;          /* 0 protected, 1 unprotected */
	uint8_t nparts;
	uint8_t self;          /* index of who == 0 */
	uint8_t reserved[5];
	struct mica_rmm_part part[MICA_POL_MAX_PARTS];
};

struct mica_rmm_cpol {
	uint64_t flags;        /* MICA_BLOB_* */
	uint8_t hash;          /* MICA_RMI_HASH_* (the blob's key 4) */
	uint8_t npeers, nregions, nhostcalls, rpv_len;
	uint8_t reserved[3];
	uint8_t workflow[MICA_POL_DIGEST_MAX];
	uint8_t measurement[MICA_POL_DIGEST_MAX];
	uint8_t rpv[MICA_POL_RPV_MAX];
	uint8_t peers[MICA_POL_MAX_PEERS][MICA_POL_DIGEST_MAX];
	uint16_t hostcall[MICA_POL_MAX_HOSTCALLS][2];   /* lo, hi; sorted */
	struct mica_rmm_region region[MICA_POL_MAX_REGIONS];
};

struct mica_rmm_policy {
	uint8_t bound;         /* POLICY_BIND succeeded */
	uint8_t reserved[3];
	uint32_t blob_len;
	uint32_t nshared;      /* live SHARE_MAP entries of this Realm */
	uint8_t reserved2[4];
	uint8_t image[MICA_RMM_DIGEST_MAX];        /* RIM at activation */
	/* The blob's digest (the Realm's algorithm), for the RIM binding at
	 * REALM_ACTIVATE; the blob itself is not kept. */
	uint8_t blob_digest[MICA_RMM_DIGEST_MAX];
	struct mica_rmm_cpol pol;
	struct mica_rmm_window win[MICA_POL_MAX_REGIONS];   /* per region */
};

/* A shared protected granule (state SHARED), indexed by granule index:
 * page k of the region its mappers map, and who maps it (<= one region's
 * participants, so every check is O(participants)). */
struct mica_rmm_share {
	uint64_t page;         /* k, all 35 bits of it (< 2^35 pages) */
	uint8_t nmap;
	uint8_t reserved[7];
	uint8_t key[MICA_REGION_KEY_SIZE];   /* its instance's key */
	uint16_t realm[MICA_POL_MAX_PARTS];   /* mapper Realm slots */
	uint8_t region[MICA_POL_MAX_PARTS];   /* index in its policy */
	uint8_t any[MICA_POL_MAX_PARTS];      /* 1: joined through `any` */
};

/* The audit record of one Realm slot (audit.c; man/mica-rmm.7, AUDIT):
 * the refused attempts that concern the Realm, counted (saturating at
 * UINT32_MAX) and hash-chained with its measurement algorithm, chain' =
 * H(chain || record), the first `chain` all zeros. REALM_CREATE resets
 * it; every token of the Realm carries both, as they were at its INIT
 * (a copy in the REC's attestation state). 68 bytes. */
struct mica_rmm_audit {
	uint32_t count;
	uint8_t chain[MICA_RMM_DIGEST_MAX];
};

/* ---- attestation: a REC's token in progress (attest.c). The base
 * zeroes it at REC_CREATE. INIT records the challenge and a snapshot of
 * the measurements and builds the token into the context's token buffer
 * (struct mica_rmm_token); CONTINUE copies the next chunk of it, and
 * rebuilds it (the same bytes: deterministic signatures) only when
 * another REC's INIT took the buffer meanwhile. */
struct mica_rmm_rec_attest {
	uint8_t challenge[MICA_ATTEST_CHALLENGE_SIZE];
	uint8_t meas[MICA_RMM_NMEAS][MICA_RMM_DIGEST_MAX]; /* at INIT */
	uint32_t offset;       /* token bytes already copied out */
	uint8_t state;         /* 0 idle, 1 after INIT, 2 after GROUP_TOKEN_INIT */
	uint8_t reserved[3];
	/* GROUP_TOKEN_INIT: SHA-256 of the group claim it saw; CONTINUE
	 * finds the group again and refuses (ERROR_STATE) if it changed. */
	uint8_t group[32];
	/* The Realm's audit record at INIT, which the token carries. */
	struct mica_rmm_audit audit;
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

/* The token being streamed (attest.c): one buffer per context, as large
 * as the largest token (a group token). */
struct mica_rmm_token {
	uint32_t owner;        /* REC slot + 1 whose token it holds, 0 none */
	uint32_t len;          /* its bytes */
	uint32_t builds;       /* tokens built since init (a statistic) */
	uint32_t reserved;
	uint8_t buf[MICA_ATTEST_GROUP_MAX];
};

/* Work areas of one call (the module runs one RMI or RSI call at a time;
 * the calls that use these call out to no platform hook meanwhile, except
 * attestation's entropy hook, which must not call into the module). They
 * keep nothing a later decision reads except the token buffer (owner,
 * len, buf) and the RAK's public key; a call refused changes none of
 * those. */
struct mica_rmm_work {
	union {
		/* REALM_CREATE, REC_CREATE: the host's page, copied once and
		 * then checked (the host cannot change what was checked). */
		uint8_t page[MICA_RMM_GRANULE_SIZE];
		/* POLICY_BIND: the blob, copied, and its decoding, which is
		 * then compacted into the Realm's struct mica_rmm_cpol. */
		struct {
			uint8_t blob[MICA_BLOB_MAX];
			struct mica_pol pol;
		} bind;
	} scratch;
	struct mica_rmm_token token;
	/* The RAK's public key, derived at the first token (rak_ok). */
	uint8_t rak_pub[MICA_ATTEST_POINT_SIZE];
	uint8_t rak_ok;
	uint8_t reserved[6];
	/* An mbedtls_ctr_drbg_context, live only while a token is built:
	 * seeded from the platform's entropy hook, freed (zeroized) after. */
	uint64_t drbg[64];
};

/* A region instance mapped by at least one window (mica_share.c,
 * instidx.c): what the first page of a window would otherwise recount
 * over every Realm. Live instances <= windows with pages <= Realms x
 * regions, and each maps >= 1 SHARED granule, so MICA_RMM_MAX_INST
 * bounds them; the table has twice as many slots (load <= 1/2). */
#define MICA_RMM_MAX_INST                                                  \
	(MICA_RMM_MAX_GRANULES < MICA_RMM_MAX_REALMS * MICA_POL_MAX_REGIONS ? \
	 MICA_RMM_MAX_GRANULES : MICA_RMM_MAX_REALMS * MICA_POL_MAX_REGIONS)
struct mica_rmm_inst {
	uint32_t nwin;         /* windows in its ring; 0: slot empty */
	uint16_t head_realm;   /* one window of the ring (any) */
	uint8_t head_region;
	uint8_t reserved;
	uint16_t nany;         /* Realms in it through `any` */
	/* Realms in it as the named subject at part index i */
	uint16_t named[MICA_POL_MAX_PARTS];
	uint8_t key[MICA_REGION_KEY_SIZE];
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
	/* Mica: (region key, page) -> granule index + 1, linear probing
	 * (0 empty; removal shifts entries back, no deleted markers): page k
	 * of a region instance is one PA. */
	uint32_t shidx[2 * MICA_RMM_MAX_GRANULES];
	/* Mica: region instance key -> its ring head and counts, linear
	 * probing (nwin 0 empty, removal shifts back): the first page of a
	 * window costs O(regions of the Realm), not O(Realms x regions). */
	struct mica_rmm_inst inst[2 * MICA_RMM_MAX_INST];
	/* The audit records, by Realm slot: the one thing a refused call
	 * changes (tests compare the context up to here, and the audit
	 * records apart). */
	struct mica_rmm_audit audit[MICA_RMM_MAX_REALMS];
	/* Last: scratch and caches. */
	struct mica_rmm_work work;
};


#endif
