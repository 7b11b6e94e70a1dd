/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * parsebench.c -- parse throughput and peak memory of the front end.
 *
 *   parsebench FILE [MIN_SECONDS]
 *
 * Measures, in this order and in this (fresh) process:
 *   1. the baseline peak RSS, before anything is loaded;
 *   2. the peak RSS after loading FILE (mica_source_load);
 *   3. the peak RSS after one parse of it, tree still alive;
 *   4. the wall time of repeated parses (mica_parse + mica_ast_free, the
 *      source loaded once), repeated until MIN_SECONDS (default 0.5) have
 *      passed and at least 3 times. The median is the figure to quote on
 *      a shared machine; the mean and the best are printed too.
 * Memory is ru_maxrss minus the baseline, so it is what loading and
 * parsing this one file cost; run one process per file.
 *
 * Prints one line, fields in this order (MB = 10^6 bytes):
 *   parsebench file=F bytes=N realms=N regions=N allows=N parses=K
 *     median_ms=X mean_ms=X best_ms=X mb_s=X mean_mb_s=X best_mb_s=X
 *     base_rss_kb=N load_rss_kb=N peak_rss_kb=N
 * where mb_s is the median throughput: bytes / median time per parse.
 * Exits 1 if the file has errors (the timing would be meaningless), 2 on
 * usage or I/O errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "mica/ast.h"
#include "mica/diag.h"
#include "mica/source.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Peak resident set size of this process so far, in KiB (Linux). */
static long maxrss_kb(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return -1;
	return ru.ru_maxrss;
}

/* Parses src once; returns the number of errors. Counts the tree's
 * top-level declarations into the counters if they are given. */
static unsigned parse_once(mica_source *src, FILE *diag_out,
			   unsigned long *realms, unsigned long *regions,
			   unsigned long *allows, mica_ast **keep)
{
	mica_diag d;
	mica_ast *ast;

	mica_diag_init(&d, src, diag_out);
	ast = mica_parse(src, &d);
	if (realms && ast) {
		const mica_realm *r;
		const mica_region *g;
		const mica_allow *a;

		for (r = ast->realms; r; r = r->next)
			++*realms;
		for (g = ast->regions; g; g = g->next)
			++*regions;
		for (a = ast->allows; a; a = a->next)
			++*allows;
	}
	if (keep)
		*keep = ast;
	else
		mica_ast_free(ast);
	return d.errors;
}

int main(int argc, char **argv)
{
	mica_source src;
	mica_ast *tree = NULL;
	unsigned long realms = 0, regions = 0, allows = 0;
	long base_kb, load_kb, peak_kb;
	double min_secs = 0.5, start, total = 0, mean, median, mb;
	double *times = NULL;
	unsigned parses = 0, cap = 0;
	char *end;

	if (argc < 2 || argc > 3) {
		fputs("usage: parsebench FILE [MIN_SECONDS]\n", stderr);
		return 2;
	}
	if (argc == 3) {
		min_secs = strtod(argv[2], &end);
		if (*end || !(min_secs >= 0)) {
			fputs("parsebench: bad MIN_SECONDS\n", stderr);
			return 2;
		}
	}

	base_kb = maxrss_kb();
	if (mica_source_load(&src, argv[1]) != 0) {
		fprintf(stderr, "parsebench: cannot read %s: %s\n", argv[1],
			strerror(errno));
		return 2;
	}
	load_kb = maxrss_kb();

	/* One parse whose tree stays alive while the peak is read. */
	if (parse_once(&src, stderr, &realms, &regions, &allows, &tree)) {
		fprintf(stderr, "parsebench: %s has errors\n", argv[1]);
		mica_ast_free(tree);
		mica_source_free(&src);
		return 1;
	}
	peak_kb = maxrss_kb();
	mica_ast_free(tree);

	start = now();
	do {
		double t0 = now(), dt;

		parse_once(&src, stderr, NULL, NULL, NULL, NULL);
		dt = now() - t0;
		if (parses == cap) {
			double *nt;
			cap = cap ? 2 * cap : 64;
			nt = realloc(times, cap * sizeof *times);
			if (!nt) {
				fputs("parsebench: out of memory\n", stderr);
				return 2;
			}
			times = nt;
		}
		times[parses++] = dt;
		total += dt;
	} while (parses < 3 || now() - start < min_secs);

	qsort(times, parses, sizeof *times, cmp_double);
	median = parses % 2 ? times[parses / 2]
			    : (times[parses / 2 - 1] + times[parses / 2]) / 2;
	mean = total / parses;
	mb = (double)src.len / 1e6;
	printf("parsebench file=%s bytes=%zu realms=%lu regions=%lu "
	       "allows=%lu parses=%u median_ms=%.3f mean_ms=%.3f "
	       "best_ms=%.3f mb_s=%.2f mean_mb_s=%.2f best_mb_s=%.2f "
	       "base_rss_kb=%ld load_rss_kb=%ld peak_rss_kb=%ld\n",
	       argv[1], src.len, realms, regions, allows, parses,
	       median * 1e3, mean * 1e3, times[0] * 1e3, mb / median,
	       mb / mean, mb / times[0], base_kb, load_kb - base_kb,
	       peak_kb - base_kb);
	free(times);
	mica_source_free(&src);
	return 0;
}
