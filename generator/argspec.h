/* SPDX-License-Identifier: GPL-2.0-or-later */
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
 * a per-architecture table) so that a malformed operand is reported; it is
 * kept as text, since only a script reading that argument needs it.
 *
 * Operands, as the compilers write them:
 *   x86-64, i386  %rax %eax %al %r8d %xmm0; $5 $-1; -8(%rbp) (%rsp) 4096;
 *                 -96(%rbp,%rax,8) (,%rax,4); sym(%rip) sym+16(%rip)
 *                 16+sym(%rip) big big+4 glob@GOTOFF(%ebx) %fs:tls@tpoff
 *   aarch64       x1 w2 sp; 5 #5; [sp] [sp, 16] [x29, -8] [x0, x1]
 *                 [x0, x1, lsl 3] [x10, #:lo12:glob]
 *   arm           r0 fp sp; #1 #-1; [r3] [sp, #76] [r0, r1, lsl #2]
 *   powerpc       3 %r3 %f1; i5 i-1; -8(31) 8(%r1); 9,10 (base, index)
 *   s390          %r2 %f0; 5; 160(%r15) 8(%r2,%r1) (index first: D(X,B))
 *   riscv         a0 s0 x5; 5; -20(s0) %lo(glob)(a5)
 *   mips          $2 $sp $a0; 5; 8($sp) glob glob+4 %lo(glob)($2)
 *   loongarch     $r4 $a0; 5; $r3,8 (GCC) $sp, 8 (LLVM) $r12,$r13
 *                 $r12,%pc_lo12(glob) 8($r3) glob
 *
 * Register names are normalized: the x86 names lose their '%' and keep
 * their width (eax stays eax, it is not rax); aarch64 keeps x0..x30,
 * w0..w30, sp and v0..v31 as written; everywhere else a register becomes
 * its number-based name without prefix: arm r0..r15 (fp is r11, sp r13,
 * lr r14), powerpc r0..r31 and f0..f31 (bare 3 and %r3 are both r3),
 * s390 r0..r15 and f0..f15, riscv x0..x31 (a0 is x10, s0 and fp x8),
 * mips r0..r31 and f0..f31 ($sp is r29, $a0 r4; the o32/n64-dependent
 * names $t0..$t7 and $a4..$a7 are refused), loongarch r0..r31 and
 * f0..f31 ($a0 is r4, $sp r3, $fp r22).  A register that cannot address
 * memory (x86 %ax, %rsp as index, aarch64 w0, floating-point registers)
 * is refused as base or index.
 *
 * Numbers are decimal or 0x hexadecimal and must fit in int64_t; a leading
 * zero ("010") is refused because the assembler would read it as octal and
 * SystemTap as decimal.  Two readings are ambiguous by nature and resolved
 * as the other tools do: a bare number on s390 is a constant (GCC writes an
 * absolute address the same way), and a spec starting with ':' has no
 * arguments (as in GDB and libbpf).
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
	ARG_MEMORY,	/* -8(%rbp), [sp, 16], 160(%r15): base + offset;
			   base empty for an absolute address (x86 4096) */
	ARG_INDEXED,	/* -96(%rbp,%rax,8), [x0, x1]: base + index * scale + offset;
			   base empty in x86's (,%rax,4) */
	ARG_CONSTANT,	/* $5, #1, i5, bare 5 */
	ARG_SYMBOL,	/* sym+16(%rip), i386 bare `big`: symbol + offset;
			   base, index and scale as for INDEXED when present */
	ARG_UNDECODED,	/* %r1x: an operand kept as text, see argspec_parse */
};

struct argspec_arg {
	size_t text_start;	/* 0-based offset of the whole SIZE@OPERAND text */
	size_t text_len;	/* and its length */
	unsigned size;		/* bytes: 1, 2, 4, 8 or 16 (long double, __int128,
				   which sys/sdt.h emits too); 0 when the spec
				   gives none */
	bool is_signed;
	bool is_float;		/* never together with is_signed */
	enum argspec_kind kind;
	char base[ARGSPEC_NAME_MAX];	/* register, normalized (see above); "" if none */
	char index[ARGSPEC_NAME_MAX];	/* index register; "" if none */
	unsigned scale;			/* 1, 2, 4 or 8 when index is set, else 0 */
	int64_t offset;			/* displacement; the value for CONSTANT */
	char symbol[ARGSPEC_NAME_MAX];	/* SYMBOL */
	char reloc[ARGSPEC_NAME_MAX];	/* SYMBOL: relocation operator applied to
					   it: GOTOFF, tpoff, lo12, lo, pc_lo12 */
	char segment[4];		/* x86 segment of a TLS access: fs, gs */
};

struct argspec {
	size_t count;
	struct argspec_arg args[ARGSPEC_MAX_ARGS];
};

/*
 * Where and why a spec could not be decoded.  Both count from 1; they are
 * 0 when the machine itself is not supported.  The reason is short, one
 * line and printable ("unknown register '%foo'", "size must be 1, 2, 4, 8 or 16").
 */
struct argspec_error {
	size_t arg;		/* 1-based argument number */
	size_t column;		/* 1-based column within the whole spec string */
	char reason[96];
};

/*
 * Parse SPEC for a file whose ELF header says MACHINE (EM_*).  An empty
 * spec, or one of spaces only, is a probe without arguments.  If no
 * argument has a SIZE@ prefix the spec is an old hand-written one: every
 * argument has size 0.  If any has, all must.
 *
 * Returns 0 with every argument decoded into OUT.  Returns 1 when some
 * operand cannot be decoded (a machine without a table, an unknown
 * register, a missing or bad SIZE@): OUT still has every argument, those
 * as ARG_UNDECODED with their text and, if it could be read, the size of
 * their prefix; ERR describes the first problem.  Returns -1, OUT empty
 * and ERR filled, when the spec has more arguments than sys/sdt.h allows.
 */
int argspec_parse(uint16_t machine, const char *spec, struct argspec *out,
		  struct argspec_error *err);

/* Whether argument specs of MACHINE can be decoded at all. */
bool argspec_machine_supported(uint16_t machine);

/* Lower-case name of KIND as used in JSON output ("register", ...). */
const char *argspec_kind_name(enum argspec_kind kind);

#endif
