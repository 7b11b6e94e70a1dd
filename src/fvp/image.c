/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * image.c -- what a Realm is built from under the model (realm.h).
 *
 * A real Realm image is kernel and initrd bytes; here it is one granule
 * of text that names the Realm program the vCPU runs and the Realm it
 * was built for. The host loads it with a measured DATA_CREATE, so the
 * RMM's image measurement (the RIM before any policy) depends on exactly
 * these bytes, on the RmiRealmParams, on the RIPAS of the RAM and on the
 * RmiRecParams (entry point and x0, x1), which the host builds the same
 * way every time (host.c). Two Realms built from different programs, or
 * for different names, therefore measure differently, as two different
 * binaries would.
 */
#include <stdio.h>
#include <string.h>

#include "platform.h"
#include "realm.h"

#define MIB2 (2ul << 20)

void fvp_image_build(uint8_t page[FVP_GRANULE], const char *program,
		     const char *realm)
{
	memset(page, 0, FVP_GRANULE);
	snprintf((char *)page, FVP_GRANULE,
		 FVP_IMAGE_MAGIC "program: %s\nrealm: %s\n", program, realm);
}

int fvp_image_program(const uint8_t page[FVP_GRANULE], char *name,
		      size_t cap)
{
	const char *p = (const char *)page, *key = "program: ";
	size_t n = strlen(FVP_IMAGE_MAGIC), k = 0;

	if (memchr(page, 0, FVP_GRANULE) == NULL ||
	    strncmp(p, FVP_IMAGE_MAGIC, n) != 0 ||
	    strncmp(p + n, key, strlen(key)) != 0)
		return -1;
	p += n + strlen(key);
	while (p[k] != '\n' && p[k] != 0 && k + 1 < cap)
		k++;
	if (p[k] != '\n')
		return -1;
	memcpy(name, p, k);
	name[k] = 0;
	return 0;
}

/* Does [lo, hi) meet a protected window of realm i? */
static int meets_window(const mica_ir *ir, uint32_t i, uint64_t lo,
			uint64_t hi)
{
	const mica_ir_realm *r = &ir->realms[i];

	for (uint32_t k = 0; k < r->nmaps; k++) {
		const mica_ir_region *g = &ir->regions[r->maps[k].region];
		uint64_t ipa = g->accesses[r->maps[k].access].ipa;

		if (g->kind == MICA_PROTECTED && ipa < hi &&
		    lo < ipa + g->size)
			return 1;
	}
	return 0;
}

uint64_t fvp_image_base(const mica_ir *ir, uint32_t i)
{
	uint64_t size = (1 + FVP_RAM_PAGES) * FVP_GRANULE, base = 0;

	/* Some 2 MiB slot is free: a realm has at most a few windows. */
	while (meets_window(ir, i, base, base + size))
		base += MIB2;
	return base;
}
