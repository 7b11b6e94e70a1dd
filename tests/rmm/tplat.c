/* SPDX-License-Identifier: BSD-3-Clause */
/* tplat.c -- the RMM tests' platform (tplat.h). */
#include <stddef.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>
#include <stdlib.h>

#include "tplat.h"

static int gpt_transition(void *pc, unsigned long pa, int to_realm)
{
	struct tplat *tp = pc;
	unsigned long i = (pa - TP_BASE) / 4096u;

	if (tp->gpt_fail || pa < TP_BASE || i >= TP_NGRAN ||
	    tp->gpt[i] == (uint8_t)to_realm)
		return -1;
	tp->gpt[i] = (uint8_t)to_realm;
	return 0;
}

static void run_realm(void *pc, struct mica_rmm *ctx, unsigned long rd,
		      unsigned long rec, const struct mica_rmm_resume *in,
		      struct mica_rmm_trap *out)
{
	struct tplat *tp = pc;
	const struct tstep *s;

	(void)rd;
	ck_assert_ptr_eq(ctx, &tp->ctx);
	tp->runs++;
	if (tp->nres < TP_MAXSTEPS)
		tp->res[tp->nres++] = *in;
	for (;;) {
		if (tp->pc >= tp->nsteps) {
			out->kind = MICA_RMM_TRAP_IRQ;
			return;
		}
		s = &tp->script[tp->pc++];
		if (s->kind != S_CALL)
			break;
		s->fn(tp, rec);
	}
	switch (s->kind) {
	case S_SMC:
		out->kind = MICA_RMM_TRAP_SMC;
		memcpy(out->x, s->x, sizeof out->x);
		break;
	case S_ABORT:
		out->kind = MICA_RMM_TRAP_DATA_ABORT;
		out->ipa = s->ipa;
		out->write = s->write;
		out->size = s->size;
		out->reg = s->reg;
		out->value = s->value;
		break;
	case S_WFI:
		out->kind = MICA_RMM_TRAP_WFI;
		break;
	case S_WFE:
		out->kind = MICA_RMM_TRAP_WFE;
		break;
	default:
		out->kind = MICA_RMM_TRAP_IRQ;
	}
}

/* The test TRNG: a counter through a fixed mix, different on every
 * call (the bytes only blind; tokens do not depend on them). */
static int entropy(void *ctx, uint8_t *out, size_t n)
{
	struct tplat *tp = ctx;

	tp->entropy_calls++;
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)((tp->entropy_calls * 0x9E3779B1u + i * 131u) >> 3) ^
			 tp->entropy_xor;
	return tp->entropy_fail;
}

struct tplat *tp_new(void)
{
	struct tplat *tp = calloc(1, sizeof *tp);

	ck_assert_ptr_nonnull(tp);
	tp->plat.base_pa = TP_BASE;
	tp->plat.ngranules = TP_NGRAN;
	tp->plat.mem = tp->mem;
	tp->plat.plat_ctx = tp;
	tp->plat.gpt_transition = gpt_transition;
	tp->plat.run_realm = run_realm;
	tp->plat.entropy = entropy;
	ck_assert_int_eq(mica_rmm_init(&tp->ctx, &tp->plat), 0);
	return tp;
}

void tp_free(struct tplat *tp)
{
	free(tp);
}

unsigned long tp_rmi(struct tplat *tp, const unsigned long a[7])
{
	unsigned long x0 = mica_rmm_rmi(&tp->ctx, a, tp->ret);

	ck_assert_uint_eq(x0, tp->ret[0]);
	return x0;
}

void tp_realm_params(uint8_t *page, unsigned alg, unsigned s2sz, long level,
		     unsigned num, unsigned vmid, unsigned long rtt_base)
{
	memset(page, 0, 4096);
	page[0x08] = (uint8_t)s2sz;
	page[0x30] = (uint8_t)alg;
	for (unsigned i = 0; i < 64; i++)
		page[0x400 + i] = (uint8_t)(0xA0 + i + vmid);   /* rpv */
	mica_st16(page + 0x800, vmid);
	mica_st64(page + 0x808, rtt_base);
	mica_st64(page + 0x810, (uint64_t)level);
	mica_st64(page + 0x818, num);
}

void tp_rec_params(uint8_t *page, unsigned long flags, unsigned long mpidr,
		   unsigned long pc)
{
	memset(page, 0, 4096);
	mica_st64(page + 0x000, flags);
	mica_st64(page + 0x100, mpidr);
	mica_st64(page + 0x200, pc);
	for (unsigned i = 0; i < 8; i++)
		mica_st64(page + 0x300 + 8 * i, 0x1000 + i);
}

void tp_delegate(struct tplat *tp, unsigned g)
{
	ck_assert_uint_eq(RMI(tp, MICA_RMI_GRANULE_DELEGATE, PA(g)), 0);
}

void tp_realm(struct tplat *tp, unsigned rd, unsigned rtt, unsigned vmid,
	      unsigned alg)
{
	tp_delegate(tp, rd);
	tp_delegate(tp, rtt);
	tp_realm_params(PG(tp, W_SCRATCH), alg, TP_S2SZ, 1, 1, vmid, PA(rtt));
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_CREATE, PA(rd),
			      PA(W_SCRATCH)), 0);
}

void tp_rtt(struct tplat *tp, unsigned rd, unsigned rtt, unsigned long ipa,
	    unsigned level)
{
	tp_delegate(tp, rtt);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_CREATE, PA(rd), PA(rtt), ipa,
			      level), 0);
}

void tp_rtts_for(struct tplat *tp, unsigned rd, unsigned rtt2, unsigned rtt3,
		 unsigned long ipa)
{
	tp_rtt(tp, rd, rtt2, ipa & ~((1ul << 30) - 1), 2);
	tp_rtt(tp, rd, rtt3, ipa & ~((1ul << 21) - 1), 3);
}

void tp_data(struct tplat *tp, unsigned rd, unsigned data, unsigned long ipa,
	     unsigned src, unsigned long flags)
{
	tp_delegate(tp, data);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_DATA_CREATE, PA(rd), PA(data), ipa,
			      PA(src), flags), 0);
}

void tp_rec(struct tplat *tp, unsigned rd, unsigned rec, unsigned long flags,
	    unsigned long mpidr)
{
	tp_delegate(tp, rec);
	tp_rec_params(PG(tp, W_RECP), flags, mpidr, 0x4000);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REC_CREATE, PA(rd), PA(rec),
			      PA(W_RECP)), 0);
}

void tp_step(struct tplat *tp, struct tstep s)
{
	ck_assert_uint_lt(tp->nsteps, TP_MAXSTEPS);
	tp->script[tp->nsteps++] = s;
}

unsigned long tp_enter(struct tplat *tp, unsigned rec, unsigned long flags)
{
	mica_st64(PG(tp, W_RUN), flags);
	return RMI(tp, MICA_RMI_REC_ENTER, PA(rec), PA(W_RUN));
}

uint64_t tp_exit64(struct tplat *tp, unsigned off)
{
	return mica_ld64(PG(tp, W_RUN) + off);
}

void tp_world(struct tplat *tp)
{
	for (unsigned i = 0; i < 4096; i++)
		PG(tp, W_SRC)[i] = (uint8_t)(i * 7);
	/* Realm A, NEW. */
	tp_realm(tp, W_RD_A, W_ROOT_A, 1, MICA_RMI_HASH_SHA256);
	tp_rtts_for(tp, W_RD_A, W_L2_A, W_L3_A, 0);
	tp_rtts_for(tp, W_RD_A, W_L2U_A, W_L3U_A, TP_UNPROT);
	tp_data(tp, W_RD_A, W_DATA_A, 0, W_SRC, MICA_RMI_MEASURE_CONTENT);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_INIT_RIPAS, PA(W_RD_A), 0x1000,
			      0x3000), 0);
	tp_data(tp, W_RD_A, W_DEL3, 0x2000, W_SRC, MICA_RMI_NO_MEASURE_CONTENT);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_DATA_DESTROY, PA(W_RD_A), 0x2000),
			  0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_MAP_UNPROTECTED, PA(W_RD_A),
			      TP_UNPROT, 3, PA(W_NSMAP) | 0xC0), 0);
	tp_rec(tp, W_RD_A, W_REC_A, MICA_REC_PARAMS_RUNNABLE, 0);
	/* Realm B, ACTIVE. */
	tp_realm(tp, W_RD_B, W_ROOT_B, 2, MICA_RMI_HASH_SHA256);
	tp_rtts_for(tp, W_RD_B, W_L2_B, W_L3_B, 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_INIT_RIPAS, PA(W_RD_B), 0,
			      0x10000), 0);
	ck_assert_uint_eq(tp->ret[1], 0x10000);
	tp_data(tp, W_RD_B, W_DATA_B, 0, W_SRC, MICA_RMI_MEASURE_CONTENT);
	tp_data(tp, W_RD_B, W_DATA_B2, 0x1000, W_SRC, MICA_RMI_MEASURE_CONTENT);
	tp_rtts_for(tp, W_RD_B, W_L2U_B, W_L3U_B, TP_UNPROT);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_MAP_UNPROTECTED, PA(W_RD_B),
			      TP_UNPROT, 3, PA(W_NSMAP) | 0xC0), 0);
	tp_rec(tp, W_RD_B, W_REC_B, MICA_REC_PARAMS_RUNNABLE, 0);
	tp_rec(tp, W_RD_B, W_REC_B2, 0, 1);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_ACTIVATE, PA(W_RD_B)), 0);
	/* Realm C, NEW, an RTT and nothing else. */
	tp_realm(tp, W_RD_C, W_ROOT_C, 3, MICA_RMI_HASH_SHA512);
	tp_rtt(tp, W_RD_C, W_L2_C, 0, 2);
	/* Spares (W_DEL3 came back from DATA_DESTROY). */
	tp_delegate(tp, W_DEL0);
	tp_delegate(tp, W_DEL1);
	tp_delegate(tp, W_DEL2);
}

void tp_snap(const struct tplat *tp, struct tsnap *s)
{
	memcpy(&s->ctx, &tp->ctx, offsetof(struct mica_rmm, work));
	memcpy(s->mem, tp->mem, sizeof s->mem);
	memcpy(s->gpt, tp->gpt, sizeof s->gpt);
}

/* tp_same() leaves out exactly the audit records (and padding). */
_Static_assert(offsetof(struct mica_rmm, audit) +
	       sizeof(((struct mica_rmm *)0)->audit) + 8 >
	       offsetof(struct mica_rmm, work),
	       "the audit records are the last thing before the work area");

int tp_same(const struct tplat *tp, const struct tsnap *s)
{
	/* The audit records lie just before the work area. */
	return memcmp(&s->ctx, &tp->ctx, offsetof(struct mica_rmm, audit)) == 0 &&
	       memcmp(s->mem, tp->mem, sizeof s->mem) == 0 &&
	       memcmp(s->gpt, tp->gpt, sizeof s->gpt) == 0;
}

int tp_same_all(const struct tplat *tp, const struct tsnap *s)
{
	return memcmp(&s->ctx, &tp->ctx, offsetof(struct mica_rmm, work)) == 0 &&
	       memcmp(s->mem, tp->mem, sizeof s->mem) == 0 &&
	       memcmp(s->gpt, tp->gpt, sizeof s->gpt) == 0;
}

void tp_hash(unsigned alg, const void *data, size_t len, uint8_t *out)
{
	if (alg == MICA_RMI_HASH_SHA256)
		ck_assert_int_eq(mbedtls_sha256_ret(data, len, out, 0), 0);
	else
		ck_assert_int_eq(mbedtls_sha512_ret(data, len, out, 0), 0);
}

/* ---- attestation test keys -------------------------------------------
 * TEST KEYS, PUBLIC ON PURPOSE: the P-384 private scalars below are
 * SHA-384 of fixed strings ("mica test platform key (CPAK), not a
 * secret", "mica test realm attestation key (RAK), not a secret"), so
 * that tokens are reproducible. Never use them outside tests. The other
 * fields are SHA-256 of fixed strings too. */
const struct mica_rmm_attest_platform tp_attest_keys = {
	.platform_key = {
		0xf6, 0xe8, 0x89, 0xcc, 0x85, 0x9f, 0xbf, 0xbb,
		0xc3, 0x38, 0xff, 0x3a, 0x12, 0xec, 0x68, 0x1d,
		0x83, 0x5a, 0xdd, 0xd7, 0x13, 0x5b, 0x37, 0xdb,
		0x8f, 0x0d, 0x8b, 0xe8, 0x30, 0x67, 0x72, 0x39,
		0x57, 0x33, 0x67, 0x87, 0x6e, 0x8d, 0x59, 0xb6,
		0xac, 0x8f, 0x84, 0x3f, 0xc0, 0x2b, 0x17, 0x21,
	},
	.rak = {
		0x70, 0x84, 0x02, 0x26, 0x3b, 0xdf, 0x37, 0xbd,
		0x9f, 0x6e, 0xb9, 0x8a, 0xd3, 0x2b, 0x6c, 0x1e,
		0xc1, 0x91, 0x10, 0xfe, 0x64, 0x41, 0x0f, 0x67,
		0xa9, 0x56, 0x96, 0xa3, 0x52, 0x30, 0x57, 0xf2,
		0x81, 0x96, 0x5f, 0xcc, 0x07, 0x1a, 0xa3, 0xde,
		0xab, 0xe6, 0xee, 0x9f, 0xe2, 0xf0, 0x51, 0xfa,
	},
	.instance_id = {
		0x01, 0x27, 0x40, 0xa3, 0x5f, 0x02, 0xc1, 0x58,
		0x4d, 0x23, 0x56, 0xc1, 0x89, 0x53, 0xdd, 0x80,
		0xaf, 0x01, 0x1d, 0x58, 0x71, 0x4f, 0x10, 0xf5,
		0x6d, 0xaf, 0x19, 0x07, 0xea, 0xe7, 0x86, 0x9c,
		0xb1,
	},
	.implementation_id = {
		0x07, 0x06, 0xf5, 0xfe, 0x0f, 0xbc, 0xc7, 0x39,
		0xdf, 0xe6, 0xeb, 0x58, 0x94, 0x66, 0xa4, 0x95,
		0xcd, 0xf0, 0xe4, 0x98, 0x65, 0xc8, 0x9f, 0x5e,
		0xfb, 0x86, 0xea, 0x98, 0xf6, 0x1a, 0xe6, 0xec,
	},
	.rmm_measurement = {
		0xeb, 0x4b, 0xf2, 0x14, 0x1f, 0x33, 0xb1, 0xd5,
		0x7e, 0xf6, 0x96, 0x00, 0xda, 0x0f, 0xd9, 0x95,
		0x6c, 0x0e, 0x6e, 0x9a, 0x5f, 0xac, 0x79, 0xc0,
		0x4d, 0x63, 0x6e, 0x3e, 0x04, 0x41, 0x2d, 0x94,
	},
	.rmm_signer_id = {
		0xb6, 0xc2, 0x21, 0xbb, 0x7e, 0x79, 0x94, 0x1d,
		0x3c, 0x91, 0x4d, 0x75, 0x67, 0x49, 0xcb, 0x3b,
		0x33, 0x45, 0xd8, 0x17, 0x20, 0x87, 0x81, 0x0e,
		0xb2, 0xfc, 0xea, 0x2b, 0x4a, 0x20, 0xfc, 0xda,
	},
	.lifecycle = 0x3000,   /* secured */
};

void tp_attest_on(struct tplat *tp)
{
	tp->plat.attest = &tp_attest_keys;
}
