/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Support for the path-resolution unit tests: TAP output, temporary file
 * trees (a sysroot is just a directory) and small ELF files made with
 * libelf, so that every class, byte order and machine can be tested
 * without a cross toolchain.
 */
#ifndef PYTAPSET_TEST_FSTREE_H
#define PYTAPSET_TEST_FSTREE_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "paths.h"

/* ---- TAP ---- */

/* Print "ok N - DESCRIPTION" or "not ok N - DESCRIPTION"; returns OK. */
bool tap_ok(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Like tap_ok(strcmp(GOT, WANT) == 0), NULLs allowed, showing both on failure. */
bool tap_str(const char *got, const char *want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Whether LIST is exactly the NULL-terminated WANT, in order. */
bool tap_list(const struct path_list *list, const char *const *want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * A test that cannot run here (REASON): a skip, or a failure when
 * PYTAPSET_STRICT=1, as in the bats helpers.
 */
void tap_skip(const char *reason, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Whether DIAG holds a message whose text contains NEEDLE. */
bool diag_mentions(const struct diag *diag, const char *needle);

/* Print the plan; returns the exit status (1 if anything failed). */
int tap_done(void);

/* ---- temporary trees ---- */

/* A new empty directory under $TMPDIR (or /tmp), canonical.  Exits on failure. */
char *tree_create(void);
/* Remove ROOT and everything below it (links are not followed). */
void tree_destroy(char *root);
/* ROOT "/" REL; REL may start with '/'. */
char *tree_path(const char *root, const char *rel);
void tree_mkdirs(const char *root, const char *rel);
/* Write TEXT to REL, making its directories. */
void tree_file(const char *root, const char *rel, const char *text);
/* Make REL a symbolic link to TARGET, making its directories. */
void tree_link(const char *root, const char *rel, const char *target);
/* Copy the host file SRC to REL; false if SRC cannot be read. */
bool tree_copy(const char *root, const char *rel, const char *src);

/* ---- ELF files ---- */

#define FORGE_MAX_NEEDED 4

/* What a made-up ELF file holds; zero fields take the defaults. */
struct forge {
	uint16_t machine;		/* default EM_X86_64 */
	unsigned char elf_class;	/* default ELFCLASS64 */
	unsigned char data;		/* default ELFDATA2LSB */
	uint16_t type;			/* default ET_DYN */
	bool interp;			/* a PT_INTERP: a PIE executable */
	const char *needed[FORGE_MAX_NEEDED];
	const char *rpath;
	const char *runpath;
	const char *soname;
	const char *provider;		/* one marker "function__entry" of it, or none */
};

/* Write the ELF file REL under ROOT as SPEC says.  Exits on failure. */
void tree_forge(const char *root, const char *rel, const struct forge *spec);

#endif
