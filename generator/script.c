/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "script.h"

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The description is in the first comment; a script's head is small. */
#define SCRIPT_HEAD_LINES 200

static const char *const kind_names[] = {
	[SCRIPT_ARG_TEXT] = "text",
	[SCRIPT_ARG_INTEGER] = "integer",
	[SCRIPT_ARG_REGEX] = "regex",
};

/* The value of " * KEY: value" in LINE, or NULL. */
static const char *field(const char *line, const char *key)
{
	size_t len = strlen(key);
	if (strncmp(line, " * ", 3) != 0 || strncmp(line + 3, key, len) != 0 ||
	    line[3 + len] != ':' || line[4 + len] != ' ')
		return NULL;
	return line + 5 + len;
}

/* "ROWS integer 1-200, optional: text" into A; 0 or -1. */
static int parse_arg(const char *spec, struct script_arg *a)
{
	char name[64], kind[16];
	int used = 0;
	if (sscanf(spec, "%63[A-Z_0-9] %15[a-z]%n", name, kind, &used) != 2)
		return -1;
	const char *rest = spec + used;
	a->kind = SCRIPT_ARG_TEXT;
	while (strcmp(kind, kind_names[a->kind]) != 0)
		if (++a->kind > SCRIPT_ARG_REGEX)
			return -1;
	if (a->kind == SCRIPT_ARG_INTEGER) {
		int n = 0;
		if (sscanf(rest, " %lu-%lu%n", &a->min, &a->max, &n) != 2 || a->min > a->max)
			return -1;
		rest += n;
	}
	a->optional = strncmp(rest, ", optional", 10) == 0;
	if (a->optional)
		rest += 10;
	if (*rest && *rest != ':')
		return -1;
	a->name = xstrdup(name);
	return 0;
}

static int parse_line(const char *line, struct script *s)
{
	const char *v;
	if ((v = field(line, "title"))) {
		free(s->title);
		s->title = xstrdup(v);
		return 0;
	}
	if ((v = field(line, "usage"))) {
		free(s->usage);
		s->usage = xstrdup(v);
		return 0;
	}
	unsigned n;
	int used = 0;
	if (sscanf(line, " * arg_%u:%n", &n, &used) != 1 || used == 0)
		return 0;
	/* Arguments are numbered from 1, in order, required ones first. */
	if (n != s->arg_count + 1 || n > SCRIPT_MAX_ARGS)
		return -1;
	struct script_arg *a = &s->args[s->arg_count];
	if (parse_arg(line + used + 1, a) != 0)
		return -1;
	if (!a->optional && n > 1 && s->args[n - 2].optional) {
		free(a->name);
		return -1;
	}
	s->arg_count++;
	return 0;
}

int script_load(const char *path, struct script *s, struct diag *diag)
{
	*s = (struct script){.path = xstrdup(path)};
	FILE *f = fopen(path, "re");
	if (!f) {
		diag_report(diag, DIAG_ERROR, path, "%s", strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t size = 0;
	ssize_t len;
	int ret = 0;
	for (unsigned lineno = 1; lineno <= SCRIPT_HEAD_LINES &&
				  (len = getline(&line, &size, f)) >= 0; lineno++) {
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (strncmp(line, " */", 3) == 0)
			break;
		if (parse_line(line, s) != 0) {
			diag_report(diag, DIAG_ERROR, path, "line %u: bad description: %s",
				    lineno, line);
			ret = -1;
			break;
		}
	}
	free(line);
	fclose(f);
	if (!s->title)
		s->title = xstrdup("");
	if (!s->usage)
		s->usage = xstrdup("");
	return ret;
}

void script_free(struct script *s)
{
	for (size_t i = 0; i < s->arg_count; i++)
		free(s->args[i].name);
	free(s->path);
	free(s->title);
	free(s->usage);
	*s = (struct script){0};
}

static char *check_arg(const struct script_arg *a, const char *value)
{
	if (!*value)
		return xasprintf("%s is empty", a->name);
	if (a->kind == SCRIPT_ARG_INTEGER) {
		char *end;
		errno = 0;
		unsigned long v = strtoul(value, &end, 10);
		/*
		 * Decimal digits without a leading zero, as the scripts' own
		 * checks want: stap reads "0x10", "010" or " 5" otherwise.
		 */
		if (strspn(value, "0123456789") != strlen(value) || (value[0] == '0' && value[1]) ||
		    errno || v < a->min || v > a->max)
			return xasprintf("%s is %lu to %lu", a->name, a->min, a->max);
	} else if (a->kind == SCRIPT_ARG_REGEX) {
		regex_t re;
		int err = regcomp(&re, value, REG_EXTENDED | REG_NOSUB);
		if (err != 0) {
			char why[128];
			regerror(err, &re, why, sizeof(why));
			return xasprintf("%s is not an extended regular expression: %s",
					 a->name, why);
		}
		regfree(&re);
	}
	return NULL;
}

char *script_check_args(const struct script *s, int argc, char **argv)
{
	if ((size_t)argc > s->arg_count)
		return xstrdup(s->arg_count ? "too many arguments" : "takes no arguments");
	for (size_t i = 0; i < s->arg_count; i++) {
		const struct script_arg *a = &s->args[i];
		if (i >= (size_t)argc) {
			if (a->optional)
				break;
			return xasprintf("%s is missing", a->name);
		}
		char *problem = check_arg(a, argv[i]);
		if (problem)
			return problem;
	}
	return NULL;
}

void script_probed(const char *path, const char *prefix, struct path_list *names)
{
	static const char name_chars[] = "abcdefghijklmnopqrstuvwxyz0123456789_.";
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t size = 0;
	while (f && getline(&line, &size, f) > 0) {
		/* e.g. probe python.function.entry */
		const char *p = line;
		if (strncmp(p, "probe ", 6) != 0)
			continue;
		p += 6 + strspn(p + 6, " \t");
		if (strncmp(p, prefix, strlen(prefix)) != 0)
			continue;
		char *name = xstrndup(p, strspn(p, name_chars));
		path_list_add(names, name);
		free(name);
	}
	free(line);
	if (f)
		fclose(f);
}
