/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ready-made scripts' descriptions.  Each script carries, in its
 * first comment, the lines SystemTap's own examples keep in a .meta file:
 *
 *    * title: print Python calls and returns as a tree
 *    * usage: [-x PID | -c CMD] [FUNCTION]
 *    * arg_1: FUNCTION text, optional: ...
 *
 * An argument line is "arg_N: NAME KIND[ MIN-MAX][, optional][: text]",
 * KIND one of "text" (not empty), "integer" (decimal digits, MIN to MAX)
 * or "regex" (an extended regular expression).  `pytapset run` checks a
 * script's arguments against them before stap starts, so that a wrong one
 * gets one line instead of a parse error from stap.
 */
#ifndef PYTAPSET_SCRIPT_H
#define PYTAPSET_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "paths.h"

#define SCRIPT_SUFFIX ".stp"
#define SCRIPT_MAX_ARGS 8

enum script_arg_kind { SCRIPT_ARG_TEXT, SCRIPT_ARG_INTEGER, SCRIPT_ARG_REGEX };

struct script_arg {
	char *name;
	enum script_arg_kind kind;
	unsigned long min, max;	/* SCRIPT_ARG_INTEGER */
	bool optional;
};

struct script {
	char *path;
	char *title;		/* "" when the script has none */
	char *usage;		/* what follows the script's name; "" for none */
	struct script_arg args[SCRIPT_MAX_ARGS];
	size_t arg_count;
};

/*
 * Read the description of the script at PATH.  Returns 0, or -1 with the
 * reason in DIAG (unreadable, or a description line that does not parse).
 */
int script_load(const char *path, struct script *script, struct diag *diag);
void script_free(struct script *script);

/*
 * Check ARGC script arguments ARGV against the description.  Returns NULL
 * when they fit, or a message naming the argument ("ROWS is 1 to 200", "too
 * many arguments"), to be freed.
 */
char *script_check_args(const struct script *script, int argc, char **argv);

/*
 * Add to NAMES the probe points of the script at PATH that start with
 * PREFIX ("python."): the aliases it needs, from its "probe" lines.
 */
void script_probed(const char *path, const char *prefix, struct path_list *names);

#endif
