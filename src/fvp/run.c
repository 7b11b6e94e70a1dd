/*
 * run.c -- `mica-fvp run` and `mica-fvp measure` (man/mica-fvp.1).
 *
 * run: compile the policy, measure the images, deploy through the RMM,
 * then play the network between the tenant and the entry Realm while the
 * host schedules every Realm round by round: the tenant's hello goes in,
 * the group token comes out and is verified, the sealed input goes in,
 * the pipeline runs, the sealed results come out and are checked. Last,
 * host-visible memory is searched for the tenant's canary. Outputs are
 * written all at once, only after the run.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fvp.h"

#define ROUNDS 64         /* host scheduling rounds per phase */
#define ENTRIES 16        /* REC_ENTERs per realm per round */

struct run {
	struct fvp_policy pol;
	struct fvp_host h;
	struct fvp_traffic t;
	struct fvp_tenant tenant;
	uint32_t *order;           /* scheduling order: entry, then flow */
	FILE *report;              /* the report, also shown on stdout */
	char *report_text;
	size_t report_len;
	int quiet;
};

/* Progress: one line per step, to the report and to stdout. */
static void say(struct run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void say(struct run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (!r->quiet) {
		va_list aq;

		va_copy(aq, ap);
		vprintf(fmt, aq);
		va_end(aq);
		fflush(stdout);
	}
	vfprintf(r->report, fmt, ap);
	va_end(ap);
}

/* ---- the flow graph, for scheduling and for what the entry waits on -- */

/* Does realm i map region g with right (MICA_R or MICA_W)? */
static int maps_with(const mica_ir *ir, uint32_t i, uint32_t g,
		     unsigned right)
{
	const mica_ir_realm *r = &ir->realms[i];

	for (uint32_t k = 0; k < r->nmaps; k++)
		if (r->maps[k].region == g &&
		    (ir->regions[g].accesses[r->maps[k].access].rights & right))
			return 1;
	return 0;
}

/* Realms in breadth-first order of the flow from the entry (then the
 * rest), and the protected regions that flow reaches. */
static int flow(struct run *r)
{
	const mica_ir *ir = r->pol.ir;
	uint8_t *seen = calloc(ir->nrealms, 1);
	uint32_t n = 0;

	r->order = calloc(ir->nrealms, sizeof *r->order);
	r->t.reach = calloc(ir->nregions + 1, 1);
	if (seen == NULL || r->order == NULL || r->t.reach == NULL) {
		free(seen);
		return -1;
	}
	r->order[n++] = r->t.entry;
	seen[r->t.entry] = 1;
	for (uint32_t q = 0; q < n; q++)
		for (uint32_t g = 0; g < ir->nregions; g++) {
			if (ir->regions[g].kind != MICA_PROTECTED ||
			    !maps_with(ir, r->order[q], g, MICA_W))
				continue;
			r->t.reach[g] = 1;
			for (uint32_t i = 0; i < ir->nrealms; i++)
				if (!seen[i] && maps_with(ir, i, g, MICA_R)) {
					seen[i] = 1;
					r->order[n++] = i;
				}
		}
	for (uint32_t i = 0; i < ir->nrealms; i++)
		if (!seen[i])
			r->order[n++] = i;
	free(seen);
	return 0;
}

/* The entry's first unprotected window that the host can reach. */
static void find_nic(struct run *r)
{
	struct fvp_window w[32];
	size_t n = fvp_windows(r->pol.ir, r->t.entry, w, 32);

	for (size_t k = 0; k < n; k++)
		if (!w[k].protected_ && w[k].rights == MICA_RW &&
		    w[k].size >= 2 * (FVP_MSG_HDR + FVP_MSG_MAX)) {
			r->t.nic = w[k];
			r->t.has_nic = 1;
			return;
		}
}

/* ---- the network: the host moves the tenant's messages ----------------- */

/* The host's load or store of bytes [off, off + n) of a region, page by
 * page through the granules it gave the region. */
static int region_io(struct fvp_host *h, uint32_t g, uint64_t off, void *buf,
		     size_t n, int write)
{
	uint8_t *b = buf;

	while (n > 0) {
		uint64_t k = off / FVP_GRANULE, in = off % FVP_GRANULE;
		size_t chunk = FVP_GRANULE - in;
		unsigned long pa = fvp_host_region_page(h, g, k);

		if (chunk > n)
			chunk = n;
		if (pa == 0 || (write ? fvp_host_write(&h->m, pa + in, b, chunk)
				      : fvp_host_read(&h->m, pa + in, b, chunk)))
			return -1;
		b += chunk;
		off += chunk;
		n -= chunk;
	}
	return 0;
}

/* Delivers message seq to the entry realm. */
static int deliver(struct run *r, uint64_t seq, const uint8_t *p, size_t n)
{
	struct fvp_msg *m;
	uint8_t hdr[FVP_MSG_HDR];
	int rc;

	if (!r->t.has_nic) {
		free(r->t.in.buf);
		r->t.in.buf = malloc(n ? n : 1);
		if (r->t.in.buf == NULL)
			return -1;
		memcpy(r->t.in.buf, p, n);
		r->t.in.len = n;
		r->t.in.seq = seq;
		return 0;
	}
	if ((m = calloc(1, sizeof *m)) == NULL || n > FVP_MSG_MAX) {
		free(m);
		return -1;
	}
	m->seq = seq;
	m->len = n;
	memcpy(m->payload, p, n);
	fvp_msg_encode_header(m, hdr);
	rc = region_io(&r->h, r->t.nic.region, FVP_MSG_HDR, m->payload, n, 1) ||
	     region_io(&r->h, r->t.nic.region, 0, hdr, sizeof hdr, 1);
	free(m);
	return rc ? -1 : 0;
}

/* The entry realm's outgoing message seq, if it is there: its length,
 * else -1. */
static long collect(struct run *r, uint64_t seq, uint8_t *p)
{
	struct fvp_msg m;
	uint8_t hdr[FVP_MSG_HDR], d[32];
	uint64_t half = r->t.nic.size / 2;

	if (!r->t.has_nic) {
		if (r->t.out.seq != seq || r->t.out.len > FVP_MSG_MAX)
			return -1;
		memcpy(p, r->t.out.buf, r->t.out.len);
		return (long)r->t.out.len;
	}
	if (region_io(&r->h, r->t.nic.region, half, hdr, sizeof hdr, 0) != 0 ||
	    fvp_msg_decode_header(hdr, &m, d) != 0 || m.seq != seq ||
	    m.len > FVP_MSG_MAX ||
	    region_io(&r->h, r->t.nic.region, half + FVP_MSG_HDR, p, m.len, 0))
		return -1;
	return (long)m.len;
}

/* Runs every realm, round by round, until the entry's message seq is
 * out. Returns its length, or -1 after ROUNDS rounds. */
static long pump(struct run *r, uint64_t seq, uint8_t *p, unsigned *rounds)
{
	const mica_ir *ir = r->pol.ir;

	for (unsigned round = 1; round <= ROUNDS; round++) {
		long n;

		for (uint32_t q = 0; q < ir->nrealms; q++) {
			uint32_t i = r->order[q];

			for (unsigned e = 0; e < ENTRIES; e++) {
				struct fvp_exit ex;

				if (fvp_host_enter(&r->h, i, &ex) != 0)
					break;
				/* A WFx exit: the realm has nothing to do. */
				if (ex.reason == MICA_RMI_EXIT_SYNC &&
				    (ex.esr >> MICA_ESR_EC_SHIFT) == MICA_ESR_EC_WFX)
					break;
			}
		}
		if ((n = collect(r, seq, p)) >= 0) {
			*rounds += round;
			return n;
		}
	}
	return -1;
}

/* ---- the run ---------------------------------------------------------------- */

static int is_connected(const mica_ir *ir)
{
	/* Every realm reachable from realm 0 through protected regions
	 * (then a group token can name them all). */
	uint8_t *in = calloc(ir->nrealms, 1);
	int grew = 1, all = 1;

	if (in == NULL || ir->nrealms == 0) {
		free(in);
		return 0;
	}
	in[0] = 1;
	while (grew) {
		grew = 0;
		for (uint32_t g = 0; g < ir->nregions; g++) {
			const mica_ir_region *rg = &ir->regions[g];
			int any = 0;

			if (rg->kind != MICA_PROTECTED)
				continue;
			for (uint32_t a = 0; a < rg->naccesses; a++)
				if (rg->accesses[a].subject < ir->nrealms &&
				    in[rg->accesses[a].subject])
					any = 1;
			for (uint32_t a = 0; any && a < rg->naccesses; a++)
				if (rg->accesses[a].subject < ir->nrealms &&
				    !in[rg->accesses[a].subject]) {
					in[rg->accesses[a].subject] = 1;
					grew = 1;
				}
		}
	}
	for (uint32_t i = 0; i < ir->nrealms; i++)
		all &= in[i];
	free(in);
	return all;
}

static void stage_lines(struct run *r)
{
	const mica_ir *ir = r->pol.ir;

	for (uint32_t q = 0; q < ir->nrealms; q++) {
		uint32_t i = r->order[q];
		const struct fvp_stats *s = &r->t.stats[i];

		say(r, "      %-12s %-28s in %llu msg %llu B, out %llu msg %llu B%s\n",
		    ir->realms[i].name, r->pol.img[i].program,
		    (unsigned long long)s->msgs_in, (unsigned long long)s->bytes_in,
		    (unsigned long long)s->msgs_out,
		    (unsigned long long)s->bytes_out,
		    s->bad ? ", REFUSED READS/WRITES" : "");
	}
}

/* The tenant's checks of the results, shown like the progress lines. */
static int check_results(struct run *r, const uint8_t *msg, size_t n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc;

	if (f == NULL)
		return -1;
	rc = fvp_tenant_results(&r->tenant, msg, n, f);
	fclose(f);
	say(r, "%s", text);
	free(text);
	return rc;
}

static int traffic(struct run *r, const unsigned char *pem)
{
	uint8_t *buf = malloc(FVP_MSG_MAX + FVP_SEAL_OVERHEAD);
	const mica_ir *ir = r->pol.ir;
	unsigned rounds = 0;
	long n;
	size_t m;
	int rc = 1;

	if (buf == NULL || fvp_tenant_init(&r->tenant, &r->pol) != 0)
		goto out;
	m = fvp_tenant_hello(&r->tenant, buf);
	if (deliver(r, 1, buf, m) != 0 || (n = pump(r, 1, buf, &rounds)) < 0) {
		say(r, "[4/6] attest: no reply from '%s' to the tenant's hello\n",
		    ir->realms[r->t.entry].name);
		goto out;
	}
	if (fvp_tenant_attested(&r->tenant, buf, (size_t)n, pem,
				is_connected(ir)) != 0) {
		say(r, "[4/6] attest: the group token from '%s' does NOT verify: %s: %s\n",
		    ir->realms[r->t.entry].name,
		    mica_verdict_name(r->tenant.verdict.kind), r->tenant.verdict.msg);
		goto out;
	}
	say(r, "[4/6] attest: group token from '%s', %zu bytes; verified: both "
	    "signatures, RAK binding, challenge, %zu of %u realms' RIMs and the "
	    "workflow digest against reference.json\n",
	    r->tenant.attester, r->tenant.ntoken, r->tenant.members, ir->nrealms);
	m = fvp_tenant_input(&r->tenant, buf);
	if (m == 0 || deliver(r, 2, buf, m) != 0 ||
	    (n = pump(r, 2, buf, &rounds)) < 0) {
		say(r, "[5/6] traffic: the pipeline returned no results in %u rounds\n",
		    2 * ROUNDS);
		stage_lines(r);
		goto out;
	}
	say(r, "[5/6] traffic: %zu bytes in (sealed, AES-256-GCM), %ld bytes back, "
	    "%u scheduling rounds\n", r->tenant.ninput, n, rounds);
	stage_lines(r);
	if (check_results(r, buf, (size_t)n) != 0) {
		say(r, "[6/6] check: the results are NOT intact\n");
		goto out;
	}
	if (fvp_ns_contains(&r->h.m, r->tenant.canary, strlen(r->tenant.canary))) {
		say(r, "[6/6] check: the canary was found in host-visible memory\n");
		goto out;
	}
	say(r, "[6/6] check: %zu results intact (checksums, input digest%s); "
	    "canary never in host-visible memory (%llu granule protection "
	    "faults)\n", r->tenant.results,
	    r->tenant.video ? ", frames decoded" : "",
	    (unsigned long long)r->h.m.gpf);
	rc = 0;
out:
	free(buf);
	return rc;
}

static int usage(void)
{
	fprintf(stderr, "usage: mica-fvp run POLICY.mica --out DIR "
		"[--adopt-measurements] [--quiet]\n");
	return 2;
}

static int write_outputs(struct run *r, const char *dir,
			 const unsigned char *pem)
{
	const mica_output *ref = fvp_policy_reference(&r->pol);
	mica_output f[4] = {
		{ "token.cbor", r->tenant.token, r->tenant.ntoken },
		{ "platform-key.pem", (uint8_t *)(uintptr_t)pem,
		  strlen((const char *)pem) },
		{ "reference.json", ref->data, ref->len },
		{ "report.txt", (uint8_t *)r->report_text, r->report_len },
	};

	/* Without a token there is nothing to verify: no token.cbor. */
	return mica_write_outputs(dir, r->tenant.token ? f : f + 1,
				  r->tenant.token ? 4 : 3);
}

int fvp_cmd_run(int argc, char **argv)
{
	const char *policy = NULL, *dir = NULL;
	int adopt = 0, rc = 1;
	unsigned char pem[1024];
	struct run r;
	size_t shared = 0;

	memset(&r, 0, sizeof r);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (strcmp(argv[i], "--adopt-measurements") == 0)
			adopt = 1;
		else if (strcmp(argv[i], "--quiet") == 0)
			r.quiet = 1;
		else if (argv[i][0] != '-' && policy == NULL)
			policy = argv[i];
		else
			return usage();
	}
	if (policy == NULL || dir == NULL)
		return usage();
	rc = fvp_policy_load(&r.pol, policy);
	if (rc != 0) {
		fvp_policy_free(&r.pol);
		return rc;
	}
	r.report = open_memstream(&r.report_text, &r.report_len);
	if (r.report == NULL) {
		fvp_policy_free(&r.pol);
		return 2;
	}
	rc = 1;
	say(&r, "[1/6] compile: %s: policy %s version %llu, %u realms, %u regions, %s\n",
	    policy, r.pol.ir->name, (unsigned long long)r.pol.ir->version,
	    r.pol.ir->nrealms, r.pol.ir->nregions,
	    r.pol.alg == MICA_SHA512 ? "sha-512" : "sha-256");
	if (fvp_policy_measure(&r.pol) != 0)
		goto out;
	r.t.pol = &r.pol;
	r.t.entry = 0;
	for (uint32_t i = 0; i < r.pol.ir->nrealms; i++)
		if (r.pol.ir->realms[i].trust == MICA_TRUSTED) {
			r.t.entry = i;
			break;
		}
	r.t.stats = calloc(r.pol.ir->nrealms, sizeof *r.t.stats);
	if (r.t.stats == NULL || flow(&r) != 0)
		goto out;
	find_nic(&r);
	if (fvp_host_init(&r.h, &r.pol) != 0)
		goto out;
	if (fvp_platform_pem(&r.h.m.keys, pem, sizeof pem) != 0)
		goto out;
	r.h.traffic = &r.t;
	if (fvp_host_deploy(&r.h, adopt) != 0) {
		say(&r, "[2/6] deploy: refused\n");
		goto out;
	}
	for (uint32_t g = 0; g < r.pol.ir->nregions; g++)
		if (r.pol.ir->regions[g].kind == MICA_PROTECTED)
			shared += r.pol.ir->regions[g].size / FVP_GRANULE;
	say(&r, "[2/6] deploy: %u realms created, bound and activated%s; "
	    "image measurements %s\n", r.pol.ir->nrealms,
	    adopt ? " (declared measurements adopted)" : "",
	    adopt ? "taken as declared" : "match the policy");
	say(&r, "[3/6] map: %zu shared protected granules and the unprotected "
	    "windows mapped; %llu RMI calls so far; entry realm '%s' %s\n",
	    shared, (unsigned long long)r.h.m.smc_calls,
	    r.pol.ir->realms[r.t.entry].name,
	    r.t.has_nic ? "talks to the tenant through its unprotected window"
			: "maps no unprotected window: the model carries the "
			  "tenant's messages (a model shortcut)");
	rc = traffic(&r, pem);
out:
	fflush(r.report);
	if (r.t.stats && (r.tenant.token || rc == 0)) {
		fclose(r.report);
		r.report = NULL;
		if (write_outputs(&r, dir, pem) != 0)
			rc = 2;
		else if (!r.quiet)
			printf("%s: %s; wrote %s/{token.cbor,platform-key.pem,"
			       "reference.json,report.txt}\n", policy,
			       rc == 0 ? "verified" : "NOT verified", dir);
	}
	if (r.report)
		fclose(r.report);
	fvp_host_free(&r.h);
	fvp_tenant_free(&r.tenant);
	free(r.t.in.buf);
	free(r.t.out.buf);
	free(r.t.reach);
	free(r.t.stats);
	free(r.order);
	free(r.report_text);
	fvp_policy_free(&r.pol);
	return rc;
}

/* measure: each realm's image measurement, as a policy line. */
int fvp_cmd_measure(int argc, char **argv)
{
	struct fvp_policy pol;
	char buf[140];
	int rc;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: mica-fvp measure POLICY.mica\n");
		return 2;
	}
	rc = fvp_policy_load(&pol, argv[1]);
	if (rc == 0 && fvp_policy_measure(&pol) != 0)
		rc = 1;
	for (uint32_t i = 0; rc == 0 && i < pol.ir->nrealms; i++)
		printf("%s %s %s\n", pol.ir->realms[i].name,
		       fvp_digest_text(pol.alg, pol.img[i].measured, buf),
		       pol.img[i].program);
	fvp_policy_free(&pol);
	return rc;
}
