/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pytapset's marker helper installed for a Python build.
 *
 * The helper (helper/_pytapset.c) is a CPython extension module that fires
 * function__entry, function__return and line, shaped like CPython's own,
 * in the processes that load it (python3 -m pytapset): CPython 3.12 to
 * 3.14 have no such markers, and 3.11's function__entry fires only with a
 * profile function set, which the helper sets.  A tapset covers its sites
 * next to the build's own; the helper never fires an event CPython fires.
 *
 * It is looked for where that Python imports modules from, without running
 * the Python (a sysroot may hold another machine's), in this order:
 *   - the directory the user names (--helper-dir);
 *   - the site-packages of the virtual environment the build is run
 *     through (target.h: venv), VENV/lib/python3.X/site-packages;
 *   - the module directories under the build's prefix P (the parent of
 *     the executable's directory, or of the lib directory above a
 *     libpython on its own, for embedders): Debian's P/lib/python3/dist-packages
 *     and P/local/lib/python3.X/dist-packages, upstream's and Fedora's
 *     P/lib/python3.X/site-packages, P/lib64/python3.X/site-packages and
 *     the same under P/local;
 *   - the directories this pytapset installs it into (configure).
 * PYTAPSET_HELPER_PATH, when set, replaces the last two: a list of
 * directories separated by ':', maybe empty (tests, unusual installs).
 * The helper is the first file named for the build's version
 * (_pytapset.cpython-3XY-*.so or _pytapset.cpython-3XY.so: a release
 * build's, which debug builds of that version load too) that is a shared
 * object of the build's ABI with python markers.
 */
#ifndef PYTAPSET_HELPER_H
#define PYTAPSET_HELPER_H

#include <stdbool.h>

#include "diag.h"
#include "root.h"
#include "target.h"

/*
 * Find the helper for T (a target resolved with or without markers) in
 * ROOT, looking in HELPER_DIR first when it is not NULL.  On success T->helper
 * and T->helper_markers are set.  A helper whose path cannot be named in
 * a tapset is reported to DIAG as a warning and not used.
 */
bool helper_find(struct root *root, const char *helper_dir, struct target *t,
		 struct diag *diag);

/*
 * Take the file at the installed path INSTALLED as T's helper if it is
 * one (a shared object of T's ABI with python markers, whose path can be
 * named in a tapset), as for a helper a process has loaded.
 */
bool helper_take(struct root *root, const char *installed, struct target *t,
		 struct diag *diag);

#endif
