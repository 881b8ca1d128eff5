/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsearch.h"
#include "paths.h"
#include "probepoint.h"
#include "util.h"

bool target_has_markers(const struct sdt_file *file)
{
	for (size_t i = 0; i < file->probe_count; i++)
		if (strcmp(file->probes[i].provider, TARGET_PROVIDER) == 0)
			return true;
	return false;
}

static const char helper_prefix[] = TARGET_HELPER_MODULE ".cpython-3";

/* "_pytapset.cpython-311-x86_64-linux-gnu.so": CPython's tag is major and minor run together. */
static enum target_name parse_helper_name(const char *name, char family[TARGET_FAMILY_SIZE])
{
	const char *p = name + sizeof(helper_prefix) - 1;
	int minor = (int)strspn(p, "0123456789");
	const char *rest = p + minor;
	size_t n = strlen(rest);
	if (!minor || minor > 3 || !(*rest == '-' || strcmp(rest, ".so") == 0) ||
	    n < 3 || strcmp(rest + n - 3, ".so") != 0)
		return TARGET_NAME_OTHER;
	snprintf(family, TARGET_FAMILY_SIZE, "python3_%.*s", minor, p);
	return TARGET_NAME_HELPER;
}

enum target_name target_parse_name(const char *name, char family[TARGET_FAMILY_SIZE])
{
	family[0] = '\0';
	if (strncmp(name, helper_prefix, sizeof(helper_prefix) - 1) == 0)
		return parse_helper_name(name, family);
	bool library = strncmp(name, "lib", 3) == 0;
	const char *p = name + (library ? 3 : 0);
	if (strncmp(p, "python", 6) != 0)
		return TARGET_NAME_OTHER;
	p += 6;
	int major = (int)strspn(p, "0123456789");
	int minor = p[major] == '.' ? (int)strspn(p + major + 1, "0123456789") : 0;
	if (major && minor && major + minor < TARGET_FAMILY_SIZE - 8)
		snprintf(family, TARGET_FAMILY_SIZE, "python%.*s_%.*s", major, p, minor,
			 p + major + 1);
	p += major + (minor ? 1 + minor : 0);
	p += strspn(p, "dmtu");
	if (library)
		return strncmp(p, ".so", 3) == 0 ? TARGET_NAME_LIBRARY : TARGET_NAME_OTHER;
	return *p ? TARGET_NAME_OTHER : TARGET_NAME_EXECUTABLE;
}

/* The family of the file PATH names, "" if none. */
static void family_of(const char *path, char family[TARGET_FAMILY_SIZE])
{
	const char *slash = strrchr(path, '/');
	target_parse_name(slash ? slash + 1 : path, family);
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
		family_of(t->library ? t->library : t->exe, t->family);
		if (!t->family[0] && t->exe)
			family_of(t->exe, t->family);
	}
}

bool target_version(const struct target *t, unsigned *major, unsigned *minor)
{
	return sscanf(t->family, "python%u_%u", major, minor) == 2;
}

const char *target_key(const struct target *t)
{
	return t->exe ? t->exe : t->library;
}

void target_free(struct target *t)
{
	free(t->exe);
	free(t->library);
	sdt_file_free(&t->markers);
	free(t->helper);
	sdt_file_free(&t->helper_markers);
	*t = (struct target){0};
}

static bool is_executable(const struct sdt_file *file)
{
	return file->type == SDT_FILE_EXEC || file->pie;
}

/*
 * Read the installed file PATH under SYSROOT.  A note that cannot be read
 * at all (an operand that cannot be decoded is only a warning) fails the
 * read: a tapset must not silently cover fewer markers than the file has.
 * FILE is filled in either case, to be freed by the caller.
 */
static int read_installed(const char *sysroot, const char *path, struct sdt_file *file,
			  struct diag *diag)
{
	char *host = path_on_host(sysroot, path);
	size_t errors = diag->errors;
	int ret = sdt_file_read(host, NULL, file, diag);
	free(host);
	return ret == 0 && diag->errors == errors ? 0 : -1;
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
 * Make the file at the installed path LIBRARY (already read into FILE,
 * READABLE if without errors) the target's marker file.
 */
static enum target_status take_library(struct target *t, char *library,
				       struct sdt_file *file, bool readable,
				       struct diag *diag)
{
	free(t->library);
	sdt_file_free(&t->markers);
	t->library = library;
	t->markers = *file;
	*file = (struct sdt_file){0};
	if (!readable)
		return TARGET_ERROR;
	if (!target_has_markers(&t->markers))
		return TARGET_NO_MARKERS;
	return check_names(t, diag);
}

/* The executable EXE names the library with its markers: LIBRARY. */
static enum target_status resolve_named(const char *sysroot, struct target *t,
					struct sdt_file *exe, const char *library,
					struct diag *diag)
{
	struct sdt_file lib = {0};
	size_t errors = diag->errors;
	char *found;
	if (strchr(library, '/')) {
		char *canonical = path_canonical(sysroot, library, diag);
		if (!canonical)
			return TARGET_ERROR;
		found = libsearch_read(sysroot, canonical, &exe->abi, &lib, diag);
		if (!found)
			diag_report(diag, DIAG_ERROR, canonical,
				    "not a shared library that %s can load (another machine, class or byte order, or not ELF)",
				    t->exe);
		free(canonical);
	} else {
		found = libsearch_find(sysroot, exe, t->exe, library, &lib, diag);
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
	return take_library(t, found, &lib, diag->errors == errors, diag);
}

/*
 * The executable has no markers: look at the libpython it loads.  With no
 * libpython at all, the executable itself is what was examined.
 */
static enum target_status resolve_needed(const char *sysroot, struct target *t,
					 struct sdt_file *exe, struct diag *diag)
{
	enum target_status status = TARGET_NO_MARKERS;
	for (size_t i = 0; i < exe->needed_count && status == TARGET_NO_MARKERS; i++) {
		const char *name = exe->needed[i];
		char family[TARGET_FAMILY_SIZE];
		if (target_parse_name(name, family) != TARGET_NAME_LIBRARY)
			continue;
		struct sdt_file lib;
		size_t errors = diag->errors;
		char *found = libsearch_find(sysroot, exe, t->exe, name, &lib, diag);
		if (!found) {
			diag_report(diag, DIAG_ERROR, t->exe,
				    "needs %s, but no compatible copy is in its RPATH or RUNPATH, ld.so.conf or the default directories (name it with --library)",
				    name);
			return TARGET_ERROR;
		}
		status = take_library(t, found, &lib, diag->errors == errors, diag);
	}
	if (!t->library) {
		t->markers = *exe;
		*exe = (struct sdt_file){0};
	}
	return status;
}

static enum target_status resolve_executable(const char *sysroot, struct target *t,
					     struct sdt_file *exe, const char *library,
					     struct diag *diag)
{
	if (library)
		return resolve_named(sysroot, t, exe, library, diag);
	if (!target_has_markers(exe))
		return resolve_needed(sysroot, t, exe, diag);
	t->markers = *exe;
	*exe = (struct sdt_file){0};
	return check_names(t, diag);
}

enum target_status target_resolve(const char *sysroot, const char *path,
				  const char *library, struct target *t,
				  struct diag *diag)
{
	*t = (struct target){0};
	char *canonical = path_canonical(sysroot, path, diag);
	enum target_status status = canonical ? target_resolve_canonical(
		sysroot, canonical, library, t, diag) : TARGET_ERROR;
	free(canonical);
	return status;
}

enum target_status target_resolve_canonical(const char *sysroot, const char *path,
					    const char *library, struct target *t,
					    struct diag *diag)
{
	*t = (struct target){0};
	char *canonical = xstrdup(path);
	struct sdt_file file;
	if (read_installed(sysroot, canonical, &file, diag) != 0) {
		t->markers = file;	/* what was read, for the caller */
		free(canonical);
		return TARGET_ERROR;
	}

	if (!is_executable(&file)) {
		if (library) {
			diag_report(diag, DIAG_ERROR, canonical,
				    "is a shared library: only an executable can have its markers in another library");
			sdt_file_free(&file);
			free(canonical);
			return TARGET_ERROR;
		}
		return take_library(t, canonical, &file, true, diag);
	}

	t->exe = canonical;
	enum target_status status = resolve_executable(sysroot, t, &file, library, diag);
	sdt_file_free(&file);
	return status;
}
