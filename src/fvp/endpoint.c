/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * endpoint.c -- the tenant's protocol inside a Realm the tenant talks to
 * (stage.h): a trusted Realm with an unprotected window it can read
 * and one it can write (its channel), or, when the policy has none, the
 * entry Realm through the model's mailbox.
 *
 * Four messages, each a frame on the channel: the tenant's hello (a
 * nonce and an ECDH public key) comes in; the Realm's public key and a
 * group attestation token whose challenge is SHA-512(nonce || tenant key
 * || realm key) go out; the tenant's input, sealed with the session key,
 * comes in and passes on to every protected region the Realm writes;
 * the results, sealed, go out once every message the plan says will
 * reach the Realm has: one per endpoint input that reaches the writer
 * of each slot it reads, and (generic endpoints) its own input, passed
 * straight through.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/sha256.h>

#include "channel.h"
#include "crypto.h"
#include "plan.h"
#include "platform.h"
#include "stage.h"

#define TOKEN_RAM_PAGE 2u

static void send_frame(struct fvp_stage *s, uint64_t seq, const uint8_t *p,
		       size_t n)
{
	struct fvp_msg m;
	uint8_t *f;
	size_t fn;

	memset(&m, 0, sizeof m);
	m.seq = seq;
	m.len = n;
	if ((f = fvp_frame(&m, p, &fn)) == NULL ||
	    fvp_tx_push(&s->chan_tx, f, fn) != 0)
		s->st->bad++;
}

/* Hello in; public key and group token out; session key derived. */
static void handshake(struct fvp_stage *s, const uint8_t *p, size_t n)
{
	uint8_t pub[FVP_PUB_SIZE], challenge[64], seed[128], *tok, *reply;
	size_t ntok, nseed;

	if (n != 32 + FVP_PUB_SIZE) {
		s->st->bad++;
		return;
	}
	/* The Realm's key: the model's stand-in for its TRNG. */
	nseed = (size_t)snprintf((char *)seed, sizeof seed,
				 "mica-fvp realm key %s", s->self);
	s->key = fvp_ecdh_new(seed, nseed, pub);
	if (s->key == NULL)
		return;
	fvp_challenge(p, p + 32, pub, challenge);
	if (fvp_ecdh_session(s->key, p + 32, p, 32, s->session) != 0 ||
	    fvp_attest(s->v, 1, challenge,
		       s->v->x[0] + TOKEN_RAM_PAGE * FVP_GRANULE, FVP_GRANULE,
		       &tok, &ntok) != 0) {
		s->st->bad++;
		return;
	}
	if ((reply = malloc(FVP_PUB_SIZE + ntok)) != NULL) {
		memcpy(reply, pub, FVP_PUB_SIZE);
		memcpy(reply + FVP_PUB_SIZE, tok, ntok);
		send_frame(s, 1, reply, FVP_PUB_SIZE + ntok);
	}
	free(reply);
	free(tok);
}

/* The tenant's input: opened, then passed on like any message. */
static void input(struct fvp_stage *s, const uint8_t *p, size_t n)
{
	uint8_t *plain = malloc(n ? n : 1);
	struct fvp_msg m;
	size_t len;
	int k = fvp_plan_ep(s->t->plan, s->v->index);

	if (plain == NULL || k < 0 ||
	    fvp_open(s->session, p, n, plain, &len) != 0) {
		s->st->bad++;
		free(plain);
		return;
	}
	memset(&m, 0, sizeof m);
	m.len = len;
	mbedtls_sha256_ret(plain, len, m.origin, 0);
	memcpy(m.sum, m.origin, 32);   /* the payload is the input */
	memcpy(s->t->origin[k], m.origin, 32);
	s->st->msgs_in++;
	s->st->bytes_in += len;
	fvp_stage_got(s, m.origin);
	s->have_input = 1;
	/* Passing on adds this realm to the trace. */
	fvp_stage_pass(s, NULL, &m, plain);
	if (s->role->echo) {
		struct fvp_msg e = m;
		uint8_t *f;
		size_t fn;

		fvp_msg_hop(&e, s->self);
		if ((f = fvp_frame(&e, plain, &fn)) != NULL)
			fvp_endpoint_result(s, f, fn);
		free(f);
	}
	free(plain);
}

void fvp_endpoint_frame(struct fvp_stage *s, const uint8_t *f, size_t n)
{
	struct fvp_msg m;
	const uint8_t *p;

	if (fvp_frame_open(f, n, &m, &p) != 0) {
		s->st->bad++;
		return;
	}
	if (m.seq == 1 && s->key == NULL)
		handshake(s, p, m.len);
	else if (m.seq == 2 && s->key != NULL && !s->have_input)
		input(s, p, m.len);
}

void fvp_endpoint_result(struct fvp_stage *s, const uint8_t *f, size_t n)
{
	uint8_t *grown;

	if (s->replied)
		return;   /* too late: the results have gone */
	if (s->nresult + n > FVP_FRAME_MAX - FVP_MSG_HDR - FVP_SEAL_OVERHEAD ||
	    (grown = realloc(s->result, s->nresult + n)) == NULL) {
		s->st->bad++;
		return;
	}
	s->result = grown;
	memcpy(s->result + s->nresult, f, n);
	s->nresult += n;
}

void fvp_endpoint_step(struct fvp_stage *s)
{
	uint8_t *sealed;
	size_t n = s->nresult;
	int plain = s->t->fault == FVP_FAULT_PLAINTEXT &&
		    s->t->fault_realm == s->v->index;

	if (!s->have_input || s->replied)
		return;
	for (size_t k = 0; k < s->nrx; k++)
		if (s->rx[k].got < s->rx[k].expect)
			return;
	s->replied = 1;
	if ((sealed = malloc(n + FVP_SEAL_OVERHEAD)) == NULL)
		return;
	/* The plaintext fault: a faulty program that forgets to seal. */
	if (plain)
		memcpy(sealed, s->result, n);
	else if (fvp_seal(s->session, 2, s->result, n, sealed) != 0) {
		free(sealed);
		return;
	}
	send_frame(s, 2, sealed, plain ? n : n + FVP_SEAL_OVERHEAD);
	s->st->msgs_out++;
	s->st->bytes_out += n;
	free(sealed);
}

void fvp_endpoint_free(struct fvp_stage *s)
{
	fvp_ecdh_free(s->key);
	s->key = NULL;
	memset(s->session, 0, sizeof s->session);
	free(s->result);
	s->result = NULL;
}
