/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * blob_read.c -- the one policy-blob reader (mica/wire/blob_read.h,
 * man/mica-blob.5), for micac and the RMM module alike.
 *
 * Two passes over at most MICA_BLOB_MAX bytes, then a check of the
 * result. The first pass checks the encoding as a whole (cbor_read.c in
 * its blob mode), so that a fault of the encoding is reported at its
 * offset before any field is looked at. The second walks the top-level
 * map in key order (the first pass saw the keys ascend), checks each
 * field's type, size and range as it comes and fills the fixed tables of
 * struct mica_pol. Last, mica_pol_check() (blob_check.c) decides the
 * rules that relate fields to one another, and checks every range once
 * more, so that what is accepted is what it accepts.
 *
 * Freestanding: no heap, no recursion, no library calls but mem*; the
 * messages are built by fmt() below, a small printf of our own, and only
 * when the caller asks for them. The proof of this file
 * (scripts/prove.sh) is one of memory safety for every input: that each
 * accepted struct satisfies mica_pol_ok() is mica_pol_check()'s proof.
 */
#include <stdarg.h>
#include <string.h>

#include "mica/wire/blob_check.h"
#include "mica/wire/blob_read.h"
#include "mica/wire/cbor_read.h"

typedef unsigned long long ull;

/* The known flags are the low bits, so that a value with no unknown bit
 * is one at most MICA_BLOB_FLAGS_KNOWN (get_field(), mica_pol_tables). */
_Static_assert((MICA_BLOB_FLAGS_KNOWN & (MICA_BLOB_FLAGS_KNOWN + 1u)) == 0,
	       "MICA_BLOB_FLAGS_KNOWN is not a mask of the low bits");

/* One read in progress. */
typedef struct rd {
	mica_cbor c;
	const uint8_t *buf;
	struct mica_pol *p;
	mica_blob_error *err;  /* NULL: no messages */
	/* Digest bytes, once the hash is known. 32 bits, not a size_t: in
	 * the proof's typed memory model a uint32_t is apart from every
	 * 64-bit field of *p, so that rd_ok() below holds across a store
	 * to *p without a separation proof of its own. */
	uint32_t dlen;
} rd;

/*@ predicate rd_ok(rd *r) =
      \valid(r) && mica_cbor_ok(&r->c) && \valid(r->p) &&
      (r->err == \null || \valid(r->err)) &&
      r->dlen <= MICA_POL_DIGEST_MAX &&
      \separated(r, r->p, r->err) &&
      \separated(r->p, r->c.p + (0 .. r->c.end - r->c.p - 1)) &&
      \separated(r->err, r->c.p + (0 .. r->c.end - r->c.p - 1));
*/
/* ---- messages ---------------------------------------------------------- */

struct out {
	char *s;
	size_t n, cap;         /* cap includes the NUL */
};

/*@ requires \valid(o) && o->n < o->cap && \valid(o->s + (0 .. o->cap - 1));
    requires \separated(o, o->s + (0 .. o->cap - 1));
    assigns o->n, o->s[0 .. o->cap - 1];
    ensures o->n < o->cap;
*/
static void put(struct out *o, char ch)
{
	if (o->n + 1 < o->cap)
		o->s[o->n++] = ch;
}

/*@ requires \valid(o) && o->n < o->cap && \valid(o->s + (0 .. o->cap - 1));
    requires \separated(o, o->s + (0 .. o->cap - 1));
    assigns o->n, o->s[0 .. o->cap - 1];
    ensures o->n < o->cap;
*/
static void put_num(struct out *o, ull v, unsigned base, unsigned width)
{
	char d[24];
	unsigned n = 0;

	do {
		d[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (width > n && width--)
		put(o, '0');
	while (n)
		put(o, d[--n]);
}

/* The printf subset the messages use: %s, %c, %u, %x, %d with the
 * length modifiers z and ll, and a zero-padded width. */
/*@ requires cap >= 1 && \valid(buf + (0 .. cap - 1));
    assigns buf[0 .. cap - 1];
*/
static void vfmt(char *buf, size_t cap, const char *f, va_list ap)
{
	struct out o = { buf, 0, cap };

	for (; *f; f++) {
		unsigned width = 0, size = 0;
		ull v;

		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		f++;
		if (*f == '0')
			f++;
		while (*f >= '0' && *f <= '9')
			width = width * 10 + (unsigned)(*f++ - '0');
		if (*f == 'z')
			size = 1, f++;
		else if (f[0] == 'l' && f[1] == 'l')
			size = 2, f += 2;
		switch (*f) {
		case 's':
			for (const char *s = va_arg(ap, const char *); *s; s++)
				put(&o, *s);
			break;
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 'd': {
			int d = va_arg(ap, int);
			if (d < 0)
				put(&o, '-');
			put_num(&o, d < 0 ? 0 - (ull)d : (ull)d, 10, width);
			break;
		}
		default:        /* u, x */
			v = size == 1 ? va_arg(ap, size_t)
			  : size == 2 ? va_arg(ap, ull) : va_arg(ap, unsigned);
			put_num(&o, v, *f == 'x' ? 16 : 10, width);
		}
	}
	o.s[o.n] = '\0';
}

/* Formats into buf (a field's label). */
/*@ requires cap >= 1 && \valid(buf + (0 .. cap - 1));
    assigns buf[0 .. cap - 1];
*/
static void fmt(char *buf, size_t cap, const char *f, ...)
	__attribute__((format(printf, 3, 4)));
static void fmt(char *buf, size_t cap, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vfmt(buf, cap, f, ap);
	va_end(ap);
}

/* Refuses the blob: the message, when one is wanted. Returns -1. */
/*@ requires \valid_read(r) && (r->err == \null || \valid(r->err));
    assigns r->err->msg[0 .. 255];
    ensures \result == -1;
*/
static int bad(rd *r, const char *f, ...) __attribute__((format(printf, 2, 3)));
static int bad(rd *r, const char *f, ...)
{
	va_list ap;

	if (r->err) {
		va_start(ap, f);
		vfmt(r->err->msg, sizeof r->err->msg, f, ap);
		va_end(ap);
	}
	return -1;
}

/* A fault of the encoding, from the CBOR reader's code and position. */
/*@ requires rd_ok(r) && c == &r->c;
    assigns *(r->err);
    ensures \result == -1;
*/
static int bad_cbor(rd *r, const mica_cbor *c)
{
	const char *why = mica_cbor_strerror(c->err);
	mica_cbor h;
	mica_cbor_head head;

	if (!r->err)
		return -1;
	mica_cbor_init(&h, c->at, (size_t)(c->end - c->at), MICA_CBOR_LENIENT);
	switch (c->err) {
	case MICA_CBOR_ETRUNC:
		if (c->at == c->end)
			why = "truncated: an item is missing";
		else if (mica_cbor_peek(&h, &head) != 0)
			why = "truncated: head runs past the end";
		else if (head.major == MICA_CBOR_ARRAY)
			why = "truncated: array longer than the input";
		else if (head.major == MICA_CBOR_MAP)
			why = "truncated: map longer than the input";
		else
			why = "truncated: string runs past the end";
		break;
	case MICA_CBOR_EKIND:
		why = (c->at[0] >> 5) == MICA_CBOR_TAG
		      ? "tags are not used in blobs"
		      : "floats and simple values are not used in blobs";
		break;
	case MICA_CBOR_ERESERVED:
		why = "reserved additional information value";
		break;
	case MICA_CBOR_ESHORTEST:
		why = "integer or length not in its shortest form";
		break;
	case MICA_CBOR_EORDER:
		why = "map keys not in ascending order";
		break;
	case MICA_CBOR_EUTF8:
		why = "text string is not valid UTF-8";
		break;
	case MICA_CBOR_ETRAILING:
		why = "trailing bytes after the blob";
		break;
	}
	r->err->has_offset = true;
	r->err->offset = (size_t)(c->at - r->buf);
	return bad(r, "%s", why);
}

/* ---- fields ------------------------------------------------------------- */

/*@ requires rd_ok(r) && \valid(v) && \separated(v, r, r->err);
    assigns r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255], *v;
    ensures rd_ok(r) && (\result == 0 || \result == -1);
    ensures \result == 0 ==> lo <= *v <= hi;
*/
static int want_uint(rd *r, const char *what, uint64_t lo, uint64_t hi,
		     uint64_t *v)
{
	if (mica_cbor_uint(&r->c, v) != 0)
		return bad(r, "%s: expected an unsigned integer", what);
	if (*v < lo || *v > hi)
		return bad(r, "%s: %llu is out of range %llu..%llu", what,
			   (ull)*v, (ull)lo, (ull)hi);
	return 0;
}

/* A byte string of lo..hi bytes, copied to out. */
/*@ requires rd_ok(r) && \valid(n) && \separated(n, r, r->err);
    requires hi <= MICA_POL_DIGEST_MAX && \valid(out + (0 .. hi - 1));
    // out apart from each of the others (not those apart from one
    // another: \separated of many is pairwise, and r is not said to be
    // apart from the input).
    requires \separated(out + (0 .. hi - 1), r) &&
             \separated(out + (0 .. hi - 1), r->err) &&
             \separated(out + (0 .. hi - 1), n) &&
             \separated(out + (0 .. hi - 1),
                        r->c.p + (0 .. r->c.end - r->c.p - 1));
    assigns r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255], *n, out[0 .. hi - 1];
    ensures rd_ok(r) && (\result == 0 || \result == -1);
    ensures \result == 0 ==> lo <= *n <= hi;
*/
static int want_bytes(rd *r, const char *what, size_t lo, size_t hi,
		      uint8_t *out, size_t *n)
{
	const uint8_t *s;

	if (mica_cbor_bstr(&r->c, &s, n) != 0)
		return bad(r, "%s: expected a byte string", what);
	if (*n < lo || *n > hi) {
		if (lo == hi)
			return bad(r, "%s: %zu bytes, expected %zu", what, *n,
				   lo);
		return bad(r, "%s: %zu bytes, expected %zu to %zu", what, *n,
			   lo, hi);
	}
	memcpy(out, s, *n);
	return 0;
}

/* An array of at least lo items. */
/*@ requires rd_ok(r) && \valid(n) && \separated(n, r, r->err);
    assigns r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255], *n;
    ensures rd_ok(r) && (\result == 0 || \result == -1);
    ensures \result == 0 ==> lo <= *n;
*/
static int want_array(rd *r, const char *what, uint64_t lo, uint64_t *n)
{
	if (mica_cbor_array(&r->c, n) != 0)
		return bad(r, "%s: expected an array", what);
	if (*n < lo)
		return bad(r, "%s: %llu items, expected %llu or more", what,
			   (ull)*n, (ull)lo);
	return 0;
}

/* n things (unit) where the tables hold max (the limit named). */
/*@ requires \valid_read(r) && (r->err == \null || \valid(r->err));
    assigns r->err->msg[0 .. 255];
    ensures \result == 0 || \result == -1;
    ensures \result == 0 <==> n <= max;
*/
static int over(rd *r, const char *what, uint64_t n, const char *unit,
		unsigned max, const char *limit)
{
	if (n <= max)
		return 0;
	return bad(r, "%s: %llu %s, more than the %u a blob may have (%s)",
		   what, (ull)n, unit, max, limit);
}

/*@ requires rd_ok(r);
    assigns r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255], r->p->policy[0 .. MICA_POL_NAME_MAX];
    ensures rd_ok(r) && (\result == 0 || \result == -1);
*/
static int get_policy(rd *r)
{
	const char *s;
	size_t n;

	if (mica_cbor_tstr(&r->c, &s, &n) != 0)
		return bad(r, "policy: expected a text string");
	if (n < 1 || n > MICA_POL_NAME_MAX)
		return bad(r, "policy: name of %zu bytes, expected 1 to %u", n,
			   MICA_POL_NAME_MAX);
	/* The language's identifiers: [A-Za-z_][A-Za-z0-9_-]*. */
	/*@ loop invariant 0 <= i <= n;
	    loop assigns i;
	    loop variant n - i; */
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
			  ch == '_' || (i > 0 && ((ch >= '0' && ch <= '9') ||
						  ch == '-'));
		if (!ok)
			return bad(r, "policy: byte %zu of the name (0x%02x) "
				   "is not allowed in an identifier", i, ch);
	}
	memcpy(r->p->policy, s, n);
	r->p->policy[n] = '\0';
	return 0;
}

/*@ requires rd_ok(r);
    assigns r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255],
            r->p->hostcall[0 .. MICA_POL_MAX_HOSTCALLS - 1][0],
            r->p->hostcall[0 .. MICA_POL_MAX_HOSTCALLS - 1][1],
            r->p->nhostcalls;
    ensures rd_ok(r) && (\result == 0 || \result == -1);
*/
static int get_hostcalls(rd *r)
{
	struct mica_pol *p = r->p;
	uint64_t n, lo, hi;

	if (p->flags & MICA_BLOB_HOSTCALL_ANY)
		return bad(r, "hostcalls: listed although the flags allow "
			   "every host call");
	if (want_array(r, "hostcalls", 2, &n))
		return -1;
	if (n % 2)
		return bad(r, "hostcalls: %llu items, expected pairs", (ull)n);
	if (over(r, "hostcalls", n / 2, "ranges", MICA_POL_MAX_HOSTCALLS,
		 "MICA_POL_MAX_HOSTCALLS"))
		return -1;
	/*@ loop invariant 0 <= i <= n / 2 && rd_ok(r) && r->p == p;
	    loop invariant n / 2 <= MICA_POL_MAX_HOSTCALLS;
	    loop assigns i, lo, hi, r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255],
	                 p->hostcall[0 .. MICA_POL_MAX_HOSTCALLS - 1][0],
	                 p->hostcall[0 .. MICA_POL_MAX_HOSTCALLS - 1][1];
	    loop variant n / 2 - i; */
	for (unsigned i = 0; i < n / 2; i++) {
		if (want_uint(r, "hostcalls: low end", 0, 0xFFFF, &lo) ||
		    want_uint(r, "hostcalls: high end", 0, 0xFFFF, &hi))
			return -1;
		if (lo > hi)
			return bad(r, "hostcalls[%u]: range 0x%llx..0x%llx is "
				   "reversed", i, (ull)lo, (ull)hi);
		/* Ranges are merged: each starts past the previous one's
		 * end plus one, else the same set had another encoding. */
		if (i > 0 && lo <= (uint64_t)p->hostcall[i - 1][1] + 1)
			return bad(r, "hostcalls[%u]: range 0x%llx..0x%llx "
				   "overlaps, touches or precedes the one "
				   "before", i, (ull)lo, (ull)hi);
		p->hostcall[i][0] = (uint16_t)lo;
		p->hostcall[i][1] = (uint16_t)hi;
	}
	p->nhostcalls = (uint8_t)(n / 2);
	if (n == 2 && p->hostcall[0][0] == 0 && p->hostcall[0][1] == 0xFFFF)
		return bad(r, "hostcalls: 0x0..0xffff is every host call: "
			   "that is flag 2");
	return 0;
}

/*@ requires rd_ok(r);
    assigns r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255],
            r->p->peers[0 .. MICA_POL_MAX_PEERS - 1][0 .. MICA_POL_DIGEST_MAX - 1],
            r->p->npeers;
    ensures rd_ok(r) && (\result == 0 || \result == -1);
*/
static int get_peers(rd *r)
{
	struct mica_pol *p = r->p;
	uint64_t n;
	size_t len;
	char what[24];

	if (want_array(r, "peers", 1, &n) ||
	    over(r, "peers", n, "peers", MICA_POL_MAX_PEERS,
		 "MICA_POL_MAX_PEERS"))
		return -1;
	/*@ loop invariant 0 <= i <= n && rd_ok(r) && r->p == p;
	    loop invariant n <= MICA_POL_MAX_PEERS;
	    loop assigns i, len, what[0 .. 23], r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255],
	            p->peers[0 .. MICA_POL_MAX_PEERS - 1][0 .. MICA_POL_DIGEST_MAX - 1];
	    loop variant n - i; */
	for (unsigned i = 0; i < n; i++) {
		fmt(what, sizeof what, "peers[%u]", i);
		if (want_bytes(r, what, r->dlen, r->dlen, p->peers[i], &len))
			return -1;
		if (i > 0 && memcmp(p->peers[i - 1], p->peers[i], r->dlen) >= 0)
			return bad(r, "peers[%u]: not in strictly ascending "
				   "order", i);
		if (memcmp(p->peers[i], p->measurement, r->dlen) == 0)
			return bad(r, "peers[%u]: is this realm's own "
				   "measurement", i);
	}
	p->npeers = (uint8_t)n;
	return 0;
}

/* Participant `what`'s array head and its who (the first item): a peer
 * of the table, this Realm, the host or any, in an array of as many
 * items as that kind of participant has. */
/*@ requires rd_ok(r);
    requires \valid(who) && \separated(who, r, r->err, r->p);
    assigns r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255], *who;
    ensures rd_ok(r) && (\result == 0 || \result == -1);
    ensures \result == 0 ==> MICA_WHO_ANY <= *who <= r->p->npeers;
*/
static int get_who(rd *r, const char *what, int *who)
{
	mica_cbor_head h;
	uint64_t n, want;

	if (mica_cbor_array(&r->c, &n) != 0)
		return bad(r, "%s: expected an array", what);
	if (n < 2 || n > 4)
		return bad(r, "%s: %llu items, expected 2 to 4", what, (ull)n);
	if (mica_cbor_peek(&r->c, &h) != 0 ||
	    (h.major != MICA_CBOR_UINT && h.major != MICA_CBOR_NINT))
		return bad(r, "%s: who is not an integer", what);
	if (h.major == MICA_CBOR_UINT && h.arg > r->p->npeers)
		return bad(r, "%s: who %llu names no peer (%u in the table)",
			   what, (ull)h.arg, r->p->npeers);
	if (h.major == MICA_CBOR_NINT && h.arg > 1) {
		if (h.arg == UINT64_MAX)     /* -2^64 */
			return bad(r, "%s: who -18446744073709551616 is not "
				   "defined", what);
		return bad(r, "%s: who -%llu is not defined", what,
			   (ull)h.arg + 1);
	}
	*who = h.major == MICA_CBOR_UINT ? (int)h.arg : -1 - (int)h.arg;
	(void)mica_cbor_skip(&r->c);
	want = *who == MICA_WHO_HOST ? 2 : *who == MICA_WHO_ANY ? 4 : 3;
	if (n != want)
		return bad(r, "%s: %llu items, expected %llu for this "
			   "participant", what, (ull)n, (ull)want);
	return 0;
}

/* What follows a participant's who: its rights, then, but for the host,
 * its window's granule offset into the region's half of the IPA space
 * (the window [ipa, ipa + granules) inside it), then, for any, its
 * limit. */
struct place {
	uint64_t rights, ipa, limit;
};

/*@ requires rd_ok(r) && \valid_read(g) && \separated(g, r, r->err);
    requires \valid(v) && \separated(v, r, r->err, g);
    assigns r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255], *v;
    ensures rd_ok(r) && (\result == 0 || \result == -1);
*/
static int get_place(rd *r, const struct mica_pol_region *g,
		     const char *what, int who, struct place *v)
{
	char field[64];

	fmt(field, sizeof field, "%s rights", what);
	if (want_uint(r, field, 1, 3, &v->rights))
		return -1;
	if (who == MICA_WHO_HOST) {
		if (g->kind != 1)
			return bad(r, "%s: the host in a protected region",
				   what);
		return 0;
	}
	fmt(field, sizeof field, "%s ipa", what);
	if (want_uint(r, field, 0, MICA_POL_HALF_GRANULES - 1, &v->ipa))
		return -1;
	if (g->granules > MICA_POL_HALF_GRANULES - v->ipa)
		return bad(r, "%s: window at granule offset 0x%llx runs past "
			   "the end of the %s half of the IPA space", what,
			   (ull)v->ipa, g->kind ? "unprotected" : "protected");
	fmt(field, sizeof field, "%s limit", what);
	if (who == MICA_WHO_ANY &&
	    want_uint(r, field, 1, UINT64_MAX, &v->limit))
		return -1;
	return 0;
}

/* Participant k of region i (g), read into locals by the two calls
 * above and stored once they have all been checked. */
/*@ requires rd_ok(r) && i < MICA_POL_MAX_REGIONS && k < MICA_POL_MAX_PARTS;
    requires g == &r->p->region[i];
    assigns r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255], g->part[k];
    ensures rd_ok(r) && (\result == 0 || \result == -1);
*/
static int get_part(rd *r, struct mica_pol_region *g, unsigned i,
		    unsigned k)
{
	struct mica_pol_part *x = &g->part[k];
	char what[48];
	struct place v = { 0, 0, 0 };
	/* Set by get_who on success; initialised because gcc's AArch64
	 * build cannot see that through the inlining and -Werror stops. */
	int who = 0;

	fmt(what, sizeof what, "regions[%u] participant %u", i, k);
	if (get_who(r, what, &who) || get_place(r, g, what, who, &v))
		return -1;
	x->rights = (uint8_t)v.rights;
	if (who != MICA_WHO_HOST)
		x->ipa = v.ipa;
	if (who == MICA_WHO_ANY)
		x->limit = v.limit;
	x->who = (int16_t)who;
	return 0;
}

/* Region i: its kind, its size in granules and its participants, each
 * checked on its own; `self` the index of the last entry naming this
 * Realm. Whether the participants are in order, none twice and this
 * Realm among them exactly once, and whether the region comes after the
 * one before it, mica_pol_check() decides once every field is read. */
/*@ requires rd_ok(r) && i < MICA_POL_MAX_REGIONS;
    assigns r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255], r->p->region[i];
    ensures rd_ok(r) && (\result == 0 || \result == -1);
*/
static int get_region(rd *r, unsigned i)
{
	struct mica_pol_region *g = &r->p->region[i];
	char what[32];
	uint64_t m, u;
	unsigned nparts;

	fmt(what, sizeof what, "regions[%u]", i);
	if (want_array(r, what, 3, &m) ||
	    over(r, what, m - 2, "participants", MICA_POL_MAX_PARTS,
		 "MICA_POL_MAX_PARTS"))
		return -1;
	nparts = (unsigned)(m - 2);
	fmt(what, sizeof what, "regions[%u] kind", i);
	if (want_uint(r, what, 0, 1, &u))
		return -1;
	g->kind = (uint8_t)u;
	fmt(what, sizeof what, "regions[%u] granules", i);
	if (want_uint(r, what, 1, MICA_POL_HALF_GRANULES, &g->granules))
		return -1;
	g->nparts = (uint8_t)nparts;
	/*@ loop invariant 0 <= k <= nparts <= MICA_POL_MAX_PARTS && rd_ok(r);
	    loop assigns k, g->part[0 .. MICA_POL_MAX_PARTS - 1], g->self,
	                 r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255];
	    loop variant nparts - k; */
	for (unsigned k = 0; k < nparts; k++) {
		if (get_part(r, g, i, k))
			return -1;
		if (g->part[k].who == MICA_WHO_SELF)
			g->self = (uint8_t)k;
	}
	return 0;
}

/*@ requires rd_ok(r);
    assigns r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255],
            r->p->region[0 .. MICA_POL_MAX_REGIONS - 1], r->p->nregions;
    ensures rd_ok(r) && (\result == 0 || \result == -1);
*/
static int get_regions(rd *r)
{
	uint64_t n;

	if (want_array(r, "regions", 1, &n) ||
	    over(r, "regions", n, "regions", MICA_POL_MAX_REGIONS,
		 "MICA_POL_MAX_REGIONS"))
		return -1;
	/*@ loop invariant 0 <= i <= n <= MICA_POL_MAX_REGIONS && rd_ok(r);
	    loop assigns i, r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255],
	                 r->p->region[0 .. MICA_POL_MAX_REGIONS - 1];
	    loop variant n - i; */
	for (unsigned i = 0; i < n; i++)
		if (get_region(r, i))
			return -1;
	r->p->nregions = (uint8_t)n;
	return 0;
}

/* Refuses a blob whose fields, each within its range, break a rule that
 * relates them (mica_pol_check()). The ranges themselves were checked
 * field by field, with their values in the message; the validator
 * checks them again, and a fault there is the reader's own. */
/*@ requires \valid_read(r) && (r->err == \null || \valid(r->err));
    requires \valid_read(f);
    assigns r->err->msg[0 .. 255];
    ensures \result == -1;
*/
static int refuse(rd *r, const struct mica_pol_fault *f)
{
	unsigned i = f->i, k = f->k;
	int rule = (int)f->rule;

	switch (rule) {
	case MICA_POL_RULE_REPEAT:
		(void)bad(r, "regions[%u] participant %u: repeats "
			     "participant %u", i, k, k - 1);
		break;
	case MICA_POL_RULE_PART_ORDER:
		(void)bad(r, "regions[%u] participant %u: not in canonical "
			     "order (realms by measurement, then any, then "
			     "host)", i, k);
		break;
	case MICA_POL_RULE_NO_SELF:
		(void)bad(r, "regions[%u]: this realm is not a participant",
			     i);
		break;
	case MICA_POL_RULE_REGION_ORDER:
		(void)bad(r, "regions[%u]: not in ascending order of this "
			     "realm's IPA", i);
		break;
	case MICA_POL_RULE_OVERLAP:
		(void)bad(r, "regions[%u]: overlaps regions[%u] in this "
			     "realm's IPA space", i, i - 1);
		break;
	case MICA_POL_RULE_UNUSED_PEER:
		(void)bad(r, "peers[%u]: not a participant of any region", i);
		break;
	default:
		(void)bad(r, "the decoded policy breaks rule %d of the "
			     "policy check, although each field was checked "
			     "as it was read", rule);
		break;
	}
	return -1;
}

/* ---- the top-level map ---------------------------------------------------- */

static const char *const names[MICA_BK_COUNT] = {
	"major", "minor", "policy", "version", "hash", "workflow digest",
	"measurement", "rpv", "flags", "hostcalls", "peers", "regions",
};

/* Keys every blob has: 0 to 6 and 8. */
#define REQUIRED 0x17Fu

/* The first required key below `below` not seen yet, or `below` when
 * none is missing. */
/*@ requires \valid_read(seen + (0 .. MICA_BK_COUNT - 1));
    requires below <= MICA_BK_COUNT;
    assigns \nothing;
    ensures 0 <= \result <= below;
*/
static unsigned missing(const bool *seen, unsigned below)
{
	/*@ loop invariant 0 <= j <= below;
	    loop assigns j;
	    loop variant below - j; */
	for (unsigned j = 0; j < below; j++)
		if ((REQUIRED >> j & 1) && !seen[j])
			return j;
	return below;
}

/* Refuses a blob without the required key j. */
/*@ requires \valid_read(r) && (r->err == \null || \valid(r->err));
    requires j < MICA_BK_COUNT;
    assigns r->err->msg[0 .. 255];
    ensures \result == -1;
*/
static int refuse_missing(rd *r, unsigned j)
{
	return bad(r, "missing field '%s' (key %u)", names[j], j);
}

/* The hash, which also sets the digests' length, and the rpv with its
 * length. */
/*@ requires rd_ok(r);
    assigns r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255], r->p->hash,
            r->dlen;
    ensures rd_ok(r) && (\result == 0 || \result == -1);
*/
static int get_hash(rd *r)
{
	uint64_t v;

	if (want_uint(r, "hash (0 sha-256, 1 sha-512)", 0, 1, &v))
		return -1;
	r->p->hash = (uint8_t)v;
	r->dlen = v ? 64 : 32;
	return 0;
}

/*@ requires rd_ok(r);
    assigns r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255],
            r->p->rpv[0 .. MICA_POL_RPV_MAX - 1], r->p->rpv_len;
    ensures rd_ok(r) && (\result == 0 || \result == -1);
*/
static int get_rpv(rd *r)
{
	size_t n;

	if (want_bytes(r, "rpv", 1, MICA_POL_RPV_MAX, r->p->rpv, &n))
		return -1;
	r->p->rpv_len = (uint8_t)n;
	return 0;
}

/*@ requires rd_ok(r);
    assigns r->c.p, r->c.err, r->c.at, r->err->msg[0 .. 255], *(r->p),
            r->dlen;
    ensures rd_ok(r) && (\result == 0 || \result == -1);
*/
static int get_field(rd *r, uint64_t key)
{
	struct mica_pol *p = r->p;
	size_t n;

	switch (key) {
	case MICA_BK_MAJOR:
		if (want_uint(r, "major", 0, UINT64_MAX, &p->major))
			return -1;
		if (p->major != MICA_BLOB_MAJOR)
			return bad(r, "unsupported blob major version %llu "
				   "(this reader knows %u)", (ull)p->major,
				   MICA_BLOB_MAJOR);
		return 0;
	case MICA_BK_MINOR:
		return want_uint(r, "minor", 0, UINT64_MAX, &p->minor);
	case MICA_BK_POLICY:
		return get_policy(r);
	case MICA_BK_VERSION:
		return want_uint(r, "version", 0, UINT64_MAX, &p->version);
	case MICA_BK_HASH:
		return get_hash(r);
	case MICA_BK_WORKFLOW:
		return want_bytes(r, "workflow digest", r->dlen, r->dlen,
				 p->workflow, &n);
	case MICA_BK_MEASUREMENT:
		return want_bytes(r, "measurement", r->dlen, r->dlen,
				 p->measurement, &n);
	case MICA_BK_RPV:
		return get_rpv(r);
	case MICA_BK_FLAGS:
		if (want_uint(r, "flags", 0, UINT64_MAX, &p->flags))
			return -1;
		/* No unknown bit set: the known ones are the low bits. */
		if (p->flags > MICA_BLOB_FLAGS_KNOWN)
			return bad(r, "flags: unknown bits 0x%llx",
				   (ull)(p->flags &
					 ~(uint64_t)MICA_BLOB_FLAGS_KNOWN));
		return 0;
	case MICA_BK_HOSTCALLS:
		return get_hostcalls(r);
	case MICA_BK_PEERS:
		return get_peers(r);
	case MICA_BK_REGIONS:
		return get_regions(r);
	}
	/* A newer minor version may add keys this reader ignores (but the
	 * first pass checked their encoding). */
	if (p->minor <= MICA_BLOB_MINOR)
		return bad(r, "unknown key %llu in a version %u.%llu blob",
			   (ull)key, MICA_BLOB_MAJOR, (ull)p->minor);
	(void)mica_cbor_skip(&r->c);
	return 0;
}

int mica_blob_read(struct mica_pol *p, const uint8_t *buf, size_t len,
		   mica_blob_error *err)
{
	rd r = { .buf = buf, .p = p, .err = err };
	mica_cbor_head h;
	uint64_t n, key;
	unsigned below, j;
	bool seen[MICA_BK_COUNT] = { false };  /* the keys read so far */
	struct mica_pol_fault f;

	/* Copies of zero objects rather than memset: the proof's memory
	 * model counts a struct in fields, not bytes, and could not see
	 * memset's sizeof bytes as no more than *p. Static, not compound
	 * literals, which an unoptimised build puts on the stack. */
	static const struct mica_pol zero_pol;
	static const mica_blob_error zero_err;

	*p = zero_pol;
	if (err)
		*err = zero_err;
	if (len == 0)
		return bad(&r, "empty input");
	if (len > MICA_BLOB_MAX)
		return bad(&r, "%zu bytes, more than the %u a blob may have",
			   len, MICA_BLOB_MAX);
	/* The encoding, whole: shortest heads, sorted keys, major types 0
	 * to 5 only, UTF-8 text, nesting at most 8 deep, one item. */
	mica_cbor_init(&r.c, buf, len, MICA_CBOR_BLOB);
	if (mica_cbor_skip(&r.c) != 0 || mica_cbor_done(&r.c) != 0)
		return bad_cbor(&r, &r.c);
	mica_cbor_init(&r.c, buf, len, MICA_CBOR_BLOB);
	if (mica_cbor_peek(&r.c, &h) != 0 || h.major != MICA_CBOR_MAP ||
	    mica_cbor_map(&r.c, &n) != 0)
		return bad(&r, "the blob is not a CBOR map");
	/*@ loop invariant 0 <= i <= n && rd_ok(&r) && r.p == p && r.err == err;
	    loop assigns i, key, below, j, seen[0 .. MICA_BK_COUNT - 1], r, *p,
	                 err->msg[0 .. 255];
	    loop variant n - i; */
	for (uint64_t i = 0; i < n; i++) {
		if (mica_cbor_uint(&r.c, &key) != 0)
			return bad(&r, "top-level key %llu is not an unsigned "
				   "integer", (ull)i);
		/* Keys ascend (the first pass saw to it), so major and minor
		 * come before everything, the hash before the digests, the
		 * measurement before the peers, flags before host calls,
		 * peers before regions. */
		below = key < MICA_BK_COUNT ? (unsigned)key : MICA_BK_COUNT;
		if ((j = missing(seen, below)) < below)
			return refuse_missing(&r, j);
		if (get_field(&r, key))
			return -1;
		if (key < MICA_BK_COUNT)
			seen[key] = true;
	}
	if ((j = missing(seen, MICA_BK_COUNT)) < MICA_BK_COUNT)
		return refuse_missing(&r, j);
	if (mica_pol_check(p, &f) != 0)
		return refuse(&r, &f);
	return 0;
}
