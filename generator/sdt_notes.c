/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading the SDT markers of an ELF file from its .note.stapsdt notes.
 * See sdt_notes.h; the format is in sdt_format.h.
 *
 * If the file was moved after linking (prelink did that), .stapsdt.base no
 * longer sits where the note says; the difference is added to pc and
 * semaphore, exactly as SystemTap and GDB do.
 *
 * Everything here comes from a file anyone may have written, so every
 * length and string is checked against the section before it is used, and a
 * broken note is reported and skipped instead of ending the whole read.
 */
#include "sdt_notes.h"

#include <stdlib.h>
#include <string.h>

#include "argspec.h"
#include "sdt_format.h"
#include "util.h"

/*
 * Real programs have tens of markers, the largest known a few thousand.
 * Stopping at this many keeps time and memory bounded (a few dozen bytes
 * and the note's strings per site) whatever size a hostile note section
 * has.
 */
#define SDT_MAX_PROBES 65536

/* Take the next NUL-terminated string of a descriptor, or fail. */
static const char *take_string(const char **cursor, const char *end)
{
	const char *s = *cursor;
	const char *nul = s < end ? memchr(s, '\0', (size_t)(end - s)) : NULL;
	if (!nul)
		return NULL;
	*cursor = nul + 1;
	return s;
}

/*
 * Decode the three addresses at the start of a descriptor.  They are in
 * the file's byte order and may be unaligned, so they are copied and
 * converted by libelf rather than read through a cast.
 */
static int read_addresses(Elf *elf, unsigned char data_encoding, const char *desc,
			  size_t addr_size, uint64_t out[3])
{
	unsigned char raw[3 * 8], cooked[3 * 8];
	memcpy(raw, desc, 3 * addr_size);
	Elf_Data src = {
		.d_buf = raw, .d_type = ELF_T_ADDR,
		.d_size = 3 * addr_size, .d_version = EV_CURRENT,
	};
	Elf_Data dst = {
		.d_buf = cooked, .d_type = ELF_T_ADDR,
		.d_size = sizeof(cooked), .d_version = EV_CURRENT,
	};
	if (!gelf_xlatetom(elf, &dst, &src, data_encoding))
		return -1;
	for (int i = 0; i < 3; i++) {
		if (addr_size == 4) {
			uint32_t a;
			memcpy(&a, cooked + 4 * i, 4);
			out[i] = a;
		} else {
			memcpy(&out[i], cooked + 8 * i, 8);
		}
	}
	return 0;
}

static struct sdt_probe *new_probe(struct sdt_file *file, size_t *capacity)
{
	if (file->probe_count == *capacity) {
		*capacity = *capacity ? 2 * *capacity : 16;
		file->probes = xreallocarray(file->probes, *capacity,
					     sizeof(*file->probes));
	}
	struct sdt_probe *p = &file->probes[file->probe_count];
	*p = (struct sdt_probe){0};
	return p;
}

static void free_probe(struct sdt_probe *p)
{
	free(p->provider);
	free(p->name);
	free(p->args_text);
}

/*
 * The number of operands of ARGS, the number of $argN a script may read at
 * the site; and a warning about the first operand that cannot be decoded,
 * if the file's machine is one we decode at all (for another, sdt_notes_read
 * says so once).  Every command that reads the file shows this warning;
 * the decoded operands themselves are not kept: `list` decodes them again
 * where it shows them.
 */
static size_t count_operands(const struct sdt_file *file, const char *provider,
			     const char *name, const char *args, struct diag *diag)
{
	struct argspec_error err;
	struct argspec spec;
	int parsed = argspec_parse(file->abi.machine, args, &spec, &err);
	if (parsed != 0 && argspec_machine_supported(file->abi.machine))
		diag_report(diag, DIAG_WARNING, file->path,
			    "%s:%s: argument %zu, column %zu: %s; %s", provider, name,
			    err.arg, err.column, err.reason,
			    parsed > 0 ? "kept undecoded" : "arguments ignored");
	return spec.count;
}

/*
 * Decode one stapsdt descriptor into a probe.  NOTE_NUMBER counts stapsdt
 * notes from 1 and only names the note in messages.
 */
static int read_probe(Elf *elf, struct sdt_file *file,
		      const struct elf_sections *sections, const char *desc,
		      size_t desc_size, size_t note_number, struct sdt_probe *probe,
		      struct diag *diag)
{
	size_t addr_size = file->abi.bits / 8;
	uint64_t addr[3];
	if (desc_size < 3 * addr_size + 3) {
		diag_report(diag, DIAG_ERROR, file->path,
			    "stapsdt note %zu: descriptor of %zu bytes is too short",
			    note_number, desc_size);
		return -1;
	}
	if (read_addresses(elf, file->abi.big_endian ? ELFDATA2MSB : ELFDATA2LSB, desc,
			   addr_size, addr) != 0) {
		diag_report(diag, DIAG_ERROR, file->path,
			    "stapsdt note %zu: undecodable addresses: %s",
			    note_number, elf_errmsg(-1));
		return -1;
	}

	const char *cursor = desc + 3 * addr_size, *end = desc + desc_size;
	const char *provider = take_string(&cursor, end);
	const char *name = provider ? take_string(&cursor, end) : NULL;
	const char *args = name ? take_string(&cursor, end) : NULL;
	if (!args) {
		diag_report(diag, DIAG_ERROR, file->path,
			    "stapsdt note %zu: %s string is not NUL-terminated",
			    note_number, !provider ? "provider" : !name ? "name" : "argument");
		return -1;
	}
	if (!*provider || !*name) {
		diag_report(diag, DIAG_ERROR, file->path,
			    "stapsdt note %zu: empty %s", note_number,
			    *provider ? "name" : "provider");
		return -1;
	}

	uint64_t pc = addr[0], base = addr[1], semaphore = addr[2];
	if (base && sections->base_address) {
		pc += sections->base_address - base;
		if (semaphore)
			semaphore += sections->base_address - base;
	}
	if (addr_size == 4) {
		pc &= UINT32_MAX;
		semaphore &= UINT32_MAX;
	}

	probe->arg_count = count_operands(file, provider, name, args, diag);
	probe->provider = xstrdup(provider);
	probe->name = xstrdup(name);
	probe->args_text = xstrdup(args);
	probe->pc = pc;
	probe->semaphore = semaphore;
	return 0;
}

/*
 * Read the stapsdt notes of one note section.  STAPSDT_NOTES counts them
 * across sections, to name a broken one; CAPACITY is that of the probes.
 */
static void read_notes(Elf *elf, Elf_Scn *scn, struct sdt_file *file,
		       const struct elf_sections *sections, size_t *stapsdt_notes,
		       size_t *capacity, struct diag *diag)
{
	GElf_Shdr shdr;
	if (!gelf_getshdr(scn, &shdr) || shdr.sh_size == 0)
		return;
	/* 8-byte aligned note sections (.note.gnu.property) are ELF_T_NHDR8. */
	Elf_Data *data = elf_getdata(scn, NULL);
	if (!data || !data->d_buf ||
	    (data->d_type != ELF_T_NHDR && data->d_type != ELF_T_NHDR8)) {
		diag_report(diag, DIAG_ERROR, file->path, "note section %zu unreadable: %s",
			    elf_ndxscn(scn), elf_errmsg(-1));
		return;
	}

	size_t offset = 0;
	while (offset < data->d_size) {
		GElf_Nhdr nhdr;
		size_t name_offset, desc_offset;
		size_t next = gelf_getnote(data, offset, &nhdr, &name_offset, &desc_offset);
		if (next == 0) {
			diag_report(diag, DIAG_ERROR, file->path,
				    "note section %zu: malformed note at offset %#zx: sizes run past the section",
				    elf_ndxscn(scn), offset);
			return;
		}
		offset = next;

		if (file->probe_count == SDT_MAX_PROBES) {
			diag_report(diag, DIAG_ERROR, file->path,
				    "more than %d markers: the rest are ignored", SDT_MAX_PROBES);
			return;
		}
		const char *owner = (const char *)data->d_buf + name_offset;
		if (nhdr.n_type != SDT_NOTE_TYPE || nhdr.n_namesz != sizeof(SDT_NOTE_OWNER) ||
		    memcmp(owner, SDT_NOTE_OWNER, sizeof(SDT_NOTE_OWNER)) != 0)
			continue;

		struct sdt_probe *probe = new_probe(file, capacity);
		if (read_probe(elf, file, sections, (const char *)data->d_buf + desc_offset,
			       nhdr.n_descsz, ++*stapsdt_notes, probe, diag) == 0)
			file->probe_count++;
		else
			free_probe(probe);
	}
}

void sdt_notes_read(Elf *elf, const struct elf_sections *sections,
		    struct sdt_file *file, struct diag *diag)
{
	size_t stapsdt_notes = 0, capacity = 0;
	for (size_t i = 0; i < sections->note_count; i++)
		read_notes(elf, sections->notes[i], file, sections, &stapsdt_notes,
			   &capacity, diag);
	if (file->probe_count && !argspec_machine_supported(file->abi.machine))
		diag_report(diag, DIAG_WARNING, file->path,
			    "argument specs of ELF machine %u are not decoded",
			    file->abi.machine);
}

void sdt_notes_free(struct sdt_file *file)
{
	for (size_t i = 0; i < file->probe_count; i++)
		free_probe(&file->probes[i]);
	free(file->probes);
	file->probes = NULL;
	file->probe_count = 0;
}
