/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stream.c -- parse and lower in one pass, keeping no syntax tree
 * (mica_parse_lower, mica/ir.h).
 *
 * The parser hands each finished declaration to the lowering, which
 * writes it into the IR at once; the declaration's nodes then go with
 * the parser's scratch arena. Names are interned straight into the IR's
 * arena. A realm named before its declaration waits (lower.h) until the
 * end of the file.
 *
 * Diagnostics: mica_lower reports in an order of its own (all realms,
 * then regions, then allows, after every syntax error), which a single
 * pass cannot follow. So this pass reports nothing: it stops at the
 * first error of any kind and gives up, and the caller runs mica_parse
 * and mica_lower, which report exactly what they always did. A clean
 * file, the one that must be fast, takes this path only.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/ir.h"
#include "mica/util.h"
#include "lower.h"


typedef struct stream {
	lower l;
	uint32_t realm_cap, region_cap;
	bool failed;             /* something this pass does not handle */
} stream;

/* The first error stops the scan: the parser sees end of file once the
 * diagnostics are capped. Nothing is printed. */
static void give_up(void *ctx, const mica_diag_msg *m)
{
	(void)m;
	((mica_diag *)ctx)->capped = true;
}

/* Room for element n, cleared, in an array that grows by doubling.
 * Elements are cleared one by one as they are taken, so the slack of
 * the last doubling is never touched (and never resident). */
static void *room(mica_ir *ir, void *p, uint32_t n, uint32_t *cap,
		  size_t size)
{
	uint32_t c = *cap;

	if (n >= c) {
		*cap = c ? 2 * c : 64;
		p = mica_arena_array(&ir->arena, p, (size_t)*cap * size);
	}
	memset((char *)p + (size_t)n * size, 0, size);
	return p;
}

static void on_realm(void *ctx, const mica_ast *hdr, const mica_realm *r)
{
	stream *s = ctx;
	mica_ir *ir = s->l.ir;

	s->l.ast = hdr;
	ir->hash = hdr->hash;
	ir->realms = room(ir, ir->realms, ir->nrealms, &s->realm_cap,
			  sizeof *ir->realms);
	mica_lower_realm(&s->l, r);
}

static void on_region(void *ctx, const mica_ast *hdr, const mica_region *g)
{
	stream *s = ctx;
	mica_ir *ir = s->l.ir;

	s->l.ast = hdr;
	ir->regions = room(ir, ir->regions, ir->nregions, &s->region_cap,
			   sizeof *ir->regions);
	mica_lower_region(&s->l, g);
}

static void on_allow(void *ctx, const mica_ast *hdr, const mica_allow *a)
{
	stream *s = ctx;
	const mica_name_entry *e = mica_names_find(&s->l.names, a->realm.text);

	s->l.ast = hdr;
	/* An allow changes its realm, which must exist by now: one written
	 * above its realm is left to the full path. */
	if (!e || e->kind != MICA_NAME_REALM) {
		s->failed = true;
		s->l.d->capped = true;
		return;
	}
	mica_lower_allow(&s->l, a);
}

mica_ir *mica_parse_lower(mica_source *src)
{
	static const mica_decl_sink sink_fns = {
		NULL, on_realm, on_region, on_allow,
	};
	mica_decl_sink sink = sink_fns;
	mica_diag quiet;
	mica_ast hdr;
	stream s;
	mica_ir *ir;

	memset(&s, 0, sizeof s);
	mica_diag_init(&quiet, src, NULL);
	mica_diag_set_sink(&quiet, give_up, &quiet);
	quiet.max_errors = 0;
	ir = mica_xcalloc(1, sizeof *ir);
	s.l.d = &quiet;
	s.l.ir = ir;
	s.l.stream = true;
	mica_names_init_in_place(&s.l.names);
	sink.ctx = &s;

	mica_parse_stream(src, &quiet, &ir->arena, &sink, &hdr);
	s.l.ast = &hdr;
	if (!s.failed && quiet.errors == 0 && quiet.warnings == 0 &&
	    mica_lower_finish(&s.l)) {
		ir->name = hdr.name.text ? (char *)hdr.name.text
					 : mica_arena_strndup(&ir->arena, "",
							      0);
		ir->version = hdr.version;
		ir->hash = hdr.hash;
		ir->file = src->name;
		/* The arrays were grown by doubling: give back the slack. */
		ir->realms = mica_arena_array(&ir->arena, ir->realms,
			(size_t)ir->nrealms * sizeof *ir->realms);
		ir->regions = mica_arena_array(&ir->arena, ir->regions,
			(size_t)ir->nregions * sizeof *ir->regions);
	} else {
		mica_ir_free(ir);
		ir = NULL;
	}
	mica_names_free(&s.l.names);
	free(s.l.pending);
	return ir;
}
