/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * keys.c -- public keys: PEM and DER files, JWKs, raw points, COSE_Keys.
 *
 * Every key ends up as an uncompressed point on P-256, P-384 or P-521,
 * checked by mbedTLS to lie on its curve, so that the signature code
 * never meets an invalid point. JWK support is a tiny JSON scanner that
 * reads only the top-level members kty, crv, x and y (RFC 7517/7518);
 * no JSON library is needed for four strings.
 */
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>

#include "verify.h"

const char *mica_curve_name(int crv)
{
	return crv == MICA_CRV_P256 ? "P-256" : crv == MICA_CRV_P384 ? "P-384"
	     : crv == MICA_CRV_P521 ? "P-521" : "unknown curve";
}

size_t mica_curve_size(int crv)
{
	return crv == MICA_CRV_P256 ? 32 : crv == MICA_CRV_P384 ? 48
	     : crv == MICA_CRV_P521 ? 66 : 0;
}

static mbedtls_ecp_group_id group_of(int crv)
{
	return crv == MICA_CRV_P256 ? MBEDTLS_ECP_DP_SECP256R1
	     : crv == MICA_CRV_P384 ? MBEDTLS_ECP_DP_SECP384R1
	     : crv == MICA_CRV_P521 ? MBEDTLS_ECP_DP_SECP521R1
	     : MBEDTLS_ECP_DP_NONE;
}

/* Stores the point 0x04 || x || y and checks that it is on the curve. */
static int set_point(mica_ec_key *key, int crv, const uint8_t *x,
		     const uint8_t *y, mica_verdict *v)
{
	size_t n = mica_curve_size(crv);
	mbedtls_ecp_group grp;
	mbedtls_ecp_point q;
	int ok;

	key->crv = crv;
	key->len = 1 + 2 * n;
	key->point[0] = 0x04;
	memcpy(key->point + 1, x, n);
	memcpy(key->point + 1 + n, y, n);
	mbedtls_ecp_group_init(&grp);
	mbedtls_ecp_point_init(&q);
	ok = mbedtls_ecp_group_load(&grp, group_of(crv)) == 0 &&
	     mbedtls_ecp_point_read_binary(&grp, &q, key->point,
					   key->len) == 0 &&
	     mbedtls_ecp_check_pubkey(&grp, &q) == 0;
	mbedtls_ecp_point_free(&q);
	mbedtls_ecp_group_free(&grp);
	if (!ok) {
		memset(key, 0, sizeof *key);
		return mica_verdict_set(v, MICA_BAD_KEY,
					"the point is not on curve %s",
					mica_curve_name(crv));
	}
	return 0;
}

int mica_key_from_point(const uint8_t *p, size_t n, mica_ec_key *key,
			mica_verdict *v)
{
	int crv = n == 65 ? MICA_CRV_P256 : n == 97 ? MICA_CRV_P384
		: n == 133 ? MICA_CRV_P521 : 0;

	if (n == 0 || p[0] != 0x04 || !crv)
		return mica_verdict_set(v, MICA_BAD_KEY,
			"%zu bytes%s are not an uncompressed P-256, P-384 or "
			"P-521 point", n, n && p[0] != 0x04 ? " not starting "
			"with 04" : "");
	return set_point(key, crv, p + 1, p + 1 + mica_curve_size(crv), v);
}

int mica_key_from_cose(const uint8_t *p, size_t n, mica_ec_key *key,
		       mica_verdict *v)
{
	mica_claimset cs;
	const mica_bytes *kty, *crvv, *xv, *yv;
	mica_cbor c;
	int64_t t = 0, crv = 0;
	const uint8_t *x = NULL, *y = NULL;
	size_t xn = 0, yn = 0, size;

	if (mica_claimset_parse(p, n, &cs, "COSE_Key", v)) {
		v->kind = MICA_BAD_KEY;
		return -1;
	}
	kty = mica_claimset_get(&cs, 1);
	crvv = mica_claimset_get(&cs, -1);
	xv = mica_claimset_get(&cs, -2);
	yv = mica_claimset_get(&cs, -3);
	if (kty) {
		mica_cbor_init(&c, kty->p, kty->n, MICA_CBOR_LENIENT);
		if (mica_cbor_int(&c, &t))
			t = 0;
	}
	if (t != 2)
		return mica_verdict_set(v, MICA_BAD_KEY,
			"COSE_Key: key type (label 1) is %s, not 2 (EC2)",
			kty ? "not 2" : "missing");
	if (crvv) {
		mica_cbor_init(&c, crvv->p, crvv->n, MICA_CBOR_LENIENT);
		if (mica_cbor_int(&c, &crv))
			crv = 0;
	}
	size = mica_curve_size((int)(crv >= 1 && crv <= 3 ? crv : 0));
	if (!size)
		return mica_verdict_set(v, MICA_BAD_KEY,
			"COSE_Key: curve (label -1) is not P-256, P-384 or "
			"P-521");
	if (xv) {
		mica_cbor_init(&c, xv->p, xv->n, MICA_CBOR_LENIENT);
		if (mica_cbor_bstr(&c, &x, &xn))
			x = NULL;
	}
	if (yv) {
		/* y may be a boolean for a compressed point: unsupported. */
		mica_cbor_init(&c, yv->p, yv->n, MICA_CBOR_LENIENT);
		if (mica_cbor_bstr(&c, &y, &yn))
			y = NULL;
	}
	if (!x || !y || xn != size || yn != size)
		return mica_verdict_set(v, MICA_BAD_KEY,
			"COSE_Key: x and y (labels -2, -3) must be byte "
			"strings of %zu bytes for %s", size,
			mica_curve_name((int)crv));
	return set_point(key, (int)crv, x, y, v);
}

int mica_key_from_claim(const uint8_t *p, size_t n, mica_ec_key *key,
			mica_verdict *v)
{
	/* 0x04 is the unsigned integer 4 in CBOR, never a map: the two
	 * encodings cannot be confused. */
	if (n > 0 && p[0] >> 5 == MICA_CBOR_MAP)
		return mica_key_from_cose(p, n, key, v);
	return mica_key_from_point(p, n, key, v);
}

/* ---- JWK ---------------------------------------------------------- */

typedef struct json {
	const char *p, *end;
} json;

static void json_ws(json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
				 *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

/* A string: *s, *n span its raw contents; *esc says whether it holds
 * escapes (the members we read never need any). */
static int json_string(json *j, const char **s, size_t *n, int *esc)
{
	if (j->p >= j->end || *j->p != '"')
		return -1;
	*s = ++j->p;
	*esc = 0;
	while (j->p < j->end && *j->p != '"') {
		if ((unsigned char)*j->p < 0x20)
			return -1;
		if (*j->p == '\\') {
			*esc = 1;
			if (++j->p >= j->end)
				return -1;
		}
		j->p++;
	}
	if (j->p >= j->end)
		return -1;
	*n = (size_t)(j->p - *s);
	j->p++;
	return 0;
}

/* Steps over any value, nested at most 16 deep. Lenient about number
 * syntax: nothing here reads numbers. */
static int json_skip(json *j, int depth)
{
	const char *s;
	size_t n;
	int esc;
	char close;

	json_ws(j);
	if (j->p >= j->end || depth > 16)
		return -1;
	switch (*j->p) {
	case '"':
		return json_string(j, &s, &n, &esc);
	case '{':
	case '[':
		close = *j->p == '{' ? '}' : ']';
		j->p++;
		json_ws(j);
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return 0;
		}
		for (;;) {
			if (close == '}') {
				json_ws(j);
				if (json_string(j, &s, &n, &esc))
					return -1;
				json_ws(j);
				if (j->p >= j->end || *j->p++ != ':')
					return -1;
			}
			if (json_skip(j, depth + 1))
				return -1;
			json_ws(j);
			if (j->p >= j->end)
				return -1;
			if (*j->p == close) {
				j->p++;
				return 0;
			}
			if (*j->p++ != ',')
				return -1;
		}
	default:
		/* A number, true, false or null; NUL is no part of any. */
		if (*j->p == '\0' || !strchr("-0123456789tfn", *j->p))
			return -1;
		while (j->p < j->end && *j->p != '\0' &&
		       strchr("-+.0123456789eEtruefalsn", *j->p))
			j->p++;
		return 0;
	}
}

/* base64url without padding (RFC 7515 appendix C) into out; the unused
 * low bits of the last character must be zero, so each key has one
 * spelling. Returns the decoded length, or -1. */
static long b64url(const char *s, size_t n, uint8_t *out, size_t cap)
{
	uint32_t acc = 0;
	size_t i, len = 0;
	int bits = 0;

	if (n % 4 == 1)
		return -1;
	for (i = 0; i < n; i++) {
		char ch = s[i];
		int d = ch >= 'A' && ch <= 'Z' ? ch - 'A'
		      : ch >= 'a' && ch <= 'z' ? ch - 'a' + 26
		      : ch >= '0' && ch <= '9' ? ch - '0' + 52
		      : ch == '-' ? 62 : ch == '_' ? 63 : -1;
		if (d < 0)
			return -1;
		acc = acc << 6 | (uint32_t)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (len >= cap)
				return -1;
			out[len++] = (uint8_t)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	return acc != 0 ? -1 : (long)len;
}

static int jwk(const char *text, size_t len, mica_ec_key *key,
	       mica_verdict *v)
{
	static const char *const want[] = { "kty", "crv", "x", "y" };
	const char *val[4] = { NULL, NULL, NULL, NULL }, *s;
	size_t vlen[4] = { 0, 0, 0, 0 }, n, i, size;
	uint8_t x[66], y[66];
	json j = { text, text + len };
	int esc, crv;

	json_ws(&j);
	if (j.p >= j.end || *j.p++ != '{')
		return mica_verdict_set(v, MICA_BAD_KEY,
					"JWK: not a JSON object");
	json_ws(&j);
	if (j.p < j.end && *j.p == '}')
		j.p++;
	else for (;;) {
		json_ws(&j);
		if (json_string(&j, &s, &n, &esc))
			goto syntax;
		json_ws(&j);
		if (j.p >= j.end || *j.p++ != ':')
			goto syntax;
		json_ws(&j);
		for (i = 0; i < 4; i++)
			if (!esc && strlen(want[i]) == n &&
			    memcmp(want[i], s, n) == 0)
				break;
		if (i < 4) {
			if (val[i])
				return mica_verdict_set(v, MICA_BAD_KEY,
					"JWK: member \"%s\" appears twice",
					want[i]);
			if (json_string(&j, &val[i], &vlen[i], &esc) || esc)
				return mica_verdict_set(v, MICA_BAD_KEY,
					"JWK: \"%s\" must be a plain string",
					want[i]);
		} else if (json_skip(&j, 0)) {
			goto syntax;
		}
		json_ws(&j);
		if (j.p >= j.end)
			goto syntax;
		if (*j.p == '}') {
			j.p++;
			break;
		}
		if (*j.p++ != ',')
			goto syntax;
	}
	json_ws(&j);
	if (j.p != j.end)
		goto syntax;
	if (!val[0] || vlen[0] != 2 || memcmp(val[0], "EC", 2) != 0)
		return mica_verdict_set(v, MICA_BAD_KEY,
					"JWK: kty must be \"EC\"");
	crv = 0;
	for (i = 1; i <= 3 && val[1]; i++)
		if (vlen[1] == 5 &&
		    memcmp(val[1], mica_curve_name((int)i), 5) == 0)
			crv = (int)i;
	if (!crv)
		return mica_verdict_set(v, MICA_BAD_KEY,
			"JWK: crv must be \"P-256\", \"P-384\" or \"P-521\"");
	size = mica_curve_size(crv);
	if (!val[2] || !val[3] ||
	    b64url(val[2], vlen[2], x, sizeof x) != (long)size ||
	    b64url(val[3], vlen[3], y, sizeof y) != (long)size)
		return mica_verdict_set(v, MICA_BAD_KEY,
			"JWK: x and y must be base64url of %zu bytes for %s",
			size, mica_curve_name(crv));
	return set_point(key, crv, x, y, v);
syntax:
	return mica_verdict_set(v, MICA_BAD_KEY, "JWK: JSON syntax error at "
				"byte %zu", (size_t)(j.p - text));
}

/* ---- PEM and DER -------------------------------------------------- */

/* Whether the n bytes at p contain the string s. */
static int contains(const uint8_t *p, size_t n, const char *s)
{
	size_t k = strlen(s), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(p + i, s, k) == 0)
			return 1;
	return 0;
}

static int pem_or_der(const uint8_t *buf, size_t len, mica_ec_key *key,
		      mica_verdict *v)
{
	mbedtls_pk_context pk;
	const mbedtls_ecp_keypair *ec;
	uint8_t *copy, pt[MICA_EC_POINT_MAX];
	size_t olen = 0;
	int crv, ret;

	/* mbedTLS takes PEM only NUL-terminated, the NUL counted in the
	 * length; DER is passed as it is. */
	if ((copy = malloc(len + 1)) == NULL)
		return mica_verdict_set(v, MICA_BAD_KEY, "out of memory");
	memcpy(copy, buf, len);
	copy[len] = '\0';
	mbedtls_pk_init(&pk);
	ret = mbedtls_pk_parse_public_key(&pk, copy,
		len + (size_t)contains(buf, len, "-----BEGIN"));
	free(copy);
	if (ret != 0) {
		mbedtls_pk_free(&pk);
		return mica_verdict_set(v, MICA_BAD_KEY,
			"not a PEM or DER public key, nor an EC JWK");
	}
	if (mbedtls_pk_get_type(&pk) != MBEDTLS_PK_ECKEY &&
	    mbedtls_pk_get_type(&pk) != MBEDTLS_PK_ECDSA) {
		mbedtls_pk_free(&pk);
		return mica_verdict_set(v, MICA_BAD_KEY,
					"not an elliptic-curve public key");
	}
	ec = mbedtls_pk_ec(pk);
	crv = ec->grp.id == MBEDTLS_ECP_DP_SECP256R1 ? MICA_CRV_P256
	    : ec->grp.id == MBEDTLS_ECP_DP_SECP384R1 ? MICA_CRV_P384
	    : ec->grp.id == MBEDTLS_ECP_DP_SECP521R1 ? MICA_CRV_P521 : 0;
	if (crv)
		ret = mbedtls_ecp_point_write_binary(&ec->grp, &ec->Q,
			MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, pt, sizeof pt);
	mbedtls_pk_free(&pk);
	if (!crv)
		return mica_verdict_set(v, MICA_BAD_KEY,
			"the key's curve is not P-256, P-384 or P-521");
	if (ret != 0 || olen != 1 + 2 * mica_curve_size(crv))
		return mica_verdict_set(v, MICA_BAD_KEY,
					"cannot export the key's point");
	return set_point(key, crv, pt + 1, pt + 1 + mica_curve_size(crv), v);
}

int mica_key_parse(const uint8_t *buf, size_t len, mica_ec_key *key,
		   mica_verdict *v)
{
	size_t i = 0;

	memset(key, 0, sizeof *key);
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' ||
			   buf[i] == '\r'))
		i++;
	if (i < len && buf[i] == '{')
		return jwk((const char *)buf, len, key, v);
	return pem_or_der(buf, len, key, v);
}
