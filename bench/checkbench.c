/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * checkbench.c -- time and memory of the checker: lowering and checking.
 *
 *   checkbench FILE [MIN_SECONDS]
 *
 * Measures, in this (fresh) process:
 *   1. the baseline peak RSS, before anything is loaded;
 *   2. one parse of FILE, timed once (the parser's own benchmark is
 *      bench/parsebench); the tree stays alive for everything below;
 *   3. the first mica_lower + mica_check, with the default cap of 20
 *      errors, exactly what `micac check` runs after parsing: timed once
 *      (cold: it pays for first-touch page faults and for the source's
 *      line index, built for the first diagnostic), and the RSS it adds
 *      over the parsed state: its high-water mark minus the RSS before
 *      it (the mark is reset through /proc/self/clear_refs, so the
 *      parse's own transient peak does not hide it; without /proc, the
 *      growth of ru_maxrss is used);
 *   4. repeated rounds, until MIN_SECONDS (default 0.5) have passed and
 *      at least 3 times, each timing separately: mica_lower; mica_check
 *      with the cap of 20; mica_check with max_errors = 0 (unlimited:
 *      every leak's path is built and printed); mica_ir_free. The
 *      medians are printed, on the wall clock and in this thread's CPU
 *      time (the figure to trust on a loaded machine: it leaves out the
 *      time the process waits for a CPU);
 *   5. untimed: the flow graph's size, the realms that leak
 *      (mica_flow_build), and the bytes the unlimited run prints.
 * Diagnostics go to a FILE opened on /dev/null, so their formatting is
 * timed but no terminal or disk is. Each mica_check gets a copy of the
 * diagnostics state lowering left, as `micac check` chains them.
 *
 * Prints one line, fields in this order (times in ms, memory in KiB):
 *   checkbench file=F bytes=N realms=N regions=N accesses=N nodes=N
 *     edges=N leaks=N errors=N warnings=N lower_errors=N diag_bytes=N
 *     rounds=K parse_ms=X lower_ms=X check_ms=X check_unl_ms=X
 *     free_ms=X lower_check_ms=X best_lower_check_ms=X
 *     first_lower_check_ms=X cpu_parse_ms=X cpu_lower_ms=X
 *     cpu_check_ms=X cpu_check_unl_ms=X cpu_free_ms=X
 *     cpu_lower_check_ms=X cpu_first_lower_check_ms=X
 *     base_rss_kb=N parsed_rss_kb=N added_rss_kb=N peak_rss_kb=N
 * check_ms is the capped check, check_unl_ms the unlimited one;
 * lower_check_ms is the median over rounds of lower + capped check, the
 * figure to hold against a target. errors and warnings are those of the
 * unlimited run (lowering's included: lower_errors), and errors ==
 * leaks means every error is a flow error. parsed_rss_kb is ru_maxrss
 * after the parse minus the baseline; peak_rss_kb is the whole
 * process's ru_maxrss at the end of the rounds, baseline included.
 * Exits 1 if the file does not parse (there would be nothing to check),
 * 2 on usage or I/O errors.
 */
#define _GNU_SOURCE      /* fopencookie, to count the diagnostics' bytes */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <time.h>

#include "mica/ast.h"
#include "mica/diag.h"
#include "mica/flow.h"
#include "mica/ir.h"
#include "mica/source.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double seconds(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now(void)
{
	return seconds(CLOCK_MONOTONIC);
}

/* Wall time and this thread's CPU time, read together. */
typedef struct stamp {
	double wall, cpu;
} stamp;

static stamp stamp_now(void)
{
	stamp s;

	s.cpu = seconds(CLOCK_THREAD_CPUTIME_ID);
	s.wall = now();
	return s;
}

/* Peak resident set size of this process so far, in KiB (Linux). */
static long maxrss_kb(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return -1;
	return ru.ru_maxrss;
}

/* A field of /proc/self/status in KiB ("VmRSS:", "VmHWM:"), or -1. */
static long status_kb(const char *key)
{
	char line[256];
	long kb = -1;
	size_t n = strlen(key);
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, key, n) == 0) {
			kb = strtol(line + n, NULL, 10);
			break;
		}
	fclose(f);
	return kb;
}

/* Resets the RSS high-water mark to the current RSS; 0 on success. */
static int reset_hwm(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	int ok;

	if (!f)
		return -1;
	ok = fputs("5", f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

static ssize_t count_write(void *cookie, const char *buf, size_t n)
{
	(void)buf;
	*(unsigned long long *)cookie += n;
	return (ssize_t)n;
}

/* Sorts the samples and returns their median. */
static double median(double *t, unsigned n)
{
	qsort(t, n, sizeof *t, cmp_double);
	return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

static void *grow(void *p, size_t size)
{
	void *q = realloc(p, size);

	if (!q) {
		fputs("checkbench: out of memory\n", stderr);
		exit(2);
	}
	return q;
}

/* mica_check with a copy of the state lowering left in *lowered; the
 * state after it goes to *res if res is given. */
static void check_with(const mica_ir *ir, const mica_diag *lowered,
			   unsigned max_errors, FILE *out, mica_diag *res)
{
	mica_diag d = *lowered;

	d.out = out;
	d.max_errors = max_errors;
	mica_check(ir, &d);
	if (res)
		*res = d;
}

/* The first lower + check (cap 20), timed into ms[0] (wall) and ms[1]
 * (CPU). Returns the RSS it added in KiB: its high-water mark minus the
 * RSS before it, or without /proc the growth of ru_maxrss over
 * parsed_kb. */
static long first_run(const mica_ast *ast, const mica_diag *parsed,
		      FILE *out, long parsed_kb, double *ms)
{
	mica_diag d = *parsed;
	long before = status_kb("VmRSS:"), hwm;
	stamp t0, t1;
	mica_ir *ir;

	if (before < 0 || reset_hwm() != 0)
		before = -1;
	d.out = out;
	t0 = stamp_now();
	ir = mica_lower(ast, &d);
	check_with(ir, &d, MICA_MAX_ERRORS_DEFAULT, out, NULL);
	t1 = stamp_now();
	hwm = before < 0 ? -1 : status_kb("VmHWM:");
	mica_ir_free(ir);
	ms[0] = (t1.wall - t0.wall) * 1e3;
	ms[1] = (t1.cpu - t0.cpu) * 1e3;
	return hwm < 0 ? maxrss_kb() - parsed_kb : hwm - before;
}

int main(int argc, char **argv)
{
	/* Phases timed per round, each on both clocks. */
	enum { LOWER, CHECK, CHECK_UNL, FREE, SUM, NP };
	enum { WALL, CPU };
	mica_source src;
	mica_ast *ast;
	mica_ir *ir;
	mica_flow *f;
	mica_diag pd, ld, ud;
	FILE *null, *counter;
	cookie_io_functions_t io = { NULL, count_write, NULL, NULL };
	unsigned long long diag_bytes = 0;
	unsigned long accesses = 0;
	unsigned long leaks = 0;
	long base_kb, parsed_kb, added_kb, peak_kb;
	double min_secs = 0.5, start, best, med[NP][2], parse_ms[2];
	double first_ms[2];
	double *t[NP][2] = { { NULL } };
	stamp p0, p1;
	unsigned rounds = 0, cap = 0, i, k, c;
	char *end;

	if (argc < 2 || argc > 3) {
		fputs("usage: checkbench FILE [MIN_SECONDS]\n", stderr);
		return 2;
	}
	if (argc == 3) {
		min_secs = strtod(argv[2], &end);
		if (*end || !(min_secs >= 0)) {
			fputs("checkbench: bad MIN_SECONDS\n", stderr);
			return 2;
		}
	}
	null = fopen("/dev/null", "w");
	if (!null) {
		perror("checkbench: /dev/null");
		return 2;
	}

	base_kb = maxrss_kb();
	if (mica_source_load(&src, argv[1]) != 0) {
		fprintf(stderr, "checkbench: cannot read %s: %s\n", argv[1],
			strerror(errno));
		return 2;
	}
	mica_diag_init(&pd, &src, stderr);
	p0 = stamp_now();
	ast = mica_parse(&src, &pd);
	p1 = stamp_now();
	parse_ms[WALL] = (p1.wall - p0.wall) * 1e3;
	parse_ms[CPU] = (p1.cpu - p0.cpu) * 1e3;
	if (!ast || pd.errors) {
		fprintf(stderr, "checkbench: %s does not parse\n", argv[1]);
		return 1;
	}
	parsed_kb = maxrss_kb();

	/* The first lower + check (cap 20), as `micac check` runs it once:
	 * cold, so it also pays for first-touch page faults and for the
	 * source's line index, built for the first diagnostic; and the RSS
	 * it adds over the parsed state. (Measured once only: later runs
	 * reuse heap memory glibc keeps.) */
	added_kb = first_run(ast, &pd, null, parsed_kb, first_ms);

	/* Time. */
	start = now();
	do {
		stamp ts[5];

		if (rounds == cap) {
			cap = cap ? 2 * cap : 64;
			for (k = 0; k < NP; k++)
				for (c = 0; c < 2; c++)
					t[k][c] = grow(t[k][c],
						       cap * sizeof *t[k][c]);
		}
		ld = pd;
		ld.out = null;
		ts[0] = stamp_now();
		ir = mica_lower(ast, &ld);
		ts[1] = stamp_now();
		check_with(ir, &ld, MICA_MAX_ERRORS_DEFAULT, null, NULL);
		ts[2] = stamp_now();
		check_with(ir, &ld, 0, null, NULL);
		ts[3] = stamp_now();
		mica_ir_free(ir);
		ts[4] = stamp_now();
		for (k = LOWER; k <= FREE; k++) {
			t[k][WALL][rounds] = ts[k + 1].wall - ts[k].wall;
			t[k][CPU][rounds] = ts[k + 1].cpu - ts[k].cpu;
		}
		t[SUM][WALL][rounds] = ts[2].wall - ts[0].wall;
		t[SUM][CPU][rounds] = ts[2].cpu - ts[0].cpu;
		rounds++;
	} while (rounds < 3 || now() - start < min_secs);
	for (k = 0; k < NP; k++)
		for (c = 0; c < 2; c++)
			med[k][c] = median(t[k][c], rounds) * 1e3;
	best = t[SUM][WALL][0] * 1e3;     /* sorted by median() */
	peak_kb = maxrss_kb();

	/* Untimed: the output's volume, the graph and the leaks. */
	counter = fopencookie(&diag_bytes, "w", io);
	if (!counter) {
		perror("checkbench: fopencookie");
		return 2;
	}
	ld = pd;
	ld.out = counter;
	ld.max_errors = 0;
	ir = mica_lower(ast, &ld);
	check_with(ir, &ld, 0, counter, &ud);
	fclose(counter);
	f = mica_flow_build(ir);
	for (i = 0; i < ir->nrealms; i++)
		leaks += mica_flow_leaks(f, i);
	for (i = 0; i < ir->nregions; i++)
		accesses += ir->regions[i].naccesses;

	printf("checkbench file=%s bytes=%zu realms=%u regions=%u "
	       "accesses=%lu nodes=%u edges=%u leaks=%lu errors=%u "
	       "warnings=%u lower_errors=%u diag_bytes=%llu rounds=%u "
	       "parse_ms=%.3f lower_ms=%.3f check_ms=%.3f check_unl_ms=%.3f "
	       "free_ms=%.3f lower_check_ms=%.3f best_lower_check_ms=%.3f "
	       "first_lower_check_ms=%.3f "
	       "cpu_parse_ms=%.3f cpu_lower_ms=%.3f cpu_check_ms=%.3f "
	       "cpu_check_unl_ms=%.3f cpu_free_ms=%.3f "
	       "cpu_lower_check_ms=%.3f cpu_first_lower_check_ms=%.3f "
	       "base_rss_kb=%ld parsed_rss_kb=%ld added_rss_kb=%ld "
	       "peak_rss_kb=%ld\n",
	       argv[1], src.len, ir->nrealms, ir->nregions, accesses,
	       f->nnodes, f->nedges, leaks, ud.errors, ud.warnings,
	       ld.errors, diag_bytes, rounds, parse_ms[WALL],
	       med[LOWER][WALL], med[CHECK][WALL], med[CHECK_UNL][WALL],
	       med[FREE][WALL], med[SUM][WALL], best, first_ms[WALL],
	       parse_ms[CPU], med[LOWER][CPU], med[CHECK][CPU],
	       med[CHECK_UNL][CPU], med[FREE][CPU], med[SUM][CPU],
	       first_ms[CPU],
	       base_kb, parsed_kb - base_kb, added_kb, peak_kb);
	mica_flow_free(f);
	mica_ir_free(ir);
	for (k = 0; k < NP; k++)
		for (c = 0; c < 2; c++)
			free(t[k][c]);
	mica_ast_free(ast);
	mica_source_free(&src);
	fclose(null);
	return 0;
}
