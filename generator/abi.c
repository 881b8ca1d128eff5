/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ABI table: one row per ABI and Debian multiarch triplet.  See abi.h.
 */
#include "abi.h"

#include <elf.h>

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

static const size_t abi_row_count = sizeof(abi_rows) / sizeof(abi_rows[0]);

const struct sdt_abi_row *sdt_abi_rows(size_t *count)
{
	*count = abi_row_count;
	return abi_rows;
}

bool sdt_abi_equal(const struct sdt_abi *a, const struct sdt_abi *b)
{
	return a->machine == b->machine && a->bits == b->bits &&
	       a->big_endian == b->big_endian;
}

const char *sdt_abi_name(const struct sdt_abi *abi)
{
	for (size_t i = 0; i < abi_row_count; i++)
		if (sdt_abi_equal(&abi_rows[i].abi, abi))
			return abi_rows[i].name;
	return NULL;
}
