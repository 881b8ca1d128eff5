/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "ldconf.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "root.h"
#include "util.h"

#define LD_SO_CONF "/etc/ld.so.conf"
/* Deep enough for any real configuration, and it ends include loops. */
#define CONF_INCLUDE_DEPTH 16

static void conf_read(const struct root *root, const char *file, int depth,
		      struct path_list *dirs);

/* Whether LINE starts with the keyword WORD followed by a blank. */
static bool starts_with_keyword(const char *line, const char *word)
{
	size_t n = strlen(word);
	return strncmp(line, word, n) == 0 && isblank((unsigned char)line[n]);
}

/*
 * `include PATTERN`: a relative pattern is relative to the directory of
 * the including FILE, as ldconfig reads it.
 */
static void conf_include(const struct root *root, const char *file, const char *pattern,
			 int depth, struct path_list *dirs)
{
	char *full;
	if (pattern[0] == '/') {
		full = xstrdup(pattern);
	} else {
		char *dir = path_dirname(file);
		full = path_join(dir, pattern);
		free(dir);
	}
	struct path_list files = {0};
	root_glob(root, full, &files);
	for (size_t i = 0; i < files.count; i++)
		conf_read(root, files.items[i], depth + 1, dirs);
	path_list_free(&files);
	free(full);
}

/* A directory line: absolute paths only, without trailing slashes. */
static void conf_directory(char *line, struct path_list *dirs)
{
	size_t n = strlen(line);
	while (n > 1 && line[n - 1] == '/')
		line[--n] = '\0';
	if (line[0] == '/')
		path_list_add(dirs, line);
}

static void conf_line(const struct root *root, const char *file, char *line, int depth,
		      struct path_list *dirs)
{
	line[strcspn(line, "#")] = '\0';
	while (isspace((unsigned char)*line))
		line++;
	size_t n = strlen(line);
	while (n > 0 && isspace((unsigned char)line[n - 1]))
		line[--n] = '\0';
	if (n == 0)
		return;

	if (starts_with_keyword(line, "include")) {
		char *save = NULL;
		for (char *pattern = strtok_r(line + strlen("include"), " \t", &save);
		     pattern; pattern = strtok_r(NULL, " \t", &save))
			conf_include(root, file, pattern, depth, dirs);
	} else if (!starts_with_keyword(line, "hwcap")) {
		/* hwcap lines configured old ldconfig's subdirectories. */
		conf_directory(line, dirs);
	}
}

static void conf_read(const struct root *root, const char *file, int depth,
		      struct path_list *dirs)
{
	if (depth > CONF_INCLUDE_DEPTH)
		return;
	FILE *f = root_fopen(root, file);
	if (!f)
		return;
	char *line = NULL;
	size_t size = 0;
	while (getline(&line, &size, f) >= 0)
		conf_line(root, file, line, depth, dirs);
	free(line);
	fclose(f);
}

void ldconf_read(const struct root *root, struct path_list *dirs)
{
	conf_read(root, LD_SO_CONF, 0, dirs);
}
