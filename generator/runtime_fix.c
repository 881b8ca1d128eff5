/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading and judging the runtime fixes; see runtime_fix.h.
 */
#include "runtime_fix.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "process.h"
#include "util.h"

/* The header fields, in the order a fix file gives them. */
enum field { F_SUMMARY, F_KERNEL_CHANGE, F_UPSTREAM, F_KERNEL_TEST, F_RUNTIME_TEST, F_COUNT };
static const struct {
	const char *name;
	bool required;
	bool two_words;		/* "WHERE WHAT": a file, then a word or text */
} fields[F_COUNT] = {
	[F_SUMMARY] = {"Summary", true, false},
	[F_KERNEL_CHANGE] = {"Kernel-change", true, false},
	[F_UPSTREAM] = {"Upstream", true, false},
	[F_KERNEL_TEST] = {"Needed-if-kernel-declares", false, true},
	[F_RUNTIME_TEST] = {"Unneeded-if-runtime-has", false, true},
};

static void fix_free(struct runtime_fix *fix)
{
	free(fix->name);
	free(fix->path);
	free(fix->summary);
	free(fix->kernel_change);
	free(fix->upstream);
	free(fix->kernel_header);
	free(fix->kernel_word);
	free(fix->runtime_file);
	free(fix->runtime_text);
	for (size_t i = 0; i < fix->file_count; i++)
		free(fix->files[i]);
	free(fix->files);
}

/* Split "WHERE WHAT" into two strings; false if there is no WHAT. */
static bool split_test(const char *value, char **where, char **what)
{
	size_t len = strcspn(value, " \t");
	const char *rest = value + len + strspn(value + len, " \t");
	if (!len || !*rest)
		return false;
	*where = xstrndup(value, len);
	*what = xstrdup(rest);
	return true;
}

/* Parse the fix file PATH into FIX; NULL, or why it is not a fix file. */
static const char *parse_fix(const char *path, struct runtime_fix *fix)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return strerror(errno);
	char *values[F_COUNT] = {0};
	char *line = NULL;
	size_t size = 0;
	ssize_t len;
	const char *why = NULL;
	bool header = true, diff = false;
	while (!why && (len = getline(&line, &size, f)) >= 0) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "--- a/", 6) == 0)
			diff = true;
		if (diff && strncmp(line, "+++ b/", 6) == 0) {
			fix->files = xreallocarray(fix->files, fix->file_count + 1, sizeof(*fix->files));
			fix->files[fix->file_count++] = xstrndup(line + 6, strcspn(line + 6, " \t"));
		}
		if (!header || line[0] == '#')
			continue;
		if (!line[0]) {
			header = false;
			continue;
		}
		char *colon = strstr(line, ": ");
		enum field k = F_COUNT;
		for (enum field i = 0; colon && i < F_COUNT; i++)
			if ((size_t)(colon - line) == strlen(fields[i].name) &&
			    strncmp(line, fields[i].name, strlen(fields[i].name)) == 0)
				k = i;
		if (k == F_COUNT)
			why = "expected 'Field: value' lines before the first empty line";
		else if (values[k])
			why = "a field is given twice";
		else
			values[k] = xstrdup(colon + 2);
	}
	free(line);
	fclose(f);
	for (enum field i = 0; !why && i < F_COUNT; i++)
		if (fields[i].required && !values[i])
			why = "a Summary, Kernel-change and Upstream field are required";
	if (!why && !diff)
		why = "no diff (a line '--- a/FILE') follows the explanation";
	if (!why && values[F_KERNEL_TEST] &&
	    !split_test(values[F_KERNEL_TEST], &fix->kernel_header, &fix->kernel_word))
		why = "Needed-if-kernel-declares takes a header and a word";
	if (!why && values[F_RUNTIME_TEST] &&
	    !split_test(values[F_RUNTIME_TEST], &fix->runtime_file, &fix->runtime_text))
		why = "Unneeded-if-runtime-has takes a file and a text";
	fix->summary = values[F_SUMMARY];
	fix->kernel_change = values[F_KERNEL_CHANGE];
	fix->upstream = values[F_UPSTREAM];
	free(values[F_KERNEL_TEST]);
	free(values[F_RUNTIME_TEST]);
	return why;
}

static int compare_fixes(const void *a, const void *b)
{
	return strcmp(((const struct runtime_fix *)a)->name, ((const struct runtime_fix *)b)->name);
}

int runtime_fix_load(const char *dir, struct runtime_fix_set *set, struct diag *diag)
{
	*set = (struct runtime_fix_set){0};
	DIR *d = opendir(dir);
	if (!d) {
		diag_report(diag, DIAG_ERROR, dir, "%s", strerror(errno));
		return -1;
	}
	size_t suffix = strlen(RUNTIME_FIX_SUFFIX);
	struct dirent *e;
	int ret = 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len <= suffix || e->d_name[0] == '.' ||
		    strcmp(e->d_name + len - suffix, RUNTIME_FIX_SUFFIX) != 0)
			continue;
		/* Absolute: patch(1) reads it from inside the runtime directory. */
		char *relative = path_join(dir, e->d_name);
		char *absolute = realpath(relative, NULL);
		struct runtime_fix fix = {.name = xstrndup(e->d_name, len - suffix),
					  .path = absolute ? absolute : relative};
		if (absolute)
			free(relative);
		const char *why = parse_fix(fix.path, &fix);
		if (why) {
			diag_report(diag, DIAG_ERROR, fix.path, "%s", why);
			fix_free(&fix);
			ret = -1;
			continue;
		}
		set->fixes = xreallocarray(set->fixes, set->count + 1, sizeof(*set->fixes));
		set->fixes[set->count++] = fix;
	}
	closedir(d);
	if (ret != 0)
		runtime_fix_set_free(set);
	else if (set->count)
		qsort(set->fixes, set->count, sizeof(*set->fixes), compare_fixes);
	return ret;
}

void runtime_fix_set_free(struct runtime_fix_set *set)
{
	for (size_t i = 0; i < set->count; i++)
		fix_free(&set->fixes[i]);
	free(set->fixes);
	*set = (struct runtime_fix_set){0};
}

/* Whether PATH contains TEXT; with WHOLE_WORD, as an identifier of its own. */
static bool file_contains(const char *path, const char *text, bool whole_word)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	char *line = NULL;
	size_t size = 0, len = strlen(text);
	bool found = false;
	while (!found && getline(&line, &size, f) >= 0)
		for (const char *p = line; !found && (p = strstr(p, text)); p++)
			found = !whole_word ||
				((p == line || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
				 !(isalnum((unsigned char)p[len]) || p[len] == '_'));
	free(line);
	fclose(f);
	return found;
}

static bool kernel_declares(const char *const *build_dirs, const char *header, const char *word)
{
	bool found = false;
	for (const char *const *d = build_dirs; *d && !found; d++) {
		char *path = path_join(*d, header);
		found = file_contains(path, word, true);
		free(path);
	}
	return found;
}

/* patch -p1 inside DIR with FIX: forward (-N) or reversed (-R), perhaps only tried. */
static int run_patch(const struct runtime_fix *fix, const char *dir, bool dry_run, bool reverse,
		     char **output)
{
	char *argv[12];
	int n = 0;
	argv[n++] = "patch";
	argv[n++] = "-d";
	argv[n++] = (char *)dir;
	argv[n++] = "-p1";
	/* No fuzz: a fix goes exactly where it was written for, or nowhere. */
	argv[n++] = "-F0";
	argv[n++] = reverse ? "-R" : "-N";
	argv[n++] = "--no-backup-if-mismatch";
	argv[n++] = "-s";
	if (dry_run)
		argv[n++] = "--dry-run";
	argv[n++] = "-i";
	argv[n++] = fix->path;
	argv[n] = NULL;
	return process_capture(argv, NULL, output);
}

int runtime_fix_judge(const struct runtime_fix *fix, const char *runtime_dir,
		      const char *const *build_dirs)
{
	if (fix->kernel_header && !kernel_declares(build_dirs, fix->kernel_header, fix->kernel_word))
		return FIX_KERNEL_UNAFFECTED;
	if (fix->runtime_file) {
		char *path = path_join(runtime_dir, fix->runtime_file);
		bool has = file_contains(path, fix->runtime_text, false);
		free(path);
		if (has)
			return FIX_UPSTREAM_HAS_IT;
	}
	char *out;
	int rc = run_patch(fix, runtime_dir, true, false, &out);
	free(out);
	if (rc == 0)
		return FIX_APPLIES;
	if (rc < 0 || rc == 127)
		return -1;
	rc = run_patch(fix, runtime_dir, true, true, &out);
	free(out);
	return rc == 0 ? FIX_ALREADY_APPLIED : FIX_DOES_NOT_FIT;
}

int runtime_fix_apply(const struct runtime_fix *fix, const char *dir, char **output)
{
	return run_patch(fix, dir, false, false, output) == 0 ? 0 : -1;
}

const struct runtime_fix *runtime_fix_for_failure(const struct runtime_fix_set *set,
						  const enum fix_verdict *verdicts,
						  const char *output)
{
	for (size_t i = 0; output && i < set->count; i++) {
		const struct runtime_fix *fix = &set->fixes[i];
		for (size_t f = 0; verdicts[i] == FIX_APPLIES && f < fix->file_count; f++) {
			/* The compiler names the copy's path: match on "/FILE:". */
			char *needle = xasprintf("/%s:", fix->files[f]);
			bool named = strstr(output, needle);
			free(needle);
			if (named)
				return fix;
		}
	}
	return NULL;
}

const char *fix_verdict_text(enum fix_verdict verdict)
{
	switch (verdict) {
	case FIX_APPLIES:
		return "applies";
	case FIX_KERNEL_UNAFFECTED:
		return "not needed: the kernel does not declare what it answers";
	case FIX_UPSTREAM_HAS_IT:
		return "not needed: this runtime has SystemTap's own fix";
	case FIX_ALREADY_APPLIED:
		return "not needed: this runtime already has it";
	case FIX_DOES_NOT_FIT:
		return "does not fit this runtime (a SystemTap it was not written for)";
	}
	return "?";
}
