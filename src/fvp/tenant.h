/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tenant.h -- the tenant: its inputs, its sessions with the endpoints and
 * its checks of their tokens (tenant.c) and of the results they send
 * back (results.c).
 */
#ifndef MICA_FVP_TENANT_H
#define MICA_FVP_TENANT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "crypto.h"
#include "mica/token.h"
#include "plan.h"
#include "policy.h"

/* The tenant's session with one endpoint. */
struct fvp_session {
	uint32_t realm;
	uint8_t nonce[32];
	uint8_t pub[FVP_PUB_SIZE];
	struct fvp_ecdh *key;
	uint8_t challenge[64];
	uint8_t session[FVP_KEY_SIZE];
	uint8_t *input;             /* what the tenant sends it */
	size_t ninput;
	uint8_t input_digest[32];
	uint8_t *token;             /* the group token it sent */
	size_t ntoken;
	mica_verdict verdict;
	int verified;
	size_t members;             /* reference realms the token matched */
	char attester[128];
	size_t results, bad;        /* messages back; those not intact */
};

struct fvp_tenant {
	const struct fvp_policy *pol;
	const struct fvp_plan *plan;
	int video;                  /* the video example: frames, not text */
	char canary[40];            /* in every input; never in NS memory */
	struct fvp_session *s;      /* per endpoint */
	size_t ns;
	int intact_video;
};

int fvp_tenant_init(struct fvp_tenant *t, const struct fvp_policy *pol,
		    const struct fvp_plan *plan);
void fvp_tenant_free(struct fvp_tenant *t);
/* The hello to endpoint k: nonce || public key (out: 97 bytes). */
size_t fvp_tenant_hello(const struct fvp_tenant *t, size_t k, uint8_t *out);
/* Endpoint k's reply (public key || token): verifies the token against
 * the platform key, micac's reference values and the challenge, then
 * derives the session key. 0, or -1 with the session's verdict saying
 * why. */
int fvp_tenant_attested(struct fvp_tenant *t, size_t k, const uint8_t *msg,
			size_t n, const unsigned char *pem, int require_all);
/* The input for endpoint k, sealed (malloc'd, *n bytes), or NULL. */
uint8_t *fvp_tenant_input(const struct fvp_tenant *t, size_t k, size_t *n);
/* Opens and checks endpoint k's results, a line each in report: 0, or
 * -1 with *why saying what is wrong (a static string or one in buf). */
int fvp_tenant_results(struct fvp_tenant *t, size_t k, const uint8_t *msg,
		       size_t n, FILE *report, char *why, size_t cap);

#endif
