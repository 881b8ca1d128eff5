/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of target.c and discover.c: where the markers of a Python
 * build are and how the tapset must name them, over a sysroot of made-up
 * ELF files covering every layout (static, --enable-shared with RUNPATH or
 * ld.so.conf, 32-bit, a library alone, no markers), then over copies of
 * the distribution's Python's files and the running system itself.
 */
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover.h"
#include "fstree.h"
#include "target.h"
#include "util.h"

#define MARKED "python"

static void build_layouts(const char *root)
{
	tree_file(root, "etc/ld.so.conf", "/usr/local/lib\n");
	tree_link(root, "bin", "usr/bin");

	/* Debian: libpython linked into the executable. */
	tree_forge(root, "usr/bin/python3.11", &(struct forge){.type = ET_EXEC, .provider = MARKED});
	tree_link(root, "usr/bin/python3", "python3.11");
	tree_forge(root, "usr/bin/python3.11d", &(struct forge){.type = ET_EXEC, .provider = MARKED});
	tree_link(root, "usr/bin/python3.11-dbg", "python3.11d");
	tree_forge(root, "usr/bin/python3-config", &(struct forge){.type = ET_EXEC, .provider = MARKED});
	tree_forge(root, "usr/bin/python3.11-dbg-config",
		   &(struct forge){.type = ET_EXEC, .provider = MARKED});
	tree_file(root, "usr/bin/python2", "#!/bin/sh\nexec python3 \"$@\"\n");
	tree_link(root, "usr/bin/python3.6", "/nowhere");
	/* Static glibc brings markers of its own: they do not count. */
	tree_forge(root, "usr/bin/python3.10", &(struct forge){.type = ET_EXEC, .provider = "libc"});

	/* Debian's libpython for embedders, and what is not one. */
	tree_forge(root, "usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0",
		   &(struct forge){.soname = "libpython3.11.so.1.0", .provider = MARKED});
	tree_link(root, "usr/lib/x86_64-linux-gnu/libpython3.11.so.1", "libpython3.11.so.1.0");
	tree_link(root, "usr/lib/x86_64-linux-gnu/libpython3.11.so", "libpython3.11.so.1");
	tree_forge(root, "usr/lib/x86_64-linux-gnu/libpython3.so",
		   &(struct forge){.needed = {"libpython3.11.so.1.0"}});
	tree_file(root, "usr/lib/x86_64-linux-gnu/libpython3.9.so", "INPUT(libpython3.9.so.1.0)\n");

	/* --enable-shared with RUNPATH $ORIGIN/../lib, a PIE. */
	tree_forge(root, "opt/shared/bin/python3.12",
		   &(struct forge){.interp = true, .runpath = "$ORIGIN/../lib",
				   .needed = {"libpython3.12.so.1.0", "libc.so.6"}});
	tree_forge(root, "opt/shared/lib/libpython3.12.so.1.0", &(struct forge){.provider = MARKED});

	/* --enable-shared into /usr/local, found through ld.so.conf. */
	tree_forge(root, "usr/local/bin/python3.13t",
		   &(struct forge){.interp = true, .needed = {"libpython3.13t.so.1.0"}});
	tree_forge(root, "usr/local/lib/libpython3.13t.so.1.0", &(struct forge){.provider = MARKED});

	/* A 32-bit build: the 64-bit libpython of the same name is not its own. */
	tree_forge(root, "opt/py32/bin/python3.7m",
		   &(struct forge){.machine = EM_386, .elf_class = ELFCLASS32, .type = ET_EXEC,
				   .needed = {"libpython3.7m.so.1.0"}});
	tree_forge(root, "usr/local/lib/libpython3.7m.so.1.0", &(struct forge){.provider = MARKED});
	tree_forge(root, "usr/lib/i386-linux-gnu/libpython3.7m.so.1.0",
		   &(struct forge){.machine = EM_386, .elf_class = ELFCLASS32, .provider = MARKED});

	/* Built without --with-dtrace, and a libpython that is not there. */
	tree_forge(root, "opt/nomark/bin/python3.9",
		   &(struct forge){.interp = true, .runpath = "$ORIGIN/../lib",
				   .needed = {"libpython3.9.so.1.0"}});
	tree_forge(root, "opt/nomark/lib/libpython3.9.so.1.0", &(struct forge){0});
	tree_forge(root, "opt/missing/bin/python3.8",
		   &(struct forge){.interp = true, .needed = {"libpython3.8.so.1.0"}});

	/* Paths a tapset cannot name. */
	tree_forge(root, "opt/bad\"dir/bin/python3.11",
		   &(struct forge){.type = ET_EXEC, .provider = MARKED});
	tree_forge(root, "opt/unsafe/bin/python3.5",
		   &(struct forge){.interp = true, .runpath = "/opt/we*rd/lib",
				   .needed = {"libpython3.5m.so.1.0"}});
	tree_forge(root, "opt/we*rd/lib/libpython3.5m.so.1.0", &(struct forge){.provider = MARKED});

	/* Only a PATH that is not the sysroot's would find this. */
	tree_forge(root, "elsewhere/bin/python3.14", &(struct forge){.type = ET_EXEC, .provider = MARKED});

	char *fifo = tree_path(root, "usr/bin/python3.4");
	if (mkfifo(fifo, 0644) != 0)
		tap_ok(false, "make a FIFO");
	free(fifo);
}

static const struct resolve_row {
	const char *path;
	const char *library;	/* the --library option */
	enum target_status status;
	const char *exe;
	const char *lib;
	const char *message;	/* a diagnostic that must be there */
} resolve_rows[] = {
	{"/usr/bin/python3", NULL, TARGET_OK, "/usr/bin/python3.11", NULL, NULL},
	{"/bin/python3", NULL, TARGET_OK, "/usr/bin/python3.11", NULL, NULL},
	{"/usr/bin/python3.11-dbg", NULL, TARGET_OK, "/usr/bin/python3.11d", NULL, NULL},
	{"/opt/shared/bin/python3.12", NULL, TARGET_OK, "/opt/shared/bin/python3.12",
	 "/opt/shared/lib/libpython3.12.so.1.0", NULL},
	{"/usr/local/bin/python3.13t", NULL, TARGET_OK, "/usr/local/bin/python3.13t",
	 "/usr/local/lib/libpython3.13t.so.1.0", NULL},
	{"/opt/py32/bin/python3.7m", NULL, TARGET_OK, "/opt/py32/bin/python3.7m",
	 "/usr/lib/i386-linux-gnu/libpython3.7m.so.1.0", NULL},
	{"/usr/lib/x86_64-linux-gnu/libpython3.11.so", NULL, TARGET_OK, NULL,
	 "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", NULL},
	{"/usr/bin/python3.10", NULL, TARGET_NO_MARKERS, "/usr/bin/python3.10", NULL, NULL},
	{"/opt/nomark/bin/python3.9", NULL, TARGET_NO_MARKERS, "/opt/nomark/bin/python3.9",
	 "/opt/nomark/lib/libpython3.9.so.1.0", NULL},
	{"/usr/lib/x86_64-linux-gnu/libpython3.so", NULL, TARGET_NO_MARKERS, NULL,
	 "/usr/lib/x86_64-linux-gnu/libpython3.so", NULL},
	{"/opt/missing/bin/python3.8", NULL, TARGET_ERROR, NULL, NULL, "libpython3.8.so.1.0"},
	{"/usr/bin/python2", NULL, TARGET_ERROR, NULL, NULL, "not an ELF file"},
	{"/usr/bin", NULL, TARGET_ERROR, NULL, NULL, "is a directory"},
	{"/usr/bin/python3.4", NULL, TARGET_ERROR, NULL, NULL, "not a regular file"},
	{"/usr/bin/python3.6", NULL, TARGET_ERROR, NULL, NULL, "No such file"},
	{"/opt/bad\"dir/bin/python3.11", NULL, TARGET_ERROR, NULL, NULL, "double quote"},
	{"/opt/unsafe/bin/python3.5", NULL, TARGET_ERROR, NULL, NULL, "glob character"},

	/* The library named explicitly. */
	{"/opt/shared/bin/python3.12", "libpython3.12.so.1.0", TARGET_OK,
	 "/opt/shared/bin/python3.12", "/opt/shared/lib/libpython3.12.so.1.0", NULL},
	{"/opt/nomark/bin/python3.9", "/opt/shared/lib/../lib/libpython3.12.so.1.0", TARGET_OK,
	 "/opt/nomark/bin/python3.9", "/opt/shared/lib/libpython3.12.so.1.0", NULL},
	{"/usr/bin/python3", "libpython3.11.so", TARGET_OK, "/usr/bin/python3.11",
	 "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "has python markers itself"},
	{"/opt/shared/bin/python3.12", "/usr/lib/i386-linux-gnu/libpython3.7m.so.1.0",
	 TARGET_ERROR, NULL, NULL, "not a shared library that"},
	{"/opt/shared/bin/python3.12", "libpython3.99.so", TARGET_ERROR, NULL, NULL,
	 "no compatible library"},
	{"/opt/nomark/bin/python3.9", "/opt/none/libpython.so", TARGET_ERROR, NULL, NULL,
	 "No such file"},
	{"/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "libpython3.11.so", TARGET_ERROR,
	 NULL, NULL, "is a shared library"},
};

static const char *status_name(enum target_status status)
{
	static const char *const names[] = {"ok", "no markers", "error"};
	return names[status];
}

static void test_resolve_rows(const char *dir)
{
	/* One root for every row, as one run: files read once, messages told again. */
	struct root *root = root_open(dir);
	for (size_t i = 0; i < sizeof(resolve_rows) / sizeof(resolve_rows[0]); i++) {
		const struct resolve_row *row = &resolve_rows[i];
		struct diag diag = {0};
		struct target t;
		enum target_status status = target_resolve(root, row->path, row->library, &t, &diag);
		bool ok = status == row->status;
		if (row->status != TARGET_ERROR) {
			ok = ok && (t.exe == row->exe || (t.exe && row->exe && !strcmp(t.exe, row->exe)));
			ok = ok && (t.library == row->lib ||
				    (t.library && row->lib && !strcmp(t.library, row->lib)));
			ok = ok && target_has_markers(t.markers) == (row->status == TARGET_OK);
		}
		if (row->message)
			ok = ok && diag_mentions(&diag, row->message);
		else
			ok = ok && diag.count == 0;
		tap_ok(ok, "resolve %s%s%s: %s", row->path, row->library ? " with library " : "",
		       row->library ? row->library : "", status_name(row->status));
		if (!ok) {
			printf("#   status %s, exe %s, library %s\n", status_name(status),
			       t.exe ? t.exe : "(none)", t.library ? t.library : "(none)");
			for (size_t m = 0; m < diag.count; m++)
				printf("#   %s: %s\n", diag.messages[m].subject, diag.messages[m].text);
		}
		target_free(&t);
		diag_free(&diag);
	}
	root_free(root);
}

/* Whether the discovered targets are exactly WANT: {key, exe, library} rows. */
static bool same_targets(const struct target *got, size_t count, const char *const (*want)[3])
{
	size_t n = 0;
	while (want[n][0])
		n++;
	bool ok = count == n;
	for (size_t i = 0; ok && i < n; i++) {
		const char *exe = want[i][1], *lib = want[i][2];
		ok = strcmp(target_key(&got[i]), want[i][0]) == 0 &&
		     (got[i].exe ? exe && !strcmp(got[i].exe, exe) : !exe) &&
		     (got[i].library ? lib && !strcmp(got[i].library, lib) : !lib);
	}
	if (!ok)
		for (size_t i = 0; i < count; i++)
			printf("#   found %s (exe %s, library %s)\n", target_key(&got[i]),
			       got[i].exe ? got[i].exe : "-", got[i].library ? got[i].library : "-");
	return ok;
}

static void test_discover_sysroot(const char *dir)
{
	static const char *const want[][3] = {
		{"/opt/py32/bin/python3.7m", "/opt/py32/bin/python3.7m",
		 "/usr/lib/i386-linux-gnu/libpython3.7m.so.1.0"},
		{"/opt/shared/bin/python3.12", "/opt/shared/bin/python3.12",
		 "/opt/shared/lib/libpython3.12.so.1.0"},
		{"/usr/bin/python3.11", "/usr/bin/python3.11", NULL},
		{"/usr/bin/python3.11d", "/usr/bin/python3.11d", NULL},
		{"/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", NULL,
		 "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0"},
		{"/usr/local/bin/python3.13t", "/usr/local/bin/python3.13t",
		 "/usr/local/lib/libpython3.13t.so.1.0"},
		{"/usr/local/lib/libpython3.7m.so.1.0", NULL, "/usr/local/lib/libpython3.7m.so.1.0"},
		{NULL, NULL, NULL},
	};
	struct diag diag = {0};
	struct target *found;
	size_t count;
	struct root *root = root_open(dir);
	int ret = discover_pythons(root, "/elsewhere/bin", NULL, &found, &count, &diag);
	tap_ok(ret == 0 && same_targets(found, count, want),
	       "discover in a sysroot: each build once, sorted, libraries with their executables, PATH ignored");
	tap_ok(diag.count == 2 && diag.errors == 0 && diag_mentions(&diag, "double quote") &&
		       diag_mentions(&diag, "glob character"),
	       "discover warns only about the marked builds it cannot name");
	for (size_t i = 0; i < diag.count; i++)
		printf("#   %s: %s\n", diag.messages[i].subject, diag.messages[i].text);
	discover_free(found, count);
	diag_free(&diag);
	root_free(root);

	root = root_open("/nonexistent-sysroot-for-a-test");
	ret = discover_pythons(root, NULL, NULL, &found, &count, &diag);
	tap_ok(ret == -1 && count == 0 && diag.errors == 1, "discover in a missing sysroot is an error");
	diag_free(&diag);
	root_free(root);

	char *empty = tree_create();
	root = root_open(empty);
	ret = discover_pythons(root, NULL, NULL, &found, &count, &diag);
	tap_ok(ret == 0 && count == 0 && diag.count == 0, "discover in an empty sysroot finds nothing, quietly");
	discover_free(found, count);
	root_free(root);
	tree_destroy(empty);
}

/* The family a file name gives, as target_name_points() spells it. */
static enum py_name name_family(const char *name, char family[PY_FAMILY_SIZE])
{
	struct py_version version;
	enum py_name kind = py_parse_name(name, &version);
	py_version_family(&version, family);
	return kind;
}

static void test_names(void)
{
	static const char *const pythons[] = {
		"python", "python3", "python3.11", "python3.11d", "python3.13t", "python3.7m",
		"python2.7", "python3.14td",
	};
	static const char *const others[] = {
		"python3-config", "python3.11-config", "python3.11-dbg", "python3.11-dbg-config",
		"python3.11d-config", "python-argcomplete-tcsh", "pythonw", "ipython3",
		"python3.11.py", "x86_64-linux-gnu-python3.11-config", "pyth",
	};
	char family[PY_FAMILY_SIZE];
	bool ok = true;
	for (size_t i = 0; i < sizeof(pythons) / sizeof(pythons[0]); i++)
		ok = tap_ok(name_family(pythons[i], family) == PY_NAME_EXECUTABLE,
			    "'%s' is a Python executable name", pythons[i]) && ok;
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		ok = tap_ok(name_family(others[i], family) == PY_NAME_OTHER,
			    "'%s' is not", others[i]) && ok;

	static const struct {
		const char *name;
		bool lib;
		const char *family;
	} libs[] = {
		{"libpython3.11.so.1.0", true, "python3_11"}, {"libpython3.11d.so", true, "python3_11"},
		{"libpython3.6m.so.1.0", true, "python3_6"}, {"libpython3.so", true, ""},
		{"libpython3.11.a", false, "python3_11"}, {"libpython3.11-pic.a", false, "python3_11"},
		{"libpythonqt.txt", false, ""}, {"libboost_python311.so", false, ""},
		{"libc.so.6", false, ""},
	};
	for (size_t i = 0; i < sizeof(libs) / sizeof(libs[0]); i++)
		tap_ok((name_family(libs[i].name, family) == PY_NAME_LIBRARY) == libs[i].lib &&
			       strcmp(family, libs[i].family) == 0,
		       "'%s' %s a libpython file name, family '%s'", libs[i].name,
		       libs[i].lib ? "is" : "is not", family);
	/* The marker helper: the module name and a release build's EXT_SUFFIX. */
	static const char *const helpers[][2] = {
		{"_pytapset.cpython-311-x86_64-linux-gnu.so", "python3_11"},
		{"_pytapset.cpython-313.so", "python3_13"},
		{"_pytapset.cpython-3100-aarch64-linux-gnu.so", "python3_100"},
		{"_pytapset.cpython-31000-x86_64-linux-gnu.so", ""},
		{"_pytapset.cpython-311-x86_64-linux-gnu.so.bak", ""},
		{"_pytapset.cpython-3.so", ""}, {"_pytapset.abi3.so", ""},
		{"_pytapset.cpython-311.py", ""}, {"pytapset.cpython-311.so", ""},
	};
	for (size_t i = 0; i < sizeof(helpers) / sizeof(helpers[0]); i++) {
		bool helper = *helpers[i][1] != '\0';
		tap_ok((name_family(helpers[i][0], family) == PY_NAME_HELPER) == helper &&
			       strcmp(family, helpers[i][1]) == 0,
		       "'%s' %s a marker helper file name, family '%s'", helpers[i][0],
		       helper ? "is" : "is not", family);
	}
	static const char *const families[][2] = {
		{"python3.11d", "python3_11"}, {"python3.13t", "python3_13"}, {"python3", ""},
		{"python3.11-copy", "python3_11"}, {"python10.123", "python10_123"},
	};
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		name_family(families[i][0], family);
		tap_str(family, families[i][1], "the family of '%s'", families[i][0]);
	}

	/* The version as a value: its ABI letters, its text, data's spelling. */
	struct py_version version, parsed;
	char text[PY_VERSION_TEXT_SIZE];
	py_parse_name("python3.14td", &version);
	py_version_text(&version, text);
	tap_ok(version.major == 3 && version.minor == 14 && !strcmp(version.abiflags, "td") &&
		       !strcmp(text, "3.14"),
	       "python3.14td is 3.14 with ABI letters td");
	tap_ok(py_version_parse("3.11", &parsed) && parsed.major == 3 && parsed.minor == 11 &&
		       !py_version_parse("3", &parsed) && !py_version_parse("3.11x", &parsed) &&
		       !py_version_parse("", &parsed),
	       "a data file's version: 3.11, nothing else");
	py_parse_name("libpython3.11d.so.1.0", &version);
	tap_ok(py_version_parse("3.11", &parsed) && py_version_same(&version, &parsed),
	       "3.11d is 3.11");
}

/*
 * One library loaded by two executables and also given alone: one
 * process(LIB) for all; a library one executable loads is named through
 * it; markers in an executable, through the executable.
 */
static void test_name_points(void)
{
	struct target t[] = {
		{.exe = "/usr/bin/python3.12", .library = "/usr/lib/libpython3.12.so.1.0"},
		{.exe = "/usr/bin/python3.12d", .library = "/usr/lib/libpython3.12.so.1.0"},
		{.library = "/usr/lib/libpython3.12.so.1.0"},
		{.exe = "/opt/py/bin/python3.11", .library = "/opt/py/lib/libpython3.11.so.1.0"},
		{.exe = "/usr/bin/python3.13"},
		{.exe = "/opt/x/python3", .library = "/opt/x/libpython3.so"},
	};
	target_name_points(t, 6);
	tap_ok(t[0].form == TARGET_IN_LIBRARY && t[1].form == TARGET_IN_LIBRARY &&
		       t[2].form == TARGET_IN_LIBRARY,
	       "a library loaded by several targets: process(LIB)");
	tap_ok(t[3].form == TARGET_IN_EXE_LIBRARY, "a library one executable loads: process(EXE).library(LIB)");
	tap_ok(t[4].form == TARGET_IN_EXE, "markers in the executable: process(EXE)");
	tap_ok(!strcmp(t[0].family, "python3_12") && !strcmp(t[2].family, "python3_12") &&
		       !strcmp(t[3].family, "python3_11") && !strcmp(t[4].family, "python3_13") &&
		       !strcmp(t[5].family, ""),
	       "families from the file with the markers");
	tap_ok(t[3].version.major == 3 && t[3].version.minor == 11 &&
		       !py_version_known(&t[5].version),
	       "the version of a target, none without one");
}

/*
 * The distribution's Python, as configure found it for the tests
 * (TEST_PYTHON and TEST_LIBPYTHON in the environment: Debian 12's
 * /usr/bin/python3.11 and its libpython3.11.so.1.0, Debian 13's
 * python3.13's): its executable, the link the -dev package adds to its
 * library (libpython3.X.so), and the debug build's two files (PYTHONd,
 * libpython3.Xd.so.1.0).  False when they are not known.
 */
struct system_python {
	const char *exe, *lib;
	char *lib_link, *debug_exe, *debug_lib;
};

static bool system_python(struct system_python *py)
{
	const char *so;
	py->exe = getenv("TEST_PYTHON");
	py->lib = getenv("TEST_LIBPYTHON");
	if (!py->exe || !*py->exe || !py->lib || !(so = strstr(py->lib, ".so.")))
		return false;
	int stem = (int)(so - py->lib);
	py->lib_link = xasprintf("%.*s.so", stem, py->lib);
	py->debug_exe = xasprintf("%sd", py->exe);
	py->debug_lib = xasprintf("%.*sd%s", stem, py->lib, so);
	return true;
}

static void system_python_free(struct system_python *py)
{
	free(py->lib_link);
	free(py->debug_exe);
	free(py->debug_lib);
}

/* Copies of the distribution's Python's files in a sysroot. */
static void test_real_copies(void)
{
	struct system_python py;
	char *root = tree_create();
	bool have = system_python(&py);
	if (!have || !tree_copy(root, py.exe, py.exe) || !tree_copy(root, py.lib, py.lib)) {
		tap_skip("the distribution's Python and its libpython are not installed",
			 "the distribution's Python in a sysroot");
		if (have)
			system_python_free(&py);
		tree_destroy(root);
		return;
	}
	tree_link(root, "usr/bin/python3", strrchr(py.exe, '/') + 1);
	tree_link(root, py.lib_link, strrchr(py.lib, '/') + 1);
	struct root *view = root_open(root);
	struct diag diag = {0};
	struct target t;
	enum target_status status = target_resolve(view, "/usr/bin/python3", NULL, &t, &diag);
	tap_ok(status == TARGET_OK && t.exe && !strcmp(t.exe, py.exe) && !t.library &&
		       target_has_markers(t.markers),
	       "the distribution's Python in a sysroot: markers in the executable");
	target_free(&t);
	status = target_resolve(view, py.lib_link, NULL, &t, &diag);
	tap_ok(status == TARGET_OK && !t.exe && t.library && !strcmp(t.library, py.lib),
	       "its libpython in a sysroot: a library alone");
	target_free(&t);
	diag_free(&diag);
	root_free(view);
	tree_destroy(root);
	system_python_free(&py);
}

static bool found_path(const struct target *found, size_t count, const char *path)
{
	for (size_t i = 0; i < count; i++)
		if (!strcmp(target_key(&found[i]), path))
			return true;
	return false;
}

/* The running system, with a PATH directory of our own in front. */
static void test_running_system(void)
{
	struct system_python py;
	if (!system_python(&py) || access(py.exe, R_OK) != 0 || access(py.lib, R_OK) != 0) {
		tap_skip("the distribution's Python is not installed", "the running system");
		return;
	}
	const char *const system[] = {py.exe, py.debug_exe, py.lib, py.debug_lib};
	struct root *host = root_open(NULL);
	struct diag diag = {0};
	struct target t;
	enum target_status status = target_resolve(host, "/usr/bin/python3", NULL, &t, &diag);
	tap_ok(status == TARGET_OK && !strcmp(t.exe, py.exe) && !t.library,
	       "/usr/bin/python3 is the distribution's Python with markers in the executable");
	target_free(&t);
	status = target_resolve(host, py.lib_link, NULL, &t, &diag);
	tap_ok(status == TARGET_OK && !t.exe && !strcmp(t.library, py.lib),
	       "its libpython3.X.so is the library libpython3.X.so.1.0 alone");
	target_free(&t);

	char *root = tree_create();
	tree_forge(root, "bin/python3.99", &(struct forge){.type = ET_EXEC, .provider = MARKED});
	char *bin = tree_path(root, "bin");
	char *own = tree_path(root, "bin/python3.99");
	/* PATH as it is, and every pyenv build if there are any. */
	const char *path = getenv("PATH");
	char *path_env = xasprintf("relative/bin::%s:%s", bin, path ? path : "/usr/bin");
	struct path_list pyenv_dirs = {0};
	const char *home = getenv("HOME");
	char *pattern = xasprintf("%s/.pyenv/versions/*/bin", home ? home : "/root");
	root_glob(host, pattern, &pyenv_dirs);
	for (size_t i = 0; i < pyenv_dirs.count; i++) {
		char *longer = xasprintf("%s:%s", path_env, pyenv_dirs.items[i]);
		free(path_env);
		path_env = longer;
	}
	path_list_free(&pyenv_dirs);
	free(pattern);
	struct target *found;
	size_t count;
	/* Builds without markers but with the marker helper: generate-helper.bats. */
	setenv("PYTAPSET_HELPER_PATH", "", 1);
	discover_pythons(host, path_env, NULL, &found, &count, &diag);
	tap_ok(found_path(found, count, own), "discover searches PATH without a sysroot");
	bool all = true, pyenv = false;
	for (size_t i = 0; i < sizeof(system) / sizeof(system[0]); i++)
		if (access(system[i], R_OK) == 0 && !found_path(found, count, system[i]))
			all = false;
	for (size_t i = 0; i < count; i++)
		pyenv = pyenv || strstr(target_key(&found[i]), "/.pyenv/");
	tap_ok(all, "discover finds the distribution's Python's files, its debug build's too");
	tap_ok(!pyenv, "discover finds no build without markers (pyenv's)");
	discover_free(found, count);
	root_free(host);
	diag_free(&diag);
	free(path_env);
	free(own);
	free(bin);
	tree_destroy(root);
	system_python_free(&py);
}

int main(void)
{
	char *root = tree_create();
	build_layouts(root);
	test_resolve_rows(root);
	test_discover_sysroot(root);
	tree_destroy(root);
	test_names();
	test_name_points();
	test_real_copies();
	test_running_system();
	return tap_done();
}
