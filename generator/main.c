/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pytapset: generate SystemTap tapsets from the SDT markers a Python
 * build really has.  This is the command-line front end: it dispatches to
 * the subcommands and is the only place that prints diagnostics.
 */
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "exitcode.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *synopsis;
	const char *summary;
};

static const struct command commands[] = {
	{"list", cmd_list, "list [--json] FILE...",
	 "show the SDT markers of ELF files"},
	{"discover", cmd_discover, "discover [--json] [--sysroot DIR]",
	 "find the Pythons that carry markers"},
	{"generate", cmd_generate, "generate [OPTION]... [-o FILE] TARGET...",
	 "write a tapset for Python executables or libraries"},
};

static void print_usage(FILE *out)
{
	fprintf(out, "Usage: pytapset COMMAND [OPTION]... [ARGUMENT]...\n\n"
		     "Generate SystemTap tapsets from the static markers a Python build has.\n\n"
		     "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  pytapset %-40s %s\n", commands[i].synopsis,
			commands[i].summary);
	fprintf(out, "\nOptions:\n"
		     "  -h, --help      show this help and exit\n"
		     "  -V, --version   show the version and exit\n\n"
		     "'pytapset COMMAND --help' describes a command.\n\n"
		     "Exit status:\n"
		     "  0  success\n"
		     "  1  a file is not a probe source or has broken markers\n"
		     "  2  wrong command line\n"
		     "  3  no target carries Python markers (generate)\n"
		     "  4  the output could not be written\n"
		     "  5  out of memory or internal error\n\n"
		     "See pytapset(1).\n");
}

/*
 * File names and marker names come from outside: escape control bytes so
 * that every message stays on one line.
 */
static void print_escaped(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
}

void print_diagnostics(struct diag *diag)
{
	for (size_t i = 0; i < diag->count; i++) {
		const struct diag_message *m = &diag->messages[i];
		fputs("pytapset: ", stderr);
		if (*m->subject) {
			print_escaped(stderr, m->subject);
			fputs(": ", stderr);
		}
		if (m->level == DIAG_WARNING)
			fputs("warning: ", stderr);
		print_escaped(stderr, m->text);
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

int option_error(const char *command, int c, char **argv)
{
	if (c == ':')
		return usage_error(command, "option '%s' needs an argument", argv[optind - 1]);
	return usage_error(command, "bad option '%s'", argv[optind - 1]);
}

int main(int argc, char **argv)
{
	/*
	 * Output must not depend on the caller's locale: messages and
	 * numbers are always written in the C locale.
	 */
	setlocale(LC_ALL, "C");
	/* getopt's own messages lack our prefix; usage_error() speaks instead. */
	opterr = 0;

	static const struct option options[] = {
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{0},
	};
	int c;
	/* '+': stop at the subcommand, whose options are its own. */
	while ((c = getopt_long(argc, argv, "+:hV", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			print_usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return EXIT_OK;
		default:
			return option_error(NULL, c, argv);
		}
	}
	if (optind >= argc)
		return usage_error(NULL, "no command given");

	const char *name = argv[optind];
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(name, commands[i].name) != 0)
			continue;
		int sub_argc = argc - optind;
		char **sub_argv = argv + optind;
		optind = 0; /* glibc: restart getopt for the subcommand's options */
		return commands[i].run(sub_argc, sub_argv);
	}
	return usage_error(NULL, "unknown command '%s'", name);
}
