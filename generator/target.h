/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where a Python build's markers live, and how a tapset must name them.
 *
 * Given a Python executable or a libpython (the target), one of:
 *   - the executable has the markers (Debian's python3.X, libpython linked
 *     in statically): process("EXE").mark(...);
 *   - it has none, but a DT_NEEDED libpython (a library name, pybuild.h)
 *     found the way ld.so finds it (libsearch.h) has them, as in
 *     --enable-shared builds: process("EXE").library("LIB").mark(...);
 *   - the target is a libpython on its own, for embedders:
 *     process("LIB").mark(...);
 *   - no markers anywhere: nothing to generate, a status of its own.
 * Only markers of the provider "python" count: a statically linked
 * executable also carries glibc's own markers (provider "libc").
 *
 * Every path in a struct target is an installed path (paths.h): absolute,
 * canonical, and safe to paste into a tapset (probepoint_path_is_safe).
 */
#ifndef PYTAPSET_TARGET_H
#define PYTAPSET_TARGET_H

#include <stdbool.h>

#include "diag.h"
#include "pybuild.h"
#include "root.h"
#include "sdt_file.h"

#define TARGET_PROVIDER "python"

/* How a tapset names the markers of a target (see target_name_points). */
enum target_form {
	TARGET_IN_EXE,		/* process("EXE") */
	TARGET_IN_EXE_LIBRARY,	/* process("EXE").library("LIB") */
	TARGET_IN_LIBRARY,	/* process("LIB"): every process that maps LIB */
};

struct target {
	/* The canonical executable; NULL for a library on its own. */
	char *exe;
	/*
	 * The canonical library that holds the markers; NULL when they are
	 * in the executable.  Set for a library on its own.
	 */
	char *library;
	/*
	 * The file that holds the markers, as the root read it (its path
	 * member is the host path, under the sysroot if there is one); owned
	 * by the root, which outlives the target.  NULL when nothing was read.
	 */
	const struct sdt_file *markers;
	/* Set by target_name_points(). */
	enum target_form form;
	struct py_version version;	/* from the file names; unknown if they say none */
	char family[PY_FAMILY_SIZE];	/* its per-version aliases; "" if unknown */
	/*
	 * pytapset's marker helper installed for this build (helper.h), or
	 * NULL: its canonical installed path and its markers.
	 */
	char *helper;
	const struct sdt_file *helper_markers;	/* owned by the root */
	/*
	 * The virtual environment the executable is run through (a
	 * directory with pyvenv.cfg whose bin/python leads to it), or NULL:
	 * set by target_resolve() when the path it is given is such a
	 * bin/python; helper_find() looks in its site-packages, where pip
	 * installs the helper.
	 */
	char *venv;
};

enum target_status {
	TARGET_OK,		/* T is filled in */
	TARGET_NO_MARKERS,	/* readable, but no python markers anywhere */
	TARGET_ERROR,		/* reported to DIAG */
};

/*
 * Resolve PATH (an installed path in ROOT: an executable or a shared
 * library).
 *
 * LIBRARY, when not NULL, names the library that holds the markers of the
 * executable PATH instead of the DT_NEEDED search: with a slash it is an
 * installed path (relative ones as in root_canonical), without one a file
 * name searched for the way ld.so would search it for PATH.  It must be a
 * shared object of the executable's ABI.  It is an error for a library
 * PATH.  An executable that has markers itself and is given LIBRARY gets
 * a warning: the library's markers are used, as asked.
 *
 * TARGET_OK: T holds the result.  TARGET_NO_MARKERS: nothing is reported;
 * T holds what was examined (EXE and, if one was found, the library
 * without markers, in markers the last file read) so that the caller can
 * say where it looked.  TARGET_ERROR: the reason is reported to DIAG
 * (missing file, not ELF, libpython not found, a path that cannot be
 * named in a tapset...).  In every case T must be released with
 * target_free().
 */
enum target_status target_resolve(struct root *root, const char *path,
				   const char *library, struct target *t,
				   struct diag *diag);

/* target_resolve() for a PATH that is canonical already: not walked again. */
enum target_status target_resolve_canonical(struct root *root, const char *path,
					    const char *library, struct target *t,
					    struct diag *diag);

/* Whether FILE (NULL: nothing was read) has a marker of the provider "python". */
bool target_has_markers(const struct sdt_file *file);

/*
 * Decide how a tapset names each of the COUNT resolved TARGETS, over them
 * all: the markers of an executable are process("EXE"); those of a
 * library that one executable loads process("EXE").library("LIB"); those
 * of a library alone, or of one that several targets load, process("LIB")
 * once, so that every marker site is probed exactly once.  The version
 * and family come from the name of the file with the markers, else the
 * executable's (pybuild.h).
 */
void target_name_points(struct target *targets, size_t count);

/* The path that sorts the target: EXE, or LIBRARY for a library alone. */
const char *target_key(const struct target *t);

void target_free(struct target *t);

#endif
