#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Any Python on the machine, named by process id or by command: Pythons
# the installed tapset does not cover, each with the marker helper
# pip-installed from its sdist (make helper-dist), traced by `pytapset
# run show-call-hierarchy -x PID` or `-c CMD` of the staged install,
# which writes a tapset for the process's own files; each run checked
# against CPython's own record of the same program (check-script.py):
#
#   - -x PID of a venv's python, the venv of a 3.13 built from source
#     (no markers of its own: the helper's, in the venv's site-packages);
#   - -x PID, PID as the host sees it, of Debian forky's python3.14 in a
#     container: its own root, PID and mount namespaces (unshare, chroot);
#   - -c with the venv's python, and -c with a script whose #! names it.
#
# Each module is compiled here, -x while a workload of the layout waits
# (pytapset run reads that process's files), and run in the guest on a
# new process of the same files, as the other live files do.

load live

setup_file() {
	live_init
	live_container_init
	live_layout venv3.13
	live_run_x venv_x show-call-hierarchy
	live_attach_job venv_x venv3.13-x
	live_run_with venv_c show-call-hierarchy -c "$(live_command)" --
	live_job venv_c venv3.13-c
	live_oracle venv3.13
	live_layout shebang3.13
	live_run_with shebang_c show-call-hierarchy -c "$(live_command)" --
	live_job shebang_c shebang3.13-c
	live_oracle shebang3.13
	live_layout container3.14
	live_run_x container_x show-call-hierarchy
	live_attach_job container_x container3.14-x
	live_oracle container3.14
	live_boot
}

teardown_file() {
	live_container_cleanup
}

@test "-x PID: a venv's python (3.13 built from source), the helper pip-installed there: matches the oracle" {
	check_run show-call-hierarchy venv3.13 venv3.13-x
}

@test "-x PID: forky's python3.14 in a container (unshare, chroot), the helper pip-installed there: matches the oracle" {
	check_run show-call-hierarchy container3.14 container3.14-x
}

@test "-c CMD: the venv's python: matches the oracle" {
	check_run show-call-hierarchy venv3.13 venv3.13-c
}

@test "-c CMD: a script whose #! names the venv's python: matches the oracle" {
	check_run show-call-hierarchy shebang3.13 shebang3.13-c
}
