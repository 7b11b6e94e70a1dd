/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * policy.h -- a policy as the model deploys it (policy.c): micac's front
 * end, checker and backend through mica/unit.h, each Realm's program, image
 * and layout, and questions about the policy every party asks (which realm
 * or region a name is, which realm maps which region).
 */
#ifndef MICA_FVP_POLICY_H
#define MICA_FVP_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "mica/blob.h"
#include "mica/ir.h"
#include "mica/unit.h"
#include "platform.h"

struct fvp_image {
	const char *program;        /* the Realm program its image names */
	uint8_t image[FVP_GRANULE]; /* the measured image granule */
	uint64_t ipa;               /* image IPA; RAM follows it */
	uint8_t measured[MICA_MAX_DIGEST];  /* under the model (measure) */
};

struct fvp_policy {
	mica_unit unit;            /* source, diagnostics, tree, IR */
	const mica_ir *ir;
	mica_outputs out;           /* blobs by realm name, reference.json */
	mica_hash_alg alg;
	size_t dlen;                /* digest size of alg */
	struct fvp_image *img;      /* per realm */
};

/* Loads, checks and compiles a policy file, diagnostics on stderr.
 * Returns 0, 1 (the policy has errors) or 2 (cannot read it). */
int fvp_policy_load(struct fvp_policy *p, const char *path);
void fvp_policy_free(struct fvp_policy *p);
const mica_output *fvp_policy_blob(const struct fvp_policy *p, uint32_t i);
const mica_output *fvp_policy_reference(const struct fvp_policy *p);
/* Index of a realm or region by name, or -1. */
int fvp_policy_realm(const struct fvp_policy *p, const char *name);
int fvp_policy_region(const struct fvp_policy *p, const char *name);
/* Does realm i map region g with right (MICA_R or MICA_W)? */
int fvp_maps(const mica_ir *ir, uint32_t i, uint32_t g, unsigned right);

#endif
