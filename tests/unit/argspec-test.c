/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit test of the SDT argument-spec parser (generator/argspec.c), in TAP.
 *
 * Each accepted row is a spec string as a compiler really wrote it, with
 * where it comes from, and the full decoding expected for every argument.
 * Each rejected row names the argument, the column and the reason the
 * parser must report.  One TAP test per row.
 *
 * Sources of the real strings:
 *  - python3.11: readelf -n of Debian 12's /usr/bin/python3.11,
 *    libpython3.11.so.1.0 and python3.11d;
 *  - gcc: small programs with <sys/sdt.h> built by Debian 12's gcc 12
 *    (x86_64, i686, aarch64 and s390x cross compilers) at -O0 and -O2,
 *    with and without -fPIC;
 *  - clang: the same built by clang 14 --target=... -ffreestanding;
 *  - libbpf: the examples in libbpf's src/usdt.c; bcc: the strings of bcc's
 *    tests/cc/test_usdt_args.cc (taken from real powerpc64 binaries);
 *  - loongarch: GCC's loongarch_print_operand_address writes BASE,OFFSET
 *    ("$r22,-20") and LLVM's PrintAsmMemoryOperand "BASE, OFFSET" with ABI
 *    register names ("$sp, 8").
 */
#include <elf.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "abi.h"
#include "argspec.h"

#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif

struct accept_row {
	const char *source;
	uint16_t machine;
	const char *spec;
	const char *expect;	/* decoded arguments, " | " between them */
};

struct reject_row {
	const char *what;
	uint16_t machine;
	const char *spec;
	size_t arg, column;
	const char *reason;
};

static const struct accept_row accepted[] = {
	/* x86-64 */
	{ "python3.11 function__entry", EM_X86_64, "8@%rbp 8@%r12 -4@%eax",
	  "8 register base=rbp | 8 register base=r12 | -4 register base=eax" },
	{ "python3.11 gc__start", EM_X86_64, "-4@112(%rsp)",
	  "-4 memory base=rsp offset=112" },
	{ "python3.11 line", EM_X86_64, "8@%r14 8@%rax -4@%ebp",
	  "8 register base=r14 | 8 register base=rax | -4 register base=ebp" },
	{ "python3.11 audit", EM_X86_64, "8@%rbx 8@%r15",
	  "8 register base=rbx | 8 register base=r15" },
	{ "python3.11 import__find__load__done", EM_X86_64, "8@%rax -4@%edx",
	  "8 register base=rax | -4 register base=edx" },
	{ "python3.11 gc__done", EM_X86_64, "-8@%r12", "-8 register base=r12" },
	{ "python3.11d line", EM_X86_64, "8@%rbx 8@%rax -4@%r15d",
	  "8 register base=rbx | 8 register base=rax | -4 register base=r15d" },
	{ "python3.11d gc__start", EM_X86_64, "-4@%ebp", "-4 register base=ebp" },
	{ "gcc -O0", EM_X86_64, "-4@-20(%rbp) -8@-32(%rbp) 8@-40(%rbp)",
	  "-4 memory base=rbp offset=-20 | -8 memory base=rbp offset=-32 | "
	  "8 memory base=rbp offset=-40" },
	{ "gcc -O0", EM_X86_64, "-2@-24(%rbp) 1@-44(%rbp) -1@%dl 2@%ax",
	  "-2 memory base=rbp offset=-24 | 1 memory base=rbp offset=-44 | "
	  "-1 register base=dl | 2 register base=ax" },
	{ "gcc -O0", EM_X86_64, "-4@$5 -4@$-1 -4@$16",
	  "-4 constant value=5 | -4 constant value=-1 | -4 constant value=16" },
	{ "gcc -O0", EM_X86_64, "8f@-56(%rbp) 4f@-48(%rbp) 8f@%rax",
	  "8f memory base=rbp offset=-56 | 4f memory base=rbp offset=-48 | "
	  "8f register base=rax" },
	{ "gcc -O0 -fPIC", EM_X86_64, "-8@%rdx -2@%cx -1@%sil -4@%eax",
	  "-8 register base=rdx | -2 register base=cx | -1 register base=sil | "
	  "-4 register base=eax" },
	{ "gcc -O2", EM_X86_64, "-2@%cx 1@%r8b -1@%bpl 2@%cx",
	  "-2 register base=cx | 1 register base=r8b | -1 register base=bpl | "
	  "2 register base=cx" },
	{ "gcc -O2", EM_X86_64, "-8@glob(%rip) -2@$0 -1@cglob(%rip) -4@16(%rbx)",
	  "-8 symbol base=rip symbol=glob | -2 constant value=0 | "
	  "-1 symbol base=rip symbol=cglob | -4 memory base=rbx offset=16" },
	{ "gcc -O2", EM_X86_64, "-4@(%rbx,%rbp,4) -4@(%r9,%rsi,4)",
	  "-4 indexed base=rbx index=rbp scale=4 | "
	  "-4 indexed base=r9 index=rsi scale=4" },
	{ "gcc -O2", EM_X86_64, "8f@%rdi 4f@%r10d 8f@dglob(%rip)",
	  "8f register base=rdi | 4f register base=r10d | "
	  "8f symbol base=rip symbol=dglob" },
	{ "gcc -O2 -fPIC", EM_X86_64, "-4@0(%rbp,%r12,4) -4@4(%rbp,%r12,4) -4@0(%rbp)",
	  "-4 indexed base=rbp index=r12 scale=4 | "
	  "-4 indexed base=rbp index=r12 scale=4 offset=4 | -4 memory base=rbp" },
	{ "gcc -O2 static local", EM_X86_64, "-4@16(%rax) -4@counter.0(%rip) -4@$0",
	  "-4 memory base=rax offset=16 | -4 symbol base=rip symbol=counter.0 | "
	  "-4 constant value=0" },
	{ "gcc -O2 thread-local", EM_X86_64, "-4@%fs:tls@tpoff",
	  "-4 symbol symbol=tls reloc=tpoff segment=fs" },
	{ "gcc -O2 absolute address", EM_X86_64, "-4@4096 -8@2147418112",
	  "-4 memory offset=4096 | -8 memory offset=2147418112" },
	{ "gcc long double and __int128", EM_X86_64,
	  "16f@8(%rsp) 16f@ldg(%rip) 1@%dl -16@-16(%rbp)",
	  "16f memory base=rsp offset=8 | 16f symbol base=rip symbol=ldg | "
	  "1 register base=dl | -16 memory base=rbp offset=-16" },
	{ "gcc -O2 twelve arguments", EM_X86_64,
	  "-4@%ebp -8@%rsi 8@%rdx -2@%cx 1@%r8b 8f@%rdi 4f@%r10d 8@%r9 -8@%r11 "
	  "-4@$1 -4@$-2 -8@glob(%rip)",
	  "-4 register base=ebp | -8 register base=rsi | 8 register base=rdx | "
	  "-2 register base=cx | 1 register base=r8b | 8f register base=rdi | "
	  "4f register base=r10d | 8 register base=r9 | -8 register base=r11 | "
	  "-4 constant value=1 | -4 constant value=-2 | "
	  "-8 symbol base=rip symbol=glob" },
	{ "clang -O2", EM_X86_64, "8f@(%rsp) 4f@-88(%rsp) 8f@-8(%rsp)",
	  "8f memory base=rsp | 4f memory base=rsp offset=-88 | "
	  "8f memory base=rsp offset=-8" },
	{ "libbpf usdt12", EM_X86_64,
	  "-4@-1204(%rbp) -4@%edi -8@-1216(%rbp) -8@%r8 -4@$5 -8@%r9 8@%rdx "
	  "8@%r10 -4@$-9 -2@%cx -2@%ax -1@%sil",
	  "-4 memory base=rbp offset=-1204 | -4 register base=edi | "
	  "-8 memory base=rbp offset=-1216 | -8 register base=r8 | "
	  "-4 constant value=5 | -8 register base=r9 | 8 register base=rdx | "
	  "8 register base=r10 | -4 constant value=-9 | -2 register base=cx | "
	  "-2 register base=ax | -1 register base=sil" },
	{ "bcc symbols", EM_X86_64,
	  "-4@global_max_action(%rip) 8@24+mp_(%rip) -4@CheckpointStats+40(%rip) "
	  "4@glob-2(%rip)",
	  "-4 symbol base=rip symbol=global_max_action | "
	  "8 symbol base=rip offset=24 symbol=mp_ | "
	  "-4 symbol base=rip offset=40 symbol=CheckpointStats | "
	  "4 symbol base=rip offset=-2 symbol=glob" },
	{ "bcc indexed", EM_X86_64, "8@(%rax,%rdx,8) 4@(%rbx,%rcx)",
	  "8 indexed base=rax index=rdx scale=8 | "
	  "4 indexed base=rbx index=rcx scale=1" },
	{ "libbpf SIB", EM_X86_64, "1@-96(%rbp,%rax,8) 1@-96(%rbp,%rax)",
	  "1 indexed base=rbp index=rax scale=8 offset=-96 | "
	  "1 indexed base=rbp index=rax scale=1 offset=-96" },
	{ "AT&T index without base", EM_X86_64, "4@(,%rax,4) 4@16(,%rax,2)",
	  "4 indexed index=rax scale=4 | 4 indexed index=rax scale=2 offset=16" },
	{ "AT&T hexadecimal", EM_X86_64, "4@$0x10 4@0x10(%rax) 8@%xmm15",
	  "4 constant value=16 | 4 memory base=rax offset=16 | 8 register base=xmm15" },
	{ "old asm probe without sizes", EM_X86_64, "%rdi %rax -8(%rbp)",
	  "0 register base=rdi | 0 register base=rax | 0 memory base=rbp offset=-8" },
	{ "spaces around and between", EM_X86_64, "  8@%rax   -4@%ecx  ",
	  "8 register base=rax | -4 register base=ecx" },
	{ "no arguments", EM_X86_64, "", "" },
	{ "spaces only", EM_X86_64, "   ", "" },
	{ "colon: no arguments, as in GDB and libbpf", EM_X86_64, ":", "" },
	{ "int64 limits", EM_X86_64,
	  "8@$9223372036854775807 -8@$-9223372036854775808",
	  "8 constant value=9223372036854775807 | "
	  "-8 constant value=-9223372036854775808" },
	{ "offsets adding up to INT64_MAX", EM_X86_64,
	  "8@9223372036854775806+sym+1(%rip)",
	  "8 symbol base=rip offset=9223372036854775807 symbol=sym" },

	/* i386 */
	{ "gcc -m32 -O0", EM_386, "-4@8(%ebp) -4@12(%ebp) 4@16(%ebp)",
	  "-4 memory base=ebp offset=8 | -4 memory base=ebp offset=12 | "
	  "4 memory base=ebp offset=16" },
	{ "gcc -m32 -O0", EM_386, "-2@-28(%ebp) 1@-32(%ebp) -1@%ecx 2@%edx",
	  "-2 memory base=ebp offset=-28 | 1 memory base=ebp offset=-32 | "
	  "-1 register base=ecx | 2 register base=edx" },
	{ "gcc -m32 -O2 PIE", EM_386,
	  "-4@glob@GOTOFF(%eax) -2@$0 -1@cglob@GOTOFF(%eax) -4@16+big@GOTOFF(%eax)",
	  "-4 symbol base=eax symbol=glob reloc=GOTOFF | -2 constant value=0 | "
	  "-1 symbol base=eax symbol=cglob reloc=GOTOFF | "
	  "-4 symbol base=eax offset=16 symbol=big reloc=GOTOFF" },
	{ "gcc -m32 -O2 PIE", EM_386, "-4@big@GOTOFF(%eax,%edx,4) -4@0(%ebp,%edi,4)",
	  "-4 symbol base=eax index=edx scale=4 symbol=big reloc=GOTOFF | "
	  "-4 indexed base=ebp index=edi scale=4" },
	{ "gcc -m32 -O2 PIE", EM_386, "-4@4+st@GOTOFF(%eax,%edx,4) -8@(%esp)",
	  "-4 symbol base=eax index=edx scale=4 offset=4 symbol=st reloc=GOTOFF | "
	  "-8 memory base=esp" },
	{ "gcc -m32 -O2", EM_386, "8f@%esi 4f@84(%esp) 8f@dglob@GOTOFF(%eax)",
	  "8f register base=esi | 4f memory base=esp offset=84 | "
	  "8f symbol base=eax symbol=dglob reloc=GOTOFF" },
	{ "gcc -m32 -O2 -fno-pic", EM_386, "-4@16(%eax) -4@counter.0 -4@$0",
	  "-4 memory base=eax offset=16 | -4 symbol symbol=counter.0 | "
	  "-4 constant value=0" },
	{ "gcc -m32 -O2 -fno-pic thread-local", EM_386, "-4@%gs:tls@ntpoff",
	  "-4 symbol symbol=tls reloc=ntpoff segment=gs" },
	{ "gcc -m32 -O2 -fPIC", EM_386, "-4@counter.0@GOTOFF(%ebx) -1@0(%ebp)",
	  "-4 symbol base=ebx symbol=counter.0 reloc=GOTOFF | "
	  "-1 memory base=ebp" },
	{ "bare symbols", EM_386, "4@big 4@big+4",
	  "4 symbol symbol=big | 4 symbol offset=4 symbol=big" },
	{ "sys/sdt.h STAP_PROBE_ASM example", EM_386, "%eax 4(%esi)",
	  "0 register base=eax | 0 memory base=esi offset=4" },

	/* aarch64 */
	{ "gcc -O0", EM_AARCH64, "-4@[sp, 60] -8@[sp, 48] 8@[sp, 40]",
	  "-4 memory base=sp offset=60 | -8 memory base=sp offset=48 | "
	  "8 memory base=sp offset=40" },
	{ "gcc -O0", EM_AARCH64, "-2@[sp, 58] 1@[sp, 57] -1@x0 2@x1",
	  "-2 memory base=sp offset=58 | 1 memory base=sp offset=57 | "
	  "-1 register base=x0 | 2 register base=x1" },
	{ "gcc -O0", EM_AARCH64, "-4@5 -4@-1 -4@16",
	  "-4 constant value=5 | -4 constant value=-1 | -4 constant value=16" },
	{ "gcc -O2", EM_AARCH64, "-8@[x7] -2@0 1@[x7, 8] -4@[x11, 16]",
	  "-8 memory base=x7 | -2 constant value=0 | 1 memory base=x7 offset=8 | "
	  "-4 memory base=x11 offset=16" },
	{ "gcc -O2 -fno-section-anchors", EM_AARCH64,
	  "1@[x10, #:lo12:cglob] 8f@[x11, #:lo12:dglob]",
	  "1 symbol base=x10 symbol=cglob reloc=lo12 | "
	  "8f symbol base=x11 symbol=dglob reloc=lo12" },
	{ "gcc long double", EM_AARCH64, "16f@[sp, 48] 16f@x0 1@[sp, 31]",
	  "16f memory base=sp offset=48 | 16f register base=x0 | "
	  "1 memory base=sp offset=31" },
	{ "clang -O2", EM_AARCH64, "-4@[x18] -8@[x17] 8@[x16] -4@1 -4@-2",
	  "-4 memory base=x18 | -8 memory base=x17 | 8 memory base=x16 | "
	  "-4 constant value=1 | -4 constant value=-2" },
	{ "bcc", EM_AARCH64, "-1@x0 4@5 8@[x12] -4@[x29,-40]",
	  "-1 register base=x0 | 4 constant value=5 | 8 memory base=x12 | "
	  "-4 memory base=x29 offset=-40" },
	{ "SystemTap BZ1788648 and GDB", EM_AARCH64,
	  "8@[x0, x1] 8@[x0, x1, lsl 3] -4@#5 4@w2 8@sp",
	  "8 indexed base=x0 index=x1 scale=1 | 8 indexed base=x0 index=x1 scale=8 | "
	  "-4 constant value=5 | 4 register base=w2 | 8 register base=sp" },

	/* arm */
	{ "clang -O0", EM_ARM, "-4@[r0] -4@[r1] 4@[r2]",
	  "-4 memory base=r0 | -4 memory base=r1 | 4 memory base=r2" },
	{ "clang -O2", EM_ARM, "-4@#5 -4@#-1 -4@#16",
	  "-4 constant value=5 | -4 constant value=-1 | -4 constant value=16" },
	{ "clang -O2", EM_ARM, "-2@#0 -8@[lr] -4@[r12]",
	  "-2 constant value=0 | -8 memory base=r14 | -4 memory base=r12" },
	{ "libbpf", EM_ARM, "-4@[fp, #96] -4@[sp] 4@#5 -8@r4",
	  "-4 memory base=r11 offset=96 | -4 memory base=r13 | "
	  "4 constant value=5 | -8 register base=r4" },
	{ "gcc", EM_ARM, "-4@[sp, #76] 4@r0 4@fp 4@[fp, #-8]",
	  "-4 memory base=r13 offset=76 | 4 register base=r0 | 4 register base=r11 | "
	  "4 memory base=r11 offset=-8" },
	{ "register offset", EM_ARM, "4@[r0, r1] 4@[r0, r1, lsl #2] 4@sl 4@ip 4@pc",
	  "4 indexed base=r0 index=r1 scale=1 | 4 indexed base=r0 index=r1 scale=4 | "
	  "4 register base=r10 | 4 register base=r12 | 4 register base=r15" },

	/* powerpc */
	{ "clang ppc64le -O0", EM_PPC64, "-4@0(3) -8@0(4) 8@0(5)",
	  "-4 memory base=r3 | -8 memory base=r4 | 8 memory base=r5" },
	{ "clang ppc64le -O0", EM_PPC64, "-4@i5 -4@i-1 -4@i16",
	  "-4 constant value=5 | -4 constant value=-1 | -4 constant value=16" },
	{ "clang ppc64 -O2", EM_PPC64, "-8@0(30) -2@i0 1@0(11) -4@0(9)",
	  "-8 memory base=r30 | -2 constant value=0 | 1 memory base=r11 | "
	  "-4 memory base=r9" },
	{ "bcc", EM_PPC64, "-4@0 8@%r0 8@i0 4@0(%r0) -2@0(0)",
	  "-4 register base=r0 | 8 register base=r0 | 8 constant value=0 | "
	  "4 memory base=r0 | -2 memory base=r0" },
	{ "bcc", EM_PPC64, "1@0 -2@%r3 -8@i9 -1@0(%r4) -4@16(6)",
	  "1 register base=r0 | -2 register base=r3 | -8 constant value=9 | "
	  "-1 memory base=r4 | -4 memory base=r6 offset=16" },
	{ "bcc", EM_PPC64, "2@7 4@%r11 4@i-67 8@-16(%r17) 1@-52(11)",
	  "2 register base=r7 | 4 register base=r11 | 4 constant value=-67 | "
	  "8 memory base=r17 offset=-16 | 1 memory base=r11 offset=-52" },
	{ "bcc", EM_PPC64, "-2@31 -4@%r30 2@i1097 4@108(%r30) -2@-4(31)",
	  "-2 register base=r31 | -4 register base=r30 | 2 constant value=1097 | "
	  "4 memory base=r30 offset=108 | -2 memory base=r31 offset=-4" },
	{ "SystemTap BZ1613157 indexed", EM_PPC64, "8@9,10 8@%r9,%r10 8f@%f1",
	  "8 indexed base=r9 index=r10 scale=1 | 8 indexed base=r9 index=r10 scale=1 | "
	  "8f register base=f1" },
	{ "clang ppc -O2", EM_PPC, "-4@0(29) -4@0(12) 4@0(11) -4@i-2",
	  "-4 memory base=r29 | -4 memory base=r12 | 4 memory base=r11 | "
	  "-4 constant value=-2" },

	/* s390x */
	{ "gcc -O0", EM_S390, "-4@196(%r11) -8@184(%r11) 8@176(%r11)",
	  "-4 memory base=r11 offset=196 | -8 memory base=r11 offset=184 | "
	  "8 memory base=r11 offset=176" },
	{ "gcc -O0", EM_S390, "-4@5 -4@-1 -4@16",
	  "-4 constant value=5 | -4 constant value=-1 | -4 constant value=16" },
	{ "gcc -O2 D(X,B)", EM_S390, "-4@16(%r8,%r1) -4@0(%r10,%r9)",
	  "-4 indexed base=r1 index=r8 scale=1 offset=16 | "
	  "-4 indexed base=r9 index=r10 scale=1" },
	{ "gcc -O2", EM_S390, "8f@%r0 4f@%r11 8f@416(%r1) -8@344(%r15)",
	  "8f register base=r0 | 4f register base=r11 | 8f memory base=r1 offset=416 | "
	  "-8 memory base=r15 offset=344" },
	{ "libbpf", EM_S390, "-2@-28(%r15) -8@%r0 4@71",
	  "-2 memory base=r15 offset=-28 | -8 register base=r0 | 4 constant value=71" },
	{ "D(,B) and floating-point register", EM_S390, "-4@0(,%r15) 8f@%f0",
	  "-4 memory base=r15 | 8f register base=f0" },

	/* riscv */
	{ "libbpf", EM_RISCV, "-8@-88(s0) -8@a1 4@5",
	  "-8 memory base=x8 offset=-88 | -8 register base=x11 | 4 constant value=5" },
	{ "clang -O2 STAP_SDT_ARG_CONSTRAINT=nr", EM_RISCV,
	  "-8@t0 -2@0 1@t1 -4@t3 -8@a7",
	  "-8 register base=x5 | -2 constant value=0 | 1 register base=x6 | "
	  "-4 register base=x28 | -8 register base=x17" },
	{ "GCC operands", EM_RISCV, "-4@-20(s0) 8@8(sp) 4@%lo(glob)(a5) 4@%lo(glob+4)(a5)",
	  "-4 memory base=x8 offset=-20 | 8 memory base=x2 offset=8 | "
	  "4 symbol base=x15 symbol=glob reloc=lo | "
	  "4 symbol base=x15 offset=4 symbol=glob reloc=lo" },
	{ "register aliases", EM_RISCV, "8@x31 8@fp 8@s11 8@t6 8@zero 8@ra",
	  "8 register base=x31 | 8 register base=x8 | 8 register base=x27 | "
	  "8 register base=x31 | 8 register base=x0 | 8 register base=x1" },

	/* mips */
	{ "clang mips -O0", EM_MIPS, "-4@156($fp) -4@152($fp) 4@148($fp)",
	  "-4 memory base=r30 offset=156 | -4 memory base=r30 offset=152 | "
	  "4 memory base=r30 offset=148" },
	{ "clang mips64el -O2", EM_MIPS, "-8@136($sp) -2@0 -1@132($sp) -8@0($sp)",
	  "-8 memory base=r29 offset=136 | -2 constant value=0 | "
	  "-1 memory base=r29 offset=132 | -8 memory base=r29" },
	{ "clang mips -O0", EM_MIPS, "-4@5 -4@-1 -4@16",
	  "-4 constant value=5 | -4 constant value=-1 | -4 constant value=16" },
	{ "GCC registers", EM_MIPS, "-4@$2 8@$31 4@$a0 4@$s8 4@$ra 8@16($29)",
	  "-4 register base=r2 | 8 register base=r31 | 4 register base=r4 | "
	  "4 register base=r30 | 4 register base=r31 | 8 memory base=r29 offset=16" },
	{ "GCC symbols", EM_MIPS, "4@glob 4@glob+4 4@%lo(glob)($2) 4@%gp_rel(counter.0)($28)",
	  "4 symbol symbol=glob | 4 symbol offset=4 symbol=glob | "
	  "4 symbol base=r2 symbol=glob reloc=lo | "
	  "4 symbol base=r28 symbol=counter.0 reloc=gp_rel" },

	/* loongarch */
	{ "GCC operands", EM_LOONGARCH, "-4@$r4 -4@$r22,-20 8@$r12,$r13 4@$r0,1234",
	  "-4 register base=r4 | -4 memory base=r22 offset=-20 | "
	  "8 indexed base=r12 index=r13 scale=1 | 4 memory base=r0 offset=1234" },
	{ "GCC symbols", EM_LOONGARCH, "4@$r12,%pc_lo12(glob) 4@glob 4@5",
	  "4 symbol base=r12 symbol=glob reloc=pc_lo12 | 4 symbol symbol=glob | "
	  "4 constant value=5" },
	{ "LLVM operands", EM_LOONGARCH, "8@$a0 8@$sp, 8 8@$fp, -24 8@$a0, $a1",
	  "8 register base=r4 | 8 memory base=r3 offset=8 | "
	  "8 memory base=r22 offset=-24 | 8 indexed base=r4 index=r5 scale=1" },
	{ "parenthesised and float registers", EM_LOONGARCH, "8@8($r3) 8f@$fa1 8f@$f31 8@$s9",
	  "8 memory base=r3 offset=8 | 8f register base=f1 | 8f register base=f31 | "
	  "8 register base=r22" },
};

static const struct reject_row rejected[] = {
	{ "size 3", EM_X86_64, "3@%rax", 1, 1, "size must be 1, 2, 4, 8 or 16" },
	{ "size 0", EM_X86_64, "8@%rax 0@%rax", 2, 8, "size must be 1, 2, 4, 8 or 16" },
	{ "size with a leading zero", EM_X86_64, "04@%rax", 1, 1,
	  "size must be 1, 2, 4, 8 or 16" },
	{ "huge size", EM_X86_64, "99999999999999999999@%rax", 1, 1,
	  "size must be 1, 2, 4, 8 or 16" },
	{ "a bare operand among sized ones", EM_X86_64, "4@%rax %rbx", 2, 8,
	  "expected an argument size" },
	{ "size without '@'", EM_X86_64, "1@%al 2@%ax 4", 3, 14, "expected '@'" },
	{ "signed floating point", EM_X86_64, "-4f@%xmm0", 1, 1,
	  "a floating-point argument is never signed" },
	{ "1-byte floating point", EM_X86_64, "1f@%al", 1, 1,
	  "no floating-point type has size 1" },
	{ "empty operand", EM_X86_64, "8@", 1, 3, "expected an operand" },
	{ "unknown register", EM_X86_64, "8@%rax -4@%foo", 2, 11,
	  "unknown register '%foo'" },
	{ "register without '%'", EM_X86_64, "8@(rax)", 1, 4, "unknown register 'rax'" },
	{ "i386 has no 64-bit registers", EM_386, "8@%rax", 1, 3,
	  "unknown register '%rax'" },
	{ "scale 3", EM_X86_64, "8@(%rax,%rbx,3)", 1, 14, "scale must be 1, 2, 4 or 8" },
	{ "trailing characters", EM_X86_64, "4@%rax)", 1, 7, "trailing characters" },
	{ "comma at the end", EM_X86_64, "8@%rax,", 1, 7, "trailing characters" },
	{ "unclosed parenthesis", EM_X86_64, "8@-8(%rbp 4@%eax", 1, 10, "expected ')'" },
	{ "'$' without a number", EM_X86_64, "8@$foo", 1, 4, "expected a number" },
	{ "number too large", EM_X86_64, "8@$9223372036854775808", 1, 4,
	  "number does not fit in 64 bits" },
	{ "number too small", EM_X86_64, "8@$-9223372036854775809", 1, 4,
	  "number does not fit in 64 bits" },
	{ "hexadecimal too large", EM_X86_64, "8@$0xffffffffffffffff", 1, 4,
	  "number does not fit in 64 bits" },
	{ "offsets overflowing", EM_X86_64, "8@9223372036854775807+sym+1(%rip)", 1, 26,
	  "offset does not fit in 64 bits" },
	{ "leading zero", EM_X86_64, "8@$010", 1, 4,
	  "number with a leading zero is ambiguous" },
	{ "0x without digits", EM_X86_64, "8@$0x", 1, 6, "expected hexadecimal digits" },
	{ "segment on a register", EM_X86_64, "8@%fs:%rax", 1, 3,
	  "a segment needs a memory operand" },
	{ "control character", EM_X86_64, "8@\x01", 1, 3, "unexpected byte 0x01" },
	{ "thirteen arguments", EM_X86_64,
	  "1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al "
	  "1@%al 1@%al", 13, 73, "more than 12 arguments" },
	{ "symbol of 64 characters", EM_X86_64,
	  "8@a123456789012345678901234567890123456789012345678901234567890123(%rip)",
	  1, 3, "name longer than 63 characters" },
	{ "register of 64 characters", EM_X86_64,
	  "8@%a12345678901234567890123456789012345678901234567890123456789012",
	  1, 3, "name longer than 63 characters" },
	{ "x31 is not an aarch64 register (bcc's parse failure row)", EM_AARCH64,
	  "4@[x31,200]", 1, 4, "unknown register 'x31'" },
	{ "unclosed bracket", EM_AARCH64, "4@[sp, 16 8@x0", 1, 10, "expected ']'" },
	{ "extend instead of shift", EM_AARCH64, "4@[x0, x1, sxtw 2]", 1, 12,
	  "expected 'lsl'" },
	{ "w register as index", EM_AARCH64, "4@[x0, w1, sxtw 2]", 1, 8,
	  "register 'w1' cannot be an index" },
	{ "shift too large", EM_AARCH64, "4@[x0, x1, lsl 4]", 1, 16,
	  "scale must be 1, 2, 4 or 8" },
	{ "arm constant without '#'", EM_ARM, "-4@5", 1, 4,
	  "expected '#' before a constant" },
	{ "x86 register on arm", EM_ARM, "4@%eax", 1, 3, "unknown register '%eax'" },
	{ "register 42 (bcc's parse failure row)", EM_PPC64, "4@-12(42)", 1, 7,
	  "unknown register '42'" },
	{ "powerpc register 32", EM_PPC64, "4@32", 1, 3, "unknown register '32'" },
	{ "powerpc constant without 'i'", EM_PPC64, "4@-5", 1, 3,
	  "expected 'i' before a constant" },
	{ "s390 register 16", EM_S390, "8@%r16", 1, 3, "unknown register '%r16'" },
	{ "riscv has no bare symbols", EM_RISCV, "4@foo", 1, 3,
	  "unknown register 'foo'" },
	{ "riscv x32", EM_RISCV, "8@x32", 1, 3, "unknown register 'x32'" },
	{ "mips name that depends on the ABI", EM_MIPS, "4@$t0", 1, 3,
	  "unknown register '$t0'" },
	{ "loongarch $r32", EM_LOONGARCH, "4@$r32", 1, 3, "unknown register '$r32'" },
	{ "loongarch comma without operand", EM_LOONGARCH, "4@$sp,", 1, 7,
	  "expected a register" },
	{ "register with a leading zero", EM_AARCH64, "8@x01", 1, 3,
	  "unknown register 'x01'" },
	{ "16-bit base in 32-bit code (fuzzer)", EM_386, "-4@8(%ebp) -4@1(%bp)", 2, 17,
	  "register '%bp' cannot be a base" },
	{ "16-bit index (fuzzer)", EM_X86_64, "4@(,%ax,1)", 1, 5,
	  "register '%ax' cannot be an index" },
	{ "%rsp as index", EM_X86_64, "4@(%rax,%rsp)", 1, 9,
	  "register '%rsp' cannot be an index" },
	{ "floating-point register as base", EM_S390, "8@0(%f2)", 1, 5,
	  "register '%f2' cannot be a base" },
	{ "floating-point register as powerpc base", EM_PPC64, "8@%f1,%r2", 1, 3,
	  "register '%f1' cannot be a base" },
	{ "riscv has no indexed addressing", EM_RISCV, "8@0(a0,a1)", 1, 7,
	  "expected ')'" },
	{ "w register as base", EM_AARCH64, "8@[w0, 8]", 1, 4,
	  "register 'w0' cannot be a base" },
	{ "relocation name starting with a digit (fuzzer)", EM_X86_64,
	  "8@a@0152r10", 1, 5, "expected a relocation name" },
	{ "'lsl' glued to its amount (fuzzer)", EM_ARM, "4@[r0,r1,lsl2]", 1, 13,
	  "expected ' ' or '#' after 'lsl'" },
};

/* Argument text boundaries: TOKENS are the expected texts, "|" between. */
static const struct {
	uint16_t machine;
	const char *spec;
	const char *tokens;
} boundaries[] = {
	{ EM_X86_64, "  8@%rax   -4@-20(%rbp) ", "8@%rax|-4@-20(%rbp)" },
	{ EM_AARCH64, "-4@[sp, 60]  8@x0", "-4@[sp, 60]|8@x0" },
	{ EM_LOONGARCH, "8@$sp,  8 8@$a1", "8@$sp,  8|8@$a1" },
	{ EM_X86_64, "8@(%rax, %rbx, 2) 4@%eax", "8@(%rax, %rbx, 2)|4@%eax" },
};

static int test_number;
static int failures;

__attribute__((format(printf, 2, 3)))
static void report(bool ok, const char *fmt, ...)
{
	va_list ap;

	test_number++;
	if (!ok)
		failures++;
	printf("%sok %d - ", ok ? "" : "not ", test_number);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static const char *machine_label(uint16_t machine)
{
	size_t count;
	const struct sdt_abi_row *rows = sdt_abi_rows(&count);

	for (size_t i = 0; i < count; i++)
		if (rows[i].abi.machine == machine)
			return rows[i].name;
	return "?";
}

/* Every field of A, defaults left out: "-4 memory base=rbp offset=-20". */
static void describe(const struct argspec_arg *a, char *buf, size_t len)
{
	size_t n = 0;

#define ADD(...) (n += (size_t)snprintf(buf + n, n < len ? len - n : 0, __VA_ARGS__))
	ADD("%s%u%s %s", a->is_signed ? "-" : "", a->size, a->is_float ? "f" : "",
	    argspec_kind_name(a->kind));
	if (a->kind == ARG_CONSTANT)
		ADD(" value=%" PRId64, a->offset);
	if (a->base[0])
		ADD(" base=%s", a->base);
	if (a->index[0])
		ADD(" index=%s", a->index);
	if (a->scale)
		ADD(" scale=%u", a->scale);
	if (a->kind != ARG_CONSTANT && a->offset)
		ADD(" offset=%" PRId64, a->offset);
	if (a->symbol[0])
		ADD(" symbol=%s", a->symbol);
	if (a->reloc[0])
		ADD(" reloc=%s", a->reloc);
	if (a->segment[0])
		ADD(" segment=%s", a->segment);
#undef ADD
}

static void describe_all(const struct argspec *s, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < s->count && n < len; i++) {
		if (i)
			n += (size_t)snprintf(buf + n, len - n, " | ");
		if (n < len)
			describe(&s->args[i], buf + n, len - n);
		n = strlen(buf);
	}
}

static void test_accepted(const struct accept_row *row)
{
	struct argspec s;
	struct argspec_error err;
	char got[2048];
	int rc = argspec_parse(row->machine, row->spec, &s, &err);

	if (rc == 0)
		describe_all(&s, got, sizeof(got));
	else
		snprintf(got, sizeof(got), "rejected: argument %zu, column %zu: %s",
			 err.arg, err.column, err.reason);
	report(rc == 0 && !strcmp(got, row->expect), "%s: %s",
	       machine_label(row->machine), row->source);
	if (rc != 0 || strcmp(got, row->expect)) {
		printf("#   spec:     '%s'\n", row->spec);
		printf("#   expected: %s\n", row->expect);
		printf("#   got:      %s\n", got);
	}
}

static void test_rejected(const struct reject_row *row)
{
	struct argspec s;
	struct argspec_error err;
	int rc = argspec_parse(row->machine, row->spec, &s, &err);
	/* The argument is kept undecoded, unless the whole spec is unreadable. */
	bool ok = rc != 0 && err.arg == row->arg && err.column == row->column &&
		  !strcmp(err.reason, row->reason) &&
		  (rc < 0 ? s.count == 0 : s.count >= err.arg &&
		   s.args[err.arg - 1].kind == ARG_UNDECODED);

	report(ok, "%s: rejects %s", machine_label(row->machine), row->what);
	if (!ok) {
		printf("#   spec:     '%s'\n", row->spec);
		printf("#   expected: argument %zu, column %zu: %s\n", row->arg,
		       row->column, row->reason);
		if (rc != 0)
			printf("#   got:      argument %zu, column %zu: %s\n",
			       err.arg, err.column, err.reason);
		else
			printf("#   got:      accepted, %zu arguments\n", s.count);
	}
}

static void test_boundaries(uint16_t machine, const char *spec, const char *tokens)
{
	struct argspec s;
	struct argspec_error err;
	char got[256] = "";
	size_t n = 0;

	if (argspec_parse(machine, spec, &s, &err) == 0) {
		for (size_t i = 0; i < s.count; i++)
			n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%.*s",
					      i ? "|" : "", (int)s.args[i].text_len,
					      spec + s.args[i].text_start);
	}
	report(!strcmp(got, tokens), "%s: argument texts of '%s'",
	       machine_label(machine), spec);
	if (strcmp(got, tokens))
		printf("#   expected: %s\n#   got:      %s\n", tokens, got);
}

static void test_machine_names(void)
{
	static const struct {
		uint16_t machine;
		unsigned char elf_class, data;
		const char *name;
	} rows[] = {
		{ EM_X86_64, ELFCLASS64, ELFDATA2LSB, "x86_64" },
		{ EM_386, ELFCLASS32, ELFDATA2LSB, "i386" },
		{ EM_AARCH64, ELFCLASS64, ELFDATA2LSB, "aarch64" },
		{ EM_ARM, ELFCLASS32, ELFDATA2LSB, "arm" },
		{ EM_PPC64, ELFCLASS64, ELFDATA2LSB, "ppc64le" },
		{ EM_PPC64, ELFCLASS64, ELFDATA2MSB, "ppc64" },
		{ EM_PPC, ELFCLASS32, ELFDATA2MSB, "ppc" },
		{ EM_S390, ELFCLASS64, ELFDATA2MSB, "s390x" },
		{ EM_S390, ELFCLASS32, ELFDATA2MSB, "s390" },
		{ EM_RISCV, ELFCLASS64, ELFDATA2LSB, "riscv64" },
		{ EM_RISCV, ELFCLASS32, ELFDATA2LSB, "riscv32" },
		{ EM_MIPS, ELFCLASS32, ELFDATA2MSB, "mips" },
		{ EM_MIPS, ELFCLASS32, ELFDATA2LSB, "mipsel" },
		{ EM_MIPS, ELFCLASS64, ELFDATA2MSB, "mips64" },
		{ EM_MIPS, ELFCLASS64, ELFDATA2LSB, "mips64el" },
		{ EM_LOONGARCH, ELFCLASS64, ELFDATA2LSB, "loongarch64" },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct sdt_abi abi = { rows[i].machine,
				       rows[i].elf_class == ELFCLASS64 ? 64 : 32,
				       rows[i].data == ELFDATA2MSB };
		const char *got = sdt_abi_name(&abi);
		bool ok = got && !strcmp(got, rows[i].name) &&
			  argspec_machine_supported(rows[i].machine);

		report(ok, "machine %s is named and supported", rows[i].name);
		if (!ok)
			printf("#   got: %s\n", got ? got : "(null)");
	}

	struct argspec s;
	struct argspec_error err;
	bool ok = !argspec_machine_supported(EM_SPARCV9) &&
		  argspec_parse(EM_SPARCV9, "8@%o0 -4@%o1", &s, &err) == 1 &&
		  err.arg == 0 && err.column == 0 &&
		  !strcmp(err.reason, "unsupported machine 43") && s.count == 2 &&
		  s.args[1].kind == ARG_UNDECODED && s.args[1].size == 4 &&
		  s.args[1].is_signed;

	report(ok, "sparc is not decoded, but its arguments are counted and sized");
	if (!ok)
		printf("#   reason: %s\n", err.reason);
}

/* The neighbours of an operand kept undecoded are decoded as usual. */
static void test_kept_undecoded(void)
{
	struct argspec s;
	struct argspec_error err;
	char got[512];
	int rc = argspec_parse(EM_X86_64, "8@%rbp -8@%r1x -4@%eax", &s, &err);

	describe_all(&s, got, sizeof(got));
	report(rc == 1 && !strcmp(got, "8 register base=rbp | -8 undecoded | -4 register base=eax"),
	       "x86_64: -8@%%r1x is kept undecoded between decoded arguments");
	if (rc != 1)
		printf("#   got: %d, %s\n", rc, got);
}

static void test_kind_names(void)
{
	bool ok = !strcmp(argspec_kind_name(ARG_REGISTER), "register") &&
		  !strcmp(argspec_kind_name(ARG_MEMORY), "memory") &&
		  !strcmp(argspec_kind_name(ARG_INDEXED), "indexed") &&
		  !strcmp(argspec_kind_name(ARG_CONSTANT), "constant") &&
		  !strcmp(argspec_kind_name(ARG_SYMBOL), "symbol");

	report(ok, "kind names are register, memory, indexed, constant, symbol");
}

int main(void)
{
	size_t n_accepted = sizeof(accepted) / sizeof(accepted[0]);
	size_t n_rejected = sizeof(rejected) / sizeof(rejected[0]);
	size_t n_boundaries = sizeof(boundaries) / sizeof(boundaries[0]);

	printf("1..%zu\n", n_accepted + n_rejected + n_boundaries + 16 + 3);
	for (size_t i = 0; i < n_accepted; i++)
		test_accepted(&accepted[i]);
	for (size_t i = 0; i < n_rejected; i++)
		test_rejected(&rejected[i]);
	for (size_t i = 0; i < n_boundaries; i++)
		test_boundaries(boundaries[i].machine, boundaries[i].spec,
				boundaries[i].tokens);
	test_machine_names();
	test_kept_undecoded();
	test_kind_names();
	return failures ? 1 : 0;
}
