/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * measure.c -- RIM and REM computations (layouts in mica/rmm.h).
 *
 * Every function computes into a local buffer and copies the result out
 * only when all hashes succeeded, so a failure changes nothing.
 */
#include <string.h>

#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>

#include "mica/wire/bind.h"
#include "rmm_int.h"

/* H(page) with the bytes of [zero[i][0], zero[i][1]) read as zeros
 * (ranges sorted, disjoint, inside the page), hashed in pieces so the
 * page is never copied: out gets the digest of alg. 0 or -1. */
static int hash_masked(unsigned alg, const uint8_t page[GRANULE],
		       const uint16_t (*zero)[2], unsigned nzero, uint8_t *out)
{
	static const uint8_t zeros[256];
	union {
		mbedtls_sha256_context s256;
		mbedtls_sha512_context s512;
	} h;
	size_t at = 0;
	int rc = 0;

	if (alg == MICA_RMI_HASH_SHA256) {
		mbedtls_sha256_init(&h.s256);
		rc = mbedtls_sha256_starts_ret(&h.s256, 0);
	} else if (alg == MICA_RMI_HASH_SHA512) {
		mbedtls_sha512_init(&h.s512);
		rc = mbedtls_sha512_starts_ret(&h.s512, 0);
	} else {
		return -1;
	}
	/* At most nzero + 1 pieces of the page and GRANULE / 256 of zeros. */
	for (unsigned i = 0; rc == 0 && i <= nzero; i++) {
		size_t end = i < nzero ? zero[i][0] : GRANULE;
		size_t zend = i < nzero ? zero[i][1] : GRANULE;

		for (; rc == 0 && at < zend; ) {
			const uint8_t *p = at < end ? page + at : zeros;
			size_t n = at < end ? end - at
				 : (zend - at < sizeof zeros ? zend - at : sizeof zeros);

			rc = alg == MICA_RMI_HASH_SHA256
				     ? mbedtls_sha256_update_ret(&h.s256, p, n)
				     : mbedtls_sha512_update_ret(&h.s512, p, n);
			at += n;
		}
	}
	if (alg == MICA_RMI_HASH_SHA256) {
		if (rc == 0)
			rc = mbedtls_sha256_finish_ret(&h.s256, out);
		mbedtls_sha256_free(&h.s256);
	} else {
		if (rc == 0)
			rc = mbedtls_sha512_finish_ret(&h.s512, out);
		mbedtls_sha512_free(&h.s512);
	}
	return rc == 0 ? 0 : -1;
}

/* desc = the common head of a measurement descriptor. */
static void desc_head(uint8_t desc[MICA_MEAS_DESC_SIZE], unsigned type,
		      unsigned alg, const uint8_t *rim)
{
	memset(desc, 0, MICA_MEAS_DESC_SIZE);
	desc[0x00] = (uint8_t)type;
	mica_st64(desc + 0x08, MICA_MEAS_DESC_SIZE);
	memcpy(desc + 0x10, rim, mica_bind_digest_size(alg));
}

/* rim = H(desc). */
static int desc_extend(unsigned alg, uint8_t *rim,
		       const uint8_t desc[MICA_MEAS_DESC_SIZE])
{
	uint8_t out[MICA_RMM_DIGEST_MAX];

	if (mica_bind_hash(alg, desc, MICA_MEAS_DESC_SIZE, out) != 0)
		return -1;
	memcpy(rim, out, mica_bind_digest_size(alg));
	return 0;
}

int mica_rmm_meas_rim_init(unsigned alg, const uint8_t params[GRANULE], uint8_t *rim)
{
	/* The page with the per-instance fields zeroed: rpv, vmid, rtt_base,
	 * rtt_level_start, rtt_num_start. Reserved bytes are zero already
	 * (REALM_CREATE refuses anything else). */
	static const uint16_t zero[2][2] = {
		{ MICA_RP_RPV, MICA_RP_RPV + MICA_RMM_RPV_SIZE },
		{ MICA_RP_VMID, GRANULE },
	};
	uint8_t out[MICA_RMM_DIGEST_MAX];

	_Static_assert(MICA_RP_RPV + MICA_RMM_RPV_SIZE <= MICA_RP_VMID,
		       "sorted, disjoint");
	if (hash_masked(alg, params, zero, 2, out) != 0)
		return -1;
	memcpy(rim, out, mica_bind_digest_size(alg));
	return 0;
}

int mica_rmm_meas_data(unsigned alg, uint8_t *rim, unsigned long ipa,
	      unsigned long flags, const uint8_t *content)
{
	uint8_t desc[MICA_MEAS_DESC_SIZE];

	desc_head(desc, MICA_MEAS_DESC_DATA, alg, rim);
	mica_st64(desc + 0x50, ipa);
	mica_st64(desc + 0x58, flags);
	if (content != NULL &&
	    mica_bind_hash(alg, content, GRANULE, desc + 0x60) != 0)
		return -1;
	return desc_extend(alg, rim, desc);
}

int mica_rmm_meas_rec(unsigned alg, uint8_t *rim, const uint8_t params[GRANULE])
{
	/* Measured: flags, pc, gprs. Not: mpidr, num_aux, aux. */
	static const uint16_t zero[2][2] = {
		{ MICA_RECP_MPIDR, MICA_RECP_MPIDR + 8 },
		{ MICA_RECP_NUM_AUX, GRANULE },
	};
	uint8_t desc[MICA_MEAS_DESC_SIZE];

	_Static_assert(MICA_RECP_MPIDR + 8 <= MICA_RECP_NUM_AUX,
		       "sorted, disjoint");
	desc_head(desc, MICA_MEAS_DESC_REC, alg, rim);
	if (hash_masked(alg, params, zero, 2, desc + 0x50) != 0)
		return -1;
	return desc_extend(alg, rim, desc);
}

int mica_rmm_meas_ripas(unsigned alg, uint8_t *rim, unsigned long base,
	       unsigned long top)
{
	uint8_t desc[MICA_MEAS_DESC_SIZE];

	desc_head(desc, MICA_MEAS_DESC_RIPAS, alg, rim);
	mica_st64(desc + 0x50, base);
	mica_st64(desc + 0x58, top);
	return desc_extend(alg, rim, desc);
}

int mica_rmm_meas_extend(unsigned alg, uint8_t *rem, const uint8_t *data, size_t size)
{
	uint8_t buf[2 * MICA_RMM_DIGEST_MAX];
	uint8_t out[MICA_RMM_DIGEST_MAX];
	size_t n = mica_bind_digest_size(alg);

	if (n == 0 || size > MICA_RMM_DIGEST_MAX)
		return -1;
	memcpy(buf, rem, n);
	memcpy(buf + n, data, size);
	if (mica_bind_hash(alg, buf, n + size, out) != 0)
		return -1;
	memcpy(rem, out, n);
	return 0;
}
