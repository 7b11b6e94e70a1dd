/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * gen.c -- random policy sets (ni.h).
 *
 * A set is 1..4 policies. Each has a few realms of every trust level,
 * strict or not, with every kind of `allow`; protected and unprotected
 * regions with named participants, `any ... limit N` entries and `host`;
 * and, from the second policy on, joins: a region that describes another
 * policy's region with an `any` entry, as a Realm of this policy sees it
 * (the owner's named participants with their rights and IPAs, declared
 * here with the same image measurement as "mirrors", and the joiner at
 * the any IPA with rights no wider), carrying the identical `any` entry,
 * omitting it, or carrying another limit.
 *
 * Most regions are built so that the flow rules hold (a distrustful
 * realm writes only regions no sink reads), a few not, so that the
 * checker has something to refuse; the acceptance ratio is reported.
 * The text is compiled with micac's own front end, checker and backend.
 */
#define _GNU_SOURCE 1   /* open_memstream */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mica/ast.h"
#include "mica/diag.h"
#include "mica/ir.h"
#include "mica/source.h"
#include "ni.h"

#define MIB16 0x1000000ull
#define HALF (1ull << 47)

size_t ni_digest_len(const struct ni_policy *p)
{
	return p->sha512 ? 64 : 32;
}

/* ---- windows ------------------------------------------------------------- */

/* Does [lo, lo + size) meet a window realm i of p already has? */
static int meets(const struct ni_policy *p, int i, uint64_t lo, uint64_t size)
{
	for (unsigned g = 0; g < p->nregion; g++) {
		const struct ni_region *rg = &p->region[g];

		for (unsigned k = 0; k < rg->nacc; k++) {
			const struct ni_access *a = &rg->acc[k];
			uint64_t n = rg->pages * FVP_GRANULE;

			if (a->subj == i && a->ipa < lo + size && lo < a->ipa + n)
				return 1;
		}
	}
	return 0;
}

/* A window of pages for realm i (or for `any`, i < 0): small offsets fit
 * every IPA width down to 32 bits; a few are anywhere in the half. */
static uint64_t alloc_window(struct ni_rng *r, const struct ni_policy *p,
			     int i, uint64_t pages, int protected_)
{
	uint64_t size = pages * FVP_GRANULE, off;

	for (int tries = 0; tries < 24; tries++) {
		if (ni_chance(r, 4))
			off = (1ull << 30) + (uint64_t)ni_below(r, 1u << 30) * 0x10000ull;
		else
			off = MIB16 + (uint64_t)ni_below(r, 0x3F00) * 0x10000ull;
		if (off + size > HALF)
			continue;
		if (!protected_)
			off += HALF;
		if (i < 0 || !meets(p, i, off, size))
			return off;
	}
	return UINT64_MAX;
}

/* ---- realms --------------------------------------------------------------- */

static int exit_capable(const struct ni_realm *x)
{
	return !x->strict || x->hc_any || x->nimm || x->mmio || x->psci ||
	       x->ripas || x->paging;
}

/* A reader the checker counts as a sink. */
static int sinkish(const struct ni_realm *x)
{
	return x->trust == NI_UNTRUSTED ||
	       (x->trust == NI_DISTRUSTFUL && exit_capable(x));
}

static void gen_allows(struct ni_rng *r, struct ni_realm *x,
		       const struct ni_lang *l, unsigned pct)
{
	if (ni_chance(r, pct)) {
		if (ni_chance(r, 30)) {
			x->hc_any = 1;
		} else {
			x->nimm = 1 + ni_below(r, NI_MAXIMM);
			for (unsigned k = 0; k < x->nimm; k++) {
				uint16_t lo = (uint16_t)ni_below(r, 0x10000);
				uint32_t hi = ni_chance(r, 50) ? lo
					      : lo + ni_below(r, 64);

				x->imm[k][0] = lo;
				x->imm[k][1] = (uint16_t)(hi > 0xFFFF ? 0xFFFF : hi);
			}
		}
	}
	x->mmio = ni_chance(r, pct);
	x->psci = ni_chance(r, pct);
	x->ripas = l->ripas && ni_chance(r, pct);
	x->paging = l->paging && ni_chance(r, pct);
}

static const unsigned s2sz_w[] = { 50, 12, 12, 13, 13 };
static const unsigned s2sz_v[] = { 48, 44, 40, 36, 32 };

static void gen_realm(struct ni_rng *r, struct ni_realm *x, unsigned idx,
		      const struct ni_lang *l, int mirror)
{
	static const unsigned trust_w[] = { 45, 30, 25 };

	memset(x, 0, sizeof *x);
	snprintf(x->name, sizeof x->name, "%c%u", mirror ? 'm' : 'r', idx);
	for (unsigned k = 0; k < 64; k += 8) {
		uint64_t v = ni_u64(r);

		memcpy(x->meas + k, &v, 8);
	}
	x->trust = (int)ni_pick(r, trust_w, 3);
	x->mirror_pol = x->mirror_realm = -1;
	x->home_region = -1;
	x->s2sz = s2sz_v[ni_pick(r, s2sz_w, 5)];
	if (x->trust == NI_DISTRUSTFUL) {
		x->strict = !ni_chance(r, 4);
		gen_allows(r, x, l, 1);
	} else {
		x->strict = ni_chance(r, 65);
		gen_allows(r, x, l, mirror ? 15 : 40);
	}
	if (!mirror && ni_chance(r, 10)) {
		x->rpv_len = 1 + ni_below(r, 8);
		for (unsigned k = 0; k < x->rpv_len; k++)
			x->rpv[k] = (uint8_t)ni_below(r, 256);
	}
}

/* ---- regions -------------------------------------------------------------- */

static unsigned rights(struct ni_rng *r)
{
	static const unsigned w[] = { 35, 30, 35 };

	return 1 + ni_pick(r, w, 3);
}

static void add_acc(struct ni_region *g, int subj, unsigned rt, uint64_t ipa,
		    uint64_t limit)
{
	if (g->nacc < NI_MAXACC)
		g->acc[g->nacc++] = (struct ni_access){ subj, rt, ipa, limit };
}

static int exposed(const struct ni_policy *p, const struct ni_region *g)
{
	if (!g->protected_)
		return 1;
	for (unsigned k = 0; k < g->nacc; k++) {
		const struct ni_access *a = &g->acc[k];

		if (!(a->rights & 1))
			continue;
		if (a->subj == NI_SUBJ_ANY || a->subj == NI_SUBJ_HOST ||
		    sinkish(&p->realm[a->subj]))
			return 1;
	}
	return 0;
}

static void gen_region(struct ni_rng *r, struct ni_policy *p, unsigned nhome)
{
	struct ni_region *g = &p->region[p->nregion];
	unsigned want = 1 + ni_below(r, nhome < 4 ? nhome : 4);
	uint8_t used[NI_MAXREALM] = { 0 };

	memset(g, 0, sizeof *g);
	snprintf(g->name, sizeof g->name, "g%u", p->nregion);
	g->protected_ = ni_chance(r, 75);
	g->pages = 1 + ni_below(r, 3);
	g->mirror_pol = g->mirror_region = -1;
	for (unsigned n = 0; n < want; n++) {
		unsigned i = ni_below(r, nhome);
		uint64_t ipa;

		if (used[i])
			continue;
		used[i] = 1;
		ipa = alloc_window(r, p, (int)i, g->pages, g->protected_);
		if (ipa != UINT64_MAX)
			add_acc(g, (int)i, rights(r), ipa, 0);
	}
	if (g->nacc == 0)
		return;
	if (ni_chance(r, g->protected_ ? 35 : 15)) {
		uint64_t ipa = alloc_window(r, p, -1, g->pages, g->protected_);

		if (ipa != UINT64_MAX)
			add_acc(g, NI_SUBJ_ANY, rights(r), ipa,
				1 + ni_below(r, 3));
	}
	if (!g->protected_ && ni_chance(r, 30))
		add_acc(g, NI_SUBJ_HOST, rights(r), 0, 0);
	/* Distrustful realms write no region a sink reads, mostly. */
	if (exposed(p, g))
		for (unsigned k = 0; k < g->nacc; k++) {
			struct ni_access *a = &g->acc[k];

			if (a->subj < NI_SUBJ_ANY &&
			    p->realm[a->subj].trust == NI_DISTRUSTFUL &&
			    (a->rights & 2) && !ni_chance(r, 5))
				a->rights = 1;
		}
	p->nregion++;
}

/* ---- joins -------------------------------------------------------------- */

/* The mirror in p of realm src of policy o (created on first use). */
static int mirror_of(struct ni_rng *r, struct ni_set *s, unsigned pi,
		     unsigned o, unsigned src, const struct ni_lang *l)
{
	struct ni_policy *p = &s->pol[pi];
	const struct ni_realm *x = &s->pol[o].realm[src];
	struct ni_realm *m;

	for (unsigned i = 0; i < p->nrealm; i++)
		if (memcmp(p->realm[i].meas, x->meas, 64) == 0)
			return (int)i;
	if (p->nrealm == NI_MAXREALM)
		return -1;
	m = &p->realm[p->nrealm];
	gen_realm(r, m, p->nrealm, l, 1);
	memcpy(m->meas, x->meas, 64);
	m->mirror_pol = (int)o;
	m->mirror_realm = (int)src;
	m->rpv_len = 0;
	if (m->trust == NI_DISTRUSTFUL) {
		m->strict = 1;
		m->hc_any = 0;
		m->nimm = 0;
		m->mmio = m->psci = m->ripas = m->paging = 0;
	}
	return (int)p->nrealm++;
}

static int can_join(const struct ni_set *s, unsigned pi, unsigned o,
		    unsigned g)
{
	const struct ni_region *rg = &s->pol[o].region[g];

	if (s->pol[o].sha512 != s->pol[pi].sha512 || rg->mirror_pol >= 0)
		return 0;
	for (unsigned k = 0; k < rg->nacc; k++)
		if (rg->acc[k].subj == NI_SUBJ_ANY)
			return 1;
	return 0;
}

static void gen_join(struct ni_rng *r, struct ni_set *s, unsigned pi,
		     const struct ni_lang *l)
{
	struct ni_policy *p = &s->pol[pi];
	unsigned cand[NI_MAXPOL * NI_MAXREGION][2], n = 0, o, g, j;
	const struct ni_region *src;
	const struct ni_access *any = NULL;
	struct ni_region *rg;
	int joiner = -1;

	for (o = 0; o < pi; o++)
		for (g = 0; g < s->pol[o].nregion; g++)
			if (can_join(s, pi, o, g)) {
				cand[n][0] = o;
				cand[n][1] = g;
				n++;
			}
	if (n == 0 || p->nregion == NI_MAXREGION)
		return;
	j = ni_below(r, n);
	o = cand[j][0];
	g = cand[j][1];
	src = &s->pol[o].region[g];
	for (unsigned k = 0; k < src->nacc; k++)
		if (src->acc[k].subj == NI_SUBJ_ANY)
			any = &src->acc[k];
	rg = &p->region[p->nregion];
	memset(rg, 0, sizeof *rg);
	snprintf(rg->name, sizeof rg->name, "j%u", p->nregion);
	rg->protected_ = src->protected_;
	rg->pages = src->pages;
	rg->mirror_pol = (int)o;
	rg->mirror_region = (int)g;
	/* The joiner: one of this policy's realms with no window there, or
	 * a new one. */
	for (unsigned i = 0; i < p->nrealm && joiner < 0; i++)
		if (p->realm[i].mirror_pol < 0 && ni_chance(r, 30) &&
		    !meets(p, (int)i, any->ipa, src->pages * FVP_GRANULE))
			joiner = (int)i;
	if (joiner < 0) {
		if (p->nrealm == NI_MAXREALM)
			return;
		joiner = (int)p->nrealm;
		gen_realm(r, &p->realm[p->nrealm], p->nrealm, l, 0);
		p->nrealm++;
	}
	p->realm[joiner].home_region = (int)p->nregion;
	for (unsigned k = 0; k < src->nacc; k++) {
		const struct ni_access *a = &src->acc[k];
		int m;

		if (a->subj >= NI_SUBJ_ANY)
			continue;
		m = mirror_of(r, s, pi, o, (unsigned)a->subj, l);
		if (m < 0)
			return;   /* no room: the region is left out */
		add_acc(rg, m, a->rights, a->ipa, 0);
	}
	{
		unsigned rt = any->rights;

		if (rt == 3 && ni_chance(r, 60))
			rt = 1 + ni_below(r, 2);
		if (ni_chance(r, 5))
			rt = 3;           /* wider than any: must be refused */
		add_acc(rg, joiner, rt, any->ipa, 0);
	}
	rg->any_kind = (int)ni_pick(r, (const unsigned[]){ 60, 35, 5 }, 3);
	if (rg->any_kind == 0)
		add_acc(rg, NI_SUBJ_ANY, any->rights, any->ipa, any->limit);
	else if (rg->any_kind == 2)
		add_acc(rg, NI_SUBJ_ANY, any->rights, any->ipa, any->limit + 1);
	/* A distrustful joiner writing where a sink reads: mostly made the
	 * declassifier instead. */
	p->nregion++;
	if (exposed(p, rg) && p->realm[joiner].trust == NI_DISTRUSTFUL &&
	    (rg->acc[rg->nacc - 1 - (rg->any_kind != 1)].rights & 2) &&
	    ni_chance(r, 90))
		p->realm[joiner].trust = NI_TRUSTED;
}

/* ---- the set ---------------------------------------------------------- */

static void fix_widths(struct ni_policy *p)
{
	for (unsigned i = 0; i < p->nrealm; i++) {
		struct ni_realm *x = &p->realm[i];
		uint64_t top = 0;

		for (unsigned g = 0; g < p->nregion; g++)
			for (unsigned k = 0; k < p->region[g].nacc; k++) {
				const struct ni_access *a = &p->region[g].acc[k];
				uint64_t end = (a->ipa % HALF) +
					       p->region[g].pages * FVP_GRANULE;

				if (a->subj == (int)i && end > top)
					top = end;
			}
		while (x->s2sz < 48 && top > (1ull << (x->s2sz - 1)))
			x->s2sz += 4;
	}
}

static void emit(struct ni_policy *p, struct ni_rng *r);

void ni_gen_set(struct ni_set *s, struct ni_rng *r, const struct ni_lang *l)
{
	static const unsigned npol_w[] = { 20, 35, 30, 15 };
	int sha512 = ni_chance(r, 25);

	memset(s, 0, sizeof *s);
	s->npol = 1 + ni_pick(r, npol_w, 4);
	for (unsigned pi = 0; pi < s->npol; pi++) {
		struct ni_policy *p = &s->pol[pi];
		unsigned nhome = 1 + ni_below(r, 4), nreg = 1 + ni_below(r, 4);

		snprintf(p->name, sizeof p->name, "p%u", pi);
		p->version = 1 + ni_below(r, 9);
		p->sha512 = ni_chance(r, 10) ? !sha512 : sha512;
		for (unsigned i = 0; i < nhome; i++)
			gen_realm(r, &p->realm[i], i, l, 0);
		p->nrealm = nhome;
		for (unsigned g = 0; g < nreg; g++)
			gen_region(r, p, nhome);
		if (pi > 0 && ni_chance(r, 80)) {
			gen_join(r, s, pi, l);
			if (ni_chance(r, 30))
				gen_join(r, s, pi, l);
		}
	}
	for (unsigned pi = 0; pi < s->npol; pi++) {
		fix_widths(&s->pol[pi]);
		emit(&s->pol[pi], r);
	}
}

/* ---- text ------------------------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
};

static void put(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->p == NULL) {
		b->cap = 4096;
		b->len = 0;
		if ((b->p = malloc(b->cap)) == NULL)
			abort();
	}
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < b->cap - b->len)
			break;
		b->cap = b->cap * 2 + (size_t)n + 256;
		b->p = realloc(b->p, b->cap);
		if (b->p == NULL)
			abort();
	}
	b->len += (size_t)n;
}

static const char *rights_text(unsigned r)
{
	return r == 1 ? "r" : r == 2 ? "w" : "rw";
}

static void emit_realm(struct buf *b, const struct ni_policy *p,
		       const struct ni_realm *x, struct ni_rng *r)
{
	static const char *const trust[] = { "distrustful", "trusted",
					     "untrusted" };

	put(b, "realm %s {\n  measurement = %s:", x->name,
	    p->sha512 ? "sha512" : "sha256");
	for (size_t k = 0; k < ni_digest_len(p); k++)
		put(b, "%02x", x->meas[k]);
	put(b, ";\n");
	if (x->trust != NI_DISTRUSTFUL || ni_chance(r, 50))
		put(b, "  trust = %s;\n", trust[x->trust]);
	if (!x->strict || ni_chance(r, 30))
		put(b, "  strict = %s;\n", x->strict ? "true" : "false");
	if (x->rpv_len) {
		put(b, "  rpv = hex:");
		for (unsigned k = 0; k < x->rpv_len; k++)
			put(b, "%02x", x->rpv[k]);
		put(b, ";\n");
	}
	put(b, "}\n");
}

static void emit_region(struct buf *b, const struct ni_policy *p,
			const struct ni_region *g, struct ni_rng *r)
{
	uint64_t bytes = g->pages * FVP_GRANULE;

	if (ni_chance(r, 50))
		put(b, "region %s : %s, %llu KiB {\n", g->name,
		    g->protected_ ? "protected" : "unprotected",
		    (unsigned long long)(bytes / 1024));
	else
		put(b, "region %s : %s, 0x%llx {\n", g->name,
		    g->protected_ ? "protected" : "unprotected",
		    (unsigned long long)bytes);
	for (unsigned k = 0; k < g->nacc; k++) {
		const struct ni_access *a = &g->acc[k];

		if (a->subj == NI_SUBJ_HOST)
			put(b, "  host: %s;\n", rights_text(a->rights));
		else if (a->subj == NI_SUBJ_ANY)
			put(b, "  any: %s @ 0x%llx limit %llu;\n",
			    rights_text(a->rights), (unsigned long long)a->ipa,
			    (unsigned long long)a->limit);
		else
			put(b, "  %s: %s @ 0x%llx;\n", p->realm[a->subj].name,
			    rights_text(a->rights), (unsigned long long)a->ipa);
	}
	put(b, "}\n");
}

static void emit_allows(struct buf *b, const struct ni_realm *x)
{
	if (x->hc_any)
		put(b, "allow %s hostcall *;\n", x->name);
	if (x->nimm) {
		put(b, "allow %s hostcall ", x->name);
		for (unsigned k = 0; k < x->nimm; k++) {
			if (x->imm[k][0] == x->imm[k][1])
				put(b, "%s0x%x", k ? ", " : "", x->imm[k][0]);
			else
				put(b, "%s0x%x..0x%x", k ? ", " : "",
				    x->imm[k][0], x->imm[k][1]);
		}
		put(b, ";\n");
	}
	if (x->mmio)
		put(b, "allow %s mmio;\n", x->name);
	if (x->psci)
		put(b, "allow %s psci;\n", x->name);
	if (x->ripas)
		put(b, "allow %s ripas;\n", x->name);
	if (x->paging)
		put(b, "allow %s paging;\n", x->name);
}

static void emit(struct ni_policy *p, struct ni_rng *r)
{
	struct buf b = { NULL, 0, 0 };

	put(&b, "policy %s version %u;\n", p->name, p->version);
	if (p->sha512 || ni_chance(r, 50))
		put(&b, "hash %s;\n", p->sha512 ? "sha512" : "sha256");
	for (unsigned i = 0; i < p->nrealm; i++)
		emit_realm(&b, p, &p->realm[i], r);
	for (unsigned g = 0; g < p->nregion; g++)
		emit_region(&b, p, &p->region[g], r);
	for (unsigned i = 0; i < p->nrealm; i++)
		emit_allows(&b, &p->realm[i]);
	p->text = b.p;
	p->textlen = b.len;
}

/* ---- compiling ------------------------------------------------------- */

static int compile(struct ni_policy *p)
{
	mica_source src;
	mica_diag d;
	mica_ast *ast;
	mica_ir *ir = NULL;
	mica_outputs out;
	char *diag = NULL;
	size_t dlen = 0;
	FILE *f = open_memstream(&diag, &dlen);

	if (f == NULL)
		abort();
	if (mica_source_from_mem(&src, p->name, p->text, p->textlen) != 0)
		abort();
	mica_diag_init(&d, &src, f);
	ast = mica_parse(&src, &d);
	if (d.errors == 0)
		ir = mica_lower(ast, &d);
	if (ir != NULL) {
		unsigned front = d.errors;

		mica_check(ir, &d);
		if (front == 0 && d.errors == 0)
			mica_backend_check(ir, &d);
	}
	p->accepted = d.errors == 0;
	if (p->accepted) {
		memset(&out, 0, sizeof out);
		if (mica_backend_compile(ir, &d, &out) != 0) {
			p->accepted = 0;
		} else {
			memcpy(p->workflow, out.workflow, sizeof p->workflow);
			for (unsigned i = 0; i < p->nrealm; i++) {
				char name[32];

				snprintf(name, sizeof name, "%s.blob", p->realm[i].name);
				for (size_t k = 0; k < out.n; k++)
					if (strcmp(out.files[k].name, name) == 0) {
						p->blob[i] = malloc(out.files[k].len);
						if (p->blob[i] == NULL)
							abort();
						memcpy(p->blob[i], out.files[k].data,
						       out.files[k].len);
						p->bloblen[i] = out.files[k].len;
					}
				if (p->blob[i] == NULL)
					p->accepted = 0;
			}
			mica_outputs_free(&out);
		}
	}
	fclose(f);
	if (!p->accepted && diag != NULL) {
		char *e = strstr(diag, "error: ");

		snprintf(p->why, sizeof p->why, "%.*s", (int)strcspn(e ? e + 7 : diag, "\n"),
			 e ? e + 7 : diag);
	}
	free(diag);
	mica_ir_free(ir);
	mica_ast_free(ast);
	mica_source_free(&src);
	return p->accepted;
}

int ni_compile_set(struct ni_set *s)
{
	int all = 1;

	for (unsigned pi = 0; pi < s->npol; pi++)
		all &= compile(&s->pol[pi]);
	return all;
}

void ni_set_free(struct ni_set *s)
{
	for (unsigned pi = 0; pi < s->npol; pi++) {
		free(s->pol[pi].text);
		for (unsigned i = 0; i < NI_MAXREALM; i++)
			free(s->pol[pi].blob[i]);
	}
	memset(s, 0, sizeof *s);
}

/* Does the language take `allow R WORD;`? */
static int takes(const char *word)
{
	struct ni_policy p;
	char text[512];
	int ok;

	memset(&p, 0, sizeof p);
	snprintf(p.name, sizeof p.name, "probe");
	snprintf(text, sizeof text,
		 "policy probe version 1;\nrealm a {\n  measurement = sha256:"
		 "%064d;\n  trust = trusted;\n}\nrealm b {\n  measurement = "
		 "sha256:%064d;\n  trust = trusted;\n}\nregion g : protected, "
		 "4 KiB { a: w @ 0x1000000; b: r @ 0x1000000; }\nallow a %s;\n",
		 1, 2, word);
	p.text = text;
	p.textlen = strlen(text);
	p.nrealm = 2;
	snprintf(p.realm[0].name, sizeof p.realm[0].name, "a");
	snprintf(p.realm[1].name, sizeof p.realm[1].name, "b");
	ok = compile(&p);
	for (unsigned i = 0; i < 2; i++)
		free(p.blob[i]);
	return ok;
}

void ni_lang_probe(struct ni_lang *l)
{
	l->ripas = takes("ripas");
	l->paging = takes("paging");
}
