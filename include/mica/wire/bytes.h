/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bytes.h -- the little-endian loads and stores of the whole project: the
 * RMI and RSI structures (man/mica-rmm.7), the binding descriptor, the
 * platform model's pages and the tests all keep their numbers in Arm's
 * byte order, little-endian, whatever the host's. One set, here, for every
 * side: freestanding, static inline, so the RMM module includes it and
 * exports no symbol of it.
 */
#ifndef MICA_WIRE_BYTES_H
#define MICA_WIRE_BYTES_H

#include <stdint.h>

static inline uint64_t mica_ld64(const uint8_t *p)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static inline void mica_st64(uint8_t *p, uint64_t v)
{
	for (unsigned i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline unsigned mica_ld16(const uint8_t *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static inline void mica_st16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

#endif
