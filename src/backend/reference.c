/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * reference.c -- reference.json, the verifier's expected values.
 *
 * Written by hand (no JSON library among our dependencies) in one fixed
 * layout: keys in bytewise order at every level, realms by name, so the
 * same policy always gives the same file.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "mica/util.h"
#include "backend.h"

static int cmp_realm(const void *a, const void *b)
{
	const mica_ref_realm *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

static void hex_field(FILE *out, const char *indent, const char *key,
		      const uint8_t *p, size_t n, bool last)
{
	fprintf(out, "%s\"%s\": \"", indent, key);
	mica_put_hex(out, p, n);
	fprintf(out, "\"%s\n", last ? "" : ",");
}

void mica_reference_write(FILE *out, const mica_ir *ir,
			  const uint8_t workflow[MICA_MAX_DIGEST],
			  const mica_ref_realm *realms, uint32_t n)
{
	const mica_ref_realm **v = mica_xcalloc(n, sizeof *v);
	size_t dlen = mica_hash_size(ir->hash);

	for (uint32_t i = 0; i < n; i++)
		v[i] = &realms[i];
	qsort(v, n, sizeof *v, cmp_realm);

	fprintf(out, "{\n  \"hash\": \"%s\",\n  \"policy\": ",
		mica_hash_name(ir->hash));
	mica_put_json_string(out, ir->name, strlen(ir->name));
	fputs(",\n  \"realms\": {", out);
	for (uint32_t i = 0; i < n; i++) {
		fputs(i ? ",\n    " : "\n    ", out);
		mica_put_json_string(out, v[i]->name, strlen(v[i]->name));
		fputs(": {\n      \"blob\": ", out);
		mica_put_json_string(out, v[i]->blob, strlen(v[i]->blob));
		fputs(",\n", out);
		hex_field(out, "      ", "blob_digest", v[i]->blob_digest,
			  dlen, false);
		hex_field(out, "      ", "image_measurement",
			  v[i]->measurement, dlen, false);
		hex_field(out, "      ", "rim", v[i]->rim, dlen, true);
		fputs("    }", out);
	}
	fprintf(out, "%s},\n  \"version\": %" PRIu64 ",\n", n ? "\n  " : "",
		ir->version);
	hex_field(out, "  ", "workflow_digest", workflow, dlen, true);
	fputs("}\n", out);
	free(v);
}
