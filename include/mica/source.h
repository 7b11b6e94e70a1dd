/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * source.h -- a policy source file, in memory or read from its file.
 *
 * A source loaded (mica_source_load, mica_source_from_mem) is held whole
 * and stays unchanged: diagnostics look lines up in it to print the
 * offending line under each message. The text is followed by two NUL
 * bytes, so it is also a C string.
 *
 * A source opened (mica_source_open) keeps only its open file: the
 * scanner reads it a buffer at a time (mica_source_read), and a
 * diagnostic reads back the one line it shows, so memory does not grow
 * with the file. Its text is NULL until mica_source_text() asks for it.
 */
#ifndef MICA_SOURCE_H
#define MICA_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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
	FILE *file;          /* opened: the file, read at offsets, never
	                        moved; its first len bytes are the source */
	char *line;          /* opened: the line mica_source_line read last */
	size_t line_cap;
} mica_source;

/* Loads path into src. Returns 0, or -1 with errno set (nothing to free). */
int mica_source_load(mica_source *src, const char *path);
/* Wraps a copy of len bytes of memory (for tests and fuzzing). */
int mica_source_from_mem(mica_source *src, const char *name,
			 const char *data, size_t len);
/* Opens path without reading it: a regular file stays open, len is its
 * size when opened and text is NULL. Anything else (a pipe, a device)
 * cannot be read twice and is loaded as mica_source_load does. Returns
 * 0, or -1 with errno set (nothing to free). */
int mica_source_open(mica_source *src, const char *path);
void mica_source_free(mica_source *src);

/* Copies up to n bytes of the source from offset off to buf; returns
 * how many (0 at the end, or when the file can no longer be read). */
size_t mica_source_read(mica_source *src, size_t off, char *buf, size_t n);

/* The whole text, read into memory if it was not (then src->text and
 * len hold it, as after mica_source_load); NULL if it cannot be read. */
const char *mica_source_text(mica_source *src);

/* Bytes of line `line` (1-based), without its newline; NULL past the end.
 * For an opened source the bytes are valid until the next call. */
const char *mica_source_line(mica_source *src, uint32_t line, size_t *len);

#endif
