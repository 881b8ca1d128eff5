/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Finding the Python builds installed on a system that carry markers.
 *
 * Candidates:
 *   - executables named python, python3, python3.11, python3.11d,
 *     python3.13t... (py_parse_name; never python3-config or
 *     python3.11-dbg, which are other programs or links to the ones
 *     found anyway) in each
 *     absolute directory of PATH (only without a sysroot: the caller's
 *     PATH says nothing about a sysroot), /usr/bin, /usr/local/bin and
 *     /opt/x/bin for every /opt/x;
 *   - libraries named libpython*.so* in the system library directories:
 *     those of ld.so.conf and the default directories of every ABI we know
 *     (libsearch_system_dirs).
 * Each is canonicalised, so a file reached through several names or
 * directories (/bin -> usr/bin, python3 -> python3.11) is examined once,
 * and resolved with target_resolve_canonical().  Those with python
 * markers, in the file or through its libpython, or with the marker
 * helper installed (helper.h, HELPER_DIR first) are kept.  A libpython an executable
 * loads is recorded with that executable and not again on its own.
 *
 * Discovery scans whatever is there, so files that are not Python builds
 * (scripts such as pyenv's shims, linker scripts named .so, broken links)
 * are skipped silently.  Warnings go to DIAG only for candidates that
 * exist but cannot be read (permissions) and for Python builds whose path
 * cannot be named in a tapset (probepoint_path_is_safe).
 */
#ifndef PYTAPSET_DISCOVER_H
#define PYTAPSET_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "root.h"
#include "target.h"

/*
 * Discover in ROOT, with PATH_ENV the value of PATH (NULL: none; ignored
 * under a sysroot).  On success returns 0 with *OUT an array of *COUNT
 * targets sorted by target_key(), to be freed with discover_free() before
 * ROOT is.  Finding nothing is a success with *COUNT 0.  Returns -1 with
 * an error in DIAG only when ROOT's directory is not one (root_check).
 */
int discover_pythons(struct root *root, const char *path_env, const char *helper_dir,
		     struct target **out, size_t *count, struct diag *diag);

void discover_free(struct target *targets, size_t count);

#endif
