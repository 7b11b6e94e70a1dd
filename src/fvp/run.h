/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * run.h -- `mica-fvp run` (man/mica-fvp.1, THE RUN).
 *   run.c      the command: options, the checks before deploying, steps 1
 *              to 3, the outputs and the last line.
 *   verdict.c  steps 4 to 6: the two verdicts, attestation and traffic;
 *              the report's lines.
 *   reasons.c  why an exit got nothing, from what the model saw.
 */
#ifndef MICA_FVP_RUN_H
#define MICA_FVP_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "host.h"
#include "network.h"
#include "plan.h"
#include "policy.h"
#include "stage.h"
#include "tenant.h"

struct fvp_run {
	struct fvp_policy pol;
	struct fvp_plan plan;
	struct fvp_host h;
	struct fvp_traffic t;
	struct fvp_tenant tenant;
	struct fvp_net *net;
	FILE *report;               /* the report, also shown on stdout */
	char *report_text;
	size_t report_len;
	int quiet;
	unsigned rounds;            /* the host's scheduling rounds */
	char why[512];              /* the failure, in one sentence */
};

/* A progress line, to the report and (unless quiet) stdout. */
void fvp_say(struct fvp_run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Steps 4 to 6: 0 verified and intact, 1 attestation failed, 3 traffic
 * failed (r->why says why). */
int fvp_run_traffic(struct fvp_run *r, const unsigned char *pem);
/* Why endpoint k sent nothing back, into buf. */
void fvp_verdict_silent(struct fvp_run *r, uint32_t k, char *buf,
			size_t cap);

#endif
