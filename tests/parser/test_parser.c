/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_parser.c -- the grammar of man/mica.5 (GRAMMAR): the tree the
 * parser builds (values, source order, spans), keywords as names in every
 * position, syntax errors and recovery, the error cap, and the shipped
 * examples.
 *
 * Columns below were counted by hand from the snippets (a comment gives
 * the count where it is not obvious), never copied from micac's output.
 */
#include <dirent.h>
#include <stdint.h>

#include "testutil.h"

/* ---- a full policy ----------------------------------------------------- */
static const char full_src[] =
	"policy full version 7;\n"                                   /* 1 */
	"hash sha512;\n"                                             /* 2 */
	"realm alpha {\n"                                            /* 3 */
	"  measurement = " MT_SHA512("1") ";\n"                      /* 4 */
	"  rpv = hex:0102;\n"                                        /* 5 */
	"  trust = trusted;\n"                                       /* 6 */
	"  strict = false;\n"                                        /* 7 */
	"}\n"                                                        /* 8 */
	"realm beta { measurement = " MT_SHA512("2")
	"; trust = untrusted; }\n"                                   /* 9 */
	"region shm : protected, 8 KiB {\n"                          /* 10 */
	"  alpha: rw @ 0x1000_0000;\n"                               /* 11 */
	"  beta:  r @ 0x2000_0000;\n"                                /* 12 */
	"  any: w @ 0x3000_0000 limit 4;\n"                          /* 13 */
	"}\n"                                                        /* 14 */
	"region nic : unprotected, 64 KiB {\n"                       /* 15 */
	"  alpha: w @ 0x8000_0000_0000;\n"                           /* 16 */
	"  host: rw;\n"                                              /* 17 */
	"}\n"                                                        /* 18 */
	"allow alpha hostcall 0x10..0x1f, 0x42;\n"                   /* 19 */
	"allow beta hostcall *;\n"                                   /* 20 */
	"allow alpha mmio;\n"                                        /* 21 */
	"allow beta psci;\n";                                        /* 22 */

START_TEST(full_header)
{
	mt_parse p;

	mt_parse_str(&p, full_src);
	mt_assert_clean(&p);
	ck_assert_str_eq(p.ast->name.text, "full");
	mt_assert_loc(p.ast->loc, 1, 1, 6);
	mt_assert_loc(p.ast->name.loc, 1, 8, 11);
	ck_assert_uint_eq(p.ast->version, 7);
	mt_assert_loc(p.ast->version_loc, 1, 21, 21);
	ck_assert(p.ast->has_hash);
	ck_assert_int_eq(p.ast->hash, MICA_SHA512);
	mt_assert_loc(p.ast->hash_loc, 2, 6, 11);
	mt_free(&p);
}
END_TEST

START_TEST(full_realms)
{
	mt_parse p;
	const mica_realm *r;
	const mica_realm_item *it;
	int i;

	mt_parse_str(&p, full_src);
	mt_assert_clean(&p);

	r = p.ast->realms;
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->name.text, "alpha");
	mt_assert_loc(r->loc, 3, 1, 5);
	mt_assert_loc(r->name.loc, 3, 7, 11);
	/* items in source order */
	it = r->items;
	ck_assert_ptr_nonnull(it);
	ck_assert_int_eq(it->kind, MICA_ITEM_MEASUREMENT);
	mt_assert_loc(it->loc, 4, 3, 13);
	mt_assert_loc(it->value_loc, 4, 17, 151);
	ck_assert_int_eq(it->u.digest.alg, MICA_SHA512);
	for (i = 0; i < 64; i++)
		ck_assert_uint_eq(it->u.digest.bytes[i], 0x11);
	it = it->next;
	ck_assert_ptr_nonnull(it);
	ck_assert_int_eq(it->kind, MICA_ITEM_RPV);
	mt_assert_loc(it->loc, 5, 3, 5);
	mt_assert_loc(it->value_loc, 5, 9, 16);
	ck_assert_uint_eq(it->u.rpv.len, 2);
	ck_assert_uint_eq(it->u.rpv.bytes[0], 1);
	ck_assert_uint_eq(it->u.rpv.bytes[1], 2);
	it = it->next;
	ck_assert_ptr_nonnull(it);
	ck_assert_int_eq(it->kind, MICA_ITEM_TRUST);
	mt_assert_loc(it->loc, 6, 3, 7);
	mt_assert_loc(it->value_loc, 6, 11, 17);
	ck_assert_int_eq(it->u.trust, MICA_TRUSTED);
	it = it->next;
	ck_assert_ptr_nonnull(it);
	ck_assert_int_eq(it->kind, MICA_ITEM_STRICT);
	mt_assert_loc(it->loc, 7, 3, 8);
	mt_assert_loc(it->value_loc, 7, 12, 16);
	ck_assert(!it->u.strict);
	ck_assert_ptr_null(it->next);

	r = r->next;
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->name.text, "beta");
	mt_assert_loc(r->loc, 9, 1, 5);
	mt_assert_loc(r->name.loc, 9, 7, 10);
	it = r->items;
	ck_assert_int_eq(it->kind, MICA_ITEM_MEASUREMENT);
	mt_assert_loc(it->loc, 9, 14, 24);
	mt_assert_loc(it->value_loc, 9, 28, 162);
	ck_assert_uint_eq(it->u.digest.bytes[63], 0x22);
	it = it->next;
	ck_assert_int_eq(it->kind, MICA_ITEM_TRUST);
	ck_assert_int_eq(it->u.trust, MICA_UNTRUSTED);
	mt_assert_loc(it->loc, 9, 165, 169);
	mt_assert_loc(it->value_loc, 9, 173, 181);
	ck_assert_ptr_null(it->next);
	ck_assert_ptr_null(r->next);
	mt_free(&p);
}
END_TEST

START_TEST(full_regions)
{
	mt_parse p;
	const mica_region *g;
	const mica_access *a;

	mt_parse_str(&p, full_src);
	mt_assert_clean(&p);

	g = p.ast->regions;
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(g->name.text, "shm");
	mt_assert_loc(g->loc, 10, 1, 6);
	mt_assert_loc(g->name.loc, 10, 8, 10);
	ck_assert_int_eq(g->kind, MICA_PROTECTED);
	mt_assert_loc(g->kind_loc, 10, 14, 22);
	ck_assert_uint_eq(g->size, 8192);
	mt_assert_loc(g->size_loc, 10, 25, 29);

	a = g->accesses;
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->subject_kind, MICA_SUBJ_REALM);
	ck_assert_str_eq(a->subject.text, "alpha");
	mt_assert_loc(a->subject.loc, 11, 3, 7);
	ck_assert_int_eq(a->rights, MICA_RW);
	mt_assert_loc(a->rights_loc, 11, 10, 11);
	ck_assert(a->has_ipa);
	ck_assert_uint_eq(a->ipa, 0x10000000);
	mt_assert_loc(a->ipa_loc, 11, 15, 25);
	ck_assert(!a->has_limit);

	a = a->next;
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->subject.text, "beta");
	mt_assert_loc(a->subject.loc, 12, 3, 6);
	ck_assert_int_eq(a->rights, MICA_R);
	mt_assert_loc(a->rights_loc, 12, 10, 10);
	ck_assert_uint_eq(a->ipa, 0x20000000);
	mt_assert_loc(a->ipa_loc, 12, 14, 24);

	a = a->next;
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->subject_kind, MICA_SUBJ_ANY);
	ck_assert_ptr_null(a->subject.text);
	mt_assert_loc(a->subject.loc, 13, 3, 5);
	ck_assert_int_eq(a->rights, MICA_W);
	mt_assert_loc(a->rights_loc, 13, 8, 8);
	ck_assert_uint_eq(a->ipa, 0x30000000);
	mt_assert_loc(a->ipa_loc, 13, 12, 22);
	ck_assert(a->has_limit);
	ck_assert_uint_eq(a->limit, 4);
	mt_assert_loc(a->limit_loc, 13, 24, 28);   /* the `limit` keyword */
	ck_assert_ptr_null(a->next);

	g = g->next;
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(g->name.text, "nic");
	ck_assert_int_eq(g->kind, MICA_UNPROTECTED);
	mt_assert_loc(g->kind_loc, 15, 14, 24);
	ck_assert_uint_eq(g->size, 65536);
	mt_assert_loc(g->size_loc, 15, 27, 32);
	a = g->accesses;
	ck_assert_str_eq(a->subject.text, "alpha");
	ck_assert_int_eq(a->rights, MICA_W);
	ck_assert_uint_eq(a->ipa, 0x800000000000);
	mt_assert_loc(a->ipa_loc, 16, 14, 29);
	a = a->next;
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->subject_kind, MICA_SUBJ_HOST);
	ck_assert_ptr_null(a->subject.text);
	mt_assert_loc(a->subject.loc, 17, 3, 6);
	ck_assert_int_eq(a->rights, MICA_RW);
	mt_assert_loc(a->rights_loc, 17, 9, 10);
	ck_assert(!a->has_ipa);
	ck_assert(!a->has_limit);
	ck_assert_ptr_null(a->next);
	ck_assert_ptr_null(g->next);
	mt_free(&p);
}
END_TEST

START_TEST(full_allows)
{
	mt_parse p;
	const mica_allow *a;
	const mica_imm_range *im;

	mt_parse_str(&p, full_src);
	mt_assert_clean(&p);

	a = p.ast->allows;
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->realm.text, "alpha");
	mt_assert_loc(a->loc, 19, 1, 5);
	mt_assert_loc(a->realm.loc, 19, 7, 11);
	ck_assert_int_eq(a->kind, MICA_XFER_HOSTCALL);
	mt_assert_loc(a->kind_loc, 19, 13, 20);
	ck_assert(!a->any_imm);
	im = a->imms;
	ck_assert_ptr_nonnull(im);
	ck_assert_uint_eq(im->lo, 0x10);
	ck_assert_uint_eq(im->hi, 0x1f);
	mt_assert_loc(im->loc, 19, 22, 31);        /* 0x10..0x1f */
	im = im->next;
	ck_assert_ptr_nonnull(im);
	ck_assert_uint_eq(im->lo, 0x42);
	ck_assert_uint_eq(im->hi, 0x42);
	mt_assert_loc(im->loc, 19, 34, 37);
	ck_assert_ptr_null(im->next);

	a = a->next;
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->realm.text, "beta");
	ck_assert_int_eq(a->kind, MICA_XFER_HOSTCALL);
	mt_assert_loc(a->kind_loc, 20, 12, 19);
	ck_assert(a->any_imm);
	ck_assert_ptr_null(a->imms);

	a = a->next;
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->realm.text, "alpha");
	ck_assert_int_eq(a->kind, MICA_XFER_MMIO);
	mt_assert_loc(a->kind_loc, 21, 13, 16);
	ck_assert_ptr_null(a->imms);

	a = a->next;
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->realm.text, "beta");
	ck_assert_int_eq(a->kind, MICA_XFER_PSCI);
	mt_assert_loc(a->kind_loc, 22, 12, 15);
	ck_assert_ptr_null(a->next);
	mt_free(&p);
}
END_TEST

/* The two transfers without operands besides mmio and psci: the kind,
 * the `allow` keyword and the kind's span. */
START_TEST(ripas_paging_allows)
{
	mt_parse p;
	const mica_allow *a;

	mt_parse_str(&p, MT_HDR "allow a ripas;\n"       /* 2: ripas 9-13 */
			 "allow bb paging;\n");            /* 3: paging 10-15 */
	mt_assert_clean(&p);
	a = p.ast->allows;
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->realm.text, "a");
	mt_assert_loc(a->realm.loc, 2, 7, 7);
	ck_assert_int_eq(a->kind, MICA_XFER_RIPAS);
	mt_assert_loc(a->loc, 2, 1, 5);
	mt_assert_loc(a->kind_loc, 2, 9, 13);
	ck_assert(!a->any_imm);
	ck_assert_ptr_null(a->imms);
	a = a->next;
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->realm.text, "bb");
	ck_assert_int_eq(a->kind, MICA_XFER_PAGING);
	mt_assert_loc(a->loc, 3, 1, 5);
	mt_assert_loc(a->kind_loc, 3, 10, 15);
	ck_assert(!a->any_imm);
	ck_assert_ptr_null(a->imms);
	ck_assert_ptr_null(a->next);
	mt_free(&p);
}
END_TEST

/* `hex` is no keyword: a realm may be called hex and be a subject,
 * written `hex: rw` (with a space, else `hex:rw` would be a hex string). */
START_TEST(hex_as_subject)
{
	mt_parse p;
	const mica_access *a;

	mt_parse_str(&p, "policy p version 1;\n"
			 "region g : unprotected, 4 KiB {\n"
			 "  hex: rw @ 0x800000000000;\n"
			 "  hex\t: r @ 0x800000001000;\n"
			 "}\n");
	mt_assert_clean(&p);
	a = p.ast->regions->accesses;
	ck_assert_str_eq(a->subject.text, "hex");
	ck_assert_int_eq(a->rights, MICA_RW);
	mt_assert_loc(a->subject.loc, 3, 3, 5);
	ck_assert_str_eq(a->next->subject.text, "hex");
	mt_free(&p);
}
END_TEST

/* Without `hash`, the algorithm is SHA-256 and has_hash says so. */
START_TEST(default_hash)
{
	mt_parse p;

	mt_parse_str(&p, "policy p version 0x10;\n");
	mt_assert_clean(&p);
	ck_assert(!p.ast->has_hash);
	ck_assert_int_eq(p.ast->hash, MICA_SHA256);
	ck_assert_uint_eq(p.ast->version, 16);
	ck_assert_ptr_null(p.ast->realms);
	ck_assert_ptr_null(p.ast->regions);
	ck_assert_ptr_null(p.ast->allows);
	mt_free(&p);
}
END_TEST

/* Declarations in any order, interleaved: each list keeps source order,
 * and so do the items of a realm, the accesses of a region and the
 * immediates of a hostcall. */
START_TEST(list_order)
{
	static const char src[] =
		MT_HDR
		"allow r3 hostcall 9, 1..2, 0xffff, 0, 5..5;\n"
		"region g2 : unprotected, 1 B { host: r; z: w @ 1; any: rw @ 2 "
		"limit 0; a: r @ 3; }\n"
		"realm r3 { strict = true; trust = distrustful; strict = false; "
		"rpv = hex:ff; }\n"
		"allow r1 psci;\n"
		"region g1 : protected, 1 GiB { }\n"
		"realm r1 { }\n"
		"realm r2 { trust = untrusted; }\n"
		"allow r2 mmio;\n";
	static const uint64_t lo[] = { 9, 1, 0xffff, 0, 5 };
	static const uint64_t hi[] = { 9, 2, 0xffff, 0, 5 };
	static const char *const realms[] = { "r3", "r1", "r2" };
	static const char *const allows[] = { "r3", "r1", "r2" };
	mt_parse p;
	const mica_realm *r;
	const mica_realm_item *it;
	const mica_allow *al;
	const mica_imm_range *im;
	const mica_access *ac;
	int i;

	mt_parse_str(&p, src);
	mt_assert_clean(&p);
	for (r = p.ast->realms, i = 0; r; r = r->next, i++)
		ck_assert_str_eq(r->name.text, realms[i]);
	ck_assert_int_eq(i, 3);
	for (al = p.ast->allows, i = 0; al; al = al->next, i++)
		ck_assert_str_eq(al->realm.text, allows[i]);
	ck_assert_int_eq(i, 3);
	ck_assert_str_eq(p.ast->regions->name.text, "g2");
	ck_assert_str_eq(p.ast->regions->next->name.text, "g1");
	ck_assert_ptr_null(p.ast->regions->next->next);
	ck_assert_uint_eq(p.ast->regions->next->size, (uint64_t)1 << 30);
	ck_assert_ptr_null(p.ast->regions->next->accesses);
	ck_assert_uint_eq(p.ast->regions->size, 1);

	for (im = p.ast->allows->imms, i = 0; im; im = im->next, i++) {
		ck_assert_uint_eq(im->lo, lo[i]);
		ck_assert_uint_eq(im->hi, hi[i]);
	}
	ck_assert_int_eq(i, 5);

	/* duplicates are the checker's business: all four items are kept */
	it = p.ast->realms->items;
	ck_assert_int_eq(it->kind, MICA_ITEM_STRICT);
	ck_assert(it->u.strict);
	it = it->next;
	ck_assert_int_eq(it->kind, MICA_ITEM_TRUST);
	ck_assert_int_eq(it->u.trust, MICA_DISTRUSTFUL);
	it = it->next;
	ck_assert_int_eq(it->kind, MICA_ITEM_STRICT);
	ck_assert(!it->u.strict);
	it = it->next;
	ck_assert_int_eq(it->kind, MICA_ITEM_RPV);
	ck_assert_ptr_null(it->next);
	ck_assert_ptr_null(p.ast->realms->next->items);

	ac = p.ast->regions->accesses;
	ck_assert_int_eq(ac->subject_kind, MICA_SUBJ_HOST);
	ck_assert_int_eq(ac->rights, MICA_R);
	ac = ac->next;
	ck_assert_str_eq(ac->subject.text, "z");
	ck_assert_uint_eq(ac->ipa, 1);
	ac = ac->next;
	ck_assert_int_eq(ac->subject_kind, MICA_SUBJ_ANY);
	ck_assert(ac->has_limit);
	ck_assert_uint_eq(ac->limit, 0);
	ac = ac->next;
	ck_assert_str_eq(ac->subject.text, "a");
	ck_assert_ptr_null(ac->next);
	mt_free(&p);
}
END_TEST

/* Shapes the grammar accepts and leaves to the checker. */
START_TEST(checker_business)
{
	mt_parse p;
	const mica_access *a;

	/* `limit` on a named subject, `any` without one, `host` in a
	 * protected region, a reversed and a too-wide range */
	mt_parse_str(&p, MT_HDR
		     "region g : protected, 4 KiB { a: r @ 0 limit 2; "
		     "any: w @ 0x1000; host: rw; }\n"
		     "allow a hostcall 0x1f..0x10, 0x10000;\n");
	mt_assert_clean(&p);
	a = p.ast->regions->accesses;
	ck_assert_int_eq(a->subject_kind, MICA_SUBJ_REALM);
	ck_assert(a->has_limit);
	ck_assert_uint_eq(a->limit, 2);
	/* "region g : protected, 4 KiB { a: r @ 0 limit 2;": limit 40-44 */
	mt_assert_loc(a->limit_loc, 2, 40, 44);
	a = a->next;
	ck_assert_int_eq(a->subject_kind, MICA_SUBJ_ANY);
	ck_assert(!a->has_limit);
	ck_assert_int_eq(a->next->subject_kind, MICA_SUBJ_HOST);
	ck_assert_uint_eq(p.ast->allows->imms->lo, 0x1f);
	ck_assert_uint_eq(p.ast->allows->imms->hi, 0x10);
	ck_assert_uint_eq(p.ast->allows->imms->next->lo, 0x10000);
	mt_free(&p);
}
END_TEST

/* `host` takes no IPA: one error at the '@', the access is kept. */
START_TEST(host_with_ipa)
{
	mt_parse p;
	char want[512], caret[128];

	mt_parse_str(&p, MT_HDR "region g : unprotected, 4 KiB { host: w @ "
		     "0x1000; }\n");
	/* "region g : unprotected, 4 KiB { host: w @": '@' is column 41 */
	snprintf(want, sizeof want, "%s%s%s",
		 "t.mica:2:41: error: the host's access takes no IPA: write "
		 "'host: w;'\n",
		 "    2 | region g : unprotected, 4 KiB { host: w @ 0x1000; }\n",
		 mt_caret(caret, sizeof caret, 41, 1));
	ck_assert_str_eq(p.out, want);
	mt_assert_errors(&p, 1);
	ck_assert_int_eq(p.ast->regions->accesses->subject_kind,
			 MICA_SUBJ_HOST);
	ck_assert_int_eq(p.ast->regions->accesses->rights, MICA_W);
	mt_free(&p);
}
END_TEST

/* ---- keywords as names ------------------------------------------------- */
static const char *const keywords[] = {
	"policy", "version", "hash", "realm", "measurement", "rpv", "trust",
	"trusted", "distrustful", "untrusted", "strict", "true", "false",
	"region", "protected", "unprotected", "host", "any", "limit",
	"allow", "hostcall", "mmio", "psci", "ripas", "paging", "sha256",
	"sha512", "B", "KiB", "MiB", "GiB",
};
/* man/mica.5 (LEXICAL STRUCTURE) lists 31 keywords. */
#define NKEYWORDS 31

/* Each position a name can take, with the column where it starts. */
static const struct name_pos {
	const char *pre, *post;
	unsigned line, col;
} name_pos[] = {
	{ "policy ", " version 1;\n", 1, 8 },
	{ MT_HDR "realm ", " { }\n", 2, 7 },
	{ MT_HDR "region ", " : protected, 4 KiB { }\n", 2, 8 },
	{ MT_HDR "allow ", " mmio;\n", 2, 7 },
	{ MT_HDR "allow ", " hostcall *;\n", 2, 7 },
	{ MT_HDR "region g : protected, 4 KiB { ", " : r @ 0; }\n", 2, 31 },
};

/* One error per misused keyword, naming it, at the name; the declaration
 * is kept under that name so the rest of the file is still checked. */
START_TEST(keyword_as_name)
{
	const char *kw = keywords[_i % NKEYWORDS];
	const struct name_pos *pos = &name_pos[_i / NKEYWORDS];
	mt_parse p;
	char src[256], want[256], caret[128];
	const char *got = NULL;

	if (pos->col == 31 && (strcmp(kw, "any") == 0 ||
			       strcmp(kw, "host") == 0))
		return;   /* subjects in that position, not names */
	snprintf(src, sizeof src, "%s%s%s", pos->pre, kw, pos->post);
	mt_parse_str(&p, src);
	snprintf(want, sizeof want, "t.mica:%u:%u: error: '%s' is a keyword "
		 "and cannot be used as a name\n", pos->line, pos->col, kw);
	mt_assert_errors(&p, 1);
	mt_assert_has(&p, want);
	mt_assert_has(&p, mt_caret(caret, sizeof caret, pos->col,
				   strlen(kw)));
	switch (_i / NKEYWORDS) {
	case 0: got = p.ast->name.text; break;
	case 1: got = p.ast->realms->name.text; break;
	case 2: got = p.ast->regions->name.text; break;
	case 3: case 4: got = p.ast->allows->realm.text; break;
	case 5: got = p.ast->regions->accesses->subject.text; break;
	}
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, kw);
	mt_free(&p);
}
END_TEST

/* Keywords, every one, in every position, all at once: one error each. */
START_TEST(keywords_everywhere)
{
	mt_parse p;

	mt_parse_str(&p, "policy version version 1;\n"
			 "realm realm { trust = trusted; }\n"
			 "realm any { }\n"
			 "region region : protected, 4 KiB {\n"
			 "  realm: r @ 0;\n"
			 "  any: r @ 0x1000 limit 1;\n"
			 "}\n"
			 "region host : unprotected, 4 KiB { host: rw; }\n"
			 "allow allow mmio;\n"
			 "allow host psci;\n");
	mt_assert_errors(&p, 8);
	mt_assert_has(&p, "t.mica:1:8: error: 'version' is a keyword");
	mt_assert_has(&p, "t.mica:2:7: error: 'realm' is a keyword");
	mt_assert_has(&p, "t.mica:3:7: error: 'any' is a keyword");
	mt_assert_has(&p, "t.mica:4:8: error: 'region' is a keyword");
	mt_assert_has(&p, "t.mica:5:3: error: 'realm' is a keyword");
	mt_assert_has(&p, "t.mica:8:8: error: 'host' is a keyword");
	mt_assert_has(&p, "t.mica:9:7: error: 'allow' is a keyword");
	mt_assert_has(&p, "t.mica:10:7: error: 'host' is a keyword");
	/* the trees keep every declaration, under the keyword's name */
	ck_assert_str_eq(p.ast->name.text, "version");
	ck_assert_str_eq(p.ast->realms->next->name.text, "any");
	ck_assert_str_eq(p.ast->regions->accesses->subject.text, "realm");
	ck_assert_int_eq(p.ast->regions->accesses->next->subject_kind,
			 MICA_SUBJ_ANY);
	ck_assert_str_eq(p.ast->allows->next->realm.text, "host");
	mt_free(&p);
}
END_TEST

/* ---- syntax errors ----------------------------------------------------- */
static const struct syntax_case {
	const char *src;
	const char *first;      /* the whole first message line */
	unsigned errors;
} syntax_cases[] = {
	/* a missing ';' is reported just past the token that lacks it */
	{ "policy p version 1\nrealm a { }\n",
	  "t.mica:1:19: error: expected ';' before 'realm'", 1 },
	{ "policy p version 1",
	  "t.mica:1:19: error: expected ';' before end of file", 1 },
	{ "policy p version 1; hash sha512\nrealm a { }\n",
	  "t.mica:1:32: error: expected ';' before 'realm'", 1 },
	{ MT_HDR "realm a { trust = trusted }\n",
	  "t.mica:2:26: error: expected ';' before '}'", 1 },
	{ MT_HDR "realm a {\n  trust = trusted\n  strict = true;\n}\n",
	  "t.mica:3:18: error: expected ';' before 'strict'", 1 },
	{ MT_HDR "allow a mmio\nallow a psci;\n",
	  "t.mica:2:13: error: expected ';' before 'allow'", 1 },
	{ MT_HDR "allow a mmio",
	  "t.mica:2:13: error: expected ';' before end of file", 1 },
	{ MT_HDR "region g : protected, 4 KiB { a: r @ 0 }\n",
	  "t.mica:2:39: error: expected ';' before '}'", 1 },
	/* wrong tokens: the message names what came and what could */
	{ "",
	  "t.mica:1:1: error: unexpected end of file, expecting 'policy'", 1 },
	{ "realm a { }\n",
	  "t.mica:1:1: error: unexpected 'realm', expecting 'policy'", 1 },
	{ "policy 1 version 1;\n",
	  "t.mica:1:8: error: unexpected integer '1'", 1 },   /* any name */
	{ "policy p version v1;\n",
	  "t.mica:1:18: error: unexpected identifier 'v1', expecting integer",
	  1 },
	{ "policy p version 1; hash md5;\n",
	  "t.mica:1:26: error: unexpected identifier 'md5', expecting "
	  "'sha256' or 'sha512'", 1 },
	{ MT_HDR "realm a { measurement = 5; }\n",
	  "t.mica:2:25: error: unexpected integer '5', expecting digest", 1 },
	{ MT_HDR "realm a { rpv = " MT_SHA256("0") "; }\n",
	  "t.mica:2:17: error: unexpected digest 'sha256:" "0000000000"
	  "0000000000" "00000" "...', expecting hex string", 1 },  /* 32 + ... */
	{ MT_HDR "realm a { trust = maybe; }\n",
	  "t.mica:2:19: error: unexpected identifier 'maybe', expecting "
	  "'trusted' or 'distrustful' or 'untrusted'", 1 },
	{ MT_HDR "realm a { strict = yes; }\n",
	  "t.mica:2:20: error: unexpected identifier 'yes', expecting 'true' "
	  "or 'false'", 1 },
	{ MT_HDR "realm a { colour = red; }\n",
	  "t.mica:2:11: error: unexpected identifier 'colour'", 1 },
	{ MT_HDR "region g : shared, 4 KiB { }\n",
	  "t.mica:2:12: error: unexpected identifier 'shared', expecting "
	  "'protected' or 'unprotected'", 1 },
	{ MT_HDR "region g : protected 4 KiB { }\n",
	  "t.mica:2:22: error: unexpected integer '4', expecting ','", 1 },
	{ MT_HDR "region g : protected, { }\n",
	  "t.mica:2:23: error: unexpected '{', expecting integer", 1 },
	{ MT_HDR "region g : protected, 4 KiB { a: rw 0x1000; }\n",
	  "t.mica:2:37: error: unexpected integer '0x1000', expecting '@'", 1 },
	{ MT_HDR "region g : protected, 4 KiB { a: x @ 0; }\n",
	  "t.mica:2:34: error: unknown rights 'x': expected 'r', 'w' or 'rw'",
	  1 },
	{ MT_HDR "region g : protected, 4 KiB { a: R @ 0; }\n",
	  "t.mica:2:34: error: unknown rights 'R': expected 'r', 'w' or 'rw'",
	  1 },
	{ MT_HDR "region g : protected, 4 KiB { a: wr @ 0; }\n",
	  "t.mica:2:34: error: unknown rights 'wr': expected 'r', 'w' or 'rw'",
	  1 },
	{ MT_HDR "region g : protected, 4 KiB { a: rw @ 0 limit; }\n",
	  "t.mica:2:46: error: unexpected ';', expecting integer", 1 },
	{ MT_HDR "allow a teleport;\n",
	  "t.mica:2:9: error: unexpected identifier 'teleport', expecting "
	  "'hostcall' or 'mmio' or 'psci' or 'ripas' or 'paging'", 1 },
	{ MT_HDR "allow a hostcall;\n",
	  "t.mica:2:17: error: unexpected ';', expecting integer or '*'", 1 },
	{ MT_HDR "allow a hostcall 1..;\n",
	  "t.mica:2:21: error: unexpected ';', expecting integer", 1 },
	{ MT_HDR "allow a hostcall 1, ;\n",
	  "t.mica:2:21: error: unexpected ';', expecting integer", 1 },
	{ MT_HDR "allow a hostcall *, 1;\n",
	  "t.mica:2:19: error: expected ';' before ','", 1 },
	{ MT_HDR "allow a mmio 1..2;\n",
	  "t.mica:2:13: error: expected ';' before integer '1'", 1 },
	/* ripas and paging take no operand either */
	{ MT_HDR "allow a ripas 1;\n",
	  "t.mica:2:14: error: expected ';' before integer '1'", 1 },
	{ MT_HDR "allow a paging *;\n",
	  "t.mica:2:15: error: expected ';' before '*'", 1 },
	{ MT_HDR "allow a ripas",
	  "t.mica:2:14: error: expected ';' before end of file", 1 },
	{ MT_HDR "allow a paging\nallow a ripas;\n",
	  "t.mica:2:15: error: expected ';' before 'allow'", 1 },
	/* a transfer named twice in one line */
	{ MT_HDR "allow a ripas paging;\n",
	  "t.mica:2:14: error: expected ';' before 'paging'", 1 },
	{ MT_HDR "allow a;\n",
	  "t.mica:2:8: error: unexpected ';', expecting 'hostcall' or 'mmio' "
	  "or 'psci' or 'ripas' or 'paging'", 1 },
	{ MT_HDR "}\n", "t.mica:2:1: error: unexpected '}'", 1 },
	{ MT_HDR ";\n", "t.mica:2:1: error: unexpected ';'", 1 },
};

START_TEST(syntax_error)
{
	const struct syntax_case *t = &syntax_cases[_i];
	mt_parse p;
	char want[512];

	mt_parse_str(&p, t->src);
	snprintf(want, sizeof want, "%s\n", t->first);
	ck_assert_msg(strncmp(p.out, want, strlen(want)) == 0,
		      "expected first: %sgot:\n%s", want, p.out);
	mt_assert_errors(&p, t->errors);
	/* a tree comes back even from a broken file */
	ck_assert_ptr_nonnull(p.ast);
	mt_free(&p);
}
END_TEST

/* The missing-';' message has a caret just past the last good token. */
START_TEST(missing_semi_excerpt)
{
	mt_parse p;

	mt_parse_str(&p, MT_HDR "realm a {\n\ttrust = trusted\n}\n");
	ck_assert_str_eq(p.out,
		"t.mica:3:17: error: expected ';' before '}'\n"
		"    3 | \ttrust = trusted\n"
		"      | \t               ^\n");
	ck_assert_ptr_nonnull(p.ast->realms->items);
	ck_assert_int_eq(p.ast->realms->items->u.trust, MICA_TRUSTED);
	mt_free(&p);
}
END_TEST

/* A block open at end of file: one error at the end, a note at '{'. */
START_TEST(unclosed_block)
{
	mt_parse p;

	mt_parse_str(&p, MT_HDR "region g : protected, 4 KiB {\n"
		     "  a: r @ 0;\n");
	ck_assert_str_eq(p.out,
		"t.mica:4:1: error: expected '}' before end of file\n"
		"    4 | \n"
		"      | ^\n"
		"t.mica:2:29: note: to close this region block\n"
		"    2 | region g : protected, 4 KiB {\n"
		"      |                             ^\n");
	mt_assert_errors(&p, 1);
	/* the region is kept, with its access */
	ck_assert_ptr_nonnull(p.ast->regions);
	ck_assert_ptr_nonnull(p.ast->regions->accesses);
	mt_free(&p);

	mt_parse_str(&p, MT_HDR "realm a { trust = trusted;");
	ck_assert_str_eq(p.out,
		"t.mica:2:27: error: expected '}' before end of file\n"
		"    2 | realm a { trust = trusted;\n"
		"      |                           ^\n"
		"t.mica:2:9: note: to close this realm block\n"
		"    2 | realm a { trust = trusted;\n"
		"      |         ^\n");
	ck_assert_ptr_nonnull(p.ast->realms);
	mt_free(&p);
}
END_TEST

/* Recovery: errors in several statements are all reported, and the
 * declarations around them are all in the tree. */
START_TEST(recovery)
{
	static const char src[] =
		MT_HDR
		"realm a { measurement = ; trust = trusted; strict = x; }\n"
		"region g : protected, 4 KiB { a: rw 0x1000; b: q @ 0; "
		"c: r @ 0x2000; }\n"
		"allow a hostcall 1, ;\n"
		"region h : shared, 4 KiB { a: r @ 0; }\n"
		"allow b mmio;\n"
		"realm b { trust = untrusted; }\n";
	mt_parse p;

	mt_parse_str(&p, src);
	mt_assert_errors(&p, 6);
	mt_assert_has(&p, "t.mica:2:25: error: unexpected ';', expecting "
		      "digest\n");
	mt_assert_has(&p, "t.mica:2:53: error: unexpected identifier 'x', "
		      "expecting 'true' or 'false'\n");
	mt_assert_has(&p, "t.mica:3:37: error: unexpected integer '0x1000', "
		      "expecting '@'\n");
	mt_assert_has(&p, "t.mica:3:48: error: unknown rights 'q'");
	mt_assert_has(&p, "t.mica:4:21: error: unexpected ';', expecting "
		      "integer\n");
	mt_assert_has(&p, "t.mica:5:12: error: unexpected identifier "
		      "'shared'");
	/* realm a kept its good item; g its two good accesses */
	ck_assert_str_eq(p.ast->realms->name.text, "a");
	ck_assert_int_eq(p.ast->realms->items->kind, MICA_ITEM_TRUST);
	ck_assert_ptr_null(p.ast->realms->items->next);
	ck_assert_str_eq(p.ast->realms->next->name.text, "b");
	ck_assert_str_eq(p.ast->regions->name.text, "g");
	ck_assert_str_eq(p.ast->regions->accesses->subject.text, "b");
	ck_assert_str_eq(p.ast->regions->accesses->next->subject.text, "c");
	ck_assert_ptr_null(p.ast->regions->next);     /* h was dropped */
	ck_assert_str_eq(p.ast->allows->realm.text, "b");
	ck_assert_ptr_null(p.ast->allows->next);
	mt_free(&p);
}
END_TEST

/* 25 bad statements: 20 printed, then one line, then silence; the
 * parse stops at the cap. */
START_TEST(error_cap)
{
	char src[4096];
	size_t k;
	int i;
	mt_parse p;
	const char *note;

	k = (size_t)snprintf(src, sizeof src, MT_HDR);
	for (i = 1; i <= 25; i++)
		k += (size_t)snprintf(src + k, sizeof src - k,
				      "realm r%d { trust = x; }\n", i);
	mt_parse_str(&p, src);
	ck_assert_uint_eq(mt_count(&p, ": error: "), 20);
	ck_assert_uint_eq(mt_count(&p, "t.mica:21:"), 1);    /* the 20th */
	ck_assert_uint_eq(mt_count(&p, "t.mica:22:"), 0);    /* the 21st */
	note = strstr(p.out, "t.mica: note: too many errors (20), stopping\n");
	ck_assert_ptr_nonnull(note);
	/* the note is the last thing printed */
	ck_assert_str_eq(note, "t.mica: note: too many errors (20), "
			 "stopping\n");
	ck_assert_uint_gt(p.d.errors, 20);
	ck_assert(p.d.capped);
	mt_free(&p);

	/* no cap: all 25 are printed */
	mt_parse_capped(&p, src, strlen(src), 0);
	mt_assert_errors(&p, 25);
	ck_assert_uint_eq(mt_count(&p, "too many errors"), 0);
	mt_free(&p);
}
END_TEST

/* ---- the shipped examples ---------------------------------------------- */
START_TEST(examples_parse)
{
	const char *dirname = MICA_SOURCE_DIR "/examples";
	DIR *dir = opendir(dirname);
	struct dirent *e;
	unsigned n = 0;

	ck_assert_msg(dir != NULL, "cannot open %s", dirname);
	while ((e = readdir(dir)) != NULL) {
		size_t len = strlen(e->d_name);
		char path[1024];
		mica_source src;
		mica_diag d;
		mica_ast *ast;
		FILE *out;
		char *text = NULL;
		size_t textlen = 0;

		if (len < 6 || strcmp(e->d_name + len - 5, ".mica") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dirname, e->d_name);
		ck_assert_msg(mica_source_load(&src, path) == 0,
			      "cannot read %s", path);
		out = open_memstream(&text, &textlen);
		ck_assert_ptr_nonnull(out);
		mica_diag_init(&d, &src, out);
		ast = mica_parse(&src, &d);
		fclose(out);
		ck_assert_msg(d.errors == 0 && d.warnings == 0 && textlen == 0,
			      "%s: %u errors, %u warnings:\n%s", path,
			      d.errors, d.warnings, text);
		ck_assert_ptr_nonnull(ast);
		ck_assert_ptr_nonnull(ast->name.text);
		ck_assert_ptr_nonnull(ast->realms);
		ck_assert_ptr_nonnull(ast->realms->next);
		ck_assert_ptr_nonnull(ast->regions);
		ck_assert_ptr_nonnull(ast->allows);
		mica_ast_free(ast);
		mica_source_free(&src);
		free(text);
		n++;
	}
	closedir(dir);
	ck_assert_uint_ge(n, 4);
}
END_TEST

static Suite *parser_suite(void)
{
	Suite *s = suite_create("parser");
	TCase *tc;

	tc = tcase_create("tree");
	tcase_add_test(tc, full_header);
	tcase_add_test(tc, full_realms);
	tcase_add_test(tc, full_regions);
	tcase_add_test(tc, full_allows);
	tcase_add_test(tc, default_hash);
	tcase_add_test(tc, ripas_paging_allows);
	tcase_add_test(tc, hex_as_subject);
	tcase_add_test(tc, list_order);
	tcase_add_test(tc, checker_business);
	tcase_add_test(tc, host_with_ipa);
	suite_add_tcase(s, tc);

	tc = tcase_create("keywords");
	tcase_add_loop_test(tc, keyword_as_name, 0, (int)(NKEYWORDS *
			    (sizeof name_pos / sizeof name_pos[0])));
	tcase_add_test(tc, keywords_everywhere);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, syntax_error, 0,
			    (int)(sizeof syntax_cases / sizeof syntax_cases[0]));
	tcase_add_test(tc, missing_semi_excerpt);
	tcase_add_test(tc, unclosed_block);
	tcase_add_test(tc, recovery);
	tcase_add_test(tc, error_cap);
	suite_add_tcase(s, tc);

	tc = tcase_create("examples");
	tcase_add_test(tc, examples_parse);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	if (sizeof keywords / sizeof keywords[0] != NKEYWORDS) {
		fputs("test_parser: the keyword table is out of date\n", stderr);
		return EXIT_FAILURE;
	}
	return mt_run(parser_suite());
}
