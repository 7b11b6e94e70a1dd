/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_blob.c -- libFuzzer target for the blob decoder (micac dump, and
 * the refusal checks of the tests).
 *
 * Each input is a candidate blob. Findings, besides crashes, sanitizer
 * reports, leaks and hangs: a refusal without a message. The printers
 * run over every accepted blob. (That an accepted blob re-encodes to its
 * own bytes is fuzz_blobtrip.c's finding.)
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
	mica_blob b;
	mica_blob_error e;

	if (mica_blob_decode(data, size, &b, &e) != 0) {
		if (e.msg[0] == '\0')
			abort();
		return 0;
	}
	mica_blob_print_text(&b, data, size, devnull);
	mica_blob_print_json(&b, data, size, devnull);
	mica_blob_free(&b);
	return 0;
}
