/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * checkutil.h -- helpers for the checker's unit and property tests.
 *
 * ct_load() takes a policy given as a string through the whole front end
 * and the checker (mica_parse, mica_lower, mica_check), with the
 * diagnostics going to a tmpfile() whose text the test can then search,
 * and builds the flow graph (mica_flow_build) for the test to inspect.
 * The source is always named "t.mica".
 */
#ifndef MICA_CHECKUTIL_H
#define MICA_CHECKUTIL_H

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/ast.h"
#include "mica/diag.h"
#include "mica/flow.h"
#include "mica/ir.h"
#include "mica/source.h"

/* 64 hex digits, for measurements. */
#define CT_D16 "1111111111111111"
#define CT_SHA256 "sha256:" CT_D16 CT_D16 CT_D16 CT_D16

/* One realm per line, so line numbers stay easy to count. */
#define CT_REALM(n) "realm " n " { measurement = " CT_SHA256 "; }\n"
#define CT_TRUSTED(n) \
	"realm " n " { measurement = " CT_SHA256 "; trust = trusted; }\n"
#define CT_UNTRUSTED(n) \
	"realm " n " { measurement = " CT_SHA256 "; trust = untrusted; }\n"
#define CT_LAX(n) \
	"realm " n " { measurement = " CT_SHA256 "; strict = false; }\n"
#define CT_TRUSTED_LAX(n) "realm " n " { measurement = " CT_SHA256 \
	"; trust = trusted; strict = false; }\n"
#define CT_HDR "policy t version 1;\n"

typedef struct ct_policy {
	mica_source src;
	mica_diag d;
	mica_ast *ast;
	mica_ir *ir;
	mica_flow *f;
	unsigned front_errors;   /* after parse and lower */
	unsigned check_errors;   /* what mica_check returned */
	char *out;               /* all diagnostics, NUL-terminated */
} ct_policy;

/* Reads a whole stream into a NUL-terminated heap string. */
static inline char *ct_slurp(FILE *f)
{
	long n;
	char *s;

	ck_assert_int_eq(fflush(f), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	s = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(s);
	rewind(f);
	ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	return s;
}

/* Runs parse, lower and check over text. The text must parse and
 * resolve without error (the tests are about the checker); what the
 * checker reports is in p->out and p->check_errors. */
static inline void ct_load(ct_policy *p, const char *text)
{
	FILE *tmp = tmpfile();

	ck_assert_ptr_nonnull(tmp);
	memset(p, 0, sizeof *p);
	ck_assert_int_eq(mica_source_from_mem(&p->src, "t.mica", text,
					      strlen(text)), 0);
	mica_diag_init(&p->d, &p->src, tmp);
	p->d.max_errors = 0;     /* print everything */
	p->ast = mica_parse(&p->src, &p->d);
	ck_assert_ptr_nonnull(p->ast);
	if (p->d.errors == 0)
		p->ir = mica_lower(p->ast, &p->d);
	p->front_errors = p->d.errors;
	if (p->ir)
		p->check_errors = mica_check(p->ir, &p->d);
	p->out = ct_slurp(tmp);
	fclose(tmp);
	p->d.out = NULL;
	ck_assert_msg(p->front_errors == 0, "the test policy does not "
		      "parse or resolve:\n%s\n---\n%s", p->out, text);
	p->f = mica_flow_build(p->ir);
}

static inline void ct_free(ct_policy *p)
{
	mica_flow_free(p->f);
	mica_ir_free(p->ir);
	mica_ast_free(p->ast);
	mica_source_free(&p->src);
	free(p->out);
	memset(p, 0, sizeof *p);
}

/* The index of a realm, by name; fails the test when there is none. */
static inline uint32_t ct_realm(const ct_policy *p, const char *name)
{
	uint32_t i;

	for (i = 0; i < p->ir->nrealms; i++)
		if (strcmp(p->ir->realms[i].name, name) == 0)
			return i;
	ck_abort_msg("no realm '%s'", name);
	return 0;
}

/* Appends to a fixed buffer, failing the test when it would overflow. */
static inline void ct_cat(char *buf, size_t n, const char *fmt, ...)
{
	size_t k = strlen(buf);
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(buf + k, n - k, fmt, ap);
	va_end(ap);
	ck_assert_int_ge(r, 0);
	ck_assert_uint_lt(k + (size_t)r, n);
}

/* The names of the realms mica_flow_leaks() reports, in order, each
 * followed by a space: "a c ". */
static inline const char *ct_leakers(const ct_policy *p, char *buf, size_t n)
{
	uint32_t i;

	buf[0] = '\0';
	for (i = 0; i < p->ir->nrealms; i++)
		if (mica_flow_leaks(p->f, i))
			ct_cat(buf, n, "%s ", p->ir->realms[i].name);
	return buf;
}

static inline const char *ct_edge_text(mica_edge_kind k)
{
	switch (k) {
	case MICA_EDGE_WRITE: return "w";
	case MICA_EDGE_READ: return "r";
	case MICA_EDGE_HOST_READ: return "r(implicit)";
	case MICA_EDGE_HOST_WRITE: return "w(implicit)";
	case MICA_EDGE_HOSTCALL: return "hostcall";
	case MICA_EDGE_MMIO: return "mmio";
	case MICA_EDGE_PSCI: return "psci";
	case MICA_EDGE_RIPAS: return "ripas";
	case MICA_EDGE_PAGING: return "paging";
	case MICA_EDGE_EXIT: return "exit";
	case MICA_EDGE_ENTRY: return "entry";
	}
	return "?";
}

/* A node's path to its sink, walking f->next: "a -w-> g -r-> host", or
 * "a" alone when it has none. Every hop must start where the last one
 * ended, and the walk must end at a sink within nnodes hops. With lines,
 * each hop is followed by the line of its edge: "-w@3->". */
static inline const char *ct_path(const ct_policy *p, uint32_t node,
				  int lines, char *buf, size_t n)
{
	const mica_flow *f = p->f;
	uint32_t hops = 0;

	buf[0] = '\0';
	ct_cat(buf, n, "%s", mica_flow_name(f, node));
	while (f->next[node] != MICA_FLOW_NONE) {
		const mica_flow_edge *e;
		ck_assert_uint_lt(f->next[node], f->nedges);
		e = &f->edges[f->next[node]];
		ck_assert_uint_eq(e->from, node);
		if (lines)
			ct_cat(buf, n, " -%s@%u-> %s", ct_edge_text(e->kind),
			       mica_flow_edge_loc(f, e).first_line,
			       mica_flow_name(f, e->to));
		else
			ct_cat(buf, n, " -%s-> %s", ct_edge_text(e->kind),
			       mica_flow_name(f, e->to));
		node = e->to;
		ck_assert_uint_le(++hops, f->nnodes);
	}
	ck_assert_msg(hops == 0 || mica_flow_is_sink(f, node),
		      "path %s does not end at a sink", buf);
	return buf;
}

/* How often needle occurs in the diagnostics. */
static inline unsigned ct_count(const ct_policy *p, const char *needle)
{
	unsigned k = 0;
	const char *s = p->out;

	while ((s = strstr(s, needle)) != NULL)
		k++, s += strlen(needle);
	return k;
}

#define ct_assert_has(p, text)                                          \
	ck_assert_msg(strstr((p)->out, (text)) != NULL,                 \
		      "expected in the diagnostics: %s\ngot:\n%s", (text), \
		      (p)->out)

#endif
