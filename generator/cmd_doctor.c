/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pytapset doctor: can Python be traced with SystemTap on this machine,
 * and if not, what to do.  Each check gives one line (ok, warn, FAIL or
 * skip) and, when something is wrong, one line of advice; the exit status
 * says whether tracing can work.
 *
 * What SystemTap needs: stap itself; a kernel that loads modules and has
 * uprobes; that kernel's build tree (linux-headers); a module that
 * compiles, which stap 4.8 cannot do on Debian 12's kernels that carry the
 * task_work_cancel_func() backport; the probe aliases, i.e. our tapset in
 * the directory stap reads, not SystemTap's stock python.stp whose glob
 * matches nothing on Debian; and Pythons with markers that tell the truth.
 *
 * The checks are a table, run in order: each adds the lines of its name,
 * none when it does not apply, and may leave for the later ones what it
 * found (the module build needs stap and the build tree; the Pythons, the
 * tapset's list of what it covers).
 */
#include <errno.h>
#include <glob.h>
#include <grp.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "commands.h"
#include "discover.h"
#include "exitcode.h"
#include "json.h"
#include "markers.h"
#include "paths.h"
#include "process.h"
#include "provider.h"
#include "root.h"
#include "settings.h"
#include "stap_runtime.h"
#include "tapset_file.h"
#include "target.h"
#include "tapset.h"
#include "util.h"

#define DOCTOR_JSON_SCHEMA "pytapset-doctor/1"
/* What `make install` and the Debian package call the stock file they keep. */
static const char *const saved_stock_names[] = {
	"python.stp.pytapset-saved", "python.stp.distrib", NULL,
};
/*
 * What the module build compiles: what a script needs, i.e. probes on
 * Python's markers through the installed tapset (uprobes, the task finder,
 * the transport); any of them, as a tapset has the ones its Pythons have.
 * Without a usable tapset, a module that only starts and stops.
 */
#define MARKER_PROBE_SCRIPT \
	"probe python.function.entry ?, python.function.return ?, python.gc.start ?, " \
	"python.import.find.load.start ? { printf(\"%s\\n\", pp()) }"
#define TRIVIAL_SCRIPT "probe begin { exit() }"

enum check_status { CHECK_OK, CHECK_WARN, CHECK_FAIL, CHECK_SKIP };

static const char *const status_names[] = {
	[CHECK_OK] = "ok", [CHECK_WARN] = "warn", [CHECK_FAIL] = "FAIL", [CHECK_SKIP] = "skip",
};

/* One line of the report. */
struct check {
	const char *name;
	enum check_status status;
	char *detail;
	char *advice;		/* NULL when nothing is to be done */
	const struct target *python;	/* for the per-Python checks */
};

/* The python.stp in stap's tapset directory. */
enum tapset_kind { TAPSET_MISSING, TAPSET_OURS, TAPSET_STOCK };

struct doctor {
	struct check *checks;
	size_t count;
	const char *current;	/* the name of the running check, its lines' */
	const char *stap;	/* NULL when not found */
	char *stap_path;
	const char *kernel;
	bool running_kernel;
	bool kernel_unusable;	/* it loads no modules: nothing else about it matters */
	bool build_tree;	/* the kernel's build tree is installed */
	const char *runtime;	/* -R DIR, or NULL */
	const char *tapset_dir;
	char *tapset;		/* the python.stp stap reads */
	enum tapset_kind tapset_kind;
	struct path_list covered;	/* what the installed tapset says it covers */
	bool tapset_ok;
	struct root *root;	/* the running system, read once */
	struct provider provider;	/* what each version's markers are worth */
	struct target *pythons;
	size_t python_count;
};

static struct check *add_check(struct doctor *d, enum check_status status, char *detail,
			       char *advice)
{
	d->checks = xreallocarray(d->checks, d->count + 1, sizeof(*d->checks));
	struct check *c = &d->checks[d->count++];
	*c = (struct check){d->current, status, detail, advice, NULL};
	return c;
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* The first line of FILE, or NULL. */
static char *read_first_line(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	char *line = NULL;
	size_t size = 0;
	ssize_t n = getline(&line, &size, f);
	fclose(f);
	if (n < 0) {
		free(line);
		return NULL;
	}
	line[strcspn(line, "\n")] = '\0';
	return line;
}

/* LIST with ", ITEM" added (ITEM alone to an empty one); LIST is freed. */
static char *join(char *list, const char *item)
{
	char *longer = xasprintf("%s%s%s", list, *list ? ", " : "", item);
	free(list);
	return longer;
}

static void check_stap(struct doctor *d)
{
	const char *program = setting(SETTING_STAP);
	d->stap_path = process_find(program);
	if (!d->stap_path) {
		add_check(d, CHECK_FAIL, xasprintf("%s: not found in PATH", program),
			  xstrdup("install SystemTap: apt-get install systemtap (dnf install systemtap)"));
		return;
	}
	d->stap = program;
	char *version = stap_version(program);
	if (!version) {
		add_check(d, CHECK_FAIL, xasprintf("%s -V failed", d->stap_path),
			  xstrdup("reinstall SystemTap"));
		d->stap = NULL;
	} else {
		add_check(d, CHECK_OK, xasprintf("%s, version %s", d->stap_path, version), NULL);
	}
	free(version);
}

/* "CONFIG_UPROBES=y" in the kernel's configuration: 1 yes, 0 no, -1 unknown. */
static int kernel_config(const char *kernel, const char *option)
{
	char *paths[] = {xasprintf("/boot/config-%s", kernel),
			 xasprintf("/lib/modules/%s/build/.config", kernel)};
	int found = -1;
	for (size_t i = 0; i < 2; i++) {
		FILE *f = found < 0 ? fopen(paths[i], "re") : NULL;
		char line[256];
		size_t len = strlen(option);
		while (f && fgets(line, sizeof(line), f)) {
			if (strncmp(line, option, len) == 0 && line[len] == '=')
				found = line[len + 1] == 'y';
			else if (strncmp(line, "# ", 2) == 0 && strncmp(line + 2, option, len) == 0 &&
				 strcmp(line + 2 + len, " is not set\n") == 0)
				found = 0;
		}
		if (f)
			fclose(f);
		free(paths[i]);
	}
	return found;
}

/* Whether the first line of PATH is LINE. */
static bool first_line_is(const char *path, const char *line)
{
	char *first = read_first_line(path);
	bool is = first && strcmp(first, line) == 0;
	free(first);
	return is;
}

/* Whether the kernel's lockdown (Secure Boot) is on. */
static bool locked_down(void)
{
	char *lockdown = read_first_line("/sys/kernel/security/lockdown");
	bool locked = lockdown && !strstr(lockdown, "[none]");
	free(lockdown);
	return locked;
}

/* Whether the kernel can load stap's modules; another kernel's is not known. */
static void check_kernel(struct doctor *d)
{
	if (!d->running_kernel) {
		add_check(d, CHECK_SKIP,
			  xasprintf("%s is not the running kernel: only its build is checked",
				    d->kernel), NULL);
		return;
	}
	d->kernel_unusable = true;
	if (!exists("/proc/modules")) {
		add_check(d, CHECK_FAIL,
			  xasprintf("%s cannot load modules (no /proc/modules): stap's kernel "
				    "runtime runs as a module", d->kernel),
			  xstrdup("boot a kernel with loadable module support, such as the "
				  "distribution's (Debian: linux-image-amd64)"));
		return;
	}
	if (first_line_is("/proc/sys/kernel/modules_disabled", "1")) {
		add_check(d, CHECK_FAIL,
			  xasprintf("%s: loading modules is disabled "
				    "(/proc/sys/kernel/modules_disabled is 1)", d->kernel),
			  xstrdup("reboot without kernel.modules_disabled=1"));
		return;
	}
	d->kernel_unusable = false;
	/* Either way the kernel refuses a module no trusted key signed, as stap's are. */
	const char *refusal = locked_down() ? ", but is locked down (Secure Boot): it loads only signed modules"
			      : first_line_is("/sys/module/module/parameters/sig_enforce", "Y")
				      ? ", but enforces module signatures (module.sig_enforce): it loads only signed modules"
				      : NULL;
	add_check(d, refusal ? CHECK_WARN : CHECK_OK,
		  xasprintf("%s loads modules%s", d->kernel, refusal ? refusal : ""),
		  refusal ? xstrdup("stap's modules are unsigned: sign each with a key enrolled as a "
				    "machine owner key (mokutil --import KEY.der; stap -p4 -m NAME ...; "
				    "/lib/modules/$(uname -r)/build/scripts/sign-file sha256 KEY.priv "
				    "KEY.der NAME.ko; staprun NAME.ko), or turn Secure Boot's validation "
				    "off (mokutil --disable-validation)")
			  : NULL);
}

/* Said only when it is known to be missing, of a kernel that loads modules. */
static void check_uprobes(struct doctor *d)
{
	if (!d->kernel_unusable && kernel_config(d->kernel, "CONFIG_UPROBES") == 0)
		add_check(d, CHECK_FAIL,
			  xasprintf("%s is built without CONFIG_UPROBES: no probe in a "
				    "program can fire", d->kernel),
			  xstrdup("boot a kernel built with CONFIG_UPROBES=y"));
}

static bool in_group(const char *name)
{
	struct group *g = getgrnam(name);
	gid_t groups[256];
	int n = g ? getgroups(256, groups) : -1;
	for (int i = 0; i < n; i++)
		if (groups[i] == g->gr_gid)
			return true;
	return g && getegid() == g->gr_gid;
}

/* Loading a module takes root, or stapusr for modules compiled by root. */
static void check_privileges(struct doctor *d)
{
	if (geteuid() == 0)
		add_check(d, CHECK_OK, xstrdup("root"), NULL);
	else if (in_group("stapdev"))
		add_check(d, CHECK_OK, xstrdup("in the groups stapdev and stapusr"), NULL);
	else
		add_check(d, CHECK_WARN,
			  xstrdup(in_group("stapusr") ? "in the group stapusr only: stap runs only "
							"modules from /lib/modules/KVER/systemtap"
						      : "not root, nor in the groups stapusr and stapdev"),
			  xstrdup("run stap (and pytapset run) as root, e.g. with sudo"));
}

/* The kernels whose build trees are installed, for the advice. */
static char *installed_build_trees(void)
{
	glob_t g;
	char *list = xstrdup("");
	if (glob("/lib/modules/*/build", 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			char *copy = xstrdup(g.gl_pathv[i]);
			list = join(list, basename(dirname(copy)));
			free(copy);
		}
		globfree(&g);
	}
	return list;
}

static void check_build_tree(struct doctor *d)
{
	char *build = xasprintf("/lib/modules/%s/build", d->kernel);
	d->build_tree = exists(build);
	if (d->build_tree) {
		char *real = realpath(build, NULL);
		add_check(d, CHECK_OK, xasprintf("%s", real ? real : build), NULL);
		free(real);
	} else {
		char *others = installed_build_trees();
		add_check(d, CHECK_FAIL,
			  xasprintf("no %s: stap cannot build a module for %s%s%s%s", build,
				    d->kernel, *others ? " (installed for: " : "", others,
				    *others ? ")" : ""),
			  xasprintf("install linux-headers-%s (Debian; kernel-devel-%s on Fedora)%s",
				    d->kernel, d->kernel,
				    *others ? "; 'pytapset doctor -r KVER' checks an installed one" : ""));
		free(others);
	}
	free(build);
}

/* The first compiler error of OUTPUT, as one line. */
static char *first_error(const char *output)
{
	const char *e = output ? strstr(output, "error:") : NULL;
	if (!e && output)
		e = strstr(output, "ERROR");
	if (!e)
		return xstrdup("see the whole output of stap -v -p4");
	const char *start = e;
	while (start > output && start[-1] != '\n')
		start--;
	return xstrndup(start, strcspn(start, "\n"));
}

/* Remove DIR and the files stap left in it. */
static void remove_dir(const char *dir)
{
	glob_t g;
	char *pattern = xasprintf("%s/*", dir);
	if (glob(pattern, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++)
			unlink(g.gl_pathv[i]);
		globfree(&g);
	}
	free(pattern);
	rmdir(dir);
}

/*
 * Compile SCRIPT with stap -p4 for the kernel, with the runtime in
 * RUNTIME (NULL: stap's choice), in a directory of its own (pass 4 leaves
 * the module in the current directory), removed then.  Returns stap's
 * status (-1 with errno if it could not start), its output in *OUTPUT.
 */
static int build_module(const struct doctor *d, const char *runtime, const char *script,
			char **output)
{
	char dir[] = "/tmp/pytapset-doctor.XXXXXX";
	*output = NULL;
	if (!mkdtemp(dir))
		return -1;
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "pytapset: doctor: compiling a module with stap%s "
				"(a minute or more the first time)...\n",
			runtime ? " and pytapset's runtime fixes" : "");
	char *argv[10];
	int n = 0;
	argv[n++] = (char *)d->stap;
	argv[n++] = "-r";
	argv[n++] = (char *)d->kernel;
	if (runtime) {
		argv[n++] = "-R";
		argv[n++] = (char *)runtime;
	}
	argv[n++] = "-p4";
	argv[n++] = "-e";
	argv[n++] = (char *)script;
	argv[n] = NULL;
	int rc = process_capture(argv, dir, output);
	remove_dir(dir);
	return rc;
}

/* What a build of WHAT (a runtime's description) that failed with OUTPUT says. */
static char *build_failure(const struct doctor *d, const char *what, int rc, const char *output)
{
	if (rc < 0)
		return xasprintf("%s could not be started: %s", d->stap, strerror(errno));
	char *error = first_error(output);
	char *text = xasprintf("stap -p4 fails for %s with %s: %s", d->kernel, what, error);
	free(error);
	return text;
}

/*
 * The build with stap's own runtime, then, when pytapset has fixes for
 * this stap and kernel, with the fixed copy that `pytapset run` uses: a
 * line for each, and for a failure of the first that a fix answers, its
 * cause and the way out for those who run stap themselves.
 */
static void check_module_build(struct doctor *d)
{
	if (!d->stap || !d->build_tree) {
		add_check(d, CHECK_SKIP,
			  xstrdup(d->stap ? "not tried without the kernel's build tree"
					  : "not tried without stap"), NULL);
		return;
	}
	const char *script = d->tapset_ok ? MARKER_PROBE_SCRIPT : TRIVIAL_SCRIPT;
	const char *what = d->tapset_ok ? "a probe on Python's markers" : "a module without probes (no usable tapset)";
	struct diag diag = {0};
	struct stap_runtime rt;
	const char *stock = d->runtime ? d->runtime : setting(SETTING_STAP_RUNTIME);
	bool assessed = stap_runtime_assess(&rt, d->stap, stock, d->kernel,
					    setting(SETTING_FIX_DIR), &diag) == 0;
	char *fixed = assessed && rt.applicable ? stap_runtime_directory(&rt, &diag) : NULL;

	char *out;
	int rc = build_module(d, d->runtime, script, &out);
	int fixed_rc = -1;
	char *fixed_out = NULL;
	if (fixed)
		fixed_rc = build_module(d, fixed, script, &fixed_out);
	const char *own = d->runtime ? "the runtime given" : "stap's own runtime";
	if (rc == 0) {
		add_check(d, CHECK_OK, xasprintf("%s builds for %s with %s%s%s", what, d->kernel,
						 own, stock ? " in " : "", stock ? stock : ""), NULL);
	} else {
		const struct runtime_fix *fix = assessed ?
			runtime_fix_for_failure(&rt.fixes, rt.verdicts, out) : NULL;
		/* A known defect is told by its fix; anything else by stap's words. */
		char *detail = fix ? xasprintf("%s cannot build %s for %s: %s (%s; SystemTap "
					       "copes since %s)", own, what, d->kernel, fix->summary,
					       fix->kernel_change, fix->upstream)
				   : build_failure(d, own, rc, out);
		add_check(d, fixed_rc == 0 ? CHECK_WARN : CHECK_FAIL, detail,
			  fixed_rc == 0 ? xasprintf("pytapset run builds with pytapset's fixed runtime; "
						    "with stap itself: stap -R \"$(pytapset runtime%s%s)\" ...",
						    d->running_kernel ? "" : " -r ",
						    d->running_kernel ? "" : d->kernel)
					: xasprintf("see the whole output of: stap -r %s -p4 -v -e '%s'",
						    d->kernel, script));
	}
	if (fixed) {
		char *names = stap_runtime_fix_names(&rt);
		if (fixed_rc == 0)
			add_check(d, CHECK_OK,
				  xasprintf("%s builds for %s with pytapset's runtime fixes (%s), "
					    "which pytapset run uses: %s", what, d->kernel, names, fixed),
				  NULL);
		else
			add_check(d, CHECK_FAIL,
				  build_failure(d, "pytapset's runtime fixes", fixed_rc, fixed_out),
				  xasprintf("see the whole output of: stap -R %s -r %s -p4 -v -e '%s'",
					    fixed, d->kernel, script));
		free(names);
	}
	/* Without the fixes, the build above says all there is to say. */
	if (diag.count)
		add_check(d, CHECK_WARN, xasprintf("pytapset's runtime fixes cannot be used: %s: %s",
						   diag.messages[0].subject, diag.messages[0].text),
			  NULL);
	diag_free(&diag);
	free(out);
	free(fixed_out);
	free(fixed);
	stap_runtime_free(&rt);
}

/* How many files the process("GLOB") points of a stock tapset match. */
static size_t stock_glob_matches(const char *path, char **first_glob)
{
	FILE *f = fopen(path, "re");
	char line[4096];
	size_t matches = 0;
	*first_glob = NULL;
	while (f && fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "process(\"");
		if (!p)
			continue;
		p += strlen("process(\"");
		char *glob_text = xstrndup(p, strcspn(p, "\""));
		glob_t g;
		if (glob(glob_text, 0, NULL, &g) == 0) {
			matches += g.gl_pathc;
			globfree(&g);
		}
		if (!*first_glob)
			*first_glob = glob_text;
		else
			free(glob_text);
	}
	if (f)
		fclose(f);
	return matches;
}

/* Whose python.stp stap reads, and for pytapset's, what it covers. */
static void check_tapset(struct doctor *d)
{
	d->tapset_dir = setting(SETTING_TAPSET_DIR);
	d->tapset = path_join(d->tapset_dir, TAPSET_FILE);
	char *regenerate = xasprintf("pytapset generate --discover -o %s", d->tapset);
	if (!exists(d->tapset)) {
		d->tapset_kind = TAPSET_MISSING;
		add_check(d, CHECK_FAIL, xasprintf("no %s: no python.* probe aliases", d->tapset),
			  regenerate);
		return;
	}
	if (!tapset_file_read(d->tapset, &d->covered)) {
		d->tapset_kind = TAPSET_STOCK;
		add_check(d, CHECK_FAIL,
			  xasprintf("%s is not pytapset's: no aliases for this machine's Pythons",
				    d->tapset),
			  regenerate);
		return;
	}
	d->tapset_kind = TAPSET_OURS;
	d->tapset_ok = d->covered.count > 0;
	char *list = xstrdup("");
	for (size_t i = 0; i < d->covered.count; i++)
		list = join(list, d->covered.items[i]);
	add_check(d, d->tapset_ok ? CHECK_OK : CHECK_FAIL,
		  xasprintf("%s, by pytapset, covers: %s", d->tapset,
			    d->covered.count ? list : "nothing"),
		  d->tapset_ok ? NULL : regenerate);
	free(list);
	if (d->tapset_ok)
		free(regenerate);
}

/* Where SystemTap's own python.stp went, and whether it would work. */
static void check_stock_tapset(struct doctor *d)
{
	if (d->tapset_kind == TAPSET_MISSING) {
		add_check(d, CHECK_WARN, xasprintf("not in %s", d->tapset_dir), NULL);
	} else if (d->tapset_kind == TAPSET_OURS) {
		char *kept = NULL;
		for (const char *const *s = saved_stock_names; *s && !kept; s++) {
			char *p = path_join(d->tapset_dir, *s);
			if (exists(p))
				kept = p;
			else
				free(p);
		}
		add_check(d, CHECK_OK,
			  kept ? xasprintf("SystemTap's own, kept aside as %s (stap does not read it)", kept)
			       : xasprintf("replaced by pytapset's in %s", d->tapset_dir),
			  NULL);
		free(kept);
	} else {
		char *glob_text;
		size_t matches = stock_glob_matches(d->tapset, &glob_text);
		add_check(d, matches ? CHECK_WARN : CHECK_FAIL,
			  xasprintf("SystemTap's own is in place; its %s matches %zu files%s",
				    glob_text ? glob_text : "glob", matches,
				    matches ? "" : ", so every use of python.function.entry fails"),
			  NULL);
		free(glob_text);
	}
}

/*
 * What to say of T's markers (a new string), and whether that is a
 * warning.  What a version's function markers are worth without the
 * helper is data: FUNCTION_ENTRY's description (NULL: none could be read).
 */
static enum check_status python_note(const struct target *t,
				     const struct marker_desc *function_entry, char **note)
{
	bool entry = marker_present(t->markers, "function__entry");
	if (t->helper) {
		*note = t->exe
			? xasprintf("function and line tracing through pytapset's marker helper %s: "
				    "run the program as %s -m pytapset SCRIPT", t->helper,
				    strrchr(t->exe, '/') + 1)
			: xasprintf("function and line tracing through pytapset's marker helper %s: "
				    "import _pytapset in the embedded interpreter", t->helper);
		return CHECK_OK;
	}
	if (entry && function_entry && function_entry->unfaithful_note &&
	    marker_needs_helper(function_entry, &t->version)) {
		*note = xstrdup(function_entry->unfaithful_note);
		return CHECK_WARN;
	}
	if (!entry) {
		*note = xstrdup(function_entry && marker_removed_in(function_entry, &t->version)
				? function_entry->removed_note
				: "no function markers: only the scripts on its other markers work");
		return CHECK_WARN;
	}
	*note = xstrdup("its markers are faithful");
	return CHECK_OK;
}

static void check_python(struct doctor *d, const struct target *t)
{
	const char *path = t->exe ? t->exe : t->library;
	bool covered = path_list_contains(&d->covered, path);
	char *note;
	enum check_status status =
		python_note(t, provider_find(&d->provider, "function__entry"), &note);
	if (!covered && status == CHECK_OK)
		status = CHECK_WARN;
	char *regenerate = covered ? NULL
				   : xasprintf("cover it: pytapset generate --discover -o %s", d->tapset);
	struct check *c = add_check(d, status,
				    xasprintf("%s%s: %s", path, covered ? "" : " (not covered by the tapset)",
					      note),
				    regenerate);
	c->python = t;
	free(note);
}

/* Each Python found, and whether the tapset covers any of them. */
static void check_pythons(struct doctor *d)
{
	struct diag diag = {0};
	struct target *found = NULL;
	size_t count = 0;
	/* Without the description, no version gets a note of its own. */
	char *description = path_join(setting(SETTING_TEMPLATE_DIR), PROVIDER_DESCRIPTION_FILE);
	provider_load(description, &d->provider, &diag);
	free(description);
	d->root = root_open(NULL);
	discover_pythons(d->root, setting_override(SETTING_PATH), NULL, &found, &count, &diag);
	diag_free(&diag);
	target_name_points(found, count);
	d->pythons = found;
	d->python_count = count;
	bool traceable_python = false;
	for (size_t i = 0; i < count; i++) {
		check_python(d, &found[i]);
		traceable_python |= path_list_contains(&d->covered, found[i].exe ? found[i].exe : found[i].library);
	}
	if (count == 0)
		add_check(d, CHECK_FAIL,
			  xstrdup("no Python with markers found in PATH or the system directories"),
			  xstrdup("install a Python built with --with-dtrace (Debian's python3.X is)"));
	else if (!traceable_python && d->tapset_ok)
		add_check(d, CHECK_FAIL,
			  xstrdup("the tapset covers none of the Pythons found"),
			  xasprintf("pytapset generate --discover -o %s", d->tapset));
}

/* The checks, in the order of the report; each names the lines it adds. */
static const struct doctor_check {
	const char *name;
	void (*run)(struct doctor *d);
} doctor_checks[] = {
	{"stap", check_stap},
	{"kernel", check_kernel},
	{"uprobes", check_uprobes},
	{"privileges", check_privileges},
	{"kernel headers", check_build_tree},
	{"tapset", check_tapset},
	{"stock python.stp", check_stock_tapset},
	{"module build", check_module_build},
	{"python", check_pythons},
	{NULL, NULL},
};

static void print_text(const struct doctor *d, bool possible)
{
	printf("pytapset doctor: can SystemTap trace Python here (kernel %s)?\n", d->kernel);
	for (size_t i = 0; i < d->count; i++) {
		const struct check *c = &d->checks[i];
		printf("%-4s  %-16s %s\n", status_names[c->status], c->name, c->detail);
		if (c->python) {
			const char *names[MARKER_NAMES_MAX];
			size_t n = marker_names(c->python->markers, names, MARKER_NAMES_MAX);
			printf("      %-16s markers:", "");
			for (size_t k = 0; k < n; k++)
				printf(" %s", names[k]);
			putchar('\n');
		}
		if (c->advice)
			printf("      %-16s -> %s\n", "", c->advice);
	}
	if (possible)
		printf("Tracing Python can work here.\n");
	else
		printf("Tracing Python cannot work here: see FAIL above.\n");
}

static void print_json(const struct doctor *d, bool possible)
{
	struct json j;
	json_begin_document(&j, stdout, DOCTOR_JSON_SCHEMA, "checks");
	for (size_t i = 0; i < d->count; i++) {
		const struct check *c = &d->checks[i];
		json_begin_object(&j);
		json_member_string(&j, "check", c->name);
		json_member_string(&j, "status", status_names[c->status]);
		json_member_string(&j, "detail", c->detail);
		json_member_string_or_null(&j, "advice", c->advice);
		if (c->python) {
			json_member_string_or_null(&j, "executable", c->python->exe);
			json_member_string_or_null(&j, "library", c->python->library);
			json_key(&j, "markers");
			json_begin_array(&j);
			const char *names[MARKER_NAMES_MAX];
			size_t n = marker_names(c->python->markers, names, MARKER_NAMES_MAX);
			for (size_t k = 0; k < n; k++)
				json_string(&j, names[k]);
			json_end_array(&j);
		}
		json_end_object(&j);
	}
	json_end_array(&j);
	json_member_string(&j, "kernel", d->kernel);
	json_member_bool(&j, "tracing_possible", possible);
	json_end_object(&j);
	putchar('\n');
}

static void doctor_free(struct doctor *d)
{
	for (size_t i = 0; i < d->count; i++) {
		free(d->checks[i].detail);
		free(d->checks[i].advice);
	}
	free(d->checks);
	for (size_t i = 0; i < d->python_count; i++)
		target_free(&d->pythons[i]);
	free(d->pythons);
	root_free(d->root);
	provider_free(&d->provider);
	free(d->stap_path);
	free(d->tapset);
	path_list_free(&d->covered);
}

enum { OPT_KERNEL = 'r', OPT_RUNTIME = 'R' };

static int exec_doctor(const struct cmd_args *args)
{
	struct doctor d = {0};
	struct utsname u;
	uname(&u);
	const char *kernel = cmd_value(args, OPT_KERNEL);
	d.kernel = kernel ? kernel : u.release;
	d.running_kernel = strcmp(d.kernel, u.release) == 0;
	d.runtime = cmd_value(args, OPT_RUNTIME);

	for (const struct doctor_check *k = doctor_checks; k->name; k++) {
		d.current = k->name;
		k->run(&d);
	}

	bool possible = true;
	for (size_t i = 0; i < d.count; i++)
		possible &= d.checks[i].status != CHECK_FAIL;
	if (cmd_value(args, 'j'))
		print_json(&d, possible);
	else
		print_text(&d, possible);
	doctor_free(&d);
	return possible ? EXIT_OK : EXIT_BAD_INPUT;
}

static const struct cmd_option doctor_options[] = {
	{'j', "json", NULL, "print one JSON document (schema " DOCTOR_JSON_SCHEMA ")"},
	{OPT_KERNEL, "kernel", "KVER", "check the build for kernel KVER, not the running one"},
	{OPT_RUNTIME, "runtime", "DIR", "compile with stap's runtime in DIR (stap -R DIR)"},
	{0},
};

static const struct cmd_exit doctor_exits[] = {
	{EXIT_OK, "tracing Python can work on this machine"},
	{EXIT_BAD_INPUT, "it cannot: a check failed (FAIL), with what to do"},
	{-1, NULL},
};

const struct cmd_entry cmd_doctor_entry = {
	.name = "doctor",
	.usage = "[--json] [-r KVER] [-R DIR]",
	.summary = "can SystemTap trace Python here? what to do if not",
	.description = "Check whether tracing Python with SystemTap can work on this machine:\n"
		       "stap and its version, module loading, the kernel's build tree, the\n"
		       "tapset in stap's tapset directory (" PYTAPSET_TAPSETDIR ")\n"
		       "and SystemTap's own python.stp, a probe on Python's markers built\n"
		       "with stap -p4 (with stap's own runtime, and with pytapset's fixes of\n"
		       "it when some apply), and for each Python its markers and whether they\n"
		       "are faithful. A failed check comes with what to do.",
	.options = doctor_options,
	.exits = doctor_exits,
	.max_operands = 0,
	.exec = exec_doctor,
};
