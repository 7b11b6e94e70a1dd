/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ast.h -- the syntax tree of one .mica file, as the parser builds it.
 *
 * The tree mirrors the source: nothing is resolved or checked here beyond
 * what the grammar and the lexer guarantee (token shapes, digest lengths,
 * integer ranges). Every node carries the span it came from so that later
 * stages can point at the exact token. Lists keep source order.
 *
 * Ownership: mica_parse() returns a tree that mica_ast_free() releases
 * whole. Every node and name lives in the tree's arena, in source order;
 * names are interned (one copy per distinct name, shared by every node
 * that writes it) and must not be modified.
 */
#ifndef MICA_AST_H
#define MICA_AST_H

#include <stdbool.h>
#include <stdint.h>
#include "mica/arena.h"
#include "mica/diag.h"
#include "mica/source.h"

#define MICA_MAX_IDENT 32      /* bytes in an identifier */
#define MICA_MAX_RPV 64        /* bytes in a personalization value */
#define MICA_MAX_DIGEST 64     /* bytes in a SHA-512 digest */
#define MICA_GRANULE 4096u

typedef enum { MICA_SHA256 = 0, MICA_SHA512 = 1 } mica_hash_alg;

/* Digest size in bytes of an algorithm. */
static inline unsigned mica_hash_size(mica_hash_alg a)
{
	return a == MICA_SHA512 ? 64u : 32u;
}

typedef struct mica_name {
	char *text;              /* NULL for `any` and `host` subjects */
	mica_loc loc;
} mica_name;

typedef struct mica_digest {
	mica_hash_alg alg;
	uint8_t bytes[MICA_MAX_DIGEST];  /* mica_hash_size(alg) are valid */
} mica_digest;

typedef struct mica_hexstr {
	uint32_t len;
	uint8_t bytes[MICA_MAX_RPV];
} mica_hexstr;

typedef enum {
	MICA_DISTRUSTFUL = 0,    /* the default */
	MICA_TRUSTED,
	MICA_UNTRUSTED,
} mica_trust;

typedef enum {
	MICA_ITEM_MEASUREMENT,
	MICA_ITEM_RPV,
	MICA_ITEM_TRUST,
	MICA_ITEM_STRICT,
} mica_item_kind;

typedef struct mica_realm_item {
	struct mica_realm_item *next;
	mica_item_kind kind;
	mica_loc loc;            /* the key word, where duplicates point */
	mica_loc value_loc;
	union {
		mica_digest digest;      /* MICA_ITEM_MEASUREMENT */
		mica_hexstr rpv;         /* MICA_ITEM_RPV */
		mica_trust trust;        /* MICA_ITEM_TRUST */
		bool strict;             /* MICA_ITEM_STRICT */
	} u;
} mica_realm_item;

typedef struct mica_realm {
	struct mica_realm *next;
	mica_name name;
	mica_loc loc;            /* the `realm` keyword */
	mica_realm_item *items;
} mica_realm;

typedef enum { MICA_R = 1, MICA_W = 2, MICA_RW = 3 } mica_rights;

typedef enum {
	MICA_SUBJ_REALM,
	MICA_SUBJ_ANY,
	MICA_SUBJ_HOST,
} mica_subject_kind;

typedef struct mica_access {
	struct mica_access *next;
	mica_subject_kind subject_kind;
	mica_name subject;       /* text set only for MICA_SUBJ_REALM */
	mica_rights rights;
	mica_loc rights_loc;
	bool has_ipa;            /* false only for `host: rights;` */
	uint64_t ipa;
	mica_loc ipa_loc;
	bool has_limit;
	uint64_t limit;
	mica_loc limit_loc;
} mica_access;

typedef enum { MICA_PROTECTED = 0, MICA_UNPROTECTED = 1 } mica_region_kind;

typedef struct mica_region {
	struct mica_region *next;
	mica_name name;
	mica_loc loc;            /* the `region` keyword */
	mica_region_kind kind;
	mica_loc kind_loc;
	uint64_t size;           /* in bytes, unit applied */
	mica_loc size_loc;
	mica_access *accesses;
} mica_region;

typedef enum {
	MICA_XFER_HOSTCALL,
	MICA_XFER_MMIO,
	MICA_XFER_PSCI,
	MICA_XFER_RIPAS,         /* RSI_IPA_STATE_SET forwarded to the host */
	MICA_XFER_PAGING,        /* unbacked protected aborts to the host */
} mica_transfer;

typedef struct mica_imm_range {
	struct mica_imm_range *next;
	uint64_t lo, hi;         /* inclusive; lo == hi for a single value */
	mica_loc loc;
} mica_imm_range;

typedef struct mica_allow {
	struct mica_allow *next;
	mica_name realm;
	mica_loc loc;            /* the `allow` keyword */
	mica_transfer kind;
	mica_loc kind_loc;
	bool any_imm;            /* `hostcall *` */
	mica_imm_range *imms;    /* hostcall only, when !any_imm */
} mica_allow;

typedef struct mica_ast {
	mica_name name;
	mica_loc loc;            /* the `policy` keyword */
	uint64_t version;
	mica_loc version_loc;
	bool has_hash;
	mica_hash_alg hash;      /* MICA_SHA256 unless `hash` says otherwise */
	mica_loc hash_loc;
	mica_realm *realms;
	mica_region *regions;
	mica_allow *allows;
	mica_arena arena;        /* owns every node and name above */
} mica_ast;

/*
 * Parses src. Reports every lexical and syntax error through d (the parser
 * recovers at `;` and `}`) and returns the tree, or NULL when the input
 * was too broken to give one. When d->errors grew, the tree may be partial
 * and later stages should not run on it.
 */
mica_ast *mica_parse(mica_source *src, mica_diag *d);
void mica_ast_free(mica_ast *ast);

/* A consumer of declarations as the parser finishes them. hdr is the
 * tree being parsed, with its header (name, version, hash) filled and
 * no declarations; the declaration's nodes are valid during the call
 * only, its names (interned) as long as the names arena. */
typedef struct mica_decl_sink {
	void *ctx;
	void (*realm)(void *ctx, const mica_ast *hdr, const mica_realm *r);
	void (*region)(void *ctx, const mica_ast *hdr, const mica_region *g);
	void (*allow)(void *ctx, const mica_ast *hdr, const mica_allow *a);
} mica_decl_sink;

/* The same grammar and diagnostics as mica_parse, without a tree: each
 * declaration goes to sink once parsed, and its nodes are then dropped
 * (a scratch arena reset per declaration), so memory does not grow with
 * the file. Names are interned in *names, which the caller owns, each
 * after MICA_NAME_SLOT zeroed bytes, 4-aligned, that are the caller's:
 * what it records about a name lives with the name and is found without
 * a table (mica_parse_lower keeps its name space there). The header is
 * copied to *hdr (its arena empty, its lists NULL). */
#define MICA_NAME_SLOT 8
void mica_parse_stream(mica_source *src, mica_diag *d, mica_arena *names,
		       const mica_decl_sink *sink, mica_ast *hdr);

#endif
