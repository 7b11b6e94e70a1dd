/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * textout.c -- hex and JSON string output.
 */
#include "mica/textout.h"

void mica_put_hex(FILE *out, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		putc(digits[p[i] >> 4], out);
		putc(digits[p[i] & 15], out);
	}
}

/* s escaped for a JSON string, without the quotes. */
static void put_json_body(FILE *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", out);
		else if (ch == '\t')
			fputs("\\t", out);
		else if (ch < 0x20 || ch == 0x7F)
			fprintf(out, "\\u%04x", ch);
		else
			putc(ch, out);
	}
}

void mica_put_json_string(FILE *out, const char *s, size_t n)
{
	putc('"', out);
	put_json_body(out, s, n);
	putc('"', out);
}

size_t mica_utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

void mica_put_json_text(FILE *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, start = 0;

	/* Runs of valid text go through mica_put_json_string's escaping;
	 * the quotes of each run are not written. */
	putc('"', out);
	while (i < n) {
		size_t k = mica_utf8_len(u + i, n - i);
		if (k) {
			i += k;
			continue;
		}
		put_json_body(out, s + start, i - start);
		fputs("\\ufffd", out);
		start = ++i;
	}
	put_json_body(out, s + start, i - start);
	putc('"', out);
}
