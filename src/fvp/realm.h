/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * realm.h -- what a Realm is under the model: the image it is built from
 * and the program its vCPU runs.
 *   image.c     Realm images: the bytes a Realm program is loaded from, the
 *               model's IPA layout.
 *   programs.c  which program a Realm's image names; its windows; the probe
 *               (measure) and the scenario program (script).
 * The programs of a run are in stage.h.
 */
#ifndef MICA_FVP_REALM_H
#define MICA_FVP_REALM_H

#include <stddef.h>
#include <stdint.h>

#include "mica/ir.h"
#include "platform.h"

/* ---- image.c ----------------------------------------------------------- */

/* Each Realm's private memory: one measured image granule followed by
 * FVP_RAM_PAGES unmeasured RAM granules, at a 2 MiB-aligned IPA clear of
 * its protected windows. */
#define FVP_RAM_PAGES 24u
#define FVP_IMAGE_MAGIC "MICA-FVP REALM IMAGE 1\n"

/* The image granule of a Realm program: text naming the program and the
 * Realm, zero padded. */
void fvp_image_build(uint8_t page[FVP_GRANULE], const char *program,
		     const char *realm);
/* The program an image names ("program: NAME" line) into name, or -1. */
int fvp_image_program(const uint8_t page[FVP_GRANULE], char *name,
		      size_t cap);
/* The lowest 2 MiB-aligned IPA where the image and RAM of realm i do not
 * meet any of its protected windows. */
uint64_t fvp_image_base(const mica_ir *ir, uint32_t i);

/* ---- programs.c: the Realm programs ------------------------------------ */

/* One window of a realm, from the policy it was built for. */
struct fvp_window {
	uint32_t region;
	uint64_t ipa, size;
	unsigned rights;            /* MICA_R / MICA_W / MICA_RW */
	int protected_;
};

/* A realm's windows in policy order; returns how many (<= cap). A blob
 * holds at most 16 regions; arrays of FVP_MAX_WINDOWS hold them all. */
#define FVP_MAX_WINDOWS 32
size_t fvp_windows(const mica_ir *ir, uint32_t i, struct fvp_window *w,
		   size_t cap);
/* The program of realm i: a stage of a bundled example, else "generic". */
const char *fvp_program_for(const mica_ir *ir, uint32_t i);
fvp_program_fn *fvp_program_lookup(const char *name);
fvp_program_fn fvp_program_script;   /* obeys fvp_vcpu.op (scenarios) */
fvp_program_fn fvp_program_probe;    /* reports its RIM in a host call */
/* The host call immediate of the probe program. */
#define FVP_PROBE_IMM 0xF00Du
/* Is it the program of the Realm the tenant talks to ("entry", or a
 * bundled example's gateway or agent)? */
int fvp_program_is_entry(const char *name);

#endif
