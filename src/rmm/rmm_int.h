/*
 * rmm_int.h -- internals shared by the RMM module's files (not an API).
 *
 * Files: granule.c (init, granule table, memory, DELEGATE/UNDELEGATE),
 * realm.c (REALM_*), rtt.c (RTT walk, stage-2 map, DATA_*, RIPAS), rec.c
 * (REC_*, REC_ENTER's run loop, exit path, PSCI), measure.c, rmi.c (RMI
 * table), rsi.c (RSI table and handlers), hooks.c (the extension seam),
 * attest.c (RSI_ATTESTATION_TOKEN_*), attest_token.c (token building).
 */
#ifndef MICA_RMM_INT_H
#define MICA_RMM_INT_H

#include <stdbool.h>

#include "mica/rmm.h"

_Static_assert(MICA_RMM_MAX_REALMS >= 1 && MICA_RMM_MAX_REALMS <= 65535,
	       "Realm slots must fit mica_granule.owner");
_Static_assert(MICA_RMM_MAX_RECS >= 1 && MICA_RMM_MAX_RECS <= 65535,
	       "REC slots must fit mica_granule.owner");
_Static_assert(MICA_RMM_MAX_GRANULES >= 1, "no memory");

#define GRANULE MICA_RMM_GRANULE_SIZE
#define RTT_ENTRIES 512u

/* ---- little-endian access to memory (granule.c) ---- */
uint64_t mica_ld64(const uint8_t *p);
void mica_st64(uint8_t *p, uint64_t v);

/* ---- granules (granule.c) ---- */
/* The granule at pa if pa is granule aligned, managed and in `state`,
 * else NULL: the find-in-expected-state idiom. */
struct mica_granule *find_granule(const struct mica_rmm *ctx, unsigned long pa,
				  unsigned state);
/* Memory at a managed PA (the caller knows pa is managed). */
uint8_t *pa_mem(const struct mica_rmm *ctx, uint64_t pa);
unsigned long granule_pa(const struct mica_rmm *ctx,
			 const struct mica_granule *g);
uint8_t *granule_mem(const struct mica_rmm *ctx, const struct mica_granule *g);
/* Zeroes a granule's contents. */
void granule_scrub(const struct mica_rmm *ctx, struct mica_granule *g);
/* Contents of an NS granule (a host-supplied page such as RmiRealmParams
 * or RmiRecRun), or NULL when pa is not an NS granule we manage. */
uint8_t *ns_page(struct mica_rmm *ctx, unsigned long pa);
/* A field of a host-supplied page; every byte outside the fields must be
 * zero (reserved). fields sorted by offset. */
struct page_field {
	uint16_t off, len;
};
bool page_reserved_zero(const uint8_t *page, const struct page_field *f,
			unsigned n);

/* ---- Realms and RECs ---- */
/* The Realm whose RD is at rd, or NULL. */
struct mica_rmm_realm *realm_from_rd(const struct mica_rmm *ctx,
				     unsigned long rd);
struct mica_rmm_rec *rec_from_pa(struct mica_rmm *ctx, unsigned long rec);
size_t realm_digest_size(const struct mica_rmm_realm *r);
bool ipa_is_protected(const struct mica_rmm_realm *r, unsigned long ipa);

/* ---- stage 2 (rtt.c) ---- */
struct rtt_walk {
	uint8_t *table;     /* the RTT holding the entry */
	unsigned index;     /* entry index in it */
	int level;          /* level of that RTT */
	uint64_t entry;     /* the entry's value */
};
/* Walks r's RTTs towards `level` for ipa (< 2^s2sz); stops early at an
 * entry that is not TABLE. */
void rtt_walk(const struct mica_rmm *ctx, const struct mica_rmm_realm *r,
	      unsigned long ipa, int level, struct rtt_walk *w);
void rtt_write(struct rtt_walk *w, uint64_t entry);
uint64_t s2te_make(unsigned kind, unsigned ripas, uint64_t oa_attr);
unsigned s2te_kind(uint64_t e);
unsigned s2te_ripas(uint64_t e);
uint64_t s2te_oa(uint64_t e);
/* Is [base, top) a page-aligned, non-empty protected range of r? */
bool ripas_range_ok(const struct mica_rmm_realm *r, unsigned long base,
		    unsigned long top);
/* RIPAS at base, and the end (<= top) of the run that shares it. */
unsigned long ripas_get(const struct mica_rmm *ctx,
			const struct mica_rmm_realm *r, unsigned long base,
			unsigned long top, unsigned *ripas);
/* The 4 KiB page at a protected ipa the Realm may read and write (an
 * ASSIGNED entry with RIPAS RAM), or NULL: RSI uses it for the buffers a
 * Realm passes by IPA. */
uint8_t *realm_page(struct mica_rmm *ctx, const struct mica_rmm_realm *r,
		    unsigned long ipa);

/* ---- measurements (measure.c); all return 0 or -1 (hash failure) ---- */
int meas_rim_init(unsigned alg, const uint8_t params[GRANULE],
		  uint8_t *rim);
int meas_data(unsigned alg, uint8_t *rim, unsigned long ipa,
	      unsigned long flags, const uint8_t *content);
int meas_rec(unsigned alg, uint8_t *rim, const uint8_t params[GRANULE]);
int meas_ripas(unsigned alg, uint8_t *rim, unsigned long base,
	       unsigned long top);
int meas_extend(unsigned alg, uint8_t *rem, const uint8_t *data,
		size_t size);

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
const struct rsi_cmd *rsi_lookup(unsigned long fid);

/* RMI handler: a[0..5] = x1..x6 (only nargs of them, the rest 0); fills
 * r[0..3] = x1..x4; returns x0. Must change nothing unless it succeeds. */
typedef unsigned long (*rmi_fn)(struct mica_rmm *ctx, const unsigned long *a,
				unsigned long *r);

unsigned long rmi_granule_delegate(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_granule_undelegate(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_realm_create(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_realm_activate(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_realm_destroy(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_rec_create(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_rec_destroy(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_rec_enter(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_rtt_create(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_rtt_destroy(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_rtt_map_unprotected(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_rtt_unmap_unprotected(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_rtt_read_entry(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_rtt_init_ripas(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_rtt_set_ripas(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_data_create(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_data_create_unknown(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_data_destroy(struct mica_rmm *, const unsigned long *, unsigned long *);

/* ---- attestation tokens (attest_token.c; handlers in attest.c) ----
 * A writer of deterministic CBOR into a fixed buffer (libcbor's
 * cbor_encode_*): the first failure sets err and later writes do nothing.
 * aw_key() writes a map key and counts the pair. */
struct attest_w {
	uint8_t *p;
	size_t cap, len;
	unsigned npairs;
	bool err;
};
void aw_uint(struct attest_w *w, uint64_t v);
void aw_key(struct attest_w *w, int64_t key);
void aw_bstr(struct attest_w *w, const uint8_t *p, size_t n);
void aw_tstr(struct attest_w *w, const char *s);
void aw_array(struct attest_w *w, size_t n);
void aw_map(struct attest_w *w, size_t n);
/* Writes a claims map's pairs, keys in ascending encoded order. */
typedef void (*attest_claims_fn)(struct attest_w *w, const void *arg);
/* The uncompressed P-384 point of a private scalar: 0 or -1. */
int attest_public(const uint8_t priv[MICA_ATTEST_KEY_SIZE],
		  uint8_t point[MICA_ATTEST_POINT_SIZE]);
/* A tag-18 COSE_Sign1, ES384, signed with priv, whose payload is the
 * map of the pairs fn writes. Returns its size, or 0 (no room, error). */
size_t attest_sign1(const uint8_t priv[MICA_ATTEST_KEY_SIZE],
		    attest_claims_fn fn, const void *arg, uint8_t *out,
		    size_t cap);
/* What a realm token says. `extra` (or NULL) appends claims after the
 * CCA ones: keys above 44240 or negative (MICA_CLAIM_GROUP). */
struct attest_realm {
	const uint8_t *challenge;    /* 64 bytes */
	const uint8_t *rpv;          /* 64 bytes */
	const uint8_t (*meas)[MICA_RMM_DIGEST_MAX];  /* RIM, REM0..3 */
	unsigned hash_algo;          /* MICA_RMI_HASH_* */
	uint8_t rak_pub[MICA_ATTEST_POINT_SIZE];     /* filled by the builder */
	attest_claims_fn extra;
	const void *extra_arg;
};
/* The realm token alone (COSE_Sign1 by the RAK): size or 0. */
size_t attest_realm_token(const struct mica_rmm_attest_platform *ap,
			  struct attest_realm *rt, uint8_t *out, size_t cap);
/* The whole CCA token (tag 399): size or 0. */
size_t attest_cca_token(const struct mica_rmm_attest_platform *ap,
			struct attest_realm *rt, uint8_t *out, size_t cap);
bool rsi_attest_init(struct mica_rmm *, struct mica_rmm_realm *,
		     struct mica_rmm_rec *, const unsigned long *,
		     unsigned long *, struct mica_rmm_exit *);
bool rsi_attest_continue(struct mica_rmm *, struct mica_rmm_realm *,
			 struct mica_rmm_rec *, const unsigned long *,
			 unsigned long *, struct mica_rmm_exit *);
/* MICA_RSI_GROUP_TOKEN_INIT / _CONTINUE (attest.c; the group token). */
bool rsi_group_init(struct mica_rmm *, struct mica_rmm_realm *,
		    struct mica_rmm_rec *, const unsigned long *,
		    unsigned long *, struct mica_rmm_exit *);
bool rsi_group_continue(struct mica_rmm *, struct mica_rmm_realm *,
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
unsigned long mica_hook_realm_activate(struct mica_rmm *ctx,
				       struct mica_rmm_realm *r);
/* REALM_DESTROY, after the base checks, before anything is freed. */
unsigned long mica_hook_realm_destroy(struct mica_rmm *ctx,
				      struct mica_rmm_realm *r);
/* RTT_MAP_UNPROTECTED, after the base checks (strict Realms). */
unsigned long mica_hook_map_unprotected(struct mica_rmm *ctx,
					struct mica_rmm_realm *r,
					unsigned long ipa, unsigned long desc);
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
bool mica_hook_rec_exit(struct mica_rmm *ctx, struct mica_rmm_realm *r,
			struct mica_rmm_rec *rec, struct mica_rmm_exit *ex,
			struct mica_rmm_resume *deny);

/* ---- Mica additions (mica_*.c) ---- */
unsigned long rmi_policy_bind(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_share_map(struct mica_rmm *, const unsigned long *, unsigned long *);
unsigned long rmi_share_unmap(struct mica_rmm *, const unsigned long *, unsigned long *);
/* Decodes and validates a blob (mica-blob.5, deterministic CBOR, the
 * MICA_POL_* limits) into *p, which must be zero. Returns 0, or -1 with
 * *p partly filled (the caller zeroes it again). */
int mica_policy_decode(struct mica_rmm_policy *p, const uint8_t *blob,
		       size_t len);
/* The region of r's policy whose window holds ipa, or -1. */
int mica_policy_region_at(const struct mica_rmm_realm *r, unsigned long ipa);
/* Hooks' halves in the Mica files. */
unsigned long mica_bind_activate(struct mica_rmm *ctx, struct mica_rmm_realm *r);
unsigned long mica_exit_map_unprotected(const struct mica_rmm_realm *r,
					unsigned long ipa, unsigned long desc);
bool mica_exit_filter(const struct mica_rmm_realm *r,
		      struct mica_rmm_exit *ex,
		      struct mica_rmm_resume *deny);
/* The Realms connected to realm_slot through shared granules,
 * transitively, the requester included, in ascending slot order: fills
 * slots[0..max) and returns how many there are (may exceed max). */
unsigned mica_policy_group(const struct mica_rmm *ctx, unsigned realm_slot,
			   unsigned *slots, unsigned max);

#endif
