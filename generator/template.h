/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tapset templates (the .stp files in templates/): text with @NAME@ placeholders.  A
 * placeholder is replaced only when NAME is one of the variables given, so
 * SystemTap's own @-operators (@defined, @cast...) pass through untouched.
 */
#ifndef PYTAPSET_TEMPLATE_H
#define PYTAPSET_TEMPLATE_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"

struct template_var {
	const char *name;
	const char *value;
};

/* Read template NAME from directory DIR; NULL with the reason in DIAG. */
char *template_load(const char *dir, const char *name, struct diag *diag);

/* Write TEXT to OUT with the placeholders of VARS replaced. */
void template_expand(FILE *out, const char *text, const struct template_var *vars,
		     size_t count);

#endif
