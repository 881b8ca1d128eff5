/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "probepoint.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

bool probepoint_is_identifier(const char *s)
{
	if (!(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	for (s++; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_'))
			return false;
	return true;
}

bool probepoint_is_alias_suffix(const char *s)
{
	char *copy = xstrdup(s), *save = NULL;
	bool ok = *s && s[strlen(s) - 1] != '.' && !strstr(s, "..");
	for (char *part = strtok_r(copy, ".", &save); ok && part;
	     part = strtok_r(NULL, ".", &save))
		ok = probepoint_is_identifier(part);
	free(copy);
	return ok;
}

/*
 * Characters that may not appear in a path pasted into a tapset, with the
 * reason given.  Control characters are checked separately.
 */
static const struct {
	const char *characters;
	const char *reason;
} unsafe_characters[] = {
	{"*?[", "contains a glob character (*, ? or [)"},
	{"\"", "contains a double quote"},
	{"\\", "contains a backslash"},
};

static const char *unsafe_character(unsigned char c)
{
	if (c == '\n')
		return "contains a newline";
	if (c < 0x20 || c == 0x7f)
		return "contains a control character";
	for (size_t i = 0; i < sizeof(unsafe_characters) / sizeof(unsafe_characters[0]); i++)
		if (strchr(unsafe_characters[i].characters, c))
			return unsafe_characters[i].reason;
	return NULL;
}

bool probepoint_path_is_safe(const char *path, const char **reason)
{
	const char *why = NULL;
	if (!*path)
		why = "is empty";
	else if (path[0] != '/')
		why = "is not absolute";
	for (const unsigned char *c = (const unsigned char *)path; *c && !why; c++)
		why = unsafe_character(*c);
	if (why && reason)
		*reason = why;
	return !why;
}

/* The characters a stap string literal escapes with a backslash. */
static bool needs_escape(char c)
{
	return c == '"' || c == '\\';
}

char *probepoint_string(const char *s)
{
	size_t n = 2;
	for (const char *p = s; *p; p++)
		n += needs_escape(*p) ? 2 : 1;
	char *q = xmalloc(n + 1), *w = q;
	*w++ = '"';
	for (const char *p = s; *p; p++) {
		if (needs_escape(*p))
			*w++ = '\\';
		*w++ = *p;
	}
	*w++ = '"';
	*w = '\0';
	return q;
}

/* NAME(ARGUMENT) with ARGUMENT as a string literal, after PREFIX. */
static char *call(const char *prefix, const char *name, const char *argument)
{
	char *literal = probepoint_string(argument);
	char *point = xasprintf("%s%s(%s)", prefix, name, literal);
	free(literal);
	return point;
}

char *probepoint_in_exe(const char *exe)
{
	return call("", "process", exe);
}

char *probepoint_in_exe_library(const char *exe, const char *library)
{
	char *process = probepoint_in_exe(exe);
	char *point = call(process, ".library", library);
	free(process);
	return point;
}

char *probepoint_in_library(const char *library)
{
	return call("", "process", library);
}

char *probepoint_mark(const char *prefix, const char *marker)
{
	return call(prefix, ".mark", marker);
}
