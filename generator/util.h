/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Allocation helpers: pytapset cannot do anything useful without memory. */
#ifndef PYTAPSET_UTIL_H
#define PYTAPSET_UTIL_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
