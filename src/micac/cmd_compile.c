/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_compile.c -- micac compile FILE -o DIR [--depfile DEP]
 *                  micac compile FILE -o DIR --list-outputs
 *
 * All or nothing: the policy is checked before anything is written; then
 * each blob goes to DIR as soon as it is made, out of sight until every
 * output is written and synced (mica_outdir_*, outdir.c), and an error
 * on the way undoes them all. The depfile is
 * written to a temporary before the outputs and renamed into place only
 * after all of them landed, so a depfile never names outputs that were
 * not written by the same run.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/blob.h"
#include "mica/util.h"
#include "commands.h"
#include "output.h"
#include "../verify/corim.h"

static const char usage[] =
	"usage: micac compile FILE -o DIR [--depfile DEP] [--sign-key KEY]\n"
	"       micac compile FILE -o DIR --list-outputs [--sign-key KEY]\n"
	"  -o DIR            write DIR/<realm>.blob, DIR/reference.json,\n"
	"                    DIR/reference.corim and DIR/mica.corim\n"
	"  --depfile DEP     also write a make-style DEP: outputs: FILE\n"
	"  --list-outputs    print the paths compile would write; write none\n"
	"  --sign-key KEY    also write the CoRIMs signed (COSE_Sign1) with\n"
	"                    the EC private key KEY (P-256 or P-384, PEM)\n"
	"  -Werror           make warnings errors\n"
	"  --max-errors=N    stop printing after N errors (0: no limit)\n"
	"  --diagnostics-format=text|json|sarif\n"
	"                    text on standard error (default), or a JSON or\n"
	"                    SARIF 2.1.0 document on standard output\n"
	"  --color=auto|always|never\n"
	"                    colour text diagnostics (auto: stderr is a "
	"terminal\n"
	"                    and NO_COLOR is unset or empty)\n"
	"FILE '-' is standard input.\n";

/* Writes s escaped for make (and ninja): a space or '#' gets a backslash,
 * and so does every backslash just before a space or '#' (as gcc -MD
 * writes them); '$' is doubled. A newline cannot be escaped: -1. */
static int put_make_word(FILE *f, const char *s)
{
	for (const char *p = s; *p; p++) {
		if (*p == '\n' || *p == '\r')
			return -1;
		if (*p == ' ' || *p == '\t' || *p == '#') {
			for (const char *q = p; q > s && q[-1] == '\\'; q--)
				fputc('\\', f);
			fputc('\\', f);
		} else if (*p == '$') {
			fputc('$', f);
		}
		fputc(*p, f);
	}
	return 0;
}

/* Fills the opened depfile: "OUT1 OUT2 ...: SOURCE\n". Returns 0, or -1
 * when a path cannot be written in make's syntax (reported). */
static int write_depfile(FILE *f, const char *dir, const mica_outputs *out,
			 const char *source)
{
	for (size_t i = 0; i < out->n; i++) {
		char *p = mica_output_path(dir, out->files[i].name);
		int bad = put_make_word(f, p) != 0;

		free(p);
		if (bad) {
			fputs("micac: compile: --depfile: an output path has "
			      "a newline\n", stderr);
			return -1;
		}
		fputc(i + 1 < out->n ? ' ' : ':', f);
	}
	fputc(' ', f);
	if (put_make_word(f, source) != 0) {
		fputs("micac: compile: --depfile: the source path has a "
		      "newline\n", stderr);
		return -1;
	}
	fputc('\n', f);
	return 0;
}

static int list_outputs(const char *dir, const mica_outputs *out)
{
	for (size_t i = 0; i < out->n; i++)
		printf("%s/%s\n", dir, out->files[i].name);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("micac: compile: cannot write the list\n", stderr);
		return MICAC_USAGE;
	}
	return MICAC_OK;
}

/* Where mica_backend_emit_to hands the files: into the output directory
 * (a failure is reported and recorded there: its commit fails), or
 * nowhere (--list-outputs, or a directory that could not be made); with
 * --sign-key, the CoRIMs' bytes are also kept, to be signed. */
typedef struct sink {
	mica_outdir *od;
	bool keep_corims;
	mica_output corims[2];   /* reference.corim, mica.corim, in order */
	size_t ncorims;
} sink;

static bool is_corim(const char *name)
{
	size_t n = strlen(name);

	return n >= 6 && strcmp(name + n - 6, ".corim") == 0;
}

static void put_file(void *ctx, const char *name, const uint8_t *data,
		     size_t len)
{
	sink *s = ctx;

	if (s->keep_corims && is_corim(name) && s->ncorims < 2) {
		mica_output *o = &s->corims[s->ncorims++];
		o->name = mica_xstrdup(name);
		o->data = mica_xmalloc(len ? len : 1);
		memcpy(o->data, data, len);
		o->len = len;
	}
	if (s->od)
		mica_outdir_put(s->od, name, data, len);
}

/* Writes what out still holds (the signed CoRIMs: the rest went to od
 * as it was made) and, if asked, the depfile, then makes them all
 * visible, as described above. od is consumed. */
static int write_all(mica_outdir *od, const char *dir, const char *depfile,
		     const mica_outputs *out, const char *source)
{
	micac_output dep;
	int rc = 0;

	if (depfile && micac_output_open(&dep, depfile) != 0) {
		mica_outdir_abort(od);
		return MICAC_USAGE;
	}
	if (depfile && write_depfile(dep.f, dir, out, source) != 0)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < out->n; i++)
		if (out->files[i].data)
			rc = mica_outdir_put(od, out->files[i].name,
					     out->files[i].data,
					     out->files[i].len);
	if (rc == 0)
		rc = mica_outdir_commit(od);
	else
		mica_outdir_abort(od);
	if (!depfile)
		return rc == 0 ? MICAC_OK : MICAC_USAGE;
	if (rc != 0) {
		micac_output_abort(&dep);
		return MICAC_USAGE;
	}
	return micac_output_commit(&dep) == 0 ? MICAC_OK : MICAC_USAGE;
}

/* With --sign-key: NAME.cose, a signed CoRIM, for each CoRIM of out,
 * appended to it, signed from the bytes s kept (only their names when
 * listing). */
static int add_signed(mica_outputs *out, const sink *s, const char *path,
		      int list)
{
	uint8_t *buf = NULL;
	size_t len = 0, n = out->n, k = 0;
	char err[512];
	mica_sign_key *key = NULL;

	if (mica_read_file(path, 64u << 10, &buf, &len, err, sizeof err)) {
		fprintf(stderr, "micac: compile: %s\n", err);
		return -1;
	}
	key = mica_sign_key_parse(buf, len, err, sizeof err);
	free(buf);
	if (!key) {
		fprintf(stderr, "micac: compile: %s: %s\n", path, err);
		return -1;
	}
	out->files = mica_xrealloc(out->files, (n + 2) * sizeof *out->files);
	for (size_t i = 0; i < n; i++) {
		const mica_output *f = &out->files[i];
		size_t nl = strlen(f->name);
		mica_output *o = &out->files[n + k];

		if (!is_corim(f->name))
			continue;
		memset(o, 0, sizeof *o);
		o->name = mica_xmalloc(nl + 6);
		snprintf(o->name, nl + 6, "%s.cose", f->name);
		out->n++;
		if (!list && (k >= s->ncorims ||
			      strcmp(s->corims[k].name, f->name) != 0))
			mica_fatal("internal error: CoRIM %s not kept",
				   f->name);
		if (!list && mica_corim_sign(key, "micac", s->corims[k].data,
					     s->corims[k].len, &o->data,
					     &o->len, err, sizeof err) != 0) {
			fprintf(stderr, "micac: compile: %s: %s\n", o->name,
				err);
			mica_sign_key_free(key);
			return -1;
		}
		k++;
	}
	mica_sign_key_free(key);
	return 0;
}

int micac_compile(int argc, char **argv)
{
	enum { OPT_DEPFILE = 256, OPT_LIST, OPT_SIGN_KEY };
	static const struct option longs[] = {
		{ "depfile", required_argument, NULL, OPT_DEPFILE },
		{ "list-outputs", no_argument, NULL, OPT_LIST },
		{ "sign-key", required_argument, NULL, OPT_SIGN_KEY },
		MICAC_DIAG_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file, *dir = NULL, *depfile = NULL, *sign_key = NULL;
	micac_diag_opts dopts = MICAC_DIAG_OPTS_INIT;
	int list = 0, c, st;
	bool io_failed = false;
	sink s;
	mica_unit u;
	mica_outputs out;

	optind = 0;
	while ((c = micac_getopt(argc, argv, "ho:W:", longs, usage)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return MICAC_OK;
		case 'o':
			dir = optarg;
			break;
		case OPT_DEPFILE:
			depfile = optarg;
			break;
		case OPT_LIST:
			list = 1;
			break;
		case OPT_SIGN_KEY:
			sign_key = optarg;
			break;
		default:
			if (micac_diag_option(&dopts, c, optarg, usage) != 0)
				return MICAC_USAGE;
		}
	}
	if (optind != argc - 1 || !dir || !*dir)
		return micac_usage_error("compile", optind < argc - 1
					 ? "one FILE only"
					 : "FILE and -o DIR are required",
					 usage);
	file = argv[optind];
	if (list && depfile)
		return micac_usage_error("compile", "--list-outputs writes "
					 "nothing, so no --depfile either",
					 usage);
	if (list && dopts.format != MICAC_FORMAT_TEXT)
		return micac_usage_error("compile", "--list-outputs prints "
					 "on standard output, so "
					 "--diagnostics-format=text only",
					 usage);
	if (depfile && strcmp(file, "-") == 0)
		return micac_usage_error("compile", "--depfile needs a named "
					 "FILE, not standard input", usage);

	memset(&out, 0, sizeof out);
	st = micac_load(&u, file, MICA_TO_CHECK, &dopts);
	if (st == MICAC_USAGE)
		return micac_diag_finish(&dopts, st);
	/* Blobs go to DIR as they are made, out of sight until the commit;
	 * where DIR cannot be made, compile in memory all the same, for the
	 * policy's verdict. */
	memset(&s, 0, sizeof s);
	s.keep_corims = sign_key && !list;
	if (st == MICAC_OK && !list) {
		s.od = mica_outdir_open(dir);
		io_failed = s.od == NULL;
	}
	if (st == MICAC_OK &&
	    mica_unit_compile_to(&u, &out, put_file, &s) != MICAC_OK)
		st = MICAC_POLICY;
	mica_unit_free(&u);
	/* The backend's diagnostics are in the log too: print it now. */
	st = micac_diag_finish(&dopts, st);
	if (st == MICAC_OK && io_failed)
		st = MICAC_USAGE;
	if (st == MICAC_OK && sign_key &&
	    add_signed(&out, &s, sign_key, list) != 0)
		st = MICAC_USAGE;
	for (size_t i = 0; i < s.ncorims; i++) {
		free(s.corims[i].name);
		free(s.corims[i].data);
	}
	if (st != MICAC_OK) {
		mica_outdir_abort(s.od);
		mica_outputs_free(&out);
		return st;
	}
	st = list ? list_outputs(dir, &out)
		  : write_all(s.od, dir, depfile, &out, file);
	mica_outputs_free(&out);
	return st;
}
