/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Parsing of SDT argument specifications.
 *
 * A probe made with <sys/sdt.h> asks the compiler to describe where each
 * argument lives at the probe site.  The compiler answers with an assembler
 * operand, the same text it would write in an instruction, and sys/sdt.h
 * puts the width and signedness in front of it.  The note then carries a
 * string such as
 *
 *	8@%rbp 8@%r12 -4@%eax			(x86-64)
 *	-4@[sp, 60] 8@x1 -4@5			(aarch64)
 *	-4@196(%r11) 8f@%r0 -4@0(%r8,%r1)	(s390x)
 *
 * one space-separated argument each.  A tool reading the value at run time
 * (SystemTap, GDB, libbpf) has to understand the operand; pytapset mostly
 * needs the count, size and signedness, but it still decodes every operand
 * so that a damaged or foreign note is reported instead of passed on.
 *
 * The operand syntax is that of the assembler for the file's architecture,
 * which is why everything here is chosen by the ELF header's e_machine and
 * never by the machine we run on.  Two shapes of syntax cover all the
 * supported architectures:
 *
 *  - DISP(BASE,INDEX,SCALE) with variations: x86 (AT&T), s390, powerpc,
 *    RISC-V, MIPS and LoongArch (which also writes BASE,OFFSET);
 *  - [BASE, OFFSET]: arm and aarch64.
 *
 * What differs inside a shape (how a constant is marked, which registers
 * exist, whether symbols or an index may appear) is data: a row in the
 * architecture table below, with a register table per architecture.
 *
 * The text comes from a file that may be hostile.  The parser works on one
 * argument's text at a time, bounded by an end pointer that never passes the
 * terminating NUL, checks every number for overflow and every name for
 * length, and reports the first problem with its argument number and column.
 */
#include "argspec.h"

#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * One row of a register table.  A plain row is one name ("%rax" written,
 * "rax" canonical).  A numbered row stands for a family: NAME followed by a
 * decimal number from LO to HI and then SUFFIX ("%r" 8..15 "d" is %r8d to
 * %r15d); its canonical name is CANON followed by the number shifted to
 * start at CANON_LO, then SUFFIX (riscv "a" 0..7 is canonically x10..x17).
 * USE says whether the register may address memory, as base or as index.
 */
struct reg_row {
	const char *name;
	int lo, hi;
	const char *suffix;
	const char *canon;
	int canon_lo;
	unsigned use;
};

enum { DATA = 0, BASE = 1 << 0, INDEX = 1 << 1, ADDR = BASE | INDEX };

#define REG(written, canonical, use) { written, -1, -1, "", canonical, 0, use }
#define REGS(prefix, lo, hi, canon, canon_lo, use) \
	{ prefix, lo, hi, "", canon, canon_lo, use }
/* x86 register names are canonical without their '%'. */
#define ATT(name, use)		REG("%" name, name, use)

static const struct reg_row x86_64_regs[] = {
	ATT("rax", ADDR), ATT("eax", ADDR), ATT("ax", DATA), ATT("al", DATA), ATT("ah", DATA),
	ATT("rbx", ADDR), ATT("ebx", ADDR), ATT("bx", DATA), ATT("bl", DATA), ATT("bh", DATA),
	ATT("rcx", ADDR), ATT("ecx", ADDR), ATT("cx", DATA), ATT("cl", DATA), ATT("ch", DATA),
	ATT("rdx", ADDR), ATT("edx", ADDR), ATT("dx", DATA), ATT("dl", DATA), ATT("dh", DATA),
	ATT("rsi", ADDR), ATT("esi", ADDR), ATT("si", DATA), ATT("sil", DATA),
	ATT("rdi", ADDR), ATT("edi", ADDR), ATT("di", DATA), ATT("dil", DATA),
	ATT("rbp", ADDR), ATT("ebp", ADDR), ATT("bp", DATA), ATT("bpl", DATA),
	ATT("rsp", BASE), ATT("esp", BASE), ATT("sp", DATA), ATT("spl", DATA),
	REGS("%r", 8, 15, "r", 8, ADDR),
	{ "%r", 8, 15, "d", "r", 8, ADDR },
	{ "%r", 8, 15, "w", "r", 8, DATA },
	{ "%r", 8, 15, "b", "r", 8, DATA },
	ATT("rip", BASE),
	REGS("%xmm", 0, 15, "xmm", 0, DATA),
};

static const struct reg_row i386_regs[] = {
	ATT("eax", ADDR), ATT("ax", DATA), ATT("al", DATA), ATT("ah", DATA),
	ATT("ebx", ADDR), ATT("bx", DATA), ATT("bl", DATA), ATT("bh", DATA),
	ATT("ecx", ADDR), ATT("cx", DATA), ATT("cl", DATA), ATT("ch", DATA),
	ATT("edx", ADDR), ATT("dx", DATA), ATT("dl", DATA), ATT("dh", DATA),
	ATT("esi", ADDR), ATT("si", DATA),
	ATT("edi", ADDR), ATT("di", DATA),
	ATT("ebp", ADDR), ATT("bp", DATA),
	ATT("esp", BASE), ATT("sp", DATA),
	ATT("eip", DATA),
	REGS("%xmm", 0, 7, "xmm", 0, DATA),
};

/* An index in w form needs an extend (sxtw), which sys/sdt.h never asks for. */
static const struct reg_row aarch64_regs[] = {
	REGS("x", 0, 30, "x", 0, ADDR),
	REGS("w", 0, 30, "w", 0, DATA),
	REG("sp", "sp", BASE),
	REGS("v", 0, 31, "v", 0, DATA),
};

static const struct reg_row arm_regs[] = {
	REGS("r", 0, 15, "r", 0, ADDR),
	REG("sl", "r10", ADDR),
	REG("fp", "r11", ADDR),
	REG("ip", "r12", ADDR),
	REG("sp", "r13", ADDR),
	REG("lr", "r14", ADDR),
	REG("pc", "r15", ADDR),
};

/* Without -mregnames GCC writes a powerpc register as its bare number. */
static const struct reg_row ppc_regs[] = {
	REGS("%r", 0, 31, "r", 0, ADDR),
	REGS("", 0, 31, "r", 0, ADDR),
	REGS("%f", 0, 31, "f", 0, DATA),
};

/* In D(X,B) either general register may be X or B. */
static const struct reg_row s390_regs[] = {
	REGS("%r", 0, 15, "r", 0, ADDR),
	REGS("%f", 0, 15, "f", 0, DATA),
};

static const struct reg_row riscv_regs[] = {
	REGS("x", 0, 31, "x", 0, BASE),
	REG("zero", "x0", BASE),
	REG("ra", "x1", BASE),
	REG("sp", "x2", BASE),
	REG("gp", "x3", BASE),
	REG("tp", "x4", BASE),
	REGS("t", 0, 2, "x", 5, BASE),
	REG("fp", "x8", BASE),
	REGS("s", 0, 1, "x", 8, BASE),
	REGS("a", 0, 7, "x", 10, BASE),
	REGS("s", 2, 11, "x", 18, BASE),
	REGS("t", 3, 6, "x", 28, BASE),
};

/*
 * GCC writes $0..$31 (and $sp, $fp), LLVM the ABI names.  The names of
 * $8..$15 differ between o32 and n64 ($t0 is $8 in one and $12 in the
 * other); neither compiler writes them, so they are not accepted.
 */
static const struct reg_row mips_regs[] = {
	REGS("$", 0, 31, "r", 0, BASE),
	REG("$zero", "r0", BASE),
	REG("$at", "r1", BASE),
	REGS("$v", 0, 1, "r", 2, BASE),
	REGS("$a", 0, 3, "r", 4, BASE),
	REGS("$s", 0, 7, "r", 16, BASE),
	REGS("$t", 8, 9, "r", 24, BASE),
	REGS("$k", 0, 1, "r", 26, BASE),
	REG("$gp", "r28", BASE),
	REG("$sp", "r29", BASE),
	REG("$fp", "r30", BASE),
	REG("$s8", "r30", BASE),
	REG("$ra", "r31", BASE),
	REGS("$f", 0, 31, "f", 0, DATA),
};

static const struct reg_row loongarch_regs[] = {
	REGS("$r", 0, 31, "r", 0, ADDR),
	REG("$zero", "r0", ADDR),
	REG("$ra", "r1", ADDR),
	REG("$tp", "r2", ADDR),
	REG("$sp", "r3", ADDR),
	REGS("$a", 0, 7, "r", 4, ADDR),
	REGS("$t", 0, 8, "r", 12, ADDR),
	REG("$fp", "r22", ADDR),
	REG("$s9", "r22", ADDR),
	REGS("$s", 0, 8, "r", 23, ADDR),
	REGS("$f", 0, 31, "f", 0, DATA),
	REGS("$fa", 0, 7, "f", 0, DATA),
	REGS("$ft", 0, 15, "f", 8, DATA),
	REGS("$fs", 0, 7, "f", 24, DATA),
};

/* How the operand syntax of one architecture varies from the common shape. */
enum {
	F_BRACKETS = 1 << 0,	  /* [BASE, OFFSET] (arm, aarch64) */
	F_HASH_OPTIONAL = 1 << 1, /* constants may drop the '#' (aarch64) */
	F_NUMBER_REG = 1 << 2,	  /* a bare number is a register (powerpc) */
	F_NUMBER_MEM = 1 << 3,	  /* a bare number is an address (x86) */
	F_SYMBOLS = 1 << 4,	  /* bare symbols: big, sym+16(%rip) */
	F_AT_RELOC = 1 << 5,	  /* sym@GOTOFF (x86) */
	F_PERCENT_RELOC = 1 << 6, /* %lo(sym)(a5) (riscv, mips, loongarch) */
	F_SEGMENT = 1 << 7,	  /* %fs:tls@tpoff (x86) */
	F_PAREN_INDEX = 1 << 8,	  /* (BASE,INDEX) (x86, s390) */
	F_INDEX_FIRST = 1 << 9,	  /* D(INDEX,BASE) (s390) */
	F_SCALE = 1 << 10,	  /* (BASE,INDEX,SCALE) (x86) */
	F_COMMA_INDEX = 1 << 11,  /* BASE,INDEX (powerpc, loongarch) */
	F_COMMA_OFFSET = 1 << 12, /* BASE,OFFSET (loongarch) */
};

struct arch {
	uint16_t machine;
	const struct reg_row *regs;
	size_t nregs;
	const char *imm_prefix;	/* marks a constant: "$", "#", "i" or "" */
	unsigned flags;
};

#define X86_FLAGS (F_NUMBER_MEM | F_SYMBOLS | F_AT_RELOC | F_SEGMENT | \
		   F_PAREN_INDEX | F_SCALE)

static const struct arch arches[] = {
	{ EM_X86_64, x86_64_regs, ARRAY_SIZE(x86_64_regs), "$", X86_FLAGS },
	{ EM_386, i386_regs, ARRAY_SIZE(i386_regs), "$", X86_FLAGS },
	{ EM_AARCH64, aarch64_regs, ARRAY_SIZE(aarch64_regs), "#",
	  F_BRACKETS | F_HASH_OPTIONAL },
	{ EM_ARM, arm_regs, ARRAY_SIZE(arm_regs), "#", F_BRACKETS },
	{ EM_PPC64, ppc_regs, ARRAY_SIZE(ppc_regs), "i",
	  F_NUMBER_REG | F_COMMA_INDEX },
	{ EM_PPC, ppc_regs, ARRAY_SIZE(ppc_regs), "i",
	  F_NUMBER_REG | F_COMMA_INDEX },
	{ EM_S390, s390_regs, ARRAY_SIZE(s390_regs), "",
	  F_PAREN_INDEX | F_INDEX_FIRST },
	{ EM_RISCV, riscv_regs, ARRAY_SIZE(riscv_regs), "", F_PERCENT_RELOC },
	{ EM_MIPS, mips_regs, ARRAY_SIZE(mips_regs), "",
	  F_SYMBOLS | F_PERCENT_RELOC },
	{ EM_LOONGARCH, loongarch_regs, ARRAY_SIZE(loongarch_regs), "",
	  F_SYMBOLS | F_PERCENT_RELOC | F_COMMA_INDEX | F_COMMA_OFFSET },
};

static const char *const x86_segments[] = { "cs", "ds", "es", "fs", "gs", "ss" };

/* Reading position within one argument's text. */
struct cursor {
	const char *spec;	/* the whole spec: columns count from here */
	const char *p;		/* next character */
	const char *end;	/* end of this argument's text */
	const struct arch *arch;
	size_t argno;
	struct argspec_error *err;
};

__attribute__((format(printf, 3, 4)))
static bool fail(struct cursor *c, const char *at, const char *fmt, ...)
{
	va_list ap;

	if (c->err->reason[0])	/* the first problem is the one reported */
		return false;
	c->err->arg = c->argno;
	c->err->column = (size_t)(at - c->spec) + 1;
	va_start(ap, fmt);
	vsnprintf(c->err->reason, sizeof(c->err->reason), fmt, ap);
	va_end(ap);
	return false;
}

static int peek_at(const struct cursor *c, size_t n)
{
	return (size_t)(c->end - c->p) > n ? (unsigned char)c->p[n] : '\0';
}

static int peek(const struct cursor *c)
{
	return peek_at(c, 0);
}

static bool accept(struct cursor *c, int ch)
{
	if (peek(c) != ch)
		return false;
	c->p++;
	return true;
}

static bool expect(struct cursor *c, int ch)
{
	return accept(c, ch) || fail(c, c->p, "expected '%c'", ch);
}

static void skip_spaces(struct cursor *c)
{
	while (accept(c, ' '))
		;
}

/* The locale must not change what a spec means, so no <ctype.h>. */
static bool is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static bool is_alpha(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static bool is_word_char(int ch)
{
	return is_alpha(ch) || is_digit(ch) || ch == '_';
}

static bool is_symbol_start(int ch)
{
	return is_alpha(ch) || ch == '_' || ch == '.';
}

static bool is_symbol_char(int ch)
{
	return is_word_char(ch) || ch == '.' || ch == '$';
}

static int hex_value(int ch)
{
	if (is_digit(ch))
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/*
 * A signed decimal or 0x hexadecimal number that fits in int64_t.  Compilers
 * write decimal; a leading zero would be octal to the GNU assembler and
 * decimal to SystemTap, so it is refused rather than guessed.
 */
static bool parse_number(struct cursor *c, int64_t *value)
{
	const char *start = c->p;
	bool negative = accept(c, '-');
	uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	uint64_t magnitude = 0;
	unsigned base = 10;

	if (!is_digit(peek(c)))
		return fail(c, c->p, "expected a number");
	if (peek(c) == '0' && (peek_at(c, 1) == 'x' || peek_at(c, 1) == 'X')) {
		base = 16;
		c->p += 2;
		if (hex_value(peek(c)) < 0)
			return fail(c, c->p, "expected hexadecimal digits");
	} else if (peek(c) == '0' && is_digit(peek_at(c, 1))) {
		return fail(c, c->p, "number with a leading zero is ambiguous");
	}
	for (int d; (d = hex_value(peek(c))) >= 0 && (unsigned)d < base; c->p++) {
		if (magnitude > (limit - (unsigned)d) / base)
			return fail(c, start, "number does not fit in 64 bits");
		magnitude = magnitude * base + (unsigned)d;
	}
	if (!negative)
		*value = (int64_t)magnitude;
	else if (magnitude == (uint64_t)INT64_MAX + 1)
		*value = INT64_MIN;
	else
		*value = -(int64_t)magnitude;
	return true;
}

static bool add_offset(struct cursor *c, const char *at, int64_t *sum,
		       int64_t value)
{
	if ((value > 0 && *sum > INT64_MAX - value) ||
	    (value < 0 && *sum < INT64_MIN - value))
		return fail(c, at, "offset does not fit in 64 bits");
	*sum += value;
	return true;
}

/* Copy the name at [START, c->p) into OUT, which holds ARGSPEC_NAME_MAX. */
static bool take_name(struct cursor *c, const char *start, char *out)
{
	size_t len = (size_t)(c->p - start);

	if (len >= ARGSPEC_NAME_MAX)
		return fail(c, start, "name longer than %d characters",
			    ARGSPEC_NAME_MAX - 1);
	memcpy(out, start, len);
	out[len] = '\0';
	return true;
}

/* A register as written: an optional '%' or '$', then letters and digits. */
static const char *scan_register_word(struct cursor *c)
{
	const char *start = c->p;

	if (peek(c) == '%' || peek(c) == '$')
		c->p++;
	while (is_word_char(peek(c)))
		c->p++;
	return start;
}

/* NAME..NUMBER..SUFFIX of a numbered row; no leading zeros, as in "x01". */
static bool match_numbered(const struct reg_row *row, const char *s,
			   size_t len, int *number)
{
	size_t i = 0, suffix_len = strlen(row->suffix);
	int n = 0;

	while (i < len && i < 3 && is_digit(s[i]))
		n = n * 10 + (s[i++] - '0');
	if (i == 0 || (s[0] == '0' && i > 1))
		return false;
	if (len - i != suffix_len || memcmp(s + i, row->suffix, suffix_len))
		return false;
	if (n < row->lo || n > row->hi)
		return false;
	*number = n;
	return true;
}

/* Look the register WORD of LEN bytes up; write its canonical name to OUT. */
static const struct reg_row *lookup_register(const struct arch *arch,
					     const char *word, size_t len,
					     char *out)
{
	for (size_t i = 0; i < arch->nregs; i++) {
		const struct reg_row *row = &arch->regs[i];
		size_t name_len = strlen(row->name);
		int n;

		if (len < name_len || memcmp(word, row->name, name_len))
			continue;
		if (row->lo < 0 && len == name_len) {
			snprintf(out, ARGSPEC_NAME_MAX, "%s", row->canon);
			return row;
		}
		if (row->lo >= 0 &&
		    match_numbered(row, word + name_len, len - name_len, &n)) {
			snprintf(out, ARGSPEC_NAME_MAX, "%s%d%s", row->canon,
				 row->canon_lo + n - row->lo, row->suffix);
			return row;
		}
	}
	return NULL;
}

/* Printable in a one-line message whatever the byte is. */
static bool unexpected(struct cursor *c)
{
	int ch = peek(c);

	if (c->p == c->end)
		return fail(c, c->p, "expected an operand");
	if (ch < 0x20 || ch > 0x7e)
		return fail(c, c->p, "unexpected byte 0x%02x", ch);
	return fail(c, c->p, "unexpected character '%c'", ch);
}

static bool unknown_register(struct cursor *c, const char *start)
{
	if (c->p == start)
		return fail(c, start, "expected a register");
	return fail(c, start, "unknown register '%.*s'",
		    (int)(c->p - start < 32 ? c->p - start : 32), start);
}

/* The register of ROW may serve as USE: BASE, INDEX, or DATA (a value). */
static bool check_use(struct cursor *c, const char *start,
		      const struct reg_row *row, unsigned use)
{
	if (use == DATA || (row->use & use))
		return true;
	return fail(c, start, "register '%.*s' cannot be %s",
		    (int)(c->p - start < 32 ? c->p - start : 32), start,
		    use == BASE ? "a base" : "an index");
}

/* e.g. %rbp, x29, 31 (powerpc r31), $sp; USE as for check_use() */
static bool parse_register(struct cursor *c, char *out, unsigned use)
{
	const char *start = scan_register_word(c);
	const struct reg_row *row;
	char name[ARGSPEC_NAME_MAX];

	if (!take_name(c, start, name))
		return false;
	row = lookup_register(c->arch, start, (size_t)(c->p - start), out);
	if (!row)
		return unknown_register(c, start);
	return check_use(c, start, row, use);
}

/* e.g. GOTOFF in big@GOTOFF, lo12 in :lo12:glob, lo in %lo(glob) */
static bool parse_reloc_name(struct cursor *c, struct argspec_arg *a)
{
	const char *start = c->p;

	if (!is_alpha(peek(c)))
		return fail(c, start, "expected a relocation name");
	while (is_word_char(peek(c)))
		c->p++;
	return take_name(c, start, a->reloc);
}

/*
 * A symbol with an optional offset on either side: big, sym+16, sym-8,
 * 16+sym, counter.0, glob@GOTOFF (x86).  PRE is an offset already read
 * before the '+'.
 */
static bool parse_symexpr(struct cursor *c, struct argspec_arg *a, int64_t pre)
{
	const char *start = c->p;
	int64_t post = 0;

	if (!is_symbol_start(peek(c)))
		return fail(c, start, "expected a symbol");
	while (is_symbol_char(peek(c)))
		c->p++;
	if (!take_name(c, start, a->symbol))
		return false;
	if ((c->arch->flags & F_AT_RELOC) && accept(c, '@') &&
	    !parse_reloc_name(c, a))
		return false;
	if (peek(c) == '+' || peek(c) == '-') {
		const char *at = c->p;

		if (accept(c, '+') && !is_digit(peek(c)))
			return fail(c, c->p, "expected a number");
		if (!parse_number(c, &post))
			return false;
		if (!add_offset(c, at, &pre, post))
			return false;
	}
	a->offset = pre;
	a->kind = ARG_SYMBOL;
	return true;
}

/* e.g. %lo(glob) or %pc_lo12(glob+8), a relocation applied to a symbol */
static bool parse_percent_reloc(struct cursor *c, struct argspec_arg *a)
{
	c->p++;		/* the caller saw the '%' */
	return parse_reloc_name(c, a) && expect(c, '(') &&
	       parse_symexpr(c, a, 0) && expect(c, ')');
}

/*
 * The parenthesised address after a displacement or symbol:
 * (%rbp), (%rbp,%rax,8), (,%rax,4) on x86, (%r2,%r1) on s390 where the
 * index comes first, (31) on powerpc, (s0) on riscv, ($sp) on mips.
 */
static bool parse_paren_address(struct cursor *c, struct argspec_arg *a)
{
	unsigned flags = c->arch->flags;
	char first[ARGSPEC_NAME_MAX] = "", second[ARGSPEC_NAME_MAX] = "";
	int64_t scale = 1;

	c->p++;		/* the caller saw the '(' */
	if (!(flags & F_PAREN_INDEX) || peek(c) != ',') {
		if (!parse_register(c, first, BASE))
			return false;
	}
	if ((flags & F_PAREN_INDEX) && accept(c, ',')) {
		skip_spaces(c);
		if (!parse_register(c, second, INDEX))
			return false;
		if ((flags & F_SCALE) && accept(c, ',')) {
			skip_spaces(c);
			const char *at = c->p;

			if (!parse_number(c, &scale))
				return false;
			if (scale != 1 && scale != 2 && scale != 4 && scale != 8)
				return fail(c, at, "scale must be 1, 2, 4 or 8");
		}
	}
	if (!expect(c, ')'))
		return false;

	const char *base = first, *index = second;

	/*
	 * s390 writes D(X,B): of two registers the first is the index.  Its
	 * table lets any general register be either, so the roles checked
	 * above make no difference there.
	 */
	if ((flags & F_INDEX_FIRST) && second[0]) {
		base = second;
		index = first;
	}
	strcpy(a->base, base);
	strcpy(a->index, index);
	a->scale = index[0] ? (unsigned)scale : 0;
	if (a->kind != ARG_SYMBOL)
		a->kind = index[0] ? ARG_INDEXED : ARG_MEMORY;
	return true;
}

/* The (BASE) that may follow a symbol, as in sym(%rip) or %lo(glob)(a5). */
static bool parse_optional_address(struct cursor *c, struct argspec_arg *a)
{
	return peek(c) != '(' || parse_paren_address(c, a);
}

/*
 * What may follow a register and a comma: powerpc's indexed 9,10 and
 * LoongArch's $r3,8 / $r12,$r13 / $r12,%pc_lo12(glob) (LLVM writes
 * "$sp, 8").
 */
static bool parse_comma_address(struct cursor *c, struct argspec_arg *a)
{
	unsigned flags = c->arch->flags;

	c->p++;		/* the caller saw the ',' */
	skip_spaces(c);
	if ((flags & F_COMMA_OFFSET) && (is_digit(peek(c)) || peek(c) == '-')) {
		a->kind = ARG_MEMORY;
		return parse_number(c, &a->offset);
	}
	if ((flags & F_COMMA_OFFSET) && peek(c) == '%' && is_alpha(peek_at(c, 1)))
		return parse_percent_reloc(c, a);
	if (!parse_register(c, a->index, INDEX))
		return false;
	a->kind = ARG_INDEXED;
	a->scale = 1;
	return true;
}

/* %fs: before an x86 memory operand, as in %fs:tls@tpoff */
static void parse_segment(struct cursor *c, struct argspec_arg *a)
{
	if (peek(c) != '%' || peek_at(c, 3) != ':')
		return;
	for (size_t i = 0; i < ARRAY_SIZE(x86_segments); i++) {
		if (peek_at(c, 1) == x86_segments[i][0] &&
		    peek_at(c, 2) == x86_segments[i][1]) {
			memcpy(a->segment, x86_segments[i], 3);
			c->p += 4;
			return;
		}
	}
}

/* A number where an operand starts: a constant, a displacement or more. */
static bool parse_leading_number(struct cursor *c, struct argspec_arg *a)
{
	unsigned flags = c->arch->flags;
	const char *start = c->p;
	int64_t n;

	if (!parse_number(c, &n))
		return false;
	/* e.g. -20(%rbp), 160(%r15), -8(31), 8($sp), -20(s0) */
	if (peek(c) == '(') {
		a->offset = n;
		return parse_paren_address(c, a);
	}
	/* e.g. 16+big@GOTOFF(%eax), 24+mp_(%rip) */
	if ((flags & F_SYMBOLS) && peek(c) == '+' && is_symbol_start(peek_at(c, 1))) {
		c->p++;
		if (!parse_symexpr(c, a, n))
			return false;
		return parse_optional_address(c, a);
	}
	/* e.g. 4096 on x86, an absolute address as in %fs:40 */
	if (flags & F_NUMBER_MEM) {
		a->kind = ARG_MEMORY;
		a->offset = n;
		return true;
	}
	/* e.g. 5 or -1 on s390, riscv, mips, loongarch */
	if (c->arch->imm_prefix[0] == '\0') {
		a->kind = ARG_CONSTANT;
		a->offset = n;
		return true;
	}
	return fail(c, start, "expected '%s' before a constant",
		    c->arch->imm_prefix);
}

/* True if the text at the cursor starts with a powerpc register number. */
static bool at_number_register(const struct cursor *c)
{
	size_t i = 0;

	if (!(c->arch->flags & F_NUMBER_REG))
		return false;
	while (is_digit(peek_at(c, i)))
		i++;
	return i > 0 && peek_at(c, i) != '(';
}

/* Operands of x86, s390, powerpc, riscv, mips and loongarch. */
static bool parse_paren_operand(struct cursor *c, struct argspec_arg *a)
{
	unsigned flags = c->arch->flags;
	const char *prefix = c->arch->imm_prefix;
	size_t prefix_len = strlen(prefix);

	/* e.g. %fs:tls@tpoff */
	if (flags & F_SEGMENT)
		parse_segment(c, a);

	/*
	 * e.g. $5, $-1 (x86), i5, i-1 (powerpc).  A letter as prefix only
	 * counts before a number; powerpc has no names starting with i.
	 */
	if (prefix_len && (size_t)(c->end - c->p) >= prefix_len &&
	    !memcmp(c->p, prefix, prefix_len) &&
	    (!is_alpha(*prefix) || is_digit(peek_at(c, prefix_len)) ||
	     peek_at(c, prefix_len) == '-')) {
		c->p += prefix_len;
		a->kind = ARG_CONSTANT;
		return parse_number(c, &a->offset);
	}

	/* e.g. %lo(glob)(a5) */
	if ((flags & F_PERCENT_RELOC) && peek(c) == '%' && is_alpha(peek_at(c, 1))) {
		if (!parse_percent_reloc(c, a))
			return false;
		return parse_optional_address(c, a);
	}

	/* e.g. -8(%rbp), 5, 4096 */
	if ((is_digit(peek(c)) || peek(c) == '-') && !at_number_register(c))
		return parse_leading_number(c, a);

	/* e.g. (%rsp), (,%rax,4) */
	if (peek(c) == '(') {
		a->offset = 0;
		return parse_paren_address(c, a);
	}

	/* e.g. %rax, $2, a0, 3 (powerpc r3), 9,10 (powerpc indexed) */
	const char *start = scan_register_word(c);

	if (c->p == start)
		return unexpected(c);
	const struct reg_row *row =
		lookup_register(c->arch, start, (size_t)(c->p - start), a->base);

	if (row) {
		a->kind = ARG_REGISTER;
		if ((flags & F_COMMA_INDEX) && peek(c) == ',')
			return check_use(c, start, row, BASE) &&
			       parse_comma_address(c, a);
		return true;
	}
	if (!(flags & F_SYMBOLS) || *start == '%' || *start == '$' ||
	    is_digit(*start)) {
		char name[ARGSPEC_NAME_MAX];

		return take_name(c, start, name) && unknown_register(c, start);
	}

	/* e.g. big, big+4, counter.0, sym+16(%rip), glob@GOTOFF(%eax) */
	c->p = start;
	if (!parse_symexpr(c, a, 0))
		return false;
	return parse_optional_address(c, a);
}

/* e.g. lsl 3 (aarch64) or lsl #2 (arm) after an index register */
static bool parse_shift(struct cursor *c, struct argspec_arg *a)
{
	const char *at;
	int64_t shift;

	skip_spaces(c);
	at = c->p;
	if (!(accept(c, 'l') && accept(c, 's') && accept(c, 'l')))
		return fail(c, at, "expected 'lsl'");
	if (peek(c) != ' ' && peek(c) != '#')
		return fail(c, c->p, "expected ' ' or '#' after 'lsl'");
	skip_spaces(c);
	accept(c, '#');
	at = c->p;
	if (!parse_number(c, &shift))
		return false;
	if (shift < 0 || shift > 3)
		return fail(c, at, "scale must be 1, 2, 4 or 8");
	a->scale = 1u << shift;
	return true;
}

/*
 * [sp], [sp, 16], [fp, #-8], [x0, x1], [r0, r1, lsl #2], and aarch64's
 * [x10, #:lo12:glob].
 */
static bool parse_bracket_address(struct cursor *c, struct argspec_arg *a)
{
	c->p++;		/* the caller saw the '[' */
	if (!parse_register(c, a->base, BASE))
		return false;
	a->kind = ARG_MEMORY;
	if (accept(c, ',')) {
		skip_spaces(c);
		bool hash = accept(c, '#');

		if (hash && accept(c, ':')) {
			if (!parse_reloc_name(c, a) || !expect(c, ':') ||
			    !parse_symexpr(c, a, 0))
				return false;
		} else if (hash || is_digit(peek(c)) || peek(c) == '-') {
			if (!parse_number(c, &a->offset))
				return false;
		} else {
			if (!parse_register(c, a->index, INDEX))
				return false;
			a->kind = ARG_INDEXED;
			a->scale = 1;
			if (accept(c, ',') && !parse_shift(c, a))
				return false;
		}
	}
	return expect(c, ']');
}

/* Operands of arm and aarch64. */
static bool parse_bracket_operand(struct cursor *c, struct argspec_arg *a)
{
	/* e.g. #1, #-1 (arm), 5, -1, #5 (aarch64) */
	if (accept(c, '#') || ((c->arch->flags & F_HASH_OPTIONAL) &&
			       (is_digit(peek(c)) || peek(c) == '-'))) {
		a->kind = ARG_CONSTANT;
		return parse_number(c, &a->offset);
	}
	if (is_digit(peek(c)) || peek(c) == '-')
		return fail(c, c->p, "expected '#' before a constant");
	/* e.g. [sp, #76], [x29, -8] */
	if (peek(c) == '[')
		return parse_bracket_address(c, a);
	/* e.g. r0, fp, x1, w2, sp */
	if (c->p == c->end)
		return fail(c, c->p, "expected an operand");
	a->kind = ARG_REGISTER;
	return parse_register(c, a->base, DATA);
}

/* e.g. -4@, 8@, 8f@, 16f@ in front of the operand */
static bool parse_size(struct cursor *c, struct argspec_arg *a)
{
	const char *start = c->p, *digits;
	unsigned size = 0;

	a->is_signed = accept(c, '-');
	digits = c->p;
	if (!is_digit(peek(c)))
		return fail(c, c->p, "expected an argument size");
	while (is_digit(peek(c))) {
		if (size < 100)
			size = size * 10 + (unsigned)(peek(c) - '0');
		c->p++;
	}
	a->is_float = accept(c, 'f');
	if (!accept(c, '@'))
		return fail(c, c->p, "expected '@'");
	if (*digits == '0' ||
	    (size != 1 && size != 2 && size != 4 && size != 8 && size != 16))
		return fail(c, digits, "size must be 1, 2, 4, 8 or 16");
	a->size = size;
	/* sys/sdt.h marks floating point with 'f' and never as signed. */
	if (a->is_float && a->is_signed)
		return fail(c, start, "a floating-point argument is never signed");
	if (a->is_float && size == 1)
		return fail(c, digits, "no floating-point type has size 1");
	return true;
}

/* Whether the argument text of LEN bytes at S starts with [-]SIZE[f]@. */
static bool has_size(const char *s, size_t len)
{
	size_t i = 0;

	if (i < len && s[i] == '-')
		i++;
	if (i == len || !is_digit(s[i]))
		return false;
	while (i < len && is_digit(s[i]))
		i++;
	if (i < len && s[i] == 'f')
		i++;
	return i < len && s[i] == '@';
}

/*
 * Length of the argument text at S: up to the next space that is neither
 * inside brackets nor right after a comma, since aarch64 writes [sp, 16]
 * and LLVM's LoongArch "$sp, 8".
 */
static size_t argument_length(const char *s)
{
	size_t n, depth = 0;
	bool after_comma = false;

	for (n = 0; s[n] != '\0'; n++) {
		if (s[n] == ' ' && depth == 0 && !after_comma)
			break;
		if (s[n] == '(' || s[n] == '[')
			depth++;
		else if ((s[n] == ')' || s[n] == ']') && depth > 0)
			depth--;
		if (s[n] != ' ')
			after_comma = s[n] == ',';
	}
	return n;
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

static bool parse_argument(struct cursor *c, bool sized, struct argspec_arg *a)
{
	const char *operand;

	if (sized && !parse_size(c, a))
		return false;
	operand = c->p;
	if (!((c->arch->flags & F_BRACKETS) ? parse_bracket_operand(c, a)
					    : parse_paren_operand(c, a)))
		return false;
	if (c->p != c->end)
		return fail(c, c->p, "trailing characters");
	if (a->segment[0] && (a->kind == ARG_REGISTER || a->kind == ARG_CONSTANT))
		return fail(c, operand, "a segment needs a memory operand");
	return true;
}

static const struct arch *find_arch(uint16_t machine)
{
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++)
		if (arches[i].machine == machine)
			return &arches[i];
	return NULL;
}

/*
 * An operand that cannot be decoded is kept as its text, with the size and
 * signedness its prefix gives when that can be read: SystemTap too decodes
 * an operand only when a script reads the argument.
 */
static void keep_undecoded(struct cursor *c, bool sized, struct argspec_arg *a)
{
	*a = (struct argspec_arg){ .text_start = a->text_start,
				   .text_len = a->text_len, .kind = ARG_UNDECODED };
	c->p = c->spec + a->text_start;
	if (sized && !parse_size(c, a))
		a->size = 0;
	if (!a->size)
		a->is_signed = a->is_float = false;
}

int argspec_parse(uint16_t machine, const char *spec, struct argspec *out,
		  struct argspec_error *err)
{
	struct cursor c = { .spec = spec, .arch = find_arch(machine), .err = err };
	bool sized = false;

	if (!spec)
		c.spec = spec = "";
	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (!c.arch)
		snprintf(err->reason, sizeof(err->reason),
			 "unsupported machine %u", (unsigned)machine);
	/* GDB and libbpf read a spec starting with ':' as no arguments. */
	if (spec[0] == ':')
		return 0;

	/* Old hand-written probes give bare operands, without SIZE@. */
	for (const char *s = skip_blanks(spec); *s; s = skip_blanks(s)) {
		size_t len = argument_length(s);

		sized = sized || has_size(s, len);
		s += len;
	}

	for (const char *s = skip_blanks(spec); *s; s = skip_blanks(c.end)) {
		struct argspec_arg *a = &out->args[out->count];

		c.p = s;
		c.end = s + argument_length(s);
		c.argno = out->count + 1;
		if (out->count == ARGSPEC_MAX_ARGS) {
			err->reason[0] = '\0';
			fail(&c, s, "more than %d arguments", ARGSPEC_MAX_ARGS);
			memset(out, 0, sizeof(*out));
			return -1;
		}
		a->text_start = (size_t)(s - spec);
		a->text_len = (size_t)(c.end - s);
		if (!c.arch || !parse_argument(&c, sized, a))
			keep_undecoded(&c, sized, a);
		out->count++;
	}
	return err->reason[0] ? 1 : 0;
}

bool argspec_machine_supported(uint16_t machine)
{
	return find_arch(machine) != NULL;
}

const char *argspec_kind_name(enum argspec_kind kind)
{
	static const char *const names[] = {
		[ARG_REGISTER] = "register",
		[ARG_MEMORY] = "memory",
		[ARG_INDEXED] = "indexed",
		[ARG_CONSTANT] = "constant",
		[ARG_SYMBOL] = "symbol",
		[ARG_UNDECODED] = "undecoded",
	};

	if ((unsigned)kind >= ARRAY_SIZE(names) || !names[kind])
		return "unknown";
	return names[kind];
}
