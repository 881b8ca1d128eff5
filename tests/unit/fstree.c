/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fstree.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* ---- TAP ---- */

static int tap_count, tap_failures;

__attribute__((format(printf, 3, 0)))
static bool tap_vresult(bool ok, const char *directive, const char *fmt, va_list ap)
{
	tap_count++;
	if (!ok)
		tap_failures++;
	printf("%sok %d - ", ok ? "" : "not ", tap_count);
	vprintf(fmt, ap);
	if (directive)
		printf(" # %s", directive);
	putchar('\n');
	fflush(stdout);
	return ok;
}

bool tap_ok(bool ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tap_vresult(ok, NULL, fmt, ap);
	va_end(ap);
	return ok;
}

bool tap_str(const char *got, const char *want, const char *fmt, ...)
{
	bool ok = got == want || (got && want && strcmp(got, want) == 0);
	va_list ap;
	va_start(ap, fmt);
	tap_vresult(ok, NULL, fmt, ap);
	va_end(ap);
	if (!ok)
		printf("#   got: %s\n#  want: %s\n", got ? got : "(null)",
		       want ? want : "(null)");
	return ok;
}

bool tap_list(const struct path_list *list, const char *const *want, const char *fmt, ...)
{
	size_t n = 0;
	while (want[n])
		n++;
	bool ok = list->count == n;
	for (size_t i = 0; ok && i < n; i++)
		ok = strcmp(list->items[i], want[i]) == 0;
	va_list ap;
	va_start(ap, fmt);
	tap_vresult(ok, NULL, fmt, ap);
	va_end(ap);
	if (!ok) {
		for (size_t i = 0; i < list->count; i++)
			printf("#   got[%zu]: %s\n", i, list->items[i]);
		for (size_t i = 0; i < n; i++)
			printf("#  want[%zu]: %s\n", i, want[i]);
	}
	return ok;
}

void tap_skip(const char *reason, const char *fmt, ...)
{
	const char *strict = getenv("PYTAPSET_STRICT");
	bool fail = strict && strcmp(strict, "1") == 0;
	char *directive = xasprintf("SKIP %s", reason);
	va_list ap;
	va_start(ap, fmt);
	tap_vresult(!fail, fail ? NULL : directive, fmt, ap);
	va_end(ap);
	if (fail)
		printf("# strict mode: would skip: %s\n", reason);
	free(directive);
}

bool diag_mentions(const struct diag *diag, const char *needle)
{
	for (size_t i = 0; i < diag->count; i++)
		if (strstr(diag->messages[i].text, needle))
			return true;
	return false;
}

int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failures ? 1 : 0;
}

/* ---- temporary trees ---- */

static void die(const char *what, const char *path)
{
	fprintf(stderr, "Bail out! %s %s: %s\n", what, path, strerror(errno));
	printf("Bail out! %s %s\n", what, path);
	exit(99);
}

char *tree_create(void)
{
	const char *tmp = getenv("TMPDIR");
	char *template = xasprintf("%s/pytapset-unit-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(template))
		die("mkdtemp", template);
	char *root = realpath(template, NULL);
	if (!root)
		die("realpath", template);
	free(template);
	return root;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 ? 0 : -1;
}

void tree_destroy(char *root)
{
	if (nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "warning: could not remove %s\n", root);
	free(root);
}

char *tree_path(const char *root, const char *rel)
{
	return xasprintf("%s%s%s", root, rel[0] == '/' ? "" : "/", rel);
}

void tree_mkdirs(const char *root, const char *rel)
{
	char *path = tree_path(root, rel);
	for (char *p = path + strlen(root) + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			die("mkdir", path);
		*p = saved;
		if (!saved)
			break;
	}
	free(path);
}

static char *parent_made(const char *root, const char *rel)
{
	char *dir = path_dirname(rel);
	if (strcmp(dir, "/") != 0 && strcmp(dir, ".") != 0)
		tree_mkdirs(root, dir);
	free(dir);
	return tree_path(root, rel);
}

void tree_file(const char *root, const char *rel, const char *text)
{
	char *path = parent_made(root, rel);
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		die("write", path);
	free(path);
}

void tree_link(const char *root, const char *rel, const char *target)
{
	char *path = parent_made(root, rel);
	if (symlink(target, path) != 0)
		die("symlink", path);
	free(path);
}

bool tree_copy(const char *root, const char *rel, const char *src)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return false;
	char *path = parent_made(root, rel);
	int out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (out < 0)
		die("create", path);
	char buf[1 << 16];
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			die("write", path);
	if (n < 0)
		die("read", src);
	close(in);
	close(out);
	free(path);
	return true;
}

/* ---- ELF files ---- */

/* A string table being built: sections keep pointing at BUF. */
struct strtab {
	char buf[1024];
	size_t len;
};

static size_t strtab_add(struct strtab *t, const char *s)
{
	size_t n = strlen(s) + 1, at = t->len;
	if (t->len + n > sizeof(t->buf)) {
		printf("Bail out! string table full\n");
		exit(99);
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	return at;
}

static void libelf_failed(void)
{
	printf("Bail out! libelf: %s\n", elf_errmsg(-1));
	exit(99);
}

/* A new section NAME whose contents are BUF (kept until elf_update). */
static Elf_Scn *new_section(Elf *elf, struct strtab *names, const char *name,
			    GElf_Word type, Elf_Type data_type, void *buf, size_t size)
{
	Elf_Scn *scn = elf_newscn(elf);
	Elf_Data *data = scn ? elf_newdata(scn) : NULL;
	GElf_Shdr shdr;
	if (!data || !gelf_getshdr(scn, &shdr))
		libelf_failed();
	data->d_buf = buf;
	data->d_size = size;
	data->d_type = data_type;
	data->d_align = data_type == ELF_T_BYTE ? 1 : data_type == ELF_T_NHDR ? 4 : 8;
	data->d_version = EV_CURRENT;
	shdr.sh_name = (GElf_Word)strtab_add(names, name);
	shdr.sh_type = type;
	shdr.sh_flags = type == SHT_DYNAMIC || type == SHT_NOTE ? SHF_ALLOC : 0;
	if (!gelf_update_shdr(scn, &shdr))
		libelf_failed();
	return scn;
}

/* Write an address of SIZE bytes in the file's byte order. */
static void put_address(unsigned char *p, uint64_t value, size_t size, bool msb)
{
	for (size_t i = 0; i < size; i++)
		p[msb ? size - 1 - i : i] = (unsigned char)(value >> (8 * i));
}

/*
 * One stapsdt note without arguments: a native header (libelf converts
 * it) and a descriptor in the file's byte order.  Returns its size.
 */
static size_t make_note(unsigned char *buf, size_t room, const struct forge *f)
{
	static const char name[] = "function__entry";
	size_t addr = f->elf_class == ELFCLASS32 ? 4 : 8;
	size_t desc = 3 * addr + strlen(f->provider) + 1 + sizeof(name) + 1;
	size_t padded = (desc + 3) & ~(size_t)3;
	GElf_Nhdr nhdr = {.n_namesz = 8, .n_descsz = (GElf_Word)desc, .n_type = 3};
	if (sizeof(nhdr) + 8 + padded > room) {
		printf("Bail out! provider name too long\n");
		exit(99);
	}
	memcpy(buf, &nhdr, sizeof(nhdr));
	memcpy(buf + sizeof(nhdr), "stapsdt", 8);
	unsigned char *d = buf + sizeof(nhdr) + 8;
	memset(d, 0, padded);
	bool msb = f->data == ELFDATA2MSB;
	put_address(d, 0x1000, addr, msb);
	put_address(d + addr, 0, addr, msb);
	put_address(d + 2 * addr, 0, addr, msb);
	char *s = (char *)d + 3 * addr;
	strcpy(s, f->provider);
	strcpy(s + strlen(f->provider) + 1, name);
	return sizeof(nhdr) + 8 + padded;
}

static void forge_defaults(struct forge *f)
{
	if (!f->machine)
		f->machine = EM_X86_64;
	if (!f->elf_class)
		f->elf_class = ELFCLASS64;
	if (!f->data)
		f->data = ELFDATA2LSB;
	if (!f->type)
		f->type = ET_DYN;
}

static void forge_header(Elf *elf, const struct forge *f)
{
	GElf_Ehdr ehdr;
	if (!gelf_newehdr(elf, f->elf_class) || !gelf_getehdr(elf, &ehdr))
		libelf_failed();
	ehdr.e_ident[EI_DATA] = f->data;
	ehdr.e_machine = f->machine;
	ehdr.e_type = f->type;
	ehdr.e_version = EV_CURRENT;
	if (!gelf_update_ehdr(elf, &ehdr))
		libelf_failed();
	if (f->interp) {
		GElf_Phdr phdr = {.p_type = PT_INTERP, .p_flags = PF_R};
		if (!gelf_newphdr(elf, 1) || !gelf_update_phdr(elf, 0, &phdr))
			libelf_failed();
	}
}

/* The dynamic entries of F, their strings in DYNSTR; returns the count. */
static size_t forge_dynamic(const struct forge *f, struct strtab *dynstr, GElf_Dyn *dyn)
{
	size_t n = 0;
	strtab_add(dynstr, "");
	for (size_t i = 0; i < FORGE_MAX_NEEDED && f->needed[i]; i++)
		dyn[n++] = (GElf_Dyn){DT_NEEDED, {strtab_add(dynstr, f->needed[i])}};
	if (f->rpath)
		dyn[n++] = (GElf_Dyn){DT_RPATH, {strtab_add(dynstr, f->rpath)}};
	if (f->runpath)
		dyn[n++] = (GElf_Dyn){DT_RUNPATH, {strtab_add(dynstr, f->runpath)}};
	if (f->soname)
		dyn[n++] = (GElf_Dyn){DT_SONAME, {strtab_add(dynstr, f->soname)}};
	dyn[n++] = (GElf_Dyn){DT_NULL, {0}};
	return n;
}

/* All the buffers libelf points into until the file is written. */
struct forge_buffers {
	struct strtab names;
	struct strtab dynstr;
	GElf_Dyn dyn[FORGE_MAX_NEEDED + 4];
	Elf64_Dyn dynamic[FORGE_MAX_NEEDED + 4];
	unsigned char note[512];
};

static void forge_sections(Elf *elf, const struct forge *f, struct forge_buffers *b)
{
	strtab_add(&b->names, "");
	size_t ndyn = forge_dynamic(f, &b->dynstr, b->dyn);
	Elf_Scn *str = new_section(elf, &b->names, ".dynstr", SHT_STRTAB, ELF_T_BYTE,
				   b->dynstr.buf, b->dynstr.len);
	size_t entsize = gelf_fsize(elf, ELF_T_DYN, 1, EV_CURRENT);
	Elf_Scn *dyn = new_section(elf, &b->names, ".dynamic", SHT_DYNAMIC, ELF_T_DYN,
				   b->dynamic, ndyn * entsize);
	Elf_Data *data = elf_getdata(dyn, NULL);
	for (size_t i = 0; i < ndyn; i++)
		if (!gelf_update_dyn(data, (int)i, &b->dyn[i]))
			libelf_failed();
	GElf_Shdr shdr;
	gelf_getshdr(dyn, &shdr);
	shdr.sh_link = (GElf_Word)elf_ndxscn(str);
	shdr.sh_entsize = entsize;
	gelf_update_shdr(dyn, &shdr);

	if (f->provider)
		new_section(elf, &b->names, ".note.stapsdt", SHT_NOTE, ELF_T_NHDR, b->note,
			    make_note(b->note, sizeof(b->note), f));

	/* The section name table comes last, once every name is in it. */
	Elf_Scn *names = new_section(elf, &b->names, ".shstrtab", SHT_STRTAB, ELF_T_BYTE,
				     b->names.buf, 0);
	elf_getdata(names, NULL)->d_size = b->names.len;
	GElf_Ehdr ehdr;
	gelf_getehdr(elf, &ehdr);
	ehdr.e_shstrndx = (GElf_Half)elf_ndxscn(names);
	gelf_update_ehdr(elf, &ehdr);
}

void tree_forge(const char *root, const char *rel, const struct forge *spec)
{
	struct forge f = *spec;
	forge_defaults(&f);
	char *path = parent_made(root, rel);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (fd < 0 || elf_version(EV_CURRENT) == EV_NONE)
		die("create", path);
	Elf *elf = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!elf)
		libelf_failed();
	forge_header(elf, &f);
	struct forge_buffers *buffers = xcalloc(1, sizeof(*buffers));
	forge_sections(elf, &f, buffers);
	if (elf_update(elf, ELF_C_WRITE) < 0)
		libelf_failed();
	elf_end(elf);
	close(fd);
	free(buffers);
	free(path);
}
