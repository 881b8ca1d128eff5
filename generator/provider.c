/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "provider.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probepoint.h"
#include "util.h"

static const struct {
	const char *name;
	enum var_type type;
} var_types[] = {
	{"string", VAR_STRING},
	{"int", VAR_INT},
	{"long", VAR_LONG},
	{"pointer", VAR_POINTER},
};

/* Split off the first space-separated word of *LINE. */
static char *next_word(char **line)
{
	char *s = *line + strspn(*line, " \t");
	if (!*s)
		return NULL;
	char *end = s + strcspn(s, " \t");
	if (*end)
		*end++ = '\0';
	*line = end + strspn(end, " \t");
	return s;
}

static char *append_line(char *text, const char *line)
{
	if (!text)
		return xstrdup(line);
	char *joined = xasprintf("%s\n%s", text, line);
	free(text);
	return joined;
}

static int parse_arg(struct marker_desc *m, char *rest, const char **why)
{
	char *number = next_word(&rest), *variable = next_word(&rest);
	char *type = next_word(&rest);
	char *end;
	long n = number ? strtol(number, &end, 10) : 0;
	if (!type || *end || n < 1 || n > ARGSPEC_MAX_ARGS) {
		*why = "expected 'arg N VARIABLE TYPE TEXT' with N from 1 to 12";
		return -1;
	}
	if ((size_t)n != m->arg_count + 1) {
		*why = "arguments must be numbered 1, 2, 3... in order";
		return -1;
	}
	if (!probepoint_is_identifier(variable)) {
		*why = "variable names must be identifiers";
		return -1;
	}
	struct arg_desc *a = &m->args[m->arg_count];
	size_t i;
	for (i = 0; i < sizeof(var_types) / sizeof(var_types[0]); i++)
		if (strcmp(type, var_types[i].name) == 0)
			break;
	if (i == sizeof(var_types) / sizeof(var_types[0])) {
		*why = "TYPE must be string, int, long or pointer";
		return -1;
	}
	a->variable = xstrdup(variable);
	a->type = var_types[i].type;
	a->doc = xstrdup(rest);
	m->arg_count++;
	return 0;
}

/* "3.11 TEXT": a marker of CPython 3.11 is faithful only with the helper. */
static int parse_needs_helper(struct marker_desc *m, char *rest, const char **why)
{
	char *version = next_word(&rest);
	if (!version || !*rest || !py_version_parse(version, &m->needs_helper)) {
		*why = "expected 'needs-helper VERSION TEXT'";
		return -1;
	}
	m->needs_helper_reason = xstrdup(rest);
	return 0;
}

/* "3.12-3.14 TEXT": CPython 3.12 to 3.14 lack the marker. */
static int parse_removed(struct marker_desc *m, char *rest, const char **why)
{
	char *range = next_word(&rest);
	char *dash = range ? strchr(range, '-') : NULL;
	if (dash)
		*dash = '\0';
	if (!dash || !*rest || !py_version_parse(range, &m->removed_first) ||
	    !py_version_parse(dash + 1, &m->removed_last)) {
		*why = "expected 'removed FIRST-LAST TEXT'";
		return -1;
	}
	m->removed_note = xstrdup(rest);
	return 0;
}

static struct marker_desc *add_marker(struct provider *p, char *rest, const char **why)
{
	char *name = next_word(&rest), *alias = next_word(&rest);
	if (!alias || *rest || !probepoint_is_identifier(name) ||
	    !probepoint_is_alias_suffix(alias)) {
		*why = "expected 'marker NAME ALIAS' with an identifier and a dotted alias";
		return NULL;
	}
	if (provider_find(p, name)) {
		*why = "marker described twice";
		return NULL;
	}
	p->markers = xreallocarray(p->markers, p->marker_count + 1, sizeof(*p->markers));
	struct marker_desc *m = &p->markers[p->marker_count++];
	*m = (struct marker_desc){.name = xstrdup(name), .alias = xstrdup(alias)};
	return m;
}

/* Apply one directive line; returns 0 or -1 with *WHY set. */
static int parse_line(struct provider *p, struct marker_desc **current, char *line,
		      const char **why)
{
	char *keyword = next_word(&line);
	if (!keyword || *keyword == '#')
		return 0;
	if (strcmp(keyword, "provider") == 0) {
		char *name = next_word(&line);
		if (p->name || !name || *line || !probepoint_is_identifier(name)) {
			*why = "expected one 'provider NAME' line";
			return -1;
		}
		p->name = xstrdup(name);
		return 0;
	}
	if (!p->name) {
		*why = "the 'provider' line must come first";
		return -1;
	}
	if (strcmp(keyword, "marker") == 0)
		return (*current = add_marker(p, line, why)) ? 0 : -1;

	struct marker_desc *m = *current;
	if (!m) {
		*why = "directive outside a 'marker' block";
		return -1;
	}
	if (strcmp(keyword, "summary") == 0 && !m->summary && *line)
		m->summary = xstrdup(line);
	else if (strcmp(keyword, "doc") == 0)
		m->doc = append_line(m->doc, line);
	else if (strcmp(keyword, "missing") == 0 && !m->missing && *line)
		m->missing = xstrdup(line);
	else if (strcmp(keyword, "arg") == 0)
		return parse_arg(m, line, why);
	else if (strcmp(keyword, "needs-helper") == 0 && !m->needs_helper_reason)
		return parse_needs_helper(m, line, why);
	else if (strcmp(keyword, "unfaithful") == 0 && m->needs_helper_reason &&
		 !m->unfaithful_note && *line)
		m->unfaithful_note = xstrdup(line);
	else if (strcmp(keyword, "removed") == 0 && !m->removed_note)
		return parse_removed(m, line, why);
	else {
		*why = "unknown or repeated directive";
		return -1;
	}
	return 0;
}

int provider_load(const char *path, struct provider *p, struct diag *diag)
{
	*p = (struct provider){0};
	FILE *f = fopen(path, "re");
	if (!f) {
		diag_report(diag, DIAG_ERROR, path, "%s", strerror(errno));
		return -1;
	}
	struct marker_desc *current = NULL;
	char *line = NULL;
	size_t size = 0, lineno = 0;
	ssize_t len;
	int ret = 0;
	while (ret == 0 && (len = getline(&line, &size, f)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		const char *why = NULL;
		if (parse_line(p, &current, line, &why) != 0) {
			diag_report(diag, DIAG_ERROR, path, "line %zu: %s", lineno, why);
			ret = -1;
		}
	}
	free(line);
	fclose(f);
	if (ret == 0 && !p->name) {
		diag_report(diag, DIAG_ERROR, path, "no 'provider' line");
		ret = -1;
	}
	for (size_t i = 0; ret == 0 && i < p->marker_count; i++) {
		if (!p->markers[i].summary) {
			diag_report(diag, DIAG_ERROR, path, "marker %s has no summary",
				    p->markers[i].name);
			ret = -1;
		}
	}
	if (ret != 0)
		provider_free(p);
	return ret;
}

const struct marker_desc *provider_find(const struct provider *p, const char *name)
{
	for (size_t i = 0; i < p->marker_count; i++)
		if (strcmp(p->markers[i].name, name) == 0)
			return &p->markers[i];
	return NULL;
}

bool marker_needs_helper(const struct marker_desc *m, const struct py_version *version)
{
	return m->needs_helper_reason && py_version_same(&m->needs_helper, version);
}

bool marker_removed_in(const struct marker_desc *m, const struct py_version *version)
{
	return m->removed_note &&
	       py_version_between(version, &m->removed_first, &m->removed_last);
}

void provider_free(struct provider *p)
{
	for (size_t i = 0; i < p->marker_count; i++) {
		struct marker_desc *m = &p->markers[i];
		for (size_t a = 0; a < m->arg_count; a++) {
			free(m->args[a].variable);
			free(m->args[a].doc);
		}
		free(m->name);
		free(m->alias);
		free(m->summary);
		free(m->doc);
		free(m->missing);
		free(m->needs_helper_reason);
		free(m->unfaithful_note);
		free(m->removed_note);
	}
	free(p->markers);
	free(p->name);
	*p = (struct provider){0};
}
