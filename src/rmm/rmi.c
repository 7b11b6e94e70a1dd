/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rmi.c -- the RMI: its dispatch table, keyed by the real function IDs,
 * and the two calls that touch no object (VERSION, FEATURES).
 */
#include <string.h>

#include "rmm_int.h"

/* x1 = requested version. Out: x1 = lower, x2 = higher implemented. */
static unsigned long rmi_version(struct mica_rmm *ctx, const unsigned long *a,
				 unsigned long *r)
{
	(void)ctx;
	r[0] = MICA_RMM_ABI_VERSION;
	r[1] = MICA_RMM_ABI_VERSION;
	return a[0] == MICA_RMM_ABI_VERSION ? MICA_RMI_SUCCESS
					    : MICA_RMI_ERROR_INPUT;
}

/* x1 = feature register index. Out: x1 = its value (0 past register 0). */
static unsigned long rmi_features(struct mica_rmm *ctx, const unsigned long *a,
				  unsigned long *r)
{
	(void)ctx;
	r[0] = a[0] == 0 ? MICA_RMM_FEATURE_REG0 : 0;
	return MICA_RMI_SUCCESS;
}

struct rmi_cmd {
	unsigned long fid;
	rmi_fn fn;
	unsigned nargs;     /* x1..x<nargs> are passed, the rest read as 0 */
	struct mica_rmm_rmi_roles roles;   /* RD, REC, granule, target */
};

/* The RMI table, in FID order. The Mica additions add their calls at
 * 0xC400016A.. (policy binding first) after the last line, with handlers
 * in their own files declared in rmm_int.h. Absent FIDs (including
 * 0xC4000156, 0xC4000160, 0xC4000163/4/6/7 which this model does not
 * implement) return SMC_UNKNOWN. The roles say which argument is the RD,
 * the REC, a granule and the target, for the audit record of a refusal
 * (audit.c): their handlers' "x1 = ..." comments. */
static const struct rmi_cmd rmi_table[] = {
	{ MICA_RMI_VERSION, rmi_version, 1, { 0, 0, 0, 0 } },
	{ MICA_RMI_GRANULE_DELEGATE, mica_rmm_rmi_granule_delegate, 1,
	  { 0, 0, 1, 1 } },
	{ MICA_RMI_GRANULE_UNDELEGATE, mica_rmm_rmi_granule_undelegate, 1,
	  { 0, 0, 1, 1 } },
	{ MICA_RMI_DATA_CREATE, mica_rmm_rmi_data_create, 5, { 1, 0, 2, 3 } },
	{ MICA_RMI_DATA_CREATE_UNKNOWN, mica_rmm_rmi_data_create_unknown, 3,
	  { 1, 0, 2, 3 } },
	{ MICA_RMI_DATA_DESTROY, mica_rmm_rmi_data_destroy, 2, { 1, 0, 0, 2 } },
	{ MICA_RMI_REALM_ACTIVATE, mica_rmm_rmi_realm_activate, 1,
	  { 1, 0, 0, 1 } },
	{ MICA_RMI_REALM_CREATE, mica_rmm_rmi_realm_create, 2, { 0, 0, 1, 1 } },
	{ MICA_RMI_REALM_DESTROY, mica_rmm_rmi_realm_destroy, 1,
	  { 1, 0, 0, 1 } },
	{ MICA_RMI_REC_CREATE, mica_rmm_rmi_rec_create, 3, { 1, 0, 2, 2 } },
	{ MICA_RMI_REC_DESTROY, mica_rmm_rmi_rec_destroy, 1, { 0, 1, 0, 1 } },
	{ MICA_RMI_REC_ENTER, mica_rmm_rmi_rec_enter, 2, { 0, 1, 0, 1 } },
	{ MICA_RMI_RTT_CREATE, mica_rmm_rmi_rtt_create, 4, { 1, 0, 2, 3 } },
	{ MICA_RMI_RTT_DESTROY, mica_rmm_rmi_rtt_destroy, 3, { 1, 0, 0, 2 } },
	{ MICA_RMI_RTT_MAP_UNPROTECTED, mica_rmm_rmi_rtt_map_unprotected, 4,
	  { 1, 0, 0, 2 } },
	{ MICA_RMI_RTT_READ_ENTRY, mica_rmm_rmi_rtt_read_entry, 3,
	  { 1, 0, 0, 2 } },
	{ MICA_RMI_RTT_UNMAP_UNPROTECTED, mica_rmm_rmi_rtt_unmap_unprotected, 3,
	  { 1, 0, 0, 2 } },
	{ MICA_RMI_FEATURES, rmi_features, 1, { 0, 0, 0, 0 } },
	{ MICA_RMI_RTT_INIT_RIPAS, mica_rmm_rmi_rtt_init_ripas, 3,
	  { 1, 0, 0, 2 } },
	{ MICA_RMI_RTT_SET_RIPAS, mica_rmm_rmi_rtt_set_ripas, 4,
	  { 1, 0, 0, 3 } },
	{ MICA_RMI_POLICY_BIND, mica_rmm_rmi_policy_bind, 3, { 1, 0, 0, 1 } },
	{ MICA_RMI_SHARE_MAP, mica_rmm_rmi_share_map, 3, { 1, 0, 2, 3 } },
	{ MICA_RMI_SHARE_UNMAP, mica_rmm_rmi_share_unmap, 2, { 1, 0, 0, 2 } },
};

unsigned long mica_rmm_rmi(struct mica_rmm *ctx,
			   const unsigned long args[MICA_RMM_RMI_NARGS],
			   unsigned long ret[MICA_RMM_RMI_NRET])
{
	unsigned long a[MICA_RMM_RMI_NARGS - 1] = { 0 };
	const struct rmi_cmd *cmd = NULL;

	memset(ret, 0, MICA_RMM_RMI_NRET * sizeof ret[0]);
	/* SMCCC: the FID is W0; X0's upper half is ignored. */
	for (size_t i = 0; i < sizeof rmi_table / sizeof rmi_table[0]; i++)
		if (rmi_table[i].fid == (args[0] & 0xFFFFFFFFul))
			cmd = &rmi_table[i];
	if (cmd == NULL || ctx->plat == NULL) {
		ret[0] = MICA_SMC_UNKNOWN;
		return ret[0];
	}
	for (unsigned i = 0; i < cmd->nargs; i++)
		a[i] = args[1 + i];
	ret[0] = cmd->fn(ctx, a, ret + 1);
	/* The one place every refused RMI call passes: decided, nothing
	 * changed; now its audit record. */
	if (MICA_RMI_STATUS(ret[0]) != MICA_RMI_SUCCESS)
		mica_rmm_hook_rmi_refused(ctx, cmd->fid, &cmd->roles, a,
					  ret[0]);
	return ret[0];
}
