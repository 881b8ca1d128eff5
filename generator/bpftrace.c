/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rendering a script template for bpftrace (see bpftrace.h).
 */
#include "bpftrace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define GENERIC_FAMILY "python"
#define TRACED_TOKEN "PYTAPSET_TRACED"

/* The description of the marker whose alias is ALIAS ("function.entry"). */
static const struct marker_desc *marker_of_alias(const struct provider *p, const char *alias)
{
	for (size_t i = 0; i < p->marker_count; i++)
		if (strcmp(p->markers[i].alias, alias) == 0)
			return &p->markers[i];
	return NULL;
}

/* Whether S has marker NAME; *ARGS becomes the fewest arguments of its sites. */
static bool source_has(const struct tapset_source *s, const char *provider, const char *name,
		       size_t *args)
{
	bool found = false;
	for (size_t i = 0; i < s->markers->probe_count; i++) {
		const struct sdt_probe *p = &s->markers->probes[i];
		if (strcmp(p->provider, provider) != 0 || strcmp(p->name, name) != 0)
			continue;
		if (!found || p->arg_count < *args)
			*args = p->arg_count;
		found = true;
	}
	return found;
}

static bool same_family(const struct tapset_source *s, const char *family)
{
	return s->family && strcmp(s->family, family) == 0;
}

/* The tapset's rule: a build's unfaithful marker counts only next to its helper. */
static bool left_out(const struct tapset_source *sources, size_t count,
		     const struct tapset_source *s, const struct marker_desc *m)
{
	if (!m->needs_helper_reason || s->helper || !s->family)
		return false;
	char family[PY_FAMILY_SIZE];
	py_version_family(&m->needs_helper, family);
	if (strcmp(s->family, family) != 0)
		return false;
	for (size_t i = 0; i < count; i++)
		if (sources[i].helper && same_family(&sources[i], family))
			return false;
	return true;
}

/* Whether bpftrace's attach point grammar takes PATH as it is. */
static bool path_is_plain(const char *path)
{
	return path[0] == '/' &&
	       strspn(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._+-") ==
		       strlen(path);
}

/* Whether a source before S holds the same file: a file is probed once. */
static bool seen_before(const struct tapset_source *sources, const struct tapset_source *s)
{
	for (const struct tapset_source *o = sources; o < s; o++)
		if (strcmp(o->markers->path, s->markers->path) == 0)
			return true;
	return false;
}

struct alias_sites {
	char *points;		/* "usdt:F:python:M\nusdt:...", one a line */
	size_t args;		/* the fewest arguments of a site */
	bool any, helper_missing;
};

static void find_sites(const char *family, const struct marker_desc *m,
		       const struct tapset_source *sources, size_t count,
		       const struct provider *provider, struct alias_sites *out, struct diag *diag)
{
	*out = (struct alias_sites){0};
	for (size_t i = 0; i < count; i++) {
		const struct tapset_source *s = &sources[i];
		size_t n = 0;
		bool generic = strcmp(family, GENERIC_FAMILY) == 0;
		if ((!generic && !same_family(s, family)) || seen_before(sources, s) ||
		    !source_has(s, provider->name, m->name, &n))
			continue;
		if (left_out(sources, count, s, m)) {
			out->helper_missing = true;
			continue;
		}
		if (!path_is_plain(s->markers->path)) {
			diag_report(diag, DIAG_WARNING, s->markers->path,
				    "not a path bpftrace can attach to: left out");
			continue;
		}
		char *joined = xasprintf("%s%susdt:%s:%s:%s", out->points ? out->points : "",
					 out->points ? "\n" : "", s->markers->path, provider->name,
					 m->name);
		free(out->points);
		out->points = joined;
		if (!out->any || n < out->args)
			out->args = n;
		out->any = true;
	}
}

/* Whether the lines FIRST to LAST use the variable $NAME. */
static bool uses_variable(char **lines, size_t first, size_t last, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = first; i <= last; i++)
		for (const char *p = strchr(lines[i], '$'); p; p = strchr(p + 1, '$'))
			if (strncmp(p + 1, name, len) == 0 &&
			    !strchr("abcdefghijklmnopqrstuvwxyz0123456789_", p[1 + len] ? p[1 + len] : ' '))
				return true;
	return false;
}

/* The assignments of M's variables that lines FIRST to LAST use. */
static char *assignments(const struct marker_desc *m, size_t args, char **lines, size_t first,
			 size_t last)
{
	char *text = xstrdup("");
	for (size_t i = 0; i < args && i < m->arg_count; i++) {
		const struct arg_desc *a = &m->args[i];
		if (!uses_variable(lines, first, last, a->variable))
			continue;
		char *line = a->type == VAR_STRING
				     ? xasprintf("%s\t$%s = str(arg%zu);\n", text, a->variable, i)
				     : xasprintf("%s\t$%s = arg%zu;\n", text, a->variable, i);
		free(text);
		text = line;
	}
	return text;
}

/* Write LINE with PYTAPSET_TRACED replaced by TRACED. */
static void put_line(FILE *out, const char *line, const char *traced)
{
	const char *p = line, *hit;
	while ((hit = strstr(p, TRACED_TOKEN))) {
		fprintf(out, "%.*s(%s)", (int)(hit - p), p, traced);
		p = hit + strlen(TRACED_TOKEN);
	}
	fprintf(out, "%s\n", p);
}

/*
 * If LINE names an alias (FAMILY.ALIAS [/PREDICATE/]), split it: *FAMILY
 * and *ALIAS (malloc'd) and *REST (in LINE).
 */
static bool alias_line(const char *line, char **family, char **alias, const char **rest)
{
	if (strncmp(line, GENERIC_FAMILY, strlen(GENERIC_FAMILY)) != 0)
		return false;
	size_t f = strspn(line, "python0123456789_");
	if (line[f] != '.')
		return false;
	size_t a = strspn(line + f + 1, "abcdefghijklmnopqrstuvwxyz_.");
	const char *after = line + f + 1 + a;
	if (a == 0 || (*after && *after != ' '))
		return false;
	*family = xasprintf("%.*s", (int)f, line);
	*alias = xasprintf("%.*s", (int)a, line + f + 1);
	*rest = after;
	return true;
}

/* The BEGIN probe's first statement when READY is wanted. */
static char *ready_statement(const char *ready)
{
	return ready ? xasprintf("\tprintf(\"%s\\n\");\n", ready) : NULL;
}

/*
 * A line "// pytapset: bpftrace < X.Y" or ">= X.Y" starts lines for those
 * versions only, "// pytapset: bpftrace any" ends them: *KEEP says
 * whether the lines that follow are for VERSION (-1: unknown, the newest).
 */
static bool version_line(const char *line, int version, bool *keep)
{
	static const char marker[] = "// pytapset: bpftrace ";
	unsigned major, minor;
	char op[3];
	line += strspn(line, " \t");
	if (strncmp(line, marker, strlen(marker)) != 0)
		return false;
	const char *rest = line + strlen(marker);
	if (strcmp(rest, "any") == 0) {
		*keep = true;
	} else if (sscanf(rest, "%2[<>=] %u.%u", op, &major, &minor) == 3) {
		bool older = version >= 0 && version < (int)(major * 1000 + minor);
		*keep = strcmp(op, "<") == 0 ? older : !older;
	}
	return true;
}

/*
 * The block of lines OPEN ("{") to CLOSE ("}") once for each attach point
 * of POINTS, with ASSIGN after its "{": one probe per file, because with
 * several usdt files in one probe bpftrace 0.17 attaches some sites twice.
 */
static void put_blocks(FILE *out, const char *points, const char *rest, const char *assign,
		       char **lines, size_t open, size_t close, const struct bpftrace_options *o)
{
	const char *traced = o->traced ? o->traced : "1";
	for (const char *p = points; *p;) {
		size_t len = strcspn(p, "\n");
		char *line = xasprintf("%.*s%s", (int)len, p, rest);
		put_line(out, line, traced);
		free(line);
		fprintf(out, "{\n%s", assign);
		bool keep = true;
		for (size_t j = open + 1; j <= close; j++)
			if (!version_line(lines[j], o->version, &keep) && keep)
				put_line(out, lines[j], traced);
		p += len + (p[len] == '\n');
		if (*p)
			fputs("\n", out);
	}
}

static int render_lines(const char *name, char **lines, size_t count,
			const struct tapset_source *sources, size_t source_count,
			const struct provider *provider, const struct bpftrace_options *o,
			FILE *out, struct diag *diag)
{
	const char *traced = o->traced ? o->traced : "1", *ready = o->ready;
	bool keep = true;
	char *pending = NULL;	/* assignments for the next "{" line */
	int status = 0;
	bool has_begin = false;
	for (size_t i = 0; i < count && !has_begin; i++)
		has_begin = strcmp(lines[i], "BEGIN") == 0;
	if (ready && !has_begin) {
		char *statement = ready_statement(ready);
		fprintf(out, "BEGIN\n{\n%s}\n", statement);
		free(statement);
	}
	for (size_t i = 0; i < count && status == 0; i++) {
		char *family, *alias;
		const char *rest;
		if (version_line(lines[i], o->version, &keep) || !keep)
			continue;
		if (strcmp(lines[i], "BEGIN") == 0 && ready) {
			free(pending);
			pending = ready_statement(ready);
		}
		if (!alias_line(lines[i], &family, &alias, &rest)) {
			put_line(out, lines[i], traced);
			if (pending && strcmp(lines[i], "{") == 0) {
				fputs(pending, out);
				free(pending);
				pending = NULL;
			}
			continue;
		}
		const struct marker_desc *m = marker_of_alias(provider, alias);
		size_t open = i + 1, close = open;
		while (close < count && strcmp(lines[close], "}") != 0)
			close++;
		struct alias_sites sites = {0};
		if (!m || open >= count || strcmp(lines[open], "{") != 0 || close >= count) {
			diag_report(diag, DIAG_ERROR, name,
				    "line %zu: %s.%s is not an alias followed by a block in '{' and '}' lines",
				    i + 1, family, alias);
			status = -1;
		} else {
			find_sites(family, m, sources, source_count, provider, &sites, diag);
		}
		if (status == 0 && !sites.any) {
			diag_report(diag, DIAG_ERROR, name, "%s.%s: %s", family, alias,
				    sites.helper_missing ? m->needs_helper_reason
				    : m->missing ? m->missing
						 : "none of the Pythons covered has this marker");
			status = -1;
		}
		if (status == 0) {
			char *assign = assignments(m, sites.args, lines, open, close);
			put_blocks(out, sites.points, rest, assign, lines, open, close, o);
			free(assign);
			i = close;
		}
		free(sites.points);
		free(family);
		free(alias);
	}
	free(pending);
	return status;
}

int bpftrace_render(const char *name, const char *template_text,
		    const struct tapset_source *sources, size_t count,
		    const struct provider *provider, const struct bpftrace_options *options,
		    char **text, struct diag *diag)
{
	char *copy = xstrdup(template_text);
	char **lines = NULL;
	size_t line_count = 0;
	/* Empty lines are kept: split by hand, not with strtok. */
	for (char *p = copy; *p; ) {
		char *end = strchr(p, '\n');
		if (end)
			*end = '\0';
		lines = xreallocarray(lines, line_count + 1, sizeof(*lines));
		lines[line_count++] = p;
		if (!end)
			break;
		p = end + 1;
	}
	size_t size = 0;
	FILE *out = open_memstream(text, &size);
	if (!out)
		out_of_memory();
	int status = render_lines(name, lines, line_count, sources, count, provider, options,
				  out, diag);
	if (fclose(out) != 0)
		out_of_memory();
	if (status != 0) {
		free(*text);
		*text = NULL;
	}
	free(lines);
	free(copy);
	return status;
}
