/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * outdir.h -- the state of an output directory being written, shared by
 * outdir.c (open, put) and outdir_commit.c (commit, abort). Internal.
 */
#ifndef MICA_OUTDIR_H
#define MICA_OUTDIR_H

#include <stdbool.h>
#include <stddef.h>

#include "mica/blob.h"

#define MICA_OUTDIR_MAX_CREATED 64

struct mica_outdir {
	char *dir;               /* as given */
	/* Directories made here, deepest last. */
	char *created[MICA_OUTDIR_MAX_CREATED];
	size_t ncreated;
	int pfd;                 /* staged: DIR's parent; else -1 */
	char *stage, *base;      /* staged: names in pfd of the fresh
	                            directory and of DIR */
	int dfd;                 /* where files are created */
	char **names, **tmps;    /* final names; temporaries (in place) */
	size_t n, cap;
	long pid;
	bool failed;             /* reported already: every call fails */
};

/* Reports that dir/name (or dir alone, name NULL) could not be written,
 * with errno's reason. */
void mica_outdir_report(const char *dir, const char *name);

/* File i as named in od->dfd: its temporary, or its own name when
 * staged. */
static inline const char *mica_outdir_written(const mica_outdir *od,
					      size_t i)
{
	return od->tmps[i] ? od->tmps[i] : od->names[i];
}

#endif
