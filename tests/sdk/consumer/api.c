/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * api.c -- libmica as a consumer sees it (mica/mica.h).
 *
 *   api print FILE      check FILE, print each diagnostic with
 *                       mica_diag_print (must match `micac check FILE`)
 *   api selftest FILE   assertions on the API; FILE is pipeline.mica
 *
 * Exit status 0 when every assertion holds; each failure is printed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mica/mica.h>

static int failures;

#define EXPECT(cond)                                                    \
	do {                                                            \
		if (!(cond)) {                                          \
			fprintf(stderr, "api.c:%d: FAIL: %s\n",         \
				__LINE__, #cond);                       \
			failures++;                                     \
		}                                                       \
	} while (0)

/* What the callback saw. */
typedef struct seen {
	int n, errors, warnings, notes, stops;
	char first[256];
	unsigned first_line, first_column;
	size_t first_nnotes;
	char first_note[256];
	char first_rule[64], first_fix[64];
	size_t first_nfixits;
	unsigned fix_line, fix_column, fix_end_line, fix_end_column;
	size_t fix_note;
} seen;

static void record(const mica_diagnostic *d, void *user)
{
	seen *s = user;

	if (s->n++ == 0) {
		snprintf(s->first, sizeof s->first, "%s", d->message);
		s->first_line = d->line;
		s->first_column = d->column;
		s->first_nnotes = d->nnotes;
		if (d->nnotes)
			snprintf(s->first_note, sizeof s->first_note, "%s",
				 d->notes[0].message);
		snprintf(s->first_rule, sizeof s->first_rule, "%s",
			 d->rule ? d->rule : "(null)");
		s->first_nfixits = d->nfixits;
		if (d->nfixits) {
			snprintf(s->first_fix, sizeof s->first_fix, "%s",
				 d->fixits[0].text);
			s->fix_line = d->fixits[0].line;
			s->fix_column = d->fixits[0].column;
			s->fix_end_line = d->fixits[0].end_line;
			s->fix_end_column = d->fixits[0].end_column;
			s->fix_note = d->fixits[0].note;
		}
	}
	if (d->severity == MICA_SEVERITY_ERROR)
		s->errors++;
	else if (d->severity == MICA_SEVERITY_WARNING)
		s->warnings++;
	else if (d->nnotes == 0 && d->line == 0)
		s->stops++;
	s->notes += (int)d->nnotes;
}

static void print(const mica_diagnostic *d, void *user)
{
	mica_diag_print(user, d);
}

#define HDR "policy t version 1;\n"
#define REALM(n, c) "realm " n " { measurement = sha256:" \
	c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c \
	c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c "; }\n"

/* A region nobody reads: one warning, "region 'g' is never read". */
static const char warn_src[] = HDR REALM("a", "1") REALM("b", "2")
	"region g : protected, 4 KiB {\n  a: w @ 0x1000;\n  b: w @ 0x1000;\n}\n"
	"region h : protected, 4 KiB {\n  a: w @ 0x2000;\n  b: r @ 0x2000;\n}\n";

/* A sha512 digest under the default sha256: an error with one note. */
static const char note_src[] = HDR "realm a { measurement = sha512:"
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	"; }\nregion g : protected, 4 KiB {\n  a: rw @ 0x1000;\n}\n";

/* A misspelled realm: "did you mean 'alpha'?" and its fix-it. */
static const char typo_src[] = HDR REALM("alpha", "1") REALM("beta", "2")
	"region g : protected, 4 KiB {\n  alhpa: w @ 0x1000;\n"
	"  beta: r @ 0x1000;\n}\n";

/* Three of those errors. */
#define C8(c) c c c c c c c c
#define SHA512(c) "sha512:" C8(C8(c)) C8(C8(c))
static const char cap_src[] = HDR
	"realm a { measurement = " SHA512("a") "; }\n"
	"realm b { measurement = " SHA512("b") "; }\n"
	"realm c { measurement = " SHA512("c") "; }\n"
	"region g : protected, 4 KiB {\n  a: w @ 0x1000;\n  b: r @ 0x1000;\n"
	"  c: r @ 0x1000;\n}\n";

static void selftest(const char *pipeline)
{
	mica_ctx *ctx = mica_ctx_new();
	mica_files files;
	seen s;
	size_t i;

	EXPECT(ctx != NULL);
	EXPECT(strcmp(mica_version(), "0.1.0") == 0);
	mica_ctx_set_callback(ctx, record, &s);

	/* A good policy: nothing delivered, status OK. */
	memset(&s, 0, sizeof s);
	EXPECT(mica_check_file(ctx, pipeline) == MICA_STATUS_OK);
	EXPECT(s.n == 0 && mica_ctx_errors(ctx) == 0);

	/* One warning, at line 4 column 8 (the name of region g). */
	memset(&s, 0, sizeof s);
	EXPECT(mica_check_buffer(ctx, "w.mica", warn_src, strlen(warn_src))
	       == MICA_STATUS_OK);
	EXPECT(s.n == 1 && s.warnings == 1 && mica_ctx_warnings(ctx) == 1);
	EXPECT(strcmp(s.first, "region 'g' is never read") == 0);
	EXPECT(s.first_line == 4 && s.first_column == 8);

	/* The same under warnings-as-errors: an error, status POLICY. */
	mica_ctx_set_warnings_as_errors(ctx, 1);
	memset(&s, 0, sizeof s);
	EXPECT(mica_check_buffer(ctx, "w.mica", warn_src, strlen(warn_src))
	       == MICA_STATUS_POLICY);
	EXPECT(s.n == 1 && s.errors == 1 && mica_ctx_errors(ctx) == 1);
	mica_ctx_set_warnings_as_errors(ctx, 0);

	/* Rule ids: the warning's, and the table. */
	EXPECT(strcmp(s.first_rule, "mica.unused.region") == 0);
	EXPECT(s.first_nfixits == 0);
	EXPECT(mica_diag_rule_count() > 20);
	EXPECT(strcmp(mica_diag_rule_id(0), "mica.other") == 0);
	EXPECT(mica_diag_rule_description(0) != NULL);
	EXPECT(mica_diag_rule_id(mica_diag_rule_count()) == NULL);
	EXPECT(mica_diag_rule_description(mica_diag_rule_count()) == NULL);

	/* A fix-it: "alhpa" (line 5, columns 3-7) becomes "alpha"; its
	 * end is exclusive, and it belongs to the diagnostic itself. */
	memset(&s, 0, sizeof s);
	EXPECT(mica_check_buffer(ctx, "t.mica", typo_src, strlen(typo_src))
	       == MICA_STATUS_POLICY);
	EXPECT(s.n == 1 && strcmp(s.first, "unknown realm 'alhpa'; did you "
				  "mean 'alpha'?") == 0);
	EXPECT(strcmp(s.first_rule, "mica.name.unknown") == 0);
	EXPECT(s.first_nfixits == 1 && strcmp(s.first_fix, "alpha") == 0);
	EXPECT(s.fix_line == 5 && s.fix_column == 3 && s.fix_end_line == 5 &&
	       s.fix_end_column == 8 && s.fix_note == 0);

	/* An error and its note arrive as one diagnostic. */
	memset(&s, 0, sizeof s);
	EXPECT(mica_check_buffer(ctx, "n.mica", note_src, strlen(note_src))
	       == MICA_STATUS_POLICY);
	EXPECT(s.n == 1 && s.errors == 1 && s.first_nnotes == 1);
	EXPECT(strcmp(s.first_note,
		      "no 'hash' line: the default is sha256") == 0);

	/* The cap: three Realms with a sha512 digest, cap 1: one error
	 * (with its note), one stop note, the three counted. */
	mica_ctx_set_max_errors(ctx, 1);
	memset(&s, 0, sizeof s);
	EXPECT(mica_check_buffer(ctx, "c.mica", cap_src, strlen(cap_src))
	       == MICA_STATUS_POLICY);
	EXPECT(s.n == 2 && s.errors == 1 && s.stops == 1);
	EXPECT(mica_ctx_errors(ctx) == 3);
	mica_ctx_set_max_errors(ctx, 20);

	/* An unreadable file: status IO, one diagnostic about the file. */
	memset(&s, 0, sizeof s);
	EXPECT(mica_check_file(ctx, "/nonexistent/p.mica") == MICA_STATUS_IO);
	EXPECT(s.n == 1 && s.errors == 1 && s.first_line == 0);

	/* Compile to memory: the files micac writes, by name. */
	memset(&s, 0, sizeof s);
	EXPECT(mica_compile_file(ctx, pipeline, &files) == MICA_STATUS_OK);
	EXPECT(files.n == 3);
	if (files.n == 3) {
		EXPECT(strcmp(files.files[0].name, "alpha.blob") == 0);
		EXPECT(strcmp(files.files[1].name, "beta.blob") == 0);
		EXPECT(strcmp(files.files[2].name, "reference.json") == 0);
		/* A blob decodes; the same blob cut short does not. */
		FILE *null = fopen("/dev/null", "w");
		EXPECT(mica_dump_blob(ctx, "alpha.blob", files.files[0].data,
				      files.files[0].len, MICA_DUMP_JSON,
				      null) == MICA_STATUS_OK);
		memset(&s, 0, sizeof s);
		EXPECT(mica_dump_blob(ctx, "cut.blob", files.files[0].data,
				      files.files[0].len - 1, 0, null)
		       == MICA_STATUS_POLICY);
		EXPECT(s.n == 1 && strncmp(s.first, "malformed blob", 14) == 0);
		fclose(null);
		for (i = 0; i < files.n; i++)
			EXPECT(files.files[i].len > 0);
	}
	mica_files_free(&files);
	EXPECT(files.n == 0 && files.files == NULL);

	/* A policy with errors compiles to nothing. */
	EXPECT(mica_compile_buffer(ctx, "n.mica", note_src, strlen(note_src),
				   &files) == MICA_STATUS_POLICY);
	EXPECT(files.n == 0);
	mica_ctx_free(ctx);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "print") == 0) {
		mica_ctx *ctx = mica_ctx_new();
		int st;
		mica_ctx_set_callback(ctx, print, stdout);
		st = mica_check_file(ctx, argv[2]);
		mica_ctx_free(ctx);
		return st;
	}
	if (argc == 3 && strcmp(argv[1], "selftest") == 0) {
		selftest(argv[2]);
		if (failures == 0)
			puts("api: all assertions hold");
		return failures ? 1 : 0;
	}
	fputs("usage: api print FILE | api selftest FILE\n", stderr);
	return 2;
}
