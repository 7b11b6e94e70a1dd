/*
 * blob_read.h -- the one reader of policy blobs (man/mica-blob.5), shared
 * by micac (mica_blob_decode, behind `micac dump`) and the RMM module
 * (RMI_MICA_POLICY_BIND).
 *
 * mica_blob_read() checks the encoding (deterministic CBOR in the blob
 * rules of mica/wire/cbor_read.h), then every field's type, size and
 * range and every canonical order, and fills a fixed-size struct
 * mica_pol: no heap, no recursion, no library calls beyond mem* and the
 * CBOR reader, so the RMM can run it. A blob whose content exceeds the
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
	int8_t who;            /* 0 self, k peers[k-1], -1 host, -2 any */
	uint8_t rights;        /* 1 r, 2 w, 3 rw */
	uint8_t reserved[6];
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

/* Why a blob was refused: a message naming the field, and the byte
 * offset when the problem is in the encoding itself. */
typedef struct mica_blob_error {
	bool has_offset;
	size_t offset;
	char msg[256];
} mica_blob_error;

/* Reads len bytes into *p (zeroed first). Returns 0, or -1 with *p
 * partly filled and, when err is not NULL, *err set. */
int mica_blob_read(struct mica_pol *p, const uint8_t *buf, size_t len,
		   mica_blob_error *err);

#endif
