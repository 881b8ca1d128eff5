/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

void diag_report(struct diag *diag, enum diag_level level, const char *subject,
		 const char *fmt, ...)
{
	if (level == DIAG_ERROR)
		diag->errors++;
	if (diag->count == DIAG_MAX_MESSAGES) {
		diag->suppressed++;
		return;
	}
	if (diag->count == diag->capacity) {
		diag->capacity = diag->capacity ? 2 * diag->capacity : 8;
		diag->messages = xreallocarray(diag->messages, diag->capacity,
					       sizeof(*diag->messages));
	}
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);

	struct diag_message *m = &diag->messages[diag->count++];
	m->level = level;
	m->subject = xstrdup(subject ? subject : "");
	m->text = text;
}

void diag_free(struct diag *diag)
{
	for (size_t i = 0; i < diag->count; i++) {
		free(diag->messages[i].subject);
		free(diag->messages[i].text);
	}
	free(diag->messages);
	*diag = (struct diag){0};
}

void diag_append(struct diag *to, const struct diag *from)
{
	size_t kept_errors = 0;
	for (size_t i = 0; i < from->count; i++) {
		const struct diag_message *m = &from->messages[i];
		kept_errors += m->level == DIAG_ERROR;
		diag_report(to, m->level, m->subject, "%s", m->text);
	}
	/* Those FROM did not keep still count, as they would have in TO. */
	to->errors += from->errors - kept_errors;
	to->suppressed += from->suppressed;
}
