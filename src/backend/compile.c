/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * compile.c -- every file of a compilation.
 *
 * Built in memory (mica_backend_emit), or handed over a file at a time
 * to a writer that keeps them out of sight until the end
 * (mica_backend_emit_to, mica_outdir_put): a blob is written from the
 * buffer it was encoded in, and is never held with the others. The
 * checks the blob format adds (distinct measurements, the size limit)
 * run here; after an error the caller undoes what was handed over.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/wire/bind.h"
#include "mica/util.h"
#include "backend.h"

static char *file_name(const char *realm)
{
	/* Realm names are identifiers ([A-Za-z_][A-Za-z0-9_-]*), safe as
	 * file names. */
	size_t n = strlen(realm) + sizeof ".blob";
	char *p = mica_xmalloc(n);

	snprintf(p, n, "%s.blob", realm);
	return p;
}

static int cmp_name(const void *a, const void *b)
{
	const mica_ir_realm *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

unsigned mica_backend_compile(const mica_ir *ir, mica_diag *d,
			      mica_outputs *out)
{
	unsigned errors;

	memset(out, 0, sizeof *out);
	errors = mica_backend_check(ir, d);
	return errors ? errors : mica_backend_emit(ir, d, out);
}

unsigned mica_backend_emit(const mica_ir *ir, mica_diag *d,
			   mica_outputs *out)
{
	return mica_backend_emit_to(ir, d, out, NULL, NULL);
}

/* Hands o to put (its data then freed and NULL, its length kept), or
 * keeps it in out when there is no put. */
static void hand_over(mica_output *o, mica_emit_put put, void *ctx)
{
	if (!put)
		return;
	put(ctx, o->name, o->data, o->len);
	free(o->data);
	o->data = NULL;
}

unsigned mica_backend_emit_to(const mica_ir *ir, mica_diag *d,
			      mica_outputs *out, mica_emit_put put, void *ctx)
{
	const mica_ir_realm **order;
	mica_ref_realm *refs;
	unsigned errors = 0;
	uint8_t buf[MICA_BLOB_MAX], desc[MICA_BIND_DESC_SIZE];
	char *json = NULL;
	size_t json_len = 0;

	memset(out, 0, sizeof *out);
	mica_workflow_digest(ir, out->workflow);

	order = mica_xcalloc(ir->nrealms ? ir->nrealms : 1, sizeof *order);
	for (uint32_t i = 0; i < ir->nrealms; i++)
		order[i] = &ir->realms[i];
	qsort(order, ir->nrealms, sizeof *order, cmp_name);
	refs = mica_xcalloc(ir->nrealms ? ir->nrealms : 1, sizeof *refs);
	/* The blobs, reference.json, reference.corim and mica.corim. */
	out->files = mica_xcalloc(ir->nrealms + 3, sizeof *out->files);

	for (uint32_t i = 0; i < ir->nrealms; i++) {
		const mica_ir_realm *r = order[i];
		mica_output *o = &out->files[i];
		mica_blob b;
		size_t len;

		mica_blob_from_ir(ir, (uint32_t)(r - ir->realms),
				  out->workflow, &b);
		len = mica_blob_encode(&b, buf, sizeof buf);
		mica_blob_free(&b);
		if (len == 0) {
			mica_error(d, mica_ir_loc(ir, r->loc),
				   "the blob of realm '%s' would "
				   "exceed %u bytes, the most a blob may have "
				   "(see mica-blob(5))", r->name,
				   MICA_BLOB_MAX);
			errors++;
			continue;
		}
		o->name = file_name(r->name);
		o->len = len;
		refs[i] = (mica_ref_realm){ r->name, r->measurement.bytes,
					    o->name, { 0 }, { 0 },
					    (uint32_t)(r - ir->realms) };
		/* The RIM binding hashes a descriptor that carries the blob's
		 * digest (mica_bind_rim): computed once here, for both. */
		mica_hash(ir->hash, buf, len, refs[i].blob_digest);
		if (mica_bind_descriptor(desc, (unsigned)ir->hash,
					 r->measurement.bytes,
					 refs[i].blob_digest, len) != 0)
			mica_fatal("hashing failed");
		mica_hash(ir->hash, desc, sizeof desc, refs[i].rim);
		/* Streamed: written from the stack buffer, never copied. After
		 * an error nothing more is handed over (it is all undone). */
		if (put && errors == 0)
			put(ctx, o->name, buf, len);
		else if (!put) {
			o->data = mica_xmalloc(len);
			memcpy(o->data, buf, len);
		}
	}
	out->n = ir->nrealms;
	if (errors == 0) {
		json = mica_reference_encode(ir, out->workflow, refs,
					     ir->nrealms, &json_len);
		out->files[out->n].name = mica_xstrdup("reference.json");
		out->files[out->n].data = (uint8_t *)json;
		out->files[out->n].len = json_len;
		hand_over(&out->files[out->n], put, ctx);
		out->n++;
		/* One CoRIM at a time: each is written and freed before the
		 * next is built (when streaming). */
		free(order);
		order = NULL;
		for (int k = 0; k < 2; k++) {
			mica_corim_write_one(ir, out->workflow, refs,
					     ir->nrealms, k == 0,
					     &out->files[out->n]);
			hand_over(&out->files[out->n], put, ctx);
			out->n++;
		}
	}
	free(refs);
	free(order);
	if (errors)
		mica_outputs_free(out);
	return errors;
}

void mica_outputs_free(mica_outputs *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->files[i].name);
		free(o->files[i].data);
	}
	free(o->files);
	memset(o, 0, sizeof *o);
}
