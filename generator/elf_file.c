/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The facts of an ELF file: is it a probe source, what ABI and type, which
 * interpreter, what its dynamic section asks of the loader.  See
 * elf_file.h.
 *
 * Everything here comes from a file anyone may have written: libelf
 * checks the headers' sizes against the file, and every string taken from
 * it is bounded by the data it lies in.
 */
#include "elf_file.h"

#include <stdlib.h>
#include <string.h>

#include "sdt_format.h"
#include "util.h"

#ifndef DF_1_PIE
#define DF_1_PIE 0x08000000
#endif

static bool section_has_name(Elf *elf, size_t shstrndx, const GElf_Shdr *shdr,
			     const char *name)
{
	if (shstrndx == SHN_UNDEF)
		return false;
	const char *s = elf_strptr(elf, shstrndx, shdr->sh_name);
	return s && strcmp(s, name) == 0;
}

static void add_note_section(struct elf_sections *sections, Elf_Scn *scn)
{
	sections->notes = xreallocarray(sections->notes, sections->note_count + 1,
					sizeof(*sections->notes));
	sections->notes[sections->note_count++] = scn;
}

/*
 * Walk the section table once, for the facts (the dynamic section,
 * debuginfo) and for where the note reader will look.
 */
static int find_sections(Elf *elf, const char *path, struct elf_sections *sections,
			 struct diag *diag)
{
	size_t shnum, shstrndx;
	if (elf_getshdrnum(elf, &shnum) != 0) {
		diag_report(diag, DIAG_ERROR, path, "corrupt section header table: %s",
			    elf_errmsg(-1));
		return -1;
	}
	if (shnum == 0) {
		diag_report(diag, DIAG_ERROR, path,
			    "no section headers: not a probe source");
		return -1;
	}
	/*
	 * Section names only find .stapsdt.base and tell debuginfo apart; the
	 * notes themselves are found by type, as readelf -n finds them, so a
	 * damaged name table loses no marker.
	 */
	if (elf_getshdrstrndx(elf, &shstrndx) != 0)
		shstrndx = SHN_UNDEF;

	for (Elf_Scn *scn = elf_nextscn(elf, NULL); scn; scn = elf_nextscn(elf, scn)) {
		GElf_Shdr shdr;
		if (!gelf_getshdr(scn, &shdr)) {
			diag_report(diag, DIAG_ERROR, path, "corrupt section header: %s",
				    elf_errmsg(-1));
			return -1;
		}
		if (shdr.sh_type == SHT_DYNAMIC && !sections->dynamic)
			sections->dynamic = scn;
		else if (shdr.sh_type == SHT_NOTE)
			add_note_section(sections, scn);
		else if (section_has_name(elf, shstrndx, &shdr, SDT_NOTE_SECTION))
			diag_report(diag, DIAG_ERROR, path,
				    "%s is not a note section (type %u): its markers are lost",
				    SDT_NOTE_SECTION, shdr.sh_type);
		else if (section_has_name(elf, shstrndx, &shdr, SDT_BASE_SECTION))
			sections->base_address = shdr.sh_addr;
		else if (section_has_name(elf, shstrndx, &shdr, SDT_SEMAPHORE_SECTION))
			sections->semaphores_nobits = shdr.sh_type == SHT_NOBITS;
		else if (section_has_name(elf, shstrndx, &shdr, ".text"))
			sections->text_nobits = shdr.sh_type == SHT_NOBITS;
	}
	return 0;
}

/*
 * PT_INTERP names the dynamic loader.  It also makes an ET_DYN file an
 * executable (PIE) instead of a shared library.
 */
static void read_interpreter(Elf *elf, struct sdt_file *file)
{
	size_t phnum, size;
	const char *image = elf_rawfile(elf, &size);
	if (elf_getphdrnum(elf, &phnum) != 0)
		return;
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr phdr;
		if (!gelf_getphdr(elf, (int)i, &phdr) || phdr.p_type != PT_INTERP)
			continue;
		file->pie = file->type == SDT_FILE_DYN;
		if (image && phdr.p_offset < size && phdr.p_filesz <= size - phdr.p_offset)
			file->interpreter = xstrndup(image + phdr.p_offset,
						     strnlen(image + phdr.p_offset, phdr.p_filesz));
		return;
	}
}

static void add_needed(struct sdt_file *file, const char *name)
{
	file->needed = xreallocarray(file->needed, file->needed_count + 1,
				     sizeof(*file->needed));
	file->needed[file->needed_count++] = xstrdup(name);
}

/*
 * The dynamic section tells how the loader will find libpython: the
 * DT_NEEDED names, the search paths and the object's own SONAME.
 */
static void read_dynamic(Elf *elf, Elf_Scn *scn, struct sdt_file *file,
			 struct diag *diag)
{
	GElf_Shdr shdr;
	Elf_Data *data = elf_getdata(scn, NULL);
	if (!gelf_getshdr(scn, &shdr) || !data || shdr.sh_type != SHT_DYNAMIC) {
		diag_report(diag, DIAG_WARNING, file->path,
			    "unreadable dynamic section: %s", elf_errmsg(-1));
		return;
	}
	size_t count = data->d_size / gelf_fsize(elf, ELF_T_DYN, 1, EV_CURRENT);
	for (size_t i = 0; i < count; i++) {
		GElf_Dyn dyn;
		if (!gelf_getdyn(data, (int)i, &dyn) || dyn.d_tag == DT_NULL)
			break;
		if (dyn.d_tag == DT_FLAGS_1 && (dyn.d_un.d_val & DF_1_PIE))
			file->pie = true;
		if (dyn.d_tag != DT_NEEDED && dyn.d_tag != DT_SONAME &&
		    dyn.d_tag != DT_RPATH && dyn.d_tag != DT_RUNPATH)
			continue;
		const char *s = elf_strptr(elf, shdr.sh_link, dyn.d_un.d_val);
		if (!s) {
			diag_report(diag, DIAG_WARNING, file->path,
				    "dynamic entry %zu names no string", i);
			continue;
		}
		switch (dyn.d_tag) {
		case DT_NEEDED:
			add_needed(file, s);
			break;
		case DT_SONAME:
			free(file->soname);
			file->soname = xstrdup(s);
			break;
		case DT_RPATH:
			free(file->rpath);
			file->rpath = xstrdup(s);
			break;
		case DT_RUNPATH:
			free(file->runpath);
			file->runpath = xstrdup(s);
			break;
		}
	}
}

/* Refuse what cannot be a probe source, with the reason. */
static int check_probe_source(Elf *elf, struct sdt_file *file, struct diag *diag)
{
	switch (elf_kind(elf)) {
	case ELF_K_ELF:
		break;
	case ELF_K_AR:
		diag_report(diag, DIAG_ERROR, file->path,
			    "static archive: not a probe source (markers are resolved at link time)");
		return -1;
	default:
		diag_report(diag, DIAG_ERROR, file->path, "not an ELF file");
		return -1;
	}

	GElf_Ehdr ehdr;
	if (!gelf_getehdr(elf, &ehdr)) {
		diag_report(diag, DIAG_ERROR, file->path,
			    "truncated or corrupt ELF header: %s", elf_errmsg(-1));
		return -1;
	}
	unsigned char elf_class = ehdr.e_ident[EI_CLASS], data = ehdr.e_ident[EI_DATA];
	file->abi = (struct sdt_abi){ehdr.e_machine, elf_class == ELFCLASS32 ? 32 : 64,
				     data == ELFDATA2MSB};
	if ((elf_class != ELFCLASS32 && elf_class != ELFCLASS64) ||
	    (data != ELFDATA2LSB && data != ELFDATA2MSB)) {
		diag_report(diag, DIAG_ERROR, file->path,
			    "unknown ELF class or byte order");
		return -1;
	}

	switch (ehdr.e_type) {
	case ET_EXEC:
		file->type = SDT_FILE_EXEC;
		break;
	case ET_DYN:
		file->type = SDT_FILE_DYN;
		break;
	case ET_REL:
		diag_report(diag, DIAG_ERROR, file->path,
			    "relocatable object: not a probe source (link it first)");
		return -1;
	case ET_CORE:
		diag_report(diag, DIAG_ERROR, file->path, "core dump: not a probe source");
		return -1;
	default:
		diag_report(diag, DIAG_ERROR, file->path,
			    "ELF type %u: not a probe source", ehdr.e_type);
		return -1;
	}

	read_interpreter(elf, file);

	/* libelf would read section headers from offset 0: there are none. */
	if (ehdr.e_shoff == 0) {
		diag_report(diag, DIAG_ERROR, file->path,
			    "no section headers: not a probe source");
		return -1;
	}
	return 0;
}

int elf_file_read(Elf *elf, struct sdt_file *file, struct elf_sections *sections,
		  struct diag *refusals, struct diag *diag)
{
	if (!elf) {
		diag_report(refusals, DIAG_ERROR, file->path, "not an ELF file");
		return -1;
	}
	if (check_probe_source(elf, file, refusals) != 0 ||
	    find_sections(elf, file->path, sections, diag) != 0)
		return -1;

	/*
	 * A separate debuginfo file copies the notes of its executable, but
	 * its code and semaphores are NOBITS: probing it would place
	 * breakpoints nowhere.
	 */
	if (sections->text_nobits || sections->semaphores_nobits) {
		diag_report(diag, DIAG_ERROR, file->path,
			    "separate debuginfo file: not a probe source (use the file it describes)");
		return -1;
	}

	if (sections->dynamic)
		read_dynamic(elf, sections->dynamic, file, diag);
	return 0;
}

void elf_sections_free(struct elf_sections *sections)
{
	free(sections->notes);
	*sections = (struct elf_sections){0};
}
