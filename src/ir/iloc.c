/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * iloc.c -- locations as the IR keeps them (mica_iloc, mica/ir.h).
 *
 * Invariant: mica_ir_loc(ir, mica_ir_iloc(ir, l)) == l for every l, so
 * diagnostics print exactly what they would from a full mica_loc; only
 * the spans that do not fit 8 bytes cost a wide entry (16 bytes more).
 */
#include <string.h>

#include "mica/ir.h"

#define LEN_BITS 12u
#define LEN_MAX ((1u << LEN_BITS) - 1)
#define COL_MAX ((MICA_ILOC_WIDE >> LEN_BITS) - 1)

mica_iloc mica_ir_iloc(mica_ir *ir, mica_loc loc)
{
	mica_iloc p = { 0, 0 };
	uint32_t len;

	if (loc.first_line == 0 && loc.first_column == 0 &&
	    loc.last_line == 0 && loc.last_column == 0)
		return p;
	/* len + first - 1 == last: the empty span (last == first - 1) is
	 * length 0. */
	len = loc.last_column + 1 - loc.first_column;
	if (loc.first_line != 0 && loc.last_line == loc.first_line &&
	    loc.first_column <= COL_MAX && loc.last_column + 1 >= loc.first_column &&
	    len <= LEN_MAX) {
		p.line = loc.first_line;
		p.at = loc.first_column << LEN_BITS | len;
		return p;
	}
	if (ir->nwide == ir->wide_cap) {
		ir->wide_cap = ir->wide_cap ? 2 * ir->wide_cap : 16;
		ir->wide = mica_arena_array(&ir->arena, ir->wide,
					    (size_t)ir->wide_cap *
					    sizeof *ir->wide);
	}
	ir->wide[ir->nwide] = loc;
	p.line = 1;
	p.at = MICA_ILOC_WIDE | ir->nwide++;
	return p;
}

mica_loc mica_ir_loc(const mica_ir *ir, mica_iloc p)
{
	mica_loc loc;

	if (p.at & MICA_ILOC_WIDE)
		return ir->wide[p.at & ~MICA_ILOC_WIDE];
	memset(&loc, 0, sizeof loc);
	if (p.line == 0)
		return loc;
	loc.first_line = loc.last_line = p.line;
	loc.first_column = p.at >> LEN_BITS;
	loc.last_column = loc.first_column + (p.at & LEN_MAX) - 1;
	return loc;
}
