/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Messages on standard error and the fate of standard output; see
 * report.h.
 */
#include "report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "exitcode.h"
#include "util.h"

/* The reason the first failed flush of standard output gave. */
static int stdout_errno;

/* File names and marker names come from outside: see printable(). */
void print_diagnostics(struct diag *diag)
{
	for (size_t i = 0; i < diag->count; i++) {
		const struct diag_message *m = &diag->messages[i];
		fputs("pytapset: ", stderr);
		if (*m->subject) {
			fput_printable(m->subject, strlen(m->subject), stderr);
			fputs(": ", stderr);
		}
		if (m->level == DIAG_WARNING)
			fputs("warning: ", stderr);
		fput_printable(m->text, strlen(m->text), stderr);
		fputc('\n', stderr);
	}
	if (diag->suppressed)
		fprintf(stderr, "pytapset: %zu more messages not shown\n", diag->suppressed);
	diag_free(diag);
}

int usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("pytapset: ", stderr);
	if (command)
		fprintf(stderr, "%s: ", command);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, " (try 'pytapset %s%s--help')\n", command ? command : "",
		command ? " " : "");
	va_end(ap);
	return EXIT_USAGE;
}

void flush_stdout(void)
{
	if (fflush(stdout) != 0 && !stdout_errno)
		stdout_errno = errno;
}

int finish_output(int status)
{
	flush_stdout();
	if (!ferror(stdout))
		return status;
	fprintf(stderr, "pytapset: standard output: %s\n",
		stdout_errno ? strerror(stdout_errno) : "write error");
	return EXIT_OUTPUT;
}
