# SPDX-License-Identifier: GPL-2.0-or-later
# The SystemTap runtime fixes (generator/runtime_fix.h), read by pytapset
# at run time: `pytapset runtime`, `run` and `doctor` apply them to a
# private copy of stap's runtime.
pytapsetfixesdir = $(pkgdatadir)/runtime-fixes
dist_pytapsetfixes_DATA = \
	runtime-fixes/relay-drain-at-exit.fix \
	runtime-fixes/relay-subbuf-switch.fix \
	runtime-fixes/task-work-cancel-func.fix \
	runtime-fixes/uprobe-register-handle.fix \
	runtime-fixes/uprobes-overlay-inode.fix
