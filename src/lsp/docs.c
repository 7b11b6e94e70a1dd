/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * docs.c -- the documents the client has open: their text as of the
 * last didOpen or didChange (full synchronisation) and its line tables.
 *
 * Invariant: every stored document has both line tables built over its
 * current text; a document is replaced whole, never edited in place.
 */
#include <stdlib.h>
#include <string.h>

#include "lsp.h"

static void doc_free(lsp_doc *d)
{
	if (!d)
		return;
	free(d->uri);
	free(d->text);
	free(d->mline);
	free(d->lline);
	free(d);
}

/* Line starts of text: after every '\n', and when lsp, after a '\r' not
 * followed by '\n' too. */
static size_t *lines(const char *t, size_t len, bool lsp, size_t *n)
{
	size_t i, k = 1, *v;

	for (i = 0; i < len; i++)
		if (t[i] == '\n' || (lsp && t[i] == '\r' &&
				     (i + 1 == len || t[i + 1] != '\n')))
			k++;
	if (k > LSP_MAX_TEXT / (2 * sizeof *v))
		return NULL;   /* over the budget anyway (cost) */
	v = malloc(k * sizeof *v);
	if (!v)
		return NULL;
	v[0] = 0;
	k = 1;
	for (i = 0; i < len; i++)
		if (t[i] == '\n' || (lsp && t[i] == '\r' &&
				     (i + 1 == len || t[i + 1] != '\n')))
			v[k++] = i + 1;
	*n = k;
	return v;
}

/* What a document counts against LSP_MAX_TEXT: its text and its line
 * tables (a file of newlines has tables many times its size). */
static size_t cost(const lsp_doc *d)
{
	return d->len + (d->nmline + d->nlline) * sizeof(size_t);
}

static size_t find(const lsp_docs *s, const char *uri)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->doc[i]->uri, uri) == 0)
			return i;
	return s->n;
}

lsp_doc *lsp_docs_get(lsp_docs *s, const char *uri)
{
	size_t i = find(s, uri);

	return i < s->n ? s->doc[i] : NULL;
}

lsp_doc *lsp_docs_put(lsp_docs *s, const char *uri, int64_t version,
		      const char *text, size_t len)
{
	size_t i = find(s, uri);
	lsp_doc *d;

	if (i == s->n && s->n == LSP_MAX_DOCS)
		return NULL;
	if (len > LSP_MAX_TEXT)
		return NULL;
	d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->uri = strdup(uri);
	d->text = malloc(len + 1);
	d->version = version;
	d->len = len;
	if (d->text) {
		memcpy(d->text, text, len);
		d->text[len] = '\0';
		d->mline = lines(text, len, false, &d->nmline);
		d->lline = lines(text, len, true, &d->nlline);
	}
	if (!d->uri || !d->text || !d->mline || !d->lline ||
	    cost(d) > LSP_MAX_TEXT ||
	    s->bytes - (i < s->n ? cost(s->doc[i]) : 0) >
		    LSP_MAX_TEXT - cost(d)) {
		doc_free(d);
		return NULL;
	}
	if (i < s->n) {
		s->bytes -= cost(s->doc[i]);
		doc_free(s->doc[i]);
	} else {
		s->n++;
	}
	s->bytes += cost(d);
	s->doc[i] = d;
	return d;
}

void lsp_docs_drop(lsp_docs *s, const char *uri)
{
	size_t i = find(s, uri);

	if (i == s->n)
		return;
	s->bytes -= cost(s->doc[i]);
	doc_free(s->doc[i]);
	s->doc[i] = s->doc[--s->n];
}

void lsp_docs_free(lsp_docs *s)
{
	while (s->n)
		doc_free(s->doc[--s->n]);
	s->bytes = 0;
}
