/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * unit.h -- one policy file taken through the pipeline: read, lex and
 * parse, lower, check (the language's checks and what the blob format
 * adds, such as one image measurement per Realm), and compile to blobs
 * and reference values. micac's commands and mica-fvp both load policies
 * this way, so they accept and refuse the same files with the same
 * diagnostics (printed to stderr as FILE:LINE:COL: error: ...).
 */
#ifndef MICA_UNIT_H
#define MICA_UNIT_H

#include "mica/ast.h"
#include "mica/blob.h"
#include "mica/diag.h"
#include "mica/ir.h"
#include "mica/source.h"

/* Exit statuses of every Mica tool: success (warnings allowed), errors
 * in the policy, usage or I/O. */
enum { MICA_EXIT_OK = 0, MICA_EXIT_POLICY = 1, MICA_EXIT_USAGE = 2 };

typedef enum { MICA_TO_PARSE, MICA_TO_CHECK } mica_stage;

typedef struct mica_unit {
	mica_source src;
	mica_diag diag;
	mica_ast *ast;           /* MICA_TO_PARSE; at MICA_TO_CHECK only
	                            when the file has errors (NULL else:
	                            mica_parse_lower keeps no tree) */
	mica_ir *ir;            /* NULL when parsing failed or not asked */
	unsigned front_errors;  /* errors before the checker ran */
} mica_unit;

/* Loads path and takes it up to stage; progname names the tool in I/O
 * errors. Returns MICA_EXIT_USAGE when the file cannot be read (the unit
 * is then empty), MICA_EXIT_POLICY when any error was reported, else
 * MICA_EXIT_OK. Checking includes mica_backend_check: what check accepts,
 * compile compiles. */
int mica_unit_load(mica_unit *u, const char *path, mica_stage stage,
		   const char *progname);
/* The same for a unit whose src the caller filled (a file read from
 * standard input, say) and whose diag it initialised on that src (and
 * tuned: mica/diag.h); up to stage, with the same return values. */
int mica_unit_process(mica_unit *u, mica_stage stage);
/* Compiles a unit loaded to MICA_TO_CHECK without errors into out (the
 * checks already ran: they are not repeated). Returns MICA_EXIT_OK, or
 * MICA_EXIT_POLICY with the reason reported (a blob over its size). */
int mica_unit_compile(mica_unit *u, mica_outputs *out);
/* The same through mica_backend_emit_to: blobs and reference.json go to
 * put as they are made (mica/blob.h). */
int mica_unit_compile_to(mica_unit *u, mica_outputs *out, mica_emit_put put,
			 void *ctx);
void mica_unit_free(mica_unit *u);

#endif
