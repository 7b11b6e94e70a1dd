/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * verify_ear.h -- micac verify --ear FILE [--ear-key KEY]: the EAT
 * Attestation Result of a verification, written whole or not at all.
 */
#ifndef MICAC_VERIFY_EAR_H
#define MICAC_VERIFY_EAR_H

#include "../verify/ear.h"

typedef struct micac_ear {
	const char *path;       /* --ear, or NULL: no EAR */
	const char *key_path;   /* --ear-key, or NULL: unsigned JSON */
	mica_sign_key *key;
	int64_t iat;
} micac_ear;

/* Before verifying: the signing key (P-256) and the time, from
 * SOURCE_DATE_EPOCH when set. 0, or -1 after a message (exit 2). */
int micac_ear_prepare(micac_ear *e);
/* Writes the EAR of in (iat and build filled in here) to e->path
 * atomically, as JSON or as a JWT. 0, or -1 after a message. */
int micac_ear_write(micac_ear *e, mica_ear_input *in);
void micac_ear_free(micac_ear *e);

#endif
