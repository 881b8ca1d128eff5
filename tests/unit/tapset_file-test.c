/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of tapset_file.c: the header written with the mark and the
 * list of covered files, and that list read back as `pytapset doctor`
 * reads an installed tapset.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fstree.h"
#include "tapset_file.h"
#include "util.h"

static const char header_template[] = "/*\n * @MARK@ @VERSION@\n *\n * Covered:\n@TARGETS@\n */\n";

/* A file with markers, as the header names it. */
struct covered_file {
	enum target_form form;
	const char *exe, *library;
	bool helper;
};

/* The header for the COUNT files of SOURCES, as written. */
static char *header(const struct covered_file *sources, size_t count)
{
	char **lines = xcalloc(count, sizeof(*lines));
	for (size_t i = 0; i < count; i++)
		lines[i] = tapset_file_covered_line(sources[i].form, sources[i].exe,
						    sources[i].library, sources[i].helper);
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	tapset_file_write_header(out, header_template, lines, count);
	fclose(out);
	for (size_t i = 0; i < count; i++)
		free(lines[i]);
	free(lines);
	return text;
}

int main(void)
{
	static const struct covered_file sources[] = {
		{TARGET_IN_EXE, "/usr/bin/python3.11", NULL, false},
		{TARGET_IN_EXE_LIBRARY, "/usr/bin/python3.12", "/usr/lib/libpython3.12.so.1.0", false},
		{TARGET_IN_LIBRARY, NULL, "/usr/lib/libpython3.13.so.1.0", false},
		{TARGET_IN_LIBRARY, NULL, "/usr/lib/python3/dist-packages/_pytapset.so", true},
	};
	char *text = header(sources, 4);
	char *want = xasprintf("/*\n * " PYTAPSET_TAPSET_MARK " " PACKAGE_VERSION "\n *\n * Covered:\n"
			       " *   /usr/bin/python3.11: markers in the executable\n"
			       " *   /usr/bin/python3.12: markers in /usr/lib/libpython3.12.so.1.0\n"
			       " *   /usr/lib/libpython3.13.so.1.0: markers in the library, "
			       "for every process that maps it\n"
			       " *   /usr/lib/python3/dist-packages/_pytapset.so: pytapset's marker "
			       "helper, in every process that loads it\n"
			       " */\n");
	tap_str(text, want, "the header carries the mark, the version and one line a file");
	free(want);

	char *tmp = tree_create();
	tree_file(tmp, "ours.stp", text);
	char *path = tree_path(tmp, "ours.stp");
	struct path_list covered = {0};
	tap_ok(tapset_file_read(path, &covered), "a header written here is read back as ours");
	const char *const want_covered[] = {
		"/usr/bin/python3.11", "/usr/bin/python3.12", "/usr/lib/libpython3.13.so.1.0", NULL,
	};
	tap_list(&covered, want_covered, "it covers the files with markers, not the helper");
	path_list_free(&covered);
	free(path);
	free(text);

	tree_file(tmp, "stock.stp", "probe python.function.entry = "
				     "process(\"/usr/lib*/libpython*.so*\").mark(\"function__entry\") { }\n");
	path = tree_path(tmp, "stock.stp");
	tap_ok(!tapset_file_read(path, &covered) && covered.count == 0,
	       "a tapset without the mark is not ours");
	free(path);

	tree_file(tmp, "after.stp", "/*\n * " PYTAPSET_TAPSET_MARK " 1\n * Covered:\n"
				     " *   /usr/bin/python3.11: markers in the executable\n"
				     " * Aliases:\n"
				     " *   /usr/bin/python3.12: markers in the executable\n"
				     " */\n"
				     " * Covered:\n"
				     " *   /usr/bin/python3.13: markers in the executable\n");
	path = tree_path(tmp, "after.stp");
	const char *const want_first[] = {"/usr/bin/python3.11", NULL};
	tap_ok(tapset_file_read(path, &covered), "ours");
	tap_list(&covered, want_first, "the list ends at its first other line, the header at ' */'");
	path_list_free(&covered);
	free(path);

	path = tree_path(tmp, "absent.stp");
	tap_ok(!tapset_file_read(path, &covered), "a file that cannot be read is not ours");
	free(path);
	tree_destroy(tmp);
	return tap_done();
}
