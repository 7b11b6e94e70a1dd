/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * blob.h -- the per-Realm policy blob (man/mica-blob.5) and the workflow
 * digest: build from the IR, encode, decode strictly, print.
 *
 * A mica_blob is the decoded content of one blob. Built from the IR it is
 * already in canonical order (peers by measurement, regions by this
 * Realm's IPA, participants by measurement then `any` then `host`);
 * decoded from bytes it was checked to be. Sizes and IPAs are in bytes
 * here; the wire form counts 4 KiB granules.
 */
#ifndef MICA_BLOB_H
#define MICA_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mica/ast.h"
#include "mica/diag.h"
#include "mica/ir.h"

#include "mica/wire/blob_read.h"
#include "mica/wire/constants.h"

typedef struct mica_blob_part {
	int64_t who;
	mica_rights rights;
	uint64_t ipa;            /* bytes; 0 for the host */
	uint64_t limit;          /* MICA_WHO_ANY only, else 0 */
} mica_blob_part;

typedef struct mica_blob_region {
	mica_region_kind kind;
	uint64_t size;           /* bytes */
	uint32_t nparts;
	mica_blob_part *parts;
} mica_blob_region;

typedef struct mica_blob {
	uint64_t major, minor;
	char policy[MICA_MAX_IDENT + 1];
	uint64_t version;
	mica_hash_alg hash;
	uint8_t workflow[MICA_MAX_DIGEST];
	uint8_t measurement[MICA_MAX_DIGEST];
	mica_hexstr rpv;         /* len 0: none */
	uint64_t flags;
	uint32_t nimms;          /* host-call ranges; 0 with HOSTCALL_ANY */
	mica_ir_imm *imms;
	uint32_t npeers;
	uint8_t (*peers)[MICA_MAX_DIGEST];
	uint32_t nregions;
	mica_blob_region *regions;
} mica_blob;

/* Why a blob was refused: mica_blob_error, of the one blob reader
 * (mica/wire/blob_read.h). */

/* ---- the whole policy (canon.c) ---- */

/* The canonical CBOR form of the whole policy (mica-blob.5, "WORKFLOW
 * DIGEST"), on the heap; *len set. */
uint8_t *mica_canonical_encode(const mica_ir *ir, size_t *len);
/* H(canonical form) with the policy's algorithm into out. */
void mica_workflow_digest(const mica_ir *ir, uint8_t out[MICA_MAX_DIGEST]);

/* What the blob format cannot express although the IR allows it: two
 * Realms with one image measurement (blobs name Realms by measurement).
 * Reports through d; returns the number of errors. */
unsigned mica_backend_check(const mica_ir *ir, mica_diag *d);

/* ---- one Realm's blob ---- */

/* Builds realm's blob content in canonical order. The IR must have
 * passed mica_check() and mica_backend_check(). */
void mica_blob_from_ir(const mica_ir *ir, uint32_t realm,
		       const uint8_t workflow[MICA_MAX_DIGEST],
		       mica_blob *out);

/* Encodes b into buf; returns the length, or 0 when cap is too small. */
size_t mica_blob_encode(const mica_blob *b, uint8_t *buf, size_t cap);

/* Decodes and validates len bytes. Returns 0 with *out filled (free it
 * with mica_blob_free), or -1 with *err set and *out empty. */
int mica_blob_decode(const uint8_t *buf, size_t len, mica_blob *out,
		     mica_blob_error *err);

void mica_blob_free(mica_blob *b);

/* Raw digest bytes in b: workflow, measurement and peers (the lower
 * bound of its size). */
size_t mica_blob_digest_bytes(const mica_blob *b);

/* ---- text and JSON (blob_print.c) ---- */

/* raw/len are the blob's bytes, for its size and digest. */
void mica_blob_print_text(const mica_blob *b, const uint8_t *raw,
			  size_t len, FILE *out);
void mica_blob_print_json(const mica_blob *b, const uint8_t *raw,
			  size_t len, FILE *out);

/* Spellings shared by dump and reference.json. */
const char *mica_hash_name(mica_hash_alg a);   /* "sha-256", "sha-512" */
const char *mica_rights_name(mica_rights r);   /* "r", "w", "rw" */

/* ---- reference values for the verifier (reference.c) ---- */

typedef struct mica_ref_realm {
	const char *name;
	const uint8_t *measurement;      /* image measurement, as declared */
	const char *blob;                /* the blob's file name */
	uint8_t blob_digest[MICA_MAX_DIGEST];
	uint8_t rim[MICA_MAX_DIGEST];    /* after binding (mica/wire/bind.h) */
	uint32_t index;                  /* the realm's index in the IR */
} mica_ref_realm;

/* Writes reference.json (micac(1), "compile"): keys sorted, realms by
 * name, two-space indentation, a final newline. */
void mica_reference_write(FILE *out, const mica_ir *ir,
			  const uint8_t workflow[MICA_MAX_DIGEST],
			  const mica_ref_realm *realms, uint32_t n);
/* The same text on the heap (not NUL-terminated); *len set. */
char *mica_reference_encode(const mica_ir *ir,
			    const uint8_t workflow[MICA_MAX_DIGEST],
			    const mica_ref_realm *realms, uint32_t n,
			    size_t *len);

/* ---- what micac compile writes (compile.c, outdir.c) ---- */

typedef struct mica_output {
	char *name;              /* a plain file name: <realm>.blob, ... */
	uint8_t *data;
	size_t len;
} mica_output;

typedef struct mica_outputs {
	uint8_t workflow[MICA_MAX_DIGEST];
	size_t n;                /* realms' blobs by name, reference.json,
	                            reference.corim, mica.corim */
	mica_output *files;
} mica_outputs;

/* Builds every file of a compilation in memory. Reports what the blob
 * format cannot carry through d and returns the number of errors; out
 * is then empty. mica_backend_compile runs mica_backend_check first;
 * mica_backend_emit is for an IR that passed it already (mica/unit.h). */
unsigned mica_backend_compile(const mica_ir *ir, mica_diag *d,
			      mica_outputs *out);
unsigned mica_backend_emit(const mica_ir *ir, mica_diag *d,
			   mica_outputs *out);
/* The same, handing every file to put as it is made (name, bytes; valid
 * during the call only), so that the blobs are never all in memory: in
 * out the files keep their name and length, with data NULL. After an
 * error (the return value) some files may have been handed over
 * already: the caller discards them. put NULL is mica_backend_emit. */
typedef void (*mica_emit_put)(void *ctx, const char *name,
			      const uint8_t *data, size_t len);
unsigned mica_backend_emit_to(const mica_ir *ir, mica_diag *d,
			      mica_outputs *out, mica_emit_put put, void *ctx);
void mica_outputs_free(mica_outputs *o);

/* The CoRIMs of man/mica-corim.5, deterministic CBOR (corim.c): into
 * *cca (heap) the Arm CCA Realm reference values, reference.corim; into
 * *mica the values only Mica knows, mica.corim. realms as for
 * mica_reference_write, sorted by name. */
void mica_corim_write(const mica_ir *ir,
		      const uint8_t workflow[MICA_MAX_DIGEST],
		      const mica_ref_realm *realms, uint32_t n,
		      mica_output *cca, mica_output *mica);
/* One of them: reference.corim if cca, else mica.corim (so that a
 * caller can write and free the first before building the second). */
void mica_corim_write_one(const mica_ir *ir,
			  const uint8_t workflow[MICA_MAX_DIGEST],
			  const mica_ref_realm *realms, uint32_t n, bool cca,
			  mica_output *o);

/* Creates dir (and missing parents), writes each file where it is not
 * yet visible, syncs them all at once (one syncfs of dir's file system),
 * and only then renames them into place and syncs the directory. On
 * failure it removes what it wrote and any directory it created,
 * reports on stderr, and returns -1. */
int mica_write_outputs(const char *dir, const mica_output *files,
		       size_t n);
/* The same, a file at a time, so that the files need not all be in
 * memory at once (outdir.c). mica_outdir_open creates dir's parents and
 * where the files will go, or reports on stderr and returns NULL.
 * mica_outdir_put writes one file, not yet visible under its name;
 * after a failure (reported) it and commit fail. mica_outdir_commit
 * makes them all durable, then visible, and frees od; 0, or -1
 * reported. mica_outdir_abort removes everything written and every
 * directory created, and frees od. If dir does not exist, it appears
 * whole in one rename; else its files are replaced one rename each. */
typedef struct mica_outdir mica_outdir;
mica_outdir *mica_outdir_open(const char *dir);
int mica_outdir_put(mica_outdir *od, const char *name, const uint8_t *data,
		    size_t len);
int mica_outdir_commit(mica_outdir *od);
void mica_outdir_abort(mica_outdir *od);
/* "DIR/NAME", the path mica_write_outputs gives output NAME (heap). */
char *mica_output_path(const char *dir, const char *name);

/* ---- hashing (hash.c) ---- */

/* H(data) with alg into out (mica_hash_size(alg) bytes). */
void mica_hash(mica_hash_alg alg, const void *data, size_t len,
	       uint8_t *out);

#endif
