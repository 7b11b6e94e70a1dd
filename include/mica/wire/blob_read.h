/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * blob_read.h -- the one reader of policy blobs (man/mica-blob.5), shared
 * by micac (mica_blob_decode, behind `micac dump`) and the RMM module
 * (RMI_MICA_POLICY_BIND).
 *
 * mica_blob_read() checks the encoding (deterministic CBOR in the blob
 * rules of mica/wire/cbor_read.h), then every field's type, size and
 * range, and fills a fixed-size struct mica_pol, which it accepts only
 * once mica_pol_check() (mica/wire/blob_check.h) has checked every rule
 * relating its fields: no heap, no recursion, no library calls beyond
 * mem* and the CBOR reader, so the RMM can run it. A blob whose content exceeds the
 * MICA_POL_* tables (mica/wire/constants.h) is refused, naming the limit.
 *
 * A refusal explains itself in a mica_blob_error when the caller passes
 * one (micac does, the RMM passes NULL): a message naming the field, and
 * the byte offset when the fault is in the encoding itself.
 */
#ifndef MICA_WIRE_BLOB_READ_H
#define MICA_WIRE_BLOB_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mica/wire/constants.h"

/* Bytes of the largest digest (SHA-512) and of an rpv. */
#define MICA_POL_DIGEST_MAX 64u
#define MICA_POL_RPV_MAX 64u
/* Bytes of the policy's name (the language's identifiers). */
#define MICA_POL_NAME_MAX 32u
/* Granules in one half of the 48-bit IPA space (2^47 / 4096). */
#define MICA_POL_HALF_GRANULES (1ull << 35)

/* One participant of a region (mica-blob.5, "REGIONS"). */
struct mica_pol_part {
	/* 0 self, k peers[k-1], -1 host, -2 any. Wider than its values
	 * need, and the struct no larger: as a 16-bit field it is apart,
	 * in the proof's typed memory model, from the chars of the error
	 * message the reader writes, so that the proof of what it read
	 * need not follow each message write (scripts/prove.sh). */
	int16_t who;
	uint8_t rights;        /* 1 r, 2 w, 3 rw */
	uint8_t reserved[5];
	uint64_t ipa;          /* granule offset in the region's half; 0
	                          for the host */
	uint64_t limit;        /* any only, else 0 */
};

struct mica_pol_region {
	uint8_t kind;          /* 0 protected, 1 unprotected */
	uint8_t nparts;
	uint8_t self;          /* index of who == 0 */
	uint8_t reserved[5];
	uint64_t granules;
	struct mica_pol_part part[MICA_POL_MAX_PARTS];
};

/* The content of one blob, in its canonical orders. */
struct mica_pol {
	uint64_t major, minor, version;
	uint64_t flags;        /* key 8 */
	uint8_t hash;          /* key 4: 0 SHA-256, 1 SHA-512 */
	uint8_t npeers, nregions, nhostcalls, rpv_len;
	char policy[MICA_POL_NAME_MAX + 1];        /* NUL-terminated */
	uint8_t workflow[MICA_POL_DIGEST_MAX];
	uint8_t measurement[MICA_POL_DIGEST_MAX];
	uint8_t rpv[MICA_POL_RPV_MAX];
	uint8_t peers[MICA_POL_MAX_PEERS][MICA_POL_DIGEST_MAX];
	uint16_t hostcall[MICA_POL_MAX_HOSTCALLS][2];   /* lo, hi */
	struct mica_pol_region region[MICA_POL_MAX_REGIONS];
};

/*
 * What every accepted blob satisfies (ACSL, proved of mica_pol_check(),
 * which mica_blob_read() runs last, by scripts/prove.sh): the counts fit the tables, every participant names
 * this Realm, a peer in the table, the host or any, with rights 1..3, the
 * host only in an unprotected region, every window inside its half of the
 * IPA space, `any` with a limit, exactly one entry `self` per region and
 * it is this Realm, participants in canonical class order (realms, any,
 * host), host-call ranges ordered and apart, regions ascending and apart
 * in this Realm's IPA space, and a NUL-terminated policy name.
 */
/*@ logic integer mica_pol_cls(integer who) =
      who == MICA_WHO_HOST ? 2 : who == MICA_WHO_ANY ? 1 : 0;

    predicate mica_pol_part_ok(struct mica_pol_region *g, integer npeers,
                               integer k) =
      MICA_WHO_ANY <= g->part[k].who <= npeers &&
      1 <= g->part[k].rights <= 3 &&
      (g->part[k].who == MICA_WHO_HOST ==> g->kind == 1) &&
      (g->part[k].who != MICA_WHO_HOST ==>
         g->part[k].ipa < MICA_POL_HALF_GRANULES &&
         g->granules <= MICA_POL_HALF_GRANULES - g->part[k].ipa) &&
      (g->part[k].who == MICA_WHO_ANY ==> g->part[k].limit >= 1);

    predicate mica_pol_region_ok(struct mica_pol_region *g, integer npeers) =
      g->kind <= 1 && 1 <= g->granules <= MICA_POL_HALF_GRANULES &&
      1 <= g->nparts <= MICA_POL_MAX_PARTS &&
      g->self < g->nparts && g->part[g->self].who == MICA_WHO_SELF &&
      (\forall integer k; 0 <= k < g->nparts &&
         g->part[k].who == MICA_WHO_SELF ==> k == g->self) &&
      (\forall integer k; 0 <= k < g->nparts ==>
         mica_pol_part_ok(g, npeers, k)) &&
      (\forall integer k; 1 <= k < g->nparts ==>
         mica_pol_cls(g->part[k - 1].who) < mica_pol_cls(g->part[k].who) ||
         (mica_pol_cls(g->part[k - 1].who) == 0 &&
          mica_pol_cls(g->part[k].who) == 0));

    // The start of a region's window in this Realm's 48-bit IPA space.
    logic integer mica_pol_self_ipa(struct mica_pol_region *g) =
      g->part[g->self].ipa + (g->kind != 0 ? MICA_POL_HALF_GRANULES : 0);

    // The tables' invariants. The known flags are the low bits
    // (blob_read.c checks it at compile time), so that
    // flags <= MICA_BLOB_FLAGS_KNOWN is "no unknown bit set", said
    // without bitwise operators, which the provers follow badly.
    predicate mica_pol_tables(struct mica_pol *p) =
      p->hash <= 1 && p->flags <= MICA_BLOB_FLAGS_KNOWN &&
      p->npeers <= MICA_POL_MAX_PEERS &&
      p->nregions <= MICA_POL_MAX_REGIONS &&
      p->nhostcalls <= MICA_POL_MAX_HOSTCALLS &&
      p->rpv_len <= MICA_POL_RPV_MAX &&
      ((p->flags & MICA_BLOB_HOSTCALL_ANY) != 0 ==> p->nhostcalls == 0) &&
      (\forall integer i; 0 <= i < p->nhostcalls ==>
         p->hostcall[i][0] <= p->hostcall[i][1]) &&
      (\forall integer i; 1 <= i < p->nhostcalls ==>
         p->hostcall[i][0] > p->hostcall[i - 1][1] + 1) &&
      (\forall integer i; 0 <= i < p->nregions ==>
         mica_pol_region_ok(&p->region[i], p->npeers)) &&
      (\forall integer i; 1 <= i < p->nregions ==>
         mica_pol_self_ipa(&p->region[i - 1]) + p->region[i - 1].granules
         <= mica_pol_self_ipa(&p->region[i]));

    predicate mica_pol_named(struct mica_pol *p) =
      \exists integer k; 1 <= k <= MICA_POL_NAME_MAX && p->policy[k] == 0;

    predicate mica_pol_ok(struct mica_pol *p) =
      p->major == MICA_BLOB_MAJOR && mica_pol_named(p) && mica_pol_tables(p);
*/

/* Why a blob was refused: a message naming the field, and the byte
 * offset when the problem is in the encoding itself. */
typedef struct mica_blob_error {
	bool has_offset;
	size_t offset;
	char msg[256];
} mica_blob_error;

/* Reads len bytes into *p (zeroed first). Returns 0, or -1 with *p
 * partly filled and, when err is not NULL, *err set. */
/*@ requires \valid(p) && (err == \null || \valid(err));
    requires len == 0 || \valid_read(buf + (0 .. len - 1));
    requires \separated(p, err, buf + (0 .. len - 1));
    assigns *p, *err;
    ensures \result == 0 || \result == -1;
    ensures \result == 0 ==> mica_pol_ok(p);
*/
int mica_blob_read(struct mica_pol *p, const uint8_t *buf, size_t len,
		   mica_blob_error *err);

#endif
