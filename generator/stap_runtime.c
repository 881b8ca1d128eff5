/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The stock SystemTap runtime and pytapset's fixed copy; see stap_runtime.h.
 */
#include "stap_runtime.h"

#include <errno.h>
#include <stdbool.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "process.h"
#include "settings.h"
#include "util.h"

/* Written into a finished copy: which fixes it has, from which runtime. */
#define FIXES_APPLIED_FILE ".pytapset-fixes"

char *stap_version(const char *stap)
{
	char *out;
	char *argv[] = {(char *)stap, "-V", NULL};
	int rc = process_capture(argv, NULL, &out);
	/* "Systemtap translator/driver (version 4.8/0.188, Debian version 4.8-2)" */
	char *version = out ? strstr(out, "(version ") : NULL;
	char *result = NULL;
	if (rc == 0 && version) {
		version += strlen("(version ");
		result = xstrndup(version, strcspn(version, ")\n"));
	}
	free(out);
	return result;
}

/* PREFIX/share/systemtap/runtime for PREFIX/bin/stap, symbolic links followed. */
static char *installed_runtime(const char *stap)
{
	char *found = process_find(stap);
	char *real = found ? realpath(found, NULL) : NULL;
	char *runtime = NULL;
	if (real) {
		char *bin = path_dirname(real);
		char *prefix = path_dirname(bin);
		runtime = path_join(prefix, "share/systemtap/runtime");
		free(prefix);
		free(bin);
	}
	free(real);
	free(found);
	return runtime;
}

static bool is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int stap_runtime_assess(struct stap_runtime *rt, const char *stap, const char *stock,
			const char *kernel, const char *fix_dir, struct diag *diag)
{
	*rt = (struct stap_runtime){0};
	rt->kernel = xstrdup(kernel);
	rt->stap_version = stap_version(stap);
	if (!rt->stap_version) {
		diag_report(diag, DIAG_ERROR, stap, "does not run, or 'stap -V' says no version");
		return -1;
	}
	rt->stock = stock ? xstrdup(stock) : installed_runtime(stap);
	if (!rt->stock || !is_directory(rt->stock)) {
		diag_report(diag, DIAG_ERROR, rt->stock ? rt->stock : stap,
			    "no SystemTap runtime there (give stap's with -R DIR or SYSTEMTAP_RUNTIME)");
		return -1;
	}
	if (runtime_fix_load(fix_dir, &rt->fixes, diag) != 0)
		return -1;
	char *patch = process_find("patch");
	if (!patch) {
		diag_report(diag, DIAG_ERROR, "patch",
			    "not found in PATH: the runtime fixes need it (apt-get install patch)");
		return -1;
	}
	free(patch);
	char *build = xasprintf("/lib/modules/%s/build", kernel);
	char *source = xasprintf("/lib/modules/%s/source", kernel);
	const char *build_dirs[] = {build, source, NULL};
	rt->verdicts = xcalloc(rt->fixes.count ? rt->fixes.count : 1, sizeof(*rt->verdicts));
	int ret = 0;
	for (size_t i = 0; i < rt->fixes.count && ret == 0; i++) {
		int verdict = runtime_fix_judge(&rt->fixes.fixes[i], rt->stock, build_dirs);
		if (verdict < 0) {
			diag_report(diag, DIAG_ERROR, "patch", "cannot be run: %s", strerror(errno));
			ret = -1;
		} else {
			rt->verdicts[i] = verdict;
			rt->applicable += verdict == FIX_APPLIES;
		}
	}
	free(build);
	free(source);
	return ret;
}

char *stap_runtime_fix_names(const struct stap_runtime *rt)
{
	char *names = xstrdup("");
	for (size_t i = 0; i < rt->fixes.count; i++) {
		if (rt->verdicts[i] != FIX_APPLIES)
			continue;
		char *longer = xasprintf("%s%s%s", names, *names ? ", " : "", rt->fixes.fixes[i].name);
		free(names);
		names = longer;
	}
	return names;
}

/* FNV-1a, 64 bits: names a copy by what went into it. */
static uint64_t fnv1a(uint64_t hash, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++)
		hash = (hash ^ p[i]) * 0x100000001b3ULL;
	return hash;
}

static uint64_t hash_file(uint64_t hash, const char *path)
{
	FILE *f = fopen(path, "re");
	char buf[4096];
	size_t n;
	while (f && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		hash = fnv1a(hash, buf, n);
	if (f)
		fclose(f);
	return hash;
}

/*
 * The copy's name: "stap-VERSION-KERNEL-HASH", VERSION reduced to the
 * characters a file name keeps readable, HASH over the stock runtime's
 * path and the applied fixes' files.
 */
static char *copy_name(const struct stap_runtime *rt)
{
	uint64_t hash = fnv1a(0xcbf29ce484222325ULL, rt->stock, strlen(rt->stock) + 1);
	for (size_t i = 0; i < rt->fixes.count; i++)
		if (rt->verdicts[i] == FIX_APPLIES)
			hash = hash_file(fnv1a(hash, rt->fixes.fixes[i].name,
					       strlen(rt->fixes.fixes[i].name) + 1),
					 rt->fixes.fixes[i].path);
	char *version = xstrdup(rt->stap_version);
	char *w = version;
	for (const char *r = rt->stap_version; *r; r++) {
		bool keep = (*r >= 'a' && *r <= 'z') || (*r >= 'A' && *r <= 'Z') ||
			    (*r >= '0' && *r <= '9') || *r == '.' || *r == '+';
		if (keep)
			*w++ = *r;
		else if (w > version && w[-1] != '-')
			*w++ = '-';
	}
	*w = '\0';
	char *name = xasprintf("stap-%s-%s-%012llx", version, rt->kernel,
			       (unsigned long long)(hash >> 16));
	free(version);
	return name;
}

/* pytapset's cache: PYTAPSET_CACHE, else $XDG_CACHE_HOME/pytapset or ~/.cache/pytapset. */
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

/* The first line of a program's OUTPUT, for a message. */
static int first_line_length(const char *output)
{
	return output ? (int)strcspn(output, "\n") : 0;
}

/*
 * Copy the stock runtime into DIR, apply the fixes, and write the record
 * of them last: its presence says the copy is complete.  0, or -1 with
 * the reason in DIAG.
 */
static int build_copy(const struct stap_runtime *rt, const char *dir, struct diag *diag)
{
	char *source = xasprintf("%s/.", rt->stock);
	char *argv[] = {"cp", "-a", source, (char *)dir, NULL};
	char *out;
	int ret = process_capture(argv, NULL, &out) == 0 ? 0 : -1;
	if (ret != 0)
		diag_report(diag, DIAG_ERROR, rt->stock, "cannot be copied: %.*s",
			    first_line_length(out), out ? out : "");
	free(out);
	free(source);
	for (size_t i = 0; i < rt->fixes.count && ret == 0; i++) {
		if (rt->verdicts[i] != FIX_APPLIES)
			continue;
		ret = runtime_fix_apply(&rt->fixes.fixes[i], dir, &out);
		if (ret != 0)
			diag_report(diag, DIAG_ERROR, rt->fixes.fixes[i].path,
				    "does not apply to a copy of %s: %.*s", rt->stock,
				    first_line_length(out), out ? out : "");
		free(out);
	}
	if (ret != 0)
		return ret;
	char *path = path_join(dir, FIXES_APPLIED_FILE);
	char *names = stap_runtime_fix_names(rt);
	FILE *record = fopen(path, "we");
	bool written = record && fprintf(record, "%s with %s, for %s (SystemTap %s)\n", rt->stock,
					 names, rt->kernel, rt->stap_version) >= 0;
	if (record && fclose(record) != 0)
		written = false;
	if (!written) {
		diag_report(diag, DIAG_ERROR, path, "cannot be written: %s", strerror(errno));
		ret = -1;
	}
	free(names);
	free(path);
	return ret;
}

char *stap_runtime_directory(const struct stap_runtime *rt, struct diag *diag)
{
	if (!rt->applicable)
		return xstrdup(rt->stock);
	char *cache = cache_directory();
	if (!cache) {
		diag_report(diag, DIAG_ERROR, "HOME", "not set: give pytapset a cache "
			    "directory with PYTAPSET_CACHE");
		return NULL;
	}
	char *parent = path_join(cache, "runtime");
	free(cache);
	char *name = copy_name(rt);
	char *dir = path_join(parent, name);
	char *done = path_join(dir, FIXES_APPLIED_FILE);
	char *tmp = NULL;
	if (access(done, F_OK) == 0)
		goto out;
	/*
	 * Made under a temporary name and renamed once complete, so that a
	 * copy that is there is whole, and two runs at once do not mix.
	 */
	tmp = xasprintf("%s/.%s.XXXXXX", parent, name);
	if (make_directories(parent) != 0 || !mkdtemp(tmp)) {
		diag_report(diag, DIAG_ERROR, parent, "cannot be made: %s", strerror(errno));
		goto fail;
	}
	if (build_copy(rt, tmp, diag) != 0)
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
	free(name);
	free(parent);
	return dir;
}

void stap_runtime_free(struct stap_runtime *rt)
{
	free(rt->stap_version);
	free(rt->stock);
	free(rt->kernel);
	free(rt->verdicts);
	runtime_fix_set_free(&rt->fixes);
}
