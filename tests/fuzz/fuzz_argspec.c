/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the SDT argument-spec parser.
 *
 * The first input byte picks the ELF machine (its value modulo the number
 * of rows of `machines` below; the seed corpus relies on this order) and,
 * through its high bits, the ELF class and byte order; the remaining bytes
 * are the spec, copied into a buffer of exactly their size plus the NUL so
 * that AddressSanitizer catches any read past it.  Besides the sanitizers,
 * the harness checks the promises argspec.h makes about its results.
 *
 * Build and run (from the top of the source tree):
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined \
 *         -fno-sanitize-recover=all -Igenerator \
 *         tests/fuzz/fuzz_argspec.c generator/argspec.c -o fuzz_argspec
 *   mkdir -p /tmp/argspec-corpus
 *   ./fuzz_argspec -dict=tests/fuzz/argspec.dict -max_total_time=180 \
 *         /tmp/argspec-corpus tests/fuzz/corpus/argspec
 *
 * New inputs go to the first directory, so the seed corpus stays as it is.
 */
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "argspec.h"

#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif

static const uint16_t machines[] = {
	EM_X86_64, EM_386, EM_AARCH64, EM_ARM, EM_PPC64, EM_PPC,
	EM_S390, EM_RISCV, EM_MIPS, EM_LOONGARCH,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int condition)
{
	if (!condition)
		abort();
}

/* A name field holds a NUL-terminated string, printable without spaces. */
static void check_name(const char *name)
{
	size_t len = strnlen(name, ARGSPEC_NAME_MAX);

	check(len < ARGSPEC_NAME_MAX);
	for (size_t i = 0; i < len; i++)
		check(name[i] > ' ' && name[i] < 0x7f);
}

static void check_accepted(const char *spec, const struct argspec *s)
{
	size_t spec_len = strlen(spec);

	check(s->count <= ARGSPEC_MAX_ARGS);
	for (size_t i = 0; i < s->count; i++) {
		const struct argspec_arg *a = &s->args[i];

		check(a->text_len > 0 && a->text_start < spec_len &&
		      a->text_len <= spec_len - a->text_start);
		check(spec[a->text_start] != ' ');
		check(i == 0 || a->text_start >
		      s->args[i - 1].text_start + s->args[i - 1].text_len);
		check(a->size == 0 || a->size == 1 || a->size == 2 ||
		      a->size == 4 || a->size == 8 || a->size == 16);
		check(!(a->is_float && a->is_signed));
		check(strcmp(argspec_kind_name(a->kind), "unknown") != 0);
		check_name(a->base);
		check_name(a->index);
		check_name(a->symbol);
		check_name(a->reloc);
		check(strnlen(a->segment, sizeof(a->segment)) < sizeof(a->segment));
		check(a->index[0] ? (a->scale == 1 || a->scale == 2 ||
				     a->scale == 4 || a->scale == 8)
				  : a->scale == 0);
		check(a->kind == ARG_SYMBOL ? a->symbol[0] != '\0'
					    : a->symbol[0] == '\0');
		if (a->kind == ARG_REGISTER)
			check(a->base[0] && !a->index[0]);
		if (a->kind == ARG_CONSTANT)
			check(!a->base[0] && !a->index[0]);
	}
}

static void check_rejected(const char *spec, const struct argspec *s,
			   const struct argspec_error *err)
{
	size_t reason_len = strnlen(err->reason, sizeof(err->reason));

	check(err->arg >= 1 && err->arg <= ARGSPEC_MAX_ARGS + 1);
	/* What could not be decoded is kept, unless the spec is unreadable. */
	check(s->count == 0 || (err->arg <= s->count &&
				s->args[err->arg - 1].kind == ARG_UNDECODED));
	check(err->column >= 1 && err->column <= strlen(spec) + 1);
	check(reason_len > 0 && reason_len < sizeof(err->reason));
	for (size_t i = 0; i < reason_len; i++)
		check(err->reason[i] >= ' ' && err->reason[i] < 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct argspec s;
	struct argspec_error err;
	char *spec;

	if (size == 0)
		return 0;
	uint16_t machine = machines[data[0] % (sizeof(machines) / sizeof(machines[0]))];

	spec = malloc(size);
	check(spec != NULL);
	memcpy(spec, data + 1, size - 1);
	spec[size - 1] = '\0';

	check(argspec_machine_supported(machine));
	int rc = argspec_parse(machine, spec, &s, &err);
	if (rc >= 0)
		check_accepted(spec, &s);
	if (rc != 0)
		check_rejected(spec, &s, &err);
	check(rc >= 0 || s.count == 0);
	free(spec);
	return 0;
}
