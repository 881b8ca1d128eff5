/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running a script on bpftrace: its program rendered (bpftrace.h) for
 * the Pythons of this machine, then bpftrace started with the script's
 * arguments as positional parameters.
 *
 * -c CMD is pytapset's own, not bpftrace's: bpftrace -c looks up a usdt
 * probe in the command's process when it attaches, before `python3 -m
 * pytapset` has loaded the marker helper, and fails.  Instead CMD is
 * started held (its words split as stap and bpftrace split them, with
 * no shell in between), the program attached to the
 * files and restricted to that process, and CMD let go once bpftrace says
 * every probe is attached; once CMD has ended and bpftrace has printed
 * what its probes sent, bpftrace is stopped (SIGINT) so that it prints
 * its end.  -x PID restricts the program to PID.
 */
#ifndef PYTAPSET_BPFTRACE_RUN_H
#define PYTAPSET_BPFTRACE_RUN_H

#include <stdbool.h>

struct bpftrace_request {
	const char *name;	/* the script's name */
	const char *template_dir;	/* where NAME.bt is */
	const char *command;	/* -c CMD, or NULL */
	const char *pid;	/* -x PID, or NULL */
	const char *sysroot;	/* --sysroot DIR: its Pythons, not the machine's; or NULL */
	char **args;		/* the script's arguments, checked already */
	int arg_count;
	bool print;		/* write the program to stdout instead */
	const char *chosen;	/* said on stderr before bpftrace starts, or NULL */
};

/* Run (or print) R; returns the command's exit status. */
int bpftrace_run(const struct bpftrace_request *r);

#endif
