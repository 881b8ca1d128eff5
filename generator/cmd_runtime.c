/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pytapset runtime: the SystemTap runtime directory to build modules with
 * on this machine, i.e. a private copy of stap's own with the fixes that
 * apply to this stap and this kernel (stap_runtime.h), made once.  For
 * users who run stap themselves:
 *
 *   stap -R "$(pytapset runtime)" script.stp
 *
 * With --list, each fix pytapset carries and whether it applies here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "commands.h"
#include "exitcode.h"
#include "report.h"
#include "settings.h"
#include "stap_runtime.h"

enum { OPT_KERNEL = 'r', OPT_RUNTIME = 'R', OPT_LIST = 'l' };

static void list_fixes(const struct stap_runtime *rt)
{
	printf("# SystemTap %s, runtime %s, kernel %s\n", rt->stap_version, rt->stock, rt->kernel);
	for (size_t i = 0; i < rt->fixes.count; i++) {
		const struct runtime_fix *fix = &rt->fixes.fixes[i];
		printf("%s: %s\n", fix->name, fix_verdict_text(rt->verdicts[i]));
		printf("    without it: %s\n", fix->summary);
		printf("    kernel change: %s\n", fix->kernel_change);
		printf("    upstream: %s\n", fix->upstream);
	}
}

static int exec_runtime(const struct cmd_args *args)
{
	struct utsname u;
	uname(&u);
	const char *kernel = cmd_value(args, OPT_KERNEL);
	const char *stock = cmd_value(args, OPT_RUNTIME);
	struct diag diag = {0};
	struct stap_runtime rt;
	int status = EXIT_OK;
	if (stap_runtime_assess(&rt, setting(SETTING_STAP), stock ? stock : setting(SETTING_STAP_RUNTIME),
				kernel ? kernel : u.release, setting(SETTING_FIX_DIR), &diag) != 0) {
		status = EXIT_BAD_INPUT;
	} else if (cmd_value(args, OPT_LIST)) {
		list_fixes(&rt);
	} else {
		char *dir = stap_runtime_directory(&rt, &diag);
		if (dir)
			printf("%s\n", dir);
		else
			status = EXIT_BAD_INPUT;
		free(dir);
	}
	print_diagnostics(&diag);
	stap_runtime_free(&rt);
	return finish_output(status);
}

static const struct cmd_option runtime_options[] = {
	{OPT_KERNEL, "kernel", "KVER", "for kernel KVER, not the running one (stap -r KVER)"},
	{OPT_RUNTIME, "runtime", "DIR", "fix the runtime in DIR, not stap's own"},
	{OPT_LIST, "list", NULL, "list the fixes and whether each applies, instead"},
	{0},
};

static const struct cmd_exit runtime_exits[] = {
	{EXIT_OK, "the directory was printed (or the list)"},
	{EXIT_BAD_INPUT, "no stap, no runtime, unreadable fixes, or the copy could not be made"},
	{-1, NULL},
};

const struct cmd_entry cmd_runtime_entry = {
	.name = "runtime",
	.usage = "[-r KVER] [-R DIR] [--list]",
	.summary = "the SystemTap runtime to build with here, fixed",
	.description = "Print the SystemTap runtime directory that builds working modules for\n"
		       "this stap and kernel: a private copy of stap's own with the fixes of\n"
		       PYTAPSET_FIXDIR "\n"
		       "that apply (made once, in ~/.cache/pytapset), or stap's own when none\n"
		       "does. 'pytapset run' uses it by itself; with stap directly:\n"
		       "stap -R \"$(pytapset runtime)\" SCRIPT.",
	.options = runtime_options,
	.exits = runtime_exits,
	.max_operands = 0,
	.exec = exec_runtime,
};
