/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The decoded policy's validator, mica_pol_check(), on structs built by
 * hand rather than by the blob reader: one sound policy, then one
 * mutation per rule of mica_pol_ok() (mica/wire/blob_read.h), each
 * expecting the rule and the place named. Most of them no blob can
 * reach, as the reader refuses the field first: here they are reached
 * directly. Last, structs of random bytes, which the validator must
 * survive (the sanitizer build sees any read out of bounds).
 */
#include <stdlib.h>

#include "testutil.h"
#include "mica/wire/blob_check.h"

#define HALF MICA_POL_HALF_GRANULES

static void part(struct mica_pol_part *x, int who, unsigned rights,
		 uint64_t ipa, uint64_t limit)
{
	x->who = (int16_t)who;
	x->rights = (uint8_t)rights;
	x->ipa = ipa;
	x->limit = limit;
}

/*
 * Peers 0x11.. (who 1) and 0x33.. (who 2); this Realm is 0x22.. Region 0
 * is protected, 4 granules, this Realm's window at 0x10, shared with both
 * peers in measurement order; region 1 is unprotected, 2 granules, this
 * Realm at 0, then any, then the host. This Realm's windows: 0x10 and
 * HALF + 0, ascending and apart.
 */
static void sound(struct mica_pol *p)
{
	struct mica_pol_region *g = p->region;

	memset(p, 0, sizeof *p);
	p->major = MICA_BLOB_MAJOR;
	memcpy(p->policy, "pipeline", 9);
	memset(p->measurement, 0x22, 32);
	p->npeers = 2;
	memset(p->peers[0], 0x11, 32);
	memset(p->peers[1], 0x33, 32);
	p->nhostcalls = 2;
	p->hostcall[0][0] = 0x10, p->hostcall[0][1] = 0x1f;
	p->hostcall[1][0] = 0x21, p->hostcall[1][1] = 0x30;
	p->nregions = 2;
	g[0].kind = 0, g[0].granules = 4, g[0].nparts = 3, g[0].self = 1;
	part(&g[0].part[0], 1, 1, 0x100, 0);
	part(&g[0].part[1], MICA_WHO_SELF, 3, 0x10, 0);
	part(&g[0].part[2], 2, 2, 0, 0);
	g[1].kind = 1, g[1].granules = 2, g[1].nparts = 3, g[1].self = 0;
	part(&g[1].part[0], MICA_WHO_SELF, 3, 0, 0);
	part(&g[1].part[1], MICA_WHO_ANY, 1, 0x40, 1);
	part(&g[1].part[2], MICA_WHO_HOST, 3, 0, 0);
}

typedef struct {
	const char *name;
	void (*apply)(struct mica_pol *);
	enum mica_pol_rule rule;
	unsigned i, k;
} mutation;

#define M(n, body) static void n(struct mica_pol *p) { body; }
M(m_major, p->major = 2)
M(m_name_empty, p->policy[0] = '\0')
M(m_name_unended, memset(p->policy, 'a', sizeof p->policy))
M(m_hash, p->hash = 2)
M(m_flags, p->flags = MICA_BLOB_FLAGS_KNOWN + 1)
M(m_any_and_list, p->flags = MICA_BLOB_HOSTCALL_ANY)
M(m_npeers, p->npeers = MICA_POL_MAX_PEERS + 1)
M(m_nregions, p->nregions = MICA_POL_MAX_REGIONS + 1)
M(m_nhostcalls, p->nhostcalls = MICA_POL_MAX_HOSTCALLS + 1)
M(m_rpv_len, p->rpv_len = MICA_POL_RPV_MAX + 1)
M(m_hc_reversed, p->hostcall[0][0] = 0x20)
M(m_hc_touch, p->hostcall[1][0] = 0x20)
M(m_hc_overlap, p->hostcall[1][0] = 0x15)
M(m_kind, p->region[1].kind = 2)
M(m_granules_0, p->region[1].granules = 0)
M(m_granules_big, p->region[1].granules = HALF + 1)
M(m_nparts_0, p->region[1].nparts = 0)
M(m_nparts_big, p->region[1].nparts = MICA_POL_MAX_PARTS + 1)
M(m_rights_0, p->region[0].part[0].rights = 0)
M(m_rights_4, p->region[0].part[2].rights = 4)
M(m_who_peer, p->region[0].part[2].who = 3)
M(m_who_neg, p->region[1].part[1].who = -3)
M(m_host_protected, part(&p->region[0].part[2], MICA_WHO_HOST, 1, 0, 0))
M(m_ipa_half, p->region[0].part[0].ipa = HALF)
M(m_window_end, p->region[0].part[0].ipa = HALF - 3)
M(m_limit_0, p->region[1].part[1].limit = 0)
M(m_repeat, p->region[0].part[2].who = MICA_WHO_SELF)
M(m_realm_order, p->region[0].part[0].who = 2; p->region[0].part[2].who = 1)
M(m_class_order, part(&p->region[1].part[1], MICA_WHO_HOST, 1, 0, 0);
  part(&p->region[1].part[2], MICA_WHO_ANY, 1, 0x40, 1))
M(m_self_elsewhere, p->region[1].self = 1)
M(m_self_out, p->region[1].self = 3)
M(m_no_self, p->region[0].nparts = 1; p->region[0].self = 1)
M(m_region_order, p->region[0].kind = 1)
M(m_overlap, p->region[0].kind = 1; p->region[1].part[0].ipa = 0x12)
M(m_unused_peer, p->npeers = 3; memset(p->peers[2], 0x44, 32))

static const mutation mutations[] = {
	{ "major", m_major, MICA_POL_RULE_MAJOR, 0, 0 },
	{ "name empty", m_name_empty, MICA_POL_RULE_NAME, 0, 0 },
	{ "name unended", m_name_unended, MICA_POL_RULE_NAME, 0, 0 },
	{ "hash", m_hash, MICA_POL_RULE_SCALARS, 0, 0 },
	{ "flags", m_flags, MICA_POL_RULE_SCALARS, 0, 0 },
	{ "any and a list", m_any_and_list, MICA_POL_RULE_SCALARS, 0, 0 },
	{ "npeers", m_npeers, MICA_POL_RULE_SCALARS, 0, 0 },
	{ "nregions", m_nregions, MICA_POL_RULE_SCALARS, 0, 0 },
	{ "nhostcalls", m_nhostcalls, MICA_POL_RULE_SCALARS, 0, 0 },
	{ "rpv_len", m_rpv_len, MICA_POL_RULE_SCALARS, 0, 0 },
	{ "host calls reversed", m_hc_reversed, MICA_POL_RULE_HOSTCALL, 0, 0 },
	{ "host calls touch", m_hc_touch, MICA_POL_RULE_HOSTCALL, 1, 0 },
	{ "host calls overlap", m_hc_overlap, MICA_POL_RULE_HOSTCALL, 1, 0 },
	{ "kind", m_kind, MICA_POL_RULE_REGION, 1, 0 },
	{ "granules 0", m_granules_0, MICA_POL_RULE_REGION, 1, 0 },
	{ "granules past half", m_granules_big, MICA_POL_RULE_REGION, 1, 0 },
	{ "no participant", m_nparts_0, MICA_POL_RULE_REGION, 1, 0 },
	{ "too many participants", m_nparts_big, MICA_POL_RULE_REGION, 1, 0 },
	{ "rights 0", m_rights_0, MICA_POL_RULE_PART, 0, 0 },
	{ "rights 4", m_rights_4, MICA_POL_RULE_PART, 0, 2 },
	{ "who past the peers", m_who_peer, MICA_POL_RULE_PART, 0, 2 },
	{ "who -3", m_who_neg, MICA_POL_RULE_PART, 1, 1 },
	{ "host in protected", m_host_protected, MICA_POL_RULE_PART, 0, 2 },
	{ "window at half", m_ipa_half, MICA_POL_RULE_PART, 0, 0 },
	{ "window past half", m_window_end, MICA_POL_RULE_PART, 0, 0 },
	{ "any without limit", m_limit_0, MICA_POL_RULE_PART, 1, 1 },
	{ "self twice", m_repeat, MICA_POL_RULE_REPEAT, 0, 2 },
	{ "realms out of order", m_realm_order, MICA_POL_RULE_PART_ORDER, 0, 1 },
	{ "host before any", m_class_order, MICA_POL_RULE_PART_ORDER, 1, 2 },
	{ "self names any", m_self_elsewhere, MICA_POL_RULE_NO_SELF, 1, 0 },
	{ "self past nparts", m_self_out, MICA_POL_RULE_NO_SELF, 1, 0 },
	{ "no self", m_no_self, MICA_POL_RULE_NO_SELF, 0, 0 },
	{ "regions descend", m_region_order, MICA_POL_RULE_REGION_ORDER, 1, 0 },
	{ "regions overlap", m_overlap, MICA_POL_RULE_OVERLAP, 1, 0 },
	{ "peer unused", m_unused_peer, MICA_POL_RULE_UNUSED_PEER, 2, 0 },
};

START_TEST(accepts_sound)
{
	struct mica_pol p;
	struct mica_pol_fault f = { MICA_POL_RULE_OK, 7, 7 };

	sound(&p);
	ck_assert_int_eq(mica_pol_check(&p, &f), 0);
	/* Untouched on success. */
	ck_assert_int_eq(f.rule, MICA_POL_RULE_OK);
	ck_assert_uint_eq(f.i, 7);
}
END_TEST

START_TEST(refuses_each_rule)
{
	const mutation *m = &mutations[_i];
	struct mica_pol p, before;
	struct mica_pol_fault f = { MICA_POL_RULE_OK, 99, 99 };

	sound(&p);
	m->apply(&p);
	before = p;
	ck_assert_msg(mica_pol_check(&p, &f) == -1, "%s: accepted", m->name);
	ck_assert_msg(f.rule == m->rule && f.i == m->i && f.k == m->k,
		      "%s: rule %d at %u, %u; expected %d at %u, %u", m->name,
		      f.rule, f.i, f.k, m->rule, m->i, m->k);
	/* Reads only. */
	ck_assert(memcmp(&p, &before, sizeof p) == 0);
}
END_TEST

/* The window of every region ends exactly at its half's end: still
 * sound. One more granule is not (m_window_end checks the other side). */
START_TEST(accepts_window_at_end)
{
	struct mica_pol p;
	struct mica_pol_fault f;

	sound(&p);
	p.region[0].part[0].ipa = HALF - 4;
	ck_assert_int_eq(mica_pol_check(&p, &f), 0);
	p.region[1].part[0].ipa = HALF - 2;
	p.region[1].part[1].ipa = HALF - 2;
	ck_assert_int_eq(mica_pol_check(&p, &f), 0);
	p.region[1].part[1].ipa = HALF - 1;
	ck_assert_int_eq(mica_pol_check(&p, &f), -1);
	ck_assert_int_eq(f.rule, MICA_POL_RULE_PART);
}
END_TEST

/* Random bytes: every index the validator uses is checked first, so
 * none reads outside the struct (the sanitizer build would stop), and
 * a random struct is refused. Then random structs with the sound one's
 * counts and indices, so that the checks past the first few are
 * reached too. */
START_TEST(survives_random)
{
	struct mica_pol p, q;
	struct mica_pol_fault f;
	unsigned accepted = 0;

	srand(14);
	for (int n = 0; n < 20000; n++) {
		uint8_t *b = (uint8_t *)&p;

		for (size_t j = 0; j < sizeof p; j++)
			b[j] = (uint8_t)rand();
		mt_require(mica_pol_check(&p, &f) == -1,
			   "random struct %d accepted", n);
		sound(&q);
		b = (uint8_t *)&q.region[rand() % 2];
		b[rand() % sizeof q.region[0]] ^= (uint8_t)(1u << rand() % 8);
		if (mica_pol_check(&q, &f) == 0)
			accepted++;
		else
			mt_require(f.rule >= MICA_POL_RULE_REGION &&
				   f.rule <= MICA_POL_RULE_UNUSED_PEER,
				   "a region's bit refused as rule %d", f.rule);
	}
	/* Some flips are harmless (reserved bytes, a rights bit from 1 to
	 * 3, an unused participant slot): both outcomes were seen. */
	ck_assert_uint_gt(accepted, 0);
	ck_assert_uint_lt(accepted, 20000);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("pol_check");
	TCase *t = tcase_create("rules");

	tcase_add_test(t, accepts_sound);
	tcase_add_loop_test(t, refuses_each_rule, 0,
			    sizeof mutations / sizeof *mutations);
	tcase_add_test(t, accepts_window_at_end);
	tcase_add_test(t, survives_random);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return mt_run(suite());
}
