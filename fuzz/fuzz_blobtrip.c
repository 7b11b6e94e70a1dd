/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_blobtrip.c -- libFuzzer target: the one blob reader
 * (src/wire/blob_read.c) against the writer (src/backend/blob_encode.c).
 *
 * Each input goes to mica_blob_read as RMI_MICA_POLICY_BIND runs it (no
 * messages) and to mica_blob_decode as `micac dump` runs it (messages,
 * then the conversion to mica_blob). Findings, besides crashes,
 * sanitizer reports, leaks and hangs:
 *  - the two give different verdicts (asking for a message must not
 *    change what is accepted), or a refusal has no message;
 *  - an accepted blob does not round-trip: mica_blob_encode of its
 *    content must give back the input byte for byte, since every content
 *    has exactly one encoding (man/mica-blob.5, ENCODING) and a blob's
 *    digest, and the RIM bound from it, must change with its content.
 *    The one exception is a blob of a newer minor version, whose unknown
 *    keys the reader skips: its re-encoding must then be accepted, hold
 *    the same content, be no longer, and round-trip itself.
 * Any of these aborts, and libFuzzer keeps the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/blob.h"
#include "mica/wire/blob_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_blobtrip: %s\n", what);
	abort();
}

#define REQUIRE(cond) do { if (!(cond)) fail(#cond); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mica_pol pol, pol2;       /* 5 KiB: not on the stack */
	static uint8_t again[MICA_BLOB_MAX], third[MICA_BLOB_MAX];
	mica_blob b;
	mica_blob_error e;
	size_t n, m;
	int rmm, micac;

	rmm = mica_blob_read(&pol, data, size, NULL);
	micac = mica_blob_decode(data, size, &b, &e);
	REQUIRE(rmm == micac);
	if (micac != 0) {
		REQUIRE(e.msg[0] != '\0');
		return 0;
	}
	n = mica_blob_encode(&b, again, sizeof again);
	REQUIRE(n > 0);
	if (b.minor <= MICA_BLOB_MINOR) {
		REQUIRE(n == size && memcmp(again, data, size) == 0);
	} else {
		/* Unknown keys dropped: the same content, once more. */
		REQUIRE(n <= size);
		REQUIRE(mica_blob_read(&pol2, again, n, NULL) == 0);
		REQUIRE(memcmp(&pol, &pol2, sizeof pol) == 0);
		mica_blob_free(&b);
		REQUIRE(mica_blob_decode(again, n, &b, &e) == 0);
		m = mica_blob_encode(&b, third, sizeof third);
		REQUIRE(m == n && memcmp(third, again, n) == 0);
	}
	mica_blob_free(&b);
	return 0;
}
