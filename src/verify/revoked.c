/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * revoked.c -- reading a revocation list (man/mica-revoked.5).
 *
 * One entry a line: a digest (sha256:HEX, sha384:HEX, sha512:HEX, as in
 * .mica files) or `policy NAME version N`, then a comment that says why
 * (`# ...`, required: a revocation nobody can explain cannot be lifted
 * either). Blank lines and full-line comments are allowed. The reader is
 * strict and stops at the first malformed line, naming it
 * FILE:LINE:COL, before anything is verified: a list that is half read
 * would let a revoked Realm through.
 */
#include <stdarg.h>
#include <string.h>

#include "verify.h"

typedef struct rl {
	const uint8_t *line;   /* start of the current line */
	const uint8_t *p;      /* the cursor, within the line */
	const uint8_t *eol;    /* the line's '\n' (or the buffer's end) */
	unsigned lineno;
	const char *file;
	char *err;
	size_t errlen;
} rl;

static int rfail(rl *r, const char *fmt, ...) MICA_PRINTF(2, 3);

static int rfail(rl *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(r->err, r->errlen, "%s:%u:%zu: error: ", r->file,
		     r->lineno, (size_t)(r->p - r->line) + 1);
	if (n < 0 || (size_t)n >= r->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static void blanks(rl *r)
{
	while (r->p < r->eol && (*r->p == ' ' || *r->p == '\t'))
		r->p++;
}

/* Does the line continue with word w, followed by a blank or its end? */
static int word(const rl *r, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(r->eol - r->p) >= n && memcmp(r->p, w, n) == 0 &&
	       (r->p + n == r->eol || r->p[n] == ' ' || r->p[n] == '\t' ||
		r->p[n] == '#');
}

/* At least one blank, then more. */
static int gap(rl *r, const char *next)
{
	if (r->p >= r->eol || (*r->p != ' ' && *r->p != '\t'))
		return rfail(r, "%s expected after a blank", next);
	blanks(r);
	if (r->p >= r->eol || *r->p == '#')
		return rfail(r, "%s expected", next);
	return 0;
}

static int digest(rl *r, mica_revoked_entry *e)
{
	static const struct { const char *prefix; size_t n; } forms[] = {
		{ "sha256:", 32 }, { "sha384:", 48 }, { "sha512:", 64 },
	};
	const uint8_t *hex;
	size_t k, i, len;

	for (k = 0; k < 3; k++)
		if ((size_t)(r->eol - r->p) >= 7 &&
		    memcmp(r->p, forms[k].prefix, 7) == 0)
			break;
	if (k == 3)
		return rfail(r, "expected sha256:HEX, sha384:HEX, sha512:HEX "
			     "or 'policy NAME version N'");
	r->p += 7;
	hex = r->p;
	while (r->p < r->eol && mica_hexval(*r->p) >= 0)
		r->p++;
	len = (size_t)(r->p - hex);
	if (r->p < r->eol && *r->p != ' ' && *r->p != '\t' && *r->p != '#')
		return rfail(r, "'%c' is not a hexadecimal digit", *r->p);
	if (len != 2 * forms[k].n) {
		r->p = hex;
		return rfail(r, "%.7s wants %zu hexadecimal digits, not %zu",
			     forms[k].prefix, 2 * forms[k].n, len);
	}
	e->kind = MICA_REVOKED_DIGEST;
	e->dlen = forms[k].n;
	for (i = 0; i < e->dlen; i++)
		e->digest[i] = (uint8_t)(mica_hexval(hex[2 * i]) << 4 |
					 mica_hexval(hex[2 * i + 1]));
	return 0;
}

static int is_name(int c, int first)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
	       (!first && ((c >= '0' && c <= '9') || c == '-'));
}

/* policy NAME version N */
static int policy(rl *r, mica_revoked_entry *e)
{
	const uint8_t *s;
	uint64_t v = 0;

	r->p += 6;
	if (gap(r, "the policy's name"))
		return -1;
	s = r->p;
	if (!is_name(*r->p, 1))
		return rfail(r, "a policy name starts with a letter or '_'");
	while (r->p < r->eol && is_name(*r->p, 0))
		r->p++;
	if ((size_t)(r->p - s) > MICA_REF_NAME_MAX) {
		r->p = s;
		return rfail(r, "policy name longer than %d bytes",
			     MICA_REF_NAME_MAX);
	}
	memcpy(e->policy, s, (size_t)(r->p - s));
	e->policy[r->p - s] = '\0';
	if (gap(r, "'version'"))
		return -1;
	if (!word(r, "version"))
		return rfail(r, "'version' expected after the policy name");
	r->p += 7;
	if (gap(r, "the version number"))
		return -1;
	s = r->p;
	while (r->p < r->eol && *r->p >= '0' && *r->p <= '9') {
		unsigned d = (unsigned)(*r->p - '0');

		if (v > (UINT64_MAX - d) / 10) {
			r->p = s;
			return rfail(r, "version larger than 2^64 - 1");
		}
		v = v * 10 + d;
		r->p++;
	}
	if (r->p == s)
		return rfail(r, "the version must be an unsigned integer");
	if (r->p - s > 1 && *s == '0') {
		r->p = s;
		return rfail(r, "the version has a leading zero");
	}
	e->kind = MICA_REVOKED_POLICY;
	e->version = v;
	return 0;
}

/* ws* '#' comment, the comment non-empty once trimmed. */
static int comment(rl *r, mica_revoked_entry *e)
{
	const uint8_t *s, *end, *hash;

	blanks(r);
	if (r->p >= r->eol)
		return rfail(r, "an entry needs a comment saying why: "
			     "'# reason'");
	if (*r->p != '#')
		return rfail(r, "unexpected '%c' after the entry; a comment "
			     "starts with '#'", *r->p);
	hash = r->p++;
	blanks(r);
	s = r->p;
	end = r->eol;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end == s) {
		r->p = hash;
		return rfail(r, "empty comment: say why the entry is revoked");
	}
	if ((size_t)(end - s) > MICA_REVOKED_COMMENT_MAX)
		return rfail(r, "comment longer than %d bytes",
			     MICA_REVOKED_COMMENT_MAX);
	memcpy(e->comment, s, (size_t)(end - s));
	e->comment[end - s] = '\0';
	r->p = r->eol;
	return 0;
}

static int same(const mica_revoked_entry *a, const mica_revoked_entry *b)
{
	if (a->kind != b->kind)
		return 0;
	if (a->kind == MICA_REVOKED_DIGEST)
		return a->dlen == b->dlen &&
		       memcmp(a->digest, b->digest, a->dlen) == 0;
	return a->version == b->version && strcmp(a->policy, b->policy) == 0;
}

int mica_revoked_parse(const uint8_t *buf, size_t len, const char *file,
		       mica_revoked *out, char *err, size_t errlen)
{
	const uint8_t *end = buf + len;
	rl r = { buf, buf, buf, 0, file, err, errlen };
	size_t k;

	memset(out, 0, sizeof *out);
	out->file = file;
	if (errlen)
		err[0] = '\0';
	while (r.line < end) {
		mica_revoked_entry *e = &out->e[out->n];

		r.lineno++;
		r.p = r.line;
		r.eol = memchr(r.line, '\n', (size_t)(end - r.line));
		if (!r.eol) {
			r.eol = end;
			r.p = end;
			return rfail(&r, "the file does not end with a newline "
				     "(truncated?)");
		}
		/* No control characters but tabs: no NUL, no CR. */
		for (; r.p < r.eol; r.p++)
			if ((*r.p < 0x20 && *r.p != '\t') || *r.p == 0x7f)
				return rfail(&r, *r.p == '\r'
					     ? "carriage return (the file must "
					       "use LF line endings)"
					     : "control character 0x%02x", *r.p);
		r.p = r.line;
		blanks(&r);
		if (r.p == r.eol || *r.p == '#')
			goto next;
		if (out->n == MICA_REVOKED_MAX)
			return rfail(&r, "more than %d entries",
				     MICA_REVOKED_MAX);
		memset(e, 0, sizeof *e);
		if ((word(&r, "policy") ? policy(&r, e) : digest(&r, e)) ||
		    comment(&r, e))
			return -1;
		e->line = r.lineno;
		for (k = 0; k < out->n; k++)
			if (same(&out->e[k], e)) {
				r.p = r.line;
				blanks(&r);
				return rfail(&r, "the same entry as line %u",
					     out->e[k].line);
			}
		out->n++;
next:
		r.line = r.eol + 1;
	}
	return 0;
}
