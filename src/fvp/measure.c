/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * measure.c -- the image measurements the model's RMM gives a policy's
 * Realm images (host.h): the host deploys each image with no policy and
 * the probe program reads its RIM.
 */
#include <stdio.h>

#include "host.h"
#include "mica/wire/bytes.h"
#include "policy.h"
#include "realm.h"

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
			mica_st64(p->img[i].measured + 8 * k, ex.gprs[k]);
	}
	fvp_host_free(&h);
	if (rc != 0)
		fprintf(stderr, "mica-fvp: measuring the realm images failed\n");
	return rc;
}
