/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cbor_read.c -- a small strict CBOR reader (mica/wire/cbor_read.h).
 *
 * Freestanding: no heap, no stdio, no library calls at all, so that the
 * RMM module can compile this file alone. Nothing recurses: skip() keeps
 * its open arrays, maps and tags in a table of MICA_CBOR_MAX_DEPTH + 1
 * entries on the stack.
 *
 * Every length and count is compared with the bytes left before it is
 * used, in 64 bits, so no pointer is ever formed past the end of the
 * input and a huge count in a short input fails at once instead of
 * looping (every item takes at least one byte, every map pair two).
 */
#include "mica/wire/cbor_read.h"

_Static_assert(MICA_CBOR_BLOB_DEPTH <= MICA_CBOR_MAX_DEPTH,
	       "skip()'s table holds the deeper limit");

/*@ predicate at_ok(mica_cbor *c, uint8_t *at) =
      \base_addr(at) == \base_addr(c->end) && at <= c->end &&
      c->end - at <= PTRDIFF_MAX &&
      \valid_read(at + (0 .. c->end - at - 1));
*/

/* Records the first error, found at `at`, and returns it. */
/*@ requires mica_cbor_ok(c) && err != 0 && at_ok(c, at);
    requires err == MICA_CBOR_EKIND ==> at < c->end;
    assigns c->err, c->at;
    ensures mica_cbor_ok(c) && \result == c->err && \result != 0;
*/
static int fail_at(mica_cbor *c, int err, const uint8_t *at)
{
	if (!c->err) {
		c->err = err;
		c->at = at;
	}
	return c->err;
}

/* Records the first error, found where the cursor stands. */
/*@ requires mica_cbor_ok(c) && err != 0;
    requires err == MICA_CBOR_EKIND ==> c->p < c->end;
    assigns c->err, c->at;
    ensures mica_cbor_ok(c) && \result == c->err && \result != 0;
*/
static int fail(mica_cbor *c, int err)
{
	return fail_at(c, err, c->p);
}

/*@ requires mica_cbor_ok(c);
    assigns \nothing;
    ensures \result == c->end - c->p;
*/
static uint64_t left64(const mica_cbor *c)
{
	return (uint64_t)(c->end - c->p);
}

void mica_cbor_init(mica_cbor *c, const void *buf, size_t len,
		    unsigned mode)
{
	static const uint8_t none[1];

	if (!buf)               /* NULL + 0 is undefined behaviour in C */
		buf = none, len = 0;
	c->p = buf;
	c->end = c->p + len;
	c->mode = mode;
	c->err = 0;
	c->at = c->p;
}

size_t mica_cbor_left(const mica_cbor *c)
{
	return (size_t)(c->end - c->p);
}

/* Decodes the head at c->p into h; returns 0 or an error (not stuck). */
/*@ requires mica_cbor_ok(c) && \valid(h) && \separated(c, h);
    assigns *h;
    ensures \result == 0 ==>
            1 <= h->size <= c->end - c->p;
    ensures \result == MICA_CBOR_EKIND ==> c->p < c->end;
*/
static int decode_head(const mica_cbor *c, mica_cbor_head *h)
{
	const uint8_t *p = c->p;
	uint64_t left = left64(c), arg;
	unsigned info, n, i;

	if (left == 0)
		return MICA_CBOR_ETRUNC;
	h->major = (uint8_t)(p[0] >> 5);
	info = p[0] & 31u;
	h->info = (uint8_t)info;
	/* A blob holds major types 0 to 5 only (mica-blob.5, ENCODING). */
	if ((c->mode & MICA_CBOR_BLOB_ONLY) && h->major >= MICA_CBOR_TAG)
		return MICA_CBOR_EKIND;
	if (info < 24) {
		h->arg = info;
		h->size = 1;
	} else if (info <= 27) {
		n = info == 24 ? 1 : info == 25 ? 2 : info == 26 ? 4 : 8;
		//@ assert 1 <= n <= 8;
		if (left - 1 < n)
			return MICA_CBOR_ETRUNC;
		/*@ loop invariant 1 <= i <= n + 1;
		    loop assigns arg, i;
		    loop variant n + 1 - i; */
		for (arg = 0, i = 1; i <= n; i++)
			arg = arg << 8 | p[i];
		h->arg = arg;
		h->size = 1 + n;
	} else if (info == 31) {
		/* Indefinite lengths, and a "break" with nothing to end. */
		return MICA_CBOR_EINDEF;
	} else {
		return MICA_CBOR_ERESERVED;
	}
	if (h->major == MICA_CBOR_SIMPLE) {
		/* Simple values 0..31 have a one-byte form only (RFC 8949
		 * section 3.3): anything else is not well-formed. */
		if (info == 24 && h->arg < 32)
			return MICA_CBOR_ESIMPLE;
		if (info > 24 && (c->mode & MICA_CBOR_DETERMINISTIC))
			return MICA_CBOR_EFLOAT;
	} else if (c->mode & MICA_CBOR_DETERMINISTIC) {
		static const uint64_t min[4] = {
			24, 0x100, 0x10000, 0x100000000u
		};
		if (info >= 24 && h->arg < min[info - 24])
			return MICA_CBOR_ESHORTEST;
	}
	return 0;
}

int mica_cbor_peek(mica_cbor *c, mica_cbor_head *h)
{
	int e;

	if (c->err)
		return c->err;
	if ((e = decode_head(c, h)) != 0)
		return fail(c, e);
	return 0;
}

/* Reads the head of the next item, which must be of the given major
 * type, and moves past the head. */
/*@ requires mica_cbor_ok(c) && \valid(h) && \separated(c, h);
    assigns c->p, c->err, c->at, *h;
    ensures mica_cbor_ok(c) && c->end == \old(c->end);
    ensures \result == c->err;
    ensures \result == 0 ==> h->major == major &&
            c->p == \old(c->p) + h->size && h->size >= 1;
    ensures \result != 0 ==> c->p == \old(c->p);
*/
static int expect(mica_cbor *c, unsigned major, mica_cbor_head *h)
{
	if (mica_cbor_peek(c, h))
		return c->err;
	if (h->major != major)
		return fail(c, MICA_CBOR_ETYPE);
	c->p += h->size;
	return 0;
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF. */
/*@ requires \valid_read(s + (0 .. n - 1));
    assigns \nothing;
*/
static int utf8_ok(const uint8_t *s, size_t n)
{
	size_t i = 0, k, j;
	uint32_t cp, min;

	/*@ loop invariant 0 <= i <= n;
	    loop assigns i, k, j, cp, min;
	    loop variant n - i; */
	while (i < n) {
		uint8_t b = s[i];
		if (b < 0x80) {
			i++;
			continue;
		}
		if ((b & 0xE0) == 0xC0)
			k = 1, cp = b & 0x1Fu, min = 0x80;
		else if ((b & 0xF0) == 0xE0)
			k = 2, cp = b & 0x0Fu, min = 0x800;
		else if ((b & 0xF8) == 0xF0)
			k = 3, cp = b & 0x07u, min = 0x10000;
		else
			return 0;
		if (n - i - 1 < k)
			return 0;
		/*@ loop invariant 1 <= j <= k + 1;
		    loop assigns j, cp;
		    loop variant k + 1 - j; */
		for (j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3Fu);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += k + 1;
	}
	return 1;
}

/* Bytewise lexicographic order of two encodings (RFC 8949 4.2.1):
 * negative, zero or positive like memcmp, a prefix first. */
/*@ requires \valid_read(a + (0 .. an - 1));
    requires \valid_read(b + (0 .. bn - 1));
    assigns \nothing;
*/
static int keycmp(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
	size_t i, n = an < bn ? an : bn;

	/*@ loop invariant 0 <= i <= n;
	    loop assigns i;
	    loop variant n - i; */
	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return an < bn ? -1 : an > bn;
}

/* An array, map or tag that skip() has entered and not yet finished. */
struct nest {
	uint64_t left;          /* items still to come (a map: 2 a pair) */
	const uint8_t *key;     /* a map: where the current key starts */
	const uint8_t *prev;    /* a map: the previous key, or 0 */
	const uint8_t *prev_end;
	int map;
};

/*@ // x lies in what c has read, and the input may be read from x on.
    predicate read_at(mica_cbor *c, uint8_t *x) =
      \base_addr(x) == \base_addr(c->end) && x <= c->p &&
      c->end - x <= PTRDIFF_MAX && \valid_read(x + (0 .. c->end - x - 1));

    // What skip() knows of its open items: a map's current key and
    // previous key lie in what it has read.
    predicate nest_ok(mica_cbor *c, struct nest *st, integer depth) =
      \forall integer j; 0 <= j < depth ==>
        (st[j].map != 0 ==> read_at(c, st[j].key)) &&
        (st[j].prev == \null ||
         (read_at(c, st[j].prev) &&
          \base_addr(st[j].prev_end) == \base_addr(c->end) &&
          st[j].prev <= st[j].prev_end <= c->p));
*/

/*
 * Fills *o for an array, map or tag just entered, field by field rather
 * than with a compound literal: WP models the fields a compound literal
 * leaves out as undefined, not zero, and so could not prove what item()
 * promises of prev (null) and of key.
 */
/*@ requires \valid(o);
    assigns *o;
    ensures o->left == left && o->key == key && o->map == map;
    ensures o->prev == \null && o->prev_end == \null;
*/
static void open_nest(struct nest *o, uint64_t left, const uint8_t *key,
		      int map)
{
	o->left = left;
	o->key = key;
	o->prev = 0;
	o->prev_end = 0;
	o->map = map;
}

/*
 * Reads the item at c->p: moves past it whole if it is a string, an
 * integer or a simple value (or an empty array or map), or past the head
 * of a non-empty array or map or of a tag, which it opens in *o. Returns
 * 0 (the item ended), 1 (*o opened) or -1 (an error, in c->err).
 */
/*@ requires mica_cbor_ok(c) && \valid(o) && \separated(o, c);
    assigns c->p, c->err, c->at, *o;
    ensures mica_cbor_ok(c) && c->end == \old(c->end) && \old(c->p) <= c->p;
    ensures \result == -1 || \result == 0 || \result == 1;
    ensures \result == -1 ==> c->err != 0;
    ensures \result != -1 ==> c->err == 0;
    ensures \result == 1 ==> o->prev == \null &&
            (o->map != 0 ==> o->key == c->p);
*/
static int item(mica_cbor *c, struct nest *o)
{
	mica_cbor_head h;
	const uint8_t *at = c->p;

	if (mica_cbor_peek(c, &h))
		return -1;
	c->p += h.size;
	switch (h.major) {
	case MICA_CBOR_BSTR:
	case MICA_CBOR_TSTR:
		if (h.arg > left64(c)) {
			fail_at(c, MICA_CBOR_ETRUNC, at);
			return -1;
		}
		if (h.major == MICA_CBOR_TSTR && !utf8_ok(c->p, (size_t)h.arg)) {
			fail_at(c, MICA_CBOR_EUTF8, at);
			return -1;
		}
		c->p += h.arg;
		return 0;
	case MICA_CBOR_ARRAY:
		if (h.arg > left64(c)) {
			fail_at(c, MICA_CBOR_ETRUNC, at);
			return -1;
		}
		if (h.arg == 0)
			return 0;
		open_nest(o, h.arg, 0, 0);
		return 1;
	case MICA_CBOR_MAP:
		if (h.arg > left64(c) / 2) {
			fail_at(c, MICA_CBOR_ETRUNC, at);
			return -1;
		}
		if (h.arg == 0)
			return 0;
		/* 2 * h.arg <= bytes left. key: the first key starts here
		 * (skip() sets it again before each key). */
		open_nest(o, 2 * h.arg, c->p, 1);
		return 1;
	case MICA_CBOR_TAG:
		open_nest(o, 1, 0, 0);
		return 1;
	default:        /* integers and simple values: head only */
		return 0;
	}
}

/*
 * An item ended at c->p: closes the open items of st[0 .. depth - 1] it
 * completes, checking each map key that ends here against the previous
 * one. Returns the number of items still open (0: skip() is done), or
 * -1 (an error, in c->err).
 */
/*@ requires mica_cbor_ok(c) && c->err == 0;
    requires depth <= MICA_CBOR_MAX_DEPTH;
    requires \valid(st + (0 .. MICA_CBOR_MAX_DEPTH));
    requires \separated(c, st + (0 .. MICA_CBOR_MAX_DEPTH));
    requires nest_ok(c, st, depth);
    assigns c->err, c->at, st[0 .. MICA_CBOR_MAX_DEPTH];
    ensures mica_cbor_ok(c) && c->p == \old(c->p) && c->end == \old(c->end);
    ensures -1 <= \result <= depth;
    ensures \result >= 0 ==> c->err == 0 && nest_ok(c, st, \result);
    ensures \result == -1 ==> c->err != 0;
*/
static int close_items(mica_cbor *c, struct nest *st, unsigned depth)
{
	struct nest *o;

	/*@ loop invariant 0 <= depth <= \at(depth, Pre);
	    loop invariant nest_ok(c, st, depth);
	    loop assigns depth, o, st[0 .. MICA_CBOR_MAX_DEPTH];
	    loop variant depth;
	*/
	for (;;) {
		if (depth == 0)
			return 0;
		o = &st[depth - 1];
		if (o->map && o->left % 2 == 0) {   /* a key ended */
			int cmp = o->prev == 0 ? -1
				: keycmp(o->prev, (size_t)(o->prev_end - o->prev),
					 o->key, (size_t)(c->p - o->key));
			if ((c->mode & MICA_CBOR_DETERMINISTIC) && cmp >= 0) {
				fail_at(c, cmp == 0 ? MICA_CBOR_EDUPKEY
					: MICA_CBOR_EORDER, o->key);
				return -1;
			}
			o->prev = o->key;
			o->prev_end = c->p;
		}
		if (--o->left > 0)
			return (int)depth;
		depth--;
	}
}

/*
 * Steps over one item and everything inside it, validating all of it.
 * Iterative, so that the stack is bounded by the table below whatever
 * the input: the item at c->p has depth `depth` (the number of arrays,
 * maps and tags open around it, counted from where skip started), and
 * nothing deeper than the mode's limit is read.
 */
/*@ requires mica_cbor_ok(c);
    assigns c->p, c->err, c->at;
    ensures mica_cbor_ok(c) && c->end == \old(c->end) && \old(c->p) <= c->p;
    ensures \result == c->err;
*/
static int skip(mica_cbor *c)
{
	struct nest st[MICA_CBOR_MAX_DEPTH + 1];
	unsigned depth = 0, max = (c->mode & MICA_CBOR_BLOB_ONLY)
				  ? MICA_CBOR_BLOB_DEPTH : MICA_CBOR_MAX_DEPTH;
	int r;

	/*@ loop invariant mica_cbor_ok(c) && c->end == \at(c->end, Pre);
	    loop invariant \at(c->p, Pre) <= c->p;
	    loop invariant max == MICA_CBOR_BLOB_DEPTH ||
	                   max == MICA_CBOR_MAX_DEPTH;
	    loop invariant 0 <= depth <= max + 1;
	    loop invariant depth > 0 ==> c->err == 0;
	    loop invariant nest_ok(c, &st[0], depth);
	    loop assigns c->p, c->err, c->at, depth, r,
	                 st[0 .. MICA_CBOR_MAX_DEPTH];
	*/
	for (;;) {
		if (depth > max)
			return fail(c, MICA_CBOR_EDEPTH);
		if (depth > 0 && st[depth - 1].map && st[depth - 1].left % 2 == 0)
			st[depth - 1].key = c->p;
		r = item(c, &st[depth]);
		if (r < 0)
			return c->err;
		if (r > 0) {
			depth++;
			continue;
		}
		r = close_items(c, st, depth);
		if (r < 0)
			return c->err;
		if (r == 0)
			return 0;
		depth = (unsigned)r;
	}
}

int mica_cbor_skip(mica_cbor *c)
{
	return skip(c);
}

int mica_cbor_item(mica_cbor *c, const uint8_t **start, size_t *len)
{
	const uint8_t *s = c->p;

	if (skip(c))
		return c->err;
	*start = s;
	*len = (size_t)(c->p - s);
	return 0;
}

int mica_cbor_uint(mica_cbor *c, uint64_t *v)
{
	mica_cbor_head h;

	if (expect(c, MICA_CBOR_UINT, &h))
		return c->err;
	*v = h.arg;
	return 0;
}

int mica_cbor_int(mica_cbor *c, int64_t *v)
{
	mica_cbor_head h;

	if (mica_cbor_peek(c, &h))
		return c->err;
	if (h.major != MICA_CBOR_UINT && h.major != MICA_CBOR_NINT)
		return fail(c, MICA_CBOR_ETYPE);
	if (h.arg > (uint64_t)INT64_MAX)
		return fail(c, MICA_CBOR_ERANGE);
	/* -1 - arg cannot overflow: arg <= INT64_MAX. */
	*v = h.major == MICA_CBOR_UINT ? (int64_t)h.arg : -1 - (int64_t)h.arg;
	c->p += h.size;
	return 0;
}

int mica_cbor_bstr(mica_cbor *c, const uint8_t **p, size_t *n)
{
	mica_cbor_head h;

	if (expect(c, MICA_CBOR_BSTR, &h))
		return c->err;
	if (h.arg > left64(c))
		return fail_at(c, MICA_CBOR_ETRUNC, c->p - h.size);
	*p = c->p;
	*n = (size_t)h.arg;
	c->p += h.arg;
	return 0;
}

int mica_cbor_tstr(mica_cbor *c, const char **p, size_t *n)
{
	mica_cbor_head h;

	if (expect(c, MICA_CBOR_TSTR, &h))
		return c->err;
	if (h.arg > left64(c))
		return fail_at(c, MICA_CBOR_ETRUNC, c->p - h.size);
	if (!utf8_ok(c->p, (size_t)h.arg))
		return fail_at(c, MICA_CBOR_EUTF8, c->p - h.size);
	*p = (const char *)c->p;
	*n = (size_t)h.arg;
	c->p += h.arg;
	return 0;
}

int mica_cbor_array(mica_cbor *c, uint64_t *n)
{
	mica_cbor_head h;

	if (expect(c, MICA_CBOR_ARRAY, &h))
		return c->err;
	if (h.arg > left64(c))
		return fail_at(c, MICA_CBOR_ETRUNC, c->p - h.size);
	*n = h.arg;
	return 0;
}

/* Key order is a property of the whole map: checked by a second cursor
 * over the input from the map's head at `start` on, in c's mode, before
 * the caller sees any key. */
/*@ requires mica_cbor_ok(c) && c->err == 0 && at_ok(c, start);
    requires start < c->end;
    assigns c->err, c->at;
    ensures mica_cbor_ok(c) && \result == c->err;
*/
static int whole_map(mica_cbor *c, const uint8_t *start)
{
	mica_cbor whole;

	mica_cbor_init(&whole, start, (size_t)(c->end - start), c->mode);
	//@ assert mica_cbor_ok(&whole) && whole.end == c->end;
	if (skip(&whole)) {
		//@ assert whole.err != 0 && at_ok(c, whole.at);
		return fail_at(c, whole.err, whole.at);
	}
	return 0;
}

int mica_cbor_map(mica_cbor *c, uint64_t *n)
{
	mica_cbor_head h;
	const uint8_t *start = c->p;

	if (expect(c, MICA_CBOR_MAP, &h))
		return c->err;
	if (h.arg > left64(c) / 2)
		return fail_at(c, MICA_CBOR_ETRUNC, c->p - h.size);
	if ((c->mode & MICA_CBOR_DETERMINISTIC) && whole_map(c, start))
		return c->err;
	*n = h.arg;
	return 0;
}

int mica_cbor_tag(mica_cbor *c, uint64_t *tag)
{
	mica_cbor_head h;

	if (expect(c, MICA_CBOR_TAG, &h))
		return c->err;
	*tag = h.arg;
	return 0;
}

int mica_cbor_done(mica_cbor *c)
{
	if (c->err)
		return c->err;
	return c->p == c->end ? 0 : fail(c, MICA_CBOR_ETRAILING);
}

int mica_cbor_check(const void *buf, size_t len, unsigned mode)
{
	mica_cbor c;

	mica_cbor_init(&c, buf, len, mode);
	if (skip(&c))
		return c.err;
	return mica_cbor_done(&c);
}

const char *mica_cbor_strerror(int err)
{
	static const char *const text[] = {
		"no error",
		"truncated",
		"indefinite length",
		"reserved additional information",
		"two-byte simple value below 32",
		"nested too deeply",
		"head not in shortest form",
		"map keys not in increasing order",
		"floating-point value",
		"text string is not UTF-8",
		"unexpected type",
		"integer out of range",
		"trailing bytes",
		"tag or simple value, which a policy blob does not use",
		"duplicate map key",
	};
	if (err < 0 || (size_t)err >= sizeof text / sizeof text[0])
		return "unknown error";
	return text[err];
}
