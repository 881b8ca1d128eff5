/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The reader's first part: the facts of an ELF file.
 *
 * It decides whether a file can be a probe source at all (an ELF
 * executable or shared object with section headers, not separate
 * debuginfo) and fills the facts of struct sdt_file: its ABI, type,
 * interpreter and dynamic section.  It reads the section table once, and
 * keeps for the note reader (sdt_notes.h) where the notes are.  Only the
 * reader includes this header: it speaks libelf.
 */
#ifndef PYTAPSET_ELF_FILE_H
#define PYTAPSET_ELF_FILE_H

#include <gelf.h>

#include "sdt_file.h"

/* What the section table says; nothing of it outlives the read. */
struct elf_sections {
	Elf_Scn **notes;	/* every SHT_NOTE section, in section order */
	size_t note_count;
	Elf_Scn *dynamic;
	GElf_Addr base_address;	/* of .stapsdt.base; 0 if absent */
	bool semaphores_nobits;	/* .probes without contents: debuginfo */
	bool text_nobits;	/* .text without contents: debuginfo */
};

/*
 * Read the facts of ELF (NULL if libelf could not open the file) into
 * FILE, and its section table into SECTIONS, to be freed with
 * elf_sections_free whatever the result.  Returns -1 for a file that
 * cannot be a probe source.  Why a file is refused before its sections
 * are read goes to REFUSALS, everything else to DIAG.
 */
int elf_file_read(Elf *elf, struct sdt_file *file, struct elf_sections *sections,
		  struct diag *refusals, struct diag *diag);

void elf_sections_free(struct elf_sections *sections);

#endif
