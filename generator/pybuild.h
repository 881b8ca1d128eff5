/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a file's name says of a Python build: the grammar of the names
 * CPython installs, and the version value they carry.
 *
 * An executable is "python", a version and ABI letters: python3,
 * python3.11, python3.11d, python3.13t; a library "lib" and the same,
 * then ".so" and anything: libpython3.11.so.1.0, libpython3.6m.so.1.0.
 * Not python3-config, python3.11-dbg or libpython3.11.a.  pytapset's
 * marker helper is its module name and the EXT_SUFFIX of a release build:
 * _pytapset.cpython-311-x86_64-linux-gnu.so, _pytapset.cpython-313.so
 * (debug builds import those too), whose tag runs major and minor
 * together.
 *
 * The version is a value (major, minor, ABI letters); the family that
 * names a version's own aliases (python3_11.function.entry) and the
 * text users read (3.11) are spelled from it here and nowhere else.
 * What each version's markers are worth is data: templates/python.markers.
 */
#ifndef PYTAPSET_PYBUILD_H
#define PYTAPSET_PYBUILD_H

#include <stdbool.h>

/* The marker helper's module name; its file adds the Python's EXT_SUFFIX. */
#define PY_HELPER_MODULE "_pytapset"

struct py_version {
	unsigned major, minor;	/* 0 and 0: the name says no version */
	char abiflags[8];	/* the ABI letters of the name: "d", "t", "td"... */
};

enum py_name {
	PY_NAME_OTHER,
	PY_NAME_EXECUTABLE,
	PY_NAME_LIBRARY,
	PY_NAME_HELPER,		/* pytapset's marker helper module */
};

/*
 * What the file name NAME (without directory) is, and in *VERSION the
 * version it names.  A name that starts like a Python's and a version
 * (python3.11-copy, libpython3.11.a) gives its version even when it is
 * none of the kinds: the family of a build comes from its file's name.
 */
enum py_name py_parse_name(const char *name, struct py_version *version);

/* What the file at PATH is by its name, its directory left aside. */
enum py_name py_path_kind(const char *path);

/* Whether VERSION is a version at all (a name may carry none: python3). */
bool py_version_known(const struct py_version *version);

/* "python3_11": the per-version alias family; "" for an unknown version. */
#define PY_FAMILY_SIZE 32
void py_version_family(const struct py_version *version, char family[PY_FAMILY_SIZE]);

/* "3.11", as users and Python's own module directories write it. */
#define PY_VERSION_TEXT_SIZE 24
void py_version_text(const struct py_version *version, char text[PY_VERSION_TEXT_SIZE]);

/* Parse "3.11" (a data file's); false for anything else. */
bool py_version_parse(const char *text, struct py_version *version);

/* Whether A is B's major and minor (the ABI letters do not matter). */
bool py_version_same(const struct py_version *a, const struct py_version *b);

/* Whether FIRST <= VERSION <= LAST, by major and minor. */
bool py_version_between(const struct py_version *version, const struct py_version *first,
			const struct py_version *last);

#endif
