/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * diff.c -- a unified diff between two texts, line by line, for `micac
 * fmt --diff`: Myers' greedy algorithm over the lines left between the
 * common head and tail, three lines of context, GNU diff's hunk headers
 * and its "\ No newline at end of file".
 *
 * A line includes its newline, so a last line without one differs from
 * the same line with one, as in diff(1). Past MAX_D differences the
 * script stops searching for a shortest edit and replaces the rest
 * whole: still a correct diff, only longer (the formatter's diffs are
 * far below that).
 */
#include <stdlib.h>
#include <string.h>

#include "mica/util.h"
#include "fmt.h"

#define MAX_D 2000
#define CONTEXT 3

typedef struct line {
	const char *p;
	size_t n;          /* with the newline, when there is one */
} line;

typedef struct lines {
	line *v;
	size_t n;
} lines;

/* One step of the edit script: ' ' both, '-' a only, '+' b only. */
typedef struct op {
	char kind;
	size_t a, b;       /* line indexes before this step */
} op;

static lines split(const char *s, size_t len)
{
	lines l = { NULL, 0 };
	size_t i, start = 0, cap = 16;

	l.v = mica_xmalloc(cap * sizeof *l.v);
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '\n')
			continue;
		if (i == len && start == len)
			break;
		if (l.n == cap)
			l.v = mica_xrealloc(l.v, (cap *= 2) * sizeof *l.v);
		l.v[l.n].p = s + start;
		l.v[l.n].n = (i < len ? i + 1 : i) - start;
		l.n++;
		start = i + 1;
	}
	return l;
}

static bool eq(const line *x, const line *y)
{
	return x->n == y->n && memcmp(x->p, y->p, x->n) == 0;
}

static void push(op **ops, size_t *n, size_t *cap, char kind, size_t a,
		 size_t b)
{
	if (*n == *cap)
		*ops = mica_xrealloc(*ops, (*cap = *cap ? 2 * *cap : 64) *
				     sizeof **ops);
	(*ops)[(*n)++] = (op){ kind, a, b };
}

/* The shortest edit script from a[a0, a1) to b[b0, b1), appended to ops
 * in order; false when it needs more than MAX_D steps. */
static bool myers(const lines *A, size_t a0, size_t a1, const lines *B,
		  size_t b0, size_t b1, op **ops, size_t *n, size_t *cap)
{
	long N = (long)(a1 - a0), M = (long)(b1 - b0);
	long max = N + M < MAX_D ? N + M : MAX_D, d, k, x, y;
	long **trace = mica_xcalloc((size_t)max + 1, sizeof *trace);
	long *v = mica_xcalloc(2 * (size_t)max + 3, sizeof *v);
	long off = max + 1, found = -1;
	size_t start = *n, i, j;

	for (d = 0; d <= max && found < 0; d++) {
		for (k = -d; k <= d; k += 2) {
			if (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
				x = v[off + k + 1];
			else
				x = v[off + k - 1] + 1;
			y = x - k;
			while (x < N && y < M &&
			       eq(&A->v[a0 + (size_t)x], &B->v[b0 + (size_t)y]))
				x++, y++;
			v[off + k] = x;
			if (x >= N && y >= M) {
				found = d;
				break;
			}
		}
		trace[d] = mica_xmalloc((2 * (size_t)d + 1) * sizeof **trace);
		memcpy(trace[d], v + off - d, (2 * (size_t)d + 1) * sizeof *v);
	}
	if (found >= 0) {
		/* Walk back from (N, M), steps in reverse, then flip them. */
		x = N, y = M;
		for (d = found; d >= 0; d--) {
			long *P, px, py, pk;
			k = x - y;
			if (d == 0) {
				while (x > 0)
					x--, y--, push(ops, n, cap, ' ',
						       a0 + (size_t)x,
						       b0 + (size_t)y);
				break;
			}
			P = trace[d - 1];     /* k from -(d-1) at 0 */
			pk = (k == -d || (k != d && P[k - 1 + d - 1] <
					  P[k + 1 + d - 1])) ? k + 1 : k - 1;
			px = P[pk + d - 1];
			py = px - pk;
			while (x > px && y > py)
				x--, y--, push(ops, n, cap, ' ', a0 + (size_t)x,
					       b0 + (size_t)y);
			if (x == px)
				y--, push(ops, n, cap, '+', a0 + (size_t)x,
					  b0 + (size_t)y);
			else
				x--, push(ops, n, cap, '-', a0 + (size_t)x,
					  b0 + (size_t)y);
		}
		for (i = start, j = *n ? *n - 1 : 0; i < j; i++, j--) {
			op t = (*ops)[i];
			(*ops)[i] = (*ops)[j];
			(*ops)[j] = t;
		}
	}
	for (d = 0; d <= max; d++)
		free(trace[d]);
	free(trace);
	free(v);
	return found >= 0;
}

static void put_line(FILE *out, char kind, const line *l)
{
	fputc(kind, out);
	fwrite(l->p, 1, l->n, out);
	if (l->n == 0 || l->p[l->n - 1] != '\n')
		fputs("\n\\ No newline at end of file\n", out);
}

static void put_range(FILE *out, size_t start, size_t count)
{
	fprintf(out, "%zu", count ? start + 1 : start);
	if (count != 1)
		fprintf(out, ",%zu", count);
}

/* Hunks: runs of changes with up to CONTEXT equal lines around them,
 * two runs merged when at most 2 * CONTEXT equal lines part them. */
static void put_hunks(FILE *out, const lines *A, const lines *B,
		      const op *ops, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t first, last, j, gap, ca = 0, cb = 0;
		while (i < n && ops[i].kind == ' ')
			i++;
		if (i == n)
			break;
		first = i > CONTEXT ? i - CONTEXT : 0;
		last = i;
		for (j = i; j < n; j++) {
			if (ops[j].kind != ' ') {
				last = j;
				continue;
			}
			for (gap = j; gap < n && ops[gap].kind == ' '; gap++)
				;
			if (gap == n || gap - j > 2 * CONTEXT)
				break;
			j = gap - 1;
		}
		last = last + CONTEXT + 1 < n ? last + CONTEXT + 1 : n;
		for (j = first; j < last; j++) {
			ca += ops[j].kind != '+';
			cb += ops[j].kind != '-';
		}
		fputs("@@ -", out);
		put_range(out, ops[first].a, ca);
		fputs(" +", out);
		put_range(out, ops[first].b, cb);
		fputs(" @@\n", out);
		for (j = first; j < last; j++)
			put_line(out, ops[j].kind, ops[j].kind == '+'
				 ? &B->v[ops[j].b] : &A->v[ops[j].a]);
		i = last;
	}
}

bool mica_fmt_diff(FILE *out, const char *name_a, const char *a, size_t alen,
		   const char *name_b, const char *b, size_t blen)
{
	lines A, B;
	op *ops = NULL;
	size_t n = 0, cap = 0, head = 0, tail = 0, i;

	if (alen == blen && memcmp(a, b, alen) == 0)
		return false;
	A = split(a, alen);
	B = split(b, blen);
	while (head < A.n && head < B.n && eq(&A.v[head], &B.v[head]))
		head++;
	while (tail < A.n - head && tail < B.n - head &&
	       eq(&A.v[A.n - 1 - tail], &B.v[B.n - 1 - tail]))
		tail++;
	for (i = 0; i < head; i++)
		push(&ops, &n, &cap, ' ', i, i);
	if (!myers(&A, head, A.n - tail, &B, head, B.n - tail, &ops, &n,
		   &cap)) {
		for (i = head; i < A.n - tail; i++)
			push(&ops, &n, &cap, '-', i, head);
		for (i = head; i < B.n - tail; i++)
			push(&ops, &n, &cap, '+', A.n - tail, i);
	}
	for (i = 0; i < tail; i++)
		push(&ops, &n, &cap, ' ', A.n - tail + i, B.n - tail + i);
	fprintf(out, "--- %s\n+++ %s\n", name_a, name_b);
	put_hunks(out, &A, &B, ops, n);
	free(ops);
	free(A.v);
	free(B.v);
	return true;
}
