/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pytapset's cache directory; see cache.h. */
#include "cache.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "settings.h"
#include "util.h"

uint64_t cache_hash(uint64_t hash, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++)
		hash = (hash ^ p[i]) * 0x100000001b3ULL;
	return hash;
}

/* PYTAPSET_CACHE, else $XDG_CACHE_HOME/pytapset or ~/.cache/pytapset. */
static char *cache_directory(void)
{
	const char *dir = setting_override(SETTING_CACHE_DIR);
	if (dir)
		return xstrdup(dir);
	const char *xdg = getenv("XDG_CACHE_HOME");
	if (xdg && *xdg == '/')
		return path_join(xdg, "pytapset");
	const char *home = getenv("HOME");
	return home && *home ? xasprintf("%s/.cache/pytapset", home) : NULL;
}

/* mkdir -p, each new directory private to its owner but readable. */
static int make_directories(const char *path)
{
	char *copy = xstrdup(path);
	int ret = 0;
	for (char *p = copy + 1; ret == 0; p++) {
		if (*p && *p != '/')
			continue;
		char end = *p;
		*p = '\0';
		if (mkdir(copy, 0755) != 0 && errno != EEXIST)
			ret = -1;
		*p = end;
		if (!end)
			break;
	}
	free(copy);
	return ret;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	remove(path);
	return 0;
}

static void remove_tree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *cache_entry(const char *kind, const char *name, const char *done_name,
		  int (*fill)(const char *dir, const void *arg, struct diag *diag),
		  const void *arg, struct diag *diag)
{
	char *cache = cache_directory();
	if (!cache) {
		diag_report(diag, DIAG_ERROR, "HOME", "not set: give pytapset a cache "
			    "directory with PYTAPSET_CACHE");
		return NULL;
	}
	char *parent = path_join(cache, kind);
	free(cache);
	char *dir = path_join(parent, name);
	char *done = path_join(dir, done_name);
	char *tmp = NULL;
	if (access(done, F_OK) == 0)
		goto out;
	tmp = xasprintf("%s/.%s.XXXXXX", parent, name);
	if (make_directories(parent) != 0 || !mkdtemp(tmp)) {
		diag_report(diag, DIAG_ERROR, parent, "cannot be made: %s", strerror(errno));
		goto fail;
	}
	/* The entry is readable by all, as its parents are. */
	chmod(tmp, 0755);
	if (fill(tmp, arg, diag) != 0)
		goto fail;
	if (rename(tmp, dir) != 0 && access(done, F_OK) != 0) {
		diag_report(diag, DIAG_ERROR, dir, "cannot be made: %s", strerror(errno));
		goto fail;
	}
	remove_tree(tmp);	/* only there if another run finished first */
	goto out;
fail:
	if (tmp)
		remove_tree(tmp);
	free(dir);
	dir = NULL;
out:
	free(tmp);
	free(done);
	free(parent);
	return dir;
}
