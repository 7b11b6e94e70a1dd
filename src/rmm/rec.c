/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rec.c -- REC_CREATE, REC_DESTROY, and REC_ENTER: completing the last
 * exit, running the Realm through the platform's run_realm(), handling
 * its traps (RSI, PSCI, aborts), and the one exit path to the host.
 */
#include <string.h>

#include "rmm_int.h"

#define PAGE_MASK (GRANULE - 1)

/* Fields of RmiRecParams; num_aux and aux are left out on purpose: no
 * auxiliary granules, so they must be zero like reserved bytes. */
static const struct page_field rec_params_fields[] = {
	{ MICA_RECP_FLAGS, 8 }, { MICA_RECP_MPIDR, 8 }, { MICA_RECP_PC, 8 },
	{ MICA_RECP_GPRS, 64 },
};

#define MPIDR_MASK 0xFF00FFFF0Full   /* Aff3, Aff2, Aff1, Aff0[3:0] */

static unsigned long mpidr_index(uint64_t m)
{
	return (m & 0xF) | ((m >> 8) & 0xFF) << 4 | ((m >> 16) & 0xFF) << 12 |
	       ((m >> 32) & 0xFF) << 20;
}

/* x1 = RD, x2 = REC (DELEGATED), x3 = RmiRecParams (NS). */
unsigned long mica_rmm_rmi_rec_create(struct mica_rmm *ctx, const unsigned long *a,
			     unsigned long *ret)
{
	struct mica_rmm_realm *r = mica_rmm_realm_from_rd(ctx, a[0]);
	struct mica_granule *g = mica_rmm_find_granule(ctx, a[1], MICA_GRANULE_DELEGATED);
	const uint8_t *ns = mica_rmm_ns_page(ctx, a[2]);
	uint8_t *p = ctx->work.scratch.page, rim[MICA_RMM_DIGEST_MAX];
	struct mica_rmm_rec *rec;
	uint64_t flags, mpidr;
	uint16_t slot;

	(void)ret;
	if (r == NULL || g == NULL || ns == NULL)
		return MICA_RMI_ERROR_INPUT;
	memcpy(p, ns, GRANULE);
	flags = mica_ld64(p + MICA_RECP_FLAGS);
	mpidr = mica_ld64(p + MICA_RECP_MPIDR);
	if (!mica_rmm_page_reserved_zero(p, rec_params_fields,
				sizeof rec_params_fields /
				sizeof rec_params_fields[0]) ||
	    (flags & ~MICA_REC_PARAMS_RUNNABLE) != 0 ||
	    (mpidr & ~MPIDR_MASK) != 0)
		return MICA_RMI_ERROR_INPUT;
	if (r->state != MICA_REALM_NEW)
		return MICA_RMI_ERROR_REALM;
	/* RECs are created in MPIDR order. */
	if (mpidr_index(mpidr) != r->rec_index || ctx->nfree_recs == 0)
		return MICA_RMI_ERROR_INPUT;
	memcpy(rim, r->meas[0], sizeof rim);
	if (mica_rmm_meas_rec(r->hash_algo, rim, p) != 0)
		return MICA_RMI_ERROR_INPUT;

	memcpy(r->meas[0], rim, sizeof rim);
	slot = ctx->free_rec[--ctx->nfree_recs];
	ctx->free_rec[ctx->nfree_recs] = 0;
	rec = &ctx->rec[slot];
	memset(rec, 0, sizeof *rec);
	rec->rec = a[1];
	rec->mpidr = mpidr;
	rec->pc = mica_ld64(p + MICA_RECP_PC);
	for (unsigned i = 0; i < 8; i++)
		rec->gprs[i] = mica_ld64(p + MICA_RECP_GPRS + 8 * i);
	rec->realm = mica_rmm_realm_slot(ctx, r);
	rec->state = MICA_REC_READY;
	rec->runnable = (uint8_t)(flags & MICA_REC_PARAMS_RUNNABLE);
	rec->pending = MICA_PEND_START;
	r->num_recs++;
	r->rec_index++;
	g->state = MICA_GRANULE_REC;
	g->owner = slot;
	return MICA_RMI_SUCCESS;
}

/* x1 = REC. */
unsigned long mica_rmm_rmi_rec_destroy(struct mica_rmm *ctx, const unsigned long *a,
			      unsigned long *ret)
{
	struct mica_granule *g = mica_rmm_find_granule(ctx, a[0], MICA_GRANULE_REC);
	struct mica_rmm_rec *rec;
	uint16_t slot;

	(void)ret;
	if (g == NULL)
		return MICA_RMI_ERROR_INPUT;
	slot = g->owner;
	rec = &ctx->rec[slot];
	if (rec->state == MICA_REC_RUNNING)
		return MICA_RMI_ERROR_REC;
	ctx->realm[rec->realm].num_recs--;
	mica_rmm_granule_scrub(ctx, g);
	g->state = MICA_GRANULE_DELEGATED;
	g->owner = 0;
	memset(rec, 0, sizeof *rec);
	ctx->free_rec[ctx->nfree_recs++] = slot;
	return MICA_RMI_SUCCESS;
}

/* ---- the exit path ---------------------------------------------------- */

/*
 * Every exit to the host passes here, and only here: the Mica exit filter
 * decides first; then the REC records what the next REC_ENTER completes,
 * PSCI power effects apply, and the exit record is written. Returns false
 * when the filter keeps the Realm running (*resume then set by it).
 */
static bool rec_exit_to_host(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			     struct mica_rmm_rec *rec, struct mica_rmm_exit *ex,
			     struct mica_rmm_resume *resume,
			     unsigned long run_pa)
{
	uint8_t *run;
	unsigned long fid;

	memset(resume, 0, sizeof *resume);
	if (!mica_rmm_hook_rec_exit(ctx, r, rec, ex, resume)) {
		/* A refused exit the filter left undecided faults the Realm. */
		if (resume->kind == 0)
			resume->kind = MICA_RMM_RESUME_SEA;
		return false;
	}
	rec->pending = ex->pending;
	rec->mmio_size = ex->mmio_size;
	if (ex->pending == MICA_PEND_HOST_CALL)
		rec->host_call = ex->ipa;
	if (ex->pending == MICA_PEND_RIPAS) {
		rec->ripas_base = ex->ripas_base;
		rec->ripas_top = ex->ripas_top;
		rec->ripas_addr = ex->ripas_base;
		rec->ripas_value = ex->ripas_value;
		rec->ripas_flags = ex->ripas_flags;
	}
	if (ex->reason == MICA_RMI_EXIT_PSCI) {
		fid = ex->gprs[0];
		if (fid == MICA_PSCI_SYSTEM_OFF || fid == MICA_PSCI_SYSTEM_RESET)
			r->state = MICA_REALM_SYSTEM_OFF;
		else if (fid == MICA_PSCI_CPU_OFF)
			rec->runnable = 0;
	}
	/* The host owns the run granule; if it took it away meanwhile, it
	 * gets no record. */
	run = mica_rmm_ns_page(ctx, run_pa);
	if (run == NULL)
		return true;
	memset(run + MICA_RUN_EXIT, 0, GRANULE - MICA_RUN_EXIT);
	mica_st64(run + MICA_RUN_EXIT_REASON, ex->reason);
	mica_st64(run + MICA_RUN_EXIT_ESR, ex->esr);
	mica_st64(run + MICA_RUN_EXIT_FAR, ex->far);
	mica_st64(run + MICA_RUN_EXIT_HPFAR, ex->hpfar);
	for (unsigned i = 0; i < 31; i++)
		mica_st64(run + MICA_RUN_EXIT_GPRS + 8 * i, ex->gprs[i]);
	mica_st64(run + MICA_RUN_EXIT_RIPAS_BASE, ex->ripas_base);
	mica_st64(run + MICA_RUN_EXIT_RIPAS_TOP, ex->ripas_top);
	run[MICA_RUN_EXIT_RIPAS_VALUE] = ex->ripas_value;
	mica_st64(run + MICA_RUN_EXIT_IMM, ex->imm);
	return true;
}

/* ---- traps -------------------------------------------------------------- */

static bool psci_known(unsigned long fid)
{
	switch (fid) {
	case MICA_PSCI_VERSION: case MICA_PSCI_CPU_SUSPEND:
	case MICA_PSCI_CPU_OFF: case MICA_PSCI_CPU_ON:
	case MICA_PSCI_AFFINITY_INFO: case MICA_PSCI_SYSTEM_OFF:
	case MICA_PSCI_SYSTEM_RESET: case MICA_PSCI_FEATURES:
		return true;
	}
	return false;
}

/* A PSCI call (SMC32 or SMC64 form). Returns true when it exits. */
static bool handle_psci(const unsigned long *x, struct mica_rmm_resume *res,
			struct mica_rmm_exit *ex)
{
	/* CPU_SUSPEND, CPU_ON and AFFINITY_INFO have SMC32 and SMC64
	 * forms; the other calls exist as SMC32 only. */
	unsigned long fid = (x[0] & 0xFFFFFFFFul) | 0x40000000ul;

	if (fid != MICA_PSCI_CPU_SUSPEND && fid != MICA_PSCI_CPU_ON &&
	    fid != MICA_PSCI_AFFINITY_INFO)
		fid = x[0] & 0xFFFFFFFFul;
	res->kind = MICA_RMM_RESUME_RETURN;
	if (fid == MICA_PSCI_VERSION) {
		res->x[0] = 0x10001;   /* PSCI 1.1 */
		return false;
	}
	if (fid == MICA_PSCI_FEATURES) {
		res->x[0] = psci_known(x[1]) ? 0 : MICA_PSCI_NOT_SUPPORTED;
		return false;
	}
	if (!psci_known(fid)) {
		res->x[0] = MICA_PSCI_NOT_SUPPORTED;
		return false;
	}
	ex->reason = MICA_RMI_EXIT_PSCI;
	ex->gprs[0] = fid;
	for (unsigned i = 1; i < 4; i++)
		ex->gprs[i] = x[i];
	ex->pending = MICA_PEND_PSCI;
	return true;
}

static bool handle_smc(struct mica_rmm *ctx, struct mica_rmm_realm *r,
		       struct mica_rmm_rec *rec, const struct mica_rmm_trap *t,
		       struct mica_rmm_resume *res, struct mica_rmm_exit *ex)
{
	const struct rsi_cmd *cmd = mica_rmm_rsi_lookup(t->x[0]);
	unsigned long x[MICA_RMM_SMC_REGS] = { 0 };

	if (cmd != NULL) {
		for (unsigned i = 0; i <= cmd->nargs; i++)
			x[i] = t->x[i];
		res->kind = MICA_RMM_RESUME_RETURN;
		return cmd->fn(ctx, r, rec, x, res->x, ex);
	}
	if ((t->x[0] & 0xBFFFFFE0ul) == 0x84000000ul)
		return handle_psci(t->x, res, ex);
	res->kind = MICA_RMM_RESUME_RETURN;
	res->x[0] = MICA_SMC_UNKNOWN;
	return false;
}

/* A stage-2 data abort at t->ipa. Returns true when it exits. */
static bool handle_abort(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			 const struct mica_rmm_trap *t,
			 struct mica_rmm_resume *res, struct mica_rmm_exit *ex)
{
	unsigned long ipa = t->ipa, pa;
	unsigned access = t->write ? MICA_S2_AP_W : MICA_S2_AP_R;
	struct mica_rmm_rtt_walk w;

	res->kind = MICA_RMM_RESUME_SEA;
	if (t->size > 3 || t->reg > 30 || (ipa >> r->s2sz) != 0)
		return false;
	if (mica_rmm_s2_translate(ctx, r->rd, ipa, access, &pa, NULL) == 0) {
		res->kind = MICA_RMM_RESUME_RETRY;   /* spurious */
		return false;
	}
	ex->reason = MICA_RMI_EXIT_SYNC;
	ex->esr = MICA_ESR_EC_DABT << MICA_ESR_EC_SHIFT | MICA_ESR_IL |
		  (t->write ? MICA_ESR_WNR : 0) | MICA_ESR_DFSC_TF3;
	ex->far = ipa & PAGE_MASK;
	ex->hpfar = (ipa >> 12) << 4;
	ex->ipa = ipa;
	if (!mica_rmm_ipa_is_protected(r, ipa)) {
		/* Unprotected and not mapped for this access: emulatable. */
		ex->esr |= MICA_ESR_ISV | (unsigned long)t->size << MICA_ESR_SAS_SHIFT |
			   (unsigned long)t->reg << MICA_ESR_SRT_SHIFT |
			   (t->size == 3 ? MICA_ESR_SF : 0);
		if (t->write)
			ex->gprs[0] = t->size == 3 ? t->value
				    : t->value & ((1ull << (8u << t->size)) - 1);
		ex->mmio_size = (uint8_t)t->size;
		ex->pending = t->write ? MICA_PEND_MMIO_WRITE : MICA_PEND_MMIO_READ;
		return true;
	}
	/* Protected: only RAM that lacks its page goes to the host. */
	mica_rmm_rtt_walk(ctx, r, ipa & ~PAGE_MASK, 3, &w);
	if (mica_rmm_s2te_kind(w.entry) != MICA_S2_UNASSIGNED ||
	    mica_rmm_s2te_ripas(w.entry) != MICA_RMI_RAM)
		return false;   /* EMPTY, DESTROYED, or no permission: SEA */
	ex->pending = MICA_PEND_ABORT;
	return true;
}

/* Returns true when the trap leaves the Realm (ex filled), else false
 * with the resumption in res. */
static bool handle_trap(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			struct mica_rmm_rec *rec, const struct mica_rmm_trap *t,
			struct mica_rmm_resume *res, struct mica_rmm_exit *ex)
{
	switch (t->kind) {
	case MICA_RMM_TRAP_SMC:
		return handle_smc(ctx, r, rec, t, res, ex);
	case MICA_RMM_TRAP_DATA_ABORT:
		return handle_abort(ctx, r, t, res, ex);
	case MICA_RMM_TRAP_WFI:
	case MICA_RMM_TRAP_WFE:
		ex->reason = MICA_RMI_EXIT_SYNC;
		ex->esr = MICA_ESR_EC_WFX << MICA_ESR_EC_SHIFT | MICA_ESR_IL |
			  (t->kind == MICA_RMM_TRAP_WFE ? MICA_ESR_WFX_TI : 0);
		break;
	default:   /* IRQ, or anything the platform cannot name */
		ex->reason = MICA_RMI_EXIT_IRQ;
	}
	ex->pending = MICA_PEND_NONE;
	return true;
}

/* ---- REC_ENTER ---------------------------------------------------------- */

/* How the REC resumes after its last exit, given the host's entry. */
static void rec_resume(struct mica_rmm *ctx, struct mica_rmm_realm *r,
		       struct mica_rmm_rec *rec, unsigned long flags,
		       const uint8_t *run, struct mica_rmm_resume *res)
{
	bool sea = (flags & MICA_REC_ENTRY_INJECT_SEA) != 0;
	bool emul = (flags & MICA_REC_ENTRY_EMUL_MMIO) != 0;
	uint64_t g0 = mica_ld64(run + MICA_RUN_ENTRY_GPRS);
	uint8_t *hc;

	res->kind = MICA_RMM_RESUME_RETURN;
	switch (rec->pending) {
	case MICA_PEND_START:
		res->kind = MICA_RMM_RESUME_START;
		res->pc = rec->pc;
		for (unsigned i = 0; i < 8; i++)
			res->x[i] = rec->gprs[i];
		break;
	case MICA_PEND_HOST_CALL:
		/* The host's answer goes back into the RsiHostCall, if the
		 * Realm still has that page. */
		hc = mica_rmm_realm_page(ctx, r, rec->host_call & ~PAGE_MASK);
		if (hc == NULL) {
			res->kind = MICA_RMM_RESUME_SEA;
			break;
		}
		hc += rec->host_call & PAGE_MASK;
		for (unsigned i = 0; i < 31; i++)
			mica_st64(hc + MICA_HC_GPRS + 8 * i,
				  mica_ld64(run + MICA_RUN_ENTRY_GPRS + 8 * i));
		res->x[0] = MICA_RSI_SUCCESS;
		break;
	case MICA_PEND_RIPAS:
		res->x[0] = MICA_RSI_SUCCESS;
		res->x[1] = rec->ripas_addr;
		res->x[2] = (flags & MICA_REC_ENTRY_RIPAS_REJECT) != 0
			  ? MICA_RSI_REJECT : MICA_RSI_ACCEPT;
		break;
	case MICA_PEND_PSCI:
		res->x[0] = g0;
		break;
	case MICA_PEND_MMIO_READ:
	case MICA_PEND_MMIO_WRITE:
	case MICA_PEND_ABORT:
		if (sea)
			res->kind = MICA_RMM_RESUME_SEA;
		else if (!emul)
			res->kind = MICA_RMM_RESUME_RETRY;
		else if (rec->pending == MICA_PEND_MMIO_WRITE)
			res->kind = MICA_RMM_RESUME_CONTINUE;
		else {
			res->kind = MICA_RMM_RESUME_MMIO_READ;
			res->x[0] = rec->mmio_size == 3 ? g0
				  : g0 & ((1ull << (8u << rec->mmio_size)) - 1);
		}
		break;
	default:
		res->kind = MICA_RMM_RESUME_CONTINUE;
	}
	rec->pending = MICA_PEND_NONE;
}

/* x1 = REC, x2 = RmiRecRun (NS). Runs the REC until it exits to the host;
 * the exit record is in RmiRecRun.exit. */
unsigned long mica_rmm_rmi_rec_enter(struct mica_rmm *ctx, const unsigned long *a,
			    unsigned long *ret)
{
	struct mica_rmm_rec *rec = mica_rmm_rec_from_pa(ctx, a[0]);
	const uint8_t *run = mica_rmm_ns_page(ctx, a[1]);
	struct mica_rmm_resume res;
	struct mica_rmm_trap trap;
	struct mica_rmm_exit ex;
	struct mica_rmm_realm *r;
	unsigned long flags;
	unsigned p;
	bool exits;

	(void)ret;
	if (rec == NULL || run == NULL)
		return MICA_RMI_ERROR_INPUT;
	r = &ctx->realm[rec->realm];
	if (r->state != MICA_REALM_ACTIVE)
		return MICA_RMI_ERROR_REALM;
	if (ctx->running != 0 || !rec->runnable)
		return MICA_RMI_ERROR_REC;
	flags = mica_ld64(run + MICA_RUN_ENTRY_FLAGS);
	if ((flags & ~MICA_REC_ENTRY_FLAGS_KNOWN) != 0 ||
	    ((flags & MICA_REC_ENTRY_EMUL_MMIO) &&
	     (flags & MICA_REC_ENTRY_INJECT_SEA)))
		return MICA_RMI_ERROR_INPUT;
	/* Emulation answers an emulatable abort; an SEA any data abort. */
	p = rec->pending;
	if (((flags & MICA_REC_ENTRY_EMUL_MMIO) &&
	     p != MICA_PEND_MMIO_READ && p != MICA_PEND_MMIO_WRITE) ||
	    ((flags & MICA_REC_ENTRY_INJECT_SEA) &&
	     p != MICA_PEND_MMIO_READ && p != MICA_PEND_MMIO_WRITE &&
	     p != MICA_PEND_ABORT))
		return MICA_RMI_ERROR_REC;

	memset(&res, 0, sizeof res);
	rec_resume(ctx, r, rec, flags, run, &res);
	ctx->running = (uint32_t)(rec - ctx->rec) + 1;
	rec->state = MICA_REC_RUNNING;
	for (;;) {
		memset(&trap, 0, sizeof trap);
		ctx->plat->run_realm(ctx->plat->plat_ctx, ctx, r->rd, rec->rec,
				     &res, &trap);
		memset(&res, 0, sizeof res);
		memset(&ex, 0, sizeof ex);
		exits = handle_trap(ctx, r, rec, &trap, &res, &ex);
		if (exits && rec_exit_to_host(ctx, r, rec, &ex, &res, a[1]))
			break;
		/* Refused, and decided: an exit the filter denied, or an
		 * abort answered with an SEA. Its audit record. */
		if (exits || res.kind == MICA_RMM_RESUME_SEA)
			mica_rmm_hook_exit_refused(ctx, r, exits ? &ex : NULL,
						   &trap, &res);
	}
	rec->state = MICA_REC_READY;
	ctx->running = 0;
	return MICA_RMI_SUCCESS;
}
