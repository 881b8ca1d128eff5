/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where a Python build's markers live, and how a tapset must name them.
 *
 * Given a Python executable or a libpython (the target), one of:
 *   - the executable has the markers (Debian's python3.X, libpython linked
 *     in statically): process("EXE").mark(...);
 *   - it has none, but a DT_NEEDED libpython (a name matching libpython*)
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
#include "sdt_file.h"

#define TARGET_PROVIDER "python"

/* How a tapset names the markers of a target (see target_name_points). */
enum target_form {
	TARGET_IN_EXE,		/* process("EXE") */
	TARGET_IN_EXE_LIBRARY,	/* process("EXE").library("LIB") */
	TARGET_IN_LIBRARY,	/* process("LIB"): every process that maps LIB */
};

/* "python3_11" and the like, with room to spare. */
#define TARGET_FAMILY_SIZE 32

struct target {
	/* The canonical executable; NULL for a library on its own. */
	char *exe;
	/*
	 * The canonical library that holds the markers; NULL when they are
	 * in the executable.  Set for a library on its own.
	 */
	char *library;
	/*
	 * The file that holds the markers, as read (its path member is the
	 * host path, under the sysroot if there is one).
	 */
	struct sdt_file markers;
	/* Set by target_name_points(). */
	enum target_form form;
	char family[TARGET_FAMILY_SIZE];	/* per-version aliases; "" if unknown */
	/*
	 * pytapset's marker helper installed for this build (helper.h), or
	 * NULL: its canonical installed path and its markers.
	 */
	char *helper;
	struct sdt_file helper_markers;
};

enum target_status {
	TARGET_OK,		/* T is filled in */
	TARGET_NO_MARKERS,	/* readable, but no python markers anywhere */
	TARGET_ERROR,		/* reported to DIAG */
};

/*
 * Resolve PATH (an installed path: an executable or a shared library,
 * read under SYSROOT when SYSROOT is neither NULL nor "/").
 *
 * LIBRARY, when not NULL, names the library that holds the markers of the
 * executable PATH instead of the DT_NEEDED search: with a slash it is an
 * installed path (relative ones as in path_canonical), without one a file
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
enum target_status target_resolve(const char *sysroot, const char *path,
				   const char *library, struct target *t,
				   struct diag *diag);

/* target_resolve() for a PATH that is canonical already: not walked again. */
enum target_status target_resolve_canonical(const char *sysroot, const char *path,
					    const char *library, struct target *t,
					    struct diag *diag);

/* Whether FILE has at least one marker of the provider "python". */
bool target_has_markers(const struct sdt_file *file);

/*
 * Decide how a tapset names each of the COUNT resolved TARGETS, over them
 * all: the markers of an executable are process("EXE"); those of a
 * library that one executable loads process("EXE").library("LIB"); those
 * of a library alone, or of one that several targets load, process("LIB")
 * once, so that every marker site is probed exactly once.  The family
 * comes from the name of the file with the markers, else the executable's.
 */
void target_name_points(struct target *targets, size_t count);

enum target_name {
	TARGET_NAME_OTHER,
	TARGET_NAME_EXECUTABLE,
	TARGET_NAME_LIBRARY,
	TARGET_NAME_HELPER,	/* pytapset's marker helper module */
};

/* The marker helper's module name; its file adds the Python's EXT_SUFFIX. */
#define TARGET_HELPER_MODULE "_pytapset"

/*
 * What the file name NAME (without directory) says of a Python build.
 * An executable is "python", a version and ABI letters: python3,
 * python3.11, python3.11d, python3.13t; a library "lib" and the same,
 * then ".so" and anything: libpython3.11.so.1.0, libpython3.6m.so.1.0.
 * Not python3-config, python3.11-dbg or libpython3.11.a.  The marker
 * helper is the module name and the EXT_SUFFIX of a release build:
 * _pytapset.cpython-311-x86_64-linux-gnu.so, _pytapset.cpython-313.so
 * (debug builds import those too).  FAMILY gets the
 * per-version family ("python3_11") of a name that starts with a Python
 * name and a major.minor version, "" otherwise.
 */
enum target_name target_parse_name(const char *name, char family[TARGET_FAMILY_SIZE]);

/* The Python version (3 and 11) of a named target's family; false if
 * its names say none. */
bool target_version(const struct target *t, unsigned *major, unsigned *minor);

/* The path that sorts the target: EXE, or LIBRARY for a library alone. */
const char *target_key(const struct target *t);

void target_free(struct target *t);

#endif
