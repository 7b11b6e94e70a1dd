/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vtest.h -- helpers for the verifier's tests: where the shared vectors
 * are, reading files, and a small strict JSON parser (for the vectors'
 * manifest, and to prove that `inspect --json` writes valid JSON).
 *
 * The vectors live outside the project: MICA_VECTORS_DIR, a CMake cache
 * variable (its default: the environment variable MICA_VECTORS_DIR at
 * configure time, else ../shared/vectors beside the clone, where CI puts
 * them). If they are missing, every test program that needs them says so
 * and exits with VT_SKIP, which CTest reports as skipped (not passed:
 * a verifier test without its vectors tests nothing).
 */
#ifndef MICA_VTEST_H
#define MICA_VTEST_H

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mica/token.h"

#ifndef MICA_VECTORS_DIR
#define MICA_VECTORS_DIR MICA_SOURCE_DIR "/../shared/vectors"
#endif
#define VEC_DIR MICA_VECTORS_DIR

/* The exit status CTest takes for "skipped" (SKIP_RETURN_CODE). */
#define VT_SKIP 77

/* Whether the vectors are there. */
static inline int vt_have_vectors(void)
{
	struct stat st;

	return stat(VEC_DIR "/manifest.json", &st) == 0 && S_ISREG(st.st_mode);
}

/* Called first in main(): 0 when the vectors are there, else the reason
 * and VT_SKIP for main to return. */
static inline int vt_require_vectors(void)
{
	if (vt_have_vectors())
		return 0;
	printf("SKIP: the third-party test vectors are missing: %s/"
	       "manifest.json not found. Point the CMake cache variable (or,\n"
	       "at configure time, the environment variable) MICA_VECTORS_DIR "
	       "at them.\n", VEC_DIR);
	return VT_SKIP;
}

typedef struct vt_buf {
	uint8_t *p;
	size_t n;
} vt_buf;

/* Reads VEC_DIR/rel (or an absolute path) whole; fails the test if it
 * cannot. A NUL follows the data. */
static inline vt_buf vt_read(const char *rel)
{
	char path[1024];
	vt_buf b = { NULL, 0 };
	FILE *f;
	long n;

	if (rel[0] == '/')
		snprintf(path, sizeof path, "%s", rel);
	else
		snprintf(path, sizeof path, "%s/%s", VEC_DIR, rel);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_msg(n >= 0, "cannot size %s", path);
	rewind(f);
	b.p = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(b.p);
	b.n = fread(b.p, 1, (size_t)n, f);
	ck_assert_msg(b.n == (size_t)n, "short read on %s", path);
	b.p[b.n] = '\0';
	fclose(f);
	return b;
}

static inline void vt_free(vt_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = 0;
}

static inline mica_ec_key vt_key(const char *rel)
{
	vt_buf b = vt_read(rel);
	mica_ec_key k;
	mica_verdict v;

	ck_assert_msg(mica_key_parse(b.p, b.n, &k, &v) == 0,
		      "key %s: %s", rel, v.msg);
	vt_free(&b);
	return k;
}

/* ---- JSON -------------------------------------------------------------- */

typedef struct tj {
	char type;            /* 'o' object, 'a' array, 's' string, 'n'
	                         number, 't' true, 'f' false, 'z' null */
	char *str;            /* 's': decoded, NUL-terminated */
	double num;
	size_t n;             /* members or elements */
	char **keys;          /* 'o' */
	struct tj **kids;
} tj;

typedef struct tj_in {
	const char *p, *end;
	int depth;
} tj_in;

static inline void tj_free(tj *j)
{
	size_t i;

	if (!j)
		return;
	for (i = 0; i < j->n; i++) {
		tj_free(j->kids[i]);
		if (j->keys)
			free(j->keys[i]);
	}
	free(j->kids);
	free(j->keys);
	free(j->str);
	free(j);
}

static inline void tj_ws(tj_in *in)
{
	while (in->p < in->end && strchr(" \t\r\n", *in->p) && *in->p)
		in->p++;
}

static inline char *tj_string(tj_in *in)
{
	size_t cap = 16, n = 0;
	char *s;

	if (in->p >= in->end || *in->p != '"')
		return NULL;
	in->p++;
	s = malloc(cap);
	while (s && in->p < in->end && *in->p != '"') {
		unsigned char ch = (unsigned char)*in->p++;
		if (ch < 0x20)
			goto bad;
		if (ch == '\\') {
			if (in->p >= in->end)
				goto bad;
			ch = (unsigned char)*in->p++;
			switch (ch) {
			case '"': case '\\': case '/': break;
			case 'b': ch = '\b'; break;
			case 'f': ch = '\f'; break;
			case 'n': ch = '\n'; break;
			case 'r': ch = '\r'; break;
			case 't': ch = '\t'; break;
			case 'u': {
				unsigned v = 0, k;
				if (in->end - in->p < 4)
					goto bad;
				for (k = 0; k < 4; k++) {
					char h = *in->p++;
					v = v << 4 | (unsigned)(h >= '0' && h <= '9'
						? h - '0' : h >= 'a' && h <= 'f'
						? h - 'a' + 10 : h >= 'A' && h <= 'F'
						? h - 'A' + 10 : 99);
					if (v > 0xFFFF)
						goto bad;
				}
				/* The tests only need ASCII escapes decoded. */
				ch = v < 0x80 ? (unsigned char)v : '?';
				break;
			}
			default:
				goto bad;
			}
		}
		if (n + 2 > cap && !(s = realloc(s, cap *= 2)))
			return NULL;
		s[n++] = (char)ch;
	}
	if (!s || in->p >= in->end)
		goto bad;
	in->p++;
	s[n] = '\0';
	return s;
bad:
	free(s);
	return NULL;
}

static inline tj *tj_value(tj_in *in);

static inline int tj_add(tj *j, char *key, tj *kid)
{
	tj **k = realloc(j->kids, (j->n + 1) * sizeof *k);
	if (!k)
		return -1;
	j->kids = k;
	if (j->type == 'o') {
		char **ks = realloc(j->keys, (j->n + 1) * sizeof *ks);
		if (!ks)
			return -1;
		j->keys = ks;
		j->keys[j->n] = key;
	}
	j->kids[j->n++] = kid;
	return 0;
}

static inline tj *tj_value(tj_in *in)
{
	tj *j;
	char close;

	tj_ws(in);
	if (in->p >= in->end || ++in->depth > 64)
		return NULL;
	j = calloc(1, sizeof *j);
	if (!j)
		return NULL;
	switch (*in->p) {
	case '{':
	case '[':
		j->type = *in->p == '{' ? 'o' : 'a';
		close = *in->p == '{' ? '}' : ']';
		in->p++;
		tj_ws(in);
		if (in->p < in->end && *in->p == close) {
			in->p++;
			break;
		}
		for (;;) {
			char *key = NULL;
			tj *kid;
			if (j->type == 'o') {
				tj_ws(in);
				if (!(key = tj_string(in)))
					goto bad;
				tj_ws(in);
				if (in->p >= in->end || *in->p++ != ':') {
					free(key);
					goto bad;
				}
			}
			if (!(kid = tj_value(in)) || tj_add(j, key, kid)) {
				free(key);
				tj_free(kid);
				goto bad;
			}
			tj_ws(in);
			if (in->p >= in->end)
				goto bad;
			if (*in->p == close) {
				in->p++;
				break;
			}
			if (*in->p++ != ',')
				goto bad;
		}
		break;
	case '"':
		j->type = 's';
		if (!(j->str = tj_string(in)))
			goto bad;
		break;
	case 't': case 'f': case 'n': {
		const char *w = *in->p == 't' ? "true" : *in->p == 'f'
			? "false" : "null";
		size_t k = strlen(w);
		if ((size_t)(in->end - in->p) < k || memcmp(in->p, w, k) != 0)
			goto bad;
		j->type = *w == 'n' ? 'z' : *w;
		in->p += k;
		break;
	}
	default: {
		/* RFC 8259 number syntax, checked before strtod. */
		const char *s = in->p;
		char buf[64];
		if (in->p < in->end && *in->p == '-')
			in->p++;
		if (in->p >= in->end || !(*in->p >= '0' && *in->p <= '9'))
			goto bad;
		if (*in->p == '0')
			in->p++;
		else
			while (in->p < in->end && *in->p >= '0' && *in->p <= '9')
				in->p++;
		if (in->p < in->end && *in->p == '.') {
			in->p++;
			if (in->p >= in->end || !(*in->p >= '0' && *in->p <= '9'))
				goto bad;
			while (in->p < in->end && *in->p >= '0' && *in->p <= '9')
				in->p++;
		}
		if (in->p < in->end && (*in->p == 'e' || *in->p == 'E')) {
			in->p++;
			if (in->p < in->end && (*in->p == '+' || *in->p == '-'))
				in->p++;
			if (in->p >= in->end || !(*in->p >= '0' && *in->p <= '9'))
				goto bad;
			while (in->p < in->end && *in->p >= '0' && *in->p <= '9')
				in->p++;
		}
		if ((size_t)(in->p - s) >= sizeof buf)
			goto bad;
		memcpy(buf, s, (size_t)(in->p - s));
		buf[in->p - s] = '\0';
		j->type = 'n';
		j->num = strtod(buf, NULL);
	}
	}
	in->depth--;
	return j;
bad:
	tj_free(j);
	return NULL;
}

/* The whole text must be one JSON value. NULL on any syntax error. */
static inline tj *tj_parse(const char *s, size_t n)
{
	tj_in in = { s, s + n, 0 };
	tj *j = tj_value(&in);

	tj_ws(&in);
	if (j && in.p != in.end) {
		tj_free(j);
		return NULL;
	}
	return j;
}

static inline tj *tj_get(const tj *o, const char *key)
{
	size_t i;

	if (!o || o->type != 'o')
		return NULL;
	for (i = 0; i < o->n; i++)
		if (strcmp(o->keys[i], key) == 0)
			return o->kids[i];
	return NULL;
}

static inline const char *tj_str(const tj *o, const char *key)
{
	tj *j = tj_get(o, key);
	return j && j->type == 's' ? j->str : NULL;
}

/* The manifest, parsed; the test fails if it is not valid JSON. */
static inline tj *vt_manifest(void)
{
	vt_buf b = vt_read("manifest.json");
	tj *m = tj_parse((const char *)b.p, b.n);

	ck_assert_msg(m && m->type == 'o', "manifest.json is not a JSON object");
	vt_free(&b);
	return m;
}

/* ---- small things ------------------------------------------------------- */

/* A deterministic generator for sampling and mutation (xorshift64*). */
static inline uint64_t vt_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

/* Whether the memory stream text contains needle. */
static inline int vt_has(const char *text, const char *needle)
{
	return text && strstr(text, needle) != NULL;
}

#endif
