/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How SystemTap spells what pytapset writes into a tapset: identifiers
 * and alias names, string literals, the paths that may appear in
 * process("PATH"), and the probe points on a file's markers.  Nothing
 * else in pytapset writes a probe point by hand, so the rules of stap's
 * language are kept here and nowhere else.
 *
 * A probe point on markers names the file that holds them in one of three
 * forms:
 *
 *   process("EXE").mark("NAME")                   markers in the executable
 *   process("EXE").library("LIB").mark("NAME")    in a library EXE loads
 *   process("LIB").mark("NAME")                   in a library, for every
 *                                                 process that maps it
 */
#ifndef PYTAPSET_PROBEPOINT_H
#define PYTAPSET_PROBEPOINT_H

#include <stdbool.h>

/* Whether S is a C/stap identifier: [A-Za-z_][A-Za-z0-9_]*. */
bool probepoint_is_identifier(const char *s);

/*
 * Whether S may follow a family prefix in an alias name: identifiers
 * separated by single dots, such as "function.entry".
 */
bool probepoint_is_alias_suffix(const char *s);

/*
 * Whether PATH may be pasted into a tapset as process("PATH").  SystemTap
 * expands glob characters in that string and the string is code, so
 * instead of escaping anything, PATH is refused when it is empty, not
 * absolute, or contains a control character (newline included), one of
 * the glob characters '*', '?' and '[', a double quote or a backslash.
 * When refused, *REASON (if REASON is not NULL) says why, as a phrase such
 * as "contains a newline" that fits after the path.
 */
bool probepoint_path_is_safe(const char *path, const char **reason);

/*
 * S as a stap string literal, double quotes included: a double quote or a
 * backslash gets a backslash before it.  Paths were checked by
 * probepoint_path_is_safe(), but what is pasted is quoted all the same.
 */
char *probepoint_string(const char *s);

/*
 * The prefix of the probe points on the markers of a file, in the three
 * forms above: process("EXE"), process("EXE").library("LIB") and
 * process("LIB").  Each returns a new string.
 */
char *probepoint_in_exe(const char *exe);
char *probepoint_in_exe_library(const char *exe, const char *library);
char *probepoint_in_library(const char *library);

/* The probe point PREFIX.mark("MARKER"), as a new string. */
char *probepoint_mark(const char *prefix, const char *marker);

#endif
