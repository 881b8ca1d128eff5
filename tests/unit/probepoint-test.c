/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of probepoint.c: SystemTap's identifiers and alias names,
 * the paths that may go into process("PATH"), string literals and the
 * three forms of a probe point on a file's markers.
 */
#include <stdlib.h>
#include <string.h>

#include "fstree.h"
#include "probepoint.h"
#include "util.h"

static void test_names(void)
{
	static const struct {
		const char *name;
		bool identifier, alias_suffix;
	} rows[] = {
		{"function__entry", true, true},
		{"_x9", true, true},
		{"X", true, true},
		{"function.entry", false, true},
		{"import.find.load.start", false, true},
		{"", false, false},
		{"9lives", false, false},
		{"a-b", false, false},
		{"gc\"%{x%}", false, false},
		{"function.", false, false},
		{"function..entry", false, false},
		{"function.9", false, false},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		tap_ok(probepoint_is_identifier(rows[i].name) == rows[i].identifier,
		       "'%s' is %san identifier", rows[i].name, rows[i].identifier ? "" : "not ");
		tap_ok(probepoint_is_alias_suffix(rows[i].name) == rows[i].alias_suffix,
		       "'%s' is %san alias suffix", rows[i].name, rows[i].alias_suffix ? "" : "not ");
	}
}

static void test_path_safety(void)
{
	static const struct {
		const char *path;
		const char *reason;	/* NULL: safe */
	} rows[] = {
		{"/usr/bin/python3.11", NULL},
		{"/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", NULL},
		{"/opt/my python+3 (x)/bin/python3", NULL},
		{"/opt/caf\xc3\xa9/bin/python3", NULL},
		{"", "is empty"},
		{"python3", "is not absolute"},
		{"./python3", "is not absolute"},
		{"/opt/a\nb/python3", "contains a newline"},
		{"/opt/a\tb/python3", "contains a control character"},
		{"/opt/a\rb/python3", "contains a control character"},
		{"/opt/a\x1b[0m/python3", "contains a control character"},
		{"/opt/a\x7f/python3", "contains a control character"},
		{"/usr/lib*/libpython*.so*", "contains a glob character (*, ? or [)"},
		{"/usr/bin/python3.1?", "contains a glob character (*, ? or [)"},
		{"/usr/bin/python3.[0-9]", "contains a glob character (*, ? or [)"},
		{"/opt/\")%{ evil %}(\"/python3", "contains a double quote"},
		{"/opt/a\\b/python3", "contains a backslash"},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *reason = "untouched";
		bool safe = probepoint_path_is_safe(rows[i].path, &reason);
		char *shown = printable(rows[i].path, strlen(rows[i].path));
		if (rows[i].reason)
			tap_ok(!safe && strcmp(reason, rows[i].reason) == 0,
			       "unsafe for a tapset: '%s' %s", shown, rows[i].reason);
		else
			tap_ok(safe && strcmp(reason, "untouched") == 0,
			       "safe for a tapset: '%s'", shown);
		free(shown);
	}
	tap_ok(!probepoint_path_is_safe("/a\"b", NULL), "the reason may be left out");
}

static void test_spelling(void)
{
	char *s = probepoint_string("/opt/a\"b\\c");
	tap_str(s, "\"/opt/a\\\"b\\\\c\"", "a quote and a backslash are escaped");
	free(s);
	s = probepoint_string("");
	tap_str(s, "\"\"", "the empty string");
	free(s);

	static const char exe[] = "/usr/bin/python3.11";
	static const char lib[] = "/usr/lib/libpython3.11.so.1.0";
	s = probepoint_in_exe(exe);
	tap_str(s, "process(\"/usr/bin/python3.11\")", "markers in the executable");
	free(s);
	s = probepoint_in_exe_library(exe, lib);
	tap_str(s, "process(\"/usr/bin/python3.11\").library(\"/usr/lib/libpython3.11.so.1.0\")",
		"markers in a library the executable loads");
	free(s);
	s = probepoint_in_library(lib);
	tap_str(s, "process(\"/usr/lib/libpython3.11.so.1.0\")", "markers in a library alone");
	free(s);
	s = probepoint_mark("process(\"/a\")", "gc__start");
	tap_str(s, "process(\"/a\").mark(\"gc__start\")", "a marker of the file");
	free(s);
}

int main(void)
{
	test_names();
	test_path_safety();
	test_spelling();
	return tap_done();
}
