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

/*@ predicate in(uint8_t *x, uint8_t *lo, uint8_t *hi) =
      \base_addr(x) == \base_addr(lo) && lo <= x <= hi;

    // What skip() knows of its open items: a map's current key and
    // previous key lie in what it has read, [lo, p).
    predicate nest_ok(struct nest *st, integer depth, uint8_t *lo,
                      uint8_t *p) =
      \forall integer j; 0 <= j < depth ==>
        (st[j].map != 0 ==> in(st[j].key, lo, p)) &&
        (st[j].prev == \null ||
         (in(st[j].prev, lo, p) && in(st[j].prev_end, lo, p) &&
          st[j].prev <= st[j].prev_end));
*/

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
	mica_cbor_head h;
	struct nest *o;
	const uint8_t *item;

	/*@ loop invariant mica_cbor_ok(c) && c->end == \at(c->end, Pre);
	    loop invariant in(c->p, \at(c->p, Pre), c->end);
	    loop invariant c->end - \at(c->p, Pre) <= PTRDIFF_MAX;
	    loop invariant \valid_read(\at(c->p, Pre) +
	                               (0 .. c->end - \at(c->p, Pre) - 1));
	    loop invariant max == MICA_CBOR_BLOB_DEPTH ||
	                   max == MICA_CBOR_MAX_DEPTH;
	    loop invariant 0 <= depth <= max + 1;
	    loop invariant depth > 0 ==> c->err == 0;
	    loop invariant nest_ok(&st[0], depth, \at(c->p, Pre), c->p);
	    loop assigns c->p, c->err, c->at, depth, st[0 .. MICA_CBOR_MAX_DEPTH],
	                 h, o, item;
	*/
	for (;;) {
		if (depth > max)
			return fail(c, MICA_CBOR_EDEPTH);
		if (depth > 0 && st[depth - 1].map && st[depth - 1].left % 2 == 0)
			st[depth - 1].key = c->p;
		if (mica_cbor_peek(c, &h))
			return c->err;
		item = c->p;
		c->p += h.size;
		o = &st[depth];
		switch (h.major) {
		case MICA_CBOR_BSTR:
		case MICA_CBOR_TSTR:
			if (h.arg > left64(c))
				return fail_at(c, MICA_CBOR_ETRUNC, item);
			if (h.major == MICA_CBOR_TSTR &&
			    !utf8_ok(c->p, (size_t)h.arg))
				return fail_at(c, MICA_CBOR_EUTF8, item);
			c->p += h.arg;
			break;
		case MICA_CBOR_ARRAY:
			if (h.arg > left64(c))
				return fail_at(c, MICA_CBOR_ETRUNC, item);
			if (h.arg > 0) {
				*o = (struct nest){ .left = h.arg };
				depth++;
				continue;
			}
			break;
		case MICA_CBOR_MAP:
			if (h.arg > left64(c) / 2)
				return fail_at(c, MICA_CBOR_ETRUNC, item);
			if (h.arg > 0) {   /* 2 * h.arg <= bytes left */
				/* key: the first key starts here (the
				 * loop's head sets it again). */
				*o = (struct nest){ .left = 2 * h.arg,
						    .key = c->p, .map = 1 };
				depth++;
				continue;
			}
			break;
		case MICA_CBOR_TAG:
			*o = (struct nest){ .left = 1 };
			depth++;
			continue;
		default:        /* integers and simple values: head only */
			break;
		}
		/* An item ended at c->p: close what it completes. */
		/*@ loop invariant mica_cbor_ok(c) && c->end == \at(c->end, Pre);
		    loop invariant in(c->p, \at(c->p, Pre), c->end);
		    loop invariant c->end - \at(c->p, Pre) <= PTRDIFF_MAX;
	    loop invariant \valid_read(\at(c->p, Pre) +
		                               (0 .. c->end - \at(c->p, Pre) - 1));
	    loop invariant c->end - \at(c->p, Pre) <= PTRDIFF_MAX;
	    loop invariant \valid_read(\at(c->p, Pre) +
	                               (0 .. c->end - \at(c->p, Pre) - 1));
		    loop invariant 0 <= depth <= max;
		    loop invariant c->err == 0;
		    loop invariant nest_ok(&st[0], depth, \at(c->p, Pre), c->p);
		    loop assigns depth, st[0 .. MICA_CBOR_MAX_DEPTH], o;
		    loop variant depth;
		*/
		for (;;) {
			if (depth == 0)
				return 0;
			o = &st[depth - 1];
			if (o->map && o->left % 2 == 0) {   /* a key ended */
				int cmp = o->prev == 0 ? -1
					: keycmp(o->prev,
						 (size_t)(o->prev_end - o->prev),
						 o->key, (size_t)(c->p - o->key));
				if ((c->mode & MICA_CBOR_DETERMINISTIC) &&
				    cmp >= 0)
					return fail_at(c, cmp == 0
						       ? MICA_CBOR_EDUPKEY
						       : MICA_CBOR_EORDER, o->key);
				o->prev = o->key;
				o->prev_end = c->p;
			}
			if (--o->left > 0)
				break;
			depth--;
		}
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

/* Key order is a property of the whole map: checked on a copy of the
 * cursor moved back to the map's head at `start`, before the caller
 * sees any key. */
/*@ requires mica_cbor_ok(c) && c->err == 0 && at_ok(c, start);
    assigns c->err, c->at;
    ensures mica_cbor_ok(c) && \result == c->err;
*/
static int whole_map(mica_cbor *c, const uint8_t *start)
{
	mica_cbor whole = *c;

	whole.p = start;
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
