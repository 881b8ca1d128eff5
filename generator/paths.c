/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "paths.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

bool path_list_contains(const struct path_list *list, const char *path)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->items[i], path) == 0)
			return true;
	return false;
}

void path_list_append(struct path_list *list, const char *path)
{
	if (list->count == list->capacity) {
		list->capacity = list->capacity ? 2 * list->capacity : 8;
		list->items = xreallocarray(list->items, list->capacity,
					    sizeof(*list->items));
	}
	list->items[list->count++] = xstrdup(path);
}

bool path_list_add(struct path_list *list, const char *path)
{
	if (path_list_contains(list, path))
		return false;
	path_list_append(list, path);
	return true;
}

static int compare_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void path_list_sort(struct path_list *list)
{
	if (list->count)
		qsort(list->items, list->count, sizeof(*list->items), compare_paths);
}

void path_list_free(struct path_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i]);
	free(list->items);
	*list = (struct path_list){0};
}

char *path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	bool slash = n > 0 && dir[n - 1] == '/';
	return xasprintf("%s%s%s", dir, slash ? "" : "/", name);
}
