/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pytapset discover: the Python executables and libpython files on this
 * system (or under --sysroot) that carry Python markers, and where.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "discover.h"
#include "exitcode.h"
#include "json.h"
#include "markers.h"
#include "report.h"
#include "root.h"
#include "settings.h"
#include "target.h"
#include "util.h"

#define DISCOVER_JSON_SCHEMA "pytapset-discover/1"

static void print_names(const struct sdt_file *file)
{
	const char *names[MARKER_NAMES_MAX];
	size_t n = marker_names(file, names, MARKER_NAMES_MAX);
	for (size_t i = 0; i < n; i++)
		printf(" %s", names[i]);
}

static void print_text(const struct target *t)
{
	if (!target_has_markers(t->markers))
		printf("%s: no markers of its own", t->exe);
	else if (t->exe && !t->library)
		printf("%s: markers in the executable:", t->exe);
	else if (t->exe)
		printf("%s: markers in %s:", t->exe, t->library);
	else
		printf("%s: library, for every process that maps it:", t->library);
	print_names(t->markers);
	if (t->helper) {
		printf("; marker helper %s:", t->helper);
		print_names(t->helper_markers);
	}
	putchar('\n');
}

static void json_names(struct json *j, const char *key, const struct sdt_file *file)
{
	json_key(j, key);
	json_begin_array(j);
	const char *names[MARKER_NAMES_MAX];
	size_t n = marker_names(file, names, MARKER_NAMES_MAX);
	for (size_t i = 0; i < n; i++)
		json_string(j, names[i]);
	json_end_array(j);
}

static void print_json(struct json *j, const struct target *t)
{
	json_begin_object(j);
	json_member_string_or_null(j, "executable", t->exe);
	json_member_string_or_null(j, "library", t->library);
	json_names(j, "markers", t->markers);
	json_member_string_or_null(j, "helper", t->helper);
	json_names(j, "helper_markers", t->helper_markers);
	json_end_object(j);
}

enum { OPT_SYSROOT = 256, OPT_HELPER_DIR };

static int exec_discover(const struct cmd_args *args)
{
	bool as_json = cmd_value(args, 'j') != NULL;
	const char *sysroot = cmd_value(args, OPT_SYSROOT);
	const char *helper_dir = cmd_value(args, OPT_HELPER_DIR);

	struct diag diag = {0};
	struct target *found = NULL;
	size_t count = 0;
	int status = EXIT_OK;
	struct root *root = root_open(sysroot);
	if (discover_pythons(root, sysroot ? NULL : setting_override(SETTING_PATH), helper_dir, &found,
			     &count, &diag) != 0)
		status = EXIT_BAD_INPUT;

	struct json j;
	if (as_json)
		json_begin_document(&j, stdout, DISCOVER_JSON_SCHEMA, "pythons");
	for (size_t i = 0; i < count; i++) {
		if (as_json)
			print_json(&j, &found[i]);
		else
			print_text(&found[i]);
		target_free(&found[i]);
	}
	free(found);
	root_free(root);
	if (as_json)
		json_end_document(&j);
	else if (count == 0 && status == EXIT_OK) {
		puts("no Python with markers found");
	}
	print_diagnostics(&diag);
	return status;
}

static const struct cmd_option discover_options[] = {
	{'j', "json", NULL, "print one JSON document (schema " DISCOVER_JSON_SCHEMA ")"},
	{OPT_SYSROOT, "sysroot", "DIR", "look in the tree under DIR instead of the running system"},
	{OPT_HELPER_DIR, "helper-dir", "DIR", "look for the marker helper in DIR first (see pytapset(1))"},
	{0},
};

static const struct cmd_exit discover_exits[] = {
	{EXIT_OK, "done, also when nothing is found"},
	{EXIT_BAD_INPUT, "the sysroot does not exist"},
	{-1, NULL},
};

const struct cmd_entry cmd_discover_entry = {
	.name = "discover",
	.usage = "[--json] [--sysroot DIR] [--helper-dir DIR]",
	.summary = "find the Pythons that carry markers",
	.description = "Find the Python executables and libpython files that carry Python markers,\n"
		       "or have pytapset's marker helper installed: in PATH (without --sysroot),\n"
		       "/usr/bin, /usr/local/bin, /opt/*/bin and the system library directories.",
	.options = discover_options,
	.exits = discover_exits,
	.max_operands = 0,
	.exec = exec_discover,
};
