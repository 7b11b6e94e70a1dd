/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bind.c -- the policy descriptor and the RIM extension (mica/wire/bind.h).
 *
 * Freestanding: compiled both into micac and into the RMM module, so it
 * uses no heap, no stdio and no string functions, only mbedTLS's hashes.
 */
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>

#include "mica/wire/bind.h"
#include "mica/wire/bytes.h"

size_t mica_bind_digest_size(unsigned alg)
{
	return alg == MICA_BIND_SHA256 ? 32u
	     : alg == MICA_BIND_SHA512 ? 64u : 0u;
}

int mica_bind_hash(unsigned alg, const void *data, size_t len,
		   uint8_t *out)
{
	/* The _ret names are mbedTLS 2.28's; 3.x renamed them. */
	if (alg == MICA_BIND_SHA256)
		return mbedtls_sha256_ret(data, len, out, 0) == 0 ? 0 : -1;
	if (alg == MICA_BIND_SHA512)
		return mbedtls_sha512_ret(data, len, out, 0) == 0 ? 0 : -1;
	return -1;
}

int mica_bind_descriptor(uint8_t desc[MICA_BIND_DESC_SIZE], unsigned alg,
			 const uint8_t *rim, const uint8_t *blob_digest,
			 uint64_t blob_len)
{
	size_t n = mica_bind_digest_size(alg), i;

	if (n == 0)
		return -1;
	/* Zero everything first: padding and reserved bytes are part of the
	 * hashed record, so they must never carry stale memory. */
	for (i = 0; i < MICA_BIND_DESC_SIZE; i++)
		desc[i] = 0;
	desc[0x00] = MICA_BIND_DESC_TYPE;
	mica_st64(desc + 0x08, MICA_BIND_DESC_SIZE);
	for (i = 0; i < n; i++) {
		desc[0x10 + i] = rim[i];
		desc[0x50 + i] = blob_digest[i];
	}
	mica_st64(desc + 0x90, blob_len);
	/* 0x98 flags and 0xA0..0xFF stay zero in this version. */
	return 0;
}

int mica_bind_rim(unsigned alg, const uint8_t *rim, const uint8_t *blob,
		  size_t blob_len, uint8_t *rim_out)
{
	uint8_t digest[MICA_BIND_DIGEST_MAX];
	uint8_t desc[MICA_BIND_DESC_SIZE];
	uint8_t out[MICA_BIND_DIGEST_MAX];
	size_t n = mica_bind_digest_size(alg), i;

	if (n == 0 || mica_bind_hash(alg, blob, blob_len, digest) != 0 ||
	    mica_bind_descriptor(desc, alg, rim, digest, blob_len) != 0 ||
	    mica_bind_hash(alg, desc, sizeof desc, out) != 0)
		return -1;
	for (i = 0; i < n; i++)
		rim_out[i] = out[i];
	return 0;
}
