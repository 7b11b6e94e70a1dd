/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * diff_print.c -- mica_diff_compute, and micac diff's output as text and
 * JSON (man/micac.1, "DIFF"): sections in a fixed order, items by
 * subject name, fields in a fixed order within a subject.
 */
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "explain.h"
#include "mica/textout.h"
#include "mica/util.h"

static const char *const section_names[MICA_DIFF_NSECTIONS] = {
	"policy", "realms", "regions", "allows", "flows", "blobs", "rims",
};

typedef struct keyed {
	mica_diff_item item;
	size_t seq;
} keyed;

static int by_key(const void *pa, const void *pb)
{
	const keyed *a = pa, *b = pb;
	int c;

	if (a->item.section != b->item.section)
		return a->item.section < b->item.section ? -1 : 1;
	c = strcmp(a->item.subject, b->item.subject);
	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

int mica_diff_compute(const mica_diff_side *old, const mica_diff_side *nu,
		      mica_diff *d)
{
	keyed *k;
	size_t i;

	memset(d, 0, sizeof *d);
	mica_arena_init(&d->arena);
	mica_diff_declarations(old->ir, nu->ir, d);
	if (mica_diff_effects(old, nu, d) != 0)
		return -1;
	/* Stable: by section, subject, then the order items were made. */
	k = mica_xcalloc(d->n ? d->n : 1, sizeof *k);
	for (i = 0; i < d->n; i++) {
		k[i].item = d->items[i];
		k[i].seq = i;
	}
	qsort(k, d->n, sizeof *k, by_key);
	for (i = 0; i < d->n; i++)
		d->items[i] = k[i].item;
	free(k);
	return 0;
}

void mica_diff_free(mica_diff *d)
{
	free(d->items);
	mica_arena_free(&d->arena);
	memset(d, 0, sizeof *d);
}

/* ---- text ---- */

static void text_path(FILE *out, const mica_diff_item *it)
{
	size_t k;

	for (k = 0; k < it->npath; k++) {
		const mica_hop *h = &it->path[k];
		fprintf(out, "      %s:%u: %s -%s-> %s", h->file, h->line,
			h->from, h->edge, h->to);
		if (h->to_trust && strcmp(h->to, "host") &&
		    strcmp(h->to, "any"))
			fprintf(out, " (%s)", h->to_trust);
		fputc('\n', out);
	}
}

void mica_diff_print_text(FILE *out, const mica_diff *d)
{
	size_t i;
	int s = -1;

	if (mica_diff_equal(d)) {
		fputs("the policies mean the same\n", out);
		return;
	}
	for (i = 0; i < d->n; i++) {
		const mica_diff_item *it = &d->items[i];
		if ((int)it->section != s) {
			s = (int)it->section;
			fprintf(out, "%s:\n", section_names[s]);
		}
		fprintf(out, "  %s %s", it->subject, it->field);
		if (it->old_value && it->new_value)
			fprintf(out, ": %s -> %s", it->old_value,
				it->new_value);
		else if (it->old_value || it->new_value)
			fprintf(out, ": %s", it->old_value ? it->old_value
				: it->new_value);
		if (it->section == MICA_DIFF_FLOWS)
			fprintf(out, ", path in %s",
				strstr(it->field, "gained") ? "NEW" : "OLD");
		fputc('\n', out);
		if (it->path_left_out)
			fputs("      (path left out: the paths exceed the "
			      "limit of the diff)\n", out);
		text_path(out, it);
	}
}

/* ---- JSON ---- */

static void json_side(FILE *out, const char *key, const mica_diff_side *s)
{
	fprintf(out, "\"%s\": {\"file\": ", key);
	mica_explain_json_str(out, s->name);
	fputs(", \"policy\": ", out);
	mica_explain_json_str(out, s->ir->name);
	fprintf(out, ", \"refused\": %s}", s->refused ? "true" : "false");
}

static void json_item(FILE *out, const mica_diff_item *it)
{
	fputs("{\"subject\": ", out);
	mica_explain_json_str(out, it->subject);
	fputs(", \"field\": ", out);
	mica_explain_json_str(out, it->field);
	fputs(", \"old\": ", out);
	mica_explain_json_str(out, it->old_value);
	fputs(", \"new\": ", out);
	mica_explain_json_str(out, it->new_value);
	if (it->path_left_out) {
		fputs(", \"path\": null", out);
	} else if (it->section == MICA_DIFF_FLOWS) {
		fputs(", \"path\": ", out);
		mica_explain_json_hops(out, it->path, it->npath);
	}
	fputc('}', out);
}

void mica_diff_print_json(FILE *out, const mica_diff *d,
			  const mica_diff_side *old, const mica_diff_side *nu)
{
	size_t i = 0;
	int s;

	fprintf(out, "{\"equal\": %s,\n", mica_diff_equal(d) ? "true"
		: "false");
	json_side(out, "old", old);
	fputs(",\n", out);
	json_side(out, "new", nu);
	for (s = 0; s < MICA_DIFF_NSECTIONS; s++) {
		bool first = true;
		fprintf(out, ",\n\"%s\": [", section_names[s]);
		for (; i < d->n && (int)d->items[i].section == s; i++) {
			fputs(first ? "\n  " : ",\n  ", out);
			json_item(out, &d->items[i]);
			first = false;
		}
		fputs(first ? "]" : "\n]", out);
	}
	fputs("}\n", out);
}
