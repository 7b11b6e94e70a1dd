/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * claimset.c -- a claim map decoded into a claim set: every key (integer
 * or text) with its encoded value, sorted in deterministic-encoding order,
 * duplicates refused. It knows no claim's meaning: that is claims.c's,
 * and keys.c reads COSE_Key maps with it.
 */
#include <stdio.h>
#include <string.h>

#include "verify.h"

/* The order of deterministic encodings, computed from the decoded keys so
 * that a producer's longer heads make no difference: integers before
 * text; unsigned before negative; then by argument; text by length, then
 * bytes. Returns <0, 0 (the same key), >0. */
static int keyorder(const mica_claim *a, const mica_claim *b)
{
	if (a->is_int != b->is_int)
		return a->is_int ? -1 : 1;
	if (a->is_int) {
		int an = a->ikey < 0, bn = b->ikey < 0;
		if (an != bn)
			return an ? 1 : -1;
		if (a->ikey == b->ikey)
			return 0;
		return (a->ikey < b->ikey) != an ? -1 : 1;
	}
	if (a->text.n != b->text.n)
		return a->text.n < b->text.n ? -1 : 1;
	return a->text.n ? memcmp(a->text.p, b->text.p, a->text.n) : 0;
}

static void keyname(const mica_claim *c, char *buf, size_t n)
{
	if (c->is_int)
		snprintf(buf, n, "%lld", (long long)c->ikey);
	else
		snprintf(buf, n, "\"%.*s\"",
			 (int)(c->text.n > 40 ? 40 : c->text.n),
			 (const char *)c->text.p);
}

int mica_claimset_parse(const uint8_t *p, size_t n, mica_claimset *cs,
			const char *what, mica_verdict *v)
{
	mica_cbor c;
	mica_cbor_head h;
	uint64_t count, i;
	size_t j;
	char name[64];

	cs->n = 0;
	mica_cbor_init(&c, p, n, MICA_CBOR_LENIENT);
	if (mica_cbor_peek(&c, &h) == 0 && h.major != MICA_CBOR_MAP)
		return mica_verdict_set(v, MICA_MALFORMED,
					"%s: claims are %s, not a map", what,
					mica_cbor_what(p, n));
	if (mica_cbor_map(&c, &count))
		goto bad;
	if (count > MICA_CLAIMS_MAX)
		return mica_verdict_set(v, MICA_MALFORMED,
					"%s: %llu claims, more than the %d "
					"supported", what,
					(unsigned long long)count,
					MICA_CLAIMS_MAX);
	for (i = 0; i < count; i++) {
		mica_claim e;
		memset(&e, 0, sizeof e);
		if (mica_cbor_peek(&c, &h))
			goto bad;
		if (h.major == MICA_CBOR_UINT || h.major == MICA_CBOR_NINT) {
			mica_cbor k = c;
			if (mica_cbor_int(&k, &e.ikey))
				return mica_verdict_set(v, MICA_MALFORMED,
					"%s: claim key out of range", what);
			e.is_int = 1;
		} else if (h.major == MICA_CBOR_TSTR) {
			mica_cbor k = c;
			const char *t;
			if (mica_cbor_tstr(&k, &t, &e.text.n))
				goto bad;
			e.text.p = (const uint8_t *)t;
		} else {
			return mica_verdict_set(v, MICA_MALFORMED,
				"%s: a claim key is %s, not an integer or a "
				"text string", what, mica_cbor_what(c.p,
				mica_cbor_left(&c)));
		}
		if (mica_cbor_item(&c, &e.key.p, &e.key.n) ||
		    mica_cbor_item(&c, &e.value.p, &e.value.n))
			goto bad;
		/* Insertion sort: maps are small and this finds duplicates. */
		for (j = cs->n; j > 0; j--) {
			int o = keyorder(&cs->c[j - 1], &e);
			if (o == 0) {
				keyname(&e, name, sizeof name);
				return mica_verdict_set(v, MICA_MALFORMED,
					"%s: claim %s appears twice", what,
					name);
			}
			if (o < 0)
				break;
			cs->c[j] = cs->c[j - 1];
		}
		cs->c[j] = e;
		cs->n++;
	}
	if (mica_cbor_done(&c) == 0)
		return 0;
bad:
	cs->n = 0;
	return mica_verdict_set(v, MICA_MALFORMED, "%s: claims map: %s", what,
				mica_cbor_strerror(c.err));
}

const mica_bytes *mica_claimset_get(const mica_claimset *cs, int64_t key)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		if (cs->c[i].is_int && cs->c[i].ikey == key)
			return &cs->c[i].value;
	return NULL;
}
