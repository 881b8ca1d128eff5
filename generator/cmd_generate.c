/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pytapset generate: write one tapset for the given Python executables or
 * libpython files (and, with --discover, for every Python on the system).
 *
 * Nothing is written unless every target could be read and at least one
 * carries Python markers: a packager's build must fail loudly rather than
 * install a tapset that silently covers less than was asked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "discover.h"
#include "exitcode.h"
#include "helper.h"
#include "output.h"
#include "paths.h"
#include "provider.h"
#include "report.h"
#include "root.h"
#include "settings.h"
#include "tapset.h"
#include "target.h"
#include "util.h"

struct generate_options {
	const char *output;
	const char *sysroot;
	struct root *root;	/* where every file is read, once */
	const char *library;
	const char *template_dir;
	const char *helper_dir;
	bool discover;
};

/* The template directory: --templates, then $PYTAPSET_TEMPLATEDIR, then the installed one. */
static const char *template_dir(const struct generate_options *o)
{
	if (o->template_dir)
		return o->template_dir;
	return setting(SETTING_TEMPLATE_DIR);
}

enum { OPT_SYSROOT = 256, OPT_LIBRARY, OPT_TEMPLATES, OPT_DISCOVER, OPT_HELPER_DIR };

static int get_options(const struct cmd_args *args, struct generate_options *o)
{
	const char *output = cmd_value(args, 'o');
	*o = (struct generate_options){
		.output = output ? output : "-",
		.sysroot = cmd_value(args, OPT_SYSROOT),
		.library = cmd_value(args, OPT_LIBRARY),
		.template_dir = cmd_value(args, OPT_TEMPLATES),
		.helper_dir = cmd_value(args, OPT_HELPER_DIR),
		.discover = cmd_value(args, OPT_DISCOVER) != NULL,
	};
	if (args->argc == 0 && !o->discover)
		return usage_error("generate", "no TARGET given (or use --discover)");
	if (!*o->output)
		return usage_error("generate", "empty output file name");
	return -1;
}

struct target_set {
	struct target *items;
	size_t count;
};

static void add_target(struct target_set *set, struct target *t)
{
	set->items = xreallocarray(set->items, set->count + 1, sizeof(*set->items));
	set->items[set->count++] = *t;
}

static void free_targets(struct target_set *set)
{
	for (size_t i = 0; i < set->count; i++)
		target_free(&set->items[i]);
	free(set->items);
}

/*
 * Resolve the named TARGETs; returns the worst status.  Targets without
 * markers are collected in UNMARKED: whether that is an error depends on
 * whether any other target has markers.
 */
static int resolve_named(char **names, int count, const struct generate_options *o,
			 struct target_set *set, struct path_list *unmarked,
			 struct diag *diag)
{
	int status = EXIT_OK;
	for (int i = 0; i < count; i++) {
		struct target t;
		enum target_status resolved =
			target_resolve(o->root, names[i], o->library, &t, diag);
		bool helped = resolved != TARGET_ERROR &&
			      helper_find(o->root, o->helper_dir, &t, diag);
		switch (resolved) {
		case TARGET_OK:
			/* Its paths are canonical and safe to paste into stap code. */
			add_target(set, &t);
			continue;
		case TARGET_NO_MARKERS:
			if (helped) {
				add_target(set, &t);
				continue;
			}
			path_list_add(unmarked, names[i]);
			break;
		case TARGET_ERROR:
			status = EXIT_BAD_INPUT;
			break;
		}
		target_free(&t);
	}
	return status;
}

static int add_discovered(const struct generate_options *o, struct target_set *set,
			  struct diag *diag)
{
	struct target *found = NULL;
	size_t count = 0;
	int status = EXIT_OK;
	if (discover_pythons(o->root, o->sysroot ? NULL : setting_override(SETTING_PATH), o->helper_dir,
			     &found, &count, diag) != 0)
		status = EXIT_BAD_INPUT;
	for (size_t i = 0; i < count; i++)
		add_target(set, &found[i]);
	free(found);
	return status;
}

static int write_tapset(struct target_set *set, const struct generate_options *o,
			struct diag *diag)
{
	const char *dir = template_dir(o);
	char *description = path_join(dir, PROVIDER_DESCRIPTION_FILE);
	struct provider provider;
	int loaded = provider_load(description, &provider, diag);
	free(description);
	if (loaded != 0)
		return EXIT_INTERNAL;

	target_name_points(set->items, set->count);
	size_t count;
	struct tapset_source *sources = tapset_sources(set->items, set->count, &count);
	char *text = NULL;
	size_t size = 0;
	int status = EXIT_OK;
	if (tapset_render(sources, count, &provider, dir, &text, &size, diag) != 0)
		status = EXIT_INTERNAL;
	else if (output_write_atomic(o->output, text, size, diag) != 0)
		status = EXIT_OUTPUT;
	free(text);
	free(sources);
	provider_free(&provider);
	return status;
}

static int exec_generate(const struct cmd_args *args)
{
	struct generate_options o;
	int status = get_options(args, &o);
	if (status >= 0)
		return status;

	struct diag diag = {0};
	struct target_set set = {0};
	struct path_list unmarked = {0};
	o.root = root_open(o.sysroot);
	status = resolve_named(args->argv, args->argc, &o, &set, &unmarked, &diag);
	if (o.discover && add_discovered(&o, &set, &diag) != EXIT_OK)
		status = EXIT_BAD_INPUT;

	/* Without markers anywhere it is an error, with some only a warning. */
	enum diag_level level = set.count ? DIAG_WARNING : DIAG_ERROR;
	for (size_t i = 0; i < unmarked.count; i++)
		diag_report(&diag, level, unmarked.items[i],
			    "no Python markers: this build lacks --with-dtrace and pytapset's marker helper is not installed for it%s",
			    set.count ? "" : "; nothing written");
	if (o.discover && status == EXIT_OK && set.count == 0 && unmarked.count == 0)
		diag_report(&diag, DIAG_ERROR, NULL,
			    "discover: no Python with markers on this system "
			    "(builds need --with-dtrace or pytapset's marker helper); nothing written");
	if (status == EXIT_OK && set.count == 0)
		status = EXIT_NO_MARKERS;
	path_list_free(&unmarked);
	if (status == EXIT_OK)
		status = write_tapset(&set, &o, &diag);

	free_targets(&set);
	root_free(o.root);
	print_diagnostics(&diag);
	return status;
}

static const struct cmd_option generate_options[] = {
	{'o', "output", "FILE", "write to FILE, atomically (default and '-': standard output)"},
	{OPT_DISCOVER, "discover", NULL, "also cover every Python 'pytapset discover' finds"},
	{OPT_SYSROOT, "sysroot", "DIR", "read files under DIR; the tapset names them as installed"},
	{OPT_LIBRARY, "library", "LIB", "the libpython the executables load: an installed path,\n"
	 "or a file name searched for as the dynamic loader does"},
	{OPT_HELPER_DIR, "helper-dir", "DIR", "look for the marker helper in DIR first (see pytapset(1))"},
	{OPT_TEMPLATES, "templates", "DIR", "read the marker description and templates from DIR"},
	{0},
};

static const struct cmd_exit generate_exits[] = {
	{EXIT_OK, "written"},
	{EXIT_BAD_INPUT, "a target could not be used"},
	{EXIT_NO_MARKERS, "no target has Python markers"},
	{EXIT_OUTPUT, "the output could not be written, or is not a regular file"},
	{EXIT_INTERNAL, "out of memory, or the marker description or templates are broken"},
	{-1, NULL},
};

const struct cmd_entry cmd_generate_entry = {
	.name = "generate",
	.usage = "[OPTION]... [-o FILE] TARGET...\n[OPTION]... --discover [TARGET]...",
	.summary = "write a tapset for Python executables or libraries",
	.description = "Write a SystemTap tapset (python.stp) for the Python executables or\n"
		       "libpython files TARGET, with probe points for the markers they really have.",
	.options = generate_options,
	.exits = generate_exits,
	.max_operands = -1,
	.exec = exec_generate,
};
