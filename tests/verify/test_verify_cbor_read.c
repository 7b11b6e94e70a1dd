/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_verify_cbor_read.c -- the freestanding CBOR reader
 * (src/rmm/cbor_read.c).
 *
 * Hand-written encodings from RFC 8949 (appendix A and the sections on
 * well-formedness) for what must be read, and one test per rejection
 * rule; then every real token is read whole and every one of its
 * prefixes rejected.
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "mica/wire/cbor_read.h"
#include "vtest.h"

#define B(...) ((const uint8_t[]){ __VA_ARGS__ })
#define CHECK(mode, ...) mica_cbor_check(B(__VA_ARGS__), \
	sizeof((const uint8_t[]){ __VA_ARGS__ }), mode)
#define LEN MICA_CBOR_LENIENT
#define DET MICA_CBOR_DETERMINISTIC
#define BLOB MICA_CBOR_BLOB

START_TEST(test_integers)
{
	mica_cbor c;
	uint64_t u;
	int64_t i;

	mica_cbor_init(&c, B(0x00, 0x17, 0x18, 0x18, 0x19, 0x03, 0xE8,
			     0x1B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
			     0xFF, 0x20, 0x38, 0x63, 0x3B, 0x7F, 0xFF, 0xFF,
			     0xFF, 0xFF, 0xFF, 0xFF, 0xFF), 28, LEN);
	ck_assert_int_eq(mica_cbor_uint(&c, &u), 0);
	ck_assert_uint_eq(u, 0);
	ck_assert_int_eq(mica_cbor_uint(&c, &u), 0);
	ck_assert_uint_eq(u, 23);
	ck_assert_int_eq(mica_cbor_uint(&c, &u), 0);
	ck_assert_uint_eq(u, 24);
	ck_assert_int_eq(mica_cbor_int(&c, &i), 0);
	ck_assert_int_eq(i, 1000);
	ck_assert_int_eq(mica_cbor_uint(&c, &u), 0);
	ck_assert(u == UINT64_MAX);
	ck_assert_int_eq(mica_cbor_int(&c, &i), 0);
	ck_assert_int_eq(i, -1);
	ck_assert_int_eq(mica_cbor_int(&c, &i), 0);
	ck_assert_int_eq(i, -100);
	ck_assert_int_eq(mica_cbor_int(&c, &i), 0);
	ck_assert(i == INT64_MIN);
	ck_assert_int_eq(mica_cbor_done(&c), 0);

	/* 2^64 - 1 does not fit an int64_t; -2^64 neither. */
	mica_cbor_init(&c, B(0x1B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
			     0xFF), 9, LEN);
	ck_assert_int_eq(mica_cbor_int(&c, &i), MICA_CBOR_ERANGE);
	mica_cbor_init(&c, B(0x3B, 0x80, 0, 0, 0, 0, 0, 0, 0), 9, LEN);
	ck_assert_int_eq(mica_cbor_int(&c, &i), MICA_CBOR_ERANGE);
	/* A negative integer is not a uint. */
	mica_cbor_init(&c, B(0x20), 1, LEN);
	ck_assert_int_eq(mica_cbor_uint(&c, &u), MICA_CBOR_ETYPE);
}
END_TEST

START_TEST(test_strings_and_ranges)
{
	static const uint8_t in[] = {
		0x84, 0x43, 1, 2, 3, 0x62, 'h', 'i', 0xD8, 0x18, 0x40,
		0xA1, 0x01, 0x80
	};
	mica_cbor c;
	const uint8_t *p;
	const char *t;
	size_t n;
	uint64_t cnt, tag;

	mica_cbor_init(&c, in, sizeof in, LEN);
	ck_assert_int_eq(mica_cbor_array(&c, &cnt), 0);
	ck_assert_uint_eq(cnt, 4);
	ck_assert_int_eq(mica_cbor_bstr(&c, &p, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_ptr_eq(p, in + 2);               /* points into the input */
	ck_assert_int_eq(mica_cbor_tstr(&c, &t, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(memcmp(t, "hi", 2), 0);
	ck_assert_int_eq(mica_cbor_tag(&c, &tag), 0);
	ck_assert_uint_eq(tag, 24);
	ck_assert_int_eq(mica_cbor_bstr(&c, &p, &n), 0);
	ck_assert_uint_eq(n, 0);
	/* The byte range of the map {1: []}, head included. */
	ck_assert_int_eq(mica_cbor_item(&c, &p, &n), 0);
	ck_assert_ptr_eq(p, in + 11);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(mica_cbor_done(&c), 0);
	ck_assert_uint_eq(mica_cbor_left(&c), 0);
}
END_TEST

START_TEST(test_simple_and_float)
{
	/* false, true, null, undefined, simple(32), 1.5 in half, single
	 * and double precision: well-formed in lenient mode. */
	ck_assert_int_eq(CHECK(LEN, 0xF4), 0);
	ck_assert_int_eq(CHECK(LEN, 0xF5), 0);
	ck_assert_int_eq(CHECK(LEN, 0xF6), 0);
	ck_assert_int_eq(CHECK(LEN, 0xF7), 0);
	ck_assert_int_eq(CHECK(LEN, 0xF8, 0x20), 0);
	ck_assert_int_eq(CHECK(LEN, 0xF9, 0x3E, 0x00), 0);
	ck_assert_int_eq(CHECK(LEN, 0xFA, 0x3F, 0xC0, 0, 0), 0);
	ck_assert_int_eq(CHECK(LEN, 0xFB, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0), 0);
	/* Two-byte simple values below 32 are not well-formed. */
	ck_assert_int_eq(CHECK(LEN, 0xF8, 0x14), MICA_CBOR_ESIMPLE);
	ck_assert_int_eq(CHECK(LEN, 0xF8, 0x1F), MICA_CBOR_ESIMPLE);
	/* Mica's own encodings carry no floats. */
	ck_assert_int_eq(CHECK(DET, 0xF9, 0x3E, 0x00), MICA_CBOR_EFLOAT);
	ck_assert_int_eq(CHECK(DET, 0xF5), 0);
}
END_TEST

START_TEST(test_reject_indefinite_and_reserved)
{
	unsigned major, info;

	/* Indefinite strings, arrays and maps, and a lone break. */
	ck_assert_int_eq(CHECK(LEN, 0x5F, 0x41, 0x00, 0xFF), MICA_CBOR_EINDEF);
	ck_assert_int_eq(CHECK(LEN, 0x7F, 0xFF), MICA_CBOR_EINDEF);
	ck_assert_int_eq(CHECK(LEN, 0x9F, 0xFF), MICA_CBOR_EINDEF);
	ck_assert_int_eq(CHECK(LEN, 0xBF, 0xFF), MICA_CBOR_EINDEF);
	ck_assert_int_eq(CHECK(LEN, 0xFF), MICA_CBOR_EINDEF);
	ck_assert_int_eq(CHECK(LEN, 0x81, 0xFF), MICA_CBOR_EINDEF);
	/* Additional information 28..30 in every major type. */
	for (major = 0; major < 8; major++)
		for (info = 28; info <= 30; info++) {
			uint8_t b[2] = { (uint8_t)(major << 5 | info), 0 };
			ck_assert_int_eq(mica_cbor_check(b, 2, LEN),
					 MICA_CBOR_ERESERVED);
		}
}
END_TEST

START_TEST(test_reject_truncation)
{
	mica_cbor c;
	uint64_t n;
	const uint8_t *p;
	size_t len;

	ck_assert_int_eq(mica_cbor_check(B(0), 0, LEN), MICA_CBOR_ETRUNC);
	ck_assert_int_eq(mica_cbor_check(NULL, 0, LEN), MICA_CBOR_ETRUNC);
	ck_assert_int_eq(CHECK(LEN, 0x18), MICA_CBOR_ETRUNC);
	ck_assert_int_eq(CHECK(LEN, 0x1B, 0, 0, 0, 0, 0, 0, 0), MICA_CBOR_ETRUNC);
	ck_assert_int_eq(CHECK(LEN, 0x43, 1, 2), MICA_CBOR_ETRUNC);
	ck_assert_int_eq(CHECK(LEN, 0x82, 0x01), MICA_CBOR_ETRUNC);
	ck_assert_int_eq(CHECK(LEN, 0xA1, 0x01), MICA_CBOR_ETRUNC);
	ck_assert_int_eq(CHECK(LEN, 0xC6), MICA_CBOR_ETRUNC);
	/* A length near 2^64 must not wrap a pointer: overflow-safe. */
	ck_assert_int_eq(CHECK(LEN, 0x5B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
			       0xFF, 0xF8, 0x00), MICA_CBOR_ETRUNC);
	mica_cbor_init(&c, B(0x5B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
			     0xFF, 0x00), 10, LEN);
	ck_assert_int_eq(mica_cbor_bstr(&c, &p, &len), MICA_CBOR_ETRUNC);
	/* Huge counts fail at once, not after 2^64 iterations. */
	ck_assert_int_eq(CHECK(LEN, 0x9B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
			       0xFF, 0xFF, 0x00), MICA_CBOR_ETRUNC);
	mica_cbor_init(&c, B(0xBA, 0x00, 0x01, 0x00, 0x00, 0x01, 0x02), 7, LEN);
	ck_assert_int_eq(mica_cbor_map(&c, &n), MICA_CBOR_ETRUNC);
	/* Errors stick: later calls fail the same way. */
	ck_assert_int_eq(mica_cbor_skip(&c), MICA_CBOR_ETRUNC);
	ck_assert_int_eq(mica_cbor_done(&c), MICA_CBOR_ETRUNC);
}
END_TEST

START_TEST(test_depth_limit)
{
	uint8_t b[64];
	size_t i;

	/* 16 arrays around an integer are accepted, 17 are not. */
	for (i = 0; i < 17; i++)
		b[i] = 0x81;
	b[16] = 0x00;
	ck_assert_int_eq(mica_cbor_check(b, 17, LEN), 0);
	b[16] = 0x81;
	b[17] = 0x00;
	ck_assert_int_eq(mica_cbor_check(b, 18, LEN), MICA_CBOR_EDEPTH);
	/* Tags count too: a chain of tags cannot recurse without bound. */
	memset(b, 0xC6, sizeof b);
	b[63] = 0x00;
	ck_assert_int_eq(mica_cbor_check(b, 64, LEN), MICA_CBOR_EDEPTH);
}
END_TEST

START_TEST(test_utf8)
{
	ck_assert_int_eq(CHECK(LEN, 0x62, 0xC3, 0xA9), 0);           /* é */
	ck_assert_int_eq(CHECK(LEN, 0x64, 0xF0, 0x9F, 0x98, 0x80), 0);
	ck_assert_int_eq(CHECK(LEN, 0x61, 0xFF), MICA_CBOR_EUTF8);
	ck_assert_int_eq(CHECK(LEN, 0x62, 0xC0, 0xAF), MICA_CBOR_EUTF8);
	ck_assert_int_eq(CHECK(LEN, 0x63, 0xED, 0xA0, 0x80), MICA_CBOR_EUTF8);
	ck_assert_int_eq(CHECK(LEN, 0x64, 0xF4, 0x90, 0x80, 0x80),
			 MICA_CBOR_EUTF8);
	ck_assert_int_eq(CHECK(LEN, 0x61, 0xC3), MICA_CBOR_EUTF8);
	/* Byte strings are not text: anything goes. */
	ck_assert_int_eq(CHECK(LEN, 0x41, 0xFF), 0);
}
END_TEST

START_TEST(test_deterministic)
{
	mica_cbor c;
	uint64_t n;

	/* Longer heads than needed: fine for tokens, not for our blobs. */
	ck_assert_int_eq(CHECK(LEN, 0x18, 0x17), 0);
	ck_assert_int_eq(CHECK(DET, 0x18, 0x17), MICA_CBOR_ESHORTEST);
	ck_assert_int_eq(CHECK(DET, 0x18, 0x18), 0);
	ck_assert_int_eq(CHECK(DET, 0x19, 0x00, 0xFF), MICA_CBOR_ESHORTEST);
	ck_assert_int_eq(CHECK(DET, 0x1A, 0x00, 0x00, 0xFF, 0xFF),
			 MICA_CBOR_ESHORTEST);
	ck_assert_int_eq(CHECK(DET, 0x1B, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF),
			 MICA_CBOR_ESHORTEST);
	ck_assert_int_eq(CHECK(DET, 0x58, 0x01, 0x00), MICA_CBOR_ESHORTEST);
	ck_assert_int_eq(CHECK(DET, 0x98, 0x00), MICA_CBOR_ESHORTEST);
	/* Keys in bytewise order of their encodings: 10 < 100 < -1 < "a". */
	ck_assert_int_eq(CHECK(DET, 0xA4, 0x0A, 0x00, 0x18, 0x64, 0x00,
			       0x20, 0x00, 0x61, 'a', 0x00), 0);
	ck_assert_int_eq(CHECK(LEN, 0xA2, 0x18, 0x64, 0x00, 0x0A, 0x00), 0);
	ck_assert_int_eq(CHECK(DET, 0xA2, 0x18, 0x64, 0x00, 0x0A, 0x00),
			 MICA_CBOR_EORDER);
	/* A repeated key is out of order too, with its own code. */
	ck_assert_int_eq(CHECK(DET, 0xA2, 0x01, 0x00, 0x01, 0x00),
			 MICA_CBOR_EDUPKEY);
	ck_assert_str_eq(mica_cbor_strerror(MICA_CBOR_EDUPKEY),
			 "duplicate map key");
	/* Nested maps are checked, and entering a map checks it first. */
	ck_assert_int_eq(CHECK(DET, 0x81, 0xA2, 0x02, 0x00, 0x01, 0x00),
			 MICA_CBOR_EORDER);
	mica_cbor_init(&c, B(0xA2, 0x02, 0x00, 0x01, 0x00), 5, DET);
	ck_assert_int_eq(mica_cbor_map(&c, &n), MICA_CBOR_EORDER);
	mica_cbor_init(&c, B(0xA2, 0x02, 0x00, 0x01, 0x00), 5, LEN);
	ck_assert_int_eq(mica_cbor_map(&c, &n), 0);
	ck_assert_uint_eq(n, 2);
}
END_TEST

START_TEST(test_types_and_trailing)
{
	mica_cbor c;
	const uint8_t *p;
	size_t n;

	mica_cbor_init(&c, B(0x01), 1, LEN);
	ck_assert_int_eq(mica_cbor_bstr(&c, &p, &n), MICA_CBOR_ETYPE);
	ck_assert_int_eq(CHECK(LEN, 0x01, 0x02), MICA_CBOR_ETRAILING);
	ck_assert_str_eq(mica_cbor_strerror(MICA_CBOR_ETRUNC), "truncated");
	ck_assert_str_eq(mica_cbor_strerror(999), "unknown error");
	ck_assert_str_eq(mica_cbor_strerror(-1), "unknown error");
}
END_TEST

/* skip() keeps its own table instead of recursing: the key order of
 * maps whose keys and values are themselves containers, closed several
 * levels at once, and byte ranges over nested items. */
START_TEST(test_skip_nested)
{
	mica_cbor c;
	const uint8_t *p;
	size_t n;
	uint8_t b[40];
	unsigned i;

	/* {[1]: 0, [1, 0]: 0}: 81 01 sorts before 82 01 00. */
	ck_assert_int_eq(CHECK(DET, 0xA2, 0x81, 0x01, 0x00, 0x82, 0x01, 0x00,
			       0x00), 0);
	ck_assert_int_eq(CHECK(DET, 0xA2, 0x82, 0x01, 0x00, 0x00, 0x81, 0x01,
			       0x00), MICA_CBOR_EORDER);
	/* {{1: 0}: 0, {2: 0}: 0} and its reverse. */
	ck_assert_int_eq(CHECK(DET, 0xA2, 0xA1, 0x01, 0x00, 0x00, 0xA1, 0x02,
			       0x00, 0x00), 0);
	ck_assert_int_eq(CHECK(DET, 0xA2, 0xA1, 0x02, 0x00, 0x00, 0xA1, 0x01,
			       0x00, 0x00), MICA_CBOR_EORDER);
	/* A key after a nested value is compared with the key before it,
	 * not with anything inside the value. */
	ck_assert_int_eq(CHECK(DET, 0xA2, 0x01, 0xA1, 0x05, 0x00, 0x02,
			       0x00), 0);
	ck_assert_int_eq(CHECK(DET, 0xA2, 0x02, 0x81, 0x81, 0x00, 0x01,
			       0x00), MICA_CBOR_EORDER);
	/* Inner maps are checked on their own: {1: {3: 0, 2: 0}}. */
	ck_assert_int_eq(CHECK(DET, 0xA1, 0x01, 0xA2, 0x03, 0x00, 0x02,
			       0x00), MICA_CBOR_EORDER);
	/* Containers that end together: [[[0]], 1] then trailing bytes. */
	ck_assert_int_eq(CHECK(LEN, 0x82, 0x81, 0x81, 0x00, 0x01), 0);
	ck_assert_int_eq(CHECK(LEN, 0x82, 0x81, 0x81, 0x00, 0x01, 0x02),
			 MICA_CBOR_ETRAILING);
	ck_assert_int_eq(CHECK(LEN, 0x82, 0x81, 0x81, 0x00), MICA_CBOR_ETRUNC);
	/* The range of a tagged map holding an array, then what follows. */
	mica_cbor_init(&c, B(0xC6, 0xA1, 0x01, 0x82, 0x80, 0xA0, 0x07), 7,
		       LEN);
	ck_assert_int_eq(mica_cbor_item(&c, &p, &n), 0);
	ck_assert_uint_eq(n, 6);
	ck_assert_uint_eq(mica_cbor_left(&c), 1);
	/* Tags count like arrays: 16 around an integer, not 17. */
	memset(b, 0xC6, sizeof b);
	b[16] = 0x00;
	ck_assert_int_eq(mica_cbor_check(b, 17, LEN), 0);
	b[16] = 0xC6;
	b[17] = 0x00;
	ck_assert_int_eq(mica_cbor_check(b, 18, LEN), MICA_CBOR_EDEPTH);
	/* Sixteen maps deep, each {0: ...}, around an empty map. */
	for (i = 0; i < 16; i++)
		b[2 * i] = 0xA1, b[2 * i + 1] = 0x00;
	b[32] = 0xA0;
	ck_assert_int_eq(mica_cbor_check(b, 33, DET), 0);
	b[32] = 0xA1;
	b[33] = 0x00;
	b[34] = 0x00;
	ck_assert_int_eq(mica_cbor_check(b, 35, DET), MICA_CBOR_EDEPTH);
}
END_TEST

/* Blob mode: deterministic, and only what mica-blob.5 lets a blob hold,
 * as the blob reader (src/wire/blob_read.c) has it. */
START_TEST(test_blob_mode)
{
	mica_cbor c;
	uint8_t b[16];
	uint64_t u;
	size_t i;

	/* Deterministic still: shortest heads, sorted keys. */
	ck_assert_int_eq(CHECK(BLOB, 0x18, 0x17), MICA_CBOR_ESHORTEST);
	ck_assert_int_eq(CHECK(BLOB, 0xA2, 0x02, 0x00, 0x01, 0x00),
			 MICA_CBOR_EORDER);
	ck_assert_int_eq(CHECK(BLOB, 0xA3, 0x00, 0x00, 0x20, 0x00, 0x40,
			       0x00), 0);
	ck_assert_int_eq(CHECK(BLOB, 0x62, 0xC0, 0xAF), MICA_CBOR_EUTF8);
	/* No tags, booleans, null, undefined, simple values or floats,
	 * however deep; deterministic mode reads them all but floats. */
	ck_assert_int_eq(CHECK(DET, 0xC1, 0x00), 0);
	ck_assert_int_eq(CHECK(BLOB, 0xC1, 0x00), MICA_CBOR_EKIND);
	ck_assert_int_eq(CHECK(BLOB, 0xD8, 0x18, 0x40), MICA_CBOR_EKIND);
	ck_assert_int_eq(CHECK(BLOB, 0xF4), MICA_CBOR_EKIND);
	ck_assert_int_eq(CHECK(BLOB, 0xF5), MICA_CBOR_EKIND);
	ck_assert_int_eq(CHECK(BLOB, 0xF6), MICA_CBOR_EKIND);
	ck_assert_int_eq(CHECK(BLOB, 0xF7), MICA_CBOR_EKIND);
	ck_assert_int_eq(CHECK(BLOB, 0xF8, 0x20), MICA_CBOR_EKIND);
	ck_assert_int_eq(CHECK(BLOB, 0xF9, 0x3C, 0x00), MICA_CBOR_EKIND);
	ck_assert_int_eq(CHECK(BLOB, 0x82, 0x00, 0xF5), MICA_CBOR_EKIND);
	ck_assert_int_eq(CHECK(BLOB, 0xA1, 0xC1, 0x00, 0x00), MICA_CBOR_EKIND);
	ck_assert_int_eq(CHECK(BLOB, 0xA1, 0x00, 0xF6), MICA_CBOR_EKIND);
	/* Typed calls too, and entering a map that holds one. */
	mica_cbor_init(&c, B(0xC1, 0x00), 2, BLOB);
	ck_assert_int_eq(mica_cbor_tag(&c, &u), MICA_CBOR_EKIND);
	mica_cbor_init(&c, B(0xF5), 1, BLOB);
	ck_assert_int_eq(mica_cbor_uint(&c, &u), MICA_CBOR_EKIND);
	mica_cbor_init(&c, B(0xA2, 0x00, 0x00, 0x01, 0xF5), 5, BLOB);
	ck_assert_int_eq(mica_cbor_map(&c, &u), MICA_CBOR_EKIND);
	mica_cbor_init(&c, B(0xA2, 0x00, 0x00, 0x01, 0xF5), 5, DET);
	ck_assert_int_eq(mica_cbor_map(&c, &u), 0);
	/* An item inside 8 arrays is the deepest: an integer or an empty
	 * array; inside 9 it is refused. */
	for (i = 0; i < 9; i++)
		b[i] = 0x81;
	b[8] = 0x00;
	ck_assert_int_eq(mica_cbor_check(b, 9, BLOB), 0);
	b[8] = 0x80;
	ck_assert_int_eq(mica_cbor_check(b, 9, BLOB), 0);
	b[8] = 0x81;
	b[9] = 0x00;
	ck_assert_int_eq(mica_cbor_check(b, 10, BLOB), MICA_CBOR_EDEPTH);
	ck_assert_int_eq(mica_cbor_check(b, 10, DET), 0);
	b[9] = 0x80;
	ck_assert_int_eq(mica_cbor_check(b, 10, BLOB), MICA_CBOR_EDEPTH);
	ck_assert_str_eq(mica_cbor_strerror(MICA_CBOR_EKIND),
			 "tag or simple value, which a policy blob does not "
			 "use");
}
END_TEST

/* Every real token reads whole in lenient mode, and every proper prefix
 * is rejected (most as truncated) without reading past its end, which
 * AddressSanitizer would see: each prefix is copied to a buffer of
 * exactly its size. */
START_TEST(test_tokens_and_prefixes)
{
	static const char *const files[] = {
		"tokens/tfm-tools_cca_example_token.cbor",
		"tokens/ccatoken-go_testGoodCCAToken.cbor",
		"tokens/islet-ra_realm-verifier_tests_token.cbor",
		"cose/ecdsa-sig-03.cbor",
	};
	size_t f, k;

	for (f = 0; f < sizeof files / sizeof files[0]; f++) {
		vt_buf b = vt_read(files[f]);
		ck_assert_int_eq(mica_cbor_check(b.p, b.n, LEN), 0);
		for (k = 0; k < b.n; k++) {
			uint8_t *copy = malloc(k ? k : 1);
			ck_assert_ptr_nonnull(copy);
			memcpy(copy, b.p, k);
			ck_assert_msg(mica_cbor_check(copy, k, LEN) != 0,
				      "%s: prefix of %zu bytes accepted",
				      files[f], k);
			free(copy);
		}
		vt_free(&b);
	}
}
END_TEST

int main(void)
{
	Suite *s;
	TCase *tc;

	if (vt_require_vectors())
		return VT_SKIP;
	/* Created after the check: a skipped run allocates nothing. */
	s = suite_create("cbor_read");
	tc = tcase_create("reader");
	tcase_add_test(tc, test_integers);
	tcase_add_test(tc, test_strings_and_ranges);
	tcase_add_test(tc, test_simple_and_float);
	tcase_add_test(tc, test_reject_indefinite_and_reserved);
	tcase_add_test(tc, test_reject_truncation);
	tcase_add_test(tc, test_depth_limit);
	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_deterministic);
	tcase_add_test(tc, test_types_and_trailing);
	tcase_add_test(tc, test_skip_nested);
	tcase_add_test(tc, test_blob_mode);
	tcase_add_test(tc, test_tokens_and_prefixes);
	suite_add_tcase(s, tc);
	{
		SRunner *sr = srunner_create(s);
		int failed;
		srunner_run_all(sr, CK_ENV);
		failed = srunner_ntests_failed(sr);
		srunner_free(sr);
		return failed ? EXIT_FAILURE : EXIT_SUCCESS;
	}
}
