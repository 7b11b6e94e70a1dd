/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * host_rmi.c -- the host's RMI steps (scenario.h): policy, load,
 * create, bind, activate and destroy, each one RMI sequence of host.c
 * whose outcome is the status of the first refused call.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../realm.h"
#include "scenario.h"

static int load_policy(struct scn *s, const struct tok *t,
		       struct fvp_policy *p)
{
	char path[8192];
	int rc;

	if (t->s[0] == '/')
		snprintf(path, sizeof path, "%s", t->s);
	else
		snprintf(path, sizeof path, "%s/%s", s->dir, t->s);
	rc = fvp_policy_load(p, path);
	if (rc != 0) {
		fvp_policy_free(p);
		return scn_syntax(s, t->col, "cannot load policy '%s'%s", path,
			      rc == 1 ? " (it has errors)" : "");
	}
	return 0;
}

int scn_step_policy(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	uint64_t h = 1469598103934665603ull;
	const char *base;

	if (s->have_pol)
		return scn_syntax(s, t[0].col, "a scenario has one `policy` line "
			      "(use `load ALIAS PATH` for others)");
	if (scn_need(s, t, n, 2, "policy path"))
		return 2;
	if (n > 3 || (n == 3 && strcmp(t[2].s, "adopt") != 0))
		return scn_syntax(s, t[n - 1].col, "expected `adopt` or the end of "
			      "the line");
	if (load_policy(s, &t[1], &s->pol) != 0)
		return 2;
	s->have_pol = 1;
	s->adopt = n == 3;
	if (fvp_policy_measure(&s->pol) != 0)
		return scn_syntax(s, t[1].col, "cannot measure the realm images");
	if (fvp_host_init(&s->h, &s->pol) != 0)
		return scn_syntax(s, t[1].col, "cannot start the model");
	s->have_host = 1;
	/* The canary: fixed per scenario file name, so runs repeat. */
	base = strrchr(s->file, '/');
	for (base = base ? base + 1 : s->file; *base; base++)
		h = (h ^ (uint8_t)*base) * 1099511628211ull;
	snprintf(s->canary, sizeof s->canary, "MICA-CANARY-%016llx",
		 (unsigned long long)h);
	scn_okay(o, "policy '%s', %u realms, %u regions%s", s->pol.ir->name,
	     s->pol.ir->nrealms, s->pol.ir->nregions,
	     s->adopt ? ", declared measurements adopted" : "");
	return 0;
}

int scn_step_load(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	if (scn_need(s, t, n, 3, "`load ALIAS PATH`"))
		return 2;
	if (scn_end(s, t, n, 3))
		return 2;
	if (s->nother == MAXOTHER)
		return scn_syntax(s, t[0].col, "at most %d policies can be loaded",
			      MAXOTHER);
	if (strlen(t[1].s) >= sizeof s->other_name[0] || strchr(t[1].s, ':'))
		return scn_syntax(s, t[1].col, "bad alias '%s'", t[1].s);
	for (int k = 0; k < s->nother; k++)
		if (strcmp(s->other_name[k], t[1].s) == 0)
			return scn_syntax(s, t[1].col, "alias '%s' is taken", t[1].s);
	if (load_policy(s, &t[2], &s->other[s->nother]) != 0)
		return 2;
	strcpy(s->other_name[s->nother], t[1].s);
	scn_okay(o, "policy '%s' loaded as '%s'", s->other[s->nother].ir->name,
	     t[1].s);
	s->nother++;
	return 0;
}

/* create REALM [image [ALIAS:]REALM2] [windows [ALIAS:]REALM3] [width BITS] */
int scn_step_create(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	const struct fvp_policy *pol;
	struct fvp_create c = { NULL, NULL, 0, 0 };
	uint32_t i = 0, j = 0;
	unsigned long st;
	uint64_t bits;

	if (scn_need(s, t, n, 2, "realm name") || scn_realm_arg(s, &t[1], &i))
		return 2;
	for (int k = 2; k < n; k += 2) {
		if (k + 1 == n || (strcmp(t[k].s, "image") != 0 &&
				   strcmp(t[k].s, "windows") != 0 &&
				   strcmp(t[k].s, "width") != 0))
			return scn_syntax(s, t[k].col, "expected `image [ALIAS:]REALM`, "
				      "`windows [ALIAS:]REALM`, `width BITS` or "
				      "the end of the line");
		if (strcmp(t[k].s, "width") == 0) {
			if (scn_number(t[k + 1].s, &bits) != 0 || bits > 64)
				return scn_syntax(s, t[k + 1].col, "expected an IPA "
					      "width in bits, got '%s'",
					      t[k + 1].s);
			c.s2sz = (unsigned)bits;   /* the RMM judges it */
			continue;
		}
		if (scn_qualified_realm(s, &t[k + 1], &pol, &j))
			return 2;
		if (strcmp(t[k].s, "image") == 0) {
			c.image = pol->img[j].image;
		} else {
			c.layout = pol->ir;
			c.layout_realm = j;
		}
	}
	st = fvp_host_create_with(&s->h, i, &c);
	if (s->h.realm[i].vcpu != NULL)
		s->h.realm[i].vcpu->program = fvp_program_script;
	/* Adopting stands for "this realm's own image measures what the
	 * policy declares"; another image keeps its true measurement. */
	if (st == 0 && s->adopt && c.image == NULL)
		fvp_host_adopt(&s->h, i);
	scn_rmi_outcome(o, "realm created", st);
	return 0;
}

static int read_file(struct scn *s, const struct tok *t, uint8_t **buf,
		     size_t *len)
{
	char path[8192];
	FILE *f;
	size_t cap = 65536;

	snprintf(path, sizeof path, "%s%s%s", t->s[0] == '/' ? "" : s->dir,
		 t->s[0] == '/' ? "" : "/", t->s);
	if ((f = fopen(path, "rb")) == NULL)
		return scn_syntax(s, t->col, "cannot open '%s': %s", path,
			      strerror(errno));
	*buf = malloc(cap);
	*len = *buf ? fread(*buf, 1, cap, f) : 0;
	fclose(f);
	return *buf ? 0 : scn_syntax(s, t->col, "out of memory");
}

int scn_step_bind(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	const struct fvp_policy *pol = &s->pol;
	const mica_output *b;
	uint8_t *copy;
	size_t len;
	uint32_t i = 0, j = 0;
	uint64_t v = 0;

	if (scn_need(s, t, n, 2, "realm name") || scn_realm_arg(s, &t[1], &i))
		return 2;
	j = i;
	if (n >= 4 && strcmp(t[2].s, "blob") == 0 && strcmp(t[3].s, "file") == 0) {
		if (scn_need(s, t, n, 5, "blob file path"))
			return 2;
		if (scn_end(s, t, n, 5))
			return 2;
		if (read_file(s, &t[4], &copy, &len) != 0)
			return 2;
	} else {
		if (n == 4 && strcmp(t[2].s, "blob") == 0) {
			if (scn_qualified_realm(s, &t[3], &pol, &j))
				return 2;
		} else if (n == 4 && (strcmp(t[2].s, "tamper") == 0 ||
				      strcmp(t[2].s, "truncate") == 0)) {
			if (scn_number(t[3].s, &v) != 0)
				return scn_syntax(s, t[3].col, "expected a number, got '%s'",
					      t[3].s);
		} else if (n != 2) {
			return scn_syntax(s, t[2].col, "expected `blob [ALIAS:]REALM`, "
				      "`blob file PATH`, `tamper OFFSET`, "
				      "`truncate LEN` or the end of the line");
		}
		if ((b = fvp_policy_blob(pol, j)) == NULL)
			return scn_syntax(s, t[1].col, "policy has no blob for '%s'",
				      pol->ir->realms[j].name);
		len = b->len;
		if ((copy = malloc(len ? len : 1)) == NULL)
			return scn_syntax(s, t[1].col, "out of memory");
		memcpy(copy, b->data, len);
		if (n == 4 && t[2].s[0] == 't' && t[2].s[1] == 'a') {
			if (v >= len) {
				free(copy);
				return scn_syntax(s, t[3].col, "offset %llu is past the "
					      "blob's %zu bytes",
					      (unsigned long long)v, len);
			}
			copy[v] ^= 0x01;   /* one flipped bit */
		} else if (n == 4 && t[2].s[0] == 't') {
			if (v == 0 || v >= len) {
				free(copy);
				return scn_syntax(s, t[3].col, "length must be 1..%zu",
					      len - 1);
			}
			len = (size_t)v;
		}
	}
	scn_rmi_outcome(o, "POLICY_BIND", fvp_host_bind(&s->h, i, copy, len));
	free(copy);
	return 0;
}

/* activate REALM, destroy REALM: the host's whole sequence for one
 * realm, its outcome that of the first refused call. */
int scn_step_realm(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	uint32_t i = 0;

	if (scn_need(s, t, n, 2, "realm name") || scn_realm_arg(s, &t[1], &i))
		return 2;
	if (scn_end(s, t, n, 2))
		return 2;
	if (strcmp(t[0].s, "activate") == 0)
		scn_rmi_outcome(o, "REALM_ACTIVATE", fvp_host_activate(&s->h, i));
	else
		scn_rmi_outcome(o, "realm destroyed", fvp_host_destroy(&s->h, i));
	return 0;
}
