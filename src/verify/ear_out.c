/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ear_out.c -- an appraisal (ear.c) written as an EAR claims set in JSON,
 * and that text as a JWT signed with ES256.
 *
 * The JSON is deterministic for given inputs: keys in bytewise order at
 * every level, submodules too ("CCA_REALM", "CCA_SSD_PLATFORM", then
 * "mica.member.NAME" by name), two-space indentation, a final newline.
 */
#include <stdlib.h>
#include <string.h>

#include "ear_int.h"
#include "verify.h"

static const char *const claim_names[EAR_NCLAIMS] = {
	"configuration", "executables", "file-system", "hardware",
	"instance-identity", "runtime-opaque", "sourced-data",
	"storage-opaque"
};

static const char *status_name(int tier)
{
	return tier >= 96 ? "contraindicated" : tier >= 32 ? "warning"
		: tier >= 2 ? "affirming" : "none";
}

static const char b64chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* base64url without padding (RFC 7515 section 2). */
static void b64url(FILE *f, const uint8_t *p, size_t n)
{
	uint32_t acc = 0;
	int bits = 0;

	for (size_t i = 0; i < n; i++) {
		acc = acc << 8 | p[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			fputc(b64chars[(acc >> bits) & 63], f);
		}
		acc &= (1u << bits) - 1;
	}
	if (bits > 0)
		fputc(b64chars[(acc << (6 - bits)) & 63], f);
}

/* au: the appraisal whose audit record goes with this submodule, or
 * NULL. */
static void appraisal(FILE *f, const char *name, const ear_vector *v,
		      const char *policy, const ear_appraisal *au, int last)
{
	fputs("    ", f);
	mica_put_json_string(f, name, strlen(name));
	fputs(": {\n", f);
	if (policy) {
		fputs("      \"ear.appraisal-policy-id\": ", f);
		mica_put_json_string(f, policy, strlen(policy));
		fputs(",\n", f);
	}
	fprintf(f, "      \"ear.status\": \"%s\",\n",
		status_name(ear_status(v)));
	fputs("      \"ear.trustworthiness-vector\": {\n", f);
	for (int i = 0; i < EAR_NCLAIMS; i++)
		fprintf(f, "        \"%s\": %d%s\n", claim_names[i], v->c[i],
			i + 1 < EAR_NCLAIMS ? "," : "");
	fputs("      }", f);
	if (au && au->audit) {
		fputs(",\n      \"mica.audit\": {\n        \"chain\": \"", f);
		for (size_t k = 0; k < au->audit_len; k++)
			fprintf(f, "%02x", au->audit_chain[k]);
		fprintf(f, "\",\n        \"count\": %llu\n      }",
			(unsigned long long)au->audit_count);
	}
	fprintf(f, "\n    }%s\n", last ? "" : ",");
}

typedef struct named {
	char name[MICA_REF_NAME_MAX + 32];
	const ear_vector *v;
} named;

static int cmp_named(const void *a, const void *b)
{
	return strcmp(((const named *)a)->name, ((const named *)b)->name);
}

int mica_ear_json(const mica_ear_input *in, char **json, size_t *len)
{
	ear_appraisal *a = malloc(sizeof *a);
	named *m = calloc(EAR_MEMBERS_MAX, sizeof *m);
	char policy[32 + 2 * MICA_REF_DIGEST_MAX], *pol = NULL;
	const uint8_t *wf = NULL;
	size_t wlen = 0, i;
	FILE *f;

	*json = NULL;
	if (!a || !m || !(f = open_memstream(json, len))) {
		free(a);
		free(m);
		return -1;
	}
	ear_appraise(in, a);
	if (in->reference) {
		wf = in->reference->workflow;
		wlen = in->reference->dlen;
	} else if (a->group_workflow.p &&
		   a->group_workflow.n <= MICA_REF_DIGEST_MAX) {
		wf = a->group_workflow.p;
		wlen = a->group_workflow.n;
	}
	if (wf) {
		pol = policy;
		i = (size_t)snprintf(policy, sizeof policy,
				     "policy:mica/workflow/");
		for (size_t k = 0; k < wlen; k++, i += 2)
			snprintf(policy + i, 3, "%02x", wf[k]);
	}
	fputs("{\n  \"ear.verifier-id\": {\n    \"build\": ", f);
	mica_put_json_string(f, in->build, strlen(in->build));
	fputs(",\n    \"developer\": \"mica.dev\"\n  },\n", f);
	if (in->opts && in->opts->challenge) {
		fputs("  \"eat_nonce\": \"", f);
		b64url(f, in->opts->challenge, in->opts->challenge_len);
		fputs("\",\n", f);
	}
	fprintf(f, "  \"eat_profile\": \"%s\",\n  \"iat\": %lld,\n"
		"  \"submods\": {\n", MICA_EAR_PROFILE, (long long)in->iat);
	for (i = 0; i < a->nmembers; i++) {
		int r = a->member[i].realm;

		if (r >= 0)
			snprintf(m[i].name, sizeof m[i].name, "mica.member.%s",
				 in->reference->realms[r].name);
		else
			snprintf(m[i].name, sizeof m[i].name, "mica.member.%zu",
				 i);
		m[i].v = &a->member[i].v;
	}
	qsort(m, a->nmembers, sizeof *m, cmp_named);
	appraisal(f, "CCA_REALM", &a->realm, pol, a, 0);
	appraisal(f, "CCA_SSD_PLATFORM", &a->platform, pol, NULL,
		  a->nmembers == 0);
	for (i = 0; i < a->nmembers; i++)
		appraisal(f, m[i].name, m[i].v, pol, NULL,
			  i + 1 == a->nmembers);
	fputs("  }\n}\n", f);
	free(a);
	free(m);
	if (fclose(f) != 0) {
		free(*json);
		*json = NULL;
		return -1;
	}
	return 0;
}

int mica_ear_jwt(const mica_sign_key *key, const char *json, size_t len,
		 char **out, size_t *outlen, char *err, size_t errlen)
{
	static const char hdr[] = "{\"alg\":\"ES256\",\"typ\":\"JWT\"}";
	uint8_t sig[96];
	size_t n, siglen;
	char *in;
	FILE *f;

	*out = NULL;
	if (mica_sign_key_alg(key) != MICA_COSE_ES256) {
		snprintf(err, errlen, "ES256 needs a P-256 key");
		return -1;
	}
	f = open_memstream(&in, &n);
	if (!f) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	b64url(f, (const uint8_t *)hdr, sizeof hdr - 1);
	fputc('.', f);
	b64url(f, (const uint8_t *)json, len);
	if (fclose(f) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* The signing input is the ASCII of header.payload (RFC 7515). */
	siglen = mica_sign_raw(key, (const uint8_t *)in, n, sig, sizeof sig);
	if (siglen != 64) {
		free(in);
		snprintf(err, errlen, "signing failed");
		return -1;
	}
	f = open_memstream(out, outlen);
	if (!f) {
		free(in);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	fwrite(in, 1, n, f);
	fputc('.', f);
	b64url(f, sig, siglen);
	fputc('\n', f);
	free(in);
	if (fclose(f) != 0) {
		free(*out);
		*out = NULL;
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}
