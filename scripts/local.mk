# SPDX-License-Identifier: GPL-2.0-or-later
# scripts: ready-made SystemTap scripts built on the python.* probe aliases,
# installed for users to run with stap (see pytapset-scripts(7)).

pytapsetscriptsdir = $(pkgdatadir)/scripts
dist_pytapsetscripts_SCRIPTS = \
	scripts/show-call-hierarchy.stp \
	scripts/top-functions.stp \
	scripts/top-lines.stp \
	scripts/call-latency.stp \
	scripts/call-flow.stp \
	scripts/gc-pauses.stp \
	scripts/import-tree.stp \
	scripts/audit-log.stp \
	scripts/folded-stacks.stp
