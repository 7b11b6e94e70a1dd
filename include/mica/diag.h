/*
 * diag.h -- diagnostics in the form tenants and editors expect:
 *
 *   FILE:LINE:COL: error: MESSAGE
 *    LINE | source text
 *         |      ^~~~~
 *
 * followed by `note:` lines for related locations. Errors past the cap
 * are counted but not printed, and one line says that output stopped.
 */
#ifndef MICA_DIAG_H
#define MICA_DIAG_H

#include <stdbool.h>
#include <stdio.h>
#include "mica/source.h"

#define MICA_MAX_ERRORS_DEFAULT 20

typedef enum { MICA_ERROR, MICA_WARNING, MICA_NOTE } mica_severity;

typedef struct mica_diag {
	mica_source *src;
	FILE *out;
	unsigned errors, warnings;
	unsigned max_errors;  /* 0 = unlimited */
	bool capped;          /* the cap was reached: print nothing more */
	bool last_shown;      /* whether the last error/warning was printed,
	                         so its notes follow it or vanish with it */
} mica_diag;

void mica_diag_init(mica_diag *d, mica_source *src, FILE *out);

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
