/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Python a command will run (stap -c CMD runs it; this only finds
 * what it will run, without running anything):
 *   - the first word, searched for in PATH when it has no '/';
 *   - `env [-i] [-u NAME] [NAME=VALUE]... [-S STRING] PROGRAM...`, as a
 *     command or in a "#!" line (-S splits STRING into words);
 *   - a script's "#!" line: its interpreter and argument, in turn;
 *   - `python3 -m module ...` is python3 itself.
 * A venv's bin/python is left as it is: target_resolve() knows the venv
 * from it.
 */
#ifndef PYTAPSET_PYCOMMAND_H
#define PYTAPSET_PYCOMMAND_H

#include "diag.h"

/*
 * The path of the program CMD runs in the end, as found on the running
 * system (not canonical).  NULL with the
 * reason in DIAG when a word cannot be found or read.  Free the results.
 */
char *pycommand_program(const char *cmd, struct diag *diag);

#endif
