/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * host.h -- the untrusted host, a hypervisor model (host.c): compiles a
 * policy, allocates and delegates granules, creates, binds, activates,
 * maps, enters and destroys Realms, one RMI call at a time, and answers
 * Realm exits; measure.c measures a policy's images on a host of their own.
 *
 * Model shortcuts (each documented in mica-fvp(1)): a Realm's private
 * working data lives in its program's C variables rather than in its RAM
 * granules; --adopt-measurements writes the declared image measurement
 * into the RMM's RIM before binding (fvp_host_adopt).
 */
#ifndef MICA_FVP_HOST_H
#define MICA_FVP_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "mica/ir.h"
#include "platform.h"
#include "policy.h"
#include "realm.h"

/* What `run` shares with its Realm programs (vcpu->arg; stage.h). */
struct fvp_traffic;

struct fvp_rtt {
	uint64_t ipa;
	unsigned level;
	unsigned long pa;
};

struct fvp_host_realm {
	uint64_t image_ipa;
	unsigned s2sz;            /* IPA width it was created with */
	unsigned long rd, rec, run, data[1 + FVP_RAM_PAGES];
	struct fvp_rtt *rtt;      /* RTTs created, root first */
	size_t nrtt, caprtt;
	struct fvp_vcpu *vcpu;
	uint64_t entry_flags, entry_x0;   /* for the next REC_ENTER */
	int created, bound, active, destroyed;
};

/* One region's pages: the granule the host gave each page (0: none). */
struct fvp_host_region {
	unsigned long *pa;
	uint64_t granules;
};

struct fvp_host {
	struct fvp_machine m;
	const struct fvp_policy *pol;
	struct fvp_host_realm *realm;    /* per realm of the policy */
	struct fvp_host_region *region;  /* per region */
	unsigned long next_granule;      /* bump allocator over memory */
	unsigned long ns_scratch;        /* NS page for params and blobs */
	struct fvp_traffic *traffic;     /* given to each vCPU (run), or NULL */
};

int fvp_host_init(struct fvp_host *h, const struct fvp_policy *pol);
/* The same on a machine of ngranules (fvp_machine_init_size). */
int fvp_host_init_size(struct fvp_host *h, const struct fvp_policy *pol,
		       uint64_t ngranules);
void fvp_host_free(struct fvp_host *h);
/* A fresh granule: NS, zeroed (its PA), or 0 when memory is exhausted. */
unsigned long fvp_host_granule(struct fvp_host *h);

/* How create builds a Realm: from image (NULL: its own), with the
 * protected windows of realm layout_realm of layout (NULL: its own) in
 * RIPAS RAM, with an IPA width of s2sz bits (0: FVP_S2SZ). */
struct fvp_create {
	const uint8_t *image;
	const mica_ir *layout;
	uint32_t layout_realm;
	unsigned s2sz;
};

/* The deployment steps; each returns the RMI status of the first call
 * that failed (0 on success). create builds realm i with its REC and
 * vCPU: REALM_CREATE, the image measured (DATA_CREATE) with 24 RAM pages
 * after it, and RTT_INIT_RIPAS of every protected window, so that its
 * shared pages are RAM before activation (SHARE_MAP never changes RIPAS);
 * fvp_host_create is fvp_host_create_with with every default. */
unsigned long fvp_host_create(struct fvp_host *h, uint32_t i,
			      const uint8_t *image);
unsigned long fvp_host_create_with(struct fvp_host *h, uint32_t i,
				   const struct fvp_create *c);
unsigned long fvp_host_bind(struct fvp_host *h, uint32_t i,
			    const uint8_t *blob, size_t len);
unsigned long fvp_host_activate(struct fvp_host *h, uint32_t i);
/* Model shortcut (--adopt-measurements): the declared measurement
 * becomes realm i's RIM while it is NEW. */
void fvp_host_adopt(struct fvp_host *h, uint32_t i);
/* SHARE_MAP of granule pa at ipa of realm i (RTTs created as needed). */
unsigned long fvp_host_share(struct fvp_host *h, uint32_t i,
			     unsigned long pa, uint64_t ipa);
unsigned long fvp_host_unshare(struct fvp_host *h, uint32_t i, uint64_t ipa);
/* RTT_MAP_UNPROTECTED of NS granule pa at ipa with S2AP rights (1 r,
 * 2 w, 3 rw). */
unsigned long fvp_host_map_ns(struct fvp_host *h, uint32_t i,
			      unsigned long pa, uint64_t ipa, unsigned rights);
/* The granule of page k of region g (allocated, and delegated when the
 * region is protected, on first use), or 0. */
unsigned long fvp_host_region_page(struct fvp_host *h, uint32_t g,
				   uint64_t k);
/* Maps every page of every window of realm i, as its policy says. */
unsigned long fvp_host_map_all(struct fvp_host *h, uint32_t i);
unsigned long fvp_host_destroy(struct fvp_host *h, uint32_t i);

/* One REC_ENTER of realm i; the exit as the host reads it from
 * RmiRecRun. The next entry answers it: emulatable MMIO is emulated
 * (reads 0), other data aborts get an SEA, host and PSCI calls get 0. */
struct fvp_exit {
	unsigned reason;          /* MICA_RMI_EXIT_* */
	uint64_t esr, far, hpfar, imm, gprs[8];
	uint64_t ripas_base, ripas_top;   /* RIPAS_CHANGE */
};
unsigned long fvp_host_enter(struct fvp_host *h, uint32_t i,
			     struct fvp_exit *ex);

/* Deploys the whole policy: refuses a declared measurement that is not
 * the image's (unless adopt), then creates, binds and activates every
 * realm and maps every window. 0, or 1 with a message on stderr. */
int fvp_host_deploy(struct fvp_host *h, int adopt);

/* "sha256:<hex>" of a digest into buf (>= 8 + 128 + 1 bytes). */
const char *fvp_digest_text(mica_hash_alg alg, const uint8_t *d, char *buf);

/* ---- measure.c --------------------------------------------------------- */

/* Fills img[i].measured for every realm (0, or -1 with a message). */
int fvp_policy_measure(struct fvp_policy *p);

#endif
