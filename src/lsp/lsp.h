/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lsp.h -- `micac lsp`: a Language Server Protocol (3.17) server for
 * .mica files over standard input and output.
 *
 * One job per file: transport.c frames JSON-RPC messages (Content-Length
 * headers), server.c runs the lifecycle and dispatches, docs.c keeps the
 * open documents, position.c converts between Mica's 1-based byte
 * columns and LSP's 0-based UTF-16 positions, handlers.c takes the
 * textDocument methods' parameters apart, diagnostics.c computes the
 * checker's diagnostics, actions.c turns their fix-its into quick
 * fixes, format.c formats, navigate.c answers definition and hover,
 * reach.c adds to a realm's hover where its data goes.
 *
 * The protocol's JSON is jansson's (json_t); everything here is
 * single-threaded and every request is answered before the next message
 * is read.
 */
#ifndef MICA_LSP_H
#define MICA_LSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "mica/mica.h"

/* The largest message body read (bytes). A longer one is answered with
 * an error and skipped without being stored: memory per message stays
 * under this bound (plus what jansson builds from it). */
#define LSP_MAX_MESSAGE ((size_t)16 << 20)
/* The most bytes all JSON values may hold at once (transport.c). */
#define LSP_MAX_JSON ((size_t)96 << 20)
/* The most documents open at once, and the most bytes they may hold
 * together, text and line tables; a didOpen or didChange past either is
 * refused (the client is told with window/showMessage). */
#define LSP_MAX_DOCS 256
#define LSP_MAX_TEXT ((size_t)64 << 20)

/* JSON-RPC and LSP error codes (LSP 3.17, "ErrorCodes"). */
enum {
	LSP_PARSE_ERROR = -32700,
	LSP_INVALID_REQUEST = -32600,
	LSP_METHOD_NOT_FOUND = -32601,
	LSP_INVALID_PARAMS = -32602,
	LSP_INTERNAL_ERROR = -32603,
	LSP_SERVER_NOT_INITIALIZED = -32002,
};

/* ---- transport.c ------------------------------------------------------ */

typedef enum {
	LSP_READ_OK,       /* *body holds a message of *len bytes */
	LSP_READ_BAD,      /* a malformed header block, already skipped */
	LSP_READ_TOO_BIG,  /* Content-Length over the limit: lsp_skip it */
	LSP_READ_EOF,      /* the input ended (also in the middle of one) */
} lsp_read_status;

/* Reads one message from in. On LSP_READ_OK *body is a malloc'd copy,
 * NUL-terminated, of *len bytes (the caller frees it). On LSP_READ_BAD
 * *why says what was wrong. On LSP_READ_TOO_BIG *len is the declared
 * length (UINT64_MAX: beyond counting) and nothing of it was read. */
lsp_read_status lsp_read(FILE *in, char **body, uint64_t *len,
			 const char **why);
/* Reads and drops n bytes (UINT64_MAX: to the end). 0, or -1 at EOF. */
int lsp_skip(FILE *in, uint64_t n);
/* Puts jansson's allocations under LSP_MAX_JSON. Once, before any JSON
 * value is made. */
void lsp_json_init(void);
/* Writes msg framed with its Content-Length, then flushes. 0 or -1. */
int lsp_write(FILE *out, const json_t *msg);

/* ---- docs.c ------------------------------------------------------------ */

/* An open document: its text and two line tables over it. Mica counts
 * lines at '\n' only (mica/source.h); LSP also ends lines at "\r\n" and
 * a lone '\r'. Both tables hold line start offsets, the first 0. */
typedef struct lsp_doc {
	char *uri;
	int64_t version;
	char *text;            /* len bytes then a NUL */
	size_t len;
	size_t *mline, nmline; /* Mica's lines */
	size_t *lline, nlline; /* LSP's lines */
} lsp_doc;

typedef struct lsp_docs {
	lsp_doc *doc[LSP_MAX_DOCS];
	size_t n;
	size_t bytes;          /* held by all of them (docs.c, cost) */
} lsp_docs;

lsp_doc *lsp_docs_get(lsp_docs *s, const char *uri);
/* Stores (or replaces) uri's text. NULL when out of memory or past
 * LSP_MAX_DOCS or LSP_MAX_TEXT. */
lsp_doc *lsp_docs_put(lsp_docs *s, const char *uri, int64_t version,
		      const char *text, size_t len);
void lsp_docs_drop(lsp_docs *s, const char *uri);
void lsp_docs_free(lsp_docs *s);

/* ---- position.c -------------------------------------------------------- */

/* The byte offset of Mica's (line, column), 1-based, column in bytes;
 * clamped to the document. */
size_t lsp_offset_of_mica(const lsp_doc *d, unsigned line, unsigned column);
/* Mica's 1-based line and byte column of a byte offset. */
void lsp_mica_of_offset(const lsp_doc *d, size_t off, unsigned *line,
			unsigned *column);
/* The byte offset of an LSP position (0-based line, UTF-16 character),
 * clamped to the end of its line, or of the document. */
size_t lsp_offset_of_pos(const lsp_doc *d, uint64_t line, uint64_t ch);
/* {"line": L, "character": C} of a byte offset. */
json_t *lsp_pos_json(const lsp_doc *d, size_t off);
/* {"start": ..., "end": ...} of bytes [from, to). */
json_t *lsp_range_json(const lsp_doc *d, size_t from, size_t to);
/* The range of a Mica span (1-based, end column inclusive); line 0 (the
 * whole file) is the document's first position. */
json_t *lsp_range_of_mica(const lsp_doc *d, unsigned line, unsigned col,
			  unsigned end_line, unsigned end_col);
/* Reads an LSP Position object into a byte offset of d: 0, or -1 when
 * pos is not one (wrong types, negative numbers). */
int lsp_pos_parse(const lsp_doc *d, const json_t *pos, size_t *off);

/* ---- diagnostics.c ----------------------------------------------------- */

/* Checks d as `micac check` does, each diagnostic to cb. 0, or -1 when
 * out of memory. */
int lsp_check(const lsp_doc *d, mica_diag_callback cb, void *user);
/* The name d has in messages: the last segment of its URI. */
const char *lsp_doc_name(const lsp_doc *d);
/* The LSP Diagnostic of m (NULL: out of memory). */
json_t *lsp_diag_json(const lsp_doc *d, const mica_diagnostic *m);
/* The Diagnostic[] of d, as the checker reports them. NULL: out of
 * memory. */
json_t *lsp_diagnostics(const lsp_doc *d);

/* ---- actions.c --------------------------------------------------------- */

/* The quick fixes (CodeAction[]) of the diagnostics whose range meets
 * bytes [from, to] of d: one per message (the diagnostic or one of its
 * notes) that carries fix-its, applying them all. NULL: out of memory. */
json_t *lsp_code_actions(const lsp_doc *d, size_t from, size_t to);

/* ---- format.c ---------------------------------------------------------- */

/* textDocument/formatting: one TextEdit replacing the whole document by
 * its `micac fmt` layout, none ([]) when it has that layout already,
 * JSON null when it does not parse. NULL: out of memory. */
json_t *lsp_format(const lsp_doc *d);

/* ---- navigate.c -------------------------------------------------------- */

/* textDocument/definition and textDocument/hover at byte offset off:
 * a Location or Hover, or JSON null when off is on no realm or region
 * name. */
json_t *lsp_definition(const lsp_doc *d, size_t off);
json_t *lsp_hover(const lsp_doc *d, size_t off);

/* ---- handlers.c -------------------------------------------------------- */

typedef struct lsp_server {
	FILE *out;
	lsp_docs docs;
	bool initialized;     /* initialize was answered */
	bool shutdown;        /* shutdown was answered */
} lsp_server;

/* Why a request failed: a JSON-RPC error code and message. */
typedef struct lsp_error {
	int code;
	const char *message;
} lsp_error;

/* A textDocument/... request: its result (JSON null included), or NULL
 * with *err set. */
typedef json_t *(*lsp_request_fn)(lsp_server *s, json_t *params,
				  lsp_error *err);
/* A textDocument/... notification. Bad params are ignored: there is no
 * one to answer. */
typedef void (*lsp_notify_fn)(lsp_server *s, json_t *params);

/* The handler of method, or NULL. */
lsp_request_fn lsp_request_handler(const char *method);
lsp_notify_fn lsp_notify_handler(const char *method);
/* The capabilities object of the initialize result. */
json_t *lsp_capabilities(void);
/* Sends notification method with params (a new reference, taken). */
int lsp_notify(lsp_server *s, const char *method, json_t *params);

/* ---- reach.c ----------------------------------------------------------- */

/* A growing NUL-terminated string; on failure it keeps what it had and
 * sets failed. */
typedef struct lsp_buf {
	char *s;
	size_t len, cap;
	int failed;
} lsp_buf;

void lsp_buf_put(lsp_buf *b, const char *s);
/* Appends to a realm's hover what its data reaches (markdown). */
void lsp_hover_reach(lsp_buf *b, const lsp_doc *d, const char *realm);

/* ---- server.c ---------------------------------------------------------- */

/* Serves in/out until exit or the end of input. Returns the exit status:
 * 0 after shutdown then exit, 1 otherwise (LSP 3.17, "exit"). */
int lsp_serve(FILE *in, FILE *out);

#endif
