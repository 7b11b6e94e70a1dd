/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * format.c -- a policy source to its canonical layout (fmt.h), refusing
 * a file that does not parse, and checking the result before handing it
 * out: the output must scan to the same tokens, spelled the same, and
 * the same number of comments, or the formatter would have changed the
 * policy's meaning.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/ast.h"
#include "mica/unit.h"
#include "fmt.h"

/* Whether two scans hold the same tokens, spelled alike, and as many
 * comments. */
static bool same_tokens(const char *ta, const mica_fmt_items *a,
			const char *tb, const mica_fmt_items *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		const mica_fmt_item *x = &a->v[i], *y = &b->v[i];
		if (x->tok != y->tok)
			return false;
		if (x->tok && (x->len != y->len ||
			       memcmp(ta + x->off, tb + y->off, x->len) != 0))
			return false;
	}
	return true;
}

int mica_fmt_source(mica_source *src, mica_diag *d, char **out,
		    size_t *outlen)
{
	mica_fmt_items items, again;
	mica_source res;
	char *text = NULL;
	size_t len = 0;
	FILE *mem;
	unsigned before = d->errors;
	bool same;

	*out = NULL;
	*outlen = 0;
	/* The layout copies comments and spacing from the text itself. */
	if (!mica_source_text(src))
		return MICA_EXIT_USAGE;
	mica_ast_free(mica_parse(src, d));
	if (d->errors != before)
		return MICA_EXIT_POLICY;
	mica_fmt_scan(src, &items);
	mem = open_memstream(&text, &len);
	if (!mem) {
		mica_fmt_items_free(&items);
		return MICA_EXIT_USAGE;
	}
	mica_fmt_layout(mem, src->text, &items);
	if (fclose(mem) != 0) {
		free(text);
		mica_fmt_items_free(&items);
		return MICA_EXIT_USAGE;
	}
	if (mica_source_from_mem(&res, src->name, text, len) != 0) {
		free(text);
		mica_fmt_items_free(&items);
		return MICA_EXIT_USAGE;
	}
	mica_fmt_scan(&res, &again);
	same = same_tokens(src->text, &items, res.text, &again);
	mica_fmt_items_free(&again);
	mica_fmt_items_free(&items);
	mica_source_free(&res);
	if (!same) {
		/* Never reached by any input the tests know: a guard. */
		free(text);
		mica_error_file(d, "formatting would change the tokens (a bug "
				"in the formatter); not formatted");
		return MICA_EXIT_POLICY;
	}
	*out = text;
	*outlen = len;
	return MICA_EXIT_OK;
}
