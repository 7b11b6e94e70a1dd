/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_dump.c -- micac dump BLOB [--json]: decode one policy blob.
 *
 * Exit status: 0 decoded, 1 the blob is malformed, 2 usage or I/O.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mica/blob.h"
#include "commands.h"

static const char usage[] =
	"usage: micac dump BLOB [--json]\n"
	"  --json            print JSON instead of text\n"
	"BLOB '-' is standard input.\n";

/* Reads at most cap bytes of path ("-": standard input) into buf; *len
 * is cap when the file is longer. Returns 0, or -1 with errno set. */
static int read_blob(const char *path, uint8_t *buf, size_t cap,
		     size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	int err;

	if (!f)
		return -1;
	*len = fread(buf, 1, cap, f);
	err = ferror(f) ? (errno ? errno : EIO) : 0;
	if (f != stdin)
		fclose(f);
	errno = err;
	return err ? -1 : 0;
}

int micac_dump(int argc, char **argv)
{
	/* One byte more than a blob may have, to tell "too long". */
	static uint8_t buf[MICA_BLOB_MAX + 1];
	const char *path = NULL;
	bool json = false;
	mica_blob b;
	mica_blob_error e;
	size_t len;

	int c;

	if ((c = micac_json_options(argc, argv, usage, &json)) != -1)
		return c;
	if (optind != argc - 1)
		return micac_usage_error("dump", optind < argc
					 ? "takes one BLOB" : "needs a BLOB",
					 usage);
	path = argv[optind];
	if (read_blob(path, buf, sizeof buf, &len) != 0) {
		fprintf(stderr, "micac: cannot read %s: %s\n", path,
			strerror(errno));
		return MICAC_USAGE;
	}
	if (mica_blob_decode(buf, len, &b, &e) != 0) {
		if (e.has_offset)
			fprintf(stderr, "micac: %s: malformed blob: at offset "
				"%zu: %s\n", path, e.offset, e.msg);
		else
			fprintf(stderr, "micac: %s: malformed blob: %s\n",
				path, e.msg);
		return MICAC_POLICY;
	}
	if (json)
		mica_blob_print_json(&b, buf, len, stdout);
	else
		mica_blob_print_text(&b, buf, len, stdout);
	mica_blob_free(&b);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "micac: cannot write output: %s\n",
			strerror(errno));
		return MICAC_USAGE;
	}
	return MICAC_OK;
}
