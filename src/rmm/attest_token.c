/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * attest_token.c -- CCA attestation tokens: claims maps, COSE_Sign1
 * ES384, the tag-399 collection (man/mica-rmm.7, ATTESTATION).
 *
 * Encoding: libcbor's cbor_encode_* into fixed buffers (they allocate
 * nothing and return 0 when the buffer is too small). The output is
 * deterministic CBOR (RFC 8949 section 4.2.1): definite lengths, the
 * shortest heads (libcbor picks them), and map keys written in the
 * bytewise order of their encodings, which for the unsigned keys used
 * here is ascending numeric order, negative keys after them.
 *
 * Signing: ES384 (P-384, SHA-384) with mbedtls_ecdsa_sign_det_ext, the
 * RFC 6979 nonce, so the same keys and claims give the same bytes; the
 * signature is raw r || s, 48 bytes each (RFC 9053). The blinding of the
 * scalar multiplications (which does not change the result, only hides
 * the key from side channels) comes from a CTR_DRBG seeded through the
 * platform's entropy hook once per token, held in the context's work
 * area and freed (zeroized by mbedTLS) when the token is done. The RAK's
 * public key is derived once, at the first token, and kept.
 *
 * No heap in this file; mbedTLS's bignums allocate internally (see
 * mica/rmm.h). Tokens are built in place in the caller's buffer (payloads
 * and inner tokens are written after room for their heads and moved down),
 * so no token is copied and no buffer here depends on the token's size.
 */
#include <string.h>

#include <cbor/encoding.h>
#include <mbedtls/bignum.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/md.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>

#include "rmm_int.h"

#define HASH384 48u
#define MAP_HEAD_MAX 9u     /* the longest map head */
#define TAG_CCA 399u        /* the CCA token collection (older framing) */
#define TAG_SIGN1 18u

/* ---- the writer --------------------------------------------------------- */

static void aw_put(struct attest_w *w, size_t n)
{
	if (n == 0)
		w->err = true;
	else
		w->len += n;
}

#define AW(w, call) \
	do { \
		if (!(w)->err) \
			aw_put((w), (call)); \
	} while (0)

void mica_rmm_aw_uint(struct attest_w *w, uint64_t v)
{
	AW(w, cbor_encode_uint(v, w->p + w->len, w->cap - w->len));
}

void mica_rmm_aw_int(struct attest_w *w, int64_t v)
{
	if (v >= 0)
		AW(w, cbor_encode_uint((uint64_t)v, w->p + w->len,
				       w->cap - w->len));
	else
		AW(w, cbor_encode_negint((uint64_t)(-(v + 1)),
					 w->p + w->len, w->cap - w->len));
}

void mica_rmm_aw_key(struct attest_w *w, int64_t key)
{
	mica_rmm_aw_int(w, key);
	w->npairs++;
}

void mica_rmm_aw_bstr(struct attest_w *w, const uint8_t *p, size_t n)
{
	AW(w, cbor_encode_bytestring_start(n, w->p + w->len, w->cap - w->len));
	if (w->err || w->cap - w->len < n) {
		w->err = true;
		return;
	}
	if (n)
		memcpy(w->p + w->len, p, n);
	w->len += n;
}

void mica_rmm_aw_tstr(struct attest_w *w, const char *s)
{
	size_t n = strlen(s);

	AW(w, cbor_encode_string_start(n, w->p + w->len, w->cap - w->len));
	if (w->err || w->cap - w->len < n) {
		w->err = true;
		return;
	}
	memcpy(w->p + w->len, s, n);
	w->len += n;
}

void mica_rmm_aw_array(struct attest_w *w, size_t n)
{
	AW(w, cbor_encode_array_start(n, w->p + w->len, w->cap - w->len));
}

void mica_rmm_aw_map(struct attest_w *w, size_t n)
{
	AW(w, cbor_encode_map_start(n, w->p + w->len, w->cap - w->len));
}

static void aw_tag(struct attest_w *w, uint64_t tag)
{
	AW(w, cbor_encode_tag(tag, w->p + w->len, w->cap - w->len));
}

/* ---- keys and signatures -------------------------------------------------- */

/* The DRBG lives in the context's work area, as opaque words. */
_Static_assert(sizeof(mbedtls_ctr_drbg_context) <=
	       sizeof(((struct mica_rmm_work *)0)->drbg),
	       "struct mica_rmm_work.drbg holds an mbedtls_ctr_drbg_context");

static mbedtls_ctr_drbg_context *drbg_of(struct mica_rmm *ctx)
{
	return (mbedtls_ctr_drbg_context *)(void *)ctx->work.drbg;
}

static int entropy(void *arg, unsigned char *out, size_t n)
{
	const struct mica_rmm *ctx = arg;

	return ctx->plat->entropy(ctx->plat->plat_ctx, out, n) != 0
		       ? MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED : 0;
}

/* Loads P-384 and the private scalar (checked to be in [1, n-1]). */
static int load_key(mbedtls_ecp_group *grp, mbedtls_mpi *d,
		    const uint8_t priv[MICA_ATTEST_KEY_SIZE])
{
	return mbedtls_ecp_group_load(grp, MBEDTLS_ECP_DP_SECP384R1) != 0 ||
	       mbedtls_mpi_read_binary(d, priv, MICA_ATTEST_KEY_SIZE) != 0 ||
	       mbedtls_ecp_check_privkey(grp, d) != 0 ? -1 : 0;
}

/* The uncompressed point of priv, blinded by the DRBG. mbedTLS wipes the
 * bignum copy of the key when it frees it. */
static int public_of(struct mica_rmm *ctx,
		     const uint8_t priv[MICA_ATTEST_KEY_SIZE],
		     uint8_t point[MICA_ATTEST_POINT_SIZE])
{
	mbedtls_ecp_group grp;
	mbedtls_mpi d;
	mbedtls_ecp_point q;
	size_t olen = 0;
	int rc = -1;

	mbedtls_ecp_group_init(&grp);
	mbedtls_mpi_init(&d);
	mbedtls_ecp_point_init(&q);
	if (load_key(&grp, &d, priv) == 0 &&
	    mbedtls_ecp_mul(&grp, &q, &d, &grp.G, mbedtls_ctr_drbg_random,
			    drbg_of(ctx)) == 0 &&
	    mbedtls_ecp_point_write_binary(&grp, &q,
					   MBEDTLS_ECP_PF_UNCOMPRESSED, &olen,
					   point, MICA_ATTEST_POINT_SIZE) == 0 &&
	    olen == MICA_ATTEST_POINT_SIZE)
		rc = 0;
	mbedtls_ecp_point_free(&q);
	mbedtls_mpi_free(&d);
	mbedtls_ecp_group_free(&grp);
	return rc;
}

/* Seeds the DRBG from the platform's entropy hook and makes sure the
 * RAK's public key is known: 0, or -1 (then nothing is live). */
static int attest_begin(struct mica_rmm *ctx)
{
	static const uint8_t pers[] = "mica-rmm attestation blinding";
	const struct mica_rmm_attest_platform *ap = ctx->plat->attest;

	if (ap == NULL || ctx->plat->entropy == NULL)
		return -1;
	mbedtls_ctr_drbg_init(drbg_of(ctx));
	if (mbedtls_ctr_drbg_seed(drbg_of(ctx), entropy, ctx, pers,
				  sizeof pers - 1) != 0)
		goto fail;
	if (!ctx->work.rak_ok) {
		if (public_of(ctx, ap->rak, ctx->work.rak_pub) != 0)
			goto fail;
		ctx->work.rak_ok = 1;
	}
	return 0;
fail:
	mbedtls_ctr_drbg_free(drbg_of(ctx));
	mbedtls_platform_zeroize(ctx->work.drbg, sizeof ctx->work.drbg);
	return -1;
}

/* Raw r || s of hash under priv, deterministic (RFC 6979, SHA-384). */
static int sign384(struct mica_rmm *ctx,
		   const uint8_t priv[MICA_ATTEST_KEY_SIZE],
		   const uint8_t hash[HASH384],
		   uint8_t sig[MICA_ATTEST_SIG_SIZE])
{
	mbedtls_ecp_group grp;
	mbedtls_mpi d, r, s;
	int rc = -1;

	mbedtls_ecp_group_init(&grp);
	mbedtls_mpi_init(&d);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	if (load_key(&grp, &d, priv) == 0 &&
	    mbedtls_ecdsa_sign_det_ext(&grp, &r, &s, &d, hash, HASH384,
				       MBEDTLS_MD_SHA384,
				       mbedtls_ctr_drbg_random,
				       drbg_of(ctx)) == 0 &&
	    mbedtls_mpi_write_binary(&r, sig, MICA_ATTEST_SIG_SIZE / 2) == 0 &&
	    mbedtls_mpi_write_binary(&s, sig + MICA_ATTEST_SIG_SIZE / 2,
				     MICA_ATTEST_SIG_SIZE / 2) == 0)
		rc = 0;
	mbedtls_mpi_free(&s);
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&d);
	mbedtls_ecp_group_free(&grp);
	return rc;
}

/* The ES384 protected header {1: -35}. */
static const uint8_t prot_es384[] = { 0xA1, 0x01, 0x38, 0x22 };

/* SHA-384 of the Sig_structure ["Signature1", protected, h'', payload],
 * hashed in pieces so the payload is not copied again. mbedTLS's
 * SHA-512 context writes 64 bytes; SHA-384 is the first 48. */
static int tbs_hash(const uint8_t *payload, size_t n, uint8_t hash[64])
{
	uint8_t head[32];
	struct attest_w w = { head, sizeof head, 0, 0, false };
	mbedtls_sha512_context h;
	int rc;

	mica_rmm_aw_array(&w, 4);
	mica_rmm_aw_tstr(&w, "Signature1");
	mica_rmm_aw_bstr(&w, prot_es384, sizeof prot_es384);
	mica_rmm_aw_bstr(&w, NULL, 0);
	AW(&w, cbor_encode_bytestring_start(n, w.p + w.len, w.cap - w.len));
	if (w.err)
		return -1;
	mbedtls_sha512_init(&h);
	rc = mbedtls_sha512_starts_ret(&h, 1) != 0 ||
	     mbedtls_sha512_update_ret(&h, head, w.len) != 0 ||
	     mbedtls_sha512_update_ret(&h, payload, n) != 0 ||
	     mbedtls_sha512_finish_ret(&h, hash) != 0 ? -1 : 0;
	mbedtls_sha512_free(&h);
	return rc;
}

/* The Sign1 framing before the payload's bstr head: tag 18, array of 4,
 * the protected header as a bstr, the empty unprotected map. */
#define SIGN1_PREFIX (1u + 1u + 1u + sizeof prot_es384 + 1u)
#define BSTR_HEAD_MAX 9u
/* Where the pairs are written first: room for every head before them. */
#define PAIRS_AT (SIGN1_PREFIX + BSTR_HEAD_MAX + MAP_HEAD_MAX)

static size_t sign1(struct mica_rmm *ctx,
		    const uint8_t priv[MICA_ATTEST_KEY_SIZE],
		    attest_claims_fn fn, const void *arg, uint8_t *out,
		    size_t cap)
{
	uint8_t hash[64], sig[MICA_ATTEST_SIG_SIZE], mh[MAP_HEAD_MAX];
	uint8_t bh[BSTR_HEAD_MAX];
	struct attest_w pairs = { out + PAIRS_AT, 0, 0, 0, false };
	struct attest_w head = { mh, sizeof mh, 0, 0, false };
	struct attest_w bw = { bh, sizeof bh, 0, 0, false };
	struct attest_w w = { out, cap, 0, 0, false };
	size_t n, at;

	if (cap <= PAIRS_AT)
		return 0;
	/* In place, no copy of the payload: the pairs first, at PAIRS_AT,
	 * then the heads that count them, and everything moved down
	 * against the framing. */
	pairs.cap = cap - PAIRS_AT;
	fn(&pairs, arg);
	mica_rmm_aw_map(&head, pairs.npairs);
	if (pairs.err || head.err)
		return 0;
	n = head.len + pairs.len;
	AW(&bw, cbor_encode_bytestring_start(n, bw.p, bw.cap));
	if (bw.err)
		return 0;
	at = SIGN1_PREFIX + bw.len;     /* the payload's final place */
	memmove(out + at + head.len, out + PAIRS_AT, pairs.len);
	memcpy(out + at, mh, head.len);
	if (tbs_hash(out + at, n, hash) != 0 || sign384(ctx, priv, hash, sig) != 0)
		return 0;
	aw_tag(&w, TAG_SIGN1);
	mica_rmm_aw_array(&w, 4);
	mica_rmm_aw_bstr(&w, prot_es384, sizeof prot_es384);
	mica_rmm_aw_map(&w, 0);
	if (w.err || w.len != SIGN1_PREFIX)
		return 0;
	memcpy(out + w.len, bh, bw.len);
	w.len = at + n;
	mica_rmm_aw_bstr(&w, sig, sizeof sig);
	return w.err ? 0 : w.len;
}

/* ---- the claims ------------------------------------------------------------ */

static const char *hash_name(unsigned alg)
{
	return alg == MICA_RMI_HASH_SHA512 ? "sha-512" : "sha-256";
}

static void realm_claims(struct attest_w *w, const void *arg)
{
	const struct attest_realm *rt = arg;
	size_t dn = rt->hash_algo == MICA_RMI_HASH_SHA512 ? 64u : 32u;

	mica_rmm_aw_key(w, 10);
	mica_rmm_aw_bstr(w, rt->challenge, MICA_ATTEST_CHALLENGE_SIZE);
	mica_rmm_aw_key(w, 265);
	mica_rmm_aw_tstr(w, "tag:arm.com,2023:realm#1.0.0");
	if (rt->submods)
		rt->submods(w, rt->submods_arg);   /* 266, the group token's */
	mica_rmm_aw_key(w, 44235);
	mica_rmm_aw_bstr(w, rt->rpv, MICA_RMM_RPV_SIZE);
	mica_rmm_aw_key(w, 44236);
	mica_rmm_aw_tstr(w, hash_name(rt->hash_algo));
	mica_rmm_aw_key(w, 44237);
	mica_rmm_aw_bstr(w, rt->rak_pub, MICA_ATTEST_POINT_SIZE);
	mica_rmm_aw_key(w, 44238);
	mica_rmm_aw_bstr(w, rt->meas[0], dn);
	mica_rmm_aw_key(w, 44239);
	mica_rmm_aw_array(w, MICA_RMM_NMEAS - 1);
	for (unsigned i = 1; i < MICA_RMM_NMEAS; i++)
		mica_rmm_aw_bstr(w, rt->meas[i], dn);
	mica_rmm_aw_key(w, 44240);
	mica_rmm_aw_tstr(w, "sha-256");   /* the binding: platform challenge */
	/* The Realm's audit record; negative keys come last, -77102 before
	 * -77103 (their encodings ascend). */
	mica_rmm_aw_key(w, MICA_CLAIM_AUDIT_COUNT);
	mica_rmm_aw_uint(w, rt->audit_count);
	mica_rmm_aw_key(w, MICA_CLAIM_AUDIT_CHAIN);
	mica_rmm_aw_bstr(w, rt->audit_chain, dn);
}

struct platform_arg {
	const struct mica_rmm_attest_platform *ap;
	uint8_t challenge[32];
};

/* Claim 2401: the model platform has no configuration to report. */
static const uint8_t platform_config[4] = { 0 };

static void platform_claims(struct attest_w *w, const void *arg)
{
	const struct platform_arg *pa = arg;
	const struct mica_rmm_attest_platform *ap = pa->ap;

	mica_rmm_aw_key(w, 10);
	mica_rmm_aw_bstr(w, pa->challenge, sizeof pa->challenge);
	mica_rmm_aw_key(w, 256);
	mica_rmm_aw_bstr(w, ap->instance_id, sizeof ap->instance_id);
	mica_rmm_aw_key(w, 265);
	mica_rmm_aw_tstr(w, "tag:arm.com,2023:cca_platform#1.0.0");
	mica_rmm_aw_key(w, 2395);
	mica_rmm_aw_uint(w, ap->lifecycle);
	mica_rmm_aw_key(w, 2396);
	mica_rmm_aw_bstr(w, ap->implementation_id, sizeof ap->implementation_id);
	mica_rmm_aw_key(w, 2399);
	mica_rmm_aw_array(w, 1);
	/* One software component, the RMM: {1 type, 2 measurement,
	 * 4 version, 5 signer ID, 6 measurement description}. */
	mica_rmm_aw_map(w, 5);
	mica_rmm_aw_uint(w, 1);
	mica_rmm_aw_tstr(w, "RMM");
	mica_rmm_aw_uint(w, 2);
	mica_rmm_aw_bstr(w, ap->rmm_measurement, sizeof ap->rmm_measurement);
	mica_rmm_aw_uint(w, 4);
	mica_rmm_aw_tstr(w, "1.0.0");
	mica_rmm_aw_uint(w, 5);
	mica_rmm_aw_bstr(w, ap->rmm_signer_id, sizeof ap->rmm_signer_id);
	mica_rmm_aw_uint(w, 6);
	mica_rmm_aw_tstr(w, "sha-256");
	mica_rmm_aw_key(w, 2400);
	mica_rmm_aw_tstr(w, "urn:mica:model-verifier");
	mica_rmm_aw_key(w, 2401);
	mica_rmm_aw_bstr(w, platform_config, sizeof platform_config);
	mica_rmm_aw_key(w, 2402);
	mica_rmm_aw_tstr(w, "sha-256");
}

/* Writes key: bstr(token) at w, the token built in place by build() at
 * the end of w (room for the longest head first, then moved down). */
static void aw_token(struct attest_w *w, uint64_t key,
		     size_t (*build)(const void *arg, uint8_t *out, size_t cap),
		     const void *arg)
{
	uint8_t bh[BSTR_HEAD_MAX];
	struct attest_w bw = { bh, sizeof bh, 0, 0, false };
	size_t n, at;

	mica_rmm_aw_uint(w, key);
	if (w->err || w->cap - w->len <= BSTR_HEAD_MAX) {
		w->err = true;
		return;
	}
	at = w->len + BSTR_HEAD_MAX;
	n = build(arg, w->p + at, w->cap - at);
	AW(&bw, cbor_encode_bytestring_start(n, bw.p, bw.cap));
	if (n == 0 || bw.err) {
		w->err = true;
		return;
	}
	memmove(w->p + w->len + bw.len, w->p + at, n);
	memcpy(w->p + w->len, bh, bw.len);
	w->len += bw.len + n;
}

struct cca_arg {
	struct mica_rmm *ctx;
	const struct mica_rmm_attest_platform *ap;
	struct attest_realm *rt;
	struct platform_arg pa;
};

static size_t build_platform(const void *arg, uint8_t *out, size_t cap)
{
	const struct cca_arg *a = arg;

	return sign1(a->ctx, a->ap->platform_key, platform_claims, &a->pa,
		     out, cap);
}

static size_t build_realm(const void *arg, uint8_t *out, size_t cap)
{
	const struct cca_arg *a = arg;

	return sign1(a->ctx, a->ap->rak, realm_claims, a->rt, out, cap);
}

size_t mica_rmm_attest_cca_token(struct mica_rmm *ctx, struct attest_realm *rt,
				 uint8_t *out, size_t cap)
{
	const struct mica_rmm_attest_platform *ap = ctx->plat->attest;
	struct cca_arg a = { ctx, ap, rt, { ap, { 0 } } };
	struct attest_w w = { out, cap, 0, 0, false };

	if (attest_begin(ctx) != 0)
		return 0;
	/* The platform challenge is SHA-256 (claim 44240) of claim 44237's
	 * bytes, the raw point, exactly as the realm token carries them. So
	 * the platform token (first in key order) needs only the RAK. */
	memcpy(rt->rak_pub, ctx->work.rak_pub, MICA_ATTEST_POINT_SIZE);
	if (mbedtls_sha256_ret(rt->rak_pub, MICA_ATTEST_POINT_SIZE,
			       a.pa.challenge, 0) != 0) {
		w.err = true;
	} else {
		aw_tag(&w, TAG_CCA);
		mica_rmm_aw_map(&w, 2);
		aw_token(&w, 44234, build_platform, &a);
		aw_token(&w, 44241, build_realm, &a);
	}
	/* No DRBG state outlives the token: freed, and the storage wiped
	 * where the compiler cannot drop it. */
	mbedtls_ctr_drbg_free(drbg_of(ctx));
	mbedtls_platform_zeroize(ctx->work.drbg, sizeof ctx->work.drbg);
	return w.err ? 0 : w.len;
}
