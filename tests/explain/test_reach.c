/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_reach.c -- mica_reach (mica/mica.h) and the forward search under
 * it (mica_flow_forward).
 *
 * The library call is run on a policy in memory whose paths were worked
 * out by hand (the chain of chain4.mica, here without its comment
 * lines): what it reaches, what lies beyond a trusted realm, the lines
 * of each hop, and its failures (an unknown realm with a suggestion, a
 * policy with errors). Then the forward search is held against the
 * checker's backward search, a different algorithm: over every policy
 * of the tests and examples that resolves, for every distrustful realm,
 * the nearest sink the forward search reaches is exactly as far as the
 * leak path the checker walks (f->next), and there is one exactly when
 * the checker says the realm leaks.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/flow.h"
#include "mica/mica.h"
#include "mica/unit.h"

#define H(c) "sha256:" c c c c c c c c c c c c c c c c c c c c c c c c c c c \
	c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c
static const char chain[] =
	"policy chain4 version 1;\n"                               /* 1 */
	"realm a { measurement = " H("1") "; }\n"
	"realm b { measurement = " H("2") "; }\n"
	"realm c { measurement = " H("3") "; }\n"
	"realm t { measurement = " H("4") "; trust = trusted; }\n" /* 5 */
	"region r1 : protected, 4 KiB { a: w @ 0x1000; b: r @ 0x1000; }\n"
	"region r2 : protected, 4 KiB { b: w @ 0x2000; c: r @ 0x2000; }\n"
	"region r3 : protected, 4 KiB { c: w @ 0x3000; t: r @ 0x3000; }\n"
	"region net : unprotected, 4 KiB { t: rw @ 0x800000000000; }\n";

typedef struct seen {
	unsigned n;
	char msg[256];
} seen;

static void keep(const mica_diagnostic *d, void *user)
{
	seen *s = user;

	if (s->n++ == 0)
		snprintf(s->msg, sizeof s->msg, "%s", d->message);
}

START_TEST(reach_chain)
{
	mica_ctx *ctx = mica_ctx_new();
	mica_reach r;
	static const char *const names[] = { "r1", "b", "r2", "c", "r3", "t" };
	static const unsigned lines[] = { 6, 6, 7, 7, 8, 8 };
	size_t i;

	ck_assert_int_eq(mica_reach_buffer(ctx, "c.mica", chain,
					   sizeof chain - 1, "a", &r),
			 MICA_STATUS_OK);
	ck_assert_str_eq(r.realm, "a");
	ck_assert_str_eq(r.trust, "distrustful");
	ck_assert_uint_eq(r.n, 6);
	for (i = 0; i < r.n; i++) {
		const mica_reached *x = &r.nodes[i];
		ck_assert_str_eq(x->name, names[i]);
		ck_assert_uint_eq(x->nhops, i + 1);
		ck_assert_str_eq(x->hops[i].to, names[i]);
		ck_assert_str_eq(x->hops[i].edge, i % 2 ? "r" : "w");
		ck_assert_uint_eq(x->hops[i].line, lines[i]);
		ck_assert_str_eq(x->hops[i].file, "c.mica");
		ck_assert_ptr_null(x->stopped_by);
		ck_assert_int_eq(x->sink, 0);
	}
	ck_assert_int_eq(r.nodes[5].stops, 1);
	ck_assert_str_eq(r.nodes[5].trust, "trusted");
	ck_assert_ptr_null(r.nodes[4].trust);   /* a region */
	ck_assert_int_eq(r.nodes[3].kind, MICA_NODE_REALM);
	ck_assert_int_eq(r.nodes[4].kind, MICA_NODE_REGION);
	/* Beyond t: net (t writes it, line 9), then the host, which reads
	 * the unprotected region implicitly: its declaration, line 9. */
	ck_assert_uint_eq(r.nbeyond, 2);
	ck_assert_str_eq(r.beyond[0].name, "net");
	ck_assert_str_eq(r.beyond[1].name, "host");
	ck_assert_int_eq(r.beyond[1].kind, MICA_NODE_HOST);
	ck_assert_int_eq(r.beyond[1].sink, 1);
	ck_assert_str_eq(r.beyond[1].stopped_by, "t");
	ck_assert_uint_eq(r.beyond[1].nhops, 8);
	ck_assert_str_eq(r.beyond[1].hops[7].edge, "host-read");
	ck_assert_uint_eq(r.beyond[1].hops[7].line, 9);
	ck_assert_uint_eq(r.beyond[1].hops[7].column, 8);
	mica_reach_free(&r);
	ck_assert_ptr_null(r.nodes);
	ck_assert_uint_eq(r.n, 0);
	mica_reach_free(&r);            /* an empty result is fine */
	mica_ctx_free(ctx);
}
END_TEST

START_TEST(reach_failures)
{
	mica_ctx *ctx = mica_ctx_new();
	seen s = { 0, "" };
	mica_reach r;
	static const char bad[] = "policy p version 1\n";

	mica_ctx_set_callback(ctx, keep, &s);
	ck_assert_int_eq(mica_reach_buffer(ctx, "c.mica", chain,
					   sizeof chain - 1, "bb", &r),
			 MICA_STATUS_IO);
	ck_assert_ptr_null(r.nodes);
	ck_assert_uint_eq(s.n, 1);
	ck_assert_str_eq(s.msg, "no realm 'bb' (did you mean 'b'?)");
	ck_assert_uint_eq(mica_ctx_errors(ctx), 1);
	/* A region is not a realm; nothing close to "zzz". */
	s.n = 0;
	ck_assert_int_eq(mica_reach_buffer(ctx, "c.mica", chain,
					   sizeof chain - 1, "zzz", &r),
			 MICA_STATUS_IO);
	ck_assert_str_eq(s.msg, "no realm 'zzz'");
	s.n = 0;
	ck_assert_int_eq(mica_reach_buffer(ctx, "b.mica", bad, sizeof bad - 1,
					   "a", &r), MICA_STATUS_POLICY);
	ck_assert_uint_ge(s.n, 1);
	ck_assert_ptr_null(r.nodes);
	ck_assert_int_eq(mica_reach_file(ctx, "/nonexistent/x.mica", "a", &r),
			 MICA_STATUS_IO);
	mica_ctx_free(ctx);
}
END_TEST

/* ---- forward against backward ---------------------------------------- */

static unsigned compared, leakers;

static void compare_file(const char *path)
{
	mica_unit u;
	mica_flow *f;
	uint32_t r;
	FILE *null = fopen("/dev/null", "w");

	memset(&u, 0, sizeof u);
	if (mica_source_load(&u.src, path) != 0)
		ck_abort_msg("cannot read %s", path);
	mica_diag_init(&u.diag, &u.src, null);
	mica_unit_process(&u, MICA_TO_CHECK);
	fclose(null);
	if (!u.ir || u.front_errors) {
		mica_unit_free(&u);
		return;
	}
	f = mica_flow_build(u.ir);
	for (r = 0; r < u.ir->nrealms; r++) {
		mica_flow_fwd fw;
		uint32_t n, best = MICA_FLOW_NONE, walk = 0, x = r;
		if (u.ir->realms[r].trust != MICA_DISTRUSTFUL)
			continue;
		mica_flow_forward(f, r, false, &fw);
		for (n = 0; n < f->nnodes; n++)
			if (mica_flow_is_sink(f, n) && fw.dist[n] < best)
				best = fw.dist[n];
		while (f->next[x] != MICA_FLOW_NONE) {
			x = f->edges[f->next[x]].to;
			walk++;
		}
		ck_assert_msg((best != MICA_FLOW_NONE) == mica_flow_leaks(f, r),
			      "%s: realm %s: forward and backward disagree on "
			      "a leak", path, u.ir->realms[r].name);
		if (best != MICA_FLOW_NONE)
			ck_assert_msg(best == walk, "%s: realm %s: nearest sink "
				      "%u hops forward, %u backward", path,
				      u.ir->realms[r].name, best, walk);
		leakers += best != MICA_FLOW_NONE;
		compared++;
		mica_flow_fwd_free(&fw);
	}
	mica_flow_free(f);
	mica_unit_free(&u);
}

static void compare_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];

	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".mica"))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		compare_file(path);
	}
	closedir(d);
}

START_TEST(forward_matches_backward)
{
	compare_dir(MICA_SOURCE_DIR "/examples");
	compare_dir(MICA_SOURCE_DIR "/tests/check/golden");
	compare_dir(MICA_SOURCE_DIR "/tests/check/positive");
	compare_dir(MICA_SOURCE_DIR "/tests/explain");
	/* The corpus must hold both leaking and sealed realms. */
	ck_assert_uint_ge(compared, 50);
	ck_assert_uint_ge(leakers, 10);
	ck_assert_uint_ge(compared - leakers, 10);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("reach");
	TCase *tc = tcase_create("reach");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, reach_chain);
	tcase_add_test(tc, reach_failures);
	tcase_add_test(tc, forward_matches_backward);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
