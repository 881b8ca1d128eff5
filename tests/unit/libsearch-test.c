/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of libsearch.c and ldconf.c: ld.so.conf with includes, the default
 * directories per ABI, RPATH/RUNPATH with their tokens, and the search
 * itself over sysroots of made-up ELF files, where a candidate of another
 * class, byte order or machine must be passed over as ld.so does.
 */
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fstree.h"
#include "ldconf.h"
#include "libsearch.h"
#include "root.h"
#include "util.h"

/* The directories of DIR's /etc/ld.so.conf, as a root of DIR reads them. */
static void conf_dirs(const char *dir, struct path_list *dirs)
{
	struct root *root = root_open(dir);
	const struct path_list *read = root_loader_dirs(root);
	for (size_t i = 0; i < read->count; i++)
		path_list_add(dirs, read->items[i]);
	root_free(root);
}

static void default_dirs(const char *dir, const struct sdt_abi *abi, struct path_list *dirs)
{
	struct root *root = root_open(dir);
	libsearch_default_dirs(root, abi, dirs);
	root_free(root);
}

static void test_conf(void)
{
	char *root = tree_create();
	tree_file(root, "etc/ld.so.conf",
		  "# the system's list\n"
		  "include /etc/ld.so.conf.d/*.conf\n"
		  "/usr/local/lib   # a comment after a directory\n"
		  "  /opt/conf/lib///  \n"
		  "hwcap 0 nosegneg\n"
		  "relative/is/ignored\n"
		  "\n"
		  "include extra/*.conf   missing/*.conf\n"
		  "/usr/local/lib\n");
	tree_file(root, "etc/ld.so.conf.d/b.conf", "/b/lib\n");
	tree_file(root, "etc/ld.so.conf.d/a.conf", "/a/lib\ninclude ../deep.conf\n");
	tree_file(root, "etc/ld.so.conf.d/not-a-conf.txt", "/never\n");
	tree_file(root, "etc/deep.conf", "/deep/lib");
	/* An include loop ends at the depth limit without repeating. */
	tree_file(root, "etc/extra/x.conf", "/extra/lib\ninclude x.conf\n");

	struct path_list dirs = {0};
	conf_dirs(root, &dirs);
	static const char *const want[] = {
		"/a/lib", "/deep/lib", "/b/lib", "/usr/local/lib", "/opt/conf/lib",
		"/extra/lib", NULL,
	};
	tap_list(&dirs, want, "ld.so.conf: includes in place, relative to the including file, sorted globs, comments, no hwcap or relative lines");
	path_list_free(&dirs);
	tree_destroy(root);

	root = tree_create();
	conf_dirs(root, &dirs);
	tap_ok(dirs.count == 0, "a sysroot without ld.so.conf adds nothing (not the host's)");
	path_list_free(&dirs);
	tree_destroy(root);
}

/*
 * The running system's loader, as /bin/sh names it, lists its built-in
 * directories in --help as "  DIR (system search path)" lines: ours for
 * the ABI of /bin/sh must be the same.
 */
static void test_loader_dirs(void)
{
	struct sdt_file sh;
	struct diag diag = {0};
	bool read = sdt_file_read("/bin/sh", &sh, &diag) == 0 && sh.interpreter;
	char *command = xasprintf("%s --help", read ? sh.interpreter : "false");
	FILE *help = popen(command, "r");
	char *want[32] = {0}, *line = NULL;
	size_t n = 0, size = 0;
	while (help && getline(&line, &size, help) > 0 && n < 31) {
		char dir[256];
		if (sscanf(line, " %255s (system search path)", dir) == 1 &&
		    strstr(line, "(system search path)"))
			want[n++] = xstrdup(dir);
	}
	free(line);
	tap_ok(read && help && pclose(help) == 0 && n > 0, "%s lists directories", command);
	struct path_list dirs = {0};
	default_dirs(NULL, &sh.abi, &dirs);
	tap_list(&dirs, (const char *const *)want, "default directories as %s has them",
		 command);
	path_list_free(&dirs);
	for (size_t i = 0; i < n; i++)
		free(want[i]);
	free(command);
	sdt_file_free(&sh);
	diag_free(&diag);
}

/* Which loader a tree has, by the directories it holds. */
static void test_default_dirs(void)
{
	static const struct {
		const char *tree;	/* a directory that exists */
		struct sdt_abi abi;
		const char *name;
		const char *want[8];
	} rows[] = {
		{"usr/lib/aarch64-linux-gnu", {EM_AARCH64, 64, false},
		 "multiarch aarch64 (Debian)",
		 {"/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib", "/usr/lib", NULL}},
		{"usr/lib/arm-linux-gnueabi", {EM_ARM, 32, false},
		 "multiarch arm, either float ABI",
		 {"/lib/arm-linux-gnueabihf", "/usr/lib/arm-linux-gnueabihf",
		  "/lib/arm-linux-gnueabi", "/usr/lib/arm-linux-gnueabi", "/lib", "/usr/lib",
		  NULL}},
		{"usr/lib64", {EM_X86_64, 64, false}, "lib64 x86_64 (Fedora)",
		 {"/lib64", "/usr/lib64", NULL}},
		{"usr/lib64", {EM_386, 32, false}, "i386 beside lib64",
		 {"/lib", "/usr/lib", NULL}},
		{"usr/lib", {EM_X86_64, 64, false}, "x86_64 in /usr/lib (Arch)",
		 {"/lib", "/usr/lib", NULL}},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *root = tree_create();
		tree_mkdirs(root, rows[i].tree);
		struct path_list dirs = {0};
		default_dirs(root, &rows[i].abi, &dirs);
		tap_list(&dirs, rows[i].want, "default directories: %s", rows[i].name);
		path_list_free(&dirs);
		tree_destroy(root);
	}

	char *root = tree_create();
	tree_file(root, "etc/ld.so.conf", "/conf/lib\n");
	struct path_list dirs = {0};
	struct root *view = root_open(root);
	libsearch_system_dirs(view, &dirs);
	root_free(view);
	tap_ok(dirs.count > 10 && strcmp(dirs.items[0], "/conf/lib") == 0 &&
		       path_list_contains(&dirs, "/usr/lib/x86_64-linux-gnu") &&
		       path_list_contains(&dirs, "/usr/lib/aarch64-linux-gnu") &&
		       path_list_contains(&dirs, "/usr/lib64") &&
		       strcmp(dirs.items[dirs.count - 1], "/usr/lib") == 0,
	       "system directories: ld.so.conf first, every ABI's, /usr/lib last");
	path_list_free(&dirs);
	tree_destroy(root);
}

/* An object of ABI with RPATH and RUNPATH, as the reader would fill it. */
static struct sdt_file object(uint16_t machine, unsigned bits,
			      const char *rpath, const char *runpath)
{
	return (struct sdt_file){
		.abi = {machine, bits, false},
		.type = SDT_FILE_EXEC,
		.rpath = (char *)rpath,
		.runpath = (char *)runpath,
	};
}

static void test_search_path(void)
{
	char *dir = tree_create();	/* empty: no ld.so.conf */
	struct root *root = root_open(dir);
	struct sdt_file exe = object(EM_X86_64, 64, "/never/used",
				     "$ORIGIN/../lib:${ORIGIN}/x::rel/dir:/abs/$PLATFORM:"
				     "/l/$LIB/py:/p/$ORIGINAL:/q/${LIB}$ORIGIN:/u/$UNKNOWN");
	struct path_list dirs = {0};
	libsearch_path(root, &exe, "/opt/py/bin/python3.11", &dirs);
	static const char *const want[] = {
		"/opt/py/bin/../lib",
		"/opt/py/bin/x",
		"/abs/x86_64",
		"/l/lib/x86_64-linux-gnu/py",
		"/l/lib64/py",
		"/l/lib/py",
		"/p/$ORIGINAL",
		"/q/lib/x86_64-linux-gnu/opt/py/bin",
		"/q/lib64/opt/py/bin",
		"/q/lib/opt/py/bin",
		"/u/$UNKNOWN",
		"/lib", "/usr/lib", NULL,
	};
	tap_list(&dirs, want, "RUNPATH tokens expanded, RPATH ignored beside RUNPATH, empty and relative elements dropped");
	path_list_free(&dirs);

	exe = object(EM_386, 32, "/r1:$ORIGIN/r2:/r3/$PLATFORM/$LIB", NULL);
	libsearch_path(root, &exe, "/usr/bin/python3", &dirs);
	static const char *const want32[] = {
		"/r1", "/usr/bin/r2", "/r3/i686/lib/i386-linux-gnu", "/r3/i686/lib",
		"/lib", "/usr/lib", NULL,
	};
	tap_list(&dirs, want32, "RPATH alone is searched; i386 tokens; no lib64 for a 32-bit class");
	path_list_free(&dirs);

	exe = object(EM_S390, 64, NULL, "/a/$PLATFORM:/b");
	exe.abi.big_endian = true;
	libsearch_path(root, &exe, NULL, &dirs);
	tap_ok(dirs.count > 0 && strcmp(dirs.items[0], "/b") == 0,
	       "an element with $PLATFORM is dropped for a machine without a fixed platform name");
	path_list_free(&dirs);

	exe = object(EM_X86_64, 64, NULL, "$ORIGIN/lib:/b");
	libsearch_path(root, &exe, NULL, &dirs);
	tap_ok(dirs.count > 0 && strcmp(dirs.items[0], "/b") == 0,
	       "an element with $ORIGIN is dropped when the object's path is unknown");
	path_list_free(&dirs);
	root_free(root);
	tree_destroy(dir);
}

static const struct forge lib64 = {.type = ET_DYN};
static const struct forge lib32 = {.machine = EM_386, .elf_class = ELFCLASS32};
static const struct forge lib_aarch64 = {.machine = EM_AARCH64};
static const struct forge lib_x32 = {.elf_class = ELFCLASS32};
static const struct forge lib_msb = {.data = ELFDATA2MSB};
static const struct forge exec64 = {.type = ET_EXEC};

/*
 * The library search sysroot: where each library is, and decoys.  Passed
 * over for an x86_64 executable in first to seventh: another machine and
 * class, another machine, another class alone (x32), another byte order,
 * an executable, text (a linker script), a directory.
 */
static const struct {
	const char *path;
	const struct forge *spec;	/* NULL: a text file */
} search_files[] = {
	{"opt/py/bin/python3.11", &exec64},
	{"opt/py/lib/libpython3.11.so.1.0", &lib64},
	{"first/libfoo.so", &lib32},
	{"second/libfoo.so", &lib_aarch64},
	{"third/libfoo.so", &lib_msb},
	{"fourth/libfoo.so", &exec64},
	{"fifth/libfoo.so", NULL},
	{"seventh/libfoo.so", &lib_x32},
	{"eighth/libfoo.so", &lib64},
	{"rpath/libbar.so", &lib64},
	{"runpath/libbar.so", &lib64},
	{"conf/lib/libbaz.so", &lib64},
	{"usr/lib/x86_64-linux-gnu/libbaz.so", &lib64},
	{"usr/lib/libqux.so", &lib64},
	{"usr/lib/x86_64-linux-gnu/libqux.so", &lib64},
	{"usr/lib/i386-linux-gnu/libqux.so", &lib32},
	{"real/libpython3.12.so.1.0", &lib64},
};

static void build_search_root(const char *root)
{
	for (size_t i = 0; i < sizeof(search_files) / sizeof(search_files[0]); i++) {
		if (search_files[i].spec)
			tree_forge(root, search_files[i].path, search_files[i].spec);
		else
			tree_file(root, search_files[i].path, "INPUT(libfoo.so.1)\n");
	}
	tree_mkdirs(root, "sixth/libfoo.so");
	tree_file(root, "etc/ld.so.conf", "include ld.so.conf.d/*.conf\n");
	tree_file(root, "etc/ld.so.conf.d/local.conf", "/conf/lib\n");
	tree_link(root, "opt/py/bin/python3", "python3.11");
	tree_link(root, "opt/link", "/opt/py");
	tree_link(root, "usr/lib/libpython3.12.so.1.0", "/real/libpython3.12.so.1.0");
}

static void find_row(struct root *root, const struct sdt_file *exe, const char *exe_path,
		     const char *needed, const char *want, const char *description)
{
	const struct sdt_file *lib;
	struct diag diag = {0};
	char *got = libsearch_find(root, exe, exe_path, needed, &lib, &diag);
	tap_ok(got ? lib && lib->path && diag.count == 0 : lib == NULL,
	       "%s: read, silently", description);
	diag_free(&diag);
	tap_str(got, want, "%s", description);
	free(got);
}

static void test_find(void)
{
	char *dir = tree_create();
	build_search_root(dir);
	struct root *root = root_open(dir);

	char *exe_path = root_canonical(root, "/opt/link/bin/python3", NULL);
	tap_str(exe_path, "/opt/py/bin/python3.11", "the executable's canonical path");
	struct sdt_file exe = object(EM_X86_64, 64, NULL, "$ORIGIN/../lib");
	find_row(root, &exe, exe_path, "libpython3.11.so.1.0",
		 "/opt/py/lib/libpython3.11.so.1.0",
		 "RUNPATH $ORIGIN/../lib from the canonical executable");

	exe = object(EM_X86_64, 64, NULL,
		     "/first:/second:/third:/fourth:/fifth:/sixth:/seventh:/eighth");
	find_row(root, &exe, exe_path, "libfoo.so", "/eighth/libfoo.so",
		 "i386, aarch64, x32, big-endian, executable, text and directory candidates are passed over");
	struct sdt_file exe32 = object(EM_386, 32, NULL, "/second:/seventh:/first:/eighth");
	find_row(root, &exe32, exe_path, "libfoo.so", "/first/libfoo.so",
		 "a 32-bit executable takes the 32-bit library");

	exe = object(EM_X86_64, 64, "/rpath", "/runpath");
	find_row(root, &exe, exe_path, "libbar.so", "/runpath/libbar.so",
		 "DT_RUNPATH makes ld.so ignore DT_RPATH");
	exe = object(EM_X86_64, 64, "/rpath", NULL);
	find_row(root, &exe, exe_path, "libbar.so", "/rpath/libbar.so",
		 "DT_RPATH alone is searched");

	exe = object(EM_X86_64, 64, NULL, NULL);
	find_row(root, &exe, exe_path, "libbaz.so", "/conf/lib/libbaz.so",
		 "ld.so.conf directories come before the default ones");
	find_row(root, &exe, exe_path, "libqux.so", "/usr/lib/x86_64-linux-gnu/libqux.so",
		 "the multiarch directory comes before /usr/lib");
	exe32 = object(EM_386, 32, NULL, NULL);
	find_row(root, &exe32, exe_path, "libqux.so", "/usr/lib/i386-linux-gnu/libqux.so",
		 "an i386 executable searches the i386 multiarch directory");
	find_row(root, &exe, exe_path, "libpython3.12.so.1.0", "/real/libpython3.12.so.1.0",
		 "a library found through an absolute link stays in the sysroot");
	find_row(root, &exe, exe_path, "libnothere.so.1", NULL, "a missing library is not found");
	find_row(root, &exe, exe_path, "/opt/py/lib/libpython3.11.so.1.0",
		 "/opt/py/lib/libpython3.11.so.1.0", "a NEEDED with a slash is a path");
	find_row(root, &exe, exe_path, "lib/libpython3.11.so.1.0", NULL,
		 "a relative NEEDED with a slash is never found");
	find_row(root, &exe, exe_path, "/first/libfoo.so", NULL,
		 "an absolute NEEDED of the wrong class is refused");

	struct sdt_abi abi = {EM_X86_64, 64, false};
	struct diag diag = {0};
	const struct sdt_file *found[3] = {
		root_read_library(root, "/eighth/libfoo.so", &abi, &diag),
		root_read_library(root, "/first/libfoo.so", &abi, &diag),
		root_read_library(root, "/nothing/libfoo.so", &abi, &diag),
	};
	tap_ok(found[0] && !found[1] && !found[2] && diag.count == 0,
	       "compatibility of single files, without a word");
	diag_free(&diag);
	free(exe_path);
	root_free(root);
	tree_destroy(dir);
}

int main(void)
{
	test_conf();
	test_loader_dirs();
	test_default_dirs();
	test_search_path();
	test_find();
	return tap_done();
}
