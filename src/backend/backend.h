/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * backend.h -- helpers shared by the backend's files (internal).
 */
#ifndef MICA_BACKEND_H
#define MICA_BACKEND_H

#include "mica/blob.h"
#include "mica/textout.h"
#include "mica/ir.h"
#include "cbor_write.h"

/* The flags word of a realm (MICA_BLOB_*), the same in its blob and in
 * the canonical form. */
uint64_t mica_realm_flags(const mica_ir_realm *r);

/* Whether a realm's host calls are listed as ranges (some, not all). */
static inline bool mica_realm_has_ranges(const mica_ir_realm *r)
{
	return !r->hostcall_any && r->nimms > 0;
}

/* Host-call ranges as a flat array lo0, hi0, lo1, hi1, ... */
void mica_write_ranges(cbw *w, const mica_ir_imm *imms, uint32_t n);


#endif
