/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * scenario.h -- what the files of `mica-fvp script` share (not an API):
 * the state of a scenario being played, the outcome of a step, and the
 * steps the driver's table names (man/mica-fvp-scenario.5).
 *   parse.c     diagnostics, outcomes, the tokens of a line and numbers.
 *   args.c      a step's arguments: realms, regions, pages and PAs.
 *   host_rmi.c  the host's RMI steps: policy, load, create, bind,
 *               activate, destroy.
 *   host_mem.c  the host's memory steps: map, unmap, map-unprotected,
 *               delegate, undelegate, host-read, host-write, canary.
 *   realm.c     the Realm's steps, through the scenario program: access,
 *               plant, hostcall, mmio, ripas, touch, psci.
 *   attest.c    attest (the Realm) and verify (the tenant).
 *   driver.c    `mica-fvp script`: reads the file, splits off each step's
 *               expectation, runs the step and prints its outcome.
 */
#ifndef MICA_FVP_SCENARIO_H
#define MICA_FVP_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "../host.h"
#include "../platform.h"
#include "../policy.h"

#define MAXTOK 24
#define MAXOTHER 4
#define MAXENTRIES 16     /* REC_ENTERs one Realm step may take */
#define DEFAULT_WRITE "mica-scenario-probe"

struct tok {
	char *s;
	unsigned col;         /* 1-based */
};

/* What a step did: ok, or denied with a tag an expectation can pin
 * ("ERROR_INPUT", "sea", "rsi", "psci", "gpf", "challenge-fails"...). */
struct outcome {
	int ok;
	char tag[32];
	char detail[200];
};

struct scn {
	const char *file;
	char dir[4096];
	int verbose;
	unsigned line;
	unsigned endcol;              /* column just past the line's text */
	struct fvp_policy pol;
	int have_pol;
	int adopt;
	struct fvp_host h;
	int have_host;
	struct fvp_policy other[MAXOTHER];
	char other_name[MAXOTHER][32];
	int nother;
	uint8_t *token;               /* the last token a Realm made */
	size_t ntoken;
	uint8_t challenge[64];        /* the challenge it was made for */
	char canary[40];
};

/* What the host saw while a Realm carried out one op. */
struct seen {
	int hostcall, psci, mmio, ripas, abort;
	uint64_t imm, ipa, ripas_base, ripas_top;
	unsigned long st;             /* a REC_ENTER that failed */
	unsigned entries;
};

/* A step: 0 with its outcome in *o, or 2 after a syntax error. */
typedef int scn_step_fn(struct scn *s, struct tok *t, int n, struct outcome *o);

/* ---- parse.c: diagnostics, outcomes, tokens and numbers ---------------- */

/* A problem with the scenario itself: status 2. */
int scn_syntax(struct scn *s, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void scn_deny(struct outcome *o, const char *tag, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void scn_okay(struct outcome *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

const char *scn_rmi_name(unsigned long st);

/* The outcome of an RMI step: its status names the denial. */
void scn_rmi_outcome(struct outcome *o, const char *what, unsigned long st);

/* Splits line in place into tokens; a '#' starts a comment. Returns the
 * count, or -1 when there are more than MAXTOK (col of the first extra
 * one in *bad). */
int scn_tokenize(char *line, struct tok *t, unsigned *bad, unsigned *end);

/* An unsigned number: decimal or 0x hex, '_' between digits allowed
 * (as in policies). 0, or -1 when it is not one or does not fit. */
int scn_number(const char *s, uint64_t *v);

int scn_hexbytes(const char *s, uint8_t *out, size_t cap, size_t *n);

/* ---- args.c: the arguments of a step, by name ------------------------- */

/* Are there at least k words? Else a syntax error at the end of line. */
int scn_need(struct scn *s, const struct tok *t, int n, int k,
	     const char *what);

/* An IPA (a number), else a syntax error at it. */
int scn_ipa_arg(struct scn *s, const struct tok *t, uint64_t *ipa);
/* Nothing after the first k words, else a syntax error at word k. */
int scn_end(struct scn *s, const struct tok *t, int n, int k);
int scn_realm_arg(struct scn *s, const struct tok *t, uint32_t *i);

int scn_region_arg(struct scn *s, const struct tok *t, uint32_t *g);

/* [ALIAS:]REALM: a realm of the scenario's policy or of one loaded with
 * `load ALIAS PATH`. */
int scn_qualified_realm(struct scn *s, const struct tok *t,
			const struct fvp_policy **pol, uint32_t *i);

/* The window of realm i in region g, or NULL. */
const mica_ir_access *scn_window(const struct scn *s, uint32_t i,
				 uint32_t g);

uint64_t scn_region_pages(const struct scn *s, uint32_t g);

/* A physical granule: REGION:PAGE (the page's granule, allocated and
 * delegated for a protected region on first use), fresh (a new
 * delegated granule), ns (a new NS granule), data:REALM:K (DATA granule
 * k of a realm: 0 is its image), rd:REALM, rec:REALM, or a number. */
int scn_pa_arg(struct scn *s, const struct tok *t, unsigned long *pa);

/* ---- host_rmi.c: the host's RMI steps ---------------------------------- */

int scn_step_policy(struct scn *s, struct tok *t, int n, struct outcome *o);

int scn_step_load(struct scn *s, struct tok *t, int n, struct outcome *o);

/* create REALM [image [ALIAS:]REALM2] [windows [ALIAS:]REALM3] [width BITS] */
int scn_step_create(struct scn *s, struct tok *t, int n, struct outcome *o);

int scn_step_bind(struct scn *s, struct tok *t, int n, struct outcome *o);

/* activate REALM, destroy REALM: the host's whole sequence for one
 * realm, its outcome that of the first refused call. */
int scn_step_realm(struct scn *s, struct tok *t, int n, struct outcome *o);

/* ---- host_mem.c: the host's memory steps ------------------------------- */

/* `REGION PAGE [at IPA]`: the IPA of that page in realm i (the window's
 * by default). Consumes tokens from *k. */
int scn_page_ipa(struct scn *s, struct tok *t, int n, int *k, uint32_t i,
		 uint32_t *g, uint64_t *page, uint64_t *ipa);

int scn_step_map(struct scn *s, struct tok *t, int n, struct outcome *o);

int scn_step_unmap(struct scn *s, struct tok *t, int n, struct outcome *o);

/* map-unprotected REALM IPA pa GRANULE [r|w|rw] */
int scn_step_map_ns(struct scn *s, struct tok *t, int n, struct outcome *o);

/* delegate GRANULE, undelegate GRANULE */
int scn_step_delegation(struct scn *s, struct tok *t, int n,
			struct outcome *o);

/* host-read GRANULE [zero]: a load of the whole granule through the GPT. */
int scn_step_host_access(struct scn *s, struct tok *t, int n,
			 struct outcome *o);

int scn_step_canary(struct scn *s, struct tok *t, int n, struct outcome *o);

/* ---- realm.c: the Realm's steps ---------------------------------------- */

/* Hands op to realm i and enters it until it says done (bounded). The
 * host answers every exit the way fvp_host_enter does. */
int scn_run_op(struct scn *s, uint32_t i, const struct fvp_op *op,
	       struct seen *seen, struct outcome *o);

/* access REALM read|write REGION PAGE [at IPA] [+OFFSET] [DATA] */
int scn_step_access(struct scn *s, struct tok *t, int n, struct outcome *o);

/* plant REALM REGION PAGE [+OFFSET]: the canary stored by the realm. */
int scn_step_plant(struct scn *s, struct tok *t, int n, struct outcome *o);

int scn_step_hostcall(struct scn *s, struct tok *t, int n,
		      struct outcome *o);

int scn_step_mmio(struct scn *s, struct tok *t, int n, struct outcome *o);

/* ripas REALM BASE TOP: ok when the host received the RIPAS change
 * exit for [BASE, TOP); denied "rsi" when the RMM refused the request
 * inside the Realm and the host saw nothing. */
int scn_step_ripas(struct scn *s, struct tok *t, int n, struct outcome *o);

/* touch REALM IPA: an 8-byte load from a protected IPA no page backs.
 * ok when the abort reached the host (with that IPA); denied "sea" when
 * the Realm took an SEA and the host saw nothing; denied "backed" when
 * the load completed. */
int scn_step_touch(struct scn *s, struct tok *t, int n, struct outcome *o);

/* ok: the host got the PSCI exit, or the RMM answered it without an
 * error; denied "psci": the call returned a negative PSCI status. */
int scn_step_psci(struct scn *s, struct tok *t, int n, struct outcome *o);

/* ---- attest.c: attest (the Realm) and verify (the tenant) -------------- */

/* attest REALM [group] [challenge HEX] */
int scn_step_attest(struct scn *s, struct tok *t, int n, struct outcome *o);

/* verify [challenge HEX] [all]: the tenant's check of the last token. */
int scn_step_verify(struct scn *s, struct tok *t, int n, struct outcome *o);
int scn_step_audit(struct scn *s, struct tok *t, int n, struct outcome *o);

#endif
