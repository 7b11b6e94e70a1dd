/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * crypto.c -- the session between the tenant and the entry Realm
 * (crypto.h): ECDH on P-256, HKDF-SHA-256 and AES-256-GCM from mbedTLS.
 *
 * Key pairs come from HMAC_DRBG seeded with a caller's seed, so a run is
 * reproducible byte for byte; on a real platform the Realm would seed
 * from its TRNG. Nothing here is secret from the model, only from the
 * host, which sees nothing but public keys and ciphertext.
 */
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ecdh.h>
#include <mbedtls/gcm.h>
#include <mbedtls/hkdf.h>
#include <mbedtls/hmac_drbg.h>
#include <mbedtls/sha512.h>

#include "crypto.h"

struct fvp_ecdh {
	mbedtls_ecp_group grp;
	mbedtls_mpi d;
	mbedtls_ecp_point q;
	mbedtls_hmac_drbg_context drbg;
};

static const mbedtls_md_info_t *sha256(void)
{
	return mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
}

struct fvp_ecdh *fvp_ecdh_new(const void *seed, size_t n,
			      uint8_t pub[FVP_PUB_SIZE])
{
	struct fvp_ecdh *k = calloc(1, sizeof *k);
	size_t olen;

	if (k == NULL)
		return NULL;
	mbedtls_ecp_group_init(&k->grp);
	mbedtls_mpi_init(&k->d);
	mbedtls_ecp_point_init(&k->q);
	mbedtls_hmac_drbg_init(&k->drbg);
	if (mbedtls_hmac_drbg_seed_buf(&k->drbg, sha256(), seed, n) != 0 ||
	    mbedtls_ecp_group_load(&k->grp, MBEDTLS_ECP_DP_SECP256R1) != 0 ||
	    mbedtls_ecp_gen_keypair(&k->grp, &k->d, &k->q,
				    mbedtls_hmac_drbg_random, &k->drbg) != 0 ||
	    mbedtls_ecp_point_write_binary(&k->grp, &k->q,
					   MBEDTLS_ECP_PF_UNCOMPRESSED, &olen,
					   pub, FVP_PUB_SIZE) != 0 ||
	    olen != FVP_PUB_SIZE) {
		fvp_ecdh_free(k);
		return NULL;
	}
	return k;
}

void fvp_ecdh_free(struct fvp_ecdh *k)
{
	if (k == NULL)
		return;
	mbedtls_ecp_group_free(&k->grp);
	mbedtls_mpi_free(&k->d);
	mbedtls_ecp_point_free(&k->q);
	mbedtls_hmac_drbg_free(&k->drbg);
	free(k);
}

int fvp_ecdh_session(struct fvp_ecdh *k, const uint8_t peer[FVP_PUB_SIZE],
		     const uint8_t *salt, size_t saltlen,
		     uint8_t key[FVP_KEY_SIZE])
{
	static const char info[] = "mica-fvp session key";
	mbedtls_ecp_point p;
	mbedtls_mpi z;
	uint8_t zb[32];
	int rc;

	mbedtls_ecp_point_init(&p);
	mbedtls_mpi_init(&z);
	rc = mbedtls_ecp_point_read_binary(&k->grp, &p, peer, FVP_PUB_SIZE) ||
	     mbedtls_ecp_check_pubkey(&k->grp, &p) ||
	     mbedtls_ecdh_compute_shared(&k->grp, &z, &p, &k->d,
					 mbedtls_hmac_drbg_random, &k->drbg) ||
	     mbedtls_mpi_write_binary(&z, zb, sizeof zb) ||
	     mbedtls_hkdf(sha256(), salt, saltlen, zb, sizeof zb,
			  (const uint8_t *)info, sizeof info - 1, key,
			  FVP_KEY_SIZE);
	mbedtls_ecp_point_free(&p);
	mbedtls_mpi_free(&z);
	memset(zb, 0, sizeof zb);
	return rc ? -1 : 0;
}

void fvp_challenge(const uint8_t nonce[32],
		   const uint8_t tenant[FVP_PUB_SIZE],
		   const uint8_t realm[FVP_PUB_SIZE], uint8_t out[64])
{
	mbedtls_sha512_context h;

	mbedtls_sha512_init(&h);
	mbedtls_sha512_starts_ret(&h, 0);
	mbedtls_sha512_update_ret(&h, nonce, 32);
	mbedtls_sha512_update_ret(&h, tenant, FVP_PUB_SIZE);
	mbedtls_sha512_update_ret(&h, realm, FVP_PUB_SIZE);
	mbedtls_sha512_finish_ret(&h, out);
	mbedtls_sha512_free(&h);
}

/* out = iv (12) || ciphertext || tag (16); the iv is the counter. */
int fvp_seal(const uint8_t key[FVP_KEY_SIZE], uint64_t counter,
	     const uint8_t *in, size_t n, uint8_t *out)
{
	mbedtls_gcm_context g;
	int rc;

	memset(out, 0, 12);
	for (unsigned i = 0; i < 8; i++)
		out[4 + i] = (uint8_t)(counter >> (56 - 8 * i));
	mbedtls_gcm_init(&g);
	rc = mbedtls_gcm_setkey(&g, MBEDTLS_CIPHER_ID_AES, key, 256) ||
	     mbedtls_gcm_crypt_and_tag(&g, MBEDTLS_GCM_ENCRYPT, n, out, 12,
				       NULL, 0, in, out + 12, 16, out + 12 + n);
	mbedtls_gcm_free(&g);
	return rc ? -1 : 0;
}

int fvp_open(const uint8_t key[FVP_KEY_SIZE], const uint8_t *in, size_t n,
	     uint8_t *out, size_t *outlen)
{
	mbedtls_gcm_context g;
	int rc;

	if (n < FVP_SEAL_OVERHEAD)
		return -1;
	*outlen = n - FVP_SEAL_OVERHEAD;
	mbedtls_gcm_init(&g);
	rc = mbedtls_gcm_setkey(&g, MBEDTLS_CIPHER_ID_AES, key, 256) ||
	     mbedtls_gcm_auth_decrypt(&g, *outlen, in, 12, NULL, 0,
				      in + 12 + *outlen, 16, in + 12, out);
	mbedtls_gcm_free(&g);
	return rc ? -1 : 0;
}
