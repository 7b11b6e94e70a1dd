/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lower.c -- resolve the syntax tree into the IR (include/mica/ir.h).
 *
 * This is where names get their meaning: duplicates, unknown names, realm
 * items given twice or not at all, and the shape of each access line and
 * allow. Layout and flow are left to src/check/, which sees only what
 * resolved here.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/ir.h"
#include "mica/util.h"
#include "lower.h"

static const char *const alg_name[] = { "sha256", "sha512" };
static const char *const item_name[] = {
	"measurement", "rpv", "trust", "strict",
};

static const char *kind_text(mica_name_kind k)
{
	return k == MICA_NAME_REALM ? "realm" : "region";
}

static bool before(mica_loc a, mica_loc b)
{
	return a.first_line < b.first_line ||
	       (a.first_line == b.first_line && a.first_column < b.first_column);
}

/* Where the declaration an entry stands for is (its IR element is
 * filled before anything can refer to it). */
static mica_loc decl_loc(const lower *l, const mica_name_entry *e)
{
	return mica_ir_loc(l->ir, e->kind == MICA_NAME_REALM
				  ? l->ir->realms[e->index].loc
				  : l->ir->regions[e->index].loc);
}

/* Declares a name; reports a duplicate and returns false. Realms are
 * declared before regions whatever the source order, so the message
 * goes to whichever declaration comes later in the file. */
static bool declare(lower *l, const mica_name *n, mica_name_kind kind,
		    uint32_t index)
{
	mica_name_entry e = { n->text, kind, index };
	const mica_name_entry *old = mica_names_add(&l->names, &e);
	mica_loc old_loc;
	bool new_first;

	if (!old)
		return true;
	if (old->kind == MICA_NAME_PENDING) {
		if (kind == MICA_NAME_REALM) {
			/* Used before its declaration (stream.c): now
			 * resolved. */
			l->pending[old->index] = index;
			mica_names_set(&l->names, &e);
			return true;
		}
		/* A region named where a realm was expected: streaming
		 * gives up, the two passes report it. */
		mica_error(l->d, n->loc, "'%s' is a region, not a realm",
			   n->text);
		return false;
	}
	old_loc = decl_loc(l, old);
	new_first = before(n->loc, old_loc);
	mica_error(l->d, new_first ? old_loc : n->loc,
		   "duplicate name '%s'", n->text);
	mica_note(l->d, new_first ? n->loc : old_loc,
		  "'%s' is first declared here as a %s", n->text,
		  kind_text(new_first ? kind : old->kind));
	return false;
}

/* The declared realm closest to name, in declaration order, or NULL. */
static const char *closest_realm(const lower *l, const char *name)
{
	const mica_realm *r;
	const char **cand;
	size_t n = 0, k;
	const char *best = NULL;

	for (r = l->ast->realms; r; r = r->next)
		n++;
	if (n == 0)
		return NULL;
	cand = mica_xmalloc(n * sizeof *cand);
	for (r = l->ast->realms, n = 0; r; r = r->next)
		cand[n++] = r->name.text;
	k = mica_diag_closest(name, cand, n);
	if (k != (size_t)-1)
		best = cand[k];
	free(cand);
	return best;
}

/* A reference to a name not declared yet, while streaming: *index is
 * MICA_LOWER_PENDING | its number until mica_lower_finish resolves it. */
static void wait_for(lower *l, const mica_name *n, uint32_t *index)
{
	const mica_name_entry *e = mica_names_find(&l->names, n->text);

	if (!e) {
		mica_name_entry ne = { n->text, MICA_NAME_PENDING,
				       l->npending };
		if (l->npending == l->pending_cap) {
			l->pending_cap = l->pending_cap ? 2 * l->pending_cap
							: 256;
			l->pending = mica_xrealloc(l->pending, l->pending_cap *
						   sizeof *l->pending);
		}
		l->pending[l->npending++] = UINT32_MAX;
		mica_names_add(&l->names, &ne);
		*index = MICA_LOWER_PENDING | ne.index;
		return;
	}
	*index = MICA_LOWER_PENDING | e->index;
}

/* Resolves a realm reference; reports and returns false when it isn't.
 * may_wait: streaming, a realm may be declared further down. */
static bool resolve_realm(lower *l, const mica_name *n, uint32_t *index,
			  bool may_wait)
{
	const mica_name_entry *e = mica_names_find(&l->names, n->text);
	const char *near;

	if (may_wait && l->stream &&
	    (!e || e->kind == MICA_NAME_PENDING)) {
		wait_for(l, n, index);
		return true;
	}
	if (!e || e->kind == MICA_NAME_PENDING) {
		/* Past the error cap nothing is shown: skip the search. */
		near = l->d->capped ? NULL : closest_realm(l, n->text);
		if (!near) {
			mica_error(l->d, n->loc, "unknown realm '%s'", n->text);
			return false;
		}
		mica_error(l->d, n->loc, "unknown realm '%s'; did you mean "
			   "'%s'?", n->text, near);
		mica_fixit(l->d, n->loc, near);
		return false;
	}
	if (e->kind != MICA_NAME_REALM) {
		mica_error(l->d, n->loc, "'%s' is a region, not a realm",
			   n->text);
		mica_note(l->d, decl_loc(l, e), "'%s' is declared here as a %s",
			  e->text, kind_text(e->kind));
		return false;
	}
	*index = e->index;
	return true;
}

static void lower_items(lower *l, const mica_realm *ar, mica_ir_realm *r)
{
	const mica_realm_item *seen[4] = { NULL, NULL, NULL, NULL };
	const mica_realm_item *it;

	r->trust = MICA_DISTRUSTFUL;
	r->strict = true;
	for (it = ar->items; it; it = it->next) {
		if (seen[it->kind]) {
			mica_error(l->d, it->loc, "duplicate '%s' in realm '%s'",
				   item_name[it->kind], ar->name.text);
			mica_note(l->d, seen[it->kind]->loc,
				  "first given here");
			continue;
		}
		seen[it->kind] = it;
		switch (it->kind) {
		case MICA_ITEM_MEASUREMENT:
			r->measurement = it->u.digest;
			if (it->u.digest.alg != l->ir->hash) {
				mica_error(l->d, it->value_loc, "measurement "
					   "is a %s digest but the policy's "
					   "hash is %s",
					   alg_name[it->u.digest.alg],
					   alg_name[l->ir->hash]);
				if (l->ast->has_hash)
					mica_note(l->d, l->ast->hash_loc,
						  "hash algorithm chosen here");
				else
					mica_note(l->d, l->ast->loc, "no 'hash' "
						  "line: the default is sha256");
			}
			break;
		case MICA_ITEM_RPV:
			r->rpv = it->u.rpv;
			break;
		case MICA_ITEM_TRUST:
			r->trust = it->u.trust;
			r->trust_loc = mica_ir_iloc(l->ir, it->value_loc);
			break;
		case MICA_ITEM_STRICT:
			r->strict = it->u.strict;
			if (!r->strict)
				r->strict_loc = mica_ir_iloc(l->ir, it->loc);
			break;
		}
	}
	if (!seen[MICA_ITEM_MEASUREMENT])
		mica_error(l->d, ar->name.loc, "realm '%s' has no measurement",
			   ar->name.text);
}

/* A name for the IR: the parser's interned copy when it is already in
 * the IR's arena (streaming), else a copy there. */
static char *ir_name(lower *l, const char *text)
{
	return l->stream ? (char *)text
			 : mica_arena_strndup(&l->ir->arena, text,
					      strlen(text));
}

void mica_lower_realm(lower *l, const mica_realm *ar)
{
	mica_ir *ir = l->ir;
	mica_ir_realm *r = &ir->realms[ir->nrealms];

	if (!declare(l, &ar->name, MICA_NAME_REALM, ir->nrealms))
		return;
	r->name = ir_name(l, ar->name.text);
	r->loc = mica_ir_iloc(l->ir, ar->name.loc);
	lower_items(l, ar, r);
	ir->nrealms++;
}

static const char *subject_text(const mica_access *a)
{
	return a->subject_kind == MICA_SUBJ_ANY ? "any" :
	       a->subject_kind == MICA_SUBJ_HOST ? "host" : a->subject.text;
}

static bool same_subject(const mica_access *a, const mica_access *b)
{
	return a->subject_kind == b->subject_kind &&
	       (a->subject_kind != MICA_SUBJ_REALM ||
		strcmp(a->subject.text, b->subject.text) == 0);
}

/* Checks one access line's shape and resolves its subject. */
static bool lower_access(lower *l, const mica_region *ag,
			 const mica_access *a, mica_ir_access *out)
{
	memset(out, 0, sizeof *out);
	out->rights = a->rights;
	out->ipa = a->ipa;
	out->loc = mica_ir_iloc(l->ir, a->subject.loc);
	out->ipa_loc = mica_ir_iloc(l->ir, a->ipa_loc);
	switch (a->subject_kind) {
	case MICA_SUBJ_HOST:
		if (ag->kind == MICA_PROTECTED) {
			mica_error(l->d, a->subject.loc, "'host' cannot access "
				   "protected region '%s'", ag->name.text);
			mica_note(l->d, ag->kind_loc, "the region is protected "
				  "here; use 'unprotected' to share it with the "
				  "host");
			return false;
		}
		out->subject = MICA_IR_HOST;
		return true;
	case MICA_SUBJ_ANY:
		out->subject = MICA_IR_ANY;
		if (!a->has_limit) {
			mica_error(l->d, a->subject.loc, "'any' needs a limit: "
				   "write '... limit N;' for at most N realms");
			return false;
		}
		if (a->limit == 0) {
			mica_error(l->d, a->limit_loc, "'any' limit must be at "
				   "least 1");
			return false;
		}
		out->limit = a->limit;
		return true;
	case MICA_SUBJ_REALM:
		if (a->has_limit) {
			mica_error(l->d, a->limit_loc, "'limit' applies only "
				   "to 'any', not to realm '%s'",
				   a->subject.text);
			return false;
		}
		return resolve_realm(l, &a->subject, &out->subject, true);
	}
	return false;
}

static void lower_region(lower *l, const mica_region *ag, mica_ir_region *g)
{
	const mica_access *a, *b;
	uint32_t n = 0;

	for (a = ag->accesses; a; a = a->next)
		n++;
	g->name = ir_name(l, ag->name.text);
	g->loc = mica_ir_iloc(l->ir, ag->name.loc);
	g->kind = ag->kind;
	g->size = ag->size;
	g->size_loc = mica_ir_iloc(l->ir, ag->size_loc);
	g->accesses = mica_arena_alloc(&l->ir->arena,
				       n * sizeof *g->accesses);
	for (a = ag->accesses; a; a = a->next) {
		/* Subjects per region are few: a scan is simplest. */
		for (b = ag->accesses; b != a; b = b->next)
			if (same_subject(a, b))
				break;
		if (b != a) {
			mica_error(l->d, a->subject.loc, "'%s' is listed twice "
				   "in region '%s'", subject_text(a),
				   ag->name.text);
			mica_note(l->d, b->subject.loc, "first listed here");
			continue;
		}
		if (lower_access(l, ag, a, &g->accesses[g->naccesses]))
			g->naccesses++;
	}
}

void mica_lower_region(lower *l, const mica_region *ag)
{
	mica_ir *ir = l->ir;

	if (!declare(l, &ag->name, MICA_NAME_REGION, ir->nregions))
		return;
	lower_region(l, ag, &ir->regions[ir->nregions]);
	ir->nregions++;
}

/* Records each realm's windows, so the checker and backend need not
 * search regions per realm. */
static void index_maps(mica_ir *ir)
{
	uint32_t g, k, r;

	for (g = 0; g < ir->nregions; g++)
		for (k = 0; k < ir->regions[g].naccesses; k++)
			if (ir->regions[g].accesses[k].subject < ir->nrealms)
				ir->realms[ir->regions[g].accesses[k].subject]
					.nmaps++;
	for (r = 0; r < ir->nrealms; r++) {
		ir->realms[r].maps = mica_arena_alloc(&ir->arena,
			ir->realms[r].nmaps * sizeof *ir->realms[r].maps);
		ir->realms[r].nmaps = 0;
	}
	for (g = 0; g < ir->nregions; g++)
		for (k = 0; k < ir->regions[g].naccesses; k++) {
			uint32_t s = ir->regions[g].accesses[k].subject;
			if (s < ir->nrealms) {
				mica_ir_realm *rr = &ir->realms[s];
				rr->maps[rr->nmaps].region = g;
				rr->maps[rr->nmaps].access = k;
				rr->nmaps++;
			}
		}
}

static int imm_cmp(const void *a, const void *b)
{
	const mica_ir_imm *x = a, *y = b;

	return x->lo != y->lo ? (x->lo < y->lo ? -1 : 1) :
	       x->hi != y->hi ? (x->hi < y->hi ? -1 : 1) : 0;
}

/* Sorts and merges a realm's immediates into disjoint ranges. Ranges
 * covering every immediate are `*`: one set, one encoding. */
static void merge_imms(mica_ir_realm *r)
{
	uint32_t i, n = 0;

	if (r->nimms == 0)
		return;
	qsort(r->imms, r->nimms, sizeof *r->imms, imm_cmp);
	for (i = 1; i < r->nimms; i++) {
		if ((uint32_t)r->imms[i].lo <= (uint32_t)r->imms[n].hi + 1) {
			if (r->imms[i].hi > r->imms[n].hi)
				r->imms[n].hi = r->imms[i].hi;
		} else {
			r->imms[++n] = r->imms[i];
		}
	}
	r->nimms = n + 1;
	if (r->nimms == 1 && r->imms[0].lo == 0 && r->imms[0].hi == MICA_IMM_MAX) {
		r->hostcall_any = true;
		r->nimms = 0;
	}
}

void mica_lower_allow(lower *l, const mica_allow *al)
{
	const mica_imm_range *im;
	mica_ir_realm *r;
	mica_ir_imm *old;
	uint32_t index, n = 0;
	bool resolved = resolve_realm(l, &al->realm, &index, false);

	for (im = al->imms; im; im = im->next) {
		if (im->lo > MICA_IMM_MAX || im->hi > MICA_IMM_MAX)
			mica_error(l->d, im->loc, "host call immediate 0x%llx "
				   "is above 0xFFFF",
				   (unsigned long long)(im->lo > MICA_IMM_MAX ?
							im->lo : im->hi));
		else if (im->lo > im->hi)
			mica_error(l->d, im->loc, "empty immediate range "
				   "0x%llx..0x%llx: the first bound is above "
				   "the second", (unsigned long long)im->lo,
				   (unsigned long long)im->hi);
		else
			n++;
	}
	if (!resolved)
		return;
	r = &l->ir->realms[index];
	switch (al->kind) {
	case MICA_XFER_MMIO:
		if (!r->mmio)
			r->mmio_loc = mica_ir_iloc(l->ir, al->loc);
		r->mmio = true;
		return;
	case MICA_XFER_PSCI:
		if (!r->psci)
			r->psci_loc = mica_ir_iloc(l->ir, al->loc);
		r->psci = true;
		return;
	case MICA_XFER_RIPAS:
		if (!r->ripas)
			r->ripas_loc = mica_ir_iloc(l->ir, al->loc);
		r->ripas = true;
		return;
	case MICA_XFER_PAGING:
		if (!r->paging)
			r->paging_loc = mica_ir_iloc(l->ir, al->loc);
		r->paging = true;
		return;
	case MICA_XFER_HOSTCALL:
		break;
	}
	if (!r->hostcall_any && r->nimms == 0)
		r->hostcall_loc = mica_ir_iloc(l->ir, al->loc);
	if (al->any_imm) {
		r->hostcall_any = true;
		return;
	}
	/* Grown by copying within the arena: a realm has few allow lines,
	 * and the old array simply goes with the arena. */
	old = r->imms;
	r->imms = mica_arena_alloc(&l->ir->arena,
				   (r->nimms + n) * sizeof *r->imms);
	if (r->nimms)
		memcpy(r->imms, old, r->nimms * sizeof *r->imms);
	for (im = al->imms; im; im = im->next) {
		if (im->lo > im->hi || im->hi > MICA_IMM_MAX)
			continue;
		r->imms[r->nimms].lo = (uint16_t)im->lo;
		r->imms[r->nimms].hi = (uint16_t)im->hi;
		r->nimms++;
	}
}

mica_ir *mica_lower(const mica_ast *ast, mica_diag *d)
{
	lower l;
	const mica_realm *ar;
	const mica_region *ag;
	const mica_allow *al;
	uint32_t nr = 0, ng = 0;

	for (ar = ast->realms; ar; ar = ar->next)
		nr++;
	for (ag = ast->regions; ag; ag = ag->next)
		ng++;
	memset(&l, 0, sizeof l);
	l.ast = ast;
	l.d = d;
	l.ir = mica_xcalloc(1, sizeof *l.ir);
	l.ir->name = mica_arena_strndup(&l.ir->arena, ast->name.text ?
					ast->name.text : "",
					ast->name.text ?
					strlen(ast->name.text) : 0);
	l.ir->version = ast->version;
	l.ir->hash = ast->hash;
	l.ir->file = d->src ? d->src->name : "";
	l.ir->realms = mica_arena_alloc(&l.ir->arena,
					(size_t)nr * sizeof *l.ir->realms);
	l.ir->regions = mica_arena_alloc(&l.ir->arena,
					 (size_t)ng * sizeof *l.ir->regions);
	mica_names_init(&l.names, nr + ng);

	/* Realms first, so regions and allows can refer to any of them
	 * wherever they are declared. */
	for (ar = ast->realms; ar; ar = ar->next)
		mica_lower_realm(&l, ar);
	for (ag = ast->regions; ag; ag = ag->next)
		mica_lower_region(&l, ag);
	for (al = ast->allows; al; al = al->next)
		mica_lower_allow(&l, al);
	mica_lower_finish(&l);
	mica_names_free(&l.names);
	return l.ir;
}

bool mica_lower_finish(lower *l)
{
	mica_ir *ir = l->ir;
	uint32_t g, k, i;
	bool ok = true;

	/* References made before their realm's declaration (streaming). */
	for (g = 0; l->npending && g < ir->nregions; g++)
		for (k = 0; k < ir->regions[g].naccesses; k++) {
			uint32_t *s = &ir->regions[g].accesses[k].subject;
			if (*s >= MICA_IR_ANY || !(*s & MICA_LOWER_PENDING))
				continue;
			*s = l->pending[*s & ~MICA_LOWER_PENDING];
			ok &= *s != UINT32_MAX;
		}
	if (!ok)
		return false;
	for (i = 0; i < ir->nrealms; i++)
		merge_imms(&ir->realms[i]);
	index_maps(ir);
	return true;
}

void mica_ir_free(mica_ir *ir)
{
	mica_arena arena;

	if (!ir)
		return;
	/* Everything the IR points to is in its arena (see mica_lower). */
	arena = ir->arena;
	free(ir);
	mica_arena_free(&arena);
}
