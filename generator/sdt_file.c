/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading SDT markers from an ELF file: the entry points of the reader.
 *
 * A file is opened here, its facts read by elf_file.c and then its notes
 * by sdt_notes.c; see sdt_file.h.
 */
#include "sdt_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf_file.h"
#include "sdt_notes.h"
#include "util.h"

/*
 * Read the ELF file ELF into FILE: why it is no probe source to REFUSALS,
 * the problems of a probe source to DIAG.
 */
static int read_elf(Elf *elf, struct sdt_file *file, struct diag *refusals,
		    struct diag *diag)
{
	struct elf_sections sections = {0};
	int ret = elf_file_read(elf, file, &sections, refusals, diag);
	if (ret == 0)
		sdt_notes_read(elf, &sections, file, diag);
	elf_sections_free(&sections);
	return ret;
}

static void init_file(struct sdt_file *file, const char *path)
{
	*file = (struct sdt_file){0};
	file->path = xstrdup(path);
	if (elf_version(EV_CURRENT) == EV_NONE)
		internal_error("libelf is older than the headers pytapset was built with");
}

int sdt_file_read_sorted(const char *path, struct sdt_file *file, struct diag *refusals,
			 struct diag *diag)
{
	init_file(file, path);

	/* O_NONBLOCK: opening a FIFO must not hang before fstat refuses it. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	const char *refusal = NULL;
	if (fd < 0 || fstat(fd, &st) != 0) {
		file->open_error = errno;
		refusal = strerror(errno);
	}
	else if (S_ISDIR(st.st_mode))
		refusal = "is a directory";
	else if (!S_ISREG(st.st_mode))
		refusal = "not a regular file";
	else if (st.st_size == 0)
		refusal = "empty file";
	int ret = -1;
	if (refusal) {
		diag_report(refusals, DIAG_ERROR, path, "%s", refusal);
	} else {
		Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
		ret = read_elf(elf, file, refusals, diag);
		elf_end(elf);
	}
	if (fd >= 0)
		close(fd);
	return ret;
}

int sdt_file_read(const char *path, struct sdt_file *file, struct diag *diag)
{
	return sdt_file_read_sorted(path, file, diag, diag);
}

int sdt_file_read_memory(const char *name, const void *image, size_t size,
			 struct sdt_file *file, struct diag *diag)
{
	init_file(file, name);

	/* libelf takes a writable image; give it a private copy. */
	char *copy = xmalloc(size);
	memcpy(copy, image, size);
	Elf *elf = elf_memory(copy, size);
	int ret = read_elf(elf, file, diag, diag);
	elf_end(elf);
	free(copy);
	return ret;
}

void sdt_file_free(struct sdt_file *file)
{
	sdt_notes_free(file);
	for (size_t i = 0; i < file->needed_count; i++)
		free(file->needed[i]);
	free(file->needed);
	free(file->soname);
	free(file->rpath);
	free(file->runpath);
	free(file->interpreter);
	free(file->path);
	*file = (struct sdt_file){0};
}
