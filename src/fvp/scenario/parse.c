/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * parse.c -- the scenario language's small print (scenario.h): problems
 * with the scenario itself (status 2, FILE:LINE:COL), a step's outcome
 * (ok, or denied with a tag), the tokens of a line, numbers and hex bytes.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

/* ---- diagnostics --------------------------------------------------------- */

/* A problem with the scenario itself: status 2. */
int scn_syntax(struct scn *s, unsigned col, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%u:%u: error: ", s->file, s->line, col);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

void scn_deny(struct outcome *o, const char *tag, const char *fmt, ...)
{
	va_list ap;

	o->ok = 0;
	snprintf(o->tag, sizeof o->tag, "%s", tag);
	va_start(ap, fmt);
	vsnprintf(o->detail, sizeof o->detail, fmt, ap);
	va_end(ap);
}

void scn_okay(struct outcome *o, const char *fmt, ...)
{
	va_list ap;

	o->ok = 1;
	o->tag[0] = 0;
	va_start(ap, fmt);
	vsnprintf(o->detail, sizeof o->detail, fmt, ap);
	va_end(ap);
}

const char *scn_rmi_name(unsigned long st)
{
	static const char *const name[] = {
		"SUCCESS", "ERROR_INPUT", "ERROR_REALM", "ERROR_REC", "ERROR_RTT",
	};
	unsigned k = (unsigned)MICA_RMI_STATUS(st);

	return k < 5 ? name[k] : "ERROR_UNKNOWN";
}

/* The outcome of an RMI step: its status names the denial. */
void scn_rmi_outcome(struct outcome *o, const char *what, unsigned long st)
{
	if (st == 0)
		scn_okay(o, "%s: SUCCESS", what);
	else
		scn_deny(o, scn_rmi_name(st), "%s: %s, index %lu", what, scn_rmi_name(st),
		     (unsigned long)MICA_RMI_INDEX(st));
}

/* ---- tokens and numbers -------------------------------------------------- */

/* Splits line in place into tokens; a '#' starts a comment. Returns the
 * count, or -1 when there are more than MAXTOK (col of the first extra
 * one in *bad). */
int scn_tokenize(char *line, struct tok *t, unsigned *bad, unsigned *end)
{
	int n = 0;
	char *p = line;

	*end = 1;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p == 0 || *p == '#')
			break;
		if (n == MAXTOK) {
			*bad = (unsigned)(p - line) + 1;
			return -1;
		}
		t[n].s = p;
		t[n].col = (unsigned)(p - line) + 1;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' &&
		       *p != '\n' && *p != '#')
			p++;
		*end = (unsigned)(p - line) + 1;
		n++;
		if (*p == '#') {
			*p = 0;
			break;
		}
		if (*p)
			*p++ = 0;
	}
	return n;
}

/* An unsigned number: decimal or 0x hex, '_' between digits allowed
 * (as in policies). 0, or -1 when it is not one or does not fit. */
int scn_number(const char *s, uint64_t *v)
{
	char buf[80], *end;
	size_t n = 0;

	if (*s == 0 || *s == '_')
		return -1;
	for (; *s; s++) {
		if (*s == '_')
			continue;
		if (n + 1 >= sizeof buf)
			return -1;
		buf[n++] = *s;
	}
	buf[n] = 0;
	if (buf[0] == '-' || buf[0] == '+')
		return -1;
	errno = 0;
	*v = strtoull(buf, &end, 0);
	return errno || *end || end == buf ? -1 : 0;
}

int scn_hexbytes(const char *s, uint8_t *out, size_t cap, size_t *n)
{
	size_t len = strlen(s);

	if (len == 0 || len % 2 || len / 2 > cap)
		return -1;
	for (size_t i = 0; i < len / 2; i++) {
		unsigned v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1 ||
		    !strchr("0123456789abcdefABCDEF", s[2 * i]) ||
		    !strchr("0123456789abcdefABCDEF", s[2 * i + 1]))
			return -1;
		out[i] = (uint8_t)v;
	}
	*n = len / 2;
	return 0;
}
