/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tapset of one process's Python; see private_tapset.h. */
#include "private_tapset.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cache.h"
#include "output.h"
#include "paths.h"
#include "tapset.h"
#include "util.h"

/* Hash the identity of the file at HOST, named NAME in the tapset. */
static uint64_t hash_identity(uint64_t hash, const char *name, const char *host)
{
	struct stat st;
	hash = cache_hash(hash, name, strlen(name) + 1);
	if (stat(host, &st) != 0)
		return hash;
	const uint64_t identity[] = {
		st.st_dev, st.st_ino, (uint64_t)st.st_size,
		(uint64_t)st.st_mtim.tv_sec, (uint64_t)st.st_mtim.tv_nsec,
	};
	return cache_hash(hash, identity, sizeof(identity));
}

/* Hash the identity of every file in the template directory DIR. */
static uint64_t hash_templates(uint64_t hash, const char *dir)
{
	struct path_list names = {0};
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			path_list_add(&names, e->d_name);
	if (d)
		closedir(d);
	path_list_sort(&names);
	for (size_t i = 0; i < names.count; i++) {
		char *path = path_join(dir, names.items[i]);
		hash = hash_identity(hash, path, path);
		free(path);
	}
	path_list_free(&names);
	return hash;
}

struct render_args {
	struct target *target;
	const char *template_dir;
};

static int write_tapset(const char *dir, const void *arg, struct diag *diag)
{
	const struct render_args *a = arg;
	char *text = NULL;
	size_t size = 0;
	/*
	 * Its warnings (a marker left out) are said, when a script needs
	 * that marker, from the reason the tapset itself carries.
	 */
	struct diag render = {0};
	int ret = tapset_render_targets(a->target, 1, a->template_dir, &text, &size, &render);
	if (ret != 0)
		diag_append(diag, &render);
	diag_free(&render);
	char *path = path_join(dir, TAPSET_FILE);
	if (ret == 0)
		ret = output_write_atomic(path, text, size, diag);
	free(path);
	free(text);
	return ret;
}

char *private_tapset_dir(struct root *root, struct target *t, const char *template_dir,
			 struct diag *diag)
{
	const char *files[] = {t->exe, t->library, t->helper};
	uint64_t hash = hash_templates(CACHE_HASH_START, template_dir);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *host = files[i] ? root_host_path(root, files[i]) : NULL;
		hash = host ? hash_identity(hash, files[i], host) : cache_hash(hash, "", 1);
		free(host);
	}
	const char *key = target_key(t);
	char *name = xasprintf("%s-%012llx", strrchr(key, '/') + 1,
			       (unsigned long long)(hash >> 16));
	struct render_args args = {.target = t, .template_dir = template_dir};
	char *dir = cache_entry("tapset", name, TAPSET_FILE, write_tapset, &args, diag);
	free(name);
	return dir;
}
