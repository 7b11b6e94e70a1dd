/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_rmm_attest.c -- RSI_ATTESTATION_TOKEN_INIT / _CONTINUE: a running
 * Realm fetches a CCA token into its own memory; the project's verifier
 * (mica/token.h) checks it with a PEM export of the platform key; its
 * claims are the Realm's; refused calls change nothing; tampering is
 * caught; the bytes are reproducible.
 *
 * The Realm is the standard world's Realm B (ACTIVE, SHA-256), running
 * REC 25; its DATA granules at IPA 0 and 0x1000 receive the token. The
 * platform's keys are tplat.c's public TEST keys.
 */
#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/sha256.h>
#include <stdlib.h>

#include "mica/wire/cbor_read.h"
#include "mica/token.h"
#include "tkey.h"
#include "tplat.h"

static struct tplat *tp;
static struct tsnap *snap;
/* The running Realm's RD granule (Realm B unless a test says). */
static unsigned cur_rd = W_RD_B;

static void setup(void)
{
	tp = tp_new();
	tp_attest_on(tp);
	tp_world(tp);
	snap = malloc(sizeof *snap);
	ck_assert_ptr_nonnull(snap);
}

static void teardown(void)
{
	tp_free(tp);
	free(snap);
	cur_rd = W_RD_B;
}

static unsigned long rsi(unsigned long rec, const unsigned long *x,
			 unsigned long ret[MICA_RMM_SMC_REGS])
{
	unsigned long a[MICA_RMM_SMC_REGS] = { 0 };

	memcpy(a, x, 4 * sizeof a[0]);
	return mica_rmm_rsi(&tp->ctx, rec, a, ret);
}

/* The challenge the Realm passes: bytes c0, c0+1, ... in x1..x8. */
static void challenge_bytes(uint8_t c0, uint8_t ch[64])
{
	for (unsigned i = 0; i < 64; i++)
		ch[i] = (uint8_t)(c0 + i);
}

static unsigned long init(unsigned long rec, uint8_t c0,
			  unsigned long ret[MICA_RMM_SMC_REGS])
{
	unsigned long x[MICA_RMM_SMC_REGS] = { MICA_RSI_ATTESTATION_TOKEN_INIT };
	uint8_t ch[64];

	challenge_bytes(c0, ch);
	for (unsigned i = 0; i < 8; i++)
		x[1 + i] = mica_ld64(ch + 8 * i);
	return mica_rmm_rsi(&tp->ctx, rec, x, ret);
}

/* Realm memory at ipa, through its stage 2. */
static const uint8_t *realm_mem(unsigned long ipa)
{
	unsigned long pa;

	ck_assert_int_eq(mica_rmm_s2_translate(&tp->ctx, PA(cur_rd), ipa,
					       MICA_S2_AP_R, &pa, NULL), 0);
	return tp->mem + (pa - TP_BASE);
}

/* What the inline calls fetched (S_CALL functions take no argument). */
static uint8_t token[8192];
static size_t token_len;
static unsigned long chunk = 4096, bound;
static unsigned nchunks;
static uint8_t c0 = 0x40;

/* INIT, then CONTINUE into IPA 0x1000 at offset 0 in chunks of `chunk`
 * bytes, appending each chunk to token[]. */
static void fetch(struct tplat *t, unsigned long rec)
{
	unsigned long ret[MICA_RMM_SMC_REGS], x0;

	(void)t;
	ck_assert_uint_eq(init(rec, c0, ret), MICA_RSI_SUCCESS);
	bound = ret[1];
	token_len = 0;
	nchunks = 0;
	do {
		unsigned long x[4] = { MICA_RSI_ATTESTATION_TOKEN_CONTINUE,
				       0x1000, 4096 - chunk, chunk };
		x0 = rsi(rec, x, ret);
		ck_assert(x0 == MICA_RSI_SUCCESS || x0 == MICA_RSI_INCOMPLETE);
		ck_assert_uint_le(ret[1], chunk);
		ck_assert_uint_gt(ret[1], 0);
		ck_assert_uint_le(token_len + ret[1], sizeof token);
		memcpy(token + token_len, realm_mem(0x1000 + 4096 - chunk),
		       ret[1]);
		token_len += ret[1];
		nchunks++;
		if (x0 == MICA_RSI_INCOMPLETE)
			ck_assert_uint_eq(ret[1], chunk);
	} while (x0 == MICA_RSI_INCOMPLETE);
}

static void run_fetch(void)
{
	STEP(tp, .kind = S_CALL, .fn = fetch);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_gt(token_len, 0);
}
static mica_verdict verify(const uint8_t *p, size_t n, const uint8_t *ch)
{
	mica_ec_key key = tkey_platform();
	mica_verify_opts opts = { ch, 64 };
	mica_token t;
	mica_verdict v;

	if (mica_token_parse(p, n, &t, &v) == 0)
		mica_token_verify(&t, &key, ch ? &opts : NULL, &v);
	return v;
}

/* The byte string a claim's value holds. */
static mica_bytes claim_bstr(const mica_claimset *cs, int64_t k)
{
	const mica_bytes *val = mica_claimset_get(cs, k);
	mica_bytes b = { NULL, 0 };
	mica_cbor c;

	ck_assert_msg(val != NULL, "claim %lld missing", (long long)k);
	mica_cbor_init(&c, val->p, val->n, MICA_CBOR_DETERMINISTIC);
	ck_assert_int_eq(mica_cbor_bstr(&c, &b.p, &b.n), 0);
	return b;
}

static void claim_text(const mica_claimset *cs, int64_t k, const char *want)
{
	const mica_bytes *val = mica_claimset_get(cs, k);
	const char *s;
	size_t n;
	mica_cbor c;

	ck_assert_ptr_nonnull(val);
	mica_cbor_init(&c, val->p, val->n, MICA_CBOR_DETERMINISTIC);
	ck_assert_int_eq(mica_cbor_tstr(&c, &s, &n), 0);
	ck_assert_uint_eq(n, strlen(want));
	ck_assert_mem_eq(s, want, n);
}

static void parse_claims(mica_claimset *realm, mica_claimset *plat)
{
	mica_token t;
	mica_verdict v;

	ck_assert_int_eq(mica_token_parse(token, token_len, &t, &v), 0);
	ck_assert_uint_eq(t.tag, MICA_TAG_CCA_LEGACY);
	ck_assert_int_eq(t.realm.alg, MICA_COSE_ES384);
	ck_assert_int_eq(t.platform.alg, MICA_COSE_ES384);
	ck_assert_int_eq(mica_claimset_parse(t.realm.payload.p,
			 t.realm.payload.n, realm, "realm token", &v), 0);
	ck_assert_int_eq(mica_claimset_parse(t.platform.payload.p,
			 t.platform.payload.n, plat, "platform token", &v), 0);
}

static const struct mica_rmm_realm *realm_b(void)
{
	return &tp->ctx.realm[tp->ctx.granule[W_RD_B].owner];
}

/* ---- the token ------------------------------------------------------- */

START_TEST(token_verifies)
{
	uint8_t ch[64];
	mica_verdict v;

	run_fetch();
	challenge_bytes(c0, ch);
	v = verify(token, token_len, ch);
	ck_assert_msg(v.kind == MICA_VERIFIED, "%s: %s",
		      mica_verdict_name(v.kind), v.msg);
	ck_assert_uint_eq(bound, MICA_ATTEST_TOKEN_MAX);
	ck_assert_uint_le(token_len, bound);
	ck_assert_uint_eq(nchunks, 1);
	fprintf(stderr, "test_rmm_attest: one CCA token is %zu bytes\n",
		token_len);
	/* MICA_ATTEST_TOKEN_OUT=FILE keeps it, for micac inspect/verify. */
	if (getenv("MICA_ATTEST_TOKEN_OUT")) {
		FILE *f = fopen(getenv("MICA_ATTEST_TOKEN_OUT"), "wb");
		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fwrite(token, 1, token_len, f), token_len);
		ck_assert_int_eq(fclose(f), 0);
	}
	/* Another challenge than the one the Realm passed: refused. */
	ch[0] ^= 1;
	ck_assert_int_eq(verify(token, token_len, ch).kind,
			 MICA_CHALLENGE_FAILS);
}
END_TEST

START_TEST(claims_are_the_realms)
{
	static mica_claimset realm, plat;
	const struct mica_rmm_realm *r = realm_b();
	uint8_t ch[64], digest[32], point[97];
	mica_bytes b;
	mica_cbor c;
	uint64_t n;
	const uint8_t *p;
	size_t len;

	run_fetch();
	parse_claims(&realm, &plat);
	challenge_bytes(c0, ch);
	b = claim_bstr(&realm, 10);
	ck_assert_uint_eq(b.n, 64);
	ck_assert_mem_eq(b.p, ch, 64);
	b = claim_bstr(&realm, 44235);
	ck_assert_uint_eq(b.n, 64);
	ck_assert_mem_eq(b.p, r->rpv, 64);
	b = claim_bstr(&realm, 44238);
	ck_assert_uint_eq(b.n, 32);
	ck_assert_mem_eq(b.p, r->meas[0], 32);
	claim_text(&realm, 265, "tag:arm.com,2023:realm#1.0.0");
	claim_text(&realm, 44236, "sha-256");
	claim_text(&realm, 44240, "sha-256");
	mica_cbor_init(&c, mica_claimset_get(&realm, 44239)->p,
		       mica_claimset_get(&realm, 44239)->n, MICA_CBOR_DETERMINISTIC);
	ck_assert_int_eq(mica_cbor_array(&c, &n), 0);
	ck_assert_uint_eq(n, 4);
	for (unsigned i = 0; i < 4; i++) {
		ck_assert_int_eq(mica_cbor_bstr(&c, &p, &len), 0);
		ck_assert_uint_eq(len, 32);
		ck_assert_mem_eq(p, r->meas[1 + i], 32);
	}
	/* 44237: the RAK's raw uncompressed P-384 point. */
	{
		mbedtls_ecp_group grp;
		mbedtls_mpi d;
		mbedtls_ecp_point q;
		size_t olen;

		mbedtls_ecp_group_init(&grp);
		mbedtls_mpi_init(&d);
		mbedtls_ecp_point_init(&q);
		ck_assert_int_eq(mbedtls_ecp_group_load(&grp,
				 MBEDTLS_ECP_DP_SECP384R1), 0);
		ck_assert_int_eq(mbedtls_mpi_read_binary(&d,
				 tp_attest_keys.rak, 48), 0);
		ck_assert_int_eq(mbedtls_ecp_mul(&grp, &q, &d, &grp.G, NULL,
						 NULL), 0);
		ck_assert_int_eq(mbedtls_ecp_point_write_binary(&grp, &q,
				 MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, point,
				 sizeof point), 0);
		mbedtls_ecp_point_free(&q);
		mbedtls_mpi_free(&d);
		mbedtls_ecp_group_free(&grp);
	}
	b = claim_bstr(&realm, 44237);
	ck_assert_uint_eq(b.n, 97);
	ck_assert_mem_eq(b.p, point, 97);
	/* The platform challenge binds it: SHA-256 of those 97 bytes. */
	ck_assert_int_eq(mbedtls_sha256_ret(point, 97, digest, 0), 0);
	b = claim_bstr(&plat, 10);
	ck_assert_uint_eq(b.n, 32);
	ck_assert_mem_eq(b.p, digest, 32);
	claim_text(&plat, 265, "tag:arm.com,2023:cca_platform#1.0.0");
	claim_text(&plat, 2402, "sha-256");
	b = claim_bstr(&plat, 256);
	ck_assert_mem_eq(b.p, tp_attest_keys.instance_id, 33);
	b = claim_bstr(&plat, 2396);
	ck_assert_mem_eq(b.p, tp_attest_keys.implementation_id, 32);
	/* Beyond the CCA ones only the audit record (man/mica-rmm.7,
	 * AUDIT): nothing refused yet, so count 0 and the all-zero chain;
	 * submods (266) comes with the group token only. */
	ck_assert_ptr_null(mica_claimset_get(&realm, MICA_CLAIM_SUBMODS));
	ck_assert_ptr_null(mica_claimset_get(&realm, MICA_CLAIM_GROUP_OLD));
	{
		static const uint8_t zero[32];
		const mica_bytes *cnt = mica_claimset_get(&realm,
						MICA_CLAIM_AUDIT_COUNT);

		ck_assert_ptr_nonnull(cnt);
		ck_assert_uint_eq(cnt->n, 1);
		ck_assert_uint_eq(cnt->p[0], 0x00);   /* unsigned 0 */
		b = claim_bstr(&realm, MICA_CLAIM_AUDIT_CHAIN);
		ck_assert_uint_eq(b.n, 32);
		ck_assert_mem_eq(b.p, zero, 32);
	}
	ck_assert_uint_eq(realm.n, 10);
}
END_TEST

/* A REM extension changes the token: the snapshot is taken at INIT. */
static void extend_rem0(struct tplat *t, unsigned long rec)
{
	unsigned long x[MICA_RMM_SMC_REGS] = { MICA_RSI_MEASUREMENT_EXTEND,
					       1, 8, 0x1122334455667788ul };
	unsigned long ret[MICA_RMM_SMC_REGS];

	(void)t;
	ck_assert_uint_eq(mica_rmm_rsi(&tp->ctx, rec, x, ret), 0);
}

START_TEST(rem_in_token)
{
	static mica_claimset realm, plat;
	static uint8_t first[8192];
	size_t first_len;
	mica_cbor c;
	uint64_t n;
	const uint8_t *p;
	size_t len;

	run_fetch();
	memcpy(first, token, token_len);
	first_len = token_len;
	STEP(tp, .kind = S_CALL, .fn = extend_rem0);
	run_fetch();
	ck_assert(token_len != first_len || memcmp(first, token, token_len));
	parse_claims(&realm, &plat);
	mica_cbor_init(&c, mica_claimset_get(&realm, 44239)->p,
		       mica_claimset_get(&realm, 44239)->n, MICA_CBOR_DETERMINISTIC);
	ck_assert_int_eq(mica_cbor_array(&c, &n), 0);
	ck_assert_int_eq(mica_cbor_bstr(&c, &p, &len), 0);
	ck_assert_mem_eq(p, realm_b()->meas[1], 32);
	ck_assert_int_eq(verify(token, token_len, NULL).kind, MICA_VERIFIED);
}
END_TEST

/* Chunks of 100, 1000 and 1 bytes give the same token. */
START_TEST(chunks_reassemble)
{
	static uint8_t whole[8192];
	size_t whole_len;
	static const unsigned long sizes[] = { 100, 1000, 1 };

	run_fetch();
	memcpy(whole, token, token_len);
	whole_len = token_len;
	for (unsigned i = 0; i < 3; i++) {
		chunk = sizes[i];
		run_fetch();
		ck_assert_uint_eq(token_len, whole_len);
		ck_assert_mem_eq(token, whole, whole_len);
		ck_assert_uint_eq(nchunks, (whole_len + chunk - 1) / chunk);
	}
	chunk = 4096;
}
END_TEST

/* Same keys, Realm and challenge: the same bytes, in a fresh RMM too. */
START_TEST(deterministic)
{
	static uint8_t first[8192];
	size_t first_len;

	run_fetch();
	memcpy(first, token, token_len);
	first_len = token_len;
	run_fetch();
	ck_assert_uint_eq(token_len, first_len);
	ck_assert_mem_eq(token, first, first_len);
	tp_free(tp);
	tp = tp_new();
	tp_attest_on(tp);
	tp_world(tp);
	run_fetch();
	ck_assert_uint_eq(token_len, first_len);
	ck_assert_mem_eq(token, first, first_len);
	/* Another challenge, other bytes. */
	c0 = 0x41;
	run_fetch();
	c0 = 0x40;
	ck_assert(memcmp(token, first, first_len) != 0);
}
END_TEST

/* The whole exchange through REC_ENTER's trap path as well. */
START_TEST(trapped_calls)
{
	uint8_t ch[64];

	challenge_bytes(c0, ch);
	STEP(tp, .kind = S_SMC, .x = { MICA_RSI_ATTESTATION_TOKEN_INIT,
		mica_ld64(ch), mica_ld64(ch + 8), mica_ld64(ch + 16),
		mica_ld64(ch + 24), mica_ld64(ch + 32), mica_ld64(ch + 40),
		mica_ld64(ch + 48), mica_ld64(ch + 56) });
	STEP(tp, .kind = S_SMC, .x = { MICA_RSI_ATTESTATION_TOKEN_CONTINUE,
				      0, 0, 4096 });
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(tp->res[1].x[0], MICA_RSI_SUCCESS);
	ck_assert_uint_eq(tp->res[1].x[1], MICA_ATTEST_TOKEN_MAX);
	ck_assert_uint_eq(tp->res[2].x[0], MICA_RSI_SUCCESS);
	ck_assert_uint_lt(tp->res[2].x[1], 4096);
	ck_assert_int_eq(verify(realm_mem(0), tp->res[2].x[1], ch).kind,
			 MICA_VERIFIED);
}
END_TEST

/* A SHA-512 Realm with a personalization value: Realm D, built here
 * (RD 50, root 51, L2 52, L3 53, DATA 54 at 0 and 55 at 0x1000, REC 56). */
START_TEST(sha512_realm)
{
	static mica_claimset realm, plat;
	const struct mica_rmm_realm *r;
	uint8_t rpv[64], ch[64];
	mica_bytes b;
	mica_verdict v;

	for (unsigned i = 0; i < 64; i++)
		rpv[i] = (uint8_t)(0xA0 ^ i);
	tp_delegate(tp, 50);
	tp_delegate(tp, 51);
	tp_realm_params(PG(tp, W_SCRATCH), MICA_RMI_HASH_SHA512, TP_S2SZ, 1, 1,
			4, PA(51));
	memcpy(PG(tp, W_SCRATCH) + MICA_RP_RPV, rpv, 64);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_CREATE, PA(50),
			      PA(W_SCRATCH)), 0);
	tp_rtts_for(tp, 50, 52, 53, 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_INIT_RIPAS, PA(50), 0, 0x2000),
			  0);
	tp_data(tp, 50, 54, 0, W_SRC, MICA_RMI_MEASURE_CONTENT);
	tp_data(tp, 50, 55, 0x1000, W_SRC, MICA_RMI_NO_MEASURE_CONTENT);
	tp_rec(tp, 50, 56, MICA_REC_PARAMS_RUNNABLE, 0);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_REALM_ACTIVATE, PA(50)), 0);
	cur_rd = 50;
	STEP(tp, .kind = S_CALL, .fn = fetch);
	ck_assert_uint_eq(tp_enter(tp, 56, 0), 0);
	challenge_bytes(c0, ch);
	v = verify(token, token_len, ch);
	ck_assert_msg(v.kind == MICA_VERIFIED, "%s: %s",
		      mica_verdict_name(v.kind), v.msg);
	fprintf(stderr, "test_rmm_attest: with SHA-512 measurements %zu "
		"bytes\n", token_len);
	parse_claims(&realm, &plat);
	r = &tp->ctx.realm[tp->ctx.granule[50].owner];
	claim_text(&realm, 44236, "sha-512");
	claim_text(&realm, 44240, "sha-256");
	b = claim_bstr(&realm, 44238);
	ck_assert_uint_eq(b.n, 64);
	ck_assert_mem_eq(b.p, r->meas[0], 64);
	b = claim_bstr(&realm, 44235);
	ck_assert_mem_eq(b.p, rpv, 64);
	ck_assert_uint_le(token_len, MICA_ATTEST_TOKEN_MAX);
}
END_TEST

/* ---- tampering --------------------------------------------------------- */

static size_t find(const uint8_t *hay, size_t n, const uint8_t *needle,
		   size_t k)
{
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return i;
	ck_abort_msg("not found in the token");
	return 0;
}

START_TEST(flipped_bits_fail)
{
	static mica_claimset realm, plat;
	static uint8_t copy[8192];
	mica_bytes rak, pch;
	size_t at;
	unsigned bit = (unsigned)_i;
	mica_verdict v;

	run_fetch();
	parse_claims(&realm, &plat);
	rak = claim_bstr(&realm, 44237);
	pch = claim_bstr(&plat, 10);
	/* A bit of the RAK (its last bytes, so the point stays a point
	 * candidate or not: either way the token must fail). */
	memcpy(copy, token, token_len);
	at = (size_t)(rak.p - token) + 1 + (bit * 13u) % 96u;
	copy[at] ^= (uint8_t)(1u << (bit % 8));
	v = verify(copy, token_len, NULL);
	ck_assert_msg(v.kind != MICA_VERIFIED, "RAK bit %u", bit);
	/* A bit of the platform challenge. */
	memcpy(copy, token, token_len);
	at = (size_t)(pch.p - token) + (bit * 7u) % 32u;
	copy[at] ^= (uint8_t)(1u << (bit % 8));
	v = verify(copy, token_len, NULL);
	ck_assert_msg(v.kind == MICA_SIGNATURE_FAILS, "challenge bit %u: %s",
		      bit, mica_verdict_name(v.kind));
	(void)find;
}
END_TEST

/* ---- refusals ----------------------------------------------------------- */

#define OUT (1ul << 33)          /* past s2sz */
#define HOLE 0x40000000ul        /* protected, no RTT */

struct bad_row {
	const char *name;
	unsigned long x[4];
	unsigned long want;
	int init;                /* INIT first (then snapshot) */
};

static const struct bad_row bad_rows[] = {
	{ "continue before init", { MICA_RSI_ATTESTATION_TOKEN_CONTINUE, 0x1000, 0, 4096 }, MICA_RSI_ERROR_STATE, 0 },
	{ "unaligned ipa", { MICA_RSI_ATTESTATION_TOKEN_CONTINUE, 0x1008, 0, 64 }, MICA_RSI_ERROR_INPUT, 1 },
	{ "unprotected ipa", { MICA_RSI_ATTESTATION_TOKEN_CONTINUE, TP_UNPROT, 0, 4096 }, MICA_RSI_ERROR_INPUT, 1 },
	{ "unassigned ipa", { MICA_RSI_ATTESTATION_TOKEN_CONTINUE, 0x2000, 0, 4096 }, MICA_RSI_ERROR_INPUT, 1 },
	{ "no rtt", { MICA_RSI_ATTESTATION_TOKEN_CONTINUE, HOLE, 0, 4096 }, MICA_RSI_ERROR_INPUT, 1 },
	{ "past s2sz", { MICA_RSI_ATTESTATION_TOKEN_CONTINUE, OUT, 0, 4096 }, MICA_RSI_ERROR_INPUT, 1 },
	{ "ipa huge", { MICA_RSI_ATTESTATION_TOKEN_CONTINUE, (unsigned long)-4096, 0, 4096 }, MICA_RSI_ERROR_INPUT, 1 },
	{ "size 0", { MICA_RSI_ATTESTATION_TOKEN_CONTINUE, 0x1000, 0, 0 }, MICA_RSI_ERROR_INPUT, 1 },
	{ "size 4097", { MICA_RSI_ATTESTATION_TOKEN_CONTINUE, 0x1000, 0, 4097 }, MICA_RSI_ERROR_INPUT, 1 },
	{ "offset 4096", { MICA_RSI_ATTESTATION_TOKEN_CONTINUE, 0x1000, 4096, 1 }, MICA_RSI_ERROR_INPUT, 1 },
	{ "offset + size past", { MICA_RSI_ATTESTATION_TOKEN_CONTINUE, 0x1000, 4000, 97 }, MICA_RSI_ERROR_INPUT, 1 },
	{ "size wraps", { MICA_RSI_ATTESTATION_TOKEN_CONTINUE, 0x1000, 16, (unsigned long)-8 }, MICA_RSI_ERROR_INPUT, 1 },
	{ "offset huge", { MICA_RSI_ATTESTATION_TOKEN_CONTINUE, 0x1000, (unsigned long)-1, 2 }, MICA_RSI_ERROR_INPUT, 1 },
};

static unsigned bad_cur;
static int bad_checked;

static void bad_call(struct tplat *t, unsigned long rec)
{
	const struct bad_row *row = &bad_rows[bad_cur];
	unsigned long ret[MICA_RMM_SMC_REGS], x0;

	if (row->init)
		ck_assert_uint_eq(init(rec, c0, ret), MICA_RSI_SUCCESS);
	tp_snap(t, snap);
	x0 = rsi(rec, row->x, ret);
	ck_assert_msg(x0 == row->want, "%s: x0 %#lx want %#lx", row->name,
		      x0, row->want);
	ck_assert_msg(tp_same(t, snap), "%s: state changed", row->name);
	bad_checked = 1;
}

START_TEST(refused_changes_nothing)
{
	bad_cur = (unsigned)_i;
	bad_checked = 0;
	STEP(tp, .kind = S_CALL, .fn = bad_call);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_int_eq(bad_checked, 1);
}
END_TEST

/* A platform without attestation keys refuses INIT, unchanged. */
static void init_without_keys(struct tplat *t, unsigned long rec)
{
	unsigned long ret[MICA_RMM_SMC_REGS];

	tp_snap(t, snap);
	ck_assert_uint_eq(init(rec, c0, ret), MICA_RSI_ERROR_STATE);
	ck_assert(tp_same(t, snap));
	bad_checked = 1;
}

START_TEST(no_keys)
{
	tp->plat.attest = NULL;
	bad_checked = 0;
	STEP(tp, .kind = S_CALL, .fn = init_without_keys);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_int_eq(bad_checked, 1);
}
END_TEST

/* One build per token, however many chunks; blinding from the entropy
 * hook (other entropy, the same bytes: RFC 6979 signatures). */
START_TEST(one_build_entropy_blinding)
{
	static uint8_t first[8192];
	size_t first_len;
	unsigned calls;

	chunk = 128;
	run_fetch();
	chunk = 4096;
	ck_assert_uint_ge(nchunks, 8);
	ck_assert_uint_eq(tp->ctx.work.token.builds, 1);
	ck_assert_uint_gt(tp->entropy_calls, 0);
	memcpy(first, token, token_len);
	first_len = token_len;
	calls = tp->entropy_calls;
	tp->entropy_xor = 0x5A;
	run_fetch();
	ck_assert_uint_eq(tp->ctx.work.token.builds, 2);
	ck_assert_uint_gt(tp->entropy_calls, calls);
	ck_assert_uint_eq(token_len, first_len);
	ck_assert_mem_eq(token, first, first_len);
	ck_assert_int_eq(verify(token, token_len, NULL).kind, MICA_VERIFIED);
}
END_TEST

/* Another REC's INIT took the token buffer: CONTINUE rebuilds the same
 * token (simulated by emptying the buffer between chunks). */
static void fetch_lost_buffer(struct tplat *t, unsigned long rec)
{
	unsigned long ret[MICA_RMM_SMC_REGS], x0;

	ck_assert_uint_eq(init(rec, c0, ret), MICA_RSI_SUCCESS);
	token_len = 0;
	do {
		unsigned long x[4] = { MICA_RSI_ATTESTATION_TOKEN_CONTINUE,
				       0x1000, 0, 512 };

		t->ctx.work.token.owner = 0;
		memset(t->ctx.work.token.buf, 0, sizeof t->ctx.work.token.buf);
		x0 = rsi(rec, x, ret);
		ck_assert(x0 == MICA_RSI_SUCCESS || x0 == MICA_RSI_INCOMPLETE);
		memcpy(token + token_len, realm_mem(0x1000), ret[1]);
		token_len += ret[1];
	} while (x0 == MICA_RSI_INCOMPLETE);
}

START_TEST(rebuild_when_buffer_taken)
{
	static uint8_t first[8192];
	size_t first_len;

	run_fetch();
	memcpy(first, token, token_len);
	first_len = token_len;
	STEP(tp, .kind = S_CALL, .fn = fetch_lost_buffer);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_uint_eq(token_len, first_len);
	ck_assert_mem_eq(token, first, first_len);
}
END_TEST

/* No entropy (no hook, or the hook fails): no token, nothing changed. */
START_TEST(no_entropy)
{
	tp->plat.entropy = NULL;
	bad_checked = 0;
	STEP(tp, .kind = S_CALL, .fn = init_without_keys);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_int_eq(bad_checked, 1);
	tp_free(tp);
	tp = tp_new();
	tp_attest_on(tp);
	tp_world(tp);
	tp->entropy_fail = 1;
	bad_checked = 0;
	STEP(tp, .kind = S_CALL, .fn = init_without_keys);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_int_eq(bad_checked, 1);
}
END_TEST

/* After a token, no 16 bytes of either private key are anywhere in the
 * context (work area, DRBG state and token buffer included). */
START_TEST(no_key_copies)
{
	const uint8_t *c = (const uint8_t *)&tp->ctx;
	const uint8_t *keys[2] = { tp_attest_keys.rak, tp_attest_keys.platform_key };

	size_t hits = 0;

	run_fetch();
	for (unsigned k = 0; k < 2; k++)
		for (unsigned off = 0; off + 16 <= MICA_ATTEST_KEY_SIZE; off += 16)
			for (size_t i = 0; i + 16 <= sizeof tp->ctx; i++)
				hits += c[i] == keys[k][off] &&
					memcmp(c + i, keys[k] + off, 16) == 0;
	ck_assert_uint_eq(hits, 0);
	/* The DRBG that blinded the signatures is wiped. */
	for (size_t i = 0; i < sizeof tp->ctx.work.drbg / sizeof tp->ctx.work.drbg[0]; i++)
		ck_assert_uint_eq(tp->ctx.work.drbg[i], 0);
}
END_TEST

/* The last chunk ends the token: CONTINUE then needs a new INIT; a
 * second INIT restarts from the first byte. */
static void after_last(struct tplat *t, unsigned long rec)
{
	unsigned long ret[MICA_RMM_SMC_REGS];
	unsigned long x[4] = { MICA_RSI_ATTESTATION_TOKEN_CONTINUE, 0x1000,
			       0, 4096 };
	unsigned long y[4] = { MICA_RSI_ATTESTATION_TOKEN_CONTINUE, 0, 0, 10 };

	fetch(t, rec);
	tp_snap(t, snap);
	ck_assert_uint_eq(rsi(rec, x, ret), MICA_RSI_ERROR_STATE);
	ck_assert(tp_same(t, snap));
	ck_assert_uint_eq(init(rec, c0, ret), MICA_RSI_SUCCESS);
	ck_assert_uint_eq(rsi(rec, y, ret), MICA_RSI_INCOMPLETE);
	ck_assert_uint_eq(init(rec, c0, ret), MICA_RSI_SUCCESS);
	ck_assert_uint_eq(rsi(rec, x, ret), MICA_RSI_SUCCESS);
	ck_assert_uint_eq(ret[1], token_len);
	ck_assert_mem_eq(realm_mem(0x1000), token, token_len);
	bad_checked = 1;
}

START_TEST(last_chunk_ends)
{
	bad_checked = 0;
	STEP(tp, .kind = S_CALL, .fn = after_last);
	ck_assert_uint_eq(tp_enter(tp, W_REC_B, 0), 0);
	ck_assert_int_eq(bad_checked, 1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rmm_attest");
	TCase *tc = tcase_create("attest");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, token_verifies);
	tcase_add_test(tc, claims_are_the_realms);
	tcase_add_test(tc, rem_in_token);
	tcase_add_test(tc, chunks_reassemble);
	tcase_add_test(tc, deterministic);
	tcase_add_test(tc, trapped_calls);
	tcase_add_test(tc, sha512_realm);
	tcase_add_loop_test(tc, flipped_bits_fail, 0, 8);
	tcase_add_loop_test(tc, refused_changes_nothing, 0,
			    (int)(sizeof bad_rows / sizeof bad_rows[0]));
	tcase_add_test(tc, no_keys);
	tcase_add_test(tc, last_chunk_ends);
	tcase_add_test(tc, one_build_entropy_blinding);
	tcase_add_test(tc, rebuild_when_buffer_taken);
	tcase_add_test(tc, no_entropy);
	tcase_add_test(tc, no_key_copies);
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
