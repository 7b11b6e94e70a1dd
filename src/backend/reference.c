/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * reference.c -- reference.json, the verifier's expected values.
 *
 * Written by hand (no JSON library among our dependencies) in one fixed
 * layout: keys in bytewise order at every level, realms by name, so the
 * same policy always gives the same file.
 *
 * The text is built in one growing buffer with plain stores, not through
 * stdio: a policy of N Realms makes a file of about 300 N bytes, and
 * putc/fprintf per character was a tenth of a whole compilation.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "mica/util.h"
#include "backend.h"

/* A growing byte buffer; len <= cap always. */
typedef struct jbuf {
	char *p;
	size_t len, cap;
} jbuf;

/* Makes room for n more bytes and returns where they go. */
static char *jb_room(jbuf *b, size_t n)
{
	if (b->cap - b->len < n) {
		while (b->cap - b->len < n)
			b->cap = b->cap ? 2 * b->cap : 4096;
		b->p = mica_xrealloc(b->p, b->cap);
	}
	return b->p + b->len;
}

static void jb_put(jbuf *b, const char *s, size_t n)
{
	memcpy(jb_room(b, n), s, n);
	b->len += n;
}

#define JB_LIT(b, lit) jb_put((b), lit, sizeof lit - 1)

/* s as a JSON string with its quotes, escaped as mica_put_json_string
 * escapes it (names are identifiers, which need none, but the writer
 * does not rely on that). */
static void jb_string(jbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen(s);
	char *o = jb_room(b, 6 * n + 2), *start = o;

	*o++ = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\') {
			*o++ = '\\';
			*o++ = (char)ch;
		} else if (ch == '\n') {
			*o++ = '\\';
			*o++ = 'n';
		} else if (ch == '\t') {
			*o++ = '\\';
			*o++ = 't';
		} else if (ch < 0x20 || ch == 0x7F) {
			memcpy(o, "\\u00", 4);
			o[4] = hex[ch >> 4];
			o[5] = hex[ch & 15];
			o += 6;
		} else {
			*o++ = (char)ch;
		}
	}
	*o++ = '"';
	b->len += (size_t)(o - start);
}

/* indent "key": "<hex of p>" and a comma unless last, then a newline. */
static void jb_hex_field(jbuf *b, const char *indent, const char *key,
			 const uint8_t *p, size_t n, bool last)
{
	static const char digits[] = "0123456789abcdef";
	char *o;

	jb_put(b, indent, strlen(indent));
	jb_put(b, "\"", 1);
	jb_put(b, key, strlen(key));
	JB_LIT(b, "\": \"");
	o = jb_room(b, 2 * n);
	for (size_t i = 0; i < n; i++) {
		o[2 * i] = digits[p[i] >> 4];
		o[2 * i + 1] = digits[p[i] & 15];
	}
	b->len += 2 * n;
	if (last)
		JB_LIT(b, "\"\n");
	else
		JB_LIT(b, "\",\n");
}

static int cmp_realm(const void *a, const void *b)
{
	const mica_ref_realm *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

char *mica_reference_encode(const mica_ir *ir,
			    const uint8_t workflow[MICA_MAX_DIGEST],
			    const mica_ref_realm *realms, uint32_t n,
			    size_t *len)
{
	const mica_ref_realm **v = mica_xcalloc(n ? n : 1, sizeof *v);
	size_t dlen = mica_hash_size(ir->hash);
	bool sorted = true;
	char num[32];
	jbuf b = { NULL, 0, 0 };

	for (uint32_t i = 0; i < n; i++) {
		v[i] = &realms[i];
		if (i > 0 && strcmp(v[i - 1]->name, v[i]->name) > 0)
			sorted = false;
	}
	/* micac compile hands them over sorted already. */
	if (!sorted)
		qsort(v, n, sizeof *v, cmp_realm);
	/* About 300 bytes a Realm with SHA-256: one allocation for most. */
	jb_room(&b, 512 + (size_t)n * (200 + 6 * dlen));

	JB_LIT(&b, "{\n  \"hash\": \"");
	jb_put(&b, mica_hash_name(ir->hash), strlen(mica_hash_name(ir->hash)));
	JB_LIT(&b, "\",\n  \"policy\": ");
	jb_string(&b, ir->name);
	JB_LIT(&b, ",\n  \"realms\": {");
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			JB_LIT(&b, ",\n    ");
		else
			JB_LIT(&b, "\n    ");
		jb_string(&b, v[i]->name);
		JB_LIT(&b, ": {\n      \"blob\": ");
		jb_string(&b, v[i]->blob);
		JB_LIT(&b, ",\n");
		jb_hex_field(&b, "      ", "blob_digest", v[i]->blob_digest,
			     dlen, false);
		jb_hex_field(&b, "      ", "image_measurement",
			     v[i]->measurement, dlen, false);
		jb_hex_field(&b, "      ", "rim", v[i]->rim, dlen, true);
		JB_LIT(&b, "    }");
	}
	if (n)
		JB_LIT(&b, "\n  ");
	JB_LIT(&b, "},\n  \"version\": ");
	snprintf(num, sizeof num, "%" PRIu64, ir->version);
	jb_put(&b, num, strlen(num));
	JB_LIT(&b, ",\n");
	jb_hex_field(&b, "  ", "workflow_digest", workflow, dlen, true);
	JB_LIT(&b, "}\n");
	free(v);
	*len = b.len;
	return b.p;
}

void mica_reference_write(FILE *out, const mica_ir *ir,
			  const uint8_t workflow[MICA_MAX_DIGEST],
			  const mica_ref_realm *realms, uint32_t n)
{
	size_t len;
	char *p = mica_reference_encode(ir, workflow, realms, n, &len);

	fwrite(p, 1, len, out);
	free(p);
}
