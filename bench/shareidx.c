/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * shareidx.c -- SHARE_MAP's cost after a million map/unmap cycles of
 * distinct pages, against its cost on a fresh index, measured in the
 * same run (bench/SHAREIDX.md).
 *
 * One Realm (s2sz 36, its policy one protected region of 8 GiB, 2^21
 * pages, compiled from text by micac's library) with RTTs and RAM for
 * the first CYCLES + 2 * BATCHES * POOL pages. Then:
 *   fresh   BATCHES batches: POOL first-mapper SHARE_MAPs of fresh pages
 *           (timed, per call), then their SHARE_UNMAPs;
 *   churn   CYCLES cycles over distinct pages, POOL of them live at a
 *           time (map page i, unmap page i - POOL): every page is mapped
 *           and unmapped once, and the index sees as many removals;
 *   after   the fresh batches again, on pages never used.
 * The ratio is the best after-batch over the best fresh-batch time per
 * SHARE_MAP (best of BATCHES, to filter out other load on the machine).
 * Every call must succeed; after the churn the index holds exactly the
 * live entries.
 *   shareidx [CYCLES]      (default 1000000)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mica/ast.h"
#include "mica/blob.h"
#include "mica/diag.h"
#include "mica/ir.h"
#include "mica/rmm_test.h"
#include "mica/source.h"
#include "mica/wire/bytes.h"

#define NG MICA_RMM_MAX_GRANULES
#define BASE 0x80000000ul
#define PA(i) (BASE + (unsigned long)(i) * 4096ul)
#define POOL 1024u
#define BATCHES 5u
#define DATA_IPA (16ul << 30)   /* the image page, outside the region */

static uint8_t *mem;
static struct mica_rmm ctx;
static struct mica_rmm_platform plat;
static unsigned next_g = 8;   /* NS pages 0..7 */

static int gpt(void *c, unsigned long pa, int to_realm)
{
	(void)c, (void)pa, (void)to_realm;
	return 0;
}

static void run(void *c, struct mica_rmm *x, unsigned long rd,
		unsigned long rec, const struct mica_rmm_resume *in,
		struct mica_rmm_trap *out)
{
	(void)c, (void)x, (void)rd, (void)rec, (void)in;
	out->kind = MICA_RMM_TRAP_IRQ;
}

static unsigned long rmi(unsigned long fid, unsigned long a1,
			 unsigned long a2, unsigned long a3, unsigned long a4)
{
	unsigned long a[7] = { fid, a1, a2, a3, a4, 0, 0 }, r[5];

	return mica_rmm_rmi(&ctx, a, r);
}

static void ok(unsigned long st, const char *what)
{
	if (st != 0) {
		fprintf(stderr, "shareidx: %s: status 0x%lx\n", what, st);
		exit(1);
	}
}

static unsigned delegated(void)
{
	if (next_g >= NG) {
		fprintf(stderr, "shareidx: out of granules\n");
		exit(1);
	}
	ok(rmi(MICA_RMI_GRANULE_DELEGATE, PA(next_g), 0, 0, 0), "delegate");
	return next_g++;
}

/* A NEW Realm, s2sz 36 (root at level 1), image page at DATA_IPA with
 * content i (distinct measurements), RTTs and RAM for pages [0, npages). */
static unsigned realm(unsigned i, unsigned long npages)
{
	uint8_t *p = mem + 4096;   /* NS page 1: params; page 2: content */
	unsigned rd = delegated(), root = delegated();

	memset(p, 0, 4096);
	p[0x08] = 36;
	mica_st64(p + 0x800, i + 1);
	mica_st64(p + 0x808, PA(root));
	mica_st64(p + 0x810, 1);
	mica_st64(p + 0x818, 1);
	ok(rmi(MICA_RMI_REALM_CREATE, PA(rd), PA(1), 0, 0), "realm");
	ok(rmi(MICA_RMI_RTT_CREATE, PA(rd), PA(delegated()), DATA_IPA, 2), "rtt");
	ok(rmi(MICA_RMI_RTT_CREATE, PA(rd), PA(delegated()), DATA_IPA, 3), "rtt");
	memset(mem + 2 * 4096, 0, 4096);
	mica_st64(mem + 2 * 4096, i + 1);
	ok(rmi(MICA_RMI_DATA_CREATE, PA(rd), PA(delegated()), DATA_IPA, PA(2)),
	   "data");
	for (unsigned long ipa = 0; ipa < npages * 4096ul; ipa += 1ul << 21) {
		if ((ipa & ((1ul << 30) - 1)) == 0)
			ok(rmi(MICA_RMI_RTT_CREATE, PA(rd), PA(delegated()), ipa,
			       2), "rtt");
		ok(rmi(MICA_RMI_RTT_CREATE, PA(rd), PA(delegated()), ipa, 3),
		   "rtt");
		ok(rmi(MICA_RMI_RTT_INIT_RIPAS, PA(rd), ipa, ipa + (1ul << 21),
		       0), "ripas");
	}
	return rd;
}

static const char POLICY[] =
	"policy idx version 1;\n"
	"realm a { trust = trusted; measurement = sha256:%s; }\n"
	"realm b { trust = trusted; measurement = sha256:%s; }\n"
	"region r : protected, 8 GiB { a: rw @ 0; b: r @ 0; }\n";

static void hex(const uint8_t *m, char *out)
{
	for (unsigned k = 0; k < 32; k++)
		sprintf(out + 2 * k, "%02x", m[k]);
}

/* Binds realm a's blob of POLICY (b is only named) and activates a. */
static void bind(unsigned rda, unsigned rdb)
{
	char t[1024], ma[65], mb[65];
	mica_source s;
	mica_diag d;
	mica_ast *ast;
	mica_ir *ir;
	mica_blob b;
	uint8_t wf[MICA_MAX_DIGEST], *blob = mem + 3 * 4096;
	FILE *null = fopen("/dev/null", "w");
	size_t len;

	hex(mica_rmm_realm_from_rd(&ctx, PA(rda))->meas[0], ma);
	hex(mica_rmm_realm_from_rd(&ctx, PA(rdb))->meas[0], mb);
	len = (size_t)snprintf(t, sizeof t, POLICY, ma, mb);
	if (mica_source_from_mem(&s, "idx.mica", t, len) != 0)
		exit(1);
	mica_diag_init(&d, &s, null);
	ast = mica_parse(&s, &d);
	ir = d.errors ? NULL : mica_lower(ast, &d);
	if (!ir || mica_check(ir, &d) || mica_backend_check(ir, &d)) {
		fprintf(stderr, "shareidx: the policy does not compile\n");
		exit(1);
	}
	mica_workflow_digest(ir, wf);
	mica_blob_from_ir(ir, 0, wf, &b);
	len = mica_blob_encode(&b, blob, 4096);
	mica_blob_free(&b);
	ok(len == 0, "encode");
	ok(rmi(MICA_RMI_POLICY_BIND, PA(rda), PA(3), len, 0), "bind");
	ok(rmi(MICA_RMI_REALM_ACTIVATE, PA(rda), 0, 0, 0), "activate");
	mica_ir_free(ir);
	mica_ast_free(ast);
	mica_source_free(&s);
	fclose(null);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static unsigned rd, pool[POOL];
static unsigned long next_page;

/* BATCHES batches of POOL fresh first-mapper SHARE_MAPs: the best
 * batch's seconds per call. Unmaps them after each batch. */
static double batches(void)
{
	double best = 1e9;

	for (unsigned b = 0; b < BATCHES; b++) {
		unsigned long first = next_page;
		double t0 = now(), t;

		for (unsigned i = 0; i < POOL; i++)
			ok(rmi(MICA_RMI_SHARE_MAP, PA(rd), PA(pool[i]),
			       (next_page++) * 4096ul, 0), "map");
		t = (now() - t0) / POOL;
		if (t < best)
			best = t;
		for (unsigned i = 0; i < POOL; i++)
			ok(rmi(MICA_RMI_SHARE_UNMAP, PA(rd), (first + i) * 4096ul,
			       0, 0), "unmap");
	}
	return best;
}

static unsigned long live_entries(void)
{
	unsigned long n = 0;

	for (unsigned i = 0; i < 2 * MICA_RMM_MAX_GRANULES; i++)
		n += ctx.shidx[i] != 0;
	return n;
}

int main(int argc, char **argv)
{
	unsigned long cycles = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000000ul;
	unsigned long npages = cycles + 2ul * BATCHES * POOL + POOL;
	double fresh, after, t0;
	unsigned rdb;

	if (cycles < POOL || npages > (1ul << 21)) {
		fprintf(stderr, "shareidx: CYCLES must be %u..%lu\n", POOL,
			(1ul << 21) - 2ul * BATCHES * POOL - POOL);
		return 2;
	}
	mem = calloc(NG, 4096);
	if (mem == NULL)
		return 1;
	plat = (struct mica_rmm_platform){ .base_pa = BASE, .ngranules = NG,
		.mem = mem, .gpt_transition = gpt, .run_realm = run };
	ok((unsigned long)mica_rmm_init(&ctx, &plat), "init");
	rd = realm(0, npages);
	rdb = realm(1, 0);
	bind(rd, rdb);
	for (unsigned i = 0; i < POOL; i++)
		pool[i] = delegated();

	fresh = batches();
	t0 = now();
	for (unsigned long i = 0; i < cycles; i++) {
		unsigned long page = next_page + i;

		if (i >= POOL)
			ok(rmi(MICA_RMI_SHARE_UNMAP, PA(rd), (page - POOL) * 4096ul,
			       0, 0), "unmap");
		ok(rmi(MICA_RMI_SHARE_MAP, PA(rd), PA(pool[i % POOL]),
		       page * 4096ul, 0), "map");
	}
	if (live_entries() != POOL) {
		fprintf(stderr, "shareidx: %lu index entries, %u live pages\n",
			live_entries(), POOL);
		return 1;
	}
	for (unsigned long i = cycles - POOL; i < cycles; i++)
		ok(rmi(MICA_RMI_SHARE_UNMAP, PA(rd), (next_page + i) * 4096ul, 0,
		       0), "unmap");
	next_page += cycles;
	t0 = now() - t0;
	if (live_entries() != 0) {
		fprintf(stderr, "shareidx: %lu index entries left\n",
			live_entries());
		return 1;
	}
	after = batches();
	printf("| cycles | fresh SHARE_MAP (ns) | after (ns) | after / fresh | "
	       "churn (ns per map+unmap) |\n|---:|---:|---:|---:|---:|\n");
	printf("| %lu | %.0f | %.0f | %.2f | %.0f |\n", cycles, fresh * 1e9,
	       after * 1e9, after / fresh, t0 / (double)cycles * 1e9);
	if (after > 1.5 * fresh) {
		fprintf(stderr, "shareidx: SHARE_MAP after the churn is %.2fx "
			"its fresh cost (bound 1.5x)\n", after / fresh);
		return 1;
	}
	free(mem);
	return 0;
}
