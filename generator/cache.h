/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pytapset's cache directory: what a run makes once and keeps, such as
 * the fixed SystemTap runtime (stap_runtime.h) and the tapsets written
 * for one process's Python (private_tapset.h).
 *
 * An entry is a directory named by what went into it, made under a
 * temporary name and renamed once complete, so that an entry that is
 * there is whole and two runs at once do not mix.
 */
#ifndef PYTAPSET_CACHE_H
#define PYTAPSET_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* FNV-1a, 64 bits, for naming an entry by what went into it. */
#define CACHE_HASH_START 0xcbf29ce484222325ULL
uint64_t cache_hash(uint64_t hash, const void *data, size_t len);

/*
 * The entry KIND/NAME of the cache (PYTAPSET_CACHE, else
 * $XDG_CACHE_HOME/pytapset or ~/.cache/pytapset): made by FILL(DIR, ARG,
 * DIAG) in a new directory DIR unless it is there already, which the
 * file DONE in it says (FILL writes it last).  Returns its path, or NULL
 * with the reason in DIAG.  Free the result.
 */
char *cache_entry(const char *kind, const char *name, const char *done,
		  int (*fill)(const char *dir, const void *arg, struct diag *diag),
		  const void *arg, struct diag *diag);

#endif
