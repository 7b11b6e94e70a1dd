/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * diff.c -- what two policies declare, compared by name: the policy
 * line, realms, regions and their access lines, and each realm's allow
 * lines, host-call immediates as sets of values. Both sides are walked
 * in name order, so the items come out sorted and source order never
 * shows.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "mica/blob.h"
#include "mica/util.h"

mica_diff_item *mica_diff_add(mica_diff *d, mica_diff_section s,
			      const char *subject, const char *field,
			      const char *old_value, const char *new_value)
{
	mica_diff_item *it;

	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 32;
		d->items = mica_xrealloc(d->items, d->cap * sizeof *d->items);
	}
	it = &d->items[d->n++];
	memset(it, 0, sizeof *it);
	it->section = s;
#define DUP(x) ((x) ? mica_arena_strndup(&d->arena, (x), strlen(x)) : NULL)
	it->subject = DUP(subject);
	it->field = DUP(field);
	it->old_value = DUP(old_value);
	it->new_value = DUP(new_value);
#undef DUP
	return it;
}

const char *mica_diff_fmt(mica_diff *d, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return mica_arena_strndup(&d->arena, buf, strlen(buf));
}

/* Adds a change of field when the two values differ. */
static void change(mica_diff *d, mica_diff_section s, const char *subject,
		   const char *field, const char *a, const char *b)
{
	if (strcmp(a, b) != 0)
		mica_diff_add(d, s, subject, field, a, b);
}

/* ---- name order ---- */

typedef struct named {
	const char *name;
	uint32_t index;
} named;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const named *)a)->name, ((const named *)b)->name);
}

/* A merge walk over two name-sorted lists: calls visit with the index
 * on each side, MICA_IR_HOST (unused here as an index) when absent. */
#define ABSENT UINT32_MAX

typedef void (*visit_fn)(mica_diff *d, const void *ctx, const char *name,
			 uint32_t a, uint32_t b);

static void merge(mica_diff *d, const void *ctx, named *x, size_t nx,
		  named *y, size_t ny, visit_fn visit)
{
	size_t i = 0, j = 0;

	qsort(x, nx, sizeof *x, by_name);
	qsort(y, ny, sizeof *y, by_name);
	while (i < nx || j < ny) {
		int c = i == nx ? 1 : j == ny ? -1 : strcmp(x[i].name,
							     y[j].name);
		if (c < 0) {
			visit(d, ctx, x[i].name, x[i].index, ABSENT);
			i++;
		} else if (c > 0) {
			visit(d, ctx, y[j].name, ABSENT, y[j].index);
			j++;
		} else {
			visit(d, ctx, x[i].name, x[i].index, y[j].index);
			i++;
			j++;
		}
	}
}

typedef struct pair {
	const mica_ir *a, *b;
	uint32_t ra, rb;         /* the region, for participants */
} pair;

/* ---- realms ---- */

static const char *trust_name(mica_trust t)
{
	static const char *const n[] = { "distrustful", "trusted",
					 "untrusted" };
	return n[t];
}

static const char *digest_text(mica_diff *d, const mica_digest *m)
{
	char hex[2 * MICA_MAX_DIGEST + 1];
	unsigned i, n = mica_hash_size(m->alg);

	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", m->bytes[i]);
	return mica_diff_fmt(d, "%s:%s", m->alg == MICA_SHA512 ? "sha512"
			     : "sha256", hex);
}

static const char *rpv_text(mica_diff *d, const mica_hexstr *h)
{
	char hex[2 * MICA_MAX_RPV + 1] = "";
	unsigned i;

	if (!h->len)
		return "none";
	for (i = 0; i < h->len; i++)
		snprintf(hex + 2 * i, 3, "%02x", h->bytes[i]);
	return mica_diff_fmt(d, "0x%s", hex);
}

static void visit_realm(mica_diff *d, const void *ctx, const char *name,
			uint32_t a, uint32_t b)
{
	const pair *p = ctx;
	const mica_ir_realm *x, *y;

	if (a == ABSENT || b == ABSENT) {
		mica_diff_add(d, MICA_DIFF_REALMS, name, a == ABSENT ?
			      "added" : "removed", NULL, NULL);
		return;
	}
	x = &p->a->realms[a];
	y = &p->b->realms[b];
	change(d, MICA_DIFF_REALMS, name, "measurement",
	       digest_text(d, &x->measurement), digest_text(d, &y->measurement));
	change(d, MICA_DIFF_REALMS, name, "rpv", rpv_text(d, &x->rpv),
	       rpv_text(d, &y->rpv));
	change(d, MICA_DIFF_REALMS, name, "trust", trust_name(x->trust),
	       trust_name(y->trust));
	change(d, MICA_DIFF_REALMS, name, "strict", x->strict ? "true" :
	       "false", y->strict ? "true" : "false");
}

/* ---- regions and their participants ---- */

static const char *subject_name(const mica_ir *ir, uint32_t s)
{
	return s == MICA_IR_HOST ? "host" : s == MICA_IR_ANY ? "any" :
	       ir->realms[s].name;
}

static const char *access_text(mica_diff *d, const mica_ir_access *a)
{
	const char *r = mica_rights_name(a->rights);

	if (a->subject == MICA_IR_HOST)
		return r;
	if (a->subject == MICA_IR_ANY)
		return mica_diff_fmt(d, "%s @ 0x%" PRIx64 " limit %" PRIu64,
				     r, a->ipa, a->limit);
	return mica_diff_fmt(d, "%s @ 0x%" PRIx64, r, a->ipa);
}

static void visit_access(mica_diff *d, const void *ctx, const char *name,
			 uint32_t a, uint32_t b)
{
	const pair *p = ctx;
	const mica_ir_region *ga = &p->a->regions[p->ra];
	const mica_ir_region *gb = &p->b->regions[p->rb];
	const char *region = ga->name, *field;
	const mica_ir_access *x, *y;

	if (a == ABSENT || b == ABSENT) {
		field = mica_diff_fmt(d, "access %s", name);
		mica_diff_add(d, MICA_DIFF_REGIONS, region, field,
			      a == ABSENT ? NULL : access_text(d, &ga->accesses[a]),
			      b == ABSENT ? NULL : access_text(d, &gb->accesses[b]));
		return;
	}
	x = &ga->accesses[a];
	y = &gb->accesses[b];
	change(d, MICA_DIFF_REGIONS, region, mica_diff_fmt(d, "%s rights", name),
	       mica_rights_name(x->rights), mica_rights_name(y->rights));
	change(d, MICA_DIFF_REGIONS, region, mica_diff_fmt(d, "%s ipa", name),
	       mica_diff_fmt(d, "0x%" PRIx64, x->ipa),
	       mica_diff_fmt(d, "0x%" PRIx64, y->ipa));
	if (x->subject == MICA_IR_ANY)
		change(d, MICA_DIFF_REGIONS, region, "any limit",
		       mica_diff_fmt(d, "%" PRIu64, x->limit),
		       mica_diff_fmt(d, "%" PRIu64, y->limit));
}

static named *access_names(const mica_ir *ir, const mica_ir_region *g)
{
	named *v = mica_xcalloc(g->naccesses ? g->naccesses : 1, sizeof *v);
	uint32_t k;

	for (k = 0; k < g->naccesses; k++) {
		v[k].name = subject_name(ir, g->accesses[k].subject);
		v[k].index = k;
	}
	return v;
}

static void visit_region(mica_diff *d, const void *ctx, const char *name,
			 uint32_t a, uint32_t b)
{
	const pair *p = ctx;
	const mica_ir_region *x, *y;
	named *vx, *vy;
	pair q = *p;

	if (a == ABSENT || b == ABSENT) {
		mica_diff_add(d, MICA_DIFF_REGIONS, name, a == ABSENT ?
			      "added" : "removed", NULL, NULL);
		return;
	}
	x = &p->a->regions[a];
	y = &p->b->regions[b];
	change(d, MICA_DIFF_REGIONS, name, "kind", x->kind == MICA_PROTECTED ?
	       "protected" : "unprotected", y->kind == MICA_PROTECTED ?
	       "protected" : "unprotected");
	change(d, MICA_DIFF_REGIONS, name, "size",
	       mica_diff_fmt(d, "%" PRIu64, x->size),
	       mica_diff_fmt(d, "%" PRIu64, y->size));
	/* The host's implicit access follows the kind: say so. */
	if (x->kind != y->kind)
		mica_diff_add(d, MICA_DIFF_REGIONS, name, "host access",
			      x->kind == MICA_UNPROTECTED ? "rw (implicit)"
			      : "none", y->kind == MICA_UNPROTECTED ?
			      "rw (implicit)" : "none");
	vx = access_names(p->a, x);
	vy = access_names(p->b, y);
	q.ra = a;
	q.rb = b;
	merge(d, &q, vx, x->naccesses, vy, y->naccesses, visit_access);
	free(vx);
	free(vy);
}

/* ---- allow lines ---- */

/* The host-call immediates as a bitmap of 0x10000 bits. */
static void imm_set(const mica_ir_realm *r, uint8_t *bits)
{
	uint32_t i, v;

	memset(bits, r->hostcall_any ? 0xff : 0, (MICA_IMM_MAX + 1) / 8);
	for (i = 0; !r->hostcall_any && i < r->nimms; i++)
		for (v = r->imms[i].lo; v <= r->imms[i].hi; v++)
			bits[v / 8] |= (uint8_t)(1u << (v % 8));
}

/* The set as ranges, "*" when full, "none" when empty. */
static const char *set_text(mica_diff *d, const uint8_t *bits)
{
	char buf[400];
	size_t len = 0, count = 0;
	uint32_t v = 0;

	while (v <= MICA_IMM_MAX) {
		uint32_t lo;
		if (!(bits[v / 8] >> (v % 8) & 1)) {
			v++;
			continue;
		}
		lo = v;
		while (v <= MICA_IMM_MAX && (bits[v / 8] >> (v % 8) & 1))
			v++;
		count += v - lo;
		if (len < sizeof buf - 40)
			len += (size_t)snprintf(buf + len, sizeof buf - len,
				lo == v - 1 ? "%s0x%x" : "%s0x%x..0x%x",
				len ? ", " : "", lo, v - 1);
		else if (len < sizeof buf - 5)
			len += (size_t)snprintf(buf + len, sizeof buf - len,
						", ...");
	}
	if (count == MICA_IMM_MAX + 1u)
		return "*";
	return count ? mica_diff_fmt(d, "%s", buf) : "none";
}

static void allows(mica_diff *d, const char *name, const mica_ir_realm *x,
		   const mica_ir_realm *y)
{
	static uint8_t a[(MICA_IMM_MAX + 1) / 8], b[(MICA_IMM_MAX + 1) / 8];
	uint8_t only[(MICA_IMM_MAX + 1) / 8];
	size_t i;

	imm_set(x, a);
	imm_set(y, b);
	if (memcmp(a, b, sizeof a) != 0) {
		mica_diff_add(d, MICA_DIFF_ALLOWS, name, "hostcall",
			      set_text(d, a), set_text(d, b));
		for (i = 0; i < sizeof a; i++)
			only[i] = b[i] & (uint8_t)~a[i];
		if (strcmp(set_text(d, only), "none") != 0)
			mica_diff_add(d, MICA_DIFF_ALLOWS, name,
				      "hostcall added", NULL,
				      set_text(d, only));
		for (i = 0; i < sizeof a; i++)
			only[i] = a[i] & (uint8_t)~b[i];
		if (strcmp(set_text(d, only), "none") != 0)
			mica_diff_add(d, MICA_DIFF_ALLOWS, name,
				      "hostcall removed", set_text(d, only),
				      NULL);
	}
#define FLAG(f) change(d, MICA_DIFF_ALLOWS, name, #f, \
		       x->f ? "allowed" : "not allowed", \
		       y->f ? "allowed" : "not allowed")
	FLAG(mmio);
	FLAG(psci);
	FLAG(ripas);
	FLAG(paging);
#undef FLAG
}

static void visit_allows(mica_diff *d, const void *ctx, const char *name,
			 uint32_t a, uint32_t b)
{
	const pair *p = ctx;

	if (a != ABSENT && b != ABSENT)
		allows(d, name, &p->a->realms[a], &p->b->realms[b]);
}

static named *realm_names(const mica_ir *ir)
{
	named *v = mica_xcalloc(ir->nrealms ? ir->nrealms : 1, sizeof *v);
	uint32_t i;

	for (i = 0; i < ir->nrealms; i++) {
		v[i].name = ir->realms[i].name;
		v[i].index = i;
	}
	return v;
}

static named *region_names(const mica_ir *ir)
{
	named *v = mica_xcalloc(ir->nregions ? ir->nregions : 1, sizeof *v);
	uint32_t i;

	for (i = 0; i < ir->nregions; i++) {
		v[i].name = ir->regions[i].name;
		v[i].index = i;
	}
	return v;
}

void mica_diff_declarations(const mica_ir *old, const mica_ir *nu,
			    mica_diff *d)
{
	pair p = { old, nu, 0, 0 };
	named *x, *y;

	change(d, MICA_DIFF_POLICY, "policy", "name", old->name, nu->name);
	change(d, MICA_DIFF_POLICY, "policy", "version",
	       mica_diff_fmt(d, "%" PRIu64, old->version),
	       mica_diff_fmt(d, "%" PRIu64, nu->version));
	change(d, MICA_DIFF_POLICY, "policy", "hash", mica_hash_name(old->hash),
	       mica_hash_name(nu->hash));
	x = realm_names(old);
	y = realm_names(nu);
	merge(d, &p, x, old->nrealms, y, nu->nrealms, visit_realm);
	merge(d, &p, x, old->nrealms, y, nu->nrealms, visit_allows);
	free(x);
	free(y);
	x = region_names(old);
	y = region_names(nu);
	merge(d, &p, x, old->nregions, y, nu->nregions, visit_region);
	free(x);
	free(y);
}
