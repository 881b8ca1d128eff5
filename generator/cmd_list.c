/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pytapset list: show the SDT markers of ELF files, one line per marker
 * site, or as a JSON document (schema "pytapset-list/2", documented in
 * pytapset(1)) for other tools.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "argspec.h"
#include "commands.h"
#include "exitcode.h"
#include "json.h"
#include "report.h"
#include "sdt_file.h"
#include "util.h"

#define LIST_JSON_SCHEMA "pytapset-list/2"

/* "s32", "u64", "f64", or "any" for a spec without a size. */
static void format_type(const struct argspec_arg *a, char buf[8])
{
	if (a->size == 0)
		strcpy(buf, "any");
	else
		snprintf(buf, 8, "%c%u", a->is_float ? 'f' : a->is_signed ? 's' : 'u',
			 a->size * 8);
}

/*
 * The reader keeps a probe's arguments as text: they are decoded here, for
 * the file's machine, only to be shown.  An operand that cannot be decoded
 * was reported by the reader already.
 */
static void decode_args(const struct sdt_file *f, const struct sdt_probe *p,
			struct argspec *spec)
{
	struct argspec_error err;
	argspec_parse(f->abi.machine, p->args_text, spec, &err);
}

static void print_args_text(const struct sdt_file *f, const struct sdt_probe *p)
{
	struct argspec spec;
	decode_args(f, p, &spec);
	fputs(" args: ", stdout);
	if (spec.count == 0)
		fputs("none", stdout);
	for (size_t i = 0; i < spec.count; i++) {
		const struct argspec_arg *a = &spec.args[i];
		char type[8];
		format_type(a, type);
		fputs(i ? ", " : "", stdout);
		fput_printable(p->args_text + a->text_start, a->text_len, stdout);
		printf(" (%s%s)", type, a->kind == ARG_UNDECODED ? ", undecoded" : "");
	}
}

/* Names come from the file: printable() keeps one site on one line. */
static void print_file_text(const struct sdt_file *f)
{
	int width = (int)f->abi.bits / 4;
	if (f->probe_count == 0) {
		fput_printable(f->path, strlen(f->path), stdout);
		puts(": no SDT markers");
		return;
	}
	for (size_t i = 0; i < f->probe_count; i++) {
		const struct sdt_probe *p = &f->probes[i];
		fput_printable(f->path, strlen(f->path), stdout);
		fputs(": ", stdout);
		fput_printable(p->provider, strlen(p->provider), stdout);
		putchar(':');
		fput_printable(p->name, strlen(p->name), stdout);
		printf(" pc=0x%0*" PRIx64, width, p->pc);
		if (p->semaphore)
			printf(" semaphore=0x%0*" PRIx64, width, p->semaphore);
		else
			fputs(" semaphore=none", stdout);
		print_args_text(f, p);
		putchar('\n');
	}
}

static void json_arg(struct json *j, const struct sdt_probe *p,
		     const struct argspec_arg *a)
{
	char *spec = xstrndup(p->args_text + a->text_start, a->text_len);
	json_begin_object(j);
	json_member_string(j, "spec", spec);
	json_member_uint(j, "size", a->size);
	json_member_bool(j, "signed", a->is_signed);
	json_member_bool(j, "float", a->is_float);
	json_member_string(j, "kind", argspec_kind_name(a->kind));
	if (a->base[0])
		json_member_string(j, "base", a->base);
	if (a->index[0]) {
		json_member_string(j, "index", a->index);
		json_member_uint(j, "scale", a->scale);
	}
	if (a->kind == ARG_SYMBOL)
		json_member_string(j, "symbol", a->symbol);
	if (a->reloc[0])
		json_member_string(j, "reloc", a->reloc);
	if (a->segment[0])
		json_member_string(j, "segment", a->segment);
	if (a->kind != ARG_REGISTER && a->kind != ARG_UNDECODED)
		json_member_int(j, a->kind == ARG_CONSTANT ? "value" : "offset", a->offset);
	json_end_object(j);
	free(spec);
}

static void json_probe(struct json *j, const struct sdt_file *f,
		       const struct sdt_probe *p)
{
	struct argspec spec;
	decode_args(f, p, &spec);
	json_begin_object(j);
	json_member_string(j, "provider", p->provider);
	json_member_string(j, "name", p->name);
	json_member_hex(j, "pc", p->pc, false);
	json_member_hex(j, "semaphore", p->semaphore, true);
	json_member_string(j, "args_text", p->args_text);
	json_key(j, "args");
	json_begin_array(j);
	for (size_t i = 0; i < spec.count; i++)
		json_arg(j, p, &spec.args[i]);
	json_end_array(j);
	json_end_object(j);
}

static const char *file_type_name(const struct sdt_file *f)
{
	if (f->type == SDT_FILE_EXEC)
		return "executable";
	return f->pie ? "pie-executable" : "shared-object";
}

static void json_file(struct json *j, const struct sdt_file *f)
{
	json_begin_object(j);
	json_member_string(j, "path", f->path);
	json_member_string_or_null(j, "machine", sdt_abi_name(&f->abi));
	json_member_uint(j, "e_machine", f->abi.machine);
	json_member_uint(j, "class", f->abi.bits);
	json_member_string(j, "byte_order", f->abi.big_endian ? "big" : "little");
	json_member_string(j, "type", file_type_name(f));
	json_key(j, "markers");
	json_begin_array(j);
	for (size_t i = 0; i < f->probe_count; i++)
		json_probe(j, f, &f->probes[i]);
	json_end_array(j);
	json_end_object(j);
}

static void json_file_error(struct json *j, const char *path, const struct diag *diag)
{
	const char *reason = "unreadable";
	for (size_t i = diag->count; i-- > 0;) {
		if (diag->messages[i].level == DIAG_ERROR) {
			reason = diag->messages[i].text;
			break;
		}
	}
	json_begin_object(j);
	json_member_string(j, "path", path);
	json_member_string(j, "error", reason);
	json_end_object(j);
}

static int exec_list(const struct cmd_args *args)
{
	bool as_json = cmd_value(args, 'j') != NULL;
	struct json j;
	if (as_json)
		json_begin_document(&j, stdout, LIST_JSON_SCHEMA, "files");

	int status = EXIT_OK;
	for (int i = 0; i < args->argc; i++) {
		const char *path = args->argv[i];
		struct diag diag = {0};
		struct sdt_file file;
		int ret = sdt_file_read(path, &file, &diag);
		if (ret != 0 || diag.errors)
			status = EXIT_BAD_INPUT;
		if (ret == 0 && as_json)
			json_file(&j, &file);
		else if (ret == 0)
			print_file_text(&file);
		else if (as_json)
			json_file_error(&j, path, &diag);
		flush_stdout();
		print_diagnostics(&diag);
		sdt_file_free(&file);
	}

	if (as_json)
		json_end_document(&j);
	return status;
}

static const struct cmd_option list_options[] = {
	{'j', "json", NULL, "print one JSON document (schema " LIST_JSON_SCHEMA ")"},
	{0},
};

static const struct cmd_exit list_exits[] = {
	{EXIT_OK, "every file was read"},
	{EXIT_BAD_INPUT, "a file was refused or had broken notes"},
	{-1, NULL},
};

const struct cmd_entry cmd_list_entry = {
	.name = "list",
	.usage = "[--json] FILE...",
	.summary = "show the SDT markers of ELF files",
	.description = "Show the SDT markers (.note.stapsdt) of each ELF FILE: provider, name,\n"
		       "pc, semaphore and the decoded argument specs.",
	.options = list_options,
	.exits = list_exits,
	.min_operands = 1,
	.max_operands = -1,
	.operand = "FILE",
	.exec = exec_list,
};
