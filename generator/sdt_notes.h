/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The reader's second part: the SDT notes of an ELF file (sdt_format.h
 * describes them), read into the probes of struct sdt_file.
 *
 * Each probe keeps its argument spec as text with the number of arguments
 * SystemTap sees in it.  The operands are parsed only to report one that
 * cannot be decoded, a warning every command shows; `pytapset list`
 * decodes them again to show them.  Only the reader includes this header:
 * it speaks libelf.
 */
#ifndef PYTAPSET_SDT_NOTES_H
#define PYTAPSET_SDT_NOTES_H

#include "elf_file.h"
#include "sdt_file.h"

/*
 * Read the stapsdt notes of the note sections SECTIONS found into the
 * probes of FILE, whose ABI says how they read.  A broken note is reported
 * to DIAG and skipped.
 */
void sdt_notes_read(Elf *elf, const struct elf_sections *sections,
		    struct sdt_file *file, struct diag *diag);

/* Free the probes of FILE. */
void sdt_notes_free(struct sdt_file *file);

#endif
