/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_robust.c -- the front end on hostile input: binary garbage, NUL
 * bytes, every truncation of every example, invalid UTF-8 everywhere,
 * huge tokens and lines, deep nesting, 20 MB of ';'.
 *
 * Every input must terminate with a tree, and the diagnostics must keep
 * their promises (check_output below): the number of printed errors is
 * the count up to the cap, every location is inside the file, and the
 * output is short, valid UTF-8 without control characters, whatever the
 * input. The sanitizer build (scripts/test.sh --sanitize) runs the same
 * tests under ASan, UBSan and LeakSanitizer.
 */
#include <dirent.h>
#include <stdint.h>

#include "testutil.h"

#define MAX_OUT (64 * 1024)    /* 20 errors with notes stay far below */

/* Under AddressSanitizer the parser costs about 1 us per token (stack
 * poisoning in the generated parser), so 20 MB of one-byte tokens would
 * take 20 s alone there: the sanitizer build runs that case on 4 MB,
 * which takes the same code paths. */
#if defined(__SANITIZE_ADDRESS__)
#define MT_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MT_SANITIZED 1
#endif
#endif
#ifndef MT_SANITIZED
#define MT_SANITIZED 0
#endif

/* ---- output invariants ------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

/* Byte length of line `line` (1-based) of text, a final CR included
 * (the scanner counts it as a column); -1 past the end. */
static long line_length(const char *text, size_t len, unsigned long line)
{
	size_t i = 0, start;
	unsigned long l = 1;

	while (l < line) {
		const char *nl = memchr(text + i, '\n', len - i);
		if (!nl)
			return -1;
		i = (size_t)(nl - text) + 1;
		l++;
	}
	start = i;
	while (i < len && text[i] != '\n')
		i++;
	return (long)(i - start);
}

/* The promises of diag.c and the parser, for any input. */
static void check_output(const mt_parse *p, const char *what)
{
	const unsigned char *o = (const unsigned char *)p->out;
	unsigned printed = 0, capped = 0;
	size_t i;
	const char *line;
	static const char cap[] =
		"t.mica: note: too many errors (20), stopping\n";

	mt_require(p->ast != NULL, "%s: no tree", what);
	mt_require(p->outlen < MAX_OUT, "%s: %zu bytes of diagnostics",
		      what, p->outlen);
	mt_require(p->outlen == 0 || p->out[p->outlen - 1] == '\n',
		      "%s: output does not end in a newline", what);
	/* valid UTF-8; no control characters but newline and tab */
	for (i = 0; i < p->outlen;) {
		size_t n = utf8_len(o + i, p->outlen - i);
		mt_require(n != 0, "%s: invalid UTF-8 at byte %zu of the "
			      "diagnostics", what, i);
		mt_require(n > 1 || o[i] == '\n' || o[i] == '\t' ||
			      (o[i] >= 0x20 && o[i] < 0x7F),
			      "%s: control byte 0x%02X in the diagnostics",
			      what, o[i]);
		i += n;
	}
	/* each error line names a place inside the file */
	for (line = p->out; line && *line; ) {
		const char *next = strchr(line, '\n');
		unsigned long l, c;
		char kind[8];

		if (strncmp(line, "t.mica:", 7) == 0 &&
		    sscanf(line + 7, "%lu:%lu: %7[a-z]:", &l, &c, kind) == 3) {
			long len = line_length(p->src.text, p->src.len, l);
			mt_require(len >= 0 && c >= 1 &&
				      c <= (unsigned long)len + 1,
				      "%s: location %lu:%lu outside the file: "
				      "%.*s", what, l, c,
				      (int)(next ? next - line : 80), line);
			if (strcmp(kind, "error") == 0)
				printed++;
		} else if (strncmp(line, "t.mica: error: ", 15) == 0) {
			printed++;
		} else if (strncmp(line, cap, sizeof cap - 1) == 0) {
			capped++;
		}
		line = next ? next + 1 : NULL;
	}
	mt_require(printed == (p->d.errors < 20 ? p->d.errors : 20),
		      "%s: %u errors counted, %u printed:\n%s", what,
		      p->d.errors, printed, p->out);
	mt_require(capped == (p->d.errors > 20),
		      "%s: %u errors and %u cap notes", what, p->d.errors,
		      capped);
}

/* Parses and checks the invariants; the caller asserts the rest. */
static void robust_parse(mt_parse *p, const char *data, size_t len,
			 const char *what)
{
	mt_parse_mem(p, data, len);
	check_output(p, what);
}

/* ---- binary garbage, token soup, mutated examples ---------------------- */

/* xorshift64*: a fixed seed, so every run tests the same inputs. */
static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static unsigned rnd(unsigned n)
{
	return (unsigned)(rng() % n);
}

START_TEST(garbage_bytes)
{
	static char buf[4096];
	int round;

	rng_state = 0x6d6963612d726f62ULL;
	for (round = 0; round < 2000; round++) {
		size_t len = 1 + rnd(sizeof buf), i;
		mt_parse p;
		char what[64];

		for (i = 0; i < len; i++)
			buf[i] = (char)rnd(256);
		snprintf(what, sizeof what, "garbage round %d", round);
		robust_parse(&p, buf, len, what);
		/* a policy must start with `policy` */
		mt_require(p.d.errors > 0, "%s parsed clean", what);
		mt_free(&p);
	}
}
END_TEST

static const char *const soup[] = {
	"policy", "p", "version", "1", ";", "hash", "sha256", "sha512",
	"realm", "r", "{", "}", "measurement", "=", MT_SHA256("1"),
	MT_SHA512("2"), "rpv", "hex:00ff", "trust", "trusted", "distrustful",
	"untrusted", "strict", "true", "false", "region", "g", ":",
	"protected", "unprotected", ",", "4", "KiB", "MiB", "GiB", "B",
	"r", "w", "rw", "@", "0x1000", "limit", "host", "any", "allow",
	"hostcall", "*", "..", "mmio", "psci", "ripas", "paging", "0xffff",
	"/*", "*/", "//",
	"\n", " ", "\t", "\xff", "\xc3\xa9", "$", "1__0", "0x", "sha256:12",
	"hex:1", "18446744073709551616", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	"\r\n", "/", "-", "hex:", "sha512:", "\xe2\x82",
};

START_TEST(garbage_tokens)
{
	static char buf[16384];
	int round;

	rng_state = 0x736f75702d736f75ULL;
	for (round = 0; round < 2000; round++) {
		unsigned ntok = rnd(300), t;
		size_t len = 0;
		mt_parse p;
		char what[64];

		/* half the rounds start with a good header */
		if (round % 2)
			len = (size_t)snprintf(buf, sizeof buf, MT_HDR);
		for (t = 0; t < ntok; t++) {
			const char *s = soup[rnd(sizeof soup / sizeof soup[0])];
			size_t n = strlen(s);
			if (len + n + 1 >= sizeof buf)
				break;
			memcpy(buf + len, s, n);
			len += n;
			if (rnd(3))
				buf[len++] = ' ';
		}
		snprintf(what, sizeof what, "token soup round %d", round);
		robust_parse(&p, buf, len, what);
		mt_free(&p);
	}
}
END_TEST

/* ---- the examples ------------------------------------------------------ */
typedef struct example {
	char name[256];
	char *text;
	size_t len;
} example;

static example examples[16];
static unsigned nexamples;

static void load_examples(void)
{
	const char *dirname = MICA_SOURCE_DIR "/examples";
	DIR *dir;
	struct dirent *e;

	if (nexamples)
		return;
	dir = opendir(dirname);
	ck_assert_msg(dir != NULL, "cannot open %s", dirname);
	while ((e = readdir(dir)) != NULL) {
		size_t n = strlen(e->d_name);
		char path[1024];
		mica_source src;
		example *x;

		if (n < 6 || strcmp(e->d_name + n - 5, ".mica") != 0)
			continue;
		ck_assert_uint_lt(nexamples, 16);
		x = &examples[nexamples++];
		snprintf(x->name, sizeof x->name, "%s", e->d_name);
		snprintf(path, sizeof path, "%s/%s", dirname, e->d_name);
		ck_assert_int_eq(mica_source_load(&src, path), 0);
		x->text = malloc(src.len + 1);
		ck_assert_ptr_nonnull(x->text);
		memcpy(x->text, src.text, src.len + 1);
		x->len = src.len;
		mica_source_free(&src);
	}
	closedir(dir);
	ck_assert_uint_ge(nexamples, 4);
}

static void free_examples(void)
{
	while (nexamples)
		free(examples[--nexamples].text);
}

/*
 * A small scanner of its own, for well-formed files only: it marks each
 * byte as white space, comment, or significant, finds the ends of the
 * top-level statements (a ';' or '}' at brace depth 0), and counts the
 * declarations by their first word.
 */
enum { WS, LINE_COMMENT, BLOCK_COMMENT, SIG };

typedef struct shape {
	unsigned char *cls;     /* per byte: WS, *_COMMENT or SIG */
	size_t *comment_end;    /* per byte in a comment: its end offset */
	size_t *comment_start;
	unsigned char *stmt_end; /* 1 after a top-level ';' or '}' */
	unsigned char *decl;    /* at a declaration's first byte: r, g, a */
} shape;

static void shape_of(shape *s, const char *t, size_t n)
{
	size_t i = 0;
	int depth = 0, at_stmt_start = 1;

	s->cls = calloc(n + 1, 1);
	s->comment_end = calloc(n + 1, sizeof *s->comment_end);
	s->comment_start = calloc(n + 1, sizeof *s->comment_start);
	s->stmt_end = calloc(n + 1, 1);
	s->decl = calloc(n + 1, 1);
	ck_assert(s->cls && s->comment_end && s->comment_start &&
		  s->stmt_end && s->decl);
	while (i < n) {
		if (t[i] == '/' && i + 1 < n && (t[i + 1] == '/' ||
						 t[i + 1] == '*')) {
			int block = t[i + 1] == '*';
			size_t j = i + 2, k;
			if (block) {
				while (j + 1 < n && !(t[j] == '*' &&
						      t[j + 1] == '/'))
					j++;
				ck_assert_uint_lt(j + 1, n);  /* closed */
				j += 2;
			} else {
				while (j < n && t[j] != '\n')
					j++;
			}
			for (k = i; k < j; k++) {
				s->cls[k] = block ? BLOCK_COMMENT
						  : LINE_COMMENT;
				s->comment_start[k] = i;
				s->comment_end[k] = j;
			}
			i = j;
			continue;
		}
		if (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' ||
		    t[i] == '\r') {
			s->cls[i++] = WS;
			continue;
		}
		s->cls[i] = SIG;
		if (depth == 0 && at_stmt_start) {
			if (strncmp(t + i, "realm", 5) == 0)
				s->decl[i] = 'r';
			else if (strncmp(t + i, "region", 6) == 0)
				s->decl[i] = 'g';
			else if (strncmp(t + i, "allow", 5) == 0)
				s->decl[i] = 'a';
			at_stmt_start = 0;
		}
		if (t[i] == '{')
			depth++;
		else if (t[i] == '}' && --depth == 0)
			s->stmt_end[i + 1] = 1, at_stmt_start = 1;
		else if (t[i] == ';' && depth == 0)
			s->stmt_end[i + 1] = 1, at_stmt_start = 1;
		i++;
	}
	ck_assert_int_eq(depth, 0);
}

static void shape_free(shape *s)
{
	free(s->cls);
	free(s->comment_end);
	free(s->comment_start);
	free(s->stmt_end);
	free(s->decl);
}

/*
 * Whether the prefix of k bytes is a complete file: it ends after a
 * top-level statement, then only white space and comments, where a line
 * comment may be cut (end of file ends it) but a block comment may not,
 * nor a comment opener.
 */
static int complete_prefix(const shape *s, size_t k)
{
	size_t i = k;

	if (k > 0 && s->cls[k - 1] == BLOCK_COMMENT &&
	    s->comment_end[k - 1] != k)
		return 0;                       /* open block comment */
	if (k > 0 && s->cls[k - 1] == LINE_COMMENT &&
	    k - s->comment_start[k - 1] < 2)
		return 0;                       /* a lone '/' */
	while (i > 0 && s->cls[i - 1] != SIG) {
		if (s->stmt_end[i])
			break;
		i--;
	}
	return s->stmt_end[i];
}

static unsigned list_len(const void *list)
{
	const struct node { const struct node *next; } *n = list;
	unsigned k = 0;

	for (; n; n = n->next)
		k++;
	return k;
}

/*
 * Every prefix of every example: a prefix is clean (no diagnostics) if
 * and only if it is complete, and then its tree holds exactly the
 * declarations that start in it, in order.
 */
START_TEST(truncation)
{
	unsigned x, clean_total = 0;

	load_examples();
	for (x = 0; x < nexamples; x++) {
		const example *ex = &examples[x];
		shape s;
		size_t k;
		unsigned nr = 0, ng = 0, na = 0, clean = 0;
		mt_parse full;

		mt_parse_mem(&full, ex->text, ex->len);
		mt_assert_clean(&full);
		shape_of(&s, ex->text, ex->len);
		ck_assert_msg(complete_prefix(&s, ex->len), "%s", ex->name);

		for (k = 0; k <= ex->len; k++) {
			mt_parse p;
			char what[320];
			int want_clean = complete_prefix(&s, k);

			if (k > 0 && s.decl[k - 1] == 'r')
				nr++;
			else if (k > 0 && s.decl[k - 1] == 'g')
				ng++;
			else if (k > 0 && s.decl[k - 1] == 'a')
				na++;
			snprintf(what, sizeof what, "%.200s cut at %zu", ex->name, k);
			robust_parse(&p, ex->text, k, what);
			mt_require(want_clean == (p.d.errors == 0),
				      "%s: %u errors, but the prefix is %s "
				      "complete:\n%s", what, p.d.errors,
				      want_clean ? "" : "not", p.out);
			if (want_clean) {
				const mica_realm *r, *fr;
				mt_require(p.outlen == 0 &&
					   list_len(p.ast->realms) == nr &&
					   list_len(p.ast->regions) == ng &&
					   list_len(p.ast->allows) == na,
					   "%s: %u realms, %u regions, %u allows;"
					   " expected %u, %u, %u", what,
					   list_len(p.ast->realms),
					   list_len(p.ast->regions),
					   list_len(p.ast->allows), nr, ng, na);
				for (r = p.ast->realms, fr = full.ast->realms;
				     r; r = r->next, fr = fr->next)
					mt_require(strcmp(r->name.text,
							  fr->name.text) == 0,
						   "%s: realm %s, expected %s",
						   what, r->name.text,
						   fr->name.text);
				clean++;
			}
			mt_free(&p);
		}
		/* every declaration was seen, and clean cuts were found */
		ck_assert_uint_eq(nr, list_len(full.ast->realms));
		ck_assert_uint_eq(ng, list_len(full.ast->regions));
		ck_assert_uint_eq(na, list_len(full.ast->allows));
		ck_assert_uint_gt(clean, nr + ng + na);
		clean_total += clean;
		shape_free(&s);
		mt_free(&full);
	}
	ck_assert_uint_gt(clean_total, 0);
	free_examples();
}
END_TEST

/* A few random edits of each example: insert, delete, or change bytes. */
START_TEST(mutated_examples)
{
	static char buf[16384];
	unsigned x;
	int round;

	load_examples();
	rng_state = 0x6d75746174696f6eULL;
	for (x = 0; x < nexamples; x++) {
		for (round = 0; round < 250; round++) {
			size_t len = examples[x].len;
			int edits = 1 + (int)rnd(4), e;
			mt_parse p;
			char what[320];

			ck_assert_uint_lt(len + 8, sizeof buf);
			memcpy(buf, examples[x].text, len);
			for (e = 0; e < edits && len > 0; e++) {
				size_t at = rnd((unsigned)len);
				switch (rnd(3)) {
				case 0:         /* change */
					buf[at] = (char)rnd(256);
					break;
				case 1:         /* delete */
					memmove(buf + at, buf + at + 1,
						len - at - 1);
					len--;
					break;
				default:        /* insert */
					memmove(buf + at + 1, buf + at,
						len - at);
					buf[at] = "{};:@,=*/\n\0\xff"[rnd(13)];
					len++;
					break;
				}
			}
			snprintf(what, sizeof what, "%.200s mutation %d",
				 examples[x].name, round);
			robust_parse(&p, buf, len, what);
			mt_free(&p);
		}
	}
	free_examples();
}
END_TEST

/* ---- NUL bytes --------------------------------------------------------- */
START_TEST(nul_bytes)
{
	static const struct {
		const char *src;
		size_t len;
		const char *at;         /* where the NUL is reported */
	} t[] = {
#define N(s, at) { s, sizeof(s) - 1, at }
		N("\0policy p version 1;\n", "t.mica:1:1: error: NUL byte"),
		N("pol\0icy p version 1;\n", "t.mica:1:4: error: NUL byte"),
		N("policy p\0q version 1;\n", "t.mica:1:9: error: NUL byte"),
		N("policy p version 1\0;\n", "t.mica:1:19: error: NUL byte"),
		N("policy p version 0x1\0000;\n",
		  "t.mica:1:21: error: NUL byte"),
		N(MT_HDR "realm a { measurement = sha256:12\0" "34; }\n",
		  "t.mica:2:34: error: NUL byte"),
		N(MT_HDR "realm a { rpv = hex:00\0" "11; }\n",
		  "t.mica:2:23: error: NUL byte"),
		N(MT_HDR "// comment \0 here\n", "t.mica:2:12: error: NUL byte"),
		N(MT_HDR "/* comment \0 here */\n",
		  "t.mica:2:12: error: NUL byte"),
		N(MT_HDR "/* \0", "t.mica:2:4: error: NUL byte"),
		N(MT_HDR "realm a { }\0", "t.mica:2:12: error: NUL byte"),
		N(MT_HDR "\0\0\0\0\0\0\0\0", "t.mica:2:8: error: NUL byte"),
#undef N
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		mt_parse p;
		char what[32];

		snprintf(what, sizeof what, "NUL case %zu", i);
		robust_parse(&p, t[i].src, t[i].len, what);
		ck_assert_uint_gt(p.d.errors, 0);
		mt_assert_has(&p, t[i].at);
		mt_free(&p);
	}
}
END_TEST

/* ---- non-UTF-8 bytes in every kind of place ---------------------------- */
START_TEST(bad_utf8_everywhere)
{
	/* Each template has one '|' where the bytes go. */
	static const struct {
		const char *tmpl;
		const char *in;         /* "" or " in a comment" */
	} place[] = {
		{ "|policy p version 1;\n", "" },
		{ "pol|icy p version 1;\n", "" },
		{ "policy| p version 1;\n", "" },
		{ "policy p version 1;|\n", "" },
		{ "policy p version 1;\n|", "" },                  /* at EOF */
		{ "policy p| version 1;\n", "" },
		{ "policy p version 1|0;\n", "" },
		{ "policy p version 1;\nrealm a {|}\n", "" },
		{ "policy p version 1;\nrealm a|b { }\n", "" },
		{ "policy p version 1;\nrealm a { measurement = sha256:1|1; }\n",
		  "" },
		{ "policy p version 1;\nrealm a { rpv = hex:0|0; }\n", "" },
		{ "policy p version 1;\nregion g : protected, 4 KiB { a: r| @ 0; "
		  "}\n", "" },
		{ "policy p version 1;\nallow a hostcall 1.|.2;\n", "" },
		{ "policy p version 1; // x|y\n", " in a comment" },
		{ "policy p version 1; //|\n", " in a comment" },
		{ "policy p version 1; /* x|y */\n", " in a comment" },
		{ "policy p version 1; /*|*/\n", " in a comment" },
		{ "policy p version 1; /* *|/\n", " in a comment" },
		{ "policy p version 1; /* \n|\n */\n", " in a comment" },
	};
	static const struct {
		const char *bytes;
		unsigned first;
	} bad[] = {
		{ "\x80", 0x80 }, { "\xbf", 0xBF }, { "\xc0\xaf", 0xC0 },
		{ "\xc3", 0xC3 }, { "\xe2\x82", 0xE2 }, { "\xed\xa0\x80", 0xED },
		{ "\xf4\x90\x80\x80", 0xF4 }, { "\xf5", 0xF5 }, { "\xff", 0xFF },
	};
	size_t i, j;

	for (i = 0; i < sizeof place / sizeof place[0]; i++) {
		const char *bar = strchr(place[i].tmpl, '|');
		size_t pre = (size_t)(bar - place[i].tmpl);
		unsigned line = 1, col = 1;
		size_t k;

		for (k = 0; k < pre; k++) {
			if (place[i].tmpl[k] == '\n')
				line++, col = 1;
			else
				col++;
		}
		for (j = 0; j < sizeof bad / sizeof bad[0]; j++) {
			char src[256], want[128], what[64];
			mt_parse p;
			int n;

			n = snprintf(src, sizeof src, "%.*s%s%s", (int)pre,
				     place[i].tmpl, bad[j].bytes, bar + 1);
			snprintf(what, sizeof what, "place %zu bytes %zu", i, j);
			robust_parse(&p, src, (size_t)n, what);
			ck_assert_uint_gt(p.d.errors, 0);
			snprintf(want, sizeof want, "t.mica:%u:%u: error: "
				 "invalid UTF-8 byte 0x%02X%s\n", line, col,
				 bad[j].first, place[i].in);
			mt_assert_has(&p, want);
			mt_free(&p);
		}
	}
}
END_TEST

/* ---- huge tokens, long lines, deep nesting, many statements ------------ */
static char *repeat(const char *head, const char *unit, size_t times,
		    const char *tail, size_t *len)
{
	size_t h = strlen(head), u = strlen(unit), t = strlen(tail), i;
	char *buf = malloc(h + u * times + t + 1);

	ck_assert_ptr_nonnull(buf);
	memcpy(buf, head, h);
	for (i = 0; i < times; i++)
		memcpy(buf + h + i * u, unit, u);
	memcpy(buf + h + u * times, tail, t + 1);
	*len = h + u * times + t;
	return buf;
}

#define MB (1024 * 1024)

START_TEST(huge_identifier)
{
	static const struct {
		const char *head, *tail;
		const char *msg;
	} t[] = {
		{ MT_HDR "realm ", " { }\n", "t.mica:2:7: error: identifier "
		  "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is 1048576 bytes long; "
		  "at most 32 are allowed\n" },
		{ "policy ", " version 1;\n", "t.mica:1:8: error: identifier "
		  "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is 1048576 bytes long; "
		  "at most 32 are allowed\n" },
		{ MT_HDR "allow ", "", "t.mica:2:7: error: identifier "
		  "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is 1048576 bytes long; "
		  "at most 32 are allowed\n" },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		size_t len;
		char *src = repeat(t[i].head, "a", MB, t[i].tail, &len);
		mt_parse p;

		robust_parse(&p, src, len, "1 MB identifier");
		ck_assert_uint_gt(p.d.errors, 0);
		mt_assert_has(&p, t[i].msg);
		/* the message and the excerpt are cut, not 1 MB long */
		ck_assert_uint_lt(p.outlen, 2048);
		mt_free(&p);
		free(src);
	}
}
END_TEST

START_TEST(huge_number_and_digest)
{
	static const struct {
		const char *head, *unit, *tail, *msg;
	} t[] = {
		{ MT_HDR "region g : protected, ", "9", " { }\n",
		  "t.mica:2:23: error: integer literal does not fit in 64 "
		  "bits\n" },
		{ MT_HDR "region g : protected, 0x", "0", " { }\n",
		  "" /* a million zeros are zero: no error from the literal */ },
		/* the text is cut to 40 bytes: "1" and 39 "x" */
		{ MT_HDR "region g : protected, 1", "x", " { }\n",
		  "t.mica:2:23: error: malformed number '1" "xxxxxxxxxx"
		  "xxxxxxxxxx" "xxxxxxxxxx" "xxxxxxxxx" },
		{ MT_HDR "realm a { measurement = sha256:", "0", "; }\n",
		  "t.mica:2:25: error: sha256 digest must have exactly 64 hex "
		  "digits, not 1048576\n" },
		{ MT_HDR "realm a { rpv = hex:", "0", "; }\n",
		  "t.mica:2:17: error: hex string is 524288 bytes long; at most "
		  "64 are allowed\n" },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		size_t len;
		char *src = repeat(t[i].head, t[i].unit, MB, t[i].tail, &len);
		mt_parse p;

		robust_parse(&p, src, len, t[i].head);
		if (*t[i].msg) {
			mt_assert_has(&p, t[i].msg);
			ck_assert_uint_gt(p.d.errors, 0);
		} else {
			mt_assert_clean(&p);
			ck_assert_uint_eq(p.ast->regions->size, 0);
		}
		ck_assert_uint_lt(p.outlen, 2048);
		mt_free(&p);
		free(src);
	}
}
END_TEST

/* 16 MiB tokens: before flex read as much as its buffer holds, each 8 KiB
 * read rescanned the token so far, and a token this size took minutes
 * (CK_DEFAULT_TIMEOUT fails the test then). Each is accepted or refused
 * with its own diagnostic, and the output stays short. */
START_TEST(huge_tokens_16mib)
{
	static const struct {
		const char *head, *unit, *tail, *msg;
	} t[] = {
		{ "// ", "x", "\n" MT_HDR "realm a { }\n", "" },
		{ "/* ", "x", " */\n" MT_HDR "realm a { }\n", "" },
		{ MT_HDR "/* ", "\n", "", "t.mica:2:1: error: unterminated "
		  "block comment\n" },
		{ MT_HDR "realm ", "a", " { }\n", "t.mica:2:7: error: "
		  "identifier 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is 16777216 "
		  "bytes long; at most 32 are allowed\n" },
		{ MT_HDR "region g : protected, ", "7", " { }\n",
		  "t.mica:2:23: error: integer literal does not fit in 64 "
		  "bits\n" },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		size_t len;
		char *src = repeat(t[i].head, t[i].unit, 16 * MB, t[i].tail,
				   &len);
		mt_parse p;

		robust_parse(&p, src, len, t[i].head);
		if (*t[i].msg) {
			mt_assert_errors(&p, 1);
			mt_assert_has(&p, t[i].msg);
		} else {
			mt_assert_clean(&p);
			ck_assert_uint_eq(list_len(p.ast->realms), 1);
		}
		ck_assert_uint_lt(p.outlen, 2048);
		mt_free(&p);
		free(src);
	}
}
END_TEST

START_TEST(long_lines)
{
	size_t len;
	char *src;
	mt_parse p;

	/* 1 MB comment line, then a good policy: clean */
	src = repeat("// ", "\xc3\xa9", MB / 2, "\n" MT_HDR "realm a { }\n",
		     &len);
	robust_parse(&p, src, len, "1 MB comment");
	mt_assert_clean(&p);
	mt_free(&p);
	free(src);

	/* 50 000 realms on one line: clean, all kept in order */
	src = repeat(MT_HDR, "realm a { } ", 50000, "\n", &len);
	robust_parse(&p, src, len, "50000 realms on a line");
	mt_assert_clean(&p);
	ck_assert_uint_eq(list_len(p.ast->realms), 50000);
	mt_free(&p);
	free(src);

	/* an error at the end of a 600 000-byte line: a short excerpt */
	src = repeat(MT_HDR, "realm a { } ", 50000, "$\n", &len);
	robust_parse(&p, src, len, "error at the end of a long line");
	mt_assert_errors(&p, 1);
	mt_assert_has(&p, "t.mica:2:600001: error: unexpected character "
		      "'$'\n");
	ck_assert_uint_lt(p.outlen, 1024);
	mt_free(&p);
	free(src);

	/* 100 000 hostcall immediates: clean, all kept in order */
	src = repeat(MT_HDR "allow a hostcall 0", ", 1", 100000, ", 2;\n",
		     &len);
	robust_parse(&p, src, len, "100000 immediates");
	mt_assert_clean(&p);
	{
		const mica_imm_range *im = p.ast->allows->imms;
		ck_assert_uint_eq(im->lo, 0);
		ck_assert_uint_eq(list_len(im), 100002);
		while (im->next)
			im = im->next;
		ck_assert_uint_eq(im->lo, 2);
	}
	mt_free(&p);
	free(src);
}
END_TEST

START_TEST(deep_nesting)
{
	static const struct {
		const char *head, *unit;
	} t[] = {
		{ MT_HDR, "{" },
		{ MT_HDR, "realm x {" },
		{ MT_HDR, "region x : protected, 4 KiB {" },
		{ MT_HDR, "/*" },
		{ MT_HDR, "}" },
		{ MT_HDR, "{ " },
		{ "", "{" },
		{ MT_HDR "realm a {", "{" },
		{ MT_HDR "region x : protected, 4 KiB {", "a: r @ 0 {" },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		size_t len;
		char *src = repeat(t[i].head, t[i].unit, 100000, "", &len);
		mt_parse p;
		char what[96];

		snprintf(what, sizeof what, "100000 x '%s'", t[i].unit);
		robust_parse(&p, src, len, what);
		ck_assert_msg(p.d.errors > 0, "%s parsed clean", what);
		mt_free(&p);
		free(src);
	}
}
END_TEST

START_TEST(semicolons_20mb)
{
	size_t len;
	char *src = repeat("", ";", (MT_SANITIZED ? 4 : 20) * MB, "", &len);
	mt_parse p;

	robust_parse(&p, src, len, "20 MB of ';'");
	ck_assert_uint_gt(p.d.errors, 0);
	mt_assert_has(&p, "t.mica:1:1: error: unexpected ';', expecting "
		      "'policy'\n");
	ck_assert_uint_lt(p.outlen, 1024);
	mt_free(&p);
	free(src);
}
END_TEST

static Suite *robust_suite(void)
{
	Suite *s = suite_create("robust");
	TCase *tc;

	tc = tcase_create("garbage");
	tcase_add_test(tc, garbage_bytes);
	tcase_add_test(tc, garbage_tokens);
	tcase_add_test(tc, mutated_examples);
	suite_add_tcase(s, tc);

	tc = tcase_create("truncation");
	tcase_add_test(tc, truncation);
	suite_add_tcase(s, tc);

	tc = tcase_create("bytes");
	tcase_add_test(tc, nul_bytes);
	tcase_add_test(tc, bad_utf8_everywhere);
	suite_add_tcase(s, tc);

	tc = tcase_create("size");
	tcase_add_test(tc, huge_identifier);
	tcase_add_test(tc, huge_number_and_digest);
	tcase_add_test(tc, huge_tokens_16mib);
	tcase_add_test(tc, long_lines);
	tcase_add_test(tc, deep_nesting);
	tcase_add_test(tc, semicolons_20mb);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return mt_run(robust_suite());
}
