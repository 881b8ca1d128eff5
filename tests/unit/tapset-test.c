/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the tapset renderer (tapset.c) on marker sets built in
 * memory: what the command line cannot reach, such as quoting inside a
 * probe-point string and hostile marker names mixed with good ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fstree.h"
#include "provider.h"
#include "tapset.h"
#include "util.h"

static struct sdt_probe probe(const char *provider, const char *name, size_t args)
{
	struct sdt_probe p = {
		.provider = (char *)provider,
		.name = (char *)name,
		.args_text = (char *)"",
		.pc = 0x1000,
		.arg_count = args,
	};
	return p;
}

static char *render(const struct tapset_source *sources, size_t count,
		    const struct provider *provider, const char *templates,
		    struct diag *diag)
{
	char *text = NULL;
	size_t size = 0;
	if (tapset_render(sources, count, provider, templates, &text, &size, diag) != 0)
		return NULL;
	return text;
}

static size_t occurrences(const char *text, const char *needle)
{
	size_t n = 0;
	for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* What the description says each version's function__entry is worth. */
static void test_version_rules(const struct provider *provider)
{
	const struct marker_desc *entry = provider_find(provider, "function__entry");
	static const struct {
		const char *version;
		bool needs_helper, removed;
	} rows[] = {
		{"3.10", false, false}, {"3.11", true, false}, {"3.12", false, true},
		{"3.13", false, true}, {"3.14", false, true}, {"3.15", false, false},
	};
	for (size_t i = 0; entry && i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct py_version v;
		py_version_parse(rows[i].version, &v);
		tap_ok(marker_needs_helper(entry, &v) == rows[i].needs_helper &&
			       marker_removed_in(entry, &v) == rows[i].removed,
		       "function__entry of CPython %s: %s", rows[i].version,
		       rows[i].needs_helper ? "needs the helper"
		       : rows[i].removed    ? "removed"
					    : "faithful");
	}
	tap_ok(entry && entry->unfaithful_note && strstr(entry->unfaithful_note, "gh-98894") &&
		       entry->removed_note && strstr(entry->removed_note, "3.12 to 3.14"),
	       "doctor's notes for those versions are in the description");
}

int main(void)
{
	const char *templates = getenv("PYTAPSET_TEMPLATEDIR");
	if (!templates)
		templates = "templates";
	char *description = xasprintf("%s/python.markers", templates);
	struct provider provider;
	struct diag diag = {0};
	if (provider_load(description, &provider, &diag) != 0) {
		printf("Bail out! cannot load %s\n", description);
		return 1;
	}
	free(description);

	struct sdt_probe probes[] = {
		probe("python", "gc__start", 1),
		probe("python", "gc\"%{x%}", 1),	/* hostile name */
		probe("other", "gc__done", 1),		/* another provider */
		probe("python", "function__entry", 3),
		probe("python", "function__entry", 2),	/* a site with fewer args */
		probe("python", "brand__new", 2),	/* not described */
	};
	struct sdt_file file = {.probes = probes, .probe_count = 6};
	struct tapset_source quoted = {.exe = "/opt/a\"b\\c/python3.10", .family = "python3_10",
				       .markers = &file};
	char *text = render(&quoted, 1, &provider, templates, &diag);
	tap_ok(text != NULL, "renders");
	if (!text)
		return tap_done();

	tap_ok(strstr(text, "\tprocess(\"/opt/a\\\"b\\\\c/python3.10\").mark(\"gc__start\") ?") != NULL,
	       "quote and backslash of a path are escaped in the stap string");
	tap_ok(!strstr(text, "%{"), "a hostile marker name never reaches the tapset");
	tap_ok(diag_mentions(&diag, "not an identifier"), "and is warned about");
	tap_ok(!strstr(text, "mark(\"gc__done\") ?"), "markers of another provider are ignored");
	tap_ok(strstr(text, "probe python.gc.done =\n\tprocess(\"/opt/a\\\"b\\\\c/python3.10\").mark(\"gc__done\") /* pytapset: ")
	       != NULL, "a described marker no target has fails with its reason");
	tap_ok(strstr(text, "\tlineno = $arg3") == NULL && strstr(text, "\tfuncname = user_string($arg2, \"\")"),
	       "variables only for the arguments every site has");
	tap_ok(strstr(text, "probe python.brand.new =") && strstr(text, "\targ2 = $arg2"),
	       "an undescribed marker gets an alias with raw variables");
	tap_ok(diag_mentions(&diag, "python:brand__new is not described"),
	       "and a warning");
	tap_ok(occurrences(text, "probe python3_10.gc.start =") == 1,
	       "the per-version family is the one given");
	free(text);
	diag_free(&diag);

	/*
	 * One library reached from two executables and also given alone,
	 * named process(LIB) for all: one point.
	 */
	struct sdt_probe lib_probes[] = {probe("python", "gc__start", 1)};
	struct sdt_file lib = {.probes = lib_probes, .probe_count = 1};
	struct tapset_source shared[] = {
		{"/usr/bin/python3.12", "/usr/lib/libpython3.12.so.1.0", TARGET_IN_LIBRARY, "python3_12", &lib, false},
		{"/usr/bin/python3.12d", "/usr/lib/libpython3.12.so.1.0", TARGET_IN_LIBRARY, "python3_12", &lib, false},
		{NULL, "/usr/lib/libpython3.12.so.1.0", TARGET_IN_LIBRARY, "python3_12", &lib, false},
	};
	text = render(shared, 3, &provider, templates, &diag);
	tap_ok(text && occurrences(text, "mark(\"gc__start\")") == 2,
	       "a shared library: one point in each family");
	tap_ok(text && !strstr(text, ".library(") &&
		       strstr(text, "\tprocess(\"/usr/lib/libpython3.12.so.1.0\").mark(\"gc__start\") ?"),
	       "named as process(LIB), as asked");
	free(text);
	diag_free(&diag);

	/*
	 * The tapset depends on the targets, not on the order they are
	 * given in: a build system lists them as it pleases.
	 */
	struct tapset_source forward[] = {
		{"/usr/bin/python3.10", NULL, TARGET_IN_EXE, "python3_10", &file, false},
		{"/usr/bin/python3.12", "/usr/lib/libpython3.12.so.1.0", TARGET_IN_EXE_LIBRARY,
		 "python3_12", &lib, false},
	};
	struct tapset_source backward[] = {forward[1], forward[0]};
	char *a = render(forward, 2, &provider, templates, &diag);
	char *b = render(backward, 2, &provider, templates, &diag);
	tap_ok(a && b && strcmp(a, b) == 0, "the order of the targets changes nothing");
	free(a);
	free(b);
	diag_free(&diag);

	/*
	 * CPython 3.11's own function__entry is offered only next to the
	 * marker helper of 3.11 (needs-helper in the description).
	 */
	struct sdt_file helper = {.probes = probes + 3, .probe_count = 1};
	struct tapset_source py311[] = {
		{"/usr/bin/python3.11", NULL, TARGET_IN_EXE, "python3_11", &file, false},
		{NULL, "/usr/lib/python3/dist-packages/_pytapset.cpython-311-x86_64-linux-gnu.so",
		 TARGET_IN_LIBRARY, "python3_11", &helper, true},
	};
	text = render(py311, 1, &provider, templates, &diag);
	tap_ok(text && strstr(text, "probe python.function.entry =\n\tprocess(\"/usr/bin/python3.11\")"
			      ".mark(\"function__entry__without_helper\") /* pytapset: CPython 3.11 fires"),
	       "3.11 alone: function.entry fails, naming a marker that cannot exist, with the reason");
	tap_ok(diag_mentions(&diag, "function__entry left out: CPython 3.11"), "and a warning");
	tap_ok(text && strstr(text, "probe python.gc.start =\n\tprocess(\"/usr/bin/python3.11\").mark"),
	       "its other markers are offered");
	free(text);
	diag_free(&diag);
	text = render(py311, 2, &provider, templates, &diag);
	tap_ok(text && strstr(text, "probe python3_11.function.entry =\n"
			      "\tprocess(\"/usr/bin/python3.11\").mark(\"function__entry\") ?,\n"
			      "\tprocess(\"/usr/lib/python3/dist-packages/_pytapset.cpython-311-x86_64-linux-gnu.so\")"
			      ".mark(\"function__entry\") ?\n"),
	       "3.11 with its marker helper: CPython's sites and the helper's");
	tap_ok(text && strstr(text, "_pytapset.cpython-311-x86_64-linux-gnu.so: pytapset's marker helper"),
	       "the header names the helper");
	tap_ok(!diag_mentions(&diag, "left out"), "nothing left out");
	free(text);
	diag_free(&diag);
	test_version_rules(&provider);
	provider_free(&provider);
	return tap_done();
}
