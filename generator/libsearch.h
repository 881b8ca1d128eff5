/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Finding a shared library the way the dynamic loader (glibc's ld.so)
 * finds a DT_NEEDED entry of an executable, so that a tapset can say
 * process("EXE").library("LIB") with the LIB the process really maps.
 *
 * The directories, in ld.so's order:
 *   1. DT_RPATH of the executable, only when it has no DT_RUNPATH;
 *   2. DT_RUNPATH;
 *   3. the directories of /etc/ld.so.conf (ldconf.h), read once per run
 *      by the root;
 *   4. the default directories built into ld.so, which differ between
 *      distributions: /lib/TRIPLET, /usr/lib/TRIPLET, /lib and /usr/lib
 *      where the ABI's multiarch directories exist (Debian), else /lib64
 *      and /usr/lib64 for a 64-bit ABI where they exist (Fedora), else
 *      /lib and /usr/lib.
 * LD_LIBRARY_PATH is not used: it belongs to one environment, and a tapset
 * describes the installed system.  Neither are glibc-hwcaps and legacy
 * hardware-capability subdirectories: libpython is never installed there.
 *
 * RPATH and RUNPATH elements may use these tokens, written $NAME or
 * ${NAME}:
 *   $ORIGIN    the directory of the canonical executable;
 *   $LIB       ld.so's own library directory name, which differs between
 *              distributions ("lib/x86_64-linux-gnu" on Debian, "lib64" on
 *              Fedora, "lib" on Arch).  We cannot ask the target's ld.so,
 *              so the element is tried with each in turn: lib/TRIPLET,
 *              then lib64 (64-bit classes), then lib;
 *   $PLATFORM  the machine's base AT_PLATFORM name (x86_64, i686,
 *              aarch64).  The kernel may report a CPU-specific name
 *              instead (glibc says "haswell" on such x86-64 CPUs, Power
 *              says "power9"); elements with $PLATFORM are skipped for
 *              machines without a fixed name.
 * An unknown token is kept literally, as ld.so does.  Empty and relative
 * elements (relative to whatever the working directory happens to be) are
 * skipped.
 *
 * A candidate counts only if it is an ELF shared object of the same class,
 * byte order and machine as the executable: ld.so skips the others, which
 * is how a 32-bit libpython in a shared directory is passed over.  All
 * paths are installed paths; files are read, once each, by the root
 * (root.h).
 */
#ifndef PYTAPSET_LIBSEARCH_H
#define PYTAPSET_LIBSEARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "paths.h"
#include "root.h"
#include "sdt_file.h"

/* Append ld.so's default directories for ABI in ROOT to DIRS, in order. */
void libsearch_default_dirs(const struct root *root, const struct sdt_abi *abi,
			    struct path_list *dirs);

/*
 * Append every directory that holds system libraries of any ABI we know:
 * the ld.so.conf directories, then the default directories of every row
 * of our multiarch table.  Used for discovery, before any ABI is known.
 */
void libsearch_system_dirs(struct root *root, struct path_list *dirs);

/*
 * Append the whole search path for the DT_NEEDED entries of OBJ, whose
 * canonical installed path is OBJ_PATH (for $ORIGIN), to DIRS, with the
 * tokens expanded.
 */
void libsearch_path(struct root *root, const struct sdt_file *obj,
		    const char *obj_path, struct path_list *dirs);

/*
 * Find NEEDED (a DT_NEEDED name) for OBJ at OBJ_PATH.  Returns the
 * canonical installed path of the library ld.so would load, with *LIB its
 * file as the root read it, or NULL when no directory holds a
 * compatible one.  A NEEDED that contains a slash is a path: ld.so opens
 * it as it is, so an absolute one is only canonicalised and checked, and a
 * relative one (relative to a working directory we cannot know) is never
 * found.  Only the notes of the library found are reported to DIAG: the
 * caller knows whether a missing library is an error.
 */
char *libsearch_find(struct root *root, const struct sdt_file *obj,
		     const char *obj_path, const char *needed, const struct sdt_file **lib,
		     struct diag *diag);

#endif
