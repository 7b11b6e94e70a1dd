/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rng.c -- every choice of the generator and the walk comes from here, so
 * a seed (or a fuzzer input) replays exactly (ni.h).
 */
#include "ni.h"

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

void ni_rng_seed(struct ni_rng *r, uint64_t seed)
{
	r->s = seed;
	r->buf = NULL;
	r->len = r->pos = 0;
}

void ni_rng_data(struct ni_rng *r, const uint8_t *data, size_t len)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < len; i++)
		h = (h ^ data[i]) * 1099511628211ull;
	r->s = h;
	r->buf = data;
	r->len = len;
	r->pos = 0;
}

/* n bytes of the input as a little-endian number, or a PRNG word. */
static uint64_t take(struct ni_rng *r, unsigned n)
{
	uint64_t v = 0;

	if (r->buf == NULL || r->pos >= r->len)
		return splitmix(&r->s);
	for (unsigned i = 0; i < n && r->pos < r->len; i++)
		v |= (uint64_t)r->buf[r->pos++] << (8 * i);
	return v;
}

uint64_t ni_u64(struct ni_rng *r)
{
	return take(r, 8);
}

uint32_t ni_below(struct ni_rng *r, uint32_t n)
{
	unsigned bytes = n <= 0x100 ? 1 : n <= 0x10000 ? 2 : 4;

	if (n == 0)
		return 0;
	return (uint32_t)(take(r, bytes) % n);
}

int ni_chance(struct ni_rng *r, unsigned percent)
{
	return ni_below(r, 100) < percent;
}

unsigned ni_pick(struct ni_rng *r, const unsigned *w, unsigned n)
{
	unsigned total = 0, x;

	for (unsigned i = 0; i < n; i++)
		total += w[i];
	x = ni_below(r, total);
	for (unsigned i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}
