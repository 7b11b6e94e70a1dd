/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_verify_corim.c -- the CoRIM reader against the CoRIM writer, over
 * every example policy: mica.corim reads back into exactly the reference
 * set reference.json gives, reference.corim into its RIMs; every
 * truncation and a list of corruptions are refused with a message that
 * names the byte offset; every bit flip is refused or read without harm;
 * a signed CoRIM (a fresh P-256 and P-384 key) is accepted with its key
 * and refused with any byte flipped, without a key, or with another key.
 * The CBOR itself and the signatures are checked independently by
 * corim_ear.sh.
 */
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/pk.h>

#include "mica/mica.h"
#include "vtest.h"
#include "../../src/verify/corim.h"

static const char *const examples[] = {
	"agent_guardrails", "agent_llm", "federated_analytics",
	"fine_tuning", "guarded_llm", "payment_tokenizer", "video_moderation"
};

static mica_files files;

static const mica_file *output(const char *name)
{
	for (size_t i = 0; i < files.n; i++)
		if (strcmp(files.files[i].name, name) == 0)
			return &files.files[i];
	ck_abort_msg("no output %s", name);
	return NULL;
}

static void compile(const char *example)
{
	char path[512];
	mica_ctx *ctx = mica_ctx_new();

	snprintf(path, sizeof path, "%s/examples/%s.mica", MICA_SOURCE_DIR,
		 example);
	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(mica_compile_file(ctx, path, &files), 0);
	mica_ctx_free(ctx);
}

static mica_reference json_ref, corim_ref;

START_TEST(round_trip)
{
	const mica_file *j, *m, *c;
	mica_ref_form form;
	char err[256];

	compile(examples[_i]);
	j = output("reference.json");
	m = output("mica.corim");
	c = output("reference.corim");
	ck_assert_int_eq(mica_reference_parse(j->data, j->len, &json_ref, err,
					      sizeof err), 0);
	ck_assert_msg(mica_corim_parse(m->data, m->len, &corim_ref, &form, err,
				       sizeof err) == 0, "%s", err);
	ck_assert_int_eq(form, MICA_REF_CORIM_MICA);
	/* All of it: both readers zero the struct first. */
	ck_assert_mem_eq(&json_ref, &corim_ref, sizeof json_ref);

	ck_assert_msg(mica_reference_load(c->data, c->len, NULL, &corim_ref,
					  &form, err, sizeof err) == 0, "%s",
		      err);
	ck_assert_int_eq(form, MICA_REF_CORIM_CCA);
	ck_assert_str_eq(corim_ref.policy, json_ref.policy);
	ck_assert_str_eq(corim_ref.hash, json_ref.hash);
	ck_assert_uint_eq(corim_ref.version, json_ref.version);
	ck_assert_uint_eq(corim_ref.nrealms, json_ref.nrealms);
	for (size_t i = 0; i < json_ref.nrealms; i++) {
		char name[32] = "rim:";

		ck_assert_mem_eq(corim_ref.realms[i].rim, json_ref.realms[i].rim,
				 json_ref.dlen);
		for (int k = 0; k < 8; k++)
			snprintf(name + 4 + 2 * k, 3, "%02x",
				 json_ref.realms[i].rim[k]);
		ck_assert_str_eq(corim_ref.realms[i].name, name);
	}
	/* mica_reference_load tells JSON apart too. */
	ck_assert_int_eq(mica_reference_load(j->data, j->len, NULL, &corim_ref,
					     &form, err, sizeof err), 0);
	ck_assert_int_eq(form, MICA_REF_JSON);
	mica_files_free(&files);
}
END_TEST

static int parses(const uint8_t *p, size_t n, char *err, size_t errlen)
{
	static mica_reference r;
	mica_ref_form form;

	return mica_corim_parse(p, n, &r, &form, err, errlen);
}

/* f's bytes with the first from (n bytes) replaced by to (m bytes);
 * the new length in *len. */
static uint8_t *edit(const mica_file *f, const void *from, size_t n,
		     const void *to, size_t m, size_t *len)
{
	uint8_t *s = malloc(f->len + m);

	ck_assert_ptr_nonnull(s);
	for (size_t i = 0; i + n <= f->len; i++)
		if (memcmp(f->data + i, from, n) == 0) {
			memcpy(s, f->data, i);
			memcpy(s + i, to, m);
			memcpy(s + i + m, f->data + i + n, f->len - i - n);
			*len = f->len - n + m;
			return s;
		}
	ck_abort_msg("edit: bytes not found");
	return NULL;
}

START_TEST(malformed)
{
	static const struct {
		const char *file, *from, *to, *msg;
		size_t n, m;
	} bad[] = {
#define B(f, a, b, m) { f, a, b, m, sizeof a - 1, sizeof b - 1 }
		B("reference.corim", "cca.rim", "cca.rix",
		  "unexpected measurement \"cca.rix\""),
		B("mica.corim", "mica.blob", "mica.blub",
		  "unexpected measurement \"mica.blub\""),
		B("mica.corim", "mica.image", "cca.rim\0\0\0", "control"),
		B("reference.corim", "tag:arm.com", "tag:arm.org",
		  "is neither"),
		B("reference.corim", "\xd9\x01\xf5", "\xd9\x01\xf6",
		  "tag 502, not 501"),
		B("reference.corim", "\xd9\x02\x30", "\xd9\x02\x31",
		  "tag 561, not 560"),
		B("mica.corim", "\xd9\x01\xfa", "\xd9\x01\xfb",
		  "tag 507, not 506"),
		/* sha-256 (1) to sha-384 (7): 32 bytes are not a SHA-384 */
		B("reference.corim", "\x82\x01\x58\x20", "\x82\x07\x58\x20",
		  "is 32 bytes, SHA-384 has 48"),
		B("reference.corim", "\x82\x01\x58\x20", "\x82\x05\x58\x20",
		  "hash algorithm 5 is not"),
		/* the corim-map's profile key 3 as 4 */
		B("reference.corim", "\x03\xd8\x20", "\x04\xd8\x20",
		  "unexpected key 4 in the corim-map"),
		B("reference.corim", "\x03\xd8\x20", "\x18\x28\xd8\x20",
		  "unexpected key 40 in the corim-map"),
		/* a head longer than it needs */
		B("mica.corim", "\xa3\x00", "\xb8\x03", "shortest"),
#undef B
	};
	char err[256];

	compile("video_moderation");   /* SHA-256, regions, 3 realms */
	for (int w = 0; w < 2; w++) {
		const mica_file *f = output(w ? "mica.corim" : "reference.corim");

		ck_assert_int_eq(parses(f->data, f->len, err, sizeof err), 0);
		for (size_t k = 0; k < f->len; k++) {
			uint8_t *p = malloc(k + 1);

			ck_assert_ptr_nonnull(p);
			memcpy(p, f->data, k);   /* exactly k bytes for ASan */
			err[0] = '\0';
			ck_assert_msg(parses(p, k, err, sizeof err) == -1,
				      "prefix of %zu bytes accepted", k);
			ck_assert_msg(strncmp(err, "at byte ", 8) == 0,
				      "prefix %zu: \"%s\"", k, err);
			free(p);
		}
		/* A trailing byte. */
		{
			uint8_t *p = malloc(f->len + 1);

			ck_assert_ptr_nonnull(p);
			memcpy(p, f->data, f->len);
			p[f->len] = 0;
			ck_assert_int_eq(parses(p, f->len + 1, err, sizeof err),
					 -1);
			ck_assert_msg(strstr(err, "after the CoRIM"), "%s", err);
			free(p);
		}
		/* Every bit flip: refused with a message, or read. */
		for (size_t k = 0; k < 8 * f->len; k++) {
			uint8_t *p = malloc(f->len);

			ck_assert_ptr_nonnull(p);
			memcpy(p, f->data, f->len);
			p[k / 8] ^= (uint8_t)(1u << (k % 8));
			err[0] = '\0';
			if (parses(p, f->len, err, sizeof err) != 0)
				ck_assert_msg(strncmp(err, "at byte ", 8) == 0,
					      "flip %zu: \"%s\"", k, err);
			free(p);
		}
	}
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		const mica_file *f = output(bad[k].file);
		size_t len;
		uint8_t *s = edit(f, bad[k].from, bad[k].n, bad[k].to,
				  bad[k].m, &len);

		err[0] = '\0';
		ck_assert_msg(parses(s, len, err, sizeof err) == -1,
			      "case %zu accepted", k);
		ck_assert_msg(strstr(err, bad[k].msg) != NULL,
			      "case %zu: want \"%s\", got \"%s\"", k,
			      bad[k].msg, err);
		ck_assert_msg(strncmp(err, "at byte ", 8) == 0, "%s", err);
		free(s);
	}
	mica_files_free(&files);
}
END_TEST

/* A fresh key on grp: its private PEM into priv, its public key. */
static void new_key(mbedtls_ecp_group_id grp, char *priv, size_t cap,
		    mica_ec_key *pub)
{
	mbedtls_pk_context pk;
	mbedtls_entropy_context ent;
	mbedtls_ctr_drbg_context drbg;
	unsigned char pem[1024];
	mica_verdict v;

	mbedtls_pk_init(&pk);
	mbedtls_entropy_init(&ent);
	mbedtls_ctr_drbg_init(&drbg);
	ck_assert_int_eq(mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func,
					       &ent, NULL, 0), 0);
	ck_assert_int_eq(mbedtls_pk_setup(&pk, mbedtls_pk_info_from_type(
						  MBEDTLS_PK_ECKEY)), 0);
	ck_assert_int_eq(mbedtls_ecp_gen_key(grp, mbedtls_pk_ec(pk),
					     mbedtls_ctr_drbg_random, &drbg),
			 0);
	ck_assert_int_eq(mbedtls_pk_write_key_pem(&pk, (unsigned char *)priv,
						  cap), 0);
	ck_assert_int_eq(mbedtls_pk_write_pubkey_pem(&pk, pem, sizeof pem), 0);
	ck_assert_int_eq(mica_key_parse(pem, strlen((char *)pem), pub, &v), 0);
	mbedtls_ctr_drbg_free(&drbg);
	mbedtls_entropy_free(&ent);
	mbedtls_pk_free(&pk);
}

START_TEST(signed_corim)
{
	char priv[2][1024], err[256];
	mica_ec_key pub[2];
	mica_sign_key *key;
	mica_ref_form form;
	const mica_file *m;
	uint8_t *cose, *again;
	size_t n, n2;

	new_key(MBEDTLS_ECP_DP_SECP256R1, priv[0], sizeof priv[0], &pub[0]);
	new_key(MBEDTLS_ECP_DP_SECP384R1, priv[1], sizeof priv[1], &pub[1]);
	compile("video_moderation");
	m = output("mica.corim");
	for (int w = 0; w < 2; w++) {
		key = mica_sign_key_parse((const uint8_t *)priv[w],
					  strlen(priv[w]), err, sizeof err);
		ck_assert_msg(key != NULL, "%s", err);
		ck_assert_int_eq(mica_sign_key_alg(key), w ? MICA_COSE_ES384
							   : MICA_COSE_ES256);
		ck_assert_int_eq(mica_corim_sign(key, "micac", m->data, m->len,
						 &cose, &n, err, sizeof err),
				 0);
		/* Deterministic (RFC 6979). */
		ck_assert_int_eq(mica_corim_sign(key, "micac", m->data, m->len,
						 &again, &n2, err, sizeof err),
				 0);
		ck_assert_uint_eq(n, n2);
		ck_assert_mem_eq(cose, again, n);
		free(again);
		ck_assert_msg(mica_reference_load(cose, n, &pub[w], &corim_ref,
						  &form, err, sizeof err) == 0,
			      "%s", err);
		ck_assert_int_eq(form, MICA_REF_CORIM_MICA);
		ck_assert_int_eq(mica_reference_load(cose, n, NULL, &corim_ref,
						     &form, err, sizeof err),
				 -1);
		ck_assert(strstr(err, "--reference-key") != NULL);
		ck_assert_int_eq(mica_reference_load(cose, n, &pub[!w],
						     &corim_ref, &form, err,
						     sizeof err), -1);
		/* Every byte flipped: refused. */
		for (size_t k = 0; k < n; k++) {
			cose[k] ^= 0x20;
			err[0] = '\0';
			ck_assert_msg(mica_reference_load(cose, n, &pub[w],
							  &corim_ref, &form,
							  err, sizeof err) == -1,
				      "byte %zu flipped: accepted", k);
			ck_assert_msg(err[0] != '\0', "byte %zu: no message", k);
			cose[k] ^= 0x20;
		}
		free(cose);
		mica_sign_key_free(key);
	}
	/* A public key is no signing key. */
	key = mica_sign_key_parse((const uint8_t *)"-----BEGIN PUBLIC KEY-----",
				  26, err, sizeof err);
	ck_assert_ptr_null(key);
	mica_files_free(&files);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("corim");
	TCase *t = tcase_create("corim");

	tcase_set_timeout(t, 300);
	tcase_add_loop_test(t, round_trip, 0,
			    sizeof examples / sizeof examples[0]);
	tcase_add_test(t, malformed);
	tcase_add_test(t, signed_corim);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(suite());
	int failed;

	srunner_run_all(r, CK_ENV);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
