/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bind.h -- how a Realm's policy blob is bound into its RIM.
 *
 * At REALM_ACTIVATE the RMM extends the Realm's RIM one last time with a
 * policy descriptor, in the style of the RMM's measurement descriptors
 * for DATA_CREATE and REC_CREATE (RmiMeasurementDescriptorData/Rec): a
 * fixed 256-byte little-endian record holding the previous RIM and the
 * digest of the blob, hashed with the Realm's measurement algorithm:
 *
 *   RIM' = H(descriptor)
 *
 * Layout (man/mica-blob.5, "MEASUREMENT BINDING"):
 *
 *   0x00  1   desc_type   0x4D ('M'), outside the RMM's 0x0..0x2
 *   0x01  7   reserved, zero
 *   0x08  8   len         256
 *   0x10  64  rim         RIM before binding; SHA-256 fills the first
 *                         32 bytes, the rest is zero
 *   0x50  64  blob_digest H(blob), zero-padded the same way
 *   0x90  8   blob_len    bytes in the blob
 *   0x98  8   flags       zero (reserved)
 *   0xA0  96  reserved, zero
 *
 * This file and bind.c are shared by micac (to compute the verifier's
 * reference RIMs) and by the freestanding RMM module: no heap, no stdio,
 * nothing of ours; hashing calls mbedTLS directly.
 */
#ifndef MICA_BIND_H
#define MICA_BIND_H

#include <stddef.h>
#include <stdint.h>

#define MICA_BIND_DESC_SIZE 256u
#define MICA_BIND_DESC_TYPE 0x4Du
#define MICA_BIND_DIGEST_MAX 64u

/* The RMI's encoding of RmiRealmParams.hash_algo, which is also the
 * blob's and mica_hash_alg's. */
#define MICA_BIND_SHA256 0u
#define MICA_BIND_SHA512 1u

/* Digest size of alg in bytes, or 0 when alg is unknown. */
size_t mica_bind_digest_size(unsigned alg);

/* H(data) with alg into out (mica_bind_digest_size(alg) bytes).
 * Returns 0, or -1 when alg is unknown or the hash failed. */
int mica_bind_hash(unsigned alg, const void *data, size_t len,
		   uint8_t *out);

/* Fills desc with the descriptor for a blob of blob_len bytes with digest
 * blob_digest, extending rim (both mica_bind_digest_size(alg) bytes).
 * Returns 0, or -1 when alg is unknown. */
int mica_bind_descriptor(uint8_t desc[MICA_BIND_DESC_SIZE], unsigned alg,
			 const uint8_t *rim, const uint8_t *blob_digest,
			 uint64_t blob_len);

/* rim_out = H(descriptor(rim, H(blob), blob_len)): the RIM after binding.
 * rim_out may alias rim. Returns 0, or -1 when alg is unknown or a hash
 * failed (rim_out then unchanged). */
int mica_bind_rim(unsigned alg, const uint8_t *rim, const uint8_t *blob,
		  size_t blob_len, uint8_t *rim_out);

#endif
