/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * crypto.h -- the session between the tenant and a Realm it talks to:
 * ECDH on P-256, HKDF-SHA-256 and AES-256-GCM (crypto.c). Both ends use it:
 * the tenant (tenant.c, results.c) and the endpoint inside the Realm
 * (endpoint.c).
 */
#ifndef MICA_FVP_CRYPTO_H
#define MICA_FVP_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define FVP_PUB_SIZE 65u            /* uncompressed P-256 point */
#define FVP_KEY_SIZE 32u            /* AES-256 */
#define FVP_SEAL_OVERHEAD 28u       /* iv 12 + tag 16 */

struct fvp_ecdh;
/* A P-256 key pair drawn deterministically from seed; pub out. */
struct fvp_ecdh *fvp_ecdh_new(const void *seed, size_t n,
			      uint8_t pub[FVP_PUB_SIZE]);
void fvp_ecdh_free(struct fvp_ecdh *k);
/* HKDF-SHA-256(salt, ECDH(k, peer)) into key: 0 or -1. */
int fvp_ecdh_session(struct fvp_ecdh *k, const uint8_t peer[FVP_PUB_SIZE],
		     const uint8_t *salt, size_t saltlen,
		     uint8_t key[FVP_KEY_SIZE]);
/* The token challenge that binds the session to the attestation:
 * SHA-512(nonce || tenant key || realm key). Both ends compute it. */
void fvp_challenge(const uint8_t nonce[32],
		   const uint8_t tenant[FVP_PUB_SIZE],
		   const uint8_t realm[FVP_PUB_SIZE], uint8_t out[64]);
/* AES-256-GCM: out gets n + FVP_SEAL_OVERHEAD bytes. */
int fvp_seal(const uint8_t key[FVP_KEY_SIZE], uint64_t counter,
	     const uint8_t *in, size_t n, uint8_t *out);
/* 0 with *outlen bytes in out, or -1 when the tag does not verify. */
int fvp_open(const uint8_t key[FVP_KEY_SIZE], const uint8_t *in, size_t n,
	     uint8_t *out, size_t *outlen);

#endif
