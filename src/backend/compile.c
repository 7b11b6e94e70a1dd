/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * compile.c -- every file of a compilation, built in memory first.
 *
 * Nothing is written until all of it exists: the checks the blob format
 * adds (distinct measurements, the size limit) run here, and any error
 * leaves the output directory untouched.
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
	const mica_ir_realm **order;
	mica_ref_realm *refs;
	unsigned errors = 0;
	uint8_t buf[MICA_BLOB_MAX];
	char *json = NULL;
	size_t json_len = 0;
	FILE *f;

	memset(out, 0, sizeof *out);
	mica_workflow_digest(ir, out->workflow);

	order = mica_xcalloc(ir->nrealms, sizeof *order);
	for (uint32_t i = 0; i < ir->nrealms; i++)
		order[i] = &ir->realms[i];
	qsort(order, ir->nrealms, sizeof *order, cmp_name);
	refs = mica_xcalloc(ir->nrealms, sizeof *refs);
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
		o->data = mica_xmalloc(len);
		o->len = len;
		memcpy(o->data, buf, len);
		refs[i] = (mica_ref_realm){ r->name, r->measurement.bytes,
					    o->name, { 0 }, { 0 },
					    (uint32_t)(r - ir->realms) };
		mica_hash(ir->hash, o->data, len, refs[i].blob_digest);
		if (mica_bind_rim((unsigned)ir->hash, r->measurement.bytes,
				  o->data, len, refs[i].rim) != 0)
			mica_fatal("hashing failed");
	}
	out->n = ir->nrealms;
	if (errors == 0) {
		f = open_memstream(&json, &json_len);
		if (!f)
			mica_fatal("out of memory");
		mica_reference_write(f, ir, out->workflow, refs, ir->nrealms);
		if (fclose(f) != 0)
			mica_fatal("out of memory");
		out->files[out->n].name = mica_xstrdup("reference.json");
		out->files[out->n].data = (uint8_t *)json;
		out->files[out->n].len = json_len;
		out->n++;
		mica_corim_write(ir, out->workflow, refs, ir->nrealms,
				 &out->files[out->n], &out->files[out->n + 1]);
		out->n += 2;
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
