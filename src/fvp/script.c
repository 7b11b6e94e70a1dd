/*
 * script.c -- `mica-fvp script FILE [--verbose]`: plays a scenario file
 * (man/mica-fvp-scenario.5) against the model, one step per line.
 *
 * A scenario is the untrusted host's side of an attack written out step
 * by step: the host creates, binds, activates and maps Realms one RMI
 * call at a time, makes Realms load, store, call the host and attest
 * through the scenario program (fvp_program_script), and reads memory
 * through the GPT. Every step has an expectation (ok, or denied with
 * the status that must refuse it); the first one not met ends the run
 * with status 1, so a scenario is a test that fails when the RMM lets
 * an attack through. Anything wrong with the scenario itself (syntax,
 * unknown names, unreadable files) is status 2 with FILE:LINE:COL.
 *
 * Bad input must never crash the model: every name is looked up before
 * it is used, every number is range checked, and a Realm step on a
 * Realm that has no vCPU is denied, not dereferenced.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fvp.h"

#define MAXTOK 24
#define MAXOTHER 4
#define MAXENTRIES 16     /* REC_ENTERs one Realm step may take */
#define DEFAULT_WRITE "mica-scenario-probe"

struct tok {
	char *s;
	unsigned col;         /* 1-based */
};

/* What a step did: ok, or denied with a tag an expectation can pin
 * ("ERROR_INPUT", "sea", "rsi", "psci", "gpf", "challenge-fails"...). */
struct outcome {
	int ok;
	char tag[32];
	char detail[200];
};

struct scn {
	const char *file;
	char dir[4096];
	int verbose;
	unsigned line;
	unsigned endcol;              /* column just past the line's text */
	struct fvp_policy pol;
	int have_pol;
	int adopt;
	struct fvp_host h;
	int have_host;
	struct fvp_policy other[MAXOTHER];
	char other_name[MAXOTHER][32];
	int nother;
	uint8_t *token;               /* the last token a Realm made */
	size_t ntoken;
	uint8_t challenge[64];        /* the challenge it was made for */
	char canary[40];
};

/* ---- diagnostics --------------------------------------------------------- */

/* A problem with the scenario itself: status 2. */
static int syntax(struct scn *s, unsigned col, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%u:%u: error: ", s->file, s->line, col);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

static void deny(struct outcome *o, const char *tag, const char *fmt, ...)
{
	va_list ap;

	o->ok = 0;
	snprintf(o->tag, sizeof o->tag, "%s", tag);
	va_start(ap, fmt);
	vsnprintf(o->detail, sizeof o->detail, fmt, ap);
	va_end(ap);
}

static void okay(struct outcome *o, const char *fmt, ...)
{
	va_list ap;

	o->ok = 1;
	o->tag[0] = 0;
	va_start(ap, fmt);
	vsnprintf(o->detail, sizeof o->detail, fmt, ap);
	va_end(ap);
}

static const char *rmi_name(unsigned long st)
{
	static const char *const name[] = {
		"SUCCESS", "ERROR_INPUT", "ERROR_REALM", "ERROR_REC", "ERROR_RTT",
	};
	unsigned k = (unsigned)MICA_RMI_STATUS(st);

	return k < 5 ? name[k] : "ERROR_UNKNOWN";
}

/* The outcome of an RMI step: its status names the denial. */
static void rmi_outcome(struct outcome *o, const char *what, unsigned long st)
{
	if (st == 0)
		okay(o, "%s: SUCCESS", what);
	else
		deny(o, rmi_name(st), "%s: %s, index %lu", what, rmi_name(st),
		     (unsigned long)MICA_RMI_INDEX(st));
}

/* ---- tokens and numbers -------------------------------------------------- */

/* Splits line in place into tokens; a '#' starts a comment. Returns the
 * count, or -1 when there are more than MAXTOK (col of the first extra
 * one in *bad). */
static int tokenize(char *line, struct tok *t, unsigned *bad, unsigned *end)
{
	int n = 0;
	char *p = line;

	*end = 1;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p == 0 || *p == '#')
			break;
		if (n == MAXTOK) {
			*bad = (unsigned)(p - line) + 1;
			return -1;
		}
		t[n].s = p;
		t[n].col = (unsigned)(p - line) + 1;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' &&
		       *p != '\n' && *p != '#')
			p++;
		*end = (unsigned)(p - line) + 1;
		n++;
		if (*p == '#') {
			*p = 0;
			break;
		}
		if (*p)
			*p++ = 0;
	}
	return n;
}

/* An unsigned number: decimal or 0x hex, '_' between digits allowed
 * (as in policies). 0, or -1 when it is not one or does not fit. */
static int number(const char *s, uint64_t *v)
{
	char buf[80], *end;
	size_t n = 0;

	if (*s == 0 || *s == '_')
		return -1;
	for (; *s; s++) {
		if (*s == '_')
			continue;
		if (n + 1 >= sizeof buf)
			return -1;
		buf[n++] = *s;
	}
	buf[n] = 0;
	if (buf[0] == '-' || buf[0] == '+')
		return -1;
	errno = 0;
	*v = strtoull(buf, &end, 0);
	return errno || *end || end == buf ? -1 : 0;
}

static int hexbytes(const char *s, uint8_t *out, size_t cap, size_t *n)
{
	size_t len = strlen(s);

	if (len == 0 || len % 2 || len / 2 > cap)
		return -1;
	for (size_t i = 0; i < len / 2; i++) {
		unsigned v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1 ||
		    !strchr("0123456789abcdefABCDEF", s[2 * i]) ||
		    !strchr("0123456789abcdefABCDEF", s[2 * i + 1]))
			return -1;
		out[i] = (uint8_t)v;
	}
	*n = len / 2;
	return 0;
}

/* ---- names ---------------------------------------------------------------- */

/* Are there at least k words? Else a syntax error at the end of line. */
static int need(struct scn *s, const struct tok *t, int n, int k,
		const char *what)
{
	(void)t;
	if (n >= k)
		return 0;
	return syntax(s, s->endcol, "missing %s", what);
}

static int realm_arg(struct scn *s, const struct tok *t, uint32_t *i)
{
	int r = fvp_policy_realm(&s->pol, t->s);

	if (r < 0)
		return syntax(s, t->col, "no realm '%s' in policy '%s'", t->s,
			      s->pol.ir->name);
	*i = (uint32_t)r;
	return 0;
}

static int region_arg(struct scn *s, const struct tok *t, uint32_t *g)
{
	int r = fvp_policy_region(&s->pol, t->s);

	if (r < 0)
		return syntax(s, t->col, "no region '%s' in policy '%s'", t->s,
			      s->pol.ir->name);
	*g = (uint32_t)r;
	return 0;
}

/* [ALIAS:]REALM: a realm of the scenario's policy or of one loaded with
 * `load ALIAS PATH`. */
static int qualified_realm(struct scn *s, const struct tok *t,
			   const struct fvp_policy **pol, uint32_t *i)
{
	const char *colon = strchr(t->s, ':');
	int r;

	*pol = &s->pol;
	if (colon != NULL) {
		size_t n = (size_t)(colon - t->s);
		int k;

		for (k = 0; k < s->nother; k++)
			if (strlen(s->other_name[k]) == n &&
			    strncmp(s->other_name[k], t->s, n) == 0)
				break;
		if (k == s->nother)
			return syntax(s, t->col, "no policy loaded as '%.*s'",
				      (int)n, t->s);
		*pol = &s->other[k];
	}
	r = fvp_policy_realm(*pol, colon ? colon + 1 : t->s);
	if (r < 0)
		return syntax(s, t->col, "no realm '%s' in policy '%s'",
			      colon ? colon + 1 : t->s, (*pol)->ir->name);
	*i = (uint32_t)r;
	return 0;
}

/* The window of realm i in region g, or NULL. */
static const mica_ir_access *window(const struct scn *s, uint32_t i,
				    uint32_t g)
{
	const mica_ir_realm *r = &s->pol.ir->realms[i];

	for (uint32_t w = 0; w < r->nmaps; w++)
		if (r->maps[w].region == g)
			return &s->pol.ir->regions[g].accesses[r->maps[w].access];
	return NULL;
}

static uint64_t region_pages(const struct scn *s, uint32_t g)
{
	return s->pol.ir->regions[g].size / FVP_GRANULE;
}

/* A fresh granule, delegated when realm_pas: the host's spare memory. */
static unsigned long fresh_granule(struct scn *s, int realm_pas)
{
	unsigned long pa = fvp_host_granule(&s->h), r[5];
	unsigned long x[7] = { MICA_RMI_GRANULE_DELEGATE, pa, 0, 0, 0, 0, 0 };

	if (pa == 0 || !realm_pas)
		return pa;
	return fvp_smc(&s->h.m, x, r) == 0 ? pa : 0;
}

/* A physical granule: REGION:PAGE (the page's granule, allocated and
 * delegated for a protected region on first use), fresh (a new
 * delegated granule), ns (a new NS granule), data:REALM:K (DATA granule
 * k of a realm: 0 is its image), rd:REALM, rec:REALM, or a number. */
static int pa_arg(struct scn *s, const struct tok *t, unsigned long *pa)
{
	char buf[128], *colon, *rest;
	uint64_t v;
	uint32_t i = 0, g = 0;

	if (strcmp(t->s, "fresh") == 0 || strcmp(t->s, "ns") == 0) {
		*pa = fresh_granule(s, t->s[0] == 'f');
		return *pa ? 0 : syntax(s, t->col, "the model is out of memory");
	}
	if (number(t->s, &v) == 0) {
		*pa = (unsigned long)v;
		return 0;
	}
	snprintf(buf, sizeof buf, "%s", t->s);
	colon = strchr(buf, ':');
	if (colon == NULL)
		return syntax(s, t->col, "expected a granule (REGION:PAGE, fresh, "
			      "ns, data:REALM:K, rd:REALM, rec:REALM or a PA), "
			      "got '%s'", t->s);
	*colon = 0;
	rest = colon + 1;
	if (strcmp(buf, "data") == 0 || strcmp(buf, "rd") == 0 ||
	    strcmp(buf, "rec") == 0) {
		char *k = strchr(rest, ':');
		int r;

		v = 0;
		if (k != NULL) {
			*k++ = 0;
			if (buf[0] != 'd' || number(k, &v) != 0 ||
			    v > FVP_RAM_PAGES)
				return syntax(s, t->col, "bad page in '%s'", t->s);
		}
		if ((r = fvp_policy_realm(&s->pol, rest)) < 0)
			return syntax(s, t->col, "no realm '%s'", rest);
		i = (uint32_t)r;
		*pa = buf[0] == 'd' && buf[1] == 'a' ? s->h.realm[i].data[v]
		      : buf[1] == 'd' ? s->h.realm[i].rd : s->h.realm[i].rec;
		return 0;
	}
	{
		struct tok rt = { buf, t->col };

		if (region_arg(s, &rt, &g) != 0)
			return 2;
	}
	if (number(rest, &v) != 0 || v >= region_pages(s, g))
		return syntax(s, t->col, "page '%s' is not one of region '%s' "
			      "(0..%llu)", rest, buf,
			      (unsigned long long)region_pages(s, g) - 1);
	*pa = fvp_host_region_page(&s->h, g, v);
	return *pa ? 0 : syntax(s, t->col, "the model is out of memory");
}

/* ---- the Realm side -------------------------------------------------------- */

/* What the host saw while a Realm carried out one op. */
struct seen {
	int hostcall, psci, mmio, ripas, abort;
	uint64_t imm, ipa, ripas_base, ripas_top;
	unsigned long st;             /* a REC_ENTER that failed */
	unsigned entries;
};

/* Hands op to realm i and enters it until it says done (bounded). The
 * host answers every exit the way fvp_host_enter does. */
static int run_op(struct scn *s, uint32_t i, const struct fvp_op *op,
		  struct seen *seen, struct outcome *o)
{
	struct fvp_vcpu *v = s->h.realm[i].vcpu;

	memset(seen, 0, sizeof *seen);
	if (v == NULL) {
		deny(o, "no-rec", "realm '%s' has no REC to run",
		     s->pol.ir->realms[i].name);
		return -1;
	}
	/* The vCPU is parked (it runs only inside REC_ENTER). */
	free(v->op.token);
	v->op = *op;
	v->op.done = 0;
	v->op.token = NULL;
	while (!v->op.done && seen->entries < MAXENTRIES) {
		struct fvp_exit ex;

		seen->entries++;
		seen->st = fvp_host_enter(&s->h, i, &ex);
		if (seen->st != 0) {
			deny(o, rmi_name(seen->st), "REC_ENTER: %s",
			     rmi_name(seen->st));
			return -1;
		}
		if (ex.reason == MICA_RMI_EXIT_HOST_CALL) {
			seen->hostcall = 1;
			seen->imm = ex.imm;
		} else if (ex.reason == MICA_RMI_EXIT_PSCI) {
			seen->psci = 1;
		} else if (ex.reason == MICA_RMI_EXIT_RIPAS_CHANGE) {
			seen->ripas = 1;
			seen->ripas_base = ex.ripas_base;
			seen->ripas_top = ex.ripas_top;
		} else if (ex.reason == MICA_RMI_EXIT_SYNC &&
			   (ex.esr >> MICA_ESR_EC_SHIFT) == MICA_ESR_EC_DABT) {
			if (ex.esr & MICA_ESR_ISV)
				seen->mmio = 1;
			else
				seen->abort = 1;
			seen->ipa = (ex.hpfar >> 4) << 12 | (ex.far & 0xFFF);
		}
	}
	if (!v->op.done) {
		deny(o, "timeout", "the realm did not finish in %u entries",
		     MAXENTRIES);
		return -1;
	}
	return 0;
}

/* A load or store: denied with "sea" when an abort ended it. */
static void access_outcome(struct scn *s, uint32_t i, int write,
			   uint64_t ipa, const void *data, size_t n,
			   const void *want, struct outcome *o)
{
	struct fvp_op op;
	struct seen seen;
	struct fvp_vcpu *v;

	memset(&op, 0, sizeof op);
	op.kind = write ? FVP_OP_WRITE : FVP_OP_READ;
	op.ipa = ipa;
	op.len = n;
	if (write)
		memcpy(op.data, data, n);
	if (run_op(s, i, &op, &seen, o) != 0)
		return;
	v = s->h.realm[i].vcpu;
	if (v->op.fault)
		deny(o, "sea", "%s of %zu bytes at IPA 0x%llx took an SEA",
		     write ? "store" : "load", n, (unsigned long long)ipa);
	else if (want != NULL && memcmp(v->op.out, want, n) != 0)
		deny(o, "mismatch", "load at IPA 0x%llx read other bytes",
		     (unsigned long long)ipa);
	else
		okay(o, "%s of %zu bytes at IPA 0x%llx", write ? "store" : "load",
		     n, (unsigned long long)ipa);
}

/* ---- steps ------------------------------------------------------------------ */

typedef int step_fn(struct scn *s, struct tok *t, int n, struct outcome *o);

static int load_policy(struct scn *s, const struct tok *t,
		       struct fvp_policy *p)
{
	char path[8192];
	int rc;

	if (t->s[0] == '/')
		snprintf(path, sizeof path, "%s", t->s);
	else
		snprintf(path, sizeof path, "%s/%s", s->dir, t->s);
	rc = fvp_policy_load(p, path);
	if (rc != 0) {
		fvp_policy_free(p);
		return syntax(s, t->col, "cannot load policy '%s'%s", path,
			      rc == 1 ? " (it has errors)" : "");
	}
	return 0;
}

static int step_policy(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	uint64_t h = 1469598103934665603ull;
	const char *base;

	if (s->have_pol)
		return syntax(s, t[0].col, "a scenario has one `policy` line "
			      "(use `load ALIAS PATH` for others)");
	if (need(s, t, n, 2, "policy path"))
		return 2;
	if (n > 3 || (n == 3 && strcmp(t[2].s, "adopt") != 0))
		return syntax(s, t[n - 1].col, "expected `adopt` or the end of "
			      "the line");
	if (load_policy(s, &t[1], &s->pol) != 0)
		return 2;
	s->have_pol = 1;
	s->adopt = n == 3;
	if (fvp_policy_measure(&s->pol) != 0)
		return syntax(s, t[1].col, "cannot measure the realm images");
	if (fvp_host_init(&s->h, &s->pol) != 0)
		return syntax(s, t[1].col, "cannot start the model");
	s->have_host = 1;
	/* The canary: fixed per scenario file name, so runs repeat. */
	base = strrchr(s->file, '/');
	for (base = base ? base + 1 : s->file; *base; base++)
		h = (h ^ (uint8_t)*base) * 1099511628211ull;
	snprintf(s->canary, sizeof s->canary, "MICA-CANARY-%016llx",
		 (unsigned long long)h);
	okay(o, "policy '%s', %u realms, %u regions%s", s->pol.ir->name,
	     s->pol.ir->nrealms, s->pol.ir->nregions,
	     s->adopt ? ", declared measurements adopted" : "");
	return 0;
}

static int step_load(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	if (need(s, t, n, 3, "`load ALIAS PATH`"))
		return 2;
	if (n > 3)
		return syntax(s, t[3].col, "unexpected '%s'", t[3].s);
	if (s->nother == MAXOTHER)
		return syntax(s, t[0].col, "at most %d policies can be loaded",
			      MAXOTHER);
	if (strlen(t[1].s) >= sizeof s->other_name[0] || strchr(t[1].s, ':'))
		return syntax(s, t[1].col, "bad alias '%s'", t[1].s);
	for (int k = 0; k < s->nother; k++)
		if (strcmp(s->other_name[k], t[1].s) == 0)
			return syntax(s, t[1].col, "alias '%s' is taken", t[1].s);
	if (load_policy(s, &t[2], &s->other[s->nother]) != 0)
		return 2;
	strcpy(s->other_name[s->nother], t[1].s);
	okay(o, "policy '%s' loaded as '%s'", s->other[s->nother].ir->name,
	     t[1].s);
	s->nother++;
	return 0;
}

/* create REALM [image [ALIAS:]REALM2] [windows [ALIAS:]REALM3] [width BITS] */
static int step_create(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	const struct fvp_policy *pol;
	struct fvp_create c = { NULL, NULL, 0, 0 };
	uint32_t i = 0, j = 0;
	unsigned long st;
	uint64_t bits;

	if (need(s, t, n, 2, "realm name") || realm_arg(s, &t[1], &i))
		return 2;
	for (int k = 2; k < n; k += 2) {
		if (k + 1 == n || (strcmp(t[k].s, "image") != 0 &&
				   strcmp(t[k].s, "windows") != 0 &&
				   strcmp(t[k].s, "width") != 0))
			return syntax(s, t[k].col, "expected `image [ALIAS:]REALM`, "
				      "`windows [ALIAS:]REALM`, `width BITS` or "
				      "the end of the line");
		if (strcmp(t[k].s, "width") == 0) {
			if (number(t[k + 1].s, &bits) != 0 || bits > 64)
				return syntax(s, t[k + 1].col, "expected an IPA "
					      "width in bits, got '%s'",
					      t[k + 1].s);
			c.s2sz = (unsigned)bits;   /* the RMM judges it */
			continue;
		}
		if (qualified_realm(s, &t[k + 1], &pol, &j))
			return 2;
		if (strcmp(t[k].s, "image") == 0) {
			c.image = pol->img[j].image;
		} else {
			c.layout = pol->ir;
			c.layout_realm = j;
		}
	}
	st = fvp_host_create_with(&s->h, i, &c);
	if (s->h.realm[i].vcpu != NULL)
		s->h.realm[i].vcpu->program = fvp_program_script;
	/* Adopting stands for "this realm's own image measures what the
	 * policy declares"; another image keeps its true measurement. */
	if (st == 0 && s->adopt && c.image == NULL)
		fvp_host_adopt(&s->h, i);
	rmi_outcome(o, "realm created", st);
	return 0;
}

static int read_file(struct scn *s, const struct tok *t, uint8_t **buf,
		     size_t *len)
{
	char path[8192];
	FILE *f;
	size_t cap = 65536;

	snprintf(path, sizeof path, "%s%s%s", t->s[0] == '/' ? "" : s->dir,
		 t->s[0] == '/' ? "" : "/", t->s);
	if ((f = fopen(path, "rb")) == NULL)
		return syntax(s, t->col, "cannot open '%s': %s", path,
			      strerror(errno));
	*buf = malloc(cap);
	*len = *buf ? fread(*buf, 1, cap, f) : 0;
	fclose(f);
	return *buf ? 0 : syntax(s, t->col, "out of memory");
}

static int step_bind(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	const struct fvp_policy *pol = &s->pol;
	const mica_output *b;
	uint8_t *copy;
	size_t len;
	uint32_t i = 0, j = 0;
	uint64_t v = 0;

	if (need(s, t, n, 2, "realm name") || realm_arg(s, &t[1], &i))
		return 2;
	j = i;
	if (n >= 4 && strcmp(t[2].s, "blob") == 0 && strcmp(t[3].s, "file") == 0) {
		if (need(s, t, n, 5, "blob file path"))
			return 2;
		if (n > 5)
			return syntax(s, t[5].col, "unexpected '%s'", t[5].s);
		if (read_file(s, &t[4], &copy, &len) != 0)
			return 2;
	} else {
		if (n == 4 && strcmp(t[2].s, "blob") == 0) {
			if (qualified_realm(s, &t[3], &pol, &j))
				return 2;
		} else if (n == 4 && (strcmp(t[2].s, "tamper") == 0 ||
				      strcmp(t[2].s, "truncate") == 0)) {
			if (number(t[3].s, &v) != 0)
				return syntax(s, t[3].col, "expected a number, got '%s'",
					      t[3].s);
		} else if (n != 2) {
			return syntax(s, t[2].col, "expected `blob [ALIAS:]REALM`, "
				      "`blob file PATH`, `tamper OFFSET`, "
				      "`truncate LEN` or the end of the line");
		}
		if ((b = fvp_policy_blob(pol, j)) == NULL)
			return syntax(s, t[1].col, "policy has no blob for '%s'",
				      pol->ir->realms[j].name);
		len = b->len;
		if ((copy = malloc(len ? len : 1)) == NULL)
			return syntax(s, t[1].col, "out of memory");
		memcpy(copy, b->data, len);
		if (n == 4 && t[2].s[0] == 't' && t[2].s[1] == 'a') {
			if (v >= len) {
				free(copy);
				return syntax(s, t[3].col, "offset %llu is past the "
					      "blob's %zu bytes",
					      (unsigned long long)v, len);
			}
			copy[v] ^= 0x01;   /* one flipped bit */
		} else if (n == 4 && t[2].s[0] == 't') {
			if (v == 0 || v >= len) {
				free(copy);
				return syntax(s, t[3].col, "length must be 1..%zu",
					      len - 1);
			}
			len = (size_t)v;
		}
	}
	rmi_outcome(o, "POLICY_BIND", fvp_host_bind(&s->h, i, copy, len));
	free(copy);
	return 0;
}

/* activate REALM, destroy REALM: the host's whole sequence for one
 * realm, its outcome that of the first refused call. */
static int step_realm(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	uint32_t i = 0;

	if (need(s, t, n, 2, "realm name") || realm_arg(s, &t[1], &i))
		return 2;
	if (n > 2)
		return syntax(s, t[2].col, "unexpected '%s'", t[2].s);
	if (strcmp(t[0].s, "activate") == 0)
		rmi_outcome(o, "REALM_ACTIVATE", fvp_host_activate(&s->h, i));
	else
		rmi_outcome(o, "realm destroyed", fvp_host_destroy(&s->h, i));
	return 0;
}

/* One page of region g into realm i at ipa: SHARE_MAP for a protected
 * region, RTT_MAP_UNPROTECTED with the window's rights otherwise. */
static unsigned long map_page(struct scn *s, uint32_t i, uint32_t g,
			      unsigned long pa, uint64_t ipa)
{
	const mica_ir_access *a = window(s, i, g);

	if (s->pol.ir->regions[g].kind == MICA_PROTECTED)
		return fvp_host_share(&s->h, i, pa, ipa);
	return fvp_host_map_ns(&s->h, i, pa, ipa, a ? a->rights : 3);
}

/* `REGION PAGE [at IPA]`: the IPA of that page in realm i (the window's
 * by default). Consumes tokens from *k. */
static int page_ipa(struct scn *s, struct tok *t, int n, int *k, uint32_t i,
		    uint32_t *g, uint64_t *page, uint64_t *ipa)
{
	const mica_ir_access *a;

	if (need(s, t, n, *k + 2, "REGION PAGE") || region_arg(s, &t[*k], g))
		return 2;
	if (number(t[*k + 1].s, page) != 0 || *page >= region_pages(s, *g))
		return syntax(s, t[*k + 1].col, "page '%s' is not one of region "
			      "'%s' (0..%llu)", t[*k + 1].s, t[*k].s,
			      (unsigned long long)region_pages(s, *g) - 1);
	*k += 2;
	if (*k + 1 < n && strcmp(t[*k].s, "at") == 0) {
		if (number(t[*k + 1].s, ipa) != 0)
			return syntax(s, t[*k + 1].col, "expected an IPA, got '%s'",
				      t[*k + 1].s);
		*k += 2;
		return 0;
	}
	if ((a = window(s, i, *g)) == NULL)
		return syntax(s, t[*k - 2].col, "realm '%s' has no window in "
			      "region '%s': give `at IPA`",
			      s->pol.ir->realms[i].name, t[*k - 2].s);
	*ipa = a->ipa + *page * FVP_GRANULE;
	return 0;
}

static int step_map(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	uint32_t i = 0, g = 0;
	uint64_t page, ipa;
	unsigned long pa, st = 0;
	int k = 2;

	if (need(s, t, n, 3, "`all` or REGION PAGE") || realm_arg(s, &t[1], &i))
		return 2;
	if (n == 3 && strcmp(t[2].s, "all") == 0) {
		rmi_outcome(o, "every window mapped", fvp_host_map_all(&s->h, i));
		return 0;
	}
	if (n == 4 && strcmp(t[3].s, "all") == 0) {
		const mica_ir_access *a;

		if (region_arg(s, &t[2], &g))
			return 2;
		if ((a = window(s, i, g)) == NULL)
			return syntax(s, t[2].col, "realm '%s' has no window in "
				      "region '%s'", t[1].s, t[2].s);
		for (page = 0; st == 0 && page < region_pages(s, g); page++) {
			if ((pa = fvp_host_region_page(&s->h, g, page)) == 0)
				return syntax(s, t[2].col, "the model is out of memory");
			st = map_page(s, i, g, pa, a->ipa + page * FVP_GRANULE);
		}
		rmi_outcome(o, "region mapped", st);
		return 0;
	}
	if (page_ipa(s, t, n, &k, i, &g, &page, &ipa))
		return 2;
	pa = 0;
	if (k + 1 < n && strcmp(t[k].s, "pa") == 0) {
		if (pa_arg(s, &t[k + 1], &pa))
			return 2;
		k += 2;
	}
	if (k < n)
		return syntax(s, t[k].col, "unexpected '%s'", t[k].s);
	if (pa == 0 && (pa = fvp_host_region_page(&s->h, g, page)) == 0)
		return syntax(s, t[2].col, "the model is out of memory");
	rmi_outcome(o, s->pol.ir->regions[g].kind == MICA_PROTECTED
		    ? "SHARE_MAP" : "RTT_MAP_UNPROTECTED",
		    map_page(s, i, g, pa, ipa));
	if (s->verbose)
		snprintf(o->detail + strlen(o->detail),
			 sizeof o->detail - strlen(o->detail),
			 "; PA 0x%lx at IPA 0x%llx", pa, (unsigned long long)ipa);
	return 0;
}

static int step_unmap(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	uint32_t i = 0, g = 0;
	uint64_t page, ipa;
	unsigned long x[7] = { 0 }, r[5];
	int k = 2;

	if (need(s, t, n, 2, "realm name") || realm_arg(s, &t[1], &i) ||
	    page_ipa(s, t, n, &k, i, &g, &page, &ipa))
		return 2;
	if (k < n)
		return syntax(s, t[k].col, "unexpected '%s'", t[k].s);
	if (s->pol.ir->regions[g].kind == MICA_PROTECTED) {
		rmi_outcome(o, "SHARE_UNMAP", fvp_host_unshare(&s->h, i, ipa));
		return 0;
	}
	x[0] = MICA_RMI_RTT_UNMAP_UNPROTECTED;
	x[1] = s->h.realm[i].rd;
	x[2] = ipa;
	x[3] = 3;
	rmi_outcome(o, "RTT_UNMAP_UNPROTECTED", fvp_smc(&s->h.m, x, r));
	return 0;
}

/* map-unprotected REALM IPA pa GRANULE [r|w|rw] */
static int step_map_ns(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	uint32_t i = 0;
	uint64_t ipa;
	unsigned long pa;
	unsigned rights = 3;

	if (need(s, t, n, 5, "`REALM IPA pa GRANULE`") || realm_arg(s, &t[1], &i))
		return 2;
	if (number(t[2].s, &ipa) != 0)
		return syntax(s, t[2].col, "expected an IPA, got '%s'", t[2].s);
	if (strcmp(t[3].s, "pa") != 0)
		return syntax(s, t[3].col, "expected `pa`, got '%s'", t[3].s);
	if (pa_arg(s, &t[4], &pa))
		return 2;
	if (n >= 6) {
		if (strcmp(t[5].s, "r") == 0)
			rights = 1;
		else if (strcmp(t[5].s, "w") == 0)
			rights = 2;
		else if (strcmp(t[5].s, "rw") != 0)
			return syntax(s, t[5].col, "expected r, w or rw, got '%s'",
				      t[5].s);
		if (n > 6)
			return syntax(s, t[6].col, "unexpected '%s'", t[6].s);
	}
	rmi_outcome(o, "RTT_MAP_UNPROTECTED",
		    fvp_host_map_ns(&s->h, i, pa, ipa, rights));
	return 0;
}

/* delegate GRANULE, undelegate GRANULE */
static int step_delegation(struct scn *s, struct tok *t, int n,
			   struct outcome *o)
{
	int to_realm = strcmp(t[0].s, "delegate") == 0;
	unsigned long x[7] = { to_realm ? MICA_RMI_GRANULE_DELEGATE
					: MICA_RMI_GRANULE_UNDELEGATE }, r[5], pa;

	if (need(s, t, n, 2, "granule") || pa_arg(s, &t[1], &pa))
		return 2;
	if (n > 2)
		return syntax(s, t[2].col, "unexpected '%s'", t[2].s);
	x[1] = pa;
	rmi_outcome(o, to_realm ? "GRANULE_DELEGATE" : "GRANULE_UNDELEGATE",
		    fvp_smc(&s->h.m, x, r));
	return 0;
}

/* access REALM read|write REGION PAGE [at IPA] [+OFFSET] [DATA] */
static int step_access(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	uint32_t i = 0, g = 0;
	uint64_t page, ipa, off = 0;
	int k = 3, write;
	const char *data = NULL;

	if (need(s, t, n, 3, "read or write") || realm_arg(s, &t[1], &i))
		return 2;
	write = strcmp(t[2].s, "write") == 0;
	if (!write && strcmp(t[2].s, "read") != 0)
		return syntax(s, t[2].col, "expected read or write, got '%s'",
			      t[2].s);
	if (page_ipa(s, t, n, &k, i, &g, &page, &ipa))
		return 2;
	if (k < n && t[k].s[0] == '+') {
		if (number(t[k].s + 1, &off) != 0 || off >= FVP_GRANULE)
			return syntax(s, t[k].col, "offset must be +0..+4095");
		k++;
	}
	if (k < n)
		data = t[k++].s;
	if (k < n)
		return syntax(s, t[k].col, "unexpected '%s'", t[k].s);
	if (data != NULL && strlen(data) > sizeof ((struct fvp_op *)0)->data)
		return syntax(s, t[k - 1].col, "at most 256 bytes of data");
	if (write && data == NULL)
		data = DEFAULT_WRITE;
	access_outcome(s, i, write, ipa + off, data,
		       data ? strlen(data) : 16, write ? NULL : data, o);
	return 0;
}

/* plant REALM REGION PAGE [+OFFSET]: the canary stored by the realm. */
static int step_plant(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	uint32_t i = 0, g = 0;
	uint64_t page, ipa, off = 0;
	int k = 2;

	if (need(s, t, n, 2, "realm name") || realm_arg(s, &t[1], &i) ||
	    page_ipa(s, t, n, &k, i, &g, &page, &ipa))
		return 2;
	if (k < n && t[k].s[0] == '+') {
		if (number(t[k].s + 1, &off) != 0 ||
		    off + strlen(s->canary) > FVP_GRANULE)
			return syntax(s, t[k].col, "offset out of the page");
		k++;
	}
	if (k < n)
		return syntax(s, t[k].col, "unexpected '%s'", t[k].s);
	access_outcome(s, i, 1, ipa + off, s->canary, strlen(s->canary), NULL,
		       o);
	return 0;
}

static int step_canary(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	if (n != 2 || strcmp(t[1].s, "absent") != 0)
		return syntax(s, n < 2 ? s->endcol : t[1].col,
			      "expected `canary absent`");
	if (fvp_ns_contains(&s->h.m, s->canary, strlen(s->canary)))
		deny(o, "present", "the canary is in memory the host can read");
	else
		okay(o, "the canary is in no granule the host can read");
	return 0;
}

/* host-read GRANULE [zero]: a load of the whole granule through the GPT. */
static int step_host_access(struct scn *s, struct tok *t, int n,
			    struct outcome *o)
{
	static const uint8_t zero[FVP_GRANULE];
	uint8_t page[FVP_GRANULE];
	int write = strcmp(t[0].s, "host-write") == 0, want_zero = 0;
	unsigned long pa;

	if (need(s, t, n, 2, "granule") || pa_arg(s, &t[1], &pa))
		return 2;
	if (n == 3 && !write && strcmp(t[2].s, "zero") == 0)
		want_zero = 1;
	else if (n > 2)
		return syntax(s, t[2].col, "unexpected '%s'", t[2].s);
	memset(page, 0xA5, sizeof page);
	if ((write ? fvp_host_write(&s->h.m, pa, page, sizeof page)
		   : fvp_host_read(&s->h.m, pa, page, sizeof page)) != 0)
		deny(o, "gpf", "granule protection fault at PA 0x%lx", pa);
	else if (want_zero && memcmp(page, zero, sizeof page) != 0)
		deny(o, "nonzero", "granule 0x%lx is readable but not zero", pa);
	else
		okay(o, "host %s PA 0x%lx", write ? "wrote" : "read", pa);
	return 0;
}

static int step_hostcall(struct scn *s, struct tok *t, int n,
			 struct outcome *o)
{
	struct fvp_op op;
	struct seen seen;
	uint32_t i = 0;
	uint64_t imm;

	if (need(s, t, n, 3, "immediate") || realm_arg(s, &t[1], &i))
		return 2;
	if (number(t[2].s, &imm) != 0 || imm > 0xFFFF)
		return syntax(s, t[2].col, "expected an immediate 0..0xFFFF");
	if (n > 3)
		return syntax(s, t[3].col, "unexpected '%s'", t[3].s);
	memset(&op, 0, sizeof op);
	op.kind = FVP_OP_HOSTCALL;
	op.value = imm;
	if (run_op(s, i, &op, &seen, o) != 0)
		return 0;
	if (seen.hostcall && seen.imm == imm)
		okay(o, "the host received host call 0x%llx",
		     (unsigned long long)imm);
	else
		deny(o, "rsi", "RSI_HOST_CALL returned %lu; the host saw nothing",
		     s->h.realm[i].vcpu->op.x0);
	return 0;
}

static int step_mmio(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	struct fvp_op op;
	struct seen seen;
	uint32_t i = 0;
	uint64_t ipa;

	if (need(s, t, n, 4, "`REALM read|write IPA`") || realm_arg(s, &t[1], &i))
		return 2;
	memset(&op, 0, sizeof op);
	if (strcmp(t[2].s, "read") == 0)
		op.kind = FVP_OP_MMIO_READ;
	else if (strcmp(t[2].s, "write") == 0)
		op.kind = FVP_OP_MMIO_WRITE;
	else
		return syntax(s, t[2].col, "expected read or write, got '%s'",
			      t[2].s);
	if (number(t[3].s, &ipa) != 0)
		return syntax(s, t[3].col, "expected an IPA, got '%s'", t[3].s);
	if (n > 4)
		return syntax(s, t[4].col, "unexpected '%s'", t[4].s);
	op.ipa = ipa;
	op.value = 0x6d696361;
	if (run_op(s, i, &op, &seen, o) != 0)
		return 0;
	if (s->h.realm[i].vcpu->op.fault)
		deny(o, "sea", "the MMIO access at 0x%llx took an SEA",
		     (unsigned long long)ipa);
	else
		okay(o, "MMIO at 0x%llx %s", (unsigned long long)ipa,
		     seen.mmio ? "emulated by the host" : "completed");
	return 0;
}

/* ripas REALM BASE TOP: ok when the host received the RIPAS change
 * exit for [BASE, TOP); denied "rsi" when the RMM refused the request
 * inside the Realm and the host saw nothing. */
static int step_ripas(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	struct fvp_op op;
	struct seen seen;
	uint32_t i = 0;
	uint64_t base, top;

	if (need(s, t, n, 4, "`REALM BASE TOP`") || realm_arg(s, &t[1], &i))
		return 2;
	if (number(t[2].s, &base) != 0)
		return syntax(s, t[2].col, "expected an IPA, got '%s'", t[2].s);
	if (number(t[3].s, &top) != 0)
		return syntax(s, t[3].col, "expected an IPA, got '%s'", t[3].s);
	if (n > 4)
		return syntax(s, t[4].col, "unexpected '%s'", t[4].s);
	memset(&op, 0, sizeof op);
	op.kind = FVP_OP_RIPAS;
	op.ipa = base;
	op.value = top;
	if (run_op(s, i, &op, &seen, o) != 0)
		return 0;
	if (seen.ripas && seen.ripas_base == base && seen.ripas_top == top)
		okay(o, "the host received the RIPAS change of [0x%llx, 0x%llx)",
		     (unsigned long long)base, (unsigned long long)top);
	else
		deny(o, "rsi", "RSI_IPA_STATE_SET returned %lu; the host saw "
		     "%s", s->h.realm[i].vcpu->op.x0,
		     seen.ripas ? "another range" : "nothing");
	return 0;
}

/* touch REALM IPA: an 8-byte load from a protected IPA no page backs.
 * ok when the abort reached the host (with that IPA); denied "sea" when
 * the Realm took an SEA and the host saw nothing; denied "backed" when
 * the load completed. */
static int step_touch(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	struct fvp_op op;
	struct seen seen;
	uint32_t i = 0;
	uint64_t ipa;

	if (need(s, t, n, 3, "`REALM IPA`") || realm_arg(s, &t[1], &i))
		return 2;
	if (number(t[2].s, &ipa) != 0)
		return syntax(s, t[2].col, "expected an IPA, got '%s'", t[2].s);
	if (n > 3)
		return syntax(s, t[3].col, "unexpected '%s'", t[3].s);
	memset(&op, 0, sizeof op);
	op.kind = FVP_OP_READ;
	op.ipa = ipa;
	op.len = 8;
	if (run_op(s, i, &op, &seen, o) != 0)
		return 0;
	if (seen.abort && seen.ipa == ipa)
		okay(o, "the host received the abort at IPA 0x%llx",
		     (unsigned long long)ipa);
	else if (s->h.realm[i].vcpu->op.fault)
		deny(o, "sea", "the load at IPA 0x%llx took an SEA; the host "
		     "saw %s", (unsigned long long)ipa,
		     seen.abort ? "another IPA" : "nothing");
	else
		deny(o, "backed", "the load at IPA 0x%llx completed",
		     (unsigned long long)ipa);
	return 0;
}

static const struct {
	const char *name;
	unsigned long fid;
} psci_names[] = {
	{ "version", MICA_PSCI_VERSION },
	{ "cpu_suspend", MICA_PSCI_CPU_SUSPEND },
	{ "cpu_off", MICA_PSCI_CPU_OFF },
	{ "cpu_on", MICA_PSCI_CPU_ON },
	{ "affinity_info", MICA_PSCI_AFFINITY_INFO },
	{ "system_off", MICA_PSCI_SYSTEM_OFF },
	{ "system_reset", MICA_PSCI_SYSTEM_RESET },
	{ "features", MICA_PSCI_FEATURES },
};

/* ok: the host got the PSCI exit, or the RMM answered it without an
 * error; denied "psci": the call returned a negative PSCI status. */
static int step_psci(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	struct fvp_op op;
	struct seen seen;
	uint32_t i = 0;
	uint64_t fid = 0;
	size_t k;
	long x0;

	if (need(s, t, n, 3, "PSCI function") || realm_arg(s, &t[1], &i))
		return 2;
	for (k = 0; k < sizeof psci_names / sizeof psci_names[0]; k++)
		if (strcmp(t[2].s, psci_names[k].name) == 0)
			fid = psci_names[k].fid;
	if (fid == 0 && (number(t[2].s, &fid) != 0 || fid > 0xFFFFFFFFull))
		return syntax(s, t[2].col, "expected a PSCI function (version, "
			      "cpu_on, cpu_off, affinity_info, system_off, ... or "
			      "a function ID), got '%s'", t[2].s);
	if (n > 3)
		return syntax(s, t[3].col, "unexpected '%s'", t[3].s);
	memset(&op, 0, sizeof op);
	op.kind = FVP_OP_PSCI;
	op.value = fid;
	if (run_op(s, i, &op, &seen, o) != 0)
		return 0;
	x0 = (long)s->h.realm[i].vcpu->op.x0;
	if (seen.psci)
		okay(o, "the host received PSCI 0x%llx", (unsigned long long)fid);
	else if ((int32_t)x0 < 0)
		deny(o, "psci", "PSCI 0x%llx returned %d", (unsigned long long)fid,
		     (int)(int32_t)x0);
	else
		okay(o, "the RMM answered PSCI 0x%llx: 0x%lx",
		     (unsigned long long)fid, (unsigned long)x0);
	return 0;
}

static int challenge_arg(struct scn *s, const struct tok *t, uint8_t c[64])
{
	size_t len;

	memset(c, 0, 64);
	if (hexbytes(t->s, c, 64, &len) != 0)
		return syntax(s, t->col, "expected 1..64 bytes in hexadecimal");
	return 0;
}

/* The default challenge: a fixed pattern, so `verify` matches `attest`
 * unless the scenario says otherwise. */
static void default_challenge(uint8_t c[64])
{
	for (unsigned k = 0; k < 64; k++)
		c[k] = (uint8_t)(0xC0 + k);
}

/* attest REALM [group] [challenge HEX] */
static int step_attest(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	struct fvp_op op;
	struct seen seen;
	struct fvp_vcpu *v;
	uint32_t i = 0;
	int k = 2;

	if (need(s, t, n, 2, "realm name") || realm_arg(s, &t[1], &i))
		return 2;
	memset(&op, 0, sizeof op);
	op.kind = FVP_OP_ATTEST;
	default_challenge(op.challenge);
	if (k < n && strcmp(t[k].s, "group") == 0) {
		op.kind = FVP_OP_GROUP_ATTEST;
		k++;
	}
	if (k < n && strcmp(t[k].s, "challenge") == 0) {
		if (need(s, t, n, k + 2, "challenge") ||
		    challenge_arg(s, &t[k + 1], op.challenge))
			return 2;
		k += 2;
	}
	if (k < n)
		return syntax(s, t[k].col, "unexpected '%s'", t[k].s);
	if (run_op(s, i, &op, &seen, o) != 0)
		return 0;
	v = s->h.realm[i].vcpu;
	if (v->op.x0 != 0 || v->op.token == NULL) {
		deny(o, "rsi", "attestation returned RSI status %lu", v->op.x0);
		return 0;
	}
	free(s->token);
	s->token = v->op.token;   /* the scenario takes it over */
	s->ntoken = v->op.token_len;
	v->op.token = NULL;
	memcpy(s->challenge, op.challenge, 64);
	okay(o, "a %zu-byte %stoken", s->ntoken,
	     op.kind == FVP_OP_GROUP_ATTEST ? "group " : "");
	return 0;
}

/* verify [challenge HEX] [all]: the tenant's check of the last token. */
static int step_verify(struct scn *s, struct tok *t, int n, struct outcome *o)
{
	const mica_output *ref = fvp_policy_reference(&s->pol);
	mica_reference *reference;
	unsigned char pem[1024];
	uint8_t c[64];
	mica_ec_key key;
	mica_token tok;
	mica_verify_opts opts;
	mica_ref_check rc;
	mica_verdict verdict;
	char err[256];
	int k = 1;

	memcpy(c, s->challenge, 64);
	if (k < n && strcmp(t[k].s, "challenge") == 0) {
		if (need(s, t, n, k + 2, "challenge") ||
		    challenge_arg(s, &t[k + 1], c))
			return 2;
		k += 2;
	}
	memset(&rc, 0, sizeof rc);
	if (k < n && strcmp(t[k].s, "all") == 0) {
		rc.require_all = 1;
		k++;
	}
	if (k < n)
		return syntax(s, t[k].col, "unexpected '%s'", t[k].s);
	if (s->token == NULL)
		return syntax(s, t[0].col, "no token yet: `attest` first");
	if (ref == NULL || (reference = calloc(1, sizeof *reference)) == NULL)
		return syntax(s, t[0].col, "no reference values");
	if (mica_reference_parse(ref->data, ref->len, reference, err,
				 sizeof err) != 0 ||
	    fvp_platform_pem(&s->h.m.keys, pem, sizeof pem) != 0) {
		free(reference);
		return syntax(s, t[0].col, "reference values or platform key "
			      "unusable");
	}
	opts.challenge = c;
	opts.challenge_len = sizeof c;
	rc.reference = reference;
	memset(&verdict, 0, sizeof verdict);
	if (mica_key_parse(pem, strlen((const char *)pem), &key, &verdict) != 0 ||
	    mica_token_parse(s->token, s->ntoken, &tok, &verdict) != 0 ||
	    mica_token_verify_ref(&tok, &key, &opts, &rc, &verdict) != 0)
		deny(o, mica_verdict_name(verdict.kind), "%s", verdict.msg);
	else
		okay(o, "verified: %d realm(s) of the reference matched",
		     __builtin_popcountll(rc.matched));
	free(reference);
	return 0;
}

static const struct {
	const char *name;
	step_fn *fn;
} steps[] = {
	{ "policy", step_policy },
	{ "load", step_load },
	{ "create", step_create },
	{ "bind", step_bind },
	{ "activate", step_realm },
	{ "map", step_map },
	{ "unmap", step_unmap },
	{ "map-unprotected", step_map_ns },
	{ "delegate", step_delegation },
	{ "undelegate", step_delegation },
	{ "destroy", step_realm },
	{ "access", step_access },
	{ "plant", step_plant },
	{ "canary", step_canary },
	{ "host-read", step_host_access },
	{ "host-write", step_host_access },
	{ "hostcall", step_hostcall },
	{ "mmio", step_mmio },
	{ "psci", step_psci },
	{ "ripas", step_ripas },
	{ "touch", step_touch },
	{ "attest", step_attest },
	{ "verify", step_verify },
};

/* ---- the driver ----------------------------------------------------------- */

/* Splits off `expect ok | expect denied [TAG]` (default: expect ok).
 * Returns the step's token count, or -1 after a syntax error. */
static int expectation(struct scn *s, struct tok *t, int n, int *want_ok,
		       const char **tag, unsigned *col)
{
	int k;

	*want_ok = 1;
	*tag = NULL;
	*col = t[0].col;
	for (k = 0; k < n && strcmp(t[k].s, "expect") != 0; k++)
		;
	if (k == n)
		return n;
	*col = t[k].col;
	if (k + 1 >= n) {
		syntax(s, s->endcol, "expected `ok` or `denied` after `expect`");
		return -1;
	}
	if (strcmp(t[k + 1].s, "ok") == 0 && k + 2 == n)
		return k;
	if (strcmp(t[k + 1].s, "denied") == 0 && k + 4 > n) {
		*want_ok = 0;
		*tag = k + 3 == n ? t[k + 2].s : NULL;
		return k;
	}
	syntax(s, t[k + 1].col, "expected `expect ok` or `expect denied [WHAT]` "
	       "at the end of the step");
	return -1;
}

/* One line: 0 when its expectation was met (or it is blank), 1 when
 * not, 2 for a scenario error. */
static int play_line(struct scn *s, char *line, FILE *out)
{
	struct tok t[MAXTOK];
	struct outcome o;
	const char *tag;
	unsigned bad, col;
	int n, want_ok, rc;
	size_t k;
	char text[512];

	n = tokenize(line, t, &bad, &s->endcol);
	if (n < 0)
		return syntax(s, bad, "more than %d words on a line", MAXTOK);
	if (n == 0)
		return 0;
	if ((n = expectation(s, t, n, &want_ok, &tag, &col)) < 0)
		return 2;
	if (n == 0)
		return syntax(s, col, "`expect` without a step");
	for (k = 0; k < sizeof steps / sizeof steps[0]; k++)
		if (strcmp(t[0].s, steps[k].name) == 0)
			break;
	if (k == sizeof steps / sizeof steps[0])
		return syntax(s, t[0].col, "unknown step '%s'", t[0].s);
	if (!s->have_pol && steps[k].fn != step_policy)
		return syntax(s, t[0].col, "the first step must be `policy PATH`");
	memset(&o, 0, sizeof o);
	if ((rc = steps[k].fn(s, t, n, &o)) != 0)
		return rc;
	text[0] = 0;
	for (int j = 0; j < n; j++)
		snprintf(text + strlen(text), sizeof text - strlen(text), "%s%s",
			 j ? " " : "", t[j].s);
	if (o.ok)
		fprintf(out, "%s:%u: %s: ok", s->file, s->line, text);
	else
		fprintf(out, "%s:%u: %s: denied (%s)", s->file, s->line, text,
			o.tag);
	if (s->verbose && o.detail[0])
		fprintf(out, " -- %s", o.detail);
	fputc('\n', out);
	if (o.ok == want_ok && (o.ok || tag == NULL || strcmp(tag, o.tag) == 0))
		return 0;
	fflush(out);
	fprintf(stderr, "%s:%u:%u: error: expected %s%s%s, got %s%s%s (%s)\n",
		s->file, s->line, col, want_ok ? "ok" : "denied",
		tag ? " " : "", tag ? tag : "", o.ok ? "ok" : "denied",
		o.ok ? "" : " ", o.tag, o.detail);
	return 1;
}

static int play(struct scn *s, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;

	while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
		s->line++;
		if (memchr(line, 0, (size_t)len) != NULL) {
			rc = syntax(s, 1, "a NUL byte: this is not a scenario");
			break;
		}
		rc = play_line(s, line, stdout);
	}
	if (rc == 0 && ferror(f))
		rc = syntax(s, 1, "cannot read: %s", strerror(errno));
	if (rc == 0 && !s->have_pol) {
		s->line = s->line ? s->line : 1;
		rc = syntax(s, 1, "no `policy` line");
	}
	free(line);
	return rc;
}

int fvp_cmd_script(int argc, char **argv)
{
	struct scn *s;
	const char *file = NULL;
	char *slash;
	FILE *f;
	int rc;

	for (int k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--verbose") == 0 || strcmp(argv[k], "-v") == 0)
			continue;
		if (file != NULL || argv[k][0] == '-') {
			fprintf(stderr, "usage: mica-fvp script SCENARIO [--verbose]\n");
			return 2;
		}
		file = argv[k];
	}
	if (file == NULL) {
		fprintf(stderr, "usage: mica-fvp script SCENARIO [--verbose]\n");
		return 2;
	}
	if ((f = fopen(file, "r")) == NULL) {
		fprintf(stderr, "mica-fvp: cannot open '%s': %s\n", file,
			strerror(errno));
		return 2;
	}
	if ((s = calloc(1, sizeof *s)) == NULL) {
		fclose(f);
		return 2;
	}
	s->file = file;
	for (int k = 1; k < argc; k++)
		if (strcmp(argv[k], "--verbose") == 0 || strcmp(argv[k], "-v") == 0)
			s->verbose = 1;
	snprintf(s->dir, sizeof s->dir, "%s", file);
	slash = strrchr(s->dir, '/');
	if (slash != NULL)
		*slash = 0;
	else
		strcpy(s->dir, ".");
	rc = play(s, f);
	fclose(f);
	if (rc == 0)
		printf("%s: every step met its expectation\n", file);
	if (s->have_host)
		fvp_host_free(&s->h);
	if (s->have_pol)
		fvp_policy_free(&s->pol);
	for (int k = 0; k < s->nother; k++)
		fvp_policy_free(&s->other[k]);
	free(s->token);
	free(s);
	return rc;
}
