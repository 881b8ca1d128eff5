/*
 * Parsing of SDT argument specifications.
 *
 * Every stapsdt note carries a string such as "8@%rbp 8@%r12 -4@%eax": one
 * space-separated entry per probe argument, each `[-]SIZE[f]@OPERAND`.
 * SIZE is the width in bytes, a leading '-' marks a signed value and an 'f'
 * after the size a floating-point one.  OPERAND is written in the assembler
 * syntax of the architecture the file was built for, so the parser is chosen
 * by the file's e_machine, never by the host we run on.  Very old
 * hand-written probes omit "SIZE@": then each token is an operand alone and
 * the size is unknown.
 *
 * The parser decodes each operand fully (register names are checked against
 * a per-architecture table) so that a malformed note is reported instead of
 * being passed through to a tapset.
 */
#ifndef PYTAPSET_ARGSPEC_H
#define PYTAPSET_ARGSPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* SystemTap's sys/sdt.h allows at most 12 arguments per probe. */
#define ARGSPEC_MAX_ARGS 12
/* Longest register or symbol name we keep; longer ones are rejected. */
#define ARGSPEC_NAME_MAX 64

enum argspec_kind {
	ARG_REGISTER,	/* %rax, x1, r0, %r3, a0, $2 */
	ARG_MEMORY,	/* -8(%rbp), [sp, 16], 160(%r15): base + offset */
	ARG_INDEXED,	/* -96(%rbp,%rax,8), [x0, x1]: base + index * scale + offset */
	ARG_CONSTANT,	/* $5, #1, i5, bare 5 */
	ARG_SYMBOL,	/* sym+16(%rip), i386 bare `big`: symbol + offset, base optional */
};

struct argspec_arg {
	size_t text_start;	/* where this argument's token starts in the spec */
	size_t text_len;	/* and its length */
	unsigned size;		/* bytes: 1, 2, 4 or 8; 0 when the spec gives none */
	bool is_signed;
	bool is_float;
	enum argspec_kind kind;
	char base[ARGSPEC_NAME_MAX];	/* register (REGISTER, MEMORY, INDEXED, SYMBOL with base) */
	char index[ARGSPEC_NAME_MAX];	/* index register (INDEXED) */
	unsigned scale;			/* INDEXED: 1, 2, 4 or 8 */
	int64_t offset;			/* displacement; the value for CONSTANT */
	char symbol[ARGSPEC_NAME_MAX];	/* SYMBOL */
};

struct argspec {
	size_t count;
	struct argspec_arg args[ARGSPEC_MAX_ARGS];
};

/* Where and why a spec was rejected. Columns count from 1. */
struct argspec_error {
	size_t arg;		/* 1-based argument number */
	size_t column;		/* 1-based column within the whole spec string */
	char reason[96];
};

/*
 * Parse SPEC for a file whose ELF header says MACHINE (EM_*), CLASS
 * (ELFCLASS32/64) and DATA (ELFDATA2LSB/MSB).  Returns 0 and fills OUT, or
 * -1 and fills ERR.  An empty spec is a probe without arguments.
 */
int argspec_parse(uint16_t machine, unsigned char elf_class, unsigned char data,
		  const char *spec, struct argspec *out, struct argspec_error *err);

/* Whether argument specs of MACHINE can be decoded at all. */
bool argspec_machine_supported(uint16_t machine);

/* Short architecture name for MACHINE ("x86_64", "aarch64", ...), or NULL. */
const char *argspec_machine_name(uint16_t machine, unsigned char elf_class,
				 unsigned char data);

/* Lower-case name of KIND as used in JSON output ("register", ...). */
const char *argspec_kind_name(enum argspec_kind kind);

#endif
