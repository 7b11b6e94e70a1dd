/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stages.h -- the transforms of the bundled examples (stages.c): what
 * their stages do to the data, pure functions the tenant can check.
 */
#ifndef MICA_FVP_STAGES_H
#define MICA_FVP_STAGES_H

#include <stddef.h>
#include <stdint.h>

/* Given a message that arrived in region `from`, emit() what goes to
 * which region. */
typedef void fvp_emit_fn(void *ctx, const char *region, const uint8_t *p,
			 size_t n);
typedef void fvp_transform_fn(const char *from, const uint8_t *p, size_t n,
			      fvp_emit_fn *emit, void *ctx);
/* The transform of a bundled stage, or NULL (the generic stage). */
fvp_transform_fn *fvp_stage_transform(const char *program);
/* Run-length coding of the video example: "count byte" pairs. */
size_t fvp_rle_encode(const uint8_t *in, size_t n, uint8_t *out, size_t cap);
size_t fvp_rle_decode(const uint8_t *in, size_t n, uint8_t *out, size_t cap);

#endif
