/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tkey.h -- the test platform's public key as the verifier takes keys:
 * PEM text (written with mbedtls_pk_write_pubkey_pem from the fixed test
 * scalar in tplat.c), and that PEM parsed by the verifier. For the
 * attestation tests, which link the verifier; tplat.c does not, since
 * the AArch64 build links it into tests without the verifier.
 */
#ifndef MICA_TESTS_TKEY_H
#define MICA_TESTS_TKEY_H

#include <check.h>
#include <string.h>
#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>

#include "mica/token.h"
#include "tplat.h"

static inline void tkey_platform_pem(unsigned char pem[1024])
{
	mbedtls_pk_context pk;
	mbedtls_ecp_keypair *kp;

	mbedtls_pk_init(&pk);
	ck_assert_int_eq(mbedtls_pk_setup(&pk, mbedtls_pk_info_from_type(
						     MBEDTLS_PK_ECKEY)), 0);
	kp = mbedtls_pk_ec(pk);
	ck_assert_int_eq(mbedtls_ecp_group_load(&kp->grp,
						MBEDTLS_ECP_DP_SECP384R1), 0);
	ck_assert_int_eq(mbedtls_mpi_read_binary(&kp->d,
			tp_attest_keys.platform_key, 48), 0);
	ck_assert_int_eq(mbedtls_ecp_mul(&kp->grp, &kp->Q, &kp->d, &kp->grp.G,
					 NULL, NULL), 0);
	ck_assert_int_eq(mbedtls_pk_write_pubkey_pem(&pk, pem, 1024), 0);
	mbedtls_pk_free(&pk);
	ck_assert(strstr((char *)pem, "-----BEGIN PUBLIC KEY-----") != NULL);
}

static inline mica_ec_key tkey_platform(void)
{
	unsigned char pem[1024];
	mica_ec_key key;
	mica_verdict v;

	tkey_platform_pem(pem);
	ck_assert_int_eq(mica_key_parse(pem, strlen((char *)pem), &key, &v), 0);
	return key;
}

#endif
