/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lifecycle.c -- a verified token against several reference sets, a
 * revocation list and minimum policy versions (mica_lifecycle).
 *
 * The members of a token are the realm token itself (no group) or every
 * member of its group (claim 266, EAT submodules). Each is matched
 * against every set of its algorithm (its own claim 44236, else the
 * realm token's): a member that names its own workflow digest (claim
 * -77101: it joined from another policy through `any`) in the sets of
 * that workflow digest, any other in the sets of the attester's policy
 * (a workflow digest of a set with a realm of claim 44238's RIM), at a
 * realm with its final RIM not matched by an earlier member in that set.
 * A member may match several sets (the same final RIM in two files); it
 * is reported with all of them, the sets taken in one fixed order
 * (policy name, version, position), so the same inputs give the same
 * result whatever order they came in.
 *
 * Invariants once verified: every member matched at least one set; no
 * matched set entry is revoked (revocation wins over any other match);
 * every member matched at least one set at or above its policy's
 * minimum version; with require_all, every realm of every set the
 * attesting member matched was matched in that set.
 *
 * The version and policy name are those of the matched set. A token
 * cannot claim a newer version than its blob: the final RIM is
 * H(RIM || blob digest || ...) (man/mica-blob.5), the blob carries the
 * policy's name and version, so a realm of version N matches only sets
 * compiled from version N of that policy.
 */
#include <string.h>

#include "verify.h"

#define ref_fail(v, ...) \
	mica_verdict_set(v, MICA_REFERENCE_FAILS, __VA_ARGS__)

typedef struct ctx {
	mica_lifecycle *lc;
	size_t ord[MICA_REF_SETS_MAX];     /* the sets in their fixed order */
	uint64_t taken[MICA_REF_SETS_MAX]; /* per set: realm k matched */
	uint8_t by[MICA_REF_SETS_MAX][MICA_REF_REALMS_MAX]; /* ... by member */
	mica_bytes alg;                    /* the realm token's 44236 */
	uint8_t attwf[MICA_REF_SETS_MAX];  /* a set of the attester's policy */
	char what[MICA_REF_NAME_MAX + 32]; /* "policy g", "any reference set" */
} ctx;

static int before(const mica_lifecycle *lc, size_t a, size_t b)
{
	int c = strcmp(lc->sets[a]->policy, lc->sets[b]->policy);

	if (c)
		return c < 0;
	if (lc->sets[a]->version != lc->sets[b]->version)
		return lc->sets[a]->version < lc->sets[b]->version;
	return a < b;
}

static int eq(const mica_bytes *b, const uint8_t *p, size_t n)
{
	return b->n == n && memcmp(b->p, p, n) == 0;
}

/* Set s is of algorithm alg ("sha-256", the text of a claim 44236). */
static int of_alg(const ctx *c, size_t s, const mica_bytes *alg)
{
	const char *h = c->lc->sets[s]->hash;

	return alg->n == strlen(h) && memcmp(alg->p, h, alg->n) == 0;
}

static int applies(const ctx *c, size_t s)
{
	return of_alg(c, s, &c->alg);
}

/* "group member 1 (realm 'b' of policy g version 1)" or "realm token
 * (...)": who a refusal is about. */
static const char *who(const ctx *c, const mica_lifecycle_member *m,
		       const mica_lifecycle_match *x, char *buf, size_t n)
{
	const mica_reference *r = c->lc->sets[x->set];
	char head[48];

	if (m->grouped)
		snprintf(head, sizeof head, "group member %llu",
			 (unsigned long long)m->member);
	else
		snprintf(head, sizeof head, "realm token");
	snprintf(buf, n, "%s (realm '%s' of policy %s version %llu)", head,
		 r->realms[x->realm].name, r->policy,
		 (unsigned long long)r->version);
	return buf;
}

/* A member (its final RIM, algorithm, and own workflow digest or NULL)
 * against every set it may be of; fills mr or says why nothing matched. */
static int match(ctx *c, mica_lifecycle_member *mr, const mica_bytes *rim,
		 const mica_bytes *alg, const mica_bytes *wf, mica_verdict *v)
{
	const mica_lifecycle *lc = c->lc;
	size_t j, s, k, ts = 0, tk = 0;
	int taken = 0, algseen = 0, wfseen = 0;
	char h[16], h2[16];

	mica_short_hex(rim->p, rim->n, h);
	for (j = 0; j < lc->nsets; j++) {
		const mica_reference *r = lc->sets[s = c->ord[j]];

		if (!of_alg(c, s, alg))
			continue;
		algseen = 1;
		if (wf ? !eq(wf, r->workflow, r->dlen) : !c->attwf[s])
			continue;
		wfseen = 1;
		for (k = 0; k < r->nrealms; k++) {
			if (!eq(rim, r->realms[k].rim, r->dlen))
				continue;
			if (c->taken[s] & (uint64_t)1 << k) {
				taken = 1, ts = s, tk = k;
				continue;
			}
			break;
		}
		if (k == r->nrealms)
			continue;
		c->taken[s] |= (uint64_t)1 << k;
		c->by[s][k] = (uint8_t)mr->member;
		mr->match[mr->nmatch].set = s;
		mr->match[mr->nmatch++].realm = k;
	}
	if (mr->nmatch)
		return 0;
	if (!mr->grouped)
		return ref_fail(v, "realm token RIM (claim 44238) %s: no realm "
				"of %s has this final RIM", h, c->what);
	if (!algseen)
		return ref_fail(v, "group member %llu (RIM %s): measurement "
				"algorithm \"%.*s\" (claim 44236): no reference "
				"set uses it", (unsigned long long)mr->member,
				h, (int)(alg->n > 16 ? 16 : alg->n),
				(const char *)alg->p);
	if (wf && !wfseen)
		return ref_fail(v, "group member %llu (RIM %s): a realm of "
				"another policy (workflow digest %s, claim %d); "
				"no reference values given for it",
				(unsigned long long)mr->member, h,
				mica_short_hex(wf->p, wf->n, h2), MICA_CLAIM_WORKFLOW);
	if (taken)
		return ref_fail(v, "group member %llu (RIM %s): realm '%s' is "
				"already group member %u",
				(unsigned long long)mr->member, h,
				lc->sets[ts]->realms[tk].name,
				(unsigned)c->by[ts][tk]);
	return ref_fail(v, "group member %llu (RIM %s): no realm of %s has "
			"this final RIM", (unsigned long long)mr->member, h,
			c->what);
}

/* The group's members (claim 266), in order. */
static int members(ctx *c, const mica_bytes *val, const mica_bytes *rim,
		   mica_verdict *v)
{
	mica_lifecycle *lc = c->lc;
	mica_group g;
	mica_group_member m;
	uint64_t i;
	int requester = 0;
	char h[16];

	if (mica_group_parse(val, &g, "realm token", v))
		return -1;
	if (g.nmembers > MICA_REF_REALMS_MAX)
		return ref_fail(v, "group (claim 266): %llu members, more "
				"than %d", (unsigned long long)g.nmembers,
				MICA_REF_REALMS_MAX);
	for (i = 0; i < g.nmembers; i++) {
		mica_lifecycle_member *mr = &lc->members[i];

		mica_group_member_at(&g, i, &m);
		mr->member = i;
		mr->grouped = 1;
		mr->rimlen = m.rim.n;
		memcpy(mr->rim, m.rim.p, m.rim.n);
		if (match(c, mr, &m.rim, m.alg.p ? &m.alg : &c->alg,
			  m.workflow.p ? &m.workflow : NULL, v))
			return -1;
		if (!requester && eq(rim, m.rim.p, m.rim.n))
			requester = mr->attester = 1;
		lc->nmembers++;
	}
	if (!requester)
		return ref_fail(v, "realm token RIM %s is not a member of its "
				"group (claim 266)", mica_short_hex(rim->p, rim->n, h));
	return 0;
}

/* A digest a set knows: reference.corim leaves the others zero. */
static int nonzero(const uint8_t *p, size_t n)
{
	while (n && !p[n - 1])
		n--;
	return n != 0;
}

/* The first entry of the list, in file order, that revokes what mr
 * matched (in any of its sets): a revocation outweighs every match. */
static int revoked(const ctx *c, const mica_lifecycle_member *mr,
		   mica_verdict *v)
{
	const mica_revoked *rv = c->lc->revoked;
	size_t e, j;
	char w[MICA_REF_NAME_MAX * 2 + 96];

	for (e = 0; rv && e < rv->n; e++) {
		const mica_revoked_entry *x = &rv->e[e];

		for (j = 0; j < mr->nmatch; j++) {
			const mica_reference *r = c->lc->sets[mr->match[j].set];
			const mica_reference_realm *rr =
				&r->realms[mr->match[j].realm];
			const char *what = NULL;

			if (x->kind == MICA_REVOKED_POLICY) {
				if (x->version == r->version &&
				    strcmp(x->policy, r->policy) == 0)
					what = "its policy and version";
			} else if (x->dlen == r->dlen &&
				   nonzero(x->digest, x->dlen)) {
				if (!memcmp(x->digest, rr->image, r->dlen))
					what = "its image measurement";
				else if (!memcmp(x->digest, rr->blob_digest,
						 r->dlen))
					what = "its blob digest";
				else if (!memcmp(x->digest, r->workflow,
						 r->dlen))
					what = "its workflow digest";
			}
			if (!what)
				continue;
			c->lc->refused = MICA_LC_REVOKED;
			return ref_fail(v, "%s: revoked by %s:%u (%s): %s",
					who(c, mr, &mr->match[j], w, sizeof w),
					rv->file, x->line, what, x->comment);
		}
	}
	return 0;
}

/* The minimum version of policy p: its own, else every policy's, else
 * 0. */
static uint64_t minimum(const mica_lifecycle *lc, const char *p)
{
	uint64_t all = 0;
	size_t i;

	for (i = 0; i < lc->nmin; i++) {
		if (strcmp(lc->min[i].policy, p) == 0)
			return lc->min[i].version;
		if (lc->min[i].policy[0] == '\0')
			all = lc->min[i].version;
	}
	return all;
}

/* Some set mr matched is at or above its policy's minimum. */
static int recent(const ctx *c, const mica_lifecycle_member *mr,
		  mica_verdict *v)
{
	const mica_reference *r;
	size_t j;
	char w[MICA_REF_NAME_MAX * 2 + 96];

	for (j = 0; j < mr->nmatch; j++) {
		r = c->lc->sets[mr->match[j].set];
		if (r->version >= minimum(c->lc, r->policy))
			return 0;
	}
	r = c->lc->sets[mr->match[0].set];
	c->lc->refused = MICA_LC_BELOW_MIN;
	return ref_fail(v, "%s: policy %s version %llu is below the minimum "
			"version %llu", who(c, mr, &mr->match[0], w, sizeof w),
			r->policy, (unsigned long long)r->version,
			(unsigned long long)minimum(c->lc, r->policy));
}

/* Every realm of every set the attesting member matched. */
static int all_there(const ctx *c, const mica_lifecycle_member *att,
		     mica_verdict *v)
{
	const mica_lifecycle *lc = c->lc;
	size_t j, k, s;

	for (j = 0; j < att->nmatch; j++) {
		const mica_reference *r = lc->sets[s = att->match[j].set];

		for (k = 0; k < r->nrealms; k++)
			if (!(c->taken[s] & (uint64_t)1 << k))
				return ref_fail(v, "realm '%s' of policy %s "
						"%s%s%s%s", r->realms[k].name,
						r->policy, att->grouped
						? "is not in the group"
						: "is not attested: the token "
						  "has no group claim",
						lc->nsets > 1 ? " (" : "",
						lc->nsets > 1 ? lc->names[s]
							      : "",
						lc->nsets > 1 ? ")" : "");
	}
	return 0;
}

static int check(ctx *c, const mica_claimset *rc, mica_verdict *v)
{
	mica_lifecycle *lc = c->lc;
	const mica_bytes *val;
	mica_bytes rim;
	mica_cbor cb;
	const char *a;
	size_t alen, i, j, k;
	char h[16];

	val = mica_claimset_get(rc, 44236);
	mica_cbor_init(&cb, val->p, val->n, MICA_CBOR_LENIENT);
	if (mica_cbor_tstr(&cb, &a, &alen))
		return ref_fail(v, "realm token: claim 44236 is not a text "
				"string");
	c->alg.p = (const uint8_t *)a;
	c->alg.n = alen;
	for (j = 0; j < lc->nsets && !applies(c, j); j++)
		;
	if (j == lc->nsets)
		return lc->nsets == 1
			? ref_fail(v, "realm token measurement algorithm "
				   "(claim 44236) is \"%.*s\", policy %s uses "
				   "\"%s\"", (int)alen, a, lc->sets[0]->policy,
				   lc->sets[0]->hash)
			: ref_fail(v, "realm token measurement algorithm "
				   "(claim 44236) is \"%.*s\", which no "
				   "reference set uses", (int)alen, a);
	rim = mica_claim_bstr(mica_claimset_get(rc, 44238));
	/* The attester's RIM first: the plainest refusal of a token of
	 * another policy. */
	for (j = 0; j < lc->nsets; j++)
		for (k = 0; applies(c, j) && k < lc->sets[j]->nrealms; k++)
			if (eq(&rim, lc->sets[j]->realms[k].rim,
			       lc->sets[j]->dlen))
				goto found;
	return ref_fail(v, "realm token RIM (claim 44238) %s: no realm of %s "
			"has this final RIM", mica_short_hex(rim.p, rim.n, h), c->what);
found:
	/* The attester's policy: the sets of the workflow digest of a set
	 * with its RIM (one policy and version but for copies). */
	for (j = 0; j < lc->nsets; j++)
		for (k = 0; applies(c, j) && k < lc->sets[j]->nrealms; k++)
			if (eq(&rim, lc->sets[j]->realms[k].rim,
			       lc->sets[j]->dlen))
				for (i = 0; i < lc->nsets; i++)
					if (eq(&(mica_bytes){ lc->sets[j]->
						workflow, lc->sets[j]->dlen },
					       lc->sets[i]->workflow,
					       lc->sets[i]->dlen))
						c->attwf[i] = 1;
	val = mica_claimset_get(rc, MICA_CLAIM_SUBMODS);
	if (val) {
		if (members(c, val, &rim, v))
			return -1;
	} else {
		mica_lifecycle_member *mr = &lc->members[0];

		mr->attester = 1;
		mr->rimlen = rim.n;
		memcpy(mr->rim, rim.p, rim.n);
		if (match(c, mr, &rim, &c->alg, NULL, v))
			return -1;
		lc->nmembers = 1;
	}
	for (i = 0; i < lc->nmembers; i++)
		if (revoked(c, &lc->members[i], v))
			return -1;
	for (i = 0; i < lc->nmembers; i++)
		if (recent(c, &lc->members[i], v))
			return -1;
	for (i = 0; lc->require_all && i < lc->nmembers; i++)
		if (lc->members[i].attester &&
		    all_there(c, &lc->members[i], v))
			return -1;
	return 0;
}

int mica_token_verify_lifecycle(const mica_token *t,
				const mica_ec_key *platform_key,
				const mica_verify_opts *opts,
				mica_lifecycle *lc, mica_verdict *v)
{
	/* A claim set is 6 KiB, the context 1.6 KiB: the stack is fine in
	 * micac and in the tests. */
	mica_claimset rc;
	ctx c;
	size_t i, j;

	lc->nmembers = 0;
	lc->refused = 0;
	memset(lc->members, 0, sizeof lc->members);
	if (lc->nsets == 0 || lc->nsets > MICA_REF_SETS_MAX ||
	    lc->nmin > MICA_MIN_VERSIONS_MAX)
		return mica_verdict_set(v, MICA_REFERENCE_FAILS, "%zu reference "
			"sets and %zu minimum versions: from 1 to %d sets and "
			"at most %d minimums", lc->nsets, lc->nmin,
			MICA_REF_SETS_MAX, MICA_MIN_VERSIONS_MAX);
	if (mica_token_verify(t, platform_key, opts, v) != MICA_VERIFIED)
		return (int)v->kind;
	/* Verified: the realm claims parse and passed their checks. */
	if (mica_claimset_parse(t->realm.payload.p, t->realm.payload.n, &rc,
				"realm token", v))
		return (int)v->kind;
	memset(&c, 0, sizeof c);
	c.lc = lc;
	for (i = 0; i < lc->nsets; i++) {
		for (j = i; j > 0 && before(lc, i, c.ord[j - 1]); j--)
			c.ord[j] = c.ord[j - 1];
		c.ord[j] = i;
	}
	if (lc->nsets == 1)
		snprintf(c.what, sizeof c.what, "policy %s",
			 lc->sets[0]->policy);
	else
		snprintf(c.what, sizeof c.what, "any reference set");
	if (check(&c, &rc, v)) {
		lc->nmembers = 0;
		return (int)v->kind;
	}
	mica_verdict_ok(v);
	return MICA_VERIFIED;
}

int mica_min_version_parse(const char *arg, mica_min_version *m)
{
	const char *eqs = strchr(arg, '='), *d = eqs ? eqs + 1 : arg;
	uint64_t n = 0;
	size_t i, len = eqs ? (size_t)(eqs - arg) : 0;

	memset(m, 0, sizeof *m);
	if (eqs) {
		if (len == 0 || len > MICA_REF_NAME_MAX)
			return -1;
		for (i = 0; i < len; i++) {
			int ch = (unsigned char)arg[i];

			if (!((ch >= 'A' && ch <= 'Z') ||
			      (ch >= 'a' && ch <= 'z') || ch == '_' ||
			      (i && ((ch >= '0' && ch <= '9') || ch == '-'))))
				return -1;
		}
		memcpy(m->policy, arg, len);
	}
	if (*d == '\0' || (d[0] == '0' && d[1] != '\0'))
		return -1;
	for (; *d; d++) {
		unsigned dg = (unsigned)(*d - '0');

		if (*d < '0' || *d > '9' || n > (UINT64_MAX - dg) / 10)
			return -1;
		n = n * 10 + dg;
	}
	m->version = n;
	return 0;
}
