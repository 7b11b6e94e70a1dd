/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * diag.h -- diagnostics in the form tenants and editors expect:
 *
 *   FILE:LINE:COL: error: MESSAGE
 *    LINE | source text
 *         |      ^~~~~
 *
 * followed by `note:` lines for related locations. Errors past the cap
 * are counted but not printed, and one line says that output stopped.
 *
 * The engine formats each message and hands it to a sink: by default
 * (mica_diag_init) one that prints it as above on a stdio stream; the
 * library API (mica/mica.h) installs one that gathers a message and its
 * notes into a mica_diagnostic for the user's callback. Counting, the
 * cap and -Werror are decided here, before any sink, so every sink sees
 * the same messages.
 *
 * Every error and warning carries a rule id ("mica.flow.leak"), found in
 * one table (diag_rules.c) by its message's format string, so call sites
 * stay plain printf-style calls. A fix-it (mica_fixit) is a message too:
 * it follows the error, warning or note whose source line it edits.
 */
#ifndef MICA_DIAG_H
#define MICA_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "mica/source.h"

#define MICA_MAX_ERRORS_DEFAULT 20

typedef enum { MICA_ERROR, MICA_WARNING, MICA_NOTE } mica_severity;

/* One message as reported, for a sink. Pointers are valid during the
 * call only. */
typedef struct mica_diag_msg {
	mica_severity sev;     /* as shown: under werror a warning is an error */
	const char *file;      /* the source's name */
	mica_loc loc;          /* first_line 0: about the file as a whole */
	const char *text;      /* the message, formatted */
	const char *line;      /* the source line to excerpt, or NULL */
	size_t line_len;       /* its bytes, without the newline */
	bool stop;             /* the "too many errors" note: it belongs to
	                          no error and ends the output */
	const char *rule;      /* error/warning: its rule id; else NULL */
	const char *fix;       /* non-NULL: a fix-it for the message before:
	                          replace the bytes of loc (one line) with
	                          fix; last_column == first_column - 1 is
	                          an empty span, an insertion */
	bool brief;            /* a note whose excerpt is not shown (line
	                          is still set, for column conversions) */
	bool hop;              /* a note naming one hop of a path that a
	                          note before spells out whole: for the
	                          machine-readable formats, not printed */
} mica_diag_msg;

/* The rules, in one table: id and one-line description. */
typedef struct mica_diag_rule {
	const char *id;
	const char *description;
} mica_diag_rule;
/* The table: its size, and entry i (0 past the end). Entry 0 is
 * "mica.other", the rule of any message the table does not list. */
size_t mica_diag_nrules(void);
const mica_diag_rule *mica_diag_rule_get(size_t i);
/* The index in that table of the message whose format is fmt. */
size_t mica_diag_rule_index(const char *fmt);
/* The index of id, or (size_t)-1. */
size_t mica_diag_rule_find(const char *id);

struct mica_diag;
typedef void (*mica_diag_sink)(void *ctx, const mica_diag_msg *m);

typedef struct mica_diag {
	mica_source *src;
	FILE *out;            /* the printing sink's stream */
	unsigned errors, warnings;
	unsigned max_errors;  /* 0 = unlimited; default 20 */
	bool werror;          /* warnings are reported and counted as errors */
	bool capped;          /* the cap was reached: report nothing more */
	bool last_shown;      /* whether the last error/warning was reported,
	                         so its notes follow it or vanish with it */
	bool color;           /* the printing sink uses gcc's colours */
	mica_diag_sink sink;  /* where messages go; never NULL */
	void *sink_ctx;
} mica_diag;

/* A context whose messages are printed on out (the printing sink). */
void mica_diag_init(mica_diag *d, mica_source *src, FILE *out);
/* Sends messages to sink(ctx, msg) instead. */
void mica_diag_set_sink(mica_diag *d, mica_diag_sink sink, void *ctx);

/* Prints one message as the printing sink does: the header line, then
 * the excerpt and its caret line when m->line is set. */
void mica_diag_write(FILE *out, const mica_diag_msg *m);
/* The same, with colour escapes (bold location, red error, magenta
 * warning, cyan note, green caret and fix-it) when color is set; the
 * text without the escapes is what mica_diag_write prints. */
void mica_diag_write_color(FILE *out, const mica_diag_msg *m, bool color);

#if defined(__GNUC__)
#define MICA_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define MICA_PRINTF(a, b)
#endif

void mica_error(mica_diag *d, mica_loc loc, const char *fmt, ...)
	MICA_PRINTF(3, 4);
void mica_warning(mica_diag *d, mica_loc loc, const char *fmt, ...)
	MICA_PRINTF(3, 4);
/* A note belongs to the error or warning just reported. */
void mica_note(mica_diag *d, mica_loc loc, const char *fmt, ...)
	MICA_PRINTF(3, 4);
/* A note whose location needs no source excerpt (shown just above). */
void mica_note_brief(mica_diag *d, mica_loc loc, const char *fmt, ...)
	MICA_PRINTF(3, 4);
/* A note for one hop of a path (mica_diag_msg.hop). */
void mica_note_hop(mica_diag *d, mica_loc loc, const char *fmt, ...)
	MICA_PRINTF(3, 4);
/* A fix-it for the message just reported: replace the bytes of loc
 * (on loc.first_line; last_column inclusive) with text. */
void mica_fixit(mica_diag *d, mica_loc loc, const char *text);
/* A fix-it inserting text before column `column` of line `line`. */
void mica_fixit_insert(mica_diag *d, uint32_t line, uint32_t column,
		       const char *text);
/* "Did you mean": the index of the candidate closest to word, at a
 * Damerau-Levenshtein distance of at most max(1, strlen(word) / 3), the
 * first in cand's order on a tie; (size_t)-1 when none is that close.
 * A candidate equal to word is skipped. */
size_t mica_diag_closest(const char *word, const char *const *cand,
			 size_t n);
/* The unit w[0..n) stands for, as sizes are written elsewhere (KB,
 * kib, M, mib), in mica(5)'s spelling (B, KiB, MiB, GiB), or NULL. */
const char *mica_unit_spelling(const char *w, size_t n);
/* An error about the file as a whole (no line): "FILE: error: ...". */
void mica_error_file(mica_diag *d, const char *fmt, ...) MICA_PRINTF(2, 3);

#endif
