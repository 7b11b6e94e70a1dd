/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_diff.c -- micac diff OLD.mica NEW.mica [--json]
 *
 * The semantic difference of two policies, matched by name, and its
 * consequences: flow paths gained and lost, blobs and final RIMs that
 * change. Exit status: 0 the policies mean the same, 1 they differ, 2
 * usage, I/O, or a file that does not parse or resolve (its diagnostics
 * are printed). A file the checker refuses (a leak, say) is still
 * compared, so the diff shows how the leak came about; it has no blobs.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "diff.h"

static const char usage[] =
	"usage: micac diff OLD.mica NEW.mica [--json]\n"
	"  the semantic difference of two policies: header, realms, regions,\n"
	"  allows, flow paths gained or lost, blobs and final RIMs changed\n"
	"  --json            print JSON\n"
	"Exit status: 0 the same, 1 they differ, 2 usage, I/O or a bad file.\n";

/* Loads one side; MICAC_USAGE when it cannot be compared. */
static int load(mica_unit *u, const char *path, mica_diff_side *s)
{
	micac_diag_opts o = MICAC_DIAG_OPTS_INIT;
	int st = micac_load(u, path, MICA_TO_CHECK, &o);

	if (st == MICAC_USAGE)
		return st;
	if (!u->ir || u->front_errors)
		return MICAC_USAGE;
	s->ir = u->ir;
	s->refused = st != MICAC_OK;
	s->name = strcmp(path, "-") ? path : "<stdin>";
	s->text = mica_source_text(&u->src);
	if (!s->text)
		return MICAC_USAGE;
	s->len = u->src.len;
	return MICAC_OK;
}

int micac_diff(int argc, char **argv)
{
	mica_unit ua, ub;
	mica_diff_side a, b;
	mica_diff d;
	bool json = false;
	int c, st;

	if ((c = micac_json_options(argc, argv, usage, &json)) != -1)
		return c;
	if (argc - optind != 2)
		return micac_usage_error("diff", argc - optind < 2 ?
					 "needs OLD and NEW" :
					 "too many operands", usage);
	if (strcmp(argv[optind], "-") == 0 &&
	    strcmp(argv[optind + 1], "-") == 0)
		return micac_usage_error("diff", "only one of OLD and NEW "
					 "may be '-'", usage);
	memset(&ub, 0, sizeof ub);
	st = load(&ua, argv[optind], &a);
	if (st == MICAC_OK)
		st = load(&ub, argv[optind + 1], &b);
	if (st != MICAC_OK) {
		mica_unit_free(&ua);
		mica_unit_free(&ub);
		return st;
	}
	if (mica_diff_compute(&a, &b, &d) != 0) {
		fputs("micac: diff: cannot compile the policies\n", stderr);
		st = MICAC_USAGE;
	} else {
		if (json)
			mica_diff_print_json(stdout, &d, &a, &b);
		else
			mica_diff_print_text(stdout, &d);
		st = mica_diff_equal(&d) ? MICAC_OK : MICAC_POLICY;
		if (fflush(stdout) != 0 || ferror(stdout)) {
			fputs("micac: diff: cannot write the output\n", stderr);
			st = MICAC_USAGE;
		}
	}
	mica_diff_free(&d);
	mica_unit_free(&ua);
	mica_unit_free(&ub);
	return st;
}
