/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * verify_token.c -- a program built against the installed libmica-verify
 * with nothing but `pkg-config --cflags --libs mica-verify`:
 *
 *   verify_token TOKEN KEY
 *
 * verifies the CCA token in TOKEN with the platform key in KEY (PEM) and
 * prints the verdict's name ("verified", "signature-fails", ...) and its
 * message. Exit status 0 verified, 1 not, 2 unreadable input.
 */
#include <stdio.h>
#include <stdlib.h>

#include <mica/token.h>

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		if (f)
			fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n + 1);   /* a NUL after the data, for PEM */
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf)
		buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

int main(int argc, char **argv)
{
	unsigned char *tok, *pem;
	size_t toklen, pemlen;
	mica_ec_key key;
	mica_token t;
	mica_verdict v;

	if (argc != 3) {
		fputs("usage: verify_token TOKEN KEY\n", stderr);
		return 2;
	}
	tok = slurp(argv[1], &toklen);
	pem = slurp(argv[2], &pemlen);
	if (!tok || !pem) {
		fputs("verify_token: cannot read the token or the key\n",
		      stderr);
		return 2;
	}
	if (mica_key_parse(pem, pemlen, &key, &v) == 0 &&
	    mica_token_parse(tok, toklen, &t, &v) == 0)
		mica_token_verify(&t, &key, NULL, &v);
	printf("%s%s%s\n", mica_verdict_name(v.kind), v.msg[0] ? ": " : "",
	       v.msg);
	free(tok);
	free(pem);
	return v.kind == MICA_VERIFIED ? 0 : 1;
}
