/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * corim_load.c -- a reference file in any of its forms (man/mica-corim.5,
 * READING): told apart by content, a signed CoRIM checked before it is
 * read; and, for reference.corim, what the token's group claim supplies.
 */
#include <stdlib.h>
#include <string.h>

#include "corim.h"
#include "verify.h"

/* The protected header of a signed CoRIM: content type and corim-meta
 * as the signed-corim CDDL requires them. */
static int signed_header(const mica_sign1 *s, char *err, size_t errlen)
{
	static const char ct[] = MICA_CORIM_CONTENT_TYPE;
	mica_claimset hdr;
	const mica_bytes *v;
	mica_verdict vd;
	mica_cbor c;
	const char *p;
	size_t n;

	if (mica_claimset_parse(s->protected_hdr.p, s->protected_hdr.n, &hdr,
				"signed CoRIM: protected header", &vd)) {
		snprintf(err, errlen, "%s", vd.msg);
		return -1;
	}
	v = mica_claimset_get(&hdr, 3);
	if (!v) {
		snprintf(err, errlen, "signed CoRIM: no content type (3)");
		return -1;
	}
	mica_cbor_init(&c, v->p, v->n, MICA_CBOR_LENIENT);
	if (mica_cbor_tstr(&c, &p, &n) || n != sizeof ct - 1 ||
	    memcmp(p, ct, n) != 0) {
		snprintf(err, errlen, "signed CoRIM: the content type is not "
			 "\"%s\"", ct);
		return -1;
	}
	v = mica_claimset_get(&hdr, 8);
	if (!v || v->n == 0 || v->p[0] >> 5 != MICA_CBOR_BSTR) {
		snprintf(err, errlen, "signed CoRIM: no corim-meta (8)");
		return -1;
	}
	return 0;
}

int mica_reference_load(const uint8_t *buf, size_t len,
			const mica_ec_key *key, mica_reference *r,
			mica_ref_form *form, char *err, size_t errlen)
{
	mica_sign1 s;
	mica_verdict v;
	size_t n;

	*form = MICA_REF_JSON;
	if (len >= 3 && buf[0] == 0xd9 && buf[1] == 0x01 && buf[2] == 0xf5)
		return mica_corim_parse(buf, len, r, form, err, errlen);
	if (len == 0 || buf[0] != 0xd2)
		return mica_reference_parse(buf, len, r, err, errlen);
	memset(r, 0, sizeof *r);
	if (mica_sign1_parse(buf, len, &s, &v)) {
		snprintf(err, errlen, "signed CoRIM: %s", v.msg);
		return -1;
	}
	if (signed_header(&s, err, errlen))
		return -1;
	if (!key) {
		snprintf(err, errlen, "a signed CoRIM: its signer's public "
			 "key is needed (--reference-key)");
		return -1;
	}
	if (mica_sign1_verify(&s, key, NULL, 0, &v)) {
		snprintf(err, errlen, "signed CoRIM: %s", v.msg);
		return -1;
	}
	if (mica_corim_parse(s.payload.p, s.payload.n, r, form, err, errlen)) {
		/* Offsets are the payload's: say so. */
		n = strlen(err);
		if (n + 16 < errlen)
			memmove(err + 15, err, n + 1),
			memcpy(err, "signed payload ", 15);
		return -1;
	}
	return 0;
}

void mica_corim_adopt(mica_reference *r, const mica_token *t)
{
	/* The group (claim 266) carries its members' final RIMs only, and
	 * a member of the attester's policy no workflow digest: there is
	 * nothing to copy, the group checks come down to the RIMs. */
	(void)r;
	(void)t;
}
