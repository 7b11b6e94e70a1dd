/*
 * mica_policy.c -- the RMM's own blob reader (man/mica-blob.5): strict,
 * deterministic CBOR through cbor_read.c in its blob mode, into the
 * fixed-size struct mica_rmm_policy. No heap, no recursion; every
 * MICA_POL_* limit is enforced. It accepts exactly what micac's decoder
 * (src/backend/blob_decode.c) accepts, except a blob whose content does
 * not fit those tables, which only the RMM refuses. Both
 * tests/rmm/test_mica_rmm_bind.c and fuzz/fuzz_blobdiff.c check that
 * differentially.
 */
#include <string.h>

#include "mica/wire/cbor_read.h"
#include "rmm_int.h"

#define IPA_HALF_GRANULES (1ull << 35)   /* 2^47 / 4096 */

static bool get_uint(mica_cbor *c, uint64_t lo, uint64_t hi, uint64_t *v)
{
	return mica_cbor_uint(c, v) == 0 && *v >= lo && *v <= hi;
}

/* A byte string of lo..hi bytes copied to out. */
static bool get_bytes(mica_cbor *c, size_t lo, size_t hi, uint8_t *out,
		      size_t *n)
{
	const uint8_t *p;

	if (mica_cbor_bstr(c, &p, n) != 0 || *n < lo || *n > hi)
		return false;
	memcpy(out, p, *n);
	return true;
}

/* An array of lo..hi items. */
static bool get_array(mica_cbor *c, uint64_t lo, uint64_t hi, uint64_t *n)
{
	return mica_cbor_array(c, n) == 0 && *n >= lo && *n <= hi;
}

static bool get_name(mica_cbor *c)
{
	const char *s;
	size_t n;

	if (mica_cbor_tstr(c, &s, &n) != 0 || n < 1 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		bool alpha = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
			     ch == '_';
		if (!alpha && (i == 0 || !((ch >= '0' && ch <= '9') || ch == '-')))
			return false;
	}
	return true;
}

static bool get_hostcalls(mica_cbor *c, struct mica_rmm_policy *p)
{
	uint64_t n, lo, hi;

	if ((p->flags & 2) != 0 ||
	    !get_array(c, 2, 2 * MICA_POL_MAX_HOSTCALLS, &n) || n % 2 != 0)
		return false;
	for (unsigned i = 0; i < n / 2; i++) {
		if (!get_uint(c, 0, 0xFFFF, &lo) || !get_uint(c, lo, 0xFFFF, &hi))
			return false;
		if (i > 0 && lo <= (uint64_t)p->hostcall[i - 1][1] + 1)
			return false;
		p->hostcall[i][0] = (uint16_t)lo;
		p->hostcall[i][1] = (uint16_t)hi;
	}
	p->nhostcalls = (uint8_t)(n / 2);
	/* Every immediate is flag 2's encoding, never a list. */
	return !(n == 2 && p->hostcall[0][0] == 0 && p->hostcall[0][1] == 0xFFFF);
}

static bool get_peers(mica_cbor *c, struct mica_rmm_policy *p, size_t dlen)
{
	uint64_t n;
	size_t len;

	if (!get_array(c, 1, MICA_POL_MAX_PEERS, &n))
		return false;
	for (unsigned i = 0; i < n; i++) {
		if (!get_bytes(c, dlen, dlen, p->peers[i], &len) ||
		    (i > 0 && memcmp(p->peers[i - 1], p->peers[i], dlen) >= 0) ||
		    memcmp(p->peers[i], p->measurement, dlen) == 0)
			return false;
	}
	p->npeers = (uint8_t)n;
	return true;
}

/* Canonical order: named Realms by measurement, then any, then host. */
static int part_cmp(const struct mica_rmm_policy *p, size_t dlen,
		    const struct mica_pol_part *a, const struct mica_pol_part *b)
{
	int ca = a->who == -1 ? 2 : a->who == -2 ? 1 : 0;
	int cb = b->who == -1 ? 2 : b->who == -2 ? 1 : 0;

	if (ca != cb)
		return ca < cb ? -1 : 1;
	if (ca != 0)
		return 0;
	return memcmp(a->who ? p->peers[a->who - 1] : p->measurement,
		      b->who ? p->peers[b->who - 1] : p->measurement, dlen);
}

static bool get_part(mica_cbor *c, struct mica_rmm_policy *p,
		     struct mica_pol_region *g, struct mica_pol_part *x)
{
	uint64_t n, rights;
	int64_t who;

	if (!get_array(c, 2, 4, &n) || mica_cbor_int(c, &who) != 0 ||
	    who < -2 || who > (int64_t)p->npeers)
		return false;
	x->who = (int8_t)who;
	if (n != (who == -1 ? 2u : who == -2 ? 4u : 3u) ||
	    !get_uint(c, 1, 3, &rights))
		return false;
	x->rights = (uint8_t)rights;
	if (who == -1)
		return g->kind == 1;
	if (!get_uint(c, 0, IPA_HALF_GRANULES - 1, &x->ipa) ||
	    g->granules > IPA_HALF_GRANULES - x->ipa)
		return false;
	return who != -2 || get_uint(c, 1, UINT64_MAX, &x->limit);
}

/* A region's window in the blob's 48-bit IPA space, for ordering. */
static uint64_t self_ipa(const struct mica_pol_region *g)
{
	return g->part[g->self].ipa + (g->kind ? IPA_HALF_GRANULES : 0);
}

static bool get_regions(mica_cbor *c, struct mica_rmm_policy *p, size_t dlen)
{
	uint64_t n, m, kind;
	unsigned nself;

	if (!get_array(c, 1, MICA_POL_MAX_REGIONS, &n))
		return false;
	for (unsigned i = 0; i < n; i++) {
		struct mica_pol_region *g = &p->region[i];

		if (!get_array(c, 3, 2 + MICA_POL_MAX_PARTS, &m) ||
		    !get_uint(c, 0, 1, &kind) ||
		    !get_uint(c, 1, IPA_HALF_GRANULES, &g->granules))
			return false;
		g->kind = (uint8_t)kind;
		g->nparts = (uint8_t)(m - 2);
		nself = 0;
		for (unsigned k = 0; k < g->nparts; k++) {
			if (!get_part(c, p, g, &g->part[k]))
				return false;
			if (g->part[k].who == 0) {
				g->self = (uint8_t)k;
				nself++;
			}
			if (k > 0 && part_cmp(p, dlen, &g->part[k - 1],
					      &g->part[k]) >= 0)
				return false;
		}
		if (nself != 1)
			return false;
		if (i > 0 && (self_ipa(g) <= self_ipa(g - 1) ||
			      self_ipa(g) - self_ipa(g - 1) < g[-1].granules))
			return false;
	}
	p->nregions = (uint8_t)n;
	return true;
}

static bool peers_used(const struct mica_rmm_policy *p)
{
	for (int k = 1; k <= p->npeers; k++) {
		bool used = false;
		for (unsigned i = 0; i < p->nregions; i++)
			for (unsigned j = 0; j < p->region[i].nparts; j++)
				used |= p->region[i].part[j].who == k;
		if (!used)
			return false;
	}
	return true;
}

int mica_rmm_policy_decode(struct mica_rmm_policy *p, const uint8_t *blob,
		       size_t len)
{
	uint64_t n, key, v, minor = 0, seen = 0;
	size_t dlen = 0, got;
	mica_cbor c;
	bool ok;

	if (len == 0 || len > MICA_BLOB_MAX)
		return -1;
	/* Entering the map validates the whole blob with the blob rules:
	 * shortest heads, sorted keys, major types 0 to 5 only, UTF-8
	 * text, nesting at most 8 deep, in the unknown keys as anywhere. */
	mica_cbor_init(&c, blob, len, MICA_CBOR_BLOB);
	if (mica_cbor_map(&c, &n) != 0)
		return -1;
	for (uint64_t i = 0; i < n; i++) {
		if (mica_cbor_uint(&c, &key) != 0)
			return -1;
		/* Keys ascend (the reader checked), so major and minor come
		 * before everything, hash before the digests, flags before
		 * hostcalls, peers before regions. */
		if (key > 0 && (seen & 1) == 0)
			return -1;             /* major is required, first */
		switch (key) {
		case 0: ok = get_uint(&c, 1, 1, &v); break;
		case 1: ok = get_uint(&c, 0, UINT64_MAX, &minor); break;
		case 2: ok = get_name(&c); break;
		case 3: ok = get_uint(&c, 0, UINT64_MAX, &v); break;
		case 4:
			ok = get_uint(&c, 0, 1, &v);
			p->hash = (uint8_t)v;
			dlen = v ? 64 : 32;
			break;
		case 5: ok = dlen && get_bytes(&c, dlen, dlen, p->workflow, &got); break;
		case 6: ok = dlen && get_bytes(&c, dlen, dlen, p->measurement, &got); break;
		case 7:
			ok = get_bytes(&c, 1, MICA_RMM_RPV_SIZE, p->rpv, &got);
			p->rpv_len = (uint8_t)got;
			break;
		case 8: ok = get_uint(&c, 0, 0x3F, &p->flags); break;
		case 9: ok = get_hostcalls(&c, p); break;
		case 10: ok = get_peers(&c, p, dlen); break;
		case 11: ok = get_regions(&c, p, dlen); break;
		default:  /* unknown: only in a newer minor version */
			ok = minor > 0 && mica_cbor_skip(&c) == 0;
		}
		if (!ok)
			return -1;
		if (key < 12)
			seen |= 1ull << key;
	}
	/* Keys 0..6 and 8 required; the digests need the hash (key 4). */
	if ((seen & 0x17F) != 0x17F || mica_cbor_done(&c) != 0 ||
	    !peers_used(p))
		return -1;
	p->blob_len = (uint32_t)len;
	return 0;
}

int mica_rmm_policy_region_at(const struct mica_rmm_realm *r, unsigned long ipa)
{
	const struct mica_rmm_policy *p = &r->policy;

	/* At most MICA_POL_MAX_REGIONS, sorted: bounded, realm-independent. */
	for (unsigned i = 0; i < p->nregions; i++)
		if (ipa >= p->region[i].base &&
		    ipa - p->region[i].base < p->region[i].granules * GRANULE)
			return (int)i;
	return -1;
}
