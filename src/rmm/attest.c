/*
 * attest.c -- RSI_ATTESTATION_TOKEN_INIT and _CONTINUE (RMM 1.0).
 *
 * INIT (x1..x8 = the 64-byte challenge, little-endian words) records the
 * challenge and a snapshot of the Realm's measurements in the REC and
 * returns x1 = an upper bound of the token's size. Every challenge value
 * is valid (the RMM specification has no failure condition for it); a
 * second INIT starts over.
 *
 * CONTINUE (x1 = IPA of a granule of the Realm's RAM, x2 = offset in it,
 * x3 = size) copies the next at most `size` bytes of the token to
 * IPA + offset, through the Realm's stage 2, and returns x1 = the bytes
 * copied, with RSI_INCOMPLETE until the last chunk and RSI_SUCCESS with
 * it (which ends the token: the next one needs a new INIT). The token is
 * rebuilt by each CONTINUE from what INIT recorded; the signatures are
 * deterministic, so every chunk comes from the same bytes, and the REC
 * carries no token buffer.
 *
 * Failures change nothing: RSI_ERROR_STATE when no INIT came first or
 * the platform cannot attest, RSI_ERROR_INPUT for an IPA that is not
 * granule aligned, not protected, not mapped (ASSIGNED) or not RIPAS RAM,
 * or an offset/size that is zero or leaves the granule.
 */
#include <string.h>

#include "rmm_int.h"

#define PAGE_MASK (GRANULE - 1)

bool rsi_attest_init(struct mica_rmm *ctx, struct mica_rmm_realm *r,
		     struct mica_rmm_rec *rec, const unsigned long *x,
		     unsigned long *ret, struct mica_rmm_exit *ex)
{
	struct mica_rmm_rec_attest *a = &rec->attest;

	(void)ex;
	if (ctx->plat->attest == NULL) {
		ret[0] = MICA_RSI_ERROR_STATE;
		return false;
	}
	for (unsigned i = 0; i < MICA_ATTEST_CHALLENGE_SIZE / 8; i++)
		mica_st64(a->challenge + 8 * i, x[1 + i]);
	memcpy(a->meas, r->meas, sizeof a->meas);
	a->offset = 0;
	a->state = 1;
	ret[0] = MICA_RSI_SUCCESS;
	ret[1] = MICA_ATTEST_TOKEN_MAX;
	return false;
}

bool rsi_attest_continue(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			 struct mica_rmm_rec *rec, const unsigned long *x,
			 unsigned long *ret, struct mica_rmm_exit *ex)
{
	struct mica_rmm_rec_attest *a = &rec->attest;
	const struct mica_rmm_attest_platform *ap = ctx->plat->attest;
	uint8_t token[MICA_ATTEST_TOKEN_MAX];
	struct attest_realm rt;
	unsigned long ipa = x[1], off = x[2], size = x[3];
	uint8_t *page;
	size_t total, n;

	(void)ex;
	if (a->state != 1 || ap == NULL) {
		ret[0] = MICA_RSI_ERROR_STATE;
		return false;
	}
	page = (ipa & PAGE_MASK) == 0 ? realm_page(ctx, r, ipa) : NULL;
	if (page == NULL || size == 0 || off >= GRANULE ||
	    size > GRANULE - off) {
		ret[0] = MICA_RSI_ERROR_INPUT;
		return false;
	}
	memset(&rt, 0, sizeof rt);
	rt.challenge = a->challenge;
	rt.rpv = r->rpv;
	rt.meas = (const uint8_t (*)[MICA_RMM_DIGEST_MAX])a->meas;
	rt.hash_algo = r->hash_algo;
	total = attest_cca_token(ap, &rt, token, sizeof token);
	if (total == 0 || a->offset > total) {
		ret[0] = MICA_RSI_ERROR_STATE;
		return false;
	}
	n = total - a->offset;
	if (n > size)
		n = size;
	memcpy(page + off, token + a->offset, n);
	a->offset += (uint32_t)n;
	ret[1] = n;
	if (a->offset < total) {
		ret[0] = MICA_RSI_INCOMPLETE;
		return false;
	}
	memset(a, 0, sizeof *a);
	ret[0] = MICA_RSI_SUCCESS;
	return false;
}
