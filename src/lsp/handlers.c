/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * handlers.c -- the textDocument methods: document synchronisation
 * (didOpen, didChange, didClose, each followed by publishDiagnostics)
 * and the requests on an open document. Parameters are checked here,
 * type by type, before anything uses them: a request with a wrong or
 * missing member is answered with InvalidParams, one about a document
 * that is not open with InvalidParams too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsp.h"

json_t *lsp_capabilities(void)
{
	/* change 1: TextDocumentSyncKind.Full, every didChange carries the
	 * whole text (a ranged change is applied all the same). */
	return json_pack("{s:s,s:{s:b,s:i},s:b,s:b,s:{s:[s]},s:b}",
			 "positionEncoding", "utf-16",
			 "textDocumentSync", "openClose", 1, "change", 1,
			 "definitionProvider", 1,
			 "hoverProvider", 1,
			 "codeActionProvider", "codeActionKinds", "quickfix",
			 "documentFormattingProvider", 1);
}

int lsp_notify(lsp_server *s, const char *method, json_t *params)
{
	json_t *m = json_pack("{s:s,s:s,s:o}", "jsonrpc", "2.0",
			      "method", method, "params", params);
	int rc = m ? lsp_write(s->out, m) : -1;

	json_decref(m);
	return rc;
}

static void publish(lsp_server *s, const char *uri, const lsp_doc *d)
{
	json_t *list = d ? lsp_diagnostics(d) : json_array();
	json_t *p;

	if (!list)
		return;
	p = json_pack("{s:s,s:o}", "uri", uri, "diagnostics", list);
	if (p && d)
		json_object_set_new(p, "version", json_integer(d->version));
	if (p)
		lsp_notify(s, "textDocument/publishDiagnostics", p);
}

/* params.textDocument.uri, or NULL. */
static const char *uri_of(json_t *params)
{
	return json_string_value(json_object_get(
		json_object_get(params, "textDocument"), "uri"));
}

/* Tells the user a document was not taken or not updated (LSP's
 * window/showMessage, type 1: Error): there is no request to answer. */
static void refused(lsp_server *s, const char *uri, const char *what)
{
	char msg[300];

	snprintf(msg, sizeof msg, "micac lsp: %.120s %s: a malformed change, "
		 "or past the limits (%zu documents, %zu MiB of text), or out "
		 "of memory", uri, what, (size_t)LSP_MAX_DOCS,
		 LSP_MAX_TEXT >> 20);
	lsp_notify(s, "window/showMessage",
		   json_pack("{s:i,s:s}", "type", 1, "message", msg));
}

static void did_open(lsp_server *s, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument");
	json_t *text = json_object_get(td, "text");
	json_t *ver = json_object_get(td, "version");
	const char *uri = uri_of(params);
	lsp_doc *d;

	if (!uri || !json_is_string(text) || !json_is_integer(ver))
		return;
	d = lsp_docs_put(&s->docs, uri, json_integer_value(ver),
			 json_string_value(text), json_string_length(text));
	if (d)
		publish(s, uri, d);
	else
		refused(s, uri, "not opened");
}

/* Applies one TextDocumentContentChangeEvent to d's text: the whole text,
 * or with "range", that range replaced. NULL: malformed, or no memory. */
static lsp_doc *apply(lsp_server *s, lsp_doc *d, json_t *ch, int64_t ver)
{
	json_t *text = json_object_get(ch, "text");
	json_t *range = json_object_get(ch, "range");
	size_t from, to, n;
	const char *t = json_string_value(text);
	char *buf;
	lsp_doc *nd;

	if (!json_is_string(text))
		return NULL;
	n = json_string_length(text);
	if (!range)
		return lsp_docs_put(&s->docs, d->uri, ver, t, n);
	if (lsp_pos_parse(d, json_object_get(range, "start"), &from) != 0 ||
	    lsp_pos_parse(d, json_object_get(range, "end"), &to) != 0 ||
	    to < from || d->len - (to - from) + n > LSP_MAX_TEXT)
		return NULL;
	buf = malloc(d->len - (to - from) + n + 1);
	if (!buf)
		return NULL;
	memcpy(buf, d->text, from);
	memcpy(buf + from, t, n);
	memcpy(buf + from + n, d->text + to, d->len - to);
	nd = lsp_docs_put(&s->docs, d->uri, ver, buf,
			  d->len - (to - from) + n);
	free(buf);
	return nd;
}

static void did_change(lsp_server *s, json_t *params)
{
	json_t *ver = json_object_get(json_object_get(params, "textDocument"),
				      "version");
	json_t *changes = json_object_get(params, "contentChanges");
	const char *uri = uri_of(params);
	lsp_doc *d = uri ? lsp_docs_get(&s->docs, uri) : NULL;
	size_t i;

	if (!d || !json_is_integer(ver) || !json_is_array(changes))
		return;
	for (i = 0; d && i < json_array_size(changes); i++)
		d = apply(s, d, json_array_get(changes, i),
			  json_integer_value(ver));
	if (!d)
		refused(s, uri, "not updated");
	/* a failed change leaves the document as it was last stored */
	d = lsp_docs_get(&s->docs, uri);
	if (d)
		publish(s, uri, d);
}

static void did_close(lsp_server *s, json_t *params)
{
	const char *uri = uri_of(params);

	if (!uri || !lsp_docs_get(&s->docs, uri))
		return;
	lsp_docs_drop(&s->docs, uri);
	publish(s, uri, NULL);  /* the editor forgets its markers */
}

/* The open document params names, or NULL with *err set. */
static lsp_doc *doc_of(lsp_server *s, json_t *params, lsp_error *err)
{
	const char *uri = uri_of(params);
	lsp_doc *d;

	if (!uri) {
		err->code = LSP_INVALID_PARAMS;
		err->message = "params.textDocument.uri: a string expected";
		return NULL;
	}
	d = lsp_docs_get(&s->docs, uri);
	if (!d) {
		err->code = LSP_INVALID_PARAMS;
		err->message = "the document is not open";
	}
	return d;
}

/* The document and byte offset of a TextDocumentPositionParams. */
static lsp_doc *at(lsp_server *s, json_t *params, size_t *off,
		   lsp_error *err)
{
	lsp_doc *d = doc_of(s, params, err);

	if (d && lsp_pos_parse(d, json_object_get(params, "position"),
			       off) != 0) {
		err->code = LSP_INVALID_PARAMS;
		err->message = "params.position: a Position expected";
		return NULL;
	}
	return d;
}

static json_t *definition(lsp_server *s, json_t *params, lsp_error *err)
{
	size_t off;
	lsp_doc *d = at(s, params, &off, err);

	return d ? lsp_definition(d, off) : NULL;
}

static json_t *hover(lsp_server *s, json_t *params, lsp_error *err)
{
	size_t off;
	lsp_doc *d = at(s, params, &off, err);

	return d ? lsp_hover(d, off) : NULL;
}

/* Whether a CodeActionContext.only (absent: everything) asks for
 * quick fixes: "quickfix" or a parent kind of it (""). */
static int wants_quickfix(json_t *only)
{
	size_t i;

	if (!only)
		return 1;
	for (i = 0; i < json_array_size(only); i++) {
		const char *k = json_string_value(json_array_get(only, i));
		if (k && (strcmp(k, "quickfix") == 0 || !*k))
			return 1;
	}
	return 0;
}

static json_t *code_action(lsp_server *s, json_t *params, lsp_error *err)
{
	json_t *range = json_object_get(params, "range");
	json_t *only = json_object_get(json_object_get(params, "context"),
				       "only");
	lsp_doc *d = doc_of(s, params, err);
	size_t from, to;

	if (!d)
		return NULL;
	if (lsp_pos_parse(d, json_object_get(range, "start"), &from) != 0 ||
	    lsp_pos_parse(d, json_object_get(range, "end"), &to) != 0 ||
	    (only && !json_is_array(only))) {
		err->code = LSP_INVALID_PARAMS;
		err->message = "params: a range and a context expected";
		return NULL;
	}
	if (!wants_quickfix(only))
		return json_array();
	return lsp_code_actions(d, from < to ? from : to, from < to ? to : from);
}

static json_t *formatting(lsp_server *s, json_t *params, lsp_error *err)
{
	lsp_doc *d = doc_of(s, params, err);

	return d ? lsp_format(d) : NULL;
}

lsp_request_fn lsp_request_handler(const char *method)
{
	if (strcmp(method, "textDocument/codeAction") == 0)
		return code_action;
	if (strcmp(method, "textDocument/formatting") == 0)
		return formatting;
	if (strcmp(method, "textDocument/definition") == 0)
		return definition;
	if (strcmp(method, "textDocument/hover") == 0)
		return hover;
	return NULL;
}

lsp_notify_fn lsp_notify_handler(const char *method)
{
	if (strcmp(method, "textDocument/didOpen") == 0)
		return did_open;
	if (strcmp(method, "textDocument/didChange") == 0)
		return did_change;
	if (strcmp(method, "textDocument/didClose") == 0)
		return did_close;
	return NULL;
}
