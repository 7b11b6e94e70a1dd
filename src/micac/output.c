/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * output.c -- atomic output files: write a temporary, then rename.
 *
 * A reader (or a build system) sees either the old file or the complete
 * new one, never a partial one, whatever happens while writing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mica/util.h"
#include "output.h"

int micac_output_open(micac_output *o, const char *path)
{
	int fd;

	memset(o, 0, sizeof *o);
	o->path = mica_xstrdup(path);
	o->tmp = mica_xmalloc(strlen(path) + 16);
	sprintf(o->tmp, "%s.tmp.XXXXXX", path);
	fd = mkstemp(o->tmp);
	/* mkstemp makes the file private; give it the mode a plain creat()
	 * would have, so outputs are as readable as the user's umask says. */
	if (fd >= 0) {
		mode_t mask = umask(0);
		umask(mask);
		if (fchmod(fd, 0666 & ~mask) != 0) {
			close(fd);
			unlink(o->tmp);
			fd = -1;
		}
	}
	if (fd < 0 || !(o->f = fdopen(fd, "wb"))) {
		fprintf(stderr, "micac: cannot write %s: %s\n", path,
			strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->path);
		free(o->tmp);
		memset(o, 0, sizeof *o);
		return -1;
	}
	return 0;
}

void micac_output_abort(micac_output *o)
{
	if (o->f)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
}

int micac_output_commit(micac_output *o)
{
	int err = 0;

	if (fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) != 0)
		err = errno ? errno : EIO;
	if (fclose(o->f) != 0 && !err)
		err = errno;
	o->f = NULL;
	if (!err && rename(o->tmp, o->path) != 0)
		err = errno;
	if (err) {
		fprintf(stderr, "micac: cannot write %s: %s\n", o->path,
			strerror(err));
		micac_output_abort(o);
		return -1;
	}
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
	return 0;
}
