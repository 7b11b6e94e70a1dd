/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * transport.c -- JSON-RPC messages framed as LSP frames them: a header
 * block of "Name: value" lines, each ended by "\r\n", an empty line, then
 * Content-Length bytes of JSON.
 *
 * Nothing read here is trusted: a header line is read into a fixed
 * buffer (a longer one is malformed and dropped to its end), the length
 * is parsed without overflow, and a body is only allocated once its
 * length is known to be under LSP_MAX_MESSAGE. After a malformed block
 * the reader is back at the start of the next one, so one bad message
 * costs one error and the server goes on. A bare "\n" also ends a line,
 * as lenient servers accept.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lsp.h"

/* ---- jansson's memory, bounded ------------------------------------------
 * A body under LSP_MAX_MESSAGE can still decode into far more memory
 * ("[[],[],...]" costs jansson tens of bytes per two bytes of text), so
 * every JSON value lives under one budget, LSP_MAX_JSON bytes at once:
 * past it an allocation fails and so does the decoding (a ParseError),
 * or the building of an answer (an InternalError). Each block is
 * prefixed by its size, so free knows what to give back, and charged
 * with that prefix and malloc's own overhead (two words), so the budget
 * is close to the memory really taken. */
static size_t json_live;

typedef union json_head {
	size_t size;
	max_align_t align;
} json_head;

#define CHARGE(n) ((n) + sizeof(json_head) + 2 * sizeof(size_t))

static void *json_budget_malloc(size_t n)
{
	json_head *h;

	if (n > LSP_MAX_JSON || CHARGE(n) > LSP_MAX_JSON - json_live)
		return NULL;
	h = malloc(sizeof *h + n);
	if (!h)
		return NULL;
	h->size = n;
	json_live += CHARGE(n);
	return h + 1;
}

static void json_budget_free(void *p)
{
	json_head *h;

	if (!p)
		return;
	h = (json_head *)p - 1;
	json_live -= CHARGE(h->size);
	free(h);
}

void lsp_json_init(void)
{
	json_set_alloc_funcs(json_budget_malloc, json_budget_free);
}

#define LINE_MAX_BYTES 1024

/* Reads one header line (without its end) into buf. Returns its length,
 * -1 at EOF before any byte, or -2 when it was too long (consumed). */
static long read_line(FILE *in, char *buf, size_t cap)
{
	size_t n = 0;
	int c, any = 0, over = 0;

	while ((c = getc(in)) != EOF) {
		any = 1;
		if (c == '\n')
			break;
		if (n + 1 < cap)
			buf[n++] = (char)c;
		else
			over = 1;
	}
	if (c == EOF && !any)
		return -1;
	if (c == EOF)
		return -1;     /* a line cut by the end of input */
	if (n && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	return over ? -2 : (long)n;
}

/* The value of a Content-Length header: decimal digits only, optional
 * blanks around. UINT64_MAX when it does not fit. -1: not a number. */
static int parse_length(const char *v, uint64_t *out)
{
	uint64_t n = 0;
	int digits = 0;

	while (*v == ' ' || *v == '\t')
		v++;
	for (; *v >= '0' && *v <= '9'; v++, digits++) {
		unsigned d = (unsigned)(*v - '0');
		n = n > (UINT64_MAX - d) / 10 ? UINT64_MAX : n * 10 + d;
	}
	while (*v == ' ' || *v == '\t')
		v++;
	if (!digits || *v)
		return -1;
	*out = n;
	return 0;
}

lsp_read_status lsp_read(FILE *in, char **body, uint64_t *len,
			 const char **why)
{
	char line[LINE_MAX_BYTES];
	const char *bad = NULL;
	int have_len = 0;
	uint64_t n = 0;
	long l;
	char *p;

	*body = NULL;
	*why = NULL;
	for (;;) {
		l = read_line(in, line, sizeof line);
		if (l == -1)
			return LSP_READ_EOF;
		if (l == 0)
			break;
		if (l == -2) {
			bad = "header line too long";
			continue;
		}
		p = strchr(line, ':');
		if (!p) {
			bad = "malformed header line (no ':')";
			continue;
		}
		*p++ = '\0';
		if (strcasecmp(line, "Content-Length") != 0)
			continue;      /* Content-Type and unknown headers */
		if (have_len || parse_length(p, &n) != 0)
			bad = have_len ? "Content-Length given twice"
				       : "Content-Length is not a number";
		have_len = 1;
	}
	if (!have_len) {
		*why = bad ? bad : "header block without Content-Length";
		return LSP_READ_BAD;
	}
	if (bad) {
		/* the length is known: skip the body to stay in step */
		*why = bad;
		return lsp_skip(in, n) ? LSP_READ_EOF : LSP_READ_BAD;
	}
	*len = n;
	if (n > LSP_MAX_MESSAGE)
		return LSP_READ_TOO_BIG;
	*body = malloc((size_t)n + 1);
	if (!*body) {
		*why = "out of memory";
		return lsp_skip(in, n) ? LSP_READ_EOF : LSP_READ_BAD;
	}
	if (fread(*body, 1, (size_t)n, in) != (size_t)n) {
		free(*body);
		*body = NULL;
		return LSP_READ_EOF;
	}
	(*body)[n] = '\0';
	return LSP_READ_OK;
}

int lsp_skip(FILE *in, uint64_t n)
{
	char buf[4096];

	while (n) {
		size_t want = n < sizeof buf ? (size_t)n : sizeof buf;
		size_t got = fread(buf, 1, want, in);
		if (got < want)
			return n == UINT64_MAX ? 0 : -1;
		if (n != UINT64_MAX)
			n -= got;
	}
	return 0;
}

int lsp_write(FILE *out, const json_t *msg)
{
	/* into a buffer of our own: json_dumps' would come from the budget
	 * allocator above and must not reach free(3) */
	size_t n = json_dumpb(msg, NULL, 0, JSON_COMPACT);
	char *s = n ? malloc(n) : NULL;
	int rc = 0;

	if (!s || json_dumpb(msg, s, n, JSON_COMPACT) != n) {
		free(s);
		return -1;
	}
	if (fprintf(out, "Content-Length: %zu\r\n\r\n", n) < 0 ||
	    fwrite(s, 1, n, out) != n || fflush(out) != 0)
		rc = -1;
	free(s);
	return rc;
}
