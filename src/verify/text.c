/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * text.c -- small writers for inspect: lowercase hex, JSON strings, and
 * CBOR diagnostic notation for claims nobody defined.
 *
 * The diagnostic printer only meets items that the reader has already
 * validated (every claim value went through mica_cbor_item), so nesting
 * is bounded by MICA_CBOR_MAX_DEPTH and a failed read can only mean a
 * bug; it then prints "?" and stops rather than trusting anything.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "verify.h"

static double half(unsigned h)
{
	unsigned e = h >> 10 & 31, m = h & 1023;
	double v;
	int i;

	if (e == 31)
		v = m ? NAN : INFINITY;
	else if (e == 0)
		v = m / 16777216.0;               /* m * 2^-24 */
	else {
		v = (m + 1024) / 16777216.0;      /* (1024 + m) * 2^(e-25) */
		for (i = 1; i < (int)e; i++)
			v *= 2;
	}
	return h & 0x8000 ? -v : v;
}

/* The shortest decimal that reads back as d, always with a point or an
 * exponent so that it does not read as an integer. */
static void put_double(FILE *out, double d)
{
	char buf[40];
	int prec;

	if (isnan(d)) {
		fputs("NaN", out);
		return;
	}
	if (isinf(d)) {
		fputs(d < 0 ? "-Infinity" : "Infinity", out);
		return;
	}
	for (prec = 1; prec <= DBL_DECIMAL_DIG; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	fputs(buf, out);
	if (!strpbrk(buf, ".e"))
		fputs(".0", out);
}

static void diag(FILE *out, mica_cbor *c, int depth)
{
	mica_cbor_head h;
	const uint8_t *p;
	const char *t;
	size_t n;
	uint64_t count, i, tag;

	/* Validated items nest no deeper; this guards against misuse. */
	if (depth > MICA_CBOR_MAX_DEPTH || mica_cbor_peek(c, &h)) {
		fputs("?", out);
		return;
	}
	switch (h.major) {
	case MICA_CBOR_UINT:
		fprintf(out, "%llu", (unsigned long long)h.arg);
		c->p += h.size;
		break;
	case MICA_CBOR_NINT:
		/* -1 - arg, printed without overflow for any arg. */
		if (h.arg == UINT64_MAX)
			fputs("-18446744073709551616", out);
		else
			fprintf(out, "-%llu", (unsigned long long)h.arg + 1);
		c->p += h.size;
		break;
	case MICA_CBOR_BSTR:
		if (mica_cbor_bstr(c, &p, &n))
			break;
		fputs("h'", out);
		mica_put_hex(out, p, n);
		putc('\'', out);
		break;
	case MICA_CBOR_TSTR:
		if (!mica_cbor_tstr(c, &t, &n))
			mica_put_json_string(out, t, n);
		break;
	case MICA_CBOR_ARRAY:
	case MICA_CBOR_MAP:
		if (h.major == MICA_CBOR_ARRAY ? mica_cbor_array(c, &count)
					       : mica_cbor_map(c, &count))
			break;
		putc(h.major == MICA_CBOR_ARRAY ? '[' : '{', out);
		for (i = 0; i < count && !c->err; i++) {
			if (i)
				fputs(", ", out);
			diag(out, c, depth + 1);
			if (h.major == MICA_CBOR_MAP) {
				fputs(": ", out);
				diag(out, c, depth + 1);
			}
		}
		putc(h.major == MICA_CBOR_ARRAY ? ']' : '}', out);
		break;
	case MICA_CBOR_TAG:
		if (mica_cbor_tag(c, &tag))
			break;
		fprintf(out, "%llu(", (unsigned long long)tag);
		diag(out, c, depth + 1);
		putc(')', out);
		break;
	default:
		c->p += h.size;
		if (h.info == 25) {
			put_double(out, half((unsigned)h.arg));
		} else if (h.info == 26) {
			uint32_t bits = (uint32_t)h.arg;
			float f;
			memcpy(&f, &bits, sizeof f);
			put_double(out, f);
		} else if (h.info == 27) {
			double d;
			memcpy(&d, &h.arg, sizeof d);
			put_double(out, d);
		} else if (h.arg >= 20 && h.arg <= 23) {
			static const char *const names[] = {
				"false", "true", "null", "undefined"
			};
			fputs(names[h.arg - 20], out);
		} else {
			fprintf(out, "simple(%llu)", (unsigned long long)h.arg);
		}
	}
}

void mica_put_diag(FILE *out, const uint8_t *p, size_t n)
{
	mica_cbor c;

	mica_cbor_init(&c, p, n, MICA_CBOR_LENIENT);
	diag(out, &c, 0);
}

void mica_put_diag_json(FILE *out, const uint8_t *p, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);

	if (!mem) {
		fputs("null", out);
		return;
	}
	mica_put_diag(mem, p, n);
	if (fclose(mem) != 0 || !buf) {
		free(buf);
		fputs("null", out);
		return;
	}
	mica_put_json_string(out, buf, len);
	free(buf);
}

const char *mica_short_hex(const uint8_t *p, size_t n, char buf[16])
{
	static const char x[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < 4 && i < n; i++) {
		buf[2 * i] = x[p[i] >> 4];
		buf[2 * i + 1] = x[p[i] & 15];
	}
	memcpy(buf + 2 * i, "...", 4);
	return buf;
}

int mica_hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f'
		? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}
