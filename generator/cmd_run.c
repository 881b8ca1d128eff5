/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pytapset run: run one of the installed scripts by name, from anywhere,
 * with its arguments checked before stap starts.  Without a name, list
 * the scripts.
 *
 * What follows NAME is stap's options, then the script's arguments, as on
 * stap's own command line.  stap's options are told apart from the
 * arguments by the option table below, and passed on before a "--", so
 * that a script argument starting with '-' stays an argument.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "backend.h"
#include "bpftrace_run.h"
#include "commands.h"
#include "exitcode.h"
#include "paths.h"
#include "process.h"
#include "report.h"
#include "run_target.h"
#include "script.h"
#include "settings.h"
#include "stap_runtime.h"
#include "util.h"

/* stap's short options that take an argument (stap 4.8, stap(1)). */
static const char stap_short_with_arg[] = "pIDBaRrmdoxcsSTGeElL";
/* stap's long options that take their argument as the next word too. */
static const char *const stap_long_with_arg[] = {
	"vp", "modinfo", "compatible", "remote", "sysroot", "sysenv", "runtime",
	"rlimit-as", "rlimit-cpu", "rlimit-nproc", "rlimit-stack", "rlimit-fsize",
	"target-namespaces", NULL,
};
/* Options that give stap another script, or none: not with ours. */
static const char stap_short_not_with_script[] = "elL";

static bool long_takes_arg(const char *opt)
{
	for (const char *const *l = stap_long_with_arg; *l; l++)
		if (strcmp(opt, *l) == 0)
			return true;
	return false;
}

/* What run needs to know of the stap options the user gave. */
struct stap_options {
	int words;		/* how many of the words are stap's options */
	bool dashes;		/* they end with a "--" of the user's */
	const char *kernel;	/* -r KVER */
	bool runtime_given;	/* -R DIR: the user's runtime, used as it is */
	bool kernel_runtime;	/* no --runtime=MODE other than the kernel's */
	const char *pid;	/* -x PID */
	const char *command;	/* -c CMD */
	bool sysroot_given;	/* --sysroot DIR: the user's, used as it is */
};

/* Note what the option LETTER with VALUE says about the runtime. */
static void note_option(struct stap_options *o, char letter, const char *value)
{
	if (letter == 'r')
		o->kernel = value;
	else if (letter == 'R')
		o->runtime_given = true;
	else if (letter == 'x')
		o->pid = value;
	else if (letter == 'c')
		o->command = value;
}

/*
 * Read the stap options at the start of ARGV into *O; -1 after a usage
 * error.
 */
static int read_stap_options(int argc, char **argv, struct stap_options *o)
{
	*o = (struct stap_options){.kernel_runtime = true};
	int i = 0;
	while (i < argc && argv[i][0] == '-' && argv[i][1]) {
		const char *w = argv[i++];
		if (strcmp(w, "--") == 0) {
			o->dashes = true;
			break;
		}
		if (w[1] == '-') {
			if (strncmp(w, "--runtime=", 10) == 0 || strcmp(w, "--dyninst") == 0 ||
			    strcmp(w, "--bpf") == 0)
				o->kernel_runtime = strcmp(w, "--runtime=kernel") == 0;
			if (strncmp(w, "--sysroot", 9) == 0)
				o->sysroot_given = true;
			if (strcmp(w, "--runtime") == 0 && i < argc)
				o->kernel_runtime = strcmp(argv[i], "kernel") == 0;
			if (!strchr(w, '=') && long_takes_arg(w + 2))
				i++;
			continue;
		}
		/* A cluster such as -vvp2 or -x 123: the first letter that takes
		 * an argument ends it. */
		for (const char *c = w + 1; *c; c++) {
			if (strchr(stap_short_not_with_script, *c))
				return usage_error("run", "stap option '-%c' does not go with a script",
						   *c), -1;
			if (strchr(stap_short_with_arg, *c)) {
				if (c[1])
					note_option(o, *c, c + 1);
				else if (i < argc)
					note_option(o, *c, argv[i]);
				if (!c[1])
					i++;
				break;
			}
		}
	}
	if (i > argc)
		return usage_error("run", "option '%s' needs an argument", argv[argc - 1]), -1;
	o->words = i;
	return 0;
}

/*
 * The runtime directory stap should build with, when the one it uses by
 * itself needs pytapset's fixes for the kernel (stap_runtime.h); NULL to
 * leave stap alone.  Says in one line on stderr which fixes it took.
 */
static char *fixed_runtime(const char *stap, const struct stap_options *o)
{
	char *found = process_find(stap);
	free(found);
	if (!found || o->runtime_given || !o->kernel_runtime)
		return NULL;
	struct utsname u;
	uname(&u);
	struct diag diag = {0};
	struct stap_runtime rt;
	char *dir = NULL;
	if (stap_runtime_assess(&rt, stap, setting(SETTING_STAP_RUNTIME),
				o->kernel ? o->kernel : u.release, setting(SETTING_FIX_DIR), &diag) == 0 &&
	    rt.applicable) {
		dir = stap_runtime_directory(&rt, &diag);
		char *names = stap_runtime_fix_names(&rt);
		if (dir)
			fprintf(stderr, "pytapset: SystemTap %s needs %zu runtime fix%s for %s (%s): "
				"building with %s\n", rt.stap_version, rt.applicable,
				rt.applicable == 1 ? "" : "es", rt.kernel, names, dir);
		free(names);
	}
	/* Without the fixes stap may still work: say why, and let it try. */
	if (diag.count)
		fprintf(stderr, "pytapset: the SystemTap runtime fixes are not used:\n");
	print_diagnostics(&diag);
	stap_runtime_free(&rt);
	return dir;
}

static bool is_script_name(const char *name)
{
	size_t len = strlen(name), suffix = strlen(SCRIPT_SUFFIX);
	return len > suffix && name[0] != '.' &&
	       strcmp(name + len - suffix, SCRIPT_SUFFIX) == 0;
}

/* `pytapset run`: one line per script, its name and title. */
static int list_scripts(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "pytapset: %s: %s\n", dir, strerror(errno));
		return EXIT_BAD_INPUT;
	}
	struct path_list names = {0};
	struct dirent *e;
	while ((e = readdir(d)))
		if (is_script_name(e->d_name))
			path_list_add(&names, e->d_name);
	closedir(d);
	path_list_sort(&names);

	int status = EXIT_OK;
	for (size_t i = 0; i < names.count; i++) {
		struct diag diag = {0};
		struct script s;
		char *path = path_join(dir, names.items[i]);
		names.items[i][strlen(names.items[i]) - strlen(SCRIPT_SUFFIX)] = '\0';
		if (script_load(path, &s, &diag) == 0)
			printf("%-22s %s\n", names.items[i], s.title);
		else
			status = EXIT_BAD_INPUT;
		flush_stdout();
		print_diagnostics(&diag);
		script_free(&s);
		free(path);
	}
	path_list_free(&names);
	return status;
}

enum { OPT_BACKEND = 256, OPT_PRINT };

/*
 * The option words WORDS that bpftrace has no use for: the first, or NULL.
 * It takes -c CMD, -x PID and --sysroot DIR (the Pythons of DIR, such as
 * a container's, are probed by their paths under DIR).
 */
static const char *stap_only_option(char **words, int options)
{
	for (int i = 0; i < options; i++) {
		if ((strcmp(words[i], "-c") == 0 || strcmp(words[i], "-x") == 0 ||
		     strcmp(words[i], "--sysroot") == 0) && i + 1 < options)
			i++;
		else if (strcmp(words[i], "--") != 0 && strncmp(words[i], "--sysroot=", 10) != 0)
			return words[i];
	}
	return NULL;
}

/*
 * The script on bpftrace: of stap's options, WORDS, only -c CMD and -x
 * PID have a meaning there.
 */
static int run_bpftrace(const char *name, char **words, int options, char **args, int arg_count,
			bool print, const char *chosen)
{
	struct bpftrace_request r = {.name = name, .template_dir = setting(SETTING_SCRIPT_DIR),
				     .args = args, .arg_count = arg_count, .print = print,
				     .chosen = chosen};
	const char *other = stap_only_option(words, options);
	if (other)
		return usage_error("run", "'%s': on bpftrace only -c CMD, -x PID and --sysroot DIR are taken",
				   other);
	for (int i = 0; i + 1 < options; i++) {
		if (strcmp(words[i], "-c") == 0)
			r.command = words[++i];
		else if (strcmp(words[i], "-x") == 0)
			r.pid = words[++i];
		else if (strcmp(words[i], "--sysroot") == 0)
			r.sysroot = words[++i];
	}
	for (int i = 0; i < options; i++)
		if (strncmp(words[i], "--sysroot=", 10) == 0)
			r.sysroot = words[i] + 10;
	if (r.pid && (!*r.pid || strspn(r.pid, "0123456789") != strlen(r.pid)))
		return usage_error("run", "-x '%s': not a process id", r.pid);
	return bpftrace_run(&r);
}

static int exec_run(const struct cmd_args *args)
{
	const char *dir = setting(SETTING_SCRIPT_DIR);
	if (args->argc == 0)
		return list_scripts(dir);

	const char *name = args->argv[0];
	/* --backend and --print may follow NAME too. */
	const char *asked = cmd_value(args, OPT_BACKEND);
	bool print = cmd_value(args, OPT_PRINT) != NULL;
	int rest = args->argc - 1;
	char **words = args->argv + 1;
	for (; rest > 0; rest--, words++) {
		if (strncmp(words[0], "--backend=", 10) == 0)
			asked = words[0] + 10;
		else if (strcmp(words[0], "--print") == 0)
			print = true;
		else
			break;
	}
	if (strchr(name, '/') || !*name || name[0] == '.')
		return usage_error("run", "'%s' is not a script name (see 'pytapset run')", name);
	char *file = is_script_name(name) ? xstrdup(name) : xasprintf("%s%s", name, SCRIPT_SUFFIX);
	char *path = path_join(dir, file);
	free(file);
	if (access(path, F_OK) != 0) {
		fprintf(stderr, "pytapset: %s: no such script in %s ('pytapset run' lists them)\n",
			name, dir);
		free(path);
		return EXIT_USAGE;
	}

	struct diag diag = {0};
	struct script s;
	if (script_load(path, &s, &diag) != 0) {
		print_diagnostics(&diag);
		script_free(&s);
		free(path);
		return EXIT_BAD_INPUT;
	}
	struct stap_options stap_options;
	if (read_stap_options(rest, words, &stap_options) != 0) {
		script_free(&s);
		free(path);
		return EXIT_USAGE;
	}
	int options = stap_options.words;
	char *problem = script_check_args(&s, rest - options, words + options);
	if (problem) {
		char *base = xstrdup(name);
		base[strcspn(base, ".")] = '\0';
		fprintf(stderr, "pytapset: %s: %s (usage: pytapset run %s %s)\n", base, problem,
			base, s.usage);
		free(base);
		free(problem);
		script_free(&s);
		free(path);
		return EXIT_USAGE;
	}
	script_free(&s);
	enum backend backend;
	char *why = NULL;
	if (backend_choose(asked, stap_only_option(words, options) != NULL, &backend, &why) != 0 || (print && backend != BACKEND_BPFTRACE)) {
		free(why);
		free(path);
		return why ? usage_error("run", "--print writes bpftrace's program: give --backend=bpftrace")
			   : usage_error("run", "--backend=%s: not %s", asked, BACKEND_NAMES);
	}
	/*
	 * A backend pytapset chose is said in one line, once the run is
	 * sure to start: a refusal stays the one line it is.
	 */
	char *chosen = asked || print ? NULL
		       : xasprintf("pytapset: running %s on %s: %s\n", name,
				   backend == BACKEND_STAP ? "SystemTap" : "bpftrace", why);
	free(why);
	if (backend == BACKEND_BPFTRACE) {
		char *base = xstrdup(name);
		base[strcspn(base, ".")] = '\0';
		int status = run_bpftrace(base, words, options, words + options, rest - options, print,
					  chosen);
		free(chosen);
		free(base);
		free(path);
		return status;
	}

	/*
	 * [SYSTEMTAP_TAPSET=PRIVATE] stap [-I DEFAULT] [-R FIXED-RUNTIME]
	 * [--sysroot ROOT] OPTION... [-r KERNEL-TREE] -- SCRIPT ARGUMENT...
	 */
	const char *stap = setting(SETTING_STAP);
	struct run_target target = {0};
	if (stap_options.pid || stap_options.command) {
		int status = run_target_prepare(stap_options.pid, stap_options.command, path, stap,
						stap_options.kernel, &target, &diag);
		print_diagnostics(&diag);
		if (status != EXIT_OK) {
			run_target_free(&target);
			free(chosen);
			free(path);
			return status;
		}
		setenv("SYSTEMTAP_TAPSET", target.tapset_dir, 1);
	}
	if (chosen)
		fputs(chosen, stderr);
	free(chosen);
	char *runtime = fixed_runtime(stap, &stap_options);
	/* stap, four options with their values, "--", the script and NULL. */
	char **argv = xcalloc((size_t)rest + 12, sizeof(*argv));
	int n = 0;
	argv[n++] = (char *)stap;
	if (target.default_dir) {
		argv[n++] = "-I";
		argv[n++] = target.default_dir;
	}
	if (runtime) {
		argv[n++] = "-R";
		argv[n++] = runtime;
	}
	if (target.sysroot && !stap_options.sysroot_given) {
		argv[n++] = "--sysroot";
		argv[n++] = target.sysroot;
	}
	for (int i = 0; i < options - (stap_options.dashes ? 1 : 0); i++)
		argv[n++] = words[i];
	if (target.kernel_tree && !stap_options.sysroot_given) {
		argv[n++] = "-r";
		argv[n++] = target.kernel_tree;
	}
	argv[n++] = "--";
	argv[n++] = path;
	for (int i = options; i < rest; i++)
		argv[n++] = words[i];
	argv[n] = NULL;
	int status = process_exec(argv);
	run_target_free(&target);
	free(runtime);
	free(argv);
	free(path);
	return status;
}

static const struct cmd_option run_options[] = {
	{OPT_BACKEND, "backend", "NAME", "trace with stap or bpftrace (default: stap where it\n"
	 "can load its modules, else bpftrace)"},
	{OPT_PRINT, "print", NULL, "with bpftrace: write the program instead of running it"},
	{0},
};

static const struct cmd_exit run_exits[] = {
	{EXIT_OK, "the scripts were listed; once stap runs, its status is the command's"},
	{EXIT_BAD_INPUT, "no scripts, stap cannot start; -x/-c: no such process or program, not Python"},
	{EXIT_USAGE, "wrong command line: no such script, or a wrong script argument"},
	{EXIT_NO_MARKERS, "-x/-c: its Python has no markers nor helper, or not those the script needs"},
	{EXIT_OUTPUT, "-x/-c: the tapset for its Python cannot be written in the cache directory"},
	{-1, NULL},
};

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.usage = "[--backend=NAME] [--print] [NAME [STAP-OPTION]... [ARGUMENT]...]",
	.summary = "run an installed script; alone, list them",
	.description = "Run the script NAME of " PYTAPSET_SCRIPTDIR "\n"
		       "with stap, after checking its ARGUMENTs against the description the\n"
		       "script carries; STAP-OPTIONs such as -c CMD, -x PID, -o FILE, -G VAR=VALUE\n"
		       "go to stap. Without NAME, list the scripts, one line each.\n"
		       "\n"
		       "-x PID traces a running program, -c CMD starts one: whichever Python it\n"
		       "runs (a venv's, a pyenv or self-built one, one in a container), run finds\n"
		       "its files (/proc/PID/maps; PATH, #! lines and env for CMD), writes a\n"
		       "tapset for them into the cache, and has stap read it first; in one line\n"
		       "it says when that Python has no markers, or lacks one the script needs.\n"
		       "\n"
		       "On bpftrace (see pytapset-scripts(7)) the same script is generated\n"
		       "for this machine's Pythons from NAME.bt; of the options only -c CMD,\n"
		       "-x PID and --sysroot DIR (the Pythons under DIR) are taken. One line on stderr says which tracer runs and why.",
	.options = run_options,
	.exits = run_exits,
	.max_operands = -1,
	.options_first = true,
	.exec = exec_run,
};
