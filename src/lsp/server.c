/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * server.c -- the server's lifecycle and the JSON-RPC layer (LSP 3.17,
 * "Lifecycle Messages" and "Base Protocol").
 *
 * Before initialize, requests are answered ServerNotInitialized and
 * notifications dropped, exit excepted; after shutdown, requests are
 * answered InvalidRequest. A message that is not JSON is answered
 * ParseError, one that is not a request or notification InvalidRequest,
 * both with a null id; an unknown request MethodNotFound; an unknown
 * notification (including "$/" ones) is ignored, and so are responses,
 * since this server sends no requests. No input ends the loop but exit
 * and the end of the input, which counts as exit.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "lsp.h"

/* Sends {"jsonrpc","id",<key>: val}; takes val. */
static void respond(lsp_server *s, json_t *id, const char *key, json_t *val)
{
	json_t *m = json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id",
			      id ? id : json_null(), key, val);

	if (m)
		lsp_write(s->out, m);
	json_decref(m);
}

static void error(lsp_server *s, json_t *id, int code, const char *msg)
{
	respond(s, id, "error",
		json_pack("{s:i,s:s}", "code", code, "message", msg));
}

static json_t *initialize(lsp_server *s, json_t *params, lsp_error *err)
{
	if (s->initialized) {
		err->code = LSP_INVALID_REQUEST;
		err->message = "initialize was already received";
		return NULL;
	}
	if (params && !json_is_object(params)) {
		err->code = LSP_INVALID_PARAMS;
		err->message = "params: an InitializeParams object expected";
		return NULL;
	}
	s->initialized = true;
	return json_pack("{s:o,s:{s:s,s:s}}",
			 "capabilities", lsp_capabilities(),
			 "serverInfo", "name", "micac", "version",
			 MICA_VERSION);
}

static void request(lsp_server *s, json_t *id, const char *method,
		    json_t *params)
{
	lsp_error err = { LSP_INTERNAL_ERROR, "out of memory" };
	lsp_request_fn fn = NULL;
	json_t *res = NULL;

	if (strcmp(method, "initialize") == 0) {
		res = initialize(s, params, &err);
	} else if (!s->initialized) {
		err.code = LSP_SERVER_NOT_INITIALIZED;
		err.message = "initialize first";
	} else if (s->shutdown) {
		err.code = LSP_INVALID_REQUEST;
		err.message = "the server is shutting down";
	} else if (strcmp(method, "shutdown") == 0) {
		s->shutdown = true;
		res = json_null();
	} else if ((fn = lsp_request_handler(method))) {
		if (!json_is_object(params)) {
			err.code = LSP_INVALID_PARAMS;
			err.message = "params: an object expected";
		} else {
			res = fn(s, params, &err);
		}
	} else {
		err.code = LSP_METHOD_NOT_FOUND;
		err.message = "method not found";
	}
	if (res)
		respond(s, id, "result", res);
	else
		error(s, id, err.code, err.message);
}

/* Handles one message. Returns 1 when it was exit. */
static int handle(lsp_server *s, json_t *msg)
{
	json_t *id = json_object_get(msg, "id");
	json_t *method = json_object_get(msg, "method");
	json_t *params = json_object_get(msg, "params");
	const char *m = json_string_value(method);
	lsp_notify_fn fn;

	if (!json_is_object(msg) ||
	    !json_string_value(json_object_get(msg, "jsonrpc")) ||
	    strcmp(json_string_value(json_object_get(msg, "jsonrpc")),
		   "2.0") != 0) {
		error(s, json_is_integer(id) || json_is_string(id) ? id : NULL,
		      LSP_INVALID_REQUEST, "not a JSON-RPC 2.0 message");
		return 0;
	}
	if (!method && (json_object_get(msg, "result") ||
			json_object_get(msg, "error")))
		return 0;   /* a response: this server sends no requests */
	if (!m || (id && !json_is_integer(id) && !json_is_string(id)) ||
	    (params && !json_is_object(params) && !json_is_array(params))) {
		error(s, json_is_integer(id) || json_is_string(id) ? id : NULL,
		      LSP_INVALID_REQUEST,
		      "a request needs a string method, an integer or string "
		      "id, and params an object or array");
		return 0;
	}
	if (id) {
		request(s, id, m, params);
		return 0;
	}
	if (strcmp(m, "exit") == 0)
		return 1;
	if (!s->initialized || s->shutdown)
		return 0;
	fn = lsp_notify_handler(m);
	if (fn && json_is_object(params))
		fn(s, params);
	return 0;
}

int lsp_serve(FILE *in, FILE *out)
{
	lsp_server s;
	char *body;
	uint64_t len;
	const char *why;
	json_error_t jerr;
	json_t *msg;
	int done = 0;

	memset(&s, 0, sizeof s);
	s.out = out;
	/* a client gone mid-write: fail the write, not the process */
	signal(SIGPIPE, SIG_IGN);
	lsp_json_init();
	while (!done) {
		switch (lsp_read(in, &body, &len, &why)) {
		case LSP_READ_EOF:
			done = 1;
			continue;
		case LSP_READ_BAD:
			error(&s, NULL, LSP_PARSE_ERROR, why);
			continue;
		case LSP_READ_TOO_BIG:
			error(&s, NULL, LSP_INVALID_REQUEST,
			      "message longer than the server's limit");
			if (lsp_skip(in, len) != 0)
				done = 1;
			continue;
		case LSP_READ_OK:
			break;
		}
		msg = json_loadb(body, (size_t)len,
				 JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
				 &jerr);
		free(body);
		if (!msg) {
			error(&s, NULL, LSP_PARSE_ERROR,
			      *jerr.text ? jerr.text
					 : "not JSON, or over the memory limit");
			continue;
		}
		done = handle(&s, msg);
		json_decref(msg);
	}
	lsp_docs_free(&s.docs);
	return s.shutdown ? 0 : 1;
}
