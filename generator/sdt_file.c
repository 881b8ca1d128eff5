/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading SDT markers from an ELF file.
 *
 * A marker placed with <sys/sdt.h> leaves a note in the section
 * .note.stapsdt: owner "stapsdt", type 3, and a descriptor made of three
 * addresses (the probe's pc, the link-time address of .stapsdt.base and the
 * semaphore's address, 0 when there is none) followed by three
 * NUL-terminated strings: provider, name and argument spec.  The addresses
 * are 4 or 8 bytes wide, as the file's class says, in the file's byte order.
 *
 * If the file was moved after linking (prelink did that), .stapsdt.base no
 * longer sits where the note says; the difference is added to pc and
 * semaphore, exactly as SystemTap and GDB do.
 *
 * Everything here comes from a file anyone may have written, so every
 * length and string is checked against the section before it is used, and a
 * broken note is reported and skipped instead of ending the whole read.
 */
#include "sdt_file.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define SDT_NOTE_SECTION ".note.stapsdt"
#define SDT_BASE_SECTION ".stapsdt.base"
#define SDT_SEMAPHORE_SECTION ".probes"
#define SDT_NOTE_OWNER "stapsdt"
#define SDT_NOTE_TYPE 3

/*
 * Real programs have tens of markers, the largest known a few thousand.
 * Stopping at this many keeps time and memory bounded (about half a
 * kilobyte per site) whatever size a hostile note section has.
 */
#define SDT_MAX_PROBES 65536

#ifndef DF_1_PIE
#define DF_1_PIE 0x08000000
#endif
#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif

/*
 * The ABIs we know: their names, the Debian multiarch triplet that names
 * their library directories (/usr/lib/x86_64-linux-gnu) and the base
 * AT_PLATFORM name ld.so substitutes for $PLATFORM where it does not
 * depend on the CPU.  An ABI with several triplets (ARM soft and hard
 * float) has several rows.
 */
static const struct sdt_abi_row abi_rows[] = {
	{{EM_X86_64, 64, false}, "x86_64", "x86_64-linux-gnu", "x86_64"},
	{{EM_X86_64, 32, false}, "x32", "x86_64-linux-gnux32", "x86_64"},
	{{EM_386, 32, false}, "i386", "i386-linux-gnu", "i686"},
	{{EM_AARCH64, 64, false}, "aarch64", "aarch64-linux-gnu", "aarch64"},
	{{EM_AARCH64, 64, true}, "aarch64_be", "aarch64_be-linux-gnu", "aarch64_be"},
	{{EM_ARM, 32, false}, "arm", "arm-linux-gnueabihf", NULL},
	{{EM_ARM, 32, false}, "arm", "arm-linux-gnueabi", NULL},
	{{EM_PPC64, 64, false}, "ppc64le", "powerpc64le-linux-gnu", NULL},
	{{EM_PPC64, 64, true}, "ppc64", "powerpc64-linux-gnu", NULL},
	{{EM_PPC, 32, true}, "ppc", "powerpc-linux-gnu", NULL},
	{{EM_S390, 64, true}, "s390x", "s390x-linux-gnu", NULL},
	{{EM_S390, 32, true}, "s390", "s390-linux-gnu", NULL},
	{{EM_RISCV, 64, false}, "riscv64", "riscv64-linux-gnu", NULL},
	{{EM_RISCV, 32, false}, "riscv32", NULL, NULL},
	{{EM_MIPS, 64, false}, "mips64el", "mips64el-linux-gnuabi64", NULL},
	{{EM_MIPS, 64, true}, "mips64", "mips64-linux-gnuabi64", NULL},
	{{EM_MIPS, 32, false}, "mipsel", "mipsel-linux-gnu", NULL},
	{{EM_MIPS, 32, true}, "mips", "mips-linux-gnu", NULL},
	{{EM_LOONGARCH, 64, false}, "loongarch64", "loongarch64-linux-gnu", NULL},
	{{EM_LOONGARCH, 32, false}, "loongarch32", NULL, NULL},
	{{EM_SPARCV9, 64, true}, "sparc64", "sparc64-linux-gnu", NULL},
	{{EM_ALPHA, 64, false}, "alpha", "alpha-linux-gnu", NULL},
	{{EM_IA_64, 64, false}, "ia64", "ia64-linux-gnu", NULL},
	{{EM_68K, 32, true}, "m68k", "m68k-linux-gnu", NULL},
	{{EM_PARISC, 32, true}, "hppa", "hppa-linux-gnu", NULL},
	{{EM_SH, 32, false}, "sh4", "sh4-linux-gnu", NULL},
};

const struct sdt_abi_row *sdt_abi_rows(size_t *count)
{
	*count = sizeof(abi_rows) / sizeof(abi_rows[0]);
	return abi_rows;
}

bool sdt_abi_equal(const struct sdt_abi *a, const struct sdt_abi *b)
{
	return a->machine == b->machine && a->bits == b->bits &&
	       a->big_endian == b->big_endian;
}

const char *sdt_abi_name(const struct sdt_abi *abi)
{
	for (size_t i = 0; i < sizeof(abi_rows) / sizeof(abi_rows[0]); i++)
		if (sdt_abi_equal(&abi_rows[i].abi, abi))
			return abi_rows[i].name;
	return NULL;
}

/* What the section walk found; nothing of it outlives the read. */
struct layout {
	Elf_Scn **notes;	/* every SHT_NOTE section, in section order */
	size_t note_count;
	Elf_Scn *dynamic;
	GElf_Addr base_address;	/* of .stapsdt.base; 0 if absent */
	bool semaphores_nobits;	/* .probes without contents: debuginfo */
	bool text_nobits;	/* .text without contents: debuginfo */
};

static bool section_has_name(Elf *elf, size_t shstrndx, const GElf_Shdr *shdr,
			     const char *name)
{
	if (shstrndx == SHN_UNDEF)
		return false;
	const char *s = elf_strptr(elf, shstrndx, shdr->sh_name);
	return s && strcmp(s, name) == 0;
}

static void add_note_section(struct layout *layout, Elf_Scn *scn)
{
	layout->notes = xreallocarray(layout->notes, layout->note_count + 1,
				      sizeof(*layout->notes));
	layout->notes[layout->note_count++] = scn;
}

static int find_sections(Elf *elf, const char *path, struct layout *layout,
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
		if (shdr.sh_type == SHT_DYNAMIC && !layout->dynamic)
			layout->dynamic = scn;
		else if (shdr.sh_type == SHT_NOTE)
			add_note_section(layout, scn);
		else if (section_has_name(elf, shstrndx, &shdr, SDT_NOTE_SECTION))
			diag_report(diag, DIAG_ERROR, path,
				    "%s is not a note section (type %u): its markers are lost",
				    SDT_NOTE_SECTION, shdr.sh_type);
		else if (section_has_name(elf, shstrndx, &shdr, SDT_BASE_SECTION))
			layout->base_address = shdr.sh_addr;
		else if (section_has_name(elf, shstrndx, &shdr, SDT_SEMAPHORE_SECTION))
			layout->semaphores_nobits = shdr.sh_type == SHT_NOBITS;
		else if (section_has_name(elf, shstrndx, &shdr, ".text"))
			layout->text_nobits = shdr.sh_type == SHT_NOBITS;
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
	free(p->args);
	free(p->provider);
	free(p->name);
	free(p->args_text);
}

/*
 * Decode one stapsdt descriptor into a probe.  NOTE_NUMBER counts stapsdt
 * notes from 1 and only names the note in messages.
 */
static int read_probe(Elf *elf, struct sdt_file *file, const struct layout *layout,
		      const char *desc, size_t desc_size, size_t note_number,
		      struct sdt_probe *probe, struct diag *diag)
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
	if (base && layout->base_address) {
		pc += layout->base_address - base;
		if (semaphore)
			semaphore += layout->base_address - base;
	}
	if (addr_size == 4) {
		pc &= UINT32_MAX;
		semaphore &= UINT32_MAX;
	}

	struct argspec_error err;
	struct argspec spec;
	int parsed = argspec_parse(file->abi.machine, args, &spec, &err);
	if (parsed != 0 && argspec_machine_supported(file->abi.machine))
		diag_report(diag, DIAG_WARNING, file->path,
			    "%s:%s: argument %zu, column %zu: %s; %s", provider, name,
			    err.arg, err.column, err.reason,
			    parsed > 0 ? "kept undecoded" : "arguments ignored");
	probe->arg_count = spec.count;
	probe->args = xcalloc(spec.count, sizeof(*probe->args));
	memcpy(probe->args, spec.args, spec.count * sizeof(*probe->args));
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
		       const struct layout *layout, size_t *stapsdt_notes,
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
		if (read_probe(elf, file, layout, (const char *)data->d_buf + desc_offset,
			       nhdr.n_descsz, ++*stapsdt_notes, probe, diag) == 0)
			file->probe_count++;
		else
			free_probe(probe);
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

/*
 * Read the ELF file ELF into FILE.  With WANT, only a shared object of
 * that ABI: anything else is refused to REFUSALS, which is DIAG without it.
 */
static int read_elf(Elf *elf, struct sdt_file *file, const struct sdt_abi *want,
		    struct diag *refusals, struct diag *diag)
{
	if (!elf) {
		diag_report(refusals, DIAG_ERROR, file->path, "not an ELF file");
		return -1;
	}
	struct layout layout = {0};
	int ret = -1;
	if (check_probe_source(elf, file, refusals) != 0 ||
	    (want && (file->type != SDT_FILE_DYN || !sdt_abi_equal(&file->abi, want))) ||
	    find_sections(elf, file->path, &layout, diag) != 0)
		goto out;

	/*
	 * A separate debuginfo file copies the notes of its executable, but
	 * its code and semaphores are NOBITS: probing it would place
	 * breakpoints nowhere.
	 */
	if (layout.text_nobits || layout.semaphores_nobits) {
		diag_report(diag, DIAG_ERROR, file->path,
			    "separate debuginfo file: not a probe source (use the file it describes)");
		goto out;
	}

	if (layout.dynamic)
		read_dynamic(elf, layout.dynamic, file, diag);
	size_t stapsdt_notes = 0, capacity = 0;
	for (size_t i = 0; i < layout.note_count; i++)
		read_notes(elf, layout.notes[i], file, &layout, &stapsdt_notes, &capacity, diag);
	if (file->probe_count && !argspec_machine_supported(file->abi.machine))
		diag_report(diag, DIAG_WARNING, file->path,
			    "argument specs of ELF machine %u are not decoded",
			    file->abi.machine);
	ret = 0;
out:
	free(layout.notes);
	return ret;
}

static void init_file(struct sdt_file *file, const char *path)
{
	*file = (struct sdt_file){0};
	file->path = xstrdup(path);
	if (elf_version(EV_CURRENT) == EV_NONE)
		internal_error("libelf is older than the headers pytapset was built with");
}

/*
 * Read PATH into FILE: only a shared object of WANT's ABI when WANT is
 * not NULL.  Why a file is no probe source at all (or not of WANT) goes
 * to REFUSALS, the problems of a probe source to DIAG.
 */
static int read_path(const char *path, const struct sdt_abi *want, struct sdt_file *file,
		     struct diag *refusals, struct diag *diag)
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
		ret = read_elf(elf, file, want, refusals, diag);
		elf_end(elf);
	}
	if (fd >= 0)
		close(fd);
	return ret;
}

int sdt_file_read(const char *path, const struct sdt_abi *want, struct sdt_file *file,
		  struct diag *diag)
{
	struct diag quiet = {0};
	int ret = read_path(path, want, file, want ? &quiet : diag, diag);
	diag_free(&quiet);
	return ret;
}

int sdt_file_read_sorted(const char *path, struct sdt_file *file, struct diag *refusals,
			 struct diag *diag)
{
	return read_path(path, NULL, file, refusals, diag);
}

int sdt_file_read_memory(const char *name, const void *image, size_t size,
			 struct sdt_file *file, struct diag *diag)
{
	init_file(file, name);

	/* libelf takes a writable image; give it a private copy. */
	char *copy = xmalloc(size);
	memcpy(copy, image, size);
	Elf *elf = elf_memory(copy, size);
	int ret = read_elf(elf, file, NULL, diag, diag);
	elf_end(elf);
	free(copy);
	return ret;
}

void sdt_file_free(struct sdt_file *file)
{
	for (size_t i = 0; i < file->probe_count; i++)
		free_probe(&file->probes[i]);
	free(file->probes);
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
