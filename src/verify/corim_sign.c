/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * corim_sign.c -- ECDSA signing with mbedTLS, for signed CoRIMs
 * (COSE_Sign1) and signed EAT Attestation Results (JWS).
 *
 * Signatures are deterministic (RFC 6979): the same key and payload give
 * the same bytes, so micac compile --sign-key keeps its outputs
 * reproducible. The random generator below only blinds the computation
 * against side channels; it never changes the result. The COSE_Sign1 is
 * written by cose.c's encoder, over cose.c's Sig_structure: the bytes
 * signed here are the bytes mica_sign1_verify checks.
 */
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/entropy.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>

#include "corim.h"
#include "verify.h"

struct mica_sign_key {
	mbedtls_pk_context pk;
	int alg;               /* MICA_COSE_ES256 or MICA_COSE_ES384 */
};

mica_sign_key *mica_sign_key_parse(const uint8_t *buf, size_t len,
				   char *err, size_t errlen)
{
	mica_sign_key *k = calloc(1, sizeof *k);
	uint8_t *z;
	int rc;

	if (!k) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	/* mbedtls_pk_parse_key wants PEM NUL-terminated, counted in len. */
	z = malloc(len + 1);
	if (!z) {
		free(k);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	memcpy(z, buf, len);
	z[len] = '\0';
	mbedtls_pk_init(&k->pk);
	rc = mbedtls_pk_parse_key(&k->pk, z, len + 1, NULL, 0);
	if (rc != 0)   /* DER has no terminator to count */
		rc = mbedtls_pk_parse_key(&k->pk, z, len, NULL, 0);
	mbedtls_platform_zeroize(z, len + 1);
	free(z);
	if (rc != 0) {
		snprintf(err, errlen, "not a private key (PEM or DER, "
			 "unencrypted)");
		goto fail;
	}
	if (!mbedtls_pk_can_do(&k->pk, MBEDTLS_PK_ECKEY)) {
		snprintf(err, errlen, "not an EC private key");
		goto fail;
	}
	switch (mbedtls_pk_ec(k->pk)->grp.id) {
	case MBEDTLS_ECP_DP_SECP256R1:
		k->alg = MICA_COSE_ES256;
		break;
	case MBEDTLS_ECP_DP_SECP384R1:
		k->alg = MICA_COSE_ES384;
		break;
	default:
		snprintf(err, errlen, "the key is not on P-256 or P-384");
		goto fail;
	}
	return k;
fail:
	mbedtls_pk_free(&k->pk);
	free(k);
	return NULL;
}

void mica_sign_key_free(mica_sign_key *k)
{
	if (!k)
		return;
	mbedtls_pk_free(&k->pk);
	free(k);
}

int mica_sign_key_alg(const mica_sign_key *k)
{
	return k->alg;
}

size_t mica_sign_raw(const mica_sign_key *k, const uint8_t *msg, size_t n,
		     uint8_t *sig, size_t cap)
{
	mbedtls_ecp_keypair *ec = mbedtls_pk_ec(k->pk);
	int es256 = k->alg == MICA_COSE_ES256;
	size_t half = es256 ? 32 : 48, out = 0;
	uint8_t hash[48];
	mbedtls_entropy_context ent;
	mbedtls_ctr_drbg_context drbg;
	mbedtls_mpi r, s;

	if (cap < 2 * half || mica_vhash_once(es256 ? MICA_VH_SHA256
					      : MICA_VH_SHA384, msg, n, hash))
		return 0;
	mbedtls_entropy_init(&ent);
	mbedtls_ctr_drbg_init(&drbg);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	if (mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &ent,
				  (const unsigned char *)"mica-sign", 9) == 0 &&
	    mbedtls_ecdsa_sign_det_ext(&ec->grp, &r, &s, &ec->d, hash, half,
				       es256 ? MBEDTLS_MD_SHA256
				       : MBEDTLS_MD_SHA384,
				       mbedtls_ctr_drbg_random, &drbg) == 0 &&
	    mbedtls_mpi_write_binary(&r, sig, half) == 0 &&
	    mbedtls_mpi_write_binary(&s, sig + half, half) == 0)
		out = 2 * half;
	mbedtls_mpi_free(&s);
	mbedtls_mpi_free(&r);
	mbedtls_ctr_drbg_free(&drbg);
	mbedtls_entropy_free(&ent);
	return out;
}

/* Appends a head, or a head and its bytes, to b (room checked). */
static size_t head(uint8_t *b, size_t at, size_t cap, unsigned major,
		   uint64_t arg, const void *p, size_t n)
{
	uint8_t h[9];
	size_t hn = mica_cbor_put_head(h, major, arg);

	if (at > cap || hn + n > cap - at)
		return cap + 1;
	memcpy(b + at, h, hn);
	if (n)
		memcpy(b + at + hn, p, n);
	return at + hn + n;
}

int mica_corim_sign(const mica_sign_key *k, const char *signer,
		    const uint8_t *payload, size_t n, uint8_t **out,
		    size_t *outlen, char *err, size_t errlen)
{
	static const char ct[] = MICA_CORIM_CONTENT_TYPE;
	static const uint8_t empty_map = 0xa0;
	uint8_t meta[300], ph[400], sig[96];
	size_t sl = strlen(signer), m = 0, p = 0, tl, len;
	uint8_t *tbs;
	mica_sign1 s;

	/* corim-meta {0: signer-map {0: name}}, deterministic. */
	m = head(meta, m, sizeof meta, MICA_CBOR_MAP, 1, NULL, 0);
	m = head(meta, m, sizeof meta, MICA_CBOR_UINT, 0, NULL, 0);
	m = head(meta, m, sizeof meta, MICA_CBOR_MAP, 1, NULL, 0);
	m = head(meta, m, sizeof meta, MICA_CBOR_UINT, 0, NULL, 0);
	m = head(meta, m, sizeof meta, MICA_CBOR_TSTR, sl, signer, sl);
	/* {1: alg, 3: content type, 8: << corim-meta >>} */
	p = head(ph, p, sizeof ph, MICA_CBOR_MAP, 3, NULL, 0);
	p = head(ph, p, sizeof ph, MICA_CBOR_UINT, 1, NULL, 0);
	p = head(ph, p, sizeof ph, MICA_CBOR_NINT, (uint64_t)(-1 - k->alg),
		 NULL, 0);
	p = head(ph, p, sizeof ph, MICA_CBOR_UINT, 3, NULL, 0);
	p = head(ph, p, sizeof ph, MICA_CBOR_TSTR, sizeof ct - 1, ct,
		 sizeof ct - 1);
	p = head(ph, p, sizeof ph, MICA_CBOR_UINT, 8, NULL, 0);
	if (m > sizeof meta) {
		snprintf(err, errlen, "the signer's name is too long");
		return -1;
	}
	p = head(ph, p, sizeof ph, MICA_CBOR_BSTR, m, meta, m);
	if (p > sizeof ph) {
		snprintf(err, errlen, "the signer's name is too long");
		return -1;
	}
	memset(&s, 0, sizeof s);
	s.protected_hdr = (mica_bytes){ ph, p };
	s.unprotected = (mica_bytes){ &empty_map, 1 };
	s.payload = (mica_bytes){ payload, n };
	s.alg = k->alg;
	tl = mica_sign1_tbs(&s, NULL, 0, NULL, 0);
	tbs = malloc(tl);
	if (!tbs) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	mica_sign1_tbs(&s, NULL, 0, tbs, tl);
	s.signature.n = mica_sign_raw(k, tbs, tl, sig, sizeof sig);
	s.signature.p = sig;
	free(tbs);
	if (s.signature.n == 0) {
		snprintf(err, errlen, "signing failed");
		return -1;
	}
	len = mica_sign1_encode(&s, NULL, 0);
	*out = malloc(len);
	if (!*out) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	mica_sign1_encode(&s, *out, len);
	*outlen = len;
	return 0;
}
