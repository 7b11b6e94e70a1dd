/*
 * fuzz_blob.c -- libFuzzer target for the blob decoder (micac dump, and
 * the refusal checks of the tests).
 *
 * Each input is a candidate blob. Findings, besides crashes, sanitizer
 * reports, leaks and hangs: a refusal without a message, and an accepted
 * blob of a known minor version that does not re-encode to its own
 * bytes (every content has exactly one encoding, so a blob's digest,
 * and the RIM bound from it, changes whenever its content does). The
 * printers run over every accepted blob too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/blob.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	return devnull ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t again[MICA_BLOB_MAX];
	mica_blob b;
	mica_blob_error e;
	size_t n;

	if (mica_blob_decode(data, size, &b, &e) != 0) {
		if (e.msg[0] == '\0')
			abort();
		return 0;
	}
	n = mica_blob_encode(&b, again, sizeof again);
	if (b.minor <= MICA_BLOB_MINOR &&
	    (n != size || memcmp(again, data, size) != 0))
		abort();
	mica_blob_print_text(&b, data, size, devnull);
	mica_blob_print_json(&b, data, size, devnull);
	mica_blob_free(&b);
	return 0;
}
