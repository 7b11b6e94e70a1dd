/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ni_test.c -- the noninterference property test's driver (CTest runs
 * it; tests/ni/README.md).
 *
 *   ni_test [--seeds N] [--first S] [--seed S] [--steps N] [--keep-going]
 *           [--full-every N] [--verbose] [--ignore RULE,...] [--only RULE,...]
 *
 * Runs seeds first..first+N-1 (or one --seed), each a policy set walked
 * for --steps steps, and stops at the first violation with a report
 * (seed, step, the policy sources, the last steps), exit status 1.
 * --keep-going records the first occurrence of each rule instead and
 * goes on, for a tally of what finds what; --ignore and --only leave
 * rules out of the verdict (to look past a known gap). NI_SEEDS and
 * NI_STEPS in the environment set the defaults (CMake builds in fewer
 * steps for the sanitizer build). --verbose twice traces every RMI call,
 * three times prints the whole walk as it goes.
 * The same seed always replays the same run.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ni.h"

/* CMake builds these in (fewer steps under the sanitizers). */
#ifndef NI_DEFAULT_SEEDS
#define NI_DEFAULT_SEEDS 64
#endif
#ifndef NI_DEFAULT_STEPS
#define NI_DEFAULT_STEPS 3000
#endif

static uint64_t env(const char *name, uint64_t def)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : def;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A comma-separated list of rule names into a bit set. */
static uint32_t rules(const char *list)
{
	uint32_t bits = 0;
	char buf[512], *save = NULL;

	snprintf(buf, sizeof buf, "%s", list);
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int r;

		for (r = 0; r < NI_R_COUNT && strcmp(t, ni_rule_name[r]) != 0; r++)
			;
		if (r == NI_R_COUNT) {
			fprintf(stderr, "ni_test: no rule '%s'\n", t);
			exit(2);
		}
		bits |= 1u << r;
	}
	return bits;
}

static void usage(void)
{
	fprintf(stderr, "usage: ni_test [--seeds N] [--first S] [--seed S] "
		"[--steps N] [--keep-going] [--full-every N] [--verbose]\n"
		"               [--ignore RULE,...] [--only RULE,...]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct ni_opts o;
	struct ni_stats st;
	uint64_t seeds = env("NI_SEEDS", NI_DEFAULT_SEEDS), first = 1, failed = 0;
	double t0;

	memset(&o, 0, sizeof o);
	memset(&st, 0, sizeof st);
	o.steps = env("NI_STEPS", NI_DEFAULT_STEPS);
	o.full_every = 16;
	o.out = stdout;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--keep-going") == 0)
			o.keep_going = 1;
		else if (strcmp(a, "--verbose") == 0)
			o.verbose++;
		else if (i + 1 < argc && strcmp(a, "--seeds") == 0)
			seeds = strtoull(argv[++i], NULL, 0);
		else if (i + 1 < argc && strcmp(a, "--first") == 0)
			first = strtoull(argv[++i], NULL, 0);
		else if (i + 1 < argc && strcmp(a, "--seed") == 0) {
			first = strtoull(argv[++i], NULL, 0);
			seeds = 1;
		} else if (i + 1 < argc && strcmp(a, "--steps") == 0)
			o.steps = strtoull(argv[++i], NULL, 0);
		else if (i + 1 < argc && strcmp(a, "--ignore") == 0)
			o.ignore |= rules(argv[++i]);
		else if (i + 1 < argc && strcmp(a, "--only") == 0)
			o.ignore |= ~rules(argv[++i]);
		else if (i + 1 < argc && strcmp(a, "--full-every") == 0)
			o.full_every = (unsigned)strtoul(argv[++i], NULL, 0);
		else
			usage();
	}
	t0 = now();
	for (uint64_t s = first; s < first + seeds; s++) {
		int v = ni_run_seed(s, NULL, 0, &o, &st);

		if (v) {
			failed++;
			if (!o.keep_going)
				break;
		}
	}
	st.seconds = now() - t0;
	printf("ni: %llu policy sets generated, %llu accepted (%.0f%%); "
	       "%llu of %llu policies accepted\n",
	       (unsigned long long)st.sets, (unsigned long long)st.accepted,
	       st.sets ? 100.0 * (double)st.accepted / (double)st.sets : 0.0,
	       (unsigned long long)st.policies_accepted,
	       (unsigned long long)st.policies);
	for (unsigned i = 0; i < st.nwhy; i++)
		printf("ni:   refused, e.g.: %s\n", st.why[i]);
	printf("ni: %llu steps (%llu Realm operations, %llu exits, %llu RMI "
	       "calls, %llu Realm instances) in %.1f s: %.0f steps/s\n",
	       (unsigned long long)st.steps, (unsigned long long)st.realm_ops,
	       (unsigned long long)st.exits, (unsigned long long)st.rmi_calls,
	       (unsigned long long)st.instances, st.seconds,
	       st.seconds > 0 ? (double)st.steps / st.seconds : 0.0);
	if (st.ended_open)
		printf("ni: %llu seed(s) ended early by an ignored rule (an "
		       "open finding: tests/ni/README.md)\n",
		       (unsigned long long)st.ended_open);
	for (int r = 0; r < NI_R_COUNT; r++) {
		unsigned total = 0;

		if (!st.first[r].found)
			continue;
		for (int k = 0; k < NI_S_COUNT; k++)
			total += st.rule_hits[r][k];
		printf("ni: %-27s in %u seed(s); first: seed %llu step %llu (%s): "
		       "%s\n", ni_rule_name[r], total,
		       (unsigned long long)st.first[r].seed,
		       (unsigned long long)st.first[r].step,
		       ni_step_name[st.first[r].step_kind], st.first[r].detail);
		printf("ni:   found by:");
		for (int k = 0; k < NI_S_COUNT; k++)
			if (st.rule_hits[r][k])
				printf(" %s %u", ni_step_name[k], st.rule_hits[r][k]);
		printf("\n");
	}
	if (failed) {
		printf("ni: FAILED: %llu seed(s) broke the promise\n",
		       (unsigned long long)failed);
		return 1;
	}
	printf("ni: every seed kept the promise\n");
	return 0;
}
