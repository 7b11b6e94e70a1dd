/*
 * commands.h -- the subcommands of micac, one file each.
 *
 * Each takes the arguments after its name and returns the exit status:
 * 0 success (warnings allowed), 1 the policy has errors, 2 usage or I/O.
 */
#ifndef MICAC_COMMANDS_H
#define MICAC_COMMANDS_H

#include "mica/ast.h"
#include "mica/ir.h"

enum { MICAC_OK = 0, MICAC_POLICY = 1, MICAC_USAGE = 2 };

int micac_check(int argc, char **argv);    /* cmd_check.c */
int micac_graph(int argc, char **argv);    /* cmd_graph.c */
int micac_compile(int argc, char **argv);  /* cmd_compile.c */
int micac_dump(int argc, char **argv);     /* cmd_dump.c */

/* A policy taken through the front end and the checker. */
typedef struct micac_unit {
	mica_source src;
	mica_diag diag;
	mica_ast *ast;
	mica_ir *ir;         /* NULL when parsing failed */
	unsigned front_errors; /* errors before the checker ran */
} micac_unit;

typedef enum { MICAC_TO_PARSE, MICAC_TO_CHECK } micac_stage;

/* Loads path and takes it up to the given stage, printing diagnostics to
 * stderr. Returns MICAC_USAGE when the file cannot be read (the unit is
 * then empty), MICAC_POLICY when any error was reported, else MICAC_OK. */
extern const char *micac_progname;   /* "micac" unless set */
int micac_unit_load(micac_unit *u, const char *path, micac_stage stage);
void micac_unit_free(micac_unit *u);

#endif
