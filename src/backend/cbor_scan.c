/*
 * cbor_scan.c -- strict well-formedness check of deterministic CBOR.
 */
#include "cbor_scan.h"

typedef struct scan {
	const uint8_t *p;
	size_t n;
	size_t off;              /* where a refusal points */
	const char *why;
} scan;

static int fail(scan *s, size_t off, const char *why)
{
	s->off = off;
	s->why = why;
	return -1;
}

/* Reads the head at *pos: major type and argument; *pos moves past it. */
static int head(scan *s, size_t *pos, unsigned *major, uint64_t *arg)
{
	size_t at = *pos, len, i;
	unsigned ai;
	uint64_t v = 0;

	if (at >= s->n)
		return fail(s, at, "truncated: an item is missing");
	*major = s->p[at] >> 5;
	ai = s->p[at] & 0x1F;
	if (*major == 6)
		return fail(s, at, "tags are not used in blobs");
	if (*major == 7)
		return fail(s, at, "floats and simple values are not used "
			    "in blobs");
	if (ai == 31)
		return fail(s, at, "indefinite length");
	if (ai >= 28)
		return fail(s, at, "reserved additional information value");
	len = ai < 24 ? 0 : (size_t)1 << (ai - 24);
	if (s->n - at - 1 < len)
		return fail(s, at, "truncated: head runs past the end");
	for (i = 0; i < len; i++)
		v = v << 8 | s->p[at + 1 + i];
	if (ai < 24)
		v = ai;
	/* Shortest form: each wider head must be needed. */
	if ((ai == 24 && v < 24) || (ai == 25 && v <= 0xFF) ||
	    (ai == 26 && v <= 0xFFFF) || (ai == 27 && v <= 0xFFFFFFFFu))
		return fail(s, at, "integer or length not in its shortest "
			    "form");
	*arg = v;
	*pos = at + 1 + len;
	return 0;
}

/* Whether s[0..n) is UTF-8 as RFC 3629 has it: no overlong forms, no
 * surrogates, nothing past U+10FFFF (RFC 8949 3.1: a text string that is
 * not is invalid CBOR). The RMM's reader (src/rmm/cbor_read.c) applies
 * the same rule; libcbor's checks are not relied upon. */
static int utf8_ok(const uint8_t *s, size_t n)
{
	size_t i = 0, k, j;
	uint32_t cp, min;

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

/* Bytewise lexicographic order of a[0..an) and b[0..bn). */
static int compare(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
	size_t i;

	for (i = 0; i < an && i < bn; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return an < bn ? -1 : an > bn;
}

static int item(scan *s, size_t *pos, unsigned depth)
{
	size_t at = *pos, prev = 0, prev_end = 0, key;
	unsigned major;
	uint64_t arg, i;

	if (depth > MICA_CBOR_BLOB_DEPTH)
		return fail(s, at, "nested too deeply");
	if (head(s, pos, &major, &arg) != 0)
		return -1;
	switch (major) {
	case 0:
	case 1:
		return 0;
	case 2:
	case 3:
		if (arg > s->n - *pos)
			return fail(s, at, "truncated: string runs past the "
				    "end");
		if (major == 3 && !utf8_ok(s->p + *pos, (size_t)arg))
			return fail(s, at, "text string is not valid UTF-8");
		*pos += (size_t)arg;
		return 0;
	case 4:
		/* Every item takes a byte at least: a larger count cannot
		 * be satisfied, and is refused before anything is read. */
		if (arg > s->n - *pos)
			return fail(s, at, "truncated: array longer than the "
				    "input");
		for (i = 0; i < arg; i++)
			if (item(s, pos, depth + 1) != 0)
				return -1;
		return 0;
	default:        /* 5, a map */
		if (arg > (s->n - *pos) / 2)
			return fail(s, at, "truncated: map longer than the "
				    "input");
		for (i = 0; i < arg; i++) {
			key = *pos;
			if (item(s, pos, depth + 1) != 0)
				return -1;
			if (i > 0) {
				int c = compare(s->p + prev, prev_end - prev,
						s->p + key, *pos - key);
				if (c == 0)
					return fail(s, key,
						    "duplicate map key");
				if (c > 0)
					return fail(s, key, "map keys not in "
						    "ascending order");
			}
			prev = key;
			prev_end = *pos;
			if (item(s, pos, depth + 1) != 0)
				return -1;
		}
		return 0;
	}
}

int mica_cbor_scan(const uint8_t *p, size_t n, size_t *off,
		   const char **why)
{
	scan s = { p, n, 0, 0 };
	size_t pos = 0;

	if (item(&s, &pos, 0) == 0 && pos != n)
		fail(&s, pos, "trailing bytes after the blob");
	if (s.why) {
		*off = s.off;
		*why = s.why;
		return -1;
	}
	return 0;
}
