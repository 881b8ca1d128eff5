/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a tapset file pytapset writes promises to those who read it
 * later: its header carries the mark and the list of the files it
 * covers.
 *
 * The mark, PYTAPSET_TAPSET_MARK, is defined once, by configure: `make
 * install`, the packages' maintainer scripts and `pytapset doctor` look
 * for it to tell our python.stp from SystemTap's own.  The list of
 * covered files follows the "Covered:" line of the header template, one
 * file a line; `pytapset doctor` reads it back to say which Pythons the
 * installed tapset covers.  Writing and reading both live here, so that
 * they cannot drift apart.
 */
#ifndef PYTAPSET_TAPSET_FILE_H
#define PYTAPSET_TAPSET_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "paths.h"
#include "target.h"

/*
 * The header's line for a file with markers, reached in FORM: EXE's own
 * markers, LIBRARY's as EXE loads it, or LIBRARY's in every process (the
 * marker helper when HELPER).  A new string.
 */
char *tapset_file_covered_line(enum target_form form, const char *exe,
			       const char *library, bool helper);

/*
 * Write the header TEMPLATE to OUT with the mark, pytapset's version and
 * the COUNT lines of COVERED (from tapset_file_covered_line()) in place of
 * @MARK@, @VERSION@ and @TARGETS@.
 */
void tapset_file_write_header(FILE *out, const char *template, char *const *covered,
			      size_t count);

/*
 * Whether the file at PATH is a tapset pytapset wrote (it carries the
 * mark); if so, the files its header lists as covered are added to
 * COVERED.  A file that cannot be read is not ours.
 */
bool tapset_file_read(const char *path, struct path_list *covered);

enum tapset_alias_state {
	TAPSET_ALIAS_ABSENT,		/* not defined */
	TAPSET_ALIAS_UNAVAILABLE,	/* defined to fail, with the reason */
	TAPSET_ALIAS_AVAILABLE,
};

/*
 * Whether the tapset at PATH defines ALIAS ("python.gc.start"), and if
 * it defines it only to fail (templates/tapset-missing.stp), the reason
 * its probe point carries, in *REASON (a new string).
 */
enum tapset_alias_state tapset_file_alias(const char *path, const char *alias, char **reason);

#endif
