/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * api.c -- libmica's public interface (mica/mica.h) over the pipeline
 * (mica/unit.h): the same loading, checking and compiling as micac, with
 * the diagnostics gathered for the context's callback (collect.h)
 * instead of printed.
 *
 * Every entry point resets the counts, runs, flushes the last
 * diagnostic, and returns a mica_status; nothing is printed except by
 * mica_dump_blob and mica_diag_print, on the stream they are given.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/blob.h"
#include "mica/mica.h"
#include "mica/unit.h"
#include "api_internal.h"
#include "collect.h"
#include "fmt.h"

struct mica_ctx {
	mica_diag_callback cb;
	void *user;
	unsigned max_errors;
	int werror;
	unsigned errors, warnings;
};

/* What mica_files.internal points to. */
typedef struct files_owner {
	mica_outputs out;
	mica_file *files;
} files_owner;

const char *mica_version(void)
{
	return MICA_VERSION;
}

mica_ctx *mica_ctx_new(void)
{
	mica_ctx *ctx = calloc(1, sizeof *ctx);

	if (ctx)
		ctx->max_errors = MICA_MAX_ERRORS_DEFAULT;
	return ctx;
}

void mica_ctx_free(mica_ctx *ctx)
{
	free(ctx);
}

void mica_ctx_set_callback(mica_ctx *ctx, mica_diag_callback cb, void *user)
{
	ctx->cb = cb;
	ctx->user = user;
}

void mica_ctx_set_max_errors(mica_ctx *ctx, unsigned max)
{
	ctx->max_errors = max;
}

void mica_ctx_set_warnings_as_errors(mica_ctx *ctx, int on)
{
	ctx->werror = on != 0;
}

unsigned mica_ctx_errors(const mica_ctx *ctx)
{
	return ctx->errors;
}

unsigned mica_ctx_warnings(const mica_ctx *ctx)
{
	return ctx->warnings;
}

/* A file-level error for the callback, counted. */
static void file_error(mica_ctx *ctx, const char *file, const char *what,
		       const char *why)
{
	mica_collect c;
	char msg[512];

	snprintf(msg, sizeof msg, "%s%s", what, why);
	mica_collect_init(&c, ctx->cb, ctx->user);
	/* Every file-level error is about reading or writing a file but
	 * a malformed blob's. */
	mica_collect_file_error(&c, file ? file : "", msg,
				strncmp(what, "malformed blob", 14) == 0
				? "mica.blob" : "mica.io");
	ctx->errors++;
}

/* Loads a unit from path, or from text when path is NULL, and takes it
 * to the check. MICA_STATUS_IO leaves nothing to free. */
static int load(mica_ctx *ctx, mica_collect *c, mica_unit *u,
		const char *path, const char *name, const char *text,
		size_t len)
{
	int rc;

	ctx->errors = ctx->warnings = 0;
	memset(u, 0, sizeof *u);
	if (path ? mica_source_open(&u->src, path)
		 : mica_source_from_mem(&u->src, name ? name : "<policy>",
					text ? text : "", text ? len : 0)) {
		file_error(ctx, path ? path : name, "cannot read: ",
			   strerror(errno));
		return MICA_STATUS_IO;
	}
	mica_collect_init(c, ctx->cb, ctx->user);
	mica_diag_init(&u->diag, &u->src, NULL);
	mica_diag_set_sink(&u->diag, mica_collect_sink, c);
	u->diag.max_errors = ctx->max_errors;
	u->diag.werror = ctx->werror;
	rc = mica_unit_process(u, MICA_TO_CHECK);
	return rc;
}

static void finish(mica_ctx *ctx, mica_collect *c, mica_unit *u)
{
	mica_collect_flush(c);
	ctx->errors = u->diag.errors;
	ctx->warnings = u->diag.warnings;
	mica_unit_free(u);
}

int mica_check_file(mica_ctx *ctx, const char *path)
{
	mica_collect c;
	mica_unit u;
	int rc = load(ctx, &c, &u, path ? path : "", NULL, NULL, 0);

	if (rc != MICA_STATUS_IO)
		finish(ctx, &c, &u);
	return rc;
}

int mica_check_buffer(mica_ctx *ctx, const char *name, const char *text,
		      size_t len)
{
	mica_collect c;
	mica_unit u;
	int rc = load(ctx, &c, &u, NULL, name, text, len);

	if (rc != MICA_STATUS_IO)
		finish(ctx, &c, &u);
	return rc;
}

/* The compilation of a loaded unit into *files, or an empty *files. */
static int compile(mica_ctx *ctx, mica_collect *c, mica_unit *u, int rc,
		   mica_files *files)
{
	files_owner *o;
	size_t i;

	memset(files, 0, sizeof *files);
	if (rc == MICA_STATUS_IO)
		return rc;
	o = calloc(1, sizeof *o);
	if (!o) {
		finish(ctx, c, u);
		return MICA_STATUS_IO;
	}
	if (rc == MICA_STATUS_OK && mica_unit_compile(u, &o->out) != 0)
		rc = MICA_STATUS_POLICY;
	finish(ctx, c, u);
	if (rc == MICA_STATUS_OK)
		o->files = calloc(o->out.n ? o->out.n : 1, sizeof *o->files);
	if (rc != MICA_STATUS_OK || !o->files) {
		if (rc == MICA_STATUS_OK)
			rc = MICA_STATUS_IO;
		mica_outputs_free(&o->out);
		free(o);
		return rc;
	}
	for (i = 0; i < o->out.n; i++) {
		o->files[i].name = o->out.files[i].name;
		o->files[i].data = o->out.files[i].data;
		o->files[i].len = o->out.files[i].len;
	}
	files->n = o->out.n;
	files->files = o->files;
	files->internal = o;
	return MICA_STATUS_OK;
}

int mica_compile_file(mica_ctx *ctx, const char *path, mica_files *out)
{
	mica_collect c;
	mica_unit u;
	int rc = load(ctx, &c, &u, path ? path : "", NULL, NULL, 0);

	return compile(ctx, &c, &u, rc, out);
}

int mica_compile_buffer(mica_ctx *ctx, const char *name, const char *text,
			size_t len, mica_files *out)
{
	mica_collect c;
	mica_unit u;
	int rc = load(ctx, &c, &u, NULL, name, text, len);

	return compile(ctx, &c, &u, rc, out);
}

void mica_files_free(mica_files *files)
{
	files_owner *o = files ? files->internal : NULL;

	if (o) {
		mica_outputs_free(&o->out);
		free(o->files);
		free(o);
	}
	if (files)
		memset(files, 0, sizeof *files);
}

int mica_compile_to_dir(mica_ctx *ctx, const char *path, const char *dir)
{
	files_owner *o;
	mica_files files;
	int rc;

	if (!dir || !*dir) {
		ctx->errors = ctx->warnings = 0;
		file_error(ctx, path, "no output directory", "");
		return MICA_STATUS_IO;
	}
	rc = mica_compile_file(ctx, path, &files);
	if (rc != MICA_STATUS_OK)
		return rc;
	o = files.internal;
	if (mica_write_outputs(dir, o->out.files, o->out.n) != 0) {
		file_error(ctx, dir, "cannot write the compiled files", "");
		rc = MICA_STATUS_IO;
	}
	mica_files_free(&files);
	return rc;
}

int mica_dump_blob(mica_ctx *ctx, const char *name,
		   const unsigned char *data, size_t len, unsigned flags,
		   FILE *out)
{
	mica_blob b;
	mica_blob_error e;

	ctx->errors = ctx->warnings = 0;
	if (!data && len)
		len = 0;
	if (mica_blob_decode(data ? data : (const unsigned char *)"", len, &b,
			     &e) != 0) {
		char what[64] = "malformed blob: ";
		if (e.has_offset)
			snprintf(what, sizeof what, "malformed blob: at offset "
				 "%zu: ", e.offset);
		file_error(ctx, name ? name : "<blob>", what, e.msg);
		return MICA_STATUS_POLICY;
	}
	if (flags & MICA_DUMP_JSON)
		mica_blob_print_json(&b, data, len, out);
	else
		mica_blob_print_text(&b, data, len, out);
	mica_blob_free(&b);
	if (fflush(out) != 0 || ferror(out)) {
		file_error(ctx, name ? name : "<blob>", "cannot write the dump: ",
			   strerror(errno));
		return MICA_STATUS_IO;
	}
	return MICA_STATUS_OK;
}

/* The fix-its of d shown under message k (0: d itself). */
static void print_fixits(FILE *out, const mica_diagnostic *d, size_t k,
			 const char *line, size_t line_len)
{
	mica_diag_msg m;
	size_t i;

	for (i = 0; i < d->nfixits; i++) {
		const mica_diag_fixit *f = &d->fixits[i];
		if (f->note != k)
			continue;
		memset(&m, 0, sizeof m);
		m.sev = MICA_NOTE;
		m.file = f->file ? f->file : "";
		m.loc.first_line = m.loc.last_line = f->line;
		m.loc.first_column = f->column;
		m.loc.last_column = f->end_column - 1;
		m.fix = f->text ? f->text : "";
		m.line = line;
		m.line_len = line_len;
		mica_diag_write(out, &m);
	}
}

void mica_diag_print(FILE *out, const mica_diagnostic *d)
{
	mica_diag_msg m;
	size_t i;

	memset(&m, 0, sizeof m);
	m.sev = (mica_severity)d->severity;
	m.file = d->file ? d->file : "";
	m.loc.first_line = d->line;
	m.loc.first_column = d->column;
	m.loc.last_line = d->end_line;
	m.loc.last_column = d->end_column;
	m.text = d->message ? d->message : "";
	m.line = d->source_line;
	m.line_len = d->source_line_len;
	mica_diag_write(out, &m);
	print_fixits(out, d, 0, d->source_line, d->source_line_len);
	for (i = 0; i < d->nnotes; i++) {
		const mica_diag_note *n = &d->notes[i];
		memset(&m, 0, sizeof m);
		m.sev = MICA_NOTE;
		m.file = n->file ? n->file : "";
		m.loc.first_line = n->line;
		m.loc.first_column = n->column;
		m.loc.last_line = n->end_line;
		m.loc.last_column = n->end_column;
		m.text = n->message ? n->message : "";
		m.line = n->source_line;
		m.line_len = n->source_line_len;
		mica_diag_write(out, &m);
		print_fixits(out, d, i + 1, n->source_line,
			     n->source_line_len);
	}
}

int mica_format(mica_ctx *ctx, const char *name, const char *src,
		size_t len, char **out, size_t *outlen)
{
	mica_collect c;
	mica_unit u;
	int rc;

	*out = NULL;
	*outlen = 0;
	ctx->errors = ctx->warnings = 0;
	memset(&u, 0, sizeof u);
	if (mica_source_from_mem(&u.src, name ? name : "<policy>",
				 src ? src : "", src ? len : 0)) {
		file_error(ctx, name, "cannot read: ", strerror(errno));
		return MICA_STATUS_IO;
	}
	mica_collect_init(&c, ctx->cb, ctx->user);
	mica_diag_init(&u.diag, &u.src, NULL);
	mica_diag_set_sink(&u.diag, mica_collect_sink, &c);
	u.diag.max_errors = ctx->max_errors;
	rc = mica_fmt_source(&u.src, &u.diag, out, outlen);
	finish(ctx, &c, &u);
	return rc;
}

/* ---- for the library's other entry points (api_internal.h) ---- */

int mica_api_load(mica_ctx *ctx, mica_collect *c, mica_unit *u,
		  const char *path, const char *name, const char *text,
		  size_t len)
{
	return load(ctx, c, u, path, name, text, len);
}

void mica_api_finish(mica_ctx *ctx, mica_collect *c, mica_unit *u)
{
	finish(ctx, c, u);
}

void mica_api_file_error(mica_ctx *ctx, const char *file, const char *msg)
{
	file_error(ctx, file, msg, "");
}

size_t mica_diag_rule_count(void)
{
	return mica_diag_nrules();
}

const char *mica_diag_rule_id(size_t i)
{
	return i < mica_diag_nrules() ? mica_diag_rule_get(i)->id : NULL;
}

const char *mica_diag_rule_description(size_t i)
{
	return i < mica_diag_nrules() ? mica_diag_rule_get(i)->description
		: NULL;
}
