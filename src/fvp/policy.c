/*
 * policy.c -- a policy as the model deploys it (fvp.h): micac's front
 * end, checker and backend, then each Realm's program, image and layout,
 * and the image measurements the model's RMM gives those images.
 */
#include <stdlib.h>
#include <string.h>

#include "fvp.h"

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

/* Builds every Realm from its image on a machine of its own, with no
 * policy, activates it and enters it once: the probe program reads its
 * RIM with RSI_MEASUREMENT_READ and hands it to the host in a host call.
 * Without a policy the RIM at activation is exactly the image
 * measurement. */
int fvp_policy_measure(struct fvp_policy *p)
{
	struct fvp_host h;
	int rc = 0;

	if (fvp_host_init(&h, p) != 0)
		return -1;
	for (uint32_t i = 0; i < p->ir->nrealms && rc == 0; i++) {
		struct fvp_exit ex;

		if (fvp_host_create(&h, i, NULL) != 0 ||
		    fvp_host_activate(&h, i) != 0) {
			rc = -1;
			break;
		}
		h.realm[i].vcpu->program = fvp_program_probe;
		if (fvp_host_enter(&h, i, &ex) != 0 ||
		    ex.reason != MICA_RMI_EXIT_HOST_CALL ||
		    ex.imm != FVP_PROBE_IMM) {
			rc = -1;
			break;
		}
		for (unsigned k = 0; k < p->dlen / 8; k++)
			fvp_put64(p->img[i].measured + 8 * k, ex.gprs[k]);
	}
	fvp_host_free(&h);
	if (rc != 0)
		fprintf(stderr, "mica-fvp: measuring the realm images failed\n");
	return rc;
}
