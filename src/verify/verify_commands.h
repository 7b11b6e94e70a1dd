/*
 * verify_commands.h -- micac's attestation subcommands.
 *
 * Same contract as src/micac/commands.h: each takes the arguments after
 * its name and returns the exit status. For verify: 0 verified, 1 not
 * verified (or not a token), 2 usage or I/O error. For inspect: 0
 * printed, 1 the token cannot be decoded, 2 usage or I/O error.
 */
#ifndef MICA_VERIFY_COMMANDS_H
#define MICA_VERIFY_COMMANDS_H

int micac_verify(int argc, char **argv);   /* src/micac/cmd_verify.c */
int micac_inspect(int argc, char **argv);  /* src/micac/cmd_inspect.c */

#endif
