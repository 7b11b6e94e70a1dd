/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * diag_rules.c -- the one table of diagnostic rules: a stable id, a
 * one-line description, and the format strings of the messages that
 * belong to the rule. The engine (diag.c) finds a message's rule by its
 * format, so every call site stays a plain printf-style call, and
 * tests/diag/fmts.py checks that every format in the sources is listed
 * here. Ids are a contract (SARIF ruleId, micac(1) DIAGNOSTICS): add
 * rules, never rename one. Index 0 catches a format nobody listed.
 */
#include <inttypes.h>
#include <string.h>

#include "mica/diag.h"

#define MAX_FMTS 12

typedef struct rule_entry {
	mica_diag_rule rule;
	const char *fmts[MAX_FMTS];
} rule_entry;

#define RULE(id, desc) { { id, desc }, {
#define FMT(s) s,
#define END } },

static const rule_entry table[] = {
RULE("mica.other", "A diagnostic without a more specific rule.")
END
RULE("mica.io", "A file cannot be read or written.")
END
RULE("mica.blob", "A policy blob that cannot be decoded (micac dump).")
END
RULE("mica.syntax", "The text does not follow the grammar of mica(5).")
	FMT("expected '}' before '%s'")
	FMT("expected ';' before %s")
	FMT("unexpected %s%s")
	FMT("%s")
	FMT("expected '}' before end of file")
	FMT("input too deeply nested to parse")
	FMT("cannot parse this file")
	FMT("the host's access takes no IPA: write 'host: %s;'")
	FMT("unknown rights '%s': expected 'r', 'w' or 'rw'")
END
RULE("mica.syntax.suggest", "A misspelled keyword, unit or range, with "
     "its fix.")
	FMT("unexpected %s%s; did you mean '%s'?")
	FMT("unexpected character '%c'; did you mean '%s'?")
	FMT("malformed number '%.*s'; did you mean '%s'?")
END
RULE("mica.syntax.keyword", "A keyword is used as a name.")
	FMT("'%s' is a keyword and cannot be used as a name")
END
RULE("mica.lex.character", "A byte that may not appear in a policy.")
	FMT("unterminated block comment")
	FMT("non-ASCII character '%.*s' outside a comment")
	FMT("NUL byte %s")
	FMT("invalid UTF-8 byte 0x%02X%s%s")
	FMT("invalid control character 0x%02X")
	FMT("unexpected character '%c'")
END
RULE("mica.lex.number", "A malformed or too large number or size.")
	FMT("malformed number '%.*s%s'")
	FMT("integer literal does not fit in 64 bits")
	FMT("size does not fit in 64 bits")
END
RULE("mica.lex.digest", "A measurement digest of the wrong form.")
	FMT("invalid character '%c' in %.6s digest")
	FMT("%.6s digest must have exactly %zu hex digits, not %zu")
END
RULE("mica.lex.hex", "A hex string (rpv) of the wrong form.")
	FMT("invalid character '%c' in hex string")
	FMT("empty hex string")
	FMT("hex string has an odd number of digits (%zu)")
	FMT("hex string is %zu bytes long; at most %d are allowed")
END
RULE("mica.lex.identifier", "An identifier longer than 32 bytes.")
	FMT("identifier '%.*s...' is %zu bytes long; at most %d are allowed")
END
RULE("mica.name.unknown", "A name that no declaration declares.")
	FMT("unknown realm '%s'")
	FMT("unknown realm '%s'; did you mean '%s'?")
END
RULE("mica.name.kind", "A name declared as another kind of thing.")
	FMT("'%s' is a region, not a realm")
END
RULE("mica.name.duplicate", "A name declared twice.")
	FMT("duplicate name '%s'")
END
RULE("mica.realm.item", "A realm item given twice.")
	FMT("duplicate '%s' in realm '%s'")
END
RULE("mica.realm.measurement", "A missing or mismatched measurement.")
	FMT("measurement is a %s digest but the policy's hash is %s")
	FMT("realm '%s' has no measurement")
END
RULE("mica.region.host", "The host given access to a protected region.")
	FMT("'host' cannot access protected region '%s'")
END
RULE("mica.region.limit", "A missing or misplaced 'limit'.")
	FMT("'any' needs a limit: write '... limit N;' for at most N realms")
	FMT("'any' limit must be at least 1")
	FMT("'limit' applies only to 'any', not to realm '%s'")
END
RULE("mica.region.duplicate", "A subject listed twice in a region.")
	FMT("'%s' is listed twice in region '%s'")
END
RULE("mica.hostcall.range", "A host-call immediate out of range.")
	FMT("host call immediate 0x%llx is above 0xFFFF")
	FMT("empty immediate range 0x%llx..0x%llx: the first bound is above "
	    "the second")
END
RULE("mica.layout.size", "A region size that is 0 or not whole granules.")
	FMT("region '%s' has size 0")
	FMT("size %" PRIu64 " of region '%s' is not a multiple of 4 KiB")
END
RULE("mica.layout.align", "An IPA that is not granule aligned.")
	FMT("IPA 0x%" PRIx64 " of '%s' in region '%s' is not 4 KiB aligned")
END
RULE("mica.layout.window", "A window outside its half of the IPA space.")
	FMT("window %s of '%s' in %s region '%s' is outside the %s half of "
	    "the IPA space (0x%" PRIx64 "..0x%" PRIx64 ")")
END
RULE("mica.layout.overlap", "Two windows of one realm overlap.")
	FMT("window of region '%s' overlaps region '%s' in realm '%s'")
END
RULE("mica.flow.leak", "A distrustful realm's data can reach the host, "
     "'any' or an untrusted realm.")
	FMT("distrustful realm '%s' can leak data to the host")
	FMT("distrustful realm '%s' can leak data to realms outside the "
	    "policy ('any')")
	FMT("distrustful realm '%s' can leak data to untrusted realm '%s'")
END
RULE("mica.unused.region", "A region never written or never read.")
	FMT("region '%s' is never written")
	FMT("region '%s' is never read")
END
RULE("mica.unused.realm", "A realm that shares nothing or reaches "
     "nothing.")
	FMT("realm '%s' shares no region")
	FMT("trusted realm '%s' has no path to anything: it writes no region "
	    "and may not exit to the host")
END
RULE("mica.limit.rmm", "A policy beyond what the RMM accepts.")
	FMT("region '%s' has %u participants; the RMM accepts at most %u per "
	    "region (mica-rmm(7))")
	FMT("realm '%s' maps %u regions; the RMM accepts at most %u per realm "
	    "(mica-rmm(7))")
	FMT("realm '%s' shares regions with %u other realms; the RMM accepts "
	    "at most %u peers per realm (mica-rmm(7))")
	FMT("realm '%s' allows %u separate host-call ranges; the RMM accepts "
	    "at most %u (mica-rmm(7))")
	FMT("the blob of realm '%s' would exceed %u bytes, the most a blob "
	    "may have (see mica-blob(5))")
END
RULE("mica.identity.duplicate", "Two realms with one measurement.")
	FMT("realm '%s' has the same image measurement as realm '%s'; blobs "
	    "name realms by measurement, so the RMM could not tell them apart")
END
RULE("mica.fmt.guard", "micac fmt refused its own output: it would "
     "change the tokens (a formatter bug).")
	FMT("formatting would change the tokens (a bug in the formatter); "
	    "not formatted")
END
};

#define NRULES (sizeof table / sizeof table[0])

size_t mica_diag_nrules(void)
{
	return NRULES;
}

const mica_diag_rule *mica_diag_rule_get(size_t i)
{
	return &table[i < NRULES ? i : 0].rule;
}

size_t mica_diag_rule_index(const char *fmt)
{
	size_t i, j;

	for (i = 0; i < NRULES; i++)
		for (j = 0; j < MAX_FMTS && table[i].fmts[j]; j++)
			if (strcmp(table[i].fmts[j], fmt) == 0)
				return i;
	return 0;
}

size_t mica_diag_rule_find(const char *id)
{
	size_t i;

	for (i = 0; i < NRULES; i++)
		if (strcmp(table[i].rule.id, id) == 0)
			return i;
	return (size_t)-1;
}
