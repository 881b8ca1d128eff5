/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Python a command runs; see pycommand.h. */
#include "pycommand.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"
#include "process.h"
#include "util.h"

/* "#!" lines longer than this are cut by the kernel too (BINPRM_BUF_SIZE). */
#define SHEBANG_MAX 256
/* Scripts whose interpreter is a script, as Linux allows (at most 4 deep). */
#define INTERPRETER_DEPTH 5

/*
 * Split TEXT into words the way a shell does for a simple command:
 * blanks separate, '...' and "..." quote, a backslash escapes.
 */
static void split_words(const char *text, struct path_list *words)
{
	char *word = xmalloc(strlen(text) + 1);
	const char *p = text;
	for (;;) {
		p += strspn(p, " \t\n");
		if (!*p)
			break;
		size_t n = 0;
		char quote = 0;
		for (; *p && (quote || !strchr(" \t\n", *p)); p++) {
			if (quote && *p == quote)
				quote = 0;
			else if (!quote && (*p == '\'' || *p == '"'))
				quote = *p;
			else if (*p == '\\' && p[1] && quote != '\'')
				word[n++] = *++p;
			else
				word[n++] = *p;
		}
		word[n] = '\0';
		path_list_append(words, word);
	}
	free(word);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* NAME=VALUE, as a shell or env takes it. */
static bool is_assignment(const char *word)
{
	static const char name_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_0123456789";
	size_t n = strspn(word, name_chars);
	return n > 0 && !(word[0] >= '0' && word[0] <= '9') && word[n] == '=';
}

/*
 * Replace env's -S STRING (or -SSTRING, --split-string=STRING) at
 * WORDS[I] by the words of STRING, as env does.
 */
static void split_env_string(struct path_list *words, size_t i)
{
	/* e.g. #!/usr/bin/env -S python3 -u: the kernel gives "-S python3 -u" */
	const char *w = words->items[i];
	const char *joined_value = w[1] == 'S' ? w + 2 : strchr(w, '=') ? strchr(w, '=') + 1 : "";
	bool own_word = !*joined_value;
	const char *value = !own_word ? joined_value
			    : i + 1 < words->count ? words->items[i + 1] : "";
	struct path_list split = {0}, result = {0};
	split_words(value, &split);
	for (size_t j = 0; j < i; j++)
		path_list_append(&result, words->items[j]);
	for (size_t j = 0; j < split.count; j++)
		path_list_append(&result, split.items[j]);
	for (size_t j = i + (own_word ? 2 : 1); j < words->count; j++)
		path_list_append(&result, words->items[j]);
	path_list_free(&split);
	path_list_free(words);
	*words = result;
}

/*
 * The index of the program in WORDS, past `env` with its options and
 * assignments, and a shell's variable assignments; -1 if none is left.
 */
static int program_word(struct path_list *words)
{
	size_t i = 0;
	bool env = false;
	while (i < words->count) {
		const char *w = words->items[i];
		if (!env && strcmp(base_name(w), "env") == 0) {
			env = true;
			i++;
		} else if (env && (strcmp(w, "-u") == 0 || strcmp(w, "--unset") == 0)) {
			i += 2;
		} else if (env && (strncmp(w, "-S", 2) == 0 || strncmp(w, "--split-string", 14) == 0)) {
			split_env_string(words, i);
		} else if ((env && w[0] == '-') || is_assignment(w)) {
			i++;	/* -i, -, NAME=VALUE */
		} else {
			return (int)i;
		}
	}
	return -1;
}

/* The "#!" line of FILE without "#!", or NULL if it has none. */
static char *shebang(const char *file)
{
	FILE *f = fopen(file, "re");
	char line[SHEBANG_MAX + 1];
	char *result = NULL;
	if (f && fgets(line, sizeof(line), f) && strncmp(line, "#!", 2) == 0) {
		line[strcspn(line, "\n")] = '\0';
		result = xstrdup(line + 2);
	}
	if (f)
		fclose(f);
	return result;
}

/*
 * pyenv's shims (PYENV_ROOT/shims/python3 and the like) are shell scripts
 * that pick a Python by PYENV_VERSION, .python-version files and the
 * global setting, then exec it: the end of each reads
 *   exec "PYENV_ROOT/libexec/pyenv" exec "$program" "$@"
 * and `pyenv which NAME` answers with the same choice, for this
 * directory and environment, which is where the command will run.
 * Returns that Python, or NULL when PROGRAM is not such a shim.
 */
static char *pyenv_shim_program(const char *program)
{
	static const char tail[] = "/libexec/pyenv\" exec \"$program\"";
	FILE *f = fopen(program, "re");
	char *line = NULL, *pyenv = NULL;
	size_t size = 0;
	while (f && !pyenv && getline(&line, &size, f) > 0) {
		char *at = strstr(line, tail);
		if (at && strncmp(line, "exec \"/", 7) == 0)
			pyenv = xstrndup(line + 6, (size_t)(at - line - 6) + strlen("/libexec/pyenv"));
	}
	free(line);
	if (f)
		fclose(f);
	if (!pyenv)
		return NULL;
	char *argv[] = {pyenv, "which", (char *)base_name(program), NULL};
	char *output = NULL, *result = NULL;
	if (process_capture(argv, NULL, &output) == 0 && output[0] == '/') {
		output[strcspn(output, "\n")] = '\0';
		result = xstrdup(output);
	}
	free(output);
	free(pyenv);
	return result;
}

char *pycommand_program(const char *cmd, struct diag *diag)
{
	struct path_list words = {0};
	split_words(cmd, &words);
	size_t errors = diag->errors;
	char *program = NULL;
	for (int depth = 0; depth < INTERPRETER_DEPTH; depth++) {
		int i = program_word(&words);
		if (i < 0) {
			diag_report(diag, DIAG_ERROR, cmd, "names no program to run");
			break;
		}
		program = process_find(words.items[i]);
		if (!program) {
			diag_report(diag, DIAG_ERROR, words.items[i], "%s",
				    strchr(words.items[i], '/') ? "not an executable file"
								: "no such program in PATH");
			break;
		}
		char *chosen = pyenv_shim_program(program);
		if (chosen) {
			free(program);
			program = chosen;
		}
		char *line = shebang(program);
		if (!line) {
			path_list_free(&words);
			return program;
		}
		/* The kernel runs INTERPRETER [ARGUMENT] SCRIPT: one argument, unsplit. */
		path_list_free(&words);
		char *p = line + strspn(line, " \t");
		size_t end = strcspn(p, " \t");
		char *interpreter = xstrndup(p, end);
		path_list_append(&words, interpreter);
		p += end + strspn(p + end, " \t");
		if (*p)
			path_list_append(&words, p);
		free(interpreter);
		free(line);
		free(program);
		program = NULL;
	}
	if (diag->errors == errors)
		diag_report(diag, DIAG_ERROR, cmd, "too many levels of #! interpreters");
	path_list_free(&words);
	return NULL;
}
