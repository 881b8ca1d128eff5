/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rendering a script for bpftrace: the same marker knowledge the tapset is
 * written from (tapset.h's sources, the provider description), turned into
 * bpftrace's attach points and variables.
 *
 * A script template (scripts/NAME.bt) is a bpftrace program in which a
 * probe may be named by a python alias instead of attach points:
 *
 *    python.function.entry /PYTAPSET_TRACED/
 *    {
 *            ... $funcname, $filename, $lineno ...
 *    }
 *
 * The alias line (FAMILY.ALIAS, FAMILY "python" for every Python or
 * "python3_11" for one version, then an optional predicate) and its block
 * (from a line "{" to a line "}") become one probe usdt:FILE:python:MARKER
 * for each file holding that marker, the same sites the tapset's alias
 * has: a marker 3.11 fires unfaithfully is left out unless 3.11's marker
 * helper is covered.  After each block's opening "{" come the assignments of the marker's variables the
 * block uses ($filename = str(arg0); ...), for the arguments every site
 * has.  PYTAPSET_TRACED anywhere becomes the predicate that selects the
 * traced process ("1" for every process).  Lines between
 * "// pytapset: bpftrace < X.Y" (or ">= X.Y") and "// pytapset: bpftrace
 * any" are kept only for those versions.
 *
 * Files are named by their host path (under a sysroot, or a chroot'd
 * process's root, if there is one): uprobes belong to the file, so a
 * probe on a path covers every process that maps it, loaded before or
 * after bpftrace starts.
 */
#ifndef PYTAPSET_BPFTRACE_H
#define PYTAPSET_BPFTRACE_H

#include <stddef.h>

#include "diag.h"
#include "provider.h"
#include "tapset.h"

/* The suffix of a script's bpftrace template beside its .stp. */
#define BPFTRACE_SUFFIX ".bt"

struct bpftrace_options {
	/* A bpftrace expression true in the traced process; NULL: any. */
	const char *traced;
	/*
	 * Unless NULL, a line the program prints first, once every probe is
	 * attached (from its BEGIN probe, made if the template has none).
	 */
	const char *ready;
	/* bpftrace's version, major * 1000 + minor; -1: unknown (the newest). */
	int version;
};

/*
 * Render TEMPLATE (read from NAME, for messages) for SOURCES with
 * OPTIONS.
 * Returns 0 with the program in *TEXT (malloc'd), or -1 with the reason
 * in DIAG (an alias no source has, with the description's reason).
 */
int bpftrace_render(const char *name, const char *template_text,
		    const struct tapset_source *sources, size_t count,
		    const struct provider *provider, const struct bpftrace_options *options,
		    char **text, struct diag *diag);

#endif
