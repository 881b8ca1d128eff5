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

bool path_list_add(struct path_list *list, const char *path)
{
	if (path_list_contains(list, path))
		return false;
	if (list->count == list->capacity) {
		list->capacity = list->capacity ? 2 * list->capacity : 8;
		list->items = xreallocarray(list->items, list->capacity,
					    sizeof(*list->items));
	}
	list->items[list->count++] = xstrdup(path);
	return true;
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

/*
 * Characters that may not appear in a path pasted into a tapset, with the
 * reason given.  Control characters are checked separately.
 */
static const struct {
	const char *characters;
	const char *reason;
} unsafe_characters[] = {
	{"*?[", "contains a glob character (*, ? or [)"},
	{"\"", "contains a double quote"},
	{"\\", "contains a backslash"},
};

static const char *unsafe_character(unsigned char c)
{
	if (c == '\n')
		return "contains a newline";
	if (c < 0x20 || c == 0x7f)
		return "contains a control character";
	for (size_t i = 0; i < sizeof(unsafe_characters) / sizeof(unsafe_characters[0]); i++)
		if (strchr(unsafe_characters[i].characters, c))
			return unsafe_characters[i].reason;
	return NULL;
}

bool path_safe_for_tapset(const char *path, const char **reason)
{
	const char *why = NULL;
	if (!*path)
		why = "is empty";
	else if (path[0] != '/')
		why = "is not absolute";
	for (const unsigned char *c = (const unsigned char *)path; *c && !why; c++)
		why = unsafe_character(*c);
	if (why && reason)
		*reason = why;
	return !why;
}
