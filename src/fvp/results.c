/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * results.c -- the tenant's checks of what an endpoint sends back
 * (tenant.h): the results open with that endpoint's session key; each
 * message's checksum holds; its origin is the digest of the input the
 * tenant sent the endpoint its trace starts at; a generic pipeline
 * passes that input on unchanged, byte for byte; the video example's
 * vetted stream decodes to the frames sent; and there are as many
 * messages as the plan says will reach the endpoint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/sha256.h>

#include "channel.h"
#include "crypto.h"
#include "mica/wire/bytes.h"
#include "plan.h"
#include "stages.h"
#include "tenant.h"

/* The session whose endpoint a trace starts at, or NULL. */
static const struct fvp_session *origin_of(const struct fvp_tenant *t,
					   const struct fvp_msg *m)
{
	for (size_t k = 0; k < t->ns && m->nhops > 0; k++)
		if (strncmp(t->pol->ir->realms[t->s[k].realm].name, m->hop[0],
			    15) == 0)
			return &t->s[k];
	return NULL;
}

static int video_check(struct fvp_tenant *t, const struct fvp_session *o,
		       const uint8_t *p, size_t n, FILE *report)
{
	uint8_t *raw;
	size_t r;
	int same;

	if (n == 0 || n % 2 != 0 || memcmp(p, "verdict", 7) == 0) {
		fprintf(report, "  %.*s\n",
			(int)(n && p[n - 1] == '\n' ? n - 1 : n), p);
		return 1;
	}
	raw = malloc(FVP_MSG_MAX);
	r = raw ? fvp_rle_decode(p, n, raw, FVP_MSG_MAX) : (size_t)-1;
	same = o && r == o->ninput && memcmp(raw, o->input, r) == 0;
	fprintf(report, "  vetted stream decodes to %s\n",
		same ? "the frames sent, byte for byte" : "OTHER DATA");
	t->intact_video = same;
	free(raw);
	return same;
}

/* One message: 1 intact, 0 not. */
static int check_message(struct fvp_tenant *t, const uint8_t *h,
			 const uint8_t *p, size_t n, FILE *report)
{
	const struct fvp_session *o;
	struct fvp_msg m;
	uint8_t got[32];
	char trace[FVP_MSG_HOPS * 20 + 16];
	int sum, origin, ok;

	if (fvp_msg_decode(h, &m) != 0 || m.len != n)
		return 0;
	mbedtls_sha256_ret(p, n, got, 0);
	fvp_msg_trace(&m, trace, sizeof trace);
	o = origin_of(t, &m);
	sum = memcmp(m.sum, got, 32) == 0;
	origin = o && memcmp(m.origin, o->input_digest, 32) == 0;
	fprintf(report, "  result via %s: %zu bytes, checksum %s, input digest %s\n",
		trace, n, sum ? "holds" : "WRONG", origin ? "matches" : "DIFFERS");
	ok = sum && origin;
	if (o && t->plan->role[o->realm].echo &&
	    (n != o->ninput || memcmp(p, o->input, n) != 0)) {
		fprintf(report, "  the payload is NOT the input sent to '%s'\n",
			t->pol->ir->realms[o->realm].name);
		ok = 0;
	}
	if (t->video)
		ok &= video_check(t, o, p, n, report);
	return ok;
}

int fvp_tenant_results(struct fvp_tenant *t, size_t k, const uint8_t *msg,
		       size_t n, FILE *report, char *why, size_t cap)
{
	struct fvp_session *s = &t->s[k];
	const char *name = t->pol->ir->realms[s->realm].name;
	uint8_t *plain = malloc(n + 1);
	uint32_t want = fvp_plan_results(t->plan, s->realm);
	size_t len, off = 0;

	s->results = s->bad = 0;
	if (plain == NULL || fvp_open(s->session, msg, n, plain, &len) != 0) {
		fprintf(report, "  the results from '%s' do not decrypt: not "
			"from the attested realm, or changed on the way\n", name);
		snprintf(why, cap, "the results from '%s' do not decrypt: not "
			 "from the attested realm, or changed on the way", name);
		free(plain);
		return -1;
	}
	while (off + FVP_MSG_HDR <= len) {
		const uint8_t *h = plain + off;
		uint64_t plen = mica_ld64(h + 16);   /* the header's len */

		if (plen > len - off - FVP_MSG_HDR)
			break;
		s->bad += !check_message(t, h, h + FVP_MSG_HDR, plen, report);
		s->results++;
		off += FVP_MSG_HDR + plen;
	}
	free(plain);
	if (off != len)
		snprintf(why, cap, "the results from '%s' end in %zu bytes that "
			 "are not a message", name, len - off);
	else if (s->bad)
		snprintf(why, cap, "%zu of the %zu results from '%s' are not "
			 "intact", s->bad, s->results, name);
	else if (s->results != want)
		snprintf(why, cap, "'%s' sent %zu results back where the policy "
			 "makes %u reach it", name, s->results, want);
	else if (t->video && !t->intact_video)
		snprintf(why, cap, "the vetted stream from '%s' did not come "
			 "back", name);
	else
		return 0;
	return -1;
}
