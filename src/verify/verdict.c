/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * verdict.c -- the words of a verification's outcome.
 *
 * Every check that fails says what it looked at and what it found, in a
 * sentence a tenant or a firmware engineer can act on; the CLI prints it
 * after "micac: verify: ".
 */
#include <stdarg.h>
#include <string.h>

#include "verify.h"

const char *mica_verdict_name(mica_verdict_kind kind)
{
	static const char *const names[] = {
		"verified", "malformed", "signature-fails", "claims-fail",
		"binding-fails", "challenge-fails", "bad-key",
		"reference-fails",
	};
	if ((unsigned)kind >= sizeof names / sizeof names[0])
		return "unknown";
	return names[kind];
}

int mica_verdict_set(mica_verdict *v, mica_verdict_kind kind,
		     const char *fmt, ...)
{
	va_list ap;

	v->kind = kind;
	va_start(ap, fmt);
	vsnprintf(v->msg, sizeof v->msg, fmt, ap);
	va_end(ap);
	return -1;
}

void mica_verdict_ok(mica_verdict *v)
{
	v->kind = MICA_VERIFIED;
	v->msg[0] = '\0';
}

void mica_verdict_prefix(mica_verdict *v, const char *text)
{
	char tmp[sizeof v->msg];

	snprintf(tmp, sizeof tmp, "%s%s", text, v->msg);
	memcpy(v->msg, tmp, sizeof tmp);
}

const char *mica_cbor_what(const uint8_t *p, size_t n)
{
	static const char *const major[] = {
		"an unsigned integer", "a negative integer", "a byte string",
		"a text string", "an array", "a map", "a tag",
	};
	if (n == 0)
		return "nothing";
	if (p[0] >> 5 < 7)
		return major[p[0] >> 5];
	switch (p[0]) {
	case 0xF4: case 0xF5: return "a boolean";
	case 0xF6: return "null";
	case 0xF7: return "undefined";
	case 0xF9: case 0xFA: case 0xFB: return "a floating-point number";
	default: return "a simple value";
	}
}
