/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ABIs pytapset knows.
 *
 * An ABI is what a file's ELF header says (machine, class, byte order):
 * the reader fills one per file, and the loader search (libsearch.c)
 * looks up in the table here which directories ld.so searches for it
 * (the Debian multiarch triplet) and what it substitutes for $PLATFORM.
 */
#ifndef PYTAPSET_ABI_H
#define PYTAPSET_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The ABI of a file: how its notes read, which libraries ld.so loads for it. */
struct sdt_abi {
	uint16_t machine;	/* e_machine (EM_X86_64...) */
	unsigned bits;		/* 32 or 64: the ELF class */
	bool big_endian;	/* the ELF data encoding */
};

/* What is known of an ABI; one row per Debian multiarch triplet. */
struct sdt_abi_row {
	struct sdt_abi abi;
	const char *name;	/* "x86_64", "ppc64le"... */
	const char *triplet;	/* "x86_64-linux-gnu"; NULL if Debian has none */
	const char *platform;	/* ld.so's $PLATFORM; NULL if the CPU decides */
};

/* Every ABI row we know; *COUNT is set to their number. */
const struct sdt_abi_row *sdt_abi_rows(size_t *count);
bool sdt_abi_equal(const struct sdt_abi *a, const struct sdt_abi *b);
/* The name of ABI, or NULL for one we do not know. */
const char *sdt_abi_name(const struct sdt_abi *abi);

#endif
