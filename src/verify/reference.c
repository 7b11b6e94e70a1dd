/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * reference.c -- reading micac's reference.json (man/mica-blob.5).
 *
 * No JSON library is among our dependencies, so this is a small strict
 * reader for exactly the shape src/backend/reference.c writes: objects,
 * strings and unsigned integers, two levels of objects, nothing else (no
 * arrays, floats, booleans, null or negative numbers). It reads the
 * buffer once, bounded by its length, without recursion; every key is
 * required once and no other key is accepted; anything malformed stops
 * it with a message that names the byte offset.
 */
#include <stdarg.h>
#include <string.h>

#include "verify.h"

typedef struct jr {
	const uint8_t *p, *end, *start;
	char *err;
	size_t errlen;
	int failed;
} jr;

static int jfail(jr *j, const char *fmt, ...) MICA_PRINTF(2, 3);

static int jfail(jr *j, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (j->failed)
		return -1;
	j->failed = 1;
	n = snprintf(j->err, j->errlen, "at byte %zu: ",
		     (size_t)(j->p - j->start));
	if (n < 0 || (size_t)n >= j->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(j->err + n, j->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static void ws(jr *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
				 *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

/* Skips whitespace, then wants character c. */
static int want(jr *j, char c, const char *what)
{
	ws(j);
	if (j->p >= j->end)
		return jfail(j, "the file ends where %s is expected "
			     "(truncated?)", what);
	if (*j->p != (uint8_t)c)
		return jfail(j, "%s expected", what);
	j->p++;
	return 0;
}

/* A string into out (cap bytes with the NUL); its length in *n. Escapes
 * \" \\ \/ \b \f \n \r \t and \u0001..\u007f; no NUL, no control
 * characters, nothing beyond ASCII escaped. */
static int string(jr *j, char *out, size_t cap, size_t *n, const char *what)
{
	size_t k = 0;

	ws(j);
	if (j->p >= j->end)
		return jfail(j, "the file ends where %s is expected "
			     "(truncated?)", what);
	if (*j->p != '"')
		return jfail(j, "%s must be a string", what);
	j->p++;
	for (;;) {
		int c;

		if (j->p >= j->end)
			return jfail(j, "the file ends inside a string "
				     "(truncated?)");
		c = *j->p;
		if (c == '"') {
			j->p++;
			break;
		}
		if (c < 0x20)
			return jfail(j, "control character in a string");
		if (c == '\\') {
			if (j->end - j->p < 2)
				return jfail(j, "the file ends inside a "
					     "string (truncated?)");
			switch (j->p[1]) {
			case '"': case '\\': case '/': c = j->p[1]; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'u': {
				int h[4], i;

				if (j->end - j->p < 6)
					return jfail(j, "the file ends inside "
						     "a string (truncated?)");
				for (i = 0; i < 4; i++)
					if ((h[i] = mica_hexval(j->p[2 + i])) < 0)
						return jfail(j, "bad \\u escape");
				c = h[0] << 12 | h[1] << 8 | h[2] << 4 | h[3];
				if (c == 0 || c > 0x7f)
					return jfail(j, "\\u escape outside "
						     "ASCII or of NUL");
				j->p += 4;
				break;
			}
			default:
				return jfail(j, "bad escape in a string");
			}
			j->p += 2;
		} else {
			j->p++;
		}
		if (k + 1 >= cap)
			return jfail(j, "%s longer than %zu bytes", what,
				     cap - 1);
		out[k++] = (char)c;
	}
	out[k] = '\0';
	*n = k;
	return 0;
}

/* A string of exactly 2 * n hex digits into out. */
static int digest(jr *j, uint8_t *out, size_t n, const char *what)
{
	char s[2 * MICA_REF_DIGEST_MAX + 2];
	size_t len, i;

	if (string(j, s, sizeof s, &len, what))
		return -1;
	if (len != 2 * n)
		return jfail(j, "%s must be %zu hexadecimal digits, not %zu",
			     what, 2 * n, len);
	for (i = 0; i < n; i++) {
		int hi = mica_hexval(s[2 * i]), lo = mica_hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return jfail(j, "%s is not hexadecimal", what);
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* An unsigned integer: digits, no leading zero, no sign, fraction or
 * exponent, at most 2^64 - 1. */
static int integer(jr *j, uint64_t *out, const char *what)
{
	uint64_t v = 0;
	const uint8_t *s;

	ws(j);
	s = j->p;
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9') {
		unsigned d = (unsigned)(*j->p - '0');

		if (v > (UINT64_MAX - d) / 10)
			return jfail(j, "%s is too large", what);
		v = v * 10 + d;
		j->p++;
	}
	if (j->p == s)
		return jfail(j, j->p >= j->end ? "the file ends where %s is "
			     "expected (truncated?)" : "%s must be an unsigned "
			     "integer", what);
	if (j->p - s > 1 && *s == '0')
		return jfail(j, "%s has a leading zero", what);
	if (j->p < j->end && (*j->p == '.' || *j->p == 'e' || *j->p == 'E'))
		return jfail(j, "%s must be an integer", what);
	*out = v;
	return 0;
}

/* After a member: ',' (returns 1, more follow) or '}' (returns 0). */
static int next(jr *j)
{
	ws(j);
	if (j->p >= j->end)
		return jfail(j, "the file ends inside an object (truncated?)");
	if (*j->p == ',') {
		j->p++;
		return 1;
	}
	if (*j->p == '}') {
		j->p++;
		return 0;
	}
	return jfail(j, "',' or '}' expected");
}

/* '{', then 1 if a member follows, 0 for an empty object. */
static int open_obj(jr *j, const char *what)
{
	if (want(j, '{', what))
		return -1;
	ws(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
		return 0;
	}
	return 1;
}

/* A key and its ':'; which of names[0..n) it is, or -1. */
static int key(jr *j, const char *const *names, int n, unsigned *seen,
	       const char *where)
{
	char k[MICA_REF_NAME_MAX + 1];
	size_t len;
	int i;

	if (string(j, k, sizeof k, &len, "a key"))
		return -1;
	for (i = 0; i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], k, len) == 0)
			break;
	if (i == n)
		return jfail(j, "unexpected key \"%s\" in %s", k, where);
	if (*seen & 1u << i)
		return jfail(j, "key \"%s\" given twice in %s", k, where);
	*seen |= 1u << i;
	if (want(j, ':', "':'"))
		return -1;
	return i;
}

static int missing(jr *j, const char *const *names, int n, unsigned seen,
		   const char *where)
{
	int i;

	for (i = 0; i < n; i++)
		if (!(seen & 1u << i))
			return jfail(j, "%s has no \"%s\"", where, names[i]);
	return 0;
}

/* One realm's object. Its digests need the hash, which may come after
 * "realms": they are kept as hex and decoded at the end. */
typedef struct pending {
	const uint8_t *at[3];   /* the digests' strings, to re-read */
} pending;

static int realm(jr *j, mica_reference_realm *rr, pending *pd)
{
	static const char *const names[] = {
		"blob", "blob_digest", "image_measurement", "rim"
	};
	char blob[256], where[MICA_REF_NAME_MAX + 16];
	unsigned seen = 0;
	size_t len;
	int r, i;

	snprintf(where, sizeof where, "realm '%s'", rr->name);
	r = open_obj(j, "'{' (a realm)");
	while (r > 0) {
		ws(j);
		i = key(j, names, 4, &seen, where);
		if (i < 0)
			return -1;
		ws(j);
		if (i == 0) {
			if (string(j, blob, sizeof blob, &len, "\"blob\""))
				return -1;
		} else {
			/* Check the form now, decode once the size is known. */
			char s[2 * MICA_REF_DIGEST_MAX + 2];

			pd->at[i - 1] = j->p;
			if (string(j, s, sizeof s, &len, names[i]))
				return -1;
		}
		r = next(j);
	}
	if (r < 0)
		return -1;
	return missing(j, names, 4, seen, where);
}

int mica_reference_parse(const uint8_t *buf, size_t len, mica_reference *r,
			 char *err, size_t errlen)
{
	static const char *const names[] = {
		"hash", "policy", "realms", "version", "workflow_digest"
	};
	static const char *const dnames[] = {
		"blob_digest", "image_measurement", "rim"
	};
	pending pd[MICA_REF_REALMS_MAX];
	const uint8_t *wf_at = NULL;
	jr j = { buf, buf + len, buf, err, errlen, 0 };
	unsigned seen = 0;
	size_t n, i, k;
	int more, rm, key_i;

	memset(r, 0, sizeof *r);
	memset(pd, 0, sizeof pd);
	if (errlen)
		err[0] = '\0';
	more = open_obj(&j, "'{' (the reference object)");
	while (more > 0) {
		ws(&j);
		key_i = key(&j, names, 5, &seen, "the reference object");
		if (key_i < 0)
			return -1;
		ws(&j);
		switch (key_i) {
		case 0:
			if (string(&j, r->hash, sizeof r->hash, &n, "\"hash\""))
				return -1;
			break;
		case 1:
			if (string(&j, r->policy, sizeof r->policy, &n,
				   "\"policy\""))
				return -1;
			break;
		case 2:
			rm = open_obj(&j, "'{' (the realms)");
			while (rm > 0) {
				mica_reference_realm *rr;

				if (r->nrealms == MICA_REF_REALMS_MAX)
					return jfail(&j, "more than %d realms",
						     MICA_REF_REALMS_MAX);
				rr = &r->realms[r->nrealms];
				ws(&j);
				if (string(&j, rr->name, sizeof rr->name, &n,
					   "a realm's name"))
					return -1;
				if (n == 0)
					return jfail(&j, "empty realm name");
				for (k = 0; k < r->nrealms; k++)
					if (strcmp(r->realms[k].name,
						   rr->name) == 0)
						return jfail(&j, "realm '%s' "
							"given twice", rr->name);
				if (want(&j, ':', "':'") ||
				    realm(&j, rr, &pd[r->nrealms]))
					return -1;
				r->nrealms++;
				rm = next(&j);
			}
			if (rm < 0)
				return -1;
			break;
		case 3:
			if (integer(&j, &r->version, "\"version\""))
				return -1;
			break;
		default: {
			char s[2 * MICA_REF_DIGEST_MAX + 2];

			wf_at = j.p;
			if (string(&j, s, sizeof s, &n, "\"workflow_digest\""))
				return -1;
			break;
		}
		}
		more = next(&j);
	}
	if (more < 0)
		return -1;
	/* A text file: the object, whitespace, and a final newline. */
	ws(&j);
	if (j.p < j.end)
		return jfail(&j, "trailing characters after the object");
	if (j.p[-1] != '\n')
		return jfail(&j, "the file does not end with a newline "
			     "(truncated?)");
	if (missing(&j, names, 5, seen, "the reference object"))
		return -1;
	if (r->policy[0] == '\0')
		return jfail(&j, "empty \"policy\"");
	k = strlen(r->hash);
	r->dlen = mica_vhash_size(mica_vhash_by_name(r->hash, k));
	if (r->dlen == 0 || r->dlen > MICA_REF_DIGEST_MAX)
		return jfail(&j, "\"hash\" is \"%s\", not \"sha-256\", "
			     "\"sha-384\" or \"sha-512\"", r->hash);
	/* The digests, now that their size is known. */
	j.p = wf_at;
	if (digest(&j, r->workflow, r->dlen, "\"workflow_digest\""))
		return -1;
	for (i = 0; i < r->nrealms; i++) {
		uint8_t *out[3] = { r->realms[i].blob_digest,
				    r->realms[i].image, r->realms[i].rim };

		for (k = 0; k < 3; k++) {
			char what[MICA_REF_NAME_MAX + 40];

			snprintf(what, sizeof what, "\"%s\" of realm '%s'",
				 dnames[k], r->realms[i].name);
			j.p = pd[i].at[k];
			if (digest(&j, out[k], r->dlen, what))
				return -1;
		}
	}
	return 0;
}
