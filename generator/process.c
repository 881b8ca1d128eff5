/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Starting other programs; see process.h.
 */
#include "process.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exitcode.h"
#include "paths.h"
#include "report.h"
#include "settings.h"
#include "util.h"

char *process_find(const char *name)
{
	if (strchr(name, '/'))
		return access(name, X_OK) == 0 ? xstrdup(name) : NULL;
	char *copy = xstrdup(setting(SETTING_PATH));
	char *found = NULL;
	for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		char *candidate = path_join(*dir ? dir : ".", name);
		if (access(candidate, X_OK) == 0)
			found = candidate;
		else
			free(candidate);
	}
	free(copy);
	return found;
}

/* All of FD into a new string, of which PROCESS_CAPTURE_MAX bytes are kept. */
static char *read_all(int fd)
{
	size_t len = 0, cap = 4096;
	char *buf = xmalloc(cap);
	for (;;) {
		if (len + 1 == cap && cap < PROCESS_CAPTURE_MAX)
			buf = xreallocarray(buf, cap *= 2, 1);
		char sink[4096];
		bool full = len + 1 == cap;
		ssize_t n = read(fd, full ? sink : buf + len, full ? sizeof(sink) : cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (!full)
			len += (size_t)n;
	}
	buf[len] = '\0';
	return buf;
}

int process_capture(char *const argv[], const char *dir, char **output)
{
	int fds[2];
	*output = NULL;
	if (pipe2(fds, O_CLOEXEC) != 0)
		return -1;
	flush_stdout();
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		if (dir && chdir(dir) != 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	*output = read_all(fds[0]);
	close(fds[0]);
	int wstatus;
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
}

int process_exec(char *const argv[])
{
	if (finish_output(EXIT_OK) != EXIT_OK)
		return EXIT_OUTPUT;
	execvp(argv[0], argv);
	fprintf(stderr, "pytapset: %s: %s\n", argv[0], strerror(errno));
	return EXIT_BAD_INPUT;
}
