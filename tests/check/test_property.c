/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_property.c -- the flow analysis against a brute force.
 *
 * A fixed-seed generator writes thousands of small well-formed policies:
 * 2 to 8 realms of random trust and strictness, 1 to 10 protected or
 * unprotected regions, each in its own 1 MiB IPA slot (so no window is
 * misplaced or overlapping and only the flow analysis can fail), with
 * random subjects and rights including `any` and `host`, and random
 * hostcall, mmio, psci, ripas and paging allows, declarations in a random
 * order.
 *
 * The generator keeps its own model of each policy and builds the flow
 * graph of man/mica.5 ("Confidentiality") from it -- not from the IR, and without
 * flow.c -- then computes, by Floyd-Warshall restricted to intermediate
 * nodes that are neither trusted nor sinks, every node's distance to the
 * nearest sink. For each policy the test asserts:
 *   - the realms with a flow error in the diagnostics, the realms
 *     mica_flow_leaks() reports, and the distrustful realms the brute
 *     force finds a path for are the same set, with no other error;
 *   - every node's f->next walk is a path of the brute-force graph (each
 *     hop one of the model's edges, with its kind and line), avoids
 *     trusted realms, ends at the first sink it meets, and is as short as
 *     the brute force says; nodes without a path have no f->next;
 *   - each error names the sink its path ends at, and the "leak path"
 *     note is that walk, hop by hop, with the lines the model expects.
 * Finally the generator must have produced both accepted and rejected
 * policies, each at least a fifth of the total, leaks to each kind
 * of sink, and paths through each kind of exit.
 */
#include <inttypes.h>
#include <stdint.h>

#include "checkutil.h"

#define NPOLICIES 2000
#define MAXREALMS 8
#define MAXREGIONS 10
#define MAXNODES (MAXREALMS + MAXREGIONS + 2)
#define MAXEDGES 512
#define NKINDS 5                 /* hostcall mmio psci ripas paging */
#define INF 1000000

/* ---- a small, fixed PRNG (splitmix64) --------------------------------- */

static uint64_t rng_state;

static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

static unsigned pick(unsigned n)          /* 0 .. n-1 */
{
	return (unsigned)(rng() % n);
}

static int chance(unsigned percent)
{
	return pick(100) < percent;
}

/* ---- the model --------------------------------------------------------- */

enum { SUBJ_ANY = -1, SUBJ_HOST = -2 };

typedef struct m_access {
	int subject;             /* realm index, SUBJ_ANY or SUBJ_HOST */
	unsigned rights;         /* MICA_R, MICA_W, MICA_RW */
	unsigned line;
} m_access;

typedef struct m_region {
	int unprotected;
	unsigned granules;
	unsigned naccesses;
	m_access accesses[MAXREALMS + 2];
	unsigned line;
} m_region;

typedef struct m_realm {
	mica_trust trust;
	int strict;
	unsigned line, strict_line;
	/* line of the first allow of each kind, 0 when none */
	unsigned hostcall_line, mmio_line, psci_line, ripas_line, paging_line;
} m_realm;

typedef struct m_edge {
	unsigned from, to;
	mica_edge_kind kind;
	unsigned line;           /* 0 for the host's implicit access */
} m_edge;

typedef struct model {
	unsigned nrealms, nregions, nnodes, host, any;
	m_realm realms[MAXREALMS];
	m_region regions[MAXREGIONS];
	unsigned nedges;
	m_edge edges[MAXEDGES];
	int dist[MAXNODES][MAXNODES];
	int to_sink[MAXNODES];   /* distance to the nearest sink, or INF */
	char *text;
} model;

static int m_is_sink(const model *m, unsigned node)
{
	return node == m->host || node == m->any ||
	       (node < m->nrealms && m->realms[node].trust == MICA_UNTRUSTED);
}

static int m_is_trusted(const model *m, unsigned node)
{
	return node < m->nrealms && m->realms[node].trust == MICA_TRUSTED;
}

/* ---- writing the policy ------------------------------------------------ */

typedef struct writer {
	FILE *f;
	unsigned line;           /* the line the next emit() writes */
} writer;

static void emit(writer *w, const char *fmt, ...) MICA_PRINTF(2, 3);
static void emit(writer *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(w->f, fmt, ap);
	va_end(ap);
	fputc('\n', w->f);
	w->line++;
}

static const char *const rights_text[] = { "", "r", "w", "rw" };

static void write_realm(model *m, writer *w, unsigned i)
{
	m_realm *r = &m->realms[i];
	/* Items in a random order: measurement, trust, strict. */
	unsigned order = pick(3), k;

	r->line = w->line;
	emit(w, "realm r%u {", i);
	for (k = 0; k < 3; k++) {
		switch ((order + k) % 3) {
		case 0:
			emit(w, "  measurement = " CT_SHA256 ";");
			break;
		case 1:
			if (r->trust != MICA_DISTRUSTFUL || chance(30))
				emit(w, "  trust = %s;",
				     r->trust == MICA_TRUSTED ? "trusted" :
				     r->trust == MICA_UNTRUSTED ? "untrusted" :
				     "distrustful");
			break;
		case 2:
			if (!r->strict) {
				r->strict_line = w->line;
				emit(w, "  strict = false;");
			} else if (chance(20)) {
				emit(w, "  strict = true;");
			}
			break;
		}
	}
	emit(w, "}");
}

static void write_region(model *m, writer *w, unsigned g)
{
	m_region *rg = &m->regions[g];
	uint64_t ipa = (rg->unprotected ? MICA_IPA_HALF : 0x100000000u) +
		       (uint64_t)g * 0x100000u;
	unsigned k;

	rg->line = w->line;
	emit(w, "region g%u : %s, %u KiB {", g,
	     rg->unprotected ? "unprotected" : "protected", 4 * rg->granules);
	for (k = 0; k < rg->naccesses; k++) {
		m_access *a = &rg->accesses[k];
		a->line = w->line;
		if (a->subject == SUBJ_HOST)
			emit(w, "  host: %s;", rights_text[a->rights]);
		else if (a->subject == SUBJ_ANY)
			emit(w, "  any: %s @ 0x%" PRIx64 " limit %u;",
			     rights_text[a->rights], ipa, 1 + pick(5));
		else
			emit(w, "  r%d: %s @ 0x%" PRIx64 ";", a->subject,
			     rights_text[a->rights], ipa);
	}
	emit(w, "}");
}

static void write_allow(model *m, writer *w, unsigned i, unsigned kind)
{
	m_realm *r = &m->realms[i];

	switch (kind) {
	case 0:
		if (!r->hostcall_line)
			r->hostcall_line = w->line;
		switch (pick(4)) {
		case 0: emit(w, "allow r%u hostcall *;", i); break;
		case 1: emit(w, "allow r%u hostcall 0x%x;", i, pick(0x10000)); break;
		case 2: emit(w, "allow r%u hostcall 0x10..0x1f, 0x40;", i); break;
		default: emit(w, "allow r%u hostcall 0..0xFFFF;", i); break;
		}
		break;
	case 1:
		if (!r->mmio_line)
			r->mmio_line = w->line;
		emit(w, "allow r%u mmio;", i);
		break;
	case 2:
		if (!r->psci_line)
			r->psci_line = w->line;
		emit(w, "allow r%u psci;", i);
		break;
	case 3:
		if (!r->ripas_line)
			r->ripas_line = w->line;
		emit(w, "allow r%u ripas;", i);
		break;
	default:
		if (!r->paging_line)
			r->paging_line = w->line;
		emit(w, "allow r%u paging;", i);
		break;
	}
}

/* Chooses a policy, writes it, and fills in the lines of the model. */
static void generate(model *m, unsigned seq)
{
	unsigned i, g, k, nallows = 0, done_realms = 0, done_regions = 0;
	unsigned allow_realm[NKINDS * MAXREALMS];
	unsigned allow_kind[NKINDS * MAXREALMS];
	unsigned subject_percent;
	size_t len;
	writer w;

	memset(m, 0, sizeof *m);
	m->nrealms = 2 + pick(MAXREALMS - 1);
	m->nregions = 1 + pick(MAXREGIONS);
	m->host = m->nrealms + m->nregions;
	m->any = m->host + 1;
	m->nnodes = m->any + 1;
	for (i = 0; i < m->nrealms; i++) {
		unsigned t = pick(100);
		m->realms[i].trust = t < 50 ? MICA_DISTRUSTFUL :
				     t < 88 ? MICA_TRUSTED : MICA_UNTRUSTED;
		m->realms[i].strict = !chance(8);
	}
	/* About two realms per region, whatever the number of realms. */
	subject_percent = 200 / m->nrealms;
	for (g = 0; g < m->nregions; g++) {
		m_region *rg = &m->regions[g];
		rg->unprotected = chance(12);
		rg->granules = 1 + pick(4);
		for (i = 0; i < m->nrealms; i++)
			if (chance(subject_percent)) {
				m_access *a = &rg->accesses[rg->naccesses++];
				a->subject = (int)i;
				a->rights = 1 + pick(3);
			}
		if (chance(10)) {
			m_access *a = &rg->accesses[rg->naccesses++];
			a->subject = SUBJ_ANY;
			a->rights = 1 + pick(3);
		}
		if (rg->unprotected && chance(50)) {
			m_access *a = &rg->accesses[rg->naccesses++];
			a->subject = SUBJ_HOST;
			a->rights = 1 + pick(3);
		}
		/* Shuffle the access lines. */
		for (k = rg->naccesses; k > 1; k--) {
			unsigned j = pick(k);
			m_access t = rg->accesses[k - 1];
			rg->accesses[k - 1] = rg->accesses[j];
			rg->accesses[j] = t;
		}
	}
	for (i = 0; i < m->nrealms; i++)
		for (k = 0; k < NKINDS; k++)
			while (chance(k == 0 ? 5 : k < 3 ? 3 : 2) &&
			       nallows < NKINDS * MAXREALMS) {
				allow_realm[nallows] = i;
				allow_kind[nallows++] = k;
			}

	memset(&w, 0, sizeof w);
	w.f = open_memstream(&m->text, &len);
	ck_assert_ptr_nonnull(w.f);
	w.line = 1;
	emit(&w, "// property test policy %u", seq);
	emit(&w, "policy prop%u version %u;", seq, seq);
	/* Realms, regions and allows interleaved at random; realms and
	 * regions keep their relative order, so indices are source order. */
	k = 0;
	while (done_realms < m->nrealms || done_regions < m->nregions ||
	       k < nallows) {
		unsigned c = pick(3);
		if (c == 0 && done_realms < m->nrealms)
			write_realm(m, &w, done_realms++);
		else if (c == 1 && done_regions < m->nregions)
			write_region(m, &w, done_regions++);
		else if (c == 2 && k < nallows) {
			write_allow(m, &w, allow_realm[k], allow_kind[k]);
			k++;
		}
	}
	ck_assert_int_eq(fclose(w.f), 0);
}

/* ---- the brute force --------------------------------------------------- */

static void add_edge(model *m, unsigned from, unsigned to,
		     mica_edge_kind kind, unsigned line)
{
	ck_assert_uint_lt(m->nedges, MAXEDGES);
	m->edges[m->nedges].from = from;
	m->edges[m->nedges].to = to;
	m->edges[m->nedges].kind = kind;
	m->edges[m->nedges].line = line;
	m->nedges++;
}

static unsigned subject_node(const model *m, int subject)
{
	return subject == SUBJ_HOST ? m->host :
	       subject == SUBJ_ANY ? m->any : (unsigned)subject;
}

/* The graph of man/mica.5 ("Confidentiality"), and Floyd-Warshall over it. */
static void brute_force(model *m)
{
	unsigned i, j, k, g;

	for (g = 0; g < m->nregions; g++) {
		const m_region *rg = &m->regions[g];
		unsigned node = m->nrealms + g, host_r = 0, host_w = 0;
		for (k = 0; k < rg->naccesses; k++) {
			const m_access *a = &rg->accesses[k];
			unsigned s = subject_node(m, a->subject);
			if (a->rights & MICA_W)
				add_edge(m, s, node, MICA_EDGE_WRITE, a->line);
			if (a->rights & MICA_R)
				add_edge(m, node, s, MICA_EDGE_READ, a->line);
			if (a->subject == SUBJ_HOST) {
				host_r = a->rights & MICA_R;
				host_w = a->rights & MICA_W;
			}
		}
		/* The host reads and writes unprotected memory anyway. */
		if (rg->unprotected && !host_r)
			add_edge(m, node, m->host, MICA_EDGE_HOST_READ, 0);
		if (rg->unprotected && !host_w)
			add_edge(m, m->host, node, MICA_EDGE_HOST_WRITE, 0);
	}
	for (i = 0; i < m->nrealms; i++) {
		const m_realm *r = &m->realms[i];
		if (r->hostcall_line)
			add_edge(m, i, m->host, MICA_EDGE_HOSTCALL,
				 r->hostcall_line);
		if (r->mmio_line)
			add_edge(m, i, m->host, MICA_EDGE_MMIO, r->mmio_line);
		if (r->psci_line)
			add_edge(m, i, m->host, MICA_EDGE_PSCI, r->psci_line);
		if (r->ripas_line)
			add_edge(m, i, m->host, MICA_EDGE_RIPAS, r->ripas_line);
		if (r->paging_line)
			add_edge(m, i, m->host, MICA_EDGE_PAGING,
				 r->paging_line);
		if (!r->strict) {
			add_edge(m, i, m->host, MICA_EDGE_EXIT, r->strict_line);
			add_edge(m, m->host, i, MICA_EDGE_ENTRY, r->strict_line);
		}
	}

	for (i = 0; i < m->nnodes; i++)
		for (j = 0; j < m->nnodes; j++)
			m->dist[i][j] = i == j ? 0 : INF;
	for (k = 0; k < m->nedges; k++)
		m->dist[m->edges[k].from][m->edges[k].to] = 1;
	/* Only nodes a path may pass through serve as intermediates. */
	for (k = 0; k < m->nnodes; k++) {
		if (m_is_trusted(m, k) || m_is_sink(m, k))
			continue;
		for (i = 0; i < m->nnodes; i++)
			for (j = 0; j < m->nnodes; j++)
				if (m->dist[i][k] + m->dist[k][j] < m->dist[i][j])
					m->dist[i][j] = m->dist[i][k] +
							m->dist[k][j];
	}
	for (i = 0; i < m->nnodes; i++) {
		m->to_sink[i] = INF;
		if (m_is_sink(m, i) || m_is_trusted(m, i))
			continue;   /* a sink has arrived; trusted stops */
		for (j = 0; j < m->nnodes; j++)
			if (m_is_sink(m, j) && m->dist[i][j] < m->to_sink[i])
				m->to_sink[i] = m->dist[i][j];
	}
}

/* ---- comparing --------------------------------------------------------- */

static unsigned accepted, rejected, sink_host, sink_any, sink_untrusted;
static unsigned longest;
static unsigned hops_of[MICA_EDGE_ENTRY + 1];   /* walked, by kind */

static const char *label(mica_edge_kind k)
{
	switch (k) {
	case MICA_EDGE_WRITE: return "w";
	case MICA_EDGE_READ: case MICA_EDGE_HOST_READ: return "r";
	case MICA_EDGE_HOSTCALL: return "hostcall";
	case MICA_EDGE_MMIO: return "mmio";
	case MICA_EDGE_PSCI: return "psci";
	case MICA_EDGE_RIPAS: return "ripas";
	case MICA_EDGE_PAGING: return "paging";
	case MICA_EDGE_EXIT: return "exit";
	default: return "?";
	}
}

static const char *node_name(const model *m, unsigned node, char *buf)
{
	if (node == m->host)
		return "host";
	if (node == m->any)
		return "any";
	if (node < m->nrealms)
		sprintf(buf, "r%u", node);
	else
		sprintf(buf, "g%u", node - m->nrealms);
	return buf;
}

/* Walks node's f->next against the model; returns the sink reached and
 * appends the note text the checker should print for it to note. */
static unsigned check_walk(const model *m, const ct_policy *p,
			   unsigned node, char *note, size_t n)
{
	const mica_flow *f = p->f;
	unsigned start = node, hops = 0, k;
	char nb[16];

	note[0] = '\0';
	ct_cat(note, n, "%s", node_name(m, node, nb));
	while (f->next[node] != MICA_FLOW_NONE) {
		const mica_flow_edge *e;
		ck_assert_uint_lt(f->next[node], f->nedges);
		e = &f->edges[f->next[node]];
		ck_assert_uint_eq(e->from, node);
		ck_assert_msg(hops == 0 || !m_is_trusted(m, node),
			      "policy %s: the path of node %u passes trusted "
			      "realm %u", m->text, start, node);
		ck_assert_msg(!m_is_sink(m, node), "path passes a sink");
		/* The hop is one of the model's edges, kind and line too. */
		for (k = 0; k < m->nedges; k++)
			if (m->edges[k].from == e->from &&
			    m->edges[k].to == e->to &&
			    m->edges[k].kind == e->kind &&
			    m->edges[k].line ==
			    mica_flow_edge_loc(p->f, e).first_line)
				break;
		ck_assert_msg(k < m->nedges, "hop %u -> %u (kind %d, line "
			      "%u) of node %u is no edge of the policy:\n%s",
			      e->from, e->to, (int)e->kind,
			      mica_flow_edge_loc(p->f, e).first_line,
			      start, m->text);
		ct_cat(note, n, " --%s--> %s", label(e->kind),
		       node_name(m, e->to, nb));
		hops_of[e->kind]++;
		if (e->kind == MICA_EDGE_HOST_READ)
			ct_cat(note, n, " (implicit: unprotected region)");
		else if (e->kind == MICA_EDGE_EXIT)
			ct_cat(note, n, " (t.mica:%u: strict = false)",
			       mica_flow_edge_loc(p->f, e).first_line);
		else
			ct_cat(note, n, " (t.mica:%u)",
			       mica_flow_edge_loc(p->f, e).first_line);
		node = e->to;
		hops++;
		ck_assert_uint_le(hops, m->nnodes);
	}
	if (m->to_sink[start] == INF) {
		ck_assert_msg(hops == 0, "node %u has a path but the brute "
			      "force finds none:\n%s", start, m->text);
	} else {
		ck_assert_msg(hops == (unsigned)m->to_sink[start],
			      "node %u: path of %u hops, shortest is %d:\n%s",
			      start, hops, m->to_sink[start], m->text);
		ck_assert(m_is_sink(m, node));
	}
	if (hops > longest)
		longest = hops;
	return node;
}

static void compare(const model *m, const ct_policy *p)
{
	char note[4096], want[4096], nb[16];
	unsigned i, leaks = 0;
	const char *s;

	ck_assert_uint_eq(p->ir->nrealms, m->nrealms);
	ck_assert_uint_eq(p->ir->nregions, m->nregions);
	ck_assert_uint_eq(p->f->nnodes, m->nnodes);
	ck_assert_uint_eq(p->f->host, m->host);
	ck_assert_uint_eq(p->f->nedges, m->nedges);
	for (i = 0; i < m->nnodes; i++)
		ck_assert_str_eq(mica_flow_name(p->f, i),
				 node_name(m, i, nb));
	/* The same edges (the model's are distinct, and as many). */
	for (i = 0; i < p->f->nedges; i++) {
		const mica_flow_edge *e = &p->f->edges[i];
		unsigned k;
		for (k = 0; k < m->nedges; k++)
			if (m->edges[k].from == e->from &&
			    m->edges[k].to == e->to &&
			    m->edges[k].kind == e->kind &&
			    m->edges[k].line ==
			    mica_flow_edge_loc(p->f, e).first_line)
				break;
		ck_assert_msg(k < m->nedges, "edge %u -> %u (kind %d, line "
			      "%u) is not in the policy:\n%s", e->from, e->to,
			      (int)e->kind,
			      mica_flow_edge_loc(p->f, e).first_line, m->text);
	}

	for (i = 0; i < m->nnodes; i++) {
		unsigned sink = check_walk(m, p, i, note, sizeof note);
		int bf_leaks = i < m->nrealms &&
			       m->realms[i].trust == MICA_DISTRUSTFUL &&
			       m->to_sink[i] != INF;
		ck_assert_msg(mica_flow_leaks(p->f, i) == bf_leaks,
			      "node %u: mica_flow_leaks %d, brute force %d:\n%s",
			      i, mica_flow_leaks(p->f, i), bf_leaks, m->text);
		if (!bf_leaks) {
			snprintf(want, sizeof want, "error: distrustful realm "
				 "'r%u' ", i);
			if (i < m->nrealms)
				ck_assert_msg(!strstr(p->out, want),
					      "r%u reported:\n%s\n%s", i,
					      p->out, m->text);
			continue;
		}
		leaks++;
		/* The error names the sink the path ends at... */
		snprintf(want, sizeof want, "t.mica:%u:7: error: distrustful "
			 "realm 'r%u' can leak data to ", m->realms[i].line, i);
		if (sink == m->host) {
			ct_cat(want, sizeof want, "the host\n");
			sink_host++;
		} else if (sink == m->any) {
			ct_cat(want, sizeof want, "realms outside the policy "
			       "('any')\n");
			sink_any++;
		} else {
			ct_cat(want, sizeof want, "untrusted realm 'r%u'\n",
			       sink);
			sink_untrusted++;
		}
		ck_assert_msg(strstr(p->out, want), "expected %sgot:\n%s\n%s",
			      want, p->out, m->text);
		/* ...and the note prints that path hop by hop. */
		ck_assert_uint_lt(m->to_sink[i], 24);   /* not elided */
		want[0] = '\0';
		ct_cat(want, sizeof want, "t.mica:%u:7: note: leak path: "
		       "%s\n", m->realms[i].line, note);
		ck_assert_msg(strstr(p->out, want), "expected %sgot:\n%s\n%s",
			      want, p->out, m->text);
	}
	/* One flow error per leaking realm, and no other error. */
	ck_assert_msg(p->check_errors == leaks, "%u errors for %u leaks:\n"
		      "%s\n%s", p->check_errors, leaks, p->out, m->text);
	for (i = 0, s = p->out; (s = strstr(s, ": error: ")); s++)
		i++;
	ck_assert_uint_eq(i, leaks);
	if (leaks)
		rejected++;
	else
		accepted++;
}

START_TEST(flow_matches_brute_force)
{
	static model m;
	ct_policy p;
	unsigned n;

	rng_state = 20250101;
	for (n = 0; n < NPOLICIES; n++) {
		generate(&m, n);
		brute_force(&m);
		ct_load(&p, m.text);
		compare(&m, &p);
		ct_free(&p);
		free(m.text);
	}
	printf("property: %u policies, %u accepted, %u rejected; leaks to "
	       "the host %u, to any %u, to untrusted realms %u; longest "
	       "path %u hops; exit hops hostcall %u, mmio %u, psci %u, "
	       "ripas %u, paging %u\n", NPOLICIES, accepted, rejected,
	       sink_host, sink_any, sink_untrusted, longest,
	       hops_of[MICA_EDGE_HOSTCALL], hops_of[MICA_EDGE_MMIO],
	       hops_of[MICA_EDGE_PSCI], hops_of[MICA_EDGE_RIPAS],
	       hops_of[MICA_EDGE_PAGING]);
	ck_assert_uint_eq(accepted + rejected, NPOLICIES);
	ck_assert_msg(accepted >= NPOLICIES / 5 && rejected >= NPOLICIES / 5,
		      "unbalanced generator: %u accepted, %u rejected",
		      accepted, rejected);
	ck_assert_uint_ge(sink_host, 50);
	ck_assert_uint_ge(sink_any, 50);
	ck_assert_uint_ge(sink_untrusted, 50);
	ck_assert_uint_ge(longest, 5);
	/* Every kind of exit was walked on some path. */
	ck_assert_uint_ge(hops_of[MICA_EDGE_HOSTCALL], 50);
	ck_assert_uint_ge(hops_of[MICA_EDGE_MMIO], 50);
	ck_assert_uint_ge(hops_of[MICA_EDGE_PSCI], 50);
	ck_assert_uint_ge(hops_of[MICA_EDGE_RIPAS], 50);
	ck_assert_uint_ge(hops_of[MICA_EDGE_PAGING], 50);
}
END_TEST

/* The generator is deterministic: the same seed gives the same text. */
START_TEST(generator_is_deterministic)
{
	static model a, b;

	rng_state = 7;
	generate(&a, 0);
	rng_state = 7;
	generate(&b, 0);
	ck_assert_str_eq(a.text, b.text);
	free(a.text);
	free(b.text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("property");
	TCase *tc = tcase_create("flow");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, flow_matches_brute_force);
	tcase_add_test(tc, generator_is_deterministic);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	/* One process: the counters are printed by the test itself. */
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
