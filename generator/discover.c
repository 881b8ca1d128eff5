/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "discover.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "helper.h"
#include "libsearch.h"
#include "paths.h"
#include "root.h"
#include "util.h"

/* What a scan has found so far. */
struct scan {
	struct root *root;
	const char *helper_dir;
	struct diag *diag;
	struct path_list candidates;	/* canonical paths, each once */
	struct target *targets;
	size_t count;
};

static void add_candidate(struct scan *s, const char *installed)
{
	char *canonical = root_canonical(s->root, installed, NULL);
	if (canonical)
		path_list_add(&s->candidates, canonical);
	free(canonical);
}

/* Add the files of DIR whose names are of the KIND, in name order. */
static void scan_dir(struct scan *s, const char *dir, enum py_name kind)
{
	const struct path_list *names = root_list(s->root, dir);
	struct py_version version;
	for (size_t i = 0; i < names->count; i++) {
		if (py_parse_name(names->items[i], &version) != kind)
			continue;
		char *installed = path_join(dir, names->items[i]);
		add_candidate(s, installed);
		free(installed);
	}
}

static void executable_dirs(const struct root *root, const char *path_env,
			    struct path_list *dirs)
{
	if (root_is_host(root) && path_env) {
		char *copy = xstrdup(path_env);
		char *save = NULL;
		for (char *dir = strtok_r(copy, ":", &save); dir;
		     dir = strtok_r(NULL, ":", &save))
			if (dir[0] == '/')
				path_list_add(dirs, dir);
		free(copy);
	}
	path_list_add(dirs, "/usr/bin");
	path_list_add(dirs, "/usr/local/bin");
	root_glob(root, "/opt/*/bin", dirs);
}

/*
 * A build that has markers but could not be used (its path cannot be
 * named in a tapset, a note cannot be read) or that may not be read
 * deserves a word; every other failure is a file that merely looked like
 * a Python.
 */
static void report_unusable(struct scan *s, const struct target *t,
			    const struct diag *found)
{
	if (!target_has_markers(t->markers) && !(t->markers && t->markers->open_error == EACCES))
		return;
	for (size_t i = 0; i < found->count; i++)
		diag_report(s->diag, DIAG_WARNING, found->messages[i].subject,
			    "%s; skipped", found->messages[i].text);
}

static void resolve_candidate(struct scan *s, const char *path)
{
	struct diag found = {0};
	struct target t;
	enum target_status status = target_resolve_canonical(s->root, path, NULL, &t, &found);
	bool helped = status != TARGET_ERROR && helper_find(s->root, s->helper_dir, &t, &found);
	if (status == TARGET_OK || (status == TARGET_NO_MARKERS && helped)) {
		s->targets = xreallocarray(s->targets, s->count + 1, sizeof(*s->targets));
		s->targets[s->count++] = t;
	} else {
		report_unusable(s, &t, &found);
		target_free(&t);
	}
	diag_free(&found);
}

/* Drop libraries on their own that an executable found loads. */
static void drop_loaded_libraries(struct scan *s)
{
	struct path_list loaded = {0};
	for (size_t i = 0; i < s->count; i++)
		if (s->targets[i].exe && s->targets[i].library)
			path_list_add(&loaded, s->targets[i].library);
	size_t kept = 0;
	for (size_t i = 0; i < s->count; i++) {
		struct target *t = &s->targets[i];
		if (!t->exe && path_list_contains(&loaded, t->library))
			target_free(t);
		else
			s->targets[kept++] = *t;
	}
	s->count = kept;
	path_list_free(&loaded);
}

static int compare_targets(const void *a, const void *b)
{
	return strcmp(target_key(a), target_key(b));
}

int discover_pythons(struct root *root, const char *path_env, const char *helper_dir,
		     struct target **out, size_t *count, struct diag *diag)
{
	*out = NULL;
	*count = 0;
	if (root_check(root, diag) != 0)
		return -1;

	struct scan s = {.root = root, .helper_dir = helper_dir, .diag = diag};
	struct path_list dirs = {0};
	executable_dirs(root, path_env, &dirs);
	for (size_t i = 0; i < dirs.count; i++)
		scan_dir(&s, dirs.items[i], PY_NAME_EXECUTABLE);
	path_list_free(&dirs);
	libsearch_system_dirs(root, &dirs);
	for (size_t i = 0; i < dirs.count; i++)
		scan_dir(&s, dirs.items[i], PY_NAME_LIBRARY);
	path_list_free(&dirs);

	for (size_t i = 0; i < s.candidates.count; i++)
		resolve_candidate(&s, s.candidates.items[i]);
	drop_loaded_libraries(&s);
	if (s.count)
		qsort(s.targets, s.count, sizeof(*s.targets), compare_targets);

	path_list_free(&s.candidates);
	*out = s.targets;
	*count = s.count;
	return 0;
}

void discover_free(struct target *targets, size_t count)
{
	for (size_t i = 0; i < count; i++)
		target_free(&targets[i]);
	free(targets);
}
