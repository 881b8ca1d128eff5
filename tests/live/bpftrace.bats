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
# root's loader on this machine's files, so that it sees the same paths),
# on the Pythons of scripts.bats' layouts: 3.11 under its helper, the 3.13
# built from source under its helper, forky's 3.14 (under its helper) and
# 3.15 in their chroots (see layout).  show-call-hierarchy on 3.15 is not
# checked: 3.15's function__entry also fires when a generator is created
# (aliases.bats), with stap as with bpftrace.

load live

PY=/usr/bin/python3.11

setup_file() {
	[ "$(id -u)" = 0 ] || skip_or_fail "bpftrace needs root"
	require_command bpftrace debootstrap cc
	require_file "$PY" "$top_builddir/helper/3.11"
	export PYTHONDONTWRITEBYTECODE=1
	# bpftrace reads at most 63 bytes of a file name: a short directory.
	PROG=$(mktemp -d /tmp/ptbt.XXXXXX)
	cp "$LIVE_DIR/workload.py" "$LIVE_DIR/oracle.py" "$PROG/"
	ROOT=$LIVE_CACHE/root-trixie-bpftrace
	"$LIVE_DIR/debian-root" trixie "$ROOT" bpftrace
	printf '#!/bin/sh\nexec %s/lib64/ld-linux-x86-64.so.2 --library-path %s/usr/lib/x86_64-linux-gnu %s/usr/bin/bpftrace "$@"\n' \
		"$ROOT" "$ROOT" "$ROOT" >"$PROG/bpftrace-0.23"
	chmod +x "$PROG/bpftrace-0.23"
	"$PY" -X importtime "$PROG/workload.py" 2>"$PROG/importtime.txt" >/dev/null
	export PROG
	local l
	for l in helper3.11 source3.13 forky3.14 python3.15; do
		layout "$l"
		"${PYTHON[@]}" "$WORKLOAD" --oracle "${WORKLOAD%/*}/$l.oracle" 2>"$PROG/$l.oracle.err"
	done
}

teardown_file() {
	[ -n "${PROG:-}" ] && rm -rf "$PROG"
	local s
	for s in "$(sysroot_path forky forky3.14)" "$(sysroot_path forky python3.15)"; do
		rm -rf "$s/tmp/${PROG##*/}"
	done
}

# layout NAME: the Python of the next runs, as in live.bash (PYTHON, an
# array, the helper's RUNNER, WORKLOAD, the ORACLE file as the host sees
# it, and OPTIONS and ENV for pytapset run), made once:
#   helper3.11  /usr/bin/python3.11 under the helper configure built
#   source3.13  trixie's 3.13 built from source without markers, under
#               its helper (found in its prefix, the Python on PATH)
#   forky3.14   forky's 3.14 in a chroot, under its helper; run names its
#               files by their host paths (--sysroot)
#   python3.15  forky's 3.15 in a chroot, markers of its own
layout() {
	local sysroot
	RUNNER=(-m pytapset)
	OPTIONS=()
	ENV=(-u PYTAPSET_HELPER_PATH)
	WORKLOAD=$PROG/workload.py
	ORACLE=$PROG/$1.oracle
	case $1 in
	helper3.11)
		ENV=(PYTHONPATH="$top_builddir/helper/3.11:$top_srcdir/helper")
		PYTHON=(env "${ENV[@]}" "$PY")
		;;
	source3.13)
		LIVE_PREFIX=$LIVE_CACHE/cpython-trixie-python3.13
		require_file "$LIVE_PREFIX/bin/python3.13"
		ENV+=(PATH="$LIVE_PREFIX/bin:$PATH")
		PYTHON=("$LIVE_PREFIX/bin/python3.13")
		LIVE_HELPER_DIR=$LIVE_PREFIX/lib/python3/dist-packages LIVE_SYSROOT= LIVE_PYTHON=("${PYTHON[@]}")
		[ -e "$LIVE_HELPER_DIR/pytapset.py" ] || build_helper
		;;
	forky3.14 | python3.15)
		sysroot=$(sysroot_path forky "$1")
		require_file "$sysroot/usr/bin/python${1: -4}"
		PYTHON=(chroot "$sysroot" "/usr/bin/python${1: -4}")
		OPTIONS=(--sysroot "$sysroot")
		WORKLOAD=/tmp/${PROG##*/}/workload.py
		mkdir -p "$sysroot${WORKLOAD%/*}"
		cp "$PROG/workload.py" "$PROG/oracle.py" "$sysroot${WORKLOAD%/*}/"
		ORACLE=$sysroot/tmp/${PROG##*/}/$1.oracle
		[ "$1" = python3.15 ] && RUNNER=()
		LIVE_HELPER_DIR=$sysroot/usr/lib/python3/dist-packages LIVE_SYSROOT=$sysroot LIVE_PYTHON=("${PYTHON[@]}")
		[ "$1" = python3.15 ] || [ -e "$LIVE_HELPER_DIR/pytapset.py" ] || build_helper
		;;
	esac
}

# bpftrace_of VERSION: the bpftrace program of that version.
bpftrace_of() {
	case $1 in
	0.17) command -v bpftrace ;;
	0.23) echo "$PROG/bpftrace-0.23" ;;
	esac
}

# script_on LAYOUT VERSION SCRIPT: `pytapset run --backend=bpftrace SCRIPT
# -c CMD ARGS` of the workload on LAYOUT (under the helper for a script of
# functions or lines, HELPER_SCRIPTS) with bpftrace VERSION, with the
# arguments of the live tests (script_args), its output checked against
# the layout's oracle; it must say which tracer it runs and why.
script_on() {
	local l=$1 version=$2 script=$3 out=$PROG/$1-$2-$3 start end runner=() args
	layout "$l"
	[[ " $HELPER_SCRIPTS " == *" $script "* ]] && runner=("${RUNNER[@]}")
	read -r -a args <<<"$(script_args "$script")"
	start=$(date +%s%N)
	# Where no SystemTap module can load (this host's kernel), run picks
	# bpftrace itself and says why; elsewhere it is asked for.
	local backend=() why="SystemTap cannot run here: this kernel cannot load modules"
	[ -e /proc/modules ] && backend=(--backend=bpftrace)
	env "${ENV[@]}" PYTAPSET_BPFTRACE="$(bpftrace_of "$version")" timeout 120 \
		"$PYTAPSET" run "${backend[@]}" "$script" "${OPTIONS[@]}" \
		-c "${PYTHON[*]} ${runner[*]} $WORKLOAD" "${args[@]}" >"$out.out" 2>"$out.err" || {
		cat "$out.err" >&2
		return 1
	}
	end=$(date +%s%N)
	if [ ${#backend[@]} -eq 0 ]; then
		grep -q "^pytapset: running $script on bpftrace: $why" "$out.err" ||
			fail "no line saying which tracer and why: $(cat "$out.err")"
	else
		! grep -q "^pytapset: running" "$out.err" || fail "a line for the tracer asked for"
	fi
	"$(bpftrace_of "$version")" --version | grep -q "v$version" || fail "not bpftrace $version"
	local extra=()
	[ "$script" = import-tree ] && extra=("$PROG/importtime.txt")
	run python3 "$LIVE_DIR/check-script.py" "$script" "$ORACLE" "$out.out" $(((end - start) / 1000000)) \
		"${extra[@]}"
	echo "# $l $version: ${output%%$'\n'*}" >&3
	[ "$status" -eq 0 ] || fail "$output"
}

@test "bpftrace 0.17: python3.11 -m pytapset: show-call-hierarchy -c CMD matches the oracle" {
	script_on helper3.11 0.17 show-call-hierarchy
}

@test "bpftrace 0.23: python3.11 -m pytapset: show-call-hierarchy -c CMD matches the oracle" {
	script_on helper3.11 0.23 show-call-hierarchy
}

@test "bpftrace 0.17 and 0.23: python3.13 built from source, -m pytapset: show-call-hierarchy -c CMD matches the oracle" {
	script_on source3.13 0.17 show-call-hierarchy
	script_on source3.13 0.23 show-call-hierarchy
}

@test "bpftrace 0.17 and 0.23: forky's python3.14 in a chroot, -m pytapset: show-call-hierarchy -c CMD matches the oracle" {
	script_on forky3.14 0.17 show-call-hierarchy
	script_on forky3.14 0.23 show-call-hierarchy
}

@test "bpftrace 0.17 and 0.23: gc-pauses -c CMD matches the oracle on python3.11, forky's 3.14 and 3.15" {
	local l
	for l in helper3.11 forky3.14 python3.15; do
		script_on "$l" 0.17 gc-pauses
		script_on "$l" 0.23 gc-pauses
	done
}

@test "bpftrace 0.17 and 0.23: import-tree -c CMD matches the oracle and -X importtime on python3.11" {
	script_on helper3.11 0.17 import-tree
	script_on helper3.11 0.23 import-tree
}

@test "bpftrace 0.23: audit-log -c CMD matches the oracle on python3.11, forky's 3.14 and 3.15" {
	local l
	for l in helper3.11 forky3.14 python3.15; do
		script_on "$l" 0.23 audit-log
	done
}

@test "bpftrace 0.17 and 0.23: python3.11 -m pytapset: top-functions -c CMD matches the oracle" {
	script_on helper3.11 0.17 top-functions
	script_on helper3.11 0.23 top-functions
}

@test "bpftrace 0.17 and 0.23: python3.11 -m pytapset: top-lines -c CMD matches the oracle" {
	script_on helper3.11 0.17 top-lines
	script_on helper3.11 0.23 top-lines
}

# refused_on_0.17 SCRIPT WHY: run refuses SCRIPT on bpftrace 0.17 in one
# line naming the version that can, and WHY.
refused_on_0.17() {
	run --separate-stderr env PYTAPSET_BPFTRACE="$(bpftrace_of 0.17)" \
		"$PYTAPSET" run --backend=bpftrace "$1" -c "$PY -c pass"
	[ "$status" -eq 1 ]
	[ "$stderr" = "pytapset: $1: needs bpftrace 0.23 or later ($(bpftrace_of 0.17) has 0.17): $2" ] ||
		fail "$stderr"
}

@test "bpftrace 0.17: audit-log is refused in one line naming the version that can" {
	refused_on_0.17 audit-log "0.17 loses event names used as map keys"
}

@test "bpftrace 0.23: python3.11 -m pytapset: call-latency -c CMD matches the oracle" {
	script_on helper3.11 0.23 call-latency
}

@test "bpftrace 0.17: call-latency is refused in one line naming the version that can" {
	refused_on_0.17 call-latency "0.17 cannot walk a map to make the table"
}

@test "python3.11 without the helper: show-call-hierarchy is refused with the reason (3.11's function__entry)" {
	run --separate-stderr env PYTAPSET_HELPER_PATH= "$PYTAPSET" run --backend=bpftrace \
		show-call-hierarchy -c "$PY -c pass"
	[ "$status" -eq 1 ]
	[ "${#stderr_lines[@]}" -eq 1 ] &&
		[[ $stderr == "pytapset: show-call-hierarchy.bt: python.function.entry: CPython 3.11 fires function__entry only for generator"* ]] ||
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
