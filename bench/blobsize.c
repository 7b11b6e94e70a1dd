/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * blobsize.c -- how big are the blobs, and how much of them is digests?
 *
 *   blobsize FILE...
 *
 * Compiles each policy as micac compile does and prints one markdown row
 * per realm: blob bytes, raw digest bytes in it (workflow digest, own
 * measurement, one per peer: the lower bound of any encoding that names
 * peers by measurement), the rest, and the ratios. A SHA-256 policy is
 * measured a second time with every measurement widened to SHA-512, the
 * budget's worst case. Exits 1 if any blob exceeds BUDGET bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/blob.h"

#define BUDGET 450

static unsigned over, rows;
static size_t total_blob[2], total_digest[2];   /* by mica_hash_alg */

static void rows_for(const char *file, mica_ir *ir, mica_diag *d)
{
	mica_outputs o;
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;

	if (mica_backend_compile(ir, d, &o) != 0) {
		fprintf(stderr, "blobsize: %s does not compile\n", file);
		exit(2);
	}
	for (size_t f = 0; f < o.n; f++) {
		mica_blob b;
		mica_blob_error e;
		size_t len = o.files[f].len, dig;
		size_t nl = strlen(o.files[f].name);

		/* The blobs, not reference.json nor the CoRIMs after them. */
		if (nl < 5 || strcmp(o.files[f].name + nl - 5, ".blob") != 0)
			continue;
		if (mica_blob_decode(o.files[f].data, len, &b, &e) != 0) {
			fprintf(stderr, "blobsize: %s: %s\n", o.files[f].name,
				e.msg);
			exit(2);
		}
		dig = mica_blob_digest_bytes(&b);
		printf("| %.*s | %.*s | %s | %u | %u | %zu | %zu | %zu | "
		       "%.1f%% | %.2f |%s\n",
		       (int)(strlen(base) - 5), base,
		       (int)(strlen(o.files[f].name) - 5), o.files[f].name,
		       mica_hash_name(b.hash), b.nregions, b.npeers, len, dig,
		       len - dig, 100.0 * (double)(len - dig) / (double)len,
		       (double)len / (double)dig,
		       len > BUDGET ? " **over budget**" : "");
		over += len > BUDGET;
		rows++;
		total_blob[b.hash] += len;
		total_digest[b.hash] += dig;
		mica_blob_free(&b);
	}
	mica_outputs_free(&o);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: blobsize FILE...\n", stderr);
		return 2;
	}
	puts("| example | realm | hash | regions | peers | blob B | digest B "
	     "| other B | other / blob | blob / digest |");
	puts("|---|---|---|--:|--:|--:|--:|--:|--:|--:|");
	for (int i = 1; i < argc; i++) {
		mica_source src;
		mica_diag d;
		mica_ast *ast;
		mica_ir *ir = NULL;

		if (mica_source_load(&src, argv[i]) != 0) {
			perror(argv[i]);
			return 2;
		}
		mica_diag_init(&d, &src, stderr);
		ast = mica_parse(&src, &d);
		if (d.errors == 0)
			ir = mica_lower(ast, &d);
		if (!ir || mica_check(ir, &d) != 0) {
			fprintf(stderr, "blobsize: %s has errors\n", argv[i]);
			return 2;
		}
		rows_for(argv[i], ir, &d);
		if (ir->hash == MICA_SHA256) {
			/* The same policy with SHA-512 measurements: widen
			 * each digest (deterministically, keeping them
			 * distinct) and recompile. */
			ir->hash = MICA_SHA512;
			for (uint32_t r = 0; r < ir->nrealms; r++) {
				mica_digest *m = &ir->realms[r].measurement;
				m->alg = MICA_SHA512;
				for (int k = 32; k < 64; k++)
					m->bytes[k] = m->bytes[k - 32] ^ 0x5a;
			}
			rows_for(argv[i], ir, &d);
		}
		mica_ir_free(ir);
		mica_ast_free(ast);
		mica_source_free(&src);
	}
	putchar('\n');
	for (int h = 0; h < 2; h++)
		if (total_blob[h])
			printf("%s: %zu blob bytes, %zu of them digests, "
			       "other %.1f%%\n", mica_hash_name(h),
			       total_blob[h], total_digest[h],
			       100.0 * (double)(total_blob[h] -
						total_digest[h]) /
			       (double)total_blob[h]);
	printf("%u blobs, %u over the %d-byte budget\n", rows, over,
	       BUDGET);
	return over ? 1 : 0;
}
