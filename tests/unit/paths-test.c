/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of root.c and paths.c: canonical installed paths inside and
 * outside a sysroot, host paths and globbing under a sysroot.  Every tree
 * is built in a temporary directory.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fstree.h"
#include "paths.h"
#include "root.h"
#include "util.h"

/* root_canonical() in a root of SYSROOT opened for the one call. */
static char *canonical_in(const char *sysroot, const char *path, struct diag *diag)
{
	struct root *root = root_open(sysroot);
	char *canonical = root_canonical(root, path, diag);
	int err = errno;
	root_free(root);
	errno = err;
	return canonical;
}

static void glob_in(const char *sysroot, const char *pattern, struct path_list *out)
{
	struct root *root = root_open(sysroot);
	root_glob(root, pattern, out);
	root_free(root);
}

static bool is_host(const char *sysroot)
{
	struct root *root = root_open(sysroot);
	bool host = root_is_host(root);
	root_free(root);
	return host;
}

/* The sysroot every canonicalisation row runs in. */
static void build_sysroot(const char *root)
{
	tree_file(root, "usr/bin/python3.11", "not really\n");
	tree_link(root, "usr/bin/python3", "python3.11");
	tree_link(root, "usr/bin/py-absolute", "/usr/bin/python3");
	tree_link(root, "bin", "usr/bin");
	tree_file(root, "usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "lib\n");
	tree_link(root, "usr/lib/x86_64-linux-gnu/libpython3.11.so.1", "libpython3.11.so.1.0");
	tree_link(root, "usr/lib/x86_64-linux-gnu/libpython3.11.so", "libpython3.11.so.1");
	tree_link(root, "usr/local/up", "../../../../../../usr/bin");
	tree_link(root, "usr/local/escape", "/../../../usr/bin");
	tree_link(root, "usr/local/hostfile", "/etc/hostname");
	tree_link(root, "loop/a", "b");
	tree_link(root, "loop/b", "a");
	tree_link(root, "loop/self", "self");
	tree_link(root, "loop/dir", "dir/x");
	tree_link(root, "dangling", "/nowhere/at/all");
	tree_link(root, "empty-dir-link", "usr/share");
	tree_mkdirs(root, "usr/share");

	/* A chain of 40 links ends at a file; one of 41 is too long. */
	tree_file(root, "chain/end", "end\n");
	for (int i = 0; i <= 40; i++) {
		char name[32], target[32];
		snprintf(name, sizeof(name), "chain/l%d", i);
		if (i == 0)
			snprintf(target, sizeof(target), "end");
		else
			snprintf(target, sizeof(target), "/chain/l%d", i - 1);
		tree_link(root, name, target);
	}
}

static const struct canonical_row {
	const char *path;
	const char *want;	/* NULL: an error */
	int err;
} canonical_rows[] = {
	{"/usr/bin/python3.11", "/usr/bin/python3.11", 0},
	{"/usr/bin/python3", "/usr/bin/python3.11", 0},
	{"/usr/bin/py-absolute", "/usr/bin/python3.11", 0},
	{"/bin/python3", "/usr/bin/python3.11", 0},
	{"//usr/./bin/..//bin///python3", "/usr/bin/python3.11", 0},
	{"usr/bin/python3", "/usr/bin/python3.11", 0},
	{"/usr/lib/x86_64-linux-gnu/libpython3.11.so",
	 "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", 0},
	/* ".." after a link to a directory leaves the link's target. */
	{"/bin/../lib", "/usr/lib", 0},
	{"/bin/..", "/usr", 0},
	{"/..", "/", 0},
	{"/", "/", 0},
	{"/usr/share/", "/usr/share", 0},
	{"/empty-dir-link/.", "/usr/share", 0},
	/* Nothing climbs above the sysroot, by ".." or by absolute targets. */
	{"/../../../usr/bin/python3", "/usr/bin/python3.11", 0},
	{"/usr/local/up/python3", "/usr/bin/python3.11", 0},
	{"/usr/local/escape/python3", "/usr/bin/python3.11", 0},
	{"/usr/local/hostfile", NULL, ENOENT},
	{"/chain/l39", "/chain/end", 0},
	{"/chain/l40", NULL, ELOOP},
	{"/loop/a", NULL, ELOOP},
	{"/loop/self", NULL, ELOOP},
	{"/loop/dir", NULL, ELOOP},
	{"/dangling", NULL, ENOENT},
	{"/usr/bin/missing", NULL, ENOENT},
	{"/usr/bin/python3.11/x", NULL, ENOTDIR},
	{"/usr/bin/python3/", NULL, ENOTDIR},
	{"", NULL, ENOENT},
};

static void test_canonical_rows(const char *root)
{
	for (size_t i = 0; i < sizeof(canonical_rows) / sizeof(canonical_rows[0]); i++) {
		const struct canonical_row *row = &canonical_rows[i];
		struct diag diag = {0};
		errno = 0;
		char *got = canonical_in(root, row->path, &diag);
		int err = errno;
		if (row->want) {
			tap_str(got, row->want, "canonical '%s' in a sysroot", row->path);
		} else {
			tap_ok(!got && err == row->err && diag.errors == 1 &&
				       strcmp(diag.messages[0].subject, row->path) == 0 &&
				       diag_mentions(&diag, strerror(row->err)),
			       "canonical '%s' in a sysroot fails with %s, reported once",
			       row->path, strerror(row->err));
		}
		free(got);
		diag_free(&diag);
	}
}

static void test_sysroot_spellings(const char *root)
{
	char *slashed = xasprintf("%s//", root);
	char *got = canonical_in(slashed, "/bin/python3", NULL);
	tap_str(got, "/usr/bin/python3.11", "a sysroot with trailing slashes is the same sysroot");
	free(got);
	free(slashed);

	errno = 0;
	got = canonical_in(root, "/loop/a", NULL);
	tap_ok(!got && errno == ELOOP, "without a diag the reason is in errno alone");
	free(got);

	char *host = tree_path(root, "usr/bin/python3");
	char *want = tree_path(root, "usr/bin/python3.11");
	got = canonical_in(NULL, host, NULL);
	tap_str(got, want, "without a sysroot the host path is canonicalised");
	free(got);
	got = canonical_in("/", host, NULL);
	tap_str(got, want, "the sysroot / is no sysroot");
	free(got);
	free(host);

	char *cwd = getcwd(NULL, 0);
	if (chdir(root) == 0) {
		got = canonical_in(NULL, "usr/bin/python3", NULL);
		tap_str(got, want, "without a sysroot a relative path is relative to the working directory");
		free(got);
	} else {
		tap_ok(false, "chdir into the tree");
	}
	if (!cwd || chdir(cwd) != 0)
		tap_ok(false, "chdir back");
	free(cwd);
	free(want);

	struct diag diag = {0};
	got = canonical_in(root, "/nothing", &diag);
	tap_ok(!got && diag_mentions(&diag, root),
	       "an error in a sysroot names the sysroot");
	free(got);
	diag_free(&diag);
}

static void test_host_paths(void)
{
	static const struct {
		const char *sysroot, *installed, *want;
	} rows[] = {
		{NULL, "/usr/bin/python3", "/usr/bin/python3"},
		{"", "/usr/bin/python3", "/usr/bin/python3"},
		{"/", "/usr/bin/python3", "/usr/bin/python3"},
		{"/srv/root", "/usr/bin/python3", "/srv/root/usr/bin/python3"},
		{"/srv/root///", "/usr/bin/python3", "/srv/root/usr/bin/python3"},
		{"/srv/root", "usr/bin", "/srv/root/usr/bin"},
		{"/srv/root", "/", "/srv/root/"},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct root *r = root_open(rows[i].sysroot);
		char *got = root_host_path(r, rows[i].installed);
		root_free(r);
		tap_str(got, rows[i].want, "host path of %s under %s", rows[i].installed,
			rows[i].sysroot ? rows[i].sysroot : "(none)");
		free(got);
	}
	tap_ok(is_host(NULL) && is_host("") && is_host("//") && !is_host("/srv"),
	       "NULL, empty and / are no sysroot");
}

static void test_glob(void)
{
	/* A sysroot whose own name is full of glob characters. */
	char *tmp = tree_create();
	tree_mkdirs(tmp, "we[ir]d*ro?t\\x/opt/b/bin");
	tree_mkdirs(tmp, "we[ir]d*ro?t\\x/opt/a/bin");
	tree_mkdirs(tmp, "we[ir]d*ro?t\\x/opt/c/share");
	tree_mkdirs(tmp, "weidXroZtx/opt/decoy/bin");
	char *root = tree_path(tmp, "we[ir]d*ro?t\\x");
	struct path_list got = {0};
	glob_in(root, "/opt/*/bin", &got);
	static const char *const want[] = {"/opt/a/bin", "/opt/b/bin", NULL};
	tap_list(&got, want, "glob under a sysroot matches the pattern only, sorted");
	path_list_free(&got);
	glob_in(root, "/opt/none-*", &got);
	tap_ok(got.count == 0, "glob without a match adds nothing");
	path_list_free(&got);
	free(root);
	tree_destroy(tmp);
}

static void test_small_helpers(void)
{
	static const struct {
		const char *in, *want;
	} shown[] = {
		{"/usr/bin/python3", "/usr/bin/python3"},
		{"/a\nb", "/a\\nb"},
		{"/a\\b", "/a\\\\b"},
		{"/a\x01\x7f", "/a\\x01\\x7f"},
		{"/pyth\xc3\xb6n", "/pyth\xc3\xb6n"},
		{"/py\xffthon\xc3", "/py\\xffthon\\xc3"},
		{"/\xed\xa0\x80", "/\\xed\\xa0\\x80"},
	};
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		char *got = printable(shown[i].in, strlen(shown[i].in));
		tap_str(got, shown[i].want, "printable form of row %zu", i + 1);
		free(got);
	}

	static const struct {
		const char *in, *want;
	} dirnames[] = {
		{"/usr/bin/python3", "/usr/bin"}, {"/python3", "/"}, {"/", "/"},
	};
	for (size_t i = 0; i < sizeof(dirnames) / sizeof(dirnames[0]); i++) {
		char *got = path_dirname(dirnames[i].in);
		tap_str(got, dirnames[i].want, "directory of %s", dirnames[i].in);
		free(got);
	}

	char *joined = path_join("/", "lib");
	tap_str(joined, "/lib", "joining to / does not double the slash");
	free(joined);
	joined = path_join("/usr/lib/", "libpython3.so");
	tap_str(joined, "/usr/lib/libpython3.so", "joining to a slash-ended directory");
	free(joined);

	struct path_list list = {0};
	bool first = path_list_add(&list, "/a");
	bool second = path_list_add(&list, "/b");
	bool again = path_list_add(&list, "/a");
	static const char *const want[] = {"/a", "/b", NULL};
	tap_ok(first && second && !again, "a path list says whether it added");
	tap_list(&list, want, "a path list keeps the first of each path, in order");
	path_list_free(&list);
}

int main(void)
{
	char *root = tree_create();
	build_sysroot(root);
	test_canonical_rows(root);
	test_sysroot_spellings(root);
	tree_destroy(root);
	test_host_paths();
	test_glob();
	test_small_helpers();
	return tap_done();
}
