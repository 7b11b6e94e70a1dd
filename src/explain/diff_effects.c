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

/* Node n of fa's counterpart in fb: same name and kind; NONE if none.
 * Both sides' nodes sorted by name and merged: n log n, whatever the
 * size. */
typedef struct node_key {
	const char *name;
	uint32_t node;
	int kind;                /* realm, region, host, any */
} node_key;

static int kind_of(const mica_flow *f, uint32_t n)
{
	return n == f->host ? 2 : n == f->any ? 3 : n < f->ir->nrealms ? 0 : 1;
}

static int by_name(const void *a, const void *b)
{
	const node_key *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : x->kind - y->kind;
}

static node_key *keys(const mica_flow *f)
{
	node_key *k = mica_xcalloc(f->nnodes, sizeof *k);
	uint32_t n;

	for (n = 0; n < f->nnodes; n++) {
		k[n].name = mica_flow_name(f, n);
		k[n].node = n;
		k[n].kind = kind_of(f, n);
	}
	qsort(k, f->nnodes, sizeof *k, by_name);
	return k;
}

/* map_ab[n]: fb's node for fa's n; map_ba the other way. */
static void map_nodes(const mica_flow *fa, const mica_flow *fb,
		      uint32_t *map_ab, uint32_t *map_ba)
{
	node_key *ka = keys(fa), *kb = keys(fb);
	uint32_t i = 0, j = 0, n;

	for (n = 0; n < fa->nnodes; n++)
		map_ab[n] = MICA_FLOW_NONE;
	for (n = 0; n < fb->nnodes; n++)
		map_ba[n] = MICA_FLOW_NONE;
	while (i < fa->nnodes && j < fb->nnodes) {
		int c = by_name(&ka[i], &kb[j]);
		if (c == 0) {
			map_ab[ka[i].node] = kb[j].node;
			map_ba[kb[j].node] = ka[i].node;
		}
		i += c <= 0;
		j += c >= 0;
	}
	free(ka);
	free(kb);
}

/* A leak: a distrustful source reaching a sink. */
static bool leak(const mica_flow *f, const mica_flow_fwd *fw, uint32_t n)
{
	return f->ir->realms[fw->from].trust == MICA_DISTRUSTFUL &&
	       fw->dist[n] != MICA_FLOW_NONE && mica_flow_is_sink(f, n);
}

/* Each node (a realm, the host or `any`) fw_in reaches that fw_out does
 * not ("gained" when `in` is NEW, "lost" when it is OLD), and each
 * reached by both that is a leak in `in` only ("leak gained", "leak
 * lost"), with its path in `in`. */
static void one_way(mica_diff *d, const mica_flow *fin,
		    const mica_flow_fwd *in, const mica_flow *fout,
		    const mica_flow_fwd *out, const uint32_t *map,
		    const char *field)
{
	const char *realm = mica_flow_name(fin, in->from);
	uint32_t n;

	for (n = 0; n < fin->nnodes; n++) {
		uint32_t m = map[n];
		bool there = m != MICA_FLOW_NONE &&
			     out->dist[m] != MICA_FLOW_NONE;
		bool leaks = leak(fin, in, n);
		mica_diff_item *it;
		if (n == in->from || in->dist[n] == MICA_FLOW_NONE ||
		    kind_of(fin, n) == 1)
			continue;
		if (there && !(leaks && !leak(fout, out, m)))
			continue;
		it = mica_diff_add(d, MICA_DIFF_FLOWS,
				   mica_diff_fmt(d, "%s -> %s", realm,
						 mica_flow_name(fin, n)),
				   there ? mica_diff_fmt(d, "leak %s", field)
					 : field, NULL, NULL);
		*(strcmp(field, "gained") ? &it->old_value : &it->new_value) =
			mica_diff_fmt(d, "%u hop%s%s", in->dist[n],
				      in->dist[n] == 1 ? "" : "s",
				      leaks ? ", a leak" : "");
		if (d->hops + in->dist[n] > MICA_DIFF_MAX_HOPS) {
			it->path_left_out = true;
			continue;
		}
		it->npath = mica_reach_path(&d->arena, fin, in, n, &it->path);
		d->hops += it->npath;
	}
}

static void flows(const mica_ir *old, const mica_ir *nu, mica_diff *d)
{
	mica_flow *fa = mica_flow_build(old), *fb = mica_flow_build(nu);
	uint32_t *ab = mica_xcalloc(fa->nnodes, sizeof *ab);
	uint32_t *ba = mica_xcalloc(fb->nnodes, sizeof *ba);
	uint32_t i;

	map_nodes(fa, fb, ab, ba);
	for (i = 0; i < old->nrealms; i++) {
		mica_flow_fwd a, b;
		if (ab[i] == MICA_FLOW_NONE)
			continue;
		mica_flow_forward(fa, i, false, &a);
		mica_flow_forward(fb, ab[i], false, &b);
		one_way(d, fb, &b, fa, &a, ba, "gained");
		one_way(d, fa, &a, fb, &b, ab, "lost");
		mica_flow_fwd_free(&a);
		mica_flow_fwd_free(&b);
	}
	free(ab);
	free(ba);
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
