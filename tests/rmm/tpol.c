/* SPDX-License-Identifier: BSD-3-Clause */
/* tpol.c -- policy helpers of the RMM tests (tpol.h). */
#include <stdio.h>
#include <stdlib.h>

#include "mica/ast.h"
#include "mica/blob.h"
#include "mica/diag.h"
#include "mica/ir.h"
#include "mica/source.h"
#include "tpol.h"

void tpol_realm(struct tplat *tp, unsigned i)
{
	tpol_realm_image(tp, i, i);
}

void tpol_realm_image(struct tplat *tp, unsigned i, unsigned image)
{
	memset(PG(tp, W_SRC), (int)(0x30 + image), 4096);
	tp_realm(tp, TPOL_G(i, 0), TPOL_G(i, 1), i + 1, MICA_RMI_HASH_SHA256);
	tp_rtts_for(tp, TPOL_G(i, 0), TPOL_G(i, 2), TPOL_G(i, 3), 0);
	tp_rtts_for(tp, TPOL_G(i, 0), TPOL_G(i, 4), TPOL_G(i, 5), TP_UNPROT);
	/* RAM throughout the first 2 MiB: the image and every protected
	 * window the tests use (SHARE_MAP needs RAM; it never sets it). */
	ck_assert_uint_eq(RMI(tp, MICA_RMI_RTT_INIT_RIPAS, TPOL_RD(i), 0,
			      0x200000), 0);
	tp_data(tp, TPOL_G(i, 0), TPOL_G(i, 6), 0, W_SRC,
		MICA_RMI_MEASURE_CONTENT);
	tp_rec(tp, TPOL_G(i, 0), TPOL_G(i, 7), MICA_REC_PARAMS_RUNNABLE, 0);
}

struct mica_rmm_realm *tpol_r(struct tplat *tp, unsigned i)
{
	return &tp->ctx.realm[tp->ctx.granule[TPOL_G(i, 0)].owner];
}

const char *tpol_meas(struct tplat *tp, unsigned i, char *buf)
{
	const struct mica_rmm_realm *r = tpol_r(tp, i);
	/* The image measurement: after activation the RIM has moved on. */
	const uint8_t *m = r->policy.bound && r->state != MICA_REALM_NEW
				   ? r->policy.image : r->meas[0];

	strcpy(buf, "sha256:");
	for (unsigned k = 0; k < 32; k++)
		sprintf(buf + 7 + 2 * k, "%02x", m[k]);
	return buf;
}

/* A compiled policy: source, tree and checked IR, freed together. */
struct tpol_unit {
	mica_source s;
	mica_ast *ast;
	mica_ir *ir;
};

/* Compiles text with %R0..%R7 replaced by realm i's measurement; fails
 * the test unless check and the backend's checks accept it. */
static void compile_text(struct tplat *tp, const char *text,
			 struct tpol_unit *u)
{
	char src[8192], meas[160];
	size_t n = 0;
	mica_diag d;

	for (const char *p = text; *p; p++) {
		if (p[0] == '%' && p[1] == 'R' && p[2] >= '0' && p[2] <= '7') {
			tpol_meas(tp, (unsigned)(p[2] - '0'), meas);
			ck_assert_uint_lt(n + strlen(meas), sizeof src);
			memcpy(src + n, meas, strlen(meas));
			n += strlen(meas);
			p += 2;
		} else {
			ck_assert_uint_lt(n + 1, sizeof src);
			src[n++] = *p;
		}
	}
	ck_assert_int_eq(mica_source_from_mem(&u->s, "test.mica", src, n), 0);
	mica_diag_init(&d, &u->s, stderr);
	u->ast = mica_parse(&u->s, &d);
	u->ir = d.errors == 0 ? mica_lower(u->ast, &d) : NULL;
	if (u->ir && mica_check(u->ir, &d) == 0)
		mica_backend_check(u->ir, &d);
	ck_assert_msg(u->ir && d.errors == 0, "policy does not compile");
}

static void unit_free(struct tpol_unit *u)
{
	mica_ir_free(u->ir);
	mica_ast_free(u->ast);
	mica_source_free(&u->s);
}

size_t tpol_blob(struct tplat *tp, const char *text, const char *name,
		 uint8_t *out, size_t cap)
{
	struct tpol_unit u;
	uint8_t wf[MICA_MAX_DIGEST];
	mica_blob b;
	size_t len;
	uint32_t k;

	compile_text(tp, text, &u);
	for (k = 0; k < u.ir->nrealms && strcmp(u.ir->realms[k].name, name);
	     k++)
		;
	ck_assert_uint_lt(k, u.ir->nrealms);
	mica_workflow_digest(u.ir, wf);
	mica_blob_from_ir(u.ir, k, wf, &b);
	len = mica_blob_encode(&b, out, cap);
	ck_assert_uint_gt(len, 0);
	mica_blob_free(&b);
	unit_free(&u);
	return len;
}

char *tpol_reference_json(struct tplat *tp, const char *text)
{
	struct tpol_unit u;
	mica_diag d;
	mica_outputs o;
	char *json = NULL;

	compile_text(tp, text, &u);
	mica_diag_init(&d, &u.s, stderr);
	ck_assert_uint_eq(mica_backend_compile(u.ir, &d, &o), 0);
	for (size_t i = 0; i < o.n; i++)
		if (strcmp(o.files[i].name, "reference.json") == 0) {
			json = malloc(o.files[i].len + 1);
			ck_assert_ptr_nonnull(json);
			memcpy(json, o.files[i].data, o.files[i].len);
			json[o.files[i].len] = 0;
		}
	ck_assert_ptr_nonnull(json);
	mica_outputs_free(&o);
	unit_free(&u);
	return json;
}

unsigned long tpol_bind(struct tplat *tp, unsigned i, const uint8_t *blob,
			size_t len)
{
	memset(PG(tp, W_SRC), 0, 4096);
	memcpy(PG(tp, W_SRC), blob, len);
	return RMI(tp, MICA_RMI_POLICY_BIND, TPOL_RD(i), PA(W_SRC), len);
}

void tpol_bind_text(struct tplat *tp, unsigned i, const char *text,
		    const char *name)
{
	uint8_t blob[4096];
	size_t n = tpol_blob(tp, text, name, blob, sizeof blob);

	ck_assert_uint_eq(tpol_bind(tp, i, blob, n), 0);
}

unsigned long tpol_activate(struct tplat *tp, unsigned i)
{
	return RMI(tp, MICA_RMI_REALM_ACTIVATE, TPOL_RD(i));
}
