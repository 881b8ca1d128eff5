/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Paths as a Python build is installed, and where we read them.
 *
 * A tapset names files by their installed path: the path a process on the
 * target system has, such as /usr/bin/python3.11.  With --sysroot DIR the
 * target system's files are read from under DIR instead, so every path has
 * two forms: the installed path (what the tapset says) and the host path
 * (DIR followed by the installed path, what we open).  Without a sysroot
 * the two are the same.
 *
 * Symbolic links inside a sysroot are resolved the way chroot(2) would
 * resolve them: an absolute link target starts again at DIR, and ".." at
 * the top of DIR stays there.  The host kernel cannot do that for us (it
 * would follow /usr/lib/x out of the sysroot), so canonicalisation walks
 * the path one component at a time.
 */
#ifndef PYTAPSET_PATHS_H
#define PYTAPSET_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/*
 * An ordered list of paths without repetition (directories to search,
 * files found).  Zero-initialise; free with path_list_free().
 */
struct path_list {
	char **items;
	size_t count;
	size_t capacity;
};

/* Append a copy of PATH unless it is there already; true if appended. */
bool path_list_add(struct path_list *list, const char *path);
bool path_list_contains(const struct path_list *list, const char *path);
void path_list_free(struct path_list *list);

/*
 * Whether SYSROOT names a sysroot at all: NULL, "" and "/" (or "//"...)
 * mean the running system.
 */
bool path_has_sysroot(const char *sysroot);

/*
 * The host path of the installed path INSTALLED: SYSROOT (without its
 * trailing slashes) followed by INSTALLED, or a copy of INSTALLED when
 * there is no sysroot.  INSTALLED should be absolute.  Never NULL.
 */
char *path_on_host(const char *sysroot, const char *installed);

/*
 * The canonical installed path of PATH: absolute, every symbolic link
 * resolved (inside SYSROOT when there is one), no "." or ".." components,
 * no repeated or trailing slashes.  The file must exist.
 *
 * PATH is an installed path.  A relative PATH is taken relative to the
 * working directory without a sysroot, and relative to the sysroot's root
 * with one (the working directory means nothing inside a sysroot).
 *
 * Returns a new string, or NULL with errno set (ENOENT, ENOTDIR, ELOOP
 * after 40 symbolic links as Linux counts them, ENAMETOOLONG, EACCES...)
 * and, unless DIAG is NULL, the reason reported as an error about PATH.
 */
char *path_canonical(const char *sysroot, const char *path, struct diag *diag);

/*
 * Append to OUT the installed paths that match the glob(3) PATTERN, an
 * installed path, in glob's sorted order.  Under a sysroot the pattern is
 * matched below it (its own characters are escaped) and the sysroot is
 * taken off the matches again.  No match adds nothing.
 */
void path_glob(const char *sysroot, const char *pattern, struct path_list *out);

/* The directory part of the canonical path PATH ("/" for "/x"). */
char *path_dirname(const char *path);

/* DIR "/" NAME, without doubling the slash when DIR is "/". */
char *path_join(const char *dir, const char *name);

#endif
