/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command table's machinery: getopt parsing, operand counts, usage
 * errors and --help, all derived from a command's cmd_entry.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "exitcode.h"
#include "report.h"

#define HELP_KEY 'h'

static const struct cmd_option help_option = {HELP_KEY, "help", NULL,
					      "show this help and exit"};

static size_t option_count(const struct cmd_entry *e)
{
	size_t n = 0;
	while (e->options && e->options[n].name)
		n++;
	return n;
}

const char *cmd_value(const struct cmd_args *args, int key)
{
	const struct cmd_option *o = args->entry->options;
	for (size_t i = 0; o && o[i].name; i++)
		if (o[i].key == key)
			return args->value[i];
	return NULL;
}

/* "-j, --json", "    --sysroot DIR" */
static int format_option(const struct cmd_option *o, char *buf, size_t size)
{
	char name[64];
	if (o->key < 256)
		snprintf(name, sizeof(name), "-%c, --%s", o->key, o->name);
	else
		snprintf(name, sizeof(name), "    --%s", o->name);
	return snprintf(buf, size, "%s%s%s", name, o->arg ? " " : "", o->arg ? o->arg : "");
}

void cmd_print_usage_forms(const struct cmd_entry *e, FILE *out, int width)
{
	const char *form = e->usage;
	for (;;) {
		const char *end = strchr(form, '\n');
		int len = end ? (int)(end - form) : (int)strlen(form);
		char text[256];
		snprintf(text, sizeof(text), "%s %.*s", e->name, len, form);
		if (width)
			fprintf(out, "  pytapset %-*s %s\n", width, text, e->summary);
		else
			fprintf(out, "%s pytapset %s\n", form == e->usage ? "Usage:" : "      ", text);
		if (!end || width)
			return;
		form = end + 1;
	}
}

/* The statuses every command has, and the program too. */
static const struct cmd_exit shared_exits[] = {
	{EXIT_USAGE, "wrong command line"},
	{EXIT_OUTPUT, "the output could not be written"},
	{-1, NULL},
};

void cmd_print_exits(const struct cmd_exit *exits, FILE *out)
{
	fputs("Exit status:\n", out);
	/* Both lists are in status order: merge them, the command's row first. */
	const struct cmd_exit *own = exits, *shared = shared_exits;
	while (own->meaning || shared->meaning) {
		const struct cmd_exit *x = !shared->meaning ? own
					   : !own->meaning ? shared
					   : own->status <= shared->status ? own : shared;
		fprintf(out, "  %d  %s\n", x->status, x->meaning);
		if (shared->meaning && shared->status == x->status)
			shared++;
		if (x == own)
			own++;
	}
}

void cmd_print_help(const struct cmd_entry *e, FILE *out)
{
	cmd_print_usage_forms(e, out, 0);
	fprintf(out, "\n%s\n\nOptions:\n", e->description);
	size_t n = option_count(e);
	int width = 0;
	char buf[128];
	for (size_t i = 0; i <= n; i++) {
		int w = format_option(i < n ? &e->options[i] : &help_option, buf, sizeof(buf));
		if (w > width)
			width = w;
	}
	for (size_t i = 0; i <= n; i++) {
		const struct cmd_option *o = i < n ? &e->options[i] : &help_option;
		format_option(o, buf, sizeof(buf));
		/* A help text of several lines goes on under its first. */
		for (const char *line = o->help; line;) {
			const char *end = strchr(line, '\n');
			fprintf(out, "  %-*s  %.*s\n", width, buf,
				end ? (int)(end - line) : (int)strlen(line), line);
			buf[0] = '\0';
			line = end ? end + 1 : NULL;
		}
	}
	fputc('\n', out);
	cmd_print_exits(e->exits, out);
	fprintf(out, "\nSee pytapset(1).\n");
}

/* getopt_long's tables for E: OPTS (with --help last) and the optstring. */
static void build_getopt(const struct cmd_entry *e, struct option *opts, char *optstring)
{
	size_t n = option_count(e);
	char *s = optstring;
	/* ':' first: a missing argument is reported as ':', not '?'. */
	if (e->options_first)
		*s++ = '+';
	*s++ = ':';
	for (size_t i = 0; i <= n; i++) {
		const struct cmd_option *o = i < n ? &e->options[i] : &help_option;
		opts[i] = (struct option){o->name, o->arg ? required_argument : no_argument,
					  NULL, o->key};
		if (o->key < 256) {
			*s++ = (char)o->key;
			if (o->arg)
				*s++ = ':';
		}
	}
	opts[n + 1] = (struct option){0};
	*s = '\0';
}

int cmd_run(const struct cmd_entry *e, int argc, char **argv)
{
	struct option opts[CMD_MAX_OPTIONS + 1];
	char optstring[3 * CMD_MAX_OPTIONS + 3];
	build_getopt(e, opts, optstring);

	struct cmd_args args = {.entry = e};
	size_t n = option_count(e);
	optind = 0; /* glibc: restart getopt for this command's options */
	int c;
	while ((c = getopt_long(argc, argv, optstring, opts, NULL)) != -1) {
		if (c == HELP_KEY) {
			cmd_print_help(e, stdout);
			return EXIT_OK;
		}
		if (c == ':')
			return usage_error(e->name, "option '%s' needs an argument",
					   argv[optind - 1]);
		if (c == '?')
			return usage_error(e->name, "bad option '%s'", argv[optind - 1]);
		for (size_t i = 0; i < n; i++)
			if (e->options[i].key == c)
				args.value[i] = optarg ? optarg : "";
	}
	args.argc = argc - optind;
	args.argv = argv + optind;
	if (args.argc < e->min_operands)
		return usage_error(e->name, "no %s given", e->operand);
	if (e->max_operands >= 0 && args.argc > e->max_operands)
		return usage_error(e->name, "unexpected argument '%s'",
				   args.argv[e->max_operands]);
	return e->exec(&args);
}
