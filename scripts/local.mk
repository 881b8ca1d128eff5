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

# Their bpftrace templates (NAME.bt beside NAME.stp), which `pytapset run`
# renders for this machine's Pythons where stap cannot run.
dist_pytapsetscripts_DATA = \
	scripts/show-call-hierarchy.bt \
	scripts/gc-pauses.bt \
	scripts/audit-log.bt \
	scripts/import-tree.bt \
	scripts/top-functions.bt \
	scripts/top-lines.bt \
	scripts/call-latency.bt
