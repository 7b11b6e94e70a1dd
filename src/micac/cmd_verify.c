/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_verify.c -- micac verify --token T --platform-key K [--challenge HEX]
 *                 [--reference R ... [--require-all] [--min-version V ...]
 *                 [--revoked FILE]] [--reference-key KEY]
 *                 [--ear EAR [--ear-key KEY]]
 *
 * Verifies a CCA attestation token from any producer: framing, both
 * signatures, the mandatory claims, the binding of the realm key by the
 * platform challenge, and, when asked, the realm challenge. Says in one
 * line what failed. Exit status: 0 verified, 1 not verified, 2 usage or
 * I/O error (a missing file, an unusable key, a reference.json or a
 * revocation list that cannot be read).
 *
 * --reference R (up to MICA_REF_SETS_MAX of them) adds the compiler's
 * reference values, with the minimum versions and the revocation list:
 * all read here, checked by libmica-verify (lifecycle.c); a verified
 * token then prints one line per member with the sets it matched. Each
 * may be a reference.json or a CoRIM (signed: --reference-key).
 * --ear writes the EAT Attestation Result (verify_ear.c).
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
	"                    [--reference REF]... [--require-all]\n"
	"                    [--min-version [NAME=]N]... [--revoked FILE]\n"
	"                    [--reference-key KEY] [--ear EAR [--ear-key KEY]]\n"
	"  --token TOKEN        CCA attestation token (CBOR, tag 399 or 907)\n"
	"  --platform-key KEY   platform public key: PEM, DER or EC JWK\n"
	"  --challenge HEX      expected realm challenge, 128 hex digits\n"
	"  --reference REF      micac's reference.json: RIMs, group members;\n"
	"                       up to 16, each member matched against all\n"
	"  --require-all        every realm of the sets the attesting realm\n"
	"                       matched must be in the group\n"
	"  --min-version [NAME=]N  refuse a member whose policy (NAME, or\n"
	"                       any) version is below N\n"
	"  --revoked FILE       refuse members revoked by FILE "
	"(mica-revoked(5))\n"
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

/* The reference sets, the revocation list, the minimum versions: read,
 * or exit 2 before anything is verified. */
static int load(mica_lifecycle *lc, char **refs, size_t nrefs,
		mica_reference **sets, uint8_t **bufs, mica_ref_form *forms,
		const char *refkey_path, const char *revfile,
		mica_revoked **rev, uint8_t **revbuf)
{
	size_t i, j, len;
	mica_ec_key refkey;
	char err[512];

	if (refkey_path && load_key(refkey_path, &refkey))
		return -1;

	for (i = 0; i < nrefs; i++) {
		sets[i] = malloc(sizeof *sets[i]);
		if (!sets[i])
			return usage_error("out of memory", NULL), -1;
		if (mica_read_file(refs[i], MICA_REF_FILE_MAX, &bufs[i], &len,
				   err, sizeof err)) {
			fprintf(stderr, "micac: verify: %s\n", err);
			return -1;
		}
		if (mica_reference_load(bufs[i], len, refkey_path ? &refkey
					: NULL, sets[i], &forms[i], err,
					sizeof err)) {
			fprintf(stderr, "micac: verify: %s: %s\n", refs[i],
				err);
			return -1;
		}
		lc->sets[i] = sets[i];
		lc->names[i] = refs[i];
	}
	lc->nsets = nrefs;
	/* A minimum for a policy no set names is a typing error. */
	for (i = 0; i < lc->nmin; i++) {
		for (j = 0; lc->min[i].policy[0] && j < nrefs; j++)
			if (strcmp(sets[j]->policy, lc->min[i].policy) == 0)
				break;
		if (j == nrefs) {
			fprintf(stderr, "micac: verify: --min-version %s=...: "
				"no --reference is of policy %s\n",
				lc->min[i].policy, lc->min[i].policy);
			return -1;
		}
	}
	if (!revfile)
		return 0;
	*rev = malloc(sizeof **rev);
	if (!*rev)
		return usage_error("out of memory", NULL), -1;
	if (mica_read_file(revfile, MICA_REF_FILE_MAX, revbuf, &len, err,
			   sizeof err)) {
		fprintf(stderr, "micac: verify: %s\n", err);
		return -1;
	}
	if (mica_revoked_parse(*revbuf, len, revfile, *rev, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	lc->revoked = *rev;
	return 0;
}

/* "verified: member 1: realm b (rim 0a1b2c3d...) of g1.json (policy g
 * version 1)[; realm b of ...][, the attesting realm]" */
static void print_member(const mica_lifecycle *lc,
			 const mica_lifecycle_member *m)
{
	size_t j, k;
	char h[9];

	for (k = 0; k < 4 && k < m->rimlen; k++)
		snprintf(h + 2 * k, 3, "%02x", m->rim[k]);
	printf("verified: member %llu: ", (unsigned long long)m->member);
	for (j = 0; j < m->nmatch; j++) {
		const mica_reference *r = lc->sets[m->match[j].set];

		printf(j ? "; realm %s" : "realm %s (rim %s...)",
		       r->realms[m->match[j].realm].name, h);
		printf(" of %s (policy %s version %llu)",
		       lc->names[m->match[j].set], r->policy,
		       (unsigned long long)r->version);
	}
	printf("%s\n", m->attester ? ", the attesting realm" : "");
}

int micac_verify(int argc, char **argv)
{
	static const char *const names[] = {
		"--token", "--platform-key", "--challenge", "--revoked"
	};
	enum { OPT_REQUIRE_ALL = 4, OPT_REFERENCE, OPT_MIN_VERSION,
	       OPT_REFKEY, OPT_EAR, OPT_EAR_KEY };
	static const struct option longs[] = {
		{ "token", required_argument, NULL, 0 },
		{ "platform-key", required_argument, NULL, 1 },
		{ "challenge", required_argument, NULL, 2 },
		{ "revoked", required_argument, NULL, 3 },
		{ "require-all", no_argument, NULL, OPT_REQUIRE_ALL },
		{ "reference", required_argument, NULL, OPT_REFERENCE },
		{ "min-version", required_argument, NULL, OPT_MIN_VERSION },
		{ "reference-key", required_argument, NULL, OPT_REFKEY },
		{ "ear", required_argument, NULL, OPT_EAR },
		{ "ear-key", required_argument, NULL, OPT_EAR_KEY },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *arg[4] = { NULL, NULL, NULL, NULL };
	char *refs[MICA_REF_SETS_MAX];
	mica_reference *sets[MICA_REF_SETS_MAX] = { NULL };
	uint8_t *bufs[MICA_REF_SETS_MAX] = { NULL }, *revbuf = NULL;
	mica_revoked *rev = NULL;
	mica_ref_form forms[MICA_REF_SETS_MAX];
	const char *refkey_path = NULL;
	micac_ear ear = { NULL, NULL, NULL, 0 };
	mica_ear_input ein;
	const mica_reference *appraised = NULL;
	mica_lifecycle *lc = calloc(1, sizeof *lc);
	size_t nrefs = 0, j;
	uint8_t challenge[64], *tokbuf = NULL, *keybuf = NULL;
	size_t toklen = 0, keylen = 0;
	mica_verify_opts opts = { NULL, 0 };
	mica_verdict v;
	mica_ec_key key;
	mica_token t;
	char err[512];
	int k, status = MICAC_USAGE;

	if (!lc) {
		fprintf(stderr, "micac: verify: out of memory\n");
		return MICAC_USAGE;
	}
	optind = 0;
	while ((k = micac_getopt(argc, argv, "h", longs, usage)) != -1) {
		if (k == 'h') {
			fputs(usage, stdout);
			status = MICAC_OK;
			goto out;
		}
		if (k == OPT_REQUIRE_ALL) {
			if (lc->require_all) {
				usage_error("given twice: ", "--require-all");
				goto out;
			}
			lc->require_all = 1;
			continue;
		}
		if (k == OPT_REFERENCE) {
			if (nrefs == MICA_REF_SETS_MAX) {
				usage_error("more than 16 --reference", NULL);
				goto out;
			}
			refs[nrefs++] = optarg;
			continue;
		}
		if (k == OPT_MIN_VERSION) {
			mica_min_version *m = &lc->min[lc->nmin];

			if (lc->nmin == MICA_MIN_VERSIONS_MAX) {
				usage_error("more than 16 --min-version", NULL);
				goto out;
			}
			if (mica_min_version_parse(optarg, m)) {
				usage_error("--min-version wants N or NAME=N "
					    "(N from 0 to 2^64 - 1), not ",
					    optarg);
				goto out;
			}
			for (j = 0; j < lc->nmin; j++)
				if (strcmp(lc->min[j].policy, m->policy) == 0)
					break;
			if (j < lc->nmin) {
				usage_error("--min-version given twice for ",
					    m->policy[0] ? m->policy
						: "every policy (N)");
				goto out;
			}
			lc->nmin++;
			continue;
		}
		if (k == OPT_EAR || k == OPT_EAR_KEY || k == OPT_REFKEY) {
			const char **p = k == OPT_EAR ? &ear.path
				: k == OPT_EAR_KEY ? &ear.key_path
				: &refkey_path;

			if (*p) {
				usage_error("given twice: ", k == OPT_EAR
					    ? "--ear" : k == OPT_EAR_KEY
					    ? "--ear-key" : "--reference-key");
				goto out;
			}
			*p = optarg;
			continue;
		}
		if (k < 0 || k > 3)
			goto out;
		if (arg[k]) {
			usage_error("given twice: ", names[k]);
			goto out;
		}
		arg[k] = optarg;
	}
	if (optind < argc) {
		usage_error("unexpected argument: ", argv[optind]);
		goto out;
	}
	if (!arg[0] || !arg[1]) {
		usage_error(!arg[0] ? "--token is required"
			    : "--platform-key is required", NULL);
		goto out;
	}
	if (arg[2]) {
		if (parse_hex(arg[2], challenge, sizeof challenge)) {
			usage_error("--challenge wants 128 hex digits (the "
				    "64-byte realm challenge)", NULL);
			goto out;
		}
		opts.challenge = challenge;
		opts.challenge_len = sizeof challenge;
	}
	if (!nrefs && (lc->require_all || lc->nmin || arg[3] ||
		       refkey_path)) {
		usage_error(lc->require_all ? "--require-all needs --reference"
			    : lc->nmin ? "--min-version needs --reference"
			    : arg[3] ? "--revoked needs --reference"
			    : "--reference-key needs --reference", NULL);
		goto out;
	}
	if (ear.key_path && !ear.path) {
		usage_error("--ear-key needs --ear", NULL);
		goto out;
	}
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
	if (load(lc, refs, nrefs, sets, bufs, forms, refkey_path, arg[3],
		 &rev, &revbuf))
		goto out;
	status = MICAC_POLICY;
	/* A reference.corim holds RIMs only: the rest comes from the token's
	 * group, bound by those RIMs (corim.h). */
	for (j = 0; j < nrefs; j++)
		if (forms[j] == MICA_REF_CORIM_CCA &&
		    mica_token_parse(tokbuf, toklen, &t, &v) == 0)
			mica_corim_adopt(sets[j], &t);
	if (nrefs == 1)
		appraised = sets[0];
	if (mica_token_parse(tokbuf, toklen, &t, &v) ||
	    (nrefs ? mica_token_verify_lifecycle(&t, &key, &opts, lc, &v)
		   : mica_token_verify(&t, &key, &opts, &v)) != MICA_VERIFIED ||
	    mica_token_audit(&t, &(mica_audit){ 0 }, &v)) {
		fprintf(stderr, "micac: verify: %s\n", v.msg);
		goto ear_out;
	}
	printf("%s: verified (tag %llu; platform token %s, realm token %s%s)\n",
	       arg[0], (unsigned long long)t.tag,
	       mica_cose_alg_name(t.platform.alg),
	       mica_cose_alg_name(t.realm.alg),
	       opts.challenge ? "; realm challenge matches" : "");
	for (j = 0; nrefs && j < lc->nmembers; j++) {
		print_member(lc, &lc->members[j]);
		/* The EAR appraises one set: the attester's first. */
		if (lc->members[j].attester)
			appraised = lc->sets[lc->members[j].match[0].set];
	}
	print_audit(&t, &v);
	status = fflush(stdout) == 0 && !ferror(stdout) ? MICAC_OK
							: MICAC_USAGE;
ear_out:
	/* The EAR says what the verification found, failed or not. */
	ein = (mica_ear_input){ tokbuf, toklen, &key, &opts, appraised,
				lc->require_all, &v, NULL, 0, lc->refused };
	if (ear.path && micac_ear_write(&ear, &ein) != 0)
		status = MICAC_USAGE;
out:
	micac_ear_free(&ear);
	for (j = 0; j < MICA_REF_SETS_MAX; j++) {
		free(sets[j]);
		free(bufs[j]);
	}
	free(rev);
	free(revbuf);
	free(lc);
	free(tokbuf);
	free(keybuf);
	return status;
}
