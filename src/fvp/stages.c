/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stages.c -- what the bundled examples' stages do to the data (stages.h).
 *
 * Each is a pure function of the message that arrived and the region it
 * arrived in, so the tenant can check the results. They stand for the
 * third-party code of the paper's pipelines: an encoder, a nudity
 * checker, a prompt filter, a model and guardrails.
 */
#define _GNU_SOURCE 1   /* memmem, strncasecmp */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "stages.h"

size_t fvp_rle_encode(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; i < n;) {
		size_t run = 1;

		while (i + run < n && run < 255 && in[i + run] == in[i])
			run++;
		if (o + 2 > cap)
			return 0;
		out[o++] = (uint8_t)run;
		out[o++] = in[i];
		i += run;
	}
	return o;
}

size_t fvp_rle_decode(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	size_t o = 0;

	if (n % 2 != 0)
		return (size_t)-1;
	for (size_t i = 0; i < n; i += 2) {
		if (in[i] == 0 || o + in[i] > cap)
			return (size_t)-1;
		memset(out + o, in[i + 1], in[i]);
		o += in[i];
	}
	return o;
}

/* video_moderation/encoder: raw_frames -> encoded. */
static void encoder(const char *from, const uint8_t *p, size_t n,
		    fvp_emit_fn *emit, void *ctx)
{
	uint8_t *out = malloc(2 * n + 2);
	size_t m;

	if (out == NULL || strcmp(from, "raw_frames") != 0) {
		free(out);
		return;
	}
	m = fvp_rle_encode(p, n, out, 2 * n + 2);
	emit(ctx, "encoded", out, m);
	free(out);
}

/* video_moderation/checker: decodes each segment and looks for the
 * marker the model's classifier stands for; writes a verdict to
 * `verdicts` and, if clean, the segment unchanged to `vetted`. */
static void checker(const char *from, const uint8_t *p, size_t n,
		    fvp_emit_fn *emit, void *ctx)
{
	uint8_t *raw = malloc(FVP_MSG_MAX);
	size_t m;
	const char *verdict;

	if (raw == NULL || strcmp(from, "encoded") != 0) {
		free(raw);
		return;
	}
	m = fvp_rle_decode(p, n, raw, FVP_MSG_MAX);
	if (m == (size_t)-1)
		verdict = "verdict: undecodable\n";
	else if (memmem(raw, m, "NSFW", 4) != NULL)
		verdict = "verdict: rejected\n";
	else
		verdict = "verdict: clean\n";
	emit(ctx, "verdicts", (const uint8_t *)verdict, strlen(verdict));
	if (strcmp(verdict, "verdict: clean\n") == 0)
		emit(ctx, "vetted", p, n);
	free(raw);
}

/* Line-by-line text stages. out gets each line through fn, which
 * returns 0 to drop it. */
typedef int line_fn(const char *line, size_t n, char *out, size_t *m);

static size_t lines(const uint8_t *p, size_t n, line_fn *fn, char *out,
		    size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; i < n;) {
		const uint8_t *nl = memchr(p + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (p + i)) : n - i, m = 0;
		char buf[1024];

		if (len < 400 && fn((const char *)p + i, len, buf, &m) &&
		    o + m + 1 <= cap) {
			memcpy(out + o, buf, m);
			out[o + m] = '\n';
			o += m + 1;
		}
		i += len + 1;
	}
	return o;
}

static int has(const char *line, size_t n, const char *word)
{
	size_t w = strlen(word);

	for (size_t i = 0; i + w <= n; i++)
		if (strncasecmp(line + i, word, w) == 0)
			return 1;
	return 0;
}

static int refusable(const char *l, size_t n)
{
	return has(l, n, "ignore previous") || has(l, n, "password");
}

static int accept_line(const char *l, size_t n, char *out, size_t *m)
{
	if (refusable(l, n))
		return 0;
	memcpy(out, l, n);
	*m = n;
	return 1;
}

static int refuse_line(const char *l, size_t n, char *out, size_t *m)
{
	if (!refusable(l, n))
		return 0;
	*m = (size_t)snprintf(out, 1024, "refused: %.*s", (int)n, l);
	return 1;
}

/* The model: answers a prompt with the prompt in capitals. */
static int answer_line(const char *l, size_t n, char *out, size_t *m)
{
	*m = (size_t)snprintf(out, 1024, "answer: ");
	for (size_t i = 0; i < n; i++)
		out[(*m)++] = (char)toupper((unsigned char)l[i]);
	return n > 0;
}

static int check_line(const char *l, size_t n, char *out, size_t *m)
{
	if (refusable(l, n))
		return 0;
	*m = (size_t)snprintf(out, 1024, "checked: %.*s", (int)n, l);
	return 1;
}

static void text_stage(const uint8_t *p, size_t n, line_fn *fn,
		       const char *to, fvp_emit_fn *emit, void *ctx)
{
	char *out = malloc(FVP_MSG_MAX);

	if (out == NULL)
		return;
	emit(ctx, to, (const uint8_t *)out, lines(p, n, fn, out, FVP_MSG_MAX));
	free(out);
}

/* guarded_llm/filter: prompts -> screened (accepted) and refusals. */
static void filter(const char *from, const uint8_t *p, size_t n,
		   fvp_emit_fn *emit, void *ctx)
{
	if (strcmp(from, "prompts") != 0)
		return;
	text_stage(p, n, accept_line, "screened", emit, ctx);
	text_stage(p, n, refuse_line, "refusals", emit, ctx);
}

/* guarded_llm/model: screened -> answers. */
static void model(const char *from, const uint8_t *p, size_t n,
		  fvp_emit_fn *emit, void *ctx)
{
	if (strcmp(from, "screened") == 0)
		text_stage(p, n, answer_line, "answers", emit, ctx);
}

/* agent_llm/llm: requests -> responses. */
static void agent_llm(const char *from, const uint8_t *p, size_t n,
		      fvp_emit_fn *emit, void *ctx)
{
	if (strcmp(from, "requests") == 0)
		text_stage(p, n, answer_line, "responses", emit, ctx);
}

/* agent_guardrails/guardrails: requests -> prompts, completions ->
 * answers, each line checked on the way. */
static void guardrails(const char *from, const uint8_t *p, size_t n,
		       fvp_emit_fn *emit, void *ctx)
{
	if (strcmp(from, "requests") == 0)
		text_stage(p, n, check_line, "prompts", emit, ctx);
	else if (strcmp(from, "completions") == 0)
		text_stage(p, n, check_line, "answers", emit, ctx);
}

/* agent_guardrails/llm: prompts -> completions. */
static void guarded_llm(const char *from, const uint8_t *p, size_t n,
			fvp_emit_fn *emit, void *ctx)
{
	if (strcmp(from, "prompts") == 0)
		text_stage(p, n, answer_line, "completions", emit, ctx);
}

fvp_transform_fn *fvp_stage_transform(const char *program)
{
	static const struct {
		const char *name;
		fvp_transform_fn *fn;
	} t[] = {
		{ "video_moderation/encoder", encoder },
		{ "video_moderation/checker", checker },
		{ "guarded_llm/filter", filter },
		{ "guarded_llm/model", model },
		{ "agent_llm/llm", agent_llm },
		{ "agent_guardrails/guardrails", guardrails },
		{ "agent_guardrails/llm", guarded_llm },
	};

	for (size_t k = 0; k < sizeof t / sizeof t[0]; k++)
		if (strcmp(t[k].name, program) == 0)
			return t[k].fn;
	return NULL;   /* generic */
}
