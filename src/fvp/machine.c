/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * machine.c -- the platform: physical memory, the granule protection
 * table, and the host's way into the RMM (platform.h).
 *
 * The GPT has one entry per granule: the Normal (NS) or the Realm
 * physical address space. Only the RMM moves a granule between them,
 * through the gpt_transition callback that stands for its SMC to EL3.
 * Every host load and store is checked against it here, and every Realm
 * access in vcpu.c, so a granule the RMM has delegated is out of the
 * host's reach whatever the host does.
 */
#define _GNU_SOURCE 1   /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>

#include "platform.h"

static int gpt_transition(void *pc, unsigned long pa, int to_realm)
{
	struct fvp_machine *m = pc;
	unsigned long g;

	if (pa < FVP_BASE_PA || (pa & (FVP_GRANULE - 1)) != 0)
		return -1;
	g = (pa - FVP_BASE_PA) / FVP_GRANULE;
	if (g >= m->plat.ngranules || m->gpt[g] == (uint8_t)to_realm)
		return -1;
	m->gpt[g] = (uint8_t)to_realm;
	return 0;
}

int fvp_machine_init(struct fvp_machine *m)
{
	return fvp_machine_init_size(m, FVP_NGRANULES);
}

/* The RMM's entropy hook (it blinds attestation signatures): the host's
 * random source. */
static int entropy(void *ctx, uint8_t *out, size_t n)
{
	(void)ctx;
	while (n > 0) {
		ssize_t k = getrandom(out, n, 0);

		if (k <= 0)
			return -1;
		out += k;
		n -= (size_t)k;
	}
	return 0;
}

int fvp_machine_init_size(struct fvp_machine *m, uint64_t ngranules)
{
	memset(m, 0, sizeof *m);
	if (ngranules == 0 || ngranules > FVP_NGRANULES)
		return -1;
	m->rmm = calloc(1, sizeof *m->rmm);
	m->mem = calloc(ngranules, FVP_GRANULE);
	m->gpt = calloc(ngranules, 1);
	if (m->rmm == NULL || m->mem == NULL || m->gpt == NULL) {
		fvp_machine_free(m);
		return -1;
	}
	m->plat.base_pa = FVP_BASE_PA;
	m->plat.ngranules = ngranules;
	m->plat.mem = m->mem;
	m->plat.plat_ctx = m;
	m->plat.gpt_transition = gpt_transition;
	m->plat.run_realm = fvp_run_realm;
	fvp_platform_keys(&m->keys);
	m->plat.attest = &m->keys;
	m->plat.entropy = entropy;
	if (mica_rmm_init(m->rmm, &m->plat) != 0) {
		fvp_machine_free(m);
		return -1;
	}
	return 0;
}

void fvp_machine_free(struct fvp_machine *m)
{
	fvp_vcpu_stop_all(m);
	free(m->vcpu);
	free(m->rmm);
	free(m->mem);
	free(m->gpt);
	memset(m, 0, sizeof *m);
}
/* RMI function IDs: 0xC4000150..0xC400016F (base and Mica additions). */
static int is_rmi(unsigned long fid)
{
	return fid >= MICA_RMI_VERSION && fid <= 0xC400016Ful;
}

unsigned long fvp_smc(struct fvp_machine *m, const unsigned long x[7],
		      unsigned long ret[5])
{
	unsigned long r;

	memset(ret, 0, 5 * sizeof *ret);
	m->smc_calls++;
	if (!is_rmi(x[0]))
		r = ret[0] = MICA_SMC_UNKNOWN;
	else
		r = mica_rmm_rmi(m->rmm, x, ret);
	if (m->trace)
		fprintf(m->trace, "smc %#lx %#lx %#lx %#lx -> %lu/%lu\n",
			x[0], x[1], x[2], x[3], MICA_RMI_STATUS(r),
			MICA_RMI_INDEX(r));
	return r;
}

/* The byte offset of [pa, pa + n) in memory if the host may touch all of
 * it, else -1. */
static long host_span(struct fvp_machine *m, uint64_t pa, size_t n)
{
	uint64_t end = pa + n, g;

	if (pa < FVP_BASE_PA || end < pa ||
	    end > FVP_BASE_PA + m->plat.ngranules * FVP_GRANULE)
		return -1;
	for (g = (pa - FVP_BASE_PA) / FVP_GRANULE;
	     g * FVP_GRANULE + FVP_BASE_PA < end; g++)
		if (m->gpt[g] != 0) {
			m->gpf++;
			return -1;
		}
	return (long)(pa - FVP_BASE_PA);
}

int fvp_host_read(struct fvp_machine *m, uint64_t pa, void *buf, size_t n)
{
	long off = host_span(m, pa, n);

	if (off < 0)
		return -1;
	memcpy(buf, m->mem + off, n);
	return 0;
}

int fvp_host_write(struct fvp_machine *m, uint64_t pa, const void *buf,
		   size_t n)
{
	long off = host_span(m, pa, n);

	if (off < 0)
		return -1;
	memcpy(m->mem + off, buf, n);
	return 0;
}

int fvp_ns_contains(const struct fvp_machine *m, const void *needle,
		    size_t n)
{
	/* A copy may straddle two NS granules: search runs of them. */
	uint64_t g = 0, start, top = m->high;

	while (g < top) {
		while (g < top && m->gpt[g] != 0)
			g++;
		start = g;
		while (g < top && m->gpt[g] == 0)
			g++;
		if (g > start &&
		    memmem(m->mem + start * FVP_GRANULE,
			   (g - start) * FVP_GRANULE, needle, n) != NULL)
			return 1;
	}
	return 0;
}

/* ---- the platform's attestation identity ----------------------------------
 * MODEL KEYS, PUBLIC ON PURPOSE: the P-384 scalars are SHA-384 of fixed
 * strings, so that every run signs the same tokens. A real platform
 * derives them in its boot chain and never lets them out. */
static void sha384_of(const char *s, uint8_t out[48])
{
	uint8_t d[64];   /* the SHA-512 API's output type; 48 bytes used */

	mbedtls_sha512_ret((const uint8_t *)s, strlen(s), d, 1);
	memcpy(out, d, 48);
}

static void sha256_of(const char *s, uint8_t out[32])
{
	mbedtls_sha256_ret((const uint8_t *)s, strlen(s), out, 0);
}

void fvp_platform_keys(struct mica_rmm_attest_platform *k)
{
	memset(k, 0, sizeof *k);
	sha384_of("mica-fvp platform key (CPAK), public on purpose",
		  k->platform_key);
	sha384_of("mica-fvp realm attestation key (RAK), public on purpose",
		  k->rak);
	k->instance_id[0] = 0x01;
	sha256_of("mica-fvp instance", k->instance_id + 1);
	sha256_of("mica-fvp implementation", k->implementation_id);
	sha256_of("mica-fvp reference RMM image", k->rmm_measurement);
	sha256_of("mica-fvp RMM signer", k->rmm_signer_id);
	k->lifecycle = 0x3000;   /* secured */
}

int fvp_platform_pem(const struct mica_rmm_attest_platform *k,
		     unsigned char *pem, size_t cap)
{
	mbedtls_pk_context pk;
	mbedtls_ecp_keypair *kp;
	int rc;

	mbedtls_pk_init(&pk);
	rc = mbedtls_pk_setup(&pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));
	if (rc == 0) {
		kp = mbedtls_pk_ec(pk);
		rc = mbedtls_ecp_group_load(&kp->grp, MBEDTLS_ECP_DP_SECP384R1) ||
		     mbedtls_mpi_read_binary(&kp->d, k->platform_key, 48) ||
		     mbedtls_ecp_mul(&kp->grp, &kp->Q, &kp->d, &kp->grp.G, NULL,
				     NULL) ||
		     mbedtls_pk_write_pubkey_pem(&pk, pem, cap);
	}
	mbedtls_pk_free(&pk);
	return rc ? -1 : 0;
}
