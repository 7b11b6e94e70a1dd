/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tokensize.c -- bytes of one Mica group token against N ordinary CCA
 * tokens (bench/TOKENSIZE.md).
 *
 * For N in 1, 2, 4, 8, 16, 64 and for SHA-256 and SHA-512 measurements:
 * builds N Realms and one policy connecting them in a chain (region g_i
 * written by Realm i, read by Realm i+1), binds, activates and shares
 * every region, then has Realm 0 fetch, through the real RSI calls in
 * 4096-byte chunks, one ordinary token (ATTESTATION_TOKEN_*) and one
 * group token (MICA_RSI_GROUP_TOKEN_*). Every Realm's ordinary token has
 * the same size (same claims, same digest sizes), so N separate tokens
 * are N x the first. Prints a Markdown table, with what each member
 * after the first adds to the group token against the digest it carries
 * (its final RIM); exits non-zero if any call fails, the group token
 * does not list N members, or a member adds more than 1.25 x its digest.
 *   tokensize            the table
 */
#include <mbedtls/sha512.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/ast.h"
#include "mica/blob.h"
#include "mica/diag.h"
#include "mica/ir.h"
#include "mica/source.h"
#include "mica/rmm_test.h"
#include "mica/wire/bytes.h"

#define NG MICA_RMM_MAX_GRANULES
#define BASE 0x80000000ul
#define PA(i) (BASE + (unsigned long)(i) * 4096ul)
#define MAXN 64u

static uint8_t *mem;
static struct mica_rmm ctx;
static struct mica_rmm_platform plat;
static struct mica_rmm_attest_platform keys;
static unsigned next_g;

static unsigned long fetch_fid_init, fetch_fid_cont;
static uint8_t token[MICA_ATTEST_GROUP_MAX];
static size_t token_len;
static unsigned long fetch_status;

static void ok(unsigned long st, const char *what)
{
	if (st != 0) {
		fprintf(stderr, "tokensize: %s: status 0x%lx\n", what, st);
		exit(1);
	}
}

static int gpt(void *c, unsigned long pa, int to_realm)
{
	(void)c, (void)pa, (void)to_realm;
	return 0;
}

/* The Realm: INIT, then CONTINUE into its DATA page at IPA 0 until the
 * token is complete; then an interrupt ends the REC_ENTER. */
static void run(void *c, struct mica_rmm *x, unsigned long rd,
		unsigned long rec, const struct mica_rmm_resume *in,
		struct mica_rmm_trap *out)
{
	unsigned long a[MICA_RMM_SMC_REGS] = { 0 }, r[MICA_RMM_SMC_REGS];
	unsigned long pa, st;

	(void)c, (void)in;
	out->kind = MICA_RMM_TRAP_IRQ;
	token_len = 0;
	a[0] = fetch_fid_init;
	for (unsigned i = 1; i <= 8; i++)
		a[i] = 0x0101010101010101ul * i;   /* the challenge */
	fetch_status = mica_rmm_rsi(x, rec, a, r);
	if (fetch_status != 0 ||
	    mica_rmm_s2_translate(x, rd, 0, MICA_S2_AP_R, &pa, NULL) != 0) {
		fetch_status |= 0x100;
		return;
	}
	do {
		memset(a, 0, sizeof a);
		a[0] = fetch_fid_cont;
		a[3] = 4096;
		st = mica_rmm_rsi(x, rec, a, r);
		if ((st != MICA_RSI_SUCCESS && st != MICA_RSI_INCOMPLETE) ||
		    token_len + r[1] > sizeof token) {
			fetch_status = st | 0x200;
			return;
		}
		memcpy(token + token_len, mem + (pa - BASE), r[1]);
		token_len += r[1];
	} while (st == MICA_RSI_INCOMPLETE);
}

static unsigned long rmi(unsigned long fid, unsigned long a1,
			 unsigned long a2, unsigned long a3, unsigned long a4,
			 unsigned long a5)
{
	unsigned long a[7] = { fid, a1, a2, a3, a4, a5, 0 }, r[5];

	return mica_rmm_rmi(&ctx, a, r);
}

static unsigned delegated(void)
{
	if (next_g >= NG) {
		fprintf(stderr, "tokensize: out of granules\n");
		exit(1);
	}
	ok(rmi(MICA_RMI_GRANULE_DELEGATE, PA(next_g), 0, 0, 0, 0), "delegate");
	return next_g++;
}

struct realm {
	unsigned rd, rec;
};

/* A NEW Realm with RTTs for IPA 0, RAM at [0, 4 KiB) holding one measured
 * DATA page whose content depends on i, and one runnable REC. */
static struct realm realm(unsigned i, unsigned alg)
{
	uint8_t *p = mem + 4096;   /* NS 1 params, 2 content, 4 REC params */
	struct realm r;
	unsigned root;

	r.rd = delegated();
	root = delegated();
	memset(p, 0, 4096);
	p[MICA_RP_S2SZ] = 33;
	p[MICA_RP_HASH_ALGO] = (uint8_t)alg;
	mica_st64(p + MICA_RP_VMID, i + 1);
	mica_st64(p + MICA_RP_RTT_BASE, PA(root));
	mica_st64(p + MICA_RP_RTT_LEVEL_START, 1);
	mica_st64(p + MICA_RP_RTT_NUM_START, 1);
	ok(rmi(MICA_RMI_REALM_CREATE, PA(r.rd), PA(1), 0, 0, 0), "realm");
	ok(rmi(MICA_RMI_RTT_CREATE, PA(r.rd), PA(delegated()), 0, 2, 0), "rtt");
	ok(rmi(MICA_RMI_RTT_CREATE, PA(r.rd), PA(delegated()), 0, 3, 0), "rtt");
	ok(rmi(MICA_RMI_RTT_INIT_RIPAS, PA(r.rd), 0, 0x102000, 0, 0), "ripas");
	memset(mem + 2 * 4096, 0, 4096);
	mica_st64(mem + 2 * 4096, i + 1);
	ok(rmi(MICA_RMI_DATA_CREATE, PA(r.rd), PA(delegated()), 0, PA(2),
	       MICA_RMI_MEASURE_CONTENT), "data");
	memset(mem + 4 * 4096, 0, 4096);
	mica_st64(mem + 4 * 4096 + MICA_RECP_FLAGS, MICA_REC_PARAMS_RUNNABLE);
	r.rec = delegated();
	ok(rmi(MICA_RMI_REC_CREATE, PA(r.rd), PA(r.rec), PA(4), 0, 0), "rec");
	return r;
}

/* The chain policy for n Realms, compiled; binds and activates each. */
static void bind_all(const struct realm *rs, unsigned n, unsigned alg)
{
	size_t cap = 512u * n + 4096, o = 0, dn = alg ? 64 : 32;
	char *t = malloc(cap);
	mica_source s;
	mica_diag d;
	mica_ast *ast;
	mica_ir *ir;
	uint8_t wf[MICA_MAX_DIGEST], *blob = mem + 3 * 4096;
	FILE *null = fopen("/dev/null", "w");

	o += (size_t)snprintf(t + o, cap - o, "policy chain version 1;\n%s",
			      alg ? "hash sha512;\n" : "");
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *m = mica_rmm_realm_from_rd(&ctx, PA(rs[i].rd))->meas[0];

		o += (size_t)snprintf(t + o, cap - o, "realm r%u { trust = "
				      "trusted; measurement = %s:", i,
				      alg ? "sha512" : "sha256");
		for (unsigned k = 0; k < dn; k++)
			o += (size_t)snprintf(t + o, cap - o, "%02x", m[k]);
		o += (size_t)snprintf(t + o, cap - o, "; }\n"
				      "allow r%u hostcall 0x10;\n", i);
	}
	for (unsigned i = 0; i + 1 < n; i++)
		o += (size_t)snprintf(t + o, cap - o, "region g%u : protected, "
				      "4 KiB { r%u: w @ 0x100000; r%u: r @ "
				      "0x101000; }\n", i, i, i + 1);
	if (mica_source_from_mem(&s, "chain.mica", t, o) != 0)
		exit(1);
	mica_diag_init(&d, &s, null);
	ast = mica_parse(&s, &d);
	ir = d.errors ? NULL : mica_lower(ast, &d);
	if (!ir || mica_check(ir, &d) || mica_backend_check(ir, &d)) {
		fprintf(stderr, "tokensize: the chain policy does not compile\n");
		exit(1);
	}
	mica_workflow_digest(ir, wf);
	for (unsigned i = 0; i < n; i++) {
		mica_blob b;
		size_t len;

		mica_blob_from_ir(ir, i, wf, &b);
		len = mica_blob_encode(&b, blob, 4096);
		mica_blob_free(&b);
		ok(len == 0, "encode");
		ok(rmi(MICA_RMI_POLICY_BIND, PA(rs[i].rd), PA(3), len, 0, 0),
		   "bind");
		ok(rmi(MICA_RMI_REALM_ACTIVATE, PA(rs[i].rd), 0, 0, 0, 0),
		   "activate");
	}
	mica_ir_free(ir);
	mica_ast_free(ast);
	mica_source_free(&s);
	fclose(null);
	free(t);
}

/* Realm rs's token of kind group (0/1): its size. */
static size_t fetch(const struct realm *r, int group)
{
	fetch_fid_init = group ? MICA_RSI_GROUP_TOKEN_INIT
			       : MICA_RSI_ATTESTATION_TOKEN_INIT;
	fetch_fid_cont = group ? MICA_RSI_GROUP_TOKEN_CONTINUE
			       : MICA_RSI_ATTESTATION_TOKEN_CONTINUE;
	ok(rmi(MICA_RMI_REC_ENTER, PA(r->rec), PA(5), 0, 0, 0), "rec enter");
	ok(fetch_status, group ? "group token" : "token");
	return token_len;
}

/* The number of members the group token lists: the map after claim
 * 266's key (19 01 0A), found by its bytes. */
static unsigned members(unsigned n)
{
	for (size_t i = 0; i + 4 < token_len; i++) {
		const uint8_t *p = token + i;

		if (p[0] != 0x19 || p[1] != 0x01 || p[2] != 0x0A)
			continue;
		if ((p[3] == (0xA0 | n) && n < 24) ||
		    (p[3] == 0xB8 && p[4] == n))
			return n;
	}
	return 0;
}

/* The RMM's entropy hook: any bytes serve here (they only blind the
 * signatures' scalar multiplications; the tokens do not depend on them). */
static int entropy(void *c, uint8_t *out, size_t n)
{
	static uint32_t x = 0x12345678u;

	(void)c;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		out[i] = (uint8_t)(x >> 16);
	}
	return 0;
}

int main(void)
{
	static const unsigned ns[] = { 1, 2, 4, 8, 16, 64 };
	static const char *seeds[2] = { "mica tokensize platform key",
					"mica tokensize realm key" };

	if (MICA_RMM_MAX_REALMS < MAXN || NG < 16 + 10 * MAXN) {
		fprintf(stderr, "tokensize: needs 64 Realms\n");
		return 2;
	}
	/* Keys: SHA-384 of fixed strings (benchmark only, like the tests'). */
	mbedtls_sha512_ret((const unsigned char *)seeds[0], strlen(seeds[0]),
			   token, 1);
	memcpy(keys.platform_key, token, 48);
	mbedtls_sha512_ret((const unsigned char *)seeds[1], strlen(seeds[1]),
			   token, 1);
	memcpy(keys.rak, token, 48);
	keys.instance_id[0] = 0x01;
	keys.lifecycle = 0x3000;
	mem = calloc(NG, 4096);
	if (mem == NULL)
		return 1;
	printf("| measurements | realms N | group token (bytes) | N ordinary "
	       "tokens (bytes) | group / N tokens | bytes per added member "
	       "| per member / its digest |\n"
	       "|---|---:|---:|---:|---:|---:|---:|\n");
	for (unsigned alg = 0; alg < 2; alg++) {
		for (unsigned k = 0; k < sizeof ns / sizeof ns[0]; k++) {
			unsigned n = ns[k];
			struct realm rs[MAXN];
			double per;
			size_t one, group;
			static size_t group1;

			memset(mem, 0, (size_t)NG * 4096);
			plat = (struct mica_rmm_platform){ .base_pa = BASE,
				.ngranules = NG, .mem = mem,
				.gpt_transition = gpt, .run_realm = run,
				.attest = &keys, .entropy = entropy };
			ok((unsigned long)mica_rmm_init(&ctx, &plat), "init");
			next_g = 8;   /* NS pages 0..7 */
			for (unsigned i = 0; i < n; i++)
				rs[i] = realm(i, alg);
			bind_all(rs, n, alg);
			for (unsigned i = 0; i + 1 < n; i++) {
				unsigned g = delegated();

				ok(rmi(MICA_RMI_SHARE_MAP, PA(rs[i].rd), PA(g),
				       0x100000, 0, 0), "map");
				ok(rmi(MICA_RMI_SHARE_MAP, PA(rs[i + 1].rd),
				       PA(g), 0x101000, 0, 0), "map");
			}
			one = fetch(&rs[0], 0);
			group = fetch(&rs[0], 1);
			if (members(n) != n) {
				fprintf(stderr, "tokensize: N %u: the group "
					"token does not list N members\n", n);
				return 1;
			}
			if (n == 1) {
				group1 = group;
				printf("| %s | 1 | %zu | %zu | %.3f | - | - |\n",
				       alg ? "SHA-512" : "SHA-256", group, one,
				       (double)group / (double)one);
				continue;
			}
			/* What each member after the first adds, against
			 * the one digest it must carry (its final RIM):
			 * the target is at most 1.25. The map's head grows
			 * once, by one byte, from 24 members on (B8 n
			 * instead of A0 + n): the group's, not a member's. */
			per = (double)(group - group1 - (n >= 24)) /
			      (double)(n - 1);
			printf("| %s | %u | %zu | %zu | %.3f | %.2f | %.3f |\n",
			       alg ? "SHA-512" : "SHA-256", n, group, n * one,
			       (double)group / (double)(n * one), per,
			       per / (alg ? 64.0 : 32.0));
			if (per > 1.25 * (alg ? 64.0 : 32.0)) {
				fprintf(stderr, "tokensize: N %u: %.2f bytes "
					"per member, over 1.25 x its digest\n",
					n, per);
				return 1;
			}
		}
	}
	free(mem);
	return 0;
}
