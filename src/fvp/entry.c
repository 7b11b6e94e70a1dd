/*
 * entry.c -- the entry Realm's program: the one Realm the tenant talks
 * to (the first trusted Realm of the policy, else the first one).
 *
 * Over its unprotected window (the "nic", shared with the host) it runs
 * the tenant's protocol, in four messages: the tenant's hello (a nonce
 * and an ECDH public key) comes in; the Realm's public key and a group
 * attestation token whose challenge is SHA-512(nonce || tenant key ||
 * realm key) go out; the tenant's input, sealed with the session key,
 * comes in; the pipeline's results, sealed, go out. Between the last two
 * it feeds the pipeline: the input goes to every protected region it
 * writes, and it waits for a message in every protected region it reads
 * that the pipeline can reach. The nic window's first half carries what
 * comes in, the second half what goes out.
 */
#include <stdlib.h>
#include <string.h>

#include <mbedtls/sha256.h>

#include "fvp.h"

#define TOKEN_RAM_PAGE 2u

/* Waits for message `seq` from the tenant; 0 or -1. */
static int recv_in(struct fvp_vcpu *v, struct fvp_traffic *t, uint64_t seq,
		   struct fvp_msg *m)
{
	for (;;) {
		if (t->has_nic) {
			int r = fvp_msg_read(v, t->nic.ipa, t->nic.size / 2,
					     seq - 1, m);

			if (r < 0)
				return -1;
			if (r == 1)
				return m->seq == seq ? 0 : -1;
		} else if (t->in.seq == seq && t->in.len <= FVP_MSG_MAX) {
			memcpy(m->payload, t->in.buf, t->in.len);
			m->len = t->in.len;
			m->seq = seq;
			return 0;
		}
		fvp_wfi(v);
	}
}

static int send_out(struct fvp_vcpu *v, struct fvp_traffic *t, uint64_t seq,
		    struct fvp_msg *m)
{
	m->seq = seq;
	if (t->has_nic)
		return fvp_msg_write(v, t->nic.ipa + t->nic.size / 2,
				     t->nic.size / 2, m);
	free(t->out.buf);
	t->out.buf = malloc(m->len ? m->len : 1);
	if (t->out.buf == NULL)
		return -1;
	memcpy(t->out.buf, m->payload, m->len);
	t->out.len = m->len;
	t->out.seq = seq;
	return 0;
}

struct entry {
	struct fvp_vcpu *v;
	struct fvp_traffic *t;
	struct fvp_stats *st;
	struct fvp_window w[FVP_MAX_WINDOWS];
	size_t nw;
	struct fvp_msg *a, *b;      /* scratch messages */
	struct fvp_ecdh *key;
	uint8_t session[FVP_KEY_SIZE];
	uint8_t *result;            /* collected messages, framed */
	size_t nresult;
};

/* Hello in; public key and group token out; session key derived. */
static int handshake(struct entry *e)
{
	uint8_t pub[FVP_PUB_SIZE], challenge[64], seed[128];
	const char *name = e->t->pol->ir->realms[e->v->index].name;
	uint8_t *tok;
	size_t ntok, nseed;

	if (recv_in(e->v, e->t, 1, e->a) != 0 ||
	    e->a->len != 32 + FVP_PUB_SIZE)
		return -1;
	/* The Realm's key: the model's stand-in for its TRNG. */
	nseed = (size_t)snprintf((char *)seed, sizeof seed,
				 "mica-fvp realm key %s", name);
	e->key = fvp_ecdh_new(seed, nseed, pub);
	if (e->key == NULL)
		return -1;
	fvp_challenge(e->a->payload, e->a->payload + 32, pub, challenge);
	if (fvp_ecdh_session(e->key, e->a->payload + 32, e->a->payload, 32,
			     e->session) != 0)
		return -1;
	if (fvp_attest(e->v, 1, challenge,
		       e->v->x[0] + TOKEN_RAM_PAGE * FVP_GRANULE, FVP_GRANULE,
		       &tok, &ntok) != 0)
		return -1;
	if (ntok + FVP_PUB_SIZE > FVP_MSG_MAX) {
		free(tok);
		return -1;
	}
	memcpy(e->b->payload, pub, FVP_PUB_SIZE);
	memcpy(e->b->payload + FVP_PUB_SIZE, tok, ntok);
	e->b->len = FVP_PUB_SIZE + ntok;
	e->b->nhops = 0;
	free(tok);
	return send_out(e->v, e->t, 1, e->b);
}

/* Input in, opened, fed to every protected region the entry writes. */
static int feed(struct entry *e)
{
	size_t n;
	const char *self = e->t->pol->ir->realms[e->v->index].name;

	if (recv_in(e->v, e->t, 2, e->a) != 0 ||
	    fvp_open(e->session, e->a->payload, e->a->len, e->b->payload,
		     &n) != 0)
		return -1;
	e->b->len = n;
	e->b->nhops = 0;
	memset(e->b->hop, 0, sizeof e->b->hop);
	mbedtls_sha256_ret(e->b->payload, n, e->b->origin, 0);
	fvp_msg_hop(e->b, self);
	e->st->msgs_in++;
	e->st->bytes_in += n;
	for (size_t k = 0; k < e->nw; k++) {
		if (!e->w[k].protected_ || !(e->w[k].rights & MICA_W))
			continue;
		e->b->seq = 1;
		if (n + FVP_MSG_HDR > e->w[k].size ||
		    fvp_msg_write(e->v, e->w[k].ipa, e->w[k].size, e->b) != 0) {
			e->st->bad++;
			continue;
		}
		e->st->msgs_out++;
		e->st->bytes_out += n;
	}
	return 0;
}

/* Waits for one message in each readable protected window the pipeline
 * reaches, framing each (header, payload) into e->result. */
static int collect(struct entry *e)
{
	uint8_t got[FVP_MAX_WINDOWS] = { 0 };
	size_t want = 0, have = 0;

	for (size_t k = 0; k < e->nw; k++)
		if (e->w[k].protected_ && (e->w[k].rights & MICA_R) &&
		    e->t->reach[e->w[k].region])
			want++;
	e->result = malloc(want * (FVP_MSG_HDR + FVP_MSG_MAX) + 1);
	if (e->result == NULL)
		return -1;
	while (have < want) {
		int progressed = 0;

		for (size_t k = 0; k < e->nw; k++) {
			int r;

			if (got[k] || !e->w[k].protected_ ||
			    !(e->w[k].rights & MICA_R) ||
			    !e->t->reach[e->w[k].region])
				continue;
			r = fvp_msg_read(e->v, e->w[k].ipa, e->w[k].size, 0, e->a);
			if (r < 0)
				e->st->bad++;
			if (r != 1)
				continue;
			got[k] = 1;
			have++;
			progressed = 1;
			e->st->msgs_in++;
			e->st->bytes_in += e->a->len;
			fvp_msg_encode_header(e->a, e->result + e->nresult);
			memcpy(e->result + e->nresult + FVP_MSG_HDR, e->a->payload,
			       e->a->len);
			e->nresult += FVP_MSG_HDR + e->a->len;
		}
		if (!progressed)
			fvp_wfi(e->v);
	}
	return 0;
}

/* The results, sealed, out to the tenant. */
static int reply(struct entry *e)
{
	if (e->nresult + FVP_SEAL_OVERHEAD > FVP_MSG_MAX ||
	    fvp_seal(e->session, 2, e->result, e->nresult, e->b->payload) != 0)
		return -1;
	e->b->len = e->nresult + FVP_SEAL_OVERHEAD;
	e->b->nhops = 0;
	memset(e->b->origin, 0, sizeof e->b->origin);
	e->st->msgs_out++;
	e->st->bytes_out += e->nresult;
	return send_out(e->v, e->t, 2, e->b);
}

void fvp_program_entry(struct fvp_vcpu *v)
{
	struct entry e;

	memset(&e, 0, sizeof e);
	e.v = v;
	e.t = v->arg;
	if (e.t == NULL)
		return;
	e.st = &e.t->stats[v->index];
	e.nw = fvp_windows(e.t->pol->ir, v->index, e.w, FVP_MAX_WINDOWS);
	/* Freed by fvp_vcpu_stop_all: the thread may end while waiting. */
	e.a = v->heap[0] = malloc(sizeof *e.a);
	e.b = v->heap[1] = malloc(sizeof *e.b);
	/* A failure shows as no reply: the tenant reports it. */
	if (e.a && e.b && handshake(&e) == 0 && feed(&e) == 0)
		(void)(collect(&e) == 0 && reply(&e) == 0);
	fvp_ecdh_free(e.key);
	memset(e.session, 0, sizeof e.session);
	free(e.result);
}
