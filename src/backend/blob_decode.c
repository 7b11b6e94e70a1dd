/*
 * blob_decode.c -- bytes to a blob's content, refusing anything that is
 * not exactly what mica-blob.5 allows.
 *
 * Three layers: cbor_scan checks the encoding (deterministic CBOR, with
 * offsets), libcbor's cbor_load builds the item tree, and the walk below
 * checks every field's type, size and range and the canonical orders,
 * naming the field at fault. Last, a blob of a known minor version must
 * re-encode to the same bytes: each content has a single encoding, so a
 * blob's digest (and the RIM it yields) changes with its content.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cbor.h>

#include "mica/util.h"
#include "backend.h"
#include "cbor_scan.h"

static int bad(mica_blob_error *e, const char *fmt, ...) MICA_PRINTF(2, 3);
static int bad(mica_blob_error *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

static int bad_at(mica_blob_error *e, size_t off, const char *why)
{
	e->has_offset = true;
	e->offset = off;
	return bad(e, "%s", why);
}

typedef unsigned long long ull;

/*
 * The want_* readers set their outputs before any refusal: bad() is
 * variadic, so the compiler cannot see that it always returns -1, and
 * would otherwise take the callers' outputs for possibly unset.
 */

/* An unsigned integer in lo..hi, else a refusal naming what. */
static int want_uint(mica_blob_error *e, const cbor_item_t *it,
		     const char *what, uint64_t lo, uint64_t hi, uint64_t *v)
{
	*v = 0;
	if (!cbor_isa_uint(it))
		return bad(e, "%s: expected an unsigned integer", what);
	*v = cbor_get_int(it);
	if (*v < lo || *v > hi)
		return bad(e, "%s: %llu is out of range %llu..%llu", what,
			   (ull)*v, (ull)lo, (ull)hi);
	return 0;
}

/* A byte string of lo..hi bytes. */
static int want_bytes(mica_blob_error *e, const cbor_item_t *it,
		      const char *what, size_t lo, size_t hi,
		      const uint8_t **p, size_t *n)
{
	*p = NULL;
	*n = 0;
	if (!cbor_isa_bytestring(it))
		return bad(e, "%s: expected a byte string", what);
	*n = cbor_bytestring_length(it);
	*p = cbor_bytestring_handle(it);
	if (*n < lo || *n > hi) {
		if (lo == hi)
			return bad(e, "%s: %zu bytes, expected %zu", what,
				   *n, lo);
		return bad(e, "%s: %zu bytes, expected %zu to %zu", what,
			   *n, lo, hi);
	}
	return 0;
}

/* An array of lo..hi items. */
static int want_array(mica_blob_error *e, const cbor_item_t *it,
		      const char *what, size_t lo, size_t hi, size_t *n)
{
	*n = 0;
	if (!cbor_isa_array(it))
		return bad(e, "%s: expected an array", what);
	*n = cbor_array_size(it);
	if (*n < lo || *n > hi)
		return bad(e, "%s: %zu items, expected %zu to %zu", what, *n,
			   lo, hi);
	return 0;
}

static int get_policy(mica_blob_error *e, const cbor_item_t *it,
		      mica_blob *b)
{
	const unsigned char *s;
	size_t n, i;

	if (!cbor_isa_string(it))
		return bad(e, "policy: expected a text string");
	n = cbor_string_length(it);
	s = cbor_string_handle(it);
	if (n < 1 || n > MICA_MAX_IDENT)
		return bad(e, "policy: name of %zu bytes, expected 1 to %d",
			   n, MICA_MAX_IDENT);
	/* The language's identifiers: [A-Za-z_][A-Za-z0-9_-]*. */
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			  c == '_' || (i > 0 && ((c >= '0' && c <= '9') ||
						 c == '-'));
		if (!ok)
			return bad(e, "policy: byte %zu of the name (0x%02x) "
				   "is not allowed in an identifier", i, c);
	}
	memcpy(b->policy, s, n);
	b->policy[n] = '\0';
	return 0;
}

static int get_hostcalls(mica_blob_error *e, const cbor_item_t *it,
			 mica_blob *b)
{
	cbor_item_t **v;
	size_t n, i;
	uint64_t lo, hi;

	if (b->flags & MICA_BLOB_HOSTCALL_ANY)
		return bad(e, "hostcalls: listed although the flags allow "
			   "every host call");
	if (want_array(e, it, "hostcalls", 2, 2 * (MICA_IMM_MAX + 1ul), &n))
		return -1;
	if (n % 2)
		return bad(e, "hostcalls: %zu items, expected pairs", n);
	v = cbor_array_handle(it);
	b->nimms = (uint32_t)(n / 2);
	b->imms = mica_xcalloc(b->nimms, sizeof *b->imms);
	for (i = 0; i < b->nimms; i++) {
		if (want_uint(e, v[2 * i], "hostcalls: low end", 0,
			      MICA_IMM_MAX, &lo) ||
		    want_uint(e, v[2 * i + 1], "hostcalls: high end", 0,
			      MICA_IMM_MAX, &hi))
			return -1;
		if (lo > hi)
			return bad(e, "hostcalls[%zu]: range 0x%llx..0x%llx "
				   "is reversed", i, (ull)lo, (ull)hi);
		/* Ranges are merged: each starts past the previous one's
		 * end plus one, else the same set had another encoding. */
		if (i > 0 && lo <= (uint64_t)b->imms[i - 1].hi + 1)
			return bad(e, "hostcalls[%zu]: range 0x%llx..0x%llx "
				   "overlaps, touches or precedes the one "
				   "before", i, (ull)lo, (ull)hi);
		b->imms[i].lo = (uint16_t)lo;
		b->imms[i].hi = (uint16_t)hi;
	}
	if (b->nimms == 1 && b->imms[0].lo == 0 && b->imms[0].hi == MICA_IMM_MAX)
		return bad(e, "hostcalls: 0x0..0xffff is every host call: "
			   "that is flag 2");
	return 0;
}

static int get_peers(mica_blob_error *e, const cbor_item_t *it,
		     mica_blob *b)
{
	size_t dlen = mica_hash_size(b->hash), n, i, len;
	const uint8_t *p;
	char what[64];

	if (want_array(e, it, "peers", 1, MICA_BLOB_MAX, &n))
		return -1;
	b->npeers = (uint32_t)n;
	b->peers = mica_xcalloc(n, sizeof *b->peers);
	for (i = 0; i < n; i++) {
		snprintf(what, sizeof what, "peers[%zu]", i);
		if (want_bytes(e, cbor_array_handle(it)[i], what, dlen, dlen,
			       &p, &len))
			return -1;
		memcpy(b->peers[i], p, dlen);
		if (i > 0 && memcmp(b->peers[i - 1], p, dlen) >= 0)
			return bad(e, "peers[%zu]: not in strictly ascending "
				   "order", i);
		if (memcmp(p, b->measurement, dlen) == 0)
			return bad(e, "peers[%zu]: is this realm's own "
				   "measurement", i);
	}
	return 0;
}

/* Sort class of a participant: realms, then any, then host. */
static int part_class(int64_t who)
{
	return who == MICA_WHO_HOST ? 2 : who == MICA_WHO_ANY ? 1 : 0;
}

static const uint8_t *part_meas(const mica_blob *b, int64_t who)
{
	return who == MICA_WHO_SELF ? b->measurement : b->peers[who - 1];
}

static int get_part(mica_blob_error *e, const cbor_item_t *it,
		    mica_blob *b, mica_blob_region *g, size_t ri, size_t pi)
{
	char what[64], field[80];
	cbor_item_t **v;
	size_t n, want;
	uint64_t u;
	mica_blob_part *p = &g->parts[pi];

	snprintf(what, sizeof what, "regions[%zu] participant %zu", ri, pi);
	if (want_array(e, it, what, 2, 4, &n))
		return -1;
	v = cbor_array_handle(it);
	if (cbor_isa_uint(v[0])) {
		u = cbor_get_int(v[0]);
		if (u > b->npeers)
			return bad(e, "%s: who %llu names no peer (%u in the "
				   "table)", what, (ull)u, b->npeers);
		p->who = (int64_t)u;
	} else if (cbor_isa_negint(v[0])) {
		u = cbor_get_int(v[0]);         /* the value is -1 - u */
		if (u > 1)
			return bad(e, "%s: who -%llu is not defined", what,
				   (ull)u + 1);
		p->who = -1 - (int64_t)u;
	} else {
		return bad(e, "%s: who is not an integer", what);
	}
	want = p->who == MICA_WHO_HOST ? 2 : p->who == MICA_WHO_ANY ? 4 : 3;
	if (n != want)
		return bad(e, "%s: %zu items, expected %zu for this "
			   "participant", what, n, want);
	snprintf(field, sizeof field, "%s rights", what);
	if (want_uint(e, v[1], field, MICA_R, MICA_RW, &u))
		return -1;
	p->rights = (mica_rights)u;
	if (p->who == MICA_WHO_HOST) {
		if (g->kind != MICA_UNPROTECTED)
			return bad(e, "%s: the host in a protected region",
				   what);
		return 0;
	}
	/* The IPA is a granule offset into the region's half of the IPA
	 * space, and the window [ipa, ipa + size) must stay inside it. */
	snprintf(field, sizeof field, "%s ipa", what);
	if (want_uint(e, v[2], field, 0, MICA_IPA_HALF / MICA_GRANULE - 1,
		      &u))
		return -1;
	if (g->size > MICA_IPA_HALF - u * MICA_GRANULE)
		return bad(e, "%s: window at granule offset 0x%llx runs past "
			   "the end of the %s half of the IPA space", what,
			   (ull)u, g->kind == MICA_PROTECTED ? "protected"
							     : "unprotected");
	p->ipa = u * MICA_GRANULE +
		 (g->kind == MICA_UNPROTECTED ? MICA_IPA_HALF : 0);
	snprintf(field, sizeof field, "%s limit", what);
	if (p->who == MICA_WHO_ANY &&
	    want_uint(e, v[3], field, 1, UINT64_MAX, &p->limit))
		return -1;
	return 0;
}

/* Participants are in canonical order: realms by measurement, then any,
 * then the host; strict order also rules out repeats. */
static int check_parts(mica_blob_error *e, const mica_blob *b,
		       const mica_blob_region *g, size_t ri)
{
	size_t dlen = mica_hash_size(b->hash), self = 0;

	for (uint32_t i = 0; i < g->nparts; i++) {
		const mica_blob_part *x = &g->parts[i];
		self += x->who == MICA_WHO_SELF;
		if (i == 0)
			continue;
		const mica_blob_part *w = &g->parts[i - 1];
		int cw = part_class(w->who), cx = part_class(x->who), c;
		c = cw != cx ? (cw < cx ? -1 : 1)
		  : cx ? 0
		  : memcmp(part_meas(b, w->who), part_meas(b, x->who), dlen);
		if (c == 0)
			return bad(e, "regions[%zu] participant %u: repeats "
				   "participant %u", ri, i, i - 1);
		if (c > 0)
			return bad(e, "regions[%zu] participant %u: not in "
				   "canonical order (realms by measurement, "
				   "then any, then host)", ri, i);
	}
	if (self != 1)
		return bad(e, "regions[%zu]: this realm is not a "
			   "participant", ri);
	return 0;
}

static uint64_t self_ipa(const mica_blob_region *g)
{
	for (uint32_t i = 0; i < g->nparts; i++)
		if (g->parts[i].who == MICA_WHO_SELF)
			return g->parts[i].ipa;
	return 0;
}

static int get_regions(mica_blob_error *e, const cbor_item_t *it,
		       mica_blob *b)
{
	size_t n, m, i, k;
	uint64_t u;
	char what[64];

	if (want_array(e, it, "regions", 1, MICA_BLOB_MAX, &n))
		return -1;
	b->regions = mica_xcalloc(n, sizeof *b->regions);
	for (i = 0; i < n; i++) {
		const cbor_item_t *r = cbor_array_handle(it)[i];
		mica_blob_region *g = &b->regions[i];
		cbor_item_t **v;

		b->nregions = (uint32_t)i + 1;
		snprintf(what, sizeof what, "regions[%zu]", i);
		if (want_array(e, r, what, 3, MICA_BLOB_MAX, &m))
			return -1;
		v = cbor_array_handle(r);
		snprintf(what, sizeof what, "regions[%zu] kind", i);
		if (want_uint(e, v[0], what, MICA_PROTECTED,
			      MICA_UNPROTECTED, &u))
			return -1;
		g->kind = (mica_region_kind)u;
		snprintf(what, sizeof what, "regions[%zu] granules", i);
		if (want_uint(e, v[1], what, 1, MICA_IPA_HALF / MICA_GRANULE,
			      &u))
			return -1;
		g->size = u * MICA_GRANULE;
		g->nparts = (uint32_t)(m - 2);
		g->parts = mica_xcalloc(g->nparts, sizeof *g->parts);
		for (k = 0; k < g->nparts; k++)
			if (get_part(e, v[2 + k], b, g, i, k))
				return -1;
		if (check_parts(e, b, g, i))
			return -1;
		/* Sorted by this realm's IPA, windows apart. */
		if (i > 0) {
			const mica_blob_region *f = &b->regions[i - 1];
			if (self_ipa(g) <= self_ipa(f))
				return bad(e, "regions[%zu]: not in ascending "
					   "order of this realm's IPA", i);
			if (self_ipa(g) - self_ipa(f) < f->size)
				return bad(e, "regions[%zu]: overlaps "
					   "regions[%zu] in this realm's IPA "
					   "space", i, i - 1);
		}
	}
	return 0;
}

/* Checks the top-level map and fills b. */
static int walk(const cbor_item_t *top, mica_blob *b, mica_blob_error *e)
{
	static const char *const names[MICA_BK_COUNT] = {
		"major", "minor", "policy", "version", "hash",
		"workflow digest", "measurement", "rpv", "flags",
		"hostcalls", "peers", "regions",
	};
	const cbor_item_t *f[MICA_BK_COUNT] = { 0 };
	struct cbor_pair *pairs;
	size_t n, i, dlen, len;
	const uint8_t *p;
	uint64_t u, unknown = 0;
	bool has_unknown = false;

	if (!cbor_isa_map(top))
		return bad(e, "the blob is not a CBOR map");
	n = cbor_map_size(top);
	pairs = cbor_map_handle(top);
	for (i = 0; i < n; i++) {
		if (!cbor_isa_uint(pairs[i].key))
			return bad(e, "top-level key %zu is not an unsigned "
				   "integer", i);
		u = cbor_get_int(pairs[i].key);
		if (u < MICA_BK_COUNT) {
			f[u] = pairs[i].value;
		} else if (!has_unknown) {
			has_unknown = true;
			unknown = u;
		}
	}
	/* The major version decides what everything else means. */
	if (!f[MICA_BK_MAJOR])
		return bad(e, "missing field 'major' (key 0)");
	if (want_uint(e, f[MICA_BK_MAJOR], "major", 0, UINT64_MAX, &b->major))
		return -1;
	if (b->major != MICA_BLOB_MAJOR)
		return bad(e, "unsupported blob major version %llu (this "
			   "reader knows %u)", (ull)b->major, MICA_BLOB_MAJOR);
	for (i = 0; i < MICA_BK_COUNT; i++)
		if (!f[i] && i != MICA_BK_RPV && i != MICA_BK_HOSTCALLS &&
		    i != MICA_BK_PEERS && i != MICA_BK_REGIONS)
			return bad(e, "missing field '%s' (key %zu)",
				   names[i], i);
	if (want_uint(e, f[MICA_BK_MINOR], "minor", 0, UINT64_MAX, &b->minor))
		return -1;
	/* A newer minor version may add keys this reader can ignore. */
	if (has_unknown && b->minor <= MICA_BLOB_MINOR)
		return bad(e, "unknown key %llu in a version %u.%llu blob",
			   (ull)unknown, MICA_BLOB_MAJOR, (ull)b->minor);
	if (get_policy(e, f[MICA_BK_POLICY], b) ||
	    want_uint(e, f[MICA_BK_VERSION], "version", 0, UINT64_MAX,
		      &b->version) ||
	    want_uint(e, f[MICA_BK_HASH], "hash (0 sha-256, 1 sha-512)",
		      MICA_SHA256, MICA_SHA512, &u))
		return -1;
	b->hash = (mica_hash_alg)u;
	dlen = mica_hash_size(b->hash);
	if (want_bytes(e, f[MICA_BK_WORKFLOW], "workflow digest", dlen, dlen,
		       &p, &len))
		return -1;
	memcpy(b->workflow, p, len);
	if (want_bytes(e, f[MICA_BK_MEASUREMENT], "measurement", dlen, dlen,
		       &p, &len))
		return -1;
	memcpy(b->measurement, p, len);
	if (f[MICA_BK_RPV]) {
		if (want_bytes(e, f[MICA_BK_RPV], "rpv", 1, MICA_MAX_RPV, &p,
			       &len))
			return -1;
		memcpy(b->rpv.bytes, p, len);
		b->rpv.len = (uint32_t)len;
	}
	if (want_uint(e, f[MICA_BK_FLAGS], "flags", 0, UINT64_MAX, &b->flags))
		return -1;
	if (b->flags & ~(uint64_t)MICA_BLOB_FLAGS_KNOWN)
		return bad(e, "flags: unknown bits 0x%llx",
			   (ull)(b->flags & ~(uint64_t)MICA_BLOB_FLAGS_KNOWN));
	if (f[MICA_BK_HOSTCALLS] && get_hostcalls(e, f[MICA_BK_HOSTCALLS], b))
		return -1;
	if (f[MICA_BK_PEERS] && get_peers(e, f[MICA_BK_PEERS], b))
		return -1;
	if (f[MICA_BK_REGIONS] && get_regions(e, f[MICA_BK_REGIONS], b))
		return -1;
	return 0;
}

/* Every peer is a participant somewhere: a table entry nothing refers to
 * would be a second encoding of the same content. */
static int check_peers_used(mica_blob_error *e, const mica_blob *b)
{
	for (uint32_t k = 0; k < b->npeers; k++) {
		bool used = false;
		for (uint32_t i = 0; i < b->nregions && !used; i++)
			for (uint32_t j = 0; j < b->regions[i].nparts; j++)
				used |= b->regions[i].parts[j].who == k + 1;
		if (!used)
			return bad(e, "peers[%u]: not a participant of any "
				   "region", k);
	}
	return 0;
}

int mica_blob_decode(const uint8_t *buf, size_t len, mica_blob *out,
		     mica_blob_error *err)
{
	struct cbor_load_result res;
	cbor_item_t *top;
	const char *why;
	size_t off;
	int rc;

	memset(out, 0, sizeof *out);
	memset(err, 0, sizeof *err);
	if (len == 0)
		return bad(err, "empty input");
	if (len > MICA_BLOB_MAX)
		return bad(err, "%zu bytes, more than the %u a blob may have",
			   len, MICA_BLOB_MAX);
	if (mica_cbor_scan(buf, len, &off, &why) != 0)
		return bad_at(err, off, why);
	top = cbor_load(buf, len, &res);
	if (!top || res.error.code != CBOR_ERR_NONE || res.read != len) {
		if (top)
			cbor_decref(&top);
		return bad_at(err, res.error.position,
			      "libcbor could not decode the item");
	}
	rc = walk(top, out, err);
	cbor_decref(&top);
	if (rc == 0)
		rc = check_peers_used(err, out);
	if (rc == 0 && out->minor <= MICA_BLOB_MINOR) {
		uint8_t again[MICA_BLOB_MAX];
		size_t n = mica_blob_encode(out, again, sizeof again), i = 0;
		while (i < len && i < n && again[i] == buf[i])
			i++;
		if (n != len || i != len)
			rc = bad_at(err, i, "not the canonical encoding of its "
				    "content");
	}
	if (rc != 0)
		mica_blob_free(out);
	return rc;
}
