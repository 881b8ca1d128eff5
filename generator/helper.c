/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "helper.h"

#include <stdlib.h>
#include <string.h>

#include "libsearch.h"
#include "paths.h"
#include "probepoint.h"
#include "root.h"
#include "settings.h"
#include "util.h"

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

static void search_dirs(const char *helper_dir, const struct target *t, const char *file,
			const char *version, struct path_list *dirs)
{
	bool library = !t->exe;
	if (helper_dir)
		path_list_add(dirs, helper_dir);
	/* pip installs into the venv, whose executable is the base build's. */
	if (t->venv) {
		char *dir = xasprintf("%s/lib/python%s/site-packages", t->venv, version);
		path_list_add(dirs, dir);
		free(dir);
	}
	const char *path = setting_override(SETTING_HELPER_PATH);
	if (!path) {
		char *prefix = prefix_of(file, library);
		module_dirs(prefix, version, dirs);
		free(prefix);
	}
	char *list = xstrdup(setting(SETTING_HELPER_PATH)), *save = NULL;
	for (char *dir = strtok_r(list, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
		path_list_add(dirs, dir);
	free(list);
}

/* The helper files for VERSION in DIR, in name order. */
static void helpers_in(struct root *root, const char *dir, const struct py_version *version,
		       struct path_list *names)
{
	const struct path_list *all = root_list(root, dir);
	struct py_version found;
	for (size_t i = 0; i < all->count; i++)
		if (py_parse_name(all->items[i], &found) == PY_NAME_HELPER &&
		    py_version_same(&found, version))
			path_list_add(names, all->items[i]);
}

bool helper_take(struct root *root, const char *installed, struct target *t,
			struct diag *diag)
{
	char *found = root_canonical(root, installed, NULL);
	const struct sdt_file *file =
		found ? root_read_library(root, found, &t->markers->abi, diag) : NULL;
	const char *reason = NULL;
	if (!file || !target_has_markers(file) || !probepoint_path_is_safe(found, &reason)) {
		if (reason)
			diag_report(diag, DIAG_WARNING, found,
				    "marker helper not used: the path %s", reason);
		free(found);
		return false;
	}
	t->helper = found;
	t->helper_markers = file;
	return true;
}

bool helper_find(struct root *root, const char *helper_dir, struct target *t,
		 struct diag *diag)
{
	struct py_version version;
	const char *file = t->exe ? t->exe : t->library;
	const char *slash = file ? strrchr(file, '/') : NULL;
	if (!slash || py_parse_name(slash + 1, &version) == PY_NAME_OTHER ||
	    !py_version_known(&version))
		return false;
	char text[PY_VERSION_TEXT_SIZE];
	py_version_text(&version, text);

	struct path_list dirs = {0};
	search_dirs(helper_dir, t, file, text, &dirs);
	bool found = false;
	for (size_t i = 0; i < dirs.count && !found; i++) {
		struct path_list names = {0};
		helpers_in(root, dirs.items[i], &version, &names);
		for (size_t j = 0; j < names.count && !found; j++) {
			char *installed = path_join(dirs.items[i], names.items[j]);
			found = helper_take(root, installed, t, diag);
			free(installed);
		}
		path_list_free(&names);
	}
	path_list_free(&dirs);
	return found;
}
