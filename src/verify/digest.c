/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * digest.c -- SHA-256, SHA-384 and SHA-512 through mbedTLS 2.28.
 *
 * The only file of the verifier that calls mbedTLS's hash functions: 2.28
 * spells them with a _ret suffix that 3.x dropped, so a port touches
 * this file alone.
 */
#include <string.h>

#include "verify.h"

size_t mica_vhash_size(int alg)
{
	return alg == MICA_VH_SHA256 ? 32 : alg == MICA_VH_SHA384 ? 48
	     : alg == MICA_VH_SHA512 ? 64 : 0;
}

const char *mica_vhash_label(int alg)
{
	return alg == MICA_VH_SHA256 ? "SHA-256"
	     : alg == MICA_VH_SHA384 ? "SHA-384"
	     : alg == MICA_VH_SHA512 ? "SHA-512" : "unknown hash";
}

int mica_vhash_by_name(const char *name, size_t n)
{
	/* The names of the IANA Named Information Hash Algorithm Registry,
	 * as CCA tokens spell them (claims 44236, 44240, 2402). */
	static const struct { const char *name; int alg; } names[] = {
		{ "sha-256", MICA_VH_SHA256 },
		{ "sha-384", MICA_VH_SHA384 },
		{ "sha-512", MICA_VH_SHA512 },
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i].name) == n &&
		    memcmp(names[i].name, name, n) == 0)
			return names[i].alg;
	return 0;
}

int mica_vhash_start(mica_vhash *d, int alg)
{
	d->alg = alg;
	d->failed = 0;
	if (alg == MICA_VH_SHA256) {
		mbedtls_sha256_init(&d->u.s256);
		d->failed = mbedtls_sha256_starts_ret(&d->u.s256, 0) != 0;
	} else if (alg == MICA_VH_SHA384 || alg == MICA_VH_SHA512) {
		mbedtls_sha512_init(&d->u.s512);
		d->failed = mbedtls_sha512_starts_ret(&d->u.s512,
				alg == MICA_VH_SHA384) != 0;
	} else {
		return -1;
	}
	return 0;
}

void mica_vhash_update(mica_vhash *d, const void *p, size_t n)
{
	if (d->failed || n == 0)
		return;
	if (d->alg == MICA_VH_SHA256)
		d->failed = mbedtls_sha256_update_ret(&d->u.s256, p, n) != 0;
	else
		d->failed = mbedtls_sha512_update_ret(&d->u.s512, p, n) != 0;
}

int mica_vhash_finish(mica_vhash *d, uint8_t *out)
{
	int failed = d->failed;

	if (d->alg == MICA_VH_SHA256) {
		if (!failed)
			failed = mbedtls_sha256_finish_ret(&d->u.s256,
							   out) != 0;
		mbedtls_sha256_free(&d->u.s256);
	} else {
		if (!failed)
			failed = mbedtls_sha512_finish_ret(&d->u.s512,
							   out) != 0;
		mbedtls_sha512_free(&d->u.s512);
	}
	return failed ? -1 : 0;
}

int mica_vhash_once(int alg, const void *p, size_t n, uint8_t *out)
{
	mica_vhash d;

	if (mica_vhash_start(&d, alg) != 0)
		return -1;
	mica_vhash_update(&d, p, n);
	return mica_vhash_finish(&d, out);
}
