/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the command line front end says on standard error: the diagnostics
 * the library modules collected, usage errors, and a failed write to
 * standard output.  Library modules never print (see diag.h); commands
 * hand their diagnostics to print_diagnostics() once their output is out.
 */
#ifndef PYTAPSET_REPORT_H
#define PYTAPSET_REPORT_H

#include "diag.h"

/* Print DIAG's messages to stderr as "pytapset: SUBJECT: text" and clear it. */
void print_diagnostics(struct diag *diag);

/* Report a usage error for COMMAND (NULL: the program) and return EXIT_USAGE. */
int usage_error(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Flush standard output, keeping the reason of the first failure; at the
 * end, finish_output() turns any failed write into EXIT_OUTPUT with one
 * line, and returns STATUS otherwise.
 */
void flush_stdout(void);
int finish_output(int status);

#endif
