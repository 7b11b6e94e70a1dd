/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_mica_rmm_bind.c -- RMI_MICA_POLICY_BIND and the activation check:
 * binding before and after activation, double binds, the image
 * measurement and rpv checks, the RIM extension, and malformed blobs
 * (every truncation, bit flips, hand-built edges of the encoding rules,
 * the MICA_POL_* limits): POLICY_BIND binds exactly what the one blob
 * reader (mica/wire/blob_read.h) accepts, which is what micac dump
 * accepts. The context is unchanged after every refused call.
 */
#include <stdio.h>
#include <stdlib.h>

#include "mica/wire/bind.h"
#include "mica/blob.h"
#include "tpol.h"
#include "mica/rmm_test.h"

static struct tplat *tp;
static struct tsnap *snap;

/* Realm a (realm 0): strict, host calls, MMIO, PSCI, a peer, `any`, an
 * unprotected region shared with the host. */
static const char P[] =
	"policy bindtest version 3;\n"
	"realm a { measurement = %R0; trust = trusted; }\n"
	"realm b { measurement = %R1; trust = trusted; }\n"
	"region r : protected, 8 KiB { a: w @ 0x100000; b: r @ 0x110000;\n"
	"  any: r @ 0x120000 limit 2; }\n"
	"region u : unprotected, 4 KiB { a: rw @ 0x800000000000; host: rw; }\n"
	"allow a hostcall 0x10..0x1f, 0x40;\n"
	"allow a mmio;\n"
	"allow a psci;\n";

static void setup(void)
{
	tp = tp_new();
	snap = malloc(sizeof *snap);
	ck_assert_ptr_nonnull(snap);
	tpol_realm(tp, 0);
	tpol_realm(tp, 1);
}

static void teardown(void)
{
	free(snap);
	tp_free(tp);
}

static void bind_refused(unsigned i, const uint8_t *blob, size_t n,
			 unsigned long want)
{
	tp_snap(tp, snap);
	ck_assert_uint_eq(tpol_bind(tp, i, blob, n), want);
	memset(PG(tp, W_SRC), 0, 4096);
	memcpy(PG(tp, W_SRC), snap->mem + (size_t)W_SRC * 4096u, 4096);
	ck_assert(tp_same(tp, snap));
}

START_TEST(bind_activate_extends_rim)
{
	uint8_t blob[4096], image[32], want[32];
	size_t n = tpol_blob(tp, P, "a", blob, sizeof blob);
	struct mica_rmm_realm *r = tpol_r(tp, 0);

	memcpy(image, r->meas[0], 32);
	ck_assert_uint_eq(tpol_bind(tp, 0, blob, n), 0);
	ck_assert(r->policy.bound);
	ck_assert_mem_eq(r->meas[0], image, 32);   /* not yet */
	/* The host's page may change now: the RMM has its copy. */
	memset(PG(tp, W_SRC), 0xEE, 4096);
	ck_assert_uint_eq(tpol_activate(tp, 0), 0);
	ck_assert_int_eq(mica_bind_rim(0, image, blob, n, want), 0);
	ck_assert_mem_eq(r->meas[0], want, 32);
	ck_assert_mem_eq(r->policy.image, image, 32);
	ck_assert_uint_eq(r->policy.pol.nregions, 2);
	ck_assert_uint_eq(r->policy.pol.nhostcalls, 2);
	ck_assert_uint_eq(r->policy.win[0].base, 0x100000);
	ck_assert_uint_eq(r->policy.win[1].base, TP_UNPROT);
	/* Bound for good: no second bind after activation. */
	bind_refused(0, blob, n, MICA_RMI_ERROR_REALM);
}
END_TEST

START_TEST(plain_realm_unchanged)
{
	uint8_t image[32];

	memcpy(image, tpol_r(tp, 0)->meas[0], 32);
	ck_assert_uint_eq(tpol_activate(tp, 0), 0);
	ck_assert_mem_eq(tpol_r(tp, 0)->meas[0], image, 32);
}
END_TEST

START_TEST(double_bind_and_args)
{
	uint8_t blob[4096];
	size_t n = tpol_blob(tp, P, "a", blob, sizeof blob);

	ck_assert_uint_eq(tpol_bind(tp, 0, blob, n), 0);
	bind_refused(0, blob, n, MICA_RMI_ERROR_REALM);
	bind_refused(1, blob, 0, MICA_RMI_ERROR_INPUT);
	tp_snap(tp, snap);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_POLICY_BIND, TPOL_RD(1), PA(W_SRC), 4097),
			  MICA_RMI_ERROR_INPUT);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_POLICY_BIND, PA(W_SRC), PA(W_SRC), n),
			  MICA_RMI_ERROR_INPUT);                  /* not an RD */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_POLICY_BIND, TPOL_RD(1),
			      PA(TPOL_G(0, 6)), n), MICA_RMI_ERROR_INPUT); /* not NS */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_POLICY_BIND, TPOL_RD(1), PA(W_SRC) + 8, n),
			  MICA_RMI_ERROR_INPUT);
	ck_assert_uint_eq(RMI(tp, MICA_RMI_POLICY_BIND, TPOL_RD(1), 0, n),
			  MICA_RMI_ERROR_INPUT);
	ck_assert(tp_same(tp, snap));
}
END_TEST

START_TEST(wrong_image_refused)
{
	uint8_t blob[4096];
	size_t n = tpol_blob(tp, P, "b", blob, sizeof blob);   /* R1's */

	ck_assert_uint_eq(tpol_bind(tp, 0, blob, n), 0);
	tp_snap(tp, snap);
	ck_assert_uint_eq(tpol_activate(tp, 0), MICA_RMI_ERROR_REALM);
	ck_assert(tp_same(tp, snap));
}
END_TEST

START_TEST(rim_moved_after_bind_refused)
{
	uint8_t blob[4096];
	size_t n = tpol_blob(tp, P, "a", blob, sizeof blob);

	ck_assert_uint_eq(tpol_bind(tp, 0, blob, n), 0);
	/* More content after binding: the image is no longer the blob's. */
	tp_data(tp, TPOL_G(0, 0), TPOL_G(0, 8), 0x1000, W_SCRATCH,
		MICA_RMI_MEASURE_CONTENT);
	tp_snap(tp, snap);
	ck_assert_uint_eq(tpol_activate(tp, 0), MICA_RMI_ERROR_REALM);
	ck_assert(tp_same(tp, snap));
}
END_TEST

START_TEST(rpv_checked)
{
	char ok[600], hex[140];

	for (unsigned i = 0; i < 64; i++)   /* tp_realm_params' rpv, vmid 1 */
		sprintf(hex + 2 * i, "%02x", 0xA0 + i + 1);
	snprintf(ok, sizeof ok, "policy r version 1;\n"
		 "realm a { measurement = %%R0; trust = trusted; rpv = hex:%s; }\n",
		 hex);
	tpol_bind_text(tp, 0, ok, "a");
	ck_assert_uint_eq(tpol_r(tp, 0)->policy.pol.rpv_len, 64);
	ck_assert_uint_eq(tpol_activate(tp, 0), 0);
}
END_TEST

START_TEST(rpv_wrong_refused)
{
	char text[400];

	snprintf(text, sizeof text, "policy r version 1;\n"
		 "realm a { measurement = %%R0; trust = trusted; rpv = hex:a1a2; }\n");
	tpol_bind_text(tp, 0, text, "a");
	tp_snap(tp, snap);
	ck_assert_uint_eq(tpol_activate(tp, 0), MICA_RMI_ERROR_REALM);
	ck_assert(tp_same(tp, snap));
}
END_TEST

START_TEST(hash_mismatch_refused)
{
	static const char p512[] =
		"policy h version 1;\nhash sha512;\n"
		"realm a { measurement = sha512:"
		"1111111111111111111111111111111111111111111111111111111111111111"
		"1111111111111111111111111111111111111111111111111111111111111111;"
		" trust = trusted; }\n";
	uint8_t blob[4096];
	size_t n = tpol_blob(tp, p512, "a", blob, sizeof blob);

	bind_refused(0, blob, n, MICA_RMI_ERROR_INPUT);
}
END_TEST

/* The blob reader without messages (as POLICY_BIND runs it) and micac's
 * mica_blob_decode (with them) give one verdict; when it is a refusal,
 * the RMI call is refused with ERROR_INPUT and changes nothing. */
static void differential(const uint8_t *b, size_t n, unsigned *acc)
{
	static struct mica_pol pol;
	mica_blob mb;
	mica_blob_error err;
	int micac, rmm;

	rmm = mica_blob_read(&pol, b, n, NULL);
	micac = mica_blob_decode(b, n, &mb, &err);
	if (micac == 0)
		mica_blob_free(&mb);
	ck_assert_msg(rmm == micac, "decoders disagree (rmm %d, micac %d) "
		      "on a %zu-byte blob", rmm, micac, n);
	if (rmm != 0)
		bind_refused(0, b, n, MICA_RMI_ERROR_INPUT);
	else
		(*acc)++;
}

START_TEST(truncations_and_flips)
{
	uint8_t blob[4096], m[4096];
	size_t n = tpol_blob(tp, P, "a", blob, sizeof blob);
	unsigned acc = 0;

	for (size_t len = 0; len < n; len++)
		differential(blob, len, &acc);
	ck_assert_uint_eq(acc, 0);
	for (size_t i = 0; i < n; i++)
		for (unsigned bit = 0; bit < 8; bit += 3) {
			memcpy(m, blob, n);
			m[i] ^= (uint8_t)(1u << bit);
			differential(m, n, &acc);
		}
	/* Some flips stay valid (digest bytes): they must be accepted. */
	ck_assert_uint_gt(acc, 0);
	/* Trailing bytes. */
	memcpy(m, blob, n);
	m[n] = 0;
	differential(m, n + 1, &acc);
	/* The original binds. */
	ck_assert_uint_eq(tpol_bind(tp, 0, blob, n), 0);
}
END_TEST

/*
 * Hand-built blobs on the edges where micac and the RMM, when each had
 * a reader of its own, once parted: a
 * minor-version-1 blob (which may carry keys a reader does not know)
 * whose unknown key holds what mica-blob.5 ("ENCODING") rules out, or
 * what it allows right up to a limit (the RMM's reader once bound tags,
 * booleans, null, undefined and other simple values there, and nesting
 * 9 to 16 deep, all of which micac refused). Each blob is the
 * minimal one with key 12 (or the given keys) after flags:
 *   a9 0001 0101 026170 0301 0400 055820 11..11 065820 22..22 0801 TAIL
 * `pairs` is the number of map pairs after flags (the map's count is
 * 8 + pairs), `minor` the minor version, `why` what micac says when it
 * refuses. Both readers must give `want` (0 accept, -1 refuse), and the
 * RMI call binds exactly the accepted ones.
 */
typedef struct edge {
	const char *tail;
	unsigned pairs, minor;
	int want;
	const char *why;
} edge;

static const edge edges[] = {
	/* Allowed in an unknown key of a newer minor version. */
	{ "0c 00", 1, 1, 0, 0 },
	{ "0c 3bffffffffffffffff", 1, 1, 0, 0 },
	{ "0c 43010203", 1, 1, 0, 0 },
	{ "0c 62c3a9", 1, 1, 0, 0 },                  /* "é" */
	{ "0c 63efbfbe", 1, 1, 0, 0 },                /* U+FFFE is UTF-8 */
	{ "0c 64f48fbfbf", 1, 1, 0, 0 },              /* U+10FFFF */
	{ "0c a3 00 00 20 00 40 00", 1, 1, 0, 0 },    /* keys 0 < -1 < h'' */
	{ "0c a2 8100 00 8101 00", 1, 1, 0, 0 },      /* array keys, sorted */
	{ "0c 00 1bffffffffffffffff 00", 2, 7, 0, 0 },
	/* The top map is depth 0, key 12's value depth 1: an item 8 deep is
	 * the deepest allowed, whether an integer or an empty array. */
	{ "0c 81818181818181 00", 1, 1, 0, 0 },
	{ "0c 81818181818181 80", 1, 1, 0, 0 },
	{ "0c a100 a100 a100 a100 a100 a100 a100 a0", 1, 1, 0, 0 },
	/* Tags: none in a blob, however deep or wherever. */
	{ "0c c100", 1, 1, -1, "tags are not used" },
	{ "0c d818 40", 1, 1, -1, "tags are not used" },
	{ "0c 82 00 c0 60", 1, 1, -1, "tags are not used" },
	{ "0c a1 c100 00", 1, 1, -1, "tags are not used" },  /* a key */
	{ "c10c 00", 1, 1, -1, "tags are not used" },  /* a top-level key */
	/* Booleans, null, undefined and the other simple values. */
	{ "0c f4", 1, 1, -1, "simple values are not used" },
	{ "0c f5", 1, 1, -1, "simple values are not used" },
	{ "0c f6", 1, 1, -1, "simple values are not used" },
	{ "0c f7", 1, 1, -1, "simple values are not used" },
	{ "0c f820", 1, 1, -1, "simple values are not used" },
	{ "0c f8ff", 1, 1, -1, "simple values are not used" },
	{ "0c 83 00 01 f5", 1, 1, -1, "simple values are not used" },
	{ "0c a1 00 f6", 1, 1, -1, "simple values are not used" },
	{ "0c f93c00", 1, 1, -1, "floats" },
	{ "0c fb3ff0000000000000", 1, 1, -1, "floats" },
	/* Nine deep: one level past the limit. */
	{ "0c 8181818181818181 00", 1, 1, -1, "nested too deeply" },
	{ "0c 8181818181818181 80", 1, 1, -1, "nested too deeply" },
	{ "0c a100 a100 a100 a100 a100 a100 a100 a100 a0", 1, 1, -1,
	  "nested too deeply" },
	{ "0c 818181818181818181818181818181 00", 1, 1, -1,
	  "nested too deeply" },
	/* Text that is not UTF-8: overlong, a surrogate, past U+10FFFF,
	 * a lone continuation byte, a cut sequence. */
	{ "0c 62c0af", 1, 1, -1, "not valid UTF-8" },
	{ "0c 63eda080", 1, 1, -1, "not valid UTF-8" },
	{ "0c 64f4908080", 1, 1, -1, "not valid UTF-8" },
	{ "0c 6180", 1, 1, -1, "not valid UTF-8" },
	{ "0c 62 41c3", 1, 1, -1, "not valid UTF-8" },
	{ "0c a1 61ff 00", 1, 1, -1, "not valid UTF-8" },
	/* The deterministic encoding holds inside unknown keys too. */
	{ "0c 1817", 1, 1, -1, "shortest form" },
	{ "0c 5f40ff", 1, 1, -1, "indefinite length" },
	{ "0c a2 01 00 00 00", 1, 1, -1, "not in ascending order" },
	{ "0c a2 00 00 00 00", 1, 1, -1, "duplicate map key" },
	{ "0c a2 8101 00 8100 00", 1, 1, -1, "not in ascending order" },
	/* An unknown key in a blob of a minor version the reader knows. */
	{ "0c 00", 1, 0, -1, "unknown key 12 in a version 1.0" },
	/* Every host call has one encoding, flag 2, never the list
	 * 0..0xFFFF; one short of it is a list. */
	{ "09 82 00 19ffff", 1, 0, -1, "is every host call" },
	{ "09 82 00 19fffe", 1, 0, 0, NULL },
	{ "09 84 00 10 12 19ffff", 1, 0, 0, NULL },
};

/* Hex digits (spaces ignored) to bytes; returns the count. */
static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	static const char digits[] = "0123456789abcdef";
	size_t n = 0;

	for (; *s; s++) {
		const char *hi, *lo;

		if (*s == ' ')
			continue;
		hi = strchr(digits, s[0]);
		lo = s[1] ? strchr(digits, s[1]) : NULL;
		ck_assert_msg(hi && lo, "bad hex at '%s'", s);
		ck_assert_uint_lt(n, cap);
		out[n++] = (uint8_t)((hi - digits) << 4 | (lo - digits));
		s++;
	}
	return n;
}

START_TEST(edges_both_readers)
{
	static struct mica_pol pol;
	const edge *x = &edges[_i];
	char hex[1024];
	uint8_t blob[512];
	mica_blob mb;
	mica_blob_error err;
	size_t n;
	int rmm, micac;

	snprintf(hex, sizeof hex, "%02x 0001 01%02x 026170 0301 0400 055820"
		 "%.64s 065820%.64s 0801 %s", 0xA8 + x->pairs, x->minor,
		 "1111111111111111111111111111111111111111111111111111111111111111",
		 "2222222222222222222222222222222222222222222222222222222222222222",
		 x->tail);
	n = unhex(hex, blob, sizeof blob);
	rmm = mica_blob_read(&pol, blob, n, NULL);
	micac = mica_blob_decode(blob, n, &mb, &err);
	if (micac == 0)
		mica_blob_free(&mb);
	ck_assert_msg(micac == x->want, "edge %d (%s): micac %d: %s", _i,
		      x->tail, micac, err.msg);
	ck_assert_msg(rmm == x->want, "edge %d (%s): micac %d, rmm %d", _i,
		      x->tail, micac, rmm);
	if (x->want != 0) {
		ck_assert_msg(strstr(err.msg, x->why) != NULL,
			      "edge %d (%s): micac says '%s', not '%s'", _i,
			      x->tail, err.msg, x->why);
		bind_refused(0, blob, n, MICA_RMI_ERROR_INPUT);
	} else {
		ck_assert_uint_eq(tpol_bind(tp, 0, blob, n), 0);
		ck_assert_uint_eq(tpol_r(tp, 0)->policy.blob_len, n);
	}
}
END_TEST

/* A blob at (plus 0) or one over (plus 1) a MICA_POL_MAX_* limit,
 * encoded by micac's encoder (so it is well-formed). which: 0 regions,
 * 1 peers, 2 participants, 3 host-call ranges. */
static size_t over_limit(unsigned which, unsigned plus, uint8_t *out)
{
	static mica_blob_region reg[MICA_POL_MAX_REGIONS + 1];
	static mica_blob_part part[MICA_POL_MAX_REGIONS + 1][MICA_POL_MAX_PARTS + 1];
	static uint8_t peers[MICA_POL_MAX_PEERS + 1][MICA_MAX_DIGEST];
	static mica_ir_imm imm[MICA_POL_MAX_HOSTCALLS + 1];
	uint8_t blob[4096];
	size_t n = tpol_blob(tp, P, "a", blob, sizeof blob);
	unsigned nreg = which == 0 ? MICA_POL_MAX_REGIONS + plus : 1;
	unsigned npeer = which == 1 ? MICA_POL_MAX_PEERS + plus
		       : which == 2 ? MICA_POL_MAX_PARTS - 1 + plus : 0;
	mica_blob b, m;
	mica_blob_error err;

	ck_assert_int_eq(mica_blob_decode(blob, n, &b, &err), 0);
	m = b;
	/* Peers 0x01.. sort after a's own measurement only by chance, so
	 * make them 0xF0 + k: ascending, never equal to it. */
	for (unsigned k = 0; k < npeer; k++) {
		memset(peers[k], 0xF0, 32);
		peers[k][31] = (uint8_t)k;
	}
	m.npeers = npeer;
	m.peers = peers;
	m.nregions = nreg;
	m.regions = reg;
	if (which == 1)   /* two peers a region, under the other limits */
		m.nregions = nreg = (npeer + 1) / 2;
	for (unsigned i = 0; i < nreg; i++) {
		unsigned np = which == 2 && i == 0 ? npeer + 1 : 1, first = 1;

		if (which == 1) {
			first = 2 * i + 1;
			np = 1 + (first + 1 <= npeer ? 2 : 1);
		}
		reg[i] = (mica_blob_region){ .kind = MICA_PROTECTED, .size = 4096,
					     .nparts = np, .parts = part[i] };
		/* Self sorts before 0xF0.. peers when its first byte is lower. */
		for (unsigned k = 0; k < np; k++)
			part[i][k] = (mica_blob_part){
				.who = k ? first + k - 1 : 0, .rights = MICA_R,
				.ipa = 0x100000ul * (k + 1) + 0x1000ul * i };
	}
	if (which == 3) {
		m.flags &= ~(uint64_t)MICA_BLOB_HOSTCALL_ANY;
		m.nimms = MICA_POL_MAX_HOSTCALLS + plus;
		m.imms = imm;
		for (unsigned k = 0; k < m.nimms; k++)
			imm[k] = (mica_ir_imm){ (uint16_t)(4 * k), (uint16_t)(4 * k) };
	}
	n = mica_blob_encode(&m, out, 4096);
	mica_blob_free(&b);
	ck_assert_uint_gt(n, 0);
	return n;
}

START_TEST(limits)
{
	uint8_t blob[4096];
	size_t n;
	mica_blob b;
	mica_blob_error err;

	static const char *const limit[] = {
		"regions: 17 regions, more than the 16 a blob may have "
		"(MICA_POL_MAX_REGIONS)",
		"peers: 17 peers, more than the 16 a blob may have "
		"(MICA_POL_MAX_PEERS)",
		"regions[0]: 9 participants, more than the 8 a blob may have "
		"(MICA_POL_MAX_PARTS)",
		"hostcalls: 33 ranges, more than the 32 a blob may have "
		"(MICA_POL_MAX_HOSTCALLS)",
	};

	/* a's measurement must sort before the 0xF0.. peers. */
	if (tpol_r(tp, 0)->meas[0][0] >= 0xF0)
		return;
	for (unsigned which = 0; which < 4; which++) {
		static struct mica_pol pol;

		/* At the limit: accepted. */
		n = over_limit(which, 0, blob);
		ck_assert_msg(mica_blob_read(&pol, blob, n, NULL) == 0 &&
			      mica_blob_decode(blob, n, &b, &err) == 0, "at limit %u: %s", which, err.msg);
		mica_blob_free(&b);
		/* One over: micac dump and POLICY_BIND refuse it alike,
		 * and micac names the limit. */
		n = over_limit(which, 1, blob);
		ck_assert_int_eq(mica_blob_decode(blob, n, &b, &err), -1);
		ck_assert_msg(strstr(err.msg, limit[which]) != NULL &&
			      strstr(err.msg, "more than the") != NULL,
			      "limit %u: %s", which, err.msg);
		bind_refused(0, blob, n, MICA_RMI_ERROR_INPUT);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("mica rmm bind");
	TCase *t = tcase_create("bind");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 120);
	tcase_add_test(t, bind_activate_extends_rim);
	tcase_add_test(t, plain_realm_unchanged);
	tcase_add_test(t, double_bind_and_args);
	tcase_add_test(t, wrong_image_refused);
	tcase_add_test(t, rim_moved_after_bind_refused);
	tcase_add_test(t, rpv_checked);
	tcase_add_test(t, rpv_wrong_refused);
	tcase_add_test(t, hash_mismatch_refused);
	tcase_add_test(t, truncations_and_flips);
	tcase_add_test(t, limits);
	tcase_add_loop_test(t, edges_both_readers, 0,
			    (int)(sizeof edges / sizeof edges[0]));
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
