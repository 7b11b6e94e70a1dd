/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * driver.c -- `mica-fvp script FILE [--verbose]`: plays a scenario file
 * (man/mica-fvp-scenario.5) against the model, one step per line.
 *
 * A scenario is the untrusted host's side of an attack written out step
 * by step: the host creates, binds, activates and maps Realms one RMI
 * call at a time, makes Realms load, store, call the host and attest
 * through the scenario program (fvp_program_script), and reads memory
 * through the GPT. Every step has an expectation (ok, or denied with
 * the status that must refuse it); the first one not met ends the run
 * with status 1, so a scenario is a test that fails when the RMM lets
 * an attack through. Anything wrong with the scenario itself (syntax,
 * unknown names, unreadable files) is status 2 with FILE:LINE:COL.
 *
 * Bad input must never crash the model: every name is looked up before
 * it is used, every number is range checked, and a Realm step on a
 * Realm that has no vCPU is denied, not dereferenced.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../commands.h"
#include "scenario.h"

static const struct {
	const char *name;
	scn_step_fn *fn;
} steps[] = {
	{ "policy", scn_step_policy },
	{ "load", scn_step_load },
	{ "create", scn_step_create },
	{ "bind", scn_step_bind },
	{ "activate", scn_step_realm },
	{ "map", scn_step_map },
	{ "unmap", scn_step_unmap },
	{ "map-unprotected", scn_step_map_ns },
	{ "delegate", scn_step_delegation },
	{ "undelegate", scn_step_delegation },
	{ "destroy", scn_step_realm },
	{ "access", scn_step_access },
	{ "plant", scn_step_plant },
	{ "canary", scn_step_canary },
	{ "host-read", scn_step_host_access },
	{ "host-write", scn_step_host_access },
	{ "hostcall", scn_step_hostcall },
	{ "mmio", scn_step_mmio },
	{ "psci", scn_step_psci },
	{ "ripas", scn_step_ripas },
	{ "touch", scn_step_touch },
	{ "attest", scn_step_attest },
	{ "verify", scn_step_verify },
	{ "audit", scn_step_audit },
};

/* ---- the driver ----------------------------------------------------------- */

/* Splits off `expect ok | expect denied [TAG]` (default: expect ok).
 * Returns the step's token count, or -1 after a syntax error. */
static int expectation(struct scn *s, struct tok *t, int n, int *want_ok,
		       const char **tag, unsigned *col)
{
	int k;

	*want_ok = 1;
	*tag = NULL;
	*col = t[0].col;
	for (k = 0; k < n && strcmp(t[k].s, "expect") != 0; k++)
		;
	if (k == n)
		return n;
	*col = t[k].col;
	if (k + 1 >= n) {
		scn_syntax(s, s->endcol, "expected `ok` or `denied` after `expect`");
		return -1;
	}
	if (strcmp(t[k + 1].s, "ok") == 0 && k + 2 == n)
		return k;
	if (strcmp(t[k + 1].s, "denied") == 0 && k + 4 > n) {
		*want_ok = 0;
		*tag = k + 3 == n ? t[k + 2].s : NULL;
		return k;
	}
	scn_syntax(s, t[k + 1].col, "expected `expect ok` or `expect denied [WHAT]` "
	       "at the end of the step");
	return -1;
}

/* One line: 0 when its expectation was met (or it is blank), 1 when
 * not, 2 for a scenario error. */
static int play_line(struct scn *s, char *line, FILE *out)
{
	struct tok t[MAXTOK];
	struct outcome o;
	const char *tag;
	unsigned bad, col;
	int n, want_ok, rc;
	size_t k;
	char text[512];

	n = scn_tokenize(line, t, &bad, &s->endcol);
	if (n < 0)
		return scn_syntax(s, bad, "more than %d words on a line", MAXTOK);
	if (n == 0)
		return 0;
	if ((n = expectation(s, t, n, &want_ok, &tag, &col)) < 0)
		return 2;
	if (n == 0)
		return scn_syntax(s, col, "`expect` without a step");
	for (k = 0; k < sizeof steps / sizeof steps[0]; k++)
		if (strcmp(t[0].s, steps[k].name) == 0)
			break;
	if (k == sizeof steps / sizeof steps[0])
		return scn_syntax(s, t[0].col, "unknown step '%s'", t[0].s);
	if (!s->have_pol && steps[k].fn != scn_step_policy)
		return scn_syntax(s, t[0].col, "the first step must be `policy PATH`");
	memset(&o, 0, sizeof o);
	if ((rc = steps[k].fn(s, t, n, &o)) != 0)
		return rc;
	text[0] = 0;
	for (int j = 0; j < n; j++)
		snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s",
			 j ? " " : "", t[j].s);
	if (o.ok)
		fprintf(out, "%s:%u: %s: ok", s->file, s->line, text);
	else
		fprintf(out, "%s:%u: %s: denied (%s)", s->file, s->line, text,
			o.tag);
	if (s->verbose && o.detail[0])
		fprintf(out, " -- %s", o.detail);
	fputc('\n', out);
	if (o.ok == want_ok && (o.ok || tag == NULL || strcmp(tag, o.tag) == 0))
		return 0;
	fflush(out);
	fprintf(stderr, "%s:%u:%u: error: expected %s%s%s, got %s%s%s (%s)\n",
		s->file, s->line, col, want_ok ? "ok" : "denied",
		tag ? " " : "", tag ? tag : "", o.ok ? "ok" : "denied",
		o.ok ? "" : " ", o.tag, o.detail);
	return 1;
}

static int play(struct scn *s, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;

	while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
		s->line++;
		if (memchr(line, 0, (size_t)len) != NULL) {
			rc = scn_syntax(s, 1, "a NUL byte: this is not a scenario");
			break;
		}
		rc = play_line(s, line, stdout);
	}
	if (rc == 0 && ferror(f))
		rc = scn_syntax(s, 1, "cannot read: %s", strerror(errno));
	if (rc == 0 && !s->have_pol) {
		s->line = s->line ? s->line : 1;
		rc = scn_syntax(s, 1, "no `policy` line");
	}
	free(line);
	return rc;
}

int fvp_cmd_script(int argc, char **argv)
{
	static const char usage[] =
		"usage: mica-fvp script SCENARIO [--verbose]\n"
		"  -v, --verbose    add each step's detail to its line\n";
	static const struct option longs[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct scn *s;
	const char *file = NULL;
	char *slash;
	FILE *f;
	int rc, verbose = 0;

	optind = 0;
	while ((rc = fvp_getopt(argc, argv, "hv", longs, usage)) != -1) {
		if (rc == 'h') {
			fputs(usage, stdout);
			return 0;
		}
		if (rc != 'v')
			return 2;
		verbose = 1;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "mica-fvp: script: %s\n%s", optind < argc
			? "one SCENARIO only" : "SCENARIO is required", usage);
		return 2;
	}
	file = argv[optind];
	if ((f = fopen(file, "r")) == NULL) {
		fprintf(stderr, "mica-fvp: cannot open '%s': %s\n", file,
			strerror(errno));
		return 2;
	}
	if ((s = calloc(1, sizeof *s)) == NULL) {
		fclose(f);
		return 2;
	}
	s->file = file;
	s->verbose = verbose;
	snprintf(s->dir, sizeof s->dir, "%s", file);
	slash = strrchr(s->dir, '/');
	if (slash != NULL)
		*slash = 0;
	else
		strcpy(s->dir, ".");
	rc = play(s, f);
	fclose(f);
	if (rc == 0)
		printf("%s: every step met its expectation\n", file);
	if (s->have_host)
		fvp_host_free(&s->h);
	if (s->have_pol)
		fvp_policy_free(&s->pol);
	for (int k = 0; k < s->nother; k++)
		fvp_policy_free(&s->other[k]);
	free(s->token);
	free(s);
	return rc;
}
