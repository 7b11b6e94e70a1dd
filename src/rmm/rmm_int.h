/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rmm_int.h -- internals shared by the RMM module's files (not an API).
 *
 * Files: granule.c (init, granule table, memory, DELEGATE/UNDELEGATE),
 * lookup.c (objects by address: Realms, RECs, slots),
 * realm.c (REALM_*), rtt.c (RTT walk, stage-2 map, DATA_*, RIPAS), rec.c
 * (REC_*, REC_ENTER's run loop, exit path, PSCI), measure.c, rmi.c (RMI
 * table), rsi.c (RSI table and handlers), hooks.c (the extension seam),
 * attest.c (RSI_ATTESTATION_TOKEN_*), attest_token.c (token building).
 */
#ifndef MICA_RMM_INT_H
#define MICA_RMM_INT_H

#include <stdbool.h>

#include "mica/rmm.h"
#include "mica/rmm_test.h"
#include "mica/wire/bytes.h"

_Static_assert(MICA_RMM_MAX_REALMS >= 1 && MICA_RMM_MAX_REALMS <= 65535,
	       "Realm slots must fit mica_granule.owner");
_Static_assert(MICA_RMM_MAX_RECS >= 1 && MICA_RMM_MAX_RECS <= 65535,
	       "REC slots must fit mica_granule.owner");
_Static_assert(MICA_RMM_MAX_GRANULES >= 1, "no memory");

#define GRANULE MICA_RMM_GRANULE_SIZE
#define RTT_ENTRIES 512u

/* ---- granules (granule.c) ---- */
/* The granule at pa if pa is granule aligned, managed and in `state`,
 * else NULL: the find-in-expected-state idiom. */
struct mica_granule *mica_rmm_find_granule(const struct mica_rmm *ctx, unsigned long pa,
				  unsigned state);
/* The record of the granule at pa, in any state, or NULL when pa is not
 * a granule the RMM manages (unaligned, or outside its memory). */
struct mica_granule *mica_rmm_granule_at(const struct mica_rmm *ctx,
					 unsigned long pa);
/* Memory at a managed PA (the caller knows pa is managed). */
uint8_t *mica_rmm_pa_mem(const struct mica_rmm *ctx, uint64_t pa);
unsigned long mica_rmm_granule_pa(const struct mica_rmm *ctx,
			 const struct mica_granule *g);
uint8_t *mica_rmm_granule_mem(const struct mica_rmm *ctx, const struct mica_granule *g);
/* Zeroes a granule's contents. */
void mica_rmm_granule_scrub(const struct mica_rmm *ctx, struct mica_granule *g);
/* Contents of an NS granule (a host-supplied page such as RmiRealmParams
 * or RmiRecRun), or NULL when pa is not an NS granule we manage. */
uint8_t *mica_rmm_ns_page(struct mica_rmm *ctx, unsigned long pa);
/* A field of a host-supplied page; every byte outside the fields must be
 * zero (reserved). fields sorted by offset. */
struct page_field {
	uint16_t off, len;
};
bool mica_rmm_page_reserved_zero(const uint8_t *page, const struct page_field *f,
			unsigned n);

/* ---- object lookups (lookup.c) ---- */
/* The REC whose REC granule is at rec, or NULL. */
struct mica_rmm_rec *mica_rmm_rec_from_pa(struct mica_rmm *ctx,
					  unsigned long rec);
/* r's slot in ctx->realm: the owner of its granules. */
uint16_t mica_rmm_realm_slot(const struct mica_rmm *ctx,
			     const struct mica_rmm_realm *r);
size_t mica_rmm_realm_digest_size(const struct mica_rmm_realm *r);
bool mica_rmm_ipa_is_protected(const struct mica_rmm_realm *r,
			       unsigned long ipa);

/* ---- stage 2 (rtt.c) ---- */
struct mica_rmm_rtt_walk {
	uint8_t *table;     /* the RTT holding the entry */
	unsigned index;     /* entry index in it */
	int level;          /* level of that RTT */
	uint64_t entry;     /* the entry's value */
};
/* Walks r's RTTs towards `level` for ipa (< 2^s2sz); stops early at an
 * entry that is not TABLE. */
void mica_rmm_rtt_walk(const struct mica_rmm *ctx, const struct mica_rmm_realm *r,
	      unsigned long ipa, int level, struct mica_rmm_rtt_walk *w);
void mica_rmm_rtt_write(struct mica_rmm_rtt_walk *w, uint64_t entry);
uint64_t mica_rmm_s2te_make(unsigned kind, unsigned ripas, uint64_t oa_attr);
/* log2 of the size an entry at `level` maps (s2tt.c). */
unsigned mica_rmm_lvl_shift(long level);
unsigned mica_rmm_s2te_kind(uint64_t e);
unsigned mica_rmm_s2te_ripas(uint64_t e);
uint64_t mica_rmm_s2te_oa(uint64_t e);
/* Is [base, top) a page-aligned, non-empty protected range of r? */
bool mica_rmm_ripas_range_ok(const struct mica_rmm_realm *r, unsigned long base,
		    unsigned long top);
/* RIPAS at base, and the end (<= top) of the run that shares it. */
unsigned long mica_rmm_ripas_get(const struct mica_rmm *ctx,
			const struct mica_rmm_realm *r, unsigned long base,
			unsigned long top, unsigned *ripas);
/* The 4 KiB page at a protected ipa the Realm may read and write (an
 * ASSIGNED entry with RIPAS RAM), or NULL: RSI uses it for the buffers a
 * Realm passes by IPA. */
uint8_t *mica_rmm_realm_page(struct mica_rmm *ctx, const struct mica_rmm_realm *r,
		    unsigned long ipa);

/* ---- measurements (measure.c); all return 0 or -1 (hash failure) ---- */
int mica_rmm_meas_rim_init(unsigned alg, const uint8_t params[GRANULE],
		  uint8_t *rim);
int mica_rmm_meas_data(unsigned alg, uint8_t *rim, unsigned long ipa,
	      unsigned long flags, const uint8_t *content);
int mica_rmm_meas_rec(unsigned alg, uint8_t *rim, const uint8_t params[GRANULE]);
int mica_rmm_meas_ripas(unsigned alg, uint8_t *rim, unsigned long base,
	       unsigned long top);
int mica_rmm_meas_extend(unsigned alg, uint8_t *rem, const uint8_t *data,
		size_t size);


/* ---- dispatch ---- */
/* RSI handler: x[0] = FID; fills ret[] for the Realm. For a call that
 * leaves the Realm, fills *ex and returns true (ex is never NULL for
 * handlers marked `exits`). */
typedef bool (*rsi_fn)(struct mica_rmm *ctx, struct mica_rmm_realm *r,
		       struct mica_rmm_rec *rec, const unsigned long *x,
		       unsigned long *ret, struct mica_rmm_exit *ex);
struct rsi_cmd {
	unsigned long fid;
	rsi_fn fn;
	unsigned nargs;     /* x1..x<nargs> are passed, the rest read as 0 */
	bool exits;         /* may leave the Realm: never called inline */
};
const struct rsi_cmd *mica_rmm_rsi_lookup(unsigned long fid);

/* RMI handler: a[0..5] = x1..x6 (only nargs of them, the rest 0); fills
 * r[0..3] = x1..x4; returns x0. Must change nothing unless it succeeds. */
typedef unsigned long (*rmi_fn)(struct mica_rmm *ctx, const unsigned long *a,
				unsigned long *r);

unsigned long mica_rmm_rmi_granule_delegate(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_granule_undelegate(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_realm_create(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_realm_activate(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_realm_destroy(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_rec_create(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_rec_destroy(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_rec_enter(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_rtt_create(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_rtt_destroy(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_rtt_map_unprotected(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_rtt_unmap_unprotected(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_rtt_read_entry(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_rtt_init_ripas(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_rtt_set_ripas(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_data_create(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_data_create_unknown(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_data_destroy(struct mica_rmm *, const unsigned long *, unsigned long *);

/* ---- attestation tokens (attest_token.c; handlers in attest.c) ----
 * A writer of deterministic CBOR into a fixed buffer (libcbor's
 * cbor_encode_*): the first failure sets err and later writes do nothing.
 * mica_rmm_aw_key() writes a map key of the claims map being written and
 * counts the pair; mica_rmm_aw_int() writes an integer (a key of an inner
 * map) and counts nothing. */
struct attest_w {
	uint8_t *p;
	size_t cap, len;
	unsigned npairs;
	bool err;
};
void mica_rmm_aw_uint(struct attest_w *w, uint64_t v);
void mica_rmm_aw_key(struct attest_w *w, int64_t key);
void mica_rmm_aw_int(struct attest_w *w, int64_t v);
void mica_rmm_aw_bstr(struct attest_w *w, const uint8_t *p, size_t n);
void mica_rmm_aw_tstr(struct attest_w *w, const char *s);
void mica_rmm_aw_array(struct attest_w *w, size_t n);
void mica_rmm_aw_map(struct attest_w *w, size_t n);
/* Writes a claims map's pairs, keys in ascending encoded order. */
typedef void (*attest_claims_fn)(struct attest_w *w, const void *arg);
/* What a realm token says. `submods` (or NULL) writes the group token's
 * claim 266 (EAT submods, key and value) in its place in key order,
 * after 265; the audit record (count and chain, man/mica-rmm.7, AUDIT)
 * closes every realm token, under the negative keys MICA_CLAIM_AUDIT_*. */
struct attest_realm {
	const uint8_t *challenge;    /* 64 bytes */
	const uint8_t *rpv;          /* 64 bytes */
	const uint8_t (*meas)[MICA_RMM_DIGEST_MAX];  /* RIM, REM0..3 */
	unsigned hash_algo;          /* MICA_RMI_HASH_* */
	uint8_t rak_pub[MICA_ATTEST_POINT_SIZE];     /* filled by the builder */
	attest_claims_fn submods;
	const void *submods_arg;
	uint32_t audit_count;
	const uint8_t *audit_chain;  /* a digest of hash_algo's size */
};
/* The whole CCA token (tag 399) with ctx's platform keys: size, or 0
 * (no room, no attestation or entropy, a library failure). Seeds the
 * DRBG of ctx->work for its signatures and frees it before returning. */
size_t mica_rmm_attest_cca_token(struct mica_rmm *ctx, struct attest_realm *rt,
				 uint8_t *out, size_t cap);
bool mica_rmm_rsi_attest_init(struct mica_rmm *, struct mica_rmm_realm *,
		     struct mica_rmm_rec *, const unsigned long *,
		     unsigned long *, struct mica_rmm_exit *);
bool mica_rmm_rsi_attest_continue(struct mica_rmm *, struct mica_rmm_realm *,
			 struct mica_rmm_rec *, const unsigned long *,
			 unsigned long *, struct mica_rmm_exit *);
/* MICA_RSI_GROUP_TOKEN_INIT / _CONTINUE (attest.c; the group token). */
bool mica_rmm_rsi_group_init(struct mica_rmm *, struct mica_rmm_realm *,
		    struct mica_rmm_rec *, const unsigned long *,
		    unsigned long *, struct mica_rmm_exit *);
bool mica_rmm_rsi_group_continue(struct mica_rmm *, struct mica_rmm_realm *,
			struct mica_rmm_rec *, const unsigned long *,
			unsigned long *, struct mica_rmm_exit *);

/*
 * ---- hooks.c: the seam for the Mica additions ----
 * The base calls these at fixed points; in the base they let everything
 * through (an RMM without a policy is a plain CCA RMM). Each returns an
 * RMI status (or, for the exit filter, a decision) and must change
 * nothing when it refuses.
 */
/* REALM_ACTIVATE, after every base check and before the state change:
 * the place to check the bound blob against the image RIM and extend the
 * RIM with mica_bind_rim(). */
unsigned long mica_rmm_hook_realm_activate(struct mica_rmm *ctx,
				       struct mica_rmm_realm *r);
/* REALM_DESTROY, after the base checks, before anything is freed. */
unsigned long mica_rmm_hook_realm_destroy(struct mica_rmm *ctx,
				      struct mica_rmm_realm *r);
/* RTT_MAP_UNPROTECTED, after the base checks (strict Realms). */
unsigned long mica_rmm_hook_map_unprotected(struct mica_rmm *ctx,
					struct mica_rmm_realm *r,
					unsigned long ipa, unsigned long desc);

/* GROUP_TOKEN_INIT / _CONTINUE (attest.c): the Realms connected to r
 * through the region instances they map (mica_share.c), r included, in
 * ascending slot order; fills
 * slots[0..max) and returns how many there are (may exceed max). */
unsigned mica_rmm_hook_group(const struct mica_rmm *ctx,
			     const struct mica_rmm_realm *r, unsigned *slots,
			     unsigned max);

/* Which arguments of an RMI call name what it concerns, for the audit
 * record (0: none, else n for x<n>): the RD or the REC whose Realm it
 * targets, a granule whose owners it targets, and the argument that
 * identifies the target (an IPA, else a PA). One per line of rmi.c's
 * table. */
struct mica_rmm_rmi_roles {
	uint8_t rd, rec, granule, target;
};
/* An RMI call returned `status`, an error, having changed nothing: the
 * audit record of every Realm it concerns (audit.c). The one exception
 * to "a refusal changes nothing", made after the refusal is decided. */
void mica_rmm_hook_rmi_refused(struct mica_rmm *ctx, unsigned long fid,
			       const struct mica_rmm_rmi_roles *roles,
			       const unsigned long *a, unsigned long status);
/* Inside REC_ENTER, after a trap that did not leave for the host: ex
 * when the exit filter denied that exit, NULL when t, a data abort, is
 * answered with a synchronous external abort; res is how the Realm
 * resumes. Records it in r's audit record (audit.c). */
void mica_rmm_hook_exit_refused(struct mica_rmm *ctx,
				const struct mica_rmm_realm *r,
				const struct mica_rmm_exit *ex,
				const struct mica_rmm_trap *t,
				const struct mica_rmm_resume *res);

/* ---- audit.c: the audit record (man/mica-rmm.7, AUDIT) ---- */
enum {
	MICA_AUDIT_RMI = 1,    /* an RMI call on the Realm or its granules */
	MICA_AUDIT_JOIN = 2,   /* a SHARE_MAP into an instance it maps */
	MICA_AUDIT_EXIT = 3,   /* an exit the exit filter denied */
	MICA_AUDIT_SEA = 4,    /* a data abort answered with an SEA */
};
#define MICA_AUDIT_RECORD_SIZE 24u
/* Appends one record to Realm slot's audit record. */
void mica_rmm_audit_record(struct mica_rmm *ctx, unsigned slot, unsigned kind,
			   uint32_t code, uint64_t status, uint64_t target);
void mica_rmm_audit_rmi(struct mica_rmm *ctx, unsigned long fid,
			const struct mica_rmm_rmi_roles *roles,
			const unsigned long *a, unsigned long status);
void mica_rmm_audit_exit(struct mica_rmm *ctx, const struct mica_rmm_realm *r,
			 const struct mica_rmm_exit *ex,
			 const struct mica_rmm_trap *t,
			 const struct mica_rmm_resume *res);

/* ---- Mica additions (mica_*.c) ---- */
unsigned long mica_rmm_rmi_policy_bind(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_share_map(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long mica_rmm_rmi_share_unmap(struct mica_rmm *, const unsigned long *, unsigned long *);
/* The region of policy p whose window holds ipa, or -1 (exit_rule.c). */
int mica_rmm_policy_region_at(const struct mica_rmm_policy *p, unsigned long ipa);
/* consent.c: the share-consent decision, pure functions. A mapper of a
 * shared granule as the decision sees it. */
struct mica_rmm_mapper {
	const struct mica_rmm_cpol *pol;   /* its policy */
	uint8_t region;               /* the region it maps, in pol */
	uint8_t any;                  /* 1: joined through `any` */
};
enum { MICA_CONSENT_NO = -1, MICA_CONSENT_NAMED = 0, MICA_CONSENT_ANY = 1 };
/* X's role as a new mapper of a granule mapped by m[0..nmap), n the
 * digest size: MICA_CONSENT_NAMED, _ANY or _NO. */
int mica_rmm_consent(const struct mica_rmm_cpol *x, unsigned jx,
		     const struct mica_rmm_mapper *m, unsigned nmap, size_t n);
bool mica_rmm_window_admits(const struct mica_rmm_region *gr,
			    const struct mica_rmm_window *v,
			    const uint8_t inst[MICA_REGION_KEY_SIZE], int role,
			    unsigned others);
/* The `any` entry of region g, or NULL. */
const struct mica_rmm_part *mica_rmm_any_of(const struct mica_rmm_region *g);
/* instidx.c: the region-instance index (ctx->inst). The slot of key
 * (*found) or the empty slot ending its probe; 2 * MICA_RMM_MAX_INST
 * when full. */
uint32_t mica_rmm_inst_find(const struct mica_rmm *ctx,
			    const uint8_t key[MICA_REGION_KEY_SIZE], bool *found);
/* Realms other than me mapping instance inst: with named, as the named
 * subject at part index self; else through `any` (window j of me, which
 * maps no page yet, aside). */
unsigned mica_rmm_inst_others(const struct mica_rmm *ctx, unsigned me,
			      unsigned j, const uint8_t *inst, bool named,
			      unsigned self);
/* Window j of me has just mapped its first page (inst, as_any set) /
 * has just unmapped its last (inst, as_any still set). */
void mica_rmm_inst_join(struct mica_rmm *ctx, unsigned me, unsigned j);
void mica_rmm_inst_leave(struct mica_rmm *ctx, unsigned me, unsigned j);
/* Hooks' halves in the Mica files. */
unsigned long mica_rmm_bind_activate(struct mica_rmm *ctx, struct mica_rmm_realm *r);
/* exit_rule.c: pure functions of a Realm's policy record. */
unsigned long mica_rmm_exit_map_unprotected(const struct mica_rmm_policy *p,
					unsigned long ipa, unsigned long desc);
bool mica_rmm_exit_filter(const struct mica_rmm_policy *p,
		      struct mica_rmm_exit *ex,
		      struct mica_rmm_resume *deny);

#endif
