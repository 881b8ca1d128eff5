#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The scripts on bpftrace, live on this machine's own kernel (no guest:
# BPF needs no module): `pytapset run --backend=bpftrace NAME -c CMD`
# renders each script for this machine's Pythons, and its output is
# checked against CPython's own record of the same program (workload.py
# --oracle, check-script.py), as the stap scripts are in scripts.bats.
# Each runs with Debian 12's bpftrace 0.17 (the host's) and Debian 13's
# 0.23 (from a trixie root made once in the live cache, run by that
# root's loader on this machine's files, so that it sees the same paths).

load ../common

LIVE_DIR=$top_srcdir/tests/live
LIVE_CACHE=${PYTAPSET_LIVE_CACHE:-/var/cache/pytapset-live}
PY=/usr/bin/python3.11

setup_file() {
	[ "$(id -u)" = 0 ] || skip_or_fail "bpftrace needs root"
	require_command bpftrace debootstrap
	require_file "$PY" "$top_builddir/helper/3.11"
	# bpftrace reads at most 63 bytes of a file name: a short directory.
	PROG=$(mktemp -d /tmp/ptbt.XXXXXX)
	cp "$LIVE_DIR/workload.py" "$LIVE_DIR/oracle.py" "$PROG/"
	ROOT=$LIVE_CACHE/root-trixie-bpftrace
	"$LIVE_DIR/debian-root" trixie "$ROOT" bpftrace
	printf '#!/bin/sh\nexec %s/lib64/ld-linux-x86-64.so.2 --library-path %s/usr/lib/x86_64-linux-gnu %s/usr/bin/bpftrace "$@"\n' \
		"$ROOT" "$ROOT" "$ROOT" >"$PROG/bpftrace-0.23"
	chmod +x "$PROG/bpftrace-0.23"
	"$PY" "$PROG/workload.py" --oracle "$PROG/python3.11.oracle" 2>"$PROG/oracle.err"
	export PROG
}

teardown_file() {
	[ -n "${PROG:-}" ] && rm -rf "$PROG"
	return 0
}

# bpftrace_of VERSION: the bpftrace program of that version.
bpftrace_of() {
	case $1 in
	0.17) command -v bpftrace ;;
	0.23) echo "$PROG/bpftrace-0.23" ;;
	esac
}

# run_script VERSION NAME RUN CMD...: pytapset run NAME -c "CMD" on
# bpftrace VERSION, its output in $PROG/RUN.out and its wall time in ms
# in $PROG/RUN.ms; checks that it says which tracer it runs and why.
run_script() {
	local version=$1 name=$2 out=$PROG/$3 start end
	shift 3
	start=$(date +%s%N)
	PYTAPSET_BPFTRACE=$(bpftrace_of "$version") PYTHONPATH="$top_builddir/helper/3.11:$top_srcdir/helper" \
		PYTHONDONTWRITEBYTECODE=1 timeout 120 "$PYTAPSET" run --backend=bpftrace "$name" -c "$*" \
		>"$out.out" 2>"$out.err" || { cat "$out.err" >&2; return 1; }
	end=$(date +%s%N)
	echo $(((end - start) / 1000000)) >"$out.ms"
	grep -q "^pytapset: running $name on bpftrace: as asked (--backend)$" "$out.err" ||
		fail "no line saying which tracer: $(cat "$out.err")"
	"$(bpftrace_of "$version")" --version | grep -q "v$version" || fail "not bpftrace $version"
}

# check RUN SCRIPT: RUN's output against the oracle of python3.11.
check() {
	run python3 "$LIVE_DIR/check-script.py" "$2" "$PROG/python3.11.oracle" "$PROG/$1.out" \
		"$(cat "$PROG/$1.ms")"
	echo "# $1: ${output%%$'\n'*}" >&3
	[ "$status" -eq 0 ] || fail "$output"
}

# show_call_hierarchy VERSION: under the marker helper, the whole tree.
show_call_hierarchy() {
	run_script "$1" show-call-hierarchy "sch-$1" "$PY" -m pytapset "$PROG/workload.py"
	check "sch-$1" show-call-hierarchy
}

# gc_pauses VERSION: on python3.11 as it is.
gc_pauses() {
	run_script "$1" gc-pauses "gc-$1" "$PY" "$PROG/workload.py"
	check "gc-$1" gc-pauses
}

@test "bpftrace 0.17: python3.11 -m pytapset: show-call-hierarchy -c CMD matches the oracle" {
	show_call_hierarchy 0.17
}

@test "bpftrace 0.23: python3.11 -m pytapset: show-call-hierarchy -c CMD matches the oracle" {
	show_call_hierarchy 0.23
}

@test "bpftrace 0.17: gc-pauses -c CMD matches the oracle" {
	gc_pauses 0.17
}

@test "bpftrace 0.23: gc-pauses -c CMD matches the oracle" {
	gc_pauses 0.23
}

@test "bpftrace 0.23: audit-log -c CMD matches the oracle" {
	run_script 0.23 audit-log audit-0.23 "$PY" "$PROG/workload.py"
	check audit-0.23 audit-log
}

@test "bpftrace 0.17: audit-log is refused in one line naming the version that can" {
	run --separate-stderr env PYTAPSET_BPFTRACE="$(bpftrace_of 0.17)" \
		"$PYTAPSET" run --backend=bpftrace audit-log -c "$PY -c pass"
	[ "$status" -eq 1 ]
	[ "${stderr_lines[1]}" = "pytapset: audit-log: needs bpftrace 0.23 or later ($(bpftrace_of 0.17) has 0.17): 0.17 loses event names used as map keys" ] ||
		fail "$stderr"
	[ "${#stderr_lines[@]}" -eq 2 ]
}

@test "python3.11 without the helper: show-call-hierarchy is refused with the reason (3.11's function__entry)" {
	run --separate-stderr env PYTAPSET_HELPER_PATH= "$PYTAPSET" run --backend=bpftrace \
		show-call-hierarchy -c "$PY -c pass"
	[ "$status" -eq 1 ]
	[[ ${stderr_lines[1]} == "pytapset: show-call-hierarchy.bt: python.function.entry: CPython 3.11 fires function__entry only for generator"* ]] ||
		fail "$stderr"
}

@test "-x PID: only that process is traced" {
	local out=$PROG/x.out n
	# The other process collects 20 times, the traced one 4 (and a few
	# more times as it exits).
	"$PY" -c 'import time, gc; time.sleep(3); [gc.collect() for i in range(20)]' &
	"$PY" -c 'import time, gc; time.sleep(3); [gc.collect() for i in range(4)]' &
	PYTAPSET_BPFTRACE=bpftrace timeout -s INT 6 "$PYTAPSET" run --backend=bpftrace gc-pauses -x $! \
		>"$out" 2>"$PROG/x.err" || true
	wait
	n=$(awk '$1 == 2 && NF == 6 { print $2 }' "$out")
	[ -n "$n" ] && [ "$n" -ge 4 ] && [ "$n" -lt 20 ] || fail "$(cat "$out" "$PROG/x.err")"
	head -n 1 "$out" | grep -q '^--- gc-pauses' || fail "$(cat "$out")"
}
