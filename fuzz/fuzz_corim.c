/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_corim.c -- libFuzzer target for what micac verify reads besides
 * the token: the reference file in every form (reference.json, unsigned
 * CoRIM, COSE_Sign1 CoRIM, told apart by content), and, with the same
 * bytes as a token, the EAR appraisal and writer, which re-examine every
 * aspect of a token on their own.
 *
 * The key is P-256's generator (a valid public key whose private key is
 * 1). Seed the corpus with micac compile's reference.json,
 * reference.corim and mica.corim, signed and not (scripts/fuzz.sh).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ecp.h>

#include "mica/token.h"
#include "../src/verify/corim.h"
#include "../src/verify/ear.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mica_ec_key p256;
static mica_reference ref;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	mbedtls_ecp_group grp;
	uint8_t pt[MICA_EC_POINT_MAX];
	size_t n = 0;
	mica_verdict v;

	(void)argc;
	(void)argv;
	mbedtls_ecp_group_init(&grp);
	if (mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1) != 0 ||
	    mbedtls_ecp_point_write_binary(&grp, &grp.G,
		MBEDTLS_ECP_PF_UNCOMPRESSED, &n, pt, sizeof pt) != 0 ||
	    mica_key_from_point(pt, n, &p256, &v) != 0) {
		fprintf(stderr, "fuzz_corim: cannot make a key\n");
		abort();
	}
	mbedtls_ecp_group_free(&grp);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t ch[64];
	mica_verify_opts opts = { ch, sizeof ch };
	mica_verdict verdict = { MICA_MALFORMED, "fuzz" };
	mica_ref_form form;
	mica_ear_input in;
	char err[256], *json = NULL;
	size_t len = 0;
	int have;

	/* The exact bytes, so that ASan sees any read past them. */
	uint8_t *p = malloc(size ? size : 1);

	if (!p)
		return 0;
	memcpy(p, data, size);
	mica_corim_parse(p, size, &ref, &form, err, sizeof err);
	mica_reference_load(p, size, NULL, &ref, &form, err, sizeof err);
	have = mica_reference_load(p, size, &p256, &ref, &form, err,
				   sizeof err) == 0;
	/* The same bytes as a token, with and without a reference. */
	in = (mica_ear_input){ .token = p, .token_len = size,
			       .platform_key = &p256, .opts = &opts,
			       .reference = have ? &ref : NULL,
			       .require_all = 1, .verdict = &verdict,
			       .build = "fuzz" };
	if (mica_ear_json(&in, &json, &len) == 0)
		free(json);
	in.reference = NULL;
	in.opts = NULL;
	if (mica_ear_json(&in, &json, &len) == 0)
		free(json);
	free(p);
	return 0;
}
