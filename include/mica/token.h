/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * token.h -- decoding and verifying Arm CCA attestation tokens.
 *
 * A CCA token is tag 399 wrapping {44234: bstr, 44241: bstr} (older
 * producers) or tag 907 wrapping {44234: [263, bstr], 44241: [263, bstr]}
 * (current TF-RMM); each byte string holds a tag-18 COSE_Sign1: the
 * platform token, signed by the platform key, and the realm token, signed
 * by the Realm Attestation Key (RAK) that the realm token carries in claim
 * 44237. The platform token's challenge (claim 10) binds the RAK: it is
 * the hash of claim 44237's exact bytes, with the algorithm that realm
 * claim 44240 names.
 *
 * Parsed structures are views: they point into the caller's buffer,
 * which must outlive them, and own nothing, so there is nothing to free.
 * Signatures are checked over the bytes as received, never over a
 * re-encoding. The functions are reentrant; each thread keeps its own
 * mbedTLS curve groups, freed when the thread ends.
 *
 * Verification is a pipeline (mica_token_verify): framing, both
 * COSE_Sign1 structures, the platform signature, the mandatory claims of
 * both tokens, the realm signature with the key from claim 44237, the
 * binding, then the caller's own expectations: the realm challenge
 * (mica_verify_opts), then the compiler's reference values
 * (mica_ref_check, mica_token_verify_ref). The
 * first failure stops it and is described in words in a mica_verdict.
 */
#ifndef MICA_TOKEN_H
#define MICA_TOKEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mica/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A byte range inside the caller's buffer. */
typedef struct mica_bytes {
	const uint8_t *p;
	size_t n;
} mica_bytes;

/* ---- verdicts ---------------------------------------------------------- */

typedef enum mica_verdict_kind {
	MICA_VERIFIED = 0,
	MICA_MALFORMED,        /* not a well-formed CCA token or COSE_Sign1 */
	MICA_SIGNATURE_FAILS,  /* a signature does not verify */
	MICA_CLAIMS_FAIL,      /* a mandatory claim is missing or ill-typed */
	MICA_BINDING_FAILS,    /* platform challenge is not H(realm key) */
	MICA_CHALLENGE_FAILS,  /* realm challenge is not the expected one */
	MICA_BAD_KEY,          /* the key the caller gave is unusable */
	MICA_REFERENCE_FAILS   /* measurements not the reference values */
} mica_verdict_kind;

typedef struct mica_verdict {
	mica_verdict_kind kind;
	char msg[256];         /* what failed, in words; "" when verified */
} mica_verdict;

/* "verified", "malformed", "signature-fails", "claims-fail",
 * "binding-fails", "challenge-fails", "bad-key", "reference-fails": the
 * manifest's words. */
MICA_API const char *mica_verdict_name(mica_verdict_kind kind);

/* ---- keys -------------------------------------------------------------- */

/* COSE EC2 curve identifiers (RFC 9053). */
#define MICA_CRV_P256 1
#define MICA_CRV_P384 2
#define MICA_CRV_P521 3
#define MICA_EC_POINT_MAX 133  /* 0x04 || x || y on P-521 */

/* A public key on P-256, P-384 or P-521, checked to be on its curve. */
typedef struct mica_ec_key {
	int crv;                        /* MICA_CRV_* */
	size_t len;                     /* 1 + 2 * coordinate size */
	uint8_t point[MICA_EC_POINT_MAX]; /* uncompressed SEC1 point */
} mica_ec_key;

/* "P-256", "P-384", "P-521" or "unknown curve"; coordinate bytes or 0. */
MICA_API const char *mica_curve_name(int crv);
MICA_API size_t mica_curve_size(int crv);

/* A key file's contents: PEM or DER SubjectPublicKeyInfo, or an EC JWK
 * (kty "EC", crv, x, y). Failures are MICA_BAD_KEY. */
MICA_API int mica_key_parse(const uint8_t *buf, size_t len, mica_ec_key *key,
		   mica_verdict *v);
/* An uncompressed SEC1 point; the length gives the curve. */
MICA_API int mica_key_from_point(const uint8_t *p, size_t n, mica_ec_key *key,
			mica_verdict *v);
/* A COSE_Key map of type EC2. */
MICA_API int mica_key_from_cose(const uint8_t *p, size_t n, mica_ec_key *key,
		       mica_verdict *v);
/* The value of realm claim 44237: a raw point or a COSE_Key, told
 * apart by the first byte (0x04 against a map head). */
MICA_API int mica_key_from_claim(const uint8_t *p, size_t n, mica_ec_key *key,
			mica_verdict *v);

/* ---- COSE_Sign1 ------------------------------------------------------- */

#define MICA_COSE_ES256 (-7)
#define MICA_COSE_ES384 (-35)
#define MICA_COSE_ES512 (-36)

typedef struct mica_sign1 {
	mica_bytes whole;         /* the tag-18 item as received */
	mica_bytes protected_hdr; /* content of the protected header bstr */
	mica_bytes unprotected;   /* the unprotected header map item */
	mica_bytes payload;       /* content of the payload bstr */
	mica_bytes signature;     /* raw r || s */
	int alg;                  /* MICA_COSE_ES256, ES384 or ES512 */
} mica_sign1;

/* "ES256", "ES384", "ES512", or "unknown algorithm". */
MICA_API const char *mica_cose_alg_name(int alg);

/* Parses buf, which must be exactly one tag-18 COSE_Sign1 with a
 * protected header naming ES256, ES384 or ES512 and an attached payload.
 * Failures are MICA_MALFORMED. */
MICA_API int mica_sign1_parse(const uint8_t *buf, size_t len, mica_sign1 *s,
		     mica_verdict *v);
/* Writes the bytes a COSE_Sign1 signs, the Sig_structure
 * ["Signature1", protected, external_aad, payload], into out if it has
 * room; returns their length either way. */
MICA_API size_t mica_sign1_tbs(const mica_sign1 *s, const uint8_t *aad,
		      size_t aadlen, uint8_t *out, size_t cap);
/* Checks the signature with key: the hash is the algorithm's, the curve
 * the key's (RFC 9053), r and s each as long as the curve's order.
 * Returns 0, or -1 with MICA_SIGNATURE_FAILS (or MICA_BAD_KEY). */
MICA_API int mica_sign1_verify(const mica_sign1 *s, const mica_ec_key *key,
		      const uint8_t *aad, size_t aadlen, mica_verdict *v);

/* ---- claims ----------------------------------------------------------- */

#define MICA_CLAIMS_MAX 128

typedef struct mica_claim {
	mica_bytes key;     /* the key's encoding, as received */
	mica_bytes value;   /* the value's encoding, as received */
	int is_int;         /* the key is an integer, else a text string */
	int64_t ikey;       /* the integer key */
	mica_bytes text;    /* the text key's characters */
} mica_claim;

/* A claims map, its entries sorted in the order of their keys'
 * deterministic encodings (unsigned keys ascending, then negative ones,
 * then text by length and bytes), whatever order and head sizes the
 * producer used; two entries with the same key are rejected. */
typedef struct mica_claimset {
	size_t n;
	mica_claim c[MICA_CLAIMS_MAX];
} mica_claimset;

/* Parses a buffer holding exactly one map whose keys are integers or
 * text strings. what ("realm token") starts error messages. */
MICA_API int mica_claimset_parse(const uint8_t *p, size_t n, mica_claimset *cs,
			const char *what, mica_verdict *v);
/* The encoded value of integer key, or NULL. */
MICA_API const mica_bytes *mica_claimset_get(const mica_claimset *cs, int64_t key);

/* The mandatory claims, their types and their sizes. MICA_CLAIMS_FAIL. */
MICA_API int mica_claims_check_platform(const mica_claimset *cs, mica_verdict *v);
MICA_API int mica_claims_check_realm(const mica_claimset *cs, mica_verdict *v);
/* The platform challenge against H(realm claim 44237) with the hash that
 * realm claim 44240 names. Both sets must have passed their checks. */
MICA_API int mica_claims_check_binding(const mica_claimset *platform,
			      const mica_claimset *realm, mica_verdict *v);

/* ---- CCA tokens ------------------------------------------------------- */

#define MICA_TAG_CCA_LEGACY 399
#define MICA_TAG_CCA 907

typedef struct mica_token {
	uint64_t tag;             /* MICA_TAG_CCA_LEGACY or MICA_TAG_CCA */
	mica_bytes whole;
	mica_sign1 platform;      /* claim 44234 */
	mica_sign1 realm;         /* claim 44241 */
} mica_token;

/* Parses the framing and both COSE_Sign1 structures; checks no
 * signature and no claim. Failures are MICA_MALFORMED. */
MICA_API int mica_token_parse(const uint8_t *buf, size_t len, mica_token *t,
		     mica_verdict *v);

/* ---- reference values (micac's reference.json, man/mica-blob.5) -------- */

#define MICA_REF_REALMS_MAX 64   /* MICA_ATTEST_GROUP_MEMBERS */
#define MICA_REF_NAME_MAX 127    /* bytes of a realm or policy name */
#define MICA_REF_DIGEST_MAX 64
#define MICA_REF_FILE_MAX (1u << 20)

typedef struct mica_reference_realm {
	char name[MICA_REF_NAME_MAX + 1];
	uint8_t blob_digest[MICA_REF_DIGEST_MAX];
	uint8_t image[MICA_REF_DIGEST_MAX];   /* "image_measurement" */
	uint8_t rim[MICA_REF_DIGEST_MAX];     /* the final RIM */
} mica_reference_realm;

typedef struct mica_reference {
	char hash[16];             /* "sha-256" or "sha-512" */
	char policy[MICA_REF_NAME_MAX + 1];
	uint64_t version;
	size_t dlen;               /* digest size of hash: 32 or 64 */
	uint8_t workflow[MICA_REF_DIGEST_MAX];
	size_t nrealms;
	mica_reference_realm realms[MICA_REF_REALMS_MAX];
} mica_reference;

/* Reads reference.json strictly: one object with exactly the keys
 * "hash", "policy", "realms" (an object of realm objects with exactly
 * "blob", "blob_digest", "image_measurement", "rim"), "version" (an
 * unsigned integer) and "workflow_digest", each once, in any order;
 * digests in hexadecimal of the hash's size; JSON whitespace between
 * tokens and a newline at the end (a text file: a truncated one is
 * refused). Returns 0, or -1 with a message in err naming the byte
 * offset of what is wrong. */
MICA_API int mica_reference_parse(const uint8_t *buf, size_t len, mica_reference *r,
			 char *err, size_t errlen);

/* What the verifier expects beyond the token's own consistency. */
typedef struct mica_verify_opts {
	const uint8_t *challenge; /* realm claim 10 must equal this, or NULL */
	size_t challenge_len;
} mica_verify_opts;

/* Verifies a parsed token against the platform key (opts may be NULL).
 * Returns v->kind: MICA_VERIFIED (0) or what failed first. */
MICA_API int mica_token_verify(const mica_token *t, const mica_ec_key *platform_key,
		      const mica_verify_opts *opts, mica_verdict *v);

/* The compiler's reference values, checked after the challenge
 * (MICA_REFERENCE_FAILS): the realm token's algorithm (44236) is
 * "hash"; its RIM (44238) is some realm's "rim"; with the group's claim
 * 266 (EAT submods, man/mica-rmm.7, GROUP TOKEN), every member is of the
 * reference's policy (it carries no workflow digest of another) and
 * algorithm and has the "rim" of a realm no other member matched, and
 * the RIM of 44238 is a member; with require_all, every realm of the
 * reference was matched. */

/* One member of a token as the reference check saw it: the realm of an
 * ordinary token, or one submodule of a group token, in the token's
 * order. Filled as far as the check got, also when it fails (the member
 * that failed is the last). Pointers into the token. */
typedef struct mica_member_result {
	mica_bytes name;       /* the submodule's name; {NULL, 0} for the
				  realm of an ordinary token */
	mica_bytes rim;        /* its final RIM */
	mica_bytes workflow;   /* its own workflow digest (a realm of
				  another policy), or {NULL, 0}: the
				  attester's policy */
	int attester;          /* 1: its RIM is the realm token's 44238 */
	long realm;            /* the reference realm it matched, or -1 */
} mica_member_result;

typedef struct mica_ref_check {
	const mica_reference *reference;
	int require_all;
	uint64_t matched;   /* out, when verified: bit i for realm i */
	size_t attester;    /* out, when verified: the realm of 44238 */
	size_t nmembers;    /* out: members[0..nmembers) */
	mica_member_result members[MICA_REF_REALMS_MAX];
} mica_ref_check;

/* mica_token_verify, then the reference values when ref is not NULL. */
MICA_API int mica_token_verify_ref(const mica_token *t,
			  const mica_ec_key *platform_key,
			  const mica_verify_opts *opts, mica_ref_check *ref,
			  mica_verdict *v);

/* ---- the policy lifecycle (lifecycle.c, revoked.c) ---------------------- */

/* Several reference sets at once (a rollout from version N to N + 1, a
 * Realm of another policy joined through `any`), a minimum policy
 * version, and revocation. Each member of the token (the realm token
 * itself, or every member of its group claim) is matched against every
 * set; man/libmica-verify.3 says exactly how. */

#define MICA_REF_SETS_MAX 16          /* reference sets at once */
#define MICA_MIN_VERSIONS_MAX 16      /* minimum versions at once */
#define MICA_REVOKED_MAX 256          /* entries of a revocation list */
#define MICA_REVOKED_COMMENT_MAX 127  /* bytes of an entry's comment */
#define MICA_LC_REVOKED 1             /* mica_lifecycle.refused */
#define MICA_LC_BELOW_MIN 2

typedef enum mica_revoked_kind {
	MICA_REVOKED_DIGEST,  /* an image measurement, blob or workflow digest */
	MICA_REVOKED_POLICY   /* a policy name and version */
} mica_revoked_kind;

/* One line of a revocation list (man/mica-revoked.5). */
typedef struct mica_revoked_entry {
	mica_revoked_kind kind;
	size_t dlen;                          /* digest: 32, 48 or 64 bytes */
	uint8_t digest[MICA_REF_DIGEST_MAX];
	char policy[MICA_REF_NAME_MAX + 1];   /* policy: its name */
	uint64_t version;                     /* policy: its version */
	unsigned line;                        /* in the file, from 1 */
	char comment[MICA_REVOKED_COMMENT_MAX + 1]; /* after '#', trimmed */
} mica_revoked_entry;

typedef struct mica_revoked {
	const char *file;     /* the caller's string: names entries */
	size_t n;
	mica_revoked_entry e[MICA_REVOKED_MAX];
} mica_revoked;

/* Reads a revocation list (man/mica-revoked.5) strictly. Returns 0, or
 * -1 with "FILE:LINE:COL: error: what" in err for the first malformed
 * line. file names the list in err and in later verdicts. */
MICA_API int mica_revoked_parse(const uint8_t *buf, size_t len,
				const char *file, mica_revoked *r, char *err,
				size_t errlen);

/* A minimum policy version: of every policy (policy "") or of one. */
typedef struct mica_min_version {
	char policy[MICA_REF_NAME_MAX + 1];
	uint64_t version;
} mica_min_version;

/* "N" or "NAME=N" (N decimal, no sign, at most 2^64 - 1, NAME a policy
 * name as in .mica files): 0, or -1. */
MICA_API int mica_min_version_parse(const char *arg, mica_min_version *m);

/* Reference set `set` of mica_lifecycle.sets, realm `realm` of it. */
typedef struct mica_lifecycle_match {
	size_t set;
	size_t realm;
} mica_lifecycle_match;

/* What one member of a verified token matched. */
typedef struct mica_lifecycle_member {
	uint64_t member;      /* its index in the group claim; 0 without one */
	int grouped;          /* the token has the group claim */
	int attester;         /* its RIM is the realm token's (claim 44238) */
	size_t rimlen;
	uint8_t rim[MICA_REF_DIGEST_MAX];
	size_t nmatch;        /* at least 1 once verified */
	mica_lifecycle_match match[MICA_REF_SETS_MAX]; /* by policy name, then
						     * version, then position
						     * in sets */
} mica_lifecycle_member;

typedef struct mica_lifecycle {
	size_t nsets;                               /* 1..MICA_REF_SETS_MAX */
	const mica_reference *sets[MICA_REF_SETS_MAX];
	const char *names[MICA_REF_SETS_MAX];       /* file names, for words */
	int require_all;    /* every realm of every set the attester matched */
	size_t nmin;
	mica_min_version min[MICA_MIN_VERSIONS_MAX];
	const mica_revoked *revoked;                /* or NULL */
	int refused;        /* out: MICA_LC_REVOKED or MICA_LC_BELOW_MIN when
			     * a member was refused for that, else 0 */
	size_t nmembers;                            /* out, when verified */
	mica_lifecycle_member members[MICA_REF_REALMS_MAX]; /* out: in order */
} mica_lifecycle;

/* mica_token_verify, then every member against the sets, the revocation
 * list and the minimum versions (MICA_REFERENCE_FAILS). Returns
 * v->kind. */
MICA_API int mica_token_verify_lifecycle(const mica_token *t,
					 const mica_ec_key *platform_key,
					 const mica_verify_opts *opts,
					 mica_lifecycle *lc, mica_verdict *v);
/* The audit record of the realm token (man/mica-rmm.7, AUDIT): how many
 * attempts the RMM refused that concerned the attesting Realm (claim
 * -77102) and their hash chain (-77103, pointing into the token). Only
 * the attesting Realm's: group members carry none. */
typedef struct mica_audit {
	int present;         /* 1: the token carries both claims */
	uint64_t count;
	mica_bytes chain;
} mica_audit;

/* Reads it from a parsed token (meaningful once verified): 0 (present
 * 0 for a token without the record, another producer's), or -1 with
 * MICA_CLAIMS_FAIL when only one of the claims is there or either is
 * ill-typed. */
MICA_API int mica_token_audit(const mica_token *t, mica_audit *a,
			      mica_verdict *v);

/* ---- inspection -------------------------------------------------------- */

#define MICA_INSPECT_JSON 1u

/* Prints every claim of a CCA token (or of a lone COSE_Sign1) in buf,
 * as text or JSON. Checks no signature. Prints nothing and returns -1
 * with MICA_MALFORMED when the input cannot be decoded; ill-typed or
 * missing claims are shown, not fatal. */
MICA_API int mica_inspect(FILE *out, const uint8_t *buf, size_t len, unsigned flags,
		 mica_verdict *v);

#ifdef __cplusplus
}
#endif

#endif
