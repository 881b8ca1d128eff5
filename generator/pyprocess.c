/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Python of a running process; see pyprocess.h. */
#include "pyprocess.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helper.h"
#include "paths.h"
#include "pybuild.h"
#include "util.h"

/* The target of the symbolic link PATH, or NULL. */
static char *link_target(const char *path)
{
	char buf[4096];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return xstrdup(buf);
}

/* Whether the process at PROC sees the same mount namespace and root as we do. */
static bool same_file_system(const char *proc)
{
	char *ns = path_join(proc, "ns/mnt"), *root = path_join(proc, "root");
	char *theirs = link_target(ns), *ours = link_target("/proc/self/ns/mnt");
	struct stat a, b;
	bool same = theirs && ours && strcmp(theirs, ours) == 0 && stat(root, &a) == 0 &&
		    stat("/", &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
	free(theirs);
	free(ours);
	free(ns);
	free(root);
	return same;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* PATH as the process sees it: without TOP, the directory its root is to us. */
static char *process_path(const char *top, const char *path)
{
	size_t len = strlen(top);
	if (strcmp(top, "/") != 0 && strncmp(path, top, len) == 0 && path[len] == '/')
		path += len;
	return xstrdup(path);
}

/* The libpython and the helper among the files MAPS names. */
struct mapped {
	char *libpython, *helper;
};

static void read_maps(FILE *maps, const char *top, struct mapped *m)
{
	char *line = NULL;
	size_t size = 0;
	while (getline(&line, &size, maps) > 0) {
		line[strcspn(line, "\n")] = '\0';
		/* e.g. 7f..-7f.. r-xp 00022000 08:01 1835 /usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0 */
		char *path = strchr(line, '/');
		if (!path)
			continue;
		enum py_name kind = py_path_kind(path);
		char **slot = kind == PY_NAME_LIBRARY ? &m->libpython
			      : kind == PY_NAME_HELPER ? &m->helper : NULL;
		if (slot && !*slot)
			*slot = process_path(top, path);
	}
	free(line);
}

/* Resolve the Python of the process from its executable EXE and mapped files M. */
static enum pyprocess_status resolve(struct pyprocess *p, const char *pid, const char *exe,
				     const struct mapped *m, struct diag *diag)
{
	/* An executable named python, else a program that embeds libpython. */
	const char *file = py_path_kind(exe) == PY_NAME_EXECUTABLE ? exe : m->libpython;
	if (!file) {
		diag_report(diag, DIAG_ERROR, pid,
			    "not a Python process: %s is not named python and maps no libpython", exe);
		return PYPROCESS_ERROR;
	}
	enum target_status status = target_resolve(p->root, file, NULL, &p->target, diag);
	if (status == TARGET_ERROR)
		return PYPROCESS_ERROR;
	bool helped = m->helper ? helper_take(p->root, m->helper, &p->target, diag)
				: helper_find(p->root, NULL, &p->target, diag);
	return status == TARGET_OK || helped ? PYPROCESS_OK : PYPROCESS_NO_MARKERS;
}

/*
 * The process sees another file system: its root TOP, as this one sees
 * it, is what stap reads its files under, if its executable SEEN is
 * there the file EXE_LINK is.  0, or -1 with the reason in DIAG.
 */
static int set_sysroot(struct pyprocess *p, const char *pid, const char *top,
		       const char *seen, const char *exe_link, struct diag *diag)
{
	char *here = path_join(top, seen);
	bool visible = same_file(here, exe_link);
	free(here);
	if (!visible) {
		diag_report(diag, DIAG_ERROR, pid,
			    "its root, %s, does not show its files here (mounted in its own namespace only): stap, which reads them by path, cannot",
			    top);
		return -1;
	}
	p->sysroot = xstrdup(top);
	return 0;
}

enum pyprocess_status pyprocess_describe(const char *pid, struct pyprocess *p,
					 struct diag *diag)
{
	*p = (struct pyprocess){0};
	if (!*pid || pid[strspn(pid, "0123456789")] != '\0') {
		diag_report(diag, DIAG_ERROR, pid, "not a process ID");
		return PYPROCESS_ERROR;
	}
	char *proc = xasprintf("/proc/%s", pid);
	char *maps_path = path_join(proc, "maps"), *root_link = path_join(proc, "root");
	char *exe_link = path_join(proc, "exe");
	FILE *maps = fopen(maps_path, "re");
	char *top = link_target(root_link), *exe = link_target(exe_link);
	enum pyprocess_status status = PYPROCESS_ERROR;
	if (!maps || !top || !exe) {
		if (errno == ENOENT)
			diag_report(diag, DIAG_ERROR, pid, "no such process");
		else
			diag_report(diag, DIAG_ERROR, pid, "cannot be read: %s", strerror(errno));
		goto out;
	}
	struct mapped m = {0};
	read_maps(maps, top, &m);
	char *seen = process_path(top, exe);
	p->root = root_open(root_link);
	if (same_file_system(proc) || set_sysroot(p, pid, top, seen, exe_link, diag) == 0)
		status = resolve(p, pid, seen, &m, diag);
	free(seen);
	free(m.libpython);
	free(m.helper);
out:
	if (maps)
		fclose(maps);
	free(top);
	free(exe);
	free(exe_link);
	free(root_link);
	free(maps_path);
	free(proc);
	return status;
}

void pyprocess_free(struct pyprocess *p)
{
	target_free(&p->target);
	if (p->root)
		root_free(p->root);
	free(p->sysroot);
	*p = (struct pyprocess){0};
}
