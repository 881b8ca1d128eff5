/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "libsearch.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "root.h"
#include "util.h"

/* Call FN(ROW, ARG) for every row of the ABI table matching ABI (NULL: all). */
static void for_abi_rows(const struct sdt_abi *abi,
			 void (*fn)(const struct sdt_abi_row *row, void *arg), void *arg)
{
	size_t count;
	const struct sdt_abi_row *rows = sdt_abi_rows(&count);
	for (size_t i = 0; i < count; i++)
		if (!abi || sdt_abi_equal(&rows[i].abi, abi))
			fn(&rows[i], arg);
}

/* /lib/TRIPLET and /usr/lib/TRIPLET of ROW's ABI. */
static void add_triplet_dirs(const struct sdt_abi_row *row, void *arg)
{
	struct path_list *dirs = arg;
	if (!row->triplet)
		return;
	char *lib = xasprintf("/lib/%s", row->triplet);
	char *usr_lib = xasprintf("/usr/lib/%s", row->triplet);
	path_list_add(dirs, lib);
	path_list_add(dirs, usr_lib);
	free(lib);
	free(usr_lib);
}

static void add_generic_dirs(bool lib64, struct path_list *dirs)
{
	if (lib64) {
		path_list_add(dirs, "/lib64");
		path_list_add(dirs, "/usr/lib64");
	}
	path_list_add(dirs, "/lib");
	path_list_add(dirs, "/usr/lib");
}

/* Whether one of DIRS is a directory in ROOT. */
static bool any_directory(const struct root *root, const struct path_list *dirs)
{
	bool found = false;
	for (size_t i = 0; i < dirs->count && !found; i++)
		found = root_is_directory(root, dirs->items[i]);
	return found;
}

/*
 * ld.so's built-in directories are compiled into it and differ between
 * distributions: a multiarch loader (Debian) searches /lib/TRIPLET and
 * /usr/lib/TRIPLET, then /lib and /usr/lib; the 64-bit loader of a lib64
 * system (Fedora) /lib64 and /usr/lib64; others /lib and /usr/lib.  The
 * target's loader cannot be asked, so the tree tells which it is.
 */
void libsearch_default_dirs(const struct root *root, const struct sdt_abi *abi,
			    struct path_list *dirs)
{
	struct path_list multiarch = {0}, lib64 = {0};
	for_abi_rows(abi, add_triplet_dirs, &multiarch);
	if (abi->bits == 64) {
		path_list_add(&lib64, "/lib64");
		path_list_add(&lib64, "/usr/lib64");
	}
	const struct path_list *own = any_directory(root, &multiarch) ? &multiarch
				      : any_directory(root, &lib64) ? &lib64 : NULL;
	for (size_t i = 0; own && i < own->count; i++)
		path_list_add(dirs, own->items[i]);
	if (own != &lib64)
		add_generic_dirs(false, dirs);
	path_list_free(&multiarch);
	path_list_free(&lib64);
}

/* Append the directories of LIST to DIRS. */
static void add_dirs(struct path_list *dirs, const struct path_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		path_list_add(dirs, list->items[i]);
}

void libsearch_system_dirs(struct root *root, struct path_list *dirs)
{
	add_dirs(dirs, root_loader_dirs(root));
	for_abi_rows(NULL, add_triplet_dirs, dirs);
	add_generic_dirs(true, dirs);
}

/* ---- RPATH and RUNPATH ---- */

enum dst_token { DST_ORIGIN, DST_LIB, DST_PLATFORM, DST_COUNT };

static const char *const dst_names[DST_COUNT] = {"ORIGIN", "LIB", "PLATFORM"};

/* What each token may stand for; an empty list drops the element. */
struct expansion {
	struct path_list values[DST_COUNT];
};

/*
 * If S (which starts with '$') is a token, its kind and *LEN, its length
 * in S; -1 otherwise.  e.g. "$ORIGIN/../lib", "${LIB}", but not
 * "$ORIGINAL", which ld.so does not take for $ORIGIN either.
 */
static int dst_at(const char *s, size_t *len)
{
	bool brace = s[1] == '{';
	const char *name = s + 1 + brace;
	for (int i = 0; i < DST_COUNT; i++) {
		size_t n = strlen(dst_names[i]);
		if (strncmp(name, dst_names[i], n) != 0)
			continue;
		if (brace && name[n] == '}') {
			*len = n + 3;
			return i;
		}
		if (!brace && !isalnum((unsigned char)name[n]) && name[n] != '_') {
			*len = n + 1;
			return i;
		}
	}
	return -1;
}

/* Expand the tokens of REST, with PREFIX already expanded, into DIRS. */
static void expand_element(const struct expansion *x, const char *prefix,
			   const char *rest, struct path_list *dirs)
{
	const char *dollar = rest;
	size_t len = 0;
	int token = -1;
	while ((dollar = strchr(dollar, '$')) && (token = dst_at(dollar, &len)) < 0)
		dollar++;
	if (!dollar) {
		char *dir = xasprintf("%s%s", prefix, rest);
		if (dir[0] == '/')
			path_list_add(dirs, dir);
		free(dir);
		return;
	}
	const struct path_list *values = &x->values[token];
	for (size_t i = 0; i < values->count; i++) {
		char *head = xasprintf("%s%.*s%s", prefix, (int)(dollar - rest), rest,
				       values->items[i]);
		expand_element(x, head, dollar + len, dirs);
		free(head);
	}
}

static void expand_path(const struct expansion *x, const char *path,
			struct path_list *dirs)
{
	char *copy = xstrdup(path);
	char *save = NULL;
	for (char *element = strtok_r(copy, ":", &save); element;
	     element = strtok_r(NULL, ":", &save))
		expand_element(x, "", element, dirs);
	free(copy);
}

/* $LIB and $PLATFORM of ROW's ABI. */
static void add_abi_tokens(const struct sdt_abi_row *row, void *arg)
{
	struct expansion *x = arg;
	if (row->triplet) {
		char *lib = xasprintf("lib/%s", row->triplet);
		path_list_add(&x->values[DST_LIB], lib);
		free(lib);
	}
	if (row->platform)
		path_list_add(&x->values[DST_PLATFORM], row->platform);
}

static void expansion_init(struct expansion *x, const struct sdt_abi *abi,
			   const char *obj_path)
{
	*x = (struct expansion){0};
	if (obj_path) {
		char *origin = path_dirname(obj_path);
		path_list_add(&x->values[DST_ORIGIN], origin);
		free(origin);
	}
	for_abi_rows(abi, add_abi_tokens, x);
	if (abi->bits == 64)
		path_list_add(&x->values[DST_LIB], "lib64");
	path_list_add(&x->values[DST_LIB], "lib");
}

static void expansion_free(struct expansion *x)
{
	for (int i = 0; i < DST_COUNT; i++)
		path_list_free(&x->values[i]);
}

void libsearch_path(struct root *root, const struct sdt_file *obj,
		    const char *obj_path, struct path_list *dirs)
{
	struct expansion x;
	expansion_init(&x, &obj->abi, obj_path);
	/* DT_RUNPATH, when present, makes ld.so ignore DT_RPATH. */
	if (obj->rpath && !obj->runpath)
		expand_path(&x, obj->rpath, dirs);
	if (obj->runpath)
		expand_path(&x, obj->runpath, dirs);
	expansion_free(&x);
	add_dirs(dirs, root_loader_dirs(root));
	libsearch_default_dirs(root, &obj->abi, dirs);
}

/* ---- candidates ---- */

/* The canonical path of CANDIDATE if ld.so would load it, else NULL. */
static char *try_candidate(struct root *root, const char *candidate,
			   const struct sdt_abi *abi, const struct sdt_file **lib,
			   struct diag *diag)
{
	char *canonical = root_canonical(root, candidate, NULL);
	*lib = canonical ? root_read_library(root, canonical, abi, diag) : NULL;
	if (!*lib) {
		free(canonical);
		return NULL;
	}
	return canonical;
}

char *libsearch_find(struct root *root, const struct sdt_file *obj,
		     const char *obj_path, const char *needed, const struct sdt_file **lib,
		     struct diag *diag)
{
	*lib = NULL;
	if (strchr(needed, '/'))
		return needed[0] == '/' ? try_candidate(root, needed, &obj->abi, lib, diag)
					: NULL;

	struct path_list dirs = {0};
	libsearch_path(root, obj, obj_path, &dirs);
	char *found = NULL;
	for (size_t i = 0; i < dirs.count && !found; i++) {
		char *candidate = path_join(dirs.items[i], needed);
		found = try_candidate(root, candidate, &obj->abi, lib, diag);
		free(candidate);
	}
	path_list_free(&dirs);
	return found;
}
