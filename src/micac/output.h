/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * output.h -- write an output file whole or not at all.
 */
#ifndef MICAC_OUTPUT_H
#define MICAC_OUTPUT_H

#include <stdio.h>

typedef struct micac_output {
	char *path;          /* final name */
	char *tmp;           /* temporary beside it, renamed on commit */
	FILE *f;
} micac_output;

/* Opens a temporary file next to path. Returns 0, or -1 after a message. */
int micac_output_open(micac_output *o, const char *path);
/* Flushes, syncs and renames the temporary into place; -1 on failure
 * (the temporary is removed). */
int micac_output_commit(micac_output *o);
/* Removes the temporary; nothing is written. */
void micac_output_abort(micac_output *o);

#endif
