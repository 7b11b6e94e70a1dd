/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * blob_print.c -- a decoded blob as text for people or JSON for tools.
 *
 * Both forms are stable (micac(1), "dump"): fixed field order, fixed
 * spacing, digests as lowercase hex, sizes and IPAs as exact integers,
 * so scripts and golden tests may compare them byte for byte.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "backend.h"

const char *mica_hash_name(mica_hash_alg a)
{
	/* The spelling of CCA's measurement algorithm claim (44236). */
	return a == MICA_SHA512 ? "sha-512" : "sha-256";
}

const char *mica_rights_name(mica_rights r)
{
	return r == MICA_R ? "r" : r == MICA_W ? "w" : "rw";
}

/* The blob's own digest, with its algorithm: what the RMM binds. */
static void blob_digest(const mica_blob *b, const uint8_t *raw, size_t len,
			uint8_t out[MICA_MAX_DIGEST])
{
	mica_hash(b->hash, raw, len, out);
}

/* 65536 -> "64 KiB"; sizes are granule multiples, so KiB always fits. */
static void print_size(FILE *out, uint64_t size)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB" };
	unsigned u = 0;

	size /= 1024;
	while (u < 2 && size % 1024 == 0) {
		size /= 1024;
		u++;
	}
	fprintf(out, "%" PRIu64 " %s", size, unit[u]);
}

static const char *kind_name(mica_region_kind k)
{
	return k == MICA_PROTECTED ? "protected" : "unprotected";
}

void mica_blob_print_text(const mica_blob *b, const uint8_t *raw,
			  size_t len, FILE *out)
{
	size_t dlen = mica_hash_size(b->hash);
	uint8_t d[MICA_MAX_DIGEST];

	blob_digest(b, raw, len, d);
	fprintf(out, "format:          mica-blob %" PRIu64 ".%" PRIu64
		", %zu bytes\n", b->major, b->minor, len);
	fputs("blob digest:     ", out);
	mica_put_hex(out, d, dlen);
	fprintf(out, "\npolicy:          %s version %" PRIu64 "\n",
		b->policy, b->version);
	fprintf(out, "hash:            %s\n", mica_hash_name(b->hash));
	fputs("workflow digest: ", out);
	mica_put_hex(out, b->workflow, dlen);
	fputs("\nmeasurement:     ", out);
	mica_put_hex(out, b->measurement, dlen);
	fputs("\nrpv:             ", out);
	if (b->rpv.len)
		mica_put_hex(out, b->rpv.bytes, b->rpv.len);
	else
		fputs("none", out);
	fprintf(out, "\nstrict:          %s\n",
		b->flags & MICA_BLOB_STRICT ? "yes" : "no");
	fputs("hostcall:        ", out);
	if (b->flags & MICA_BLOB_HOSTCALL_ANY)
		fputs("any", out);
	else if (b->nimms == 0)
		fputs("none", out);
	for (uint32_t i = 0; i < b->nimms; i++) {
		fprintf(out, "%s0x%x", i ? ", " : "", b->imms[i].lo);
		if (b->imms[i].hi != b->imms[i].lo)
			fprintf(out, "..0x%x", b->imms[i].hi);
	}
	fprintf(out, "\nmmio:            %s\n",
		b->flags & MICA_BLOB_MMIO ? "allowed" : "denied");
	fprintf(out, "psci:            %s\n",
		b->flags & MICA_BLOB_PSCI ? "allowed" : "denied");
	fprintf(out, "ripas:           %s\n",
		b->flags & MICA_BLOB_RIPAS ? "allowed" : "denied");
	fprintf(out, "paging:          %s\n",
		b->flags & MICA_BLOB_PAGING ? "allowed" : "denied");
	fprintf(out, "peers:           %u\n", b->npeers);
	for (uint32_t i = 0; i < b->npeers; i++) {
		fprintf(out, "  peer %-3u       ", i + 1);
		mica_put_hex(out, b->peers[i], dlen);
		fputc('\n', out);
	}
	fprintf(out, "regions:         %u\n", b->nregions);
	for (uint32_t i = 0; i < b->nregions; i++) {
		const mica_blob_region *g = &b->regions[i];
		fprintf(out, "  region %u: %s, ", i, kind_name(g->kind));
		print_size(out, g->size);
		fputc('\n', out);
		for (uint32_t k = 0; k < g->nparts; k++) {
			const mica_blob_part *p = &g->parts[k];
			if (p->who == MICA_WHO_SELF)
				fputs("    self      ", out);
			else if (p->who == MICA_WHO_HOST)
				fputs("    host      ", out);
			else if (p->who == MICA_WHO_ANY)
				fputs("    any       ", out);
			else
				fprintf(out, "    peer %-3" PRId64 "  ", p->who);
			fprintf(out, "%-2s", mica_rights_name(p->rights));
			if (p->who != MICA_WHO_HOST)
				fprintf(out, " @ 0x%" PRIx64, p->ipa);
			if (p->who == MICA_WHO_ANY)
				fprintf(out, " limit %" PRIu64, p->limit);
			fputc('\n', out);
		}
	}
}

static void json_hex(FILE *out, const uint8_t *p, size_t n)
{
	fputc('"', out);
	mica_put_hex(out, p, n);
	fputc('"', out);
}

static void json_part(FILE *out, const mica_blob *b, const mica_blob_part *p)
{
	static const char *const who[] = { "any", "host", "self" };

	fprintf(out, "{\"who\": \"%s\"",
		p->who > 0 ? "peer" : who[p->who + 2]);
	if (p->who > 0) {
		fprintf(out, ", \"peer\": %" PRId64 ", \"measurement\": ",
			p->who);
		json_hex(out, b->peers[p->who - 1], mica_hash_size(b->hash));
	}
	fprintf(out, ", \"rights\": \"%s\"", mica_rights_name(p->rights));
	if (p->who != MICA_WHO_HOST)
		fprintf(out, ", \"ipa\": %" PRIu64, p->ipa);
	if (p->who == MICA_WHO_ANY)
		fprintf(out, ", \"limit\": %" PRIu64, p->limit);
	fputc('}', out);
}

void mica_blob_print_json(const mica_blob *b, const uint8_t *raw,
			  size_t len, FILE *out)
{
	size_t dlen = mica_hash_size(b->hash);
	uint8_t d[MICA_MAX_DIGEST];

	blob_digest(b, raw, len, d);
	fprintf(out, "{\n  \"major\": %" PRIu64 ",\n  \"minor\": %" PRIu64
		",\n  \"bytes\": %zu,\n  \"blob_digest\": ",
		b->major, b->minor, len);
	json_hex(out, d, dlen);
	fputs(",\n  \"policy\": ", out);
	mica_put_json_string(out, b->policy, strlen(b->policy));
	fprintf(out, ",\n  \"version\": %" PRIu64 ",\n  \"hash\": \"%s\","
		"\n  \"workflow_digest\": ", b->version,
		mica_hash_name(b->hash));
	json_hex(out, b->workflow, dlen);
	fputs(",\n  \"measurement\": ", out);
	json_hex(out, b->measurement, dlen);
	fputs(",\n  \"rpv\": ", out);
	if (b->rpv.len)
		json_hex(out, b->rpv.bytes, b->rpv.len);
	else
		fputs("null", out);
	fprintf(out, ",\n  \"strict\": %s,\n  \"hostcall\": ",
		b->flags & MICA_BLOB_STRICT ? "true" : "false");
	if (b->flags & MICA_BLOB_HOSTCALL_ANY) {
		fputs("\"any\"", out);
	} else {
		fputc('[', out);
		for (uint32_t i = 0; i < b->nimms; i++)
			fprintf(out, "%s[%u, %u]", i ? ", " : "",
				b->imms[i].lo, b->imms[i].hi);
		fputc(']', out);
	}
	fprintf(out, ",\n  \"mmio\": %s,\n  \"psci\": %s,\n  \"ripas\": %s,"
		"\n  \"paging\": %s,\n  \"peers\": [",
		b->flags & MICA_BLOB_MMIO ? "true" : "false",
		b->flags & MICA_BLOB_PSCI ? "true" : "false",
		b->flags & MICA_BLOB_RIPAS ? "true" : "false",
		b->flags & MICA_BLOB_PAGING ? "true" : "false");
	for (uint32_t i = 0; i < b->npeers; i++) {
		fputs(i ? ",\n    " : "\n    ", out);
		json_hex(out, b->peers[i], dlen);
	}
	fputs(b->npeers ? "\n  ],\n  \"regions\": [" : "],\n  \"regions\": [",
	      out);
	for (uint32_t i = 0; i < b->nregions; i++) {
		const mica_blob_region *g = &b->regions[i];
		fprintf(out, "%s    {\"kind\": \"%s\", \"size\": %" PRIu64
			", \"participants\": [", i ? ",\n" : "\n",
			kind_name(g->kind), g->size);
		for (uint32_t k = 0; k < g->nparts; k++) {
			fputs("\n      ", out);
			json_part(out, b, &g->parts[k]);
			if (k + 1 < g->nparts)
				fputc(',', out);
		}
		fputs("]}", out);
	}
	fputs(b->nregions ? "\n  ]\n}\n" : "]\n}\n", out);
}
