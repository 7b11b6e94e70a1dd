/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_explain.c -- micac explain FILE REALM [TARGET] [--json]
 *
 * Everything REALM's data can reach, each node with its shortest path,
 * hop by hop, each hop with the line that creates it; data stops at a
 * trusted realm. With TARGET, that path, or why there is none: the
 * trusted realms that stop it, or the access that is missing. Exit
 * status: 0 answered (also when no path exists), 1 FILE has errors, 2
 * usage, I/O, or a REALM or TARGET the policy does not declare.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "explain.h"
#include "mica/flow.h"

static const char usage[] =
	"usage: micac explain FILE REALM [TARGET] [--json]\n"
	"  what REALM's data can reach (Realms, regions, host, any), each\n"
	"  with its shortest path and the line creating every hop; with\n"
	"  TARGET (a Realm, a region, host or any) that path or why none\n"
	"  exists\n"
	"  --json            print JSON\n"
	"FILE '-' is standard input.\n";

/* The node called name, or a message naming it (and a close name). */
static uint32_t lookup(const mica_flow *f, const char *file,
		       const char *name, bool realms_only)
{
	uint32_t n = mica_explain_find(f, name, realms_only);
	const char *near;

	if (n != MICA_FLOW_NONE)
		return n;
	near = mica_explain_suggest(f, name, realms_only);
	fprintf(stderr, "micac: explain: %s: no %s '%s'", file,
		realms_only ? "realm" : "realm, region, host or any", name);
	if (near)
		fprintf(stderr, " (did you mean '%s'?)", near);
	fputc('\n', stderr);
	return MICA_FLOW_NONE;
}

static int answer(const mica_flow *f, const char *file, const char *realm,
		  const char *target, bool json)
{
	uint32_t r = lookup(f, file, realm, true), t = MICA_FLOW_NONE;
	mica_reach reach;
	mica_flow_fwd fw;
	mica_whynot w;

	if (r == MICA_FLOW_NONE)
		return MICAC_USAGE;
	if (target && (t = lookup(f, file, target, false)) == MICA_FLOW_NONE)
		return MICAC_USAGE;
	mica_reach_one(f, r, t, &reach);
	if (!target) {
		if (json)
			mica_explain_print_json(stdout, f, &reach);
		else
			mica_explain_print_text(stdout, &reach);
	} else {
		mica_flow_forward(f, r, false, &fw);
		mica_whynot_compute(f, &fw, t, &w);
		if (json)
			mica_explain_print_target_json(stdout, f, &reach, t,
						       &w);
		else
			mica_explain_print_target_text(stdout, f, &reach, t,
						       &w);
		mica_whynot_free(&w);
		mica_flow_fwd_free(&fw);
	}
	mica_reach_free(&reach);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("micac: explain: cannot write the output\n", stderr);
		return MICAC_USAGE;
	}
	return MICAC_OK;
}

int micac_explain(int argc, char **argv)
{
	micac_diag_opts dopts = MICAC_DIAG_OPTS_INIT;
	bool json = false;
	mica_unit u;
	mica_flow *f;
	int c, st;

	if ((c = micac_json_options(argc, argv, usage, &json)) != -1)
		return c;
	if (argc - optind < 2 || argc - optind > 3)
		return micac_usage_error("explain", argc - optind < 2 ?
					 "needs FILE and REALM" :
					 "too many operands", usage);
	st = micac_load(&u, argv[optind], MICA_TO_CHECK, &dopts);
	if (st != MICAC_OK) {
		mica_unit_free(&u);
		return st;
	}
	f = mica_flow_build(u.ir);
	st = answer(f, strcmp(argv[optind], "-") ? argv[optind] : "<stdin>",
		    argv[optind + 1], argc - optind == 3 ? argv[optind + 2]
		    : NULL, json);
	mica_flow_free(f);
	mica_unit_free(&u);
	return st;
}
