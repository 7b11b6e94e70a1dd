/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * format.c -- textDocument/formatting with the rules of `micac fmt`
 * (mica_format): the layout is canonical, so the request's options (tab
 * size, spaces) do not change it. The answer is one edit replacing the
 * whole document, or none when the text is formatted already; a
 * document that does not parse is left alone (its syntax errors are
 * published as diagnostics).
 */
#include <stdlib.h>
#include <string.h>

#include "lsp.h"

json_t *lsp_format(const lsp_doc *d)
{
	mica_ctx *ctx = mica_ctx_new();
	char *out = NULL;
	size_t len = 0;
	json_t *res;
	int rc;

	if (!ctx)
		return NULL;
	rc = mica_format(ctx, lsp_doc_name(d), d->text, d->len, &out, &len);
	mica_ctx_free(ctx);
	if (rc == MICA_STATUS_IO)
		return NULL;
	if (rc != MICA_STATUS_OK || !out) {
		free(out);
		return json_null();
	}
	if (len == d->len && memcmp(out, d->text, len) == 0)
		res = json_array();
	else
		res = json_pack("[{s:o,s:s%}]",
				"range", lsp_range_json(d, 0, d->len),
				"newText", out, len);
	free(out);
	return res;
}
