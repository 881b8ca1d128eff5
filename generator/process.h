/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Starting other programs, stap above all: finding one in PATH, running
 * one to read what it says (doctor), and handing this process over to one
 * (run).  Standard output is flushed before another program starts, so
 * that what pytapset printed comes before what that program prints.
 */
#ifndef PYTAPSET_PROCESS_H
#define PYTAPSET_PROCESS_H

/* Output of a captured run kept, at the most. */
#define PROCESS_CAPTURE_MAX (1024 * 1024)

/*
 * NAME if it contains a '/' and is executable, else the first executable
 * NAME in the directories of PATH (see settings.h); NULL if none is.
 * Free the result.
 */
char *process_find(const char *name);

/*
 * Run ARGV in DIR (NULL: here) with stdout and stderr into one buffer
 * *OUTPUT, of which PROCESS_CAPTURE_MAX bytes are kept.  Returns the exit
 * status (128 + the signal for a killed one, 127 when it could not be
 * executed), or -1 with errno set if it could not be started.
 */
int process_capture(char *const argv[], const char *dir, char **output);

/*
 * Replace this process with ARGV.  Returns only on failure, with the exit
 * status for it: EXIT_OUTPUT if standard output could not be written
 * (reported by finish_output()), EXIT_BAD_INPUT if ARGV[0] could not be
 * executed (reported in one line).
 */
int process_exec(char *const argv[]);

#endif
