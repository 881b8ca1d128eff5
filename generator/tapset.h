/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rendering a tapset: from the files that hold a provider's markers, the
 * provider description and the templates, the text of python.stp.
 */
#ifndef PYTAPSET_TAPSET_H
#define PYTAPSET_TAPSET_H

#include <stddef.h>

#include "diag.h"
#include "provider.h"
#include "sdt_file.h"
#include "target.h"

/* The name stap knows the tapset by: it reads one file of a name. */
#define TAPSET_FILE "python.stp"

/*
 * One Python build: where its markers are, named as installed, and how
 * the tapset names them (decided by target_name_points).
 */
struct tapset_source {
	const char *exe;		/* canonical executable, NULL for a library alone */
	const char *library;		/* canonical library holding the markers, or NULL */
	enum target_form form;
	const char *family;		/* "python3_11"; NULL or "" for none */
	const struct sdt_file *markers;	/* the file holding them, already read */
	bool helper;			/* that file is pytapset's marker helper */
};

/*
 * The sources of COUNT resolved TARGETS (target_name_points done): each
 * build's own markers, where it has some, and its helper's; *N of them,
 * in a malloc'd array pointing into TARGETS.
 */
struct tapset_source *tapset_sources(const struct target *targets, size_t count, size_t *n);

/*
 * Render the tapset for SOURCES with templates from TEMPLATE_DIR.  The
 * result is a function of the inputs only (sorted, no dates), returned in
 * *TEXT (malloc'd) and *SIZE.  Returns 0, or -1 with the reason in DIAG;
 * problems that only drop one marker are warnings.
 */
int tapset_render(const struct tapset_source *sources, size_t count,
		  const struct provider *provider, const char *template_dir,
		  char **text, size_t *size, struct diag *diag);

/*
 * Name the points of the COUNT resolved TARGETS (target_name_points) and
 * render their tapset: each build's own markers, where it has some, and
 * its marker helper's, with the provider description and templates of
 * TEMPLATE_DIR.  0, or -1 with the reason in DIAG (a broken description
 * or template).
 */
int tapset_render_targets(struct target *targets, size_t count, const char *template_dir,
			  char **text, size_t *size, struct diag *diag);

#endif
