/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * print.c -- micac explain's output, as text and as JSON (man/micac.1,
 * "EXPLAIN"): what a realm reaches, and for one target its path or why
 * there is none.
 */
#include <string.h>

#include "explain.h"
#include "mica/textout.h"

void mica_explain_json_str(FILE *out, const char *s)
{
	if (s)
		mica_put_json_string(out, s, strlen(s));
	else
		fputs("null", out);
}

static const char *kind_name(mica_node_kind k)
{
	static const char *const names[] = { "realm", "region", "host", "any" };
	return names[k];
}

/* A hop of the graph, as the library reports it. */
static mica_hop edge_hop(const mica_flow *f, uint32_t e)
{
	const mica_flow_edge *x = &f->edges[e];
	mica_loc loc = mica_explain_edge_loc(f, e);
	mica_hop h;

	h.from = mica_flow_name(f, x->from);
	h.to = mica_flow_name(f, x->to);
	h.to_trust = mica_explain_trust(f, x->to);
	h.edge = mica_explain_edge(x->kind);
	h.file = f->ir->file ? f->ir->file : "";
	h.line = loc.first_line;
	h.column = loc.first_column;
	return h;
}

/* ---- text ---- */

static void text_hop(FILE *out, const mica_hop *h)
{
	fprintf(out, "    %s:%u: %s -%s-> %s", h->file, h->line, h->from,
		h->edge, h->to);
	if (h->to_trust && strcmp(h->to, "host") && strcmp(h->to, "any"))
		fprintf(out, " (%s)", h->to_trust);
	fputc('\n', out);
}

static void text_path(FILE *out, const mica_reached *r)
{
	size_t k;

	for (k = 0; k < r->nhops; k++)
		text_hop(out, &r->hops[k]);
}

static void text_node(FILE *out, const mica_reached *r)
{
	fprintf(out, "  %s (%s%s), %zu hop%s", r->name,
		r->kind == MICA_NODE_REALM ? r->trust : kind_name(r->kind),
		r->kind == MICA_NODE_REALM ? " realm" : "",
		r->nhops, r->nhops == 1 ? "" : "s");
	if (r->stopped_by)
		fprintf(out, ", stopped by %s", r->stopped_by);
	else if (r->stops)
		fputs(": data stops here (a trusted realm may declassify)",
		      out);
	else if (r->sink)
		fputs(": untrusted", out);
	fputs("\n", out);
	text_path(out, r);
}

void mica_explain_print_text(FILE *out, const mica_reach *r)
{
	size_t i;

	fprintf(out, "%s (%s realm) reaches %zu node%s\n", r->realm, r->trust,
		r->n, r->n == 1 ? "" : "s");
	for (i = 0; i < r->n; i++)
		text_node(out, &r->nodes[i]);
	if (!r->nbeyond)
		return;
	fprintf(out, "beyond trusted realms, not attributed to %s: %zu "
		"node%s\n", r->realm, r->nbeyond, r->nbeyond == 1 ? "" : "s");
	for (i = 0; i < r->nbeyond; i++)
		text_node(out, &r->beyond[i]);
}

static const mica_reached *find(const mica_reached *v, size_t n,
				const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

static void text_fix(FILE *out, const mica_flow *f, const mica_whynot *w)
{
	if (w->fix_from == MICA_FLOW_NONE) {
		fputs("  no single new access or allow line opens a path\n",
		      out);
		return;
	}
	if (w->fix_read)
		fprintf(out, "  nearest change: an access line giving %s "
			"read access to %s", mica_flow_name(f, w->fix_from),
			mica_flow_name(f, w->fix_to));
	else if (w->fix_to == f->host)
		fprintf(out, "  nearest change: an allow line letting %s exit "
			"to the host", mica_flow_name(f, w->fix_from));
	else
		fprintf(out, "  nearest change: an access line giving %s "
			"write access to %s", mica_flow_name(f, w->fix_from),
			mica_flow_name(f, w->fix_to));
	fprintf(out, " (a path of %u hop%s)\n", w->fix_hops,
		w->fix_hops == 1 ? "" : "s");
}

void mica_explain_print_target_text(FILE *out, const mica_flow *f,
				    const mica_reach *r, uint32_t target,
				    const mica_whynot *w)
{
	const char *t = mica_flow_name(f, target);
	const mica_reached *p = find(r->nodes, r->n, t);
	char why[256];
	uint32_t i;

	if (strcmp(t, r->realm) == 0 && target < f->ir->nrealms) {
		fprintf(out, "%s is the realm asked about\n", t);
		return;
	}
	if (p) {
		fprintf(out, "%s reaches %s in %zu hop%s\n", r->realm, t,
			p->nhops, p->nhops == 1 ? "" : "s");
		text_path(out, p);
		if (p->stops)
			fprintf(out, "  data stops at %s (a trusted realm may "
				"declassify)\n", t);
		return;
	}
	fprintf(out, "%s does not reach %s\n", r->realm, t);
	p = find(r->beyond, r->nbeyond, t);
	if (w->nstop && p) {
		fprintf(out, "  stopped by trusted realm%s", w->nstop == 1 ?
			"" : "s");
		for (i = 0; i < w->nstop; i++)
			fprintf(out, "%s %s", i ? "," : "",
				mica_flow_name(f, w->stop[i]));
		fprintf(out, ": data stops there (a trusted realm may "
			"declassify); the shortest path through %s:\n",
			p->stopped_by);
		text_path(out, p);
		return;
	}
	mica_whynot_sentence(f, mica_explain_find(f, r->realm, true), target,
			     why, sizeof why);
	fprintf(out, "  %s\n", why);
	if (!w->nentry)
		fprintf(out, "  nothing enters %s\n", t);
	else
		fprintf(out, "  what enters %s:\n", t);
	for (i = 0; i < w->nentry; i++) {
		mica_hop h = edge_hop(f, w->entry[i]);
		text_hop(out, &h);
	}
	text_fix(out, f, w);
}

/* ---- JSON ---- */

static void json_hop(FILE *out, const mica_hop *h)
{
	fputs("{\"from\": ", out);
	mica_explain_json_str(out, h->from);
	fputs(", \"to\": ", out);
	mica_explain_json_str(out, h->to);
	fputs(", \"to_trust\": ", out);
	mica_explain_json_str(out, h->to_trust);
	fputs(", \"edge\": ", out);
	mica_explain_json_str(out, h->edge);
	fputs(", \"file\": ", out);
	mica_explain_json_str(out, h->file);
	fprintf(out, ", \"line\": %u, \"column\": %u}", h->line, h->column);
}

void mica_explain_json_hops(FILE *out, const mica_hop *h, size_t n)
{
	size_t k;

	fputc('[', out);
	for (k = 0; k < n; k++) {
		fputs(k ? ", " : "", out);
		json_hop(out, &h[k]);
	}
	fputc(']', out);
}

static void json_nodes(FILE *out, const mica_reached *v, size_t n)
{
	size_t i;

	fputc('[', out);
	for (i = 0; i < n; i++) {
		fputs(i ? ",\n  {\"name\": " : "\n  {\"name\": ", out);
		mica_explain_json_str(out, v[i].name);
		fputs(", \"kind\": ", out);
		mica_explain_json_str(out, kind_name(v[i].kind));
		fputs(", \"trust\": ", out);
		mica_explain_json_str(out, v[i].trust);
		fprintf(out, ", \"sink\": %s, \"stops\": %s, \"stopped_by\": ",
			v[i].sink ? "true" : "false",
			v[i].stops ? "true" : "false");
		mica_explain_json_str(out, v[i].stopped_by);
		fprintf(out, ", \"hops\": %zu, \"path\": ", v[i].nhops);
		mica_explain_json_hops(out, v[i].hops, v[i].nhops);
		fputc('}', out);
	}
	fputs(n ? "\n]" : "]", out);
}

static void json_head(FILE *out, const mica_flow *f, const mica_reach *r)
{
	fputs("{\"policy\": ", out);
	mica_explain_json_str(out, f->ir->name);
	fputs(", \"file\": ", out);
	mica_explain_json_str(out, f->ir->file ? f->ir->file : "");
	fputs(", \"realm\": ", out);
	mica_explain_json_str(out, r->realm);
	fputs(", \"trust\": ", out);
	mica_explain_json_str(out, r->trust);
}

void mica_explain_print_json(FILE *out, const mica_flow *f,
			     const mica_reach *r)
{
	json_head(out, f, r);
	fputs(",\n\"reaches\": ", out);
	json_nodes(out, r->nodes, r->n);
	fputs(",\n\"stopped\": ", out);
	json_nodes(out, r->beyond, r->nbeyond);
	fputs("}\n", out);
}

void mica_explain_print_target_json(FILE *out, const mica_flow *f,
				    const mica_reach *r, uint32_t target,
				    const mica_whynot *w)
{
	const char *t = mica_flow_name(f, target);
	const mica_reached *p = find(r->nodes, r->n, t);
	const mica_reached *q = p ? NULL : find(r->beyond, r->nbeyond, t);
	bool self = target < f->ir->nrealms && strcmp(t, r->realm) == 0;
	char why[256];
	uint32_t i;

	json_head(out, f, r);
	fputs(", \"target\": ", out);
	mica_explain_json_str(out, t);
	fputs(", \"target_kind\": ", out);
	mica_explain_json_str(out, target == f->host ? "host" : target == f->any ? "any" :
	     target < f->ir->nrealms ? "realm" : "region");
	fprintf(out, ",\n\"reached\": %s, \"path\": ",
		p || self ? "true" : "false");
	if (p)
		mica_explain_json_hops(out, p->hops, p->nhops);
	else
		fputs(self ? "[]" : "null", out);
	fputs(",\n\"stopped_by\": [", out);
	for (i = 0; !p && !self && q && i < w->nstop; i++) {
		fputs(i ? ", " : "", out);
		mica_explain_json_str(out, mica_flow_name(f, w->stop[i]));
	}
	fputs("], \"stopped_path\": ", out);
	if (!p && !self && q && w->nstop)
		mica_explain_json_hops(out, q->hops, q->nhops);
	else
		fputs("null", out);
	fputs(",\n\"missing\": ", out);
	if (p || self || (q && w->nstop)) {
		fputs("null, \"entries\": [], \"fix\": null}\n", out);
		return;
	}
	mica_whynot_sentence(f, mica_explain_find(f, r->realm, true), target,
			     why, sizeof why);
	mica_explain_json_str(out, why);
	fputs(", \"entries\": [", out);
	for (i = 0; i < w->nentry; i++) {
		mica_hop h = edge_hop(f, w->entry[i]);
		fputs(i ? ", " : "", out);
		json_hop(out, &h);
	}
	fputs("], \"fix\": ", out);
	if (w->fix_from == MICA_FLOW_NONE) {
		fputs("null}\n", out);
		return;
	}
	fputs("{\"realm\": ", out);
	mica_explain_json_str(out, mica_flow_name(f, w->fix_from));
	fputs(", \"line\": ", out);
	mica_explain_json_str(out, w->fix_to == f->host ? "allow" : "access");
	fputs(", \"rights\": ", out);
	mica_explain_json_str(out, w->fix_to == f->host ? NULL : w->fix_read ? "r" : "w");
	fputs(", \"to\": ", out);
	mica_explain_json_str(out, mica_flow_name(f, w->fix_to));
	fprintf(out, ", \"hops\": %u}}\n", w->fix_hops);
}
