/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hash.c -- the compiler's one way to hash.
 *
 * It goes through the freestanding binding code (src/wire/bind.c), so the
 * mbedTLS 2.28 names (`mbedtls_sha256_ret`, renamed in 3.x) appear in a
 * single file that micac and the RMM share.
 */
#include "mica/wire/bind.h"
#include "mica/blob.h"
#include "mica/util.h"

void mica_hash(mica_hash_alg alg, const void *data, size_t len,
	       uint8_t *out)
{
	/* mica_hash_alg uses the RMI's numbering (0 SHA-256, 1 SHA-512). */
	if (mica_bind_hash((unsigned)alg, data, len, out) != 0)
		mica_fatal("hashing failed");
}
