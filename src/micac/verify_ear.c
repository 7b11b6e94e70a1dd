/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * verify_ear.c -- the files of micac verify --ear and --ear-key.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mica/util.h"
#include "output.h"
#include "verify_ear.h"

#define KEY_MAX (64u << 10)

/* SOURCE_DATE_EPOCH: decimal digits, at most 2^63 - 1. */
static int epoch(const char *s, int64_t *out)
{
	char *end;
	unsigned long long v;

	if (!*s || strspn(s, "0123456789") != strlen(s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || v > INT64_MAX)
		return -1;
	*out = (int64_t)v;
	return 0;
}

int micac_ear_prepare(micac_ear *e)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	uint8_t *buf = NULL;
	size_t len = 0;
	char err[512];

	if (sde) {
		if (epoch(sde, &e->iat) != 0) {
			fprintf(stderr, "micac: verify: SOURCE_DATE_EPOCH is "
				"not a number of seconds: %s\n", sde);
			return -1;
		}
	} else {
		e->iat = (int64_t)time(NULL);
	}
	if (!e->key_path)
		return 0;
	if (mica_read_file(e->key_path, KEY_MAX, &buf, &len, err,
			   sizeof err)) {
		fprintf(stderr, "micac: verify: %s\n", err);
		return -1;
	}
	e->key = mica_sign_key_parse(buf, len, err, sizeof err);
	free(buf);
	if (!e->key) {
		fprintf(stderr, "micac: verify: %s: %s\n", e->key_path, err);
		return -1;
	}
	if (mica_sign_key_alg(e->key) != MICA_COSE_ES256) {
		fprintf(stderr, "micac: verify: %s: --ear-key signs with "
			"ES256 and needs a P-256 key\n", e->key_path);
		return -1;
	}
	return 0;
}

int micac_ear_write(micac_ear *e, mica_ear_input *in)
{
	char *json = NULL, *jwt = NULL, err[256];
	size_t len = 0, jlen = 0;
	micac_output o;
	int rc = -1;

	in->build = "micac " MICA_VERSION;
	in->iat = e->iat;
	if (mica_ear_json(in, &json, &len) != 0) {
		fprintf(stderr, "micac: verify: --ear: out of memory\n");
		return -1;
	}
	if (e->key && mica_ear_jwt(e->key, json, len, &jwt, &jlen, err,
				   sizeof err) != 0) {
		fprintf(stderr, "micac: verify: --ear-key: %s\n", err);
		goto out;
	}
	if (micac_output_open(&o, e->path) != 0)
		goto out;
	fwrite(jwt ? jwt : json, 1, jwt ? jlen : len, o.f);
	rc = micac_output_commit(&o);
out:
	free(json);
	free(jwt);
	return rc;
}

void micac_ear_free(micac_ear *e)
{
	mica_sign_key_free(e->key);
	e->key = NULL;
}
