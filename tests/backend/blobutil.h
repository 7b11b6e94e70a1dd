/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * blobutil.h -- helpers shared by the backend tests.
 */
#ifndef MICA_BLOBUTIL_H
#define MICA_BLOBUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/blob.h"
#include "mica/ir.h"
#include "mica/source.h"

/* Hex digits (spaces and newlines ignored) to bytes; returns the count. */
static inline size_t bu_unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (; *s; s++) {
		int v;
		if (*s == ' ' || *s == '\n')
			continue;
		if (*s >= '0' && *s <= '9')
			v = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			v = *s - 'a' + 10;
		else
			ck_abort_msg("bad hex digit '%c'", *s);
		if (hi < 0) {
			hi = v;
			continue;
		}
		ck_assert_uint_lt(n, cap);
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	ck_assert_int_eq(hi, -1);
	return n;
}

/* A policy file taken through the front end and the checker, which
 * must report nothing (the examples are clean). */
typedef struct bu_policy {
	mica_source src;
	mica_diag d;
	mica_ast *ast;
	mica_ir *ir;
	char *diags;
	size_t ndiags;
} bu_policy;

static inline void bu_load(bu_policy *p, const char *path)
{
	FILE *f;

	memset(p, 0, sizeof *p);
	ck_assert_msg(mica_source_load(&p->src, path) == 0, "cannot read %s",
		      path);
	f = open_memstream(&p->diags, &p->ndiags);
	ck_assert_ptr_nonnull(f);
	mica_diag_init(&p->d, &p->src, f);
	p->ast = mica_parse(&p->src, &p->d);
	if (p->d.errors == 0)
		p->ir = mica_lower(p->ast, &p->d);
	if (p->ir)
		mica_check(p->ir, &p->d);
	ck_assert_int_eq(fclose(f), 0);
	/* Later stages (the backend) report straight to the test's log. */
	p->d.out = stderr;
	ck_assert_msg(p->ir && p->d.errors == 0, "%s: %s", path, p->diags);
}

static inline void bu_free(bu_policy *p)
{
	mica_ir_free(p->ir);
	mica_ast_free(p->ast);
	mica_source_free(&p->src);
	free(p->diags);
	memset(p, 0, sizeof *p);
}

/* The examples every property test runs over. */
static const char *const bu_examples[] = {
	"agent_guardrails", "agent_llm", "federated_analytics", "fine_tuning",
	"guarded_llm", "payment_tokenizer", "video_moderation",
};
#define BU_NEXAMPLES (sizeof bu_examples / sizeof *bu_examples)

/* The Mica paper's four, which the blob size budget was set for. */
static const char *const bu_paper_examples[] = {
	"agent_guardrails", "agent_llm", "guarded_llm", "video_moderation",
};
#define BU_NPAPER (sizeof bu_paper_examples / sizeof *bu_paper_examples)

static inline void bu_example_path(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/examples/%s.mica", MICA_SOURCE_DIR, name);
}

#endif
