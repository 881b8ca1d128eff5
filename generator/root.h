/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The file-system view a run works in, and the only module that turns a
 * path into something to open.
 *
 * A tapset names files by their installed path: the path a process on the
 * target system has, such as /usr/bin/python3.11.  A root says where those
 * files are read: on the running system, or under a directory that holds
 * another system's tree (--sysroot DIR: a packager's staged tree, a
 * chroot).  The host path of an installed path is DIR followed by it;
 * without a directory the two are the same.
 *
 * Symbolic links under a directory are resolved the way chroot(2) would
 * resolve them: an absolute link target starts again at DIR, and ".." at
 * the top of DIR stays there.  The host kernel cannot do that for us (it
 * would follow /usr/lib/x out of the tree), so canonicalisation walks the
 * path one component at a time.
 *
 * A root is opened once per run and remembers what it has read: the
 * dynamic loader's configuration (ld.so.conf and its includes), the names
 * in each directory listed, and each ELF file parsed, by canonical
 * installed path, with the messages its reading gave.  Several targets
 * that share a libpython, or the executables and libraries of one build
 * that each look for the marker helper in the same directories, so cost
 * one read of each file: the messages are given again to every caller, as
 * if it had read the file itself.
 */
#ifndef PYTAPSET_ROOT_H
#define PYTAPSET_ROOT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "paths.h"
#include "sdt_file.h"

struct root;

/*
 * Open the view of DIR: NULL, "" and "/" (or "//"...) are the running
 * system.  Nothing is read yet: a DIR that does not exist makes every
 * path under it missing, which the paths' own messages say.
 */
struct root *root_open(const char *dir);

/*
 * 0 if ROOT's directory is one (always on the running system); -1 with
 * the reason reported about the directory otherwise.  For a scan, which
 * names no path of its own that could say so.
 */
int root_check(const struct root *root, struct diag *diag);
void root_free(struct root *root);

/* Whether ROOT is the running system (no --sysroot). */
bool root_is_host(const struct root *root);

/*
 * The host path of the installed path INSTALLED: the root's directory
 * (without its trailing slashes) followed by INSTALLED, or a copy of
 * INSTALLED on the running system.  INSTALLED should be absolute.
 */
char *root_host_path(const struct root *root, const char *installed);

/*
 * The canonical installed path of PATH: absolute, every symbolic link
 * resolved (inside the root's directory when there is one), no "." or
 * ".." components, no repeated or trailing slashes.  The file must exist.
 *
 * PATH is an installed path.  A relative PATH is taken relative to the
 * working directory on the running system, and relative to the top of a
 * directory root (the working directory means nothing inside it).
 *
 * Returns a new string, or NULL with errno set (ENOENT, ENOTDIR, ELOOP
 * after 40 symbolic links as Linux counts them, ENAMETOOLONG, EACCES...)
 * and, unless DIAG is NULL, the reason reported as an error about PATH.
 */
char *root_canonical(const struct root *root, const char *path, struct diag *diag);

/*
 * Append to OUT the installed paths that match the glob(3) PATTERN, an
 * installed path, in glob's sorted order.  Under a directory the pattern
 * is matched below it (its own characters are escaped) and the directory
 * is taken off the matches again.  No match adds nothing.
 */
void root_glob(const struct root *root, const char *pattern, struct path_list *out);

/* Whether the installed path DIR is a directory (links followed). */
bool root_is_directory(const struct root *root, const char *dir);

/*
 * The names in the installed directory DIR, sorted by strcmp, without "."
 * and "..": listed once per run.  Empty when DIR cannot be listed.
 */
const struct path_list *root_list(struct root *root, const char *dir);

/* Open the installed file INSTALLED for reading ("re"), or NULL. */
FILE *root_fopen(const struct root *root, const char *installed);

/*
 * The directories /etc/ld.so.conf names, in order, following its include
 * lines (libsearch.h says how): read once per run.
 */
const struct path_list *root_loader_dirs(struct root *root);

/*
 * The ELF file at the canonical installed path CANONICAL, read as a probe
 * source (sdt_file_read).  *FILE is set in every case, to what was read
 * (its path member is the host path), owned by ROOT.  Returns 0 when the
 * file is a probe source whose notes all read; -1 otherwise, with the
 * reasons reported to DIAG (an operand that cannot be decoded is only a
 * warning).
 */
int root_read(struct root *root, const char *canonical, const struct sdt_file **file,
	      struct diag *diag);

/*
 * The file at the canonical installed path CANONICAL if ld.so would load
 * it as a library for an object of ABI: an ELF shared object of that
 * ABI, owned by ROOT; its notes' problems are reported to DIAG.  NULL for
 * any other file, without a word to DIAG: a library search passes over
 * whatever is not a candidate, as ld.so does.
 */
const struct sdt_file *root_read_library(struct root *root, const char *canonical,
					 const struct sdt_abi *abi, struct diag *diag);

#endif
