/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * check.c -- what must hold after every step (ni.h).
 *
 * Noninterference, with canaries: no canary of a genuine distrustful
 * realm d in host-visible memory (NS granules), in any register the host
 * reads (exit records and RMI results, at any shift), or readable by an
 * instance outside reach(d); no value a Realm chose from a canary in an
 * exit; for a strict Realm, no difference between what the host sees of
 * WFI and of WFE. Exactly the policy: every exit of a strict Realm is one
 * its blob allows. And the RMM's own invariants, read through RMI
 * (RTT_READ_ENTRY) and the model's state: the GPT agrees with granule
 * states; delegated granules are zero; every shared granule is mapped
 * only by Realms its region's description admits (named participants,
 * each subject by one Realm; `any` joiners with the identical any entry,
 * at most limit over the whole region), with exactly their rights, page
 * k by one granule; unprotected IPAs map NS granules only, and a strict
 * Realm's only inside its unprotected windows with its rights; RIPAS
 * changes only as the Realm asked; refused RMI calls change nothing
 * (world.c); the RMM's blob reader agrees with micac's.
 */
#define _GNU_SOURCE 1   /* memmem */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ni.h"

#define HALF48 (1ull << 47)

/* ---- reports ------------------------------------------------------------ */

void ni_trace(struct ni_world *w, const char *fmt, ...)
{
	va_list ap;
	char *line = w->trace[w->ntrace % NI_TRACE];

	va_start(ap, fmt);
	vsnprintf(line, sizeof w->trace[0], fmt, ap);
	va_end(ap);
	w->ntrace++;
	if (w->opts->verbose > 2)   /* the whole walk, as it goes */
		fprintf(w->opts->out, "%s\n", line);
}

static void report(struct ni_world *w, int rule, const char *detail)
{
	FILE *f = w->opts->out;
	unsigned first = w->ntrace > NI_TRACE ? w->ntrace - NI_TRACE : 0;

	fprintf(f, "ni: VIOLATION %s: %s\n", ni_rule_name[rule], detail);
	fprintf(f, "ni: seed %llu, step %llu (%s)\n",
		(unsigned long long)w->seed, (unsigned long long)w->step,
		ni_step_name[w->step_kind]);
	if (w->opts->keep_going)
		return;
	ni_print_set(f, w->set);
	fprintf(f, "--- the last %u steps ---\n", w->ntrace - first);
	for (unsigned i = first; i < w->ntrace; i++)
		fprintf(f, "%s\n", w->trace[i % NI_TRACE]);
	fprintf(f, "--- replay: ni_test --seed %llu --steps %llu ---\n",
		(unsigned long long)w->seed, (unsigned long long)w->step);
	fflush(f);
}

void ni_violation(struct ni_world *w, int rule, const char *fmt, ...)
{
	va_list ap;
	char detail[sizeof w->first[0].detail];

	if (w->opts->ignore & (1u << rule)) {
		/* An open finding (--ignore): what follows from it is
		 * expected, so the seed ends here, counted apart. */
		if (!w->stop)
			w->ended_open = 1;
		w->stop = 1;
		return;
	}
	if (w->first[rule].found)
		return;          /* each rule once per seed */
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	w->first[rule].found = 1;
	w->first[rule].seed = w->seed;
	w->first[rule].step = w->step;
	w->first[rule].step_kind = w->step_kind;
	memcpy(w->first[rule].detail, detail, sizeof detail);
	w->rule_hits[rule][w->step_kind]++;
	w->violations++;
	ni_trace(w, "  !! %s: %s", ni_rule_name[rule], detail);
	if (!w->stop)
		report(w, rule, detail);
	if (!w->opts->keep_going)
		w->stop = 1;
}

/* ---- canaries ------------------------------------------------------------ */

void ni_dirty(struct ni_world *w, unsigned long pa)
{
	if (pa >= FVP_BASE_PA && pa < FVP_BASE_PA + FVP_NGRANULES * FVP_GRANULE)
		w->dirty[(pa - FVP_BASE_PA) / FVP_GRANULE] = 1;
}

uint32_t ni_scan(const struct ni_world *w, const uint8_t *p, size_t n)
{
	static const uint8_t tag[2] = { 0x7A, 0xC4 };   /* bytes 6, 7 */
	const uint8_t *q = p, *end = p + n;
	uint32_t found = 0;

	while (q < end) {
		const uint8_t *h = memmem(q, (size_t)(end - q), tag, 2);
		uint64_t v;

		if (h == NULL)
			break;
		if (h - p >= 6) {
			v = mica_ld64(h - 6);
			for (unsigned k = 0; k < w->ncanary; k++)
				if (w->canary[k].value == v)
					found |= 1u << k;
		}
		q = h + 1;
	}
	return found;
}

uint32_t ni_scan_reg(const struct ni_world *w, uint64_t v)
{
	uint32_t found = 0;

	if (v == 0)
		return 0;
	for (unsigned k = 0; k < w->ncanary; k++) {
		uint64_t c = w->canary[k].value;

		for (unsigned s = 0; s <= 16; s++)
			if ((c << s) == v || (c >> s) == v)
				found |= 1u << k;
	}
	return found;
}

/* The realm of k's policy whose image x was built from, or -1. */
static int role(const struct ni_world *w, const struct ni_inst *x, unsigned k)
{
	const struct ni_policy *p = &w->set->pol[w->canary[k].pol];

	if (!x->genuine || x->sha512 != p->sha512)
		return -1;
	for (unsigned r = 0; r < p->nrealm; r++)
		if (memcmp(p->realm[r].meas, x->meas, ni_digest_len(p)) == 0)
			return (int)r;
	return -1;
}

int ni_allowed(const struct ni_world *w, const struct ni_inst *x, unsigned k)
{
	int r = role(w, x, k);

	return r >= 0 && w->reach[w->canary[k].pol][w->canary[k].realm][r];
}

int ni_clone_of_allowed(const struct ni_world *w, const struct ni_inst *x,
			unsigned k)
{
	const struct ni_policy *p = &w->set->pol[w->canary[k].pol];
	const struct ni_policy *bp;
	int g;

	/* A copy is the genuine realm's blob on an image that measures as
	 * its own: the RMM tells Realms apart by measurement only, so the
	 * image of another policy's realm with the same measurement (a
	 * foreign instance) is a copy too. */
	if (x->genuine || x->blob_pol < 0 ||
	    (g = w->genuine_of[x->blob_pol][x->blob_realm]) < 0 ||
	    !w->inst[g].live || x->sha512 != p->sha512)
		return 0;
	bp = &w->set->pol[x->blob_pol];
	if (memcmp(bp->realm[x->blob_realm].meas, x->meas, ni_digest_len(bp)) != 0)
		return 0;
	for (unsigned r = 0; r < p->nrealm; r++)
		if (memcmp(p->realm[r].meas, x->meas, ni_digest_len(p)) == 0)
			return w->reach[w->canary[k].pol][w->canary[k].realm][r];
	return 0;
}

int ni_relays(const struct ni_world *w, const struct ni_inst *x, unsigned k)
{
	int r = role(w, x, k);

	if (!x->genuine)
		return 1;
	if (r >= 0 && w->reach[w->canary[k].pol][w->canary[k].realm][r])
		return w->set->pol[w->canary[k].pol].realm[r].trust != NI_TRUSTED;
	return w->set->pol[x->pol].realm[x->realm].trust != NI_TRUSTED;
}

static const char *canary_owner(const struct ni_world *w, uint32_t mask,
				char *buf, size_t cap)
{
	for (unsigned k = 0; k < w->ncanary; k++)
		if (mask & (1u << k)) {
			snprintf(buf, cap, "%s/%s",
				 w->set->pol[w->canary[k].pol].name,
				 w->set->pol[w->canary[k].pol]
					 .realm[w->canary[k].realm].name);
			return buf;
		}
	return "?";
}

static const char *inst_name(const struct ni_world *w,
			     const struct ni_inst *x, char *buf, size_t cap)
{
	if (x->genuine)
		snprintf(buf, cap, "#%u %s/%s", (unsigned)(x - w->inst),
			 w->set->pol[x->pol].name,
			 w->set->pol[x->pol].realm[x->realm].name);
	else if (x->img_pol >= 0)
		snprintf(buf, cap, "#%u %s of %s/%s", (unsigned)(x - w->inst),
			 x->what, w->set->pol[x->img_pol].name,
			 w->set->pol[x->img_pol].realm[x->img_realm].name);
	else
		snprintf(buf, cap, "#%u %s", (unsigned)(x - w->inst), x->what);
	return buf;
}

/* ---- exits ---------------------------------------------------------------- */

static int in_ranges(const mica_blob *b, unsigned imm)
{
	if (b->flags & MICA_BLOB_HOSTCALL_ANY)
		return 1;
	for (uint32_t i = 0; i < b->nimms; i++)
		if (imm >= b->imms[i].lo && imm <= b->imms[i].hi)
			return 1;
	return 0;
}

void ni_check_exit(struct ni_world *w, struct ni_inst *x, const uint8_t *e)
{
	uint64_t reason = mica_ld64(e), esr = mica_ld64(e + 0x100);
	uint64_t far = mica_ld64(e + 0x108), hpfar = mica_ld64(e + 0x110);
	uint64_t ipa = (hpfar >> 4) << 12 | (far & 0xFFF);
	uint64_t base = mica_ld64(e + 0x500), top = mica_ld64(e + 0x508);
	unsigned imm = (unsigned)(mica_ld64(e + 0x600) & 0xFFFF);
	unsigned ec = (unsigned)(esr >> MICA_ESR_EC_SHIFT) & 0x3F;
	const struct ni_op *op = &x->prog.op;
	uint32_t found = 0;
	char who[96], whose[64];

	inst_name(w, x, who, sizeof who);
	w->exit_kind[reason < 7 ? reason : 7]++;
	/* Every word of the record, at any shift. */
	for (unsigned i = 0; i < 0x800; i += 8)
		found |= ni_scan_reg(w, mica_ld64(e + i));
	found |= ni_scan(w, e, 0x800);
	if (found)
		ni_violation(w, NI_R_EXITREG, "exit %llu of %s carries the "
			     "canary of %s", (unsigned long long)reason, who,
			     canary_owner(w, found, whose, sizeof whose));
	/* Values chosen from a canary. */
	if (op->enc >= 0) {
		int leak = 0;

		switch (op->kind) {
		case NI_OP_MMIO_READ:
		case NI_OP_MMIO_WRITE:
			leak = reason == MICA_RMI_EXIT_SYNC && ec == MICA_ESR_EC_DABT &&
			       (esr & MICA_ESR_ISV) && ipa == op->enc_ipa;
			break;
		case NI_OP_PAGING:
			leak = reason == MICA_RMI_EXIT_SYNC && ec == MICA_ESR_EC_DABT &&
			       !(esr & MICA_ESR_ISV) &&
			       (ipa & ~0xFFFull) == (op->enc_ipa & ~0xFFFull);
			break;
		case NI_OP_RIPAS:
			leak = reason == MICA_RMI_EXIT_RIPAS_CHANGE &&
			       base == op->enc_base && top == op->enc_top;
			break;
		case NI_OP_HOSTCALL:
			leak = reason == MICA_RMI_EXIT_HOST_CALL &&
			       imm == op->enc_imm;
			break;
		}
		if (leak)
			ni_violation(w, NI_R_NARROW, "%s handed the host a value "
				     "made of the canary of %s (exit %llu, ESR %#llx, "
				     "IPA %#llx, range %#llx..%#llx, imm %#x)", who,
				     canary_owner(w, 1u << op->enc, whose, sizeof whose),
				     (unsigned long long)reason,
				     (unsigned long long)esr, (unsigned long long)ipa,
				     (unsigned long long)base,
				     (unsigned long long)top, imm);
	}
	if (!x->bound || !x->dec_ok || !(x->dec.flags & MICA_BLOB_STRICT))
		return;
	/* A strict Realm: what its blob lets out, and nothing of WFI/WFE. */
	if (reason == MICA_RMI_EXIT_SYNC && ec == MICA_ESR_EC_WFX) {
		int k = x->prog.wfe;

		memcpy(w->wfx_view[k], e, 0x800);
		w->have_wfx[k] = 1;
		if (w->have_wfx[!k] && memcmp(w->wfx_view[0], w->wfx_view[1],
					       0x800) != 0)
			ni_violation(w, NI_R_WFX, "the host tells a strict Realm's "
				     "WFI from its WFE (%s, ESR %#llx)", who,
				     (unsigned long long)esr);
		return;
	}
	switch (reason) {
	case MICA_RMI_EXIT_HOST_CALL:
		if (!in_ranges(&x->dec, imm))
			ni_violation(w, NI_R_EXIT, "strict %s made host call %#x "
				     "its blob does not allow", who, imm);
		break;
	case MICA_RMI_EXIT_PSCI:
		if (!(x->dec.flags & MICA_BLOB_PSCI))
			ni_violation(w, NI_R_EXIT, "strict %s made a PSCI exit "
				     "without psci", who);
		break;
	case MICA_RMI_EXIT_RIPAS_CHANGE:
		if (!(x->dec.flags & MICA_BLOB_RIPAS))
			ni_violation(w, NI_R_EXIT, "strict %s asked the host for a "
				     "RIPAS change (%#llx..%#llx) without ripas",
				     who, (unsigned long long)base,
				     (unsigned long long)top);
		break;
	case MICA_RMI_EXIT_SYNC:
		if (ec != MICA_ESR_EC_DABT) {
			ni_violation(w, NI_R_EXIT, "strict %s: exit with ESR %#llx",
				     who, (unsigned long long)esr);
		} else if (esr & MICA_ESR_ISV) {
			if (!(x->dec.flags & MICA_BLOB_MMIO) ||
			    ni_region_at(x, ipa) >= 0)
				ni_violation(w, NI_R_EXIT, "strict %s made an MMIO "
					     "exit at %#llx its blob does not allow",
					     who, (unsigned long long)ipa);
		} else if (!(x->dec.flags & MICA_BLOB_PAGING)) {
			ni_violation(w, NI_R_EXIT, "strict %s: an abort at "
				     "protected IPA %#llx reached the host without "
				     "paging", who, (unsigned long long)ipa);
		}
		break;
	case MICA_RMI_EXIT_IRQ:
		break;
	default:
		ni_violation(w, NI_R_EXIT, "strict %s: exit reason %llu", who,
			     (unsigned long long)reason);
	}
}

/* ---- the blob reader, against micac's ------------------------------------ */

void ni_check_bind(struct ni_world *w, struct ni_inst *x, const uint8_t *b,
		   size_t len, int fresh, unsigned long st)
{
	mica_blob dec;
	mica_blob_error e;
	int ok = mica_blob_decode(b, len, &dec, &e) == 0, want = ok && fresh;
	const char *why = ok ? "" : e.msg;
	char buf[128];

	if (ok) {
		uint64_t half = (1ull << (x->s2sz - 1)) / FVP_GRANULE;

		if ((dec.hash == MICA_SHA512) != x->sha512) {
			want = 0;
			why = "another hash algorithm";
		}
		if (dec.npeers > MICA_POL_MAX_PEERS ||
		    dec.nregions > MICA_POL_MAX_REGIONS ||
		    dec.nimms > MICA_POL_MAX_HOSTCALLS) {
			want = 0;
			why = "over the RMM's limits";
		}
		for (uint32_t j = 0; j < dec.nregions; j++) {
			const mica_blob_region *g = &dec.regions[j];

			if (g->nparts > MICA_POL_MAX_PARTS) {
				want = 0;
				why = "over the RMM's limits";
			}
			for (uint32_t k = 0; k < g->nparts; k++) {
				uint64_t off = (g->parts[k].ipa % HALF48) / FVP_GRANULE;

				if (g->parts[k].who != MICA_WHO_SELF)
					continue;
				if (off >= half || g->size / FVP_GRANULE > half - off) {
					want = 0;
					snprintf(buf, sizeof buf, "a window past the "
						 "%u-bit IPA space", x->s2sz);
					why = buf;
				}
			}
		}
		mica_blob_free(&dec);
	}
	if ((st == 0) == want)
		return;
	if (st == 0)
		ni_violation(w, NI_R_BLOB, "POLICY_BIND took a %zu-byte blob "
			     "micac refuses (%s)", len, why);
	else
		ni_violation(w, NI_R_BLOB, "POLICY_BIND refused (%lu) a %zu-byte "
			     "blob micac accepts for this Realm", st, len);
}


/* ---- RIPAS --------------------------------------------------------------- */

static unsigned read_entry(struct ni_world *w, const struct ni_inst *x,
			   uint64_t ipa, unsigned long *state,
			   unsigned long *desc)
{
	unsigned long a[7] = { MICA_RMI_RTT_READ_ENTRY, x->rd, ipa, 3, 0, 0, 0 };
	unsigned long r[5];

	if (mica_rmm_rmi(w->m.rmm, a, r) != 0)
		return 0xFF;
	*state = r[2];
	*desc = r[3];
	return (unsigned)r[4];
}

void ni_ripas_before(struct ni_world *w, struct ni_inst *x)
{
	w->ripas_inst = (int)(x - w->inst);
	w->ripas_n = x->ncand;
	for (unsigned i = 0; i < x->ncand; i++) {
		unsigned long st, desc;

		w->ripas_before[i] = ni_protected(x, x->cand[i]) &&
				     (x->cand[i] >> x->s2sz) == 0
				     ? (uint8_t)read_entry(w, x, x->cand[i], &st, &desc)
				     : 0xFF;
	}
}

/* After the step: RIPAS may have become DESTROYED (the host took the
 * page or its table), or what the Realm asked for inside [lo, hi) when
 * the step was the host's RTT_SET_RIPAS for it (set != 0), or RAM inside
 * [lo, hi) of a NEW Realm (set == 0, hi != 0: RTT_INIT_RIPAS). */
void ni_ripas_after(struct ni_world *w, unsigned long set, uint64_t lo,
		    uint64_t hi)
{
	struct ni_inst *x;
	char who[96];

	if (w->ripas_inst < 0)
		return;
	x = &w->inst[w->ripas_inst];
	w->ripas_inst = -1;
	if (!x->live)
		return;
	for (unsigned i = 0; i < w->ripas_n; i++) {
		uint64_t ipa = x->cand[i];
		unsigned long st, desc;
		unsigned now, was = w->ripas_before[i];
		int ok;

		if (was == 0xFF)
			continue;
		now = read_entry(w, x, ipa, &st, &desc);
		if (now == was || now == MICA_RMI_DESTROYED || now == 0xFF)
			continue;
		if (set)
			ok = ipa >= lo && ipa < hi && ipa >= x->ripas.base &&
			     ipa < x->ripas.top && now == x->ripas.value;
		else
			ok = ipa >= lo && ipa < hi && now == MICA_RMI_RAM &&
			     w->m.rmm->realm[ni_slot(w, x)].state == MICA_REALM_NEW;
		if (!ok)
			ni_violation(w, NI_R_RIPAS, "RIPAS of %s at %#llx went from "
				     "%u to %u, not at its request",
				     inst_name(w, x, who, sizeof who),
				     (unsigned long long)ipa, was, now);
	}
}

/* ---- shared granules: who may map them ----------------------------------- */

struct rpart {
	int cls;                    /* 0 named, 1 any, 2 host */
	const uint8_t *meas;
	unsigned rights;
	uint64_t ipa, limit;
};

struct rdesc {
	const uint8_t *wf, *self;
	size_t dlen;
	int kind;
	uint64_t size;
	unsigned n, selfpart;
	struct rpart p[MICA_POL_MAX_PARTS + 4];
};

static int describe(const mica_blob *b, unsigned j, struct rdesc *d)
{
	const mica_blob_region *g = &b->regions[j];

	if (g->nparts > MICA_POL_MAX_PARTS + 4)
		return -1;
	d->wf = b->workflow;
	d->self = b->measurement;
	d->dlen = mica_hash_size(b->hash);
	d->kind = g->kind;
	d->size = g->size;
	d->n = g->nparts;
	for (uint32_t k = 0; k < g->nparts; k++) {
		const mica_blob_part *x = &g->parts[k];

		d->p[k].cls = x->who >= 0 ? 0 : x->who == MICA_WHO_ANY ? 1 : 2;
		d->p[k].meas = x->who == 0 ? b->measurement
			       : x->who > 0 ? b->peers[x->who - 1] : NULL;
		d->p[k].rights = x->rights;
		d->p[k].ipa = x->ipa;
		d->p[k].limit = x->limit;
		if (x->who == 0)
			d->selfpart = k;
	}
	return 0;
}

static int part_eq(const struct rpart *a, const struct rpart *b, size_t n)
{
	return a->cls == b->cls && a->rights == b->rights && a->ipa == b->ipa &&
	       a->limit == b->limit &&
	       (a->cls != 0 || memcmp(a->meas, b->meas, n) == 0);
}

/* The generator's protected regions, as their named participants'
 * compiled blobs describe them. */
struct lregion {
	int ok;
	int mirror;                 /* a joining policy's view of a region */
	struct rdesc d;
	const struct ni_access *any;
};

/* The region of a decoded blob whose own window is at ipa (48-bit). */
static int blob_region(const mica_blob *b, uint64_t ipa)
{
	for (uint32_t j = 0; j < b->nregions; j++)
		for (uint32_t k = 0; k < b->regions[j].nparts; k++)
			if (b->regions[j].parts[k].who == MICA_WHO_SELF &&
			    b->regions[j].parts[k].ipa == ipa)
				return (int)j;
	return -1;
}

static void lregions(const struct ni_world *w,
		     struct lregion l[NI_MAXPOL][NI_MAXREGION])
{
	memset(l, 0, sizeof(struct lregion) * NI_MAXPOL * NI_MAXREGION);
	for (unsigned pi = 0; pi < w->set->npol; pi++) {
		const struct ni_policy *p = &w->set->pol[pi];

		for (unsigned g = 0; g < p->nregion; g++) {
			const struct ni_region *rg = &p->region[g];

			if (!rg->protected_)
				continue;
			l[pi][g].mirror = rg->mirror_pol >= 0;
			for (unsigned k = 0; k < rg->nacc && !l[pi][g].ok; k++) {
				const struct ni_access *a = &rg->acc[k];
				int j;

				/* Described by a realm of its own (for a join,
				 * the joiner: the mirrors have no instance). */
				if (a->subj >= NI_SUBJ_ANY || !w->cdec_ok[pi][a->subj] ||
				    (l[pi][g].mirror &&
				     p->realm[a->subj].mirror_pol >= 0))
					continue;
				j = blob_region(&w->cdec[pi][a->subj], a->ipa);
				if (j >= 0 && describe(&w->cdec[pi][a->subj],
						       (unsigned)j, &l[pi][g].d) == 0)
					l[pi][g].ok = 1;
			}
			for (unsigned k = 0; k < rg->nacc; k++)
				if (rg->acc[k].subj == NI_SUBJ_ANY)
					l[pi][g].any = &rg->acc[k];
		}
	}
}

/* Do two blobs make the RMM enforce the same thing? NULL, or the first
 * field that differs. */
const char *ni_blob_differs(const mica_blob *a, const mica_blob *b)
{
	size_t n = mica_hash_size(a->hash);

	if (a->hash != b->hash)
		return "hash";
	if (a->flags != b->flags)
		return "flags";
	if (a->nimms != b->nimms)
		return "host calls";
	if (memcmp(a->workflow, b->workflow, n) != 0)
		return "workflow";
	if (memcmp(a->measurement, b->measurement, n) != 0)
		return "measurement";
	if (a->rpv.len != b->rpv.len ||
	    memcmp(a->rpv.bytes, b->rpv.bytes, a->rpv.len) != 0)
		return "rpv";
	for (uint32_t i = 0; i < a->nimms; i++)
		if (a->imms[i].lo != b->imms[i].lo || a->imms[i].hi != b->imms[i].hi)
			return "host calls";
	if (a->npeers != b->npeers)
		return "peers";
	for (uint32_t i = 0; i < a->npeers; i++)
		if (memcmp(a->peers[i], b->peers[i], n) != 0)
			return "peers";
	if (a->nregions > b->nregions)
		return "regions (one more window)";
	if (a->nregions < b->nregions)
		return "regions (a window fewer)";
	for (uint32_t j = 0; j < a->nregions; j++) {
		const mica_blob_region *x = &a->regions[j], *y = &b->regions[j];

		if (x->kind != y->kind || x->size != y->size)
			return "regions (a window's kind or size)";
		if (x->nparts != y->nparts)
			return "regions (a window's participants)";
		for (uint32_t k = 0; k < x->nparts; k++)
			if (x->parts[k].who != y->parts[k].who ||
			    x->parts[k].rights != y->parts[k].rights)
				return "regions (a participant's rights)";
			else if (x->parts[k].ipa != y->parts[k].ipa ||
				 x->parts[k].limit != y->parts[k].limit)
				return "regions (a participant's IPA or limit)";
	}
	return NULL;
}

/* x's role in region L given its own description d: 1 named (the
 * description is L's and names x), 2 joiner through any, 3 a joiner
 * that would be one if it carried L's any entry, 0 none. */
static int role_in(const struct lregion *lr, const struct rdesc *d)
{
	const struct rdesc *o = &lr->d;
	const struct rpart *any = NULL, *self = &d->p[d->selfpart];
	unsigned named = 0, mine = 0;
	int carries = 0;

	if (d->dlen != o->dlen || d->kind != o->kind || d->size != o->size)
		return 0;
	if (memcmp(d->wf, o->wf, d->dlen) == 0) {
		int names = 0;

		if (d->n != o->n)
			return 0;
		for (unsigned k = 0; k < d->n; k++) {
			if (!part_eq(&d->p[k], &o->p[k], d->dlen))
				return 0;
			names |= o->p[k].cls == 0 &&
				 memcmp(o->p[k].meas, d->self, d->dlen) == 0;
		}
		return names ? 1 : 0;
	}
	for (unsigned k = 0; k < o->n; k++) {
		if (o->p[k].cls == 1)
			any = &o->p[k];
		if (o->p[k].cls != 0)
			continue;
		if (memcmp(o->p[k].meas, d->self, d->dlen) == 0)
			return 0;   /* named there: not a joiner */
		named++;
	}
	if (any == NULL || self->ipa != any->ipa ||
	    (self->rights & ~any->rights) != 0)
		return 0;
	for (unsigned k = 0; k < d->n; k++) {
		const struct rpart *x = &d->p[k];
		int match = 0;

		if (k == d->selfpart)
			continue;
		if (x->cls == 1) {
			carries = part_eq(x, any, d->dlen);
			continue;
		}
		if (x->cls != 0)
			return 0;
		for (unsigned q = 0; q < o->n; q++)
			match |= o->p[q].cls == 0 &&
				 memcmp(o->p[q].meas, x->meas, d->dlen) == 0 &&
				 o->p[q].rights == x->rights &&
				 o->p[q].ipa == x->ipa;
		if (!match)
			return 0;
		mine++;
	}
	if (mine != named)
		return 0;
	return carries ? 2 : 3;
}

#define MAXMAP 256

/* The regions of the set, built once per world (ni_check_static). */
static struct lregion L[NI_MAXPOL][NI_MAXREGION];


struct mapping {
	const struct ni_inst *x;
	uint64_t ipa, page;
	unsigned long pa;
	int lp, lg;                 /* the region its granule backs, or -1 */
	int role;                   /* in it: 1 named, 2 joiner, 3 joiner
				     * without the any entry, 0 none */
	int described;              /* its blob has a protected window there */
	struct rdesc d;
};

/* x's description of the protected window holding ipa. */
static int window_desc(const struct ni_inst *x, uint64_t ipa,
		       struct rdesc *d, uint64_t *page)
{
	int j = ni_region_at(x, ipa);
	uint64_t base, size;

	if (!x->dec_ok || j < 0 || ni_window(x, (unsigned)j, &base, &size) != 0 ||
	    describe(&x->dec, (unsigned)j, d) != 0 || d->kind != MICA_PROTECTED)
		return -1;
	*page = (ipa - base) / FVP_GRANULE;
	return 0;
}

/* A SHARE_MAP of a fresh granule: it becomes page k of the region its
 * first mapper is a named participant of (a joiner's own view, when the
 * first mapper is a joiner). Which region a granule backs never changes
 * while it is shared. */
void ni_shared(struct ni_world *w, const struct ni_inst *x, unsigned long pa,
	       uint64_t ipa)
{
	unsigned long g = (pa - FVP_BASE_PA) / FVP_GRANULE;
	struct rdesc d;
	uint64_t page;
	int best = -1;

	w->gid[g] = 0;
	if (window_desc(x, ipa, &d, &page) != 0)
		return;
	for (unsigned pi = 0; pi < w->set->npol; pi++)
		for (unsigned q = 0; q < w->set->pol[pi].nregion; q++)
			if (L[pi][q].ok && role_in(&L[pi][q], &d) == 1 &&
			    (best < 0 || !L[pi][q].mirror))
				best = (int)(pi * NI_MAXREGION + q);
	w->gid[g] = (uint16_t)(best + 1);
}

/* Two mappings of one region as the same named subject, by two Realms. */
static void named_twice(struct ni_world *w, const struct mapping *i,
			const struct mapping *k)
{
	char a[96], b[96];

	if (i->x != k->x && memcmp(i->x->meas, k->x->meas, i->x->dlen) == 0)
		ni_violation(w, NI_R_NAMED, "%s and %s both map region %s of %s "
			     "as the same named subject",
			     inst_name(w, i->x, a, sizeof a),
			     inst_name(w, k->x, b, sizeof b),
			     w->set->pol[i->lp].region[i->lg].name,
			     w->set->pol[i->lp].name);
}

static void check_shared(struct ni_world *w, struct mapping *m, unsigned n)
{
	char a[96], b[96];

	for (unsigned i = 0; i < n; i++) {
		const struct ni_inst *x = m[i].x;
		unsigned id = w->gid[(m[i].pa - FVP_BASE_PA) / FVP_GRANULE];

		m[i].lp = m[i].lg = -1;
		m[i].role = 0;
		if (!x->dec_ok)
			continue;   /* a blob micac refuses: NI_R_BLOB said so */
		if (window_desc(x, m[i].ipa, &m[i].d, &m[i].page) != 0) {
			ni_violation(w, NI_R_SHARE, "%s maps shared granule %#lx at "
				     "%#llx, outside its protected windows",
				     inst_name(w, x, a, sizeof a), m[i].pa,
				     (unsigned long long)m[i].ipa);
			continue;
		}
		m[i].described = 1;
		if (id == 0)
			continue;
		m[i].lp = (int)((id - 1) / NI_MAXREGION);
		m[i].lg = (int)((id - 1) % NI_MAXREGION);
		m[i].role = role_in(&L[m[i].lp][m[i].lg], &m[i].d);
		if (m[i].role == 0)
			ni_violation(w, NI_R_SHARE, "%s maps granule %#lx of region "
				     "%s of %s, which its blob does not let it join",
				     inst_name(w, x, a, sizeof a), m[i].pa,
				     w->set->pol[m[i].lp].region[m[i].lg].name,
				     w->set->pol[m[i].lp].name);
		if (m[i].role == 3)
			ni_violation(w, NI_R_JOIN, "%s joined region %s of %s "
				     "through its any entry with a blob that does not "
				     "carry that entry", inst_name(w, x, a, sizeof a),
				     w->set->pol[m[i].lp].region[m[i].lg].name,
				     w->set->pol[m[i].lp].name);
		if (m[i].role == 1 && !L[m[i].lp][m[i].lg].mirror) {
			/* The subject's blob must be the one its policy made. */
			const struct ni_policy *p = &w->set->pol[m[i].lp];
			const char *f;

			for (unsigned r = 0; r < p->nrealm; r++)
				if (memcmp(p->realm[r].meas, x->meas, x->dlen) == 0 &&
				    w->cdec_ok[m[i].lp][r] &&
				    (f = ni_blob_differs(&x->dec, &w->cdec[m[i].lp][r])) != NULL)
					ni_violation(w, NI_R_FORGED, "%s shares region "
						     "%s of %s as %s under a blob %s did "
						     "not produce: its %s (flags %#llx, %s's "
						     "%#llx)", inst_name(w, x, a, sizeof a),
						     p->region[m[i].lg].name, p->name,
						     p->realm[r].name, p->name, f,
						     (unsigned long long)x->dec.flags, p->name,
						     (unsigned long long)w->cdec[m[i].lp][r].flags);
		}
	}
	/* Per granule one page; per region and page one granule; per region
	 * each named subject one Realm. */
	for (unsigned i = 0; i < n; i++)
		for (unsigned k = i + 1; k < n; k++) {
			int same_pa = m[i].pa == m[k].pa;
			int same_lr = m[i].lp >= 0 && m[i].lp == m[k].lp &&
				      m[i].lg == m[k].lg && m[i].role && m[k].role;

			if (same_pa && m[i].described && m[k].described &&
			    m[i].page != m[k].page)
				ni_violation(w, NI_R_SHARE, "granule %#lx backs page "
					     "%llu for %s and page %llu for %s", m[i].pa,
					     (unsigned long long)m[i].page,
					     inst_name(w, m[i].x, a, sizeof a),
					     (unsigned long long)m[k].page,
					     inst_name(w, m[k].x, b, sizeof b));
			if (same_pa && m[i].lp < 0 && m[i].described &&
			    m[k].described)
				ni_violation(w, NI_R_SHARE, "%s and %s share granule "
					     "%#lx under blobs that describe no region "
					     "of the set", inst_name(w, m[i].x, a, sizeof a),
					     inst_name(w, m[k].x, b, sizeof b), m[i].pa);
			if (same_lr && m[i].page == m[k].page && !same_pa)
				ni_violation(w, NI_R_SHARE, "page %llu of region %s "
					     "is granule %#lx for %s and %#lx for %s",
					     (unsigned long long)m[i].page,
					     w->set->pol[m[i].lp].region[m[i].lg].name,
					     m[i].pa, inst_name(w, m[i].x, a, sizeof a),
					     m[k].pa, inst_name(w, m[k].x, b, sizeof b));
			if (same_lr && m[i].role == 1 && m[k].role == 1)
				named_twice(w, &m[i], &m[k]);
		}
	/* Per region at most limit joiners, over all its pages. */
	for (unsigned pi = 0; pi < w->set->npol; pi++)
		for (unsigned g = 0; g < w->set->pol[pi].nregion; g++) {
			const struct ni_inst *seen[MAXMAP];
			unsigned nseen = 0;

			if (!L[pi][g].ok || L[pi][g].any == NULL)
				continue;
			for (unsigned i = 0; i < n; i++) {
				unsigned q;

				if (m[i].lp != (int)pi || m[i].lg != (int)g ||
				    m[i].role < 2)
					continue;
				for (q = 0; q < nseen && seen[q] != m[i].x; q++)
					;
				if (q == nseen)
					seen[nseen++] = m[i].x;
			}
			if (nseen > L[pi][g].any->limit)
				ni_violation(w, NI_R_ANYLIMIT, "%u Realms joined "
					     "region %s of %s through any ... limit %llu",
					     nseen, w->set->pol[pi].region[g].name,
					     w->set->pol[pi].name,
					     (unsigned long long)L[pi][g].any->limit);
		}
}

/* ---- the sweep ------------------------------------------------------------- */

static void scan_memory(struct ni_world *w, int full)
{
	const struct mica_rmm *rmm = w->m.rmm;
	char whose[64];

	for (uint64_t g = 0; g < w->m.high; g++) {
		unsigned st = rmm->granule[g].state;
		const uint8_t *mem = w->m.mem + g * FVP_GRANULE;
		unsigned long pa = FVP_BASE_PA + g * FVP_GRANULE;

		if (st != w->state[g]) {
			w->state[g] = (uint8_t)st;
			w->dirty[g] = 1;
			if (st != MICA_GRANULE_SHARED)
				w->gid[g] = 0;
		}
		if ((w->m.gpt[g] != 0) != (st != MICA_GRANULE_NS))
			ni_violation(w, NI_R_GPT, "granule %#lx: GPT says %s, the "
				     "RMM's state is %u", pa,
				     w->m.gpt[g] ? "Realm" : "NS", st);
		if (!full && !w->dirty[g])
			continue;
		w->dirty[g] = 0;
		w->mask[g] = ni_scan(w, mem, FVP_GRANULE);
		if (st == MICA_GRANULE_DELEGATED) {
			static const uint8_t zero[FVP_GRANULE];

			if (memcmp(mem, zero, FVP_GRANULE) != 0)
				ni_violation(w, NI_R_ZERO, "delegated granule %#lx "
					     "holds data", pa);
		}
		if (w->m.gpt[g] == 0 && w->mask[g])
			ni_violation(w, NI_R_NS, "NS granule %#lx (host-visible) "
				     "holds the canary of %s", pa,
				     canary_owner(w, w->mask[g], whose, sizeof whose));
	}
}

static void sweep(struct ni_world *w)
{
	static struct mapping m[MAXMAP];
	const struct mica_rmm *rmm = w->m.rmm;
	unsigned n = 0;
	char a[96], whose[64];

	for (unsigned i = 0; i < w->ninst; i++) {
		struct ni_inst *x = &w->inst[i];
		unsigned slot;
		int strict;

		if (!x->live)
			continue;
		slot = ni_slot(w, x);
		strict = x->bound && x->dec_ok &&
			 (x->dec.flags & MICA_BLOB_STRICT) != 0;
		for (unsigned c = 0; c < x->ncand; c++) {
			uint64_t ipa = x->cand[c];
			unsigned long st, desc, pa, g, tpa;
			int prot = ni_protected(x, ipa);
			unsigned gs, ripas, pas;

			if ((ipa >> x->s2sz) != 0)
				continue;
			/* Readable by x (the translation, then the granule
			 * protection check): canaries it may not hold? */
			if (mica_rmm_s2_translate(rmm, x->rd, ipa, MICA_S2_AP_R,
						  &tpa, &pas) == 0 && tpa >= FVP_BASE_PA &&
			    (tpa - FVP_BASE_PA) / FVP_GRANULE < w->m.high) {
				uint64_t tg = (tpa - FVP_BASE_PA) / FVP_GRANULE;
				uint32_t bad = 0;

				if ((pas == MICA_RMM_PAS_REALM) != prot)
					ni_violation(w, NI_R_PAS, "%s: the translation of "
						     "%s IPA %#llx targets the %s PAS",
						     inst_name(w, x, a, sizeof a),
						     prot ? "protected" : "unprotected",
						     (unsigned long long)ipa,
						     pas == MICA_RMM_PAS_REALM ? "Realm" : "NS");
				/* (Host-visible memory holding a canary is a leak
				 * already: canary-in-ns-memory says so.) */
				/* (Nor is its own RAM: what it holds, it wrote.) */
				if (pas == MICA_RMM_PAS_REALM && w->m.gpt[tg] != 0 &&
				    !(rmm->granule[tg].state == MICA_GRANULE_DATA &&
				      rmm->granule[tg].owner == slot))
					for (unsigned k = 0; k < w->ncanary; k++)
						if ((w->mask[tg] & (1u << k)) &&
						    !ni_allowed(w, x, k))
							bad |= 1u << k;
				for (unsigned k = 0; k < w->ncanary; k++) {
					if (!(bad & (1u << k)))
						continue;
					if (ni_clone_of_allowed(w, x, k))
						ni_violation(w, NI_R_CLONE, "%s, while the "
							     "realm it clones lives, can read "
							     "the canary of %s at IPA %#llx",
							     inst_name(w, x, a, sizeof a),
							     canary_owner(w, 1u << k, whose,
									  sizeof whose),
							     (unsigned long long)ipa);
					else
						ni_violation(w, NI_R_READABLE, "%s can read "
							     "the canary of %s at IPA %#llx "
							     "(PA %#lx)",
							     inst_name(w, x, a, sizeof a),
							     canary_owner(w, 1u << k, whose,
									  sizeof whose),
							     (unsigned long long)ipa, tpa);
				}
			}
			ripas = read_entry(w, x, ipa, &st, &desc);
			if (ripas == 0xFF || st != MICA_RMI_ASSIGNED)
				continue;
			pa = desc & MICA_S2_OA_MASK;
			if (pa < FVP_BASE_PA ||
			    (g = (pa - FVP_BASE_PA) / FVP_GRANULE) >= w->m.high) {
				/* NS memory may be anything the host has. */
				if (prot)
					ni_violation(w, NI_R_PAS, "%s: IPA %#llx maps "
						     "PA %#lx outside memory",
						     inst_name(w, x, a, sizeof a),
						     (unsigned long long)ipa, pa);
				continue;
			}
			gs = rmm->granule[g].state;
			if (!prot) {
				int j;

				/* A granule delegated after it was mapped stays
				 * out of reach: the mapping is to the NS PAS
				 * (checked above) and the GPT refuses it. */
				if (!strict)
					continue;
				j = ni_region_at(x, ipa);
				if (j < 0 || x->dec.regions[j].kind != MICA_UNPROTECTED)
					ni_violation(w, NI_R_UNPROT, "strict %s maps "
						     "unprotected IPA %#llx outside its "
						     "unprotected windows",
						     inst_name(w, x, a, sizeof a),
						     (unsigned long long)ipa);
				else {
					unsigned rt = 0;

					for (uint32_t k = 0; k < x->dec.regions[j].nparts; k++)
						if (x->dec.regions[j].parts[k].who == 0)
							rt = x->dec.regions[j].parts[k].rights;
					if (((desc >> 6) & 3) != rt)
						ni_violation(w, NI_R_UNPROT, "strict %s "
							     "maps %#llx with S2AP %lu, its "
							     "rights are %u",
							     inst_name(w, x, a, sizeof a),
							     (unsigned long long)ipa,
							     (desc >> 6) & 3, rt);
				}
				continue;
			}
			if (gs == MICA_GRANULE_DATA) {
				if (rmm->granule[g].owner != slot)
					ni_violation(w, NI_R_PAS, "%s maps DATA granule "
						     "%#lx of another Realm",
						     inst_name(w, x, a, sizeof a), pa);
				continue;
			}
			if (gs != MICA_GRANULE_SHARED) {
				ni_violation(w, NI_R_PAS, "%s: protected IPA %#llx maps "
					     "granule %#lx in state %u",
					     inst_name(w, x, a, sizeof a),
					     (unsigned long long)ipa, pa, gs);
				continue;
			}
			/* A shared granule: listed as a mapper, with its rights. */
			{
				const struct mica_rmm_share *s = &rmm->share[g];
				int listed = 0, j = ni_region_at(x, ipa);
				unsigned rt = 0;

				for (unsigned q = 0; q < s->nmap; q++)
					listed |= s->realm[q] == slot;
				if (!listed)
					ni_violation(w, NI_R_SHARE, "%s maps shared "
						     "granule %#lx without being its "
						     "mapper", inst_name(w, x, a, sizeof a),
						     pa);
				if (j >= 0)
					for (uint32_t k = 0; k < x->dec.regions[j].nparts; k++)
						if (x->dec.regions[j].parts[k].who == 0)
							rt = x->dec.regions[j].parts[k].rights;
				if (j >= 0 && ((desc >> 6) & 3) != rt)
					ni_violation(w, NI_R_SHARE, "%s maps shared "
						     "granule %#lx with S2AP %lu, its "
						     "rights are %u",
						     inst_name(w, x, a, sizeof a), pa,
						     (desc >> 6) & 3, rt);
				if (n < MAXMAP) {
					memset(&m[n], 0, sizeof m[n]);
					m[n].x = x;
					m[n].ipa = ipa;
					m[n].pa = pa;
					n++;
				}
			}
		}
	}
	/* Every mapper the RMM lists was found at one of its windows. */
	for (uint64_t g = 0; g < w->m.high; g++) {
		const struct mica_rmm_share *s = &rmm->share[g];

		if (rmm->granule[g].state != MICA_GRANULE_SHARED)
			continue;
		for (unsigned q = 0; q < s->nmap; q++) {
			int found = 0;

			for (unsigned i = 0; i < n && !found; i++)
				found = m[i].pa == FVP_BASE_PA + g * FVP_GRANULE &&
					ni_slot(w, m[i].x) == s->realm[q];
			if (!found && n < MAXMAP)
				ni_violation(w, NI_R_SHARE, "the RMM lists Realm slot "
					     "%u as a mapper of granule %#llx, but none "
					     "of its windows maps it", s->realm[q],
					     (unsigned long long)(FVP_BASE_PA +
								  g * FVP_GRANULE));
		}
	}
	check_shared(w, m, n);
}

void ni_check(struct ni_world *w, int full)
{
	scan_memory(w, full);
	sweep(w);
}

/* ---- the checker, against the test's own flow analysis ------------------- */

/* What the owner's realm o really may do beyond region `joined` of its
 * policy, which a joining policy cannot see: exit, or write elsewhere. */
static const char *beyond(const struct ni_policy *o, unsigned r,
			  unsigned joined)
{
	const struct ni_realm *x = &o->realm[r];

	if (!x->strict)
		return "is not strict";
	if (x->hc_any || x->nimm || x->mmio || x->psci || x->ripas || x->paging)
		return "may exit to the host";
	for (unsigned g = 0; g < o->nregion; g++)
		for (unsigned k = 0; g != joined && k < o->region[g].nacc; k++)
			if (o->region[g].acc[k].subj == (int)r &&
			    (o->region[g].acc[k].rights & 2))
				return "writes other regions";
	return NULL;
}

void ni_check_static(struct ni_world *w)
{
	lregions(w, L);
	/* A join: the joining policy declares the owner's named participants
	 * (mirrors) and its analysis trusts what it declares; a mirror it
	 * does not trust, which its distrustful data reaches, must not be
	 * able to pass that data on beyond the joined region. */
	for (unsigned pi = 0; pi < w->set->npol; pi++) {
		const struct ni_policy *p = &w->set->pol[pi];

		for (unsigned m = 0; m < p->nrealm; m++) {
			const struct ni_realm *x = &p->realm[m];
			const struct ni_policy *o;
			const char *why;
			unsigned joined = NI_MAXREGION;

			if (x->mirror_pol < 0 || x->trust == NI_TRUSTED)
				continue;
			o = &w->set->pol[x->mirror_pol];
			for (unsigned g = 0; g < p->nregion; g++)
				for (unsigned k = 0; k < p->region[g].nacc; k++)
					if (p->region[g].acc[k].subj == (int)m &&
					    p->region[g].mirror_pol == x->mirror_pol)
						joined = (unsigned)p->region[g].mirror_region;
			if ((why = beyond(o, (unsigned)x->mirror_realm, joined)) == NULL)
				continue;
			for (unsigned d = 0; d < p->nrealm; d++)
				if (p->realm[d].trust == NI_DISTRUSTFUL &&
				    p->realm[d].mirror_pol < 0 && w->reach[pi][d][m])
					ni_violation(w, NI_R_MIRROR, "%s counts on %s (%s "
						     "of %s) as %s, strict and without "
						     "exits, and lets %s's data reach it; "
						     "in %s it %s", p->name, x->name,
						     o->realm[x->mirror_realm].name, o->name,
						     x->trust == NI_UNTRUSTED ? "untrusted"
						     : "distrustful", p->realm[d].name,
						     o->name, why);
		}
	}
	for (unsigned pi = 0; pi < w->set->npol; pi++) {
		const struct ni_policy *p = &w->set->pol[pi];

		for (unsigned i = 0; i < p->nrealm; i++) {
			uint8_t reach[NI_MAXREALM];
			char why[160];

			if (p->realm[i].trust == NI_DISTRUSTFUL &&
			    ni_reach(p, i, reach, why, sizeof why))
				ni_violation(w, NI_R_CHECKER, "micac accepted %s: %s",
					     p->name, why);
		}
	}
}
