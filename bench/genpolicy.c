/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * genpolicy.c -- write a large, valid .mica policy for the benchmarks.
 *
 *   genpolicy N [SEED] > file.mica
 *
 * The policy has N realms and about 3N regions. Realms come in small
 * workflows, the shape of the examples: a trusted gateway that owns the
 * network buffers and host calls, two to four distrustful workers chained
 * by protected regions, and now and then an untrusted telemetry Realm
 * that sees only what the gateway hands it. So the file is not only
 * syntactically valid but passes `micac check` with no error or warning:
 * no distrustful Realm maps unprotected memory, makes host exits or
 * writes anything an untrusted Realm reads.
 *
 *   genpolicy --random N [SEED] > file.mica
 *
 * The checker benchmark's policy: N realms and about 3N regions wired at
 * random across the whole file. Each region has two or three participants
 * drawn uniformly from all N realms with random rights; about one region
 * in seven is unprotected (the host reads and writes it, sometimes says
 * so with a `host:` line), some admit `any ... limit`. About 20% of the
 * realms are trusted, 5% untrusted, the rest distrustful (a few of them
 * not strict), and allow lines are scattered at random. So the flow graph
 * is one big connected graph and most distrustful realms leak: the file
 * has many flow errors (and warnings for regions nobody reads or writes),
 * but no other error.
 *
 * Every Realm has its own IPA map: protected windows from 4 GiB up,
 * unprotected ones from 2^47 up, all 4 KiB aligned and never overlapping
 * within one Realm. Output is a function of the mode, N and SEED only.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROT_BASE   UINT64_C(0x100000000)      /* 4 GiB */
#define UNPROT_BASE (UINT64_C(1) << 47)
#define IPA_LIMIT   (UINT64_C(1) << 48)
#define GRANULE     UINT64_C(4096)
#define MAX_GROUP   6

static uint64_t rng_state;

/* splitmix64: small, fast, and the same on every platform. */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in [0, n); n is small, so the modulo bias does not matter. */
static unsigned pick(unsigned n)
{
	return (unsigned)(rnd() % n);
}

/* True with probability pct percent. */
static int chance(unsigned pct)
{
	return pick(100) < pct;
}

typedef struct realm {
	unsigned id;
	uint64_t prot_next;      /* next free protected IPA */
	uint64_t unprot_next;    /* next free unprotected IPA */
} realm;

static realm group[MAX_GROUP];
static unsigned next_region;
static unsigned long regions_written;

static void die(const char *msg)
{
	fprintf(stderr, "genpolicy: %s\n", msg);
	exit(2);
}

/* Writes an integer the way people write IPAs: hex, and for long values
 * with `_` between groups of four digits now and then. */
static void put_hex(uint64_t v)
{
	char digits[17];
	int n, i;

	n = snprintf(digits, sizeof digits, "%" PRIx64, v);
	if (n <= 4 || chance(50)) {
		printf("0x%s", digits);
		return;
	}
	fputs("0x", stdout);
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 4 == 0)
			putchar('_');
		putchar(digits[i]);
	}
}

/* Picks a region size, writes it (hex, decimal or with a unit) and
 * returns it in bytes. */
static uint64_t emit_size(void)
{
	static const uint64_t sizes[] = {
		4096, 8192, 16384, 65536, 131072, 262144, 524288,
		1048576, 2097152, 4194304, 12288, 24576,
	};
	uint64_t s = sizes[pick(sizeof sizes / sizeof sizes[0])];

	switch (pick(4)) {
	case 0:                 /* plain bytes, hex */
		put_hex(s);
		break;
	case 1:                 /* plain bytes, decimal */
		printf("%" PRIu64, s);
		break;
	default:                /* with a unit */
		if (s >= 1048576 && s % 1048576 == 0)
			printf("%" PRIu64 " MiB", s >> 20);
		else
			printf("%" PRIu64 " KiB", s >> 10);
		break;
	}
	return s;
}

/* Reserves a window of size bytes in r's map and returns its IPA. */
static uint64_t place(realm *r, int unprotected, uint64_t size)
{
	uint64_t *next = unprotected ? &r->unprot_next : &r->prot_next;
	uint64_t limit = unprotected ? IPA_LIMIT : UNPROT_BASE;
	uint64_t ipa = *next;

	/* Leave a guard gap of 0-15 granules, and keep 2 MiB windows
	 * 2 MiB aligned as a loader would. */
	if (size >= 2097152)
		ipa = (ipa + 2097151) & ~UINT64_C(2097151);
	if (ipa + size > limit)
		die("IPA space exhausted");
	*next = ipa + size + GRANULE * pick(16);
	return ipa;
}

static const char *const rights_text[] = { "r", "w", "rw" };

/* One access line: `  rNAME: RIGHTS @ IPA;`. */
static void access_line(realm *r, const char *rights, int unprotected,
			uint64_t size)
{
	printf("  r%u: %s @ ", r->id, rights);
	put_hex(place(r, unprotected, size));
	fputs(";\n", stdout);
}

/* Starts a region; returns its size. */
static uint64_t region_open(const char *comment, int unprotected)
{
	uint64_t size;

	if (comment)
		printf("// %s\n", comment);
	printf("region reg%u : %s, ", next_region++,
	       unprotected ? "unprotected" : "protected");
	size = emit_size();
	fputs(" {\n", stdout);
	regions_written++;
	return size;
}

static void region_close(void)
{
	fputs("}\n", stdout);
}

static void put_digest(void)
{
	int i;

	fputs("sha256:", stdout);
	for (i = 0; i < 4; i++)
		printf("%016" PRIx64, rnd());
}

static void put_rpv(void)
{
	unsigned i, n = 16 + 16 * pick(2);   /* 16 or 32 bytes */

	fputs("hex:", stdout);
	for (i = 0; i < n; i++)
		printf("%02x", (unsigned)(rnd() & 0xff));
}

enum role { GATEWAY, WORKER, TELEMETRY };

typedef enum { GEN_TRUSTED, GEN_DISTRUSTFUL, GEN_UNTRUSTED } gen_trust;

static void realm_decl(const realm *r, enum role role)
{
	int oneline = role == WORKER && chance(40);

	printf("realm r%u {%s", r->id, oneline ? " " : "\n");
	if (!oneline)
		fputs("  ", stdout);
	fputs("measurement = ", stdout);
	put_digest();
	fputs(oneline ? "; }\n" : ";\n", stdout);
	if (oneline)
		return;
	switch (role) {
	case GATEWAY:
		fputs("  trust = trusted;\n", stdout);
		if (chance(20))
			fputs("  strict = false;   // legacy virtio stack\n",
			      stdout);
		break;
	case WORKER:
		if (chance(50))
			fputs("  trust = distrustful;\n", stdout);
		if (chance(30))
			fputs("  strict = true;\n", stdout);
		break;
	case TELEMETRY:
		fputs("  trust = untrusted;\n", stdout);
		if (chance(50))
			fputs("  strict = false;\n", stdout);
		break;
	}
	if (chance(25)) {
		fputs("  rpv = ", stdout);
		put_rpv();
		fputs(";\n", stdout);
	}
	fputs("}\n", stdout);
}

static const char *const worker_kinds[] = {
	"decoder", "classifier", "tokenizer", "embedder", "ranker",
	"transcoder", "scanner", "model shard", "feature extractor",
};

/* One workflow: realms [first, first + n), n >= 1. */
static void workflow(unsigned first, unsigned n, unsigned wf)
{
	unsigned workers, i, gw = 0;
	int telem = 0;
	realm *g, *t = NULL;
	uint64_t size;

	for (i = 0; i < n; i++) {
		group[i].id = first + i;
		group[i].prot_next = PROT_BASE + GRANULE * 16 * pick(4096);
		group[i].unprot_next = UNPROT_BASE + GRANULE * 16 * pick(4096);
	}
	/* A telemetry Realm only in groups that have room for one. */
	if (n >= 4 && chance(30))
		telem = 1;
	workers = n - 1 - (unsigned)telem;
	g = &group[gw];
	if (telem)
		t = &group[n - 1];

	printf("\n// ---- workflow %u: gateway r%u", wf, g->id);
	if (workers)
		printf(", %u worker%s (r%u..r%u)", workers,
		       workers == 1 ? "" : "s", group[1].id,
		       group[workers].id);
	if (telem)
		printf(", telemetry r%u", t->id);
	fputs(" ----\n", stdout);

	/* Realms. */
	printf("// r%u terminates TLS and is the only Realm that talks to "
	       "the network.\n", g->id);
	realm_decl(g, GATEWAY);
	for (i = 1; i <= workers; i++) {
		if (chance(50))
			printf("// r%u: %s, stage %u of the pipeline\n",
			       group[i].id, worker_kinds[pick(9)], i);
		realm_decl(&group[i], WORKER);
	}
	if (telem) {
		printf("// r%u: vendor telemetry agent; sees only counters "
		       "the gateway exports\n", t->id);
		realm_decl(t, TELEMETRY);
	}

	/* The gateway's network buffers. */
	size = region_open(chance(50) ? "network buffers: TLS records only"
				      : NULL, 1);
	access_line(g, "rw", 1, size);
	fputs("  host: rw;\n", stdout);
	if (chance(15)) {
		printf("  any: r @ ");
		put_hex(UNPROT_BASE + GRANULE * 256 * (1 + pick(1024)));
		printf(" limit %u;\n", 1 + pick(8));
	}
	region_close();
	size = region_open(NULL, 1);
	access_line(g, chance(50) ? "w" : "rw", 1, size);
	fputs("  host: r;\n", stdout);
	region_close();

	/* The pipeline: stage i reads from stage i-1 (the gateway for the
	 * first) and the last stage writes back to the gateway. */
	for (i = 1; i <= workers; i++) {
		realm *prev = &group[i - 1], *w = &group[i];
		realm *next = i < workers ? &group[i + 1] : g;

		size = region_open(chance(30) ? "input of the next stage"
					      : NULL, 0);
		access_line(prev, "w", 0, size);
		access_line(w, "r", 0, size);
		if (prev != g && chance(50))
			access_line(g, "r", 0, size);   /* audit copy */
		region_close();

		/* Scratch shared with the next stage. */
		size = region_open(NULL, 0);
		access_line(w, chance(50) ? "rw" : "w", 0, size);
		access_line(next, "r", 0, size);
		region_close();

		/* Results the gateway collects, maybe with a peer. */
		size = region_open(chance(30) ? "results, collected by the "
						"gateway" : NULL, 0);
		access_line(w, "w", 0, size);
		access_line(g, "r", 0, size);
		if (next != g && chance(50))
			access_line(next, rights_text[pick(2) * 2], 0, size);
		region_close();
	}
	if (!workers) {
		/* A lone gateway still keeps a private protected log. */
		size = region_open(NULL, 0);
		access_line(g, "rw", 0, size);
		fputs("  any: r @ ", stdout);
		put_hex(PROT_BASE + GRANULE * 256 * (1 + pick(1024)));
		printf(" limit %u;\n", 1 + pick(4));
		region_close();
	}
	if (telem) {
		size = region_open("counters for the vendor", 0);
		access_line(g, "w", 0, size);
		access_line(t, "r", 0, size);
		region_close();
		size = region_open(NULL, 1);
		access_line(t, "rw", 1, size);
		fputs("  host: rw;\n", stdout);
		region_close();
		size = region_open(NULL, 0);
		access_line(t, "w", 0, size);
		access_line(g, "r", 0, size);
		region_close();
	}

	/* Transfers: only the gateway and the telemetry Realm exit. */
	printf("allow r%u hostcall 0x10..0x1f", g->id);
	if (chance(50))
		printf(", 0x%x", 0x40 + pick(0x40));
	if (chance(30))
		printf(", %u", 256 + pick(1000));
	fputs(";\n", stdout);
	if (chance(40))
		printf("allow r%u psci;\n", g->id);
	if (chance(20))
		printf("allow r%u mmio;\n", g->id);
	if (telem)
		printf("allow r%u hostcall *;\n", t->id);
}

/* ---- --random: regions wired across the whole policy ---------------- */

/* Uniform in [0, n) for any n up to 2^32: the modulo bias of a 64-bit
 * draw is below 2^-32. */
static unsigned pick_realm(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static void random_realm_decl(const realm *r, gen_trust trust)
{
	int oneline = trust == GEN_DISTRUSTFUL && chance(30);

	printf("realm r%u {%s", r->id, oneline ? " " : "\n");
	if (!oneline)
		fputs("  ", stdout);
	fputs("measurement = ", stdout);
	put_digest();
	fputs(oneline ? "; }\n" : ";\n", stdout);
	if (oneline)
		return;
	switch (trust) {
	case GEN_TRUSTED:
		fputs("  trust = trusted;\n", stdout);
		break;
	case GEN_DISTRUSTFUL:
		if (chance(50))
			fputs("  trust = distrustful;\n", stdout);
		break;
	case GEN_UNTRUSTED:
		fputs("  trust = untrusted;\n", stdout);
		break;
	}
	/* A few non-strict realms: an exit edge to the host and back. */
	if (chance(4))
		fputs("  strict = false;\n", stdout);
	else if (chance(20))
		fputs("  strict = true;\n", stdout);
	if (chance(25)) {
		fputs("  rpv = ", stdout);
		put_rpv();
		fputs(";\n", stdout);
	}
	fputs("}\n", stdout);
}

/* One region with 2-3 participants drawn from all n realms. */
static void random_region(realm *all, unsigned n)
{
	static const char *const rights[] = { "r", "r", "w", "w", "rw" };
	unsigned who[3], k, np = 2 + (unsigned)chance(50), i, j;
	int unprotected = chance(15);
	uint64_t size;

	if (np > n)
		np = n;
	for (k = 0; k < np; k++) {      /* distinct participants */
		do {
			who[k] = pick_realm(n);
			for (j = 0; j < k && who[j] != who[k]; j++)
				;
		} while (j < k);
	}
	size = region_open(NULL, unprotected);
	for (i = 0; i < np; i++)
		access_line(&all[who[i]], rights[pick(5)], unprotected, size);
	if (unprotected && chance(60))
		printf("  host: %s;\n", rights_text[pick(3)]);
	if (chance(5)) {
		printf("  any: %s @ ", rights[pick(5)]);
		put_hex((unprotected ? UNPROT_BASE : PROT_BASE) +
			GRANULE * 1024 * (1 + pick(1024)));
		printf(" limit %u;\n", 1 + pick(8));
	}
	region_close();
}

/* Allow lines of realm r: trusted realms are the usual gateways. */
static void random_allows(const realm *r, gen_trust trust)
{
	if (chance(trust == GEN_TRUSTED ? 50 : 4)) {
		if (chance(10)) {
			printf("allow r%u hostcall *;\n", r->id);
		} else {
			unsigned lo = 0x10 * pick(16);
			printf("allow r%u hostcall 0x%x..0x%x", r->id, lo,
			       lo + pick(16));
			if (chance(40))
				printf(", %u", 256 + pick(1000));
			fputs(";\n", stdout);
		}
	}
	if (chance(trust == GEN_TRUSTED ? 20 : 2))
		printf("allow r%u psci;\n", r->id);
	if (chance(trust == GEN_TRUSTED ? 10 : 1))
		printf("allow r%u mmio;\n", r->id);
}

static void random_policy(unsigned n, unsigned long long seed)
{
	realm *all = calloc(n, sizeof *all);
	unsigned i, k, nreg;

	if (!all)
		die("out of memory");
	for (i = 0; i < n; i++) {
		all[i].id = i;
		all[i].prot_next = PROT_BASE + GRANULE * 16 * pick(4096);
		all[i].unprot_next = UNPROT_BASE + GRANULE * 16 * pick(4096);
	}
	printf("// rand_%u.mica -- generated by bench/genpolicy --random %u "
	       "%llu.\n"
	       "//\n"
	       "// Realms: %u; regions wired at random across the whole "
	       "policy,\n"
	       "// so most distrustful realms leak. Every Realm has its own "
	       "IPA map.\n"
	       "\n"
	       "policy rand_%u version 1;\n"
	       "hash sha256;\n", n, n, seed, n, n);
	/* Each realm is followed by about three regions (2-4) and its
	 * allows; regions name realms declared before and after them. */
	for (i = 0; i < n; i++) {
		unsigned t = pick(100);
		gen_trust trust = t < 20 ? GEN_TRUSTED :
				  t < 25 ? GEN_UNTRUSTED : GEN_DISTRUSTFUL;

		putchar('\n');
		random_realm_decl(&all[i], trust);
		nreg = 2 + pick(3);
		for (k = 0; k < nreg; k++)
			random_region(all, n);
		random_allows(&all[i], trust);
	}
	printf("\n// end: %u realms, %lu regions\n", n, regions_written);
	free(all);
}

/* The default mode: small workflows, a clean policy. */
static void workflow_policy(unsigned long long n, unsigned long long seed)
{
	unsigned first = 0, wf = 0;

	printf("// bench_%llu.mica -- generated by bench/genpolicy %llu %llu.\n"
	       "//\n"
	       "// Realms: %llu, in small workflows: each a trusted gateway, a\n"
	       "// pipeline of distrustful workers and sometimes an untrusted\n"
	       "// telemetry Realm. Every Realm has its own IPA map.\n"
	       "\n"
	       "policy bench_%llu version 1;\n"
	       "hash sha256;\n", n, n, seed, n, n);
	while (first < n) {
		unsigned left = (unsigned)n - first;
		unsigned size = 3 + pick(3);            /* 3..5 realms */

		if (size > left)
			size = left;
		workflow(first, size, wf++);
		first += size;
	}
	printf("\n// end: %llu realms, %lu regions\n", n, regions_written);
}

int main(int argc, char **argv)
{
	unsigned long long n, seed = 1;
	int random_mode = 0;
	char *end;

	if (argc >= 2 && strcmp(argv[1], "--random") == 0) {
		random_mode = 1;
		argv++;
		argc--;
	}
	if (argc < 2 || argc > 3) {
		fputs("usage: genpolicy [--random] N [SEED] > file.mica\n",
		      stderr);
		return 2;
	}
	errno = 0;
	n = strtoull(argv[1], &end, 10);
	if (errno || *end || n == 0 || n > 10000000)
		die("N must be a number of realms, 1..10000000");
	if (argc == 3) {
		seed = strtoull(argv[2], &end, 0);
		if (errno || *end)
			die("SEED must be a number");
	}
	rng_state = seed;
	if (random_mode)
		random_policy((unsigned)n, seed);
	else
		workflow_policy(n, seed);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("genpolicy: stdout");
		return 2;
	}
	return 0;
}
