/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vcpu.c -- Realm CPUs (platform.h).
 *
 * A Realm program is ordinary C running on a thread of its own, one per
 * REC. It never runs at the same time as anything else: REC_ENTER, on
 * the host's thread, calls the platform's run_realm (fvp_run_realm),
 * which wakes the vCPU and sleeps until the vCPU traps back (an SMC, a
 * stage-2 data abort, WFI). So the model is deterministic, and the RMM's
 * state is only ever touched by one thread at a time; the semaphores are
 * the hand-over points that also order memory between the threads.
 *
 * What a program may touch: its loads and stores are translated by the
 * RMM's stage 2 (mica_rmm_s2_translate) and then checked against the
 * GPT, exactly like a real access; its own C variables stand for the
 * registers and private RAM of the Realm (a model shortcut, host.h).
 */
#include <stdlib.h>
#include <string.h>

#include "mica/wire/bytes.h"
#include "platform.h"

/* Hand control back to the RMM and wait to be resumed. */
static void trap(struct fvp_vcpu *v)
{
	v->steps++;
	sem_post(&v->back);
	while (sem_wait(&v->go) != 0)
		;
	if (v->quit)
		pthread_exit(NULL);
}

static void *vcpu_main(void *arg)
{
	struct fvp_vcpu *v = arg;

	if (v->program != NULL)   /* an image naming no program idles */
		v->program(v);
	v->finished = 1;
	for (;;)
		fvp_wfi(v);
	return NULL;
}

struct fvp_vcpu *fvp_vcpu_new(struct fvp_machine *m, unsigned long rd,
			      unsigned long rec, fvp_program_fn *program,
			      void *arg)
{
	struct fvp_vcpu *v, **grown;

	if (m->nvcpu == m->capvcpu) {
		size_t cap = m->capvcpu ? 2 * m->capvcpu : 16;

		grown = realloc(m->vcpu, cap * sizeof *grown);
		if (grown == NULL)
			return NULL;
		m->vcpu = grown;
		m->capvcpu = cap;
	}
	v = calloc(1, sizeof *v);
	if (v == NULL)
		return NULL;
	v->m = m;
	v->rd = rd;
	v->rec = rec;
	v->program = program;
	v->arg = arg;
	sem_init(&v->go, 0, 0);
	sem_init(&v->back, 0, 0);
	m->vcpu[m->nvcpu++] = v;
	return v;
}

/* The newest vCPU of a REC (a REC granule may be reused after
 * REC_DESTROY). */
struct fvp_vcpu *fvp_vcpu_find(struct fvp_machine *m, unsigned long rec)
{
	for (size_t i = m->nvcpu; i-- > 0;)
		if (m->vcpu[i]->rec == rec)
			return m->vcpu[i];
	return NULL;
}

void fvp_vcpu_stop_all(struct fvp_machine *m)
{
	for (size_t i = 0; i < m->nvcpu; i++) {
		struct fvp_vcpu *v = m->vcpu[i];

		if (v->started) {
			v->quit = 1;
			sem_post(&v->go);
			pthread_join(v->thread, NULL);
		}
		sem_destroy(&v->go);
		sem_destroy(&v->back);
		free(v->op.token);
		free(v->heap[0]);
		free(v->heap[1]);
		free(v);
	}
	m->nvcpu = 0;
}

void fvp_run_realm(void *plat_ctx, struct mica_rmm *ctx, unsigned long rd,
		   unsigned long rec, const struct mica_rmm_resume *in,
		   struct mica_rmm_trap *out)
{
	struct fvp_machine *m = plat_ctx;
	struct fvp_vcpu *v = fvp_vcpu_find(m, rec);

	(void)ctx;
	if (v == NULL || v->rd != rd) {
		/* A REC the host made without a program: it idles. */
		out->kind = MICA_RMM_TRAP_WFI;
		return;
	}
	v->in = *in;
	if (!v->started) {
		v->started = 1;
		v->pc = in->pc;
		for (unsigned i = 0; i < 8; i++)
			v->x[i] = in->x[i];
		if (pthread_create(&v->thread, NULL, vcpu_main, v) != 0) {
			v->started = 0;
			out->kind = MICA_RMM_TRAP_WFI;
			return;
		}
	} else {
		sem_post(&v->go);
	}
	while (sem_wait(&v->back) != 0)
		;
	*out = v->out;
}

/* ---- the Realm side ------------------------------------------------------ */

/* May the Realm's access reach pa in physical address space pas (the
 * stage-2 mapping's, as the RMM reports it)? The GPT must hold that
 * granule in that PAS: what the granule protection check of the MMU does
 * after stage 2. The IPA plays no part: which half of the IPA space it
 * lies in depends on the Realm's IPA width. */
static int gpt_allows(const struct fvp_vcpu *v, uint64_t pa, unsigned pas)
{
	uint64_t g = (pa - FVP_BASE_PA) / FVP_GRANULE;

	if (pa < FVP_BASE_PA || g >= v->m->plat.ngranules)
		return 0;
	return v->m->gpt[g] == (pas == MICA_RMM_PAS_REALM ? 1 : 0);
}

static void abort_trap(struct fvp_vcpu *v, uint64_t ipa, int write,
		       uint64_t value)
{
	memset(&v->out, 0, sizeof v->out);
	v->out.kind = MICA_RMM_TRAP_DATA_ABORT;
	v->out.write = (uint32_t)write;
	v->out.size = 3;
	v->out.reg = 0;
	v->out.ipa = ipa;
	v->out.value = value;
	trap(v);
}

/* Translates ipa for one access, trapping to the RMM until it is
 * mapped. Returns the host pointer, or NULL after an SEA or an emulated
 * completion (*emulated set, the value in v->in). */
static uint8_t *translate(struct fvp_vcpu *v, uint64_t ipa, int write,
			  uint64_t value, int *emulated)
{
	unsigned long pa;
	unsigned pas;

	*emulated = 0;
	for (;;) {
		if (mica_rmm_s2_translate(v->m->rmm, v->rd, ipa,
					  write ? MICA_S2_AP_W : MICA_S2_AP_R,
					  &pa, &pas) == 0) {
			/* A GPT fault is fatal to the access: an SEA. */
			if (!gpt_allows(v, pa, pas))
				return NULL;
			return v->m->mem + (pa - FVP_BASE_PA);
		}
		abort_trap(v, ipa, write, value);
		if (v->in.kind == MICA_RMM_RESUME_RETRY)
			continue;
		*emulated = v->in.kind == MICA_RMM_RESUME_MMIO_READ ||
			    v->in.kind == MICA_RMM_RESUME_CONTINUE;
		return NULL;
	}
}

static int access(struct fvp_vcpu *v, uint64_t ipa, void *buf, size_t n,
		  int write)
{
	uint8_t *b = buf;
	int emulated;

	while (n > 0) {
		size_t chunk = FVP_GRANULE - (ipa & (FVP_GRANULE - 1));
		uint64_t first = 0;
		uint8_t *p;

		if (chunk > n)
			chunk = n;
		if (write)
			memcpy(&first, b, chunk < 8 ? chunk : 8);
		p = translate(v, ipa, write, first, &emulated);
		if (p == NULL)
			return -1;   /* SEA, or memory that is a device */
		if (write)
			memcpy(p, b, chunk);
		else
			memcpy(b, p, chunk);
		b += chunk;
		ipa += chunk;
		n -= chunk;
	}
	return 0;
}

int fvp_load(struct fvp_vcpu *v, uint64_t ipa, void *buf, size_t n)
{
	return access(v, ipa, buf, n, 0);
}

int fvp_store(struct fvp_vcpu *v, uint64_t ipa, const void *buf, size_t n)
{
	return access(v, ipa, (void *)(uintptr_t)buf, n, 1);
}

int fvp_mmio_read(struct fvp_vcpu *v, uint64_t ipa, uint64_t *value)
{
	int emulated;
	uint8_t *p = translate(v, ipa, 0, 0, &emulated);

	if (p != NULL) {
		memcpy(value, p, 8);
		return 0;
	}
	if (!emulated)
		return -1;
	*value = v->in.x[0];
	return 0;
}

int fvp_mmio_write(struct fvp_vcpu *v, uint64_t ipa, uint64_t value)
{
	int emulated;
	uint8_t *p = translate(v, ipa, 1, value, &emulated);

	if (p != NULL) {
		memcpy(p, &value, 8);
		return 0;
	}
	return emulated ? 0 : -1;
}

void fvp_smc_realm(struct fvp_vcpu *v, const unsigned long x[18],
		   unsigned long ret[18])
{
	memset(&v->out, 0, sizeof v->out);
	v->out.kind = MICA_RMM_TRAP_SMC;
	memcpy(v->out.x, x, sizeof v->out.x);
	trap(v);
	if (v->in.kind == MICA_RMM_RESUME_RETURN) {
		memcpy(ret, v->in.x, 18 * sizeof *ret);
	} else {
		memset(ret, 0, 18 * sizeof *ret);
		ret[0] = MICA_SMC_UNKNOWN;
	}
}

void fvp_wfi(struct fvp_vcpu *v)
{
	fvp_idle(v, MICA_RMM_TRAP_WFI);
}

void fvp_idle(struct fvp_vcpu *v, uint32_t kind)
{
	memset(&v->out, 0, sizeof v->out);
	v->out.kind = kind;
	trap(v);
}

unsigned long fvp_host_call(struct fvp_vcpu *v, uint64_t hc, unsigned imm,
			    const uint64_t *gprs, unsigned n)
{
	uint8_t page[MICA_HC_SIZE] = { 0 };
	unsigned long x[18] = { 0 }, r[18];

	mica_st16(page + MICA_HC_IMM, imm);
	for (unsigned i = 0; i < n && i < 31; i++)
		mica_st64(page + MICA_HC_GPRS + 8 * i, gprs[i]);
	if (fvp_store(v, hc, page, sizeof page) != 0)
		return MICA_RSI_ERROR_INPUT;
	x[0] = MICA_RSI_HOST_CALL;
	x[1] = hc;
	fvp_smc_realm(v, x, r);
	return r[0];
}

unsigned long fvp_attest(struct fvp_vcpu *v, int group,
			 const uint8_t challenge[64], uint64_t buf_ipa,
			 size_t size, uint8_t **out, size_t *len)
{
	unsigned long x[18] = { 0 }, r[18];
	uint8_t *tok = NULL, *grown;
	size_t n = 0;

	*out = NULL;
	*len = 0;
	x[0] = group ? MICA_RSI_GROUP_TOKEN_INIT : MICA_RSI_ATTESTATION_TOKEN_INIT;
	for (unsigned i = 0; i < 8; i++)
		x[1 + i] = mica_ld64(challenge + 8 * i);
	fvp_smc_realm(v, x, r);
	if (r[0] != MICA_RSI_SUCCESS)
		return r[0];
	for (;;) {
		/* One granule at a time into the buffer, then out of it. */
		size_t room = size < FVP_GRANULE ? size : FVP_GRANULE;

		memset(x, 0, sizeof x);
		x[0] = group ? MICA_RSI_GROUP_TOKEN_CONTINUE
			     : MICA_RSI_ATTESTATION_TOKEN_CONTINUE;
		x[1] = buf_ipa;
		x[2] = 0;
		x[3] = room;
		fvp_smc_realm(v, x, r);
		if (r[0] != MICA_RSI_SUCCESS && r[0] != MICA_RSI_INCOMPLETE) {
			free(tok);
			return r[0];
		}
		grown = realloc(tok, n + r[1] + 1);
		if (grown == NULL || r[1] > room ||
		    fvp_load(v, buf_ipa, grown + n, r[1]) != 0) {
			free(grown ? grown : tok);
			return MICA_RSI_ERROR_INPUT;
		}
		tok = grown;
		n += r[1];
		if (r[0] == MICA_RSI_SUCCESS)
			break;
	}
	*out = tok;
	*len = n;
	return MICA_RSI_SUCCESS;
}
