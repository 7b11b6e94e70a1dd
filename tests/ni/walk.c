/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * walk.c -- one step of the adversarial walk (ni.h).
 *
 * Half the steps are the host's: RMI calls in any order with any
 * arguments, drawn from every granule and IPA in play (other Realms'
 * included), and whole manoeuvres: tearing a Realm down and building it
 * again, cloning a genuine Realm (its image and blob, mapped as its
 * named subject), building Realms from one image with another policy's
 * blob or a mutated one, more joiners of an `any` region, plain Realms
 * with no blob. The other half are Realm operations: the walk hands one
 * to an instance and enters it until it is done, answering every exit as
 * a host may (emulating MMIO or not, injecting aborts, paging memory in,
 * carrying out RIPAS changes or not, any registers back).
 */
#include <stdlib.h>
#include <string.h>

#include "ni.h"

#define HALF48 (1ull << 47)
#define MAXENTER 8

/* ---- choices -------------------------------------------------------------- */

static struct ni_inst *pick_inst(struct ni_world *w, int active)
{
	unsigned idx[NI_MAXINST], n = 0;

	for (unsigned i = 0; i < w->ninst; i++) {
		const struct ni_inst *x = &w->inst[i];

		if (!x->live)
			continue;
		if (active && (x->vcpu == NULL || x->rec == 0 ||
			       w->m.rmm->realm[ni_slot(w, x)].state !=
			       MICA_REALM_ACTIVE))
			continue;
		idx[n++] = i;
	}
	return n ? &w->inst[idx[ni_below(w->rng, n)]] : NULL;
}

/* Any granule in play, or a bad address now and then. */
static unsigned long pick_pa(struct ni_world *w)
{
	struct ni_rng *r = w->rng;
	const struct ni_inst *x;

	switch (ni_below(r, 10)) {
	case 0:
	case 1:
	case 2: {   /* a region's granule */
		unsigned pi = ni_below(r, w->set->npol);
		const struct ni_policy *p = &w->set->pol[pi];
		unsigned g = ni_below(r, p->nregion);
		unsigned long pa = w->region_pa[pi][g][ni_below(r, NI_MAXPAGES)];

		if (pa)
			return pa;
		break;
	}
	case 3:
		return ni_delegated(w);
	case 4:
		return ni_granule(w);
	case 5:
	case 6:   /* another Realm's granule */
		if ((x = pick_inst(w, 0)) == NULL)
			break;
		switch (ni_below(r, 5)) {
		case 0: return x->rd;
		case 1: return x->rec;
		case 2: return x->run;
		case 3: return x->rtt[ni_below(r, x->nrtt)].pa;
		default: return x->data[ni_below(r, 1 + NI_RAM)];
		}
	case 7:
		return FVP_BASE_PA + ni_below(r, (uint32_t)w->m.high) * FVP_GRANULE;
	case 8:
		if (ni_chance(r, 50))
			return FVP_BASE_PA + ni_below(r, (uint32_t)w->m.high) *
					     FVP_GRANULE + 8 * ni_below(r, 512);
		return ni_u64(r);
	}
	return FVP_BASE_PA + ni_below(r, (uint32_t)w->m.high) * FVP_GRANULE;
}

/* An IPA for an RMI call on x or an access by x. */
static uint64_t pick_ipa(struct ni_world *w, const struct ni_inst *x)
{
	struct ni_rng *r = w->rng;
	const struct ni_inst *y;

	switch (ni_below(r, 20)) {
	case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7:
		if (x->ncand)
			return x->cand[ni_below(r, x->ncand)];
		break;
	case 8: case 9: case 10:   /* someone else's */
		if ((y = pick_inst(w, 0)) != NULL && y->ncand) {
			uint64_t ipa = y->cand[ni_below(r, y->ncand)];

			/* Same offset in x's other half, sometimes. */
			if (ni_chance(r, 30))
				ipa = ipa % ni_unprot_base(y->s2sz) +
				      (ni_protected(y, ipa) ? ni_unprot_base(x->s2sz)
							    : 0);
			return ipa;
		}
		break;
	case 11: {   /* a policy's IPA, as written (48-bit space) */
		const struct ni_policy *p = &w->set->pol[ni_below(r, w->set->npol)];
		const struct ni_region *g = &p->region[ni_below(r, p->nregion)];

		if (g->nacc) {
			uint64_t ipa = g->acc[ni_below(r, g->nacc)].ipa;

			return ni_chance(r, 50) ? ipa
			       : ipa % HALF48 + (ipa >= HALF48
						 ? ni_unprot_base(x->s2sz) : 0);
		}
		break;
	}
	case 12:
		return NI_POOL_IPA + ni_below(r, NI_POOL_PAGES) * FVP_GRANULE;
	case 13:
		return (uint64_t)ni_below(r, 1u << 20) * FVP_GRANULE %
		       ni_unprot_base(x->s2sz);
	case 14:
		return ni_unprot_base(x->s2sz) +
		       (uint64_t)ni_below(r, 1u << 20) * FVP_GRANULE;
	case 15:   /* the 48-bit unprotected half, whatever x's width */
		return HALF48 + (uint64_t)ni_below(r, 1u << 20) * FVP_GRANULE;
	case 16:
		return ni_u64(r) & ((1ull << 49) - 1);
	}
	return x->ncand ? x->cand[0] : 0;
}

static unsigned long fresh_ns(struct ni_world *w)
{
	return ni_granule(w);
}

/* ---- entering a Realm ------------------------------------------------------ */

/* One REC_ENTER of x, the host's answer to the last exit in the run
 * page; then the exit checked and the next answer chosen. Returns the
 * RMI status, or 0 with *reason and *esr of the exit. */
static unsigned long enter(struct ni_world *w, struct ni_inst *x,
			   uint64_t *reason, uint64_t *esr)
{
	struct ni_rng *r = w->rng;
	uint8_t run[FVP_GRANULE];
	unsigned long st, ret[5];
	uint64_t ipa, base, top;

	memset(run, 0, sizeof run);
	mica_st64(run + MICA_RUN_ENTRY_FLAGS, x->entry_flags);
	for (unsigned i = 0; i < 4; i++)
		mica_st64(run + MICA_RUN_ENTRY_GPRS + 8 * i, x->entry_gprs[i]);
	if (fvp_host_write(&w->m, x->run, run, sizeof run) != 0)
		return MICA_RMI_ERROR_INPUT;
	ni_dirty(w, x->run);
	st = ni_rmi(w, MICA_RMI_REC_ENTER, x->rec, x->run, 0, 0, 0, ret);
	x->entry_flags = 0;
	memset(x->entry_gprs, 0, sizeof x->entry_gprs);
	if (st != 0) {
		ni_trace(w, "  REC_ENTER #%u -> %lu", (unsigned)(x - w->inst), st);
		return st;
	}
	w->exits++;
	if (fvp_host_read(&w->m, x->run, run, sizeof run) != 0)
		return MICA_RMI_ERROR_INPUT;
	*reason = mica_ld64(run + MICA_RUN_EXIT_REASON);
	*esr = mica_ld64(run + MICA_RUN_EXIT_ESR);
	ipa = (mica_ld64(run + MICA_RUN_EXIT_HPFAR) >> 4) << 12;
	base = mica_ld64(run + MICA_RUN_EXIT_RIPAS_BASE);
	top = mica_ld64(run + MICA_RUN_EXIT_RIPAS_TOP);
	ni_trace(w, "  exit #%u reason %llu esr %#llx ipa %#llx imm %#llx",
		 (unsigned)(x - w->inst), (unsigned long long)*reason,
		 (unsigned long long)*esr, (unsigned long long)ipa,
		 (unsigned long long)mica_ld64(run + MICA_RUN_EXIT_IMM));
	ni_check_exit(w, x, run + MICA_RUN_EXIT);
	/* The answer, next time. */
	for (unsigned i = 0; i < 4; i++)
		x->entry_gprs[i] = ni_chance(r, 50) ? ni_u64(r) : 0;
	if (*reason == MICA_RMI_EXIT_SYNC &&
	    (*esr >> MICA_ESR_EC_SHIFT) == MICA_ESR_EC_DABT) {
		if (*esr & MICA_ESR_ISV) {
			x->entry_flags = ni_chance(r, 85) ? MICA_REC_ENTRY_EMUL_MMIO
				       : ni_chance(r, 70) ? MICA_REC_ENTRY_INJECT_SEA
				       : 0;
		} else if (ni_chance(r, 40)) {
			x->entry_flags = MICA_REC_ENTRY_INJECT_SEA;
		} else if (ni_chance(r, 50)) {
			/* Demand paging: the host backs the page. */
			unsigned long pa = ni_delegated(w);

			ni_ripas_before(w, x);
			ni_rmi(w, MICA_RMI_DATA_CREATE_UNKNOWN, x->rd, pa, ipa, 0, 0,
			       ret);
			ni_ripas_after(w, 0, 0, 0);
		}
	} else if (*reason == MICA_RMI_EXIT_RIPAS_CHANGE) {
		if (ni_chance(r, 60)) {
			uint64_t end = top;

			if (ni_chance(r, 30))
				end = base + FVP_GRANULE * (1 + ni_below(r, 4));
			ni_ripas_before(w, x);
			st = ni_rmi(w, MICA_RMI_RTT_SET_RIPAS, x->rd, x->rec, base,
				    end, 0, ret);
			ni_ripas_after(w, 1, base, end);
		}
		if (ni_chance(r, 20))
			x->entry_flags = MICA_REC_ENTRY_RIPAS_REJECT;
	}
	if (ni_chance(r, 4))
		x->entry_flags = ni_below(r, 64);   /* anything, valid or not */
	return 0;
}

void ni_realm_op(struct ni_world *w, struct ni_inst *x, int kind)
{
	struct ni_rng *r = w->rng;
	struct ni_op *op = &x->prog.op;
	static const unsigned long psci[] = {
		MICA_PSCI_CPU_ON, MICA_PSCI_AFFINITY_INFO, MICA_PSCI_CPU_SUSPEND,
		MICA_PSCI_VERSION, MICA_PSCI_FEATURES, 0x84000012ul,
		MICA_PSCI_CPU_ON, MICA_PSCI_CPU_OFF, MICA_PSCI_SYSTEM_OFF,
	};
	char what[64];

	if (!op->pending) {
		memset(op, 0, sizeof *op);
		op->kind = kind;
		op->ipa = pick_ipa(w, x);
		op->arg = ni_u64(r);
		op->arg2 = ni_u64(r);
		op->enc = -1;
		switch (kind) {
		case NI_OP_HOSTCALL:
			op->imm = ni_below(r, 0x10000);
			if (x->dec_ok && x->dec.nimms && ni_chance(r, 60))
				op->imm = x->dec.imms[ni_below(r, x->dec.nimms)].lo;
			break;
		case NI_OP_MMIO_READ:
		case NI_OP_MMIO_WRITE:
			if (ni_chance(r, 50))
				op->ipa = ni_unprot_base(x->s2sz) + 0x7F0000000ull +
					  ni_below(r, 256) * FVP_GRANULE % 
					  ni_unprot_base(x->s2sz);
			break;
		case NI_OP_PSCI: {
			unsigned k = ni_below(r, sizeof psci / sizeof psci[0]);

			/* CPU_OFF and SYSTEM_OFF end a Realm: rarely. */
			if (k >= 7 && ni_chance(r, 85))
				k = 0;
			op->arg = psci[k];
			break;
		}
		case NI_OP_RIPAS:
			op->arg = op->ipa + FVP_GRANULE * (1 + ni_below(r, 8));
			break;
		case NI_OP_PAGING:
			if (x->pool && ni_chance(r, 60))
				op->ipa = NI_POOL_IPA +
					  ni_below(r, NI_POOL_PAGES) * FVP_GRANULE;
			break;
		}
		op->pending = 1;
	}
	snprintf(what, sizeof what, "op %d", op->kind);
	ni_trace(w, "step %llu: realm #%u (%s) %s", (unsigned long long)w->step,
		 (unsigned)(x - w->inst), x->what, what);
	w->realm_ops++;
	ni_ripas_before(w, x);
	for (unsigned e = 0; e < MAXENTER && !w->stop; e++) {
		uint64_t reason = 0, esr = 0;

		if (enter(w, x, &reason, &esr) != 0)
			break;
		if (w->ripas_inst < 0)
			ni_ripas_before(w, x);
		if (op->done && reason == MICA_RMI_EXIT_SYNC &&
		    (esr >> MICA_ESR_EC_SHIFT) == MICA_ESR_EC_WFX && !x->prog.wfe)
			break;
	}
	ni_ripas_after(w, 0, 0, 0);
}

/* ---- host manoeuvres ------------------------------------------------------ */

/* x went away: a live instance with the same image and blob becomes the
 * genuine one (the host swapped it in; nothing tells them apart). */
static void promote(struct ni_world *w, struct ni_inst *x)
{
	if (!x->genuine)
		return;
	w->genuine_of[x->pol][x->realm] = -1;
	for (unsigned i = 0; i < w->ninst; i++) {
		struct ni_inst *y = &w->inst[i];

		if (!y->live || y->genuine || y->img_pol != x->pol ||
		    y->img_realm != x->realm || y->blob_pol != x->pol ||
		    y->blob_realm != x->realm)
			continue;
		y->genuine = 1;
		y->pol = x->pol;
		y->realm = x->realm;
		y->canary = x->canary;
		if (y->canary >= 0)
			y->holds |= 1u << y->canary;
		w->genuine_of[x->pol][x->realm] = (int)i;
		ni_trace(w, "  #%u is now the genuine %s", i,
			 w->set->pol[x->pol].realm[x->realm].name);
		return;
	}
}

/* A copy of realm S (its image, its blob) when no genuine S lives: it
 * is S now, as a rebuilt S would be. */
static void adopt_if_none(struct ni_world *w, struct ni_inst *y)
{
	int g = w->genuine_of[y->img_pol][y->img_realm];

	if (g >= 0 && w->inst[g].live)
		return;
	y->genuine = 1;
	y->pol = y->img_pol;
	y->realm = y->img_realm;
	w->genuine_of[y->pol][y->realm] = (int)(y - w->inst);
	for (unsigned k = 0; k < w->ncanary; k++)
		if (w->canary[k].pol == y->pol && w->canary[k].realm == y->realm) {
			y->canary = (int)k;
			y->holds |= 1u << k;
		}
}

/* A new instance from realm (ip, ir)'s image, bound with blob b. */
static struct ni_inst *build(struct ni_world *w, const char *what, int ip,
			     int ir, const uint8_t *b, size_t len, int bp,
			     int br)
{
	const struct ni_policy *p = &w->set->pol[ip];
	const struct ni_realm *r = &p->realm[ir];
	struct ni_inst *x = ni_new_inst(w, what);
	unsigned s2sz = r->s2sz;
	int sha512 = p->sha512, lazy;

	if (x == NULL)
		return NULL;
	x->img_pol = ip;
	x->img_realm = ir;
	x->blob_pol = bp;
	x->blob_realm = br;
	if (ni_chance(w->rng, 10))
		s2sz = 32 + 4 * ni_below(w->rng, 5);
	if (ni_chance(w->rng, 3))
		sha512 = !sha512;
	/* A lazy host leaves the blob's windows EMPTY and counts on
	 * SHARE_MAP to make them RAM, which it must refuse. */
	lazy = ni_chance(w->rng, 25);
	if (ni_create(w, x, r->meas, sha512, s2sz, r->rpv, r->rpv_len,
		      ni_chance(w->rng, 30), lazy ? NULL : b, len) != 0)
		return x;
	if (b != NULL && ni_bind(w, x, b, len) != 0)
		return x;
	if (ni_activate(w, x) != 0)
		return x;
	return x;
}

/* A realm of the set, at random: (policy, realm). */
static void pick_realm(struct ni_world *w, int *pi, int *ri, int home)
{
	for (int tries = 0; tries < 16; tries++) {
		*pi = (int)ni_below(w->rng, w->set->npol);
		*ri = (int)ni_below(w->rng, w->set->pol[*pi].nrealm);
		if (!home || w->set->pol[*pi].realm[*ri].mirror_pol < 0)
			return;
	}
	*pi = 0;
	*ri = 0;
}

/* A blob changed the way an attacker would: bits, bytes, lengths, or its
 * content re-encoded with one field changed. Returns its length. */
static size_t mutate(struct ni_world *w, const uint8_t *b, size_t len,
		     uint8_t *out)
{
	struct ni_rng *r = w->rng;
	size_t n = len;

	memcpy(out, b, len);
	switch (ni_below(r, 10)) {
	case 8:
	case 9: {
		/* A newer minor version with a key this reader does not know
		 * (which it must skip), holding any CBOR at all. */
		static const struct {
			uint8_t n, b[12];
		} item[] = {
			{ 1, { 0x00 } }, { 2, { 0xC0, 0x00 } },
			{ 3, { 0xF9, 0x3C, 0x00 } }, { 1, { 0xF5 } }, { 1, { 0xF6 } },
			{ 1, { 0xF7 } }, { 3, { 0x9F, 0x01, 0xFF } },
			{ 11, { 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81,
				0x81, 0x81, 0x00 } },
			{ 2, { 0x18, 0x05 } }, { 5, { 0xA2, 0x02, 0x00, 0x01, 0x00 } },
			{ 3, { 0x62, 0xFF, 0xFE } }, { 1, { 0x20 } },
			{ 3, { 0x5F, 0x40, 0xFF } }, { 2, { 0xF8, 0x10 } },
			{ 5, { 0xA2, 0x01, 0x00, 0x01, 0x00 } }, { 2, { 0x41, 0x00 } },
			{ 9, { 0x1B, 0, 0, 0, 0, 0, 0, 0, 1 } },
			{ 2, { 0x81, 0xF4 } },
		};
		unsigned k = ni_below(r, sizeof item / sizeof item[0]);

		if (len < 5 || out[0] < 0xA0 || out[0] >= 0xB7 || out[1] != 0 ||
		    out[2] != 1 || out[3] != 1 || n + 1 + item[k].n > FVP_GRANULE)
			break;
		out[0]++;
		out[4] = (uint8_t)(1 + ni_below(r, 3));
		out[n++] = (uint8_t)(0x0C + ni_below(r, 12));
		memcpy(out + n, item[k].b, item[k].n);
		n += item[k].n;
		break;
	}
	case 0:
		out[ni_below(r, (uint32_t)n)] ^= (uint8_t)(1u << ni_below(r, 8));
		break;
	case 1:
		out[ni_below(r, (uint32_t)n)] = (uint8_t)ni_below(r, 256);
		break;
	case 2:
		n = 1 + ni_below(r, (uint32_t)len);
		break;
	case 3:
		for (unsigned k = ni_below(r, 8) + 1; k-- && n < FVP_GRANULE;)
			out[n++] = (uint8_t)ni_below(r, 256);
		break;
	case 4: {   /* a byte string or number one byte longer or shorter */
		size_t at = ni_below(r, (uint32_t)n);

		if (ni_chance(r, 50) && n < FVP_GRANULE) {
			memmove(out + at + 1, out + at, n - at);
			out[at] = (uint8_t)ni_below(r, 256);
			n++;
		} else if (n > 1) {
			memmove(out + at, out + at + 1, n - at - 1);
			n--;
		}
		break;
	}
	default: {  /* well-formed, with other content */
		mica_blob d;
		mica_blob_error e;
		size_t m;

		if (mica_blob_decode(b, len, &d, &e) != 0)
			break;
		switch (ni_below(r, 6)) {
		case 0:
			d.flags ^= 1u << ni_below(r, 8);
			break;
		case 1:
			if (d.nregions) {
				mica_blob_region *g = &d.regions[ni_below(r, d.nregions)];
				mica_blob_part *p = &g->parts[ni_below(r, g->nparts)];

				p->rights = (mica_rights)(1 + ni_below(r, 3));
			}
			break;
		case 2:
			if (d.nregions) {
				mica_blob_region *g = &d.regions[ni_below(r, d.nregions)];
				mica_blob_part *p = &g->parts[ni_below(r, g->nparts)];

				if (ni_chance(r, 50))
					p->ipa += FVP_GRANULE * (1 + ni_below(r, 4));
				else
					p->limit = ni_below(r, 4);
			}
			break;
		case 3:
			if (d.nregions) {
				mica_blob_region *g = &d.regions[ni_below(r, d.nregions)];

				g->size += FVP_GRANULE * (ni_chance(r, 50) ? 1 : 0);
				if (g->nparts > 1 && ni_chance(r, 50))
					g->nparts--;
			}
			break;
		case 4:
			if (ni_chance(r, 50)) {
				d.version++;
				break;
			}
			/* One more window: NS memory the host reads. */
			{
				mica_blob_region *g = realloc(d.regions,
					(d.nregions + 1) * sizeof *g);
				mica_blob_part *q = calloc(2, sizeof *q);

				if (g == NULL || q == NULL)
					abort();
				d.regions = g;
				g = &d.regions[d.nregions++];
				memset(g, 0, sizeof *g);
				g->kind = MICA_UNPROTECTED;
				g->size = FVP_GRANULE;
				g->nparts = 2;
				g->parts = q;
				q[0].who = MICA_WHO_SELF;
				q[0].rights = MICA_RW;
				q[0].ipa = HALF48 + 0x7FFF0000ull;
				q[1].who = MICA_WHO_HOST;
				q[1].rights = MICA_RW;
			}
			break;
		default:
			if (d.nimms)
				d.imms[0].hi = (uint16_t)(d.imms[0].hi + 1);
			else
				d.major++;
		}
		m = mica_blob_encode(&d, out, FVP_GRANULE);
		if (m)
			n = m;
		else
			memcpy(out, b, len);
		mica_blob_free(&d);
	}
	}
	return n;
}

/* ---- the steps ------------------------------------------------------------- */

static void step_realm(struct ni_world *w)
{
	static const unsigned weight[NI_OP_COUNT] = {
		[NI_OP_STORE] = 18, [NI_OP_LOAD] = 14, [NI_OP_HOSTCALL] = 8,
		[NI_OP_MMIO_READ] = 5, [NI_OP_MMIO_WRITE] = 5, [NI_OP_PSCI] = 4,
		[NI_OP_RIPAS] = 8, [NI_OP_PAGING] = 7, [NI_OP_WFX] = 8,
		[NI_OP_IRQ] = 2, [NI_OP_SINK] = 8, [NI_OP_RSI] = 5,
	};
	struct ni_inst *x = pick_inst(w, 1);

	w->step_kind = NI_S_REALM;
	if (x == NULL)
		return;
	ni_realm_op(w, x, (int)ni_pick(w->rng, weight, NI_OP_COUNT));
}

static void step_host(struct ni_world *w, int kind)
{
	struct ni_rng *r = w->rng;
	struct ni_inst *x = pick_inst(w, 0), *y;
	unsigned long st = 0, ret[5], pa;
	uint64_t ipa;
	int pi, ri, bp, br;

	w->step_kind = kind;
	ni_trace(w, "step %llu: %s", (unsigned long long)w->step,
		 ni_step_name[kind]);
	if (x == NULL && kind != NI_S_RECREATE && kind != NI_S_CLONE &&
	    kind != NI_S_FOREIGN && kind != NI_S_PLAIN && kind != NI_S_BIND &&
	    kind != NI_S_JOINER)
		return;
	switch (kind) {
	case NI_S_SHARE_MAP:
		pa = pick_pa(w);
		ipa = pick_ipa(w, x);
		st = ni_share(w, x, pa, ipa);
		ni_trace(w, "  SHARE_MAP #%u pa %#lx ipa %#llx -> %lu",
			 (unsigned)(x - w->inst), pa, (unsigned long long)ipa, st);
		break;
	case NI_S_SHARE_UNMAP:
		ipa = pick_ipa(w, x);
		ni_ripas_before(w, x);
		st = ni_rmi(w, MICA_RMI_SHARE_UNMAP, x->rd, ipa, 0, 0, 0, ret);
		ni_ripas_after(w, 0, 0, 0);
		ni_trace(w, "  SHARE_UNMAP #%u ipa %#llx -> %lu",
			 (unsigned)(x - w->inst), (unsigned long long)ipa, st);
		break;
	case NI_S_MAP_NS: {
		unsigned long attr = (unsigned long)ni_below(r, 4) << 6;

		pa = ni_chance(r, 55) ? (ni_chance(r, 50) ? fresh_ns(w)
					 : pick_pa(w)) : pick_pa(w);
		if (ni_chance(r, 50)) {
			/* a region's NS granule */
			const struct ni_policy *p = &w->set->pol[ni_below(r, w->set->npol)];
			unsigned g = ni_below(r, p->nregion);

			if (!p->region[g].protected_ &&
			    w->region_pa[p - w->set->pol][g][0])
				pa = w->region_pa[p - w->set->pol][g][0];
		}
		if (ni_chance(r, 15))
			attr |= (unsigned long)ni_below(r, 16) << 2 |
				(unsigned long)ni_below(r, 4) << 8;
		ipa = pick_ipa(w, x);
		if (ni_chance(r, 50) && ni_protected(x, ipa))
			ipa += ni_unprot_base(x->s2sz);
		ni_ripas_before(w, x);
		st = ni_map_ns(w, x, pa, ipa, attr);
		ni_ripas_after(w, 0, 0, 0);
		ni_trace(w, "  RTT_MAP_UNPROTECTED #%u ipa %#llx pa %#lx attr "
			 "%#lx -> %lu", (unsigned)(x - w->inst),
			 (unsigned long long)ipa, pa, attr, st);
		break;
	}
	case NI_S_UNMAP_NS:
		ipa = pick_ipa(w, x);
		st = ni_rmi(w, MICA_RMI_RTT_UNMAP_UNPROTECTED, x->rd, ipa, 3, 0, 0,
			    ret);
		break;
	case NI_S_DATA:
		ipa = pick_ipa(w, x);
		pa = ni_chance(r, 70) ? ni_delegated(w) : pick_pa(w);
		ni_rtts(w, x, ipa);
		ni_ripas_before(w, x);
		if (ni_chance(r, 70))
			st = ni_rmi(w, MICA_RMI_DATA_CREATE_UNKNOWN, x->rd, pa, ipa,
				    0, 0, ret);
		else
			st = ni_rmi(w, MICA_RMI_DATA_CREATE, x->rd, pa, ipa,
				    ni_chance(r, 80) ? w->scratch : pick_pa(w),
				    ni_below(r, 3), ret);
		ni_ripas_after(w, 0, 0, 0);
		ni_trace(w, "  DATA_CREATE #%u pa %#lx ipa %#llx -> %lu",
			 (unsigned)(x - w->inst), pa, (unsigned long long)ipa, st);
		break;
	case NI_S_DATA_DESTROY:
		ipa = pick_ipa(w, x);
		ni_ripas_before(w, x);
		st = ni_rmi(w, MICA_RMI_DATA_DESTROY, x->rd, ipa, 0, 0, 0, ret);
		ni_ripas_after(w, 0, 0, 0);
		break;
	case NI_S_RTT: {
		unsigned level = 1 + ni_below(r, 3);
		uint64_t span = 1ull << (12 + 9 * (4 - level));

		ipa = pick_ipa(w, x) & ~(span - 1);
		ni_ripas_before(w, x);
		switch (ni_below(r, 3)) {
		case 0:
			pa = ni_chance(r, 80) ? ni_delegated(w) : pick_pa(w);
			st = ni_rmi(w, MICA_RMI_RTT_CREATE, x->rd, pa, ipa, level, 0,
				    ret);
			if (st == 0 && x->nrtt < NI_MAXRTT) {
				x->rtt[x->nrtt].ipa = ipa;
				x->rtt[x->nrtt].level = level;
				x->rtt[x->nrtt].pa = pa;
				x->nrtt++;
			}
			break;
		case 1:
			st = ni_rmi(w, MICA_RMI_RTT_DESTROY, x->rd, ipa, level, 0, 0,
				    ret);
			if (st == 0)
				for (unsigned k = 0; k < x->nrtt; k++)
					if (x->rtt[k].pa == ret[1])
						x->rtt[k] = x->rtt[--x->nrtt];
			break;
		default:
			st = ni_rmi(w, MICA_RMI_RTT_READ_ENTRY, x->rd, ipa, level, 0,
				    0, ret);
		}
		ni_ripas_after(w, 0, 0, 0);
		break;
	}
	case NI_S_DELEGATE:
		pa = pick_pa(w);
		st = ni_rmi(w, ni_chance(r, 50) ? MICA_RMI_GRANULE_DELEGATE
			    : MICA_RMI_GRANULE_UNDELEGATE, pa, 0, 0, 0, 0, ret);
		break;
	case NI_S_DESTROY:
		if (x->genuine && ni_chance(r, 50))
			break;   /* adversaries go more often */
		st = ni_teardown(w, x);
		ni_trace(w, "  teardown #%u -> %lu", (unsigned)(x - w->inst), st);
		if (!x->live)
			promote(w, x);
		break;
	case NI_S_RECREATE:
		pick_realm(w, &pi, &ri, 1);
		if (w->genuine_of[pi][ri] >= 0)
			break;
		y = build(w, "genuine", pi, ri, w->set->pol[pi].blob[ri],
			  w->set->pol[pi].bloblen[ri], pi, ri);
		if (y == NULL || !y->live || !y->bound)
			break;
		y->genuine = 1;
		y->pol = pi;
		y->realm = ri;
		w->genuine_of[pi][ri] = (int)(y - w->inst);
		for (unsigned k = 0; k < w->ncanary; k++)
			if (w->canary[k].pol == pi && w->canary[k].realm == ri) {
				y->canary = (int)k;
				y->holds |= 1u << k;
			}
		ni_map_windows(w, y, ni_chance(w->rng, 40));
		break;
	case NI_S_CLONE:
		pick_realm(w, &pi, &ri, 1);
		y = build(w, "clone", pi, ri, w->set->pol[pi].blob[ri],
			  w->set->pol[pi].bloblen[ri], pi, ri);
		if (y != NULL && y->live && y->bound)
			adopt_if_none(w, y);
		if (y != NULL && y->live && y->bound)
			ni_map_windows(w, y, ni_chance(w->rng, 40));
		break;
	case NI_S_JOINER: {
		/* Another Realm of a joining policy, joined like its joiner. */
		int found = 0;

		for (int tries = 0; tries < 8 && !found; tries++) {
			pick_realm(w, &pi, &ri, 1);
			found = w->set->pol[pi].realm[ri].home_region >= 0;
		}
		if (!found)
			break;
		y = build(w, "joiner", pi, ri, w->set->pol[pi].blob[ri],
			  w->set->pol[pi].bloblen[ri], pi, ri);
		if (y != NULL && y->live && y->bound)
			adopt_if_none(w, y);
		if (y != NULL && y->live && y->bound)
			ni_map_windows(w, y, ni_chance(w->rng, 70));
		break;
	}
	case NI_S_FOREIGN: {
		/* One realm's image with another's blob: one measuring the
		 * same (a mirror's) when there is one. */
		pick_realm(w, &pi, &ri, 0);
		pick_realm(w, &bp, &br, 0);
		for (unsigned q = 0; q < w->set->npol && ni_chance(r, 70); q++)
			for (unsigned k = 0; k < w->set->pol[q].nrealm; k++)
				if ((int)q != pi &&
				    memcmp(w->set->pol[q].realm[k].meas,
					   w->set->pol[pi].realm[ri].meas, 32) == 0) {
					bp = (int)q;
					br = (int)k;
				}
		y = build(w, "foreign", pi, ri, w->set->pol[bp].blob[br],
			  w->set->pol[bp].bloblen[br], bp, br);
		if (y != NULL && y->live && y->bound)
			ni_map_windows(w, y, ni_chance(w->rng, 40));
		break;
	}
	case NI_S_PLAIN:
		pick_realm(w, &pi, &ri, 0);
		y = build(w, "plain", pi, ri, NULL, 0, -1, -1);
		if (y != NULL && y->live)
			for (unsigned k = 0; k < 4; k++)
				ni_map_ns(w, y, ni_chance(r, 50) ? fresh_ns(w) : pick_pa(w),
					  pick_ipa(w, y) | ni_unprot_base(y->s2sz),
					  3ul << 6);
		break;
	case NI_S_BIND: {
		uint8_t blob[FVP_GRANULE];
		size_t n;
		mica_blob d;
		mica_blob_error e;

		pick_realm(w, &bp, &br, 0);
		n = mutate(w, w->set->pol[bp].blob[br],
			   w->set->pol[bp].bloblen[br], blob);
		pi = bp;
		ri = br;
		/* An image that measures what the blob says, if it decodes. */
		if (mica_blob_decode(blob, n, &d, &e) == 0) {
			for (unsigned q = 0; q < w->set->npol; q++)
				for (unsigned k = 0; k < w->set->pol[q].nrealm; k++)
					if (memcmp(w->set->pol[q].realm[k].meas,
						   d.measurement, 32) == 0) {
						pi = (int)q;
						ri = (int)k;
					}
			mica_blob_free(&d);
		}
		if (n == w->set->pol[bp].bloblen[br] &&
		    memcmp(blob, w->set->pol[bp].blob[br], n) == 0) {
			/* No change after all: a clone. */
			y = build(w, "clone", bp, br, blob, n, bp, br);
			if (y != NULL && y->live && y->bound)
				adopt_if_none(w, y);
			if (y != NULL && y->live && y->bound)
				ni_map_windows(w, y, ni_chance(w->rng, 40));
			break;
		}
		y = build(w, "mutated", pi, ri, blob, n, -1, -1);
		/* Other bytes (a version, a name) for the same rules as a
		 * realm's own blob: a copy of that realm. */
		for (unsigned q = 0; y != NULL && y->live && y->bound &&
		     y->dec_ok && q < w->set->npol; q++)
			for (unsigned k = 0; k < w->set->pol[q].nrealm; k++)
				if (w->cdec_ok[q][k] &&
				    ni_blob_differs(&y->dec, &w->cdec[q][k]) == NULL) {
					y->what = "copy";
					y->img_pol = y->blob_pol = (int)q;
					y->img_realm = y->blob_realm = (int)k;
				}
		if (y != NULL && y->blob_pol >= 0) {
			adopt_if_none(w, y);
			ni_map_windows(w, y, ni_chance(w->rng, 40));
			break;
		}
		if (y != NULL && y->live && y->bound) {
			/* Its windows, with the granules of the blob it came
			 * from where they match. */
			y->blob_pol = bp;
			y->blob_realm = br;
			ni_map_windows(w, y, ni_chance(w->rng, 40));
			y->blob_pol = y->blob_realm = -1;
		}
		break;
	}
	case NI_S_SET_RIPAS: {
		uint64_t top;
		unsigned long rec;

		y = pick_inst(w, 0);
		rec = y == NULL || ni_chance(r, 70) ? x->rec : y->rec;
		ipa = pick_ipa(w, x) & ~0xFFFull;
		top = ipa + FVP_GRANULE * (1 + ni_below(r, 16));
		ni_ripas_before(w, x);
		st = ni_rmi(w, MICA_RMI_RTT_SET_RIPAS, x->rd, rec, ipa, top, 0,
			    ret);
		/* Only the Realm's own pending request may be carried out. */
		ni_ripas_after(w, rec == x->rec && x->ripas.valid, ipa, top);
		break;
	}
	case NI_S_INIT_RIPAS:
		ipa = pick_ipa(w, x) & ~0xFFFull;
		ni_rtts(w, x, ipa);
		ni_ripas_before(w, x);
		st = ni_rmi(w, MICA_RMI_RTT_INIT_RIPAS, x->rd, ipa,
			    ipa + FVP_GRANULE * (1 + ni_below(r, 16)), 0, 0, ret);
		ni_ripas_after(w, 0, ipa, ipa + FVP_GRANULE * 16);
		break;
	case NI_S_REC:
		if (ni_chance(r, 20)) {
			st = ni_rmi(w, MICA_RMI_REC_DESTROY, x->rec, 0, 0, 0, 0, ret);
			if (st == 0)
				x->rec = 0;
		} else {
			pa = ni_delegated(w);
			st = ni_rmi(w, MICA_RMI_REC_CREATE, x->rd, pa,
				    ni_chance(r, 50) ? w->scratch : pick_pa(w), 0, 0,
				    ret);
		}
		break;
	case NI_S_GARBAGE: {
		unsigned long a[5];

		for (unsigned i = 0; i < 5; i++)
			switch (ni_below(r, 4)) {
			case 0: a[i] = pick_pa(w); break;
			case 1: a[i] = pick_ipa(w, x); break;
			case 2: a[i] = x->rd; break;
			default: a[i] = ni_below(r, 8);
			}
		ni_ripas_before(w, x);
		st = ni_rmi(w, 0xC4000150ul + ni_below(r, 0x20), a[0], a[1], a[2],
			    a[3], a[4], ret);
		ni_ripas_after(w, 0, 0, 0);
		break;
	}
	case NI_S_HOSTMEM: {
		uint8_t junk[64];

		for (unsigned i = 0; i < sizeof junk; i++)
			junk[i] = (uint8_t)ni_below(r, 256);
		pa = pick_pa(w) & ~0x3Ful;
		if (fvp_host_write(&w->m, pa, junk, sizeof junk) == 0)
			ni_dirty(w, pa);
		break;
	}
	}
	(void)st;
}

void ni_walk_step(struct ni_world *w)
{
	static const unsigned weight[NI_S_COUNT] = {
		[NI_S_REALM] = 100, [NI_S_SHARE_MAP] = 14, [NI_S_SHARE_UNMAP] = 7,
		[NI_S_MAP_NS] = 10, [NI_S_UNMAP_NS] = 3, [NI_S_DATA] = 5,
		[NI_S_DATA_DESTROY] = 3, [NI_S_RTT] = 4, [NI_S_DELEGATE] = 4,
		[NI_S_DESTROY] = 3, [NI_S_RECREATE] = 3, [NI_S_CLONE] = 4,
		[NI_S_FOREIGN] = 3, [NI_S_JOINER] = 6, [NI_S_PLAIN] = 2,
		[NI_S_BIND] = 4, [NI_S_SET_RIPAS] = 3, [NI_S_INIT_RIPAS] = 2,
		[NI_S_REC] = 1, [NI_S_GARBAGE] = 4, [NI_S_HOSTMEM] = 2,
	};
	unsigned kind = ni_pick(w->rng, weight, NI_S_COUNT);

	w->ripas_inst = -1;
	if (kind == NI_S_REALM)
		step_realm(w);
	else
		step_host(w, (int)kind);
}
