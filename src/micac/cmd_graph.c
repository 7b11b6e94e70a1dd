/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_graph.c -- micac graph FILE [-o OUT] [-T dot|svg|png]
 *
 * Writes the flow graph of man/mica.5 ("Confidentiality") as Graphviz DOT: realms
 * coloured by trust, regions as boxes, r/w edges, exits to the host, and
 * every leak path in red. With -T svg or png, Graphviz's `dot` renders
 * it. Without -T the format is OUT's extension (.dot or .gv, .svg,
 * .png), so `-o flow.svg` never holds DOT text. A policy with leaks is
 * still drawn (that is when the picture helps most), but the exit status
 * says it has errors. Output is whole or absent: a file through a
 * temporary renamed into place, standard output only once `dot` has
 * succeeded.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "mica/flow.h"
#include "mica/util.h"
#include "output.h"

static const char usage[] =
	"usage: micac graph FILE [-o OUT] [-T dot|svg|png] [--color=WHEN]\n"
	"  -o OUT            write the graph to OUT (default: standard output)\n"
	"  -T FORMAT         dot, or svg or png rendered by Graphviz; without\n"
	"                    -T, OUT's extension (.dot, .gv, .svg, .png), else dot\n"
	"  --color=auto|always|never\n"
	"                    colour the diagnostics (as micac check)\n"
	"FILE '-' is standard input.\n";

static const char *const trust_fill[] = {
	"#fff2a8",    /* distrustful: yellow */
	"#b8e6b0",    /* trusted: green */
	"#f4a6a6",    /* untrusted: red */
};

static void node_id(FILE *out, const mica_flow *f, uint32_t n)
{
	if (n == f->host)
		fputs("host", out);
	else if (n == f->any)
		fputs("any", out);
	else if (n < f->ir->nrealms)
		fprintf(out, "realm%u", n);
	else
		fprintf(out, "region%u", n - f->ir->nrealms);
}

static const char *edge_text(mica_edge_kind k)
{
	static const char *const text[] = {
		"w", "r", "r", "w", "hostcall", "mmio", "psci", "ripas",
		"paging", "exit", "entry",
	};
	return text[k];
}

static void write_dot(FILE *out, const mica_flow *f)
{
	const mica_ir *ir = f->ir;
	bool *leak = mica_xcalloc(f->nedges ? f->nedges : 1, sizeof *leak);
	bool any_used = false;
	uint32_t i;

	for (i = 0; i < f->nedges; i++)
		any_used |= f->edges[i].from == f->any || f->edges[i].to == f->any;

	/* Mark every edge on some distrustful realm's shortest leak. */
	for (i = 0; i < ir->nrealms; i++) {
		uint32_t n = i;
		if (!mica_flow_leaks(f, i))
			continue;
		while (!mica_flow_is_sink(f, n) && !leak[f->next[n]]) {
			leak[f->next[n]] = true;
			n = f->edges[f->next[n]].to;
		}
	}
	fprintf(out, "digraph \"%s\" {\n"
		"  rankdir=LR;\n"
		"  label=\"policy %s: information flow\";\n"
		"  node [fontname=\"Helvetica\"];\n"
		"  edge [fontname=\"Helvetica\", fontsize=10];\n"
		"  host [label=\"host\", shape=doubleoctagon, style=filled, "
		"fillcolor=\"#d9534f\", fontcolor=white];\n", ir->name, ir->name);
	if (any_used)   /* realms the policy does not name */
		fputs("  any [label=\"any\", shape=octagon, style=filled, "
		      "fillcolor=\"#d9534f\", fontcolor=white];\n", out);
	for (i = 0; i < ir->nrealms; i++) {
		const mica_ir_realm *r = &ir->realms[i];
		fprintf(out, "  realm%u [label=\"%s\\n%s%s\", shape=ellipse, "
			"style=filled, fillcolor=\"%s\"%s];\n", i, r->name,
			r->trust == MICA_TRUSTED ? "trusted" :
			r->trust == MICA_UNTRUSTED ? "untrusted" : "distrustful",
			r->strict ? "" : ", not strict", trust_fill[r->trust],
			mica_flow_leaks(f, i) ? ", color=red, penwidth=2" : "");
	}
	for (i = 0; i < ir->nregions; i++) {
		const mica_ir_region *g = &ir->regions[i];
		fprintf(out, "  region%u [label=\"%s\\n%s, %llu KiB\", "
			"shape=box%s];\n", i, g->name,
			g->kind == MICA_PROTECTED ? "protected" : "unprotected",
			(unsigned long long)(g->size / 1024),
			g->kind == MICA_UNPROTECTED ? ", style=dashed" : "");
	}
	for (i = 0; i < f->nedges; i++) {
		const mica_flow_edge *e = &f->edges[i];
		bool implicit = e->kind == MICA_EDGE_HOST_READ ||
				e->kind == MICA_EDGE_HOST_WRITE;
		fputs("  ", out);
		node_id(out, f, e->from);
		fputs(" -> ", out);
		node_id(out, f, e->to);
		fprintf(out, " [label=\"%s\"%s%s];\n", edge_text(e->kind),
			implicit ? ", style=dotted" : "",
			leak[i] ? ", color=red, fontcolor=red, penwidth=2" : "");
	}
	fputs("}\n", out);
	free(leak);
}

/* The format OUT's extension names, or NULL. */
static const char *format_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');

	if (!dot)
		return NULL;
	if (strcasecmp(dot, ".dot") == 0 || strcasecmp(dot, ".gv") == 0)
		return "dot";
	if (strcasecmp(dot, ".svg") == 0)
		return "svg";
	if (strcasecmp(dot, ".png") == 0)
		return "png";
	return NULL;
}

/* Whether an executable `dot` is on PATH, as execlp would find it. */
static bool have_dot(void)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		if (n + 5 < sizeof buf) {
			memcpy(buf, n ? path : ".", n ? n : 1);
			memcpy(buf + (n ? n : 1), "/dot", 5);
			if (access(buf, X_OK) == 0)
				return true;
		}
		path += n;
		if (*path == ':')
			path++;
	}
	return false;
}

/* Copies the file in, from its start, to out. */
static int copy(FILE *in, FILE *out)
{
	char buf[65536];
	size_t n;

	rewind(in);
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			return -1;
	return ferror(in) ? -1 : 0;
}

/* Renders DOT text through `dot -T<fmt>` into the file out. */
static int render(const char *dot, size_t len, const char *fmt, FILE *out)
{
	int in[2];
	pid_t pid;
	int status;
	char arg[32];

	snprintf(arg, sizeof arg, "-T%s", fmt);
	if (pipe(in) != 0)
		return -1;
	fflush(out);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(fileno(out), 1);
		close(in[0]);
		close(in[1]);
		execlp("dot", "dot", arg, (char *)NULL);
		fprintf(stderr, "micac: cannot run Graphviz 'dot': %s\n",
			strerror(errno));
		_exit(127);
	}
	close(in[0]);
	/* If dot dies without reading, write() must fail, not kill us and
	 * leave the temporary output behind. */
	signal(SIGPIPE, SIG_IGN);
	while (len) {
		ssize_t n = write(in[1], dot, len);
		if (n <= 0)
			break;
		dot += n;
		len -= (size_t)n;
	}
	close(in[1]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0 || len)
		return -1;
	return 0;
}

int micac_graph(int argc, char **argv)
{
	const char *file = NULL, *outpath = NULL, *fmt = NULL;
	mica_unit u;
	mica_flow *f;
	micac_output o;
	FILE *out = stdout;
	char *dot = NULL;
	size_t dotlen = 0;
	FILE *mem;
	static const struct option longs[] = {
		MICAC_COLOR_OPTION,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	micac_diag_opts dopts = MICAC_DIAG_OPTS_INIT;
	int c, st, rc = 0;

	optind = 0;
	while ((c = micac_getopt(argc, argv, "ho:T:", longs, usage)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return MICAC_OK;
		} else if (c == 'o') {
			outpath = optarg;
		} else if (c == 'T') {
			fmt = optarg;
		} else if (c != MICAC_OPT_COLOR ||
			   micac_diag_option(&dopts, c, optarg, usage) != 0) {
			return MICAC_USAGE;
		}
	}
	if (optind != argc - 1)
		return micac_usage_error("graph", optind < argc
					 ? "one FILE only" : "needs a FILE",
					 usage);
	file = argv[optind];
	if (!fmt && outpath && !(fmt = format_of(outpath))) {
		fprintf(stderr, "micac: graph: cannot tell a format from '%s': "
			"name it .dot, .gv, .svg or .png, or use -T\n%s",
			outpath, usage);
		return MICAC_USAGE;
	}
	if (!fmt)
		fmt = "dot";
	if (strcmp(fmt, "dot") && strcmp(fmt, "svg") && strcmp(fmt, "png")) {
		fprintf(stderr, "micac: graph: unknown format '%s': use dot, "
			"svg or png\n%s", fmt, usage);
		return MICAC_USAGE;
	}
	/* Said before anything is read or written. */
	if (strcmp(fmt, "dot") != 0 && !have_dot()) {
		fprintf(stderr, "micac: graph: cannot render %s: Graphviz's "
			"'dot' is not installed (Debian package graphviz); "
			"-T dot writes the graph as DOT text\n", fmt);
		return MICAC_USAGE;
	}
	st = micac_load(&u, file, MICA_TO_CHECK, &dopts);
	if (st == MICAC_USAGE)
		return st;
	if (!u.ir || u.front_errors) {  /* nothing sound to draw */
		mica_unit_free(&u);
		return MICAC_POLICY;
	}
	f = mica_flow_build(u.ir);
	mem = open_memstream(&dot, &dotlen);
	if (!mem)
		mica_fatal("out of memory");
	write_dot(mem, f);
	fclose(mem);
	mica_flow_free(f);
	mica_unit_free(&u);

	if (outpath) {
		if (micac_output_open(&o, outpath) != 0) {
			free(dot);
			return MICAC_USAGE;
		}
		out = o.f;
	}
	if (strcmp(fmt, "dot") == 0) {
		rc = fwrite(dot, 1, dotlen, out) == dotlen ? 0 : -1;
	} else if (outpath) {
		rc = render(dot, dotlen, fmt, out);
	} else {
		/* Standard output gets the picture once it is complete. */
		FILE *t = tmpfile();
		rc = t ? render(dot, dotlen, fmt, t) : -1;
		if (rc == 0)
			rc = copy(t, out);
		if (t)
			fclose(t);
	}
	free(dot);
	if (rc != 0)
		fprintf(stderr, "micac: graph: cannot %s\n",
			strcmp(fmt, "dot") ? "render with Graphviz 'dot'"
					   : "write the graph");
	if (outpath) {
		if (rc != 0)
			micac_output_abort(&o);
		else if (micac_output_commit(&o) != 0)
			rc = -1;
	}
	return rc != 0 ? MICAC_USAGE : st;
}
