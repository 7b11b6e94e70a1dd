/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * run.c -- `mica-fvp run` and `mica-fvp measure` (man/mica-fvp.1).
 *
 * run: compile the policy and work out its plan (plan.h); refuse,
 * before deploying anything, a pipeline that cannot bring the tenant's
 * data back or that does not fit the model's memory; measure the images,
 * deploy through the RMM, then attest, run the traffic and check it
 * (verdict.c). Outputs are written all at once, only after the run.
 */
#define _GNU_SOURCE 1   /* asprintf, open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "host.h"
#include "network.h"
#include "plan.h"
#include "platform.h"
#include "policy.h"
#include "run.h"
#include "stage.h"
#include "tenant.h"

#define MAILBOX (64u * 1024u)   /* each way, in mailbox mode */

struct opts {
	const char *policy, *dir, *fault_realm;
	int adopt, fault;
	uint64_t memory;            /* granules */
};

static const char run_usage[] =
	"usage: mica-fvp run POLICY.mica --out DIR [--adopt-measurements]\n"
	"                    [--memory SIZE] [--quiet] [--fault FAULT]\n"
	"  --out DIR               write token.cbor, platform-key.pem,\n"
	"                          reference.json and report.txt to DIR\n"
	"  --adopt-measurements    take the model's image measurements\n"
	"  --memory SIZE           the model's memory (4 KiB granules)\n"
	"  --quiet                 only the verdict line, on standard error\n"
	"  --fault FAULT           starve:REALM|token|results|plaintext:REALM\n";

static int usage(void)
{
	fputs(run_usage, stderr);
	return 2;
}

static int parse_fault(struct opts *o, const char *s)
{
	static const struct {
		const char *name;
		int kind, realm;
	} f[] = {
		{ "starve", FVP_FAULT_STARVE, 1 },
		{ "token", FVP_FAULT_TOKEN, 0 },
		{ "results", FVP_FAULT_RESULTS, 0 },
		{ "plaintext", FVP_FAULT_PLAINTEXT, 1 },
	};
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);

	for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
		if (strlen(f[k].name) == n && strncmp(s, f[k].name, n) == 0 &&
		    (colon != NULL) == f[k].realm) {
			o->fault = f[k].kind;
			o->fault_realm = colon ? colon + 1 : NULL;
			return 0;
		}
	return -1;
}

static int parse(int argc, char **argv, struct opts *o, int *quiet)
{
	enum { OUT = 256, ADOPT, QUIET, MEMORY, FAULT };
	static const struct option longs[] = {
		{ "out", required_argument, NULL, OUT },
		{ "adopt-measurements", no_argument, NULL, ADOPT },
		{ "quiet", no_argument, NULL, QUIET },
		{ "memory", required_argument, NULL, MEMORY },
		{ "fault", required_argument, NULL, FAULT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof *o);
	o->memory = FVP_NGRANULES;
	optind = 0;
	while ((c = fvp_getopt(argc, argv, "h", longs, run_usage)) != -1) {
		char max[64];

		switch (c) {
		case 'h':
			fputs(run_usage, stdout);
			return -1;
		case OUT:
			o->dir = optarg;
			break;
		case ADOPT:
			o->adopt = 1;
			break;
		case QUIET:
			*quiet = 1;
			break;
		case MEMORY:
			if (fvp_memory_parse(optarg, &o->memory) != 0) {
				fprintf(stderr, "mica-fvp: --memory %s: not a size "
					"in whole 4 KiB granules\n", optarg);
				return usage();
			}
			if (o->memory > FVP_NGRANULES) {
				fprintf(stderr, "mica-fvp: --memory %s: this build "
					"of the model has at most %s (the build "
					"setting MICA_FVP_GRANULES)\n", optarg,
					fvp_memory_text(FVP_NGRANULES, max,
							sizeof max));
				return 2;
			}
			break;
		case FAULT:
			if (parse_fault(o, optarg) != 0) {
				fprintf(stderr, "mica-fvp: --fault %s: not a "
					"fault\n", optarg);
				return usage();
			}
			break;
		default:
			return 2;
		}
	}
	if (optind == argc - 1)
		o->policy = argv[optind];
	if (o->policy == NULL || o->dir == NULL) {
		fprintf(stderr, "mica-fvp: run: %s\n", optind < argc - 1
			? "one POLICY only" : o->policy == NULL
			? "POLICY is required" : "--out DIR is required");
		return usage();
	}
	return 0;
}

/* Before deploying: the plan's dead ends and the memory it takes. */
static int refuse(struct fvp_run *r, const struct opts *o)
{
	uint64_t need = fvp_memory_need(&r->pol);
	char a[64], b[64];
	size_t n = r->plan.nproblems;

	for (size_t k = 0; k < n; k++)
		fprintf(stderr, "mica-fvp: %s: cannot run: %s\n", o->policy,
			r->plan.problem[k]);
	if (need > o->memory) {
		fvp_memory_text(need, a, sizeof a);
		fprintf(stderr, "mica-fvp: %s: cannot run: its Realms and regions "
			"need %s of the model's memory, and it has %s: run with "
			"--memory %lluKiB or more%s\n", o->policy, a,
			fvp_memory_text(o->memory, b, sizeof b),
			(unsigned long long)need * (FVP_GRANULE / 1024),
			need > FVP_NGRANULES ? ", in a build with a larger "
			"MICA_FVP_GRANULES" : "");
		n++;
	}
	if (n == 0)
		return 0;
	fvp_say(r, "[2/6] deploy: refused before deploying: %zu problem%s "
		"(on standard error)\n", n, n == 1 ? "" : "s");
	return 4;
}

static int setup(struct fvp_run *r, const struct opts *o)
{
	const mica_ir *ir = r->pol.ir;
	uint32_t nr = ir->nrealms, nep = r->plan.nep;

	r->t.pol = &r->pol;
	r->t.plan = &r->plan;
	r->t.stats = calloc(nr, sizeof *r->t.stats);
	r->t.got = calloc((size_t)nep * nr, 1);
	r->t.origin = calloc(nep, sizeof *r->t.origin);
	r->t.stage = calloc(nr, sizeof *r->t.stage);
	if (r->plan.mailbox) {
		r->t.mailbox_size = MAILBOX;
		r->t.mailbox = calloc(2, MAILBOX);
	}
	r->t.fault = o->fault;
	if (o->fault_realm != NULL) {
		int i = fvp_policy_realm(&r->pol, o->fault_realm);

		if (i < 0) {
			fprintf(stderr, "mica-fvp: --fault: no realm '%s' in %s\n",
				o->fault_realm, o->policy);
			return 2;
		}
		r->t.fault_realm = (uint32_t)i;
	}
	return r->t.stats && r->t.got && r->t.origin && r->t.stage &&
	       (!r->plan.mailbox || r->t.mailbox) ? 0 : 2;
}

static void channel_line(struct fvp_run *r, char *buf, size_t cap)
{
	const struct fvp_plan *p = &r->plan;
	size_t o;

	if (p->mailbox) {
		snprintf(buf, cap, "no trusted realm can both read and write "
			 "unprotected memory: the model carries the tenant's "
			 "messages to and from entry realm '%s' (a model "
			 "shortcut)", r->pol.ir->realms[p->ep[0]].name);
		return;
	}
	if (p->nep == 1) {
		snprintf(buf, cap, "entry realm '%s' talks to the tenant through "
			 "its unprotected window", r->pol.ir->realms[p->ep[0]].name);
		return;
	}
	o = (size_t)snprintf(buf, cap, "realms");
	for (uint32_t k = 0; k < p->nep && o < cap; k++)
		o += (size_t)snprintf(buf + o, cap - o, "%s'%s'",
				      k == 0 ? " " : k + 1 == p->nep ? " and " : ", ",
				      r->pol.ir->realms[p->ep[k]].name);
	if (o < cap)
		snprintf(buf + o, cap - o, " talk to the tenant through their "
			 "unprotected windows");
}

static int deploy(struct fvp_run *r, const struct opts *o,
		  unsigned char *pem, size_t cap)
{
	const mica_ir *ir = r->pol.ir;
	size_t shared = 0;
	char line[1024];

	if (fvp_policy_measure(&r->pol) != 0 ||
	    fvp_host_init_size(&r->h, &r->pol, o->memory) != 0 ||
	    fvp_platform_pem(&r->h.m.keys, pem, cap) != 0)
		return 1;
	r->h.traffic = &r->t;
	if (fvp_host_deploy(&r->h, o->adopt) != 0) {
		fvp_say(r, "[2/6] deploy: refused\n");
		return 1;
	}
	for (uint32_t g = 0; g < ir->nregions; g++)
		if (ir->regions[g].kind == MICA_PROTECTED)
			shared += ir->regions[g].size / FVP_GRANULE;
	fvp_say(r, "[2/6] deploy: %u realms created, bound and activated%s; "
		"image measurements %s\n", ir->nrealms,
		o->adopt ? " (declared measurements adopted)" : "",
		o->adopt ? "taken as declared" : "match the policy");
	channel_line(r, line, sizeof line);
	fvp_say(r, "[3/6] map: %zu shared protected granules and the "
		"unprotected windows mapped; %llu RMI calls so far; %s\n",
		shared, (unsigned long long)r->h.m.smc_calls, line);
	for (size_t k = 0; k < r->plan.nnotes; k++)
		fvp_say(r, "      note: %s\n", r->plan.note[k]);
	return 0;
}

/* token.cbor (the first endpoint's), token-REALM.cbor (the others'),
 * platform-key.pem, reference.json, report.txt; their names in list. */
static int write_outputs(struct fvp_run *r, const char *dir,
			 const unsigned char *pem, char *list, size_t cap)
{
	const mica_output *ref = fvp_policy_reference(&r->pol);
	mica_output *f = calloc(r->tenant.ns + 3, sizeof *f);
	size_t n = 0, o = 0;
	int rc;

	if (f == NULL)
		return -1;
	for (size_t k = 0; k < r->tenant.ns; k++) {
		if (r->tenant.s[k].token == NULL)
			continue;
		if (k == 0)
			f[n].name = strdup("token.cbor");
		else if (asprintf(&f[n].name, "token-%s.cbor",
				  r->pol.ir->realms[r->tenant.s[k].realm].name) < 0)
			f[n].name = NULL;
		f[n].data = r->tenant.s[k].token;
		f[n++].len = r->tenant.s[k].ntoken;
	}
	f[n++] = (mica_output){ strdup("platform-key.pem"),
				(uint8_t *)(uintptr_t)pem,
				strlen((const char *)pem) };
	f[n++] = (mica_output){ strdup("reference.json"), ref->data, ref->len };
	f[n++] = (mica_output){ strdup("report.txt"), (uint8_t *)r->report_text,
				r->report_len };
	for (size_t k = 0; k < n; k++)
		o += (size_t)snprintf(list + o, o < cap ? cap - o : 0, "%s%s",
				      k ? "," : "", f[k].name ? f[k].name : "");
	for (size_t k = 0; k < n; k++)
		if (f[k].name == NULL)
			n = 0;
	rc = n ? mica_write_outputs(dir, f, n) : -1;
	for (size_t k = 0; k < r->tenant.ns + 3; k++)
		free(f[k].name);
	free(f);
	return rc;
}

/* The last line: the verdicts. On standard output, or with --quiet on
 * standard error when something failed. */
static void verdict_line(struct fvp_run *r, const struct opts *o, int rc,
			 const char *files)
{
	char line[1200];

	if (rc == 0)
		snprintf(line, sizeof line, "%s: verified", o->policy);
	else if (rc == 1)
		snprintf(line, sizeof line, "%s: NOT verified: %s", o->policy,
			 r->why);
	else
		snprintf(line, sizeof line, "%s: attestation verified; traffic "
			 "FAILED: %s", o->policy, r->why);
	if (!r->quiet)
		printf("%s%s%s%s%s\n", line, files ? "; wrote " : "",
		       files ? o->dir : "", files ? "/{" : "", files ? files : "");
	else if (rc != 0)
		fprintf(stderr, "mica-fvp: %s\n", line);
	if (!r->quiet && files)
		fflush(stdout);
}

static void run_free(struct fvp_run *r)
{
	if (r->report)
		fclose(r->report);
	fvp_net_free(r->net);
	fvp_host_free(&r->h);
	fvp_tenant_free(&r->tenant);
	free(r->t.stats);
	free(r->t.got);
	free(r->t.origin);
	free(r->t.stage);
	free(r->t.mailbox);
	free(r->report_text);
	fvp_plan_free(&r->plan);
	fvp_policy_free(&r->pol);
}

int fvp_cmd_run(int argc, char **argv)
{
	struct opts o;
	struct fvp_run r;
	unsigned char pem[1024];
	char files[1024];
	int rc;

	memset(&r, 0, sizeof r);
	if ((rc = parse(argc, argv, &o, &r.quiet)) != 0)
		return rc < 0 ? 0 : rc;     /* -1: --help */
	if ((rc = fvp_policy_load(&r.pol, o.policy)) != 0) {
		fvp_policy_free(&r.pol);
		return rc;
	}
	r.report = open_memstream(&r.report_text, &r.report_len);
	if (r.report == NULL || fvp_plan_build(&r.plan, &r.pol) != 0) {
		run_free(&r);
		return 2;
	}
	fvp_say(&r, "[1/6] compile: %s: policy %s version %llu, %u realms, %u "
		"regions, %s\n", o.policy, r.pol.ir->name,
		(unsigned long long)r.pol.ir->version, r.pol.ir->nrealms,
		r.pol.ir->nregions,
		r.pol.alg == MICA_SHA512 ? "sha-512" : "sha-256");
	if ((rc = refuse(&r, &o)) == 0 && (rc = setup(&r, &o)) == 0 &&
	    (rc = deploy(&r, &o, pem, sizeof pem)) == 0)
		rc = fvp_run_traffic(&r, pem);
	fflush(r.report);
	if (rc == 0 || ((rc == 1 || rc == 3) && r.tenant.ns &&
			r.tenant.s[0].token)) {
		fclose(r.report);
		r.report = NULL;
		if (write_outputs(&r, o.dir, pem, files, sizeof files - 1) != 0) {
			fprintf(stderr, "mica-fvp: %s: cannot write the outputs\n",
				o.dir);
			rc = 2;
		} else {
			strcat(files, "}");
			verdict_line(&r, &o, rc, files);
		}
	} else if (rc == 1 && r.tenant.ns) {
		verdict_line(&r, &o, rc, NULL);
	}
	run_free(&r);
	return rc;
}

/* measure: each realm's image measurement, as a policy line. */
int fvp_cmd_measure(int argc, char **argv)
{
	static const char usage_text[] =
		"usage: mica-fvp measure POLICY.mica\n"
		"  prints each realm's name, image measurement and program\n";
	static const struct option longs[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fvp_policy pol;
	char buf[140];
	int rc, c;

	optind = 0;
	while ((c = fvp_getopt(argc, argv, "h", longs, usage_text)) != -1) {
		if (c != 'h')
			return 2;
		fputs(usage_text, stdout);
		return 0;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "mica-fvp: measure: %s\n%s", optind < argc
			? "one POLICY only" : "POLICY is required", usage_text);
		return 2;
	}
	rc = fvp_policy_load(&pol, argv[optind]);
	if (rc == 0 && fvp_policy_measure(&pol) != 0)
		rc = 1;
	for (uint32_t i = 0; rc == 0 && i < pol.ir->nrealms; i++)
		printf("%s %s %s\n", pol.ir->realms[i].name,
		       fvp_digest_text(pol.alg, pol.img[i].measured, buf),
		       pol.img[i].program);
	fvp_policy_free(&pol);
	return rc;
}
