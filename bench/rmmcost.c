/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rmmcost.c -- instructions per Mica RMM call (bench/rmmcost.sh,
 * bench/RMMCOST.md). Builds N Realms (2 <= N <= MICA_RMM_MAX_REALMS - 1)
 * and one policy of N regions, region i written by Realm i and read by
 * Realm i+1 (a ring), strict Realms with host-call ranges; binds and
 * activates them all, and then measures single calls with callgrind's
 * instrumentation on only around each (one dump per call, named):
 *   share_map_first   SHARE_MAP by the first mapper of a granule
 *   share_map_join    SHARE_MAP by the second (mutual-consent checks)
 *   share_unmap       SHARE_UNMAP by a mapper that is not the last
 *   exit_check        the exit filter on a strict Realm's host call
 *   base_map_unprot   RTT_MAP_UNPROTECTED of a Realm with no policy
 *   base_exit_check   the exit filter on a Realm with no policy
 * Run natively it just checks that every call succeeds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>

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

static uint8_t *mem;
static struct mica_rmm ctx;
static struct mica_rmm_platform plat;
static unsigned next_g = 8;   /* NS scratch pages 0..7 */

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
			 unsigned long a2, unsigned long a3, unsigned long a4,
			 unsigned long a5)
{
	unsigned long a[7] = { fid, a1, a2, a3, a4, a5, 0 }, r[5];

	return mica_rmm_rmi(&ctx, a, r);
}

static void ok(unsigned long st, const char *what)
{
	if (st != 0) {
		fprintf(stderr, "rmmcost: %s: status 0x%lx\n", what, st);
		exit(1);
	}
}

static unsigned delegated(void)
{
	if (next_g >= NG) {
		fprintf(stderr, "rmmcost: out of granules\n");
		exit(1);
	}
	ok(rmi(MICA_RMI_GRANULE_DELEGATE, PA(next_g), 0, 0, 0, 0), "delegate");
	return next_g++;
}

/* A Realm with RTTs for IPA 0 and 2^32 and one measured DATA page whose
 * content depends on i (distinct measurements). Returns its RD index. */
static unsigned realm(unsigned i)
{
	uint8_t *p = mem + 4096;   /* NS page 1: params; page 2: content */
	unsigned rd = delegated(), root = delegated();

	memset(p, 0, 4096);
	p[0x08] = 33;
	mica_st64(p + 0x800, i + 1);
	mica_st64(p + 0x808, PA(root));
	mica_st64(p + 0x810, 1);
	mica_st64(p + 0x818, 1);
	ok(rmi(MICA_RMI_REALM_CREATE, PA(rd), PA(1), 0, 0, 0), "realm");
	ok(rmi(MICA_RMI_RTT_CREATE, PA(rd), PA(delegated()), 0, 2, 0), "rtt");
	ok(rmi(MICA_RMI_RTT_CREATE, PA(rd), PA(delegated()), 0, 3, 0), "rtt");
	ok(rmi(MICA_RMI_RTT_CREATE, PA(rd), PA(delegated()), 1ul << 32, 2, 0), "rtt");
	ok(rmi(MICA_RMI_RTT_CREATE, PA(rd), PA(delegated()), 1ul << 32, 3, 0), "rtt");
	ok(rmi(MICA_RMI_RTT_INIT_RIPAS, PA(rd), 0, 0x102000, 0, 0), "ripas");
	memset(mem + 2 * 4096, 0, 4096);
	mica_st64(mem + 2 * 4096, i + 1);
	ok(rmi(MICA_RMI_DATA_CREATE, PA(rd), PA(delegated()), 0, PA(2),
	       MICA_RMI_MEASURE_CONTENT), "data");
	return rd;
}

static struct mica_rmm_realm *R(unsigned rd)
{
	return mica_rmm_realm_from_rd(&ctx, PA(rd));
}

/* The ring policy for n Realms, compiled; binds Realm i's blob. */
static void bind_all(const unsigned *rds, unsigned n)
{
	size_t cap = 256u * n + 4096, o = 0;
	char *t = malloc(cap);
	mica_source s;
	mica_diag d;
	mica_ast *ast;
	mica_ir *ir;
	uint8_t wf[MICA_MAX_DIGEST], *blob = mem + 3 * 4096;
	FILE *null = fopen("/dev/null", "w");

	o += (size_t)snprintf(t + o, cap - o, "policy ring version 1;\n");
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *m = R(rds[i])->meas[0];

		o += (size_t)snprintf(t + o, cap - o, "realm r%u { trust = trusted; "
				      "measurement = sha256:", i);
		for (unsigned k = 0; k < 32; k++)
			o += (size_t)snprintf(t + o, cap - o, "%02x", m[k]);
		o += (size_t)snprintf(t + o, cap - o, "; }\n"
				      "allow r%u hostcall 0x10..0x1f, 0x40, 0x100;\n", i);
	}
	for (unsigned i = 0; i < n; i++)
		o += (size_t)snprintf(t + o, cap - o, "region g%u : protected, 4 KiB "
				      "{ r%u: w @ 0x100000; r%u: r @ 0x101000; }\n",
				      i, i, (i + 1) % n);
	if (mica_source_from_mem(&s, "ring.mica", t, o) != 0)
		exit(1);
	mica_diag_init(&d, &s, null);
	ast = mica_parse(&s, &d);
	ir = d.errors ? NULL : mica_lower(ast, &d);
	if (!ir || mica_check(ir, &d) || mica_backend_check(ir, &d)) {
		fprintf(stderr, "rmmcost: the ring policy does not compile\n");
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
		ok(rmi(MICA_RMI_POLICY_BIND, PA(rds[i]), PA(3), len, 0, 0), "bind");
		ok(rmi(MICA_RMI_REALM_ACTIVATE, PA(rds[i]), 0, 0, 0, 0), "activate");
	}
	mica_ir_free(ir);
	mica_ast_free(ast);
	mica_source_free(&s);
	fclose(null);
	free(t);
}

#define MEASURE(name, call)                                   \
	do {                                                  \
		unsigned long st_;                            \
		CALLGRIND_ZERO_STATS;                         \
		CALLGRIND_START_INSTRUMENTATION;              \
		st_ = (call);                                 \
		CALLGRIND_STOP_INSTRUMENTATION;               \
		CALLGRIND_DUMP_STATS_AT(name);                \
		ok(st_, name);                                \
	} while (0)

int main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 2, *rds, plain;
	unsigned s0, s1;
	struct mica_rmm_exit ex;
	struct mica_rmm_resume deny;

	if (n < 2 || n >= MICA_RMM_MAX_REALMS || 6 * (n + 1) + 16 > NG) {
		fprintf(stderr, "rmmcost: N must be 2..%u (granules %u)\n",
			MICA_RMM_MAX_REALMS - 1, NG);
		return 2;
	}
	mem = calloc(NG, 4096);
	rds = calloc(n, sizeof *rds);
	plat = (struct mica_rmm_platform){ .base_pa = BASE, .ngranules = NG,
		.mem = mem, .gpt_transition = gpt, .run_realm = run };
	ok((unsigned long)mica_rmm_init(&ctx, &plat), "init");
	for (unsigned i = 0; i < n; i++)
		rds[i] = realm(i);
	plain = realm(n);
	ok(rmi(MICA_RMI_REALM_ACTIVATE, PA(plain), 0, 0, 0, 0), "activate");
	bind_all(rds, n);
	/* Every Realm maps its own region and its neighbour's, except the
	 * pair the measured calls use (Realm 0's region, read by Realm 1). */
	for (unsigned i = 1; i < n; i++) {
		unsigned g = delegated();

		ok(rmi(MICA_RMI_SHARE_MAP, PA(rds[i]), PA(g), 0x100000, 0, 0), "map");
		if ((i + 1) % n != 0)
			ok(rmi(MICA_RMI_SHARE_MAP, PA(rds[(i + 1) % n]), PA(g),
			       0x101000, 0, 0), "map");
	}
	s0 = delegated();
	s1 = delegated();
	(void)s1;
	MEASURE("share_map_first",
		rmi(MICA_RMI_SHARE_MAP, PA(rds[0]), PA(s0), 0x100000, 0, 0));
	MEASURE("share_map_join",
		rmi(MICA_RMI_SHARE_MAP, PA(rds[1]), PA(s0), 0x101000, 0, 0));
	MEASURE("share_unmap",
		rmi(MICA_RMI_SHARE_UNMAP, PA(rds[1]), 0x101000, 0, 0, 0));
	MEASURE("base_map_unprot",
		rmi(MICA_RMI_RTT_MAP_UNPROTECTED, PA(plain), 1ul << 32, 3,
		    PA(4) | 0xC0, 0));
	memset(&ex, 0, sizeof ex);
	ex.reason = MICA_RMI_EXIT_HOST_CALL;
	ex.imm = 0x100;
	ex.pending = MICA_PEND_HOST_CALL;
	MEASURE("exit_check",
		(unsigned long)!mica_rmm_hook_rec_exit(&ctx, R(rds[0]), NULL, &ex, &deny));
	MEASURE("base_exit_check",
		(unsigned long)!mica_rmm_hook_rec_exit(&ctx, R(plain), NULL, &ex, &deny));
	printf("rmmcost: %u realms, all calls succeeded\n", n);
	free(rds);
	free(mem);
	return 0;
}
