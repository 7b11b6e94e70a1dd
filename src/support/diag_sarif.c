/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * diag_sarif.c -- the diagnostics log as one SARIF 2.1.0 document
 * (OASIS, sarif-schema-2.1.0.json), written for every file at once:
 *
 *   log: version, $schema, runs: [ one run ]
 *   run: tool.driver { name "micac", version, informationUri, rules },
 *        columnKind "unicodeCodePoints", invocations, results
 *   result: ruleId, ruleIndex, level, message.text, locations[0],
 *           relatedLocations (notes; each hop of a leak path is one),
 *           fixes (artifactChanges[].replacements[])
 *
 * Regions are SARIF's: lines and columns from 1, endColumn the column
 * after the region, columns in code points (diag_log.c converts them).
 * The rules array is the whole rule table, so ruleIndex is the table's
 * index and a rule's id never moves.
 */
#include <string.h>

#include "mica/diag_log.h"
#include "mica/textout.h"

#define SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/" \
	"errata01/os/schemas/sarif-schema-2.1.0.json"

static void put_str(FILE *out, const char *s)
{
	mica_put_json_text(out, s, strlen(s));
}

/* A file name as a URI reference: unreserved bytes and '/' as they
 * are, every other byte percent-encoded; an absolute path becomes a
 * file: URI. "<stdin>" becomes "%3Cstdin%3E", a relative reference. */
static void put_uri(FILE *out, const char *file)
{
	const unsigned char *p = (const unsigned char *)file;

	fputc('"', out);
	if (*p == '/')
		fputs("file://", out);
	for (; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			fputc(*p, out);
		else
			fprintf(out, "%%%02X", *p);
	}
	fputc('"', out);
}

static void put_region(FILE *out, const mica_log_entry *e)
{
	uint32_t end_line = e->loc.last_line ? e->loc.last_line
		: e->loc.first_line;

	fprintf(out, "{\"startLine\":%u,\"startColumn\":%u,\"endLine\":%u,"
		"\"endColumn\":%u}", e->loc.first_line, e->first_cp,
		end_line, e->end_cp);
}

/* A physicalLocation: the file, and the region when there is a line. */
static void put_physical(FILE *out, const mica_log_entry *e)
{
	fputs("{\"artifactLocation\":{\"uri\":", out);
	put_uri(out, e->file);
	fputc('}', out);
	if (e->loc.first_line) {
		fputs(",\"region\":", out);
		put_region(out, e);
	}
	fputc('}', out);
}

static const char *const level[] = { "error", "warning", "note" };

static void put_result(FILE *out, const mica_diag_log *log, size_t i,
		       size_t end)
{
	const mica_log_entry *e = &log->v[i];
	size_t rule = mica_diag_rule_find(e->rule ? e->rule : "mica.other");
	size_t j, k;
	int id = 0;

	if (rule == (size_t)-1)
		rule = 0;
	fputs("{\"ruleId\":", out);
	put_str(out, mica_diag_rule_get(rule)->id);
	fprintf(out, ",\"ruleIndex\":%zu,\"level\":\"%s\",\"message\":"
		"{\"text\":", rule, level[e->sev]);
	put_str(out, e->text);
	fputs("},\"locations\":[{\"physicalLocation\":", out);
	put_physical(out, e);
	fputs("}]", out);
	for (j = i + 1, k = 0; j < end; j++) {
		if (log->v[j].fix)
			continue;
		fputs(k++ ? "," : ",\"relatedLocations\":[", out);
		fprintf(out, "{\"id\":%d,\"physicalLocation\":", id++);
		put_physical(out, &log->v[j]);
		fputs(",\"message\":{\"text\":", out);
		put_str(out, log->v[j].text);
		fputs("}}", out);
	}
	if (k)
		fputc(']', out);
	for (j = i + 1, k = 0; j < end; j++) {
		const mica_log_entry *f = &log->v[j];
		if (!f->fix)
			continue;
		fputs(k++ ? "," : ",\"fixes\":[", out);
		fprintf(out, "{\"description\":{\"text\":\"%s\"},",
			f->loc.last_column < f->loc.first_column ? "insert"
			: f->fix[0] ? "replace" : "delete");
		fputs("\"artifactChanges\":[{\"artifactLocation\":{\"uri\":",
		      out);
		put_uri(out, f->file);
		fputs("},\"replacements\":[{\"deletedRegion\":", out);
		put_region(out, f);
		fputs(",\"insertedContent\":{\"text\":", out);
		put_str(out, f->fix);
		fputs("}}]}]}", out);
	}
	if (k)
		fputc(']', out);
	fputc('}', out);
}

void mica_diag_log_sarif(FILE *out, const mica_diag_log *log,
			 const char *version)
{
	size_t i, end, n = mica_diag_nrules();
	bool first = true;

	fputs("{\"version\":\"2.1.0\",\"$schema\":\"" SARIF_SCHEMA "\",\n"
	      "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"micac\","
	      "\"version\":", out);
	put_str(out, version);
	fputs(",\"rules\":[", out);
	for (i = 0; i < n; i++) {
		const mica_diag_rule *r = mica_diag_rule_get(i);
		fputs(i ? ",\n{\"id\":" : "\n{\"id\":", out);
		put_str(out, r->id);
		fputs(",\"shortDescription\":{\"text\":", out);
		put_str(out, r->description);
		fputs("}}", out);
	}
	fputs("]}},\n\"columnKind\":\"unicodeCodePoints\",\"results\":[", out);
	for (i = 0; i < log->n; i = end) {
		end = mica_diag_log_group_end(log, i);
		if (log->v[i].sev == MICA_NOTE || log->v[i].fix)
			continue;
		fputs(first ? "\n" : ",\n", out);
		first = false;
		put_result(out, log, i, end);
	}
	/* The run went through; each cap on errors is a notification. */
	fputs("],\n\"invocations\":[{\"executionSuccessful\":true,"
	      "\"toolExecutionNotifications\":[", out);
	for (i = 0, first = true; i < log->n; i++) {
		if (!log->v[i].stop)
			continue;
		fputs(first ? "" : ",", out);
		first = false;
		fputs("{\"level\":\"note\",\"message\":{\"text\":", out);
		put_str(out, log->v[i].text);
		fputs("},\"locations\":[{\"physicalLocation\":", out);
		put_physical(out, &log->v[i]);
		fputs("}]}", out);
	}
	fputs("]}]}]}\n", out);
}
