/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pybuild.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Digits a version number may have: it fits an unsigned. */
#define VERSION_DIGITS_MAX 9

/* The number of LEN digits at P. */
static unsigned number(const char *p, size_t len)
{
	unsigned n = 0;
	for (size_t i = 0; i < len; i++)
		n = 10 * n + (unsigned)(p[i] - '0');
	return n;
}

static const char helper_prefix[] = PY_HELPER_MODULE ".cpython-3";

/* "_pytapset.cpython-311-x86_64-linux-gnu.so": major 3, then the minor. */
static enum py_name parse_helper_name(const char *name, struct py_version *version)
{
	const char *p = name + sizeof(helper_prefix) - 1;
	size_t minor = strspn(p, "0123456789");
	const char *rest = p + minor;
	size_t n = strlen(rest);
	if (!minor || minor > 3 || !(*rest == '-' || strcmp(rest, ".so") == 0) ||
	    n < 3 || strcmp(rest + n - 3, ".so") != 0)
		return PY_NAME_OTHER;
	version->major = 3;
	version->minor = number(p, minor);
	return PY_NAME_HELPER;
}

enum py_name py_parse_name(const char *name, struct py_version *version)
{
	*version = (struct py_version){0};
	if (strncmp(name, helper_prefix, sizeof(helper_prefix) - 1) == 0)
		return parse_helper_name(name, version);
	bool library = strncmp(name, "lib", 3) == 0;
	const char *p = name + (library ? 3 : 0);
	if (strncmp(p, "python", 6) != 0)
		return PY_NAME_OTHER;
	p += 6;
	size_t major = strspn(p, "0123456789");
	size_t minor = p[major] == '.' ? strspn(p + major + 1, "0123456789") : 0;
	if (major && minor && major <= VERSION_DIGITS_MAX && minor <= VERSION_DIGITS_MAX) {
		version->major = number(p, major);
		version->minor = number(p + major + 1, minor);
	}
	p += major + (minor ? 1 + minor : 0);
	size_t letters = strspn(p, "dmtu");
	if (letters < sizeof(version->abiflags) && py_version_known(version))
		memcpy(version->abiflags, p, letters);
	p += letters;
	if (library)
		return strncmp(p, ".so", 3) == 0 ? PY_NAME_LIBRARY : PY_NAME_OTHER;
	return *p ? PY_NAME_OTHER : PY_NAME_EXECUTABLE;
}

bool py_version_known(const struct py_version *version)
{
	return version->major || version->minor;
}

void py_version_family(const struct py_version *version, char family[PY_FAMILY_SIZE])
{
	if (py_version_known(version))
		snprintf(family, PY_FAMILY_SIZE, "python%u_%u", version->major, version->minor);
	else
		family[0] = '\0';
}

void py_version_text(const struct py_version *version, char text[PY_VERSION_TEXT_SIZE])
{
	snprintf(text, PY_VERSION_TEXT_SIZE, "%u.%u", version->major, version->minor);
}

bool py_version_parse(const char *text, struct py_version *version)
{
	*version = (struct py_version){0};
	size_t major = strspn(text, "0123456789");
	size_t minor = text[major] == '.' ? strspn(text + major + 1, "0123456789") : 0;
	if (!major || !minor || major > VERSION_DIGITS_MAX || minor > VERSION_DIGITS_MAX ||
	    text[major + 1 + minor] != '\0')
		return false;
	version->major = number(text, major);
	version->minor = number(text + major + 1, minor);
	return true;
}

bool py_version_same(const struct py_version *a, const struct py_version *b)
{
	return a->major == b->major && a->minor == b->minor;
}

/* A's order against B's: negative, zero or positive. */
static int compare(const struct py_version *a, const struct py_version *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	return a->minor < b->minor ? -1 : a->minor > b->minor;
}

bool py_version_between(const struct py_version *version, const struct py_version *first,
			const struct py_version *last)
{
	return compare(first, version) <= 0 && compare(version, last) <= 0;
}

enum py_name py_path_kind(const char *path)
{
	struct py_version version;
	const char *slash = strrchr(path, '/');
	return py_parse_name(slash ? slash + 1 : path, &version);
}
