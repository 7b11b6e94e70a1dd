/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sha256_ni.h -- SHA-256 with the x86 SHA extensions (internal).
 */
#ifndef MICA_SHA256_NI_H
#define MICA_SHA256_NI_H

#include <stddef.h>
#include <stdint.h>

/* Whether this CPU has the SHA extensions (and the SSSE3 and SSE4.1 the
 * code also uses); always false where the code is not compiled in. */
int mica_sha256_ni_usable(void);

/* FIPS 180-4 SHA-256 of len bytes of data into out. Only when
 * mica_sha256_ni_usable(). */
void mica_sha256_ni(const void *data, size_t len, uint8_t out[32]);

#endif
