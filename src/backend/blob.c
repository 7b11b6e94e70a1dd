/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * blob.c -- the decoded blob's lifetime and size accounting.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/blob.h"

void mica_blob_free(mica_blob *b)
{
	if (!b)
		return;
	for (uint32_t i = 0; i < b->nregions; i++)
		free(b->regions[i].parts);
	free(b->regions);
	free(b->peers);
	free(b->imms);
	memset(b, 0, sizeof *b);
}

size_t mica_blob_digest_bytes(const mica_blob *b)
{
	return (2 + (size_t)b->npeers) * mica_hash_size(b->hash);
}
