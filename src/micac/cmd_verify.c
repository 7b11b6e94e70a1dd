/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_verify.c -- micac verify --token T --platform-key K [--challenge HEX]
 *                 [--reference R [--require-all]]
 *
 * Verifies a CCA attestation token from any producer: framing, both
 * signatures, the mandatory claims, the binding of the realm key by the
 * platform challenge, and, when asked, the realm challenge. Says in one
 * line what failed. Exit status: 0 verified, 1 not verified, 2 usage or
 * I/O error (a missing file, an unusable key, a reference.json that
 * cannot be read).
 *
 * --reference R adds the compiler's reference values: read here
 * (reference.c), checked in token.c, last; a verified token then prints
 * one line per realm of R it matched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "mica/token.h"
#include "mica/util.h"
#include "../verify/corim.h"
#include "verify_ear.h"

#define TOKEN_MAX (1u << 20)   /* CCA tokens are a few KiB */
#define KEY_MAX (64u << 10)

static const char usage[] =
	"usage: micac verify --token TOKEN --platform-key KEY "
	"[--challenge HEX]\n"
	"                    [--reference REF [--require-all]]\n"
	"                    [--reference-key KEY] [--ear EAR [--ear-key KEY]]\n"
	"  --token TOKEN        CCA attestation token (CBOR, tag 399 or 907)\n"
	"  --platform-key KEY   platform public key: PEM, DER or EC JWK\n"
	"  --challenge HEX      expected realm challenge, 128 hex digits\n"
	"  --reference REF      micac's reference.json: RIMs, group members\n"
	"  --require-all        every realm of REF must be in the group\n"
	"  --reference-key KEY  the public key a signed CoRIM REF is checked "
	"with\n"
	"  --ear EAR            write the EAT Attestation Result (JSON) to EAR\n"
	"  --ear-key KEY        sign it as a JWT (ES256, P-256 private key)\n"
	"Exit status: 0 verified, 1 not verified, 2 usage or I/O error.\n";

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f'
		? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Exactly 2 * n hex digits into out. */
static int parse_hex(const char *s, uint8_t *out, size_t n)
{
	size_t i;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* A public key file into key; reports and returns -1 on failure. */
static int load_key(const char *path, mica_ec_key *key)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	char err[512];
	mica_verdict v;
	int rc = 0;

	if (mica_read_file(path, KEY_MAX, &buf, &len, err, sizeof err)) {
		fprintf(stderr, "micac: verify: %s\n", err);
		return -1;
	}
	if (mica_key_parse(buf, len, key, &v)) {
		fprintf(stderr, "micac: verify: %s: %s\n", path, v.msg);
		rc = -1;
	}
	free(buf);
	return rc;
}

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "micac: verify: %s%s\n", msg, arg ? arg : "");
	fputs(usage, stderr);
	return MICAC_USAGE;
}

/* The realm token's audit record (mica-rmm(7), AUDIT), after the verdict:
 * one line; a non-zero count is a warning, on stderr too. 0, or -1 for
 * an ill-formed record (the token then does not verify). */
static int print_audit(const mica_token *t, mica_verdict *v)
{
	mica_audit a;
	size_t i;

	if (mica_token_audit(t, &a, v))
		return -1;
	if (!a.present)
		return 0;
	printf("audit: %llu refused attempts concerning the attesting realm, "
	       "chain ", (unsigned long long)a.count);
	for (i = 0; i < a.chain.n; i++)
		printf("%02x", a.chain.p[i]);
	printf("%s\n", a.count ? " (warning)" : "");
	if (a.count)
		fprintf(stderr, "micac: verify: warning: the RMM refused %llu "
			"attempts concerning the attesting realm (its audit "
			"record, claims -77102 and -77103)\n",
			(unsigned long long)a.count);
	return 0;
}

int micac_verify(int argc, char **argv)
{
	static const char *const names[] = {
		"--token", "--platform-key", "--challenge", "--reference"
	};
	enum { OPT_REQUIRE_ALL = 4, OPT_REFKEY, OPT_EAR, OPT_EAR_KEY };
	static const struct option longs[] = {
		{ "token", required_argument, NULL, 0 },
		{ "platform-key", required_argument, NULL, 1 },
		{ "challenge", required_argument, NULL, 2 },
		{ "reference", required_argument, NULL, 3 },
		{ "require-all", no_argument, NULL, OPT_REQUIRE_ALL },
		{ "reference-key", required_argument, NULL, OPT_REFKEY },
		{ "ear", required_argument, NULL, OPT_EAR },
		{ "ear-key", required_argument, NULL, OPT_EAR_KEY },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *arg[4] = { NULL, NULL, NULL, NULL };
	mica_reference *ref = NULL;
	uint8_t *refbuf = NULL;
	size_t reflen = 0;
	int require_all = 0;
	const char *refkey_path = NULL;
	mica_ec_key refkey;
	mica_ref_form form = MICA_REF_JSON;
	micac_ear ear = { NULL, NULL, NULL, 0 };
	mica_ear_input ein;
	uint8_t challenge[64], *tokbuf = NULL, *keybuf = NULL;
	size_t toklen = 0, keylen = 0;
	mica_verify_opts opts = { NULL, 0 };
	mica_ref_check rc = { 0 };
	mica_verdict v;
	mica_ec_key key;
	mica_token t;
	char err[512];
	int i, k, status = MICAC_USAGE;

	optind = 0;
	while ((k = micac_getopt(argc, argv, "h", longs, usage)) != -1) {
		if (k == 'h') {
			fputs(usage, stdout);
			return MICAC_OK;
		}
		if (k == OPT_REQUIRE_ALL) {
			if (require_all)
				return usage_error("given twice: ",
						   "--require-all");
			require_all = 1;
			continue;
		}
		if (k == OPT_EAR || k == OPT_EAR_KEY) {
			const char **p = k == OPT_EAR ? &ear.path
						      : &ear.key_path;
			if (*p)
				return usage_error("given twice: ", k == OPT_EAR
						   ? "--ear" : "--ear-key");
			*p = optarg;
			continue;
		}
		if (k == OPT_REFKEY) {
			if (refkey_path)
				return usage_error("given twice: ",
						   "--reference-key");
			refkey_path = optarg;
			continue;
		}
		if (k < 0 || k > 3)
			return MICAC_USAGE;
		if (arg[k])
			return usage_error("given twice: ", names[k]);
		arg[k] = optarg;
	}
	if (optind < argc)
		return usage_error("unexpected argument: ", argv[optind]);
	if (!arg[0] || !arg[1])
		return usage_error(!arg[0] ? "--token is required"
				   : "--platform-key is required", NULL);
	if (arg[2]) {
		if (parse_hex(arg[2], challenge, sizeof challenge))
			return usage_error("--challenge wants 128 hex "
					   "digits (the 64-byte realm challenge)",
					   NULL);
		opts.challenge = challenge;
		opts.challenge_len = sizeof challenge;
	}
	if (require_all && !arg[3])
		return usage_error("--require-all needs --reference", NULL);
	if (refkey_path && !arg[3])
		return usage_error("--reference-key needs --reference", NULL);
	if (ear.key_path && !ear.path)
		return usage_error("--ear-key needs --ear", NULL);
	if (ear.path && micac_ear_prepare(&ear) != 0)
		goto out;

	if (mica_read_file(arg[1], KEY_MAX, &keybuf, &keylen, err,
			   sizeof err)) {
		fprintf(stderr, "micac: verify: %s\n", err);
		goto out;
	}
	if (mica_key_parse(keybuf, keylen, &key, &v)) {
		fprintf(stderr, "micac: verify: %s: %s\n", arg[1], v.msg);
		goto out;
	}
	if (mica_read_file(arg[0], TOKEN_MAX, &tokbuf, &toklen, err,
			   sizeof err)) {
		fprintf(stderr, "micac: verify: %s\n", err);
		goto out;
	}
	if (arg[3]) {
		ref = malloc(sizeof *ref);
		if (!ref) {
			fprintf(stderr, "micac: verify: out of memory\n");
			goto out;
		}
		if (mica_read_file(arg[3], MICA_REF_FILE_MAX, &refbuf, &reflen,
				   err, sizeof err)) {
			fprintf(stderr, "micac: verify: %s\n", err);
			goto out;
		}
		if (refkey_path && load_key(refkey_path, &refkey))
			goto out;
		if (mica_reference_load(refbuf, reflen, refkey_path ? &refkey
					: NULL, ref, &form, err, sizeof err)) {
			fprintf(stderr, "micac: verify: %s: %s\n", arg[3], err);
			goto out;
		}
		rc.reference = ref;
		rc.require_all = require_all;
	}
	status = MICAC_POLICY;
	if (mica_token_parse(tokbuf, toklen, &t, &v) == 0 && ref &&
	    form == MICA_REF_CORIM_CCA)
		mica_corim_adopt(ref, &t);
	if (mica_token_parse(tokbuf, toklen, &t, &v) ||
	    mica_token_verify_ref(&t, &key, &opts, &rc, &v) != MICA_VERIFIED ||
	    mica_token_audit(&t, &(mica_audit){ 0 }, &v)) {
		fprintf(stderr, "micac: verify: %s\n", v.msg);
		goto ear_out;
	}
	printf("%s: verified (tag %llu; platform token %s, realm token %s%s)\n",
	       arg[0], (unsigned long long)t.tag,
	       mica_cose_alg_name(t.platform.alg),
	       mica_cose_alg_name(t.realm.alg),
	       opts.challenge ? "; realm challenge matches" : "");
	for (i = 0; ref && (size_t)i < ref->nrealms; i++) {
		char h[2 * MICA_REF_DIGEST_MAX + 1];

		if (!(rc.matched & (uint64_t)1 << i))
			continue;
		for (k = 0; k < 4; k++)
			snprintf(h + 2 * k, 3, "%02x", ref->realms[i].rim[k]);
		printf("verified: realm %s (rim %s...)%s\n",
		       ref->realms[i].name, h, (size_t)i == rc.attester
		       ? ", the attesting realm" : "");
	}
	print_audit(&t, &v);
	status = fflush(stdout) == 0 && !ferror(stdout) ? MICAC_OK
							: MICAC_USAGE;
ear_out:
	/* The EAR says what the verification found, failed or not. */
	ein = (mica_ear_input){ tokbuf, toklen, &key, &opts, ref,
				require_all, &v, NULL, 0 };
	if (ear.path && micac_ear_write(&ear, &ein) != 0)
		status = MICAC_USAGE;
out:
	micac_ear_free(&ear);
	free(ref);
	free(refbuf);
	free(tokbuf);
	free(keybuf);
	return status;
}
