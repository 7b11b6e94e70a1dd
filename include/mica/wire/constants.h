/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * constants.h -- every number that crosses a boundary between micac, the
 * RMM module, the platform model and the verifier: the policy blob's
 * version, keys, flag bits and participant codes (man/mica-blob.5), the
 * limits of one blob, the CBOR nesting limits, and the realm-token claims
 * (man/mica-rmm.7, "GROUP TOKEN" and "AUDIT"). Each is defined
 * here once; the readers and writers on both sides include this header.
 * Freestanding: macros and enumerations only.
 */
#ifndef MICA_WIRE_CONSTANTS_H
#define MICA_WIRE_CONSTANTS_H

/* ---- the policy blob (man/mica-blob.5) ------------------------------- */
#define MICA_BLOB_MAJOR 1u
#define MICA_BLOB_MINOR 0u
/* A blob fits in one granule, so the host hands it over in one call. */
#define MICA_BLOB_MAX 4096u

/* Top-level map keys of major version 1. */
enum {
	MICA_BK_MAJOR = 0,
	MICA_BK_MINOR = 1,
	MICA_BK_POLICY = 2,
	MICA_BK_VERSION = 3,
	MICA_BK_HASH = 4,
	MICA_BK_WORKFLOW = 5,
	MICA_BK_MEASUREMENT = 6,
	MICA_BK_RPV = 7,
	MICA_BK_FLAGS = 8,
	MICA_BK_HOSTCALLS = 9,
	MICA_BK_PEERS = 10,
	MICA_BK_REGIONS = 11,
	MICA_BK_COUNT
};

/* Bits of the flags word (blob key 8, and realms in the canonical form). */
enum {
	MICA_BLOB_STRICT = 1u << 0,
	MICA_BLOB_HOSTCALL_ANY = 1u << 1,
	MICA_BLOB_MMIO = 1u << 2,
	MICA_BLOB_PSCI = 1u << 3,
	MICA_BLOB_RIPAS = 1u << 4,       /* allow R ripas;  */
	MICA_BLOB_PAGING = 1u << 5,      /* allow R paging; */
};
#define MICA_BLOB_FLAGS_KNOWN 0x3Fu

/* Participant `who`: 0 this Realm, k >= 1 peers[k - 1], or these. */
#define MICA_WHO_SELF 0
#define MICA_WHO_HOST (-1)
#define MICA_WHO_ANY (-2)

/* ---- how much one blob may hold ---------------------------------------
 * The RMM decodes a bound blob into fixed tables of these sizes and
 * refuses a larger one with RMI_ERROR_INPUT; micac refuses to compile a
 * policy whose blobs would exceed them, so that what compiles also binds. */
#define MICA_POL_MAX_PEERS 16u         /* realms one realm shares with */
#define MICA_POL_MAX_REGIONS 16u       /* regions one realm maps */
#define MICA_POL_MAX_PARTS 8u          /* participants per region, with
                                          `any` and `host` */
#define MICA_POL_MAX_HOSTCALLS 32u     /* host-call ranges */

/* ---- CBOR nesting (mica/wire/cbor_read.h) -----------------------------
 * Arrays, maps and tags nested inside one another: an item inside more
 * of them than this is refused. Tokens and other CBOR: */
#define MICA_CBOR_MAX_DEPTH 16
/* Policy blobs (man/mica-blob.5: nesting at most 8 deep). */
#define MICA_CBOR_BLOB_DEPTH 8

/* ---- attestation claims (man/mica-rmm.7, ATTESTATION, GROUP TOKEN,
 * AUDIT) -------------------------------------------------------------
 * The group token lists its members under EAT's submods claim (RFC 9711
 * section 4.2.18: { + text => Submodule }), one Claims-Set per member
 * that reuses the CCA realm keys: 44238 its final RIM (always), 44236 its
 * measurement algorithm (only if it differs from the realm token's,
 * which SHARE_MAP rules out today).
 *
 * Mica's own claims, all of them, in this one table: private-use CWT
 * keys (RFC 8392: below -65536, every one 5 bytes as CBOR), in
 * -77101..-77103. Not -70000..-70002: Veraison's attestation results use
 * those for their own ear.veraison.* claims, and a Mica claim must never
 * read as one of theirs.
 *   MICA_CLAIM_WORKFLOW      in a group member: its workflow digest, only
 *                            for a Realm of another policy (it joined
 *                            through `any`), whose reference values the
 *                            verifier then finds by that digest;
 *   MICA_CLAIM_AUDIT_COUNT   in every realm token: refused attempts that
 *                            concern the Realm (uint, saturating);
 *   MICA_CLAIM_AUDIT_CHAIN   in every realm token: their hash chain.
 * MICA_CLAIM_GROUP_OLD is the group claim of earlier tokens, refused by
 * the verifier by name. */
#define MICA_CLAIM_SUBMODS 266
#define MICA_CLAIM_WORKFLOW (-77101)
#define MICA_CLAIM_AUDIT_COUNT (-77102)
#define MICA_CLAIM_AUDIT_CHAIN (-77103)
#define MICA_CLAIM_GROUP_OLD (-70001)

#endif
