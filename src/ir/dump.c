/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dump.c -- stable text forms of the syntax tree and of the IR.
 *
 * One line per node, fixed field order, locations as @LINE:COL. Golden
 * tests compare these byte for byte, so change them only on purpose.
 */
#include <inttypes.h>
#include <stdio.h>

#include "mica/ir.h"

static const char *const trust_name[] = {
	"distrustful", "trusted", "untrusted",
};
static const char *const kind_name[] = { "protected", "unprotected" };
static const char *const rights_name[] = { "", "r", "w", "rw" };

static void loc(FILE *out, mica_loc l)
{
	fprintf(out, " @%u:%u", l.first_line, l.first_column);
}

static void bytes(FILE *out, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(out, "%02x", b[i]);
}

static void digest(FILE *out, const mica_digest *dg)
{
	fputs(dg->alg == MICA_SHA512 ? "sha512:" : "sha256:", out);
	bytes(out, dg->bytes, mica_hash_size(dg->alg));
}

static void imm_range(FILE *out, uint64_t lo, uint64_t hi)
{
	if (lo == hi)
		fprintf(out, " 0x%" PRIx64, lo);
	else
		fprintf(out, " 0x%" PRIx64 "..0x%" PRIx64, lo, hi);
}

void mica_ast_dump(const mica_ast *ast, FILE *out)
{
	const mica_realm *r;
	const mica_realm_item *it;
	const mica_region *g;
	const mica_access *a;
	const mica_allow *al;
	const mica_imm_range *im;

	fprintf(out, "policy %s version %" PRIu64, ast->name.text,
		ast->version);
	if (ast->has_hash)
		fprintf(out, " hash %s", ast->hash == MICA_SHA512 ? "sha512"
								  : "sha256");
	loc(out, ast->loc);
	fputc('\n', out);
	for (r = ast->realms; r; r = r->next) {
		fprintf(out, "realm %s", r->name.text);
		loc(out, r->name.loc);
		fputc('\n', out);
		for (it = r->items; it; it = it->next) {
			switch (it->kind) {
			case MICA_ITEM_MEASUREMENT:
				fputs("  measurement ", out);
				digest(out, &it->u.digest);
				break;
			case MICA_ITEM_RPV:
				fputs("  rpv hex:", out);
				bytes(out, it->u.rpv.bytes, it->u.rpv.len);
				break;
			case MICA_ITEM_TRUST:
				fprintf(out, "  trust %s",
					trust_name[it->u.trust]);
				break;
			case MICA_ITEM_STRICT:
				fprintf(out, "  strict %s",
					it->u.strict ? "true" : "false");
				break;
			}
			loc(out, it->loc);
			fputc('\n', out);
		}
	}
	for (g = ast->regions; g; g = g->next) {
		fprintf(out, "region %s %s size %" PRIu64, g->name.text,
			kind_name[g->kind], g->size);
		loc(out, g->name.loc);
		fputc('\n', out);
		for (a = g->accesses; a; a = a->next) {
			fprintf(out, "  access %s %s",
				a->subject_kind == MICA_SUBJ_ANY ? "any" :
				a->subject_kind == MICA_SUBJ_HOST ? "host" :
				a->subject.text, rights_name[a->rights]);
			if (a->has_ipa)
				fprintf(out, " ipa 0x%" PRIx64, a->ipa);
			if (a->has_limit)
				fprintf(out, " limit %" PRIu64, a->limit);
			loc(out, a->subject.loc);
			fputc('\n', out);
		}
	}
	for (al = ast->allows; al; al = al->next) {
		fprintf(out, "allow %s %s", al->realm.text,
			al->kind == MICA_XFER_MMIO ? "mmio" :
			al->kind == MICA_XFER_PSCI ? "psci" :
			al->kind == MICA_XFER_RIPAS ? "ripas" :
			al->kind == MICA_XFER_PAGING ? "paging" : "hostcall");
		if (al->any_imm)
			fputs(" *", out);
		for (im = al->imms; im; im = im->next)
			imm_range(out, im->lo, im->hi);
		loc(out, al->loc);
		fputc('\n', out);
	}
}

void mica_ir_dump(const mica_ir *ir, FILE *out)
{
	uint32_t i, k;

	fprintf(out, "policy %s version %" PRIu64 " hash %s realms %u "
		"regions %u\n", ir->name, ir->version,
		ir->hash == MICA_SHA512 ? "sha512" : "sha256", ir->nrealms,
		ir->nregions);
	for (i = 0; i < ir->nrealms; i++) {
		const mica_ir_realm *r = &ir->realms[i];
		fprintf(out, "realm #%u %s %s %s\n  measurement ", i, r->name,
			trust_name[r->trust], r->strict ? "strict" : "lax");
		digest(out, &r->measurement);
		fputc('\n', out);
		if (r->rpv.len) {
			fputs("  rpv ", out);
			bytes(out, r->rpv.bytes, r->rpv.len);
			fputc('\n', out);
		}
		if (r->hostcall_any)
			fputs("  hostcall *\n", out);
		else if (r->nimms) {
			fputs("  hostcall", out);
			for (k = 0; k < r->nimms; k++)
				imm_range(out, r->imms[k].lo, r->imms[k].hi);
			fputc('\n', out);
		}
		if (r->mmio)
			fputs("  mmio\n", out);
		if (r->psci)
			fputs("  psci\n", out);
		if (r->ripas)
			fputs("  ripas\n", out);
		if (r->paging)
			fputs("  paging\n", out);
		for (k = 0; k < r->nmaps; k++) {
			const mica_ir_region *g = &ir->regions[r->maps[k].region];
			const mica_ir_access *a = &g->accesses[r->maps[k].access];
			fprintf(out, "  map region #%u %s %s 0x%" PRIx64
				"..0x%" PRIx64 "\n", r->maps[k].region, g->name,
				rights_name[a->rights], a->ipa,
				a->ipa + (g->size - 1));
		}
	}
	for (i = 0; i < ir->nregions; i++) {
		const mica_ir_region *g = &ir->regions[i];
		fprintf(out, "region #%u %s %s size %" PRIu64 "\n", i, g->name,
			kind_name[g->kind], g->size);
		for (k = 0; k < g->naccesses; k++) {
			const mica_ir_access *a = &g->accesses[k];
			if (a->subject == MICA_IR_HOST)
				fprintf(out, "  host %s\n",
					rights_name[a->rights]);
			else if (a->subject == MICA_IR_ANY)
				fprintf(out, "  any %s ipa 0x%" PRIx64
					" limit %" PRIu64 "\n",
					rights_name[a->rights], a->ipa,
					a->limit);
			else
				fprintf(out, "  realm #%u %s %s ipa 0x%" PRIx64
					"\n", a->subject,
					ir->realms[a->subject].name,
					rights_name[a->rights], a->ipa);
		}
	}
}
