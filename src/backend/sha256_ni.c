/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sha256_ni.c -- SHA-256 with the x86 SHA extensions (SHA-NI).
 *
 * A compilation hashes every blob, every Realm's binding descriptor and
 * the canonical form of the policy: with mbedTLS's portable code that
 * was a third of `micac compile`. The SHA instructions do the same in a
 * small fraction of the time. mica_hash() uses this only where the CPU
 * has them (checked once with CPUID) and mbedTLS everywhere else, so the
 * digests never depend on the machine; tests/backend/test_sha256.c
 * compares both over every length up to several blocks.
 *
 * The round structure is the one of Intel's white paper ("Intel SHA
 * Extensions", 2013): the state is kept as ABEF and CDGH, each
 * SHA256RNDS2 does two rounds, SHA256MSG1/MSG2 extend the schedule.
 */
#include <string.h>

#include "sha256_ni.h"

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)

#include <cpuid.h>
#include <immintrin.h>

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b,
	0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
	0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
	0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152,
	0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
	0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
	0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
	0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

int mica_sha256_ni_usable(void)
{
	static int known = -1;
	unsigned a, b, c, d;

	if (known >= 0)
		return known;
	known = 0;
	/* Leaf 1: SSSE3 (ECX bit 9), SSE4.1 (ECX bit 19); leaf 7: SHA
	 * (EBX bit 29). */
	if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 9)) &&
	    (c & (1u << 19)) && __get_cpuid_max(0, NULL) >= 7) {
		__cpuid_count(7, 0, a, b, c, d);
		known = (b >> 29) & 1;
	}
	return known;
}

/* Runs n 64-byte blocks of p into state (a..h, host order). */
__attribute__((target("sha,ssse3,sse4.1")))
static void blocks(uint32_t state[8], const uint8_t *p, size_t n)
{
	/* Loads big-endian words: bytes reversed within each 32 bits. */
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL,
					     0x0405060700010203LL);
	__m128i s0, s1, t, msg, w[4], abef, cdgh;

	t = _mm_loadu_si128((const __m128i *)&state[0]);       /* DCBA */
	s1 = _mm_loadu_si128((const __m128i *)&state[4]);      /* HGFE */
	t = _mm_shuffle_epi32(t, 0xB1);                        /* CDAB */
	s1 = _mm_shuffle_epi32(s1, 0x1B);                      /* EFGH */
	s0 = _mm_alignr_epi8(t, s1, 8);                        /* ABEF */
	s1 = _mm_blend_epi16(s1, t, 0xF0);                     /* CDGH */

	for (; n > 0; n--, p += 64) {
		abef = s0;
		cdgh = s1;
		for (int g = 0; g < 16; g++) {
			/* w[g & 3] holds schedule words 4g .. 4g+3. */
			if (g < 4) {
				w[g] = _mm_shuffle_epi8(_mm_loadu_si128(
					(const __m128i *)(p + 16 * g)), bswap);
			} else {
				__m128i x0 = w[g & 3], x1 = w[(g + 1) & 3];
				__m128i x2 = w[(g + 2) & 3];
				__m128i x3 = w[(g + 3) & 3];

				t = _mm_add_epi32(_mm_sha256msg1_epu32(x0, x1),
						  _mm_alignr_epi8(x3, x2, 4));
				w[g & 3] = _mm_sha256msg2_epu32(t, x3);
			}
			msg = _mm_add_epi32(w[g & 3], _mm_loadu_si128(
				(const __m128i *)&K[4 * g]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, msg);
			msg = _mm_shuffle_epi32(msg, 0x0E);
			s0 = _mm_sha256rnds2_epu32(s0, s1, msg);
		}
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
	}

	t = _mm_shuffle_epi32(s0, 0x1B);                       /* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xB1);                      /* DCHG */
	s0 = _mm_blend_epi16(t, s1, 0xF0);                     /* DCBA */
	s1 = _mm_alignr_epi8(s1, t, 8);                        /* HGFE */
	_mm_storeu_si128((__m128i *)&state[0], s0);
	_mm_storeu_si128((__m128i *)&state[4], s1);
}

void mica_sha256_ni(const void *data, size_t len, uint8_t out[32])
{
	uint32_t st[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	const uint8_t *p = data;
	uint8_t last[128];
	size_t full = len / 64, rest = len % 64, tail;
	uint64_t bits = (uint64_t)len * 8;

	blocks(st, p, full);
	/* The rest, 0x80, zeros, and the length in bits (big-endian): one
	 * block, or two when the rest leaves fewer than 9 bytes. */
	memset(last, 0, sizeof last);
	if (rest)
		memcpy(last, p + 64 * full, rest);
	last[rest] = 0x80;
	tail = rest < 56 ? 64 : 128;
	for (int i = 0; i < 8; i++)
		last[tail - 1 - i] = (uint8_t)(bits >> (8 * i));
	blocks(st, last, tail / 64);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(st[i] >> 24);
		out[4 * i + 1] = (uint8_t)(st[i] >> 16);
		out[4 * i + 2] = (uint8_t)(st[i] >> 8);
		out[4 * i + 3] = (uint8_t)st[i];
	}
}

#else

int mica_sha256_ni_usable(void)
{
	return 0;
}

void mica_sha256_ni(const void *data, size_t len, uint8_t out[32])
{
	(void)data;
	(void)len;
	(void)out;
}

#endif
