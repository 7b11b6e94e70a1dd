/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cbor_read.h -- a small strict CBOR reader over a byte buffer.
 *
 * Why a reader of our own beside libcbor:
 *  - libcbor 0.8 (Debian 12) rejects the one-byte tags 6..20 as malformed,
 *    and COSE_Sign1 is tag 18 (0xD2): it cannot decode a single CCA token.
 *  - A signature is checked over the bytes as received, never re-encoded,
 *    so the verifier needs the exact byte range of the protected header,
 *    the payload and the realm key claim. A tree decoder throws them away.
 *  - The RMM module needs to read blobs too, with no heap, no stdio and
 *    nothing else of ours. This reader allocates nothing, keeps a fixed
 *    state of five words, never recurses (skipping an item takes a fixed
 *    table of MICA_CBOR_MAX_DEPTH + 1 entries on the stack) and calls no
 *    library function at all, so the firmware can take cbor_read.c, this
 *    header and constants.h alone.
 *
 * Use: a cursor walks one buffer. Typed calls (uint, int, bstr, tstr,
 * array, map, tag) read the next item, check its type and advance;
 * strings come back as (pointer, length) into the input; arrays and maps
 * are entered by reading their count, after which their elements follow.
 * mica_cbor_skip() steps over any item, validating all of it, and
 * mica_cbor_item() does the same and reports the item's byte range.
 *
 * Every call returns 0 or a MICA_CBOR_E* code. The first error sticks:
 * the cursor stops and every later call returns the same code, so a
 * caller may make several calls and check once; c->at says where in
 * the input it was found.
 *
 * Always rejected: indefinite lengths, additional information 28..30,
 * two-byte simple values below 32, truncation, lengths or counts past
 * the end of the input, text that is not UTF-8, nesting deeper than
 * MICA_CBOR_MAX_DEPTH (MICA_CBOR_BLOB_DEPTH for blobs).
 *
 * Three modes. MICA_CBOR_LENIENT reads well-formed definite-length CBOR as
 * real attestation tokens use it: map keys in any order, heads longer
 * than needed. MICA_CBOR_DETERMINISTIC (for Mica's own blobs and tokens,
 * RFC 8949 section 4.2.1) also demands the shortest head for every
 * argument, map keys in strictly increasing bytewise order of their
 * encodings (EORDER, or EDUPKEY for a key equal to the one before), and
 * no floating-point values (Mica emits none, and their shortest form
 * depends on their value).
 *
 * MICA_CBOR_BLOB is deterministic mode plus what man/mica-blob.5
 * ("ENCODING") further demands of a policy blob, for the one blob
 * reader (mica/wire/blob_read.h): major types 0 to 5 only (no tags, no
 * booleans, null, undefined, other simple values or floats: EKIND),
 * and no item inside more than MICA_CBOR_BLOB_DEPTH arrays and maps
 * (EDEPTH). Typed calls
 * refuse a tag or simple value too, with EKIND rather than ETYPE.
 *
 * Duplicate map keys are not detected in lenient mode: the reader does
 * not remember keys. Callers that read maps with meaning (claims, COSE
 * headers) check for duplicates themselves.
 */
#ifndef MICA_CBOR_READ_H
#define MICA_CBOR_READ_H

#include <stddef.h>
#include <stdint.h>

#include "mica/wire/constants.h"

#define MICA_CBOR_LENIENT 0u
#define MICA_CBOR_DETERMINISTIC 1u
/* The blob rules beyond deterministic encoding; use MICA_CBOR_BLOB. */
#define MICA_CBOR_BLOB_ONLY 2u
#define MICA_CBOR_BLOB (MICA_CBOR_DETERMINISTIC | MICA_CBOR_BLOB_ONLY)

/* MICA_CBOR_MAX_DEPTH and MICA_CBOR_BLOB_DEPTH: mica/wire/constants.h. */

enum {
	MICA_CBOR_OK = 0,
	MICA_CBOR_ETRUNC,     /* the item runs past the end of the input */
	MICA_CBOR_EINDEF,     /* indefinite length (additional info 31) */
	MICA_CBOR_ERESERVED,  /* additional information 28, 29 or 30 */
	MICA_CBOR_ESIMPLE,    /* simple value below 32 in two bytes */
	MICA_CBOR_EDEPTH,     /* nested deeper than MICA_CBOR_MAX_DEPTH */
	MICA_CBOR_ESHORTEST,  /* deterministic: head not in shortest form */
	MICA_CBOR_EORDER,     /* deterministic: map keys out of order */
	MICA_CBOR_EFLOAT,     /* deterministic: floating-point value */
	MICA_CBOR_EUTF8,      /* text string is not valid UTF-8 */
	MICA_CBOR_ETYPE,      /* not the type of item asked for */
	MICA_CBOR_ERANGE,     /* integer does not fit the type asked for */
	MICA_CBOR_ETRAILING,  /* bytes after the last item */
	MICA_CBOR_EKIND,      /* blob: a tag or simple value (major 6, 7) */
	MICA_CBOR_EDUPKEY     /* deterministic: a map key repeated */
};

/* Major types. */
enum {
	MICA_CBOR_UINT = 0, MICA_CBOR_NINT = 1, MICA_CBOR_BSTR = 2,
	MICA_CBOR_TSTR = 3, MICA_CBOR_ARRAY = 4, MICA_CBOR_MAP = 5,
	MICA_CBOR_TAG = 6, MICA_CBOR_SIMPLE = 7
};

/* The head of the next item, as mica_cbor_peek() decodes it. */
typedef struct mica_cbor_head {
	uint8_t major;      /* MICA_CBOR_UINT .. MICA_CBOR_SIMPLE */
	uint8_t info;       /* additional information, 0..27 */
	uint64_t arg;       /* value, length, count, tag, simple value, or
	                       the bits of a float (info 25, 26, 27) */
	size_t size;        /* bytes of the head itself */
} mica_cbor_head;

typedef struct mica_cbor {
	const uint8_t *p;   /* next byte */
	const uint8_t *end;
	unsigned mode;      /* MICA_CBOR_LENIENT, _DETERMINISTIC or _BLOB */
	int err;            /* first error, or 0 */
	const uint8_t *at;  /* with err: where the fault is, the start of
	                       the item at fault (a string or container
	                       running past the end, a key out of order,
	                       text not UTF-8) or else where reading stood */
} mica_cbor;

/*
 * The contracts below (ACSL, checked by scripts/prove.sh with Frama-C's
 * WP) say that a cursor stays inside its buffer: mica_cbor_ok() holds
 * after mica_cbor_init() and after every call, whatever the bytes, and
 * nothing is read outside [p, end) or written outside the cursor and the
 * caller's result variables. A string comes back inside the input. (No
 * object is larger than PTRDIFF_MAX bytes, so neither is an input.)
 */
/*@ predicate mica_cbor_ok(mica_cbor *c) =
      \valid(c) &&
      \base_addr(c->p) == \base_addr(c->end) &&
      \base_addr(c->at) == \base_addr(c->end) &&
      c->p <= c->end && c->at <= c->end &&
      c->end - c->p <= PTRDIFF_MAX && c->end - c->at <= PTRDIFF_MAX &&
      \valid_read(c->p + (0 .. c->end - c->p - 1)) &&
      \valid_read(c->at + (0 .. c->end - c->at - 1)) &&
      (c->err == MICA_CBOR_EKIND ==> c->at < c->end);
*/

/*@ requires \valid(c) && len <= PTRDIFF_MAX;
    requires buf == \null ||
             \valid_read((const uint8_t *)buf + (0 .. len - 1));
    assigns *c;
    ensures mica_cbor_ok(c) && c->err == 0 && c->mode == mode;
    ensures buf != \null ==> c->p == (const uint8_t *)buf &&
                             c->end == c->p + len;
*/
void mica_cbor_init(mica_cbor *c, const void *buf, size_t len,
		    unsigned mode);

/* Decodes the head of the next item without moving. Fails on a malformed
 * head, and with ETRUNC at the end of the input. */
/*@ requires mica_cbor_ok(c) && \valid(h) && \separated(c, h);
    assigns c->err, c->at, *h;
    ensures mica_cbor_ok(c) && c->p == \old(c->p) && c->end == \old(c->end);
    ensures \result == c->err;
    ensures \result == 0 ==>
            1 <= h->size <= c->end - c->p;
*/
int mica_cbor_peek(mica_cbor *c, mica_cbor_head *h);

/* Unsigned integer (major 0). */
/*@ requires mica_cbor_ok(c) && \valid(v) && \separated(c, v);
    assigns c->p, c->err, c->at, *v;
    ensures mica_cbor_ok(c) && c->end == \old(c->end) && \old(c->p) <= c->p;
    ensures \result == c->err;
*/
int mica_cbor_uint(mica_cbor *c, uint64_t *v);
/* Integer of major 0 or 1 that fits in int64_t (else ERANGE). */
/*@ requires mica_cbor_ok(c) && \valid(v) && \separated(c, v);
    assigns c->p, c->err, c->at, *v;
    ensures mica_cbor_ok(c) && c->end == \old(c->end) && \old(c->p) <= c->p;
    ensures \result == c->err;
*/
int mica_cbor_int(mica_cbor *c, int64_t *v);
/* Byte string: *p points into the input, *n bytes. */
/*@ requires mica_cbor_ok(c) && \valid(p) && \valid(n);
    requires \separated(c, p, n);
    assigns c->p, c->err, c->at, *p, *n;
    ensures mica_cbor_ok(c) && c->end == \old(c->end) && \old(c->p) <= c->p;
    ensures \result == c->err;
    ensures \result == 0 ==> \base_addr(*p) == \base_addr(c->end) &&
            \old(c->p) <= *p && *p + *n == c->p &&
            \valid_read(*p + (0 .. *n - 1));
*/
int mica_cbor_bstr(mica_cbor *c, const uint8_t **p, size_t *n);
/* Text string, checked to be UTF-8 (not NUL-terminated). */
/*@ requires mica_cbor_ok(c) && \valid(p) && \valid(n);
    requires \separated(c, p, n);
    assigns c->p, c->err, c->at, *p, *n;
    ensures mica_cbor_ok(c) && c->end == \old(c->end) && \old(c->p) <= c->p;
    ensures \result == c->err;
    ensures \result == 0 ==> \base_addr(*p) == \base_addr(c->end) &&
            (const uint8_t *)\old(c->p) <= (const uint8_t *)*p &&
            (const uint8_t *)*p + *n == c->p &&
            \valid_read(*p + (0 .. *n - 1));
*/
int mica_cbor_tstr(mica_cbor *c, const char **p, size_t *n);
/* Enters an array of *n items / a map of *n key-value pairs: they follow.
 * The count is checked against the bytes left. In deterministic mode the
 * whole map is validated on entry, keys in order. */
/*@ requires mica_cbor_ok(c) && \valid(n) && \separated(c, n);
    assigns c->p, c->err, c->at, *n;
    ensures mica_cbor_ok(c) && c->end == \old(c->end) && \old(c->p) <= c->p;
    ensures \result == c->err;
    ensures \result == 0 ==> *n <= c->end - c->p;
*/
int mica_cbor_array(mica_cbor *c, uint64_t *n);
/*@ requires mica_cbor_ok(c) && \valid(n) && \separated(c, n);
    assigns c->p, c->err, c->at, *n;
    ensures mica_cbor_ok(c) && c->end == \old(c->end) && \old(c->p) <= c->p;
    ensures \result == c->err;
    ensures \result == 0 ==> 2 * *n <= c->end - c->p;
*/
int mica_cbor_map(mica_cbor *c, uint64_t *n);
/* Reads a tag number; the tagged item follows. */
/*@ requires mica_cbor_ok(c) && \valid(tag) && \separated(c, tag);
    assigns c->p, c->err, c->at, *tag;
    ensures mica_cbor_ok(c) && c->end == \old(c->end) && \old(c->p) <= c->p;
    ensures \result == c->err;
*/
int mica_cbor_tag(mica_cbor *c, uint64_t *tag);

/* Steps over the next item and everything inside it, validating all of
 * it. mica_cbor_item() also reports where it was: *start and *len cover
 * the whole item, head included. */
/*@ requires mica_cbor_ok(c);
    assigns c->p, c->err, c->at;
    ensures mica_cbor_ok(c) && c->end == \old(c->end) && \old(c->p) <= c->p;
    ensures \result == c->err;
*/
int mica_cbor_skip(mica_cbor *c);
/*@ requires mica_cbor_ok(c) && \valid(start) && \valid(len);
    requires \separated(c, start, len);
    assigns c->p, c->err, c->at, *start, *len;
    ensures mica_cbor_ok(c) && c->end == \old(c->end) && \old(c->p) <= c->p;
    ensures \result == c->err;
*/
int mica_cbor_item(mica_cbor *c, const uint8_t **start, size_t *len);

/* Bytes left to read. */
/*@ requires mica_cbor_ok(c);
    assigns \nothing;
    ensures \result == c->end - c->p;
*/
size_t mica_cbor_left(const mica_cbor *c);
/* 0 when the input is used up, else ETRAILING (or the sticky error). */
/*@ requires mica_cbor_ok(c);
    assigns c->err, c->at;
    ensures mica_cbor_ok(c);
    ensures \result == c->err;
*/
int mica_cbor_done(mica_cbor *c);

/* Whether buf is exactly one valid CBOR item in the given mode: 0 or
 * the error code. */
/*@ requires len <= PTRDIFF_MAX;
    requires buf == \null ||
             \valid_read((const uint8_t *)buf + (0 .. len - 1));
    assigns \nothing;
*/
int mica_cbor_check(const void *buf, size_t len, unsigned mode);

/* A short English phrase for an error code, such as "truncated". */
/*@ assigns \nothing; */
const char *mica_cbor_strerror(int err);

#endif
