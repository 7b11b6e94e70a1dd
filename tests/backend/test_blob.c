/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_blob.c -- the blob format byte by byte: golden encodings decoded
 * by hand against man/mica-blob.5, the binding descriptor, the canonical
 * form, and every kind of refusal of the strict decoder.
 */
#include "testutil.h"
#include "blobutil.h"
#include "mica/wire/bind.h"

#define D31(b) b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b
#define D32(b) D31(b) b

/* ---- golden 1: the smallest blob ------------------------------------
 * A strict realm that maps nothing, SHA-256, no rpv, no exits. By hand,
 * against mica-blob.5 "TOP-LEVEL MAP":
 *   a8                 map of 8 pairs (keys 7, 9, 10, 11 are omitted)
 *   00 01              key 0 major: 1
 *   01 00              key 1 minor: 0
 *   02 61 70           key 2 policy: text(1) "p"
 *   03 01              key 3 version: 1
 *   04 00              key 4 hash: 0 = SHA-256
 *   05 58 20 11x32     key 5 workflow digest: bytes(32)
 *   06 58 20 22x32     key 6 measurement: bytes(32)
 *   08 01              key 8 flags: 1 = strict
 * 1+2+2+3+2+2+35+35+2 = 84 bytes.
 */
static const char golden1_hex[] =
	"a8 0001 0100 026170 0301 0400"
	"055820" D32("11")
	"065820" D32("22")
	"0801";

static void golden1_blob(mica_blob *b)
{
	memset(b, 0, sizeof *b);
	b->major = 1;
	strcpy(b->policy, "p");
	b->version = 1;
	b->hash = MICA_SHA256;
	memset(b->workflow, 0x11, 32);
	memset(b->measurement, 0x22, 32);
	b->flags = MICA_BLOB_STRICT;
}

/* ---- golden 2: every field ------------------------------------------
 * SHA-256; rpv; strict, MMIO and PSCI allowed; host calls 0x10..0x1f and
 * 0x40; one peer; a protected region shared with the peer and `any`, and
 * an unprotected one with the host. By hand:
 *   ac                  map of 12 pairs (keys 0..11)
 *   00 01 | 01 00       major 1, minor 0
 *   02 62 61 62         policy "ab"
 *   03 02               version 2
 *   04 00               SHA-256
 *   05 58 20 11x32      workflow digest
 *   06 58 20 22x32      measurement
 *   07 42 01 02         rpv: bytes(2) 01 02
 *   08 0d               flags 13 = strict 1 | mmio 4 | psci 8
 *   09 84 10 18 1f 18 40 18 40
 *                       host calls: array(4) 16, 31, 64, 64 =
 *                       0x10..0x1f and 0x40..0x40 (24 and up take 18 xx)
 *   0a 81 58 20 33x32   peers: array(1) of bytes(32); peer 1 = 33..33
 *   0b 82               regions: array(2), by this realm's IPA
 *     85 00 02          region 0: array(5): protected, 2 granules (8 KiB)
 *       83 00 02 1a 00 10 00 00
 *                       self (who 0), w (2), granule 0x100000 = IPA
 *                       0x1_0000_0000 (realms come first, by
 *                       measurement: 22.. before 33..)
 *       83 01 01 02     peer 1, r, granule 2 = IPA 0x2000
 *       84 21 01 04 03  any (who -2 = 0x21), r, IPA 0x4000, limit 3
 *     84 01 01          region 1: array(4): unprotected, 1 granule
 *       83 00 03 00     self, rw, granule offset 0 into the unprotected
 *                       half = IPA 0x8000_0000_0000
 *       82 20 03        host (who -1 = 0x20), rw; the host has no IPA
 */
static const char golden2_hex[] =
	"ac 0001 0100 02626162 0302 0400"
	"055820" D32("11")
	"065820" D32("22")
	"07420102 080d 098410181f18401840"
	"0a815820" D32("33")
	"0b82"
	"850002 8300021a00100000 83010102 8421010403"
	"840101 83000300 822003";

static mica_blob_part g2_r0[] = {
	{ MICA_WHO_SELF, MICA_W, 0x100000000, 0 },
	{ 1, MICA_R, 0x2000, 0 },
	{ MICA_WHO_ANY, MICA_R, 0x4000, 3 },
};
static mica_blob_part g2_r1[] = {
	{ MICA_WHO_SELF, MICA_RW, 0x800000000000, 0 },
	{ MICA_WHO_HOST, MICA_RW, 0, 0 },
};
static mica_blob_region g2_regions[] = {
	{ MICA_PROTECTED, 8192, 3, g2_r0 },
	{ MICA_UNPROTECTED, 4096, 2, g2_r1 },
};
static uint8_t g2_peers[1][MICA_MAX_DIGEST];
static mica_ir_imm g2_imms[] = { { 0x10, 0x1f }, { 0x40, 0x40 } };

/* golden 2's content; the arrays are static: copy before mutating. */
static void golden2_blob(mica_blob *b)
{
	memset(b, 0, sizeof *b);
	b->major = 1;
	strcpy(b->policy, "ab");
	b->version = 2;
	b->hash = MICA_SHA256;
	memset(b->workflow, 0x11, 32);
	memset(b->measurement, 0x22, 32);
	b->rpv.len = 2;
	b->rpv.bytes[0] = 1;
	b->rpv.bytes[1] = 2;
	b->flags = MICA_BLOB_STRICT | MICA_BLOB_MMIO | MICA_BLOB_PSCI;
	b->nimms = 2;
	b->imms = g2_imms;
	memset(g2_peers[0], 0x33, 32);
	b->npeers = 1;
	b->peers = g2_peers;
	b->nregions = 2;
	b->regions = g2_regions;
}

static void assert_blob_eq(const mica_blob *x, const mica_blob *y)
{
	ck_assert_uint_eq(x->major, y->major);
	ck_assert_uint_eq(x->minor, y->minor);
	ck_assert_str_eq(x->policy, y->policy);
	ck_assert_uint_eq(x->version, y->version);
	ck_assert_int_eq(x->hash, y->hash);
	ck_assert_mem_eq(x->workflow, y->workflow, MICA_MAX_DIGEST);
	ck_assert_mem_eq(x->measurement, y->measurement, MICA_MAX_DIGEST);
	ck_assert_uint_eq(x->rpv.len, y->rpv.len);
	ck_assert_mem_eq(x->rpv.bytes, y->rpv.bytes, x->rpv.len);
	ck_assert_uint_eq(x->flags, y->flags);
	ck_assert_uint_eq(x->nimms, y->nimms);
	for (uint32_t i = 0; i < x->nimms; i++) {
		ck_assert_uint_eq(x->imms[i].lo, y->imms[i].lo);
		ck_assert_uint_eq(x->imms[i].hi, y->imms[i].hi);
	}
	ck_assert_uint_eq(x->npeers, y->npeers);
	for (uint32_t i = 0; i < x->npeers; i++)
		ck_assert_mem_eq(x->peers[i], y->peers[i], MICA_MAX_DIGEST);
	ck_assert_uint_eq(x->nregions, y->nregions);
	for (uint32_t i = 0; i < x->nregions; i++) {
		const mica_blob_region *g = &x->regions[i], *h = &y->regions[i];
		ck_assert_int_eq(g->kind, h->kind);
		ck_assert_uint_eq(g->size, h->size);
		ck_assert_uint_eq(g->nparts, h->nparts);
		for (uint32_t k = 0; k < g->nparts; k++) {
			ck_assert_int_eq(g->parts[k].who, h->parts[k].who);
			ck_assert_int_eq(g->parts[k].rights,
					 h->parts[k].rights);
			ck_assert_uint_eq(g->parts[k].ipa, h->parts[k].ipa);
			ck_assert_uint_eq(g->parts[k].limit,
					  h->parts[k].limit);
		}
	}
}

/* Encodes b, compares with the golden hex, decodes the golden and
 * compares the content. */
static void check_golden(const mica_blob *b, const char *hex, size_t len)
{
	uint8_t want[MICA_BLOB_MAX], got[MICA_BLOB_MAX];
	size_t n = bu_unhex(hex, want, sizeof want), m;
	mica_blob d;
	mica_blob_error e;

	ck_assert_uint_eq(n, len);
	m = mica_blob_encode(b, got, sizeof got);
	ck_assert_uint_eq(m, n);
	ck_assert_mem_eq(got, want, n);
	ck_assert_msg(mica_blob_decode(want, n, &d, &e) == 0, "%s", e.msg);
	assert_blob_eq(&d, b);
	mica_blob_free(&d);
	/* One byte short of room: the encoder says so instead of writing
	 * past the end. */
	ck_assert_uint_eq(mica_blob_encode(b, got, n - 1), 0);
}

START_TEST(golden_minimal)
{
	mica_blob b;

	golden1_blob(&b);
	check_golden(&b, golden1_hex, 84);
	ck_assert_uint_eq(mica_blob_digest_bytes(&b), 64);
}
END_TEST

START_TEST(golden_full)
{
	mica_blob b;

	golden2_blob(&b);
	/* 1+4+4+2+2+35+35+4+2+9+36+2 = 136 bytes before the regions, then
	 * 3+8+4+5 and 3+4+3 for them: 166. */
	check_golden(&b, golden2_hex, 166);
	ck_assert_uint_eq(mica_blob_digest_bytes(&b), 96);
}
END_TEST

/* micac dump's text form of golden 2: each line checked against the
 * hand-decoding above; the blob digest is sha256sum's of those 166
 * bytes. */
START_TEST(golden_text)
{
	static const char want[] =
		"format:          mica-blob 1.0, 166 bytes\n"
		"blob digest:     4e08dce7ed8ef8c2d79b499f342385bb"
		"d1059320ff8acfafd55e7d12a2710e0d\n"
		"policy:          ab version 2\n"
		"hash:            sha-256\n"
		"workflow digest: " D32("11") "\n"
		"measurement:     " D32("22") "\n"
		"rpv:             0102\n"
		"strict:          yes\n"
		"hostcall:        0x10..0x1f, 0x40\n"
		"mmio:            allowed\n"
		"psci:            allowed\n"
		"ripas:           denied\n"
		"paging:          denied\n"
		"peers:           1\n"
		"  peer 1         " D32("33") "\n"
		"regions:         2\n"
		"  region 0: protected, 8 KiB\n"
		"    self      w  @ 0x100000000\n"
		"    peer 1    r  @ 0x2000\n"
		"    any       r  @ 0x4000 limit 3\n"
		"  region 1: unprotected, 4 KiB\n"
		"    self      rw @ 0x800000000000\n"
		"    host      rw\n";
	uint8_t raw[MICA_BLOB_MAX];
	size_t n = bu_unhex(golden2_hex, raw, sizeof raw), len;
	mica_blob b;
	mica_blob_error e;
	char *text;
	FILE *f = open_memstream(&text, &len);

	ck_assert_msg(mica_blob_decode(raw, n, &b, &e) == 0, "%s", e.msg);
	mica_blob_print_text(&b, raw, n, f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_str_eq(text, want);
	free(text);
	mica_blob_free(&b);
}
END_TEST

/* SHA-512 digests take a two-byte head too (58 40), nothing else
 * changes: golden 1 with 64-byte digests and hash 1. */
START_TEST(golden_sha512)
{
	static const char hex[] =
		"a8 0001 0100 026170 0301 0401"
		"055840" D32("11") D32("11")
		"065840" D32("22") D32("22")
		"0801";
	mica_blob b;

	golden1_blob(&b);
	b.hash = MICA_SHA512;
	memset(b.workflow, 0x11, 64);
	memset(b.measurement, 0x22, 64);
	check_golden(&b, hex, 148);
}
END_TEST

/* ---- flags 0x10 (ripas) and 0x20 (paging) ---------------------------
 * Golden 1 with other flags; only the last pair changes. By hand: an
 * unsigned integer below 24 is one byte, 24..255 is 18 and one byte.
 *   08 10       ripas alone (a non-strict realm; the bit is still kept)
 *   08 18 20    paging alone
 *   08 18 31    strict 1 | ripas 0x10 | paging 0x20
 *   08 18 3f    all six bits
 * 84 bytes for the first, 85 for the others. */
static const struct flags_golden {
	uint64_t flags;
	const char *last;
	size_t len;
} flags_goldens[] = {
	{ MICA_BLOB_RIPAS, "0810", 84 },
	{ MICA_BLOB_PAGING, "081820", 85 },
	{ MICA_BLOB_STRICT | MICA_BLOB_RIPAS | MICA_BLOB_PAGING, "081831", 85 },
	{ MICA_BLOB_STRICT | MICA_BLOB_HOSTCALL_ANY | MICA_BLOB_MMIO |
	  MICA_BLOB_PSCI | MICA_BLOB_RIPAS | MICA_BLOB_PAGING, "08183f", 85 },
};

#define GOLDEN1_HEAD "a8 0001 0100 026170 0301 0400 055820" D32("11") \
	"065820" D32("22")

START_TEST(golden_flags)
{
	const struct flags_golden *t = &flags_goldens[_i];
	char hex[512];
	mica_blob b;

	snprintf(hex, sizeof hex, "%s%s", GOLDEN1_HEAD, t->last);
	golden1_blob(&b);
	b.flags = t->flags;
	check_golden(&b, hex, t->len);
}
END_TEST

/* micac dump of golden 1 with flags 0x31, line by line from the bytes
 * above; the digest is sha256sum's of the 85 bytes. */
START_TEST(golden_text_ripas_paging)
{
	static const char want[] =
		"format:          mica-blob 1.0, 85 bytes\n"
		"blob digest:     301cbd600a13e09fea99161eb41dcc89"
		"8d8d5473834a7c70c88e270178b800b7\n"
		"policy:          p version 1\n"
		"hash:            sha-256\n"
		"workflow digest: " D32("11") "\n"
		"measurement:     " D32("22") "\n"
		"rpv:             none\n"
		"strict:          yes\n"
		"hostcall:        none\n"
		"mmio:            denied\n"
		"psci:            denied\n"
		"ripas:           allowed\n"
		"paging:          allowed\n"
		"peers:           0\n"
		"regions:         0\n";
	uint8_t raw[MICA_BLOB_MAX];
	size_t n = bu_unhex(GOLDEN1_HEAD "081831", raw, sizeof raw), len;
	mica_blob b;
	mica_blob_error e;
	char *text;
	FILE *f = open_memstream(&text, &len);

	ck_assert_msg(mica_blob_decode(raw, n, &b, &e) == 0, "%s", e.msg);
	mica_blob_print_text(&b, raw, n, f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_str_eq(text, want);
	free(text);
	mica_blob_free(&b);
}
END_TEST

/* The JSON form: ripas and paging are booleans after psci. Flags 0x10:
 * not strict, ripas only. */
START_TEST(golden_json_ripas)
{
	static const char want[] =
		"  \"strict\": false,\n"
		"  \"hostcall\": [],\n"
		"  \"mmio\": false,\n"
		"  \"psci\": false,\n"
		"  \"ripas\": true,\n"
		"  \"paging\": false,\n"
		"  \"peers\": [],\n";
	uint8_t raw[MICA_BLOB_MAX];
	size_t n = bu_unhex(GOLDEN1_HEAD "0810", raw, sizeof raw), len;
	mica_blob b;
	mica_blob_error e;
	char *text;
	FILE *f = open_memstream(&text, &len);

	ck_assert_msg(mica_blob_decode(raw, n, &b, &e) == 0, "%s", e.msg);
	mica_blob_print_json(&b, raw, n, f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_msg(strstr(text, want) != NULL, "got:\n%s", text);
	ck_assert_msg(strstr(text, "\"bytes\": 84,\n") != NULL, "got:\n%s",
		      text);
	free(text);
	mica_blob_free(&b);
}
END_TEST

/* The canonical form's policy with `allow a ripas; allow a paging;` as
 * well: realm a's flags in the canonical form become
 *   04 18 35                 strict 1 | mmio 4 | ripas 0x10 | paging 0x20
 * in place of 04 05, and nothing else changes (146 bytes). SHA-256 by
 * Python hashlib:
 *   73ec8b58b4dd718ee64422c1b65ee2d63dc44cc1a7260fcc58ec4cb644779eea
 * Realm a's blob, by hand:
 *   ab                       map of 11 pairs (no rpv)
 *   00 01 | 01 00 | 02 61 77 | 03 01 | 04 00
 *   05 58 20 73ec..          workflow digest, as above
 *   06 58 20 11x32           measurement
 *   08 18 35                 flags, as in the canonical form
 *   09 82 10 11              host calls 0x10..0x11
 *   0a 81 58 20 22x32        peer 1 = b
 *   0b 81 84 00 01           one region: protected, 1 granule
 *     83 00 02 01            self, w, granule 1 (0x1000)
 *     83 01 01 02            peer 1, r, granule 2 (0x2000)
 * 1+2+2+3+2+2+35+35+3+4+36+2+3+4+4 = 138 bytes. */
#define RP_WORKFLOW "73ec8b58b4dd718ee64422c1b65ee2d6" \
		    "3dc44cc1a7260fcc58ec4cb644779eea"

/* Ranges that together cover every immediate are `*`: flag 2 and no
 * host-call list, the one encoding of that set. */
START_TEST(every_immediate_is_star)
{
	static const char text[] =
		"policy w version 1;\n"
		"realm a { measurement = " MT_SHA256("1") "; trust = trusted; }\n"
		"allow a hostcall 0x8000..0xFFFF, 0..0x10;\n"
		"allow a hostcall 0x11..0x7FFF;\n";
	mica_source src;
	mica_diag d;
	mica_ast *ast;
	mica_ir *ir;
	FILE *devnull = fopen("/dev/null", "w");

	ck_assert_int_eq(mica_source_from_mem(&src, "t.mica", text,
					      strlen(text)), 0);
	mica_diag_init(&d, &src, devnull);
	ast = mica_parse(&src, &d);
	ir = mica_lower(ast, &d);
	ck_assert_ptr_nonnull(ir);
	ck_assert(ir->realms[0].hostcall_any);
	ck_assert_uint_eq(ir->realms[0].nimms, 0);
	mica_ir_free(ir);
	mica_ast_free(ast);
	mica_source_free(&src);
	fclose(devnull);
}
END_TEST

START_TEST(ripas_paging_from_source)
{
	static const char text[] =
		"policy w version 1;\n"
		"realm b { measurement = " MT_SHA256("2") "; }\n"
		"realm a { measurement = " MT_SHA256("1") "; trust = trusted; }\n"
		"region r : protected, 4 KiB { b: r @ 0x2000; a: w @ 0x1000; }\n"
		"allow a hostcall 0x10..0x11;\n"
		"allow a paging;\n"
		"allow a mmio;\n"
		"allow a ripas;\n";
	static const char canon_hex[] =
		"a7 006d6d6963612d776f726b666c6f77 0101 026177 0301 0400"
		"0582"
		"a5 006161 015820" D32("11") "0301 041835 05821011"
		"a4 006162 015820" D32("22") "0300 0401"
		"0681 a4006172 0100 02191000 0382"
		"83616102191000 83616201192000";
	static const char blob_hex[] =
		"ab 0001 0100 026177 0301 0400 055820" RP_WORKFLOW
		"065820" D32("11") "081835 09821011"
		"0a815820" D32("22")
		"0b81 840001 83000201 83010102";
	mica_source src;
	mica_diag d;
	mica_ast *ast;
	mica_ir *ir;
	uint8_t want[256], *got, wd[MICA_MAX_DIGEST], wd_want[32];
	uint8_t buf[MICA_BLOB_MAX];
	size_t n, len;
	mica_blob b;
	FILE *devnull = fopen("/dev/null", "w");

	ck_assert_int_eq(mica_source_from_mem(&src, "t.mica", text,
					      strlen(text)), 0);
	mica_diag_init(&d, &src, devnull);
	ast = mica_parse(&src, &d);
	ir = mica_lower(ast, &d);
	ck_assert_ptr_nonnull(ir);
	ck_assert_uint_eq(mica_check(ir, &d), 0);
	ck_assert_uint_eq(d.warnings, 0);

	n = bu_unhex(canon_hex, want, sizeof want);
	ck_assert_uint_eq(n, 146);
	got = mica_canonical_encode(ir, &len);
	ck_assert_uint_eq(len, n);
	ck_assert_mem_eq(got, want, n);
	free(got);
	mica_workflow_digest(ir, wd);
	bu_unhex(RP_WORKFLOW, wd_want, sizeof wd_want);
	ck_assert_mem_eq(wd, wd_want, 32);

	/* Realm a is index 1 (declared second). */
	ck_assert_str_eq(ir->realms[1].name, "a");
	mica_blob_from_ir(ir, 1, wd, &b);
	ck_assert_uint_eq(b.flags, MICA_BLOB_STRICT | MICA_BLOB_MMIO |
			  MICA_BLOB_RIPAS | MICA_BLOB_PAGING);
	len = mica_blob_encode(&b, buf, sizeof buf);
	mica_blob_free(&b);
	n = bu_unhex(blob_hex, want, sizeof want);
	ck_assert_uint_eq(n, 138);
	ck_assert_uint_eq(len, n);
	ck_assert_mem_eq(buf, want, n);

	/* Realm b allowed neither: strict alone. */
	mica_blob_from_ir(ir, 0, wd, &b);
	ck_assert_uint_eq(b.flags, MICA_BLOB_STRICT);
	mica_blob_free(&b);

	mica_ir_free(ir);
	mica_ast_free(ast);
	mica_source_free(&src);
	fclose(devnull);
}
END_TEST

/* ---- the binding descriptor (mica-blob.5, MEASUREMENT BINDING) ------ */

START_TEST(descriptor_layout)
{
	uint8_t rim[32], dig[32], desc[MICA_BIND_DESC_SIZE];
	uint8_t want[MICA_BIND_DESC_SIZE] = { 0 };

	memset(rim, 0xaa, sizeof rim);
	memset(dig, 0xbb, sizeof dig);
	memset(desc, 0xee, sizeof desc);        /* must all be rewritten */
	ck_assert_int_eq(mica_bind_descriptor(desc, MICA_BIND_SHA256, rim,
					      dig, 0x1234), 0);
	/* By hand: 0x00 type 'M'; 0x08 len 256 LE; 0x10 rim, zero-padded
	 * to 64; 0x50 blob digest, likewise; 0x90 blob length LE; 0x98
	 * flags 0; zero to 0xFF. */
	want[0x00] = 0x4d;
	want[0x08] = 0x00;
	want[0x09] = 0x01;
	memset(want + 0x10, 0xaa, 32);
	memset(want + 0x50, 0xbb, 32);
	want[0x90] = 0x34;
	want[0x91] = 0x12;
	ck_assert_mem_eq(desc, want, sizeof want);
	ck_assert_int_eq(mica_bind_descriptor(desc, 2, rim, dig, 0), -1);
}
END_TEST

/* RIM' values computed independently (Python hashlib over the layout of
 * mica-blob.5) for blob "abc" and a previous RIM of 0xaa bytes. */
START_TEST(descriptor_rim)
{
	uint8_t rim[64], out[64], want[64];
	const uint8_t blob[] = { 'a', 'b', 'c' };

	memset(rim, 0xaa, sizeof rim);
	ck_assert_int_eq(mica_bind_rim(MICA_BIND_SHA256, rim, blob, 3, out),
			 0);
	bu_unhex("85f801eb8102eadea3ebd8201268aaf2"
		 "c917fa180b64a6dbb59ef4386efc52b2", want, sizeof want);
	ck_assert_mem_eq(out, want, 32);
	ck_assert_int_eq(mica_bind_rim(MICA_BIND_SHA512, rim, blob, 3, out),
			 0);
	bu_unhex("b21cbf22e758a80266fc32a75fe101f8fca132ae76a60413b0cdc6ec"
		 "6356bd1ffe5e9bcf33c55c85f077735bdb59638c6a0e174d173e5181"
		 "5b2093891c5cb815", want, sizeof want);
	ck_assert_mem_eq(out, want, 64);
	/* In place, as the RMM extends its own RIM. */
	ck_assert_int_eq(mica_bind_rim(MICA_BIND_SHA512, rim, blob, 3, rim),
			 0);
	ck_assert_mem_eq(rim, want, 64);
	ck_assert_int_eq(mica_bind_rim(7, rim, blob, 3, out), -1);
	ck_assert_uint_eq(mica_bind_digest_size(MICA_BIND_SHA256), 32);
	ck_assert_uint_eq(mica_bind_digest_size(MICA_BIND_SHA512), 64);
	ck_assert_uint_eq(mica_bind_digest_size(2), 0);
}
END_TEST

/* ---- the canonical form (mica-blob.5, WORKFLOW DIGEST) --------------
 * Policy "w" version 1, SHA-256: realm b (distrustful, strict) declared
 * before realm a (trusted, strict, hostcall 0x10..0x11, mmio); region r
 * (protected, 4 KiB) with `b: r @ 0x2000` written before `a: w @ 0x1000`.
 * By hand:
 *   a7                       map of 7 pairs
 *   00 6d "mica-workflow"    key 0: text(13), domain separation
 *   01 01                    key 1: form version 1
 *   02 61 77                 key 2: policy "w"
 *   03 01                    key 3: version 1
 *   04 00                    key 4: SHA-256
 *   05 82                    key 5: realms, array(2), by name: a, b
 *     a5                     a: map(5) (no rpv, key 2)
 *       00 61 61             name "a"
 *       01 58 20 11x32       measurement
 *       03 01                trust 1 = trusted
 *       04 05                flags strict 1 | mmio 4
 *       05 82 10 11          host calls [16, 17]
 *     a4                     b: map(4)
 *       00 61 62 | 01 58 20 22x32 | 03 00 (distrustful) | 04 01 (strict)
 *   06 81                    key 6: regions, array(1)
 *     a4 00 61 72            r: map(4), name "r"
 *       01 00                kind protected
 *       02 19 10 00          size 4096 bytes
 *       03 82                accesses, array(2), by name: a, b
 *         83 61 61 02 19 10 00   ["a", w, 0x1000]
 *         83 61 62 01 19 20 00   ["b", r, 0x2000]
 * SHA-256 of these 145 bytes, by Python hashlib:
 *   ce6239f5b16eea35471d619c70de47d6d6c7ca5a23cfc4936ed3212fc2c208b6
 */
static const char canonical_hex[] =
	"a7 006d6d6963612d776f726b666c6f77 0101 026177 0301 0400"
	"0582"
	"a5 006161 015820" D32("11") "0301 0405 05821011"
	"a4 006162 015820" D32("22") "0300 0401"
	"0681 a4006172 0100 02191000 0382"
	"83616102191000 83616201192000";

START_TEST(golden_canonical)
{
	const char *hex = canonical_hex;
	mica_ir_access acc[2] = {
		{ .subject = 0, .rights = MICA_R, .ipa = 0x2000 },
		{ .subject = 1, .rights = MICA_W, .ipa = 0x1000 },
	};
	mica_ir_region reg = { .name = "r", .kind = MICA_PROTECTED,
			       .size = 4096, .naccesses = 2, .accesses = acc };
	mica_ir_imm imm = { 0x10, 0x11 };
	mica_ir_map map_b = { 0, 0 }, map_a = { 0, 1 };
	mica_ir_realm realms[2] = {
		{ .name = "b", .trust = MICA_DISTRUSTFUL, .strict = true,
		  .nmaps = 1, .maps = &map_b },
		{ .name = "a", .trust = MICA_TRUSTED, .strict = true,
		  .nimms = 1, .imms = &imm, .mmio = true,
		  .nmaps = 1, .maps = &map_a },
	};
	mica_ir ir = { .name = "w", .version = 1, .hash = MICA_SHA256,
		       .nrealms = 2, .nregions = 1, .realms = realms,
		       .regions = &reg };
	uint8_t want[256], digest[MICA_MAX_DIGEST], wd[32];
	size_t n = bu_unhex(hex, want, sizeof want), len;
	uint8_t *got;

	memset(realms[0].measurement.bytes, 0x22, 32);
	memset(realms[1].measurement.bytes, 0x11, 32);
	got = mica_canonical_encode(&ir, &len);
	ck_assert_uint_eq(n, 145);
	ck_assert_uint_eq(len, n);
	ck_assert_mem_eq(got, want, n);
	free(got);
	mica_workflow_digest(&ir, digest);
	bu_unhex("ce6239f5b16eea35471d619c70de47d6"
		 "d6c7ca5a23cfc4936ed3212fc2c208b6", wd, sizeof wd);
	ck_assert_mem_eq(digest, wd, 32);

	/* Every piece of the policy is in the digest: a changed access
	 * right, a changed trust level. */
	acc[0].rights = MICA_RW;
	mica_workflow_digest(&ir, digest);
	ck_assert_mem_ne(digest, wd, 32);
	acc[0].rights = MICA_R;
	realms[0].trust = MICA_UNTRUSTED;
	mica_workflow_digest(&ir, digest);
	ck_assert_mem_ne(digest, wd, 32);
}
END_TEST

/* The same policy as source text (mica-blob.5 shows it), through the
 * front end: the canonical form is the golden's, byte for byte. */
START_TEST(canonical_from_source)
{
	static const char text[] =
		"policy w version 1;\n"
		"realm b { measurement = " MT_SHA256("2") "; }\n"
		"realm a { measurement = " MT_SHA256("1") "; trust = trusted; }\n"
		"region r : protected, 4 KiB { b: r @ 0x2000; a: w @ 0x1000; }\n"
		"allow a hostcall 0x10..0x11;\n"
		"allow a mmio;\n";
	mica_source src;
	mica_diag d;
	mica_ast *ast;
	mica_ir *ir;
	uint8_t want[256], *got;
	size_t n = bu_unhex(canonical_hex, want, sizeof want), len;
	FILE *devnull = fopen("/dev/null", "w");

	ck_assert_int_eq(mica_source_from_mem(&src, "t.mica", text,
					      strlen(text)), 0);
	mica_diag_init(&d, &src, devnull);
	ast = mica_parse(&src, &d);
	ir = mica_lower(ast, &d);
	ck_assert_ptr_nonnull(ir);
	ck_assert_uint_eq(mica_check(ir, &d), 0);
	got = mica_canonical_encode(ir, &len);
	ck_assert_uint_eq(len, n);
	ck_assert_mem_eq(got, want, n);
	free(got);
	mica_ir_free(ir);
	mica_ast_free(ast);
	mica_source_free(&src);
	fclose(devnull);
}
END_TEST

/* ---- refusals --------------------------------------------------------
 * Encoding faults, as edits of golden 1's bytes (offsets from its
 * hand-decoding above); each must be refused with its message. */

typedef struct refusal {
	const char *hex;
	const char *msg;        /* expected in the message */
	long offset;            /* expected offset, or -1 for none */
} refusal;

static const refusal encoding_refusals[] = {
	/* trailing byte after a complete blob */
	{ "a8 0001 0100 026170 0301 0400 055820" D32("11")
	  "065820" D32("22") "0801 00", "trailing bytes", 84 },
	/* the same map with an indefinite length (bf ... ff) */
	{ "bf 0001 0100 026170 0301 0400 055820" D32("11")
	  "065820" D32("22") "0801 ff", "indefinite length", 0 },
	/* version 1 as 18 01: non-shortest, at offset 1+2+2+3+1 = 9 */
	{ "a8 0001 0100 026170 03 1801 0400 055820" D32("11")
	  "065820" D32("22") "0801", "shortest form", 9 },
	/* a bytes length as 59 00 20, at 1+2+2+3+2+2+1 = 13 */
	{ "a8 0001 0100 026170 0301 0400 05590020" D32("11")
	  "065820" D32("22") "0801", "shortest form", 13 },
	/* keys 4 before 3: the second key, at 10, is refused */
	{ "a8 0001 0100 026170 0400 0301 055820" D32("11")
	  "065820" D32("22") "0801", "not in ascending order", 10 },
	/* key 3 twice */
	{ "a8 0001 0100 026170 0301 0301 055820" D32("11")
	  "065820" D32("22") "0801", "duplicate map key", 10 },
	/* a map one pair longer than what follows */
	{ "a9 0001 0100 026170 0301 0400 055820" D32("11")
	  "065820" D32("22") "0801", "truncated", 84 },
	/* tags and floats are never used */
	{ "c1 00", "tags are not used", 0 },
	{ "f9 3c00", "floats", 0 },
	{ "fb 3ff0000000000000", "floats", 0 },
	{ "1c", "reserved", 0 },
	/* 2^64-1 items claimed in 9 bytes: refused before any allocation */
	{ "9b ffffffffffffffff", "array longer than the input", 0 },
	{ "bb ffffffffffffffff", "map longer than the input", 0 },
	{ "5b ffffffffffffffff", "string runs past the end", 0 },
	{ "81818181818181818181 00", "nested too deeply", 9 },
	{ "", "empty input", -1 },
};

START_TEST(refuse_encoding)
{
	const refusal *r = &encoding_refusals[_i];
	uint8_t buf[MICA_BLOB_MAX];
	size_t n = bu_unhex(r->hex, buf, sizeof buf);
	mica_blob b;
	mica_blob_error e;

	ck_assert_int_eq(mica_blob_decode(buf, n, &b, &e), -1);
	ck_assert_msg(strstr(e.msg, r->msg) != NULL,
		      "case %d: expected '%s', got '%s'", _i, r->msg, e.msg);
	ck_assert_int_eq(e.has_offset, r->offset >= 0);
	if (r->offset >= 0)
		ck_assert_uint_eq(e.offset, (size_t)r->offset);
	/* Nothing is left allocated or half filled. */
	ck_assert_ptr_null(b.regions);
	ck_assert_ptr_null(b.peers);
	ck_assert_uint_eq(b.nregions, 0);
}
END_TEST

/* Field faults, as edits of golden 1's bytes: wrong types, ranges and
 * versions (these are well-formed CBOR). */
static const refusal field_refusals[] = {
	{ "a8 0002 0100 026170 0301 0400 055820" D32("11")
	  "065820" D32("22") "0801", "unsupported blob major version 2",
	  -1 },
	{ "a1 0000", "unsupported blob major version 0", -1 },
	{ "a7 0100 026170 0301 0400 055820" D32("11")
	  "065820" D32("22") "0801", "missing field 'major' (key 0)", -1 },
	{ "a7 0001 0100 026170 0301 0400 055820" D32("11") "0801",
	  "missing field 'measurement' (key 6)", -1 },
	{ "a9 0001 0100 026170 0301 0400 055820" D32("11")
	  "065820" D32("22") "0801 0c00", "unknown key 12 in a version 1.0",
	  -1 },
	{ "a8 0001 0100 026170 0301 0402 055820" D32("11")
	  "065820" D32("22") "0801", "hash (0 sha-256, 1 sha-512): 2 is "
	  "out of range", -1 },
	{ "a8 0001 0100 026170 0301 0401 055820" D32("11")
	  "065820" D32("22") "0801", "workflow digest: 32 bytes, "
	  "expected 64", -1 },
	{ "a8 0001 0100 026170 0301 0400 05581f" D31("11")
	  "065820" D32("22") "0801", "workflow digest: 31 bytes, "
	  "expected 32", -1 },
	{ "a8 0001 0100 026170 0301 0400 055820" D32("11")
	  "066170 0801", "measurement: expected a byte string", -1 },
	{ "a8 0001 0100 026121 0301 0400 055820" D32("11")
	  "065820" D32("22") "0801", "policy: byte 0 of the name (0x21)",
	  -1 },
	{ "a8 0001 0100 0260 0301 0400 055820" D32("11")
	  "065820" D32("22") "0801", "policy: name of 0 bytes", -1 },
	{ "a8 0001 0100 026170 0320 0400 055820" D32("11")
	  "065820" D32("22") "0801", "version: expected an unsigned", -1 },
	{ "a8 0001 0100 026170 0301 0400 055820" D32("11")
	  "065820" D32("22") "081840", "flags: unknown bits 0x40", -1 },
	{ "a9 0001 0100 026170 0301 0400 055820" D32("11")
	  "065820" D32("22") "0740 0801", "rpv: 0 bytes, expected 1 to 64",
	  -1 },
	{ "a9 0001 0100 026170 0301 0400 055820" D32("11")
	  "065820" D32("22") "0801 0a80", "peers: 0 items", -1 },
	{ "a9 0001 0100 026170 0301 0400 055820" D32("11")
	  "065820" D32("22") "0801 0b80", "regions: 0 items", -1 },
	{ "a9 0001 0100 026170 0301 0400 055820" D32("11")
	  "065820" D32("22") "0803 09821011", "hostcalls: listed although",
	  -1 },
	{ "a9 0001 0100 026170 0301 0400 055820" D32("11")
	  "065820" D32("22") "0801 0984 1011 1212", "hostcalls[1]: range "
	  "0x12..0x12 overlaps, touches", -1 },
	{ "a9 0001 0100 026170 0301 0400 055820" D32("11")
	  "065820" D32("22") "0801 0982 1110", "hostcalls[0]: range "
	  "0x11..0x10 is reversed", -1 },
	{ "a9 0001 0100 026170 0301 0400 055820" D32("11")
	  "065820" D32("22") "0801 0983 101011", "expected pairs", -1 },
	{ "a9 0001 0100 026170 0301 0400 055820" D32("11")
	  "065820" D32("22") "0801 0982 10 1a00010000", "hostcalls: high "
	  "end: 65536 is out of range", -1 },
	{ "a9 0001 0100 026170 0301 0400 055820" D32("11")
	  "065820" D32("22") "0801 0a815820" D32("33"), "peers[0]: not a "
	  "participant of any region", -1 },
	{ "a9 0001 0100 026170 0301 0400 055820" D32("11")
	  "065820" D32("22") "0801 0a815820" D32("22"), "peers[0]: is this "
	  "realm's own measurement", -1 },
	{ "a2 0001 616100", "top-level key 1 is not an unsigned integer",
	  -1 },
};

START_TEST(refuse_field)
{
	const refusal *r = &field_refusals[_i];
	uint8_t buf[MICA_BLOB_MAX];
	size_t n = bu_unhex(r->hex, buf, sizeof buf);
	mica_blob b;
	mica_blob_error e;

	ck_assert_int_eq(mica_blob_decode(buf, n, &b, &e), -1);
	ck_assert_msg(strstr(e.msg, r->msg) != NULL,
		      "case %d: expected '%s', got '%s'", _i, r->msg, e.msg);
	ck_assert(!e.has_offset);
}
END_TEST

/* A newer minor version may add keys: this reader skips them, and still
 * checks everything it knows. */
START_TEST(minor_additions)
{
	static const char hex[] =
		"a9 0001 0101 026170 0301 0400 055820" D32("11")
		"065820" D32("22") "0801 0c00";
	uint8_t buf[256];
	size_t n = bu_unhex(hex, buf, sizeof buf);
	mica_blob b;
	mica_blob_error e;

	ck_assert_msg(mica_blob_decode(buf, n, &b, &e) == 0, "%s", e.msg);
	ck_assert_uint_eq(b.minor, 1);
	ck_assert_str_eq(b.policy, "p");
	mica_blob_free(&b);
	n = bu_unhex("a9 0001 0101 026170 0301 0400 055820" D32("11")
		     "065820" D32("22") "081840 0c00", buf, sizeof buf);
	ck_assert_int_eq(mica_blob_decode(buf, n, &b, &e), -1);
	ck_assert_str_eq(e.msg, "flags: unknown bits 0x40");
}
END_TEST

START_TEST(refuse_too_long)
{
	static uint8_t buf[MICA_BLOB_MAX + 1];
	mica_blob b;
	mica_blob_error e;

	ck_assert_int_eq(mica_blob_decode(buf, sizeof buf, &b, &e), -1);
	ck_assert_str_eq(e.msg, "4097 bytes, more than the 4096 a blob may "
			 "have");
}
END_TEST

/* Content faults: golden 2 with one thing wrong, encoded as is (the
 * encoder writes whatever it is given). */
typedef struct mutation {
	void (*apply)(mica_blob *b, mica_blob_region *g);
	const char *msg;
} mutation;

static void m_rights(mica_blob *b, mica_blob_region *g)
{
	(void)b;
	g[0].parts[1].rights = 4;
}
static void m_who(mica_blob *b, mica_blob_region *g)
{
	(void)b;
	g[0].parts[1].who = 2;
}
static void m_who_neg(mica_blob *b, mica_blob_region *g)
{
	(void)b;
	g[0].parts[1].who = -3;
}
static void m_host_protected(mica_blob *b, mica_blob_region *g)
{
	(void)b;
	g[1].kind = MICA_PROTECTED;
	g[1].parts[0].ipa = 0x7000000;
}
static void m_no_self(mica_blob *b, mica_blob_region *g)
{
	(void)b;
	g[1].parts[0].who = MICA_WHO_ANY;
	g[1].parts[0].limit = 1;
}
static void m_part_order(mica_blob *b, mica_blob_region *g)
{
	mica_blob_part t = g[0].parts[0];

	(void)b;
	g[0].parts[0] = g[0].parts[1];
	g[0].parts[1] = t;
}
static void m_region_order(mica_blob *b, mica_blob_region *g)
{
	mica_blob_region t = g[0];

	(void)b;
	g[0] = g[1];
	g[1] = t;
}
static void m_overlap(mica_blob *b, mica_blob_region *g)
{
	/* A second protected region inside region 0's window. */
	static mica_blob_part self = { MICA_WHO_SELF, MICA_R, 0x100001000,
				       0 };

	(void)b;
	g[1] = (mica_blob_region){ MICA_PROTECTED, 4096, 1, &self };
}
static void m_window_end(mica_blob *b, mica_blob_region *g)
{
	(void)b;
	g[0].parts[0].ipa = 0x7ffffffff000;    /* 8 KiB past 2^47 - 4 KiB */
}
static void m_limit_zero(mica_blob *b, mica_blob_region *g)
{
	(void)b;
	g[0].parts[2].limit = 0;
}
static void m_kind(mica_blob *b, mica_blob_region *g)
{
	(void)b;
	g[0].kind = 2;
}
static void m_size_zero(mica_blob *b, mica_blob_region *g)
{
	(void)b;
	g[0].size = 0;
}
static void m_repeat(mica_blob *b, mica_blob_region *g)
{
	(void)b;
	g[0].parts[2].who = 1;
	g[0].parts[2].limit = 0;
}
static void m_peer_order(mica_blob *b, mica_blob_region *g)
{
	(void)g;
	b->npeers = 2;
	memset(b->peers[1], 0x30, 32);
}
static void m_no_peers(mica_blob *b, mica_blob_region *g)
{
	(void)g;
	b->npeers = 0;
}

static const mutation mutations[] = {
	{ m_rights, "regions[0] participant 1 rights: 4 is out of range "
	  "1..3" },
	{ m_who, "regions[0] participant 1: who 2 names no peer" },
	{ m_who_neg, "regions[0] participant 1: who -3 is not defined" },
	{ m_host_protected, "regions[1] participant 1: the host in a "
	  "protected region" },
	{ m_no_self, "regions[1]: this realm is not a participant" },
	{ m_part_order, "regions[0] participant 1: not in canonical order" },
	{ m_region_order, "regions[1]: not in ascending order" },
	{ m_overlap, "regions[1]: overlaps regions[0]" },
	{ m_window_end, "runs past the end of the protected half" },
	{ m_limit_zero, "regions[0] participant 2 limit: 0 is out of range" },
	{ m_kind, "regions[0] kind: 2 is out of range 0..1" },
	{ m_size_zero, "regions[0] granules: 0 is out of range" },
	{ m_repeat, "regions[0] participant 2: repeats participant 1" },
	{ m_peer_order, "peers[1]: not in strictly ascending order" },
	{ m_no_peers, "who 1 names no peer (0 in the table)" },
};

START_TEST(refuse_content)
{
	mica_blob b;
	mica_blob_region g[2];
	mica_blob_part p0[3], p1[2];
	uint8_t peers[2][MICA_MAX_DIGEST] = { { 0 } };
	uint8_t buf[MICA_BLOB_MAX];
	mica_blob_error e;
	mica_blob d;
	size_t n;

	golden2_blob(&b);
	memcpy(p0, g2_r0, sizeof p0);
	memcpy(p1, g2_r1, sizeof p1);
	memcpy(g, g2_regions, sizeof g);
	g[0].parts = p0;
	g[1].parts = p1;
	memset(peers[0], 0x33, 32);
	b.regions = g;
	b.peers = peers;
	mutations[_i].apply(&b, g);
	n = mica_blob_encode(&b, buf, sizeof buf);
	ck_assert_uint_gt(n, 0);
	ck_assert_int_eq(mica_blob_decode(buf, n, &d, &e), -1);
	ck_assert_msg(strstr(e.msg, mutations[_i].msg) != NULL,
		      "case %d: expected '%s', got '%s'", _i,
		      mutations[_i].msg, e.msg);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("blob");
	TCase *t = tcase_create("golden");

	tcase_add_test(t, golden_minimal);
	tcase_add_test(t, golden_full);
	tcase_add_test(t, golden_sha512);
	tcase_add_test(t, golden_text);
	tcase_add_test(t, golden_canonical);
	tcase_add_test(t, canonical_from_source);
	tcase_add_loop_test(t, golden_flags, 0,
			    sizeof flags_goldens / sizeof *flags_goldens);
	tcase_add_test(t, golden_text_ripas_paging);
	tcase_add_test(t, golden_json_ripas);
	tcase_add_test(t, ripas_paging_from_source);
	tcase_add_test(t, every_immediate_is_star);
	tcase_add_test(t, descriptor_layout);
	tcase_add_test(t, descriptor_rim);
	suite_add_tcase(s, t);
	t = tcase_create("refusal");
	tcase_add_loop_test(t, refuse_encoding, 0,
			    sizeof encoding_refusals / sizeof *encoding_refusals);
	tcase_add_loop_test(t, refuse_field, 0,
			    sizeof field_refusals / sizeof *field_refusals);
	tcase_add_loop_test(t, refuse_content, 0,
			    sizeof mutations / sizeof *mutations);
	tcase_add_test(t, minor_additions);
	tcase_add_test(t, refuse_too_long);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return mt_run(suite());
}
