/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_verify_reference.c -- micac verify --reference: real group tokens
 * of a 3-realm policy (the RMM module in-process, as in
 * tests/rmm/test_rmm_group.c) against micac's reference.json for that
 * policy, compiled by the backend in-process. The good case verifies and
 * names every realm; another policy, a changed RIM (but not a changed
 * image measurement or workflow digest: the token carries neither), a
 * missing member (--require-all), a wrong hash and a
 * wrong challenge are each refused in words; every truncation of a good
 * reference.json and a list of corruptions are refused by the reader
 * (exit 2 from the command); the third-party vectors still verify
 * without --reference.
 *
 * Realms are tpol.c's: a b c = 0 1 2 (policy g: a -> b -> c through
 * regions r and s), d e = 3 4 (policy h).
 */
#define _GNU_SOURCE
#include <mbedtls/ecp.h>
#include <mbedtls/sha256.h>
#include <mbedtls/pk.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "mica/ast.h"
#include "mica/blob.h"
#include "mica/diag.h"
#include "mica/ir.h"
#include "mica/source.h"
#include "mica/token.h"
#include "tkey.h"
#include "tpol.h"
#include "commands.h"   /* micac_verify, micac_inspect */
#include "vtest.h"

#define S0 200u
#define S1 201u
#define S2 202u

static struct tplat *tp;

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
	for (unsigned i = 0; i < 5; i++)
		tpol_realm(tp, i);
	for (unsigned g = S0; g <= S2; g++)
		tp_delegate(tp, g);
	up(0, PG3, "a");
	up(1, PG3, "b");
	up(2, PG3, "c");
	up(3, PH2, "d");
	up(4, PH2, "e");
	ck_assert_uint_eq(map(0, S0, 0x100000), 0);
	ck_assert_uint_eq(map(1, S0, 0x110000), 0);
	ck_assert_uint_eq(map(1, S1, 0x120000), 0);
	ck_assert_uint_eq(map(2, S1, 0x130000), 0);
	ck_assert_uint_eq(map(3, S2, 0x100000), 0);
	ck_assert_uint_eq(map(4, S2, 0x110000), 0);
}

static void teardown(void)
{
	tp_free(tp);
}

/* ---- fetching a group token (as test_rmm_group.c) ---------------------- */

static unsigned cur;
static uint8_t token[MICA_ATTEST_GROUP_MAX];
static size_t token_len;

static void challenge(uint8_t ch[64])
{
	for (unsigned i = 0; i < 64; i++)
		ch[i] = (uint8_t)(0x50 + i);
}

static const uint8_t *realm_mem(unsigned i, unsigned long ipa)
{
	unsigned long pa;

	ck_assert_int_eq(mica_rmm_s2_translate(&tp->ctx, TPOL_RD(i), ipa,
					       MICA_S2_AP_R, &pa, NULL), 0);
	return tp->mem + (pa - TP_BASE);
}

static void fetch(struct tplat *t, unsigned long rec)
{
	unsigned long x[MICA_RMM_SMC_REGS] = { MICA_RSI_GROUP_TOKEN_INIT };
	unsigned long ret[MICA_RMM_SMC_REGS], x0;
	uint8_t ch[64];

	challenge(ch);
	for (unsigned i = 0; i < 8; i++)
		x[1 + i] = mica_ld64(ch + 8 * i);
	ck_assert_uint_eq(mica_rmm_rsi(&t->ctx, rec, x, ret),
			  MICA_RSI_SUCCESS);
	token_len = 0;
	do {
		unsigned long y[MICA_RMM_SMC_REGS] = {
			MICA_RSI_GROUP_TOKEN_CONTINUE, 0, 0, 4096 };

		x0 = mica_rmm_rsi(&t->ctx, rec, y, ret);
		ck_assert(x0 == MICA_RSI_SUCCESS || x0 == MICA_RSI_INCOMPLETE);
		ck_assert_uint_le(token_len + ret[1], sizeof token);
		memcpy(token + token_len, realm_mem(cur, 0), ret[1]);
		token_len += ret[1];
	} while (x0 == MICA_RSI_INCOMPLETE);
}

/* Realm i fetches its group token into token[]. */
static void fetch_as(unsigned i)
{
	cur = i;
	tp->nsteps = tp->pc = 0;
	STEP(tp, .kind = S_CALL, .fn = fetch);
	ck_assert_uint_eq(tp_enter(tp, TPOL_G(i, 7), 0), 0);
}
static mica_reference *reference(const char *text)
{
	char *json = tpol_reference_json(tp, text), err[256];
	mica_reference *r = malloc(sizeof *r);

	ck_assert_ptr_nonnull(r);
	ck_assert_msg(mica_reference_parse((const uint8_t *)json,
					   strlen(json), r, err,
					   sizeof err) == 0, "%s", err);
	free(json);
	return r;
}

static size_t realm_index(const mica_reference *r, const char *name)
{
	for (size_t i = 0; i < r->nrealms; i++)
		if (strcmp(r->realms[i].name, name) == 0)
			return i;
	ck_abort_msg("no realm %s", name);
	return 0;
}

/* Verifies token[] with the reference: the verdict; *matched, *att. */
static mica_verdict check(const mica_reference *ref, int all,
			  const uint8_t *ch, uint64_t *matched, size_t *att)
{
	mica_ec_key key = tkey_platform();
	uint8_t mine[64];
	uint64_t m = 0;
	size_t a = 99;
	mica_verify_opts opts = { mine, 64 };
	mica_ref_check rc = { 0 };
	mica_token t;
	mica_verdict v;

	rc.reference = ref;
	rc.require_all = all;
	rc.attester = 99;
	challenge(mine);
	if (ch)
		memcpy(mine, ch, 64);
	ck_assert_int_eq(mica_token_parse(token, token_len, &t, &v), 0);
	mica_token_verify_ref(&t, &key, &opts, &rc, &v);
	/* Per member: every member up to the one that failed, in order,
	 * the attester among them when verified. */
	if (v.kind == MICA_VERIFIED) {
		size_t n = 0, atts = 0;

		for (size_t i = 0; i < rc.nmembers; i++) {
			ck_assert_int_ge(rc.members[i].realm, 0);
			ck_assert(rc.matched >> rc.members[i].realm & 1);
			ck_assert_ptr_null(rc.members[i].workflow.p);
			ck_assert_uint_eq(rc.members[i].rim.n, 32);
			ck_assert_mem_eq(rc.members[i].rim.p,
				ref->realms[rc.members[i].realm].rim, 32);
			n++;
			if (rc.members[i].attester) {
				atts++;
				ck_assert_uint_eq(
					(size_t)rc.members[i].realm,
					rc.attester);
			}
		}
		ck_assert_uint_eq(n, (size_t)__builtin_popcountll(rc.matched));
		ck_assert_uint_eq(atts, 1);
	}
	m = rc.matched;
	a = rc.attester;
	if (matched)
		*matched = m;
	if (att)
		*att = a;
	return v;
}

#define REFUSED(v, k, text) \
	ck_assert_msg((v).kind == (k) && strstr((v).msg, (text)), \
		      "want %s \"%s\", got %s: %s", mica_verdict_name(k), \
		      (text), mica_verdict_name((v).kind), (v).msg)

/* ---- the tests ---------------------------------------------------------- */

/* Each of a, b, c: verified against g's reference, all three matched,
 * the attester the one who asked; with --require-all too. */
START_TEST(group_verifies)
{
	mica_reference *ref = reference(PG3);
	static const char *const names[] = { "a", "b", "c" };

	ck_assert_uint_eq(ref->nrealms, 3);
	ck_assert_str_eq(ref->policy, "g");
	ck_assert_str_eq(ref->hash, "sha-256");
	ck_assert_uint_eq(ref->version, 1);
	for (unsigned who = 0; who < 3; who++) {
		uint64_t m;
		size_t att;
		mica_verdict v;

		fetch_as(who);
		for (int all = 0; all < 2; all++) {
			v = check(ref, all, NULL, &m, &att);
			ck_assert_msg(v.kind == MICA_VERIFIED, "%s: %s",
				      mica_verdict_name(v.kind), v.msg);
			ck_assert_uint_eq(m, 7);
			ck_assert_uint_eq(att, realm_index(ref, names[who]));
		}
	}
	/* And d of h against h's. */
	free(ref);
	ref = reference(PH2);
	fetch_as(3);
	{
		uint64_t m;
		mica_verdict v = check(ref, 1, NULL, &m, NULL);

		ck_assert_msg(v.kind == MICA_VERIFIED, "%s", v.msg);
		ck_assert_uint_eq(m, 3);
	}
	free(ref);
}
END_TEST

START_TEST(other_policy)
{
	mica_reference *h = reference(PH2), *g = reference(PG3);
	mica_verdict v;

	fetch_as(1);
	v = check(h, 0, NULL, NULL, NULL);
	REFUSED(v, MICA_REFERENCE_FAILS, "no realm of policy h has this "
		"final RIM");
	ck_assert(strstr(v.msg, "realm token RIM (claim 44238)"));
	fetch_as(4);
	v = check(g, 0, NULL, NULL, NULL);
	REFUSED(v, MICA_REFERENCE_FAILS, "no realm of policy g has this "
		"final RIM");
	free(h);
	free(g);
}
END_TEST

START_TEST(changed_values)
{
	mica_reference *good = reference(PG3), *ref = malloc(sizeof *ref);
	size_t c = realm_index(good, "c"), a = realm_index(good, "a");
	mica_verdict v;

	ck_assert_ptr_nonnull(ref);
	fetch_as(0);
	/* c's RIM: a member no realm has. */
	*ref = *good;
	ref->realms[c].rim[5] ^= 1;
	v = check(ref, 0, NULL, NULL, NULL);
	REFUSED(v, MICA_REFERENCE_FAILS, "no realm of policy g has this "
		"final RIM");
	ck_assert_msg(strstr(v.msg, "group member ") == v.msg, "%s", v.msg);
	/* The attester's own RIM. */
	*ref = *good;
	ref->realms[a].rim[31] ^= 0x80;
	v = check(ref, 0, NULL, NULL, NULL);
	REFUSED(v, MICA_REFERENCE_FAILS, "realm token RIM (claim 44238)");
	/* c's image measurement and the workflow digest: a group token
	 * carries neither for members of the attester's policy (their
	 * final RIMs cover both), so only the RIMs decide. */
	*ref = *good;
	ref->realms[c].image[0] ^= 1;
	ref->workflow[7] ^= 4;
	v = check(ref, 0, NULL, NULL, NULL);
	ck_assert_msg(v.kind == MICA_VERIFIED, "%s", v.msg);
	/* The hash. */
	*ref = *good;
	strcpy(ref->hash, "sha-512");
	v = check(ref, 0, NULL, NULL, NULL);
	REFUSED(v, MICA_REFERENCE_FAILS, "measurement algorithm (claim "
		"44236) is \"sha-256\", policy g uses \"sha-512\"");
	/* Two reference realms with the same values: each matched once,
	 * so c's member matches neither. */
	*ref = *good;
	memcpy(ref->realms[c].rim, ref->realms[a].rim, 32);
	memcpy(ref->realms[c].image, ref->realms[a].image, 32);
	v = check(ref, 0, NULL, NULL, NULL);
	REFUSED(v, MICA_REFERENCE_FAILS, "no realm of policy g has this "
		"final RIM");
	/* A reference of a alone: b's member matches no realm. */
	*ref = *good;
	ref->nrealms = 1;
	ref->realms[0] = good->realms[a];
	v = check(ref, 0, NULL, NULL, NULL);
	REFUSED(v, MICA_REFERENCE_FAILS, "no realm of policy g has this "
		"final RIM");
	/* The challenge, with a good reference: the challenge fails first. */
	{
		uint8_t ch[64];

		challenge(ch);
		ch[63] ^= 1;
		v = check(good, 0, ch, NULL, NULL);
		REFUSED(v, MICA_CHALLENGE_FAILS, "realm challenge (claim 10) "
			"does not match");
	}
	free(ref);
	free(good);
}
END_TEST

/* c leaves the group: a and b verify, with --require-all c is missing. */
START_TEST(missing_member)
{
	mica_reference *ref = reference(PG3);
	uint64_t m;
	mica_verdict v;

	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(2), 0x130000),
			  0);
	fetch_as(0);
	v = check(ref, 0, NULL, &m, NULL);
	ck_assert_msg(v.kind == MICA_VERIFIED, "%s", v.msg);
	ck_assert_uint_eq(m, (1u << realm_index(ref, "a")) |
			  (1u << realm_index(ref, "b")));
	v = check(ref, 1, NULL, NULL, NULL);
	REFUSED(v, MICA_REFERENCE_FAILS, "realm 'c' of policy g is not in "
		"the group");
	free(ref);
}
END_TEST

static int parses(const char *s, size_t n, char *err, size_t errlen)
{
	static mica_reference r;

	return mica_reference_parse((const uint8_t *)s, n, &r, err, errlen);
}

/* Replaces the first occurrence of from in json by to. */
static char *edit(const char *json, const char *from, const char *to)
{
	const char *at = strstr(json, from);
	size_t n = strlen(json) + strlen(to) + 1;
	char *s = malloc(n);

	ck_assert_msg(at != NULL, "%s not in reference.json", from);
	ck_assert_ptr_nonnull(s);
	memcpy(s, json, (size_t)(at - json));
	strcpy(s + (at - json), to);
	strcat(s, at + strlen(from));
	return s;
}

START_TEST(malformed_json)
{
	char *json = tpol_reference_json(tp, PG3), err[256];
	size_t n = strlen(json);
	static const struct { const char *from, *to, *msg; } bad[] = {
		{ "\"hash\"", "\"hash\": \"sha-256\", \"hash\"", "given twice" },
		{ "\"policy\"", "\"polixy\"", "unexpected key \"polixy\"" },
		{ "\"version\": 1", "\"version\": 01", "leading zero" },
		{ "\"version\": 1", "\"version\": -1", "unsigned integer" },
		{ "\"version\": 1", "\"version\": 1.0", "must be an integer" },
		{ "\"version\": 1", "\"version\": \"1\"", "unsigned integer" },
		{ "\"version\": 1", "\"version\": 99999999999999999999",
		  "too large" },
		{ "\"version\": 1,", "", "has no \"version\"" },
		{ "\"rim\": \"", "\"rim\": \"x", "hexadecimal" },
		{ "\"rim\": \"", "\"rim\": \"00", "64 hexadecimal digits" },
		{ "\"blob\"", "\"blub\"", "unexpected key \"blub\"" },
		{ "\"realms\": {", "\"realms\": [", "'{' (the realms) expected" },
		{ "\"sha-256\"", "\"sha-512\"", "128 hexadecimal digits" },
		{ "\"sha-256\"", "\"md5\"", "\"hash\" is \"md5\"" },
		{ "\"sha-256\"", "true", "\"hash\" must be a string" },
		{ "\"g\"", "\"g\\u0000\"", "NUL" },
		{ "\"g\"", "\"g\\x\"", "bad escape" },
		{ "\"g\"", "\"g\n\"", "control character" },
		{ "\"a\": {", "\"b\": {", "realm 'b' given twice" },
		{ "\"a\": {", "\"\": {", "empty realm name" },
		{ "\n}\n", "\n} x\n", "trailing characters" },
		{ "\n}\n", "\n}\n}\n", "trailing characters" },
		{ "\n}\n", "\n}", "does not end with a newline" },
		{ ",\n  \"version\"", ",,\n  \"version\"", "a key must be a string" },
		{ "{", "[", "'{' (the reference object) expected" },
	};

	ck_assert_int_eq(parses(json, n, err, sizeof err), 0);
	/* Every truncation is refused, with a message. */
	for (size_t k = 0; k < n; k++) {
		char *p = malloc(k + 1);

		ck_assert_ptr_nonnull(p);
		memcpy(p, json, k);   /* exactly k bytes: ASan sees overreads */
		err[0] = '\0';
		ck_assert_msg(parses(p, k, err, sizeof err) == -1,
			      "prefix of %zu bytes accepted", k);
		ck_assert_msg(err[0] != '\0', "prefix %zu: no message", k);
		free(p);
	}
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		char *s = edit(json, bad[k].from, bad[k].to);

		err[0] = '\0';
		ck_assert_msg(parses(s, strlen(s), err, sizeof err) == -1,
			      "case %zu accepted", k);
		ck_assert_msg(strstr(err, bad[k].msg) != NULL,
			      "case %zu: want \"%s\", got \"%s\"", k,
			      bad[k].msg, err);
		ck_assert_msg(strncmp(err, "at byte ", 8) == 0, "%s", err);
		free(s);
	}
	/* Whitespace and key order are free, escapes are read. */
	{
		char *s = edit(json, "\"g\"", "\"\\u0067\"");
		char *t = edit(s, "{\n  \"hash\": \"sha-256\",",
			       "\r\n{\t\"version\" :1 ,\"hash\":\"sha-256\",");
		char *u = edit(t, ",\n  \"version\": 1", "");
		static mica_reference r;

		ck_assert_msg(mica_reference_parse((const uint8_t *)u,
			      strlen(u), &r, err, sizeof err) == 0, "%s", err);
		ck_assert_str_eq(r.policy, "g");
		ck_assert_uint_eq(r.version, 1);
		free(s);
		free(t);
		free(u);
	}
	free(json);
}
END_TEST

/* ---- the command -------------------------------------------------------- */

typedef struct run {
	int status;
	char *out, *err;
} run;

static char *slurp(FILE *f)
{
	long n;
	char *s;

	fflush(f);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	s = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(s);
	rewind(f);
	ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

static run call(const char *const *args)
{
	char *argv[16];
	int argc = 1, so, se;
	FILE *o = tmpfile(), *e = tmpfile();
	run r;

	ck_assert_ptr_nonnull(o);
	ck_assert_ptr_nonnull(e);
	argv[0] = "verify";     /* the command's name, as main passes it */
	while (args[argc - 1]) {
		ck_assert_int_lt(argc, 15);
		argv[argc] = (char *)args[argc - 1];
		argc++;
	}
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	dup2(fileno(o), 1);
	dup2(fileno(e), 2);
	r.status = micac_verify(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	r.out = slurp(o);
	r.err = slurp(e);
	return r;
}

#define V(...) call((const char *const[]){ __VA_ARGS__, NULL })

static void run_free(run *r)
{
	free(r->out);
	free(r->err);
}

static char dir[64];

static const char *put(const char *name, const void *p, size_t n)
{
	static char paths[8][128];
	static unsigned k;
	char *path = paths[k++ % 8];
	FILE *f;

	snprintf(path, 128, "%s/%s", dir, name);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(p, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

START_TEST(command)
{
	unsigned char pem[1024];
	char *g = tpol_reference_json(tp, PG3);
	char *h = tpol_reference_json(tp, PH2), hexch[129];
	const char *tok, *key, *rg, *rh, *rbad;
	uint8_t ch[64];
	run r;

	strcpy(dir, "/tmp/mica-vref-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	tkey_platform_pem(pem);
	fetch_as(2);
	tok = put("token.cbor", token, token_len);
	key = put("cpak.pem", pem, strlen((char *)pem));
	rg = put("g.json", g, strlen(g));
	rh = put("h.json", h, strlen(h));
	rbad = put("bad.json", g, strlen(g) / 2);
	challenge(ch);
	for (unsigned i = 0; i < 64; i++)
		sprintf(hexch + 2 * i, "%02x", ch[i]);

	r = V("--token", tok, "--platform-key", key, "--reference", rg,
	      "--require-all", "--challenge", hexch);
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert_str_eq(r.err, "");
	ck_assert(vt_has(r.out, "verified (tag 399;"));
	/* One line per member, in the group claim's order (the caller
	 * first), naming the set it matched. */
	ck_assert_msg(vt_has(r.out, "\nverified: member 0: realm c (rim "),
		      "%s", r.out);
	ck_assert(vt_has(r.out, ": realm a (rim "));
	ck_assert(vt_has(r.out, ": realm b (rim "));
	ck_assert(vt_has(r.out, "g.json (policy g version 1), the attesting "
			 "realm\nverified: member 1: "));
	ck_assert(vt_has(r.out, "g.json (policy g version 1)\n"));
	/* Nothing refused: count 0, the all-zero chain, no warning. */
	ck_assert_msg(vt_has(r.out, "\naudit: 0 refused attempts concerning "
			     "the attesting realm, chain " "0000000000000000"
			     "000000000000000000000000000000000000000000000000"
			     "\n"), "%s", r.out);
	run_free(&r);

	r = V("--token", tok, "--platform-key", key, "--reference", rh);
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.out, "");
	ck_assert_msg(vt_has(r.err, "micac: verify: realm token RIM (claim "
			     "44238) ") && vt_has(r.err, ": no realm of "
			     "policy h has this final RIM\n"), "%s", r.err);
	run_free(&r);

	r = V("--token", tok, "--platform-key", key, "--reference", rbad);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(vt_has(r.err, "bad.json: at byte "), "%s", r.err);
	run_free(&r);

	r = V("--token", tok, "--platform-key", key, "--reference",
	      "/nonexistent/reference.json");
	ck_assert_int_eq(r.status, 2);
	run_free(&r);

	r = V("--token", tok, "--platform-key", key, "--require-all");
	ck_assert_int_eq(r.status, 2);
	ck_assert(vt_has(r.err, "--require-all needs --reference"));
	run_free(&r);

	/* Third-party vectors: verified without --reference, and not of
	 * this policy with it. */
	if (!vt_have_vectors())
		goto done;
	r = V("--token", VEC_DIR "/tokens/tfm-tools_cca_example_token.cbor",
	      "--platform-key", VEC_DIR "/keys/K1-tfm-cpak-p384.pub.pem");
	ck_assert_msg(r.status == 0, "%s", r.err);
	ck_assert(!vt_has(r.out, "verified: realm"));
	run_free(&r);
	r = V("--token", VEC_DIR "/tokens/tfm-tools_cca_example_token.cbor",
	      "--platform-key", VEC_DIR "/keys/K1-tfm-cpak-p384.pub.pem",
	      "--reference", rg);
	ck_assert_int_eq(r.status, 1);
	ck_assert_msg(vt_has(r.err, "policy g"), "%s", r.err);
	run_free(&r);
done:
	unlink(tok);
	unlink(key);
	unlink(rg);
	unlink(rh);
	unlink(rbad);
	rmdir(dir);
	free(g);
	free(h);
}
END_TEST

/* The host tries to take back c's RD: refused, and c's next token says
 * so: count 1, the chain SHA-256(32 zero bytes || record), the record
 * (kind 1, GRANULE_UNDELEGATE's FID, the status, the RD's PA; 24 bytes,
 * little-endian) written here by hand. micac verify reports it as a
 * warning, and still verifies. */
START_TEST(audit_reported)
{
	unsigned char pem[1024];
	uint8_t rec[56] = { 0 }, want[32];
	char line[200];
	unsigned long st;
	mica_token t;
	mica_audit a;
	mica_verdict v;
	run r;

	st = RMI(tp, MICA_RMI_GRANULE_UNDELEGATE, TPOL_RD(2));
	ck_assert_uint_ne(st, 0);
	fetch_as(2);
	ck_assert_int_eq(mica_token_parse(token, token_len, &t, &v), 0);
	ck_assert_int_eq(mica_token_audit(&t, &a, &v), 0);
	ck_assert_int_eq(a.present, 1);
	ck_assert_uint_eq(a.count, 1);
	rec[32] = 1;
	for (unsigned i = 0; i < 4; i++)
		rec[36 + i] = (uint8_t)(MICA_RMI_GRANULE_UNDELEGATE >> 8 * i);
	for (unsigned i = 0; i < 8; i++) {
		rec[40 + i] = (uint8_t)(st >> 8 * i);
		rec[48 + i] = (uint8_t)(TPOL_RD(2) >> 8 * i);
	}
	ck_assert_int_eq(mbedtls_sha256_ret(rec, sizeof rec, want, 0), 0);
	ck_assert_uint_eq(a.chain.n, 32);
	ck_assert_mem_eq(a.chain.p, want, 32);

	strcpy(dir, "/tmp/mica-vref-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	tkey_platform_pem(pem);
	r = V("--token", put("token.cbor", token, token_len),
	      "--platform-key", put("cpak.pem", pem, strlen((char *)pem)));
	ck_assert_msg(r.status == 0, "%s", r.err);
	strcpy(line, "\naudit: 1 refused attempts concerning the attesting "
	       "realm, chain ");
	for (unsigned i = 0; i < 32; i++)
		sprintf(line + strlen(line), "%02x", want[i]);
	strcat(line, " (warning)\n");
	ck_assert_msg(vt_has(r.out, line), "%s", r.out);
	ck_assert_msg(vt_has(r.err, "micac: verify: warning: the RMM refused "
			     "1 attempts concerning the attesting realm"),
		      "%s", r.err);
	run_free(&r);
	unlink(put("token.cbor", "", 0));
	unlink(put("cpak.pem", "", 0));
	rmdir(dir);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("verify_reference");
	TCase *tc = tcase_create("reference");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, group_verifies);
	tcase_add_test(tc, audit_reported);
	tcase_add_test(tc, other_policy);
	tcase_add_test(tc, changed_values);
	tcase_add_test(tc, missing_member);
	tcase_add_test(tc, malformed_json);
	tcase_add_test(tc, command);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	/* Only one step of `command` reads the third-party vectors; the
	 * rest, group tokens from the RMM module, runs without them. */
	if (!vt_have_vectors())
		printf("note: %s missing: the third-party token step of "
		       "'command' is skipped\n", VEC_DIR);
	sr = srunner_create(suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
