/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * audit.c -- the audit record of refused attempts (man/mica-rmm.7, AUDIT).
 *
 * Per Realm slot (ctx->audit): a count of the attempts the RMM refused
 * that concern the Realm, saturating at UINT32_MAX, and a hash chain of
 * them, chain' = H(chain || record) with the Realm's measurement
 * algorithm, starting from all zeros; REALM_CREATE resets both. Every
 * realm token of the Realm carries them.
 *
 * Two callers only, both through hooks.c and both after the refusal is
 * decided and its handler has returned, so the record is the one thing a
 * refused call changes:
 *   - rmi.c's dispatch, for every RMI call that returns an error
 *     (mica_rmm_audit_rmi), with the call's roles (which argument is an
 *     RD, a REC, a granule, the target; the RMI table says);
 *   - rec.c's REC_ENTER loop, for an exit the Mica exit filter denies and
 *     for a data abort the RMM answers with a synchronous external abort
 *     (mica_rmm_audit_exit).
 * O(1) work per event: at most 1 + MICA_POL_MAX_PARTS Realms, one hash
 * of at most 64 + 24 bytes each. No heap: the hash contexts are on the
 * stack.
 *
 * A record is 24 bytes, little-endian: kind (u32, MICA_AUDIT_*), code
 * (u32: the RMI FID, or the exit reason, or the ESR class of the abort),
 * status (u64: the RMI status returned, or how the Realm resumes,
 * MICA_RMM_RESUME_*), target (u64: the argument that names what was
 * aimed at, an IPA or a granule's PA).
 */
#include <string.h>

#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>

#include "rmm_int.h"

/* Hashes chain || record into chain (n = 32 or 64 bytes of it): 0 or -1,
 * and then the chain is unchanged. */
static int chain_step(unsigned alg, uint8_t *chain, size_t n,
		      const uint8_t rec[MICA_AUDIT_RECORD_SIZE])
{
	uint8_t buf[MICA_RMM_DIGEST_MAX + MICA_AUDIT_RECORD_SIZE];
	uint8_t out[MICA_RMM_DIGEST_MAX];
	int rc;

	memcpy(buf, chain, n);
	memcpy(buf + n, rec, MICA_AUDIT_RECORD_SIZE);
	if (alg == MICA_RMI_HASH_SHA256 && n == 32)
		rc = mbedtls_sha256_ret(buf, n + MICA_AUDIT_RECORD_SIZE, out, 0);
	else if (alg == MICA_RMI_HASH_SHA512 && n == 64)
		rc = mbedtls_sha512_ret(buf, n + MICA_AUDIT_RECORD_SIZE, out, 0);
	else
		rc = -1;
	if (rc != 0)
		return -1;
	memcpy(chain, out, n);
	return 0;
}

void mica_rmm_audit_record(struct mica_rmm *ctx, unsigned slot, unsigned kind,
			   uint32_t code, uint64_t status, uint64_t target)
{
	const struct mica_rmm_realm *r = &ctx->realm[slot];
	struct mica_rmm_audit *a = &ctx->audit[slot];
	uint8_t rec[MICA_AUDIT_RECORD_SIZE];

	mica_st64(rec, (uint64_t)code << 32 | kind);   /* kind, then code */
	mica_st64(rec + 8, status);
	mica_st64(rec + 16, target);
	/* The count counts even if the hash library failed: a verifier
	 * then finds a chain that matches no records, not fewer events. */
	(void)chain_step(r->hash_algo, a->chain,
			 mica_rmm_realm_digest_size(r), rec);
	if (a->count != UINT32_MAX)
		a->count++;
}

/* ---- RMI calls ----------------------------------------------------------- */

/* The Realms one event concerns, each once. */
struct victims {
	unsigned n;
	uint16_t slot[1 + 1 + MICA_POL_MAX_PARTS];
	uint8_t kind[1 + 1 + MICA_POL_MAX_PARTS];
	uint64_t target[1 + 1 + MICA_POL_MAX_PARTS];
};

static void add(struct victims *v, unsigned slot, unsigned kind,
		uint64_t target)
{
	for (unsigned i = 0; i < v->n; i++)
		if (v->slot[i] == slot)
			return;
	if (v->n < sizeof v->slot / sizeof v->slot[0]) {
		v->slot[v->n] = (uint16_t)slot;
		v->kind[v->n] = (uint8_t)kind;
		v->target[v->n] = target;
		v->n++;
	}
}

/* The owners of the granule at pa: the Realm of an RD, RTT or DATA
 * granule, the Realm of a REC's, every mapper of a shared one (a refused
 * SHARE_MAP of it is a refused join of their instance when the RMM
 * refused the join itself, ERROR_INPUT). */
static void owners(const struct mica_rmm *ctx, unsigned long fid,
		   unsigned long pa, unsigned long status, struct victims *v)
{
	const struct mica_granule *g = mica_rmm_granule_at(ctx, pa);
	const struct mica_rmm_share *s;

	if (g == NULL)
		return;
	switch (g->state) {
	case MICA_GRANULE_RD:
	case MICA_GRANULE_RTT:
	case MICA_GRANULE_DATA:
		add(v, g->owner, MICA_AUDIT_RMI, pa);
		break;
	case MICA_GRANULE_REC:
		add(v, ctx->rec[g->owner].realm, MICA_AUDIT_RMI, pa);
		break;
	case MICA_GRANULE_SHARED:
		s = &ctx->share[g - ctx->granule];
		for (unsigned i = 0; i < s->nmap && i < MICA_POL_MAX_PARTS; i++)
			add(v, s->realm[i],
			    fid == MICA_RMI_SHARE_MAP &&
			    status == MICA_RMI_ERROR_INPUT ? MICA_AUDIT_JOIN
							   : MICA_AUDIT_RMI, pa);
		break;
	default:   /* NS or DELEGATED: nobody's */
		break;
	}
}

void mica_rmm_audit_rmi(struct mica_rmm *ctx, unsigned long fid,
			const struct mica_rmm_rmi_roles *roles,
			const unsigned long *a, unsigned long status)
{
	struct victims v = { 0 };
	uint64_t target = roles->target ? a[roles->target - 1] : 0;
	const struct mica_rmm_realm *r = NULL;
	const struct mica_rmm_rec *rec;

	if (roles->rd)
		r = mica_rmm_realm_from_rd(ctx, a[roles->rd - 1]);
	if (roles->rec &&
	    (rec = mica_rmm_rec_from_pa(ctx, a[roles->rec - 1])) != NULL)
		r = &ctx->realm[rec->realm];
	if (r != NULL)
		add(&v, mica_rmm_realm_slot(ctx, r), MICA_AUDIT_RMI, target);
	if (roles->granule)
		owners(ctx, fid, a[roles->granule - 1], status, &v);
	for (unsigned i = 0; i < v.n; i++)
		mica_rmm_audit_record(ctx, v.slot[i], v.kind[i],
				      (uint32_t)fid, status, v.target[i]);
}

/* ---- exits ------------------------------------------------------------------ */

void mica_rmm_audit_exit(struct mica_rmm *ctx, const struct mica_rmm_realm *r,
			 const struct mica_rmm_exit *ex,
			 const struct mica_rmm_trap *t,
			 const struct mica_rmm_resume *res)
{
	unsigned slot = mica_rmm_realm_slot(ctx, r);
	uint64_t target;

	if (ex == NULL) {   /* an abort answered with an SEA */
		mica_rmm_audit_record(ctx, slot, MICA_AUDIT_SEA,
				      (uint32_t)MICA_ESR_EC_DABT, res->kind,
				      t->ipa);
		return;
	}
	switch (ex->reason) {
	case MICA_RMI_EXIT_RIPAS_CHANGE:
		target = ex->ripas_base;
		break;
	case MICA_RMI_EXIT_PSCI:
		target = ex->gprs[0];   /* the PSCI function */
		break;
	case MICA_RMI_EXIT_HOST_CALL:
		target = ex->imm;
		break;
	default:
		target = ex->ipa;
	}
	mica_rmm_audit_record(ctx, slot, MICA_AUDIT_EXIT, ex->reason, res->kind,
			      target);
}
