/*
 * mica_policy.c -- lookups in the policy bound to a Realm. The blob
 * itself is read by the one blob reader of the wire format
 * (mica/wire/blob_read.h), which POLICY_BIND (mica_bind.c) calls.
 */
#include "rmm_int.h"

int mica_rmm_policy_region_at(const struct mica_rmm_realm *r, unsigned long ipa)
{
	const struct mica_rmm_policy *p = &r->policy;

	/* At most MICA_POL_MAX_REGIONS, sorted: bounded, realm-independent. */
	for (unsigned i = 0; i < p->pol.nregions; i++)
		if (ipa >= p->win[i].base &&
		    ipa - p->win[i].base < p->pol.region[i].granules * GRANULE)
			return (int)i;
	return -1;
}
