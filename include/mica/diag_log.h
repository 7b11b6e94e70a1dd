/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * diag_log.h -- diagnostics kept for the machine-readable formats of
 * micac (--diagnostics-format=json|sarif): a sink that copies every
 * message of every file into a log, and writers that print the whole
 * log as one JSON array (diag_log.c) or one SARIF 2.1.0 log
 * (diag_sarif.c) once all files are checked. The shapes are documented
 * in micac(1), DIAGNOSTICS.
 */
#ifndef MICA_DIAG_LOG_H
#define MICA_DIAG_LOG_H

#include <stdio.h>

#include "mica/diag.h"

/* One message as the engine sent it, copied. Columns are bytes, as in
 * mica_loc; the _cp fields are the same columns counted in Unicode code
 * points of the line (SARIF's columnKind unicodeCodePoints), end
 * exclusive. */
typedef struct mica_log_entry {
	mica_severity sev;
	char *file, *text, *fix;   /* fix: non-NULL for a fix-it */
	const char *rule;          /* the rule table's, or NULL */
	mica_loc loc;
	uint32_t first_cp, end_cp;
	bool stop, hop;
} mica_log_entry;

typedef struct mica_diag_log {
	mica_log_entry *v;
	size_t n, cap;
} mica_diag_log;

/* The mica_diag_sink; ctx is a mica_diag_log. */
void mica_diag_log_sink(void *ctx, const mica_diag_msg *m);
void mica_diag_log_free(mica_diag_log *log);

/* The log as micac's json format: an array of errors and warnings, each
 * with its notes as children and its fix-its. */
void mica_diag_log_json(FILE *out, const mica_diag_log *log);
/* The log as a SARIF 2.1.0 document naming tool version `version`. */
void mica_diag_log_sarif(FILE *out, const mica_diag_log *log,
			 const char *version);

/* For the writers: the end (exclusive) of the entries that belong to
 * the error or warning at i (its notes, hops and fix-its). */
size_t mica_diag_log_group_end(const mica_diag_log *log, size_t i);

#endif
