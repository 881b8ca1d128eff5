// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * embed-python SCRIPT [ARG]...: run SCRIPT in an interpreter embedded the
 * way applications embed CPython (uwsgi, vim, gdb...): libpython is a
 * shared library the program links with, so its markers are probed as
 * process("libpython...").mark(...), in whatever program maps it.
 */
#include <Python.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	PyConfig config;
	PyStatus status;
	FILE *script;
	int failed;

	if (argc < 2) {
		fprintf(stderr, "usage: embed-python SCRIPT [ARG]...\n");
		return 2;
	}
	PyConfig_InitPythonConfig(&config);
	config.write_bytecode = 0;
	config.parse_argv = 0; /* argv is the script's, not options */
	status = PyConfig_SetBytesArgv(&config, argc - 1, argv + 1);
	if (!PyStatus_Exception(status))
		status = Py_InitializeFromConfig(&config);
	PyConfig_Clear(&config);
	if (PyStatus_Exception(status))
		Py_ExitStatusException(status);
	script = fopen(argv[1], "r");
	if (!script) {
		perror(argv[1]);
		return 1;
	}
	failed = PyRun_SimpleFileExFlags(script, argv[1], 1, NULL);
	if (Py_FinalizeEx() < 0)
		failed = 1;
	return failed ? 1 : 0;
}
