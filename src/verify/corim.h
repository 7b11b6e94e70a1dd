/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * corim.h -- reference values as CoRIMs (man/mica-corim.5), EAT
 * Attestation Results, and the signing both need (internal to micac and
 * libmica-verify's own files; not part of the installed API).
 */
#ifndef MICA_VERIFY_CORIM_H
#define MICA_VERIFY_CORIM_H

#include <stddef.h>
#include <stdint.h>

#include "mica/token.h"

/* Which form a reference file had. */
typedef enum mica_ref_form {
	MICA_REF_JSON = 0,      /* reference.json */
	MICA_REF_CORIM_CCA,     /* reference.corim: RIMs only */
	MICA_REF_CORIM_MICA     /* mica.corim: all of reference.json */
} mica_ref_form;

#define MICA_CORIM_CCA_PROFILE "tag:arm.com,2025:cca_realm#1.0.0"
#define MICA_CORIM_MICA_PROFILE "tag:mica.dev,2026:workflow#1"
#define MICA_CORIM_CONTENT_TYPE "application/rim+cbor"

/* Reads an unsigned CoRIM (tag 501) of either profile into r, strictly:
 * exactly the shape man/mica-corim.5 gives, deterministic CBOR. From
 * reference.corim only the RIMs, the hash, the policy (the CoRIM's id)
 * and its version come: realms are named "rim:" and the RIM's first 8
 * bytes in hexadecimal, and the workflow digest is unknown (zero).
 * 0, or -1 with a message naming the byte offset in err. */
int mica_corim_parse(const uint8_t *buf, size_t len, mica_reference *r,
		     mica_ref_form *form, char *err, size_t errlen);

/* Any reference file, told apart by its first bytes: a COSE_Sign1
 * (tag 18) around a CoRIM, whose signature is checked with key (NULL:
 * refused, a signed reference needs a key), an unsigned CoRIM (tag 501),
 * or else reference.json (mica_reference_parse). 0 or -1 with err. */
int mica_reference_load(const uint8_t *buf, size_t len,
			const mica_ec_key *key, mica_reference *r,
			mica_ref_form *form, char *err, size_t errlen);

/* For a reference set read from reference.corim (RIMs only): the
 * workflow digest, and each realm's image measurement, taken from the
 * group claim of token t for the members whose RIM is that realm's, so
 * that the group checks come down to the RIMs. Sound because a final RIM
 * binds its Realm's blob, which carries the workflow digest, and the
 * image measurement. Does nothing when t has no readable group claim. */
void mica_corim_adopt(mica_reference *r, const mica_token *t);

/* ---- signing (corim_sign.c) -------------------------------------------- */

/* A private EC key (P-256 or P-384) read from a PEM or DER file's bytes,
 * for ES256 or ES384 by its curve. Opaque: mbedTLS's context. */
typedef struct mica_sign_key mica_sign_key;

/* NULL with a message in err when the key cannot be used. */
mica_sign_key *mica_sign_key_parse(const uint8_t *buf, size_t len,
				   char *err, size_t errlen);
void mica_sign_key_free(mica_sign_key *k);
/* MICA_COSE_ES256 or MICA_COSE_ES384, from the key's curve. */
int mica_sign_key_alg(const mica_sign_key *k);
/* ECDSA over msg with the hash of the key's algorithm, deterministic
 * (RFC 6979), as r || s of the curve's size each into sig (cap at least
 * 96); its length, or 0 on failure. */
size_t mica_sign_raw(const mica_sign_key *k, const uint8_t *msg, size_t n,
		     uint8_t *sig, size_t cap);
/* A COSE_Sign1 (tag 18) of payload whose protected header is the map
 * {1: alg, 3: "application/rim+cbor", 8: << {0: {0: signer}} >>}
 * (corim-meta naming the signer), unprotected {}; heap bytes in *out,
 * or -1 with err. */
int mica_corim_sign(const mica_sign_key *k, const char *signer,
		    const uint8_t *payload, size_t n, uint8_t **out,
		    size_t *outlen, char *err, size_t errlen);

#endif
