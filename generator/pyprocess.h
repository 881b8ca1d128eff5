/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Python a running process runs, from its PID: the files it has
 * mapped, as /proc/PID/maps names them (its executable, a libpython, a
 * loaded marker helper), read through /proc/PID/root so that a process
 * in a container has its files read from its own root.  The paths in
 * the target are the ones the process sees.
 *
 * /proc/PID/maps names a file as the reader sees it: a process chrooted
 * into a directory the reader can reach has that directory in front of
 * its paths, which is taken off (the directory is what /proc/PID/root
 * links to).  A container whose root the reader cannot reach is named
 * from its own root already.
 */
#ifndef PYTAPSET_PYPROCESS_H
#define PYTAPSET_PYPROCESS_H

#include "diag.h"
#include "root.h"
#include "target.h"

enum pyprocess_status {
	PYPROCESS_OK,		/* the target has markers, or a helper */
	PYPROCESS_ERROR,	/* no such process, not readable, not Python... reported */
	PYPROCESS_NO_MARKERS,	/* a Python without markers or helper: the target says which */
};

struct pyprocess {
	struct root *root;	/* the process's own root, /proc/PID/root */
	/*
	 * When the process sees another file system than this one (another
	 * mount namespace or root), the directory stap must read its files
	 * under (--sysroot): its root as this one sees it, where
	 * /proc/PID/root links to.  stap resolves the link itself (realpath)
	 * and reads files by path, so the process's root must show its files
	 * here too (a container's root directory does); one that does not
	 * is an error.  NULL for a process that sees what we see.
	 */
	char *sysroot;
	struct target target;
};

/*
 * Describe the process PID (decimal text, as given to -x).  In every case
 * P must be released with pyprocess_free().
 */
enum pyprocess_status pyprocess_describe(const char *pid, struct pyprocess *p,
					 struct diag *diag);

void pyprocess_free(struct pyprocess *p);

#endif
