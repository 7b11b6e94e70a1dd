/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * attest.c -- RSI_ATTESTATION_TOKEN_INIT and _CONTINUE (RMM 1.0), and
 * Mica's group token, MICA_RSI_GROUP_TOKEN_INIT and _CONTINUE (below).
 *
 * INIT (x1..x8 = the 64-byte challenge, little-endian words) records the
 * challenge and a snapshot of the Realm's measurements in the REC and
 * returns x1 = an upper bound of the token's size. Every challenge value
 * is valid (the RMM specification has no failure condition for it); a
 * second INIT starts over.
 *
 * CONTINUE (x1 = IPA of a granule of the Realm's RAM, x2 = offset in it,
 * x3 = size) copies the next at most `size` bytes of the token to
 * IPA + offset, through the Realm's stage 2, and returns x1 = the bytes
 * copied, with RSI_INCOMPLETE until the last chunk and RSI_SUCCESS with
 * it (which ends the token: the next one needs a new INIT). INIT builds
 * the token once into the context's token buffer (ctx->work.token, as
 * large as the largest token, MICA_ATTEST_GROUP_MAX bytes) and each
 * CONTINUE copies from it. If another REC's INIT took the buffer
 * meanwhile, CONTINUE rebuilds the token from what INIT recorded (the
 * signatures are deterministic: the same bytes), so every chunk comes
 * from one token and a token costs one build unless RECs interleave.
 *
 * Failures change nothing: RSI_ERROR_STATE when no INIT came first or
 * the platform cannot attest, RSI_ERROR_INPUT for an IPA that is not
 * granule aligned, not protected, not mapped (ASSIGNED) or not RIPAS RAM,
 * or an offset/size that is zero or leaves the granule.
 */
#include <string.h>

#include <mbedtls/sha256.h>

#include "rmm_int.h"

#define PAGE_MASK (GRANULE - 1)

/* CONTINUE's destination: x1 = IPA of a granule of the Realm's RAM,
 * x2 = offset in it, x3 = size. NULL, with ERROR_INPUT, if unusable. */
static uint8_t *chunk_dest(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			   const unsigned long *x, unsigned long *ret)
{
	unsigned long ipa = x[1], off = x[2], size = x[3];
	uint8_t *page = (ipa & PAGE_MASK) == 0 ? mica_rmm_realm_page(ctx, r, ipa)
					       : NULL;

	if (page == NULL || size == 0 || off >= GRANULE ||
	    size > GRANULE - off) {
		ret[0] = MICA_RSI_ERROR_INPUT;
		return NULL;
	}
	return page + off;
}

/* Builds REC rec's token (with the group's submods claim, if any) from
 * what its INIT recorded (the audit record too: a rebuild gives the same
 * bytes even if the record moved on meanwhile) into the token buffer, which it then holds: 0, or -1 (the buffer then
 * holds nothing). */
static int build(struct mica_rmm *ctx, const struct mica_rmm_realm *r,
		 const struct mica_rmm_rec *rec, attest_claims_fn submods,
		 const void *submods_arg, size_t cap)
{
	const struct mica_rmm_rec_attest *a = &rec->attest;
	struct mica_rmm_token *t = &ctx->work.token;
	struct attest_realm rt;
	size_t total;

	memset(&rt, 0, sizeof rt);
	rt.challenge = a->challenge;
	rt.rpv = r->rpv;
	rt.meas = (const uint8_t (*)[MICA_RMM_DIGEST_MAX])a->meas;
	rt.hash_algo = r->hash_algo;
	rt.submods = submods;
	rt.submods_arg = submods_arg;
	rt.audit_count = a->audit.count;
	rt.audit_chain = a->audit.chain;
	t->owner = 0;
	t->len = 0;
	t->builds++;
	total = mica_rmm_attest_cca_token(ctx, &rt, t->buf,
					  cap < sizeof t->buf ? cap : sizeof t->buf);
	if (total == 0)
		return -1;
	t->owner = (uint32_t)(rec - ctx->rec) + 1;
	t->len = (uint32_t)total;
	return 0;
}

static bool holds(const struct mica_rmm *ctx, const struct mica_rmm_rec *rec)
{
	return ctx->work.token.owner == (uint32_t)(rec - ctx->rec) + 1;
}

/* Both CONTINUE calls: copies the next at most x3 bytes of the token in
 * the buffer (which holds this REC's) to dst. The last chunk ends the
 * request. */
static void send_chunk(struct mica_rmm *ctx, struct mica_rmm_rec_attest *a,
		       uint8_t *dst, const unsigned long *x, unsigned long *ret)
{
	const struct mica_rmm_token *t = &ctx->work.token;
	size_t n;

	if (a->offset > t->len) {
		ret[0] = MICA_RSI_ERROR_STATE;
		return;
	}
	n = t->len - a->offset;
	if (n > x[3])
		n = x[3];
	memcpy(dst, t->buf + a->offset, n);
	a->offset += (uint32_t)n;
	ret[1] = n;
	if (a->offset < t->len) {
		ret[0] = MICA_RSI_INCOMPLETE;
		return;
	}
	memset(a, 0, sizeof *a);
	ret[0] = MICA_RSI_SUCCESS;
}

bool mica_rmm_rsi_attest_init(struct mica_rmm *ctx, struct mica_rmm_realm *r,
		     struct mica_rmm_rec *rec, const unsigned long *x,
		     unsigned long *ret, struct mica_rmm_exit *ex)
{
	struct mica_rmm_rec_attest *a = &rec->attest;

	(void)ex;
	if (ctx->plat->attest == NULL || ctx->plat->entropy == NULL) {
		ret[0] = MICA_RSI_ERROR_STATE;
		return false;
	}
	for (unsigned i = 0; i < MICA_ATTEST_CHALLENGE_SIZE / 8; i++)
		mica_st64(a->challenge + 8 * i, x[1 + i]);
	memcpy(a->meas, r->meas, sizeof a->meas);
	a->audit = ctx->audit[mica_rmm_realm_slot(ctx, r)];
	a->offset = 0;
	a->state = 1;
	if (build(ctx, r, rec, NULL, NULL, MICA_ATTEST_TOKEN_MAX) != 0) {
		memset(a, 0, sizeof *a);
		ret[0] = MICA_RSI_ERROR_STATE;
		return false;
	}
	ret[0] = MICA_RSI_SUCCESS;
	ret[1] = MICA_ATTEST_TOKEN_MAX;
	return false;
}

bool mica_rmm_rsi_attest_continue(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			 struct mica_rmm_rec *rec, const unsigned long *x,
			 unsigned long *ret, struct mica_rmm_exit *ex)
{
	struct mica_rmm_rec_attest *a = &rec->attest;
	uint8_t *dst;

	(void)ex;
	if (a->state != 1 || ctx->plat->attest == NULL) {
		ret[0] = MICA_RSI_ERROR_STATE;
		return false;
	}
	dst = chunk_dest(ctx, r, x, ret);
	if (dst == NULL)
		return false;
	if (!holds(ctx, rec) &&
	    build(ctx, r, rec, NULL, NULL, MICA_ATTEST_TOKEN_MAX) != 0) {
		ret[0] = MICA_RSI_ERROR_STATE;
		return false;
	}
	send_chunk(ctx, a, dst, x, ret);
	return false;
}

/*
 * ---- the group token: MICA_RSI_GROUP_TOKEN_INIT (0xC40001B0) and
 * _CONTINUE (0xC40001B1); man/mica-rmm.7, GROUP TOKEN ----
 *
 * The ordinary token of the caller plus EAT's submods claim (266, RFC
 * 9711 section 4.2.18) in its realm token, signed with it by the RAK:
 *   266: { "0": { 44238: final RIM }, "1": {...}, ...,
 *          "k": { 44238: final RIM, -77101: workflow digest }, ... }
 * one submodule per Realm connected to the caller through the region
 * instances they map (mica_rmm_policy_group), the caller included. A
 * member carries what the verifier cannot find in the reference values:
 * its final RIM, which names it there (and with it its image measurement
 * and blob); its workflow digest only when that is not the caller's (a
 * Realm of another policy that joined through `any`: the verifier then
 * looks it up in that policy's reference values). Its hash algorithm
 * (44236) would follow only if it differed from the caller's, which
 * SHARE_MAP rules out (it joins only Realms of one algorithm).
 *
 * Members are sorted by their encodings (so by final RIM, the members of
 * the caller's policy first) and named by rank with one character,
 * "0".."9", "A".."Z", "_", "a".."z", "~": no slot or walk order shows,
 * two instances of one Realm are two equal members under two names, and
 * the names ascend as the map's keys must. A SHA-256 member of the
 * caller's policy is 40 bytes: name 2, map head 1, key 3, RIM 2 + 32.
 *
 * INIT records the challenge, the caller's measurements and SHA-256 of
 * the claim's encoding, and builds the token once; each CONTINUE finds
 * the group again (O(members x regions), mica_share.c) and refuses with
 * ERROR_STATE, changing nothing, if it is no longer the one INIT saw (a
 * Realm joined, left or was destroyed): the caller starts again with
 * INIT. So every chunk comes from one token.
 */
struct group_arg {
	const struct mica_rmm *ctx;
	const struct mica_rmm_realm *req;
	unsigned n;
	uint16_t member[MICA_ATTEST_GROUP_MEMBERS];   /* slots, sorted */
};

/* A member of another policy than the caller's: it carries its
 * workflow digest. */
static bool foreign(const struct group_arg *g, const struct mica_rmm_realm *m)
{
	return memcmp(m->policy.pol.workflow, g->req->policy.pol.workflow,
		      mica_rmm_realm_digest_size(g->req)) != 0;
}

/* The order of the members' encodings: one-entry maps (A1) before
 * two-entry ones (A2), then the final RIM, then the workflow digest
 * (every digest has the caller's size). */
static int member_cmp(const struct group_arg *g, uint16_t a, uint16_t b)
{
	const struct mica_rmm_realm *x = &g->ctx->realm[a];
	const struct mica_rmm_realm *y = &g->ctx->realm[b];
	size_t n = mica_rmm_realm_digest_size(g->req);
	int fx = foreign(g, x), fy = foreign(g, y);
	int c = fx - fy;

	if (c == 0)
		c = memcmp(x->meas[0], y->meas[0], n);
	if (c == 0 && fx)
		c = memcmp(x->policy.pol.workflow, y->policy.pol.workflow, n);
	return c;
}

/* The caller's group, sorted: 0, or -1 when it has too many members. */
static int group_collect(const struct mica_rmm *ctx,
			 const struct mica_rmm_realm *r, struct group_arg *g)
{
	unsigned slots[MICA_ATTEST_GROUP_MEMBERS];
	unsigned n = mica_rmm_hook_group(ctx, r, slots,
					 MICA_ATTEST_GROUP_MEMBERS);

	g->ctx = ctx;
	g->req = r;
	g->n = n;
	if (n == 0 || n > MICA_ATTEST_GROUP_MEMBERS)
		return -1;
	for (unsigned i = 0; i < n; i++) {   /* insertion sort, n <= 64 */
		uint16_t s = (uint16_t)slots[i];
		unsigned j = i;

		for (; j > 0 && member_cmp(g, g->member[j - 1], s) > 0; j--)
			g->member[j] = g->member[j - 1];
		g->member[j] = s;
	}
	return 0;
}

/* The claim is its key and map head, then each member. */
static void group_head(struct attest_w *w, const struct group_arg *g)
{
	mica_rmm_aw_key(w, MICA_CLAIM_SUBMODS);
	mica_rmm_aw_map(w, g->n);
}

/* Member names: one character each, the rank's in 64 of the characters
 * URIs leave unreserved, in ascending byte order, so the map's keys
 * ascend as the members do. */
static const char member_names[] =
	"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~";
_Static_assert(sizeof member_names - 1 == MICA_ATTEST_GROUP_MEMBERS,
	       "one member name per possible member");

/* Member i: its name and Claims-Set. */
static void group_member(struct attest_w *w, const struct group_arg *g,
			 unsigned i)
{
	const struct mica_rmm_realm *m = &g->ctx->realm[g->member[i]];
	size_t dn = mica_rmm_realm_digest_size(g->req);
	char name[2] = { member_names[i], 0 };
	bool other = foreign(g, m);

	mica_rmm_aw_tstr(w, name);
	mica_rmm_aw_map(w, other ? 2 : 1);
	mica_rmm_aw_int(w, 44238);
	mica_rmm_aw_bstr(w, m->meas[0], dn);
	if (other) {
		mica_rmm_aw_int(w, MICA_CLAIM_WORKFLOW);
		mica_rmm_aw_bstr(w, m->policy.pol.workflow, dn);
	}
}

/* The realm token's `submods` writer. */
static void group_claim(struct attest_w *w, const void *arg)
{
	const struct group_arg *g = arg;

	group_head(w, g);
	for (unsigned i = 0; i < g->n; i++)
		group_member(w, g, i);
}

/* SHA-256 of the claim (key and value), written piece by piece through
 * a small buffer (the claim for 64 SHA-512 members is about 4.6 KB). */
static int group_digest(const struct group_arg *g, uint8_t out[32])
{
	uint8_t buf[256];   /* a member is at most 3 + 1 + 2 * (5 + 2 + 64) */
	mbedtls_sha256_context h;
	int rc;

	mbedtls_sha256_init(&h);
	rc = mbedtls_sha256_starts_ret(&h, 0) != 0 ? -1 : 0;
	for (unsigned i = 0; rc == 0 && i <= g->n; i++) {
		struct attest_w w = { buf, sizeof buf, 0, 0, false };

		if (i == 0)
			group_head(&w, g);
		else
			group_member(&w, g, i - 1);
		if (w.err || mbedtls_sha256_update_ret(&h, buf, w.len) != 0)
			rc = -1;
	}
	if (rc == 0 && mbedtls_sha256_finish_ret(&h, out) != 0)
		rc = -1;
	mbedtls_sha256_free(&h);
	return rc;
}

/* The caller's group as the RMM sees it now, and its digest: 0, or -1
 * (not ACTIVE, no policy, too many members, hash failure). */
static int group_now(const struct mica_rmm *ctx,
		     const struct mica_rmm_realm *r, struct group_arg *g,
		     uint8_t digest[32])
{
	if (r->state != MICA_REALM_ACTIVE || !r->policy.bound ||
	    group_collect(ctx, r, g) != 0)
		return -1;
	return group_digest(g, digest);
}

/* x1..x8 = challenge. Out: x1 = MICA_ATTEST_GROUP_MAX. */
bool mica_rmm_rsi_group_init(struct mica_rmm *ctx, struct mica_rmm_realm *r,
		    struct mica_rmm_rec *rec, const unsigned long *x,
		    unsigned long *ret, struct mica_rmm_exit *ex)
{
	struct mica_rmm_rec_attest *a = &rec->attest;
	struct group_arg g;
	uint8_t digest[32];

	(void)ex;
	if (ctx->plat->attest == NULL || ctx->plat->entropy == NULL ||
	    group_now(ctx, r, &g, digest) != 0) {
		ret[0] = MICA_RSI_ERROR_STATE;
		return false;
	}
	for (unsigned i = 0; i < MICA_ATTEST_CHALLENGE_SIZE / 8; i++)
		mica_st64(a->challenge + 8 * i, x[1 + i]);
	memcpy(a->meas, r->meas, sizeof a->meas);
	a->audit = ctx->audit[mica_rmm_realm_slot(ctx, r)];
	memcpy(a->group, digest, sizeof a->group);
	a->offset = 0;
	a->state = 2;
	if (build(ctx, r, rec, group_claim, &g, MICA_ATTEST_GROUP_MAX) != 0) {
		memset(a, 0, sizeof *a);
		ret[0] = MICA_RSI_ERROR_STATE;
		return false;
	}
	ret[0] = MICA_RSI_SUCCESS;
	ret[1] = MICA_ATTEST_GROUP_MAX;
	return false;
}

/* x1 = IPA, x2 = offset, x3 = size, as ATTESTATION_TOKEN_CONTINUE. */
bool mica_rmm_rsi_group_continue(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			struct mica_rmm_rec *rec, const unsigned long *x,
			unsigned long *ret, struct mica_rmm_exit *ex)
{
	struct mica_rmm_rec_attest *a = &rec->attest;
	uint8_t digest[32];
	struct group_arg g;
	uint8_t *dst;

	(void)ex;
	if (a->state != 2 || ctx->plat->attest == NULL) {
		ret[0] = MICA_RSI_ERROR_STATE;
		return false;
	}
	dst = chunk_dest(ctx, r, x, ret);
	if (dst == NULL)
		return false;
	if (group_now(ctx, r, &g, digest) != 0 ||
	    memcmp(digest, a->group, sizeof digest) != 0) {
		ret[0] = MICA_RSI_ERROR_STATE;   /* the group changed */
		return false;
	}
	if (!holds(ctx, rec) &&
	    build(ctx, r, rec, group_claim, &g, MICA_ATTEST_GROUP_MAX) != 0) {
		ret[0] = MICA_RSI_ERROR_STATE;
		return false;
	}
	send_chunk(ctx, a, dst, x, ret);
	return false;
}
