/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Exit statuses of pytapset, documented in pytapset(1) and --help. */
#ifndef PYTAPSET_EXITCODE_H
#define PYTAPSET_EXITCODE_H

enum pytapset_exit {
	EXIT_OK = 0,		/* everything asked for was done */
	EXIT_BAD_INPUT = 1,	/* a file is not a probe source or has broken notes */
	EXIT_USAGE = 2,		/* wrong command line */
	EXIT_NO_MARKERS = 3,	/* generate, run -x/-c: no Python markers (or none a script needs) */
	EXIT_OUTPUT = 4,	/* the output could not be written */
	EXIT_INTERNAL = 5,	/* out of memory or another internal failure */
};

#endif
