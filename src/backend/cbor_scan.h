/*
 * cbor_scan.h -- is a byte string one item of deterministic CBOR of the
 * kinds blobs use? (internal to the backend)
 *
 * The decoder runs this before libcbor's cbor_load for two reasons:
 * libcbor 0.8 allocates an array or map for its declared count before
 * reading any item, so a 5-byte input could ask for gigabytes; and its
 * item tree no longer shows how a value was encoded (a non-shortest
 * length, say) nor where, while a refusal should name the offset.
 *
 * Freestanding (no heap, no stdio, no string functions), so the RMM
 * module may use it too.
 */
#ifndef MICA_CBOR_SCAN_H
#define MICA_CBOR_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "mica/wire/constants.h"

/* Accepts exactly one item filling all n bytes, made of unsigned and
 * negative integers, byte and text strings, arrays and maps, with
 * definite lengths, shortest heads, nesting at most MICA_CBOR_BLOB_DEPTH,
 * and map keys in strictly ascending bytewise order of their encodings
 * (RFC 8949 4.2.1). Returns 0, or -1 with *off and *why set. */
int mica_cbor_scan(const uint8_t *p, size_t n, size_t *off,
		   const char **why);

#endif
