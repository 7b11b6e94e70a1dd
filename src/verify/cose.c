/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cose.c -- COSE_Sign1 (RFC 9052): parsing, the Sig_structure, and ECDSA
 * verification with mbedTLS.
 *
 * Strict where a verifier must be: the tag 18 is required, the algorithm
 * must be in the protected header (RFC 9052 lets it be unprotected; CCA
 * never does that, and an unprotected algorithm is an invitation to
 * downgrade), critical headers are refused since we understand none, the
 * payload must be attached. The Sig_structure is built from the
 * protected header and payload bytes exactly as received.
 *
 * Hash and curve: ES256, ES384 and ES512 name the hash (SHA-256, -384,
 * -512); the curve is the key's (RFC 9053 section 2.1 only suggests
 * pairing them), and r and s are each as long as the curve's order, so
 * the signature's length is checked against the key.
 */
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include <mbedtls/ecdsa.h>

#include "verify.h"

const char *mica_cose_alg_name(int alg)
{
	return alg == MICA_COSE_ES256 ? "ES256" : alg == MICA_COSE_ES384
		? "ES384" : alg == MICA_COSE_ES512 ? "ES512"
		: "unknown algorithm";
}

static int hash_of(int alg)
{
	return alg == MICA_COSE_ES256 ? MICA_VH_SHA256 : alg == MICA_COSE_ES384
		? MICA_VH_SHA384 : alg == MICA_COSE_ES512 ? MICA_VH_SHA512 : 0;
}

/* ---- parsing ---------------------------------------------------------- */

static int malformed(mica_verdict *v, const char *what, const mica_cbor *c)
{
	return mica_verdict_set(v, MICA_MALFORMED, "COSE_Sign1: %s: %s", what,
				mica_cbor_strerror(c->err));
}

/* The algorithm from the protected header (its bstr's content). */
static int protected_alg(const mica_bytes *ph, int *alg, mica_verdict *v)
{
	mica_claimset hdr;
	const mica_bytes *a;
	mica_cbor c;
	int64_t val;

	if (ph->n == 0)
		return mica_verdict_set(v, MICA_MALFORMED, "COSE_Sign1: no "
					"algorithm: the protected header is "
					"empty");
	if (mica_claimset_parse(ph->p, ph->n, &hdr, "COSE_Sign1: protected "
				"header", v))
		return -1;
	if (mica_claimset_get(&hdr, 2))
		return mica_verdict_set(v, MICA_MALFORMED, "COSE_Sign1: "
					"critical header parameters (label 2) "
					"are not supported");
	if ((a = mica_claimset_get(&hdr, 1)) == NULL)
		return mica_verdict_set(v, MICA_MALFORMED, "COSE_Sign1: no "
					"algorithm (label 1) in the protected "
					"header");
	mica_cbor_init(&c, a->p, a->n, MICA_CBOR_LENIENT);
	if (mica_cbor_int(&c, &val))
		return mica_verdict_set(v, MICA_MALFORMED, "COSE_Sign1: the "
					"algorithm is %s; only ES256, ES384 "
					"and ES512 are supported",
					mica_cbor_what(a->p, a->n));
	if (!hash_of((int)val) || val != (int)val)
		return mica_verdict_set(v, MICA_MALFORMED, "COSE_Sign1: "
					"algorithm %lld is not supported; only "
					"ES256, ES384 and ES512 are",
					(long long)val);
	*alg = (int)val;
	return 0;
}

int mica_sign1_parse(const uint8_t *buf, size_t len, mica_sign1 *s,
		     mica_verdict *v)
{
	mica_cbor c;
	mica_cbor_head h;
	mica_claimset unprot;
	uint64_t tag = 0, n;

	memset(s, 0, sizeof *s);
	mica_cbor_init(&c, buf, len, MICA_CBOR_LENIENT);
	if (mica_cbor_peek(&c, &h))
		return malformed(v, "not CBOR", &c);
	if (h.major == MICA_CBOR_ARRAY)
		return mica_verdict_set(v, MICA_MALFORMED, "COSE_Sign1 is "
					"untagged: tag 18 is required");
	if (h.major != MICA_CBOR_TAG)
		return mica_verdict_set(v, MICA_MALFORMED, "not a COSE_Sign1: "
					"%s, not tag 18",
					mica_cbor_what(buf, len));
	if (mica_cbor_tag(&c, &tag) || tag != 18)
		return mica_verdict_set(v, MICA_MALFORMED, "not a COSE_Sign1: "
					"tag %llu, not 18",
					(unsigned long long)tag);
	if (mica_cbor_array(&c, &n))
		return malformed(v, "not an array", &c);
	if (n != 4)
		return mica_verdict_set(v, MICA_MALFORMED, "COSE_Sign1 has "
					"%llu elements, not 4",
					(unsigned long long)n);
	if (mica_cbor_bstr(&c, &s->protected_hdr.p, &s->protected_hdr.n))
		return malformed(v, "protected header", &c);
	if (mica_cbor_peek(&c, &h) == 0 && h.major != MICA_CBOR_MAP)
		return mica_verdict_set(v, MICA_MALFORMED, "COSE_Sign1: the "
					"unprotected header is not a map");
	if (mica_cbor_item(&c, &s->unprotected.p, &s->unprotected.n))
		return malformed(v, "unprotected header", &c);
	if (mica_cbor_peek(&c, &h) == 0 && h.major == MICA_CBOR_SIMPLE)
		return mica_verdict_set(v, MICA_MALFORMED, "COSE_Sign1: "
					"detached payloads are not supported");
	if (mica_cbor_bstr(&c, &s->payload.p, &s->payload.n))
		return malformed(v, "payload", &c);
	if (mica_cbor_bstr(&c, &s->signature.p, &s->signature.n))
		return malformed(v, "signature", &c);
	if (mica_cbor_done(&c))
		return malformed(v, "after the signature", &c);
	s->whole.p = buf;
	s->whole.n = len;
	if (protected_alg(&s->protected_hdr, &s->alg, v))
		return -1;
	if (mica_claimset_parse(s->unprotected.p, s->unprotected.n, &unprot,
				"COSE_Sign1: unprotected header", v))
		return -1;
	if (mica_claimset_get(&unprot, 1))
		return mica_verdict_set(v, MICA_MALFORMED, "COSE_Sign1: an "
					"algorithm in the unprotected header");
	return 0;
}

/* ---- the Sig_structure ------------------------------------------------- */

/* Where the Sig_structure goes: a buffer (for tests and tools) or a
 * hash (to verify), so both see the very same bytes. */
typedef struct sink {
	mica_vhash *d;
	uint8_t *buf;
	size_t cap, len;
} sink;

static void put(sink *k, const void *p, size_t n)
{
	if (k->d)
		mica_vhash_update(k->d, p, n);
	else if (n <= k->cap - k->len && k->len <= k->cap && n)
		memcpy(k->buf + k->len, p, n);
	k->len += n;
}

size_t mica_cbor_put_head(uint8_t b[9], unsigned major, uint64_t arg)
{
	size_t n, i;
	unsigned info;

	if (arg < 24) {
		b[0] = (uint8_t)(major << 5 | arg);
		return 1;
	}
	info = arg <= 0xFF ? 24 : arg <= 0xFFFF ? 25
		      : arg <= 0xFFFFFFFFu ? 26 : 27;
	n = 1 + (1u << (info - 24));
	b[0] = (uint8_t)(major << 5 | info);
	for (i = 1; i < n; i++)
		b[i] = (uint8_t)(arg >> (8 * (n - 1 - i)));
	return n;
}

/* A head in its shortest form: the Sig_structure is encoded
 * deterministically whatever the token's own encoding was. */
static void put_head(sink *k, unsigned major, uint64_t arg)
{
	uint8_t b[9];

	put(k, b, mica_cbor_put_head(b, major, arg));
}

static void put_bstr(sink *k, const uint8_t *p, size_t n)
{
	put_head(k, MICA_CBOR_BSTR, n);
	put(k, p, n);
}

static void sig_structure(sink *k, const mica_sign1 *s, const uint8_t *aad,
			  size_t aadlen)
{
	put_head(k, MICA_CBOR_ARRAY, 4);
	put_head(k, MICA_CBOR_TSTR, 10);
	put(k, "Signature1", 10);
	put_bstr(k, s->protected_hdr.p, s->protected_hdr.n);
	put_bstr(k, aad, aadlen);
	put_bstr(k, s->payload.p, s->payload.n);
}

size_t mica_sign1_tbs(const mica_sign1 *s, const uint8_t *aad,
		      size_t aadlen, uint8_t *out, size_t cap)
{
	sink k = { NULL, out, out ? cap : 0, 0 };

	sig_structure(&k, s, aad, aadlen);
	return k.len;
}

size_t mica_sign1_encode(const mica_sign1 *s, uint8_t *out, size_t cap)
{
	sink k = { NULL, out, out ? cap : 0, 0 };

	put_head(&k, MICA_CBOR_TAG, 18);
	put_head(&k, MICA_CBOR_ARRAY, 4);
	put_bstr(&k, s->protected_hdr.p, s->protected_hdr.n);
	put(&k, s->unprotected.p, s->unprotected.n);
	put_bstr(&k, s->payload.p, s->payload.n);
	put_bstr(&k, s->signature.p, s->signature.n);
	return k.len;
}

/* ---- ECDSA ------------------------------------------------------------- */

/* The curves' groups, loaded once per thread. mbedTLS builds a table of
 * multiples of the generator the first time a group multiplies it and
 * keeps it in the group: loading a fresh group for each verification
 * rebuilds it every time, a third of the cost of a verification. Each
 * thread has its own groups (a group is written on first use, so
 * threads must not share one), freed when the thread ends. */
typedef struct groups {
	int loaded[3];
	mbedtls_ecp_group grp[3];
} groups;

static once_flag groups_once = ONCE_FLAG_INIT;
static tss_t groups_key;
static int groups_key_ok;

static void groups_free(void *p)
{
	groups *g = p;
	size_t i;

	for (i = 0; i < 3; i++)
		if (g->loaded[i])
			mbedtls_ecp_group_free(&g->grp[i]);
	free(g);
}

static void groups_init(void)
{
	groups_key_ok = tss_create(&groups_key, groups_free) == thrd_success;
}

/* This thread's group for crv, or NULL (then the caller loads one). */
static mbedtls_ecp_group *cached_group(int crv)
{
	static const mbedtls_ecp_group_id id[3] = {
		MBEDTLS_ECP_DP_SECP256R1, MBEDTLS_ECP_DP_SECP384R1,
		MBEDTLS_ECP_DP_SECP521R1,
	};
	size_t i = (size_t)crv - 1;
	groups *g;

	call_once(&groups_once, groups_init);
	if (!groups_key_ok || i >= 3)
		return NULL;
	if ((g = tss_get(groups_key)) == NULL) {
		if ((g = calloc(1, sizeof *g)) == NULL)
			return NULL;
		if (tss_set(groups_key, g) != thrd_success) {
			free(g);
			return NULL;
		}
	}
	if (!g->loaded[i]) {
		mbedtls_ecp_group_init(&g->grp[i]);
		if (mbedtls_ecp_group_load(&g->grp[i], id[i]) != 0) {
			mbedtls_ecp_group_free(&g->grp[i]);
			return NULL;
		}
		g->loaded[i] = 1;
	}
	return &g->grp[i];
}

static int ecdsa(const mica_ec_key *key, const uint8_t *hash, size_t hlen,
		 const uint8_t *sig, size_t n)
{
	mbedtls_ecp_group local, *grp = cached_group(key->crv);
	mbedtls_ecp_point q;
	mbedtls_mpi r, s;
	int ok;

	mbedtls_ecp_group_init(&local);
	if (!grp) {
		grp = &local;
		if (mbedtls_ecp_group_load(grp, key->crv == MICA_CRV_P256
			? MBEDTLS_ECP_DP_SECP256R1 : key->crv == MICA_CRV_P384
			? MBEDTLS_ECP_DP_SECP384R1
			: MBEDTLS_ECP_DP_SECP521R1) != 0) {
			mbedtls_ecp_group_free(&local);
			return 0;
		}
	}
	mbedtls_ecp_point_init(&q);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	/* mbedtls_ecdsa_verify checks 0 < r, s < n itself, and truncates a
	 * hash longer than the order (ES512 on P-256) as SEC 1 says. */
	ok = mbedtls_ecp_point_read_binary(grp, &q, key->point,
					   key->len) == 0 &&
	     mbedtls_mpi_read_binary(&r, sig, n) == 0 &&
	     mbedtls_mpi_read_binary(&s, sig + n, n) == 0 &&
	     mbedtls_ecdsa_verify(grp, hash, hlen, &q, &r, &s) == 0;
	mbedtls_mpi_free(&s);
	mbedtls_mpi_free(&r);
	mbedtls_ecp_point_free(&q);
	mbedtls_ecp_group_free(&local);
	return ok;
}

int mica_sign1_verify(const mica_sign1 *s, const mica_ec_key *key,
		      const uint8_t *aad, size_t aadlen, mica_verdict *v)
{
	int halg = hash_of(s->alg);
	size_t n = mica_curve_size(key->crv);
	uint8_t hash[64];
	mica_vhash d;
	sink k = { &d, NULL, 0, 0 };

	if (!halg)
		return mica_verdict_set(v, MICA_MALFORMED, "COSE_Sign1: "
					"unsupported algorithm %d", s->alg);
	if (!n || key->len != 1 + 2 * n)
		return mica_verdict_set(v, MICA_BAD_KEY, "no usable key");
	if (s->signature.n != 2 * n)
		return mica_verdict_set(v, MICA_SIGNATURE_FAILS,
			"signature is %zu bytes, but %s with a %s key needs "
			"%zu", s->signature.n, mica_cose_alg_name(s->alg),
			mica_curve_name(key->crv), 2 * n);
	if (mica_vhash_start(&d, halg) != 0)
		return mica_verdict_set(v, MICA_SIGNATURE_FAILS,
					"cannot hash the Sig_structure");
	sig_structure(&k, s, aad, aadlen);
	if (mica_vhash_finish(&d, hash) != 0)
		return mica_verdict_set(v, MICA_SIGNATURE_FAILS,
					"cannot hash the Sig_structure");
	if (!ecdsa(key, hash, mica_vhash_size(halg), s->signature.p, n))
		return mica_verdict_set(v, MICA_SIGNATURE_FAILS,
			"signature does not verify (%s)",
			mica_cose_alg_name(s->alg));
	mica_verdict_ok(v);
	return 0;
}
