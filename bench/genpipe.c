/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * genpipe.c -- write a small random pipeline policy, the kind a tenant
 * writes, for the property test of `mica-fvp run` (tests/fvp/property.sh)
 * and its benchmark (bench/fvpprop.sh).
 *
 *   genpipe SEED > file.mica
 *
 * 1 to 8 Realms: endpoints (trusted Realms with unprotected windows to
 * read and write: one rw window, or a read-only and a write-only one,
 * of 4 KiB to 256 KiB, now and then one region shared by two of them),
 * or none at all (the tenant then talks to the entry Realm through the
 * model's mailbox); stages (distrustful, or trusted without a channel)
 * and untrusted sinks. Each stage reads a region that an endpoint or an
 * earlier stage writes, and writes one that a later stage or an
 * endpoint reads, so every stage is reached and what it writes can come
 * back; on top of that, at random: more readers and writers per region
 * (shared slots), writes back to earlier stages (cycles), rw rights,
 * `any` lines, sinks fed by trusted Realms, host: lines, allow lines,
 * strict = false, SHA-512, regions of 4 KiB to 1 MiB. About one policy
 * in ten also takes a risk that makes it leak (a distrustful Realm
 * with an exit, unprotected memory it writes, or a sink it feeds), so
 * that `micac check` has something to refuse.
 *
 * The first line says what the policy exercises:
 *   // genpipe SEED: realms=N endpoints=E mailbox=M shared=S cycle=C
 *   //   small=W split=P sharednic=H sink=K any=A sha512=X risky=R
 * (one line). Output is a function of SEED only.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXR 8
#define MAXG 32
#define PROT_BASE UINT64_C(0x100000000)
#define UNPROT_BASE (UINT64_C(1) << 47)
#define GRANULE UINT64_C(4096)

static uint64_t rng_state;

static uint64_t rnd(void)   /* splitmix64 */
{
	uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static unsigned pick(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static int chance(unsigned pct)
{
	return pick(100) < pct;
}

enum kind { ENDPOINT, STAGE, TSTAGE, SINK };

struct realm {
	enum kind kind;
	char name[16];
	uint64_t prot, unprot;      /* next free IPAs */
	int lax;                    /* strict = false */
};

struct access {
	int realm;                  /* -1: any, -2: host */
	unsigned rights;            /* 1 r, 2 w, 3 rw */
};

struct region {
	int unprotected;
	uint64_t size;
	unsigned n;
	struct access a[6];
};

static struct realm R[MAXR];
static struct region G[MAXG];
static unsigned nr, ng;
static struct { unsigned shared, cycle, small, split, sharednic, sink, any,
		risky; } feat;

static uint64_t place(struct realm *r, int unprotected, uint64_t size)
{
	uint64_t *next = unprotected ? &r->unprot : &r->prot, ipa = *next;

	*next = ipa + size + GRANULE * pick(4);
	return ipa;
}

static unsigned region(int unprotected, uint64_t size)
{
	G[ng].unprotected = unprotected;
	G[ng].size = size;
	G[ng].n = 0;
	return ng++;
}

/* Adds (or widens) realm i's access to region g. */
static void grant(unsigned g, int i, unsigned rights)
{
	struct region *rg = &G[g];

	for (unsigned k = 0; k < rg->n; k++)
		if (rg->a[k].realm == i) {
			rg->a[k].rights |= rights;
			return;
		}
	if (rg->n < 6)
		rg->a[rg->n++] = (struct access){ i, rights };
}

static uint64_t prot_size(void)
{
	static const uint64_t s[] = { 4096, 4096, 8192, 12288, 16384, 65536,
				      262144, 1048576 };
	uint64_t v = s[pick(sizeof s / sizeof s[0])];

	feat.small += v == 4096;
	return v;
}

/* A new protected region from writer w to reader r. */
static unsigned link_regions(int w, int r)
{
	unsigned g = region(0, prot_size());

	grant(g, w, 2);
	grant(g, r, 1);
	return g;
}

static int is_trusted(int i)
{
	return R[i].kind == ENDPOINT || R[i].kind == TSTAGE;
}

static void build(void)
{
	unsigned ne;
	int stages[MAXR], ns = 0, ends[MAXR], nend = 0;

	nr = 1 + pick(MAXR);
	ne = chance(12) ? 0 : 1 + pick(nr < 3 ? nr : 3);
	for (unsigned i = 0; i < nr; i++) {
		struct realm *r = &R[i];

		r->prot = PROT_BASE + GRANULE * 16 * pick(64);
		r->unprot = UNPROT_BASE + GRANULE * 16 * pick(64);
		if (i < ne)
			r->kind = ENDPOINT;
		else if (ne == 0 && i == 0)
			r->kind = TSTAGE;   /* the mailbox entry */
		else
			r->kind = chance(15) ? SINK : chance(20) ? TSTAGE : STAGE;
		snprintf(r->name, sizeof r->name, "%s%u",
			 r->kind == ENDPOINT ? "ep" : r->kind == SINK ? "sink" :
			 r->kind == TSTAGE ? "tr" : "st", i);
		r->lax = is_trusted((int)i) && chance(10);
		if (r->kind == ENDPOINT || (ne == 0 && i == 0))
			ends[nend++] = (int)i;
		else if (r->kind != SINK)
			stages[ns++] = (int)i;
	}
	feat.sharednic = ne >= 2 && chance(15);
	for (unsigned i = 0; i < ne; i++) {
		static const uint64_t s[] = { 4096, 8192, 16384, 65536, 262144 };
		uint64_t size = s[pick(5)];

		feat.small += size == 4096;
		if (feat.sharednic && i == 1) {
			grant(ng - 1, (int)i, 3);
		} else if (chance(25)) {
			feat.split++;
			grant(region(1, size), (int)i, 1);
			grant(region(1, size), (int)i, 2);
		} else {
			grant(region(1, size), (int)i, 3);
		}
	}
	/* The chain: each stage fed by an end or an earlier stage, and
	 * feeding a later stage or an end. */
	for (int k = 0; k < ns; k++) {
		int s = stages[k];
		int from = k == 0 || chance(40) ? ends[pick(nend)]
						 : stages[pick((unsigned)k)];
		int to = k + 1 < ns && chance(60)
			 ? stages[k + 1 + (int)pick((unsigned)(ns - k - 1))]
			 : ends[pick(nend)];

		link_regions(from, s);
		link_regions(s, to);
	}
	/* Extras. */
	for (unsigned x = ng ? pick(6) : 0; x > 0 && ng < MAXG - 4; x--) {
		unsigned g = pick(ng);
		int i = (int)pick(nr);

		if (G[g].unprotected || R[i].kind == SINK)
			continue;
		switch (pick(4)) {
		case 0:                 /* another reader */
			grant(g, i, 1);
			break;
		case 1:                 /* another writer: shared slots */
			if (R[i].kind == ENDPOINT || ns == 0)
				break;
			grant(g, i, 2);
			feat.shared++;
			break;
		case 2:                 /* rw */
			grant(g, i, 3);
			break;
		default:                /* a cycle between two stages */
			if (ns >= 2) {
				int a = stages[pick((unsigned)ns)],
				    b = stages[pick((unsigned)ns)];

				if (a != b) {
					link_regions(a, b);
					link_regions(b, a);
					feat.cycle++;
				}
			}
			break;
		}
	}
	/* Sinks: fed by a trusted Realm, sometimes answering one. */
	for (unsigned i = 0; i < nr; i++) {
		int t = ends[pick(nend)];

		if (R[i].kind != SINK)
			continue;
		feat.sink++;
		link_regions(t, (int)i);
		if (chance(40))
			link_regions((int)i, t);
	}
	if (chance(15) && ng < MAXG) {
		/* Released to Realms of other policies, or fed by them. */
		int release = chance(50);
		unsigned g = region(0, prot_size());

		grant(g, ends[pick(nend)], release ? 2 : 1);
		grant(g, -1, release ? 1 : 2);
		feat.any++;
	}
	if (chance(20) && ns > 0) {
		int s = stages[pick((unsigned)ns)];

		feat.risky++;
		switch (pick(3)) {
		case 0: R[s].lax = 1; break;
		case 1: grant(region(1, 8192), s, 2); break;
		default:
			for (unsigned i = 0; i < nr; i++)
				if (R[i].kind == SINK) {
					link_regions(s, (int)i);
					break;
				}
			R[s].lax = 1;
			break;
		}
	}
}

static void put_ipa(uint64_t v)
{
	printf("0x%" PRIx64, v);
}

static void write_policy(unsigned long long seed)
{
	int sha512 = chance(20);

	unsigned ne = 0;

	for (unsigned i = 0; i < nr; i++)
		ne += R[i].kind == ENDPOINT;
	printf("// genpipe %llu: realms=%u endpoints=%u mailbox=%d shared=%u "
	       "cycle=%u small=%u split=%u sharednic=%u sink=%u any=%u "
	       "sha512=%d risky=%u\n", seed, nr, ne,
	       ne == 0, feat.shared, feat.cycle, feat.small,
	       feat.split, feat.sharednic, feat.sink, feat.any, sha512,
	       feat.risky);
	printf("policy pipe%llu version %u;\n", seed, 1 + pick(9));
	if (sha512 || chance(30))
		printf("hash %s;\n", sha512 ? "sha512" : "sha256");
	for (unsigned i = 0; i < nr; i++) {
		printf("realm %s {\n  measurement = %s:", R[i].name,
		       sha512 ? "sha512" : "sha256");
		for (unsigned k = 0; k < (sha512 ? 8u : 4u); k++)
			printf("%016" PRIx64, rnd());
		printf(";\n");
		if (is_trusted((int)i))
			printf("  trust = trusted;\n");
		else if (R[i].kind == SINK)
			printf("  trust = untrusted;\n");
		if (R[i].lax)
			printf("  strict = false;\n");
		printf("}\n");
	}
	for (unsigned g = 0; g < ng; g++) {
		struct region *rg = &G[g];

		printf("region %s%u : %s, %" PRIu64 " KiB {\n",
		       rg->unprotected ? "net" : "reg", g,
		       rg->unprotected ? "unprotected" : "protected",
		       rg->size / 1024);
		for (unsigned k = 0; k < rg->n; k++) {
			static const char *const rt[] = { "", "r", "w", "rw" };
			struct access *a = &rg->a[k];

			if (a->realm == -1) {
				printf("  any: %s @ ", rt[a->rights]);
				put_ipa(PROT_BASE * 64 + GRANULE * 256 * pick(64));
				printf(" limit %u;\n", 1 + pick(4));
				continue;
			}
			printf("  %s: %s @ ", R[a->realm].name, rt[a->rights]);
			put_ipa(place(&R[a->realm], rg->unprotected, rg->size));
			printf(";\n");
		}
		if (rg->unprotected && chance(60))
			printf("  host: rw;\n");
		printf("}\n");
	}
	for (unsigned i = 0; i < nr; i++) {
		if (!is_trusted((int)i) && !(feat.risky && R[i].lax))
			continue;
		if (chance(40))
			printf("allow %s hostcall 0x%x..0x%x;\n", R[i].name,
			       0x10 * pick(8), 0x10 * pick(8) + 0x8F);
		if (chance(15))
			printf("allow %s psci;\n", R[i].name);
		if (chance(10))
			printf("allow %s mmio;\n", R[i].name);
		if (chance(5))
			printf("allow %s ripas;\n", R[i].name);
	}
}

int main(int argc, char **argv)
{
	unsigned long long seed;
	char *end;

	if (argc != 2 || (seed = strtoull(argv[1], &end, 0), *end != 0)) {
		fputs("usage: genpipe SEED > file.mica\n", stderr);
		return 2;
	}
	rng_state = seed * UINT64_C(0x2545F4914F6CDD1D) + 1;
	build();
	write_policy(seed);
	return fflush(stdout) == 0 ? 0 : 2;
}
