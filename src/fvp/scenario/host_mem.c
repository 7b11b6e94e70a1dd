/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * host_mem.c -- the host's memory steps (scenario.h): map, unmap and
 * map-unprotected of a Realm's windows, delegate and undelegate, the
 * host's own loads and stores, which the GPT polices, and the canary
 * check of every granule the host can read.
 */
#include <stdio.h>
#include <string.h>

#include "scenario.h"

/* One page of region g into realm i at ipa: SHARE_MAP for a protected
 * region, RTT_MAP_UNPROTECTED with the window's rights otherwise. */
static unsigned long map_page(struct scn *s, uint32_t i, uint32_t g,
			      unsigned long pa, uint64_t ipa)
{
	const mica_ir_access *a = scn_window(s, i, g);

	if (s->pol.ir->regions[g].kind == MICA_PROTECTED)
		return fvp_host_share(&s->h, i, pa, ipa);
	return fvp_host_map_ns(&s->h, i, pa, ipa, a ? a->rights : 3);
}

/* `REGION PAGE [at IPA]`: the IPA of that page in realm i (the window's
 * by default). Consumes tokens from *k. */
int scn_page_ipa(struct scn *s, struct tok *t, int n, int *k, uint32_t i,
		 uint32_t *g, uint64_t *page, uint64_t *ipa)
{
	const mica_ir_access *a;

	if (scn_need(s, t, n, *k + 2, "REGION PAGE") ||
	    scn_region_arg(s, &t[*k], g))
		return 2;
	if (scn_number(t[*k + 1].s, page) != 0 || *page >= scn_region_pages(s, *g))
		return scn_syntax(s, t[*k + 1].col, "page '%s' is not one of region "
			      "'%s' (0..%llu)", t[*k + 1].s, t[*k].s,
			      (unsigned long long)scn_region_pages(s, *g) - 1);
	*k += 2;
	if (*k + 1 < n && strcmp(t[*k].s, "at") == 0) {
		if (scn_ipa_arg(s, &t[*k + 1], ipa))
			return 2;
		*k += 2;
		return 0;
	}
	if ((a = scn_window(s, i, *g)) == NULL)
		return scn_syntax(s, t[*k - 2].col, "realm '%s' has no window in "
			      "region '%s': give `at IPA`",
			      s->pol.ir->realms[i].name, t[*k - 2].s);
	*ipa = a->ipa + *page * FVP_GRANULE;
	return 0;
}

int scn_step_map(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	uint32_t i = 0, g = 0;
	uint64_t page, ipa;
	unsigned long pa, st = 0;
	int k = 2;

	if (scn_need(s, t, n, 3, "`all` or REGION PAGE") ||
	    scn_realm_arg(s, &t[1], &i))
		return 2;
	if (n == 3 && strcmp(t[2].s, "all") == 0) {
		scn_rmi_outcome(o, "every window mapped", fvp_host_map_all(&s->h, i));
		return 0;
	}
	if (n == 4 && strcmp(t[3].s, "all") == 0) {
		const mica_ir_access *a;

		if (scn_region_arg(s, &t[2], &g))
			return 2;
		if ((a = scn_window(s, i, g)) == NULL)
			return scn_syntax(s, t[2].col, "realm '%s' has no window in "
				      "region '%s'", t[1].s, t[2].s);
		for (page = 0; st == 0 && page < scn_region_pages(s, g); page++) {
			if ((pa = fvp_host_region_page(&s->h, g, page)) == 0)
				return scn_syntax(s, t[2].col, "the model is out of memory");
			st = map_page(s, i, g, pa, a->ipa + page * FVP_GRANULE);
		}
		scn_rmi_outcome(o, "region mapped", st);
		return 0;
	}
	if (scn_page_ipa(s, t, n, &k, i, &g, &page, &ipa))
		return 2;
	pa = 0;
	if (k + 1 < n && strcmp(t[k].s, "pa") == 0) {
		if (scn_pa_arg(s, &t[k + 1], &pa))
			return 2;
		k += 2;
	}
	if (scn_end(s, t, n, k))
		return 2;
	if (pa == 0 && (pa = fvp_host_region_page(&s->h, g, page)) == 0)
		return scn_syntax(s, t[2].col, "the model is out of memory");
	scn_rmi_outcome(o, s->pol.ir->regions[g].kind == MICA_PROTECTED
		    ? "SHARE_MAP" : "RTT_MAP_UNPROTECTED",
		    map_page(s, i, g, pa, ipa));
	if (s->verbose)
		snprintf(o->detail + strlen(o->detail),
			 sizeof o->detail - strlen(o->detail),
			 "; PA 0x%lx at IPA 0x%llx", pa, (unsigned long long)ipa);
	return 0;
}

int scn_step_unmap(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	uint32_t i = 0, g = 0;
	uint64_t page, ipa;
	unsigned long x[7] = { 0 }, r[5];
	int k = 2;

	if (scn_need(s, t, n, 2, "realm name") || scn_realm_arg(s, &t[1], &i) ||
	    scn_page_ipa(s, t, n, &k, i, &g, &page, &ipa))
		return 2;
	if (scn_end(s, t, n, k))
		return 2;
	if (s->pol.ir->regions[g].kind == MICA_PROTECTED) {
		scn_rmi_outcome(o, "SHARE_UNMAP", fvp_host_unshare(&s->h, i, ipa));
		return 0;
	}
	x[0] = MICA_RMI_RTT_UNMAP_UNPROTECTED;
	x[1] = s->h.realm[i].rd;
	x[2] = ipa;
	x[3] = 3;
	scn_rmi_outcome(o, "RTT_UNMAP_UNPROTECTED", fvp_smc(&s->h.m, x, r));
	return 0;
}

/* map-unprotected REALM IPA pa GRANULE [r|w|rw] */
int scn_step_map_ns(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	uint32_t i = 0;
	uint64_t ipa;
	unsigned long pa;
	unsigned rights = 3;

	if (scn_need(s, t, n, 5, "`REALM IPA pa GRANULE`") ||
	    scn_realm_arg(s, &t[1], &i))
		return 2;
	if (scn_ipa_arg(s, &t[2], &ipa))
		return 2;
	if (strcmp(t[3].s, "pa") != 0)
		return scn_syntax(s, t[3].col, "expected `pa`, got '%s'", t[3].s);
	if (scn_pa_arg(s, &t[4], &pa))
		return 2;
	if (n >= 6) {
		if (strcmp(t[5].s, "r") == 0)
			rights = 1;
		else if (strcmp(t[5].s, "w") == 0)
			rights = 2;
		else if (strcmp(t[5].s, "rw") != 0)
			return scn_syntax(s, t[5].col, "expected r, w or rw, got '%s'",
				      t[5].s);
		if (scn_end(s, t, n, 6))
			return 2;
	}
	scn_rmi_outcome(o, "RTT_MAP_UNPROTECTED",
		    fvp_host_map_ns(&s->h, i, pa, ipa, rights));
	return 0;
}

/* delegate GRANULE, undelegate GRANULE */
int scn_step_delegation(struct scn *s, struct tok *t, int n,
			struct outcome *o)
{
	int to_realm = strcmp(t[0].s, "delegate") == 0;
	unsigned long x[7] = { to_realm ? MICA_RMI_GRANULE_DELEGATE
					: MICA_RMI_GRANULE_UNDELEGATE }, r[5], pa;

	if (scn_need(s, t, n, 2, "granule") || scn_pa_arg(s, &t[1], &pa))
		return 2;
	if (scn_end(s, t, n, 2))
		return 2;
	x[1] = pa;
	scn_rmi_outcome(o, to_realm ? "GRANULE_DELEGATE" : "GRANULE_UNDELEGATE",
		    fvp_smc(&s->h.m, x, r));
	return 0;
}

/* host-read GRANULE [zero]: a load of the whole granule through the GPT. */
int scn_step_host_access(struct scn *s, struct tok *t, int n,
			 struct outcome *o)
{
	static const uint8_t zero[FVP_GRANULE];
	uint8_t page[FVP_GRANULE];
	int write = strcmp(t[0].s, "host-write") == 0, want_zero = 0;
	unsigned long pa;

	if (scn_need(s, t, n, 2, "granule") || scn_pa_arg(s, &t[1], &pa))
		return 2;
	if (n == 3 && !write && strcmp(t[2].s, "zero") == 0)
		want_zero = 1;
	else if (scn_end(s, t, n, 2))
		return 2;
	memset(page, 0xA5, sizeof page);
	if ((write ? fvp_host_write(&s->h.m, pa, page, sizeof page)
		   : fvp_host_read(&s->h.m, pa, page, sizeof page)) != 0)
		scn_deny(o, "gpf", "granule protection fault at PA 0x%lx", pa);
	else if (want_zero && memcmp(page, zero, sizeof page) != 0)
		scn_deny(o, "nonzero", "granule 0x%lx is readable but not zero", pa);
	else
		scn_okay(o, "host %s PA 0x%lx", write ? "wrote" : "read", pa);
	return 0;
}

int scn_step_canary(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	if (n != 2 || strcmp(t[1].s, "absent") != 0)
		return scn_syntax(s, n < 2 ? s->endcol : t[1].col,
				  "expected `canary absent`");
	if (fvp_ns_contains(&s->h.m, s->canary, strlen(s->canary)))
		scn_deny(o, "present", "the canary is in memory the host can read");
	else
		scn_okay(o, "the canary is in no granule the host can read");
	return 0;
}
