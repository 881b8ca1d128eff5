/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "target.h"

#include <stdlib.h>
#include <string.h>

#include "libsearch.h"
#include "markers.h"
#include "paths.h"
#include "probepoint.h"
#include "root.h"
#include "util.h"

bool target_has_markers(const struct sdt_file *file)
{
	for (size_t i = 0; file && i < file->probe_count; i++)
		if (marker_is_python(&file->probes[i]))
			return true;
	return false;
}

/* The version the file PATH names, none if it names none. */
static void version_of(const char *path, struct py_version *version)
{
	const char *slash = strrchr(path, '/');
	py_parse_name(slash ? slash + 1 : path, version);
}

void target_name_points(struct target *targets, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		struct target *t = &targets[i];
		size_t users = 0;
		for (size_t j = 0; j < count && t->library; j++)
			if (targets[j].library && strcmp(targets[j].library, t->library) == 0)
				users += targets[j].exe ? 1 : 2;
		t->form = !t->library ? TARGET_IN_EXE
			  : users == 1 ? TARGET_IN_EXE_LIBRARY : TARGET_IN_LIBRARY;
		version_of(t->library ? t->library : t->exe, &t->version);
		if (!py_version_known(&t->version) && t->exe)
			version_of(t->exe, &t->version);
		py_version_family(&t->version, t->family);
	}
}

const char *target_key(const struct target *t)
{
	return t->exe ? t->exe : t->library;
}

void target_free(struct target *t)
{
	free(t->exe);
	free(t->library);
	free(t->helper);
	free(t->venv);
	*t = (struct target){0};
}

static bool is_executable(const struct sdt_file *file)
{
	return file->type == SDT_FILE_EXEC || file->pie;
}

/* Every path of T must be usable in process("..."). */
static enum target_status check_names(const struct target *t, struct diag *diag)
{
	const char *paths[] = {t->exe, t->library};
	for (size_t i = 0; i < 2; i++) {
		const char *reason;
		if (paths[i] && !probepoint_path_is_safe(paths[i], &reason)) {
			diag_report(diag, DIAG_ERROR, paths[i],
				    "cannot be named in a tapset: the path %s", reason);
			return TARGET_ERROR;
		}
	}
	return TARGET_OK;
}

/*
 * Make the file at the installed path LIBRARY (FILE as read, READABLE if
 * without errors) the target's marker file.
 */
static enum target_status take_library(struct target *t, char *library,
				       const struct sdt_file *file, bool readable,
				       struct diag *diag)
{
	free(t->library);
	t->library = library;
	t->markers = file;
	if (!readable)
		return TARGET_ERROR;
	if (!target_has_markers(t->markers))
		return TARGET_NO_MARKERS;
	return check_names(t, diag);
}

/* The executable EXE names the library with its markers: LIBRARY. */
static enum target_status resolve_named(struct root *root, struct target *t,
					const struct sdt_file *exe, const char *library,
					struct diag *diag)
{
	const struct sdt_file *lib = NULL;
	size_t errors = diag->errors;
	char *found;
	if (strchr(library, '/')) {
		found = root_canonical(root, library, diag);
		if (!found)
			return TARGET_ERROR;
		lib = root_read_library(root, found, &exe->abi, diag);
		if (!lib) {
			diag_report(diag, DIAG_ERROR, found,
				    "not a shared library that %s can load (another machine, class or byte order, or not ELF)",
				    t->exe);
			free(found);
			found = NULL;
		}
	} else {
		found = libsearch_find(root, exe, t->exe, library, &lib, diag);
		if (!found)
			diag_report(diag, DIAG_ERROR, t->exe,
				    "%s: no compatible library of that name in the directories ld.so searches",
				    library);
	}
	if (!found)
		return TARGET_ERROR;
	if (target_has_markers(exe))
		diag_report(diag, DIAG_WARNING, t->exe,
			    "has python markers itself; using those of %s as asked", found);
	return take_library(t, found, lib, diag->errors == errors, diag);
}

/*
 * The executable has no markers: look at the libpython it loads.  With no
 * libpython at all, the executable itself is what was examined.
 */
static enum target_status resolve_needed(struct root *root, struct target *t,
					 const struct sdt_file *exe, struct diag *diag)
{
	enum target_status status = TARGET_NO_MARKERS;
	for (size_t i = 0; i < exe->needed_count && status == TARGET_NO_MARKERS; i++) {
		const char *name = exe->needed[i];
		struct py_version version;
		if (py_parse_name(name, &version) != PY_NAME_LIBRARY)
			continue;
		const struct sdt_file *lib;
		size_t errors = diag->errors;
		char *found = libsearch_find(root, exe, t->exe, name, &lib, diag);
		if (!found) {
			diag_report(diag, DIAG_ERROR, t->exe,
				    "needs %s, but no compatible copy is in its RPATH or RUNPATH, ld.so.conf or the default directories (name it with --library)",
				    name);
			return TARGET_ERROR;
		}
		status = take_library(t, found, lib, diag->errors == errors, diag);
	}
	if (!t->library)
		t->markers = exe;
	return status;
}

static enum target_status resolve_executable(struct root *root, struct target *t,
					     const struct sdt_file *exe, const char *library,
					     struct diag *diag)
{
	if (library)
		return resolve_named(root, t, exe, library, diag);
	if (!target_has_markers(exe))
		return resolve_needed(root, t, exe, diag);
	t->markers = exe;
	return check_names(t, diag);
}

/*
 * The venv PATH runs through, canonical, or NULL: PATH is DIR/bin/NAME
 * with DIR/pyvenv.cfg.  Its bin/python is a symbolic link to the base
 * build (or a copy of it), so only the path as given tells.
 */
static char *venv_of(struct root *root, const char *path)
{
	char *bin = path_dirname(path);
	char *dir = path_dirname(bin);
	char *cfg = path_join(dir, "pyvenv.cfg");
	const char *last = strrchr(bin, '/');
	char *venv = NULL;
	if (strcmp(last ? last + 1 : bin, "bin") == 0) {
		char *found = root_canonical(root, cfg, NULL);
		if (found)
			venv = root_canonical(root, dir, NULL);
		free(found);
	}
	free(cfg);
	free(dir);
	free(bin);
	return venv;
}

enum target_status target_resolve(struct root *root, const char *path,
				  const char *library, struct target *t,
				  struct diag *diag)
{
	*t = (struct target){0};
	char *canonical = root_canonical(root, path, diag);
	enum target_status status = canonical ? target_resolve_canonical(
		root, canonical, library, t, diag) : TARGET_ERROR;
	free(canonical);
	if (status != TARGET_ERROR && t->exe)
		t->venv = venv_of(root, path);
	return status;
}

enum target_status target_resolve_canonical(struct root *root, const char *path,
					    const char *library, struct target *t,
					    struct diag *diag)
{
	*t = (struct target){0};
	const struct sdt_file *file;
	/*
	 * A note that cannot be read at all (an operand that cannot be
	 * decoded is only a warning) fails the target: a tapset must not
	 * silently cover fewer markers than the file has.
	 */
	if (root_read(root, path, &file, diag) != 0) {
		t->markers = file;	/* what was read, for the caller */
		return TARGET_ERROR;
	}

	if (!is_executable(file)) {
		if (library) {
			diag_report(diag, DIAG_ERROR, path,
				    "is a shared library: only an executable can have its markers in another library");
			return TARGET_ERROR;
		}
		return take_library(t, xstrdup(path), file, true, diag);
	}

	t->exe = xstrdup(path);
	return resolve_executable(root, t, file, library, diag);
}
