/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "paths.h"

#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* Linux gives up with ELOOP after following this many links in one lookup. */
#define SYMLINK_LIMIT 40

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

/* Length of SYSROOT without its trailing slashes: 0 means no sysroot. */
static size_t sysroot_length(const char *sysroot)
{
	size_t n = sysroot ? strlen(sysroot) : 0;
	while (n > 0 && sysroot[n - 1] == '/')
		n--;
	return n;
}

bool path_has_sysroot(const char *sysroot)
{
	return sysroot_length(sysroot) > 0;
}

char *path_on_host(const char *sysroot, const char *installed)
{
	size_t n = sysroot_length(sysroot);
	if (n == 0)
		return xstrdup(installed);
	return xasprintf("%.*s%s%s", (int)n, sysroot,
			 installed[0] == '/' ? "" : "/", installed);
}

/* SYSROOT's first N characters with glob's special characters escaped. */
static char *glob_escape(const char *sysroot, size_t n)
{
	char *escaped = xmalloc(2 * n + 1), *e = escaped;
	for (size_t i = 0; i < n; i++) {
		if (strchr("*?[\\", sysroot[i]))
			*e++ = '\\';
		*e++ = sysroot[i];
	}
	*e = '\0';
	return escaped;
}

void path_glob(const char *sysroot, const char *pattern, struct path_list *out)
{
	size_t n = sysroot_length(sysroot);
	char *root = glob_escape(sysroot ? sysroot : "", n);
	char *host_pattern = xasprintf("%s%s%s", root, pattern[0] == '/' ? "" : "/",
				       pattern);
	glob_t matches;
	if (glob(host_pattern, 0, NULL, &matches) == 0) {
		for (size_t i = 0; i < matches.gl_pathc; i++)
			path_list_add(out, matches.gl_pathv[i] + n);
	}
	globfree(&matches);
	free(host_pattern);
	free(root);
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
 * The absolute installed path the walk starts from.  A relative path is
 * relative to the working directory on the running system, and to the
 * root of a sysroot.
 */
static char *absolute_start(const char *sysroot, const char *path, int *err)
{
	if (!*path) {
		*err = ENOENT;
		return NULL;
	}
	if (path[0] == '/')
		return xstrdup(path);
	if (path_has_sysroot(sysroot))
		return xasprintf("/%s", path);
	char *cwd = getcwd(NULL, 0);
	if (!cwd) {
		*err = errno;
		return NULL;
	}
	char *abs = path_join(cwd, path);
	free(cwd);
	return abs;
}

/* The target of the symbolic link HOST, or NULL with *ERR set. */
static char *link_target(const char *host, int *err)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(host, buf, sizeof(buf));
	if (n < 0) {
		*err = errno;
		return NULL;
	}
	if ((size_t)n == sizeof(buf)) {
		*err = ENAMETOOLONG;
		return NULL;
	}
	if (n == 0) {
		*err = ENOENT;	/* Linux refuses empty link targets so */
		return NULL;
	}
	return xstrndup(buf, (size_t)n);
}

/*
 * The state of one canonicalisation: DONE holds the resolved installed
 * prefix (empty for the root, never a trailing slash), TODO what is still
 * to be resolved, from NEXT on.
 */
struct walk {
	const char *sysroot;
	char done[PATH_MAX];
	size_t done_len;
	char *todo;
	const char *next;
	int links;
};

static void walk_up(struct walk *w)
{
	while (w->done_len > 0 && w->done[w->done_len - 1] != '/')
		w->done_len--;
	if (w->done_len > 0)
		w->done_len--;
	w->done[w->done_len] = '\0';
}

/*
 * Replace the component just appended to DONE by the target of the link
 * it is, followed by the rest of TODO (REST starts with '/' or is empty).
 */
static int walk_follow(struct walk *w, const char *host, size_t parent_len,
		       const char *rest, int *err)
{
	if (++w->links > SYMLINK_LIMIT) {
		*err = ELOOP;
		return -1;
	}
	char *target = link_target(host, err);
	if (!target)
		return -1;
	w->done_len = target[0] == '/' ? 0 : parent_len;
	w->done[w->done_len] = '\0';
	char *todo = xasprintf("%s%s", target, rest);
	free(target);
	free(w->todo);
	w->todo = todo;
	w->next = todo;
	return 0;
}

/* Resolve the component NAME of length LEN; REST is what follows it. */
static int walk_component(struct walk *w, const char *name, size_t len,
			  const char *rest, int *err)
{
	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		walk_up(w);
		return 0;
	}
	size_t parent_len = w->done_len;
	if (parent_len + 1 + len >= sizeof(w->done)) {
		*err = ENAMETOOLONG;
		return -1;
	}
	w->done[w->done_len++] = '/';
	memcpy(w->done + w->done_len, name, len);
	w->done_len += len;
	w->done[w->done_len] = '\0';

	char *host = path_on_host(w->sysroot, w->done);
	struct stat st;
	int ret = 0;
	if (lstat(host, &st) != 0) {
		*err = errno;
		ret = -1;
	} else if (S_ISLNK(st.st_mode)) {
		ret = walk_follow(w, host, parent_len, rest, err);
	} else if (!S_ISDIR(st.st_mode) && *rest) {
		*err = ENOTDIR;
		ret = -1;
	}
	free(host);
	return ret;
}

static char *walk_path(const char *sysroot, char *start, int *err)
{
	struct walk *w = xcalloc(1, sizeof(*w));
	w->sysroot = sysroot;
	w->todo = start;
	w->next = start;
	char *result = NULL;
	for (;;) {
		while (*w->next == '/')
			w->next++;
		if (!*w->next) {
			result = w->done_len ? xstrdup(w->done) : xstrdup("/");
			break;
		}
		const char *name = w->next;
		const char *end = strchrnul(name, '/');
		w->next = end;
		if (walk_component(w, name, (size_t)(end - name), end, err) != 0)
			break;
	}
	free(w->todo);
	free(w);
	return result;
}

char *path_canonical(const char *sysroot, const char *path, struct diag *diag)
{
	int err = 0;
	char *start = absolute_start(sysroot, path, &err);
	char *result = start ? walk_path(sysroot, start, &err) : NULL;
	if (result)
		return result;
	if (diag && path_has_sysroot(sysroot))
		diag_report(diag, DIAG_ERROR, path, "%s (in the sysroot %s)",
			    strerror(err), sysroot);
	else if (diag)
		diag_report(diag, DIAG_ERROR, path, "%s", strerror(err));
	errno = err;
	return NULL;
}
