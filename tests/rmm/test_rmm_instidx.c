/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_rmm_instidx.c -- the region-instance index (ctx->inst,
 * src/rmm/instidx.c): after every step of random SHARE_MAP / SHARE_UNMAP
 * sequences (Realms leaving everything included), the index agrees with
 * a recount over every Realm's windows done here independently; a
 * refused call changes nothing; the `any` limit and one Realm per named
 * subject still refuse with 2 and with many Realms in the context.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tpol.h"
#include "mica/rmm_test.h"

#define S0 1000u   /* above every test Realm's granules (TPOL_G) */
#define IPA_A 0x100000ul
#define IPA_B 0x110000ul
#define IPA_ANY 0x120000ul

static struct tplat *tp;
static struct tsnap *snap;

/* a writes, b reads, at most two unnamed Realms may read; %V the version
 * (another workflow: another instance of "the same" region). */
static const char P[] =
	"policy p version %V;\n"
	"realm a { measurement = %R0; trust = trusted; }\n"
	"realm b { measurement = %R1; trust = trusted; }\n"
	"region r : protected, 8 KiB { a: w @ 0x100000; b: r @ 0x110000;\n"
	"  any: r @ 0x120000 limit %L; }\n";
/* The joiners' own policy: x (realm 2's image) names a and b the same. */
static const char X[] =
	"policy other version %V;\n"
	"realm a { measurement = %R0; trust = trusted; }\n"
	"realm b { measurement = %R1; trust = trusted; }\n"
	"realm x { measurement = %R2; trust = trusted; }\n"
	"region r : protected, 8 KiB { a: w @ 0x100000; b: r @ 0x110000;\n"
	"  x: r @ 0x120000; any: r @ 0x120000 limit %L; }\n";

static void text(char *out, const char *p, unsigned version, unsigned limit)
{
	for (; *p; p++) {
		if (p[0] == '%' && (p[1] == 'V' || p[1] == 'L')) {
			out += sprintf(out, "%u", p[1] == 'V' ? version : limit);
			p++;
		} else {
			*out++ = *p;
		}
	}
	*out = 0;
}

static void setup(void)
{
	tp = tp_new();
	snap = malloc(sizeof *snap);
	ck_assert_ptr_nonnull(snap);
	for (unsigned i = 0; i < 3; i++)
		tpol_realm(tp, i);
	for (unsigned g = S0; g < S0 + 8; g++)
		tp_delegate(tp, g);
}

static void teardown(void)
{
	free(snap);
	tp_free(tp);
}

/* Realm i (a clone of realm image's image unless i < 3) as `name`. */
static void up(unsigned i, unsigned image, const char *t, const char *name)
{
	if (i >= 3)
		tpol_realm_image(tp, i, image);
	tpol_bind_text(tp, i, t, name);
	ck_assert_uint_eq(tpol_activate(tp, i), 0);
}

static unsigned long map(unsigned i, unsigned g, unsigned long ipa)
{
	return RMI(tp, MICA_RMI_SHARE_MAP, TPOL_RD(i), PA(g), ipa);
}

static unsigned long unmap(unsigned i, unsigned long ipa)
{
	return RMI(tp, MICA_RMI_SHARE_UNMAP, TPOL_RD(i), ipa);
}

/* After an unmap the entry is DESTROYED: Realm i accepts RAM there again,
 * as its RSI_IPA_STATE_SET would (written straight into its level-3 RTT
 * for IPA 0, TPOL_G(i, 3)), so the sequence can map it again. */
static void ram_again(unsigned i, unsigned long ipa)
{
	uint8_t *e = PG(tp, TPOL_G(i, 3)) + 8u * ((ipa >> 12) & 511u);

	ck_assert_uint_eq(mica_ld64(e) >> MICA_S2_KIND_SHIFT & 7u, MICA_S2_UNASSIGNED);
	mica_st64(e, (uint64_t)MICA_RMI_RAM << MICA_S2_RIPAS_SHIFT);
}

static void refused(unsigned i, unsigned g, unsigned long ipa)
{
	tp_snap(tp, snap);
	ck_assert_uint_eq(map(i, g, ipa), MICA_RMI_ERROR_INPUT);
	ck_assert(tp_same(tp, snap));
}

/* ---- the recount: every window with pages, over every Realm ---- */
#define NSLOT (2u * MICA_RMM_MAX_INST)

static void check_index(void)
{
	const struct mica_rmm *c = &tp->ctx;
	unsigned live = 0, insts = 0;

	for (unsigned s = 0; s < NSLOT; s++)
		live += c->inst[s].nwin != 0;
	for (unsigned q = 0; q < MICA_RMM_MAX_REALMS; q++) {
		const struct mica_rmm_realm *o = &c->realm[q];

		for (unsigned j = 0; o->state != MICA_REALM_FREE &&
		     o->policy.bound && j < o->policy.pol.nregions; j++) {
			const uint8_t *key = o->policy.win[j].inst;
			unsigned nwin = 0, nany = 0, named[MICA_POL_MAX_PARTS] = { 0 };
			const struct mica_rmm_inst *e = NULL;
			bool first = true;

			if (o->policy.win[j].npages == 0)
				continue;
			/* Count each instance once: at its first window. */
			for (unsigned q2 = 0; q2 < MICA_RMM_MAX_REALMS; q2++) {
				const struct mica_rmm_realm *o2 = &c->realm[q2];
				bool in_any = false, in_named[MICA_POL_MAX_PARTS] = { 0 };

				for (unsigned j2 = 0; o2->state != MICA_REALM_FREE &&
				     o2->policy.bound && j2 < o2->policy.pol.nregions; j2++) {
					const struct mica_rmm_window *u = &o2->policy.win[j2];

					if (u->npages == 0 || memcmp(u->inst, key, 32) != 0)
						continue;
					if (q2 * 16 + j2 < q * 16 + j)
						first = false;
					nwin++;
					if (u->as_any)
						in_any = true;
					else
						in_named[o2->policy.pol.region[j2].self] = true;
				}
				nany += in_any;
				for (unsigned k = 0; k < MICA_POL_MAX_PARTS; k++)
					named[k] += in_named[k];
			}
			if (!first)
				continue;
			insts++;
			for (unsigned s = 0; s < NSLOT; s++)
				if (c->inst[s].nwin != 0 &&
				    memcmp(c->inst[s].key, key, 32) == 0) {
					ck_assert_ptr_null(e);   /* one entry per key */
					e = &c->inst[s];
				}
			ck_assert_ptr_nonnull(e);
			ck_assert_uint_eq(e->nwin, nwin);
			ck_assert_uint_eq(e->nany, nany);
			for (unsigned k = 0; k < MICA_POL_MAX_PARTS; k++)
				ck_assert_uint_eq(e->named[k], named[k]);
			/* The ring from its head: nwin distinct windows of the
			 * instance, back at the head. */
			{
				unsigned rq = e->head_realm, ri = e->head_region;
				uint8_t seen[MICA_RMM_MAX_REALMS][MICA_POL_MAX_REGIONS] = { { 0 } };

				for (unsigned n = 0; n < nwin; n++) {
					const struct mica_rmm_window *u =
						&c->realm[rq].policy.win[ri];

					ck_assert_uint_lt(rq, MICA_RMM_MAX_REALMS);
					ck_assert_uint_lt(ri, MICA_POL_MAX_REGIONS);
					ck_assert(!seen[rq][ri]);
					seen[rq][ri] = 1;
					ck_assert_uint_ne(u->npages, 0);
					ck_assert_mem_eq(u->inst, key, 32);
					rq = u->next_realm;
					ri = u->next_region;
				}
				ck_assert_uint_eq(rq, e->head_realm);
				ck_assert_uint_eq(ri, e->head_region);
			}
		}
	}
	ck_assert_uint_eq(live, insts);   /* no entry without windows */
}

static uint32_t rng = 12345;

static unsigned rnd(unsigned n)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 16) % n;
}

/* Realms: 0 a, 1 b, 3 a clone of b (as b), 2 and 4..6 joiners through
 * `any` (limit 2), of version-1 instances; 7 a and 8 b of version 2. */
START_TEST(index_matches_recount)
{
	static const unsigned long ipa[9] = { IPA_A, IPA_B, IPA_ANY, IPA_B,
		IPA_ANY, IPA_ANY, IPA_ANY, IPA_A, IPA_B };
	static const unsigned ver[9] = { 1, 1, 1, 1, 1, 1, 1, 2, 2 };
	char p1[1024], p2[1024], x1[1024];
	unsigned ok = 0, no = 0;

	text(p1, P, 1, 2);
	text(p2, P, 2, 2);
	text(x1, X, 1, 2);
	up(0, 0, p1, "a");
	up(1, 1, p1, "b");
	up(2, 2, x1, "x");
	up(3, 1, p1, "b");
	for (unsigned i = 4; i < 7; i++)
		up(i, 2, x1, "x");
	up(7, 0, p2, "a");
	up(8, 1, p2, "b");
	check_index();
	for (unsigned step = 0; step < 3000; step++) {
		unsigned i = rnd(9), k = rnd(2), op = rnd(10);
		unsigned g = S0 + (ver[i] - 1) * 2 + k;
		unsigned long st;

		if (op == 0) {
			/* Realm i leaves everything (what destroy needs). */
			for (unsigned k2 = 0; k2 < 2; k2++)
				if (unmap(i, ipa[i] + k2 * 0x1000ul) == 0)
					ram_again(i, ipa[i] + k2 * 0x1000ul);
			ck_assert_uint_eq(tpol_r(tp, i)->policy.win[0].npages, 0);
		} else if (op < 5) {
			st = unmap(i, ipa[i] + k * 0x1000ul);
			if (st == 0) {
				ok++;
				ram_again(i, ipa[i] + k * 0x1000ul);
			}
		} else {
			tp_snap(tp, snap);
			st = map(i, g, ipa[i] + k * 0x1000ul);
			if (st == 0)
				ok++;
			else {
				no++;
				ck_assert(tp_same(tp, snap));
			}
		}
		check_index();
	}
	/* Both outcomes were exercised. */
	ck_assert_uint_gt(ok, 100);
	ck_assert_uint_gt(no, 100);
}
END_TEST

/* The rules per instance with n Realms in the context: 2 + (n - 2)
 * bystanders mapping an instance of their own (version 3 of the policy
 * each pair, a and b clones). */
static void bystanders(unsigned n, unsigned first, unsigned g)
{
	char p3[1024];

	text(p3, P, 3, 2);
	for (unsigned i = first; i + 1 < first + n; i += 2) {
		up(i, 0, p3, "a");
		up(i + 1, 1, p3, "b");
	}
	/* One instance for all of them: its pair maps page 0; the
	 * others are refused (one Realm per named subject) but fill the
	 * context. */
	if (n >= 2) {
		ck_assert_uint_eq(map(first, g, IPA_A), 0);
		ck_assert_uint_eq(map(first + 1, g, IPA_B), 0);
		for (unsigned i = first + 2; i < first + n; i++)
			refused(i, g, (i - first) % 2 ? IPA_B : IPA_A);
	}
}

static void rules(unsigned extra)
{
	char p1[1024], x1[1024];

	text(p1, P, 1, 2);
	text(x1, X, 1, 2);
	up(0, 0, p1, "a");
	up(1, 1, p1, "b");
	up(2, 2, x1, "x");
	up(3, 1, p1, "b");
	up(4, 2, x1, "x");
	up(5, 2, x1, "x");
	bystanders(extra, 6, S0 + 7);
	check_index();
	ck_assert_uint_eq(map(0, S0, IPA_A), 0);
	ck_assert_uint_eq(map(1, S0, IPA_B), 0);
	/* One Realm per named subject: b's clone is refused. */
	refused(3, S0, IPA_B);
	refused(3, S0 + 1, IPA_B + 0x1000);
	/* limit 2: the third `any` Realm is refused, on either page. */
	ck_assert_uint_eq(map(2, S0, IPA_ANY), 0);
	ck_assert_uint_eq(map(4, S0, IPA_ANY), 0);
	refused(5, S0, IPA_ANY);
	ck_assert_uint_eq(map(0, S0 + 1, IPA_A + 0x1000), 0);
	refused(5, S0 + 1, IPA_ANY + 0x1000);
	check_index();
	/* After one joiner leaves, the third may come; after b leaves, its
	 * clone may. */
	ck_assert_uint_eq(unmap(4, IPA_ANY), 0);
	ck_assert_uint_eq(map(5, S0 + 1, IPA_ANY + 0x1000), 0);
	ck_assert_uint_eq(unmap(1, IPA_B), 0);
	ck_assert_uint_eq(map(3, S0 + 1, IPA_B + 0x1000), 0);
	refused(1, S0, IPA_B);
	check_index();
}

START_TEST(rules_two_realms)
{
	rules(0);
}
END_TEST

/* As many Realms as the context holds beside the six. */
START_TEST(rules_many_realms)
{
	unsigned n = MICA_RMM_MAX_REALMS - 6;

	n = n > 50 ? 50 : n;
	rules(n & ~1u);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rmm_instidx");
	TCase *t = tcase_create("instidx");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 120);
	tcase_add_test(t, index_matches_recount);
	tcase_add_test(t, rules_two_realms);
	tcase_add_test(t, rules_many_realms);
	suite_add_tcase(s, t);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
