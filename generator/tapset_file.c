/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tapset_file.h"

#include <stdlib.h>
#include <string.h>

#include "template.h"
#include "util.h"

/*
 * The list of covered files in the header: the heading comes from the
 * template, each item is written here, and both are read back.  Only an
 * item naming its path before MARKERS_IN counts as covered: the marker
 * helper's line names a file no Python is found as.
 */
#define COVERED_HEADING " * Covered:\n"
#define COVERED_ITEM " *   "
#define MARKERS_IN ": markers in "
/*
 * An alias is defined by "probe ALIAS =" alone on a line, its points on
 * the lines that follow; one that cannot resolve has a single point,
 * followed by its reason in a comment (templates/tapset-missing.stp).
 */
#define ALIAS_LINE "probe %s ="
#define REASON_START "/* pytapset: "
#define REASON_END " */"
/* The line that closes the header comment. */
#define HEADER_END " */"

char *tapset_file_covered_line(enum target_form form, const char *exe,
			       const char *library, bool helper)
{
	switch (form) {
	case TARGET_IN_EXE:
		return xasprintf(COVERED_ITEM "%s" MARKERS_IN "the executable", exe);
	case TARGET_IN_EXE_LIBRARY:
		return xasprintf(COVERED_ITEM "%s" MARKERS_IN "%s", exe, library);
	case TARGET_IN_LIBRARY:
		break;
	}
	return helper
		? xasprintf(COVERED_ITEM "%s: pytapset's marker helper, in every process that loads it",
			    library)
		: xasprintf(COVERED_ITEM "%s" MARKERS_IN "the library, for every process that maps it",
			    library);
}

void tapset_file_write_header(FILE *out, const char *template, char *const *covered,
			      size_t count)
{
	/* With nothing covered, @TARGETS@ is left as it is. */
	char *targets = NULL;
	if (count) {
		size_t length = 0;
		for (size_t i = 0; i < count; i++)
			length += strlen(covered[i]) + 1;
		char *w = targets = xmalloc(length);
		for (size_t i = 0; i < count; i++)
			w += sprintf(w, "%s%s", i ? "\n" : "", covered[i]);
	}
	const struct template_var vars[] = {
		{"MARK", PYTAPSET_TAPSET_MARK}, {"VERSION", PACKAGE_VERSION}, {"TARGETS", targets},
	};
	template_expand(out, template, vars, sizeof(vars) / sizeof(vars[0]));
	free(targets);
}

static bool has_mark(const char *path)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t size = 0;
	bool found = false;
	while (f && !found && getline(&line, &size, f) > 0)
		found = strstr(line, PYTAPSET_TAPSET_MARK) != NULL;
	free(line);
	if (f)
		fclose(f);
	return found;
}

/* The items of the header's list of covered files, one path a line. */
static void read_covered(const char *path, struct path_list *covered)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t size = 0;
	bool in_list = false;
	while (f && getline(&line, &size, f) > 0 &&
	       strncmp(line, HEADER_END, strlen(HEADER_END)) != 0) {
		if (strcmp(line, COVERED_HEADING) == 0) {
			in_list = true;
		} else if (in_list && strncmp(line, COVERED_ITEM "/", strlen(COVERED_ITEM "/")) == 0) {
			char *file = line + strlen(COVERED_ITEM);
			char *end = strstr(file, MARKERS_IN);
			if (end) {
				*end = '\0';
				path_list_add(covered, file);
			}
		} else {
			in_list = false;
		}
	}
	free(line);
	if (f)
		fclose(f);
}

bool tapset_file_read(const char *path, struct path_list *covered)
{
	if (!has_mark(path))
		return false;
	read_covered(path, covered);
	return true;
}

enum tapset_alias_state tapset_file_alias(const char *path, const char *alias, char **reason)
{
	*reason = NULL;
	FILE *f = fopen(path, "re");
	if (!f)
		return TAPSET_ALIAS_ABSENT;
	char *wanted = xasprintf(ALIAS_LINE, alias);
	char *line = NULL;
	size_t size = 0;
	bool defined = false;
	while (!defined && getline(&line, &size, f) > 0)
		defined = strncmp(line, wanted, strlen(wanted)) == 0 &&
			  line[strlen(wanted)] == '\n';
	enum tapset_alias_state state = TAPSET_ALIAS_ABSENT;
	if (defined) {
		state = TAPSET_ALIAS_AVAILABLE;
		char *start = getline(&line, &size, f) > 0 ? strstr(line, REASON_START) : NULL;
		char *end = start ? strstr(start, REASON_END) : NULL;
		if (end) {
			start += strlen(REASON_START);
			*reason = xstrndup(start, (size_t)(end - start));
			state = TAPSET_ALIAS_UNAVAILABLE;
		}
	}
	free(line);
	free(wanted);
	fclose(f);
	return state;
}
