/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * util.h -- allocation that cannot fail, fatal errors, and whole files
 * read into memory with a size limit.
 *
 * The compiler treats running out of memory like an I/O error: it says so
 * and exits with status 2. (The RMM module has no heap and never uses
 * this file.)
 */
#ifndef MICA_UTIL_H
#define MICA_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include "mica/diag.h"

void *mica_xmalloc(size_t n);
void *mica_xcalloc(size_t count, size_t size);
void *mica_xrealloc(void *p, size_t n);
char *mica_xstrdup(const char *s);
void mica_fatal(const char *fmt, ...) MICA_PRINTF(1, 2)
	__attribute__((noreturn));

/* Reads a whole file of at most max bytes into a heap buffer with a NUL
 * after the end (for PEM). Returns 0, or -1 with a message in err. A
 * limit turns a wrong argument (a disk image, /dev/zero) into a clear
 * error instead of an out-of-memory exit. */
int mica_read_file(const char *path, size_t max, uint8_t **buf,
		   size_t *len, char *err, size_t errlen);

#endif
