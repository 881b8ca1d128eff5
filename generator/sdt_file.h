/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The marker model: what pytapset knows about one ELF file.
 *
 * The reader fills it from libelf; nothing else sees a libelf type.  It
 * is in three parts: sdt_file.c has the entry points below, elf_file.c
 * reads the file's facts (ELF header, type, interpreter, section table,
 * dynamic section) and sdt_notes.c its SDT notes.  Addresses are
 * link-time virtual addresses after the .stapsdt.base adjustment, exactly
 * as SystemTap and GDB compute them.
 *
 * A probe's arguments are kept as the note writes them, with their count:
 * only `pytapset list` shows them decoded, and decodes them itself with
 * argspec.h.
 */
#ifndef PYTAPSET_SDT_FILE_H
#define PYTAPSET_SDT_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi.h"
#include "diag.h"

/* One site of one marker. A marker used at several places has several. */
struct sdt_probe {
	char *provider;
	char *name;
	char *args_text;	/* the argument spec as written in the note */
	uint64_t pc;
	uint64_t semaphore;	/* 0: the marker has no semaphore */
	size_t arg_count;	/* its operands: the $argN a script may read */
};

enum sdt_file_type { SDT_FILE_EXEC, SDT_FILE_DYN };

struct sdt_file {
	char *path;		/* as given by the caller */
	int open_error;		/* errno if it could not be opened, else 0 */
	struct sdt_abi abi;
	enum sdt_file_type type;
	bool pie;		/* ET_DYN with PT_INTERP or DF_1_PIE: an executable */
	char *interpreter;	/* PT_INTERP: the dynamic loader; NULL if none */

	/* Dynamic section, for finding libpython the way ld.so does. */
	char *soname;
	char **needed;
	size_t needed_count;
	char *rpath;		/* DT_RPATH, NULL if absent */
	char *runpath;		/* DT_RUNPATH, NULL if absent */

	struct sdt_probe *probes;	/* in note order */
	size_t probe_count;
};

/*
 * Read PATH.  Returns 0 when the file is a probe source (it may still have
 * no markers), with problems in single notes reported to DIAG as errors
 * while the rest is read, and an operand that cannot be decoded as a
 * warning.  Returns -1 with the reason reported to DIAG when
 * the file cannot be a probe source at all (not ELF, relocatable object,
 * archive, separate debuginfo, no section headers, unreadable...).
 */
int sdt_file_read(const char *path, struct sdt_file *file, struct diag *diag);

/*
 * sdt_file_read() with the reasons why PATH is no probe source at all
 * (missing, not ELF, a relocatable object...) reported to REFUSALS and
 * the problems of a probe source to DIAG: the root (root.h), which keeps
 * the file, then answers from one read both whether it is a probe source
 * and whether ld.so would load it as a library of some ABI.
 */
int sdt_file_read_sorted(const char *path, struct sdt_file *file, struct diag *refusals,
			 struct diag *diag);

/* Read an ELF image already in memory, as any probe source (the fuzzer). */
int sdt_file_read_memory(const char *name, const void *image, size_t size,
			 struct sdt_file *file, struct diag *diag);

void sdt_file_free(struct sdt_file *file);

#endif
