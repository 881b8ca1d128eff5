/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `pytapset run` adds to stap's command line for the process it is
 * told to trace (-x PID) or the command it is told to start (-c CMD):
 * that process's Python, found (pyprocess.h, pycommand.h), a tapset
 * written for exactly its files (private_tapset.h), and, for a process
 * that sees another file system, the root stap reads its files under.
 */
#ifndef PYTAPSET_RUN_TARGET_H
#define PYTAPSET_RUN_TARGET_H

#include "diag.h"
#include "pyprocess.h"

struct run_target {
	char *tapset_dir;	/* the private tapset's directory: SYSTEMTAP_TAPSET */
	char *default_dir;	/* the tapset directory it replaces: stap -I */
	char *sysroot;		/* stap --sysroot, or NULL */
	/*
	 * With a sysroot, stap looks for a kernel release's build tree
	 * under it: -r DIR names the host's, after the user's options.
	 */
	char *kernel_tree;
	char *subject;		/* what messages name: the PID or the program */
};

/*
 * Prepare the run of SCRIPT (a path) for the process PID or the command
 * COMMAND (one of them NULL) with the stap at STAP, for KERNEL (the
 * release or build tree given with -r; NULL: the running kernel's).  Returns EXIT_OK,
 * or the exit status with the reason in DIAG: EXIT_BAD_INPUT (no such
 * process or program, not readable, not Python), EXIT_NO_MARKERS (a
 * Python without markers or helper, or without a marker SCRIPT probes),
 * EXIT_OUTPUT (the cache cannot be written).  Free R with
 * run_target_free() in every case.
 */
int run_target_prepare(const char *pid, const char *command, const char *script,
		       const char *stap, const char *kernel, struct run_target *r,
		       struct diag *diag);

/*
 * The Python of the process PID or of the command COMMAND (one of them
 * NULL), whichever backend traces it: its root and target in P (free it
 * with pyprocess_free() in every case), and in *SUBJECT (malloc'd) what
 * messages name.  Returns EXIT_OK, or the status run_target_prepare
 * gives with the reason in DIAG.
 */
int run_target_python(const char *pid, const char *command, struct pyprocess *p,
		      char **subject, struct diag *diag);

void run_target_free(struct run_target *r);

#endif
