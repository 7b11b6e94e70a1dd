/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rmm_platform.h -- what the reference RMM module needs from its firmware
 * (man/mica-rmm.7): physical memory, the granule protection switch, a way
 * to run a Realm until it traps (the trap and resume records), and the
 * keys and claims attestation signs with.
 */
#ifndef MICA_RMM_PLATFORM_H
#define MICA_RMM_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include "mica/rmm_abi.h"

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
	/* Fills out[0..len) with entropy from the platform's TRNG: 0, or
	 * nonzero on failure. Seeds the DRBG (CTR_DRBG, AES-256) that blinds
	 * the attestation signatures' scalar multiplications, once per token
	 * built. NULL: the platform cannot attest (as attest == NULL). Must
	 * not call into the module. */
	int (*entropy)(void *plat_ctx, uint8_t *out, size_t len);
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
/* The realm-token claims of the group token (266, EAT submods) and of
 * the audit record: mica/wire/constants.h. */
/* The group token (man/mica-rmm.7, GROUP TOKEN): at most this many
 * members (a larger group is refused with RSI_ERROR_STATE), and
 * GROUP_TOKEN_INIT's upper bound on its size (64 SHA-512 members need
 * 5854 bytes). */
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


#endif
