/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Installed paths as strings: ordered lists without repetition, and the
 * directory and join operations on canonical paths.  Nothing here touches
 * the file system: root.h says where an installed path is read.
 */
#ifndef PYTAPSET_PATHS_H
#define PYTAPSET_PATHS_H

#include <stdbool.h>
#include <stddef.h>

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
/* Append a copy of PATH, known to be new (a directory's names). */
void path_list_append(struct path_list *list, const char *path);
/* Sort LIST's paths by strcmp, as a stable order for output. */
void path_list_sort(struct path_list *list);
bool path_list_contains(const struct path_list *list, const char *path);
void path_list_free(struct path_list *list);

/* The directory part of the canonical path PATH ("/" for "/x"). */
char *path_dirname(const char *path);

/* DIR "/" NAME, without doubling the slash when DIR is "/". */
char *path_join(const char *dir, const char *name);

#endif
