/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lifecycle_tokens.c DIR -- the inputs of tests/verify/lifecycle.py:
 * two versions of one policy compiled in-process, their Realms deployed
 * together through the RMM module (as in test_verify_reference.c), and
 * group tokens fetched by Realms of each version. Writes into DIR:
 *
 *   g1.json g2.json  micac's reference.json of policy g versions 1 and 2
 *   h1.json          reference.json of policy h (a group of its own)
 *   k1.json          reference.json of policy k, whose realm x joins
 *                    version 1's region through `any`
 *   v1k.cbor         the group token realm a of version 1 fetched with
 *                    x in its group
 *   v1.cbor          the group token realm a of version 1 fetched
 *   v2.cbor          the group token realm a of version 2 fetched
 *   h1.cbor          the group token realm d of policy h fetched
 *   b2.cbor          the ordinary token (no group claim) of realm b of
 *                    version 2
 *   cpak.pem         the platform's public key
 *   g1.in g2.in      the policy texts of g1.json and g2.json, their
 *                    measurements still %R0..%R7 (the JSON has them)
 *
 * Version 2 keeps realm a's image (Realm 2 is built from Realm 0's) and
 * changes realm b's. Every token's challenge is 0x50, 0x51, ... 0x8f.
 * Exit status 0 when every file is written, else Check's failure.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include "mica/token.h"
#include "tkey.h"
#include "tpol.h"

static const char G1[] =
	"policy g version 1;\n"
	"realm a { measurement = %R0; trust = trusted; }\n"
	"realm b { measurement = %R1; trust = trusted; }\n"
	"region r : protected, 8 KiB { a: rw @ 0x100000; b: rw @ 0x110000;\n"
	"  any: r @ 0x120000 limit 1; }\n";

static const char G2[] =
	"policy g version 2;\n"
	"realm a { measurement = %R0; trust = trusted; }\n"
	"realm b { measurement = %R3; trust = trusted; }\n"
	"region r : protected, 8 KiB { a: rw @ 0x100000; b: rw @ 0x110000; }\n";

/* Realm x of policy k joins g version 1's region through `any`. */
static const char K1[] =
	"policy k version 1;\n"
	"realm a { measurement = %R0; trust = trusted; }\n"
	"realm b { measurement = %R1; trust = trusted; }\n"
	"realm x { measurement = %R6; trust = trusted; }\n"
	"region r : protected, 8 KiB { a: rw @ 0x100000; b: rw @ 0x110000;\n"
	"  x: r @ 0x120000; any: r @ 0x120000 limit 1; }\n";

static const char H1[] =
	"policy h version 1;\n"
	"realm d { measurement = %R4; trust = trusted; }\n"
	"realm e { measurement = %R5; trust = trusted; }\n"
	"region t : protected, 8 KiB { d: w @ 0x100000; e: rw @ 0x110000; }\n";

static const char *dir;
static struct tplat *tp;
static unsigned cur;
static uint8_t token[MICA_ATTEST_GROUP_MAX];
static size_t token_len;
static int grouped;    /* fetch the group token, else the ordinary one */

static void put(const char *name, const void *p, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "%s", path);
	ck_assert_uint_eq(fwrite(p, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
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
	unsigned long x[MICA_RMM_SMC_REGS] = {
		grouped ? MICA_RSI_GROUP_TOKEN_INIT
			: MICA_RSI_ATTESTATION_TOKEN_INIT };
	unsigned long ret[MICA_RMM_SMC_REGS], x0;
	uint8_t ch[64];

	for (unsigned i = 0; i < 64; i++)
		ch[i] = (uint8_t)(0x50 + i);
	for (unsigned i = 0; i < 8; i++)
		x[1 + i] = mica_ld64(ch + 8 * i);
	ck_assert_uint_eq(mica_rmm_rsi(&t->ctx, rec, x, ret),
			  MICA_RSI_SUCCESS);
	token_len = 0;
	do {
		unsigned long y[MICA_RMM_SMC_REGS] = {
			grouped ? MICA_RSI_GROUP_TOKEN_CONTINUE
				: MICA_RSI_ATTESTATION_TOKEN_CONTINUE, 0, 0,
			4096 };

		x0 = mica_rmm_rsi(&t->ctx, rec, y, ret);
		ck_assert(x0 == MICA_RSI_SUCCESS || x0 == MICA_RSI_INCOMPLETE);
		ck_assert_uint_le(token_len + ret[1], sizeof token);
		memcpy(token + token_len, realm_mem(cur, 0), ret[1]);
		token_len += ret[1];
	} while (x0 == MICA_RSI_INCOMPLETE);
}

/* Realm i fetches its group token (else its ordinary one) into file
 * name. */
static void fetch_as(unsigned i, int group, const char *name)
{
	cur = i;
	grouped = group;
	tp->nsteps = tp->pc = 0;
	STEP(tp, .kind = S_CALL, .fn = fetch);
	ck_assert_uint_eq(tp_enter(tp, TPOL_G(i, 7), 0), 0);
	put(name, token, token_len);
}

static void up(unsigned i, const char *text, const char *name)
{
	tpol_bind_text(tp, i, text, name);
	ck_assert_uint_eq(tpol_activate(tp, i), 0);
}

static void share(unsigned i, unsigned g, unsigned long ipa)
{
	ck_assert_uint_eq(RMI(tp, MICA_RMI_SHARE_MAP, TPOL_RD(i), PA(g), ipa),
			  0);
}

static void reference(const char *text, const char *name)
{
	char *json = tpol_reference_json(tp, text);

	put(name, json, strlen(json));
	free(json);
}

START_TEST(write_inputs)
{
	unsigned char pem[1024];

	tp = tp_new();
	tp_attest_on(tp);
	tpol_realm(tp, 0);           /* a, version 1 */
	tpol_realm(tp, 1);           /* b, version 1 */
	tpol_realm_image(tp, 2, 0);  /* a, version 2: a's image */
	tpol_realm(tp, 3);           /* b, version 2: a new image */
	tpol_realm(tp, 4);           /* d of h */
	tpol_realm(tp, 5);           /* e of h */
	tpol_realm(tp, 6);           /* x of k */
	for (unsigned g = 200; g <= 202; g++)
		tp_delegate(tp, g);
	up(0, G1, "a");
	up(1, G1, "b");
	up(2, G2, "a");
	up(3, G2, "b");
	up(4, H1, "d");
	up(5, H1, "e");
	up(6, K1, "x");
	share(0, 200, 0x100000);
	share(1, 200, 0x110000);
	share(2, 201, 0x100000);
	share(3, 201, 0x110000);
	share(4, 202, 0x100000);
	share(5, 202, 0x110000);
	put("g1.in", G1, strlen(G1));
	put("g2.in", G2, strlen(G2));
	reference(G1, "g1.json");
	reference(G2, "g2.json");
	reference(H1, "h1.json");
	reference(K1, "k1.json");
	fetch_as(0, 1, "v1.cbor");
	fetch_as(2, 1, "v2.cbor");
	fetch_as(4, 1, "h1.cbor");
	fetch_as(3, 0, "b2.cbor");
	share(6, 200, 0x120000);
	fetch_as(0, 1, "v1k.cbor");
	tkey_platform_pem(pem);
	put("cpak.pem", pem, strlen((char *)pem));
	tp_free(tp);
}
END_TEST

int main(int argc, char **argv)
{
	Suite *s = suite_create("lifecycle_tokens");
	TCase *tc = tcase_create("write");
	SRunner *sr;
	int failed;

	if (argc != 2) {
		fprintf(stderr, "usage: lifecycle_tokens DIR\n");
		return 2;
	}
	dir = argv[1];
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, write_inputs);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
