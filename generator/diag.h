/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Diagnostics collected by the library modules.
 *
 * Modules never print: they record one-line messages here, and the command
 * line front end decides how to show them.  Each message is "FILE: text"
 * once printed with the program name in front.
 */
#ifndef PYTAPSET_DIAG_H
#define PYTAPSET_DIAG_H

#include <stddef.h>

enum diag_level { DIAG_WARNING, DIAG_ERROR };

struct diag_message {
	enum diag_level level;
	char *subject;		/* usually a file name */
	char *text;
};

/*
 * A hostile file can hold a million broken notes: past this many messages
 * only the count of the rest is kept, so memory stays bounded.
 */
#define DIAG_MAX_MESSAGES 1000

struct diag {
	struct diag_message *messages;
	size_t count;
	size_t capacity;
	size_t errors;
	size_t suppressed;	/* messages not kept once DIAG_MAX_MESSAGES were */
};

void diag_report(struct diag *diag, enum diag_level level, const char *subject,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Report FROM's messages to TO as well, in order (a file read once, told again). */
void diag_append(struct diag *to, const struct diag *from);
void diag_free(struct diag *diag);

#endif
