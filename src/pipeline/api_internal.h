/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * api_internal.h -- api.c's loading, for entry points of libmica defined
 * elsewhere (src/explain/): the same reading, checking and delivery of
 * diagnostics to the context's callback as mica_check_file.
 */
#ifndef MICA_API_INTERNAL_H
#define MICA_API_INTERNAL_H

#include "mica/mica.h"
#include "mica/unit.h"
#include "collect.h"

/* Loads the file at path, or len bytes of text named name when path is
 * NULL, and checks it. MICA_STATUS_IO leaves nothing to free; otherwise
 * call mica_api_finish once done with the unit. */
int mica_api_load(mica_ctx *ctx, mica_collect *c, mica_unit *u,
		  const char *path, const char *name, const char *text,
		  size_t len);
/* Delivers the last diagnostic, sets the counts, frees the unit. */
void mica_api_finish(mica_ctx *ctx, mica_collect *c, mica_unit *u);
/* An error about file as a whole, delivered and counted. */
void mica_api_file_error(mica_ctx *ctx, const char *file, const char *msg);

#endif
