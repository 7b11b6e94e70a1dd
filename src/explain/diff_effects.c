/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * diff_effects.c -- what follows from two policies' difference: flow
 * paths gained and lost (reachability computed in each and compared by
 * name), the blobs that change (both compiled in memory through
 * libmica, compared byte for byte per Realm) and the Realms whose final
 * RIM changes (the RIM after binding its blob: what to re-provision).
 */
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "explain.h"
#include "mica/flow.h"
#include "mica/util.h"
#include "mica/wire/bind.h"

static void copy_path(mica_diff *d, mica_diff_item *it, const mica_reached *r)
{
	size_t k;

	it->npath = r->nhops;
	it->path = mica_arena_alloc(&d->arena, (r->nhops ? r->nhops : 1) *
				    sizeof *it->path);
	for (k = 0; k < r->nhops; k++) {
		mica_hop h = r->hops[k];
#define DUP(x) ((x) ? mica_arena_strndup(&d->arena, (x), strlen(x)) : NULL)
		h.from = DUP(h.from);
		h.to = DUP(h.to);
		h.to_trust = DUP(h.to_trust);
		h.edge = DUP(h.edge);
		h.file = DUP(h.file);
#undef DUP
		it->path[k] = h;
	}
}

static const mica_reached *find(const mica_reach *r, const mica_reached *x)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->nodes[i].kind == x->kind &&
		    strcmp(r->nodes[i].name, x->name) == 0)
			return &r->nodes[i];
	return NULL;
}

/* Each node of `in` (a Realm, the host or `any`) missing from `out`
 * ("gained" when `in` is NEW, "lost" when it is OLD), and each reached
 * in both that is a leak in `in` only ("leak gained", "leak lost"). */
static void one_way(mica_diff *d, const char *realm, const mica_reach *in,
		    const mica_reach *out, const char *field)
{
	size_t i;

	for (i = 0; i < in->n; i++) {
		const mica_reached *x = &in->nodes[i];
		mica_diff_item *it;
		const mica_reached *y;
		if (x->kind == MICA_NODE_REGION)
			continue;
		y = find(out, x);
		/* Reached on both sides: a difference only when the node
		 * became a sink, or stopped being one (a trust change). */
		if (y && !(x->sink && !strcmp(in->trust, "distrustful") &&
			   !(y->sink && !strcmp(out->trust, "distrustful"))))
			continue;
		it = mica_diff_add(d, MICA_DIFF_FLOWS,
				   mica_diff_fmt(d, "%s -> %s", realm, x->name),
				   y ? mica_diff_fmt(d, "leak %s", field) : field,
				   NULL, NULL);
		*(strcmp(field, "gained") ? &it->old_value : &it->new_value) =
			mica_diff_fmt(d, "%zu hop%s%s", x->nhops,
				      x->nhops == 1 ? "" : "s",
				      x->sink && !strcmp(in->trust,
							 "distrustful")
				      ? ", a leak" : "");
		copy_path(d, it, x);
	}
}

static void flows(const mica_ir *old, const mica_ir *nu, mica_diff *d)
{
	mica_flow *fa = mica_flow_build(old), *fb = mica_flow_build(nu);
	uint32_t i;

	for (i = 0; i < old->nrealms; i++) {
		uint32_t j = mica_explain_find(fb, old->realms[i].name, true);
		mica_reach a, b;
		if (j == MICA_FLOW_NONE)
			continue;
		mica_reach_from_flow(fa, i, &a);
		mica_reach_from_flow(fb, j, &b);
		one_way(d, old->realms[i].name, &b, &a, "gained");
		one_way(d, old->realms[i].name, &a, &b, "lost");
		mica_reach_free(&a);
		mica_reach_free(&b);
	}
	mica_flow_free(fa);
	mica_flow_free(fb);
}

/* ---- blobs and RIMs ---- */

static uint32_t realm_index(const mica_ir *ir, const char *name)
{
	uint32_t i;

	for (i = 0; i < ir->nrealms; i++)
		if (strcmp(ir->realms[i].name, name) == 0)
			return i;
	return UINT32_MAX;
}

static const mica_file *blob_of(const mica_files *f, const char *realm)
{
	size_t i, n = strlen(realm);

	for (i = 0; i < f->n; i++)
		if (strncmp(f->files[i].name, realm, n) == 0 &&
		    strcmp(f->files[i].name + n, ".blob") == 0)
			return &f->files[i];
	return NULL;
}

static const char *rim_text(mica_diff *d, const mica_ir *ir,
			    const mica_ir_realm *r, const mica_file *blob)
{
	uint8_t rim[MICA_MAX_DIGEST];
	char hex[2 * MICA_MAX_DIGEST + 1];
	unsigned i, n = mica_hash_size(ir->hash);

	if (mica_bind_rim((unsigned)ir->hash, r->measurement.bytes,
			  blob->data, blob->len, rim) != 0)
		return "(cannot bind)";
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", rim[i]);
	return mica_diff_fmt(d, "%s", hex);
}

static int compile(const mica_diff_side *s, mica_files *out)
{
	mica_ctx *ctx;
	int rc;

	memset(out, 0, sizeof *out);
	if (s->refused)
		return 1;
	ctx = mica_ctx_new();
	if (!ctx)
		return -1;
	rc = mica_compile_buffer(ctx, s->name, s->text, s->len, out);
	mica_ctx_free(ctx);
	return rc == MICA_STATUS_OK ? 0 : -1;
}

static void blobs(const mica_diff_side *a, const mica_diff_side *b,
		  const mica_files *fa, const mica_files *fb, mica_diff *d)
{
	uint32_t i;

	for (i = 0; i < a->ir->nrealms; i++) {
		const mica_ir_realm *r = &a->ir->realms[i];
		const mica_file *x = blob_of(fa, r->name), *y = blob_of(fb,
							r->name);
		uint32_t j = realm_index(b->ir, r->name);
		const char *ra, *rb;
		if (!x)
			continue;
		if (!y || j == UINT32_MAX) {
			mica_diff_add(d, MICA_DIFF_BLOBS, r->name, "removed",
				      mica_diff_fmt(d, "%zu bytes", x->len),
				      NULL);
			mica_diff_add(d, MICA_DIFF_RIMS, r->name, "removed",
				      rim_text(d, a->ir, r, x), NULL);
			continue;
		}
		if (x->len != y->len || memcmp(x->data, y->data, x->len))
			mica_diff_add(d, MICA_DIFF_BLOBS, r->name, "changed",
				      mica_diff_fmt(d, "%zu bytes", x->len),
				      mica_diff_fmt(d, "%zu bytes", y->len));
		ra = rim_text(d, a->ir, r, x);
		rb = rim_text(d, b->ir, &b->ir->realms[j], y);
		if (strcmp(ra, rb) != 0)
			mica_diff_add(d, MICA_DIFF_RIMS, r->name, "changed",
				      ra, rb);
	}
	for (i = 0; i < b->ir->nrealms; i++) {
		const mica_ir_realm *r = &b->ir->realms[i];
		const mica_file *y = blob_of(fb, r->name);
		if (!y || blob_of(fa, r->name))
			continue;
		mica_diff_add(d, MICA_DIFF_BLOBS, r->name, "added", NULL,
			      mica_diff_fmt(d, "%zu bytes", y->len));
		mica_diff_add(d, MICA_DIFF_RIMS, r->name, "added", NULL,
			      rim_text(d, b->ir, r, y));
	}
}

int mica_diff_effects(const mica_diff_side *old, const mica_diff_side *nu,
		      mica_diff *d)
{
	mica_files fa, fb;
	int ra, rb;

	flows(old->ir, nu->ir, d);
	ra = compile(old, &fa);
	rb = compile(nu, &fb);
	if (ra < 0 || rb < 0) {
		mica_files_free(&fa);
		mica_files_free(&fb);
		return -1;
	}
	if (ra || rb) {
		/* A side the checker refuses has no blobs to compare. */
		if (ra)
			mica_diff_add(d, MICA_DIFF_BLOBS, "OLD", "not compiled",
				      "refused by micac check", NULL);
		if (rb)
			mica_diff_add(d, MICA_DIFF_BLOBS, "NEW", "not compiled",
				      NULL, "refused by micac check");
	} else {
		blobs(old, nu, &fa, &fb, d);
	}
	mica_files_free(&fa);
	mica_files_free(&fb);
	return 0;
}
