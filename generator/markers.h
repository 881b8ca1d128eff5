/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Python markers of a file by name, as discover and doctor show them:
 * each distinct name of the provider "python" once, in note order.  A
 * build carries each marker at several places; what a user wants to know
 * is which markers it has at all.
 */
#ifndef PYTAPSET_MARKERS_H
#define PYTAPSET_MARKERS_H

#include <stdbool.h>
#include <stddef.h>

#include "sdt_file.h"

/* Names shown at the most; CPython has about twenty markers. */
#define MARKER_NAMES_MAX 64

/*
 * The distinct Python marker names of FILE (NULL: nothing was read), in
 * note order, at most MAX.
 */
size_t marker_names(const struct sdt_file *file, const char **names, size_t max);

/* Whether P is a marker of the provider "python". */
bool marker_is_python(const struct sdt_probe *p);

/* Whether FILE (NULL: nothing was read) has the Python marker NAME. */
bool marker_present(const struct sdt_file *file, const char *name);

#endif
