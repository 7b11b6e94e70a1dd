/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mica.h -- libmica, the Mica policy compiler as a library: load a
 * policy, check it, compile it to blobs and reference values (in memory
 * or into a directory), and decode a blob. It is what `micac check`,
 * `micac compile` and `micac dump` run.
 *
 * Diagnostics are never printed by the library: each is delivered,
 * with its notes, to the callback set on the context. mica_diag_print
 * prints one the way micac does (FILE:LINE:COL: error: ..., the source
 * line and a caret), for callers who want that.
 *
 * Every function returning int returns a mica_status. A context holds
 * settings and the counts of the last call; it is not to be used by two
 * threads at once. Strings and arrays handed to a callback are valid
 * during the call only. See libmica(3).
 */
#ifndef MICA_MICA_H
#define MICA_MICA_H

#include <stddef.h>
#include <stdio.h>

#include "mica/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The results, equal to micac's exit statuses. */
typedef enum mica_status {
	MICA_STATUS_OK = 0,      /* success; warnings allowed */
	MICA_STATUS_POLICY = 1,  /* the policy (or blob) has errors */
	MICA_STATUS_IO = 2       /* unreadable input, unwritable output,
	                            a bad argument, out of memory */
} mica_status;

typedef enum mica_diag_severity {
	MICA_SEVERITY_ERROR = 0,
	MICA_SEVERITY_WARNING = 1,
	MICA_SEVERITY_NOTE = 2
} mica_diag_severity;

/* A related location that explains a diagnostic. Lines and columns
 * count from 1 (columns in bytes); line 0 means no location. */
typedef struct mica_diag_note {
	const char *file;
	unsigned line, column, end_line, end_column;
	const char *message;
	const char *source_line;   /* the text of `line`, or NULL */
	size_t source_line_len;    /* without the newline */
} mica_diag_note;

/* A fix-it: replace the bytes from (line, column) up to, not including,
 * (end_line, end_column) with text; an empty range (end == start)
 * inserts text there. Columns count bytes from 1, as a diagnostic's.
 * note says under which message micac shows it: 0 the diagnostic, k > 0
 * notes[k - 1] (it edits that message's line). */
typedef struct mica_diag_fixit {
	const char *file;
	unsigned line, column, end_line, end_column;
	const char *text;
	size_t note;
} mica_diag_fixit;

/* One error or warning and its notes. line 0: about the whole file (an
 * unreadable file, a malformed blob). A lone note (severity NOTE, no
 * notes) says output stopped at the error cap. The members after notes
 * were appended in 0.1: only the library creates a mica_diagnostic. */
typedef struct mica_diagnostic {
	mica_diag_severity severity;
	const char *file;
	unsigned line, column, end_line, end_column;
	const char *message;
	const char *source_line;   /* the text of `line`, or NULL */
	size_t source_line_len;
	size_t nnotes;
	const mica_diag_note *notes;
	const char *rule;          /* its rule's stable id ("mica.flow.leak",
	                              micac(1) DIAGNOSTICS); NULL for the
	                              cap's note */
	size_t nfixits;            /* the fix-its of it and its notes */
	const mica_diag_fixit *fixits;
} mica_diagnostic;

typedef void (*mica_diag_callback)(const mica_diagnostic *d, void *user);

/* A compiled file: a Realm's blob (<realm>.blob) or reference.json. */
typedef struct mica_file {
	const char *name;          /* a plain file name, no directory */
	const unsigned char *data;
	size_t len;
} mica_file;

/* Every file of a compilation, in the order micac writes them: the
 * blobs by Realm name, then reference.json. */
typedef struct mica_files {
	size_t n;
	const mica_file *files;
	void *internal;            /* owned by the library */
} mica_files;

typedef struct mica_ctx mica_ctx;

/* "0.1.0". */
MICA_API const char *mica_version(void);

/* A context with no callback (diagnostics are counted, then dropped),
 * an error cap of 20 and warnings as warnings. NULL when out of memory. */
MICA_API mica_ctx *mica_ctx_new(void);
MICA_API void mica_ctx_free(mica_ctx *ctx);
MICA_API void mica_ctx_set_callback(mica_ctx *ctx, mica_diag_callback cb,
				    void *user);
/* Errors past max are counted but not delivered; one note says so.
 * 0: no cap. */
MICA_API void mica_ctx_set_max_errors(mica_ctx *ctx, unsigned max);
/* Nonzero: warnings are delivered and counted as errors. */
MICA_API void mica_ctx_set_warnings_as_errors(mica_ctx *ctx, int on);
/* Errors and warnings of the last call, including those past the cap. */
MICA_API unsigned mica_ctx_errors(const mica_ctx *ctx);
MICA_API unsigned mica_ctx_warnings(const mica_ctx *ctx);

/* Parses and checks a policy, as `micac check`: the file at path, or
 * len bytes of text named name in diagnostics. */
MICA_API int mica_check_file(mica_ctx *ctx, const char *path);
MICA_API int mica_check_buffer(mica_ctx *ctx, const char *name,
			       const char *text, size_t len);

/* Checks and compiles into memory. On MICA_STATUS_OK *out holds every
 * file (free it with mica_files_free); otherwise *out is empty. */
MICA_API int mica_compile_file(mica_ctx *ctx, const char *path,
			       mica_files *out);
MICA_API int mica_compile_buffer(mica_ctx *ctx, const char *name,
				 const char *text, size_t len,
				 mica_files *out);
MICA_API void mica_files_free(mica_files *files);

/* Checks and compiles the file at path into dir, as `micac compile
 * PATH -o DIR`: dir and its parents are created, and either every file
 * is written or none is. */
MICA_API int mica_compile_to_dir(mica_ctx *ctx, const char *path,
				 const char *dir);

/* Decodes len bytes of a policy blob (mica-blob(5)) and prints it on out
 * as `micac dump` does, as text or, with MICA_DUMP_JSON, as JSON. A
 * malformed blob prints nothing: one diagnostic about name says why. */
#define MICA_DUMP_JSON 1u
MICA_API int mica_dump_blob(mica_ctx *ctx, const char *name,
			    const unsigned char *data, size_t len,
			    unsigned flags, FILE *out);

/* Formats len bytes of policy text named name in diagnostics, as `micac
 * fmt` does (micac(1), FMT): the canonical layout, with every token
 * spelled and every comment kept as written. On MICA_STATUS_OK *out
 * holds the formatted text, NUL-terminated, *outlen bytes without the
 * NUL; free it with free(3). A file that does not parse is not
 * formatted: its syntax errors go to the callback, the result is
 * MICA_STATUS_POLICY and *out is NULL (as it is on MICA_STATUS_IO). */
MICA_API int mica_format(mica_ctx *ctx, const char *name, const char *src,
			 size_t len, char **out, size_t *outlen);

/* Prints d and its notes as micac does, with source excerpts and each
 * fix-it under the message it belongs to. */
MICA_API void mica_diag_print(FILE *out, const mica_diagnostic *d);

/* The rules a diagnostic's rule may name: mica_diag_rule_count() of
 * them, index 0 to count - 1; NULL past the end. Each has a stable id
 * and a one-line description. */
MICA_API size_t mica_diag_rule_count(void);
MICA_API const char *mica_diag_rule_id(size_t i);
MICA_API const char *mica_diag_rule_description(size_t i);
/* ---- What a Realm's data can reach (micac explain) ----
 *
 * The forward reading of the flow analysis of mica(5), "Confidentiality":
 * every node (Realm, region, the host, `any`) that data of one Realm can
 * reach, each with its shortest path hop by hop. Data enters a trusted
 * Realm and stops there (it may declassify): nothing beyond one is
 * attributed to the Realm asked about. */
typedef enum mica_node_kind {
	MICA_NODE_REALM = 0,
	MICA_NODE_REGION = 1,
	MICA_NODE_HOST = 2,
	MICA_NODE_ANY = 3
} mica_node_kind;

/* One hop: an edge of the flow graph and the line that creates it (the
 * access line, the allow line, `strict = false`, or for the host's
 * implicit access to an unprotected region the region's declaration).
 * edge is one of "w", "r", "host-read", "host-write", "hostcall",
 * "mmio", "psci", "ripas", "paging", "exit", "entry". */
typedef struct mica_hop {
	const char *from, *to;     /* Realm or region names, "host", "any" */
	const char *to_trust;      /* "trusted", "distrustful", "untrusted";
	                              NULL when `to` is a region */
	const char *edge;
	const char *file;
	unsigned line, column;
} mica_hop;

/* A node and the shortest path to it. trust is that of a Realm;
 * "untrusted" for the host and `any`; NULL for a region. sink: the
 * host, `any` or an untrusted Realm (a leak when the Realm asked about
 * is distrustful). stops: a trusted Realm, where data stops.
 * stopped_by: for the entries of mica_reach.beyond only, the trusted
 * Realm on the path where the data stops; NULL otherwise. */
typedef struct mica_reached {
	mica_node_kind kind;
	const char *name;
	const char *trust;
	int sink, stops;
	const char *stopped_by;
	size_t nhops;
	const mica_hop *hops;      /* from the Realm asked about to name */
} mica_reached;

/* nodes: what the Realm reaches, by number of hops, then realms,
 * regions, the host and `any`, each in declaration order; the Realm
 * itself is not listed. beyond: what it would reach if trusted Realms
 * passed data on, and does not, in the same order, with paths through
 * the trusted Realms. */
typedef struct mica_reach {
	const char *realm;
	const char *trust;
	size_t n;
	const mica_reached *nodes;
	size_t nbeyond;
	const mica_reached *beyond;
	void *internal;            /* owned by the library */
} mica_reach;

/* Checks the policy (the file at path, or len bytes of text named name)
 * and computes what realm reaches into *out (free it with
 * mica_reach_free). MICA_STATUS_POLICY: the policy has errors;
 * MICA_STATUS_IO: unreadable, or no Realm of that name (a diagnostic
 * names it, with a close name as a suggestion). On failure *out is
 * empty. */
MICA_API int mica_reach_file(mica_ctx *ctx, const char *path,
			     const char *realm, mica_reach *out);
MICA_API int mica_reach_buffer(mica_ctx *ctx, const char *name,
			       const char *text, size_t len,
			       const char *realm, mica_reach *out);
MICA_API void mica_reach_free(mica_reach *reach);

#ifdef __cplusplus
}
#endif

#endif
