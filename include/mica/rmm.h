/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rmm.h -- Mica's reference RMM module: the trusted part a firmware team
 * drops into its Realm Management Monitor (man/mica-rmm.7).
 *
 * The module speaks the RMI (host -> RMM) and RSI (Realm -> RMM) ABIs of
 * the Arm RMM specification 1.0 with their real function IDs, keeps the
 * granule, Realm, REC and stage-2 state of the CCA model, and measures
 * Realms (RIM, REM0..3). It is freestanding C in the discipline of TF-RMM:
 *
 *  - no heap, no stdio, no libc beyond mem* and str*;
 *  - fixed-size tables sized by the compile-time constants below;
 *  - ONE context struct (struct mica_rmm) holds every piece of mutable
 *    state: there is no other mutable global anywhere in the module;
 *  - explicit state machines (granules, Realms, RECs, RTT entries);
 *  - every input is validated at the boundary, before anything changes,
 *    so a refused call leaves the context and memory byte-identical;
 *  - granules are looked up with the find-in-expected-state idiom;
 *  - single-threaded, so there are no locks.
 *
 * Hashes come from mbedTLS 2.28 through mica_bind_hash() (mica/wire/bind.h).
 * Heap: the module allocates nothing. Debian's mbedTLS 2.28 is built
 * without MBEDTLS_PLATFORM_MEMORY / MBEDTLS_MEMORY_BUFFER_ALLOC_C, so its
 * ECDSA (attestation, src/rmm/attest_token.c) allocates bignums with calloc
 * internally; a firmware build configures mbedTLS with the static buffer
 * allocator (mbedtls_memory_buffer_alloc_init), as TF-RMM does.
 *
 * MODELLING CHOICES (there is no real CPU, MMU or GPT here)
 *
 *  - Physical memory is a byte array owned by the platform (a harness):
 *    struct mica_rmm_platform gives its base PA, its size in granules and
 *    a pointer to it. The RMM reads and writes granule contents through
 *    that pointer: RmiRealmParams, RmiRecParams and RmiRecRun in NS
 *    granules, DATA contents, and the RTTs themselves.
 *  - Granule Protection: GRANULE_DELEGATE / UNDELEGATE call the
 *    platform's gpt_transition() (what would be an SMC to EL3). The
 *    platform checks the GPT on every access it simulates.
 *  - Stage 2: RTTs are real tables held in the RTT granules the host
 *    donates (512 64-bit entries each, encoding below), walked from the
 *    Realm's root exactly as TF-RMM walks them. A lookup costs one walk
 *    (at most 4 levels) whatever the number of Realms, and the map has no
 *    size limit other than the RTTs the host donates. Mappings are made
 *    at level 3 (4 KiB pages) only; block mappings are not modelled.
 *    The platform translates every Realm access with
 *    mica_rmm_s2_translate().
 *  - Running a Realm: the platform supplies run_realm(), which executes
 *    the Realm (a scripted program) until it traps to the RMM: an SMC, a
 *    stage-2 data abort, WFI/WFE, or an interrupt (end of time slice).
 *    REC_ENTER calls run_realm() in a loop: RSI calls and the PSCI calls
 *    the RMM answers itself are handled and the Realm resumes; host
 *    calls, RIPAS changes, emulatable MMIO, the other PSCI calls, WFx and
 *    interrupts leave through ONE exit path (rec.c: rec_exit_to_host)
 *    which writes RmiRecRun.exit and returns to the host. A platform may
 *    also call mica_rmm_rsi() inline from run_realm() for RSI calls that
 *    do not exit.
 *  - PSCI: VERSION and FEATURES are answered by the RMM; SYSTEM_OFF and
 *    SYSTEM_RESET move the Realm to SYSTEM_OFF; CPU_OFF makes the REC not
 *    runnable; CPU_ON, AFFINITY_INFO and CPU_SUSPEND exit to the host,
 *    which returns the result in RmiRecEntry.gprs[0] (RMI_PSCI_COMPLETE
 *    is not modelled, so secondary RECs are created runnable).
 *  - WFI/WFE always exit (the TRAP_WFI/WFE entry flags are accepted and
 *    have no further effect). There are no GIC, timers, PMU, SVE or
 *    debug registers: those RmiRecRun fields are written as zero.
 *  - Accesses the Realm cannot make: a protected IPA whose RIPAS is EMPTY
 *    or DESTROYED gets a synchronous external abort (SEA) injected; an
 *    unassigned protected IPA with RIPAS RAM exits to the host (a data
 *    abort it may resolve with DATA_CREATE_UNKNOWN); an unprotected IPA
 *    with no (or a too narrow) mapping is an emulatable MMIO exit.
 */
#ifndef MICA_RMM_H
#define MICA_RMM_H

/* What a host or Realm sees, what the module needs from the platform,
 * and the context: one header each. */
#include "mica/rmm_abi.h"
#include "mica/rmm_context.h"
#include "mica/rmm_platform.h"

/* ---- entry points --------------------------------------------------- */

/* Zeroes *ctx and takes the platform (kept by pointer; it must outlive
 * ctx). Every granule starts NS. Returns 0, or -1 when plat is unusable
 * (NULL memory or callback, bad base, 0 or too many granules). */
int mica_rmm_init(struct mica_rmm *ctx, const struct mica_rmm_platform *plat);

/* One RMI call, SMC-like: args[0] = x0 = FID, args[1..6] = x1..x6; fills
 * ret[0..4] = x0..x4 and returns x0. An unknown FID returns
 * MICA_SMC_UNKNOWN and changes nothing. */
unsigned long mica_rmm_rmi(struct mica_rmm *ctx,
			   const unsigned long args[MICA_RMM_RMI_NARGS],
			   unsigned long ret[MICA_RMM_RMI_NRET]);

/* One RSI call made inline by the REC `rec` (PA) while it runs (from
 * run_realm): args[0] = FID; fills ret[0..17] and returns x0. Returns
 * MICA_SMC_UNKNOWN for an unknown FID or when `rec` is not the running
 * REC, and MICA_RMM_RSI_TRAP for calls that must exit (see above). */
unsigned long mica_rmm_rsi(struct mica_rmm *ctx, unsigned long rec,
			   const unsigned long args[MICA_RMM_SMC_REGS],
			   unsigned long ret[MICA_RMM_SMC_REGS]);

/* The physical address space a stage-2 mapping targets: the platform's
 * granule protection check compares it with the GPT. */
#define MICA_RMM_PAS_NS    0u   /* RTT_MAP_UNPROTECTED mappings */
#define MICA_RMM_PAS_REALM 1u   /* DATA and shared granules */

/* Stage-2 translation for the platform: may the Realm whose RD is `rd`
 * access `ipa` (access: MICA_S2_AP_R and/or MICA_S2_AP_W)? Returns 0 with
 * *pa set (page PA + offset) and, when pas is not NULL, *pas set to the
 * mapping's MICA_RMM_PAS_*; or -1: the platform then reports a
 * MICA_RMM_TRAP_DATA_ABORT. The PAS comes from the mapping, never from
 * the IPA: which half an IPA is in depends on the Realm's IPA width. */
int mica_rmm_s2_translate(const struct mica_rmm *ctx, unsigned long rd,
			  unsigned long ipa, unsigned access,
			  unsigned long *pa, unsigned *pas);


#endif
