/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rmm_test.h -- the reference RMM module's internal entry points that its
 * tests, benchmarks and fuzzers call directly (man/mica-rmm.7): the group of a Realm, the Realm of an RD, and the REC exit
 * hook with the exit record it filters. Not for firmware, which calls
 * only the entry points of mica/rmm.h; the module's own files see these
 * declarations through this header too, so there is one of each.
 */
#ifndef MICA_RMM_TEST_H
#define MICA_RMM_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mica/rmm.h"

/* The Realm whose RD is at rd, or NULL. */
struct mica_rmm_realm *mica_rmm_realm_from_rd(const struct mica_rmm *ctx,
					      unsigned long rd);

/* The Realms connected to realm_slot through the region instances they
 * map (windows with pages mapped), transitively, the requester included, in ascending slot order: fills
 * slots[0..max) and returns how many there are (may exceed max). */
unsigned mica_rmm_policy_group(const struct mica_rmm *ctx, unsigned realm_slot,
			   unsigned *slots, unsigned max);

/* ---- REC exits ---- */
/* A REC exit on its way to the host: what the exit record will say, and
 * what the REC must complete on the next REC_ENTER. */
struct mica_rmm_exit {
	uint64_t esr, far, hpfar;
	uint64_t gprs[31];
	uint64_t ripas_base, ripas_top;
	uint64_t ipa;          /* DATA_ABORT / MMIO: the faulting IPA */
	uint32_t reason;       /* MICA_RMI_EXIT_* */
	uint32_t imm;          /* HOST_CALL */
	uint8_t ripas_value;
	uint8_t ripas_flags;
	uint8_t mmio_size;     /* MMIO: log2 of the access size */
	uint8_t pending;       /* MICA_PEND_* the REC takes on */
	uint8_t reserved[4];
};

/* Every REC exit, in rec_exit_to_host() before anything is recorded.
 * ex says what leaves: reason HOST_CALL (imm, gprs), PSCI (gprs[0] = FID,
 * gprs[1..3]), SYNC with pending MMIO_READ/MMIO_WRITE (emulatable MMIO at
 * ex->ipa; a store's value in gprs[0]) or ABORT, RIPAS_CHANGE, SYNC with
 * EC WFx, IRQ. Returns true to let the exit reach the host, or false to
 * keep the Realm running with *deny (zeroed on entry) as its resumption,
 * e.g. RETURN with x[0] = RSI_ERROR_INPUT for a refused host call or
 * PSCI_DENIED for PSCI; SEA for refused MMIO (also the default when the
 * hook leaves deny->kind 0). Must change nothing when it refuses. When
 * it lets the exit through it may narrow *ex (clear what the host must
 * not learn, e.g. the WFI/WFE bit of a strict Realm's WFx exit). */
bool mica_rmm_hook_rec_exit(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			struct mica_rmm_rec *rec, struct mica_rmm_exit *ex,
			struct mica_rmm_resume *deny);

#endif
