/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_examples.c -- the backend over the example policies: integrity
 * of every blob under truncation and bit flips, determinism, order
 * independence, the size budget, and the compile checks it adds.
 */
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>

#include "testutil.h"
#include "blobutil.h"
#include "mica/wire/bind.h"

static void compile_example(bu_policy *p, mica_outputs *o, const char *name)
{
	char path[512];

	bu_example_path(path, sizeof path, name);
	bu_load(p, path);
	ck_assert_uint_eq(mica_backend_compile(p->ir, &p->d, o), 0);
	/* The blobs, reference.json, reference.corim, mica.corim. */
	ck_assert_uint_eq(o->n, p->ir->nrealms + 3);
}

static void assert_outputs_eq(const mica_outputs *x, const mica_outputs *y)
{
	ck_assert_uint_eq(x->n, y->n);
	ck_assert_mem_eq(x->workflow, y->workflow, MICA_MAX_DIGEST);
	for (size_t i = 0; i < x->n; i++) {
		ck_assert_str_eq(x->files[i].name, y->files[i].name);
		ck_assert_uint_eq(x->files[i].len, y->files[i].len);
		ck_assert_mem_eq(x->files[i].data, y->files[i].data,
				 x->files[i].len);
	}
}

/* Every truncation of every blob is refused; every single-bit flip is
 * refused or decodes to other content, which then re-encodes to the
 * flipped bytes themselves, so its digest, and the RIM it binds, differ
 * from the original's. */
START_TEST(truncate_and_flip)
{
	bu_policy p;
	mica_outputs o;
	unsigned accepted = 0, refused = 0;

	compile_example(&p, &o, bu_examples[_i]);
	for (size_t f = 0; f < p.ir->nrealms; f++) {
		const uint8_t *blob = o.files[f].data;
		size_t len = o.files[f].len;
		mica_hash_alg alg = p.ir->hash;
		size_t dlen = mica_hash_size(alg);
		uint8_t buf[MICA_BLOB_MAX], again[MICA_BLOB_MAX];
		uint8_t d0[64], d1[64], rim[64], rim0[64], meas[64] = { 0 };
		mica_blob b;
		mica_blob_error e;

		ck_assert_msg(mica_blob_decode(blob, len, &b, &e) == 0, "%s",
			      e.msg);
		memcpy(meas, b.measurement, dlen);
		mica_blob_free(&b);
		mica_hash(alg, blob, len, d0);
		ck_assert_int_eq(mica_bind_rim(alg, meas, blob, len, rim0), 0);

		for (size_t n = 0; n < len; n++) {
			ck_assert_msg(mica_blob_decode(blob, n, &b, &e) != 0,
				      "%s: prefix of %zu bytes accepted",
				      o.files[f].name, n);
		}
		for (size_t bit = 0; bit < 8 * len; bit++) {
			memcpy(buf, blob, len);
			buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			if (mica_blob_decode(buf, len, &b, &e) != 0) {
				refused++;
				continue;
			}
			accepted++;
			ck_assert_uint_eq(mica_blob_encode(&b, again,
							   sizeof again), len);
			ck_assert_mem_eq(again, buf, len);
			mica_blob_free(&b);
			mica_hash(alg, buf, len, d1);
			ck_assert_mem_ne(d0, d1, dlen);
			ck_assert_int_eq(mica_bind_rim(alg, meas, buf, len,
						       rim), 0);
			ck_assert_mem_ne(rim, rim0, dlen);
		}
	}
	/* Flips inside digests are accepted (any bytes are a digest); flips
	 * in the structure mostly are not. Both paths must have run. */
	ck_assert_uint_gt(accepted, 0);
	ck_assert_uint_gt(refused, 0);
	mica_outputs_free(&o);
	bu_free(&p);
}
END_TEST

/* The same input twice gives the same bytes. */
START_TEST(deterministic)
{
	bu_policy p, q;
	mica_outputs o, r;

	compile_example(&p, &o, bu_examples[_i]);
	compile_example(&q, &r, bu_examples[_i]);
	assert_outputs_eq(&o, &r);
	mica_outputs_free(&o);
	mica_outputs_free(&r);
	bu_free(&p);
	bu_free(&q);
}
END_TEST

/* A hand-reordered source (tests/backend/reorder/) gives the example's
 * outputs exactly. */
START_TEST(reordered_source)
{
	bu_policy p, q;
	mica_outputs o, r;
	char path[512];

	compile_example(&p, &o, "video_moderation");
	snprintf(path, sizeof path,
		 "%s/tests/backend/reorder/video_moderation.mica",
		 MICA_SOURCE_DIR);
	bu_load(&q, path);
	ck_assert_uint_eq(mica_backend_compile(q.ir, &q.d, &r), 0);
	assert_outputs_eq(&o, &r);
	mica_outputs_free(&o);
	mica_outputs_free(&r);
	bu_free(&p);
	bu_free(&q);
}
END_TEST

/* A permutation of 0..n-1 from a small deterministic generator. */
static void shuffle(uint32_t *v, uint32_t n, uint32_t *seed)
{
	for (uint32_t i = 0; i < n; i++)
		v[i] = i;
	for (uint32_t i = n; i > 1; i--) {
		*seed = *seed * 1103515245u + 12345u;
		uint32_t j = (*seed >> 16) % i, t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

/* The IR with realms, regions, accesses and each realm's windows in
 * another order; names are shared with the original, arrays are new. */
static mica_ir *permuted(const mica_ir *ir, uint32_t seed)
{
	mica_ir *x = calloc(1, sizeof *x);
	uint32_t *pr = calloc(ir->nrealms, sizeof *pr);   /* new of old */
	uint32_t *pg = calloc(ir->nregions, sizeof *pg);
	uint32_t **pa = calloc(ir->nregions, sizeof *pa);
	uint32_t *v;

	*x = *ir;
	x->realms = calloc(ir->nrealms, sizeof *x->realms);
	x->regions = calloc(ir->nregions, sizeof *x->regions);
	shuffle(pr, ir->nrealms, &seed);
	shuffle(pg, ir->nregions, &seed);
	for (uint32_t g = 0; g < ir->nregions; g++) {
		const mica_ir_region *o = &ir->regions[g];
		mica_ir_region *n = &x->regions[pg[g]];
		*n = *o;
		n->accesses = calloc(o->naccesses, sizeof *n->accesses);
		pa[g] = calloc(o->naccesses, sizeof **pa);
		shuffle(pa[g], o->naccesses, &seed);
		for (uint32_t a = 0; a < o->naccesses; a++) {
			mica_ir_access *na = &n->accesses[pa[g][a]];
			*na = o->accesses[a];
			if (na->subject < ir->nrealms)
				na->subject = pr[na->subject];
		}
	}
	for (uint32_t r = 0; r < ir->nrealms; r++) {
		const mica_ir_realm *o = &ir->realms[r];
		mica_ir_realm *n = &x->realms[pr[r]];
		*n = *o;
		n->maps = calloc(o->nmaps ? o->nmaps : 1, sizeof *n->maps);
		v = calloc(o->nmaps ? o->nmaps : 1, sizeof *v);
		shuffle(v, o->nmaps, &seed);
		for (uint32_t m = 0; m < o->nmaps; m++) {
			mica_ir_map om = o->maps[m];
			n->maps[v[m]] = (mica_ir_map){
				pg[om.region], pa[om.region][om.access] };
		}
		free(v);
	}
	for (uint32_t g = 0; g < ir->nregions; g++)
		free(pa[g]);
	free(pa);
	free(pg);
	free(pr);
	return x;
}

static void free_permuted(mica_ir *x)
{
	for (uint32_t g = 0; g < x->nregions; g++)
		free(x->regions[g].accesses);
	for (uint32_t r = 0; r < x->nrealms; r++)
		free(x->realms[r].maps);
	free(x->regions);
	free(x->realms);
	free(x);
}

/* Any order of the IR's arrays gives the same outputs. */
START_TEST(order_independent)
{
	bu_policy p;
	mica_outputs o, r;

	compile_example(&p, &o, bu_examples[_i]);
	for (uint32_t seed = 1; seed <= 20; seed++) {
		mica_ir *x = permuted(p.ir, seed);
		ck_assert_uint_eq(mica_backend_compile(x, &p.d, &r), 0);
		assert_outputs_eq(&o, &r);
		mica_outputs_free(&r);
		free_permuted(x);
	}
	mica_outputs_free(&o);
	bu_free(&p);
}
END_TEST

/* What the verifier gets agrees with the blobs: each RIM is the image
 * measurement bound to that very blob (recomputed here from the layout
 * in mica-blob.5 with mbedTLS directly), each blob digest is the blob's. */
START_TEST(reference_values)
{
	bu_policy p;
	mica_outputs o;
	const mica_output *json;

	compile_example(&p, &o, bu_examples[_i]);
	json = &o.files[p.ir->nrealms];
	ck_assert_str_eq(json->name, "reference.json");
	for (size_t f = 0; f < p.ir->nrealms; f++) {
		const mica_ir_realm *r = NULL;
		size_t dlen = mica_hash_size(p.ir->hash);
		uint8_t desc[256] = { 0 }, d[64], rim[64];
		char want[512], hex[129];

		for (uint32_t i = 0; i < p.ir->nrealms; i++) {
			snprintf(want, sizeof want, "%s.blob",
				 p.ir->realms[i].name);
			if (strcmp(want, o.files[f].name) == 0)
				r = &p.ir->realms[i];
		}
		ck_assert_ptr_nonnull(r);
		if (p.ir->hash == MICA_SHA256)
			mbedtls_sha256_ret(o.files[f].data, o.files[f].len, d,
					   0);
		else
			mbedtls_sha512_ret(o.files[f].data, o.files[f].len, d,
					   0);
		desc[0] = 0x4d;
		desc[9] = 1;                             /* len 256 */
		memcpy(desc + 0x10, r->measurement.bytes, dlen);
		memcpy(desc + 0x50, d, dlen);
		for (int k = 0; k < 8; k++)
			desc[0x90 + k] = (uint8_t)(o.files[f].len >> (8 * k));
		if (p.ir->hash == MICA_SHA256)
			mbedtls_sha256_ret(desc, sizeof desc, rim, 0);
		else
			mbedtls_sha512_ret(desc, sizeof desc, rim, 0);

		for (size_t k = 0; k < dlen; k++)
			sprintf(hex + 2 * k, "%02x", rim[k]);
		snprintf(want, sizeof want, "\"rim\": \"%s\"", hex);
		/* open_memstream ends its buffer with a NUL. */
		ck_assert_msg(strstr((const char *)json->data, want) != NULL,
			      "%s missing", want);
		for (size_t k = 0; k < dlen; k++)
			sprintf(hex + 2 * k, "%02x", d[k]);
		snprintf(want, sizeof want, "\"blob_digest\": \"%s\"", hex);
		/* open_memstream ends its buffer with a NUL. */
		ck_assert_msg(strstr((const char *)json->data, want) != NULL,
			      "%s missing", want);
	}
	mica_outputs_free(&o);
	bu_free(&p);
}
END_TEST

/* guarded_llm's reference.json, whole: it pins the workflow digest and,
 * through the blob digests, every byte of every blob. */
START_TEST(reference_golden)
{
	bu_policy p;
	mica_outputs o;
	char path[512];
	mica_source want;

	compile_example(&p, &o, "guarded_llm");
	snprintf(path, sizeof path,
		 "%s/tests/backend/golden/guarded_llm.reference.json",
		 MICA_SOURCE_DIR);
	ck_assert_int_eq(mica_source_load(&want, path), 0);
	ck_assert_uint_eq(o.files[p.ir->nrealms].len, want.len);
	ck_assert_mem_eq(o.files[p.ir->nrealms].data, want.text, want.len);
	mica_source_free(&want);
	mica_outputs_free(&o);
	bu_free(&p);
}
END_TEST

/* Every blob of the paper's examples fits the budget (450 bytes) with
 * its own digests and with SHA-512 ones. (Not every tenant example's:
 * payment_tokenizer's gateway has four peers, and widened to SHA-512
 * its blob takes 530 bytes, 384 of them digests.) */
START_TEST(size_budget)
{
	bu_policy p;
	mica_outputs o;

	compile_example(&p, &o, bu_paper_examples[_i]);
	for (size_t f = 0; f < p.ir->nrealms; f++)
		ck_assert_uint_le(o.files[f].len, 450);
	mica_outputs_free(&o);
	if (p.ir->hash == MICA_SHA256) {
		p.ir->hash = MICA_SHA512;
		for (uint32_t i = 0; i < p.ir->nrealms; i++) {
			mica_digest *m = &p.ir->realms[i].measurement;
			m->alg = MICA_SHA512;
			for (int k = 32; k < 64; k++)
				m->bytes[k] = m->bytes[k - 32] ^ 0x5a;
		}
		ck_assert_uint_eq(mica_backend_compile(p.ir, &p.d, &o), 0);
		for (size_t f = 0; f < p.ir->nrealms; f++)
			ck_assert_uint_le(o.files[f].len, 450);
		mica_outputs_free(&o);
	}
	bu_free(&p);
}
END_TEST

/* Compiles a policy in memory; returns the error count and leaves the
 * diagnostics in *diags. */
static unsigned compile_text(const char *text, char **diags)
{
	mica_source src;
	mica_diag d;
	mica_ast *ast;
	mica_ir *ir;
	mica_outputs o;
	size_t n;
	unsigned errors;
	FILE *f = open_memstream(diags, &n);

	ck_assert_int_eq(mica_source_from_mem(&src, "t.mica", text,
					      strlen(text)), 0);
	mica_diag_init(&d, &src, f);
	ast = mica_parse(&src, &d);
	ir = mica_lower(ast, &d);
	ck_assert_ptr_nonnull(ir);
	ck_assert_uint_eq(mica_check(ir, &d), 0);
	errors = mica_backend_compile(ir, &d, &o);
	if (errors == 0) {
		ck_assert_uint_gt(o.n, 0);
		mica_outputs_free(&o);
	} else {
		ck_assert_uint_eq(o.n, 0);
		ck_assert_ptr_null(o.files);
	}
	fclose(f);
	mica_ir_free(ir);
	mica_ast_free(ast);
	mica_source_free(&src);
	return errors;
}

/* Two realms with one measurement: the RMM could not tell them apart. */
START_TEST(same_measurement)
{
	char *diags;

	ck_assert_uint_eq(compile_text(MT_HDR
		"realm a { measurement = " MT_SHA256("1") "; trust = trusted; }\n"
		"realm b { measurement = " MT_SHA256("1") "; trust = trusted; }\n"
		"region x : protected, 4 KiB { a: w @ 0x1000; b: r @ 0x1000; }\n",
		&diags), 1);
	ck_assert_msg(strstr(diags, "t.mica:3:7: error: realm 'b' has the "
			     "same image measurement as realm 'a'") != NULL,
		      "%s", diags);
	ck_assert_msg(strstr(diags, "t.mica:2:7: note: 'a' declared here"),
		      "%s", diags);
	free(diags);
}
END_TEST

/* A realm sharing with more peers than one granule could describe: the
 * RMM's table limits (MICA_POL_*) refuse it first, and within them
 * no blob reaches 4096 bytes (the size check stays as a second guard). */
START_TEST(blob_too_large)
{
	size_t cap = 1 << 20, n = 0;
	char *text = malloc(cap), *diags;

	n += (size_t)snprintf(text + n, cap - n, MT_HDR
		"realm hub { measurement = sha256:%064x; trust = trusted; }\n",
		0);
	for (int i = 1; i <= 150; i++)
		n += (size_t)snprintf(text + n, cap - n,
			"realm r%d { measurement = sha256:%064x; "
			"trust = trusted; }\n"
			"region g%d : protected, 4 KiB { hub: w @ 0x%x000; "
			"r%d: r @ 0x1000; }\n", i, i, i, i, i);
	ck_assert_uint_eq(compile_text(text, &diags), 2);
	ck_assert_msg(strstr(diags, "t.mica:2:7: error: realm 'hub' maps 150 "
			     "regions; the RMM accepts at most 16 per realm")
		      != NULL, "%s", diags);
	ck_assert_msg(strstr(diags, "t.mica:2:7: error: realm 'hub' shares "
			     "regions with 150 other realms; the RMM accepts "
			     "at most 16 peers per realm") != NULL, "%s", diags);
	free(diags);
	free(text);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("examples");
	TCase *t = tcase_create("examples");

	tcase_set_timeout(t, 120);
	tcase_add_loop_test(t, truncate_and_flip, 0, BU_NEXAMPLES);
	tcase_add_loop_test(t, deterministic, 0, BU_NEXAMPLES);
	tcase_add_loop_test(t, order_independent, 0, BU_NEXAMPLES);
	tcase_add_loop_test(t, reference_values, 0, BU_NEXAMPLES);
	tcase_add_loop_test(t, size_budget, 0, BU_NPAPER);
	tcase_add_test(t, reordered_source);
	tcase_add_test(t, reference_golden);
	tcase_add_test(t, same_measurement);
	tcase_add_test(t, blob_too_large);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return mt_run(suite());
}
