/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "template.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Templates are a few hundred bytes; anything large is not one of ours. */
#define TEMPLATE_MAX_SIZE (64 * 1024)

char *template_load(const char *dir, const char *name, struct diag *diag)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "re");
	char *text = NULL;
	if (!f) {
		diag_report(diag, DIAG_ERROR, path, "%s", strerror(errno));
		goto out;
	}
	text = xmalloc(TEMPLATE_MAX_SIZE + 1);
	size_t n = fread(text, 1, TEMPLATE_MAX_SIZE + 1, f);
	if (ferror(f) || n > TEMPLATE_MAX_SIZE) {
		diag_report(diag, DIAG_ERROR, path, "%s",
			    ferror(f) ? "read error" : "template too large");
		free(text);
		text = NULL;
	} else {
		text[n] = '\0';
	}
	fclose(f);
out:
	free(path);
	return text;
}

static const char *lookup(const char *name, size_t len,
			  const struct template_var *vars, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(vars[i].name) == len && memcmp(vars[i].name, name, len) == 0)
			return vars[i].value;
	return NULL;
}

void template_expand(FILE *out, const char *text, const struct template_var *vars,
		     size_t count)
{
	const char *p = text;
	while (*p) {
		const char *at = strchr(p, '@');
		if (!at) {
			fputs(p, out);
			return;
		}
		fwrite(p, 1, (size_t)(at - p), out);
		const char *close = strchr(at + 1, '@');
		const char *value = close ? lookup(at + 1, (size_t)(close - at - 1), vars, count)
					  : NULL;
		if (value) {
			fputs(value, out);
			p = close + 1;
		} else {
			fputc('@', out);
			p = at + 1;
		}
	}
}
