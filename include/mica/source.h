/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * source.h -- a policy source file held in memory.
 *
 * The whole file is read once and stays unchanged: diagnostics look lines
 * up in it to print the offending line under each message. The text is
 * followed by two NUL bytes, so it is also a C string.
 */
#ifndef MICA_SOURCE_H
#define MICA_SOURCE_H

#include <stddef.h>
#include <stdint.h>

/* A span in a source file. Lines and columns start at 1; columns count
 * bytes. first/last are both inclusive: last_column is the column of the
 * span's final byte. This is also the parser's location type (YYLTYPE). */
typedef struct mica_loc {
	uint32_t first_line, first_column;
	uint32_t last_line, last_column;
} mica_loc;

typedef struct mica_source {
	char *name;          /* as given on the command line, for messages */
	char *text;          /* len bytes of source, then two NUL bytes */
	size_t len;
	size_t *line_start;  /* offsets of line starts, built on first use */
	size_t nlines;
} mica_source;

/* Loads path into src. Returns 0, or -1 with errno set (nothing to free). */
int mica_source_load(mica_source *src, const char *path);
/* Wraps a copy of len bytes of memory (for tests and fuzzing). */
int mica_source_from_mem(mica_source *src, const char *name,
			 const char *data, size_t len);
void mica_source_free(mica_source *src);

/* Bytes of line `line` (1-based), without its newline; NULL past the end. */
const char *mica_source_line(mica_source *src, uint32_t line, size_t *len);

#endif
