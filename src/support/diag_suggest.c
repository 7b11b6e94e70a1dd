/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * diag_suggest.c -- "did you mean": the candidate closest to a word by
 * Damerau-Levenshtein distance (optimal string alignment: insertions,
 * deletions, substitutions and swaps of two neighbours cost 1).
 */
#include <string.h>

#include "mica/diag.h"

/* Words longer than this are never close to anything we suggest (the
 * names are at most 32 bytes, keywords shorter). */
#define MAXW 64

/* The distance between a[0..n) and b[0..m), both at most MAXW. */
static size_t distance(const char *a, size_t n, const char *b, size_t m)
{
	size_t d[3][MAXW + 1];    /* rows i-2, i-1, i, rolling */
	size_t i, j;

	for (j = 0; j <= m; j++)
		d[0][j] = j;
	for (i = 1; i <= n; i++) {
		size_t *cur = d[i % 3], *prev = d[(i - 1) % 3];
		size_t *prev2 = d[(i + 1) % 3];    /* row i - 2 */
		cur[0] = i;
		for (j = 1; j <= m; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (prev[j - 1] + cost < v)
				v = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
		}
	}
	return d[n % 3][m];
}

size_t mica_diag_closest(const char *word, const char *const *cand,
			 size_t n)
{
	size_t len = strlen(word), limit = len / 3 > 1 ? len / 3 : 1;
	size_t best = (size_t)-1, best_d = limit + 1, i;

	if (len > MAXW)
		return (size_t)-1;
	for (i = 0; i < n; i++) {
		size_t m = strlen(cand[i]), dd;
		if (m > MAXW || strcmp(cand[i], word) == 0)
			continue;
		/* the lengths alone bound the distance from below */
		if ((m > len ? m - len : len - m) > limit)
			continue;
		dd = distance(word, len, cand[i], m);
		if (dd < best_d) {      /* strict: the first of a tie wins */
			best_d = dd;
			best = i;
		}
	}
	return best;
}

const char *mica_unit_spelling(const char *w, size_t n)
{
	static const char *const alias[][2] = {
		{ "b", "B" }, { "k", "KiB" }, { "kb", "KiB" }, { "kib", "KiB" },
		{ "m", "MiB" }, { "mb", "MiB" }, { "mib", "MiB" },
		{ "g", "GiB" }, { "gb", "GiB" }, { "gib", "GiB" },
	};
	char low[4];
	size_t i;

	if (n == 0 || n >= sizeof low)
		return NULL;
	for (i = 0; i < n; i++)
		low[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]);
	low[n] = '\0';
	for (i = 0; i < sizeof alias / sizeof alias[0]; i++)
		if (strcmp(low, alias[i][0]) == 0)
			return alias[i][1];
	return NULL;
}
