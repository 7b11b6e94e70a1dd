/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * verdict.c -- steps 4 to 6 of `mica-fvp run` (run.h): the tenant
 * attests every endpoint, sends each its input, checks what comes back,
 * and searches host memory for the canary. Two verdicts, apart:
 * attestation (every token verified) and traffic (every endpoint sent
 * back, intact, what the policy makes reach it). When an endpoint sends
 * nothing, the reason is found from what the model saw: which Realm got
 * nothing, from whom, and why.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "mica/token.h"
#include "network.h"
#include "plan.h"
#include "platform.h"
#include "run.h"
#include "stage.h"
#include "tenant.h"

static int is_connected(const mica_ir *ir)
{
	/* Every realm reachable from realm 0 through protected regions
	 * (then a group token can name them all). */
	uint8_t *in = calloc(ir->nrealms, 1);
	int grew = 1, all = 1;

	if (in == NULL || ir->nrealms == 0) {
		free(in);
		return 0;
	}
	in[0] = 1;
	while (grew) {
		grew = 0;
		for (uint32_t g = 0; g < ir->nregions; g++) {
			const mica_ir_region *rg = &ir->regions[g];
			int any = 0;

			if (rg->kind != MICA_PROTECTED)
				continue;
			for (uint32_t a = 0; a < rg->naccesses; a++)
				if (rg->accesses[a].subject < ir->nrealms &&
				    in[rg->accesses[a].subject])
					any = 1;
			for (uint32_t a = 0; any && a < rg->naccesses; a++)
				if (rg->accesses[a].subject < ir->nrealms &&
				    !in[rg->accesses[a].subject]) {
					in[rg->accesses[a].subject] = 1;
					grew = 1;
				}
		}
	}
	for (uint32_t i = 0; i < ir->nrealms; i++)
		all &= in[i];
	free(in);
	return all;
}

static const char *name(const struct fvp_run *r, uint32_t i)
{
	return r->pol.ir->realms[i].name;
}

/* The audit records (man/mica-rmm.7, AUDIT): per Realm, how many
 * attempts the RMM refused that concerned it, from the model's RMM; for
 * an entry Realm also what its token attests (the same, unless something
 * was refused after it attested). One line. */
static void audit_line(struct fvp_run *r)
{
	const struct mica_rmm *rmm = r->h.m.rmm;
	char line[768];
	size_t o = 0;

	o += (size_t)snprintf(line, sizeof line, "      audit: refused "
			      "attempts per realm:");
	for (uint32_t i = 0; i < r->pol.ir->nrealms && o < sizeof line; i++) {
		const struct fvp_host_realm *hr = &r->h.realm[i];
		uint32_t n = 0;

		if (hr->created && !hr->destroyed)
			n = rmm->audit[rmm->granule[(hr->rd - FVP_BASE_PA) >>
				       12].owner].count;
		o += (size_t)snprintf(line + o, sizeof line - o, "%s '%s' %u",
				      i ? "," : "", name(r, i), n);
		for (uint32_t k = 0; k < r->plan.nep && o < sizeof line; k++) {
			const struct fvp_session *s = &r->tenant.s[k];
			mica_token t;
			mica_audit a;
			mica_verdict v;

			if (s->realm != i || !s->verified ||
			    mica_token_parse(s->token, s->ntoken, &t, &v) ||
			    mica_token_audit(&t, &a, &v) || !a.present)
				continue;
			o += (size_t)snprintf(line + o, sizeof line - o,
					      " (its token: %llu)",
					      (unsigned long long)a.count);
		}
	}
	if (o < sizeof line)
		fvp_say(r, "%s\n", line);
}

/* ---- step 4: attestation ------------------------------------------------- */

static int attest(struct fvp_run *r, const unsigned char *pem)
{
	const struct fvp_plan *p = &r->plan;
	uint8_t hello[32 + FVP_PUB_SIZE];
	int all = is_connected(r->pol.ir);

	for (uint32_t k = 0; k < p->nep; k++)
		if (fvp_net_send(r->net, k, 1, hello,
				 fvp_tenant_hello(&r->tenant, k, hello)) != 0)
			return -1;
	fvp_net_pump(r->net, 1, &r->rounds);
	for (uint32_t k = 0; k < p->nep; k++) {
		struct fvp_session *s = &r->tenant.s[k];
		size_t n;
		const uint8_t *msg = fvp_net_reply(r->net, k, 1, &n);

		if (msg == NULL) {
			snprintf(r->why, sizeof r->why, "no reply from '%s' to "
				 "the tenant's hello", name(r, s->realm));
			fvp_say(r, "[4/6] attest: %s\n", r->why);
			return -1;
		}
		if (fvp_tenant_attested(&r->tenant, k, msg, n, pem, all) != 0) {
			snprintf(r->why, sizeof r->why, "the group token from "
				 "'%s' does NOT verify: %s: %s", name(r, s->realm),
				 mica_verdict_name(s->verdict.kind),
				 s->verdict.msg);
			fvp_say(r, "[4/6] attest: %s\n", r->why);
			return -1;
		}
		if (k == 0)
			fvp_say(r, "[4/6] attest: group token from '%s', %zu "
				"bytes; verified: both signatures, RAK binding, "
				"challenge, %zu of %u realms' final RIMs "
				"against reference.json\n",
				s->attester, s->ntoken, s->members,
				r->pol.ir->nrealms);
		else
			fvp_say(r, "      group token from '%s', %zu bytes; "
				"verified the same way, %zu of %u realms' final "
				"RIMs\n",
				s->attester, s->ntoken, s->members,
				r->pol.ir->nrealms);
	}
	audit_line(r);
	return 0;
}

/* ---- step 5: traffic ------------------------------------------------------ */

static void stage_lines(struct fvp_run *r)
{
	const mica_ir *ir = r->pol.ir;
	int w = 12;

	for (uint32_t i = 0; i < ir->nrealms; i++)
		if ((int)strlen(ir->realms[i].name) > w)
			w = (int)strlen(ir->realms[i].name);
	for (uint32_t q = 0; q < ir->nrealms; q++) {
		uint32_t i = r->plan.order[q];
		const struct fvp_stats *s = &r->t.stats[i];

		fvp_say(r, "      %-*s %-28s in %llu msg %llu B, out %llu msg "
			"%llu B%s\n", w, ir->realms[i].name, r->pol.img[i].program,
			(unsigned long long)s->msgs_in,
			(unsigned long long)s->bytes_in,
			(unsigned long long)s->msgs_out,
			(unsigned long long)s->bytes_out,
			s->bad ? ", REFUSED READS/WRITES" : "");
	}
}

/* The tenant's checks of one endpoint's results, shown like the
 * progress lines. 0, or -1 with r->why set (the first failure). */
static int check(struct fvp_run *r, uint32_t k, const uint8_t *msg, size_t n)
{
	char *text = NULL, why[sizeof r->why];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc;

	if (f == NULL)
		return -1;
	rc = fvp_tenant_results(&r->tenant, k, msg, n, f, why, sizeof why);
	fclose(f);
	fvp_say(r, "%s", text);
	free(text);
	if (rc != 0 && r->why[0] == 0)
		snprintf(r->why, sizeof r->why, "%.500s", why);
	return rc;
}

static int traffic(struct fvp_run *r)
{
	const struct fvp_plan *p = &r->plan;
	size_t in = 0, back = 0, results = 0, n;
	int bad = 0;

	for (uint32_t k = 0; k < p->nep; k++) {
		uint8_t *sealed = fvp_tenant_input(&r->tenant, k, &n);

		if (sealed == NULL || fvp_net_send(r->net, k, 2, sealed, n)) {
			free(sealed);
			return -1;
		}
		in += r->tenant.s[k].ninput;
		free(sealed);
	}
	fvp_net_pump(r->net, 2, &r->rounds);
	for (uint32_t k = 0; k < p->nep; k++)
		if (fvp_net_reply(r->net, k, 2, &n) != NULL)
			back += n;
	if (p->nep == 1)
		fvp_say(r, "[5/6] traffic: %zu bytes in (sealed, AES-256-GCM), "
			"%zu bytes back, %u scheduling rounds\n", in, back,
			r->rounds);
	else
		fvp_say(r, "[5/6] traffic: %zu bytes in to %u endpoints (sealed, "
			"AES-256-GCM), %zu bytes back, %u scheduling rounds\n",
			in, p->nep, back, r->rounds);
	stage_lines(r);
	for (uint32_t k = 0; k < p->nep; k++) {
		const uint8_t *msg = fvp_net_reply(r->net, k, 2, &n);
		const char *ep = name(r, p->ep[k]);
		char why[sizeof r->why];

		if (msg == NULL) {
			fvp_verdict_silent(r, k, why, sizeof why);
			fvp_say(r, "  exit '%s' sent nothing back: %s\n", ep, why);
			if (r->why[0] == 0)
				snprintf(r->why, sizeof r->why, "exit '%.40s' "
					 "sent nothing back: %.400s", ep, why);
			bad = 1;
			continue;
		}
		if (p->nep > 1)
			fvp_say(r, "  exit '%s': %u results\n", ep,
				fvp_plan_results(p, p->ep[k]));
		bad |= check(r, k, msg, n) != 0;
		results += r->tenant.s[k].results;
	}
	if (fvp_ns_contains(&r->h.m, r->tenant.canary,
			    strlen(r->tenant.canary))) {
		snprintf(r->why, sizeof r->why, "the canary was found in "
			 "host-visible memory");
		bad = 1;
	}
	if (bad) {
		fvp_say(r, "[6/6] check: traffic FAILED: %s\n", r->why);
		return -1;
	}
	fvp_say(r, "[6/6] check: %zu results intact%s%s (checksums, input "
		"digest%s); canary never in host-visible memory (%llu granule "
		"protection faults)\n", results, p->nep > 1 ? " from " : "",
		p->nep > 1 ? "every exit" : "",
		r->tenant.video ? ", frames decoded" : "",
		(unsigned long long)r->h.m.gpf);
	return 0;
}

int fvp_run_traffic(struct fvp_run *r, const unsigned char *pem)
{
	if (fvp_tenant_init(&r->tenant, &r->pol, &r->plan) != 0 ||
	    (r->net = fvp_net_new(&r->h, &r->t)) == NULL) {
		snprintf(r->why, sizeof r->why, "out of memory");
		return 1;
	}
	if (attest(r, pem) != 0) {
		if (r->why[0] == 0)
			snprintf(r->why, sizeof r->why, "the tenant's hello "
				 "could not be sent");
		return 1;
	}
	return traffic(r) == 0 ? 0 : 3;
}

void fvp_say(struct fvp_run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (!r->quiet) {
		va_list aq;

		va_copy(aq, ap);
		vprintf(fmt, aq);
		va_end(aq);
		fflush(stdout);
	}
	vfprintf(r->report, fmt, ap);
	va_end(ap);
}
