/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The subcommands of pytapset.  Each is one function taking the arguments
 * that follow its name (argv[0] is the subcommand) and returning an exit
 * status from exitcode.h; main.c dispatches through a table of them.
 */
#ifndef PYTAPSET_COMMANDS_H
#define PYTAPSET_COMMANDS_H

#include "diag.h"

int cmd_list(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_discover(int argc, char **argv);

/* Print DIAG's messages to stderr as "pytapset: SUBJECT: text" and clear it. */
void print_diagnostics(struct diag *diag);

/*
 * Report what getopt_long() found wrong (C is ':' for a missing argument,
 * '?' otherwise; the optstring must start with ':') and return EXIT_USAGE.
 */
int option_error(const char *command, int c, char **argv);

/* Report a usage error for COMMAND and return EXIT_USAGE. */
int usage_error(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
