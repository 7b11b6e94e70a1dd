/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_flow.c -- the confidentiality flow analysis (man/mica.5, "Confidentiality").
 *
 * Each test writes a small policy, takes it through parse, lower and
 * check (checkutil.h), and asserts which realms leak (mica_flow_leaks),
 * the exact path the analysis found for each (walking f->next), that the
 * path is a shortest one, and that the checker printed one error per
 * leaking realm. The expected paths were worked out by hand from the
 * rules of man/mica.5 ("Confidentiality") and the policies below.
 */
#include <stdint.h>

#include "checkutil.h"

#define BUF 4096

/* The realms that leak are exactly `want` ("a b "), and the checker
 * reported one flow error for each and no other error. */
static void expect_leakers(const ct_policy *p, const char *want)
{
	char buf[BUF];
	unsigned n = 0;
	const char *s;

	ck_assert_str_eq(ct_leakers(p, buf, sizeof buf), want);
	for (s = want; *s; s++)
		n += *s == ' ';
	ck_assert_msg(p->check_errors == n &&
		      ct_count(p, ": error: distrustful realm '") == n &&
		      ct_count(p, ": error: ") == n,
		      "expected %u flow errors and no other, got %u:\n%s", n,
		      p->check_errors, p->out);
}

static void expect_path(const ct_policy *p, const char *realm,
			const char *want)
{
	char buf[BUF];

	ck_assert_str_eq(ct_path(p, ct_realm(p, realm), 0, buf, sizeof buf),
			 want);
}

static void expect_path_lines(const ct_policy *p, const char *realm,
			      const char *want)
{
	char buf[BUF];

	ck_assert_str_eq(ct_path(p, ct_realm(p, realm), 1, buf, sizeof buf),
			 want);
}

/* ---- cycles ------------------------------------------------------------ */

#define CYCLE                                                           \
	CT_HDR CT_REALM("a") CT_REALM("b") CT_REALM("c")                \
	"region ab : protected, 4 KiB { a: w @ 0x1000; b: r @ 0x1000; }\n" \
	"region bc : protected, 4 KiB { b: w @ 0x2000; c: r @ 0x2000; }\n" \
	"region ca : protected, 4 KiB { c: w @ 0x3000; a: r @ 0x3000; }\n"

START_TEST(cycle_without_sink)
{
	ct_policy p;
	uint32_t i;

	ct_load(&p, CYCLE);
	expect_leakers(&p, "");
	ck_assert_uint_eq(p.d.warnings, 0);
	/* No node outside the sinks has a path anywhere. */
	for (i = 0; i < p.f->nnodes; i++)
		if (!mica_flow_is_sink(p.f, i))
			ck_assert_uint_eq(p.f->next[i], MICA_FLOW_NONE);
	ct_free(&p);
}
END_TEST

START_TEST(cycle_with_exit)
{
	ct_policy p;

	ct_load(&p, CYCLE "allow c psci;\n");
	expect_leakers(&p, "a b c ");
	expect_path(&p, "a", "a -w-> ab -r-> b -w-> bc -r-> c -psci-> host");
	expect_path(&p, "b", "b -w-> bc -r-> c -psci-> host");
	expect_path(&p, "c", "c -psci-> host");
	ct_free(&p);
}
END_TEST

/* The exit is at a: going round the cycle, b's way out is the long one. */
START_TEST(cycle_exit_behind)
{
	ct_policy p;

	ct_load(&p, CYCLE "allow a mmio;\n");
	expect_leakers(&p, "a b c ");
	expect_path(&p, "a", "a -mmio-> host");
	expect_path(&p, "c", "c -w-> ca -r-> a -mmio-> host");
	expect_path(&p, "b", "b -w-> bc -r-> c -w-> ca -r-> a -mmio-> host");
	ct_free(&p);
}
END_TEST

/* A realm that writes and reads one region: a self loop, no sink. */
START_TEST(self_loop)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_REALM("a")
		"region g : protected, 4 KiB { a: rw @ 0x1000; }\n");
	expect_leakers(&p, "");
	ct_free(&p);
}
END_TEST

/* ---- diamonds ---------------------------------------------------------- */

START_TEST(diamond_through_trusted)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_REALM("src") CT_REALM("l") CT_REALM("r")
		CT_TRUSTED("sink")
		"region gl : protected, 4 KiB { src: w @ 0x1000; l: r @ 0x1000; }\n"
		"region gr : protected, 4 KiB { src: w @ 0x2000; r: r @ 0x2000; }\n"
		"region res : protected, 4 KiB { l: w @ 0x3000; r: w @ 0x3000; "
		"sink: r @ 0x3000; }\n"
		"region nic : unprotected, 4 KiB { sink: rw @ 0x8000_0000_0000; }\n"
		"allow sink hostcall *;\n");
	expect_leakers(&p, "");
	ck_assert_uint_eq(p.d.warnings, 0);
	ct_free(&p);
}
END_TEST

/* One arm of the diamond is trusted, the other is not. */
START_TEST(diamond_one_arm_leaks)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_REALM("src") CT_TRUSTED("t") CT_REALM("d")
		"region g1 : protected, 4 KiB { src: w @ 0x1000; t: r @ 0x1000; }\n"
		"region g2 : protected, 4 KiB { src: w @ 0x2000; d: r @ 0x2000; }\n"
		"region u : unprotected, 4 KiB { d: w @ 0x8000_0000_0000; }\n"
		"allow t hostcall 0x1;\n");
	expect_leakers(&p, "src d ");
	expect_path(&p, "src", "src -w-> g2 -r-> d -w-> u -r(implicit)-> host");
	expect_path(&p, "d", "d -w-> u -r(implicit)-> host");
	ct_free(&p);
}
END_TEST

/* ---- shortest paths ---------------------------------------------------- */

/* The long way out is declared first; the short one must be chosen. */
START_TEST(shortest_declared_last)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_REALM("a") CT_REALM("b") CT_REALM("c")
		"region g1 : protected, 4 KiB { a: w @ 0x1000; b: r @ 0x1000; }\n"
		"region g2 : protected, 4 KiB { b: w @ 0x2000; c: r @ 0x2000; }\n"
		"allow c hostcall 0x1;\n"
		"region u : unprotected, 4 KiB { a: w @ 0x8000_0000_0000; }\n");
	expect_leakers(&p, "a b c ");
	expect_path(&p, "a", "a -w-> u -r(implicit)-> host");
	expect_path(&p, "b", "b -w-> g2 -r-> c -hostcall-> host");
	ct_free(&p);
}
END_TEST

/* The nearest sink wins, whatever its kind: the host one hop away beats
 * an untrusted realm two hops away, and the message names the host. */
START_TEST(nearest_sink)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_UNTRUSTED("u") CT_REALM("a")
		"region g : protected, 4 KiB { a: w @ 0x1000; u: r @ 0x1000; }\n"
		"allow a psci;\n");
	expect_leakers(&p, "a ");
	expect_path(&p, "a", "a -psci-> host");
	ct_assert_has(&p, "error: distrustful realm 'a' can leak data to "
		      "the host\n");
	ct_free(&p);

	/* Without the psci exit, the untrusted realm is the sink. */
	ct_load(&p, CT_HDR CT_UNTRUSTED("u") CT_REALM("a")
		"region g : protected, 4 KiB { a: w @ 0x1000; u: r @ 0x1000; }\n");
	expect_leakers(&p, "a ");
	expect_path(&p, "a", "a -w-> g -r-> u");
	ct_assert_has(&p, "error: distrustful realm 'a' can leak data to "
		      "untrusted realm 'u'\n");
	ct_free(&p);
}
END_TEST

/* The short way out passes a trusted realm, so the long way is the leak. */
START_TEST(shortest_avoids_trusted)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_REALM("a") CT_TRUSTED("t") CT_REALM("b")
		CT_REALM("c")
		"region g1 : protected, 4 KiB { a: w @ 0x1000; t: r @ 0x1000; }\n"
		"region g2 : protected, 4 KiB { a: w @ 0x2000; b: r @ 0x2000; }\n"
		"region g3 : protected, 4 KiB { b: w @ 0x3000; c: r @ 0x3000; }\n"
		"allow t hostcall 0x1;\n"
		"allow c mmio;\n");
	expect_leakers(&p, "a b c ");
	expect_path(&p, "a", "a -w-> g2 -r-> b -w-> g3 -r-> c -mmio-> host");
	expect_path(&p, "t", "t");
	ct_free(&p);
}
END_TEST

/* ---- chains ------------------------------------------------------------ */

START_TEST(chain_of_distrustful)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_REALM("d1") CT_REALM("d2") CT_REALM("d3")
		CT_REALM("d4")
		"region g1 : protected, 4 KiB { d1: w @ 0x1000; d2: r @ 0x1000; }\n"
		"region g2 : protected, 4 KiB { d2: w @ 0x2000; d3: r @ 0x2000; }\n"
		"region g3 : protected, 4 KiB { d3: w @ 0x3000; d4: r @ 0x3000; }\n"
		"region g4 : protected, 4 KiB { d4: w @ 0x4000; any: r @ 0x4000 limit 1; }\n");
	expect_leakers(&p, "d1 d2 d3 d4 ");
	expect_path(&p, "d1", "d1 -w-> g1 -r-> d2 -w-> g2 -r-> d3 -w-> g3 "
		    "-r-> d4 -w-> g4 -r-> any");
	expect_path(&p, "d4", "d4 -w-> g4 -r-> any");
	ct_free(&p);
}
END_TEST

/* An untrusted realm is a sink: the path stops at the first one, and
 * untrusted realms are never reported as leaking themselves. */
START_TEST(chain_through_untrusted)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_REALM("a") CT_UNTRUSTED("u1") CT_UNTRUSTED("u2")
		CT_REALM("b")
		"region g1 : protected, 4 KiB { a: w @ 0x1000; u1: r @ 0x1000; }\n"
		"region g2 : protected, 4 KiB { u1: w @ 0x2000; u2: r @ 0x2000; }\n"
		"region g3 : protected, 4 KiB { u2: w @ 0x3000; b: r @ 0x3000; }\n"
		"allow u1 hostcall *;\n"
		"allow u2 psci;\n");
	/* b only receives data from the untrusted side: no leak. */
	expect_leakers(&p, "a ");
	expect_path(&p, "a", "a -w-> g1 -r-> u1");
	ck_assert(mica_flow_is_sink(p.f, ct_realm(&p, "u1")));
	ck_assert_uint_eq(p.f->next[ct_realm(&p, "u1")], MICA_FLOW_NONE);
	ck_assert(!mica_flow_leaks(p.f, ct_realm(&p, "u2")));
	ct_free(&p);
}
END_TEST

/* A trusted realm in the middle of a chain stops it; the realms after
 * it still leak on their own. */
START_TEST(trusted_blocks_chain)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_REALM("a") CT_TRUSTED("t") CT_REALM("d2")
		"region g : protected, 4 KiB { a: w @ 0x1000; t: r @ 0x1000; }\n"
		"region g2 : protected, 4 KiB { t: w @ 0x2000; d2: r @ 0x2000; }\n"
		"allow t hostcall 0x1..0x2;\n"
		"allow d2 mmio;\n");
	expect_leakers(&p, "d2 ");
	expect_path(&p, "d2", "d2 -mmio-> host");
	expect_path(&p, "a", "a");
	ct_free(&p);

	/* The same region read by the trusted realm and a leaky one. */
	ct_load(&p, CT_HDR CT_REALM("a") CT_TRUSTED("t") CT_REALM("x")
		"region g : protected, 4 KiB { a: w @ 0x1000; t: r @ 0x1000; "
		"x: r @ 0x1000; }\n"
		"allow t hostcall *;\n"
		"allow x psci;\n");
	expect_leakers(&p, "a x ");
	expect_path(&p, "a", "a -w-> g -r-> x -psci-> host");
	ct_free(&p);
}
END_TEST

/* ---- any --------------------------------------------------------------- */

START_TEST(any_reads_is_sink)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_REALM("a")
		"region g : protected, 4 KiB { a: w @ 0x1000; any: r @ 0x1000 limit 2; }\n");
	expect_leakers(&p, "a ");
	expect_path(&p, "a", "a -w-> g -r-> any");
	ct_assert_has(&p, "error: distrustful realm 'a' can leak data to "
		      "realms outside the policy ('any')\n");
	ct_free(&p);

	ct_load(&p, CT_HDR CT_REALM("a")
		"region g : protected, 4 KiB { a: w @ 0x1000; any: rw @ 0x1000 limit 2; }\n");
	expect_leakers(&p, "a ");
	expect_path(&p, "a", "a -w-> g -r-> any");
	ct_free(&p);
}
END_TEST

/* Data only flows in from an `any` that only writes. */
START_TEST(any_writes_only)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_REALM("a") CT_REALM("b")
		"region g : protected, 4 KiB { any: w @ 0x1000 limit 2; a: r @ 0x1000; }\n"
		"region h : protected, 4 KiB { a: w @ 0x2000; b: rw @ 0x2000; }\n");
	expect_leakers(&p, "");
	ck_assert_uint_eq(p.f->next[p.f->any], MICA_FLOW_NONE);
	ct_free(&p);
}
END_TEST

/* ---- strictness -------------------------------------------------------- */

START_TEST(nonstrict_distrustful)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_LAX("n")
		"region g : protected, 4 KiB { n: rw @ 0x1000; }\n");
	expect_leakers(&p, "n ");
	expect_path_lines(&p, "n", "n -exit@2-> host");
	ct_free(&p);

	/* What a strict realm writes for a non-strict one leaks too. */
	ct_load(&p, CT_HDR CT_REALM("d") CT_LAX("n")
		"region g : protected, 4 KiB { d: w @ 0x1000; n: r @ 0x1000; }\n");
	expect_leakers(&p, "d n ");
	expect_path(&p, "d", "d -w-> g -r-> n -exit-> host");
	ct_free(&p);
}
END_TEST

START_TEST(nonstrict_trusted)
{
	ct_policy p;
	uint32_t t, i;
	unsigned entry = 0, exit_ = 0;

	ct_load(&p, CT_HDR CT_REALM("d") CT_TRUSTED_LAX("t") CT_REALM("e")
		"region g : protected, 4 KiB { d: w @ 0x1000; t: r @ 0x1000; }\n"
		"region h : protected, 4 KiB { t: w @ 0x2000; e: r @ 0x2000; }\n");
	expect_leakers(&p, "");
	ck_assert_uint_eq(p.d.warnings, 0);
	/* Both ways: an exit edge t -> host and an entry edge host -> t. */
	t = ct_realm(&p, "t");
	for (i = 0; i < p.f->nedges; i++) {
		const mica_flow_edge *e = &p.f->edges[i];
		if (e->kind == MICA_EDGE_EXIT) {
			exit_++;
			ck_assert(e->from == t && e->to == p.f->host);
		}
		if (e->kind == MICA_EDGE_ENTRY) {
			entry++;
			ck_assert(e->from == p.f->host && e->to == t);
		}
	}
	ck_assert_uint_eq(exit_, 1);
	ck_assert_uint_eq(entry, 1);
	ct_free(&p);
}
END_TEST

/* Only distrustful realms leak: untrusted and trusted realms may exit. */
START_TEST(only_distrustful_leak)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_TRUSTED_LAX("t")
		"realm u { measurement = " CT_SHA256 "; trust = untrusted; "
		"strict = false; }\n"
		"region g : protected, 4 KiB { t: w @ 0x1000; u: r @ 0x1000; }\n"
		"region h : unprotected, 4 KiB { u: w @ 0x8000_0000_0000; "
		"t: r @ 0x8000_0000_0000; }\n"
		"allow t hostcall *;\nallow u mmio;\nallow t psci;\n");
	expect_leakers(&p, "");
	ct_free(&p);
}
END_TEST

/* ---- the host and unprotected memory ----------------------------------- */

static unsigned count_kind(const ct_policy *p, mica_edge_kind k)
{
	unsigned n = 0;
	uint32_t i;

	for (i = 0; i < p->f->nedges; i++)
		n += p->f->edges[i].kind == k;
	return n;
}

START_TEST(host_rights)
{
	ct_policy p;

	/* host: rw written out: explicit edges, no implicit ones. */
	ct_load(&p, CT_HDR CT_REALM("d")
		"region u : unprotected, 4 KiB {\n"
		"  d: w @ 0x8000_0000_0000;\n"
		"  host: rw;\n"
		"}\n");
	ck_assert_uint_eq(count_kind(&p, MICA_EDGE_HOST_READ), 0);
	ck_assert_uint_eq(count_kind(&p, MICA_EDGE_HOST_WRITE), 0);
	ck_assert_uint_eq(p.f->nedges, 3);   /* d->u, u->host, host->u */
	expect_leakers(&p, "d ");
	expect_path_lines(&p, "d", "d -w@4-> u -r@5-> host");
	ct_free(&p);

	/* host: w alone does not stop the host from reading. */
	ct_load(&p, CT_HDR CT_REALM("d")
		"region u : unprotected, 4 KiB {\n"
		"  d: w @ 0x8000_0000_0000;\n"
		"  host: w;\n"
		"}\n");
	ck_assert_uint_eq(count_kind(&p, MICA_EDGE_HOST_READ), 1);
	ck_assert_uint_eq(count_kind(&p, MICA_EDGE_HOST_WRITE), 0);
	expect_leakers(&p, "d ");
	expect_path_lines(&p, "d", "d -w@4-> u -r(implicit)@0-> host");
	ct_free(&p);

	/* host: r alone: the host still writes. */
	ct_load(&p, CT_HDR CT_REALM("d")
		"region u : unprotected, 4 KiB {\n"
		"  d: r @ 0x8000_0000_0000;\n"
		"  host: r;\n"
		"}\n");
	ck_assert_uint_eq(count_kind(&p, MICA_EDGE_HOST_READ), 0);
	ck_assert_uint_eq(count_kind(&p, MICA_EDGE_HOST_WRITE), 1);
	/* Reading host memory brings data in, it does not leak. */
	expect_leakers(&p, "");
	ct_free(&p);
}
END_TEST

/* Protected memory has no host edges at all. */
START_TEST(protected_has_no_host)
{
	ct_policy p;
	uint32_t i;

	ct_load(&p, CT_HDR CT_REALM("a") CT_REALM("b")
		"region g : protected, 4 KiB { a: w @ 0x1000; b: rw @ 0x1000; }\n");
	expect_leakers(&p, "");
	for (i = 0; i < p.f->nedges; i++) {
		ck_assert_uint_ne(p.f->edges[i].from, p.f->host);
		ck_assert_uint_ne(p.f->edges[i].to, p.f->host);
	}
	ck_assert_uint_eq(p.f->nedges, 3);
	ct_free(&p);
}
END_TEST

/* ---- where the hops come from ------------------------------------------ */

START_TEST(hop_lines)
{
	ct_policy p;

	ct_load(&p, CT_HDR                       /* 1 */
		CT_REALM("d1")                   /* 2 */
		CT_REALM("d2")                   /* 3 */
		"region g1 : protected, 4 KiB {\n"   /* 4 */
		"  d2: r @ 0x1000;\n"            /* 5 */
		"  d1: w @ 0x1000;\n"            /* 6 */
		"}\n"                            /* 7 */
		"allow d2 psci;\n"               /* 8 */
		"allow d2 hostcall 0x1;\n"       /* 9 */
		"allow d2 hostcall 0x2;\n"       /* 10 */
		"allow d1 mmio;\n"               /* 11 */
		"allow d1 mmio;\n");             /* 12 */
	expect_leakers(&p, "d1 d2 ");
	expect_path_lines(&p, "d1", "d1 -mmio@11-> host");
	/* d2 has three ways out of one hop each; any of them is shortest.
	 * Each must cite the first allow line of its kind. */
	{
		char buf[BUF];
		const char *s = ct_path(&p, ct_realm(&p, "d2"), 1, buf,
					sizeof buf);
		ck_assert_msg(strcmp(s, "d2 -psci@8-> host") == 0 ||
			      strcmp(s, "d2 -hostcall@9-> host") == 0,
			      "path %s", s);
	}
	ct_free(&p);

	ct_load(&p, CT_HDR CT_REALM("d1") CT_REALM("d2")
		"region g1 : protected, 4 KiB {\n"   /* 4 */
		"  d2: r @ 0x1000;\n"            /* 5 */
		"  d1: w @ 0x1000;\n"            /* 6 */
		"}\n"
		"allow d2 hostcall 0x1;\n"       /* 8 */
		"allow d2 hostcall *;\n");       /* 9 */
	expect_path_lines(&p, "d1", "d1 -w@6-> g1 -r@5-> d2 -hostcall@8-> host");
	/* The second allow does not move the hostcall's line. */
	ck_assert(p.ir->realms[ct_realm(&p, "d2")].hostcall_any);
	ct_assert_has(&p, "t.mica:2:7: note: leak path: d1 --w--> g1 "
		      "(t.mica:6) --r--> d2 (t.mica:5) --hostcall--> host "
		      "(t.mica:8)\n");
	ct_assert_has(&p, "t.mica:6:3: note: hint: remove this access, "
		      "route the data through a trusted realm, or mark 'd1' "
		      "trusted only if the tenant trusts its code");
	ct_free(&p);
}
END_TEST

/* ---- long paths are elided in the message ------------------------------ */

/* A chain r0 -> g0 -> r1 -> ... -> r(n-1), whose last realm exits: by
 * psci (2n - 1 hops from r0) or by writing unprotected memory (2n). */
static char *chain(unsigned n, int psci)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	unsigned i;

	ck_assert_ptr_nonnull(f);
	fputs(CT_HDR, f);
	for (i = 0; i < n; i++)
		fprintf(f, "realm r%u { measurement = " CT_SHA256 "; }\n", i);
	for (i = 0; i + 1 < n; i++)
		fprintf(f, "region g%u : protected, 4 KiB { r%u: w @ 0x%x; "
			"r%u: r @ 0x%x; }\n", i, i, (i + 1) * 0x1000, i + 1,
			i * 0x1000);
	if (psci)
		fprintf(f, "allow r%u psci;\n", n - 1);
	else
		fprintf(f, "region out : unprotected, 4 KiB { r%u: w @ "
			"0x8000_0000_0000; }\n", n - 1);
	ck_assert_int_eq(fclose(f), 0);
	return text;
}

/* The note line of realm r0's leak path. */
static const char *note_of_r0(const ct_policy *p, char *buf, size_t n)
{
	const char *s = strstr(p->out, "t.mica:2:7: note: leak path: ");
	const char *e;

	ck_assert_ptr_nonnull(s);
	e = strchr(s, '\n');
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_lt((size_t)(e - s), n);
	memcpy(buf, s, (size_t)(e - s));
	buf[e - s] = '\0';
	return buf;
}

START_TEST(long_path_elided)
{
	ct_policy p;
	char *text = chain(30, 1);       /* 59 hops */
	char buf[BUF], path[BUF];
	unsigned hops = 0;
	const char *s;

	ct_load(&p, text);
	ck_assert_uint_eq(p.check_errors, 30);
	/* The analysis itself keeps the whole path. */
	for (s = ct_path(&p, 0, 0, path, sizeof path); (s = strstr(s, "-> "));
	     s++)
		hops++;
	ck_assert_uint_eq(hops, 59);
	note_of_r0(&p, buf, sizeof buf);
	/* 23 hops, then the 35 hidden ones, then the last one. */
	ck_assert_msg(strstr(buf, " --r--> r11 (t.mica:") &&
		      strstr(buf, " --w--> g11 (t.mica:43) ... (35 more hops)"
			     " --psci--> host (t.mica:61)") &&
		      !strstr(buf, "r12"), "%s", buf);
	/* r(k) has 2 * (29 - k) + 1 hops: more than 24 for r0 .. r17. */
	ck_assert_uint_eq(ct_count(&p, "more hop"), 18);   /* "hops" and one "hop" */
	ct_free(&p);
	free(text);
}
END_TEST

START_TEST(path_of_24_hops_shown_whole)
{
	ct_policy p;
	char *text = chain(12, 0);       /* 2 * 12 = 24 hops */
	char buf[BUF];

	ct_load(&p, text);
	note_of_r0(&p, buf, sizeof buf);
	ck_assert_msg(!strstr(buf, "..."), "%s", buf);
	ck_assert_msg(strstr(buf, " --r--> r11 (t.mica:24) --w--> out "
			     "(t.mica:25) --r--> host (implicit: unprotected "
			     "region)") != NULL, "%s", buf);
	ct_free(&p);
	free(text);

	text = chain(13, 1);             /* 25 hops: one is hidden */
	ct_load(&p, text);
	note_of_r0(&p, buf, sizeof buf);
	ck_assert_msg(strstr(buf, " --r--> r11 (t.mica:25) --w--> g11 "
			     "(t.mica:26) ... (1 more hop) --psci--> host "
			     "(t.mica:27)") != NULL, "%s", buf);
	ct_free(&p);
	free(text);
}
END_TEST

/* ---- graph basics ------------------------------------------------------ */

START_TEST(nodes_and_sinks)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_REALM("d") CT_TRUSTED("t") CT_UNTRUSTED("u")
		"region g : protected, 4 KiB { d: w @ 0x1000; t: r @ 0x1000; "
		"u: r @ 0x1000; }\n"
		"region h : protected, 4 KiB { t: w @ 0x2000; d: r @ 0x2000; }\n");
	ck_assert_uint_eq(p.f->nnodes, 3 + 2 + 2);
	ck_assert_uint_eq(p.f->host, 5);
	ck_assert_uint_eq(p.f->any, 6);
	ck_assert_uint_eq(mica_flow_region(p.f, 1), 4);
	ck_assert_str_eq(mica_flow_name(p.f, p.f->host), "host");
	ck_assert_str_eq(mica_flow_name(p.f, p.f->any), "any");
	ck_assert_str_eq(mica_flow_name(p.f, 4), "h");
	ck_assert_str_eq(mica_flow_name(p.f, 2), "u");
	ck_assert(mica_flow_is_sink(p.f, p.f->host));
	ck_assert(mica_flow_is_sink(p.f, p.f->any));
	ck_assert(mica_flow_is_sink(p.f, 2));
	ck_assert(!mica_flow_is_sink(p.f, 0));
	ck_assert(!mica_flow_is_sink(p.f, 1));
	ck_assert(!mica_flow_is_sink(p.f, 3));
	ck_assert(!mica_flow_leaks(p.f, 1));     /* trusted */
	ck_assert(!mica_flow_leaks(p.f, 2));     /* untrusted */
	ck_assert(!mica_flow_leaks(p.f, 3));     /* a region */
	ck_assert(!mica_flow_leaks(p.f, 99));    /* out of range */
	expect_leakers(&p, "d ");
	expect_path(&p, "d", "d -w-> g -r-> u");
	/* The region on d's path has its own path to the sink. */
	ck_assert_uint_ne(p.f->next[3], MICA_FLOW_NONE);
	/* Edges: g 3, h 2. Out degrees count edges leaving a node. */
	ck_assert_uint_eq(p.f->nedges, 5);
	ck_assert_uint_eq(p.f->out_degree[0], 1);
	ck_assert_uint_eq(p.f->out_degree[1], 1);
	ck_assert_uint_eq(p.f->out_degree[3], 2);
	ct_free(&p);
}
END_TEST

/* The "trusted realm with no path" warning follows the out-degree. */
START_TEST(trusted_without_path)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_REALM("d") CT_TRUSTED("t")
		"region g : protected, 4 KiB { d: w @ 0x1000; t: r @ 0x1000; }\n");
	ck_assert_uint_eq(p.f->out_degree[1], 0);
	ck_assert_uint_eq(p.d.warnings, 1);
	ct_assert_has(&p, "t.mica:3:7: warning: trusted realm 't' has no "
		      "path to anything");
	ct_free(&p);

	/* An exit of any kind is a path. */
	ct_load(&p, CT_HDR CT_REALM("d") CT_TRUSTED("t")
		"region g : protected, 4 KiB { d: w @ 0x1000; t: r @ 0x1000; }\n"
		"allow t psci;\n");
	ck_assert_uint_eq(p.f->out_degree[1], 1);
	ck_assert_uint_eq(p.d.warnings, 0);
	ct_free(&p);

	ct_load(&p, CT_HDR CT_REALM("d") CT_TRUSTED_LAX("t")
		"region g : protected, 4 KiB { d: w @ 0x1000; t: r @ 0x1000; }\n");
	ck_assert_uint_eq(p.d.warnings, 0);
	ct_free(&p);
}
END_TEST

/* ---- RIPAS changes and demand paging ----------------------------------- */

/* Each is an exit to the host of its own kind, cited by its allow line. */
START_TEST(ripas_exit)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_REALM("d")                       /* 1, 2 */
		"region g : protected, 4 KiB { d: rw @ 0x1000; }\n"  /* 3 */
		"allow d ripas;\n");                                 /* 4 */
	expect_leakers(&p, "d ");
	expect_path_lines(&p, "d", "d -ripas@4-> host");
	ck_assert_uint_eq(count_kind(&p, MICA_EDGE_RIPAS), 1);
	ck_assert_uint_eq(count_kind(&p, MICA_EDGE_PAGING), 0);
	ct_assert_has(&p, "t.mica:2:7: error: distrustful realm 'd' can leak "
		      "data to the host\n");
	ct_assert_has(&p, "t.mica:2:7: note: leak path: d --ripas--> host "
		      "(t.mica:4)\n");
	ct_assert_has(&p, "t.mica:4:1: note: hint: remove this allow, route "
		      "the data through a trusted realm, or mark 'd' trusted");
	ct_free(&p);
}
END_TEST

START_TEST(paging_exit)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_REALM("d")                       /* 1, 2 */
		"region g : protected, 4 KiB { d: rw @ 0x1000; }\n"  /* 3 */
		"allow d paging;\n");                                /* 4 */
	expect_leakers(&p, "d ");
	expect_path_lines(&p, "d", "d -paging@4-> host");
	ck_assert_uint_eq(count_kind(&p, MICA_EDGE_PAGING), 1);
	ck_assert_uint_eq(count_kind(&p, MICA_EDGE_RIPAS), 0);
	ct_assert_has(&p, "t.mica:2:7: note: leak path: d --paging--> host "
		      "(t.mica:4)\n");
	ct_assert_has(&p, "t.mica:4:1: note: hint: remove this allow");
	ct_free(&p);
}
END_TEST

/* What d1 writes, d2 reads, and d2's page faults reach the host. */
START_TEST(paging_at_end_of_chain)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_REALM("d1") CT_REALM("d2")    /* 1..3 */
		"region g : protected, 4 KiB {\n"                /* 4 */
		"  d1: w @ 0x1000;\n"                            /* 5 */
		"  d2: r @ 0x1000;\n"                            /* 6 */
		"}\n"                                            /* 7 */
		"allow d2 paging;\n");                           /* 8 */
	expect_leakers(&p, "d1 d2 ");
	expect_path_lines(&p, "d1", "d1 -w@5-> g -r@6-> d2 -paging@8-> host");
	expect_path_lines(&p, "d2", "d2 -paging@8-> host");
	ct_assert_has(&p, "t.mica:2:7: note: leak path: d1 --w--> g "
		      "(t.mica:5) --r--> d2 (t.mica:6) --paging--> host "
		      "(t.mica:8)\n");
	ct_free(&p);
}
END_TEST

/* Two lines of one kind make one edge, at the first line, and no
 * diagnostic of their own (as for mmio). */
START_TEST(ripas_twice)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_REALM("d")                       /* 1, 2 */
		"region g : protected, 4 KiB { d: rw @ 0x1000; }\n"  /* 3 */
		"allow d ripas;\n"                                   /* 4 */
		"allow d paging;\n"                                  /* 5 */
		"allow d ripas;\n"                                   /* 6 */
		"allow d paging;\n");                                /* 7 */
	expect_leakers(&p, "d ");
	ck_assert_uint_eq(count_kind(&p, MICA_EDGE_RIPAS), 1);
	ck_assert_uint_eq(count_kind(&p, MICA_EDGE_PAGING), 1);
	ck_assert_uint_eq(p.f->out_degree[0], 3);     /* ripas, paging, w */
	ck_assert_uint_eq(mica_ir_loc(p.ir, p.ir->realms[0].ripas_loc)
			  .first_line, 4);
	ck_assert_uint_eq(mica_ir_loc(p.ir, p.ir->realms[0].paging_loc)
			  .first_line, 5);
	ck_assert_uint_eq(p.d.warnings, 0);
	/* The ripas edge comes first: both are one hop, and edges keep the
	 * order hostcall, mmio, psci, ripas, paging. */
	expect_path_lines(&p, "d", "d -ripas@4-> host");
	ct_free(&p);
}
END_TEST

/* Trusted and untrusted realms may have both: no error, no warning, and
 * the exits count as a trusted realm's path to something. */
START_TEST(ripas_paging_not_distrustful)
{
	ct_policy p;

	ct_load(&p, CT_HDR CT_REALM("d") CT_TRUSTED("t") CT_UNTRUSTED("u")
		"region g : protected, 4 KiB { d: w @ 0x1000; t: r @ 0x1000; }\n"
		"region h : protected, 4 KiB { t: w @ 0x2000; u: r @ 0x2000; }\n"
		"allow t ripas;\nallow t paging;\n"
		"allow u ripas;\nallow u paging;\n");
	expect_leakers(&p, "");
	ck_assert_uint_eq(p.d.warnings, 0);
	ck_assert_uint_eq(count_kind(&p, MICA_EDGE_RIPAS), 2);
	ck_assert_uint_eq(count_kind(&p, MICA_EDGE_PAGING), 2);
	ct_free(&p);

	/* A trusted realm whose only exit is paging has a path. */
	ct_load(&p, CT_HDR CT_REALM("d") CT_TRUSTED("t")
		"region g : protected, 4 KiB { d: w @ 0x1000; t: r @ 0x1000; }\n"
		"allow t paging;\n");
	ck_assert_uint_eq(p.f->out_degree[1], 1);
	ck_assert_uint_eq(p.d.warnings, 0);
	ct_free(&p);
}
END_TEST

static Suite *flow_suite(void)
{
	Suite *s = suite_create("flow");
	TCase *tc;

	tc = tcase_create("cycles");
	tcase_add_test(tc, cycle_without_sink);
	tcase_add_test(tc, cycle_with_exit);
	tcase_add_test(tc, cycle_exit_behind);
	tcase_add_test(tc, self_loop);
	suite_add_tcase(s, tc);

	tc = tcase_create("diamonds");
	tcase_add_test(tc, diamond_through_trusted);
	tcase_add_test(tc, diamond_one_arm_leaks);
	suite_add_tcase(s, tc);

	tc = tcase_create("shortest");
	tcase_add_test(tc, shortest_declared_last);
	tcase_add_test(tc, nearest_sink);
	tcase_add_test(tc, shortest_avoids_trusted);
	suite_add_tcase(s, tc);

	tc = tcase_create("chains");
	tcase_add_test(tc, chain_of_distrustful);
	tcase_add_test(tc, chain_through_untrusted);
	tcase_add_test(tc, trusted_blocks_chain);
	suite_add_tcase(s, tc);

	tc = tcase_create("any");
	tcase_add_test(tc, any_reads_is_sink);
	tcase_add_test(tc, any_writes_only);
	suite_add_tcase(s, tc);

	tc = tcase_create("strict");
	tcase_add_test(tc, nonstrict_distrustful);
	tcase_add_test(tc, nonstrict_trusted);
	tcase_add_test(tc, only_distrustful_leak);
	suite_add_tcase(s, tc);

	tc = tcase_create("host");
	tcase_add_test(tc, host_rights);
	tcase_add_test(tc, protected_has_no_host);
	suite_add_tcase(s, tc);

	tc = tcase_create("messages");
	tcase_add_test(tc, hop_lines);
	tcase_add_test(tc, long_path_elided);
	tcase_add_test(tc, path_of_24_hops_shown_whole);
	suite_add_tcase(s, tc);

	tc = tcase_create("transfers");
	tcase_add_test(tc, ripas_exit);
	tcase_add_test(tc, paging_exit);
	tcase_add_test(tc, paging_at_end_of_chain);
	tcase_add_test(tc, ripas_twice);
	tcase_add_test(tc, ripas_paging_not_distrustful);
	suite_add_tcase(s, tc);

	tc = tcase_create("graph");
	tcase_add_test(tc, nodes_and_sinks);
	tcase_add_test(tc, trusted_without_path);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(flow_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
