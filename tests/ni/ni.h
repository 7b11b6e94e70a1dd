/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ni.h -- the noninterference property test: random policy sets, one
 * model machine per accepted set, a long adversarial walk, and the
 * checks after every step (tests/ni/README.md says what and why).
 *
 * The pieces, one file each:
 *   rng.c    the one source of choices: a seeded PRNG, or the bytes of a
 *            fuzzer input followed by a PRNG seeded from them.
 *   gen.c    random policy sets as .mica text, compiled with micac's own
 *            front end, checker and backend (a set is kept only when
 *            every policy of it passes the checker).
 *   flow.c   the test's own flow analysis: reach(d), computed from the
 *            generator's model, never from the checker's code.
 *   world.c  the untrusted host of the walk: the machine, its granules,
 *            RMI calls (each refused one checked to change nothing),
 *            Realm instances, deployment.
 *   prog.c   the program every Realm instance runs: canary owner, relay,
 *            declassifier or sink, one requested operation at a time.
 *   check.c  the invariants checked after every step.
 *   walk.c   the steps: host RMI calls and Realm operations.
 *   run.c    one seed from start to end, reports and statistics.
 */
#ifndef MICA_NI_H
#define MICA_NI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fvp/platform.h"
#include "fvp/realm.h"
#include "mica/blob.h"

/* ---- rng.c ------------------------------------------------------------ */

struct ni_rng {
	uint64_t s;                 /* PRNG state once the bytes run out */
	const uint8_t *buf;         /* fuzzer input, or NULL */
	size_t len, pos;
};

void ni_rng_seed(struct ni_rng *r, uint64_t seed);
/* Choices come from data first, then from a PRNG seeded by its hash. */
void ni_rng_data(struct ni_rng *r, const uint8_t *data, size_t len);
uint64_t ni_u64(struct ni_rng *r);
uint32_t ni_below(struct ni_rng *r, uint32_t n);      /* 0..n-1; 0 if n 0 */
int ni_chance(struct ni_rng *r, unsigned percent);
/* Index by weight: w[0..n). */
unsigned ni_pick(struct ni_rng *r, const unsigned *w, unsigned n);

/* ---- gen.c: the policy model and its text ------------------------------ */

#define NI_MAXPOL 4
#define NI_MAXREALM 10          /* per policy, mirrors included */
#define NI_MAXREGION 8
#define NI_MAXACC 8             /* access lines of one region */
#define NI_MAXIMM 4
#define NI_MAXPAGES 4           /* pages of one region */
#define NI_SUBJ_ANY 100
#define NI_SUBJ_HOST 101

enum { NI_DISTRUSTFUL = 0, NI_TRUSTED = 1, NI_UNTRUSTED = 2 };

struct ni_realm {
	char name[16];
	uint8_t meas[64];           /* image measurement */
	int trust, strict;
	int hc_any;
	unsigned nimm;
	uint16_t imm[NI_MAXIMM][2]; /* as written: may overlap or be single */
	int mmio, psci, ripas, paging;
	int mirror_pol, mirror_realm;   /* a named participant of another
					 * policy's region; -1: its own */
	unsigned s2sz;              /* IPA width of its genuine instance */
	unsigned rpv_len;
	uint8_t rpv[8];
	int home_region;            /* a joiner: the region it joins, or -1 */
};

struct ni_access {
	int subj;                   /* realm index, NI_SUBJ_ANY, NI_SUBJ_HOST */
	unsigned rights;            /* 1 r, 2 w, 3 rw */
	uint64_t ipa;               /* bytes, as written (48-bit space) */
	uint64_t limit;             /* any only */
};

struct ni_region {
	char name[16];
	int protected_;
	uint64_t pages;
	unsigned nacc;
	struct ni_access acc[NI_MAXACC];
	int mirror_pol, mirror_region;  /* the region of another policy this
					 * one joins through its any, or -1 */
	int any_kind;               /* joins: 0 carries the identical any
				     * entry, 1 omits it, 2 another limit */
};

struct ni_policy {
	char name[16];
	unsigned version;
	int sha512;
	unsigned nrealm, nregion;
	struct ni_realm realm[NI_MAXREALM];
	struct ni_region region[NI_MAXREGION];
	char *text;
	size_t textlen;
	/* compiled (ni_compile) */
	int accepted;
	char why[160];              /* first diagnostic when refused */
	uint8_t workflow[64];
	uint8_t *blob[NI_MAXREALM];
	size_t bloblen[NI_MAXREALM];
};

struct ni_set {
	unsigned npol;
	struct ni_policy pol[NI_MAXPOL];
};

/* What the language accepts (probed once: `allow R ripas;` and `allow R
 * paging;` are being added). */
struct ni_lang {
	int ripas, paging;
};
void ni_lang_probe(struct ni_lang *l);

void ni_gen_set(struct ni_set *s, struct ni_rng *r, const struct ni_lang *l);
/* Compiles every policy; returns 1 when every one was accepted. */
int ni_compile_set(struct ni_set *s);
void ni_set_free(struct ni_set *s);
size_t ni_digest_len(const struct ni_policy *p);

/* ---- flow.c ------------------------------------------------------------ */

/* reach[k] = 1 for every realm of p reachable from d in p's flow graph
 * (d included), not going on through trusted realms. Returns 1 when the
 * path meets a sink (the checker must have refused the policy). */
int ni_reach(const struct ni_policy *p, unsigned d, uint8_t *reach,
	     char *why, size_t cap);

/* ---- world.c: the host, the machine, Realm instances ------------------- */

#define NI_MAXINST 60           /* instances ever created, one machine */
#define NI_MAXCAND 256          /* IPAs the checks look at, per instance */
#define NI_MAXRTT 96
#define NI_RAM 3                /* RAM pages after the image */
#define NI_POOL_IPA 0x200000ull /* 512 unbacked RAM pages, some Realms */
#define NI_POOL_PAGES 512u
#define NI_MAXCANARY 32
#define NI_TRACE 40

/* What a Realm is asked to do (prog.c). */
enum {
	NI_OP_NONE, NI_OP_STORE, NI_OP_LOAD, NI_OP_HOSTCALL, NI_OP_MMIO_READ,
	NI_OP_MMIO_WRITE, NI_OP_PSCI, NI_OP_RIPAS, NI_OP_PAGING, NI_OP_WFX,
	NI_OP_IRQ, NI_OP_SINK, NI_OP_RSI, NI_OP_COUNT
};

struct ni_op {
	int kind;
	uint64_t ipa, arg, arg2;
	unsigned imm;
	int pending, done, fault;
	/* A value the Realm chose from a canary (narrow channels): which
	 * canary, and the value the host must never see. */
	int enc;                    /* canary index, or -1 */
	uint64_t enc_ipa, enc_base, enc_top;
	unsigned enc_imm, enc_wfe;
	unsigned long x0, x1, x2;
};

struct ni_world;
struct ni_inst;

struct ni_prog {
	struct ni_world *w;
	struct ni_inst *x;
	struct ni_op op;
	int wfe;                    /* the last WFx was a WFE */
};

struct ni_inst {
	int used, live;             /* slot used; its RD exists */
	int genuine;                /* the one instance of a policy's realm */
	int pol, realm;             /* genuine: its realm; else -1 */
	int img_pol, img_realm;     /* whose image (and measurement) */
	const char *what;           /* how it came to be, for reports */
	uint8_t meas[64];
	size_t dlen;
	int sha512;
	/* the blob bound to it (owned copy), decoded by micac */
	uint8_t *blob;
	size_t bloblen;
	int blob_pol, blob_realm;   /* -1: not a compiled blob */
	int bound;
	mica_blob dec;
	int dec_ok;
	unsigned s2sz, level0, nroot;
	unsigned vmid;
	unsigned long rd, rec, run, root;
	struct { uint64_t ipa; unsigned level; unsigned long pa; } rtt[NI_MAXRTT];
	unsigned nrtt;
	unsigned long data[1 + NI_RAM];
	int pool;                   /* NI_POOL_IPA.. is RAM, unbacked */
	struct fvp_vcpu *vcpu;
	struct ni_prog prog;
	uint64_t cand[NI_MAXCAND];  /* page IPAs the checks look at */
	unsigned ncand;
	uint32_t holds;             /* canaries it has read */
	int canary;                 /* its own canary, or -1 */
	struct { int valid; uint64_t base, top; unsigned value, flags; } ripas;
	unsigned long entry_flags;
	uint64_t entry_gprs[4];
	int sysoff;                 /* it asked for SYSTEM_OFF */
};

struct ni_canary {
	uint64_t value;
	int pol, realm;             /* the genuine distrustful realm */
};

/* Rules, for reports and the per-rule tally. */
enum {
	NI_R_CHECKER,       /* the checker accepted a policy with a leak */
	NI_R_READ,          /* a Realm outside reach(d) read d's canary */
	NI_R_READABLE,      /* ... or has it mapped readable */
	NI_R_NS,            /* a canary in host-visible memory */
	NI_R_EXITREG,       /* a canary in an exit or RMI register */
	NI_R_NARROW,        /* a value chosen from a canary left in an exit */
	NI_R_WFX,           /* a strict Realm's WFI and WFE exits differ */
	NI_R_EXIT,          /* an exit a strict Realm's blob does not allow */
	NI_R_GPT,           /* GPT and granule states disagree */
	NI_R_ZERO,          /* a delegated granule holds data */
	NI_R_SHARE,         /* shared mapping: rights, consent, consistency */
	NI_R_NAMED,         /* a named subject mapped by two Realms */
	NI_R_ANYLIMIT,      /* more any joiners than the limit */
	NI_R_JOIN,          /* a join without the identical any entry */
	NI_R_UNPROT,        /* an unprotected mapping the policy forbids */
	NI_R_PAS,           /* a mapping into the wrong PAS */
	NI_R_RIPAS,         /* RIPAS changed without the Realm asking */
	NI_R_REFUSED,       /* a refused RMI call changed state */
	NI_R_BLOB,          /* the RMM's blob reader and micac's disagree */
	NI_R_DEPLOY,        /* the RMM refused what the policy allows */
	NI_R_FORGED,        /* a named subject shares under a blob its
			     * policy did not produce */
	NI_R_CLONE,         /* a clone of a realm in reach(d) took its place
			     * in a region while it lives, and reads d */
	NI_R_MIRROR,        /* a joining policy counts on the owner's named
			     * participant being what it is not */
	NI_R_COUNT
};
extern const char *const ni_rule_name[NI_R_COUNT];

/* Step kinds, for the trace and the tally of what found what. */
enum {
	NI_S_DEPLOY, NI_S_REALM, NI_S_SHARE_MAP, NI_S_SHARE_UNMAP,
	NI_S_MAP_NS, NI_S_UNMAP_NS, NI_S_DATA, NI_S_DATA_DESTROY, NI_S_RTT,
	NI_S_DELEGATE, NI_S_DESTROY, NI_S_RECREATE, NI_S_CLONE, NI_S_FOREIGN,
	NI_S_JOINER, NI_S_PLAIN, NI_S_BIND, NI_S_SET_RIPAS, NI_S_INIT_RIPAS,
	NI_S_REC, NI_S_GARBAGE, NI_S_HOSTMEM, NI_S_COUNT
};
extern const char *const ni_step_name[NI_S_COUNT];

struct ni_opts {
	uint64_t steps;
	int keep_going;             /* record each rule once and go on */
	int verbose;
	unsigned full_every;        /* full memory scans every N steps */
	uint32_t ignore;            /* rules not to report (bit per rule) */
	FILE *out;                  /* reports */
};

struct ni_finding {
	int found;
	uint64_t seed, step;
	int step_kind;
	char detail[240];
};

struct ni_world {
	struct fvp_machine m;
	int have_machine;
	struct ni_set *set;
	struct ni_rng *rng;
	const struct ni_opts *opts;
	uint64_t seed;
	struct ni_inst inst[NI_MAXINST];
	unsigned ninst;
	int genuine_of[NI_MAXPOL][NI_MAXREALM];    /* instance, or -1 */
	struct ni_canary canary[NI_MAXCANARY];
	unsigned ncanary;
	uint8_t reach[NI_MAXPOL][NI_MAXREALM][NI_MAXREALM];
	mica_blob cdec[NI_MAXPOL][NI_MAXREALM];    /* compiled blobs, decoded */
	int cdec_ok[NI_MAXPOL][NI_MAXREALM];
	unsigned long region_pa[NI_MAXPOL][NI_MAXREGION][NI_MAXPAGES];
	unsigned long scratch;      /* NS page for params and blobs */
	unsigned long nsfree[64];   /* NS granules for host mappings */
	unsigned nnsfree;
	unsigned next_vmid;
	/* per granule (FVP_NGRANULES) */
	uint32_t *mask;             /* canaries a granule holds */
	uint8_t *dirty;             /* to rescan after this step */
	uint8_t *state;             /* RMM granule state at the last check */
	uint16_t *gid;              /* SHARED: 1 + the region it backs, by
				     * its first mapper (ni_shared), or 0 */
	/* refused-call snapshots */
	struct mica_rmm *snap;
	size_t span[MICA_RMM_MAX_REALMS + 4][2];   /* what snap holds */
	unsigned nspan;
	uint8_t *snapgpt;
	uint8_t *snapmem;           /* up to NI_SNAPG granules */
	unsigned long snappa[16];
	unsigned nsnappa;
	/* what the current step did */
	uint64_t step;
	int step_kind;
	char trace[NI_TRACE][200];
	unsigned ntrace;
	int violations;
	int stop;                   /* a violation ends the walk */
	int ended_open;             /* an ignored rule ended it */
	struct ni_finding first[NI_R_COUNT];
	unsigned rule_hits[NI_R_COUNT][NI_S_COUNT];
	/* strict WFx: what the host saw of each */
	int have_wfx[2];
	uint8_t wfx_view[2][0x800];
	/* RIPAS before the step, for the Realm it touches */
	int ripas_inst;
	unsigned ripas_n;
	uint8_t ripas_before[NI_MAXCAND];
	/* statistics */
	uint64_t rmi_calls, rmi_refused, exits, realm_ops;
	uint64_t exit_kind[8];
};

int ni_world_init(struct ni_world *w, struct ni_set *set, struct ni_rng *rng,
		  const struct ni_opts *o, uint64_t seed);
void ni_world_free(struct ni_world *w);
/* A fresh granule: NS (0 when memory runs out). */
unsigned long ni_granule(struct ni_world *w);
unsigned long ni_delegated(struct ni_world *w);
/* One RMI call; a refused one must leave the RMM, the GPT and the
 * granules it names byte-identical (NI_R_REFUSED). */
unsigned long ni_rmi(struct ni_world *w, unsigned long fid, unsigned long a1,
		     unsigned long a2, unsigned long a3, unsigned long a4,
		     unsigned long a5, unsigned long ret[5]);
/* Creates instance x as the host builds Realms: REALM_CREATE, RTTs, the
 * measured image, RAM, the protected windows of blob (the one it is to
 * be bound, or NULL) in RIPAS RAM, a REC and a vCPU running ni_program;
 * the image measurement then set to meas (the model's adopt shortcut). */
unsigned long ni_create(struct ni_world *w, struct ni_inst *x,
			const uint8_t *meas, int sha512, unsigned s2sz,
			const uint8_t *rpv, unsigned rpv_len, int pool,
			const uint8_t *blob, size_t bloblen);
unsigned long ni_bind(struct ni_world *w, struct ni_inst *x,
		      const uint8_t *blob, size_t len);
unsigned long ni_activate(struct ni_world *w, struct ni_inst *x);
unsigned long ni_rtts(struct ni_world *w, struct ni_inst *x, uint64_t ipa);
unsigned long ni_share(struct ni_world *w, struct ni_inst *x,
		       unsigned long pa, uint64_t ipa);
unsigned long ni_map_ns(struct ni_world *w, struct ni_inst *x,
			unsigned long pa, uint64_t ipa, unsigned long attr);
unsigned long ni_teardown(struct ni_world *w, struct ni_inst *x);
struct ni_inst *ni_new_inst(struct ni_world *w, const char *what);
void ni_add_cand(struct ni_inst *x, uint64_t ipa);
/* The instance whose RD (or REC) is at pa, or NULL. */
struct ni_inst *ni_inst_by_rd(struct ni_world *w, unsigned long rd);
struct ni_inst *ni_inst_by_rec(struct ni_world *w, unsigned long rec);
/* Maps every page of every window of x's blob (partial: a random part
 * of each) with the granules of the genuine deployment; returns the
 * first failing status. */
unsigned long ni_map_windows(struct ni_world *w, struct ni_inst *x,
			     int partial);
int ni_deploy(struct ni_world *w);
/* Is protected ipa in x's protected half? */
int ni_protected(const struct ni_inst *x, uint64_t ipa);
/* x's window (in its own IPA space) of decoded region j: base, bytes. */
int ni_window(const struct ni_inst *x, unsigned j, uint64_t *base,
	      uint64_t *size);
/* The decoded region of x's blob whose window holds ipa, or -1. */
int ni_region_at(const struct ni_inst *x, uint64_t ipa);
unsigned ni_slot(const struct ni_world *w, const struct ni_inst *x);
uint64_t ni_unprot_base(unsigned s2sz);

/* ---- canaries and roles (check.c) -------------------------------------- */

/* May instance x hold canary k? (a genuine instance whose measurement is
 * a realm of k's policy within reach of k's realm) */
int ni_allowed(const struct ni_world *w, const struct ni_inst *x, unsigned k);
/* Is x a clone (image and blob) of a live genuine instance that may
 * hold canary k? */
int ni_clone_of_allowed(const struct ni_world *w, const struct ni_inst *x,
			unsigned k);
/* Does x pass canary k on (everything it writes and every exit)? */
int ni_relays(const struct ni_world *w, const struct ni_inst *x, unsigned k);
/* NULL when two blobs make the RMM enforce the same, else the first
 * field that differs. */
const char *ni_blob_differs(const mica_blob *a, const mica_blob *b);
/* Canaries in n bytes: bit k set for canary k. */
uint32_t ni_scan(const struct ni_world *w, const uint8_t *p, size_t n);
/* Canaries in a 64-bit register at shifts -16..16. */
uint32_t ni_scan_reg(const struct ni_world *w, uint64_t v);

/* ---- prog.c ------------------------------------------------------------ */

fvp_program_fn ni_program;

/* ---- check.c ----------------------------------------------------------- */

void ni_violation(struct ni_world *w, int rule, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ni_trace(struct ni_world *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Marks the granule at pa for rescanning. */
void ni_dirty(struct ni_world *w, unsigned long pa);
/* Every invariant, after a step; full: memory scanned whole. */
void ni_check(struct ni_world *w, int full);
/* What the host read of an exit of x (the RmiRecExit page half). */
void ni_check_exit(struct ni_world *w, struct ni_inst *x,
		   const uint8_t *exitrec);
/* RIPAS of x's protected candidates before a step that touches it. */
void ni_ripas_before(struct ni_world *w, struct ni_inst *x);
void ni_ripas_after(struct ni_world *w, unsigned long set_rec,
		    uint64_t set_base, uint64_t set_top);
/* The differential at POLICY_BIND: what micac's decoder says. */
void ni_check_bind(struct ni_world *w, struct ni_inst *x, const uint8_t *b,
		   size_t len, int was_new_unbound, unsigned long st);
void ni_check_static(struct ni_world *w);
/* A SHARE_MAP of a fresh granule pa by x at ipa succeeded. */
void ni_shared(struct ni_world *w, const struct ni_inst *x, unsigned long pa,
	       uint64_t ipa);

/* ---- walk.c ------------------------------------------------------------ */

void ni_walk_step(struct ni_world *w);
/* One Realm operation on x, entering it until done (bounded). */
void ni_realm_op(struct ni_world *w, struct ni_inst *x, int kind);

/* ---- run.c ------------------------------------------------------------- */

struct ni_stats {
	uint64_t sets, accepted, policies, policies_accepted;
	uint64_t steps, rmi_calls, exits, realm_ops, instances;
	uint64_t ended_open;        /* seeds an ignored rule ended */
	double seconds;
	unsigned rule_hits[NI_R_COUNT][NI_S_COUNT];
	struct ni_finding first[NI_R_COUNT];
	char why[4][160];           /* sample refusal reasons */
	unsigned nwhy;
};

/* One seed: a set (generated until accepted), deployed and walked.
 * Returns the number of violations (0: the promise held). */
int ni_run_seed(uint64_t seed, const uint8_t *data, size_t len,
		const struct ni_opts *o, struct ni_stats *st);
void ni_print_set(FILE *f, const struct ni_set *s);

#endif
