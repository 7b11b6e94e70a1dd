/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * policy.c -- a policy as the model deploys it (policy.h): micac's front
 * end, checker and backend, then each Realm's program, image and layout,
 * and the image measurements the model's RMM gives those images.
 */
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "realm.h"

int fvp_policy_load(struct fvp_policy *p, const char *path)
{
	int rc;

	memset(p, 0, sizeof *p);
	rc = mica_unit_load(&p->unit, path, MICA_TO_CHECK, "mica-fvp");
	if (rc != MICA_EXIT_OK)
		return rc;
	p->ir = p->unit.ir;
	if (mica_unit_compile(&p->unit, &p->out) != MICA_EXIT_OK)
		return MICA_EXIT_POLICY;
	p->alg = p->ir->hash;
	p->dlen = mica_hash_size(p->alg);
	p->img = calloc(p->ir->nrealms, sizeof *p->img);
	if (p->img == NULL)
		return MICA_EXIT_USAGE;
	for (uint32_t i = 0; i < p->ir->nrealms; i++) {
		struct fvp_image *m = &p->img[i];

		m->program = fvp_program_for(p->ir, i);
		fvp_image_build(m->image, m->program, p->ir->realms[i].name);
		m->ipa = fvp_image_base(p->ir, i);
	}
	return MICA_EXIT_OK;
}

void fvp_policy_free(struct fvp_policy *p)
{
	mica_outputs_free(&p->out);
	mica_unit_free(&p->unit);
	free(p->img);
	memset(p, 0, sizeof *p);
}

static const mica_output *output_named(const struct fvp_policy *p,
				       const char *name, const char *ext)
{
	size_t n = strlen(name);

	for (size_t k = 0; k < p->out.n; k++) {
		const char *f = p->out.files[k].name;

		if (strncmp(f, name, n) == 0 && strcmp(f + n, ext) == 0)
			return &p->out.files[k];
	}
	return NULL;
}

const mica_output *fvp_policy_blob(const struct fvp_policy *p, uint32_t i)
{
	return output_named(p, p->ir->realms[i].name, ".blob");
}

const mica_output *fvp_policy_reference(const struct fvp_policy *p)
{
	return output_named(p, "reference", ".json");
}

int fvp_policy_realm(const struct fvp_policy *p, const char *name)
{
	for (uint32_t i = 0; i < p->ir->nrealms; i++)
		if (strcmp(p->ir->realms[i].name, name) == 0)
			return (int)i;
	return -1;
}

int fvp_policy_region(const struct fvp_policy *p, const char *name)
{
	for (uint32_t g = 0; g < p->ir->nregions; g++)
		if (strcmp(p->ir->regions[g].name, name) == 0)
			return (int)g;
	return -1;
}

int fvp_maps(const mica_ir *ir, uint32_t i, uint32_t g, unsigned right)
{
	const mica_ir_realm *r = &ir->realms[i];

	for (uint32_t k = 0; k < r->nmaps; k++)
		if (r->maps[k].region == g &&
		    (ir->regions[g].accesses[r->maps[k].access].rights & right))
			return 1;
	return 0;
}
