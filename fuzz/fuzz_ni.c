/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_ni.c -- libFuzzer target for the noninterference property test
 * (tests/ni/README.md).
 *
 * The input's bytes are the test's choices: first the policy set the
 * generator writes (and compiles with micac's library; sets micac
 * refuses are drawn again), then every step of the adversarial walk on
 * the model machine, then, once the bytes run out, a PRNG seeded from
 * them. Coverage of micac, the RMM and the model steers libFuzzer toward
 * new policy shapes and new RMM paths. A violation of the promise (a
 * canary where the host or a Realm outside reach(d) can see it, an exit
 * the policy does not allow, a broken RMM invariant) prints the report,
 * with the policy sources and the last steps, and aborts: the input is
 * the reproducer. NI_FUZZ_STEPS sets the steps per input (default 150).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ni.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ni_opts opts;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *steps = getenv("NI_FUZZ_STEPS");

	(void)argc;
	(void)argv;
	opts.steps = steps && *steps ? strtoull(steps, NULL, 0) : 150;
	opts.full_every = 8;
	opts.out = stderr;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ni_stats st;

	memset(&st, 0, sizeof st);
	if (ni_run_seed(0, data, size, &opts, &st) != 0)
		abort();   /* the report is on stderr; this input replays it */
	return 0;
}
