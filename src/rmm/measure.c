/*
 * measure.c -- RIM and REM computations (layouts in mica/rmm.h).
 *
 * Every function computes into a local buffer and copies the result out
 * only when all hashes succeeded, so a failure changes nothing.
 */
#include <string.h>

#include "mica/wire/bind.h"
#include "rmm_int.h"

/* desc = the common head of a measurement descriptor. */
static void desc_head(uint8_t desc[MICA_MEAS_DESC_SIZE], unsigned type,
		      unsigned alg, const uint8_t *rim)
{
	memset(desc, 0, MICA_MEAS_DESC_SIZE);
	desc[0x00] = (uint8_t)type;
	mica_rmm_st64(desc + 0x08, MICA_MEAS_DESC_SIZE);
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
	uint8_t page[GRANULE];
	uint8_t out[MICA_RMM_DIGEST_MAX];

	/* The page with the per-instance fields zeroed: rpv, vmid, rtt_base,
	 * rtt_level_start, rtt_num_start. Reserved bytes are zero already
	 * (REALM_CREATE refuses anything else). */
	memcpy(page, params, GRANULE);
	memset(page + MICA_RP_RPV, 0, MICA_RMM_RPV_SIZE);
	memset(page + MICA_RP_VMID, 0, GRANULE - MICA_RP_VMID);
	if (mica_bind_hash(alg, page, GRANULE, out) != 0)
		return -1;
	memcpy(rim, out, mica_bind_digest_size(alg));
	return 0;
}

int mica_rmm_meas_data(unsigned alg, uint8_t *rim, unsigned long ipa,
	      unsigned long flags, const uint8_t *content)
{
	uint8_t desc[MICA_MEAS_DESC_SIZE];

	desc_head(desc, MICA_MEAS_DESC_DATA, alg, rim);
	mica_rmm_st64(desc + 0x50, ipa);
	mica_rmm_st64(desc + 0x58, flags);
	if (content != NULL &&
	    mica_bind_hash(alg, content, GRANULE, desc + 0x60) != 0)
		return -1;
	return desc_extend(alg, rim, desc);
}

int mica_rmm_meas_rec(unsigned alg, uint8_t *rim, const uint8_t params[GRANULE])
{
	uint8_t page[GRANULE];
	uint8_t desc[MICA_MEAS_DESC_SIZE];

	/* Measured: flags, pc, gprs. Not: mpidr, num_aux, aux. */
	memcpy(page, params, GRANULE);
	memset(page + MICA_RECP_MPIDR, 0, 8);
	memset(page + MICA_RECP_NUM_AUX, 0, GRANULE - MICA_RECP_NUM_AUX);
	desc_head(desc, MICA_MEAS_DESC_REC, alg, rim);
	if (mica_bind_hash(alg, page, GRANULE, desc + 0x50) != 0)
		return -1;
	return desc_extend(alg, rim, desc);
}

int mica_rmm_meas_ripas(unsigned alg, uint8_t *rim, unsigned long base,
	       unsigned long top)
{
	uint8_t desc[MICA_MEAS_DESC_SIZE];

	desc_head(desc, MICA_MEAS_DESC_RIPAS, alg, rim);
	mica_rmm_st64(desc + 0x50, base);
	mica_rmm_st64(desc + 0x58, top);
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
