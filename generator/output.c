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

int output_write_atomic(const char *path, const char *data, size_t size,
			struct diag *diag)
{
	if (strcmp(path, "-") == 0)
		return write_stdout(data, size, diag);

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
	return ret;
}
