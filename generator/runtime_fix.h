/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SystemTap runtime fixes pytapset carries (runtime-fixes/NAME.fix),
 * and whether one applies to a given runtime and kernel.
 *
 * SystemTap's kernel runtime is C source that stap compiles into every
 * module, against the running kernel's headers.  A distribution's stap
 * often trails its kernel: a kernel change breaks every module (Debian
 * 12's stap 4.8 on 6.1.0-57, Debian 13's stap 5.1 on 6.12), or a runtime
 * defect loses output.  Each fix file says what the user meets, which
 * kernel change it answers, which SystemTap release made it unnecessary,
 * then carries a unified diff to apply inside the runtime directory:
 *
 *   Summary: what a user meets without the fix
 *   Kernel-change: the kernel change it answers ("none: ..." if none)
 *   Upstream: the SystemTap release that copes by itself
 *   Needed-if-kernel-declares: HEADER WORD     (optional)
 *   Unneeded-if-runtime-has: FILE TEXT         (optional)
 *   <blank line, an explanation, then the diff from its first "--- a/">
 *
 * Whether a fix applies is decided by looking at the files, never at
 * version strings, so that a distribution kernel with a backport or a
 * runtime with a backported fix is judged by what it contains.
 */
#ifndef PYTAPSET_RUNTIME_FIX_H
#define PYTAPSET_RUNTIME_FIX_H

#include <stddef.h>

#include "diag.h"

#define RUNTIME_FIX_SUFFIX ".fix"

struct runtime_fix {
	char *name;		/* the file name without RUNTIME_FIX_SUFFIX */
	char *path;
	char *summary;
	char *kernel_change;
	char *upstream;
	/* Needed only if the kernel's HEADER declares WORD; NULL: any kernel. */
	char *kernel_header, *kernel_word;
	/* The runtime has upstream's own fix if its FILE contains TEXT. */
	char *runtime_file, *runtime_text;
};

struct runtime_fix_set {
	struct runtime_fix *fixes;	/* sorted by name */
	size_t count;
};

/*
 * Read every NAME.fix of DIR into SET.  Returns 0, or -1 with the reasons
 * in DIAG (a fix that cannot be read makes the whole set unusable: a
 * runtime with part of the fixes would fail in ways nobody expects).
 */
int runtime_fix_load(const char *dir, struct runtime_fix_set *set, struct diag *diag);
void runtime_fix_set_free(struct runtime_fix_set *set);

/* What a fix is to one runtime and one kernel. */
enum fix_verdict {
	FIX_APPLIES,		/* the runtime has the defect, the kernel the cause */
	FIX_KERNEL_UNAFFECTED,	/* the kernel does not declare what the fix answers */
	FIX_UPSTREAM_HAS_IT,	/* the runtime has SystemTap's own fix */
	FIX_ALREADY_APPLIED,	/* the runtime already has this very change */
	FIX_DOES_NOT_FIT,	/* the diff matches nothing in this runtime */
};

/*
 * Judge FIX for the runtime in RUNTIME_DIR and the kernel whose headers
 * are in BUILD_DIRS (a NULL-terminated list: Debian splits a kernel's
 * headers between build/ and source/).  Runs patch(1) --dry-run.  Returns
 * the verdict, or -1 if patch could not be run (errno set).
 */
int runtime_fix_judge(const struct runtime_fix *fix, const char *runtime_dir,
		      const char *const *build_dirs);

/* Apply FIX inside DIR with patch(1): 0, or -1 with patch's words in *OUTPUT. */
int runtime_fix_apply(const struct runtime_fix *fix, const char *dir, char **output);

/* The verdict in a few words, for listings ("applies", "not needed: ..."). */
const char *fix_verdict_text(enum fix_verdict verdict);

#endif
