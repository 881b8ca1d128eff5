/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /etc/ld.so.conf, read as ldconfig reads it: one directory per line,
 * `include PATTERN` lines (glob patterns; a relative pattern is relative
 * to the directory of the file that includes it) read in the order they
 * are written, comments after '#', and old ldconfig's `hwcap` lines
 * ignored.  ld.so really consults /etc/ld.so.cache, which ldconfig builds
 * from these directories; reading the configuration works in a sysroot
 * and does not depend on ldconfig having been run.
 *
 * A run reads it once, through root_loader_dirs() (root.h).
 */
#ifndef PYTAPSET_LDCONF_H
#define PYTAPSET_LDCONF_H

#include "paths.h"

struct root;

/*
 * Append the directories named by /etc/ld.so.conf of ROOT to DIRS, in
 * order, following includes.  Missing or unreadable files add nothing.
 */
void ldconf_read(const struct root *root, struct path_list *dirs);

#endif
