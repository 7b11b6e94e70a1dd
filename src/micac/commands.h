/*
 * commands.h -- the subcommands of micac, one file each.
 *
 * Each takes the arguments after its name and returns the exit status:
 * 0 success (warnings allowed), 1 the policy has errors, 2 usage or I/O.
 */
#ifndef MICAC_COMMANDS_H
#define MICAC_COMMANDS_H

#include "mica/unit.h"

/* The exit statuses (mica/unit.h) under micac's names. */
enum { MICAC_OK = MICA_EXIT_OK, MICAC_POLICY = MICA_EXIT_POLICY,
       MICAC_USAGE = MICA_EXIT_USAGE };

int micac_check(int argc, char **argv);    /* cmd_check.c */
int micac_graph(int argc, char **argv);    /* cmd_graph.c */
int micac_compile(int argc, char **argv);  /* cmd_compile.c */
int micac_dump(int argc, char **argv);     /* cmd_dump.c */
int micac_verify(int argc, char **argv);   /* cmd_verify.c */
int micac_inspect(int argc, char **argv);  /* cmd_inspect.c */

#endif
