/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_compile.c -- micac compile FILE -o DIR [--depfile DEP]
 *                  micac compile FILE -o DIR --list-outputs
 *
 * All or nothing: the policy is checked and every output built in memory
 * before the first byte reaches DIR (mica_write_outputs). The depfile is
 * written to a temporary before the outputs and renamed into place only
 * after all of them landed, so a depfile never names outputs that were
 * not written by the same run.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/blob.h"
#include "commands.h"
#include "output.h"

static const char usage[] =
	"usage: micac compile FILE -o DIR [--depfile DEP]\n"
	"       micac compile FILE -o DIR --list-outputs\n"
	"  -o DIR            write DIR/<realm>.blob and DIR/reference.json\n"
	"  --depfile DEP     also write a make-style DEP: outputs: FILE\n"
	"  --list-outputs    print the paths compile would write; write none\n"
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

/* Writes the outputs and, if asked, the depfile, as described above. */
static int write_all(const char *dir, const char *depfile,
		     const mica_outputs *out, const char *source)
{
	micac_output dep;

	if (!depfile)
		return mica_write_outputs(dir, out->files, out->n) == 0
			? MICAC_OK : MICAC_USAGE;
	if (micac_output_open(&dep, depfile) != 0)
		return MICAC_USAGE;
	if (write_depfile(dep.f, dir, out, source) != 0 ||
	    mica_write_outputs(dir, out->files, out->n) != 0) {
		micac_output_abort(&dep);
		return MICAC_USAGE;
	}
	return micac_output_commit(&dep) == 0 ? MICAC_OK : MICAC_USAGE;
}

int micac_compile(int argc, char **argv)
{
	enum { OPT_DEPFILE = 256, OPT_LIST };
	static const struct option longs[] = {
		{ "depfile", required_argument, NULL, OPT_DEPFILE },
		{ "list-outputs", no_argument, NULL, OPT_LIST },
		MICAC_DIAG_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file, *dir = NULL, *depfile = NULL;
	micac_diag_opts dopts = MICAC_DIAG_OPTS_INIT;
	int list = 0, c, st;
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
	if (st == MICAC_OK && mica_unit_compile(&u, &out) != MICAC_OK)
		st = MICAC_POLICY;
	mica_unit_free(&u);
	/* The backend's diagnostics are in the log too: print it now. */
	st = micac_diag_finish(&dopts, st);
	if (st != MICAC_OK) {
		mica_outputs_free(&out);
		return st;
	}
	st = list ? list_outputs(dir, &out)
		  : write_all(dir, depfile, &out, file);
	mica_outputs_free(&out);
	return st;
}
