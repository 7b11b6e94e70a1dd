/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * platform.h -- the platform of mica-fvp, a software model of an Arm FVP
 * running the reference RMM module (man/mica-fvp.1): physical memory in
 * 4 KiB granules, the granule protection table (GPT), the SMC through which
 * the host reaches the RMM, and the Realm CPUs. What every party stands on.
 *   machine.c  memory, the GPT, the host's SMC (RMI function IDs only) and
 *              the host's loads and stores, which the GPT polices; the
 *              platform's attestation keys.
 *   vcpu.c     Realm CPUs: each REC runs its Realm's program on its own
 *              thread, handing control back and forth with the RMM so that
 *              exactly one side runs at a time (deterministic). A Realm
 *              reads and writes only through its stage-2 mapping
 *              (mica_rmm_s2_translate, then the GPT) and calls RSI by
 *              trapping with an SMC.
 */
#ifndef MICA_FVP_PLATFORM_H
#define MICA_FVP_PLATFORM_H

#include <pthread.h>
#include <semaphore.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mica/rmm.h"
#include "mica/wire/bytes.h"

#define FVP_GRANULE 4096ul
#define FVP_BASE_PA 0x80000000ul          /* the FVP's DRAM base */
#define FVP_NGRANULES MICA_RMM_MAX_GRANULES
#define FVP_S2SZ 48u                      /* every Realm: 48-bit IPAs */
#define FVP_UNPROT (1ul << (FVP_S2SZ - 1))

/* ---- machine.c --------------------------------------------------------- */

struct fvp_vcpu;

struct fvp_machine {
	struct mica_rmm_platform plat;
	struct mica_rmm *rmm;         /* the RMM's one context (heap: large) */
	uint8_t *mem;                 /* FVP_NGRANULES * 4 KiB */
	uint8_t *gpt;                 /* per granule: 0 NS PAS, 1 Realm PAS */
	uint64_t gpf;                 /* host accesses the GPT refused */
	uint64_t smc_calls;           /* RMI calls made by the host */
	uint64_t high;                /* granules [0, high) were handed out;
				       * the rest is zero and unused */
	struct fvp_vcpu **vcpu;       /* one per REC created, by REC PA */
	size_t nvcpu, capvcpu;
	FILE *trace;                  /* every RMI call, or NULL */
	struct mica_rmm_attest_platform keys;   /* the platform's identity */
};

int fvp_machine_init(struct fvp_machine *m);
/* The same with ngranules of memory (1..FVP_NGRANULES), not all. */
int fvp_machine_init_size(struct fvp_machine *m, uint64_t ngranules);
void fvp_machine_free(struct fvp_machine *m);
/* The host's SMC: x[0] = FID, x[1..6]; ret[0..4]. Only RMI FIDs reach
 * the RMM; anything else returns SMC_UNKNOWN. */
unsigned long fvp_smc(struct fvp_machine *m, const unsigned long x[7],
		      unsigned long ret[5]);
/* Host (normal world) loads and stores: 0, or -1 when any byte lies
 * outside memory or in a granule of the Realm PAS (a granule protection
 * fault, counted in m->gpf). */
int fvp_host_read(struct fvp_machine *m, uint64_t pa, void *buf, size_t n);
int fvp_host_write(struct fvp_machine *m, uint64_t pa, const void *buf,
		   size_t n);
/* The model's fixed attestation keys and claims, and the platform
 * public key as PEM (what a verifier is given). */
void fvp_platform_keys(struct mica_rmm_attest_platform *k);
int fvp_platform_pem(const struct mica_rmm_attest_platform *k,
		     unsigned char *pem, size_t cap);
/* Is there a copy of needle in any granule the host can read? */
int fvp_ns_contains(const struct fvp_machine *m, const void *needle,
		    size_t n);

/* ---- vcpu.c: the Realm side -------------------------------------------- */

/* A Realm program: runs on its vCPU's thread from the REC's first entry
 * with x[0..7] from RmiRecParams. When it returns, the vCPU idles (WFI). */
typedef void fvp_program_fn(struct fvp_vcpu *v);

/* A request from a scenario to a Realm running the script program. */
enum { FVP_OP_NONE, FVP_OP_READ, FVP_OP_WRITE, FVP_OP_HOSTCALL,
       FVP_OP_MMIO_READ, FVP_OP_MMIO_WRITE, FVP_OP_PSCI, FVP_OP_ATTEST,
       FVP_OP_GROUP_ATTEST, FVP_OP_RIPAS };

struct fvp_op {
	int kind;                 /* FVP_OP_* */
	uint64_t ipa, value, len; /* access; value: MMIO / PSCI FID / imm;
				   * RIPAS: [ipa, value) to RAM */
	uint8_t data[256];        /* WRITE: the bytes (len <= 256) */
	uint8_t challenge[64];    /* ATTEST */
	/* results, filled by the Realm */
	int done;                 /* the Realm finished the op */
	int fault;                /* an SEA ended the access */
	unsigned long x0;         /* SMC result register */
	uint8_t out[256];         /* READ: the bytes */
	uint8_t *token;           /* ATTEST: malloc'd token */
	size_t token_len;
};

struct fvp_vcpu {
	struct fvp_machine *m;
	unsigned long rd, rec;    /* PAs */
	fvp_program_fn *program;
	void *arg;                /* the program's own state */
	/* hand-over: the RMM's thread and the vCPU's alternate */
	pthread_t thread;
	sem_t go, back;
	int started, quit, finished;
	struct mica_rmm_resume in;
	struct mica_rmm_trap out;
	uint64_t pc, x[8];        /* at start */
	struct fvp_op op;         /* the script program's current request */
	uint64_t steps;           /* traps taken */
	uint32_t index;           /* its realm in the policy */
	char program_name[64];    /* the program its image names */
	/* Heap a program that never returns keeps: a stopped vCPU's thread
	 * ends inside the program, so fvp_vcpu_stop_all frees these. */
	void *heap[2];
};

struct fvp_vcpu *fvp_vcpu_new(struct fvp_machine *m, unsigned long rd,
			      unsigned long rec, fvp_program_fn *program,
			      void *arg);
struct fvp_vcpu *fvp_vcpu_find(struct fvp_machine *m, unsigned long rec);
void fvp_vcpu_stop_all(struct fvp_machine *m);
/* The RMM's run_realm callback (platform contract, mica/rmm.h). */
void fvp_run_realm(void *plat_ctx, struct mica_rmm *ctx, unsigned long rd,
		   unsigned long rec, const struct mica_rmm_resume *in,
		   struct mica_rmm_trap *out);

/* Realm-side operations, called only from a program's thread. Loads and
 * stores go through the Realm's stage 2 and the GPT; an unmapped
 * protected page traps to the RMM (which may exit to the host and retry)
 * and an SEA makes them return -1. */
int fvp_load(struct fvp_vcpu *v, uint64_t ipa, void *buf, size_t n);
int fvp_store(struct fvp_vcpu *v, uint64_t ipa, const void *buf, size_t n);
/* One emulatable 8-byte access (MMIO): 0, or -1 after an SEA. */
int fvp_mmio_read(struct fvp_vcpu *v, uint64_t ipa, uint64_t *value);
int fvp_mmio_write(struct fvp_vcpu *v, uint64_t ipa, uint64_t value);
/* An SMC (RSI or PSCI): x[0] = FID; the result registers into ret. */
void fvp_smc_realm(struct fvp_vcpu *v, const unsigned long x[18],
		   unsigned long ret[18]);
void fvp_wfi(struct fvp_vcpu *v);
/* A trap that carries no data: MICA_RMM_TRAP_WFI, MICA_RMM_TRAP_WFE or
 * MICA_RMM_TRAP_IRQ (the end of a time slice). */
void fvp_idle(struct fvp_vcpu *v, uint32_t kind);
/* RSI_HOST_CALL with imm and gprs[0..n) through the RsiHostCall at
 * scratch IPA hc; returns x0 of the RSI call. */
unsigned long fvp_host_call(struct fvp_vcpu *v, uint64_t hc, unsigned imm,
			    const uint64_t *gprs, unsigned n);
/* An attestation token (group != 0: Mica's group token) for challenge,
 * built in the Realm's RAM at buf_ipa (at least size bytes there), then
 * copied into *out (malloc). Returns the RSI status of the first failing
 * call, or 0. */
unsigned long fvp_attest(struct fvp_vcpu *v, int group,
			 const uint8_t challenge[64], uint64_t buf_ipa,
			 size_t size, uint8_t **out, size_t *len);

#endif
