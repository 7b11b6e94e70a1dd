/*
 * channel.c -- messages in shared memory (fvp.h, "channel.c").
 *
 * A region carries one message at a time at the start of the writer's
 * window: a 256-byte header, then the payload. The writer stores the
 * payload first and the header last, and bumps the sequence number, so a
 * reader that sees a new sequence number sees the whole message. The
 * header carries a SHA-256 of the payload, checked by every reader (the
 * per-hop checksum), the digest of the tenant's original input, carried
 * unchanged through the pipeline, and the trace of stages it went
 * through.
 */
#include <stdlib.h>
#include <string.h>

#include <mbedtls/sha256.h>

#include "fvp.h"

void fvp_msg_encode_header(const struct fvp_msg *m, uint8_t h[FVP_MSG_HDR])
{
	memset(h, 0, FVP_MSG_HDR);
	memcpy(h, FVP_MSG_MAGIC, 8);
	fvp_put64(h + 8, m->seq);
	fvp_put64(h + 16, m->len);
	mbedtls_sha256_ret(m->payload, m->len, h + 24, 0);
	memcpy(h + 56, m->origin, 32);
	h[88] = (uint8_t)m->nhops;
	for (unsigned k = 0; k < m->nhops && k < FVP_MSG_HOPS; k++)
		memcpy(h + 96 + 16 * k, m->hop[k], 16);
}

int fvp_msg_decode_header(const uint8_t h[FVP_MSG_HDR], struct fvp_msg *m,
			  uint8_t digest[32])
{
	if (memcmp(h, FVP_MSG_MAGIC, 8) != 0 || h[88] > FVP_MSG_HOPS)
		return -1;
	m->seq = fvp_get64(h + 8);
	m->len = fvp_get64(h + 16);
	memcpy(digest, h + 24, 32);
	memcpy(m->origin, h + 56, 32);
	m->nhops = h[88];
	memset(m->hop, 0, sizeof m->hop);
	for (unsigned k = 0; k < m->nhops; k++) {
		memcpy(m->hop[k], h + 96 + 16 * k, 15);
		m->hop[k][15] = 0;
	}
	return 0;
}

int fvp_msg_read(struct fvp_vcpu *v, uint64_t ipa, uint64_t cap,
		 uint64_t after, struct fvp_msg *m)
{
	uint8_t h[FVP_MSG_HDR], want[32], got[32];

	if (fvp_load(v, ipa, h, sizeof h) != 0)
		return -1;
	if (memcmp(h, FVP_MSG_MAGIC, 8) != 0)
		return 0;   /* nothing written yet */
	if (fvp_msg_decode_header(h, m, want) != 0 ||
	    m->len > cap - FVP_MSG_HDR || m->len > FVP_MSG_MAX)
		return -1;
	if (m->seq <= after)
		return 0;
	if (fvp_load(v, ipa + FVP_MSG_HDR, m->payload, m->len) != 0)
		return -1;
	mbedtls_sha256_ret(m->payload, m->len, got, 0);
	return memcmp(want, got, 32) == 0 ? 1 : -1;
}

int fvp_msg_write(struct fvp_vcpu *v, uint64_t ipa, uint64_t cap,
		  const struct fvp_msg *m)
{
	uint8_t h[FVP_MSG_HDR];

	if (m->len > cap - FVP_MSG_HDR)
		return -1;
	fvp_msg_encode_header(m, h);
	if (fvp_store(v, ipa + FVP_MSG_HDR, m->payload, m->len) != 0)
		return -1;
	return fvp_store(v, ipa, h, sizeof h);
}

void fvp_msg_hop(struct fvp_msg *m, const char *stage)
{
	if (m->nhops < FVP_MSG_HOPS) {
		memset(m->hop[m->nhops], 0, 16);
		strncpy(m->hop[m->nhops], stage, 15);
		m->nhops++;
	}
}
