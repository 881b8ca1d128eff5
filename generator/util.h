/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Allocation helpers (pytapset cannot do anything useful without memory)
 * and the printable form of bytes that come from outside.
 */
#ifndef PYTAPSET_UTIL_H
#define PYTAPSET_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Running out of memory (or a libelf older than the headers pytapset was
 * built with) is the one failure the library modules do not hand back to
 * the front end: there is no sensible way to go on, and every caller would
 * otherwise carry an error path that is never tested.  Both print one line
 * and exit with status 5 (EXIT_INTERNAL).
 */
void out_of_memory(void) __attribute__((noreturn));
void internal_error(const char *what) __attribute__((noreturn));

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/*
 * Length of the well-formed UTF-8 sequence at P (1 to 4), or 0 if P does
 * not start one: overlong forms, surrogates and values past U+10FFFF are
 * not well-formed.
 */
size_t utf8_sequence(const unsigned char *p);

/*
 * The LEN bytes at S made fit for a one-line message, unambiguously:
 * well-formed UTF-8 as it is, a backslash doubled, a newline as \n, any
 * other control byte and any byte that is not UTF-8 as \xHH.
 */
char *printable(const char *s, size_t len);
/* Write printable(S, LEN) to OUT. */
void fput_printable(const char *s, size_t len, FILE *out);

#endif
