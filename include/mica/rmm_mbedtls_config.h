/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rmm_mbedtls_config.h -- the mbedTLS 2.28 configuration of a firmware
 * build of the RMM module (man/mica-rmm.7, "mbedTLS"): pass
 * -DMBEDTLS_CONFIG_FILE='"mica/rmm_mbedtls_config.h"' to every file of
 * mbedTLS and of the module. scripts/rmm-aarch64.sh builds Debian's
 * mbedTLS source with it and links the module against that build.
 *
 * Only what the module calls: SHA-256/512 (measurements, the RIM
 * binding), bignums, ECP on P-384 and deterministic ECDSA (RFC 6979,
 * through HMAC_DRBG and MD) for attestation tokens, and CTR_DRBG (AES)
 * for the signatures' blinding. No file I/O, no threading, no self
 * tests, no entropy module (the platform's entropy hook seeds the DRBG),
 * no time, no network, no standard library defaults: memory comes from
 * the static buffer allocator (MBEDTLS_MEMORY_BUFFER_ALLOC_C), which the
 * firmware hands a buffer with mbedtls_memory_buffer_alloc_init() before
 * the first RMI call, as TF-RMM does.
 */
#ifndef MICA_RMM_MBEDTLS_CONFIG_H
#define MICA_RMM_MBEDTLS_CONFIG_H

/* System support: none of libc beyond mem*, str*. */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
/* The allocator's fatal-error exit goes through a pointer the firmware
 * sets (mbedtls_platform_set_exit: its panic), not libc's exit. */
#define MBEDTLS_PLATFORM_EXIT_ALT
/* No 128-bit division: no compiler helper from libgcc. */
#define MBEDTLS_NO_UDBL_DIVISION
/* Not defined, on purpose: MBEDTLS_FS_IO, MBEDTLS_THREADING_C,
 * MBEDTLS_SELF_TEST, MBEDTLS_HAVE_TIME, MBEDTLS_HAVE_TIME_DATE,
 * MBEDTLS_ENTROPY_C, MBEDTLS_NET_C, MBEDTLS_TIMING_C, MBEDTLS_DEBUG_C,
 * MBEDTLS_ERROR_C, MBEDTLS_VERSION_C. */

/* Hashes. */
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA512_C
#define MBEDTLS_MD_C

/* Attestation: ES384 with the RFC 6979 nonce. */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECDSA_DETERMINISTIC
#define MBEDTLS_HMAC_DRBG_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C

/* The blinding DRBG: CTR_DRBG over AES-256, seeded by the platform. */
#define MBEDTLS_AES_C
#define MBEDTLS_CTR_DRBG_C

/* Smaller tables and windows: RMM stacks are small (TF-RMM: 20 KiB). */
#define MBEDTLS_AES_ROM_TABLES
#define MBEDTLS_AES_FEWER_TABLES
#define MBEDTLS_ECP_WINDOW_SIZE 4
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0
#define MBEDTLS_MPI_MAX_SIZE 512

/* The buffer a firmware hands mbedtls_memory_buffer_alloc_init(). The
 * module allocates only to sign (ES384: bignums and ECP points, the same
 * for every token size); scripts/rmm-aarch64.sh measures the peak
 * (tests/rmm/tfw.c, MBEDTLS_MEMORY_DEBUG): 4,072 bytes in 49 blocks,
 * 7,208 with the allocator's headers, and fails below a quarter free. */
#define MICA_RMM_MBEDTLS_HEAP_SIZE (16u * 1024u)

#include "mbedtls/check_config.h"

#endif
