/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ear.h -- EAT Attestation Results (EAR, draft-fv-rats-ear) of a token
 * verification, as JSON or as a JWT signed with ES256 (internal: micac
 * verify --ear, --ear-key; not part of the installed API).
 */
#ifndef MICA_VERIFY_EAR_H
#define MICA_VERIFY_EAR_H

#include <stddef.h>
#include <stdint.h>

#include "mica/token.h"
#include "corim.h"

#define MICA_EAR_PROFILE "tag:github.com,2023:veraison/ear"

/* What the EAR writer appraises: the inputs of one verification and its
 * verdict. The writer re-examines each aspect (platform and realm
 * signatures, claims, binding, challenge, RIM, workflow digest, group
 * members) on its own, so that every trustworthiness claim says what
 * that aspect gave, not only the first failure. */
typedef struct mica_ear_input {
	const uint8_t *token;            /* the token's bytes, as read */
	size_t token_len;
	const mica_ec_key *platform_key;
	const mica_verify_opts *opts;    /* challenge, or NULL */
	const mica_reference *reference; /* NULL without --reference */
	int require_all;
	const mica_verdict *verdict;     /* verify's own */
	const char *build;               /* "micac 0.1.0" */
	int64_t iat;                     /* seconds since the epoch */
	int lifecycle;                   /* MICA_LC_REVOKED: a member is
					  * revoked; MICA_LC_BELOW_MIN: below
					  * its minimum version; else 0 */
} mica_ear_input;

/* The EAR's claims set as JSON text (keys in bytewise order, two-space
 * indentation, a final newline) into *json (heap, NUL-terminated).
 * 0, or -1 when out of memory. */
int mica_ear_json(const mica_ear_input *in, char **json, size_t *len);

/* A JWS compact serialization (RFC 7515) of the claims set text json:
 * header {"alg":"ES256","typ":"JWT"}, base64url without padding, the
 * signature r || s (64 bytes). key must be on P-256. Heap text, with a
 * final newline, in *out; 0, or -1 with err. */
int mica_ear_jwt(const mica_sign_key *key, const char *json, size_t len,
		 char **out, size_t *outlen, char *err, size_t errlen);

#endif
