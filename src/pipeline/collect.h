/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * collect.h -- the library's diagnostics sink: it gathers each error or
 * warning with the notes that follow it into one mica_diagnostic and
 * hands it to the user's callback when the next one starts or when the
 * call ends (mica_collect_flush). Strings are copied, since the engine's
 * are valid during its call only.
 */
#ifndef MICA_COLLECT_H
#define MICA_COLLECT_H

#include "mica/diag.h"
#include "mica/mica.h"

typedef struct mica_collect {
	mica_diag_callback cb;      /* NULL: drop everything */
	void *user;
	int pending;                /* cur holds an undelivered diagnostic */
	int failed;                 /* out of memory: the rest is dropped */
	mica_diagnostic cur;
	mica_diag_note *notes;      /* cur's, owned */
	size_t cap;
	mica_diag_fixit *fixits;    /* cur's, owned */
	size_t fixcap;
} mica_collect;

void mica_collect_init(mica_collect *c, mica_diag_callback cb, void *user);
/* The mica_diag_sink; ctx is a mica_collect. */
void mica_collect_sink(void *ctx, const mica_diag_msg *m);
/* Delivers the pending diagnostic, if any. */
void mica_collect_flush(mica_collect *c);
/* A diagnostic about a whole file, delivered at once; rule is a static
 * id of the rule table. */
void mica_collect_file_error(mica_collect *c, const char *file,
			     const char *msg, const char *rule);

#endif
