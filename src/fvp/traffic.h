/*
 * traffic.h -- how `mica-fvp run` moves the tenant's data through a
 * deployed pipeline (man/mica-fvp.1, THE RUN). The pieces, one file
 * each:
 *   channel.c  messages (a 256-byte header and a payload) and the chunks
 *              that carry them through a window of any size.
 *   plan.c     what the policy makes of a run: the Realms the tenant
 *              talks to, where each writer's slot lies, what reaches
 *              whom and what each exit waits for.
 *   deadend.c  the plan's check before deploying: data that could never
 *              come back, named in the policy's terms with advice.
 *   memory.c   how much of the model's memory a deployment takes.
 *   stage.c    the one Realm program of a run: reads every slot, passes
 *              what it reads on (or through a bundled transform).
 *   endpoint.c the tenant's protocol inside a Realm the tenant talks to.
 *   stages.c   the transforms of the bundled examples.
 *   network.c  the host's schedule and its moves of the tenant's
 *              messages through host memory (or the mailbox).
 *   tenant.c   the tenant: inputs, sessions, tokens.
 *   results.c  the tenant's checks of the results an endpoint sends.
 *   verdict.c  steps 4 to 6: the two verdicts, attestation and traffic.
 *   reasons.c  why an exit got nothing, from what the model saw.
 *   run.c      the command: options, the checks before deploying,
 *              steps 1 to 3, the outputs and the last line.
 */
#ifndef MICA_FVP_TRAFFIC_H
#define MICA_FVP_TRAFFIC_H

#include "fvp.h"

/* ---- channel.c: messages and chunks ----------------------------------- */

#define FVP_MSG_MAGIC "MICAMSG1"
#define FVP_MSG_HDR 256u
#define FVP_MSG_HOPS 10u            /* stages a header names */
#define FVP_MSG_MAX (64u * 1024u)   /* payload a bundled transform takes */
#define FVP_FRAME_MAX (16u << 20)   /* a message on the chunk layer */
#define FVP_CHUNK_MAGIC "MICACHK1"
#define FVP_CHUNK_HDR 64u

/* A message header. The trace names the first FVP_MSG_HOPS - 1 stages
 * and the latest one; nhops counts them all (up to 255). */
struct fvp_msg {
	uint64_t seq;
	uint64_t len;
	uint8_t sum[32];            /* SHA-256 of the payload */
	uint8_t origin[32];         /* SHA-256 of the tenant's input */
	unsigned nhops;
	char hop[FVP_MSG_HOPS][16];
};

/* The header of m for payload p (m->len bytes); m->sum is set. */
void fvp_msg_encode(struct fvp_msg *m, const uint8_t *p,
		    uint8_t h[FVP_MSG_HDR]);
/* 0, or -1 for bytes that are not a header. */
int fvp_msg_decode(const uint8_t h[FVP_MSG_HDR], struct fvp_msg *m);
/* Header then payload, malloc'd (*n bytes), or NULL. */
uint8_t *fvp_frame(struct fvp_msg *m, const uint8_t *p, size_t *n);
/* A frame's header into m and its payload into *p: 0 when the
 * checksum holds, -1 otherwise. */
int fvp_frame_open(const uint8_t *f, size_t n, struct fvp_msg *m,
		   const uint8_t **p);
void fvp_msg_hop(struct fvp_msg *m, const char *stage);
/* "a -> b -> c" into buf. */
void fvp_msg_trace(const struct fvp_msg *m, char *buf, size_t cap);

/* Where chunks travel: bytes [base, base + size) that io reaches (a
 * Realm's loads and stores at IPAs, or the host's through the granules
 * of a region, or the model's mailbox). io returns 0 or -1. */
typedef int fvp_io_fn(void *ctx, uint64_t addr, void *buf, size_t n,
		      int write);
struct fvp_area {
	fvp_io_fn *io;
	void *ctx;
	uint64_t base, size;
};

/* A writer: frames queued, sent one chunk at a time. */
struct fvp_txq;
struct fvp_tx {
	uint64_t seq;               /* chunks written */
	struct fvp_txq *head, *tail;
	size_t off;                 /* of the head frame, already sent */
};
/* Queues frame (taken over, freed when sent): 0 or -1. */
int fvp_tx_push(struct fvp_tx *t, uint8_t *frame, size_t n);
/* Writes the next chunk: 1, 0 when nothing is queued, -1 when a store
 * failed (the frame is dropped). */
int fvp_tx_step(struct fvp_tx *t, const struct fvp_area *a);
int fvp_tx_pending(const struct fvp_tx *t);
void fvp_tx_free(struct fvp_tx *t);

/* A reader of one writer's slot. */
struct fvp_rx {
	uint64_t seq;               /* the last chunk read */
	uint8_t *buf;               /* the frame being put together */
	size_t len, have;
	uint64_t lost;              /* chunks missed or malformed */
};
/* Reads the slot's chunk if it is new: 2 and a whole frame in *frame
 * (malloc'd, *n bytes), 1 a chunk taken (a part of a frame, or one
 * skipped), 0 nothing new, -1 a load that failed. Chunks missed (a gap
 * in the sequence numbers: overwritten before they were read) and
 * malformed ones are counted in lost, and the frame they belong to is
 * dropped. */
int fvp_rx_poll(struct fvp_rx *r, const struct fvp_area *a, uint8_t **frame,
		size_t *n);
void fvp_rx_free(struct fvp_rx *r);

/* ---- stages.c: the bundled examples' transforms ----------------------- */

/* Given a message that arrived in region `from`, emit() what goes to
 * which region. */
typedef void fvp_emit_fn(void *ctx, const char *region, const uint8_t *p,
			 size_t n);
typedef void fvp_transform_fn(const char *from, const uint8_t *p, size_t n,
			      fvp_emit_fn *emit, void *ctx);
/* The transform of a bundled stage, or NULL (the generic stage). */
fvp_transform_fn *fvp_stage_transform(const char *program);
/* Run-length coding of the video example: "count byte" pairs. */
size_t fvp_rle_encode(const uint8_t *in, size_t n, uint8_t *out, size_t cap);
size_t fvp_rle_decode(const uint8_t *in, size_t n, uint8_t *out, size_t cap);

/* ---- plan.c, deadend.c: the run a policy makes ------------------------ */

struct fvp_role {
	int endpoint;               /* the tenant talks to it */
	int channel;                /* ... through its unprotected windows */
	int echo;                   /* a generic endpoint: sends its own
				     * input back and passes on what it
				     * collects (a bundled entry does not) */
	uint32_t in_region, out_region;   /* channel: its parts ... */
	uint64_t in_off, in_size, out_off, out_size;   /* ... in them */
	int useful;                 /* what it writes can reach the tenant */
};

struct fvp_plan {
	const mica_ir *ir;
	struct fvp_role *role;      /* per realm */
	uint32_t *ep, nep;          /* endpoints, policy order; ep[0] first */
	int mailbox;                /* no channel: the model carries ep[0]'s */
	uint32_t *order;            /* the host's schedule */
	uint8_t *reached;           /* [k * nrealms + i]: ep[k]'s input
				     * reaches realm i */
	char **problem;             /* dead ends, each a sentence */
	size_t nproblems;
	char **note;                /* what the run does not check */
	size_t nnotes;
};

int fvp_plan_build(struct fvp_plan *p, const struct fvp_policy *pol);
void fvp_plan_free(struct fvp_plan *p);
/* Does realm i map region g with right (MICA_R or MICA_W)? */
int fvp_maps(const mica_ir *ir, uint32_t i, uint32_t g, unsigned right);
/* The slot of writer w in protected region g, relative to the region:
 * 0, or -1 when w does not write g. */
int fvp_plan_slot(const mica_ir *ir, uint32_t g, uint32_t w, uint64_t *off,
		  uint64_t *size);
/* Messages realm x, an endpoint, waits for from writer w in region g. */
uint32_t fvp_plan_expect(const struct fvp_plan *p, uint32_t x, uint32_t g,
			 uint32_t w);
/* Everything endpoint x sends back: its slots' messages and its echo. */
uint32_t fvp_plan_results(const struct fvp_plan *p, uint32_t x);
/* The endpoint index of realm i, or -1. */
int fvp_plan_ep(const struct fvp_plan *p, uint32_t i);
/* Adds the dead ends (deadend.c): 0, or -1 out of memory. */
int fvp_plan_deadends(struct fvp_plan *p);
/* Appends a formatted sentence to a list: 0 or -1. */
int fvp_plan_say(char ***list, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- memory.c ------------------------------------------------------- */

/* Granules a deployment of pol takes from the model's memory. */
uint64_t fvp_memory_need(const struct fvp_policy *pol);
/* "256 MiB", "24.4 MiB", "12 KiB" for a number of granules. */
const char *fvp_memory_text(uint64_t granules, char *buf, size_t cap);
/* Parses SIZE (bytes, or with B, KiB, MiB, GiB) into granules: 0, or
 * -1 when it is not a multiple of 4 KiB, zero or not a size. */
int fvp_memory_parse(const char *s, uint64_t *granules);

/* ---- what the run shares with the Realm programs (vcpu->arg) ---------- */

/* A Realm program's counts, for the report (sizes only) and for the
 * reasons of a failure. */
struct fvp_stats {
	uint64_t msgs_in, msgs_out, bytes_in, bytes_out, bad;
	uint64_t chunks, lost;      /* chunks moved; chunks missed */
};

enum { FVP_FAULT_NONE, FVP_FAULT_STARVE, FVP_FAULT_TOKEN,
       FVP_FAULT_RESULTS, FVP_FAULT_PLAINTEXT };

struct fvp_stage;

struct fvp_traffic {
	const struct fvp_policy *pol;
	const struct fvp_plan *plan;
	struct fvp_stats *stats;    /* per realm */
	uint8_t *got;               /* [k * nrealms + i]: realm i read ep[k]'s
				     * input (the model's view, for reasons) */
	uint8_t (*origin)[32];      /* per endpoint: its input's digest */
	uint8_t *mailbox;           /* mailbox mode: in, then out */
	uint64_t mailbox_size;      /* each half */
	struct fvp_stage **stage;   /* per realm, while its program runs */
	int fault;                  /* FVP_FAULT_*, for the tests */
	uint32_t fault_realm;
};

/* ---- stage.c, endpoint.c: the Realm program of a run ----------------- */

struct fvp_slot_rx {                /* a writer's slot this realm reads */
	uint32_t region, writer;
	struct fvp_area a;
	struct fvp_rx rx;
	uint32_t expect, got;       /* endpoints: messages waited for */
};

struct fvp_slot_tx {                /* this realm's slot in a region */
	uint32_t region;
	struct fvp_area a;
	struct fvp_tx tx;
};

struct fvp_stage {
	struct fvp_vcpu *v;
	struct fvp_traffic *t;
	const struct fvp_role *role;
	const char *self;
	fvp_transform_fn *tf;       /* a bundled transform, or NULL */
	int forward;                /* passes its slots' messages on */
	struct fvp_slot_rx *rx;
	struct fvp_slot_tx *tx;
	size_t nrx, ntx;
	uint8_t (*seen)[64];        /* origin || sum of what it passed on */
	size_t nseen;
	struct fvp_stats *st;
	/* an endpoint: its channel */
	struct fvp_area chan_in, chan_out;
	struct fvp_rx chan_rx;
	struct fvp_tx chan_tx;
	struct fvp_ecdh *key;
	uint8_t session[FVP_KEY_SIZE];
	int have_input, replied;
	uint8_t *result;            /* framed results */
	size_t nresult;
	const struct fvp_msg *in;   /* the message being transformed */
};

fvp_program_fn fvp_program_stage;
/* Passes message m (payload p) on to every slot this realm writes,
 * through the transform; from: the region it came in. */
void fvp_stage_pass(struct fvp_stage *s, const char *from,
		    const struct fvp_msg *m, const uint8_t *p);
/* Endpoint side: a frame from the tenant; a message for the results. */
void fvp_endpoint_frame(struct fvp_stage *s, const uint8_t *f, size_t n);
void fvp_endpoint_result(struct fvp_stage *s, const uint8_t *f, size_t n);
/* Sends the results once everything waited for is there. */
void fvp_endpoint_step(struct fvp_stage *s);
void fvp_endpoint_free(struct fvp_stage *s);
/* Records that this realm read endpoint input with digest origin. */
void fvp_stage_got(struct fvp_stage *s, const uint8_t origin[32]);

/* ---- network.c: the host's schedule and the tenant's messages ------- */

/* The model's mailbox (an endpoint without a channel): bytes [addr,
 * addr + n) of t->mailbox, for both the Realm and the host. */
int fvp_mailbox_io(void *ctx, uint64_t addr, void *buf, size_t n, int write);

struct fvp_net;
struct fvp_net *fvp_net_new(struct fvp_host *h, struct fvp_traffic *t);
void fvp_net_free(struct fvp_net *n);
/* Queues message seq for endpoint k: 0 or -1. */
int fvp_net_send(struct fvp_net *n, uint32_t k, uint64_t seq,
		 const uint8_t *p, size_t len);
/* Schedules rounds until every endpoint has sent message seq, or until
 * nothing moves any more. Returns how many have not. */
size_t fvp_net_pump(struct fvp_net *n, uint64_t seq, unsigned *rounds);
/* Endpoint k's message seq as the tenant received it, or NULL. */
const uint8_t *fvp_net_reply(const struct fvp_net *n, uint32_t k,
			     uint64_t seq, size_t *len);
/* REC_ENTERs of realm i during message seq's pump. */
uint64_t fvp_net_entered(const struct fvp_net *n, uint32_t i);

/* ---- tenant.c: the tenant ----------------------------------------------- */

/* The tenant's session with one endpoint. */
struct fvp_session {
	uint32_t realm;
	uint8_t nonce[32];
	uint8_t pub[FVP_PUB_SIZE];
	struct fvp_ecdh *key;
	uint8_t challenge[64];
	uint8_t session[FVP_KEY_SIZE];
	uint8_t *input;             /* what the tenant sends it */
	size_t ninput;
	uint8_t input_digest[32];
	uint8_t *token;             /* the group token it sent */
	size_t ntoken;
	mica_verdict verdict;
	int verified;
	size_t members;             /* reference realms the token matched */
	char attester[128];
	size_t results, bad;        /* messages back; those not intact */
};

struct fvp_tenant {
	const struct fvp_policy *pol;
	const struct fvp_plan *plan;
	int video;                  /* the video example: frames, not text */
	char canary[40];            /* in every input; never in NS memory */
	struct fvp_session *s;      /* per endpoint */
	size_t ns;
	int intact_video;
};

int fvp_tenant_init(struct fvp_tenant *t, const struct fvp_policy *pol,
		    const struct fvp_plan *plan);
void fvp_tenant_free(struct fvp_tenant *t);
/* The hello to endpoint k: nonce || public key (out: 97 bytes). */
size_t fvp_tenant_hello(const struct fvp_tenant *t, size_t k, uint8_t *out);
/* Endpoint k's reply (public key || token): verifies the token against
 * the platform key, micac's reference values and the challenge, then
 * derives the session key. 0, or -1 with the session's verdict saying
 * why. */
int fvp_tenant_attested(struct fvp_tenant *t, size_t k, const uint8_t *msg,
			size_t n, const unsigned char *pem, int require_all);
/* The input for endpoint k, sealed (malloc'd, *n bytes), or NULL. */
uint8_t *fvp_tenant_input(const struct fvp_tenant *t, size_t k, size_t *n);
/* Opens and checks endpoint k's results, a line each in report: 0, or
 * -1 with *why saying what is wrong (a static string or one in buf). */
int fvp_tenant_results(struct fvp_tenant *t, size_t k, const uint8_t *msg,
		       size_t n, FILE *report, char *why, size_t cap);

/* ---- run.c, verdict.c ----------------------------------------------- */

struct fvp_run {
	struct fvp_policy pol;
	struct fvp_plan plan;
	struct fvp_host h;
	struct fvp_traffic t;
	struct fvp_tenant tenant;
	struct fvp_net *net;
	FILE *report;               /* the report, also shown on stdout */
	char *report_text;
	size_t report_len;
	int quiet;
	unsigned rounds;            /* the host's scheduling rounds */
	char why[512];              /* the failure, in one sentence */
};

/* A progress line, to the report and (unless quiet) stdout. */
void fvp_say(struct fvp_run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Steps 4 to 6: 0 verified and intact, 1 attestation failed, 3 traffic
 * failed (r->why says why). */
int fvp_run_traffic(struct fvp_run *r, const unsigned char *pem);
/* Why endpoint k sent nothing back, into buf. */
void fvp_verdict_silent(struct fvp_run *r, uint32_t k, char *buf,
			size_t cap);

#endif
