/*
 * commands.h -- the commands of mica-fvp (main.c; man/mica-fvp.1):
 * `run` and `measure` (run.c), `script` (scenario/driver.c). argv[0] is
 * the command name; each returns the exit status.
 */
#ifndef MICA_FVP_COMMANDS_H
#define MICA_FVP_COMMANDS_H


int fvp_cmd_run(int argc, char **argv);
int fvp_cmd_measure(int argc, char **argv);
int fvp_cmd_script(int argc, char **argv);

#endif
