/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "helper.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "libsearch.h"
#include "paths.h"
#include "probepoint.h"
#include "util.h"

/* Where configure installs the helper, separated by ':' (helper.h). */
#ifndef PYTAPSET_HELPER_DIRS
#define PYTAPSET_HELPER_DIRS ""
#endif

/* The module directories of Python VERSION ("3.11") under PREFIX. */
static void module_dirs(const char *prefix, const char *version, struct path_list *dirs)
{
	static const struct {
		const char *lib, *under;
	} versioned[] = {
		{"local/lib", "dist-packages"},	/* Debian: pip and make install */
		{"lib", "site-packages"},	/* upstream, Fedora */
		{"lib64", "site-packages"},	/* Fedora: extension modules */
		{"local/lib", "site-packages"},
		{"local/lib64", "site-packages"},
	};
	const char *root = strcmp(prefix, "/") == 0 ? "" : prefix;
	char *debian = xasprintf("%s/lib/python3/dist-packages", root);
	path_list_add(dirs, debian);
	free(debian);
	for (size_t i = 0; i < sizeof(versioned) / sizeof(versioned[0]); i++) {
		char *dir = xasprintf("%s/%s/python%s/%s", root, versioned[i].lib, version,
				      versioned[i].under);
		path_list_add(dirs, dir);
		free(dir);
	}
}

/*
 * The prefix of a build from the file FILE that holds it: the parent of
 * the executable's directory, or of the lib directory above a library
 * (/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0: /usr).
 */
static char *prefix_of(const char *file, bool library)
{
	char *dir = path_dirname(file);
	while (library && strcmp(dir, "/") != 0) {
		const char *base = strrchr(dir, '/') + 1;
		bool lib_dir = strncmp(base, "lib", 3) == 0 &&
			       base[3 + strspn(base + 3, "0123456789")] == '\0';
		char *parent = path_dirname(dir);
		free(dir);
		if (lib_dir)
			return parent;
		dir = parent;
	}
	if (library)
		return dir;	/* no lib directory: "/" */
	char *prefix = path_dirname(dir);
	free(dir);
	return prefix;
}

static void search_dirs(const char *helper_dir, const char *file, bool library,
			const char *version, struct path_list *dirs)
{
	if (helper_dir)
		path_list_add(dirs, helper_dir);
	const char *path = getenv("PYTAPSET_HELPER_PATH");
	if (!path) {
		char *prefix = prefix_of(file, library);
		module_dirs(prefix, version, dirs);
		free(prefix);
	}
	char *list = xstrdup(path ? path : PYTAPSET_HELPER_DIRS), *save = NULL;
	for (char *dir = strtok_r(list, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
		path_list_add(dirs, dir);
	free(list);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The helper files of FAMILY in DIR, in name order. */
static void helpers_in(const char *sysroot, const char *dir, const char *family,
		       struct path_list *names)
{
	char *host = path_on_host(sysroot, dir);
	DIR *d = opendir(host);
	free(host);
	if (!d)
		return;
	char found[TARGET_FAMILY_SIZE];
	for (struct dirent *e = readdir(d); e; e = readdir(d))
		if (target_parse_name(e->d_name, found) == TARGET_NAME_HELPER &&
		    strcmp(found, family) == 0)
			path_list_add(names, e->d_name);
	closedir(d);
	if (names->count)
		qsort(names->items, names->count, sizeof(*names->items), compare_names);
}

/* Take the helper at the installed path INSTALLED if it is one for T. */
static bool take_helper(const char *sysroot, const char *installed, struct target *t,
			struct diag *diag)
{
	char *canonical = path_canonical(sysroot, installed, NULL);
	if (!canonical)
		return false;
	struct sdt_file file;
	char *found = libsearch_read(sysroot, canonical, &t->markers.abi, &file, diag);
	free(canonical);
	if (!found)
		return false;
	const char *reason = NULL;
	if (!target_has_markers(&file) || !probepoint_path_is_safe(found, &reason)) {
		if (reason)
			diag_report(diag, DIAG_WARNING, found,
				    "marker helper not used: the path %s", reason);
		sdt_file_free(&file);
		free(found);
		return false;
	}
	t->helper = found;
	t->helper_markers = file;
	return true;
}

bool helper_find(const char *sysroot, const char *helper_dir, struct target *t,
		 struct diag *diag)
{
	char family[TARGET_FAMILY_SIZE];
	const char *file = t->exe ? t->exe : t->library;
	const char *slash = file ? strrchr(file, '/') : NULL;
	if (!slash || target_parse_name(slash + 1, family) == TARGET_NAME_OTHER || !family[0])
		return false;
	/* "python3_11" -> "3.11" */
	char *version = xstrdup(family + strlen("python"));
	version[strcspn(version, "_")] = '.';

	struct path_list dirs = {0};
	search_dirs(helper_dir, file, !t->exe, version, &dirs);
	bool found = false;
	for (size_t i = 0; i < dirs.count && !found; i++) {
		struct path_list names = {0};
		helpers_in(sysroot, dirs.items[i], family, &names);
		for (size_t j = 0; j < names.count && !found; j++) {
			char *installed = path_join(dirs.items[i], names.items[j]);
			found = take_helper(sysroot, installed, t, diag);
			free(installed);
		}
		path_list_free(&names);
	}
	path_list_free(&dirs);
	free(version);
	return found;
}
