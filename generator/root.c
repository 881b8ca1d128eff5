/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "root.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ldconf.h"
#include "util.h"

/* Linux gives up with ELOOP after following this many links in one lookup. */
#define SYMLINK_LIMIT 40

/* One file as read once: what the reader gave, to be given again. */
struct read_file {
	char *canonical;
	struct sdt_file file;
	int status;		/* sdt_file_read()'s */
	/*
	 * The reader's messages, apart: why the file is no probe source at
	 * all (a library search refuses those without a word), and what is
	 * wrong in a probe source.
	 */
	struct diag refusals, problems;
};

/* One directory as listed once. */
struct listing {
	char *dir;
	struct path_list names;
};

/*
 * A run reads tens of files and lists tens of directories: arrays
 * searched in order are as fast as anything, and simpler.  They hold
 * pointers, because callers keep what they were given while more is read.
 */
struct root {
	char *dir;		/* NULL on the running system */
	size_t dir_len;		/* without trailing slashes */
	struct read_file **files;
	size_t file_count;
	struct listing **listings;
	size_t listing_count;
	struct path_list loader_dirs;
	bool loader_read;
};

/* Length of DIR without its trailing slashes: 0 means the running system. */
static size_t dir_length(const char *dir)
{
	size_t n = dir ? strlen(dir) : 0;
	while (n > 0 && dir[n - 1] == '/')
		n--;
	return n;
}

struct root *root_open(const char *dir)
{
	size_t n = dir_length(dir);
	struct root *root = xcalloc(1, sizeof(*root));
	root->dir = n > 0 ? xstrdup(dir) : NULL;
	root->dir_len = n;
	return root;
}

int root_check(const struct root *root, struct diag *diag)
{
	struct stat st;
	if (root_is_host(root))
		return 0;
	if (stat(root->dir, &st) != 0) {
		diag_report(diag, DIAG_ERROR, root->dir, "%s", strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_report(diag, DIAG_ERROR, root->dir, "not a directory");
		return -1;
	}
	return 0;
}

void root_free(struct root *root)
{
	if (!root)
		return;
	for (size_t i = 0; i < root->file_count; i++) {
		struct read_file *f = root->files[i];
		free(f->canonical);
		sdt_file_free(&f->file);
		diag_free(&f->refusals);
		diag_free(&f->problems);
		free(f);
	}
	free(root->files);
	for (size_t i = 0; i < root->listing_count; i++) {
		free(root->listings[i]->dir);
		path_list_free(&root->listings[i]->names);
		free(root->listings[i]);
	}
	free(root->listings);
	path_list_free(&root->loader_dirs);
	free(root->dir);
	free(root);
}

bool root_is_host(const struct root *root)
{
	return root->dir_len == 0;
}

char *root_host_path(const struct root *root, const char *installed)
{
	if (root_is_host(root))
		return xstrdup(installed);
	return xasprintf("%.*s%s%s", (int)root->dir_len, root->dir,
			 installed[0] == '/' ? "" : "/", installed);
}

/* The root's directory with glob's special characters escaped. */
static char *glob_escaped_dir(const struct root *root)
{
	char *escaped = xmalloc(2 * root->dir_len + 1), *e = escaped;
	for (size_t i = 0; i < root->dir_len; i++) {
		if (strchr("*?[\\", root->dir[i]))
			*e++ = '\\';
		*e++ = root->dir[i];
	}
	*e = '\0';
	return escaped;
}

void root_glob(const struct root *root, const char *pattern, struct path_list *out)
{
	char *dir = glob_escaped_dir(root);
	char *host_pattern = xasprintf("%s%s%s", dir, pattern[0] == '/' ? "" : "/",
				       pattern);
	glob_t matches;
	if (glob(host_pattern, 0, NULL, &matches) == 0) {
		for (size_t i = 0; i < matches.gl_pathc; i++)
			path_list_add(out, matches.gl_pathv[i] + root->dir_len);
	}
	globfree(&matches);
	free(host_pattern);
	free(dir);
}

bool root_is_directory(const struct root *root, const char *dir)
{
	char *host = root_host_path(root, dir);
	struct stat st;
	bool is_dir = stat(host, &st) == 0 && S_ISDIR(st.st_mode);
	free(host);
	return is_dir;
}

const struct path_list *root_list(struct root *root, const char *dir)
{
	for (size_t i = 0; i < root->listing_count; i++)
		if (strcmp(root->listings[i]->dir, dir) == 0)
			return &root->listings[i]->names;
	root->listings = xreallocarray(root->listings, root->listing_count + 1,
				       sizeof(*root->listings));
	struct listing *l = xcalloc(1, sizeof(*l));
	root->listings[root->listing_count++] = l;
	l->dir = xstrdup(dir);
	char *host = root_host_path(root, dir);
	DIR *d = opendir(host);
	free(host);
	if (!d)
		return &l->names;
	for (struct dirent *e = readdir(d); e; e = readdir(d))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			path_list_append(&l->names, e->d_name);
	closedir(d);
	path_list_sort(&l->names);
	return &l->names;
}

const struct path_list *root_loader_dirs(struct root *root)
{
	if (!root->loader_read) {
		ldconf_read(root, &root->loader_dirs);
		root->loader_read = true;
	}
	return &root->loader_dirs;
}

FILE *root_fopen(const struct root *root, const char *installed)
{
	char *host = root_host_path(root, installed);
	FILE *f = fopen(host, "re");
	free(host);
	return f;
}

/* ---- reading ELF files, once each ---- */

static struct read_file *read_once(struct root *root, const char *canonical)
{
	for (size_t i = 0; i < root->file_count; i++)
		if (strcmp(root->files[i]->canonical, canonical) == 0)
			return root->files[i];
	root->files = xreallocarray(root->files, root->file_count + 1, sizeof(*root->files));
	struct read_file *f = xcalloc(1, sizeof(*f));
	root->files[root->file_count++] = f;
	f->canonical = xstrdup(canonical);
	char *host = root_host_path(root, canonical);
	f->status = sdt_file_read_sorted(host, &f->file, &f->refusals, &f->problems);
	free(host);
	return f;
}

int root_read(struct root *root, const char *canonical, const struct sdt_file **file,
	      struct diag *diag)
{
	struct read_file *f = read_once(root, canonical);
	diag_append(diag, &f->refusals);
	diag_append(diag, &f->problems);
	*file = &f->file;
	return f->status == 0 && f->problems.errors == 0 ? 0 : -1;
}

const struct sdt_file *root_read_library(struct root *root, const char *canonical,
					 const struct sdt_abi *abi, struct diag *diag)
{
	struct read_file *f = read_once(root, canonical);
	/* Refusals first: a file that is no probe source has no type or ABI. */
	if (f->refusals.count || f->file.type != SDT_FILE_DYN ||
	    !sdt_abi_equal(&f->file.abi, abi))
		return NULL;
	diag_append(diag, &f->problems);
	return f->status == 0 ? &f->file : NULL;
}

/* ---- canonical paths ---- */
/*
 * The absolute installed path the walk starts from.  A relative path is
 * relative to the working directory on the running system, and to the
 * top of a directory root.
 */
static char *absolute_start(const struct root *root, const char *path, int *err)
{
	if (!*path) {
		*err = ENOENT;
		return NULL;
	}
	if (path[0] == '/')
		return xstrdup(path);
	if (!root_is_host(root))
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
	const struct root *root;
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

	char *host = root_host_path(w->root, w->done);
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

static char *walk_path(const struct root *root, char *start, int *err)
{
	struct walk *w = xcalloc(1, sizeof(*w));
	w->root = root;
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

char *root_canonical(const struct root *root, const char *path, struct diag *diag)
{
	int err = 0;
	char *start = absolute_start(root, path, &err);
	char *result = start ? walk_path(root, start, &err) : NULL;
	if (result)
		return result;
	if (diag && !root_is_host(root))
		diag_report(diag, DIAG_ERROR, path, "%s (in the sysroot %s)",
			    strerror(err), root->dir);
	else if (diag)
		diag_report(diag, DIAG_ERROR, path, "%s", strerror(err));
	errno = err;
	return NULL;
}

