/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * backend.h -- helpers shared by the backend's files (internal).
 */
#ifndef MICA_BACKEND_H
#define MICA_BACKEND_H

#include <stdlib.h>
#include <string.h>

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

/* qsort's order for the small arrays of one blob or region (peers,
 * regions, participants): an insertion sort up to 16 elements of up to
 * 128 bytes, where qsort's set-up costs more than the sorting, else
 * qsort. Both are stable (glibc's qsort is a merge sort at these sizes),
 * so the order is the same either way. */
static inline void mica_small_sort(void *base, size_t n, size_t size,
				   int (*cmp)(const void *, const void *))
{
	unsigned char *b = base, tmp[128];

	if (n > 16 || size > sizeof tmp) {
		qsort(base, n, size, cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		size_t j = i;

		if (cmp(b + (i - 1) * size, b + i * size) <= 0)
			continue;
		memcpy(tmp, b + i * size, size);
		while (j > 0 && cmp(b + (j - 1) * size, tmp) > 0)
			j--;
		memmove(b + (j + 1) * size, b + j * size, (i - j) * size);
		memcpy(b + j * size, tmp, size);
	}
}

/* Host-call ranges as a flat array lo0, hi0, lo1, hi1, ... */
void mica_write_ranges(cbw *w, const mica_ir_imm *imms, uint32_t n);


#endif
