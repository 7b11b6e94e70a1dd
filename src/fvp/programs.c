/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * programs.c -- which program a Realm runs, and the programs that are
 * not pipeline stages: the probe (measure) and the scenario program
 * (realm.h). Every program a run deploys (entry, generic and the bundled
 * examples' stages) is the stage program of stage.c.
 */
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "realm.h"
#include "stage.h"

/* The bundled examples' realms with a program of their own. The entry
 * realms (gateway, agent) talk to the tenant as the examples always
 * have; the others transform with the function stages.c has under the
 * same name. */
static const struct {
	const char *name;
	int entry;
} bundled[] = {
	{ "video_moderation/gateway", 1 },
	{ "video_moderation/encoder", 0 },
	{ "video_moderation/checker", 0 },
	{ "guarded_llm/gateway", 1 },
	{ "guarded_llm/filter", 0 },
	{ "guarded_llm/model", 0 },
	{ "agent_llm/agent", 1 },
	{ "agent_llm/llm", 0 },
	{ "agent_guardrails/agent", 1 },
	{ "agent_guardrails/guardrails", 0 },
	{ "agent_guardrails/llm", 0 },
};
#define NBUNDLED (sizeof bundled / sizeof bundled[0])

static uint32_t entry_of(const mica_ir *ir)
{
	for (uint32_t i = 0; i < ir->nrealms; i++)
		if (ir->realms[i].trust == MICA_TRUSTED)
			return i;
	return 0;
}

const char *fvp_program_for(const mica_ir *ir, uint32_t i)
{
	size_t n = strlen(ir->name);

	for (size_t k = 0; k < NBUNDLED; k++)
		if (strncmp(bundled[k].name, ir->name, n) == 0 &&
		    bundled[k].name[n] == '/' &&
		    strcmp(bundled[k].name + n + 1, ir->realms[i].name) == 0 &&
		    bundled[k].entry == (i == entry_of(ir)))
			return bundled[k].name;
	return i == entry_of(ir) ? "entry" : "generic";
}

fvp_program_fn *fvp_program_lookup(const char *name)
{
	if (strcmp(name, "entry") == 0 || strcmp(name, "generic") == 0)
		return fvp_program_stage;
	for (size_t k = 0; k < NBUNDLED; k++)
		if (strcmp(bundled[k].name, name) == 0)
			return fvp_program_stage;
	return NULL;
}

int fvp_program_is_entry(const char *name)
{
	if (strcmp(name, "entry") == 0)
		return 1;
	for (size_t k = 0; k < NBUNDLED; k++)
		if (strcmp(bundled[k].name, name) == 0)
			return bundled[k].entry;
	return 0;
}

size_t fvp_windows(const mica_ir *ir, uint32_t i, struct fvp_window *w,
		   size_t cap)
{
	const mica_ir_realm *r = &ir->realms[i];
	size_t n = 0;

	for (uint32_t k = 0; k < r->nmaps && n < cap; k++) {
		const mica_ir_region *g = &ir->regions[r->maps[k].region];
		const mica_ir_access *a = &g->accesses[r->maps[k].access];

		w[n].region = r->maps[k].region;
		w[n].ipa = a->ipa;
		w[n].size = g->size;
		w[n].rights = a->rights;
		w[n].protected_ = g->kind == MICA_PROTECTED;
		n++;
	}
	return n;
}

/* ---- the probe ------------------------------------------------------------- */

/* RSI_MEASUREMENT_READ of the RIM, handed to the host in a host call
 * (a Realm with no policy may make any). RAM page 1 holds the
 * RsiHostCall. */
void fvp_program_probe(struct fvp_vcpu *v)
{
	unsigned long x[18] = { MICA_RSI_MEASUREMENT_READ, 0 }, r[18];
	uint64_t g[8];

	fvp_smc_realm(v, x, r);
	for (unsigned k = 0; k < 8; k++)
		g[k] = r[1 + k];
	fvp_host_call(v, v->x[0] + FVP_GRANULE, FVP_PROBE_IMM, g, 8);
}

/* ---- the scenario program ------------------------------------------------ */

/* Carries out v->op, then idles until the next one. Its scratch: RAM
 * page 1 for host calls, page 2 for attestation tokens. */
void fvp_program_script(struct fvp_vcpu *v)
{
	for (;;) {
		struct fvp_op *op = &v->op;
		unsigned long x[18] = { 0 }, r[18];

		if (op->kind == FVP_OP_NONE || op->done) {
			fvp_wfi(v);
			continue;
		}
		switch (op->kind) {
		case FVP_OP_READ:
			op->fault = fvp_load(v, op->ipa, op->out, op->len) != 0;
			break;
		case FVP_OP_WRITE:
			op->fault = fvp_store(v, op->ipa, op->data, op->len) != 0;
			break;
		case FVP_OP_MMIO_READ:
			op->fault = fvp_mmio_read(v, op->ipa, &op->value) != 0;
			break;
		case FVP_OP_MMIO_WRITE:
			op->fault = fvp_mmio_write(v, op->ipa, op->value) != 0;
			break;
		case FVP_OP_HOSTCALL:
			op->x0 = fvp_host_call(v, v->x[0] + FVP_GRANULE,
					       (unsigned)op->value, NULL, 0);
			break;
		case FVP_OP_PSCI:
			x[0] = op->value;
			fvp_smc_realm(v, x, r);
			op->x0 = r[0];
			break;
		case FVP_OP_RIPAS:
			x[0] = MICA_RSI_IPA_STATE_SET;
			x[1] = op->ipa;
			x[2] = op->value;
			x[3] = MICA_RMI_RAM;
			fvp_smc_realm(v, x, r);
			op->x0 = r[0];
			break;
		case FVP_OP_ATTEST:
		case FVP_OP_GROUP_ATTEST:
			free(op->token);
			op->token = NULL;
			op->x0 = fvp_attest(v, op->kind == FVP_OP_GROUP_ATTEST,
					    op->challenge, v->x[0] + 2 * FVP_GRANULE,
					    FVP_GRANULE, &op->token,
					    &op->token_len);
			break;
		default:
			break;
		}
		op->done = 1;
	}
}
