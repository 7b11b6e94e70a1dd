/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * verify.h -- internals shared by the files of src/verify/.
 *
 * The public interface is mica/token.h; this header holds what the files
 * need from one another: verdict helpers, the hash wrapper, the claim
 * tables, and the small text writers (hex, JSON strings, CBOR diagnostic
 * notation).
 */
#ifndef MICA_VERIFY_H
#define MICA_VERIFY_H

#include <stdio.h>

#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>

#include "mica/wire/cbor_read.h"
#include "mica/diag.h"     /* MICA_PRINTF */
#include "mica/textout.h"
#include "mica/token.h"
#include "mica/util.h"

/* ---- verdict.c ---------------------------------------------------------- */

/* Sets the verdict; returns -1 so that callers can `return fail(...)`. */
int mica_verdict_set(mica_verdict *v, mica_verdict_kind kind,
		     const char *fmt, ...) MICA_PRINTF(3, 4);
void mica_verdict_ok(mica_verdict *v);
/* Puts text before the message ("realm token: ..."). */
void mica_verdict_prefix(mica_verdict *v, const char *text);

/* "a byte string", "an array", ...: what the item at p..p+n is. */
const char *mica_cbor_what(const uint8_t *p, size_t n);

/* ---- digest.c: the one place that names mbedTLS's hash functions ------ */

enum { MICA_VH_SHA256 = 1, MICA_VH_SHA384, MICA_VH_SHA512 };

/* A hash in progress. The context types are mbedTLS's; the functions
 * that use them are named in digest.c alone (mbedTLS 3 renamed them). */
typedef struct mica_vhash {
	int alg;
	int failed;                 /* an update failed */
	union {
		mbedtls_sha256_context s256;
		mbedtls_sha512_context s512;   /* SHA-384 too */
	} u;
} mica_vhash;

/* 32, 48, 64, or 0 for an unknown algorithm. */
size_t mica_vhash_size(int alg);
/* "SHA-256", ...: for messages. */
const char *mica_vhash_label(int alg);
/* The algorithm a token names as "sha-256", "sha-384" or "sha-512"
 * (n bytes at name), or 0. */
int mica_vhash_by_name(const char *name, size_t n);
/* One-shot hash into out (mica_vhash_size(alg) bytes); 0 or -1. */
int mica_vhash_once(int alg, const void *p, size_t n, uint8_t *out);

/* Streaming, for the Sig_structure. start returns 0, or -1 for an
 * unknown algorithm (then nothing is to be freed); finish writes the
 * digest, frees the context and returns 0 or -1. An update that fails
 * is remembered and makes finish fail. */
int mica_vhash_start(mica_vhash *d, int alg);
void mica_vhash_update(mica_vhash *d, const void *p, size_t n);
int mica_vhash_finish(mica_vhash *d, uint8_t *out);

/* ---- cose.c: the one CBOR head and COSE_Sign1 encoder ---------------- */

/* The head of an item (major type, argument) in its shortest form into
 * b; its length. */
size_t mica_cbor_put_head(uint8_t b[9], unsigned major, uint64_t arg);
/* The tag-18 COSE_Sign1 [protected, unprotected, payload, signature] of
 * s (unprotected: an encoded item, copied as it is) into out if it has
 * room; its length either way. */
size_t mica_sign1_encode(const mica_sign1 *s, uint8_t *out, size_t cap);

/* ---- claims.c: the claim tables ---------------------------------------- */

/* The byte string inside an encoded claim value that has passed the
 * claim checks; {NULL, 0} if it is not one. */
mica_bytes mica_claim_bstr(const mica_bytes *val);

typedef enum mica_claim_kind {
	MICA_CK_BYTES,      /* byte string, sizes per the definition */
	MICA_CK_TEXT,
	MICA_CK_UINT,
	MICA_CK_INT,
	MICA_CK_LIFECYCLE,  /* unsigned, named by its range */
	MICA_CK_REMS,       /* array of four measurements */
	MICA_CK_SWCOMPS,    /* array of software component maps */
	MICA_CK_RAK,        /* byte string: raw EC point or COSE_Key */
	MICA_CK_SUBMODS,    /* EAT submods: Mica's group (man/mica-rmm.7) */
	MICA_CK_REFUSED     /* a claim no longer accepted, refused by name */
} mica_claim_kind;

/* The group token's claim 266 (EAT submods), decoded (claims.c).
 * Pointers into the value; members are read with mica_group_member_at(). */
typedef struct mica_group {
	uint64_t nmembers;    /* 1..MICA_REF_REALMS_MAX */
	mica_bytes members;   /* the encoded (name, Claims-Set) pairs */
} mica_group;
typedef struct mica_group_member {
	mica_bytes name;      /* the submodule's name (text) */
	mica_bytes rim;       /* claim 44238: the final RIM */
	mica_bytes alg;       /* claim 44236 (text), or {NULL, 0}: the
				 realm token's */
	mica_bytes workflow;  /* MICA_CLAIM_WORKFLOW, or {NULL, 0}: a Realm
				 of the attester's policy */
} mica_group_member;
/* 0, or -1 with a message in v (MICA_CLAIMS_FAIL) naming what. */
int mica_group_parse(const mica_bytes *val, mica_group *g, const char *what,
		     mica_verdict *v);
/* Member i of a parsed group (i < nmembers). */
void mica_group_member_at(const mica_group *g, uint64_t i,
			  mica_group_member *m);

#define MICA_CD_MANDATORY 1u
#define MICA_CD_DIGEST 2u   /* byte string of 32, 48 or 64 bytes */

typedef struct mica_claim_def {
	int64_t key;
	const char *name;   /* in words: "personalization value" */
	const char *id;     /* for JSON: "personalization-value" */
	uint8_t kind;       /* mica_claim_kind */
	uint8_t flags;      /* MICA_CD_* */
	uint16_t minlen, maxlen; /* MICA_CK_BYTES sizes; 0 = no bound */
} mica_claim_def;

/* Which table a claims map is read with. */
typedef enum mica_claim_table {
	MICA_TABLE_PLATFORM,  /* also PSA tokens: same keys */
	MICA_TABLE_REALM,     /* CCA realm claims, then Mica's own */
	MICA_TABLE_SWCOMP,    /* one platform software component */
	MICA_TABLE_COSE_KEY   /* a COSE_Key (realm claim 44237) */
} mica_claim_table;

/* The definition of key in a table, or NULL (an unknown claim). */
const mica_claim_def *mica_claim_lookup(mica_claim_table t, int64_t key);
/* The i-th definition of a table (for listing the mandatory ones), or
 * NULL past the end. */
const mica_claim_def *mica_claim_def_at(mica_claim_table t, size_t i);
/* Checks one claim's value against its definition. what names the token
 * for messages. 0, or -1 with MICA_CLAIMS_FAIL. */
int mica_claim_check_value(const mica_claim_def *d, const mica_bytes *val,
			   const char *what, mica_verdict *v);
/* A lifecycle state's name ("secured"), or NULL. */
const char *mica_lifecycle_name(uint64_t value);

/* ---- text.c: small writers ---------------------------------------------- */

/* mica_put_hex and mica_put_json_string: include/mica/textout.h */
/* The first 4 bytes of a digest in hex and "...", for messages (at
 * most 12 bytes with the NUL); returns buf. */
const char *mica_short_hex(const uint8_t *p, size_t n, char buf[16]);
/* A hex digit's value, or -1. */
int mica_hexval(int c);
/* One valid CBOR item in diagnostic notation (RFC 8949 section 8). */
void mica_put_diag(FILE *out, const uint8_t *p, size_t n);
/* The same, as a JSON string. */
void mica_put_diag_json(FILE *out, const uint8_t *p, size_t n);

/* ---- readfile.c ---------------------------------------------------------- */


#endif
