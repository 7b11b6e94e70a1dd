/*
 * util.h -- allocation that cannot fail, and fatal errors.
 *
 * The compiler treats running out of memory like an I/O error: it says so
 * and exits with status 2. (The RMM module has no heap and never uses
 * this file.)
 */
#ifndef MICA_UTIL_H
#define MICA_UTIL_H

#include <stddef.h>
#include "mica/diag.h"

void *mica_xmalloc(size_t n);
void *mica_xcalloc(size_t count, size_t size);
void *mica_xrealloc(void *p, size_t n);
char *mica_xstrdup(const char *s);
void mica_fatal(const char *fmt, ...) MICA_PRINTF(1, 2)
	__attribute__((noreturn));

#endif
