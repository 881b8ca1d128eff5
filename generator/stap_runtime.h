/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SystemTap runtime a module is built with: the one stap uses by
 * itself, and pytapset's private copy of it with the fixes that apply to
 * this stap and this kernel (runtime_fix.h).
 *
 * The copy lives in pytapset's cache directory, one per SystemTap
 * version, kernel release and set of fixes applied, and is made once;
 * the distribution's runtime is only read.  stap takes it with
 * `-R DIR` (or SYSTEMTAP_RUNTIME=DIR), which is all `pytapset run` adds.
 */
#ifndef PYTAPSET_STAP_RUNTIME_H
#define PYTAPSET_STAP_RUNTIME_H

#include <stddef.h>

#include "diag.h"
#include "runtime_fix.h"

struct stap_runtime {
	char *stap_version;	/* what stap -V says, e.g. "4.8/0.188, Debian version 4.8-2" */
	char *stock;		/* the runtime stap uses by itself */
	char *kernel;		/* the kernel release modules are built for */
	struct runtime_fix_set fixes;
	enum fix_verdict *verdicts;	/* per fix */
	size_t applicable;	/* how many are FIX_APPLIES */
};

/*
 * What `stap -V` of the stap at STAP says its version is, or NULL if it
 * does not run.
 */
char *stap_version(const char *stap);

/*
 * The directory NAME ("runtime", "tapset") of the stap at STAP, which
 * it uses by default: PREFIX/share/systemtap/NAME for PREFIX/bin/stap,
 * symbolic links followed.  NULL if STAP is not found.  Free the result.
 */
char *stap_share_dir(const char *stap, const char *name);

/*
 * Judge every fix of FIX_DIR for KERNEL and the runtime the stap at STAP
 * builds with: STOCK if not NULL (stap -R, SYSTEMTAP_RUNTIME), else the
 * one installed with stap (PREFIX/share/systemtap/runtime for
 * PREFIX/bin/stap).  Returns 0, or -1 with the reason in DIAG.
 */
int stap_runtime_assess(struct stap_runtime *rt, const char *stap, const char *stock,
			const char *kernel, const char *fix_dir, struct diag *diag);

/*
 * The directory to build with: the private copy with the applicable
 * fixes (made now if it is not in the cache yet), or the stock runtime
 * when none applies.  NULL, with the reason in DIAG, if the copy cannot
 * be made.  Free the result.
 */
char *stap_runtime_directory(const struct stap_runtime *rt, struct diag *diag);

/* The names of the applicable fixes, ", "-separated. Free the result. */
char *stap_runtime_fix_names(const struct stap_runtime *rt);

void stap_runtime_free(struct stap_runtime *rt);

#endif
