/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tpol.h -- helpers of the Mica policy tests of the RMM module: policies
 * compiled from text by micac's library into real blobs, and Realms whose
 * image measurements those policies name.
 */
#ifndef MICA_TESTS_TPOL_H
#define MICA_TESTS_TPOL_H

#include "tplat.h"

/* Realm i (0..7) of the policy world: RD 50+16i, root +1, L2/L3 for IPA 0
 * +2/+3, L2/L3 for TP_UNPROT +4/+5, RIPAS RAM for IPAs 0..2 MiB, DATA +6
 * at IPA 0 (measured, content depends on i so measurements differ), REC
 * +7 (runnable). NEW, vmid i+1. */
#define TPOL_G(i, k) (50u + 16u * (i) + (k))
#define TPOL_RD(i) PA(TPOL_G(i, 0))
void tpol_realm(struct tplat *tp, unsigned i);
/* Realm i built from realm `image`'s image: the same measurement (a
 * clone, as far as attestation can tell). */
void tpol_realm_image(struct tplat *tp, unsigned i, unsigned image);
/* "sha256:<hex of realm i's image measurement>" (its RIM while NEW)
 * into buf (>= 140 bytes). */
const char *tpol_meas(struct tplat *tp, unsigned i, char *buf);
/* Compiles policy text (%R0..%R7 replaced by realm i's measurement) and
 * encodes realm `name`'s blob into out; returns its length. Fails the
 * test when the policy does not compile. */
size_t tpol_blob(struct tplat *tp, const char *text, const char *name,
		 uint8_t *out, size_t cap);
/* micac's reference.json for the same policy text, compiled by the
 * backend (a heap string: free it). */
char *tpol_reference_json(struct tplat *tp, const char *text);
/* Copies a blob to NS page W_SRC and binds it to realm i: the RMI status. */
unsigned long tpol_bind(struct tplat *tp, unsigned i, const uint8_t *blob,
			size_t len);
/* tpol_blob + tpol_bind, which must succeed. */
void tpol_bind_text(struct tplat *tp, unsigned i, const char *text,
		    const char *name);
unsigned long tpol_activate(struct tplat *tp, unsigned i);
struct mica_rmm_realm *tpol_r(struct tplat *tp, unsigned i);

#endif
