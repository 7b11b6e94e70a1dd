/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * readfile.c -- a whole input file into memory, with a size limit.
 *
 * Tokens and keys are small (a CCA token is a few KiB), so a limit turns
 * a wrong argument (a disk image, /dev/zero) into a clear error instead
 * of an out-of-memory exit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mica/util.h"

int mica_read_file(const char *path, size_t max, uint8_t **buf,
		   size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	size_t n = 0, cap = 0, got;

	*buf = NULL;
	*len = 0;
	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(errno));
		return -1;
	}
	for (;;) {
		if (n == cap) {
			uint8_t *nb;
			cap = cap ? cap * 2 : 4096;
			if (cap > max + 1)
				cap = max + 1;
			if ((nb = realloc(b, cap + 1)) == NULL) {
				snprintf(err, errlen, "%s: out of memory",
					 path);
				goto fail;
			}
			b = nb;
		}
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (n > max) {
			snprintf(err, errlen, "%s: larger than %zu bytes", path,
				 max);
			goto fail;
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "cannot read %s: %s", path,
			 strerror(errno));
		goto fail;
	}
	fclose(f);
	b[n] = '\0';            /* room was kept: realloc(cap + 1) */
	*buf = b;
	*len = n;
	return 0;
fail:
	free(b);
	fclose(f);
	return -1;
}
