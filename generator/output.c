/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static int write_all(int fd, const char *data, size_t size)
{
	while (size > 0) {
		ssize_t n = write(fd, data, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		size -= (size_t)n;
	}
	return 0;
}

static int write_stdout(const char *data, size_t size, struct diag *diag)
{
	if (write_all(STDOUT_FILENO, data, size) != 0) {
		diag_report(diag, DIAG_ERROR, "standard output", "%s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Make sure the rename itself survives a crash. */
static void sync_directory(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

static const char *file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

/*
 * The file the bytes for PATH replace: PATH itself, or the file a symbolic
 * link at PATH names, as cp and the shell's ">" write through a link; the
 * link stays.  Replacing is done by renaming a new file over the old one,
 * which would turn a device, a FIFO or a socket into a regular file (and
 * "-o /dev/null" as root into a broken system): anything that exists and
 * is not a regular file is refused, and so is a link to nothing.  Returns
 * the path to replace, or NULL with the reason in DIAG.
 */
static char *replaced_file(const char *path, struct diag *diag)
{
	struct stat st;
	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return xstrdup(path);
		diag_report(diag, DIAG_ERROR, path, "cannot check: %s", strerror(errno));
		return NULL;
	}
	char *target = NULL;
	if (S_ISLNK(st.st_mode)) {
		target = realpath(path, NULL);
		if (!target || stat(target, &st) != 0) {
			diag_report(diag, DIAG_ERROR, path, "symbolic link to %s: not written",
				    errno == ENOENT ? "a missing file" : strerror(errno));
			free(target);
			return NULL;
		}
	}
	if (!S_ISREG(st.st_mode)) {
		diag_report(diag, DIAG_ERROR, path, "%s%s: refusing to replace it",
			    target ? "symbolic link to " : "", file_kind(st.st_mode));
		free(target);
		return NULL;
	}
	return target ? target : xstrdup(path);
}

int output_write_atomic(const char *requested, const char *data, size_t size,
			struct diag *diag)
{
	if (strcmp(requested, "-") == 0)
		return write_stdout(data, size, diag);

	char *path = replaced_file(requested, diag);
	if (!path)
		return -1;
	char *path_copy = xstrdup(path);
	char *dir = xstrdup(dirname(path_copy));
	free(path_copy);
	path_copy = xstrdup(path);
	/* ".NAME.XXXXXX": hidden, and never ending in ".stp". */
	char *tmp = xasprintf("%s/.%s.XXXXXX", dir, basename(path_copy));
	free(path_copy);

	int ret = -1;
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		diag_report(diag, DIAG_ERROR, path, "cannot create a file in %s: %s",
			    dir, strerror(errno));
		goto out;
	}
	if (write_all(fd, data, size) != 0 || fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
		diag_report(diag, DIAG_ERROR, path, "cannot write: %s", strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		diag_report(diag, DIAG_ERROR, path, "cannot replace: %s", strerror(errno));
		unlink(tmp);
		goto out;
	}
	sync_directory(dir);
	ret = 0;
out:
	free(tmp);
	free(dir);
	free(path);
	return ret;
}
