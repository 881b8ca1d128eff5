/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The description of a provider's markers (templates/python.markers):
 * which markers exist, the alias and variable names they get, their types
 * documentation, and what each CPython version's markers are worth.
 * Knowledge about CPython lives in that data file, not in code.
 */
#ifndef PYTAPSET_PROVIDER_H
#define PYTAPSET_PROVIDER_H

#include <stddef.h>

#include "argspec.h"
#include "diag.h"
#include "pybuild.h"

enum var_type { VAR_STRING, VAR_INT, VAR_LONG, VAR_POINTER };

struct arg_desc {
	char *variable;
	enum var_type type;
	char *doc;
};

struct marker_desc {
	char *name;		/* as in the note: function__entry */
	char *alias;		/* after the family prefix: function.entry */
	char *summary;
	char *doc;		/* NULL or lines joined with '\n' */
	char *missing;		/* NULL or why a build may lack it */
	/*
	 * The version (3.11; unknown: none) whose own marker is not faithful:
	 * its sites are offered only with that version's marker helper.
	 * NEEDS_HELPER_REASON says why, in the tapset's warning;
	 * UNFAITHFUL_NOTE is what doctor says of such a build without the
	 * helper (NULL: nothing).
	 */
	struct py_version needs_helper;
	char *needs_helper_reason;
	char *unfaithful_note;
	/*
	 * The versions whose CPython lacks the marker (unknown: none), and
	 * what doctor says of such a build without the helper.
	 */
	struct py_version removed_first, removed_last;
	char *removed_note;
	struct arg_desc args[ARGSPEC_MAX_ARGS];
	size_t arg_count;
};

struct provider {
	char *name;
	struct marker_desc *markers;	/* in file order */
	size_t marker_count;
};

/* The file under the template directory that describes CPython's markers. */
#define PROVIDER_DESCRIPTION_FILE "python.markers"

/* Read a description file.  Returns 0, or -1 with the reason in DIAG. */
int provider_load(const char *path, struct provider *provider, struct diag *diag);

/* The description of marker NAME, or NULL when the file has none. */
const struct marker_desc *provider_find(const struct provider *provider,
					const char *name);

/* Whether M is not faithful in builds of VERSION without the marker helper. */
bool marker_needs_helper(const struct marker_desc *m, const struct py_version *version);

/* Whether builds of VERSION lack M. */
bool marker_removed_in(const struct marker_desc *m, const struct py_version *version);

void provider_free(struct provider *provider);

#endif
