/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_rmm_group.c -- MICA_RSI_GROUP_TOKEN_INIT / _CONTINUE: three Realms
 * of one policy connected through shared regions (a -> b -> c) each fetch
 * a group token; it lists all three with their real final RIMs (the
 * RMM's, and micac's reference.json for the same policy), verifies with
 * the project's verifier, is identical across runs; a pair of another
 * policy (d, e) is not listed; a Realm with no policy is refused; refused
 * calls change nothing; a group that changes between INIT and CONTINUE is
 * refused; micac inspect --json names the claim and its members.
 *
 * Realms are tpol.c's (0..5): a b c = 0 1 2, d e = 3 4, realm 5 has no
 * policy. Each fetches into its DATA granule at IPA 0.
 */
#define _GNU_SOURCE
#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <stdio.h>
#include <stdlib.h>

#include "mica/ast.h"
#include "mica/blob.h"
#include "mica/wire/cbor_read.h"
#include "mica/diag.h"
#include "mica/ir.h"
#include "mica/source.h"
#include "mica/token.h"
#include "tkey.h"
#include "tpol.h"

#define S0 200u
#define S1 201u
#define S2 202u

static struct tplat *tp;
static struct tsnap *snap;

static const char PG3[] =
	"policy g version 1;\n"
	"realm a { measurement = %R0; trust = trusted; }\n"
	"realm b { measurement = %R1; trust = trusted; }\n"
	"realm c { measurement = %R2; trust = trusted; }\n"
	"region r : protected, 8 KiB { a: w @ 0x100000; b: r @ 0x110000; }\n"
	"region s : protected, 8 KiB { b: w @ 0x120000; c: rw @ 0x130000; }\n";

static const char PH2[] =
	"policy h version 1;\n"
	"realm d { measurement = %R3; trust = trusted; }\n"
	"realm e { measurement = %R4; trust = trusted; }\n"
	"region t : protected, 8 KiB { d: w @ 0x100000; e: rw @ 0x110000; }\n";

static unsigned long map(unsigned i, unsigned g, unsigned long ipa)
{
	return RMI(tp, MICA_RMI_SHARE_MAP, TPOL_RD(i), PA(g), ipa);
}

static void up(unsigned i, const char *text, const char *name)
{
	tpol_bind_text(tp, i, text, name);
	ck_assert_uint_eq(tpol_activate(tp, i), 0);
}

static void setup(void)
{
	tp = tp_new();
	tp_attest_on(tp);
	snap = malloc(sizeof *snap);
	ck_assert_ptr_nonnull(snap);
	for (unsigned i = 0; i < 6; i++)
		tpol_realm(tp, i);
	for (unsigned g = S0; g <= S2; g++)
		tp_delegate(tp, g);
	up(0, PG3, "a");
	up(1, PG3, "b");
	up(2, PG3, "c");
	up(3, PH2, "d");
	up(4, PH2, "e");
	ck_assert_uint_eq(tpol_activate(tp, 5), 0);   /* no policy */
	ck_assert_uint_eq(map(0, S0, 0x100000), 0);
	ck_assert_uint_eq(map(1, S0, 0x110000), 0);
	ck_assert_uint_eq(map(1, S1, 0x120000), 0);
	ck_assert_uint_eq(map(2, S1, 0x130000), 0);
	ck_assert_uint_eq(map(3, S2, 0x100000), 0);
	ck_assert_uint_eq(map(4, S2, 0x110000), 0);
}

static void teardown(void)
{
	free(snap);
	tp_free(tp);
}

/* ---- fetching ---------------------------------------------------------- */

static unsigned cur;                 /* the Realm that runs */
static uint8_t token[MICA_ATTEST_GROUP_MAX];
static size_t token_len;
static unsigned long bound;
static uint8_t c0 = 0x50;

static void challenge(uint8_t ch[64])
{
	for (unsigned i = 0; i < 64; i++)
		ch[i] = (uint8_t)(c0 + i);
}

static unsigned long ginit(unsigned long rec, unsigned long ret[])
{
	unsigned long x[MICA_RMM_SMC_REGS] = { MICA_RSI_GROUP_TOKEN_INIT };
	uint8_t ch[64];

	challenge(ch);
	for (unsigned i = 0; i < 8; i++)
		x[1 + i] = mica_ld64(ch + 8 * i);
	return mica_rmm_rsi(&tp->ctx, rec, x, ret);
}

static unsigned long gcont(unsigned long rec, unsigned long ipa,
			   unsigned long off, unsigned long size,
			   unsigned long ret[])
{
	unsigned long x[MICA_RMM_SMC_REGS] = { MICA_RSI_GROUP_TOKEN_CONTINUE,
					       ipa, off, size };

	return mica_rmm_rsi(&tp->ctx, rec, x, ret);
}

static const uint8_t *realm_mem(unsigned i, unsigned long ipa)
{
	unsigned long pa;

	ck_assert_int_eq(mica_rmm_s2_translate(&tp->ctx, TPOL_RD(i), ipa,
					       MICA_S2_AP_R, &pa, NULL), 0);
	return tp->mem + (pa - TP_BASE);
}

/* INIT, then CONTINUE into IPA 0 in chunks of 1000 bytes. */
static void fetch(struct tplat *t, unsigned long rec)
{
	unsigned long ret[MICA_RMM_SMC_REGS], x0;
	uint32_t builds = tp->ctx.work.token.builds;

	(void)t;
	ck_assert_uint_eq(ginit(rec, ret), MICA_RSI_SUCCESS);
	bound = ret[1];
	token_len = 0;
	do {
		x0 = gcont(rec, 0, 0, 1000, ret);
		ck_assert(x0 == MICA_RSI_SUCCESS || x0 == MICA_RSI_INCOMPLETE);
		ck_assert_uint_le(token_len + ret[1], sizeof token);
		memcpy(token + token_len, realm_mem(cur, 0), ret[1]);
		token_len += ret[1];
	} while (x0 == MICA_RSI_INCOMPLETE);
	/* One build per token, whatever the number of chunks. */
	ck_assert_uint_eq(tp->ctx.work.token.builds, builds + 1);
}

static void run(unsigned i, void (*fn)(struct tplat *, unsigned long))
{
	cur = i;
	tp->nsteps = tp->pc = 0;
	STEP(tp, .kind = S_CALL, .fn = fn);
	ck_assert_uint_eq(tp_enter(tp, TPOL_G(i, 7), 0), 0);
}

/* ---- checking ---------------------------------------------------------- */

static void verified(void)
{
	mica_ec_key key = tkey_platform();
	uint8_t ch[64];
	mica_verify_opts opts = { ch, 64 };
	mica_token t;
	mica_verdict v;

	challenge(ch);
	ck_assert_int_eq(mica_token_parse(token, token_len, &t, &v), 0);
	mica_token_verify(&t, &key, &opts, &v);
	ck_assert_msg(v.kind == MICA_VERIFIED, "%s: %s",
		      mica_verdict_name(v.kind), v.msg);
}

/* The group claim's value in the token, as encoded. */
static mica_bytes group_value(void)
{
	static mica_claimset realm;
	mica_token t;
	mica_verdict v;
	const mica_bytes *val;

	ck_assert_int_eq(mica_token_parse(token, token_len, &t, &v), 0);
	ck_assert_int_eq(mica_claimset_parse(t.realm.payload.p,
			 t.realm.payload.n, &realm, "realm token", &v), 0);
	/* the 8 CCA claims, submods, the audit count and chain */
	ck_assert_uint_eq(realm.n, 11);
	ck_assert_ptr_null(mica_claimset_get(&realm, MICA_CLAIM_GROUP_OLD));
	val = mica_claimset_get(&realm, MICA_CLAIM_SUBMODS);
	ck_assert_ptr_nonnull(val);
	return *val;
}

struct member {
	const uint8_t *rim, *workflow;   /* workflow: NULL if not carried */
};

/* Decodes claim 266 (deterministic CBOR, exact keys): n members named
 * by rank, "0".."9", "A".."Z", "_", "a".."z", "~" (man/mica-rmm.7), in
 * order, each {44238: RIM} or {44238: RIM, -77101:
 * workflow digest}. */
static unsigned decode(struct member *m, unsigned max)
{
	mica_bytes val = group_value();
	mica_cbor c;
	uint64_t n, e;
	int64_t k;
	static const char names[] = "0123456789"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~";
	const char *name;
	const uint8_t *p;
	size_t len;

	mica_cbor_init(&c, val.p, val.n, MICA_CBOR_DETERMINISTIC);
	ck_assert_int_eq(mica_cbor_map(&c, &n), 0);
	ck_assert_uint_le(n, max);
	for (unsigned i = 0; i < n; i++) {
		ck_assert_int_eq(mica_cbor_tstr(&c, &name, &len), 0);
		ck_assert_uint_eq(len, 1);
		ck_assert_int_eq(name[0], names[i]);
		ck_assert_int_eq(mica_cbor_map(&c, &e), 0);
		ck_assert(e == 1 || e == 2);
		ck_assert_int_eq(mica_cbor_int(&c, &k), 0);
		ck_assert_int_eq(k, 44238);
		ck_assert_int_eq(mica_cbor_bstr(&c, &p, &len), 0);
		ck_assert_uint_eq(len, 32);
		m[i].rim = p;
		m[i].workflow = NULL;
		if (e == 2) {
			ck_assert_int_eq(mica_cbor_int(&c, &k), 0);
			ck_assert_int_eq(k, -77101);
			ck_assert_int_eq(mica_cbor_bstr(&c, &p, &len), 0);
			ck_assert_uint_eq(len, 32);
			m[i].workflow = p;
		}
	}
	ck_assert_int_eq(mica_cbor_done(&c), 0);
	return (unsigned)n;
}

static void hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}
static int json_has(const char *json, const char *key, const uint8_t *p)
{
	char want[200];

	snprintf(want, sizeof want, "\"%s\": \"", key);
	hex(p, 32, want + strlen(want));
	strcat(want, "\"");
	return strstr(json, want) != NULL;
}

/* ---- the tests ---------------------------------------------------------- */

/* The group from every member: a, b, c, each with its real final RIM,
 * image measurement and workflow, sorted by RIM; d, e, f absent. */
START_TEST(lists_the_group)
{
	struct member m[8];
	char *json = tpol_reference_json(tp, PG3);
	static uint8_t first[MICA_ATTEST_GROUP_MAX];
	size_t first_len = 0;

	for (unsigned who = 0; who < 3; who++) {
		unsigned n, seen = 0;

		run(who, fetch);
		ck_assert_uint_eq(bound, MICA_ATTEST_GROUP_MAX);
		verified();
		n = decode(m, 8);
		ck_assert_uint_eq(n, 3);
		ck_assert_msg(json_has(json, "workflow_digest",
				       tpol_r(tp, who)->policy.pol.workflow),
			      "workflow digest not micac's");
		for (unsigned i = 0; i < n; i++) {
			if (i > 0)
				ck_assert_int_lt(memcmp(m[i - 1].rim,
							m[i].rim, 32), 0);
			ck_assert_msg(json_has(json, "rim", m[i].rim),
				      "member %u: RIM not in reference.json", i);
			/* One policy: no member carries a workflow digest. */
			ck_assert_ptr_null(m[i].workflow);
			for (unsigned r = 0; r < 6; r++) {
				const struct mica_rmm_realm *x = tpol_r(tp, r);

				if (memcmp(x->meas[0], m[i].rim, 32) != 0)
					continue;
				ck_assert_uint_lt(r, 3);   /* not d, e, f */
				seen |= 1u << r;
			}
		}
		ck_assert_uint_eq(seen, 7u);
		/* The claim is the same whoever asks. */
		if (who == 0) {
			mica_bytes g = group_value();

			memcpy(first, g.p, g.n);
			first_len = g.n;
		} else {
			mica_bytes g = group_value();

			ck_assert_uint_eq(g.n, first_len);
			ck_assert_mem_eq(g.p, first, first_len);
		}
	}
	fprintf(stderr, "test_rmm_group: a group token of 3 is %zu bytes\n",
		token_len);
	/* MICA_GROUP_TOKEN_OUT=FILE keeps c's, for micac inspect/verify. */
	if (getenv("MICA_GROUP_TOKEN_OUT")) {
		FILE *f = fopen(getenv("MICA_GROUP_TOKEN_OUT"), "wb");

		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fwrite(token, 1, token_len, f), token_len);
		ck_assert_int_eq(fclose(f), 0);
	}
	free(json);
}
END_TEST

START_TEST(pair_and_deterministic)
{
	static uint8_t first[MICA_ATTEST_GROUP_MAX];
	size_t first_len;
	struct member m[8];
	char *json = tpol_reference_json(tp, PH2);

	run(3, fetch);
	verified();
	ck_assert_uint_eq(decode(m, 8), 2);
	for (unsigned i = 0; i < 2; i++)
		ck_assert(json_has(json, "rim", m[i].rim));
	memcpy(first, token, token_len);
	first_len = token_len;
	run(3, fetch);
	ck_assert_uint_eq(token_len, first_len);
	ck_assert_mem_eq(token, first, first_len);
	free(json);
}
END_TEST

static int checked;

/* Refusals change nothing. */
static void refusals(struct tplat *t, unsigned long rec)
{
	unsigned long ret[MICA_RMM_SMC_REGS];

	tp_snap(t, snap);
	ck_assert_uint_eq(gcont(rec, 0, 0, 4096, ret), MICA_RSI_ERROR_STATE);
	ck_assert(tp_same(t, snap));
	/* An ordinary INIT does not open a group token, nor the reverse. */
	{
		unsigned long x[MICA_RMM_SMC_REGS] = {
			MICA_RSI_ATTESTATION_TOKEN_INIT };

		ck_assert_uint_eq(mica_rmm_rsi(&t->ctx, rec, x, ret), 0);
		tp_snap(t, snap);
		ck_assert_uint_eq(gcont(rec, 0, 0, 4096, ret),
				  MICA_RSI_ERROR_STATE);
		ck_assert(tp_same(t, snap));
	}
	ck_assert_uint_eq(ginit(rec, ret), MICA_RSI_SUCCESS);
	tp_snap(t, snap);
	ck_assert_uint_eq(gcont(rec, 8, 0, 4096, ret), MICA_RSI_ERROR_INPUT);
	ck_assert_uint_eq(gcont(rec, 0x2000, 0, 4096, ret),
			  MICA_RSI_ERROR_INPUT);
	ck_assert_uint_eq(gcont(rec, 0, 0, 0, ret), MICA_RSI_ERROR_INPUT);
	ck_assert_uint_eq(gcont(rec, 0, 4000, 97, ret), MICA_RSI_ERROR_INPUT);
	ck_assert_uint_eq(gcont(rec, TP_UNPROT, 0, 4096, ret),
			  MICA_RSI_ERROR_INPUT);
	ck_assert(tp_same(t, snap));
	/* c leaves the group between INIT and CONTINUE: refused, nothing
	 * changed (the host's unmap did, so snapshot after it). */
	ck_assert_uint_eq(RMI(t, MICA_RMI_SHARE_UNMAP, TPOL_RD(2), 0x130000),
			  0);
	tp_snap(t, snap);
	ck_assert_uint_eq(gcont(rec, 0, 0, 4096, ret), MICA_RSI_ERROR_STATE);
	ck_assert(tp_same(t, snap));
	/* A new INIT sees the group of two. */
	ck_assert_uint_eq(ginit(rec, ret), MICA_RSI_SUCCESS);
	ck_assert_uint_eq(gcont(rec, 0, 0, 4096, ret), MICA_RSI_SUCCESS);
	memcpy(token, realm_mem(cur, 0), ret[1]);
	token_len = ret[1];
	checked = 1;
}

START_TEST(refused_changes_nothing)
{
	struct member m[8];

	checked = 0;
	run(0, refusals);
	ck_assert_int_eq(checked, 1);
	verified();
	ck_assert_uint_eq(decode(m, 8), 2);
}
END_TEST

/* A Realm with no policy, and a platform that cannot attest. */
static void no_policy(struct tplat *t, unsigned long rec)
{
	unsigned long ret[MICA_RMM_SMC_REGS];

	tp_snap(t, snap);
	ck_assert_uint_eq(ginit(rec, ret), MICA_RSI_ERROR_STATE);
	ck_assert(tp_same(t, snap));
	checked = 1;
}

START_TEST(refused_without_policy)
{
	checked = 0;
	run(5, no_policy);
	ck_assert_int_eq(checked, 1);
	tp->plat.attest = NULL;
	checked = 0;
	run(1, no_policy);
	ck_assert_int_eq(checked, 1);
}
END_TEST

/* micac inspect --json: the claim by name, its members' RIMs. */
START_TEST(inspect_json)
{
	struct member m[8];
	char *out = NULL, want[100];
	size_t outlen = 0;
	FILE *f;
	mica_verdict v;

	run(1, fetch);
	ck_assert_uint_eq(decode(m, 8), 3);
	f = open_memstream(&out, &outlen);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(mica_inspect(f, token, token_len, MICA_INSPECT_JSON,
				      &v), 0);
	fclose(f);
	ck_assert_msg(strstr(out, "\"key\": 266, \"name\": \"submods\"")
		      != NULL, "%s", out);
	ck_assert(strstr(out, "\"key\": -77102, \"name\": "
			  "\"mica-audit-count\"") != NULL);
	ck_assert(strstr(out, "\"members\": [") != NULL);
	for (unsigned i = 0; i < 3; i++) {
		strcpy(want, "\"rim\": \"");
		hex(m[i].rim, 32, want + strlen(want));
		ck_assert_msg(strstr(out, want) != NULL, "member %u", i);
	}
	ck_assert(strstr(out, "\"workflow-digest\"") == NULL);
	ck_assert(strstr(out, "\"error\"") == NULL);
	free(out);
	/* And as text. */
	out = NULL;
	f = open_memstream(&out, &outlen);
	ck_assert_int_eq(mica_inspect(f, token, token_len, 0, &v), 0);
	fclose(f);
	ck_assert_msg(strstr(out, "266 submodules (Mica group): 3 members")
		      != NULL, "%s", out);
	ck_assert_msg(strstr(out, "member \"0\":") != NULL, "%s", out);
	free(out);
}
END_TEST

/* A Realm of another policy joins a's region through `any`: it is a
 * member that carries its own workflow digest (-77101), sorted after the
 * members of the caller's policy; the verifier refuses it against the
 * caller's reference values alone, naming it. Realms 6 (a, policy pa)
 * and 7 (x, policy other), granule 203. */
static const char PA1[] =
	"policy pa version 1;\n"
	"realm a { measurement = %R6; trust = trusted; }\n"
	"realm b { measurement = %R1; trust = trusted; }\n"
	"region r : protected, 8 KiB { a: w @ 0x100000; b: r @ 0x110000;\n"
	"  any: r @ 0x120000 limit 1; }\n";
static const char PX[] =
	"policy other version 1;\n"
	"realm a { measurement = %R6; trust = trusted; }\n"
	"realm b { measurement = %R1; trust = trusted; }\n"
	"realm x { measurement = %R7; trust = trusted; }\n"
	"region r : protected, 8 KiB { a: w @ 0x100000; b: r @ 0x110000;\n"
	"  x: r @ 0x120000; any: r @ 0x120000 limit 1; }\n";

START_TEST(any_joiner_carries_workflow)
{
	struct member m[8];
	mica_reference *ref = malloc(sizeof *ref);
	char *json, err[256];
	mica_ec_key key = tkey_platform();
	uint8_t ch[64];
	mica_verify_opts opts = { ch, 64 };
	mica_ref_check rc = { 0 };
	mica_token t;
	mica_verdict v;

	ck_assert_ptr_nonnull(ref);
	tpol_realm(tp, 6);
	tpol_realm(tp, 7);
	tp_delegate(tp, 203);
	up(6, PA1, "a");
	up(7, PX, "x");
	ck_assert_uint_eq(map(6, 203, 0x100000), 0);
	ck_assert_uint_eq(map(7, 203, 0x120000), 0);
	ck_assert(memcmp(tpol_r(tp, 6)->policy.pol.workflow,
			 tpol_r(tp, 7)->policy.pol.workflow, 32) != 0);
	run(6, fetch);
	verified();
	ck_assert_uint_eq(decode(m, 8), 2);
	ck_assert_mem_eq(m[0].rim, tpol_r(tp, 6)->meas[0], 32);
	ck_assert_ptr_null(m[0].workflow);
	ck_assert_mem_eq(m[1].rim, tpol_r(tp, 7)->meas[0], 32);
	ck_assert_ptr_nonnull(m[1].workflow);
	ck_assert_mem_eq(m[1].workflow, tpol_r(tp, 7)->policy.pol.workflow,
			 32);
	/* Against pa's reference values only: x has none. */
	json = tpol_reference_json(tp, PA1);
	ck_assert_int_eq(mica_reference_parse((const uint8_t *)json,
			 strlen(json), ref, err, sizeof err), 0);
	challenge(ch);
	rc.reference = ref;
	ck_assert_int_eq(mica_token_parse(token, token_len, &t, &v), 0);
	mica_token_verify_ref(&t, &key, &opts, &rc, &v);
	ck_assert_int_eq(v.kind, MICA_REFERENCE_FAILS);
	ck_assert_msg(strstr(v.msg, "group member 1 (RIM ") == v.msg &&
		      strstr(v.msg, "a realm of another policy (workflow "
			     "digest ") && strstr(v.msg, "claim -77101); no "
			     "reference values given for it"), "%s", v.msg);
	/* Per member: a matched, x (the failure) last and unmatched. */
	ck_assert_uint_eq(rc.nmembers, 2);
	ck_assert_int_eq(rc.members[0].attester, 1);
	ck_assert_int_ge(rc.members[0].realm, 0);
	ck_assert_int_eq(rc.members[1].realm, -1);
	ck_assert_uint_eq(rc.members[1].workflow.n, 32);
	free(json);
	free(ref);
}
END_TEST

/* A token with the former group claim (-70001) is refused by name: the
 * claim check of its realm claims fails, whatever else it holds. */
START_TEST(old_group_claim_refused)
{
	static mica_claimset realm;
	static const uint8_t old_key[] = { 0x3A, 0x00, 0x01, 0x11, 0x70 };
	static const uint8_t empty_map[] = { 0xA0 };
	mica_token t;
	mica_verdict v;
	size_t at;

	run(0, fetch);
	ck_assert_int_eq(mica_token_parse(token, token_len, &t, &v), 0);
	ck_assert_int_eq(mica_claimset_parse(t.realm.payload.p,
			 t.realm.payload.n, &realm, "realm token", &v), 0);
	ck_assert_int_eq(mica_claims_check_realm(&realm, &v), 0);
	/* -70001 (3A 00 01 11 70) sorts before -77102 (3A 00 01 2D 2D). */
	at = realm.n - 2;
	ck_assert_int_eq(realm.c[at].ikey, -77102);
	memmove(&realm.c[at + 1], &realm.c[at], 2 * sizeof realm.c[0]);
	memset(&realm.c[at], 0, sizeof realm.c[at]);
	realm.c[at].is_int = 1;
	realm.c[at].ikey = -70001;
	realm.c[at].key.p = old_key;
	realm.c[at].key.n = sizeof old_key;
	realm.c[at].value.p = empty_map;
	realm.c[at].value.n = sizeof empty_map;
	realm.n++;
	ck_assert_ptr_nonnull(mica_claimset_get(&realm, -70001));
	ck_assert_int_eq(mica_claims_check_realm(&realm, &v), -1);
	ck_assert_int_eq(v.kind, MICA_CLAIMS_FAIL);
	ck_assert_msg(strstr(v.msg, "claim -70001 is the former Mica group "
			     "claim, no longer accepted") != NULL, "%s", v.msg);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rmm_group");
	TCase *tc = tcase_create("group");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, lists_the_group);
	tcase_add_test(tc, pair_and_deterministic);
	tcase_add_test(tc, refused_changes_nothing);
	tcase_add_test(tc, refused_without_policy);
	tcase_add_test(tc, inspect_json);
	tcase_add_test(tc, old_group_claim_refused);
	tcase_add_test(tc, any_joiner_carries_workflow);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
