/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * canon.c -- the canonical form of a whole policy, and its digest.
 *
 * The workflow digest names one policy, whatever the order or spelling of
 * its declarations: the IR keeps source order, so everything is sorted
 * here (realms and regions by name, accesses by subject). The layout is
 * documented in man/mica-blob.5, "WORKFLOW DIGEST", so that a third party
 * can recompute the digest from the source.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/util.h"
#include "backend.h"

uint64_t mica_realm_flags(const mica_ir_realm *r)
{
	return (r->strict ? MICA_BLOB_STRICT : 0) |
	       (r->hostcall_any ? MICA_BLOB_HOSTCALL_ANY : 0) |
	       (r->mmio ? MICA_BLOB_MMIO : 0) |
	       (r->psci ? MICA_BLOB_PSCI : 0) |
	       (r->ripas ? MICA_BLOB_RIPAS : 0) |
	       (r->paging ? MICA_BLOB_PAGING : 0);
}

void mica_write_ranges(cbw *w, const mica_ir_imm *imms, uint32_t n)
{
	cbw_array(w, 2 * (size_t)n);
	for (uint32_t i = 0; i < n; i++) {
		cbw_uint(w, imms[i].lo);
		cbw_uint(w, imms[i].hi);
	}
}

/* One sortable entry: a name (NULL for any/host) and its class. */
typedef struct entry {
	int cls;                 /* 0 named realm, 1 any, 2 host */
	const char *name;
	const void *item;
} entry;

static int cmp_entry(const void *a, const void *b)
{
	const entry *x = a, *y = b;

	if (x->cls != y->cls)
		return x->cls < y->cls ? -1 : 1;
	/* strcmp compares as unsigned char: bytewise order. Names are
	 * unique where it matters, so the order is total. */
	return x->cls == 0 ? strcmp(x->name, y->name) : 0;
}

static void write_realm(cbw *w, const mica_ir_realm *r, mica_hash_alg alg)
{
	bool rpv = r->rpv.len > 0, ranges = mica_realm_has_ranges(r);

	cbw_map(w, 4 + rpv + ranges);
	cbw_uint(w, 0);
	cbw_text(w, r->name);
	cbw_uint(w, 1);
	cbw_bytes(w, r->measurement.bytes, mica_hash_size(alg));
	if (rpv) {
		cbw_uint(w, 2);
		cbw_bytes(w, r->rpv.bytes, r->rpv.len);
	}
	cbw_uint(w, 3);
	cbw_uint(w, (uint64_t)r->trust);
	cbw_uint(w, 4);
	cbw_uint(w, mica_realm_flags(r));
	if (ranges) {
		cbw_uint(w, 5);
		mica_write_ranges(w, r->imms, r->nimms);
	}
}

static void write_region(cbw *w, const mica_ir *ir, const mica_ir_region *g)
{
	entry stack[16];
	entry *e = g->naccesses <= 16 ? stack
		 : mica_xcalloc(g->naccesses, sizeof *e);

	for (uint32_t i = 0; i < g->naccesses; i++) {
		const mica_ir_access *a = &g->accesses[i];
		e[i] = (entry){ 0, NULL, a };
		if (a->subject == MICA_IR_ANY)
			e[i].cls = 1;
		else if (a->subject == MICA_IR_HOST)
			e[i].cls = 2;
		else
			e[i].name = ir->realms[a->subject].name;
	}
	mica_small_sort(e, g->naccesses, sizeof *e, cmp_entry);

	cbw_map(w, 4);
	cbw_uint(w, 0);
	cbw_text(w, g->name);
	cbw_uint(w, 1);
	cbw_uint(w, (uint64_t)g->kind);
	cbw_uint(w, 2);
	cbw_uint(w, g->size);
	cbw_uint(w, 3);
	cbw_array(w, g->naccesses);
	for (uint32_t i = 0; i < g->naccesses; i++) {
		const mica_ir_access *a = e[i].item;
		switch (e[i].cls) {
		case 0:
			cbw_array(w, 3);
			cbw_text(w, e[i].name);
			cbw_uint(w, (uint64_t)a->rights);
			cbw_uint(w, a->ipa);
			break;
		case 1:
			cbw_array(w, 4);
			cbw_int(w, MICA_WHO_ANY);
			cbw_uint(w, (uint64_t)a->rights);
			cbw_uint(w, a->ipa);
			cbw_uint(w, a->limit);
			break;
		default:
			cbw_array(w, 2);
			cbw_int(w, MICA_WHO_HOST);
			cbw_uint(w, (uint64_t)a->rights);
			break;
		}
	}
	if (e != stack)
		free(e);
}

uint8_t *mica_canonical_encode(const mica_ir *ir, size_t *len)
{
	uint32_t n = ir->nrealms > ir->nregions ? ir->nrealms : ir->nregions;
	entry *e = mica_xcalloc(n ? n : 1, sizeof *e);
	cbw w;

	cbw_init_heap(&w);
	cbw_map(&w, 7);
	cbw_uint(&w, 0);
	cbw_text(&w, "mica-workflow");      /* domain separation */
	cbw_uint(&w, 1);
	cbw_uint(&w, 1);                    /* version of this form */
	cbw_uint(&w, 2);
	cbw_text(&w, ir->name);
	cbw_uint(&w, 3);
	cbw_uint(&w, ir->version);
	cbw_uint(&w, 4);
	cbw_uint(&w, (uint64_t)ir->hash);

	for (uint32_t i = 0; i < ir->nrealms; i++)
		e[i] = (entry){ 0, ir->realms[i].name, &ir->realms[i] };
	qsort(e, ir->nrealms, sizeof *e, cmp_entry);
	cbw_uint(&w, 5);
	cbw_array(&w, ir->nrealms);
	for (uint32_t i = 0; i < ir->nrealms; i++)
		write_realm(&w, e[i].item, ir->hash);

	for (uint32_t i = 0; i < ir->nregions; i++)
		e[i] = (entry){ 0, ir->regions[i].name, &ir->regions[i] };
	qsort(e, ir->nregions, sizeof *e, cmp_entry);
	cbw_uint(&w, 6);
	cbw_array(&w, ir->nregions);
	for (uint32_t i = 0; i < ir->nregions; i++)
		write_region(&w, ir, e[i].item);

	free(e);
	*len = w.len;
	return w.buf;
}

void mica_workflow_digest(const mica_ir *ir, uint8_t out[MICA_MAX_DIGEST])
{
	size_t len;
	uint8_t *c = mica_canonical_encode(ir, &len);

	memset(out, 0, MICA_MAX_DIGEST);
	mica_hash(ir->hash, c, len, out);
	free(c);
}
