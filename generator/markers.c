/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Python markers of a file by name; see markers.h.
 */
#include "markers.h"

#include <string.h>

#include "target.h"

bool marker_is_python(const struct sdt_probe *p)
{
	return strcmp(p->provider, TARGET_PROVIDER) == 0;
}

size_t marker_names(const struct sdt_file *file, const char **names, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; file && i < file->probe_count && n < max; i++) {
		const struct sdt_probe *p = &file->probes[i];
		bool seen = !marker_is_python(p);
		for (size_t j = 0; j < n && !seen; j++)
			seen = strcmp(names[j], p->name) == 0;
		if (!seen)
			names[n++] = p->name;
	}
	return n;
}

bool marker_present(const struct sdt_file *file, const char *name)
{
	for (size_t i = 0; file && i < file->probe_count; i++)
		if (marker_is_python(&file->probes[i]) && strcmp(file->probes[i].name, name) == 0)
			return true;
	return false;
}
