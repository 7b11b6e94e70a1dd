/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_commands.c -- micac compile and micac dump, run in process:
 * compile -> dump --json agrees with the IR, and bad input of any kind
 * writes nothing.
 *
 * The JSON a blob should decode to is built here straight from the IR,
 * by a second, deliberately simple implementation of the canonical
 * order of mica-blob.5 (peers by measurement, regions by this realm's
 * IPA, participants by measurement, then any, then host).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>

#include "testutil.h"
#include "blobutil.h"
#include "commands.h"

/* Runs a subcommand with stdout and stderr captured; returns its status
 * and leaves the output in *out and *err (NUL-terminated, to free). */
static int run(int (*cmd)(int, char **), char **out, char **err,
	       int argc, ...)
{
	char *argv[9];
	char path_o[] = "/tmp/mica-test-out-XXXXXX";
	char path_e[] = "/tmp/mica-test-err-XXXXXX";
	int fo = mkstemp(path_o), fe = mkstemp(path_e);
	int so = dup(1), se = dup(2), st;
	va_list ap;

	ck_assert_int_ge(fo, 0);
	ck_assert_int_ge(fe, 0);
	/* argv[0] is the command's name, as main passes it. */
	argv[0] = cmd == micac_dump ? "dump" : "compile";
	va_start(ap, argc);
	for (int i = 0; i < argc; i++)
		argv[i + 1] = va_arg(ap, char *);
	va_end(ap);
	argv[++argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	dup2(fo, 1);
	dup2(fe, 2);
	st = cmd(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	for (int k = 0; k < 2; k++) {
		int fd = k ? fe : fo;
		off_t n = lseek(fd, 0, SEEK_END);
		char *buf = calloc(1, (size_t)n + 1);
		ck_assert_int_eq(pread(fd, buf, (size_t)n, 0), n);
		close(fd);
		*(k ? err : out) = buf;
	}
	unlink(path_o);
	unlink(path_e);
	return st;
}

static void hex(FILE *f, const uint8_t *p, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
	fputc('"', f);
}

/* Sort keys of an access of region g: class, then measurement. */
static int access_cmp(const mica_ir *ir, const mica_ir_access *x,
		      const mica_ir_access *y)
{
	int cx = x->subject == MICA_IR_HOST ? 2 : x->subject == MICA_IR_ANY;
	int cy = y->subject == MICA_IR_HOST ? 2 : y->subject == MICA_IR_ANY;

	if (cx != cy || cx != 0)
		return cx - cy;
	return memcmp(ir->realms[x->subject].measurement.bytes,
		      ir->realms[y->subject].measurement.bytes,
		      mica_hash_size(ir->hash));
}

static char *expected_json(const mica_ir *ir, uint32_t r,
			   const uint8_t *blob, size_t len)
{
	const mica_ir_realm *me = &ir->realms[r];
	size_t dlen = mica_hash_size(ir->hash), n;
	uint32_t peers[256], np = 0, maps[256];
	uint8_t d[64], wf[MICA_MAX_DIGEST];
	char *buf;
	FILE *f = open_memstream(&buf, &n);

	/* Peers: every other realm in a region this one maps, by
	 * measurement (insertion sort). */
	for (uint32_t m = 0; m < me->nmaps; m++) {
		const mica_ir_region *g = &ir->regions[me->maps[m].region];
		for (uint32_t a = 0; a < g->naccesses; a++) {
			uint32_t s = g->accesses[a].subject, k;
			if (s >= ir->nrealms || s == r)
				continue;
			for (k = 0; k < np && peers[k] != s; k++)
				;
			if (k == np)
				peers[np++] = s;
		}
	}
	for (uint32_t i = 1; i < np; i++)
		for (uint32_t k = i; k > 0 &&
		     memcmp(ir->realms[peers[k - 1]].measurement.bytes,
			    ir->realms[peers[k]].measurement.bytes, dlen) > 0;
		     k--) {
			uint32_t t = peers[k];
			peers[k] = peers[k - 1];
			peers[k - 1] = t;
		}
	/* Windows by this realm's IPA. */
	for (uint32_t m = 0; m < me->nmaps; m++)
		maps[m] = m;
	for (uint32_t i = 1; i < me->nmaps; i++)
		for (uint32_t k = i; k > 0; k--) {
			const mica_ir_map *a = &me->maps[maps[k - 1]];
			const mica_ir_map *b = &me->maps[maps[k]];
			if (ir->regions[a->region].accesses[a->access].ipa <
			    ir->regions[b->region].accesses[b->access].ipa)
				break;
			uint32_t t = maps[k];
			maps[k] = maps[k - 1];
			maps[k - 1] = t;
		}

	if (ir->hash == MICA_SHA256)
		mbedtls_sha256_ret(blob, len, d, 0);
	else
		mbedtls_sha512_ret(blob, len, d, 0);
	mica_workflow_digest(ir, wf);
	fprintf(f, "{\n  \"major\": 1,\n  \"minor\": 0,\n  \"bytes\": %zu,\n"
		"  \"blob_digest\": ", len);
	hex(f, d, dlen);
	fprintf(f, ",\n  \"policy\": \"%s\",\n  \"version\": %llu,\n"
		"  \"hash\": \"%s\",\n  \"workflow_digest\": ", ir->name,
		(unsigned long long)ir->version,
		ir->hash == MICA_SHA256 ? "sha-256" : "sha-512");
	hex(f, wf, dlen);
	fputs(",\n  \"measurement\": ", f);
	hex(f, me->measurement.bytes, dlen);
	fputs(",\n  \"rpv\": ", f);
	if (me->rpv.len)
		hex(f, me->rpv.bytes, me->rpv.len);
	else
		fputs("null", f);
	fprintf(f, ",\n  \"strict\": %s,\n  \"hostcall\": ",
		me->strict ? "true" : "false");
	if (me->hostcall_any) {
		fputs("\"any\"", f);
	} else {
		fputc('[', f);
		for (uint32_t i = 0; i < me->nimms; i++)
			fprintf(f, "%s[%u, %u]", i ? ", " : "",
				me->imms[i].lo, me->imms[i].hi);
		fputc(']', f);
	}
	fprintf(f, ",\n  \"mmio\": %s,\n  \"psci\": %s,\n  \"ripas\": %s,\n"
		"  \"paging\": %s,\n  \"peers\": [",
		me->mmio ? "true" : "false", me->psci ? "true" : "false",
		me->ripas ? "true" : "false", me->paging ? "true" : "false");
	for (uint32_t i = 0; i < np; i++) {
		fputs("\n    ", f);
		hex(f, ir->realms[peers[i]].measurement.bytes, dlen);
		if (i + 1 < np)
			fputc(',', f);
	}
	fputs(np ? "\n  ],\n  \"regions\": [" : "],\n  \"regions\": [", f);
	for (uint32_t i = 0; i < me->nmaps; i++) {
		const mica_ir_region *g = &ir->regions[me->maps[maps[i]].region];
		const mica_ir_access *acc[64];

		for (uint32_t a = 0; a < g->naccesses; a++)
			acc[a] = &g->accesses[a];
		for (uint32_t a = 1; a < g->naccesses; a++)
			for (uint32_t k = a; k > 0 &&
			     access_cmp(ir, acc[k - 1], acc[k]) > 0; k--) {
				const mica_ir_access *t = acc[k];
				acc[k] = acc[k - 1];
				acc[k - 1] = t;
			}
		fprintf(f, "%s    {\"kind\": \"%s\", \"size\": %llu, "
			"\"participants\": [", i ? ",\n" : "\n",
			g->kind == MICA_PROTECTED ? "protected"
						  : "unprotected",
			(unsigned long long)g->size);
		for (uint32_t a = 0; a < g->naccesses; a++) {
			const mica_ir_access *x = acc[a];
			static const char *const rn[] = { "", "r", "w", "rw" };
			fputs("\n      {\"who\": ", f);
			if (x->subject == MICA_IR_HOST) {
				fputs("\"host\"", f);
			} else if (x->subject == MICA_IR_ANY) {
				fputs("\"any\"", f);
			} else if (x->subject == r) {
				fputs("\"self\"", f);
			} else {
				uint32_t k = 0;
				while (peers[k] != x->subject)
					k++;
				fprintf(f, "\"peer\", \"peer\": %u, "
					"\"measurement\": ", k + 1);
				hex(f, ir->realms[x->subject].measurement.bytes,
				    dlen);
			}
			fprintf(f, ", \"rights\": \"%s\"", rn[x->rights]);
			if (x->subject != MICA_IR_HOST)
				fprintf(f, ", \"ipa\": %llu",
					(unsigned long long)x->ipa);
			if (x->subject == MICA_IR_ANY)
				fprintf(f, ", \"limit\": %llu",
					(unsigned long long)x->limit);
			fputc('}', f);
			if (a + 1 < g->naccesses)
				fputc(',', f);
		}
		fputs("]}", f);
	}
	fputs(me->nmaps ? "\n  ]\n}\n" : "]\n}\n", f);
	fclose(f);
	return buf;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(1 << 16);

	ck_assert_ptr_nonnull(f);
	*len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	return buf;
}

/* The names in dir, sorted, as one string "a b c". */
static void list_dir(const char *dir, char *out, size_t cap)
{
	struct dirent **v;
	int n = scandir(dir, &v, NULL, alphasort);
	size_t k = 0;

	out[0] = '\0';
	ck_assert_int_ge(n, 0);
	for (int i = 0; i < n; i++) {
		if (v[i]->d_name[0] != '.' || strlen(v[i]->d_name) > 2)
			k += (size_t)snprintf(out + k, cap - k, "%s%s",
					      k ? " " : "", v[i]->d_name);
		free(v[i]);
	}
	free(v);
}

static void remove_tree(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(compile_then_dump)
{
	char src[512], dir[] = "/tmp/mica-test-XXXXXX", path[600];
	char names[4096], want[4096] = "", *out, *err;
	bu_policy p;

	bu_example_path(src, sizeof src, bu_examples[_i]);
	bu_load(&p, src);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/out/sub", dir);
	ck_assert_int_eq(run(micac_compile, &out, &err, 3, src, "-o", path),
			 0);
	ck_assert_str_eq(out, "");
	ck_assert_str_eq(err, "");
	free(out);
	free(err);

	/* Exactly the blobs, reference.json and the two CoRIMs, no
	 * temporaries left, in
	 * the order of the listing (alphasort). */
	{
		char sorted[67][48];
		uint32_t n = p.ir->nrealms;
		for (uint32_t i = 0; i < n; i++)
			snprintf(sorted[i], sizeof sorted[i], "%s.blob",
				 p.ir->realms[i].name);
		snprintf(sorted[n++], sizeof sorted[0], "reference.json");
		snprintf(sorted[n++], sizeof sorted[0], "reference.corim");
		snprintf(sorted[n++], sizeof sorted[0], "mica.corim");
		for (uint32_t i = 1; i < n; i++)
			for (uint32_t k = i; k > 0 &&
			     strcmp(sorted[k - 1], sorted[k]) > 0; k--) {
				char t[48];
				memcpy(t, sorted[k], sizeof t);
				memcpy(sorted[k], sorted[k - 1], sizeof t);
				memcpy(sorted[k - 1], t, sizeof t);
			}
		for (uint32_t i = 0; i < n; i++) {
			strcat(want, i ? " " : "");
			strcat(want, sorted[i]);
		}
	}
	list_dir(path, names, sizeof names);
	ck_assert_str_eq(names, want);

	for (uint32_t r = 0; r < p.ir->nrealms; r++) {
		char blob[700], *json;
		uint8_t *bytes;
		size_t len;

		snprintf(blob, sizeof blob, "%s/%s.blob", path,
			 p.ir->realms[r].name);
		bytes = (uint8_t *)read_file(blob, &len);
		json = expected_json(p.ir, r, bytes, len);
		ck_assert_int_eq(run(micac_dump, &out, &err, 2, blob,
				     "--json"), 0);
		ck_assert_str_eq(err, "");
		ck_assert_str_eq(out, json);
		free(out);
		free(err);
		/* The text form decodes the same blob. */
		ck_assert_int_eq(run(micac_dump, &out, &err, 1, blob), 0);
		ck_assert_msg(strstr(out, "format:          mica-blob 1.0, ")
			      == out, "%s", out);
		free(out);
		free(err);
		free(json);
		free(bytes);
	}
	/* Compiling again over the outputs gives the same files. */
	ck_assert_int_eq(run(micac_compile, &out, &err, 3, src, "-o", path),
			 0);
	free(out);
	free(err);
	list_dir(path, names, sizeof names);
	ck_assert_str_eq(names, want);
	remove_tree(dir);
	bu_free(&p);
}
END_TEST

/* A policy with errors writes nothing: no directory is created, and an
 * existing one keeps exactly what it had. */
START_TEST(errors_write_nothing)
{
	char dir[] = "/tmp/mica-test-XXXXXX", bad[600], path[600];
	char names[1024], *out, *err;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(bad, sizeof bad, "%s/bad.mica", dir);
	f = fopen(bad, "w");
	fputs("policy p version 1;\n"
	      "realm a { measurement = " MT_SHA256("1") "; }\n"
	      "region x : unprotected, 4 KiB { a: w @ 0x800000000000; }\n",
	      f);
	fclose(f);
	snprintf(path, sizeof path, "%s/new/out", dir);
	ck_assert_int_eq(run(micac_compile, &out, &err, 3, bad, "-o", path),
			 1);
	ck_assert_msg(strstr(err, "error:") != NULL, "%s", err);
	free(out);
	free(err);
	list_dir(dir, names, sizeof names);
	ck_assert_str_eq(names, "bad.mica");

	/* Same measurement twice: refused by the backend, after the
	 * checker passed. */
	f = fopen(bad, "w");
	fputs("policy p version 1;\n"
	      "realm a { measurement = " MT_SHA256("1") "; }\n"
	      "realm b { measurement = " MT_SHA256("1") "; }\n", f);
	fclose(f);
	ck_assert_int_eq(run(micac_compile, &out, &err, 3, bad, "-o", dir),
			 1);
	ck_assert_msg(strstr(err, "same image measurement") != NULL, "%s",
		      err);
	free(out);
	free(err);
	list_dir(dir, names, sizeof names);
	ck_assert_str_eq(names, "bad.mica");

	/* An output directory that cannot be made: status 2, nothing
	 * created beside it. */
	snprintf(path, sizeof path, "%s/bad.mica/out", dir);
	snprintf(bad, sizeof bad, "%s/examples/agent_llm.mica",
		 MICA_SOURCE_DIR);
	ck_assert_int_eq(run(micac_compile, &out, &err, 3, bad, "-o", path),
			 2);
	ck_assert_msg(strstr(err, "cannot create") != NULL, "%s", err);
	free(out);
	free(err);
	list_dir(dir, names, sizeof names);
	ck_assert_str_eq(names, "bad.mica");
	remove_tree(dir);
}
END_TEST

/* Usage errors and unreadable input are status 2, malformed blobs 1. */
START_TEST(dump_statuses)
{
	char dir[] = "/tmp/mica-test-XXXXXX", path[600], *out, *err;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(run(micac_dump, &out, &err, 0), 2);
	free(out), free(err);
	ck_assert_int_eq(run(micac_dump, &out, &err, 2, "x", "--bogus"), 2);
	free(out), free(err);
	ck_assert_int_eq(run(micac_dump, &out, &err, 2, "x", "y"), 2);
	free(out), free(err);
	snprintf(path, sizeof path, "%s/missing.blob", dir);
	ck_assert_int_eq(run(micac_dump, &out, &err, 1, path), 2);
	ck_assert_msg(strstr(err, "cannot read") != NULL, "%s", err);
	free(out), free(err);

	snprintf(path, sizeof path, "%s/bad.blob", dir);
	f = fopen(path, "wb");
	fwrite("\xa1\x00\x02", 1, 3, f);
	fclose(f);
	ck_assert_int_eq(run(micac_dump, &out, &err, 1, path), 1);
	ck_assert_str_eq(out, "");
	ck_assert_msg(strstr(err, "bad.blob: malformed blob: unsupported "
			     "blob major version 2") != NULL, "%s", err);
	free(out), free(err);

	f = fopen(path, "wb");
	fwrite("\xa1\x00\x18\x01", 1, 4, f);
	fclose(f);
	ck_assert_int_eq(run(micac_dump, &out, &err, 2, "--json", path), 1);
	ck_assert_msg(strstr(err, "malformed blob: at offset 2: integer or "
			     "length not in its shortest form") != NULL,
		      "%s", err);
	free(out), free(err);
	ck_assert_int_eq(run(micac_compile, &out, &err, 1, path), 2);
	free(out), free(err);
	remove_tree(dir);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("commands");
	TCase *t = tcase_create("commands");

	tcase_add_loop_test(t, compile_then_dump, 0, BU_NEXAMPLES);
	tcase_add_test(t, errors_write_nothing);
	tcase_add_test(t, dump_statuses);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return mt_run(suite());
}
