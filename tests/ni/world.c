/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * world.c -- the walk's untrusted host (ni.h): one model machine
 * (src/fvp/machine.c) for a whole policy set, with as many Realm
 * instances as the walk creates, each bound to any blob of any policy.
 *
 * The host reaches the RMM only through RMI calls (ni_rmi), and every
 * refused call is checked to leave the RMM's context, the GPT and the
 * granules it names byte-identical. The one other touch is the model's
 * adopt shortcut (mica-fvp(1)): an instance built from realm X's image
 * gets X's declared measurement as its RIM while it is NEW, as the same
 * binary would give it on a real platform.
 */
#include <stdlib.h>
#include <string.h>

#include "ni.h"

#define HALF48 (1ull << 47)
#define SNAPG 16u

const char *const ni_rule_name[NI_R_COUNT] = {
	"checker-unsound", "read-outside-reach", "readable-outside-reach",
	"canary-in-ns-memory", "canary-in-register", "narrow-channel",
	"wfx-bit", "exit-not-allowed", "gpt-state", "delegated-not-zero",
	"shared-mapping", "named-subject-twice", "any-limit",
	"join-without-any", "unprotected-mapping", "wrong-pas",
	"ripas-changed", "refused-call-changed-state", "blob-reader",
	"deploy-refused", "forged-blob", "clone-swapped-in",
	"joined-participant-misjudged",
};

const char *const ni_step_name[NI_S_COUNT] = {
	"deploy", "realm", "share-map", "share-unmap", "map-unprotected",
	"unmap-unprotected", "data-create", "data-destroy", "rtt",
	"delegate", "realm-destroy", "recreate", "clone", "foreign-blob",
	"joiner-clone", "plain-realm", "bind-blob", "rtt-set-ripas",
	"rtt-init-ripas", "rec", "garbage-rmi", "host-memory",
};

uint64_t ni_unprot_base(unsigned s2sz)
{
	return 1ull << (s2sz - 1);
}

int ni_protected(const struct ni_inst *x, uint64_t ipa)
{
	return ipa < ni_unprot_base(x->s2sz);
}

unsigned ni_slot(const struct ni_world *w, const struct ni_inst *x)
{
	return w->m.rmm->granule[(x->rd - FVP_BASE_PA) / FVP_GRANULE].owner;
}

/* ---- memory ----------------------------------------------------------- */

unsigned long ni_granule(struct ni_world *w)
{
	unsigned long pa;

	if (w->m.high >= FVP_NGRANULES)
		return 0;
	pa = FVP_BASE_PA + w->m.high * FVP_GRANULE;
	w->m.high++;
	return pa;
}

unsigned long ni_delegated(struct ni_world *w)
{
	unsigned long pa = ni_granule(w), ret[5];

	if (pa == 0 ||
	    ni_rmi(w, MICA_RMI_GRANULE_DELEGATE, pa, 0, 0, 0, 0, ret) != 0)
		return 0;
	return pa;
}

static int write_scratch(struct ni_world *w, const void *p, size_t n)
{
	static const uint8_t zero[FVP_GRANULE];

	ni_dirty(w, w->scratch);
	return fvp_host_write(&w->m, w->scratch, zero, sizeof zero) ||
	       fvp_host_write(&w->m, w->scratch, p, n);
}

/* ---- RMI ---------------------------------------------------------------- */

static const struct {
	unsigned long fid;
	const char *name;
} rmi_names[] = {
	{ MICA_RMI_VERSION, "VERSION" },
	{ MICA_RMI_GRANULE_DELEGATE, "GRANULE_DELEGATE" },
	{ MICA_RMI_GRANULE_UNDELEGATE, "GRANULE_UNDELEGATE" },
	{ MICA_RMI_DATA_CREATE, "DATA_CREATE" },
	{ MICA_RMI_DATA_CREATE_UNKNOWN, "DATA_CREATE_UNKNOWN" },
	{ MICA_RMI_DATA_DESTROY, "DATA_DESTROY" },
	{ MICA_RMI_REALM_ACTIVATE, "REALM_ACTIVATE" },
	{ MICA_RMI_REALM_CREATE, "REALM_CREATE" },
	{ MICA_RMI_REALM_DESTROY, "REALM_DESTROY" },
	{ MICA_RMI_REC_CREATE, "REC_CREATE" },
	{ MICA_RMI_REC_DESTROY, "REC_DESTROY" },
	{ MICA_RMI_REC_ENTER, "REC_ENTER" },
	{ MICA_RMI_RTT_CREATE, "RTT_CREATE" },
	{ MICA_RMI_RTT_DESTROY, "RTT_DESTROY" },
	{ MICA_RMI_RTT_MAP_UNPROTECTED, "RTT_MAP_UNPROTECTED" },
	{ MICA_RMI_RTT_READ_ENTRY, "RTT_READ_ENTRY" },
	{ MICA_RMI_RTT_UNMAP_UNPROTECTED, "RTT_UNMAP_UNPROTECTED" },
	{ MICA_RMI_FEATURES, "FEATURES" },
	{ MICA_RMI_RTT_INIT_RIPAS, "RTT_INIT_RIPAS" },
	{ MICA_RMI_RTT_SET_RIPAS, "RTT_SET_RIPAS" },
	{ MICA_RMI_POLICY_BIND, "POLICY_BIND" },
	{ MICA_RMI_SHARE_MAP, "SHARE_MAP" },
	{ MICA_RMI_SHARE_UNMAP, "SHARE_UNMAP" },
};

static const char *rmi_name(unsigned long fid)
{
	for (size_t i = 0; i < sizeof rmi_names / sizeof rmi_names[0]; i++)
		if (rmi_names[i].fid == fid)
			return rmi_names[i].name;
	return "RMI";
}

static int managed(const struct ni_world *w, unsigned long pa)
{
	return pa >= FVP_BASE_PA &&
	       pa < FVP_BASE_PA + (unsigned long)w->m.high * FVP_GRANULE;
}

static void snap_pa(struct ni_world *w, unsigned long pa)
{
	pa &= ~(FVP_GRANULE - 1);
	if (!managed(w, pa) || w->nsnappa == SNAPG)
		return;
	for (unsigned i = 0; i < w->nsnappa; i++)
		if (w->snappa[i] == pa)
			return;
	memcpy(w->snapmem + w->nsnappa * FVP_GRANULE,
	       w->m.mem + (pa - FVP_BASE_PA), FVP_GRANULE);
	w->snappa[w->nsnappa++] = pa;
}

/* The parts of the RMM's context a call could change, as (offset,
 * length): everything but the granule and shared-granule records past
 * the memory handed out, and Realm slots that are free (a free slot is
 * all zeros; its state byte is still compared). */
static void snap_spans(struct ni_world *w)
{
	const struct mica_rmm *rmm = w->m.rmm;
	size_t g0 = offsetof(struct mica_rmm, granule);
	size_t r0 = offsetof(struct mica_rmm, realm);
	size_t s0 = offsetof(struct mica_rmm, share);
	size_t rec0 = offsetof(struct mica_rmm, rec);

	w->nspan = 0;
	w->span[w->nspan][0] = 0;
	w->span[w->nspan++][1] = g0 + w->m.high * sizeof rmm->granule[0];
	for (unsigned i = 0; i < MICA_RMM_MAX_REALMS; i++) {
		size_t off = r0 + i * sizeof rmm->realm[0];

		w->span[w->nspan][0] = off;
		w->span[w->nspan++][1] = rmm->realm[i].state != MICA_REALM_FREE
					 ? sizeof rmm->realm[0]
					 : offsetof(struct mica_rmm_realm, state) + 1;
	}
	w->span[w->nspan][0] = rec0;
	w->span[w->nspan++][1] = s0 - rec0;
	w->span[w->nspan][0] = s0;
	w->span[w->nspan++][1] = w->m.high * sizeof rmm->share[0];
	w->span[w->nspan][0] = offsetof(struct mica_rmm, shidx);
	w->span[w->nspan++][1] = sizeof rmm->shidx;
}

/* The part of the context a byte offset falls in, for reports. */
static const char *ctx_part(size_t off)
{
	static const struct {
		size_t off;
		const char *name;
	} parts[] = {
		{ offsetof(struct mica_rmm, granule), "granule table" },
		{ offsetof(struct mica_rmm, realm), "realm table" },
		{ offsetof(struct mica_rmm, rec), "REC table" },
		{ offsetof(struct mica_rmm, share), "shared-granule records" },
		{ offsetof(struct mica_rmm, shidx), "shared-granule index" },
	};
	const char *name = "context header";

	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (off >= parts[i].off)
			name = parts[i].name;
	return name;
}

unsigned long ni_rmi(struct ni_world *w, unsigned long fid, unsigned long a1,
		     unsigned long a2, unsigned long a3, unsigned long a4,
		     unsigned long a5, unsigned long ret[5])
{
	unsigned long x[7] = { fid, a1, a2, a3, a4, a5, 0 }, st;
	const unsigned char *a, *b;
	struct ni_inst *rx;

	/* Before: the context, the GPT, and the granules the call names
	 * (with the RTTs of the Realm it names). */
	snap_spans(w);
	for (unsigned i = 0; i < w->nspan; i++)
		memcpy((uint8_t *)w->snap + w->span[i][0],
		       (const uint8_t *)w->m.rmm + w->span[i][0], w->span[i][1]);
	memcpy(w->snapgpt, w->m.gpt, w->m.high);
	w->nsnappa = 0;
	for (unsigned i = 1; i < 6; i++)
		snap_pa(w, x[i]);
	if ((rx = ni_inst_by_rd(w, a1)) != NULL)
		for (unsigned i = 0; i < rx->nrtt; i++)
			snap_pa(w, rx->rtt[i].pa);
	st = fvp_smc(&w->m, x, ret);
	w->rmi_calls++;
	for (unsigned i = 1; i < 6; i++)
		ni_dirty(w, x[i]);
	for (unsigned i = 0; i < 5; i++)
		if (ni_scan_reg(w, ret[i]))
			ni_violation(w, NI_R_EXITREG, "%s returned a canary in "
				     "x%u", rmi_name(fid), i);
	/* Which region a fresh shared granule backs; and no unprotected
	 * mapping of memory the RMM holds. */
	if (st == 0 && rx != NULL && fid == MICA_RMI_SHARE_MAP &&
	    managed(w, a2) &&
	    w->snap->granule[(a2 - FVP_BASE_PA) / FVP_GRANULE].state ==
	    MICA_GRANULE_DELEGATED)
		ni_shared(w, rx, a2, a3);
	if (st == 0 && fid == MICA_RMI_RTT_MAP_UNPROTECTED &&
	    managed(w, a4 & MICA_S2_OA_MASK) &&
	    w->snap->granule[((a4 & MICA_S2_OA_MASK) - FVP_BASE_PA) /
			     FVP_GRANULE].state != MICA_GRANULE_NS)
		ni_violation(w, NI_R_PAS, "RTT_MAP_UNPROTECTED(%#lx, %#lx) mapped "
			     "granule %#lx, which the RMM holds (state %u)", a1, a2,
			     (unsigned long)(a4 & MICA_S2_OA_MASK),
			     w->snap->granule[((a4 & MICA_S2_OA_MASK) - FVP_BASE_PA) /
					      FVP_GRANULE].state);
	/* The checks look at every IPA a mapping went to. */
	if (st == 0 && rx != NULL) {
		if (fid == MICA_RMI_SHARE_MAP || fid == MICA_RMI_DATA_CREATE ||
		    fid == MICA_RMI_DATA_CREATE_UNKNOWN)
			ni_add_cand(rx, a3);
		else if (fid == MICA_RMI_RTT_MAP_UNPROTECTED)
			ni_add_cand(rx, a2);
	}
	if (w->opts->verbose > 1)
		ni_trace(w, "  %s(%#lx, %#lx, %#lx, %#lx, %#lx) -> %lu/%lu",
			 rmi_name(fid), a1, a2, a3, a4, a5, MICA_RMI_STATUS(st),
			 MICA_RMI_INDEX(st));
	if (st == 0)
		return st;
	w->rmi_refused++;
	a = (const unsigned char *)w->snap;
	b = (const unsigned char *)w->m.rmm;
	for (unsigned i = 0; i < w->nspan; i++) {
		size_t off = w->span[i][0];

		if (memcmp(a + off, b + off, w->span[i][1]) == 0)
			continue;
		while (a[off] == b[off])
			off++;
		ni_violation(w, NI_R_REFUSED, "%s(%#lx, %#lx, %#lx, %#lx, %#lx) "
			     "returned %lu but changed the RMM's %s (byte %zu)",
			     rmi_name(fid), a1, a2, a3, a4, a5, st, ctx_part(off),
			     off);
		return st;
	}
	if (memcmp(w->snapgpt, w->m.gpt, w->m.high) != 0)
		ni_violation(w, NI_R_REFUSED, "%s(%#lx, %#lx, %#lx) returned %lu "
			     "but changed the GPT", rmi_name(fid), a1, a2, a3, st);
	for (unsigned i = 0; i < w->nsnappa; i++)
		if (memcmp(w->snapmem + i * FVP_GRANULE,
			   w->m.mem + (w->snappa[i] - FVP_BASE_PA),
			   FVP_GRANULE) != 0)
			ni_violation(w, NI_R_REFUSED, "%s(%#lx, %#lx, %#lx) "
				     "returned %lu but changed granule %#lx",
				     rmi_name(fid), a1, a2, a3, st, w->snappa[i]);
	return st;
}

/* ---- instances ----------------------------------------------------------- */

struct ni_inst *ni_new_inst(struct ni_world *w, const char *what)
{
	struct ni_inst *x;

	if (w->ninst == NI_MAXINST)
		return NULL;
	x = &w->inst[w->ninst++];
	memset(x, 0, sizeof *x);
	x->used = 1;
	x->pol = x->realm = x->img_pol = x->img_realm = -1;
	x->blob_pol = x->blob_realm = -1;
	x->canary = -1;
	x->what = what;
	x->prog.w = w;
	x->prog.x = x;
	return x;
}

struct ni_inst *ni_inst_by_rd(struct ni_world *w, unsigned long rd)
{
	for (unsigned i = 0; i < w->ninst; i++)
		if (w->inst[i].live && w->inst[i].rd == rd)
			return &w->inst[i];
	return NULL;
}

struct ni_inst *ni_inst_by_rec(struct ni_world *w, unsigned long rec)
{
	for (unsigned i = w->ninst; i-- > 0;)
		if (w->inst[i].live && w->inst[i].rec == rec)
			return &w->inst[i];
	return NULL;
}

void ni_add_cand(struct ni_inst *x, uint64_t ipa)
{
	ipa &= ~(uint64_t)(FVP_GRANULE - 1);
	for (unsigned i = 0; i < x->ncand; i++)
		if (x->cand[i] == ipa)
			return;
	if (x->ncand < NI_MAXCAND)
		x->cand[x->ncand++] = ipa;
}

/* Bytes an entry at level l maps. */
static uint64_t span(unsigned l)
{
	return 1ull << (12 + 9 * (3 - l));
}

unsigned long ni_rtts(struct ni_world *w, struct ni_inst *x, uint64_t ipa)
{
	for (unsigned level = x->level0 + 1; level <= 3; level++) {
		uint64_t base = ipa & ~(span(level - 1) - 1);
		unsigned long pa, st, ret[5];
		unsigned k;

		for (k = 0; k < x->nrtt; k++)
			if (x->rtt[k].level == level && x->rtt[k].ipa == base)
				break;
		if (k < x->nrtt)
			continue;
		if (x->nrtt == NI_MAXRTT || (pa = ni_delegated(w)) == 0)
			return MICA_RMI_ERROR_INPUT;
		st = ni_rmi(w, MICA_RMI_RTT_CREATE, x->rd, pa, base, level, 0, ret);
		if (st != 0)
			return st;
		x->rtt[x->nrtt].ipa = base;
		x->rtt[x->nrtt].level = level;
		x->rtt[x->nrtt].pa = pa;
		x->nrtt++;
	}
	return 0;
}

/* A valid starting level and number of root RTTs for s2sz (realm.c's
 * rule), one of those that exist at random. */
static void start_level(struct ni_world *w, unsigned s2sz, unsigned *level,
			unsigned *num)
{
	unsigned lv[3], nm[3], n = 0;

	for (unsigned l = 0; l <= 2; l++) {
		unsigned cover = 21 + 9 * (3 - l);
		uint64_t want;

		if (s2sz <= cover - 9)
			continue;
		want = s2sz > cover ? 1ull << (s2sz - cover) : 1;
		if (want > 16)
			continue;
		lv[n] = l;
		nm[n] = (unsigned)want;
		n++;
	}
	n = n ? ni_below(w->rng, n) : 0;
	*level = lv[n];
	*num = nm[n];
}

/* RTT_INIT_RIPAS of [base, top), one level-3 table's span per call. */
static unsigned long init_ripas(struct ni_world *w, struct ni_inst *x,
				uint64_t base, uint64_t top)
{
	unsigned long st = 0, ret[5];

	while (base < top && st == 0) {
		uint64_t end = (base | (span(2) - 1)) + 1;

		if (end > top)
			end = top;
		if ((st = ni_rtts(w, x, base)) == 0)
			st = ni_rmi(w, MICA_RMI_RTT_INIT_RIPAS, x->rd, base, end, 0,
				    0, ret);
		base = end;
	}
	return st;
}

/* The protected windows the blob gives x, RAM before activation: SHARE_MAP
 * maps only RAM and never changes it. */
static void init_windows(struct ni_world *w, struct ni_inst *x,
			 const uint8_t *blob, size_t len)
{
	mica_blob b;
	mica_blob_error e;

	if (blob == NULL || mica_blob_decode(blob, len, &b, &e) != 0)
		return;
	for (uint32_t j = 0; j < b.nregions; j++)
		for (uint32_t k = 0; k < b.regions[j].nparts; k++) {
			const mica_blob_part *q = &b.regions[j].parts[k];

			if (q->who == MICA_WHO_SELF &&
			    b.regions[j].kind == MICA_PROTECTED &&
			    q->ipa + b.regions[j].size <= ni_unprot_base(x->s2sz))
				init_ripas(w, x, q->ipa, q->ipa + b.regions[j].size);
		}
	mica_blob_free(&b);
}

unsigned long ni_create(struct ni_world *w, struct ni_inst *x,
			const uint8_t *meas, int sha512, unsigned s2sz,
			const uint8_t *rpv, unsigned rpv_len, int pool,
			const uint8_t *blob, size_t bloblen)
{
	uint8_t page[FVP_GRANULE];
	unsigned long st, ret[5];
	struct mica_rmm *rmm = w->m.rmm;

	x->s2sz = s2sz;
	x->sha512 = sha512;
	x->dlen = sha512 ? 64 : 32;
	memcpy(x->meas, meas, x->dlen);
	start_level(w, s2sz, &x->level0, &x->nroot);
	if ((x->run = ni_granule(w)) == 0 || (x->rd = ni_delegated(w)) == 0)
		return MICA_RMI_ERROR_INPUT;
	while (w->m.high % x->nroot)
		ni_granule(w);
	for (unsigned i = 0; i < x->nroot; i++) {
		unsigned long pa = ni_delegated(w);

		if (pa == 0)
			return MICA_RMI_ERROR_INPUT;
		if (i == 0)
			x->root = pa;
	}
	memset(page, 0, sizeof page);
	page[MICA_RP_S2SZ] = (uint8_t)s2sz;
	page[MICA_RP_HASH_ALGO] = sha512 ? MICA_RMI_HASH_SHA512
					 : MICA_RMI_HASH_SHA256;
	if (rpv_len)
		memcpy(page + MICA_RP_RPV, rpv, rpv_len);
	x->vmid = w->next_vmid++;
	page[MICA_RP_VMID] = (uint8_t)x->vmid;
	page[MICA_RP_VMID + 1] = (uint8_t)(x->vmid >> 8);
	mica_st64(page + MICA_RP_RTT_BASE, x->root);
	mica_st64(page + MICA_RP_RTT_LEVEL_START, x->level0);
	mica_st64(page + MICA_RP_RTT_NUM_START, x->nroot);
	if (write_scratch(w, page, sizeof page) != 0)
		return MICA_RMI_ERROR_INPUT;
	st = ni_rmi(w, MICA_RMI_REALM_CREATE, x->rd, w->scratch, 0, 0, 0, ret);
	if (st != 0)
		return st;
	x->live = 1;
	for (unsigned i = 0; i < x->nroot; i++) {
		x->rtt[x->nrtt].ipa = 0;
		x->rtt[x->nrtt].level = x->level0;
		x->rtt[x->nrtt].pa = x->root + i * FVP_GRANULE;
		x->nrtt++;
	}
	if ((st = ni_rtts(w, x, 0)) != 0 ||
	    (st = ni_rmi(w, MICA_RMI_RTT_INIT_RIPAS, x->rd, 0,
			 (1 + NI_RAM) * FVP_GRANULE, 0, 0, ret)) != 0)
		return st;
	fvp_image_build(page, "ni", x->what);
	if (write_scratch(w, page, sizeof page) != 0 ||
	    (x->data[0] = ni_delegated(w)) == 0)
		return MICA_RMI_ERROR_INPUT;
	st = ni_rmi(w, MICA_RMI_DATA_CREATE, x->rd, x->data[0], 0, w->scratch,
		    MICA_RMI_MEASURE_CONTENT, ret);
	for (unsigned k = 1; st == 0 && k <= NI_RAM; k++) {
		if ((x->data[k] = ni_delegated(w)) == 0)
			return MICA_RMI_ERROR_INPUT;
		st = ni_rmi(w, MICA_RMI_DATA_CREATE_UNKNOWN, x->rd, x->data[k],
			    k * FVP_GRANULE, 0, 0, ret);
	}
	if (st != 0)
		return st;
	for (unsigned k = 0; k <= NI_RAM; k++)
		ni_add_cand(x, k * FVP_GRANULE);
	init_windows(w, x, blob, bloblen);
	if (pool) {
		/* RAM with no page behind it: where demand paging would go. */
		if ((st = ni_rtts(w, x, NI_POOL_IPA)) != 0 ||
		    (st = ni_rmi(w, MICA_RMI_RTT_INIT_RIPAS, x->rd, NI_POOL_IPA,
				 NI_POOL_IPA + NI_POOL_PAGES * FVP_GRANULE, 0, 0,
				 ret)) != 0)
			return st;
		x->pool = 1;
		ni_add_cand(x, NI_POOL_IPA);
	}
	memset(page, 0, sizeof page);
	mica_st64(page + MICA_RECP_FLAGS, MICA_REC_PARAMS_RUNNABLE);
	if (write_scratch(w, page, sizeof page) != 0 ||
	    (x->rec = ni_delegated(w)) == 0)
		return MICA_RMI_ERROR_INPUT;
	st = ni_rmi(w, MICA_RMI_REC_CREATE, x->rd, x->rec, w->scratch, 0, 0,
		    ret);
	if (st != 0)
		return st;
	x->vcpu = fvp_vcpu_new(&w->m, x->rd, x->rec, ni_program, &x->prog);
	if (x->vcpu == NULL)
		return MICA_RMI_ERROR_INPUT;
	/* MODEL SHORTCUT (adopt): the image measures what its realm
	 * declares. */
	memcpy(rmm->realm[ni_slot(w, x)].meas[0], meas, x->dlen);
	return 0;
}

unsigned long ni_bind(struct ni_world *w, struct ni_inst *x,
		      const uint8_t *blob, size_t len)
{
	const struct mica_rmm_realm *r = &w->m.rmm->realm[ni_slot(w, x)];
	int fresh = r->state == MICA_REALM_NEW && !r->policy.bound;
	unsigned long st, ret[5];

	if (len == 0 || len > FVP_GRANULE || write_scratch(w, blob, len) != 0)
		return MICA_RMI_ERROR_INPUT;
	st = ni_rmi(w, MICA_RMI_POLICY_BIND, x->rd, w->scratch, len, 0, 0, ret);
	ni_check_bind(w, x, blob, len, fresh, st);
	if (st != 0)
		return st;
	free(x->blob);
	x->blob = malloc(len);
	if (x->blob == NULL)
		abort();
	memcpy(x->blob, blob, len);
	x->bloblen = len;
	x->bound = 1;
	if (x->dec_ok)
		mica_blob_free(&x->dec);
	{
		mica_blob_error e;

		x->dec_ok = mica_blob_decode(blob, len, &x->dec, &e) == 0;
	}
	/* The checks look at every page of every window. */
	for (unsigned j = 0; x->dec_ok && j < x->dec.nregions; j++) {
		uint64_t base, size;

		if (ni_window(x, j, &base, &size) == 0)
			for (uint64_t o = 0; o < size; o += FVP_GRANULE)
				ni_add_cand(x, base + o);
	}
	return 0;
}

unsigned long ni_activate(struct ni_world *w, struct ni_inst *x)
{
	unsigned long ret[5];

	return ni_rmi(w, MICA_RMI_REALM_ACTIVATE, x->rd, 0, 0, 0, 0, ret);
}

unsigned long ni_share(struct ni_world *w, struct ni_inst *x,
		       unsigned long pa, uint64_t ipa)
{
	unsigned long st, ret[5];

	ni_add_cand(x, ipa);
	if ((st = ni_rtts(w, x, ipa)) != 0)
		return st;
	ni_ripas_before(w, x);
	st = ni_rmi(w, MICA_RMI_SHARE_MAP, x->rd, pa, ipa, 0, 0, ret);
	ni_ripas_after(w, 0, 0, 0);
	return st;
}

unsigned long ni_map_ns(struct ni_world *w, struct ni_inst *x,
			unsigned long pa, uint64_t ipa, unsigned long attr)
{
	unsigned long st, ret[5];

	ni_add_cand(x, ipa);
	if ((st = ni_rtts(w, x, ipa)) != 0)
		return st;
	return ni_rmi(w, MICA_RMI_RTT_MAP_UNPROTECTED, x->rd, ipa, 3,
		      pa | attr, 0, ret);
}

/* The host's teardown, as fvp_host_destroy does it. */
unsigned long ni_teardown(struct ni_world *w, struct ni_inst *x)
{
	unsigned long st, ret[5];

	if (!x->live)
		return MICA_RMI_ERROR_INPUT;
	st = ni_rmi(w, MICA_RMI_REC_DESTROY, x->rec, 0, 0, 0, 0, ret);
	if (st != 0 && x->rec != 0)
		return st;
	x->rec = 0;
	for (unsigned i = 0; i < x->ncand; i++) {
		uint64_t ipa = x->cand[i];

		if ((ipa >> x->s2sz) != 0)
			continue;
		if (ni_protected(x, ipa)) {
			ni_rmi(w, MICA_RMI_DATA_DESTROY, x->rd, ipa, 0, 0, 0, ret);
			ni_rmi(w, MICA_RMI_SHARE_UNMAP, x->rd, ipa, 0, 0, 0, ret);
		} else {
			ni_rmi(w, MICA_RMI_RTT_UNMAP_UNPROTECTED, x->rd, ipa, 3, 0,
			       0, ret);
		}
	}
	for (unsigned k = x->nrtt; k-- > 0;) {
		if (x->rtt[k].level == x->level0)
			continue;
		st = ni_rmi(w, MICA_RMI_RTT_DESTROY, x->rd, x->rtt[k].ipa,
			    x->rtt[k].level, 0, 0, ret);
		if (st != 0)
			return st;
		x->rtt[k] = x->rtt[--x->nrtt];
	}
	st = ni_rmi(w, MICA_RMI_REALM_DESTROY, x->rd, 0, 0, 0, 0, ret);
	if (st == 0)
		x->live = 0;
	return st;
}

/* ---- windows ---------------------------------------------------------- */

static const mica_blob_part *self_part(const mica_blob_region *g)
{
	for (uint32_t k = 0; k < g->nparts; k++)
		if (g->parts[k].who == MICA_WHO_SELF)
			return &g->parts[k];
	return NULL;
}

int ni_window(const struct ni_inst *x, unsigned j, uint64_t *base,
	      uint64_t *size)
{
	const mica_blob_region *g;
	const mica_blob_part *s;

	if (!x->dec_ok || j >= x->dec.nregions)
		return -1;
	g = &x->dec.regions[j];
	if ((s = self_part(g)) == NULL)
		return -1;
	*base = s->ipa % HALF48 +
		(g->kind == MICA_UNPROTECTED ? ni_unprot_base(x->s2sz) : 0);
	*size = g->size;
	return 0;
}

int ni_region_at(const struct ni_inst *x, uint64_t ipa)
{
	for (unsigned j = 0; x->dec_ok && j < x->dec.nregions; j++) {
		uint64_t base, size;

		if (ni_window(x, j, &base, &size) == 0 && ipa >= base &&
		    ipa - base < size)
			return (int)j;
	}
	return -1;
}

/* Maps the window of x in region g of policy pi (access a): the granules
 * the genuine deployment gave the region (the joined region's, for a
 * join). Returns the first refusal. */
static unsigned long map_region(struct ni_world *w, struct ni_inst *x,
				unsigned pi, unsigned g,
				const struct ni_access *a, unsigned pages)
{
	const struct ni_region *rg = &w->set->pol[pi].region[g];
	unsigned op = pi, og = g;
	unsigned long first = 0;
	uint64_t base = a->ipa % HALF48 +
			(rg->protected_ ? 0 : ni_unprot_base(x->s2sz));

	if (rg->mirror_pol >= 0) {
		op = (unsigned)rg->mirror_pol;
		og = (unsigned)rg->mirror_region;
	}
	for (uint64_t k = 0; k < rg->pages; k++) {
		unsigned long pa = w->region_pa[op][og][k], st;

		if (pa == 0 || !(pages & (1u << k)))
			continue;
		st = rg->protected_
		     ? ni_share(w, x, pa, base + k * FVP_GRANULE)
		     : ni_map_ns(w, x, pa, base + k * FVP_GRANULE,
				 (unsigned long)a->rights << 6);
		/* A host tries every page, not only up to a refusal. */
		if (st != 0 && first == 0)
			first = st;
	}
	return first;
}

unsigned long ni_map_windows(struct ni_world *w, struct ni_inst *x,
			     int partial)
{
	const struct ni_policy *p;
	unsigned long first = 0;

	if (x->blob_pol < 0)
		return MICA_RMI_ERROR_INPUT;
	p = &w->set->pol[x->blob_pol];
	for (unsigned g = 0; g < p->nregion; g++)
		for (unsigned k = 0; k < p->region[g].nacc; k++)
			if (p->region[g].acc[k].subj == x->blob_realm) {
				unsigned pages = ~0u, np = (unsigned)p->region[g].pages;
				unsigned long st;

				if (partial && np > 1)
					pages = 1u + ni_below(w->rng, (1u << np) - 1);
				st = map_region(w, x, (unsigned)x->blob_pol, g,
						&p->region[g].acc[k], pages);

				if (first == 0)
					first = st;
			}
	return first;
}

/* ---- deployment -------------------------------------------------------- */

static uint64_t canary_value(struct ni_world *w, unsigned pi, unsigned i)
{
	uint64_t s = w->seed * 0x9E3779B97F4A7C15ull + pi * 131 + i + 1, v;

	for (;;) {
		int clash = 0;

		s ^= s >> 29;
		s *= 0xBF58476D1CE4E5B9ull;
		s ^= s >> 32;
		v = 0xC47A000000000000ull | (s & 0xFFFFFFFFFFFFull);
		for (unsigned k = 0; k < w->ncanary; k++)
			clash |= w->canary[k].value == v;
		if (!clash)
			return v;
		s++;
	}
}

/* Creates, binds and activates the genuine instance of realm i of p. */
static struct ni_inst *genuine(struct ni_world *w, unsigned pi, unsigned i,
			       const char *what)
{
	const struct ni_policy *p = &w->set->pol[pi];
	const struct ni_realm *r = &p->realm[i];
	struct ni_inst *x = ni_new_inst(w, what);
	unsigned long st;

	if (x == NULL)
		return NULL;
	x->genuine = 1;
	x->pol = x->img_pol = x->blob_pol = (int)pi;
	x->realm = x->img_realm = x->blob_realm = (int)i;
	st = ni_create(w, x, r->meas, p->sha512, r->s2sz, r->rpv, r->rpv_len,
		       ni_chance(w->rng, 40), p->blob[i], p->bloblen[i]);
	if (st == 0)
		st = ni_bind(w, x, p->blob[i], p->bloblen[i]);
	if (st == 0)
		st = ni_activate(w, x);
	if (st != 0) {
		ni_violation(w, NI_R_DEPLOY, "%s of %s: building, binding or "
			     "activating its genuine instance failed (%lu)",
			     r->name, p->name, st);
		return x;
	}
	w->genuine_of[pi][i] = (int)(x - w->inst);
	for (unsigned k = 0; k < w->ncanary; k++)
		if (w->canary[k].pol == (int)pi && w->canary[k].realm == (int)i)
			x->canary = (int)k;
	if (x->canary >= 0)
		x->holds |= 1u << x->canary;
	return x;
}

int ni_deploy(struct ni_world *w)
{
	struct ni_set *s = w->set;
	unsigned joined[NI_MAXPOL][NI_MAXREGION] = { { 0 } };

	w->step_kind = NI_S_DEPLOY;
	for (unsigned pi = 0; pi < s->npol; pi++)
		for (unsigned i = 0; i < s->pol[pi].nrealm; i++) {
			const struct ni_realm *r = &s->pol[pi].realm[i];
			mica_blob_error e;
			char why[160];

			w->cdec_ok[pi][i] = mica_blob_decode(s->pol[pi].blob[i],
							     s->pol[pi].bloblen[i],
							     &w->cdec[pi][i], &e) == 0;
			ni_reach(&s->pol[pi], i, w->reach[pi][i], why, sizeof why);
			if (r->mirror_pol < 0 && r->trust == NI_DISTRUSTFUL &&
			    w->ncanary < NI_MAXCANARY) {
				w->canary[w->ncanary].pol = (int)pi;
				w->canary[w->ncanary].realm = (int)i;
				w->canary[w->ncanary].value = canary_value(w, pi, i);
				w->ncanary++;
			}
		}
	ni_check_static(w);
	for (unsigned pi = 0; pi < s->npol; pi++)
		for (unsigned i = 0; i < s->pol[pi].nrealm; i++)
			if (s->pol[pi].realm[i].mirror_pol < 0)
				genuine(w, pi, i, "genuine");
	/* The regions' granules. */
	for (unsigned pi = 0; pi < s->npol; pi++)
		for (unsigned g = 0; g < s->pol[pi].nregion; g++) {
			const struct ni_region *rg = &s->pol[pi].region[g];

			if (rg->mirror_pol >= 0)
				continue;
			for (uint64_t k = 0; k < rg->pages; k++)
				w->region_pa[pi][g][k] = rg->protected_
							 ? ni_delegated(w)
							 : ni_granule(w);
		}
	/* Named participants first, then the joiners. */
	for (int pass = 0; pass < 2; pass++)
		for (unsigned pi = 0; pi < s->npol; pi++)
			for (unsigned g = 0; g < s->pol[pi].nregion; g++) {
				const struct ni_region *rg = &s->pol[pi].region[g];
				int is_join = rg->mirror_pol >= 0;

				if (is_join != pass)
					continue;
				for (unsigned k = 0; k < rg->nacc; k++) {
					const struct ni_access *a = &rg->acc[k];
					const struct ni_region *src;
					const struct ni_access *any = NULL;
					struct ni_inst *x;
					unsigned long st;
					unsigned pages;
					int expect = 1;

					if (a->subj >= NI_SUBJ_ANY ||
					    s->pol[pi].realm[a->subj].mirror_pol >= 0 ||
					    w->genuine_of[pi][a->subj] < 0)
						continue;
					x = &w->inst[w->genuine_of[pi][a->subj]];
					if (is_join) {
						src = &s->pol[rg->mirror_pol]
							      .region[rg->mirror_region];
						for (unsigned q = 0; q < src->nacc; q++)
							if (src->acc[q].subj == NI_SUBJ_ANY)
								any = &src->acc[q];
						/* What section 6 lets in. */
						expect = !src->protected_ ||
							 ((a->rights & ~any->rights) == 0 &&
							  rg->any_kind == 0 &&
							  joined[rg->mirror_pol]
								[rg->mirror_region] <
							  any->limit);
					}
					/* A joiner may need part of the region. */
					pages = ~0u;
					if (is_join && rg->pages > 1 &&
					    ni_chance(w->rng, 40))
						pages = 1u + ni_below(w->rng,
							(1u << rg->pages) - 1);
					st = map_region(w, x, pi, g, a, pages);
					if (st == 0 && is_join)
						joined[rg->mirror_pol][rg->mirror_region]++;
					if (st != 0 && expect)
						ni_violation(w, NI_R_DEPLOY, "%s of %s: "
							     "mapping region %s refused "
							     "(%lu/%lu)",
							     s->pol[pi].realm[a->subj].name,
							     s->pol[pi].name, rg->name,
							     MICA_RMI_STATUS(st),
							     MICA_RMI_INDEX(st));
				}
			}
	return 0;
}

/* ---- the world ---------------------------------------------------------- */

int ni_world_init(struct ni_world *w, struct ni_set *set, struct ni_rng *rng,
		  const struct ni_opts *o, uint64_t seed)
{
	memset(w, 0, sizeof *w);
	w->set = set;
	w->rng = rng;
	w->opts = o;
	w->seed = seed;
	w->next_vmid = 1;
	memset(w->genuine_of, 0xFF, sizeof w->genuine_of);
	if (fvp_machine_init(&w->m) != 0)
		return -1;
	w->have_machine = 1;
	w->mask = calloc(FVP_NGRANULES, sizeof *w->mask);
	w->dirty = calloc(FVP_NGRANULES, 1);
	w->state = calloc(FVP_NGRANULES, 1);
	w->gid = calloc(FVP_NGRANULES, sizeof *w->gid);
	w->snap = malloc(sizeof *w->snap);
	w->snapgpt = malloc(FVP_NGRANULES);
	w->snapmem = malloc(SNAPG * FVP_GRANULE);
	if (w->mask == NULL || w->dirty == NULL || w->state == NULL ||
	    w->gid == NULL ||
	    w->snap == NULL || w->snapgpt == NULL || w->snapmem == NULL)
		return -1;
	w->scratch = ni_granule(w);
	return 0;
}

void ni_world_free(struct ni_world *w)
{
	if (w->have_machine)
		fvp_machine_free(&w->m);
	for (unsigned i = 0; i < w->ninst; i++) {
		free(w->inst[i].blob);
		if (w->inst[i].dec_ok)
			mica_blob_free(&w->inst[i].dec);
	}
	for (unsigned pi = 0; pi < NI_MAXPOL; pi++)
		for (unsigned i = 0; i < NI_MAXREALM; i++)
			if (w->cdec_ok[pi][i])
				mica_blob_free(&w->cdec[pi][i]);
	free(w->mask);
	free(w->dirty);
	free(w->state);
	free(w->gid);
	free(w->snap);
	free(w->snapgpt);
	free(w->snapmem);
	memset(w, 0, sizeof *w);
}
