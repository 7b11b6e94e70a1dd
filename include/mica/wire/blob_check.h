/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * blob_check.h -- the validator of a decoded policy (struct mica_pol,
 * mica/wire/blob_read.h): the one place that decides whether a struct
 * mica_pol is one the RMM may enforce.
 *
 * mica_blob_read() decodes field by field, checking each field's type,
 * size and range as it comes, and hands the whole struct to
 * mica_pol_check() before it accepts the blob. The rules that relate
 * fields to one another are decided here alone: participants in
 * canonical order and none twice, this Realm in every region exactly
 * once, regions ascending and apart in this Realm's IPA space, every
 * peer a participant somewhere. It also checks again every range the
 * decoder checked, so that its postcondition, mica_pol_ok(), holds of
 * whatever it accepts whoever filled the struct: that is what
 * scripts/prove.sh proves, and why the decoder's own proof is one of
 * memory safety alone.
 */
#ifndef MICA_WIRE_BLOB_CHECK_H
#define MICA_WIRE_BLOB_CHECK_H

#include "mica/wire/blob_read.h"

/* The rule a struct mica_pol breaks. */
enum mica_pol_rule {
	MICA_POL_RULE_OK = 0,
	MICA_POL_RULE_MAJOR,        /* major is not MICA_BLOB_MAJOR */
	MICA_POL_RULE_NAME,         /* policy name empty or not NUL-ended */
	MICA_POL_RULE_SCALARS,      /* hash, flags, a count or rpv_len out
	                               of range, or host calls listed
	                               beside MICA_BLOB_HOSTCALL_ANY */
	MICA_POL_RULE_HOSTCALL,     /* range i reversed, or not past i - 1 */
	MICA_POL_RULE_REGION,       /* region i: kind, granules or nparts */
	MICA_POL_RULE_PART,         /* region i participant k: who,
	                               rights, window or limit */
	MICA_POL_RULE_REPEAT,       /* region i participant k repeats k - 1 */
	MICA_POL_RULE_PART_ORDER,   /* ... comes before k - 1 */
	MICA_POL_RULE_NO_SELF,      /* region i: self is not the one entry
	                               naming this Realm */
	MICA_POL_RULE_REGION_ORDER, /* region i starts at or before i - 1 */
	MICA_POL_RULE_OVERLAP,      /* region i overlaps region i - 1 */
	MICA_POL_RULE_UNUSED_PEER,  /* peers[i] is in no region */
};

/* The first rule broken, in the order of the fields, and where: i the
 * host-call range, region or peer, k the participant. */
struct mica_pol_fault {
	enum mica_pol_rule rule;
	unsigned i, k;
};

/* Returns 0 when *p satisfies mica_pol_ok(), else -1 with *f set. Reads
 * *p only; bounded by the MICA_POL_* tables, whatever *p holds. */
/*@ requires \valid_read(p) && \valid(f) && \separated(p, f);
    assigns *f;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> mica_pol_ok(p);
*/
int mica_pol_check(const struct mica_pol *p, struct mica_pol_fault *f);

#endif
