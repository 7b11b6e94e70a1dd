/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * realm.c -- the Realm's steps (scenario.h): the host hands the
 * scenario program (fvp_program_script) one request and enters the Realm
 * until it is done, answering every exit as fvp_host_enter does. A Realm
 * step on a Realm that has no vCPU is denied, not dereferenced.
 */
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

/* ---- the Realm side -------------------------------------------------------- */

/* Hands op to realm i and enters it until it says done (bounded). The
 * host answers every exit the way fvp_host_enter does. */
int scn_run_op(struct scn *s, uint32_t i, const struct fvp_op *op,
	       struct seen *seen, struct outcome *o)
{
	struct fvp_vcpu *v = s->h.realm[i].vcpu;

	memset(seen, 0, sizeof *seen);
	if (v == NULL) {
		scn_deny(o, "no-rec", "realm '%s' has no REC to run",
		     s->pol.ir->realms[i].name);
		return -1;
	}
	/* The vCPU is parked (it runs only inside REC_ENTER). */
	free(v->op.token);
	v->op = *op;
	v->op.done = 0;
	v->op.token = NULL;
	while (!v->op.done && seen->entries < MAXENTRIES) {
		struct fvp_exit ex;

		seen->entries++;
		seen->st = fvp_host_enter(&s->h, i, &ex);
		if (seen->st != 0) {
			scn_deny(o, scn_rmi_name(seen->st), "REC_ENTER: %s",
			     scn_rmi_name(seen->st));
			return -1;
		}
		if (ex.reason == MICA_RMI_EXIT_HOST_CALL) {
			seen->hostcall = 1;
			seen->imm = ex.imm;
		} else if (ex.reason == MICA_RMI_EXIT_PSCI) {
			seen->psci = 1;
		} else if (ex.reason == MICA_RMI_EXIT_RIPAS_CHANGE) {
			seen->ripas = 1;
			seen->ripas_base = ex.ripas_base;
			seen->ripas_top = ex.ripas_top;
		} else if (ex.reason == MICA_RMI_EXIT_SYNC &&
			   (ex.esr >> MICA_ESR_EC_SHIFT) == MICA_ESR_EC_DABT) {
			if (ex.esr & MICA_ESR_ISV)
				seen->mmio = 1;
			else
				seen->abort = 1;
			seen->ipa = (ex.hpfar >> 4) << 12 | (ex.far & 0xFFF);
		}
	}
	if (!v->op.done) {
		scn_deny(o, "timeout", "the realm did not finish in %u entries",
		     MAXENTRIES);
		return -1;
	}
	return 0;
}

/* A load or store: denied with "sea" when an abort ended it. */
static void access_outcome(struct scn *s, uint32_t i, int write,
			   uint64_t ipa, const void *data, size_t n,
			   const void *want, struct outcome *o)
{
	struct fvp_op op;
	struct seen seen;
	struct fvp_vcpu *v;

	memset(&op, 0, sizeof op);
	op.kind = write ? FVP_OP_WRITE : FVP_OP_READ;
	op.ipa = ipa;
	op.len = n;
	if (write)
		memcpy(op.data, data, n);
	if (scn_run_op(s, i, &op, &seen, o) != 0)
		return;
	v = s->h.realm[i].vcpu;
	if (v->op.fault)
		scn_deny(o, "sea", "%s of %zu bytes at IPA 0x%llx took an SEA",
		     write ? "store" : "load", n, (unsigned long long)ipa);
	else if (want != NULL && memcmp(v->op.out, want, n) != 0)
		scn_deny(o, "mismatch", "load at IPA 0x%llx read other bytes",
		     (unsigned long long)ipa);
	else
		scn_okay(o, "%s of %zu bytes at IPA 0x%llx", write ? "store" : "load",
		     n, (unsigned long long)ipa);
}

/* access REALM read|write REGION PAGE [at IPA] [+OFFSET] [DATA] */
int scn_step_access(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	uint32_t i = 0, g = 0;
	uint64_t page, ipa, off = 0;
	int k = 3, write;
	const char *data = NULL;

	if (scn_need(s, t, n, 3, "read or write") ||
	    scn_realm_arg(s, &t[1], &i))
		return 2;
	write = strcmp(t[2].s, "write") == 0;
	if (!write && strcmp(t[2].s, "read") != 0)
		return scn_syntax(s, t[2].col, "expected read or write, got '%s'",
			      t[2].s);
	if (scn_page_ipa(s, t, n, &k, i, &g, &page, &ipa))
		return 2;
	if (k < n && t[k].s[0] == '+') {
		if (scn_number(t[k].s + 1, &off) != 0 || off >= FVP_GRANULE)
			return scn_syntax(s, t[k].col, "offset must be +0..+4095");
		k++;
	}
	if (k < n)
		data = t[k++].s;
	if (scn_end(s, t, n, k))
		return 2;
	if (data != NULL && strlen(data) > sizeof ((struct fvp_op *)0)->data)
		return scn_syntax(s, t[k - 1].col, "at most 256 bytes of data");
	if (write && data == NULL)
		data = DEFAULT_WRITE;
	access_outcome(s, i, write, ipa + off, data,
		       data ? strlen(data) : 16, write ? NULL : data, o);
	return 0;
}

/* plant REALM REGION PAGE [+OFFSET]: the canary stored by the realm. */
int scn_step_plant(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	uint32_t i = 0, g = 0;
	uint64_t page, ipa, off = 0;
	int k = 2;

	if (scn_need(s, t, n, 2, "realm name") || scn_realm_arg(s, &t[1], &i) ||
	    scn_page_ipa(s, t, n, &k, i, &g, &page, &ipa))
		return 2;
	if (k < n && t[k].s[0] == '+') {
		if (scn_number(t[k].s + 1, &off) != 0 ||
		    off + strlen(s->canary) > FVP_GRANULE)
			return scn_syntax(s, t[k].col, "offset out of the page");
		k++;
	}
	if (scn_end(s, t, n, k))
		return 2;
	access_outcome(s, i, 1, ipa + off, s->canary, strlen(s->canary), NULL,
		       o);
	return 0;
}

int scn_step_hostcall(struct scn *s, struct tok *t, int n,
		      struct outcome *o)
{
	struct fvp_op op;
	struct seen seen;
	uint32_t i = 0;
	uint64_t imm;

	if (scn_need(s, t, n, 3, "immediate") || scn_realm_arg(s, &t[1], &i))
		return 2;
	if (scn_number(t[2].s, &imm) != 0 || imm > 0xFFFF)
		return scn_syntax(s, t[2].col, "expected an immediate 0..0xFFFF");
	if (scn_end(s, t, n, 3))
		return 2;
	memset(&op, 0, sizeof op);
	op.kind = FVP_OP_HOSTCALL;
	op.value = imm;
	if (scn_run_op(s, i, &op, &seen, o) != 0)
		return 0;
	if (seen.hostcall && seen.imm == imm)
		scn_okay(o, "the host received host call 0x%llx",
		     (unsigned long long)imm);
	else
		scn_deny(o, "rsi", "RSI_HOST_CALL returned %lu; the host saw nothing",
		     s->h.realm[i].vcpu->op.x0);
	return 0;
}

int scn_step_mmio(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	struct fvp_op op;
	struct seen seen;
	uint32_t i = 0;
	uint64_t ipa;

	if (scn_need(s, t, n, 4, "`REALM read|write IPA`") ||
	    scn_realm_arg(s, &t[1], &i))
		return 2;
	memset(&op, 0, sizeof op);
	if (strcmp(t[2].s, "read") == 0)
		op.kind = FVP_OP_MMIO_READ;
	else if (strcmp(t[2].s, "write") == 0)
		op.kind = FVP_OP_MMIO_WRITE;
	else
		return scn_syntax(s, t[2].col, "expected read or write, got '%s'",
			      t[2].s);
	if (scn_ipa_arg(s, &t[3], &ipa))
		return 2;
	if (scn_end(s, t, n, 4))
		return 2;
	op.ipa = ipa;
	op.value = 0x6d696361;
	if (scn_run_op(s, i, &op, &seen, o) != 0)
		return 0;
	if (s->h.realm[i].vcpu->op.fault)
		scn_deny(o, "sea", "the MMIO access at 0x%llx took an SEA",
		     (unsigned long long)ipa);
	else
		scn_okay(o, "MMIO at 0x%llx %s", (unsigned long long)ipa,
		     seen.mmio ? "emulated by the host" : "completed");
	return 0;
}

/* ripas REALM BASE TOP: ok when the host received the RIPAS change
 * exit for [BASE, TOP); denied "rsi" when the RMM refused the request
 * inside the Realm and the host saw nothing. */
int scn_step_ripas(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	struct fvp_op op;
	struct seen seen;
	uint32_t i = 0;
	uint64_t base, top;

	if (scn_need(s, t, n, 4, "`REALM BASE TOP`") ||
	    scn_realm_arg(s, &t[1], &i))
		return 2;
	if (scn_ipa_arg(s, &t[2], &base))
		return 2;
	if (scn_ipa_arg(s, &t[3], &top))
		return 2;
	if (scn_end(s, t, n, 4))
		return 2;
	memset(&op, 0, sizeof op);
	op.kind = FVP_OP_RIPAS;
	op.ipa = base;
	op.value = top;
	if (scn_run_op(s, i, &op, &seen, o) != 0)
		return 0;
	if (seen.ripas && seen.ripas_base == base && seen.ripas_top == top)
		scn_okay(o, "the host received the RIPAS change of [0x%llx, 0x%llx)",
		     (unsigned long long)base, (unsigned long long)top);
	else
		scn_deny(o, "rsi", "RSI_IPA_STATE_SET returned %lu; the host saw "
		     "%s", s->h.realm[i].vcpu->op.x0,
		     seen.ripas ? "another range" : "nothing");
	return 0;
}

/* touch REALM IPA: an 8-byte load from a protected IPA no page backs.
 * ok when the abort reached the host (with that IPA); denied "sea" when
 * the Realm took an SEA and the host saw nothing; denied "backed" when
 * the load completed. */
int scn_step_touch(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	struct fvp_op op;
	struct seen seen;
	uint32_t i = 0;
	uint64_t ipa;

	if (scn_need(s, t, n, 3, "`REALM IPA`") || scn_realm_arg(s, &t[1], &i))
		return 2;
	if (scn_ipa_arg(s, &t[2], &ipa))
		return 2;
	if (scn_end(s, t, n, 3))
		return 2;
	memset(&op, 0, sizeof op);
	op.kind = FVP_OP_READ;
	op.ipa = ipa;
	op.len = 8;
	if (scn_run_op(s, i, &op, &seen, o) != 0)
		return 0;
	if (seen.abort && seen.ipa == ipa)
		scn_okay(o, "the host received the abort at IPA 0x%llx",
		     (unsigned long long)ipa);
	else if (s->h.realm[i].vcpu->op.fault)
		scn_deny(o, "sea", "the load at IPA 0x%llx took an SEA; the host "
		     "saw %s", (unsigned long long)ipa,
		     seen.abort ? "another IPA" : "nothing");
	else
		scn_deny(o, "backed", "the load at IPA 0x%llx completed",
		     (unsigned long long)ipa);
	return 0;
}

static const struct {
	const char *name;
	unsigned long fid;
} psci_names[] = {
	{ "version", MICA_PSCI_VERSION },
	{ "cpu_suspend", MICA_PSCI_CPU_SUSPEND },
	{ "cpu_off", MICA_PSCI_CPU_OFF },
	{ "cpu_on", MICA_PSCI_CPU_ON },
	{ "affinity_info", MICA_PSCI_AFFINITY_INFO },
	{ "system_off", MICA_PSCI_SYSTEM_OFF },
	{ "system_reset", MICA_PSCI_SYSTEM_RESET },
	{ "features", MICA_PSCI_FEATURES },
};

/* ok: the host got the PSCI exit, or the RMM answered it without an
 * error; denied "psci": the call returned a negative PSCI status. */
int scn_step_psci(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	struct fvp_op op;
	struct seen seen;
	uint32_t i = 0;
	uint64_t fid = 0;
	size_t k;
	long x0;

	if (scn_need(s, t, n, 3, "PSCI function") ||
	    scn_realm_arg(s, &t[1], &i))
		return 2;
	for (k = 0; k < sizeof psci_names / sizeof psci_names[0]; k++)
		if (strcmp(t[2].s, psci_names[k].name) == 0)
			fid = psci_names[k].fid;
	if (fid == 0 && (scn_number(t[2].s, &fid) != 0 || fid > 0xFFFFFFFFull))
		return scn_syntax(s, t[2].col, "expected a PSCI function (version, "
			      "cpu_on, cpu_off, affinity_info, system_off, ... or "
			      "a function ID), got '%s'", t[2].s);
	if (scn_end(s, t, n, 3))
		return 2;
	memset(&op, 0, sizeof op);
	op.kind = FVP_OP_PSCI;
	op.value = fid;
	if (scn_run_op(s, i, &op, &seen, o) != 0)
		return 0;
	x0 = (long)s->h.realm[i].vcpu->op.x0;
	if (seen.psci)
		scn_okay(o, "the host received PSCI 0x%llx", (unsigned long long)fid);
	else if ((int32_t)x0 < 0)
		scn_deny(o, "psci", "PSCI 0x%llx returned %d", (unsigned long long)fid,
		     (int)(int32_t)x0);
	else
		scn_okay(o, "the RMM answered PSCI 0x%llx: 0x%lx",
		     (unsigned long long)fid, (unsigned long)x0);
	return 0;
}
