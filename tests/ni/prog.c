/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * prog.c -- what every Realm instance runs (ni.h).
 *
 * One program for all, carrying out the operation the walk hands it
 * (ni_prog.op) and idling (WFI) in between. What it writes depends on
 * who it is:
 *   - a genuine distrustful realm owns a canary and writes it into
 *     everything it writes, and encodes it in every value it chooses
 *     and hands out: host-call registers and immediate, MMIO data and
 *     address, the RIPAS range it asks for, the IPA it faults on, and
 *     the choice between WFI and WFE;
 *   - every instance passes on the canaries it has read, except those
 *     of a policy that trusts it (a trusted realm declassifies);
 *   - an instance that is not a genuine one (a clone, another blob, an
 *     unnamed joiner) passes on everything: an adversary's sink.
 * Whatever it loads is searched for canaries: a canary read by an
 * instance outside reach(d) is a violation on the spot.
 */
#include <string.h>

#include "ni.h"

#define HC_IPA 0x1000ull              /* RsiHostCall: RAM page 1 */
#define CONF_IPA (2 * FVP_GRANULE)    /* RAM page 2 */
#define TOKEN_IPA (3 * FVP_GRANULE)   /* RAM page 3 */

/* The canaries x passes on, as 8-byte little-endian words. */
static unsigned payload(const struct ni_prog *p, uint64_t *words,
			unsigned cap)
{
	const struct ni_world *w = p->w;
	unsigned n = 0;

	for (unsigned k = 0; k < w->ncanary && n < cap; k++)
		if ((p->x->holds & (1u << k)) && ni_relays(w, p->x, k))
			words[n++] = w->canary[k].value;
	return n;
}

/* The canary an encoding is made from: one x passes on, at random. */
static int pick_canary(struct ni_prog *p)
{
	uint64_t words[NI_MAXCANARY];
	unsigned n = payload(p, words, NI_MAXCANARY);

	if (n == 0)
		return -1;
	n = (unsigned)(p->op.arg2 % n);
	for (unsigned k = 0; k < p->w->ncanary; k++)
		if (p->w->canary[k].value == words[n])
			return (int)k;
	return -1;
}

static void learn(struct ni_prog *p, const uint8_t *buf, size_t n,
		  uint64_t ipa)
{
	struct ni_world *w = p->w;
	uint32_t found = ni_scan(w, buf, n), fresh = found & ~p->x->holds;
	unsigned long pa;
	unsigned pas;

	p->x->holds |= found;
	/* From host-visible memory it is a leak already (canary-in-ns-
	 * memory); reading it there adds nothing. */
	if (mica_rmm_s2_translate(w->m.rmm, p->x->rd, ipa, MICA_S2_AP_R, &pa,
				  &pas) == 0 && pas == MICA_RMM_PAS_NS)
		return;
	for (unsigned k = 0; k < w->ncanary; k++)
		if ((fresh & (1u << k)) && !ni_allowed(w, p->x, k))
			ni_violation(w, ni_clone_of_allowed(w, p->x, k) ? NI_R_CLONE
				     : NI_R_READ, "instance %u (%s) read the "
				     "canary of %s/%s at IPA %#llx",
				     (unsigned)(p->x - w->inst), p->x->what,
				     w->set->pol[w->canary[k].pol].name,
				     w->set->pol[w->canary[k].pol]
					     .realm[w->canary[k].realm].name,
				     (unsigned long long)ipa);
}

/* Marks the granule x wrote at ipa for the memory checks. */
static void wrote(struct ni_prog *p, uint64_t ipa)
{
	unsigned long pa;

	if (mica_rmm_s2_translate(p->w->m.rmm, p->x->rd, ipa, MICA_S2_AP_W,
				  &pa, NULL) == 0)
		ni_dirty(p->w, pa);
}

static int store(struct fvp_vcpu *v, struct ni_prog *p, uint64_t ipa,
		 size_t len)
{
	uint64_t words[NI_MAXCANARY];
	uint8_t buf[FVP_GRANULE];
	unsigned n = payload(p, words, NI_MAXCANARY);
	int rc;

	if (len > FVP_GRANULE - (ipa & (FVP_GRANULE - 1)))
		len = FVP_GRANULE - (ipa & (FVP_GRANULE - 1));
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)"ni-plain"[i % 8];
	for (size_t i = 0; n && i + 8 <= len; i += 8)
		mica_st64(buf + i, words[(i / 8) % n]);
	rc = fvp_store(v, ipa, buf, len);
	if (rc == 0)
		wrote(p, ipa);
	return rc;
}

static int load(struct fvp_vcpu *v, struct ni_prog *p, uint64_t ipa,
		size_t len)
{
	uint8_t buf[FVP_GRANULE];
	int rc;

	if (len > FVP_GRANULE - (ipa & (FVP_GRANULE - 1)))
		len = FVP_GRANULE - (ipa & (FVP_GRANULE - 1));
	rc = fvp_load(v, ipa, buf, len);
	if (rc == 0)
		learn(p, buf, len, ipa);
	return rc;
}

static void host_call(struct fvp_vcpu *v, struct ni_prog *p)
{
	struct ni_op *op = &p->op;
	uint64_t gprs[31] = { 0 }, words[NI_MAXCANARY];
	unsigned n = payload(p, words, NI_MAXCANARY), imm = op->imm;

	for (unsigned i = 0; n && i < 31; i++) {
		uint64_t c = words[i % n];

		/* As they are, and shifted as a register would carry them. */
		gprs[i] = i < n ? c : (i & 1) ? c << (i % 16) : c >> (i % 16);
	}
	if (op->enc >= 0) {
		op->enc_imm = (unsigned)(p->w->canary[op->enc].value & 0xFFFF);
		imm = op->enc_imm;
	}
	op->x0 = fvp_host_call(v, HC_IPA + 0x100 * (op->arg % 16), imm, gprs, 31);
	wrote(p, HC_IPA);
}

/* An IPA in x's unprotected half (or protected half) made of canary
 * bits. */
static uint64_t enc_ipa(const struct ni_prog *p, uint64_t c, int prot)
{
	unsigned bits = p->x->s2sz - 14;
	uint64_t page = (c >> 3) & ((1ull << bits) - 1);

	return (prot ? 0 : ni_unprot_base(p->x->s2sz)) + (page << 12) +
	       (prot ? 0 : (c & 0xFF8));
}

static void ripas(struct fvp_vcpu *v, struct ni_prog *p)
{
	struct ni_op *op = &p->op;
	unsigned long x[18] = { 0 }, r[18];
	uint64_t base = op->ipa & ~0xFFFull, top = op->arg & ~0xFFFull;

	if (op->enc >= 0) {
		uint64_t c = p->w->canary[op->enc].value;
		unsigned bits = p->x->s2sz - 14;

		if (bits > 24)
			bits = 24;
		base = ((c >> 5) & ((1ull << bits) - 1)) << 12;
		top = base + ((((c >> 29) & ((1ull << bits) - 1)) + 1) << 12);
		op->enc_base = base;
		op->enc_top = top;
	}
	x[0] = MICA_RSI_IPA_STATE_SET;
	x[1] = base;
	x[2] = top;
	x[3] = op->arg2 & 1 ? MICA_RMI_RAM : MICA_RMI_EMPTY;
	x[4] = (op->arg2 >> 1) & 1;
	p->x->ripas.base = base;
	p->x->ripas.top = top;
	p->x->ripas.value = (unsigned)x[3];
	p->x->ripas.flags = (unsigned)x[4];
	p->x->ripas.valid = 1;
	fvp_smc_realm(v, x, r);
	p->x->ripas.valid = 0;
	op->x0 = r[0];
	op->x1 = r[1];
	op->x2 = r[2];
}

static void paging(struct fvp_vcpu *v, struct ni_prog *p)
{
	struct ni_op *op = &p->op;
	uint64_t ipa = op->ipa;

	if (op->enc >= 0) {
		uint64_t c = p->w->canary[op->enc].value;

		ipa = p->x->pool ? NI_POOL_IPA + ((c >> 7) & (NI_POOL_PAGES - 1))
				   * FVP_GRANULE
				 : enc_ipa(p, c, 1);
		op->enc_ipa = ipa;
	}
	op->fault = load(v, p, ipa, 8) != 0;
}

static void rsi_misc(struct fvp_vcpu *v, struct ni_prog *p)
{
	struct ni_op *op = &p->op;
	unsigned long x[18] = { 0 }, r[18];
	uint64_t words[NI_MAXCANARY];
	unsigned n = payload(p, words, NI_MAXCANARY);

	switch (op->arg % 8) {
	case 0:
		x[0] = MICA_RSI_MEASUREMENT_EXTEND;
		x[1] = 1 + op->arg2 % 4;
		x[2] = 8 * (1 + op->arg2 % 8);
		for (unsigned i = 0; i < 8; i++)
			x[3 + i] = n ? words[i % n] : 0;
		break;
	case 1:
		x[0] = MICA_RSI_REALM_CONFIG;
		x[1] = op->arg2 & 1 ? CONF_IPA : op->ipa;
		break;
	case 2:
		x[0] = MICA_RSI_IPA_STATE_GET;
		x[1] = op->ipa & ~0xFFFull;
		x[2] = x[1] + FVP_GRANULE * (1 + op->arg2 % 600);
		break;
	case 3:
	case 4:
		x[0] = op->arg % 8 == 3 ? MICA_RSI_ATTESTATION_TOKEN_INIT
					: MICA_RSI_GROUP_TOKEN_INIT;
		for (unsigned i = 0; i < 8; i++)
			x[1 + i] = n ? words[i % n] : i;
		fvp_smc_realm(v, x, r);
		memset(x, 0, sizeof x);
		x[0] = op->arg % 8 == 3 ? MICA_RSI_ATTESTATION_TOKEN_CONTINUE
					: MICA_RSI_GROUP_TOKEN_CONTINUE;
		x[1] = op->arg2 & 1 ? TOKEN_IPA : op->ipa & ~0xFFFull;
		x[3] = FVP_GRANULE;
		break;
	case 5:
		x[0] = MICA_RSI_VERSION;
		x[1] = op->arg2 & 1 ? MICA_RMM_ABI_VERSION : op->arg2;
		break;
	case 6:
		x[0] = MICA_RSI_FEATURES;
		break;
	default:
		x[0] = 0xC4000190ul + op->arg2 % 0x30;   /* any FID nearby */
		x[1] = op->ipa;
		x[2] = n ? words[0] : 0;
	}
	fvp_smc_realm(v, x, r);
	op->x0 = r[0];
	/* The RMM may have written into the Realm's memory. */
	for (unsigned i = 0; i < p->x->ncand; i++)
		wrote(p, p->x->cand[i]);
}

/* Reads everything it can, then writes what it passes on everywhere
 * it can, and hands it out in a host call and an MMIO store. */
static void sink(struct fvp_vcpu *v, struct ni_prog *p)
{
	struct ni_inst *x = p->x;
	unsigned long pa;

	for (unsigned i = 0; i < x->ncand; i++)
		if (mica_rmm_s2_translate(p->w->m.rmm, x->rd, x->cand[i],
					  MICA_S2_AP_R, &pa, NULL) == 0)
			load(v, p, x->cand[i], FVP_GRANULE);
	for (unsigned i = 0; i < x->ncand; i++)
		if (mica_rmm_s2_translate(p->w->m.rmm, x->rd, x->cand[i],
					  MICA_S2_AP_W, &pa, NULL) == 0)
			store(v, p, x->cand[i] + (p->op.arg2 % 64) * 8, 256);
	if (!x->genuine) {
		uint64_t words[NI_MAXCANARY];
		unsigned n = payload(p, words, NI_MAXCANARY);

		host_call(v, p);
		fvp_mmio_write(v, ni_unprot_base(x->s2sz) + 0x7FF000,
			       n ? words[0] : 0);
	}
}

static void run_op(struct fvp_vcpu *v, struct ni_prog *p)
{
	struct ni_op *op = &p->op;
	uint64_t words[NI_MAXCANARY];
	unsigned n;

	op->enc = -1;
	switch (op->kind) {
	case NI_OP_STORE:
		op->fault = store(v, p, op->ipa + (op->arg % 4096), 8 + op->arg2 % 256) != 0;
		break;
	case NI_OP_LOAD:
		op->fault = load(v, p, op->ipa, FVP_GRANULE) != 0;
		break;
	case NI_OP_HOSTCALL:
		if (op->arg2 & 1)
			op->enc = pick_canary(p);
		host_call(v, p);
		break;
	case NI_OP_MMIO_READ:
	case NI_OP_MMIO_WRITE: {
		uint64_t ipa = op->ipa, val = 0;

		if (op->arg2 & 1)
			op->enc = pick_canary(p);
		if (op->enc >= 0) {
			ipa = enc_ipa(p, p->w->canary[op->enc].value, 0);
			op->enc_ipa = ipa;
		}
		n = payload(p, words, NI_MAXCANARY);
		if (op->kind == NI_OP_MMIO_READ)
			op->fault = fvp_mmio_read(v, ipa, &val) != 0;
		else
			op->fault = fvp_mmio_write(v, ipa, n ? words[0] : op->arg) != 0;
		break;
	}
	case NI_OP_PSCI: {
		unsigned long x[18] = { 0 }, r[18];

		n = payload(p, words, NI_MAXCANARY);
		x[0] = op->arg;
		for (unsigned i = 1; i < 4; i++)
			x[i] = n ? words[i % n] : i;
		fvp_smc_realm(v, x, r);
		op->x0 = r[0];
		break;
	}
	case NI_OP_RIPAS:
		if (op->arg2 & 4)
			op->enc = pick_canary(p);
		ripas(v, p);
		break;
	case NI_OP_PAGING:
		if (op->arg2 & 1)
			op->enc = pick_canary(p);
		paging(v, p);
		break;
	case NI_OP_WFX: {
		int wfe = (int)(op->arg & 1);

		op->enc = pick_canary(p);
		if (op->enc >= 0)
			wfe = (int)((p->w->canary[op->enc].value >> (op->arg % 48)) & 1);
		op->enc_wfe = (unsigned)wfe;
		p->wfe = wfe;
		fvp_idle(v, wfe ? MICA_RMM_TRAP_WFE : MICA_RMM_TRAP_WFI);
		break;
	}
	case NI_OP_IRQ:
		fvp_idle(v, MICA_RMM_TRAP_IRQ);
		break;
	case NI_OP_SINK:
		sink(v, p);
		break;
	case NI_OP_RSI:
		rsi_misc(v, p);
		break;
	default:
		break;
	}
}

void ni_program(struct fvp_vcpu *v)
{
	struct ni_prog *p = v->arg;

	for (;;) {
		if (!p->op.pending) {
			p->wfe = 0;
			fvp_idle(v, MICA_RMM_TRAP_WFI);
			continue;
		}
		run_op(v, p);
		p->op.pending = 0;
		p->op.done = 1;
	}
}
