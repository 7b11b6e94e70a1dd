/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rsi.c -- the RSI: its dispatch table and the handlers of the calls a
 * Realm makes to the RMM.
 *
 * A handler gets x[0] = FID and x[1..nargs] (the rest read as zero) and
 * fills ret[] = the Realm's x0..x17. Calls that complete inside the RMM
 * return false; calls that leave the Realm (marked `exits`) fill the exit
 * and return true, after validating their arguments: an invalid request
 * is answered with RSI_ERROR_INPUT and does not exit.
 */
#include <string.h>

#include "mica/wire/bind.h"
#include "rmm_int.h"

#define PAGE_MASK (GRANULE - 1)

static bool rsi_version(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			struct mica_rmm_rec *rec, const unsigned long *x,
			unsigned long *ret, struct mica_rmm_exit *ex)
{
	(void)ctx, (void)r, (void)rec, (void)ex;
	ret[0] = x[1] == MICA_RMM_ABI_VERSION ? MICA_RSI_SUCCESS
					      : MICA_RSI_ERROR_INPUT;
	ret[1] = MICA_RMM_ABI_VERSION;   /* lower */
	ret[2] = MICA_RMM_ABI_VERSION;   /* higher */
	return false;
}

/* x1 = feature register index: none has a feature in this version. */
static bool rsi_features(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			 struct mica_rmm_rec *rec, const unsigned long *x,
			 unsigned long *ret, struct mica_rmm_exit *ex)
{
	(void)ctx, (void)r, (void)rec, (void)x, (void)ex;
	ret[0] = MICA_RSI_SUCCESS;
	ret[1] = 0;
	return false;
}

/* x1 = slot (0 RIM, 1..4 REM0..3). Out: x1..x8 = the value, LE words. */
static bool rsi_measurement_read(struct mica_rmm *ctx,
				 struct mica_rmm_realm *r,
				 struct mica_rmm_rec *rec,
				 const unsigned long *x, unsigned long *ret,
				 struct mica_rmm_exit *ex)
{
	(void)ctx, (void)rec, (void)ex;
	if (x[1] >= MICA_RMM_NMEAS) {
		ret[0] = MICA_RSI_ERROR_INPUT;
		return false;
	}
	for (unsigned i = 0; i < 8; i++)
		ret[1 + i] = mica_ld64(r->meas[x[1]] + 8 * i);
	ret[0] = MICA_RSI_SUCCESS;
	return false;
}

/* x1 = slot 1..4, x2 = size <= 64, x3..x10 = data (LE words):
 * REM = H(REM || data[0..size)). */
static bool rsi_measurement_extend(struct mica_rmm *ctx,
				   struct mica_rmm_realm *r,
				   struct mica_rmm_rec *rec,
				   const unsigned long *x, unsigned long *ret,
				   struct mica_rmm_exit *ex)
{
	uint8_t data[MICA_RMM_DIGEST_MAX];

	(void)ctx, (void)rec, (void)ex;
	if (x[1] < 1 || x[1] >= MICA_RMM_NMEAS || x[2] > sizeof data) {
		ret[0] = MICA_RSI_ERROR_INPUT;
		return false;
	}
	for (unsigned i = 0; i < 8; i++)
		mica_st64(data + 8 * i, x[3 + i]);
	ret[0] = mica_rmm_meas_extend(r->hash_algo, r->meas[x[1]], data, x[2]) == 0
	       ? MICA_RSI_SUCCESS : MICA_RSI_ERROR_INPUT;
	return false;
}

/* x1 = IPA of a granule of the Realm's RAM: receives RsiRealmConfig. */
static bool rsi_realm_config(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			     struct mica_rmm_rec *rec, const unsigned long *x,
			     unsigned long *ret, struct mica_rmm_exit *ex)
{
	uint8_t *page = (x[1] & PAGE_MASK) == 0 ? mica_rmm_realm_page(ctx, r, x[1])
						 : NULL;

	(void)rec, (void)ex;
	if (page == NULL) {
		ret[0] = MICA_RSI_ERROR_INPUT;
		return false;
	}
	memset(page, 0, GRANULE);
	mica_st64(page + MICA_RC_IPA_WIDTH, r->s2sz);
	page[MICA_RC_HASH_ALGO] = r->hash_algo;
	ret[0] = MICA_RSI_SUCCESS;
	return false;
}

/* x1 = base, x2 = top, x3 = RIPAS (EMPTY/RAM), x4 = flags. Exits with
 * RIPAS_CHANGE; the host applies it with RTT_SET_RIPAS, and the call
 * returns x1 = how far it got, x2 = the host's response. */
static bool rsi_ipa_state_set(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			      struct mica_rmm_rec *rec,
			      const unsigned long *x, unsigned long *ret,
			      struct mica_rmm_exit *ex)
{
	(void)ctx, (void)rec;
	if (!mica_rmm_ripas_range_ok(r, x[1], x[2]) || x[3] > MICA_RMI_RAM ||
	    (x[4] & ~MICA_RSI_CHANGE_DESTROYED) != 0) {
		ret[0] = MICA_RSI_ERROR_INPUT;
		return false;
	}
	ex->reason = MICA_RMI_EXIT_RIPAS_CHANGE;
	ex->ripas_base = x[1];
	ex->ripas_top = x[2];
	ex->ripas_value = (uint8_t)x[3];
	ex->ripas_flags = (uint8_t)x[4];
	ex->pending = MICA_PEND_RIPAS;
	return true;
}

/* x1 = base, x2 = top. Out: x1 = end of the run sharing base's RIPAS,
 * x2 = that RIPAS. */
static bool rsi_ipa_state_get(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			      struct mica_rmm_rec *rec,
			      const unsigned long *x, unsigned long *ret,
			      struct mica_rmm_exit *ex)
{
	unsigned ripas;

	(void)rec, (void)ex;
	if (!mica_rmm_ripas_range_ok(r, x[1], x[2])) {
		ret[0] = MICA_RSI_ERROR_INPUT;
		return false;
	}
	ret[1] = mica_rmm_ripas_get(ctx, r, x[1], x[2], &ripas);
	ret[2] = ripas;
	ret[0] = MICA_RSI_SUCCESS;
	return false;
}

/* x1 = IPA of an RsiHostCall (0x100-aligned, in the Realm's RAM). Exits
 * with HOST_CALL carrying its imm and gprs; the host's gprs come back
 * into it at the next REC_ENTER. */
static bool rsi_host_call(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			  struct mica_rmm_rec *rec, const unsigned long *x,
			  unsigned long *ret, struct mica_rmm_exit *ex)
{
	uint8_t *hc = (x[1] & (MICA_HC_SIZE - 1)) == 0
		    ? mica_rmm_realm_page(ctx, r, x[1] & ~PAGE_MASK) : NULL;

	(void)rec;
	if (hc == NULL) {
		ret[0] = MICA_RSI_ERROR_INPUT;
		return false;
	}
	hc += x[1] & PAGE_MASK;
	ex->reason = MICA_RMI_EXIT_HOST_CALL;
	ex->imm = mica_ld16(hc + MICA_HC_IMM);
	for (unsigned i = 0; i < 31; i++)
		ex->gprs[i] = mica_ld64(hc + MICA_HC_GPRS + 8 * i);
	ex->ipa = x[1];
	ex->pending = MICA_PEND_HOST_CALL;
	return true;
}

/* The RSI table: {FID, handler, number of argument registers, exits}.
 * 0xC4000194/0xC4000195, the attestation token, are in attest.c, and so
 * are Mica's 0xC40001B0/0xC40001B1, the group token. */
static const struct rsi_cmd rsi_table[] = {
	{ MICA_RSI_VERSION, rsi_version, 1, false },
	{ MICA_RSI_FEATURES, rsi_features, 1, false },
	{ MICA_RSI_MEASUREMENT_READ, rsi_measurement_read, 1, false },
	{ MICA_RSI_MEASUREMENT_EXTEND, rsi_measurement_extend, 10, false },
	{ MICA_RSI_ATTESTATION_TOKEN_INIT, mica_rmm_rsi_attest_init, 8, false },
	{ MICA_RSI_ATTESTATION_TOKEN_CONTINUE, mica_rmm_rsi_attest_continue, 3, false },
	{ MICA_RSI_REALM_CONFIG, rsi_realm_config, 1, false },
	{ MICA_RSI_IPA_STATE_SET, rsi_ipa_state_set, 4, true },
	{ MICA_RSI_IPA_STATE_GET, rsi_ipa_state_get, 2, false },
	{ MICA_RSI_HOST_CALL, rsi_host_call, 1, true },
	{ MICA_RSI_GROUP_TOKEN_INIT, mica_rmm_rsi_group_init, 8, false },
	{ MICA_RSI_GROUP_TOKEN_CONTINUE, mica_rmm_rsi_group_continue, 3, false },
};

const struct rsi_cmd *mica_rmm_rsi_lookup(unsigned long fid)
{
	fid &= 0xFFFFFFFFul;   /* SMCCC: the FID is W0 */
	for (size_t i = 0; i < sizeof rsi_table / sizeof rsi_table[0]; i++)
		if (rsi_table[i].fid == fid)
			return &rsi_table[i];
	return NULL;
}

unsigned long mica_rmm_rsi(struct mica_rmm *ctx, unsigned long rec,
			   const unsigned long args[MICA_RMM_SMC_REGS],
			   unsigned long ret[MICA_RMM_SMC_REGS])
{
	unsigned long x[MICA_RMM_SMC_REGS] = { 0 };
	const struct rsi_cmd *cmd = mica_rmm_rsi_lookup(args[0]);
	struct mica_rmm_rec *c;

	memset(ret, 0, MICA_RMM_SMC_REGS * sizeof ret[0]);
	ret[0] = MICA_SMC_UNKNOWN;
	if (ctx->running == 0 || cmd == NULL)
		return ret[0];
	c = &ctx->rec[ctx->running - 1];
	if (c->rec != rec)
		return ret[0];
	if (cmd->exits) {
		ret[0] = MICA_RMM_RSI_TRAP;
		return ret[0];
	}
	for (unsigned i = 0; i <= cmd->nargs; i++)
		x[i] = args[i];
	cmd->fn(ctx, &ctx->realm[c->realm], c, x, ret, NULL);
	return ret[0];
}
