/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The description of a provider's markers (templates/python.markers):
 * which markers exist, the alias and variable names they get, their types
 * and documentation.  Knowledge about CPython lives in that data file, not
 * in code.
 */
#ifndef PYTAPSET_PROVIDER_H
#define PYTAPSET_PROVIDER_H

#include <stddef.h>

#include "argspec.h"
#include "diag.h"

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
	 * NULL, or the family ("python3_11") whose own marker is not
	 * faithful: its sites are offered only with the marker helper of that
	 * family, and NEEDS_HELPER_REASON says why.
	 */
	char *needs_helper;
	char *needs_helper_reason;
	struct arg_desc args[ARGSPEC_MAX_ARGS];
	size_t arg_count;
};

struct provider {
	char *name;
	struct marker_desc *markers;	/* in file order */
	size_t marker_count;
};

/* Read a description file.  Returns 0, or -1 with the reason in DIAG. */
int provider_load(const char *path, struct provider *provider, struct diag *diag);

/* The description of marker NAME, or NULL when the file has none. */
const struct marker_desc *provider_find(const struct provider *provider,
					const char *name);

void provider_free(struct provider *provider);

#endif
