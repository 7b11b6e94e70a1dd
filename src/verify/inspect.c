/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * inspect.c -- every claim of a token, by name, as text or as JSON.
 *
 * The input is decoded completely before anything is printed (framing,
 * COSE_Sign1 structures, both claim maps, every value validated), so a
 * malformed token prints nothing but the error. What is decoded but does
 * not satisfy the profile (a claim of the wrong type, a missing
 * mandatory claim) is printed anyway, with the problem beside it: that
 * is when an engineer needs to see the token most.
 *
 * Output is stable: claims in the order of their keys (mica_claimset
 * sorts them), byte strings in lowercase hex, text JSON-escaped, claims
 * nobody defined in CBOR diagnostic notation under their key.
 */
#include <string.h>

#include "verify.h"

typedef struct pr {
	FILE *out;
	int json;
} pr;

static void indent(pr *o, int n)
{
	while (n-- > 0)
		putc(' ', o->out);
}

static void put_key(pr *o, const mica_claim *e)
{
	if (e->is_int)
		fprintf(o->out, "%lld", (long long)e->ikey);
	else
		mica_put_json_string(o->out, (const char *)e->text.p,
				     e->text.n);
}

static void print_set(pr *o, const mica_claimset *cs, mica_claim_table t,
		      const char *what, int ind);

/* One digest of a member: ", \"id\": \"hex\"" or a line "name: hex". */
static void member_digest(pr *o, const char *id, const char *name,
			  const mica_bytes *b, int ind)
{
	FILE *out = o->out;

	if (b->p == NULL)
		return;
	if (o->json) {
		fprintf(out, ", \"%s\": \"", id);
		mica_put_hex(out, b->p, b->n);
		putc('"', out);
		return;
	}
	putc('\n', out);
	indent(o, ind);
	fprintf(out, "%s: ", name);
	mica_put_hex(out, b->p, b->n);
}

/* The group token's members, claim 266 (man/mica-rmm.7, GROUP TOKEN),
 * checked already. */
static void print_group(pr *o, const mica_bytes *val, int ind)
{
	FILE *out = o->out;
	mica_group g;
	mica_group_member m;
	mica_verdict v;
	uint64_t i;

	mica_group_parse(val, &g, "", &v);
	if (o->json)
		fputs("\"value\": {\"members\": [", out);
	else
		fprintf(out, "%llu members", (unsigned long long)g.nmembers);
	for (i = 0; i < g.nmembers; i++) {
		mica_group_member_at(&g, i, &m);
		if (o->json) {
			fputs(i ? ", {\"name\": " : "{\"name\": ", out);
			mica_put_json_string(out, (const char *)m.name.p,
					     m.name.n);
		} else {
			putc('\n', out);
			indent(o, ind + 2);
			fputs("member ", out);
			mica_put_json_string(out, (const char *)m.name.p,
					     m.name.n);
			putc(':', out);
		}
		member_digest(o, "rim", "RIM", &m.rim, ind + 4);
		if (m.alg.p && o->json) {
			fputs(", \"hash-algorithm\": ", out);
			mica_put_json_string(out, (const char *)m.alg.p,
					     m.alg.n);
		} else if (m.alg.p) {
			putc('\n', out);
			indent(o, ind + 4);
			fprintf(out, "hash algorithm: %.*s", (int)m.alg.n,
				(const char *)m.alg.p);
		}
		member_digest(o, "workflow-digest", "workflow digest "
			      "(another policy)", &m.workflow, ind + 4);
		if (o->json)
			putc('}', out);
	}
	if (o->json)
		fputs("]}", out);
}

/* The value of a claim that passed its definition's check. */
static void print_value(pr *o, const mica_claim_def *d, const mica_bytes *val,
			int ind)
{
	FILE *out = o->out;
	mica_cbor c;
	mica_cbor_head h;
	mica_bytes b, item;
	mica_claimset comp;
	mica_ec_key key;
	mica_verdict v;
	uint64_t n, i;
	size_t sz;
	const char *life;

	mica_cbor_init(&c, val->p, val->n, MICA_CBOR_LENIENT);
	switch ((mica_claim_kind)d->kind) {
	case MICA_CK_BYTES:
	case MICA_CK_TEXT:
	case MICA_CK_UINT:
	case MICA_CK_INT:
		if (o->json) {
			fputs("\"value\": ", out);
			if (d->kind == MICA_CK_BYTES)
				putc('"', out);
		}
		if (d->kind == MICA_CK_BYTES) {
			b = mica_claim_bstr(val);
			mica_put_hex(out, b.p, b.n);
			if (o->json)
				putc('"', out);
		} else {
			mica_put_diag(out, val->p, val->n);
		}
		break;
	case MICA_CK_LIFECYCLE:
		mica_cbor_peek(&c, &h);
		life = mica_lifecycle_name(h.arg);
		if (o->json) {
			fprintf(out, "\"value\": %llu, \"state\": ",
				(unsigned long long)h.arg);
			if (life)
				mica_put_json_string(out, life, strlen(life));
			else
				fputs("null", out);
		} else {
			fprintf(out, "%llu (0x%04llx, %s)",
				(unsigned long long)h.arg,
				(unsigned long long)h.arg,
				life ? life : "unknown state");
		}
		break;
	case MICA_CK_REMS:
		mica_cbor_array(&c, &n);
		if (o->json)
			fputs("\"value\": [", out);
		else
			fprintf(out, "%llu", (unsigned long long)n);
		for (i = 0; i < n; i++) {
			mica_cbor_bstr(&c, &b.p, &b.n);
			if (o->json) {
				fputs(i ? ", \"" : "\"", out);
				mica_put_hex(out, b.p, b.n);
				putc('"', out);
			} else {
				putc('\n', out);
				indent(o, ind + 2);
				fprintf(out, "REM%llu: ",
					(unsigned long long)i);
				mica_put_hex(out, b.p, b.n);
			}
		}
		if (o->json)
			putc(']', out);
		break;
	case MICA_CK_SWCOMPS:
		mica_cbor_array(&c, &n);
		if (o->json)
			fputs("\"value\": [", out);
		else
			fprintf(out, "%llu", (unsigned long long)n);
		for (i = 0; i < n; i++) {
			mica_cbor_item(&c, &item.p, &item.n);
			/* Checked already: this parse succeeds. */
			mica_claimset_parse(item.p, item.n, &comp, "", &v);
			if (o->json) {
				fputs(i ? ", " : "", out);
			} else {
				putc('\n', out);
				indent(o, ind + 2);
				fprintf(out, "component %llu:",
					(unsigned long long)i);
			}
			print_set(o, &comp, MICA_TABLE_SWCOMP,
				  "software component", ind + 4);
		}
		if (o->json)
			putc(']', out);
		break;
	case MICA_CK_RAK:
		b = mica_claim_bstr(val);
		mica_key_from_claim(b.p, b.n, &key, &v);
		sz = mica_curve_size(key.crv);
		if (o->json) {
			fputs("\"value\": \"", out);
			mica_put_hex(out, b.p, b.n);
			fprintf(out, "\", \"format\": \"%s\", "
				"\"curve\": \"%s\", \"x\": \"",
				b.p[0] == 0x04 ? "raw" : "cose-key",
				mica_curve_name(key.crv));
			mica_put_hex(out, key.point + 1, sz);
			fputs("\", \"y\": \"", out);
			mica_put_hex(out, key.point + 1 + sz, sz);
			putc('"', out);
		} else {
			fprintf(out, "%s, %s", b.p[0] == 0x04 ? "raw EC point"
				: "COSE_Key EC2", mica_curve_name(key.crv));
			putc('\n', out);
			indent(o, ind + 2);
			fputs("x: ", out);
			mica_put_hex(out, key.point + 1, sz);
			putc('\n', out);
			indent(o, ind + 2);
			fputs("y: ", out);
			mica_put_hex(out, key.point + 1 + sz, sz);
			putc('\n', out);
			indent(o, ind + 2);
			fputs("bytes: ", out);
			mica_put_hex(out, b.p, b.n);
		}
		break;
	case MICA_CK_SUBMODS:
		print_group(o, val, ind);
		break;
	case MICA_CK_REFUSED:
		break;
	}
}

/* One claim: its key, its name, its value; an unknown or ill-typed one
 * in diagnostic notation. */
static void print_claim(pr *o, const mica_claim *e, mica_claim_table t,
			const char *what, int ind, int first)
{
	const mica_claim_def *d = e->is_int ? mica_claim_lookup(t, e->ikey)
					    : NULL;
	mica_verdict v;
	int ok = d && mica_claim_check_value(d, &e->value, what, &v) == 0;

	if (o->json) {
		fputs(first ? "" : ",", o->out);
		putc('\n', o->out);
		indent(o, ind);
		fputs("{\"key\": ", o->out);
		put_key(o, e);
		fputs(", \"name\": ", o->out);
		if (d)
			fprintf(o->out, "\"%s\", ", d->id);
		else
			fputs("null, ", o->out);
		if (ok) {
			print_value(o, d, &e->value, ind);
		} else {
			fputs("\"diag\": ", o->out);
			mica_put_diag_json(o->out, e->value.p, e->value.n);
			if (d) {
				fputs(", \"error\": ", o->out);
				mica_put_json_string(o->out, v.msg,
						     strlen(v.msg));
			}
		}
		putc('}', o->out);
		return;
	}
	putc('\n', o->out);
	indent(o, ind);
	put_key(o, e);
	fprintf(o->out, " %s: ", d ? d->name : "(unknown claim)");
	if (ok) {
		print_value(o, d, &e->value, ind);
		return;
	}
	mica_put_diag(o->out, e->value.p, e->value.n);
	if (d) {
		putc('\n', o->out);
		indent(o, ind + 2);
		fprintf(o->out, "invalid: %s", v.msg);
	}
}

/* Every claim of a set, then the mandatory ones that are missing.
 * JSON: an array of claim objects. Text: one line per claim. */
static void print_set(pr *o, const mica_claimset *cs, mica_claim_table t,
		      const char *what, int ind)
{
	const mica_claim_def *d;
	size_t i;

	if (o->json)
		putc('[', o->out);
	for (i = 0; i < cs->n; i++)
		print_claim(o, &cs->c[i], t, what, ind, i == 0);
	if (o->json) {
		putc('\n', o->out);
		indent(o, ind - 2);
		putc(']', o->out);
		return;
	}
	for (i = 0; (d = mica_claim_def_at(t, i)) != NULL; i++)
		if ((d->flags & MICA_CD_MANDATORY) &&
		    !mica_claimset_get(cs, d->key)) {
			putc('\n', o->out);
			indent(o, ind);
			fprintf(o->out, "missing: mandatory claim %lld (%s)",
				(long long)d->key, d->name);
		}
}

/* JSON: the missing mandatory claims of a set, as messages. */
static void print_missing_json(pr *o, const mica_claimset *cs,
			       mica_claim_table t)
{
	const mica_claim_def *d;
	size_t i;
	int first = 1;

	fputs("\"missing\": [", o->out);
	for (i = 0; (d = mica_claim_def_at(t, i)) != NULL; i++)
		if ((d->flags & MICA_CD_MANDATORY) &&
		    !mica_claimset_get(cs, d->key)) {
			if (!first)
				fputs(", ", o->out);
			first = 0;
			fprintf(o->out, "{\"key\": %lld, \"name\": \"%s\"}",
				(long long)d->key, d->id);
		}
	putc(']', o->out);
}

/* One COSE_Sign1: member (JSON) "platform", "realm" or "token";
 * what (text) "platform token", "realm token" or "token". */
static void print_sign1(pr *o, const char *member, const char *what,
			const mica_sign1 *s, const mica_claimset *cs,
			mica_claim_table t, int last)
{
	FILE *out = o->out;

	if (o->json) {
		fprintf(out, "  \"%s\": {\n    \"alg\": \"%s\",\n"
			"    \"protected\": \"", member,
			mica_cose_alg_name(s->alg));
		mica_put_hex(out, s->protected_hdr.p, s->protected_hdr.n);
		fputs("\",\n    \"unprotected\": ", out);
		mica_put_diag_json(out, s->unprotected.p, s->unprotected.n);
		fputs(",\n    \"signature\": \"", out);
		mica_put_hex(out, s->signature.p, s->signature.n);
		fputs("\",\n    \"claims\": ", out);
		print_set(o, cs, t, what, 6);
		fputs(",\n    ", out);
		print_missing_json(o, cs, t);
		fprintf(out, "\n  }%s\n", last ? "" : ",");
		return;
	}
	fprintf(out, "\n%s: COSE_Sign1, %s, %zu-byte signature (not "
		"checked)\n  protected header: ", what,
		mica_cose_alg_name(s->alg), s->signature.n);
	mica_put_hex(out, s->protected_hdr.p, s->protected_hdr.n);
	if (s->unprotected.n > 1) {     /* more than an empty map */
		fputs("\n  unprotected header: ", out);
		mica_put_diag(out, s->unprotected.p, s->unprotected.n);
	}
	print_set(o, cs, t, what, 2);
	putc('\n', out);
}

int mica_inspect(FILE *out, const uint8_t *buf, size_t len, unsigned flags,
		 mica_verdict *v)
{
	pr o = { out, (flags & MICA_INSPECT_JSON) != 0 };
	mica_claimset pc, rc;
	mica_token t;
	mica_cbor c;
	mica_cbor_head h;
	int lone;

	mica_cbor_init(&c, buf, len, MICA_CBOR_LENIENT);
	lone = mica_cbor_peek(&c, &h) == 0 && h.major == MICA_CBOR_TAG &&
	       h.arg == 18;
	if (lone) {
		/* A lone COSE_Sign1 (a platform or PSA token): read with the
		 * platform table, whose keys PSA shares. */
		memset(&t, 0, sizeof t);
		if (mica_sign1_parse(buf, len, &t.platform, v) ||
		    mica_claimset_parse(t.platform.payload.p,
					t.platform.payload.n, &pc, "token", v))
			return -1;
	} else if (mica_token_parse(buf, len, &t, v) ||
		   mica_claimset_parse(t.platform.payload.p,
				       t.platform.payload.n, &pc,
				       "platform token", v) ||
		   mica_claimset_parse(t.realm.payload.p, t.realm.payload.n,
				       &rc, "realm token", v)) {
		return -1;
	}
	if (o.json) {
		fprintf(out, "{\n  \"format\": \"%s\",\n  \"tag\": %llu,\n"
			"  \"size\": %zu,\n", lone ? "cose-sign1" : "cca-token",
			lone ? 18ull : (unsigned long long)t.tag, len);
	} else if (lone) {
		fprintf(out, "COSE_Sign1: tag 18, %zu bytes\n", len);
	} else {
		fprintf(out, "CCA token: tag %llu, %zu bytes\n",
			(unsigned long long)t.tag, len);
	}
	if (lone) {
		print_sign1(&o, "token", "token", &t.platform, &pc,
			    MICA_TABLE_PLATFORM, 1);
	} else {
		print_sign1(&o, "platform", "platform token", &t.platform, &pc,
			    MICA_TABLE_PLATFORM, 0);
		print_sign1(&o, "realm", "realm token", &t.realm, &rc,
			    MICA_TABLE_REALM, 1);
	}
	if (o.json)
		fputs("}\n", out);
	mica_verdict_ok(v);
	return 0;
}
