/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * parser.y -- the grammar of .mica policy files (man/mica.5, GRAMMAR).
 *
 * A pure parser with locations. Declarations are appended to the tree in
 * the parse state as they reduce (or handed to its consumer: ast.h,
 * mica_parse_stream), so the tree is never on the parser's stack whole; every node and name is allocated in the tree's arena, so
 * what error recovery discards goes with the tree. Recovery points: `;` ends a broken statement,
 * `}` a broken block, a missing `;` is assumed where it was expected, and
 * an unterminated block is closed at end of file.
 */
%define api.pure full
%define api.prefix {mica_yy}
%define api.location.type {mica_loc}
%define parse.error custom
%define parse.lac full
%locations
%expect 0

%param {void *scanner}
%parse-param {mica_parse_state *ps}

%code requires {
#include "mica/ast.h"
#include "parse_state.h"
}

%code provides {
int mica_yylex(MICA_YYSTYPE *lval, mica_loc *lloc, void *scanner);
}

%code {
#include <stdlib.h>
#include <string.h>
#include "ast_build.h"

int mica_lex_lex(MICA_YYSTYPE *lval, mica_loc *lloc, void *scanner);
mica_parse_state *mica_lex_get_extra(void *scanner);
static void mica_yyerror(mica_loc *loc, void *scanner,
			 mica_parse_state *ps, const char *msg);
}

%union {
	uint64_t num;
	char *str;
	mica_digest digest;
	mica_hexstr hex;
	mica_name name;
	mica_rights rights;
	mica_trust trust;
	mica_region_kind region_kind;
	bool closed;
	mica_realm_item *item;
	mica_access *access;
	mica_imm_range *imm;
	mica_allow *allow;
}

%token POLICY "'policy'" VERSION "'version'" HASH "'hash'"
%token REALM "'realm'" MEASUREMENT "'measurement'" RPV "'rpv'"
%token TRUST "'trust'" TRUSTED "'trusted'" DISTRUSTFUL "'distrustful'"
%token UNTRUSTED "'untrusted'" STRICT "'strict'" TRUE "'true'"
%token FALSE "'false'" REGION "'region'" PROTECTED "'protected'"
%token UNPROTECTED "'unprotected'" HOST "'host'" ANY "'any'"
%token LIMIT "'limit'" ALLOW "'allow'" HOSTCALL "'hostcall'"
%token MMIO "'mmio'" PSCI "'psci'" RIPAS "'ripas'" PAGING "'paging'"
%token SHA256 "'sha256'" SHA512 "'sha512'"
%token UNIT_B "'B'" UNIT_KIB "'KiB'" UNIT_MIB "'MiB'" UNIT_GIB "'GiB'"
%token DOTDOT "'..'"
%token <str> IDENT "identifier"
%token <num> INT "integer"
%token <digest> DIGEST "digest"
%token <hex> HEXSTR "hex string"

%type <str> ident
%type <name> name
%type <num> size unit
%type <rights> rights
%type <trust> trust_level
%type <region_kind> region_kind
%type <closed> close
%type <item> realm_items realm_item
%type <access> accesses access
%type <imm> imm_set imm
%type <allow> transfer

/* No destructors: every node and name is in the tree's arena, so what
 * error recovery discards is released with the tree. */

%%

file
	: header decls
	;

header
	: POLICY name VERSION INT semi hash_clause {
		ps->ast->name = $2;
		ps->ast->loc = @1;
		ps->ast->version = $4;
		ps->ast->version_loc = @4;
	}
	| error ';'
	;

hash_clause
	: %empty
	| HASH SHA256 semi {
		ps->ast->has_hash = true;
		ps->ast->hash = MICA_SHA256;
		ps->ast->hash_loc = @2;
	}
	| HASH SHA512 semi {
		ps->ast->has_hash = true;
		ps->ast->hash = MICA_SHA512;
		ps->ast->hash_loc = @2;
	}
	;

/* A `;` that is missing is reported by mica_yyerror and assumed here. */
semi
	: ';'
	| error
	;

/* Closing brace; end of file instead is reported by the block's rule. */
close
	: '}'           { $$ = true; }
	| YYEOF         { $$ = false; }
	;

decls
	: %empty
	| decls decl
	;

decl
	: realm
	| region
	| allow
	| error ';'
	| error '}'
	;

realm
	: REALM name '{' realm_items close {
		mica_realm *r = mica_realm_new(ps, &$2, @1, mica_items_reverse($4));
		if (!$5)
			mica_unclosed(ps, "realm", @3);
		mica_add_realm(ps, r);
	}
	| REALM name '{' realm_items error '}' {
		/* A broken item just before the `}`: keep the realm. */
		mica_realm *r = mica_realm_new(ps, &$2, @1, mica_items_reverse($4));
		mica_add_realm(ps, r);
	}
	;

/* Items are collected newest first and reversed once, at the block end. */
realm_items
	: %empty                        { $$ = NULL; }
	| realm_items realm_item        { $$ = $2 ? ($2->next = $1, $2) : $1; }
	;

realm_item
	: MEASUREMENT '=' DIGEST semi {
		$$ = mica_item_new(ps, MICA_ITEM_MEASUREMENT, @1, @3);
		$$->u.digest = $3;
	}
	| RPV '=' HEXSTR semi {
		$$ = mica_item_new(ps, MICA_ITEM_RPV, @1, @3);
		$$->u.rpv = $3;
	}
	| TRUST '=' trust_level semi {
		$$ = mica_item_new(ps, MICA_ITEM_TRUST, @1, @3);
		$$->u.trust = $3;
	}
	| STRICT '=' TRUE semi {
		$$ = mica_item_new(ps, MICA_ITEM_STRICT, @1, @3);
		$$->u.strict = true;
	}
	| STRICT '=' FALSE semi {
		$$ = mica_item_new(ps, MICA_ITEM_STRICT, @1, @3);
		$$->u.strict = false;
	}
	| error ';'                     { $$ = NULL; }
	;

trust_level
	: TRUSTED       { $$ = MICA_TRUSTED; }
	| DISTRUSTFUL   { $$ = MICA_DISTRUSTFUL; }
	| UNTRUSTED     { $$ = MICA_UNTRUSTED; }
	;

region
	: REGION name ':' region_kind ',' size '{' accesses close {
		mica_region *r = mica_region_new(ps, &$2, @1, $4, @4, $6, @6,
						 mica_accesses_reverse($8));
		if (!$9)
			mica_unclosed(ps, "region", @7);
		mica_add_region(ps, r);
	}
	| REGION name ':' region_kind ',' size '{' accesses error '}' {
		mica_region *r = mica_region_new(ps, &$2, @1, $4, @4, $6, @6,
						 mica_accesses_reverse($8));
		mica_add_region(ps, r);
	}
	;

region_kind
	: PROTECTED     { $$ = MICA_PROTECTED; }
	| UNPROTECTED   { $$ = MICA_UNPROTECTED; }
	;

size
	: INT                           { $$ = $1; }
	| INT unit {
		if ($1 > UINT64_MAX / $2) {
			mica_error(ps->diag, @$, "size does not fit in 64 bits");
			$$ = 0;
		} else {
			$$ = $1 * $2;
		}
	}
	;

unit
	: UNIT_B        { $$ = 1; }
	| UNIT_KIB      { $$ = (uint64_t)1 << 10; }
	| UNIT_MIB      { $$ = (uint64_t)1 << 20; }
	| UNIT_GIB      { $$ = (uint64_t)1 << 30; }
	;

accesses
	: %empty                        { $$ = NULL; }
	| accesses access               { $$ = $2 ? ($2->next = $1, $2) : $1; }
	;

access
	: ident ':' rights '@' INT semi {
		$$ = mica_access_new(ps, MICA_SUBJ_REALM, $1, @1, $3, @3);
		mica_access_ipa($$, $5, @5);
	}
	| ident ':' rights '@' INT LIMIT INT semi {
		$$ = mica_access_new(ps, MICA_SUBJ_REALM, $1, @1, $3, @3);
		mica_access_ipa($$, $5, @5);
		mica_access_limit($$, $7, @6);
	}
	| ANY ':' rights '@' INT semi {
		$$ = mica_access_new(ps, MICA_SUBJ_ANY, NULL, @1, $3, @3);
		mica_access_ipa($$, $5, @5);
	}
	| ANY ':' rights '@' INT LIMIT INT semi {
		$$ = mica_access_new(ps, MICA_SUBJ_ANY, NULL, @1, $3, @3);
		mica_access_ipa($$, $5, @5);
		mica_access_limit($$, $7, @6);
	}
	| HOST ':' rights semi {
		$$ = mica_access_new(ps, MICA_SUBJ_HOST, NULL, @1, $3, @3);
	}
	| HOST ':' rights '@' INT semi {
		$$ = mica_access_new(ps, MICA_SUBJ_HOST, NULL, @1, $3, @3);
		mica_error(ps->diag, @4, "the host's access takes no IPA: "
			   "write 'host: %s;'", mica_rights_text($3));
	}
	| error ';'                     { $$ = NULL; }
	;

rights
	: IDENT {
		$$ = mica_rights_parse($1);
		if (!$$) {
			mica_error(ps->diag, @1, "unknown rights '%s': expected "
				   "'r', 'w' or 'rw'", $1);
			$$ = MICA_RW;
		}
	}
	;

allow
	: ALLOW name transfer semi {
		$3->realm = $2;
		$3->loc = @1;
		mica_add_allow(ps, $3);
	}
	;

transfer
	: HOSTCALL imm_set {
		$$ = mica_allow_new(ps, MICA_XFER_HOSTCALL, @1);
		$$->imms = mica_imms_reverse($2);
	}
	| HOSTCALL '*' {
		$$ = mica_allow_new(ps, MICA_XFER_HOSTCALL, @1);
		$$->any_imm = true;
	}
	| MMIO          { $$ = mica_allow_new(ps, MICA_XFER_MMIO, @1); }
	| PSCI          { $$ = mica_allow_new(ps, MICA_XFER_PSCI, @1); }
	| RIPAS         { $$ = mica_allow_new(ps, MICA_XFER_RIPAS, @1); }
	| PAGING        { $$ = mica_allow_new(ps, MICA_XFER_PAGING, @1); }
	;

imm_set
	: imm                           { $$ = $1; }
	| imm_set ',' imm               { $$ = $3; $3->next = $1; }
	;

imm
	: INT                           { $$ = mica_imm_new(ps, $1, $1, @$); }
	| INT DOTDOT INT                { $$ = mica_imm_new(ps, $1, $3, @$); }
	;

/* A name being declared or referred to. Keywords are reserved: using one
 * is an error with its own message, and the parse goes on. */
name
	: ident                         { $$.text = $1; $$.loc = @1; }
	| ANY       { $$ = mica_keyword_name(ps, "any", @1); }
	| HOST      { $$ = mica_keyword_name(ps, "host", @1); }
	;

/* In a region, `any` and `host` are subjects, so only these are names. */
ident
	: IDENT                         { $$ = $1; }
	| reserved {
		mica_error(ps->diag, @1, "'%s' is a keyword and cannot be used "
			   "as a name", mica_token_text(ps, @1));
		const char *kw = mica_token_text(ps, @1);
		$$ = mica_name_text(ps, kw, strlen(kw));
	}
	;

reserved
	: POLICY | VERSION | HASH | REALM | MEASUREMENT | RPV | TRUST
	| TRUSTED | DISTRUSTFUL | UNTRUSTED | STRICT | TRUE | FALSE | REGION
	| PROTECTED | UNPROTECTED | LIMIT | ALLOW | HOSTCALL | MMIO | PSCI
	| RIPAS | PAGING | SHA256 | SHA512
	| UNIT_B | UNIT_KIB | UNIT_MIB | UNIT_GIB
	;

%%

_Static_assert(sizeof(MICA_YYSTYPE) <= sizeof ((mica_parse_state *)0)->pending[0].val,
	       "pending token slot too small");

/* The next token, from the read-ahead queue or the scanner; end of file
 * is sticky (the grammar consumes it in `close`, then needs it again). */
static int next_token(MICA_YYSTYPE *lval, mica_loc *lloc, void *scanner,
		      mica_parse_state *ps)
{
	int tok;

	if (ps->npending) {
		struct mica_pending *q = &ps->pending[0];
		tok = q->tok;
		*lloc = q->loc;
		memcpy(lval, q->val, sizeof *lval);
		memmove(&ps->pending[0], &ps->pending[1], sizeof ps->pending[0]);
		ps->npending--;
		return tok;
	}
	if (ps->at_eof || ps->diag->capped) {
		*lloc = mica_loc_at(ps->line, ps->column, 0);
		return MICA_YYEOF;
	}
	tok = mica_lex_lex(lval, lloc, scanner);
	if (tok == MICA_YYEOF) {
		ps->at_eof = true;
		*lloc = mica_loc_at(ps->line, ps->column, 0);
	}
	return tok;
}

static void push_front(mica_parse_state *ps, int tok, const MICA_YYSTYPE *v,
		       mica_loc loc)
{
	memmove(&ps->pending[1], &ps->pending[0],
		ps->npending * sizeof ps->pending[0]);
	ps->pending[0].tok = tok;
	ps->pending[0].loc = loc;
	memcpy(ps->pending[0].val, v, sizeof *v);
	ps->npending++;
}

/* `realm`, `region` or `allow` first on a line inside a block, and not
 * a subject (`realm:`): the block's `}` was forgotten. Says so, and
 * hands the parser that `}`, so the next declaration parses whole. */
static bool forgotten_brace(int tok, const mica_loc *lloc, void *scanner,
			    mica_parse_state *ps)
{
	MICA_YYSTYPE v2;
	mica_loc l2, at = ps->last;
	unsigned open, stored, max = sizeof ps->brace / sizeof ps->brace[0];
	int t2;

	if ((tok != REALM && tok != REGION && tok != ALLOW) ||
	    ps->nbrace == 0 || ps->nbrace > max ||
	    lloc->first_line <= ps->last.last_line)
		return false;
	open = ps->nbrace - 1;
	t2 = next_token(&v2, &l2, scanner, ps);
	push_front(ps, t2, &v2, l2);
	/* `realm:` is a misused subject; a `}` closes the block itself. */
	if (t2 == ':' || t2 == '}' || ps->nbrace <= open)
		return false;
	at.first_line = at.last_line;
	at.first_column = at.last_column = at.last_column + 1;
	mica_error(ps->diag, at, "expected '}' before '%s'", tok == REALM ?
		   "realm" : tok == REGION ? "region" : "allow");
	mica_note(ps->diag, ps->brace[open], "to close the block opened here");
	/* Drop the closed block's brace; the peeked token may have opened a
	 * block of its own above it (stored only below max). */
	stored = ps->nbrace < max ? ps->nbrace : max;
	if (stored > open + 1)
		memmove(&ps->brace[open], &ps->brace[open + 1],
			(stored - 1 - open) * sizeof ps->brace[0]);
	ps->nbrace--;
	return true;
}

/* The parser's view of the scanner: read-ahead, a forgotten `}` put
 * back, and the last two tokens remembered (a missing `;` belongs right
 * after the one before the token that revealed it). */
int mica_yylex(MICA_YYSTYPE *lval, mica_loc *lloc, void *scanner)
{
	mica_parse_state *ps = mica_lex_get_extra(scanner);
	int tok = next_token(lval, lloc, scanner, ps);

	if (forgotten_brace(tok, lloc, scanner, ps)) {
		push_front(ps, tok, lval, *lloc);
		*lloc = mica_loc_at(lloc->first_line, lloc->first_column, 0);
		tok = '}';
	}
	ps->before_last = ps->last;
	ps->last = *lloc;
	return tok;
}

/* Whether a syntax error message is about a token that has a value. */
static bool value_token(const char *msg)
{
	static const char *const kinds[] = {
		"unexpected identifier", "unexpected integer",
		"unexpected digest", "unexpected hex string",
	};
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		size_t n = strlen(kinds[i]);
		if (strncmp(msg, kinds[i], n) == 0 &&
		    (msg[n] == '\0' || msg[n] == ','))
			return true;
	}
	return false;
}

/* Writes the unexpected token of msg ("unexpected X, expecting ...")
 * into buf, with the text of identifiers and literals quoted. */
static const char *unexpected(mica_parse_state *ps, const char *msg,
			      char *buf, size_t size)
{
	bool valued = value_token(msg);
	const char *what = strncmp(msg, "unexpected ", 11) == 0 ? msg + 11
								: msg;
	const char *end = strstr(what, ", expecting ");
	size_t k = end ? (size_t)(end - what) : strlen(what), n;
	mica_loc t = ps->last;
	size_t len = t.last_column - t.first_column + 1;
	const char *text = mica_source_line(ps->diag->src, t.first_line, &n);

	if (valued && text && t.first_line == t.last_line &&
	    t.last_column <= n)
		snprintf(buf, size, "%.*s '%.*s%s'", (int)k, what,
			 len > 32 ? 32 : (int)len, text + t.first_column - 1,
			 len > 32 ? "..." : "");
	else
		snprintf(buf, size, "%.*s", (int)k, what);
	return buf;
}

/* The keywords that may follow `allow R`. */
static bool transfer_kind(yysymbol_kind_t t)
{
	return t == YYSYMBOL_HOSTCALL || t == YYSYMBOL_MMIO ||
	       t == YYSYMBOL_PSCI || t == YYSYMBOL_RIPAS ||
	       t == YYSYMBOL_PAGING;
}

/* "Did you mean": for an identifier where the parser expects keywords,
 * the expected keyword (or unit) it is closest to, or NULL. The text is
 * the token's, from the source line; kw receives the keyword. */
static const char *suggest(const yypcontext_t *ctx, mica_parse_state *ps,
			   const mica_loc *loc, char *kw, size_t size)
{
	yysymbol_kind_t exp[YYNTOKENS];
	const char *cand[YYNTOKENS];
	char names[YYNTOKENS][16], word[40];
	size_t len, k = 0, best;
	const char *line = mica_source_line(ps->diag->src, loc->first_line,
					    &len);
	int n, i;
	bool unit = false;

	if (!line || loc->last_line != loc->first_line ||
	    loc->last_column > len || loc->last_column < loc->first_column ||
	    loc->last_column - loc->first_column + 1 >= sizeof word)
		return NULL;
	snprintf(word, sizeof word, "%.*s",
		 (int)(loc->last_column - loc->first_column + 1),
		 line + loc->first_column - 1);
	n = yypcontext_expected_tokens(ctx, exp, YYNTOKENS);
	for (i = 0; i < n; i++) {
		const char *name = yysymbol_name(exp[i]);
		size_t m = strlen(name);
		unit |= exp[i] == YYSYMBOL_UNIT_KIB;
		/* keywords are named "'word'" */
		if (m < 3 || m - 2 >= sizeof names[0] || name[0] != '\'' ||
		    !((name[1] >= 'a' && name[1] <= 'z') ||
		      (name[1] >= 'A' && name[1] <= 'Z')))
			continue;
		snprintf(names[k], sizeof names[k], "%.*s", (int)(m - 2),
			 name + 1);
		cand[k] = names[k];
		k++;
	}
	if (unit && mica_unit_spelling(word, strlen(word))) {
		snprintf(kw, size, "%s", mica_unit_spelling(word,
							   strlen(word)));
		return kw;
	}
	best = mica_diag_closest(word, cand, k);
	if (best == (size_t)-1)
		return NULL;
	snprintf(kw, size, "%s", cand[best]);
	return kw;
}

/* Bison's detailed message, "syntax error, unexpected X, expecting A or
 * B", built here the same way: it names the expected tokens when there
 * are at most four, and otherwise none, except the five kinds of transfer
 * after `allow R`, where the list is what a user needs. It then goes
 * through mica_yyerror like any other message. */
static int yyreport_syntax_error(const yypcontext_t *ctx, void *scanner,
				 mica_parse_state *ps)
{
	enum { MAX_LISTED = 4, MAX_EXPECTED = 5 };
	yysymbol_kind_t expected[MAX_EXPECTED];
	yysymbol_kind_t tok = yypcontext_token(ctx);
	char msg[256], kw[16];
	size_t len;
	int n, i;

	if (tok == YYSYMBOL_YYEMPTY) {
		mica_yyerror(yypcontext_location(ctx), scanner, ps,
			     "syntax error");
		return 0;
	}
	/* 0 when there are more than MAX_EXPECTED. */
	n = yypcontext_expected_tokens(ctx, expected, MAX_EXPECTED);
	if (n < 0)
		return 2;   /* out of memory */
	for (i = 0; i < n && n > MAX_LISTED; i++)
		if (!transfer_kind(expected[i]))
			n = 0;
	len = (size_t)snprintf(msg, sizeof msg, "syntax error, unexpected %s",
			       yysymbol_name(tok));
	for (i = 0; i < n && len < sizeof msg; i++)
		len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s",
					i ? " or " : ", expecting ",
					yysymbol_name(expected[i]));
	if (tok == YYSYMBOL_IDENT &&
	    suggest(ctx, ps, yypcontext_location(ctx), kw, sizeof kw)) {
		/* A misspelled keyword: the message names it, a fix-it
		 * replaces the identifier. */
		const char *expecting = strstr(msg, ", expecting ");
		char what[128];
		mica_error(ps->diag, *yypcontext_location(ctx),
			   "unexpected %s%s; did you mean '%s'?",
			   unexpected(ps, msg + 14, what, sizeof what),
			   expecting ? expecting : "", kw);
		mica_fixit(ps->diag, *yypcontext_location(ctx), kw);
		return 0;
	}
	mica_yyerror(yypcontext_location(ctx), scanner, ps, msg);
	return 0;
}

static void mica_yyerror(mica_loc *loc, void *scanner, mica_parse_state *ps,
			 const char *msg)
{
	static const char prefix[] = "syntax error, ";
	const char *expecting;
	char what[128];

	(void)scanner;
	if (strncmp(msg, prefix, sizeof prefix - 1) == 0)
		msg += sizeof prefix - 1;
	expecting = strstr(msg, ", expecting ");
	if (expecting && strstr(expecting, "';'") &&
	    strncmp(msg, "unexpected ", 11) == 0 &&
	    ps->before_last.first_line) {
		/* A missing `;`: point just past the token that lacks it. */
		mica_loc at = ps->before_last;
		at.first_line = at.last_line;
		at.first_column = at.last_column = at.last_column + 1;
		mica_error(ps->diag, at, "expected ';' before %s",
			   unexpected(ps, msg, what, sizeof what));
		return;
	}
	if (strncmp(msg, "unexpected ", 11) == 0 && value_token(msg)) {
		mica_error(ps->diag, *loc, "unexpected %s%s",
			   unexpected(ps, msg, what, sizeof what),
			   expecting ? expecting : "");
		return;
	}
	mica_error(ps->diag, *loc, "%s", msg);
	if (ps->at_eof && ps->nbrace)
		mica_brace_note(ps);
}
