/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_stream.c -- the one-pass front end (mica_parse_lower) builds the
 * IR that mica_parse + mica_lower build, field for field, and gives up
 * (reporting nothing) on every file the two passes report an error in.
 *
 *   test_stream GENPOLICY    each .mica file of examples/ and
 *                            tests/check/positive/, genpolicy
 *                            outputs, hand-made cases below
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/ast.h"
#include "mica/ir.h"
#include "mica/source.h"

static unsigned failures, compared;

#define FAIL(...)                                                       \
	do {                                                            \
		fprintf(stderr, "FAIL %s: ", what);                     \
		fprintf(stderr, __VA_ARGS__);                           \
		fputc('\n', stderr);                                    \
		failures++;                                             \
		return;                                                 \
	} while (0)

static bool same_loc(mica_loc a, mica_loc b)
{
	return a.first_line == b.first_line &&
	       a.first_column == b.first_column &&
	       a.last_line == b.last_line && a.last_column == b.last_column;
}

/* IR locations compare by what they stand for: two IRs may number
 * their wide locations differently. */
static bool same_iloc(const mica_ir *x, mica_iloc a, const mica_ir *y,
		      mica_iloc b)
{
	return same_loc(mica_ir_loc(x, a), mica_ir_loc(y, b));
}

static bool same_str(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* Every field of both IRs, by value (pointers only through what they
 * point to). */
static void compare(const char *what, const mica_ir *x, const mica_ir *y)
{
	uint32_t i, k;

	if (!same_str(x->name, y->name) || x->version != y->version ||
	    x->hash != y->hash || !same_str(x->file, y->file))
		FAIL("header differs");
	if (x->nrealms != y->nrealms || x->nregions != y->nregions)
		FAIL("%u/%u realms, %u/%u regions", x->nrealms, y->nrealms,
		     x->nregions, y->nregions);
	for (i = 0; i < x->nrealms; i++) {
		const mica_ir_realm *a = &x->realms[i], *b = &y->realms[i];
		if (!same_str(a->name, b->name) ||
		    !same_iloc(x, a->loc, y, b->loc) ||
		    a->measurement.alg != b->measurement.alg ||
		    memcmp(a->measurement.bytes, b->measurement.bytes,
			   sizeof a->measurement.bytes) != 0 ||
		    a->rpv.len != b->rpv.len ||
		    memcmp(a->rpv.bytes, b->rpv.bytes, sizeof a->rpv.bytes) ||
		    a->trust != b->trust || a->strict != b->strict ||
		    !same_iloc(x, a->strict_loc, y, b->strict_loc) ||
		    !same_iloc(x, a->trust_loc, y, b->trust_loc))
			FAIL("realm #%u (%s): declaration differs", i, a->name);
		if (a->hostcall_any != b->hostcall_any ||
		    a->nimms != b->nimms || a->mmio != b->mmio ||
		    a->psci != b->psci || a->ripas != b->ripas ||
		    a->paging != b->paging ||
		    !same_iloc(x, a->hostcall_loc, y, b->hostcall_loc) ||
		    !same_iloc(x, a->mmio_loc, y, b->mmio_loc) ||
		    !same_iloc(x, a->psci_loc, y, b->psci_loc) ||
		    !same_iloc(x, a->ripas_loc, y, b->ripas_loc) ||
		    !same_iloc(x, a->paging_loc, y, b->paging_loc))
			FAIL("realm #%u (%s): transfers differ", i, a->name);
		for (k = 0; k < a->nimms; k++)
			if (a->imms[k].lo != b->imms[k].lo ||
			    a->imms[k].hi != b->imms[k].hi)
				FAIL("realm #%u: immediate %u differs", i, k);
		if (a->nmaps != b->nmaps)
			FAIL("realm #%u: %u/%u windows", i, a->nmaps, b->nmaps);
		for (k = 0; k < a->nmaps; k++)
			if (a->maps[k].region != b->maps[k].region ||
			    a->maps[k].access != b->maps[k].access)
				FAIL("realm #%u: window %u differs", i, k);
	}
	for (i = 0; i < x->nregions; i++) {
		const mica_ir_region *g = &x->regions[i], *h = &y->regions[i];
		if (!same_str(g->name, h->name) ||
		    !same_iloc(x, g->loc, y, h->loc) ||
		    g->kind != h->kind || g->size != h->size ||
		    !same_iloc(x, g->size_loc, y, h->size_loc) ||
		    g->naccesses != h->naccesses)
			FAIL("region #%u (%s) differs", i, g->name);
		for (k = 0; k < g->naccesses; k++) {
			const mica_ir_access *a = &g->accesses[k];
			const mica_ir_access *b = &h->accesses[k];
			if (a->subject != b->subject || a->rights != b->rights ||
			    a->ipa != b->ipa || a->limit != b->limit ||
			    !same_iloc(x, a->loc, y, b->loc) ||
			    !same_iloc(x, a->ipa_loc, y, b->ipa_loc))
				FAIL("region #%u access %u differs", i, k);
		}
	}
	compared++;
}

/* expect: 1 the one pass must succeed, 0 it must give up, -1 either
 * (then only the IR, when there is one, is compared). */
static void run(const char *what, const char *text, size_t len, int expect)
{
	mica_source src;
	mica_diag d;
	mica_ast *ast;
	mica_ir *one, *two = NULL;
	FILE *null = fopen("/dev/null", "w");

	if (!null || mica_source_from_mem(&src, "t.mica", text, len) != 0) {
		fprintf(stderr, "FAIL %s: cannot set up\n", what);
		failures++;
		return;
	}
	one = mica_parse_lower(&src);
	mica_diag_init(&d, &src, null);
	d.max_errors = 0;
	ast = mica_parse(&src, &d);
	if (d.errors == 0)
		two = mica_lower(ast, &d);
	if (d.errors && one) {
		fprintf(stderr, "FAIL %s: one pass accepted a file with %u "
			"errors\n", what, d.errors);
		failures++;
	} else if (expect == 1 && !one) {
		fprintf(stderr, "FAIL %s: one pass gave up\n", what);
		failures++;
	} else if (expect == 0 && one) {
		fprintf(stderr, "FAIL %s: one pass did not give up\n", what);
		failures++;
	} else if (one) {
		compare(what, one, two);
	}
	mica_ir_free(one);
	mica_ir_free(two);
	mica_ast_free(ast);
	mica_source_free(&src);
	fclose(null);
}

static char *slurp(FILE *f, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	for (;;) {
		if (n == cap) {
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		r = fread(buf + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	*len = n;
	return buf;
}

static void run_dir(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char path[4096];

	if (!dp) {
		fprintf(stderr, "FAIL: cannot open %s\n", dir);
		failures++;
		return;
	}
	while ((e = readdir(dp)) != NULL) {
		size_t n = strlen(e->d_name), len;
		FILE *f;
		char *text;
		if (n < 6 || strcmp(e->d_name + n - 5, ".mica") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		f = fopen(path, "rb");
		if (!f) {
			fprintf(stderr, "FAIL: cannot read %s\n", path);
			failures++;
			continue;
		}
		text = slurp(f, &len);
		fclose(f);
		run(path, text, len, 1);
		free(text);
	}
	closedir(dp);
}

static void run_genpolicy(const char *gen, unsigned n, unsigned seed)
{
	char cmd[4096], what[64];
	size_t len;
	char *text;
	FILE *p;

	snprintf(cmd, sizeof cmd, "'%s' %u %u", gen, n, seed);
	snprintf(what, sizeof what, "genpolicy %u %u", n, seed);
	p = popen(cmd, "r");
	if (!p) {
		fprintf(stderr, "FAIL %s: cannot run\n", what);
		failures++;
		return;
	}
	text = slurp(p, &len);
	if (pclose(p) != 0 || len == 0) {
		fprintf(stderr, "FAIL %s: generator failed\n", what);
		failures++;
	} else {
		run(what, text, len, 1);
	}
	free(text);
}

#define H "policy p version 1;\n"
#define M "measurement = sha256:" \
	"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff;"

static const struct {
	const char *what, *text;
	int expect;
} cases[] = {
	/* a region before the realms it names: they wait, then resolve */
	{ "use before declaration",
	  H "region g : unprotected, 8 KiB {\n  b: rw @ 0x1000;\n"
	  "  a: r @ 0x2000;\n  host: rw;\n  any: r @ 0x4000 limit 2;\n}\n"
	  "realm a { " M " }\nrealm b { " M " trust = trusted; }\n"
	  "allow a mmio;\nallow b hostcall 1..3, 2, 7;\nallow b psci;\n", 1 },
	{ "interleaved",
	  H "realm a { " M " strict = false; }\n"
	  "region g : protected, 4 KiB { a: rw @ 0x1000; c: r @ 0x3000; }\n"
	  "allow a hostcall *;\nrealm c { " M " rpv = hex:0a0b; }\n"
	  "region h : unprotected, 4 KiB { c: w @ 0x800000000000; }\n"
	  "allow c ripas;\nallow c paging;\nallow a hostcall 5;\n", 1 },
	/* an allow above its realm: left to the two passes, same IR */
	{ "allow before realm",
	  H "allow a mmio;\nrealm a { " M " }\n", 0 },
	/* errors of every stage: the one pass gives up */
	{ "syntax error", H "realm a { " M " }\nrealm {\n", 0 },
	{ "lexical error", H "realm a { " M " }\n$\n", 0 },
	{ "never declared",
	  H "region g : protected, 4 KiB { zz: rw @ 0x1000; }\n", 0 },
	{ "declared later as a region",
	  H "region g : protected, 4 KiB { h: rw @ 0x1000; }\n"
	  "region h : protected, 4 KiB { }\n", 0 },
	{ "duplicate realm",
	  H "realm a { " M " }\nrealm a { " M " }\n", 0 },
	{ "region then realm of one name",
	  H "region a : protected, 4 KiB { }\nrealm a { " M " }\n", 0 },
	{ "no measurement", H "realm a { }\n", 0 },
	{ "any without limit",
	  H "realm a { " M " }\n"
	  "region g : protected, 4 KiB { any: r @ 0x1000; }\n", 0 },
	{ "allow of a region",
	  H "region g : protected, 4 KiB { }\nallow g mmio;\n", 0 },
	{ "empty file", "", 0 },
};

/* mica_ir_iloc keeps every location exactly, packed or wide: spans on
 * one line near the limits of the packing, past them, over several
 * lines, empty, and none. */
static void iloc_round_trip(void)
{
	static const mica_loc locs[] = {
		{ 0, 0, 0, 0 },
		{ 1, 1, 1, 1 },
		{ 7, 12, 7, 11 },                    /* empty: an insertion */
		{ 3, 5, 3, 5 + 4094 },               /* 4095 bytes: packed */
		{ 3, 5, 3, 5 + 4095 },               /* 4096: wide */
		{ 9, (1u << 19) - 1, 9, (1u << 19) + 9 },
		{ 9, 1u << 19, 9, (1u << 19) + 9 },  /* column: wide */
		{ 4000000000u, 2, 4000000000u, 3 },
		{ 2, 30, 3, 4 },                     /* two lines: wide */
		{ 0, 0, 0, 5 },
	};
	const char *what = "mica_ir_iloc";
	mica_ir ir;
	mica_iloc p[sizeof locs / sizeof locs[0]];
	size_t i, n = sizeof locs / sizeof locs[0];

	memset(&ir, 0, sizeof ir);
	for (i = 0; i < n; i++)
		p[i] = mica_ir_iloc(&ir, locs[i]);
	compared++;
	for (i = 0; i < n; i++)
		if (!same_loc(mica_ir_loc(&ir, p[i]), locs[i])) {
			mica_arena_free(&ir.arena);
			FAIL("location #%zu does not come back", i);
		}
	if (ir.nwide != 4)
		FAIL("%u wide locations, 4 expected", ir.nwide);
	mica_arena_free(&ir.arena);
}

int main(int argc, char **argv)
{
	static const unsigned sizes[][2] = {
		{ 1, 1 }, { 10, 2 }, { 100, 3 }, { 1000, 4 }, { 300, 5 },
	};
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: test_stream GENPOLICY\n");
		return 2;
	}
	run_dir(MICA_SOURCE_DIR "/examples");
	run_dir(MICA_SOURCE_DIR "/tests/check/positive");
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		run_genpolicy(argv[1], sizes[i][0], sizes[i][1]);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		run(cases[i].what, cases[i].text, strlen(cases[i].text),
		    cases[i].expect);
	iloc_round_trip();
	printf("%u IRs compared, %u failures\n", compared, failures);
	return failures || compared < 10 ? 1 : 0;
}
