/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running a script on bpftrace (see bpftrace_run.h).
 */
#include "bpftrace_run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wordexp.h>

#include "bpftrace.h"
#include "discover.h"
#include "exitcode.h"
#include "paths.h"
#include "process.h"
#include "provider.h"
#include "report.h"
#include "root.h"
#include "run_target.h"
#include "settings.h"
#include "template.h"
#include "util.h"

/* The line the program prints once attached; not the script's output. */
#define READY_LINE "pytapset-bpftrace-attached"

/* Start COMMAND, held until a byte arrives on *GO (see let_go). */
static pid_t start_held(const char *command, int *go)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) != 0)
		return -1;
	flush_stdout();
	pid_t pid = fork();
	if (pid == 0) {
		char byte;
		close(fds[1]);
		if (read(fds[0], &byte, 1) != 1)
			_exit(127);
		/* Words split as a shell would, but no shell: CMD is the process. */
		wordexp_t words;
		if (wordexp(command, &words, WRDE_NOCMD) != 0 || words.we_wordc == 0) {
			fprintf(stderr, "pytapset: -c '%s': not a command\n", command);
			_exit(127);
		}
		execvp(words.we_wordv[0], words.we_wordv);
		fprintf(stderr, "pytapset: %s: %s\n", words.we_wordv[0], strerror(errno));
		_exit(127);
	}
	close(fds[0]);
	*go = fds[1];
	return pid;
}

static void let_go(int *go)
{
	if (*go >= 0 && write(*go, "g", 1) != 1)
		fprintf(stderr, "pytapset: cannot start the command: %s\n", strerror(errno));
	if (*go >= 0)
		close(*go);
	*go = -1;
}

static int exit_status(int wstatus)
{
	return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
}

static void write_all(const char *data, size_t size)
{
	while (size) {
		ssize_t n = write(STDOUT_FILENO, data, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		data += n;
		size -= (size_t)n;
	}
}

/*
 * Whether the traced process has ended: CHILD, ours (-c), reaped here;
 * else the one PIDFD refers to (-x), readable once it has ended.
 */
static bool traced_ended(pid_t child, int pidfd)
{
	if (child > 0)
		return waitpid(child, NULL, WNOHANG) == child;
	struct pollfd p = {.fd = pidfd, .events = POLLIN};
	return poll(&p, 1, 0) > 0;
}

/*
 * Run ARGV (bpftrace) with its output relayed until the traced process
 * ends: CHILD (-c), let go through GO once the program says it is
 * attached, or the process PIDFD refers to (-x; CHILD is then -1).
 * bpftrace does not stop by itself when the process it filters on ends,
 * as stap -c and -x do.  Returns bpftrace's exit status.
 */
static int run_until_ended(char **argv, pid_t child, int go, int pidfd)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) != 0 || finish_output(EXIT_OK) != EXIT_OK)
		return EXIT_OUTPUT;
	pid_t tracer = fork();
	if (tracer == 0) {
		dup2(fds[1], STDOUT_FILENO);
		execvp(argv[0], argv);
		fprintf(stderr, "pytapset: %s: %s\n", argv[0], strerror(errno));
		_exit(EXIT_BAD_INPUT);
	}
	close(fds[1]);
	/* Ctrl-C reaches bpftrace, which prints its maps: relay them. */
	signal(SIGINT, SIG_IGN);
	char buffer[65536], *pending = NULL;
	size_t pending_size = 0;
	bool child_alive = true;
	/* Polls of 100 ms without output since CMD ended; then SIGINTs sent. */
	unsigned quiet = 0, stops = 0;
	for (;;) {
		struct pollfd p = {.fd = fds[0], .events = POLLIN};
		int ready = poll(&p, 1, 100);
		if (child_alive && traced_ended(child, pidfd))
			child_alive = false;
		/*
		 * bpftrace can lag behind its probes, and drops what it has not
		 * printed when stopped: stop it once it has been quiet for half
		 * a second.  A busy bpftrace can miss SIGINT: ask again every 5 s.
		 */
		quiet = ready > 0 ? 0 : quiet + 1;
		if (!child_alive && quiet >= 5 && (stops == 0 || quiet % 50 == 0)) {
			kill(tracer, SIGINT);
			stops++;
		}
		if (ready <= 0)
			continue;
		ssize_t n = read(fds[0], buffer, sizeof(buffer));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (go < 0) {
			write_all(buffer, (size_t)n);
			continue;
		}
		/* Until the ready line: keep, then drop it and let CMD go. */
		pending = xreallocarray(pending, pending_size + (size_t)n + 1, 1);
		memcpy(pending + pending_size, buffer, (size_t)n);
		pending_size += (size_t)n;
		pending[pending_size] = '\0';
		char *line = strstr(pending, READY_LINE "\n");
		if (line) {
			write_all(pending, (size_t)(line - pending));
			char *rest = line + strlen(READY_LINE "\n");
			write_all(rest, pending_size - (size_t)(rest - pending));
			let_go(&go);
		}
	}
	close(fds[0]);
	free(pending);
	if (go >= 0) {
		/* bpftrace failed before it was attached: CMD never runs. */
		close(go);
		kill(child, SIGKILL);
	}
	int wstatus;
	if (child_alive && child > 0)
		waitpid(child, &wstatus, 0);
	while (waitpid(tracer, &wstatus, 0) < 0 && errno == EINTR)
		;
	return exit_status(wstatus);
}

/*
 * bpftrace's version as major * 1000 + minor ("bpftrace v0.17.0": 17), or
 * -1 when it does not say.
 */
static int bpftrace_version(void)
{
	char *argv[] = {(char *)setting(SETTING_BPFTRACE), "--version", NULL};
	char *output = NULL;
	unsigned major, minor;
	int version = -1;
	if (process_capture(argv, NULL, &output) == 0 && output &&
	    sscanf(output, "bpftrace v%u.%u", &major, &minor) == 2)
		version = (int)(major * 1000 + minor);
	free(output);
	return version;
}

/*
 * What the template says it needs, in lines "// pytapset: requires
 * bpftrace X.Y: WHY" and "// pytapset: refuse-arguments N: WHY" (N or
 * more script arguments): the reason it cannot run as asked, or NULL.
 */
static char *template_refusal(const char *template, int arg_count, int version)
{
	static const char marker[] = "\n// pytapset: ";
	for (const char *p = strstr(template, marker); p; p = strstr(p + 1, marker)) {
		const char *d = p + strlen(marker);
		unsigned major, minor, args;
		int at = 0;
		if (sscanf(d, "requires bpftrace %u.%u: %n", &major, &minor, &at) == 2 && at) {
			if (version >= 0 && version < (int)(major * 1000 + minor))
				return xasprintf("needs bpftrace %u.%u or later (%s has %d.%d): %.*s",
						 major, minor, setting(SETTING_BPFTRACE), version / 1000,
						 version % 1000, (int)strcspn(d + at, "\n"), d + at);
		} else if (sscanf(d, "refuse-arguments %u: %n", &args, &at) == 1 && at &&
			   arg_count >= (int)args) {
			return xasprintf("%.*s", (int)strcspn(d + at, "\n"), d + at);
		}
	}
	return NULL;
}

/*
 * The sources of every Python discover finds in ROOT (the machine's, or
 * a sysroot's, whose files bpftrace names by their host paths), with
 * their helpers.
 */
static struct tapset_source *machine_sources(struct root *root, struct target **targets,
					     size_t *target_count, size_t *count,
					     struct diag *diag)
{
	discover_pythons(root, root_is_host(root) ? setting_override(SETTING_PATH) : NULL, NULL,
			 targets, target_count, diag);
	target_name_points(*targets, *target_count);
	return tapset_sources(*targets, *target_count, count);
}

int bpftrace_run(const struct bpftrace_request *r)
{
	struct diag diag = {0};
	char *description = path_join(setting(SETTING_TEMPLATE_DIR), PROVIDER_DESCRIPTION_FILE);
	struct provider provider;
	int loaded = provider_load(description, &provider, &diag);
	free(description);
	if (loaded != 0) {
		print_diagnostics(&diag);
		return EXIT_INTERNAL;
	}
	int version = bpftrace_version();
	char *file = xasprintf("%s%s", r->name, BPFTRACE_SUFFIX);
	char *path = path_join(r->template_dir, file);
	char *template = NULL, *refusal = NULL;
	if (access(path, F_OK) != 0)
		refusal = xstrdup("has no bpftrace version yet: run it with SystemTap (--backend=stap)");
	else if ((template = template_load(r->template_dir, file, &diag)))
		refusal = template_refusal(template, r->arg_count, version);
	free(path);
	if (refusal) {
		fprintf(stderr, "pytapset: %s: %s\n", r->name, refusal);
		free(refusal);
		free(template);
		template = NULL;
	}
	struct root *root = root_open(r->sysroot);
	struct target *targets = NULL;
	size_t target_count = 0, count = 0;
	struct tapset_source *sources = NULL;
	/*
	 * -x PID or -c CMD: that process's Python, as for stap (a venv's, a
	 * container's: named through /proc/PID/root); under --sysroot the
	 * command runs the Pythons of that root, whichever they are.
	 */
	struct pyprocess process = {0};
	int status = EXIT_BAD_INPUT;
	if (template && !r->sysroot && (r->pid || r->command)) {
		char *subject = NULL;
		status = run_target_python(r->pid, r->command, &process, &subject, &diag);
		free(subject);
		if (status == EXIT_OK) {
			target_name_points(&process.target, 1);
			sources = tapset_sources(&process.target, 1, &count);
		} else {
			free(template);
			template = NULL;
		}
	} else if (template) {
		sources = machine_sources(root, &targets, &target_count, &count, &diag);
	}

	pid_t child = -1;
	int go = -1;
	char *traced = NULL;
	if (r->pid)
		traced = xasprintf("pid == %s", r->pid);
	else if (r->command && r->print)
		traced = xstrdup("pid == cpid");
	else if (r->command && template && (child = start_held(r->command, &go)) > 0)
		traced = xasprintf("pid == %d", (int)child);

	char *program = NULL;
	if (template && (!r->command || r->print || child > 0) &&
	    bpftrace_render(file, template, sources, count, &provider,
			    &(struct bpftrace_options){.traced = traced, .version = version,
							.ready = child > 0 ? READY_LINE : NULL},
			    &program, &diag) == 0)
		status = EXIT_OK;
	else if (template)
		status = EXIT_BAD_INPUT;
	print_diagnostics(&diag);
	/*
	 * bpftrace's output buffer, 64 pages by default (per CPU in 0.17, one
	 * for all CPUs in newer ones), drops what does not fit without a
	 * word: a call tree's bursts need 4 MB per CPU, 16 MB shared (the
	 * user's setting wins).
	 */
	setenv("BPFTRACE_PERF_RB_PAGES", version >= 0 && version < 20 ? "1024" : "4096", 0);
	/*
	 * A map holds 4096 keys by default, fewer than the distinct lines or
	 * functions a program's start-up alone runs: as many as the stap
	 * scripts count (0.20 renamed the setting).
	 */
	setenv(version >= 0 && version < 20 ? "BPFTRACE_MAP_KEYS_MAX" : "BPFTRACE_MAX_MAP_KEYS", "20000", 0);
	if (status == EXIT_OK && r->print) {
		fputs(program, stdout);
		status = finish_output(EXIT_OK);
	} else if (status == EXIT_OK) {
		if (r->chosen)
			fputs(r->chosen, stderr);
		char **argv = xcalloc((size_t)r->arg_count + 7, sizeof(*argv));
		int n = 0;
		argv[n++] = (char *)setting(SETTING_BPFTRACE);
		/* Lines as they come, also into a pipe (-c's relay). */
		argv[n++] = "-B";
		argv[n++] = "line";
		argv[n++] = "-q";
		argv[n++] = "-e";
		argv[n++] = program;
		for (int i = 0; i < r->arg_count; i++)
			argv[n++] = r->args[i];
		/* -x: a descriptor of the process, which stays right if its PID is reused. */
		int pidfd = r->pid ? (int)syscall(SYS_pidfd_open, (pid_t)atoi(r->pid), 0) : -1;
		if (child > 0 || pidfd >= 0)
			status = run_until_ended(argv, child, go, pidfd);
		else
			status = process_exec(argv);
		if (pidfd >= 0)
			close(pidfd);
		child = -1;
		free(argv);
	}
	if (child > 0) {
		close(go);
		waitpid(child, NULL, 0);
	}
	free(program);
	free(traced);
	free(sources);
	for (size_t i = 0; i < target_count; i++)
		target_free(&targets[i]);
	free(targets);
	pyprocess_free(&process);
	root_free(root);
	free(template);
	free(file);
	provider_free(&provider);
	return status;
}
