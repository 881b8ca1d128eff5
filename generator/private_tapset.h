/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A tapset for the files of one Python, written on the fly for
 * `pytapset run -x PID` and `-c CMD`, and kept in the cache directory
 * (cache.h) as tapset/NAME-HASH/python.stp, NAME the executable's (or
 * library's) file name and HASH over the identity (device, inode, size,
 * modification time) and installed path of each file it covers, and the
 * identity of each file of the template directory: a Python or a
 * pytapset updated in place gets a new one.
 *
 * stap reads a tapset file by its name, from the first directory that
 * has it, and its default directory (SYSTEMTAP_TAPSET) first: the
 * private directory is given as that, and the directory it replaces
 * with -I, so that the private python.stp shadows the installed one
 * (given with -I alone, it would be shadowed) and every other tapset
 * stays.
 *
 * -x and -c always get one: the installed tapset names the files found
 * when it was written, by path only, so it cannot tell whether a
 * process maps those very files (a container's python3.11 is another
 * file than the host's; a helper pip installed in a venv is in none).
 */
#ifndef PYTAPSET_PRIVATE_TAPSET_H
#define PYTAPSET_PRIVATE_TAPSET_H

#include "diag.h"
#include "root.h"
#include "target.h"

/*
 * The directory of the tapset for T, resolved in ROOT, rendered with the
 * templates of TEMPLATE_DIR; made now if the cache does not have it.
 * NULL with the reason in DIAG.  Free the result.
 */
char *private_tapset_dir(struct root *root, struct target *t, const char *template_dir,
			 struct diag *diag);

#endif
