/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The stock SystemTap runtime and pytapset's fixed copy; see stap_runtime.h.
 */
#include "stap_runtime.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
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

char *stap_share_dir(const char *stap, const char *name)
{
	char *found = process_find(stap);
	char *real = found ? realpath(found, NULL) : NULL;
	char *runtime = NULL;
	if (real) {
		char *bin = path_dirname(real);
		char *prefix = path_dirname(bin);
		char *share = path_join(prefix, "share/systemtap");
		runtime = path_join(share, name);
		free(share);
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
	rt->stock = stock ? xstrdup(stock) : stap_share_dir(stap, "runtime");
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

static uint64_t hash_file(uint64_t hash, const char *path)
{
	FILE *f = fopen(path, "re");
	char buf[4096];
	size_t n;
	while (f && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		hash = cache_hash(hash, buf, n);
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
	uint64_t hash = cache_hash(CACHE_HASH_START, rt->stock, strlen(rt->stock) + 1);
	for (size_t i = 0; i < rt->fixes.count; i++)
		if (rt->verdicts[i] == FIX_APPLIES)
			hash = hash_file(cache_hash(hash, rt->fixes.fixes[i].name,
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
static int build_copy(const char *dir, const void *arg, struct diag *diag)
{
	const struct stap_runtime *rt = arg;
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
	char *name = copy_name(rt);
	char *dir = cache_entry("runtime", name, FIXES_APPLIED_FILE, build_copy, rt, diag);
	free(name);
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
