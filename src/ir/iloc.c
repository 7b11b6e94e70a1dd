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

#define LEN_BITS MICA_ILOC_LEN_BITS
#define LEN_MAX MICA_ILOC_LEN_MAX

/* What the inline mica_ir_iloc does not pack: none, or wide. */
mica_iloc mica_ir_iloc_wide(mica_ir *ir, mica_loc loc)
{
	mica_iloc p = { 0, 0 };

	if (loc.first_line == 0 && loc.first_column == 0 &&
	    loc.last_line == 0 && loc.last_column == 0)
		return p;
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
