/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * host.c -- the untrusted host, a hypervisor model (host.h).
 *
 * The host owns all of physical memory to begin with. It hands granules
 * out with a bump allocator, and it reaches the RMM only through
 * fvp_smc() with RMI function IDs: it has no other way into Realm state,
 * and the GPT stops its loads and stores at every granule the RMM has
 * delegated. Each step returns the RMI status of the first call that
 * failed, so scenarios (scenario/) can drive the same steps one at a time
 * and check what the RMM said.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "mica/wire/bytes.h"
#include "platform.h"
#include "policy.h"
#include "realm.h"

#define ERR(...) (fprintf(stderr, "mica-fvp: " __VA_ARGS__), 1)

/* ---- RMI helpers ---------------------------------------------------------- */

static unsigned long rmi(struct fvp_host *h, unsigned long fid,
			 unsigned long a1, unsigned long a2, unsigned long a3,
			 unsigned long a4, unsigned long a5,
			 unsigned long ret[5])
{
	unsigned long x[7] = { fid, a1, a2, a3, a4, a5, 0 }, r[5];

	return fvp_smc(&h->m, x, ret ? ret : r);
}

#define RMI(h, fid, ...) rmi((h), (fid), __VA_ARGS__)

/* ---- memory --------------------------------------------------------------- */

unsigned long fvp_host_granule(struct fvp_host *h)
{
	unsigned long pa;

	if (h->next_granule >= h->m.plat.ngranules)
		return 0;
	pa = FVP_BASE_PA + h->next_granule * FVP_GRANULE;
	h->next_granule++;
	if (h->m.high < h->next_granule)
		h->m.high = h->next_granule;
	return pa;
}

/* A granule given to the RMM: allocated, then delegated. 0 on failure. */
static unsigned long delegated(struct fvp_host *h, unsigned long *st)
{
	unsigned long pa = fvp_host_granule(h);

	*st = MICA_RMI_ERROR_INPUT;
	if (pa == 0)
		return 0;
	*st = RMI(h, MICA_RMI_GRANULE_DELEGATE, pa, 0, 0, 0, 0, NULL);
	return *st == 0 ? pa : 0;
}

static int ns_page_write(struct fvp_host *h, unsigned long pa,
			 const void *data, size_t n)
{
	static const uint8_t zero[FVP_GRANULE];

	return fvp_host_write(&h->m, pa, zero, FVP_GRANULE) ||
	       fvp_host_write(&h->m, pa, data, n);
}

/* ---- setting up ----------------------------------------------------------- */

int fvp_host_init(struct fvp_host *h, const struct fvp_policy *pol)
{
	return fvp_host_init_size(h, pol, FVP_NGRANULES);
}

int fvp_host_init_size(struct fvp_host *h, const struct fvp_policy *pol,
		       uint64_t ngranules)
{
	memset(h, 0, sizeof *h);
	h->pol = pol;
	if (fvp_machine_init_size(&h->m, ngranules) != 0) {
		fprintf(stderr, "mica-fvp: cannot allocate the model's memory\n");
		return -1;
	}
	h->realm = calloc(pol->ir->nrealms, sizeof *h->realm);
	h->region = calloc(pol->ir->nregions, sizeof *h->region);
	h->ns_scratch = fvp_host_granule(h);
	if (h->realm == NULL || h->region == NULL) {
		fvp_host_free(h);
		return -1;
	}
	for (uint32_t g = 0; g < pol->ir->nregions; g++)
		h->region[g].granules = pol->ir->regions[g].size / FVP_GRANULE;
	return 0;
}

void fvp_host_free(struct fvp_host *h)
{
	fvp_machine_free(&h->m);
	if (h->realm)
		for (uint32_t i = 0; i < h->pol->ir->nrealms; i++)
			free(h->realm[i].rtt);
	if (h->region)
		for (uint32_t g = 0; g < h->pol->ir->nregions; g++)
			free(h->region[g].pa);
	free(h->realm);
	free(h->region);
	memset(h, 0, sizeof *h);
}

/* ---- stage 2 -------------------------------------------------------------- */

/* Bytes an RTT entry at level L maps; an RTT at level L covers 512 of
 * them. */
static uint64_t level_span(unsigned level)
{
	return 1ull << (12 + 9 * (3 - level));
}

static unsigned long add_rtt(struct fvp_host_realm *hr, uint64_t ipa,
			     unsigned level, unsigned long pa)
{
	if (hr->nrtt == hr->caprtt) {
		size_t cap = hr->caprtt ? 2 * hr->caprtt : 16;
		struct fvp_rtt *t = realloc(hr->rtt, cap * sizeof *t);

		if (t == NULL)
			return MICA_RMI_ERROR_INPUT;
		hr->rtt = t;
		hr->caprtt = cap;
	}
	hr->rtt[hr->nrtt++] = (struct fvp_rtt){ ipa, level, pa };
	return 0;
}

/* Creates the level 1..3 RTTs that ipa needs and the host has not made
 * yet (it remembers what it made, as KVM does). */
static unsigned long ensure_rtts(struct fvp_host *h, struct fvp_host_realm *hr,
				 uint64_t ipa)
{
	for (unsigned level = 1; level <= 3; level++) {
		uint64_t base = ipa & ~(level_span(level) * 512 - 1);
		unsigned long pa, st;
		size_t k;

		for (k = 0; k < hr->nrtt; k++)
			if (hr->rtt[k].level == level && hr->rtt[k].ipa == base)
				break;
		if (k < hr->nrtt)
			continue;
		pa = delegated(h, &st);
		if (pa == 0)
			return st;
		st = RMI(h, MICA_RMI_RTT_CREATE, hr->rd, pa, base, level, 0, NULL);
		if (st != 0)
			return st;
		if ((st = add_rtt(hr, base, level, pa)) != 0)
			return st;
	}
	return 0;
}

/* ---- creating a Realm ----------------------------------------------------- */

static void realm_params(const struct fvp_policy *pol, uint32_t i,
			 unsigned s2sz, unsigned long root, uint8_t *page)
{
	const mica_ir_realm *r = &pol->ir->realms[i];

	memset(page, 0, FVP_GRANULE);
	page[MICA_RP_S2SZ] = (uint8_t)s2sz;
	page[MICA_RP_HASH_ALGO] = pol->ir->hash == MICA_SHA512
				  ? MICA_RMI_HASH_SHA512 : MICA_RMI_HASH_SHA256;
	memcpy(page + MICA_RP_RPV, r->rpv.bytes, r->rpv.len);
	mica_st16(page + MICA_RP_VMID, i + 1);
	mica_st64(page + MICA_RP_RTT_BASE, root);
	mica_st64(page + MICA_RP_RTT_LEVEL_START, 0);
	mica_st64(page + MICA_RP_RTT_NUM_START, 1);
}

static void rec_params(uint64_t base, uint8_t *page)
{
	memset(page, 0, FVP_GRANULE);
	mica_st64(page + MICA_RECP_FLAGS, MICA_REC_PARAMS_RUNNABLE);
	mica_st64(page + MICA_RECP_PC, base);
	mica_st64(page + MICA_RECP_GPRS, base);                 /* x0: image */
	mica_st64(page + MICA_RECP_GPRS + 8, FVP_RAM_PAGES);    /* x1: RAM pages */
}

/* RTT_INIT_RIPAS of [base, top), one level-3 table's span per call, with
 * the tables it needs. */
static unsigned long init_ripas(struct fvp_host *h, struct fvp_host_realm *hr,
				uint64_t base, uint64_t top)
{
	const uint64_t span = level_span(2);
	unsigned long st = 0, ret[5];

	while (base < top && st == 0) {
		uint64_t end = (base | (span - 1)) + 1;

		if (end > top)
			end = top;
		if ((st = ensure_rtts(h, hr, base)) == 0)
			st = RMI(h, MICA_RMI_RTT_INIT_RIPAS, hr->rd, base, end,
				 0, 0, ret);
		base = end;
	}
	return st;
}

/* The protected windows of layout realm li, in policy order. */
static unsigned long init_windows(struct fvp_host *h, struct fvp_host_realm *hr,
				  const mica_ir *ir, uint32_t li)
{
	struct fvp_window w[FVP_MAX_WINDOWS];
	size_t n = fvp_windows(ir, li, w, FVP_MAX_WINDOWS);
	unsigned long st = 0;

	for (size_t k = 0; k < n && st == 0; k++)
		if (w[k].protected_)
			st = init_ripas(h, hr, w[k].ipa, w[k].ipa + w[k].size);
	return st;
}

unsigned long fvp_host_create(struct fvp_host *h, uint32_t i,
			      const uint8_t *image)
{
	struct fvp_create c = { image, NULL, 0, 0 };

	return fvp_host_create_with(h, i, &c);
}

unsigned long fvp_host_create_with(struct fvp_host *h, uint32_t i,
				   const struct fvp_create *c)
{
	const struct fvp_policy *pol = h->pol;
	struct fvp_host_realm *hr = &h->realm[i];
	uint64_t base = pol->img[i].ipa;
	const uint8_t *image = c->image ? c->image : pol->img[i].image;
	uint8_t page[FVP_GRANULE];
	unsigned long root, st;
	char prog[64];

	free(hr->rtt);
	memset(hr, 0, sizeof *hr);
	hr->image_ipa = base;
	hr->s2sz = c->s2sz ? c->s2sz : FVP_S2SZ;
	hr->run = fvp_host_granule(h);
	if ((hr->rd = delegated(h, &st)) == 0 ||
	    (root = delegated(h, &st)) == 0)
		return st;
	realm_params(pol, i, hr->s2sz, root, page);
	if (ns_page_write(h, h->ns_scratch, page, sizeof page) != 0)
		return MICA_RMI_ERROR_INPUT;
	st = RMI(h, MICA_RMI_REALM_CREATE, hr->rd, h->ns_scratch, 0, 0, 0, NULL);
	if (st != 0)
		return st;
	hr->created = 1;
	if ((st = add_rtt(hr, 0, 0, root)) != 0 ||
	    (st = init_ripas(h, hr, base,
			     base + (1 + FVP_RAM_PAGES) * FVP_GRANULE)) != 0 ||
	    (st = init_windows(h, hr, c->layout ? c->layout : pol->ir,
			       c->layout ? c->layout_realm : i)) != 0)
		return st;
	/* The image, measured; then RAM the Realm starts with zeroed. */
	if (ns_page_write(h, h->ns_scratch, image, FVP_GRANULE) != 0 ||
	    (hr->data[0] = delegated(h, &st)) == 0)
		return st ? st : MICA_RMI_ERROR_INPUT;
	st = RMI(h, MICA_RMI_DATA_CREATE, hr->rd, hr->data[0], base,
		 h->ns_scratch, MICA_RMI_MEASURE_CONTENT, NULL);
	for (unsigned k = 1; st == 0 && k <= FVP_RAM_PAGES; k++) {
		if ((hr->data[k] = delegated(h, &st)) == 0)
			return st;
		st = RMI(h, MICA_RMI_DATA_CREATE_UNKNOWN, hr->rd, hr->data[k],
			 base + k * FVP_GRANULE, 0, 0, NULL);
	}
	if (st != 0)
		return st;
	rec_params(base, page);
	if (ns_page_write(h, h->ns_scratch, page, sizeof page) != 0 ||
	    (hr->rec = delegated(h, &st)) == 0)
		return st ? st : MICA_RMI_ERROR_INPUT;
	st = RMI(h, MICA_RMI_REC_CREATE, hr->rd, hr->rec, h->ns_scratch, 0, 0,
		 NULL);
	if (st != 0)
		return st;
	/* The vCPU runs whatever program the image names. */
	if (fvp_image_program(image, prog, sizeof prog) != 0)
		prog[0] = 0;
	hr->vcpu = fvp_vcpu_new(&h->m, hr->rd, hr->rec,
				fvp_program_lookup(prog), h->traffic);
	if (hr->vcpu == NULL)
		return MICA_RMI_ERROR_INPUT;
	hr->vcpu->index = i;
	memcpy(hr->vcpu->program_name, prog, sizeof prog);
	return 0;
}

unsigned long fvp_host_bind(struct fvp_host *h, uint32_t i,
			    const uint8_t *blob, size_t len)
{
	unsigned long st;

	if (len > FVP_GRANULE ||
	    ns_page_write(h, h->ns_scratch, blob, len) != 0)
		return MICA_RMI_ERROR_INPUT;
	st = RMI(h, MICA_RMI_POLICY_BIND, h->realm[i].rd, h->ns_scratch, len,
		 0, 0, NULL);
	if (st == 0)
		h->realm[i].bound = 1;
	return st;
}

unsigned long fvp_host_activate(struct fvp_host *h, uint32_t i)
{
	unsigned long st = RMI(h, MICA_RMI_REALM_ACTIVATE, h->realm[i].rd, 0,
			       0, 0, 0, NULL);

	if (st == 0)
		h->realm[i].active = 1;
	return st;
}

/* MODEL SHORTCUT (--adopt-measurements): no image hashes to a value a
 * tenant wrote for a real one, so the model overwrites the RIM of the
 * NEW Realm with the declared measurement, the one place where it
 * touches RMM state other than through an RMI or RSI call. */
void fvp_host_adopt(struct fvp_host *h, uint32_t i)
{
	struct mica_rmm *rmm = h->m.rmm;
	unsigned long g = (h->realm[i].rd - FVP_BASE_PA) / FVP_GRANULE;
	struct mica_rmm_realm *r = &rmm->realm[rmm->granule[g].owner];

	memcpy(r->meas[0], h->pol->ir->realms[i].measurement.bytes,
	       h->pol->dlen);
}

/* ---- mapping --------------------------------------------------------------- */

unsigned long fvp_host_share(struct fvp_host *h, uint32_t i,
			     unsigned long pa, uint64_t ipa)
{
	unsigned long st = ensure_rtts(h, &h->realm[i], ipa);

	return st ? st : RMI(h, MICA_RMI_SHARE_MAP, h->realm[i].rd, pa, ipa,
			     0, 0, NULL);
}

unsigned long fvp_host_unshare(struct fvp_host *h, uint32_t i, uint64_t ipa)
{
	return RMI(h, MICA_RMI_SHARE_UNMAP, h->realm[i].rd, ipa, 0, 0, 0, NULL);
}

unsigned long fvp_host_map_ns(struct fvp_host *h, uint32_t i,
			      unsigned long pa, uint64_t ipa, unsigned rights)
{
	unsigned long st = ensure_rtts(h, &h->realm[i], ipa);

	return st ? st : RMI(h, MICA_RMI_RTT_MAP_UNPROTECTED, h->realm[i].rd,
			     ipa, 3, pa | (unsigned long)(rights & 3) << 6, 0,
			     NULL);
}

unsigned long fvp_host_region_page(struct fvp_host *h, uint32_t g,
				   uint64_t k)
{
	struct fvp_host_region *hg = &h->region[g];
	unsigned long st;

	if (k >= hg->granules)
		return 0;
	if (hg->pa == NULL &&
	    (hg->pa = calloc(hg->granules, sizeof *hg->pa)) == NULL)
		return 0;
	if (hg->pa[k] == 0)
		hg->pa[k] = h->pol->ir->regions[g].kind == MICA_PROTECTED
			    ? delegated(h, &st) : fvp_host_granule(h);
	return hg->pa[k];
}

unsigned long fvp_host_map_all(struct fvp_host *h, uint32_t i)
{
	const mica_ir_realm *r = &h->pol->ir->realms[i];

	for (uint32_t w = 0; w < r->nmaps; w++) {
		const mica_ir_region *g = &h->pol->ir->regions[r->maps[w].region];
		const mica_ir_access *a = &g->accesses[r->maps[w].access];

		for (uint64_t k = 0; k < g->size / FVP_GRANULE; k++) {
			unsigned long pa = fvp_host_region_page(h, r->maps[w].region, k);
			uint64_t ipa = a->ipa + k * FVP_GRANULE;
			unsigned long st;

			if (pa == 0)
				return MICA_RMI_ERROR_INPUT;
			st = g->kind == MICA_PROTECTED
			     ? fvp_host_share(h, i, pa, ipa)
			     : fvp_host_map_ns(h, i, pa, ipa, a->rights);
			if (st != 0)
				return st;
		}
	}
	return 0;
}

/* Tears realm i down the way a host must: RECs, DATA, shared pages,
 * unprotected mappings (left to RTT_DESTROY's checks), RTTs leaf first,
 * then the RD. Stops at the first refusal. */
unsigned long fvp_host_destroy(struct fvp_host *h, uint32_t i)
{
	struct fvp_host_realm *hr = &h->realm[i];
	const mica_ir_realm *r = &h->pol->ir->realms[i];
	unsigned long st, ret[5];

	if ((st = RMI(h, MICA_RMI_REC_DESTROY, hr->rec, 0, 0, 0, 0, NULL)) != 0 &&
	    hr->rec != 0)
		return st;
	for (unsigned k = 0; k <= FVP_RAM_PAGES; k++)
		RMI(h, MICA_RMI_DATA_DESTROY, hr->rd,
		    hr->image_ipa + k * FVP_GRANULE, 0, 0, 0, ret);
	for (uint32_t w = 0; w < r->nmaps; w++) {
		const mica_ir_region *g = &h->pol->ir->regions[r->maps[w].region];
		uint64_t ipa = g->accesses[r->maps[w].access].ipa;

		for (uint64_t k = 0; k < g->size / FVP_GRANULE; k++)
			RMI(h, g->kind == MICA_PROTECTED ? MICA_RMI_SHARE_UNMAP
			    : MICA_RMI_RTT_UNMAP_UNPROTECTED, hr->rd,
			    ipa + k * FVP_GRANULE, 3, 0, 0, ret);
	}
	for (size_t k = hr->nrtt; k-- > 1;) {
		st = RMI(h, MICA_RMI_RTT_DESTROY, hr->rd, hr->rtt[k].ipa,
			 hr->rtt[k].level, 0, 0, ret);
		if (st != 0)
			return st;
	}
	st = RMI(h, MICA_RMI_REALM_DESTROY, hr->rd, 0, 0, 0, 0, NULL);
	if (st == 0)
		hr->destroyed = 1;
	return st;
}

/* ---- running --------------------------------------------------------------- */

unsigned long fvp_host_enter(struct fvp_host *h, uint32_t i,
			     struct fvp_exit *ex)
{
	struct fvp_host_realm *hr = &h->realm[i];
	uint8_t run[FVP_GRANULE];
	unsigned long st;

	memset(run, 0, sizeof run);
	mica_st64(run + MICA_RUN_ENTRY_FLAGS, hr->entry_flags);
	mica_st64(run + MICA_RUN_ENTRY_GPRS, hr->entry_x0);
	if (fvp_host_write(&h->m, hr->run, run, sizeof run) != 0)
		return MICA_RMI_ERROR_INPUT;
	st = RMI(h, MICA_RMI_REC_ENTER, hr->rec, hr->run, 0, 0, 0, NULL);
	memset(ex, 0, sizeof *ex);
	if (st != 0 || fvp_host_read(&h->m, hr->run, run, sizeof run) != 0)
		return st ? st : MICA_RMI_ERROR_INPUT;
	ex->reason = (unsigned)mica_ld64(run + MICA_RUN_EXIT_REASON);
	ex->esr = mica_ld64(run + MICA_RUN_EXIT_ESR);
	ex->far = mica_ld64(run + MICA_RUN_EXIT_FAR);
	ex->hpfar = mica_ld64(run + MICA_RUN_EXIT_HPFAR);
	ex->ripas_base = mica_ld64(run + MICA_RUN_EXIT_RIPAS_BASE);
	ex->ripas_top = mica_ld64(run + MICA_RUN_EXIT_RIPAS_TOP);
	ex->imm = mica_ld64(run + MICA_RUN_EXIT_IMM) & 0xFFFF;
	for (unsigned k = 0; k < 8; k++)
		ex->gprs[k] = mica_ld64(run + MICA_RUN_EXIT_GPRS + 8 * k);
	/* What the next entry says about this exit: emulatable MMIO is
	 * emulated (reads as 0, writes dropped); any other data abort gets
	 * an SEA (this host never pages protected memory in); host calls
	 * and PSCI calls return 0, SUCCESS. */
	hr->entry_flags = 0;
	hr->entry_x0 = 0;
	if (ex->reason == MICA_RMI_EXIT_SYNC &&
	    (ex->esr >> MICA_ESR_EC_SHIFT) == MICA_ESR_EC_DABT)
		hr->entry_flags = (ex->esr & MICA_ESR_ISV)
				  ? MICA_REC_ENTRY_EMUL_MMIO
				  : MICA_REC_ENTRY_INJECT_SEA;
	return 0;
}

/* ---- whole deployments -------------------------------------------------- */

const char *fvp_digest_text(mica_hash_alg alg, const uint8_t *d, char *buf)
{
	size_t n = mica_hash_size(alg), k;

	k = (size_t)sprintf(buf, "%s:", alg == MICA_SHA512 ? "sha512" : "sha256");
	for (size_t i = 0; i < n; i++)
		k += (size_t)sprintf(buf + k, "%02x", d[i]);
	return buf;
}

static const char *status_text(unsigned long st)
{
	static const char *const name[] = {
		"SUCCESS", "ERROR_INPUT", "ERROR_REALM", "ERROR_REC", "ERROR_RTT",
	};
	unsigned s = (unsigned)MICA_RMI_STATUS(st);

	return s < 5 ? name[s] : "an unknown status";
}

int fvp_host_deploy(struct fvp_host *h, int adopt)
{
	const struct fvp_policy *pol = h->pol;
	const mica_ir *ir = pol->ir;
	char want[140], got[140];
	unsigned long st;
	uint32_t i;

	for (i = 0; i < ir->nrealms; i++) {
		const mica_digest *m = &ir->realms[i].measurement;

		if (memcmp(m->bytes, pol->img[i].measured, pol->dlen) == 0)
			continue;
		if (!adopt)
			return ERR("realm '%s': the policy declares measurement %s "
				   "but its image under the model measures %s; write "
				   "the model's value into the policy (mica-fvp "
				   "measure) or run with --adopt-measurements\n",
				   ir->realms[i].name,
				   fvp_digest_text(ir->hash, m->bytes, want),
				   fvp_digest_text(ir->hash, pol->img[i].measured, got));
	}
	for (i = 0; i < ir->nrealms; i++) {
		const mica_output *blob = fvp_policy_blob(pol, i);

		if ((st = fvp_host_create(h, i, NULL)) != 0)
			return ERR("realm '%s': creating it failed: %s\n",
				   ir->realms[i].name, status_text(st));
		if (adopt)
			fvp_host_adopt(h, i);
		if ((st = fvp_host_bind(h, i, blob->data, blob->len)) != 0)
			return ERR("realm '%s': POLICY_BIND refused its blob: %s\n",
				   ir->realms[i].name, status_text(st));
		if ((st = fvp_host_activate(h, i)) != 0)
			return ERR("realm '%s': REALM_ACTIVATE refused: %s\n",
				   ir->realms[i].name, status_text(st));
	}
	for (i = 0; i < ir->nrealms; i++)
		if ((st = fvp_host_map_all(h, i)) != 0)
			return ERR("realm '%s': mapping its regions failed: %s\n",
				   ir->realms[i].name, status_text(st));
	return 0;
}
