/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * args.c -- a step's arguments by name (scenario.h): every realm,
 * region, page and PA is looked up and range checked before it is used.
 */
#include <stdio.h>
#include <string.h>

#include "../realm.h"
#include "scenario.h"

/* ---- names ---------------------------------------------------------------- */

/* Are there at least k words? Else a syntax error at the end of line. */
int scn_need(struct scn *s, const struct tok *t, int n, int k,
	     const char *what)
{
	(void)t;
	if (n >= k)
		return 0;
	return scn_syntax(s, s->endcol, "missing %s", what);
}

int scn_ipa_arg(struct scn *s, const struct tok *t, uint64_t *ipa)
{
	if (scn_number(t->s, ipa) != 0)
		return scn_syntax(s, t->col, "expected an IPA, got '%s'", t->s);
	return 0;
}

int scn_end(struct scn *s, const struct tok *t, int n, int k)
{
	return n > k ? scn_syntax(s, t[k].col, "unexpected '%s'", t[k].s) : 0;
}

int scn_realm_arg(struct scn *s, const struct tok *t, uint32_t *i)
{
	int r = fvp_policy_realm(&s->pol, t->s);

	if (r < 0)
		return scn_syntax(s, t->col, "no realm '%s' in policy '%s'", t->s,
			      s->pol.ir->name);
	*i = (uint32_t)r;
	return 0;
}

int scn_region_arg(struct scn *s, const struct tok *t, uint32_t *g)
{
	int r = fvp_policy_region(&s->pol, t->s);

	if (r < 0)
		return scn_syntax(s, t->col, "no region '%s' in policy '%s'", t->s,
			      s->pol.ir->name);
	*g = (uint32_t)r;
	return 0;
}

/* [ALIAS:]REALM: a realm of the scenario's policy or of one loaded with
 * `load ALIAS PATH`. */
int scn_qualified_realm(struct scn *s, const struct tok *t,
			const struct fvp_policy **pol, uint32_t *i)
{
	const char *colon = strchr(t->s, ':');
	int r;

	*pol = &s->pol;
	if (colon != NULL) {
		size_t n = (size_t)(colon - t->s);
		int k;

		for (k = 0; k < s->nother; k++)
			if (strlen(s->other_name[k]) == n &&
			    strncmp(s->other_name[k], t->s, n) == 0)
				break;
		if (k == s->nother)
			return scn_syntax(s, t->col, "no policy loaded as '%.*s'",
				      (int)n, t->s);
		*pol = &s->other[k];
	}
	r = fvp_policy_realm(*pol, colon ? colon + 1 : t->s);
	if (r < 0)
		return scn_syntax(s, t->col, "no realm '%s' in policy '%s'",
			      colon ? colon + 1 : t->s, (*pol)->ir->name);
	*i = (uint32_t)r;
	return 0;
}

/* The window of realm i in region g, or NULL. */
const mica_ir_access *scn_window(const struct scn *s, uint32_t i,
				 uint32_t g)
{
	const mica_ir_realm *r = &s->pol.ir->realms[i];

	for (uint32_t w = 0; w < r->nmaps; w++)
		if (r->maps[w].region == g)
			return &s->pol.ir->regions[g].accesses[r->maps[w].access];
	return NULL;
}

uint64_t scn_region_pages(const struct scn *s, uint32_t g)
{
	return s->pol.ir->regions[g].size / FVP_GRANULE;
}

/* A fresh granule, delegated when realm_pas: the host's spare memory. */
static unsigned long fresh_granule(struct scn *s, int realm_pas)
{
	unsigned long pa = fvp_host_granule(&s->h), r[5];
	unsigned long x[7] = { MICA_RMI_GRANULE_DELEGATE, pa, 0, 0, 0, 0, 0 };

	if (pa == 0 || !realm_pas)
		return pa;
	return fvp_smc(&s->h.m, x, r) == 0 ? pa : 0;
}

/* A physical granule: REGION:PAGE (the page's granule, allocated and
 * delegated for a protected region on first use), fresh (a new
 * delegated granule), ns (a new NS granule), data:REALM:K (DATA granule
 * k of a realm: 0 is its image), rd:REALM, rec:REALM, or a number. */
int scn_pa_arg(struct scn *s, const struct tok *t, unsigned long *pa)
{
	char buf[128], *colon, *rest;
	uint64_t v;
	uint32_t i = 0, g = 0;

	if (strcmp(t->s, "fresh") == 0 || strcmp(t->s, "ns") == 0) {
		*pa = fresh_granule(s, t->s[0] == 'f');
		return *pa ? 0 : scn_syntax(s, t->col, "the model is out of memory");
	}
	if (scn_number(t->s, &v) == 0) {
		*pa = (unsigned long)v;
		return 0;
	}
	snprintf(buf, sizeof buf, "%s", t->s);
	colon = strchr(buf, ':');
	if (colon == NULL)
		return scn_syntax(s, t->col, "expected a granule (REGION:PAGE, fresh, "
			      "ns, data:REALM:K, rd:REALM, rec:REALM or a PA), "
			      "got '%s'", t->s);
	*colon = 0;
	rest = colon + 1;
	if (strcmp(buf, "data") == 0 || strcmp(buf, "rd") == 0 ||
	    strcmp(buf, "rec") == 0) {
		char *k = strchr(rest, ':');
		int r;

		v = 0;
		if (k != NULL) {
			*k++ = 0;
			if (buf[0] != 'd' || scn_number(k, &v) != 0 ||
			    v > FVP_RAM_PAGES)
				return scn_syntax(s, t->col, "bad page in '%s'", t->s);
		}
		if ((r = fvp_policy_realm(&s->pol, rest)) < 0)
			return scn_syntax(s, t->col, "no realm '%s'", rest);
		i = (uint32_t)r;
		*pa = buf[0] == 'd' && buf[1] == 'a' ? s->h.realm[i].data[v]
		      : buf[1] == 'd' ? s->h.realm[i].rd : s->h.realm[i].rec;
		return 0;
	}
	{
		struct tok rt = { buf, t->col };

		if (scn_region_arg(s, &rt, &g) != 0)
			return 2;
	}
	if (scn_number(rest, &v) != 0 || v >= scn_region_pages(s, g))
		return scn_syntax(s, t->col, "page '%s' is not one of region '%s' "
			      "(0..%llu)", rest, buf,
			      (unsigned long long)scn_region_pages(s, g) - 1);
	*pa = fvp_host_region_page(&s->h, g, v);
	return *pa ? 0 : scn_syntax(s, t->col, "the model is out of memory");
}
