/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The subcommands of pytapset, as a table (after tmux's cmd_entry): each
 * command declares once its name, usage, options and exit statuses, and
 * the front end derives from that one entry the getopt parsing, the
 * usage errors and the --help text.  A command's exec function gets the
 * parsed options and operands and returns an exit status from exitcode.h.
 * Commands do not call one another: what two of them share is a module
 * of its own (report.h, process.h, settings.h, markers.h ...).
 */
#ifndef PYTAPSET_COMMANDS_H
#define PYTAPSET_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

/* Options per command at the most, --help included. */
#define CMD_MAX_OPTIONS 16

struct cmd_option {
	int key;		/* the short option letter, or >= 256 for a long-only one */
	const char *name;	/* the long name */
	const char *arg;	/* the argument's name, or NULL for a flag */
	const char *help;	/* one line for --help */
};

struct cmd_exit {
	int status;
	const char *meaning;
};

struct cmd_args;

struct cmd_entry {
	const char *name;
	/* What follows "pytapset NAME"; several forms separated by '\n'. */
	const char *usage;
	const char *summary;	/* one line, for `pytapset --help` */
	const char *description;	/* the paragraph of `pytapset NAME --help` */
	const struct cmd_option *options;	/* ends with {0}; --help is implied */
	/* Its own, by status; ends with {-1, NULL}.  See cmd_print_exits(). */
	const struct cmd_exit *exits;
	/*
	 * Operands: how many at least and at the most (-1: no limit), and the
	 * name of one for "no FILE given".
	 */
	int min_operands, max_operands;
	const char *operand;
	/* Stop at the first operand: what follows it is not ours to parse. */
	bool options_first;
	int (*exec)(const struct cmd_args *args);
};

struct cmd_args {
	const struct cmd_entry *entry;
	/* Per entry->options[i]: its argument, "" for a flag, NULL if absent. */
	const char *value[CMD_MAX_OPTIONS];
	int argc;		/* the operands */
	char **argv;
};

extern const struct cmd_entry cmd_list_entry;
extern const struct cmd_entry cmd_discover_entry;
extern const struct cmd_entry cmd_generate_entry;
extern const struct cmd_entry cmd_run_entry;
extern const struct cmd_entry cmd_doctor_entry;
extern const struct cmd_entry cmd_runtime_entry;

/*
 * Parse ARGV (ARGV[0] is the command's name) by ENTRY and run it: --help
 * prints the help, a wrong command line one usage error.  Returns the exit
 * status.
 */
int cmd_run(const struct cmd_entry *entry, int argc, char **argv);

/* The option with KEY: its argument ("" for a flag), or NULL if not given. */
const char *cmd_value(const struct cmd_args *args, int key);

/* Print ENTRY's --help text, or the usage forms alone for `pytapset --help`. */
void cmd_print_help(const struct cmd_entry *entry, FILE *out);
void cmd_print_usage_forms(const struct cmd_entry *entry, FILE *out, int width);

/*
 * Print the exit statuses EXITS as --help shows them, in order, with the
 * ones every command shares (a wrong command line, output that could not
 * be written) among them: a command's exits list only what it says of its
 * own, and a row of its own replaces a shared one of the same status.
 */
void cmd_print_exits(const struct cmd_exit *exits, FILE *out);

#endif
