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
} mica_diag_msg;

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
/* An error about the file as a whole (no line): "FILE: error: ...". */
void mica_error_file(mica_diag *d, const char *fmt, ...) MICA_PRINTF(2, 3);

#endif
