/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_inspect.c -- micac inspect TOKEN [--json]
 *
 * Prints every claim of a CCA token (or of a lone COSE_Sign1) by name,
 * for people or, with --json, for scripts. Checks no signature: that is
 * micac verify's job. Exit status: 0 printed, 1 the token cannot be
 * decoded, 2 usage or I/O error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "mica/token.h"
#include "mica/util.h"

#define TOKEN_MAX (1u << 20)

static const char usage[] =
	"usage: micac inspect TOKEN [--json]\n"
	"  prints every claim of a CCA attestation token; --json for scripts\n";

int micac_inspect(int argc, char **argv)
{
	const char *path = NULL;
	unsigned flags = 0;
	bool json;
	uint8_t *buf = NULL;
	size_t len = 0;
	mica_verdict v;
	char err[512];
	int c, status;

	if ((c = micac_json_options(argc, argv, usage, &json)) != -1)
		return c;
	if (json)
		flags |= MICA_INSPECT_JSON;
	if (optind != argc - 1)
		return micac_usage_error("inspect", optind < argc
					 ? "one TOKEN only"
					 : "TOKEN is required", usage);
	path = argv[optind];
	if (mica_read_file(path, TOKEN_MAX, &buf, &len, err, sizeof err)) {
		fprintf(stderr, "micac: inspect: %s\n", err);
		return MICAC_USAGE;
	}
	if (mica_inspect(stdout, buf, len, flags, &v)) {
		fprintf(stderr, "micac: inspect: %s: %s\n", path, v.msg);
		status = MICAC_POLICY;
	} else if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "micac: inspect: cannot write the output\n");
		status = MICAC_USAGE;
	} else {
		status = MICAC_OK;
	}
	free(buf);
	return status;
}
