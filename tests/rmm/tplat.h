/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tplat.h -- a tiny platform for the RMM module's unit tests: a memory
 * array, a GPT array, a scripted run_realm, RMI helpers, a standard world
 * of Realms, and context snapshots.
 */
#ifndef MICA_TESTS_TPLAT_H
#define MICA_TESTS_TPLAT_H

#include <check.h>
#include <stdint.h>
#include <string.h>

#include "mica/rmm.h"
#include "mica/wire/bytes.h"

#ifndef TP_NGRAN   /* a test of many Realms builds more */
#define TP_NGRAN 256u
#endif
#define TP_BASE 0x80000000ul
#define PA(i) (TP_BASE + (unsigned long)(i) * 4096ul)
#define PG(tp, i) ((tp)->mem + (size_t)(i) * 4096u)
#define RMI_RTT(level) (MICA_RMI_ERROR_RTT | (unsigned long)(level) << 8)

/* The standard Realms: s2sz 33, one level-1 root RTT, so IPAs below 2^32
 * are protected and [2^32, 2^33) unprotected. */
#define TP_S2SZ 33u
#define TP_UNPROT (1ul << 32)

/* What the scripted Realm does next. */
enum { S_SMC = 1, S_ABORT, S_WFI, S_WFE, S_IRQ, S_CALL };
struct tplat;
struct tstep {
	int kind;
	unsigned long x[MICA_RMM_SMC_REGS];   /* S_SMC */
	unsigned long ipa, value;             /* S_ABORT */
	unsigned write, size, reg;            /* S_ABORT */
	/* S_CALL: runs inside run_realm without trapping (inline RSI,
	 * re-entrant RMI), then the script goes on. */
	void (*fn)(struct tplat *tp, unsigned long rec);
};

#define TP_MAXSTEPS 64
struct tplat {
	struct mica_rmm_platform plat;
	struct mica_rmm ctx;
	uint8_t mem[TP_NGRAN * 4096u];
	uint8_t gpt[TP_NGRAN];        /* 1: Realm PAS */
	int gpt_fail;                 /* make the next transitions fail */
	struct tstep script[TP_MAXSTEPS];
	unsigned nsteps, pc;
	struct mica_rmm_resume res[TP_MAXSTEPS];   /* what the Realm got */
	unsigned nres, runs;
	unsigned long ret[MICA_RMM_RMI_NRET];
	/* The entropy hook: calls so far, a byte to mix in, its status. */
	unsigned entropy_calls;
	uint8_t entropy_xor;
	int entropy_fail;
};

struct tplat *tp_new(void);
void tp_free(struct tplat *tp);

unsigned long tp_rmi(struct tplat *tp, const unsigned long a[7]);
#define RMI(tp, ...) tp_rmi((tp), (const unsigned long[7]){ __VA_ARGS__ })

/* Page builders (little-endian fields at the documented offsets). */
void tp_realm_params(uint8_t *page, unsigned alg, unsigned s2sz, long level,
		     unsigned num, unsigned vmid, unsigned long rtt_base);
void tp_rec_params(uint8_t *page, unsigned long flags, unsigned long mpidr,
		   unsigned long pc);

/* Builders that must succeed (granule indices; scratch NS page 1). */
void tp_delegate(struct tplat *tp, unsigned g);
void tp_realm(struct tplat *tp, unsigned rd, unsigned rtt, unsigned vmid,
	      unsigned alg);
void tp_rtt(struct tplat *tp, unsigned rd, unsigned rtt, unsigned long ipa,
	    unsigned level);
void tp_rtts_for(struct tplat *tp, unsigned rd, unsigned rtt2, unsigned rtt3,
		 unsigned long ipa);
void tp_data(struct tplat *tp, unsigned rd, unsigned data, unsigned long ipa,
	     unsigned src, unsigned long flags);
void tp_rec(struct tplat *tp, unsigned rd, unsigned rec, unsigned long flags,
	    unsigned long mpidr);
void tp_step(struct tplat *tp, struct tstep s);
#define STEP(tp, ...) tp_step((tp), (struct tstep){ __VA_ARGS__ })
/* REC_ENTER with entry flags (run page: NS granule 3). */
unsigned long tp_enter(struct tplat *tp, unsigned rec, unsigned long flags);
uint64_t tp_exit64(struct tplat *tp, unsigned off);

/*
 * The standard world:
 *   NS: 1 scratch params, 2 REC params, 3 RmiRecRun, 4 data source
 *       (bytes i*7), 5..9 free
 *   Realm A (NEW, SHA-256, vmid 1): RD 10, root 11, L2 12 + L3 13 for IPA 0,
 *     L2 14 + L3 15 for TP_UNPROT; DATA 16 at IPA 0 (measured);
 *     RIPAS RAM on [0x1000, 0x3000); 0x2000 DESTROYED (DATA created and
 *     destroyed); TP_UNPROT mapped to NS granule 9 rw; REC 17 (runnable)
 *   Realm B (ACTIVE, vmid 2): RD 20, root 21, L2 22 + L3 23 for IPA 0;
 *     RIPAS RAM on [0, 0x10000), DATA 24 at 0, DATA 27 at 0x1000;
 *     L2 28 + L3 29 for TP_UNPROT, TP_UNPROT mapped to NS 9 rw;
 *     REC 25 runnable, REC 26 not runnable
 *   Realm C (NEW, vmid 3): RD 40, root 41, L2 42 for IPA 0
 *   Spare DELEGATED: 30, 31, 32, 33
 */
enum {
	W_SCRATCH = 1, W_RECP = 2, W_RUN = 3, W_SRC = 4, W_NSFREE = 5, W_NSMAP = 9,
	W_RD_A = 10, W_ROOT_A = 11, W_L2_A = 12, W_L3_A = 13, W_L2U_A = 14,
	W_L3U_A = 15, W_DATA_A = 16, W_REC_A = 17,
	W_RD_B = 20, W_ROOT_B = 21, W_L2_B = 22, W_L3_B = 23, W_DATA_B = 24,
	W_REC_B = 25, W_REC_B2 = 26, W_DATA_B2 = 27, W_L2U_B = 28, W_L3U_B = 29,
	W_DEL0 = 30, W_DEL1 = 31, W_DEL2 = 32, W_DEL3 = 33,
	W_RD_C = 40, W_ROOT_C = 41, W_L2_C = 42,
};
void tp_world(struct tplat *tp);

/* Snapshots of everything the RMM can change: the context (but its work
 * area: scratch, the token buffer, the DRBG), memory and the GPT.
 * tp_same() compares all of it but the audit records, which a refused
 * call updates (man/mica-rmm.7, AUDIT); tp_same_all() compares those
 * too. */
struct tsnap {
	struct mica_rmm ctx;
	uint8_t mem[TP_NGRAN * 4096u];
	uint8_t gpt[TP_NGRAN];
};
void tp_snap(const struct tplat *tp, struct tsnap *s);
int tp_same(const struct tplat *tp, const struct tsnap *s);
int tp_same_all(const struct tplat *tp, const struct tsnap *s);

/* Attestation: fixed, public TEST keys and platform claims (tplat.c);
 * tp_new() leaves plat.attest NULL, tp_attest_on() points it at them. */
extern const struct mica_rmm_attest_platform tp_attest_keys;
void tp_attest_on(struct tplat *tp);

/* SHA-256 / SHA-512 straight from mbedTLS, for known answers. */
void tp_hash(unsigned alg, const void *data, size_t len, uint8_t *out);

#endif
