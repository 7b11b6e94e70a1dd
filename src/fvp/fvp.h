/*
 * fvp.h -- mica-fvp, a software model of an Arm FVP running the reference
 * RMM module (man/mica-fvp.1).
 *
 * The pieces, one file each:
 *   machine.c  physical memory in 4 KiB granules, the granule protection
 *              table (GPT), the SMC entry point through which the host
 *              reaches the RMM (RMI function IDs only), and the host's
 *              loads and stores, which the GPT polices.
 *   vcpu.c     Realm CPUs: each REC runs its Realm's program on its own
 *              thread, handing control back and forth with the RMM so
 *              that exactly one side runs at a time (deterministic). A
 *              Realm reads and writes only through its stage-2 mapping
 *              (mica_rmm_s2_translate, then the GPT) and calls RSI by
 *              trapping with an SMC.
 *   image.c    Realm images: the bytes a Realm program is loaded from,
 *              the model's IPA layout, RmiRealmParams and RmiRecParams.
 *   host.c     the untrusted host (a hypervisor model): compiles a
 *              policy, allocates and delegates granules, creates, binds,
 *              activates, maps, enters and destroys Realms, one RMI call
 *              at a time, and answers Realm exits.
 *   programs.c which program a Realm's image names; the probe and the
 *              scenario program.
 *   crypto.c   the tenant's sessions: ECDH, HKDF, AES-256-GCM.
 *   run.c and the files traffic.h lists: `mica-fvp run`, the tenant and
 *              the Realm programs that carry its data.
 *   script.c   `mica-fvp script`: scenario files (man/mica-fvp-scenario.5).
 *   main.c     the command line.
 *
 * Model shortcuts (each documented in mica-fvp(1)): a Realm's private
 * working data lives in its program's C variables rather than in its
 * RAM granules; --adopt-measurements writes the declared image
 * measurement into the RMM's RIM before binding (fvp_host_adopt).
 */
#ifndef MICA_FVP_H
#define MICA_FVP_H

#include <pthread.h>
#include <semaphore.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mica/blob.h"
#include "mica/ir.h"
#include "mica/rmm.h"
#include "mica/token.h"
#include "mica/unit.h"

#define FVP_GRANULE 4096ul
#define FVP_BASE_PA 0x80000000ul          /* the FVP's DRAM base */
#define FVP_NGRANULES MICA_RMM_MAX_GRANULES
#define FVP_S2SZ 48u                      /* every Realm: 48-bit IPAs */
#define FVP_UNPROT (1ul << (FVP_S2SZ - 1))

/* ---- machine.c ----------------------------------------------------- */

struct fvp_vcpu;

struct fvp_machine {
	struct mica_rmm_platform plat;
	struct mica_rmm *rmm;         /* the RMM's one context (heap: large) */
	uint8_t *mem;                 /* FVP_NGRANULES * 4 KiB */
	uint8_t *gpt;                 /* per granule: 0 NS PAS, 1 Realm PAS */
	uint64_t gpf;                 /* host accesses the GPT refused */
	uint64_t smc_calls;           /* RMI calls made by the host */
	uint64_t high;                /* granules [0, high) were handed out;
				       * the rest is zero and unused */
	struct fvp_vcpu **vcpu;       /* one per REC created, by REC PA */
	size_t nvcpu, capvcpu;
	FILE *trace;                  /* every RMI call, or NULL */
	struct mica_rmm_attest_platform keys;   /* the platform's identity */
};

int fvp_machine_init(struct fvp_machine *m);
/* The same with ngranules of memory (1..FVP_NGRANULES), not all. */
int fvp_machine_init_size(struct fvp_machine *m, uint64_t ngranules);
void fvp_machine_free(struct fvp_machine *m);
/* The host's SMC: x[0] = FID, x[1..6]; ret[0..4]. Only RMI FIDs reach
 * the RMM; anything else returns SMC_UNKNOWN. */
unsigned long fvp_smc(struct fvp_machine *m, const unsigned long x[7],
		      unsigned long ret[5]);
/* Host (normal world) loads and stores: 0, or -1 when any byte lies
 * outside memory or in a granule of the Realm PAS (a granule protection
 * fault, counted in m->gpf). */
int fvp_host_read(struct fvp_machine *m, uint64_t pa, void *buf, size_t n);
int fvp_host_write(struct fvp_machine *m, uint64_t pa, const void *buf,
		   size_t n);
/* Little-endian 64-bit fields: the ABI pages, registers that carry
 * bytes, and the message headers. */
void fvp_put64(uint8_t *p, uint64_t v);
uint64_t fvp_get64(const uint8_t *p);
/* The model's fixed attestation keys and claims, and the platform
 * public key as PEM (what a verifier is given). */
void fvp_platform_keys(struct mica_rmm_attest_platform *k);
int fvp_platform_pem(const struct mica_rmm_attest_platform *k,
		     unsigned char *pem, size_t cap);
/* Is there a copy of needle in any granule the host can read? */
int fvp_ns_contains(const struct fvp_machine *m, const void *needle,
		    size_t n);

/* ---- vcpu.c: the Realm side ----------------------------------------- */

/* A Realm program: runs on its vCPU's thread from the REC's first entry
 * with x[0..7] from RmiRecParams. When it returns, the vCPU idles (WFI). */
typedef void fvp_program_fn(struct fvp_vcpu *v);

/* A request from a scenario to a Realm running the script program. */
enum { FVP_OP_NONE, FVP_OP_READ, FVP_OP_WRITE, FVP_OP_HOSTCALL,
       FVP_OP_MMIO_READ, FVP_OP_MMIO_WRITE, FVP_OP_PSCI, FVP_OP_ATTEST,
       FVP_OP_GROUP_ATTEST, FVP_OP_RIPAS };

struct fvp_op {
	int kind;                 /* FVP_OP_* */
	uint64_t ipa, value, len; /* access; value: MMIO / PSCI FID / imm;
				   * RIPAS: [ipa, value) to RAM */
	uint8_t data[256];        /* WRITE: the bytes (len <= 256) */
	uint8_t challenge[64];    /* ATTEST */
	/* results, filled by the Realm */
	int done;                 /* the Realm finished the op */
	int fault;                /* an SEA ended the access */
	unsigned long x0;         /* SMC result register */
	uint8_t out[256];         /* READ: the bytes */
	uint8_t *token;           /* ATTEST: malloc'd token */
	size_t token_len;
};

struct fvp_vcpu {
	struct fvp_machine *m;
	unsigned long rd, rec;    /* PAs */
	fvp_program_fn *program;
	void *arg;                /* the program's own state */
	/* hand-over: the RMM's thread and the vCPU's alternate */
	pthread_t thread;
	sem_t go, back;
	int started, quit, finished;
	struct mica_rmm_resume in;
	struct mica_rmm_trap out;
	uint64_t pc, x[8];        /* at start */
	struct fvp_op op;         /* the script program's current request */
	uint64_t steps;           /* traps taken */
	uint32_t index;           /* its realm in the policy */
	char program_name[64];    /* the program its image names */
	/* Heap a program that never returns keeps: a stopped vCPU's thread
	 * ends inside the program, so fvp_vcpu_stop_all frees these. */
	void *heap[2];
};

struct fvp_vcpu *fvp_vcpu_new(struct fvp_machine *m, unsigned long rd,
			      unsigned long rec, fvp_program_fn *program,
			      void *arg);
struct fvp_vcpu *fvp_vcpu_find(struct fvp_machine *m, unsigned long rec);
void fvp_vcpu_stop_all(struct fvp_machine *m);
/* The RMM's run_realm callback (platform contract, mica/rmm.h). */
void fvp_run_realm(void *plat_ctx, struct mica_rmm *ctx, unsigned long rd,
		   unsigned long rec, const struct mica_rmm_resume *in,
		   struct mica_rmm_trap *out);

/* Realm-side operations, called only from a program's thread. Loads and
 * stores go through the Realm's stage 2 and the GPT; an unmapped
 * protected page traps to the RMM (which may exit to the host and retry)
 * and an SEA makes them return -1. */
int fvp_load(struct fvp_vcpu *v, uint64_t ipa, void *buf, size_t n);
int fvp_store(struct fvp_vcpu *v, uint64_t ipa, const void *buf, size_t n);
/* One emulatable 8-byte access (MMIO): 0, or -1 after an SEA. */
int fvp_mmio_read(struct fvp_vcpu *v, uint64_t ipa, uint64_t *value);
int fvp_mmio_write(struct fvp_vcpu *v, uint64_t ipa, uint64_t value);
/* An SMC (RSI or PSCI): x[0] = FID; the result registers into ret. */
void fvp_smc_realm(struct fvp_vcpu *v, const unsigned long x[18],
		   unsigned long ret[18]);
void fvp_wfi(struct fvp_vcpu *v);
/* A trap that carries no data: MICA_RMM_TRAP_WFI, MICA_RMM_TRAP_WFE or
 * MICA_RMM_TRAP_IRQ (the end of a time slice). */
void fvp_idle(struct fvp_vcpu *v, uint32_t kind);
/* RSI_HOST_CALL with imm and gprs[0..n) through the RsiHostCall at
 * scratch IPA hc; returns x0 of the RSI call. */
unsigned long fvp_host_call(struct fvp_vcpu *v, uint64_t hc, unsigned imm,
			    const uint64_t *gprs, unsigned n);
/* An attestation token (group != 0: Mica's group token) for challenge,
 * built in the Realm's RAM at buf_ipa (at least size bytes there), then
 * copied into *out (malloc). Returns the RSI status of the first failing
 * call, or 0. */
unsigned long fvp_attest(struct fvp_vcpu *v, int group,
			 const uint8_t challenge[64], uint64_t buf_ipa,
			 size_t size, uint8_t **out, size_t *len);

/* ---- crypto.c: the tenant's session with the entry Realm ------------ */

#define FVP_PUB_SIZE 65u            /* uncompressed P-256 point */
#define FVP_KEY_SIZE 32u            /* AES-256 */
#define FVP_SEAL_OVERHEAD 28u       /* iv 12 + tag 16 */

struct fvp_ecdh;
/* A P-256 key pair drawn deterministically from seed; pub out. */
struct fvp_ecdh *fvp_ecdh_new(const void *seed, size_t n,
			      uint8_t pub[FVP_PUB_SIZE]);
void fvp_ecdh_free(struct fvp_ecdh *k);
/* HKDF-SHA-256(salt, ECDH(k, peer)) into key: 0 or -1. */
int fvp_ecdh_session(struct fvp_ecdh *k, const uint8_t peer[FVP_PUB_SIZE],
		     const uint8_t *salt, size_t saltlen,
		     uint8_t key[FVP_KEY_SIZE]);
/* The token challenge that binds the session to the attestation:
 * SHA-512(nonce || tenant key || realm key). Both ends compute it. */
void fvp_challenge(const uint8_t nonce[32],
		   const uint8_t tenant[FVP_PUB_SIZE],
		   const uint8_t realm[FVP_PUB_SIZE], uint8_t out[64]);
/* AES-256-GCM: out gets n + FVP_SEAL_OVERHEAD bytes. */
int fvp_seal(const uint8_t key[FVP_KEY_SIZE], uint64_t counter,
	     const uint8_t *in, size_t n, uint8_t *out);
/* 0 with *outlen bytes in out, or -1 when the tag does not verify. */
int fvp_open(const uint8_t key[FVP_KEY_SIZE], const uint8_t *in, size_t n,
	     uint8_t *out, size_t *outlen);

/* ---- image.c -------------------------------------------------------- */

/* Each Realm's private memory: one measured image granule followed by
 * FVP_RAM_PAGES unmeasured RAM granules, at a 2 MiB-aligned IPA clear of
 * its protected windows. */
#define FVP_RAM_PAGES 24u
#define FVP_IMAGE_MAGIC "MICA-FVP REALM IMAGE 1\n"

/* The image granule of a Realm program: text naming the program and the
 * Realm, zero padded. */
void fvp_image_build(uint8_t page[FVP_GRANULE], const char *program,
		     const char *realm);
/* The program an image names ("program: NAME" line) into name, or -1. */
int fvp_image_program(const uint8_t page[FVP_GRANULE], char *name,
		      size_t cap);
/* The lowest 2 MiB-aligned IPA where the image and RAM of realm i do not
 * meet any of its protected windows. */
uint64_t fvp_image_base(const mica_ir *ir, uint32_t i);

/* ---- programs.c: the Realm programs -------------------------------------- */

/* One window of a realm, from the policy it was built for. */
struct fvp_window {
	uint32_t region;
	uint64_t ipa, size;
	unsigned rights;            /* MICA_R / MICA_W / MICA_RW */
	int protected_;
};

/* What `run` shares with its Realm programs (vcpu->arg; traffic.h). */
struct fvp_traffic;

/* A realm's windows in policy order; returns how many (<= cap). A blob
 * holds at most 16 regions; arrays of FVP_MAX_WINDOWS hold them all. */
#define FVP_MAX_WINDOWS 32
size_t fvp_windows(const mica_ir *ir, uint32_t i, struct fvp_window *w,
		   size_t cap);
/* The program of realm i: a stage of a bundled example, else "generic". */
const char *fvp_program_for(const mica_ir *ir, uint32_t i);
fvp_program_fn *fvp_program_lookup(const char *name);
fvp_program_fn fvp_program_script;   /* obeys fvp_vcpu.op (scenarios) */
fvp_program_fn fvp_program_probe;    /* reports its RIM in a host call */
/* Is it the program of the Realm the tenant talks to ("entry", or a
 * bundled example's gateway or agent)? */
int fvp_program_is_entry(const char *name);

/* ---- policy.c: a compiled policy and its images -------------------- */

struct fvp_image {
	const char *program;        /* the Realm program its image names */
	uint8_t image[FVP_GRANULE]; /* the measured image granule */
	uint64_t ipa;               /* image IPA; RAM follows it */
	uint8_t measured[MICA_MAX_DIGEST];  /* under the model (measure) */
};

struct fvp_policy {
	mica_unit unit;            /* source, diagnostics, tree, IR */
	const mica_ir *ir;
	mica_outputs out;           /* blobs by realm name, reference.json */
	mica_hash_alg alg;
	size_t dlen;                /* digest size of alg */
	struct fvp_image *img;      /* per realm */
};

/* Loads, checks and compiles a policy file, diagnostics on stderr.
 * Returns 0, 1 (the policy has errors) or 2 (cannot read it). */
int fvp_policy_load(struct fvp_policy *p, const char *path);
void fvp_policy_free(struct fvp_policy *p);
/* Fills img[i].measured for every realm (0, or -1 with a message). */
int fvp_policy_measure(struct fvp_policy *p);
const mica_output *fvp_policy_blob(const struct fvp_policy *p, uint32_t i);
const mica_output *fvp_policy_reference(const struct fvp_policy *p);
/* Index of a realm or region by name, or -1. */
int fvp_policy_realm(const struct fvp_policy *p, const char *name);
int fvp_policy_region(const struct fvp_policy *p, const char *name);

/* ---- host.c: the untrusted host ------------------------------------ */

/* The host call immediate of the probe program (measure). */
#define FVP_PROBE_IMM 0xF00Du

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

/* ---- the commands (run.c, script.c); argv[0] is the command name ---- */
int fvp_cmd_run(int argc, char **argv);
int fvp_cmd_measure(int argc, char **argv);
int fvp_cmd_script(int argc, char **argv);

/* "sha256:<hex>" of a digest into buf (>= 8 + 128 + 1 bytes). */
const char *fvp_digest_text(mica_hash_alg alg, const uint8_t *d, char *buf);

#endif
