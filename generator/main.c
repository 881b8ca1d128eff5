/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pytapset: generate SystemTap tapsets from the SDT markers a Python
 * build really has.  This is the command-line front end: the only place
 * that dispatches, to the subcommands of the table below.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "exitcode.h"
#include "report.h"

static const struct cmd_entry *const commands[] = {
	&cmd_list_entry, &cmd_discover_entry, &cmd_generate_entry, &cmd_run_entry,
	&cmd_doctor_entry, &cmd_runtime_entry,
};
#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

/*
 * The statuses of all commands, in short; each command's --help has its
 * own, and cmd_print_exits() adds those every command shares.
 */
static const struct cmd_exit program_exits[] = {
	{EXIT_OK, "success"},
	{EXIT_BAD_INPUT, "a file is not a probe source or has broken markers; doctor: tracing cannot work"},
	{EXIT_NO_MARKERS, "no target carries Python markers (generate)"},
	{EXIT_INTERNAL, "out of memory or internal error"},
	{-1, NULL},
};

static void print_usage(FILE *out)
{
	fprintf(out, "Usage: pytapset COMMAND [OPTION]... [ARGUMENT]...\n\n"
		     "Generate SystemTap tapsets from the static markers a Python build has,\n"
		     "and run the scripts built on them.\n\n"
		     "Commands:\n");
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		cmd_print_usage_forms(commands[i], out, 42);
	fprintf(out, "\nOptions:\n"
		     "  -h, --help      show this help and exit\n"
		     "  -V, --version   show the version and exit\n\n"
		     "'pytapset COMMAND --help' describes a command.\n\n");
	cmd_print_exits(program_exits, out);
	fprintf(out, "\nSee pytapset(1).\n");
}

static int dispatch(int argc, char **argv)
{
	static const struct option options[] = {
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{0},
	};
	int c;
	/* '+': stop at the command, whose options are its own. */
	while ((c = getopt_long(argc, argv, "+:hV", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			print_usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return EXIT_OK;
		default:
			return usage_error(NULL, "bad option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error(NULL, "no command given");

	const char *name = argv[optind];
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(name, commands[i]->name) == 0)
			return cmd_run(commands[i], argc - optind, argv + optind);
	return usage_error(NULL, "unknown command '%s'", name);
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

	return finish_output(dispatch(argc, argv));
}
