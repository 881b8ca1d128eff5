#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Every shipped script, live, started with -c and attached with -x PID, on
# workload.py (threads, recursion, generators, coroutines, exceptions,
# collections, imports, audit events); each output parsed and checked
# against CPython's own record of the same program (check-script.py).
#
# The function and line scripts run the workload under the marker helper
# (python3 -m pytapset workload.py), on each kind of CPython it serves
# (see live_layout): 3.11, whose own function__entry fires only once the
# helper has set its profile function (aliases.bats pins the defect;
# what show-call-hierarchy shows without it, below), a 3.13 without
# markers, Debian's 3.13 and 3.14, which have markers but none for
# functions.  Each is checked against the oracle of the same Python
# without the helper.
#
# Each script is compiled as a user runs it, by `pytapset run NAME` of a
# staged `make install` (see live_run).

load live

HELPER_LAYOUTS="helper3.11 trixie3.13 source3.13 forky3.14"

# runs LAYOUT SCRIPT: how SCRIPT runs under the helper on LAYOUT: c (-c
# CMD), x (-x PID), a (-x PID of a Python started without the helper,
# which `python3 -m pytapset --attach PID` loads: 3.14+), or not at all.
# Each script runs on 3.11 (the native fix), on the 3.13 without markers
# and on 3.14 (sys.monitoring); attached, on 3.11 every one, elsewhere a
# function script and the line script (attaching is then the helper's
# business: its poller switches events on).  Trixie's 3.13, whose helper
# works as the other 3.13's, is found and traced through a sysroot: the
# scripts that check every call and return and every line run there.
# The guest's time is what limits the runs.  folded-stacks is only
# attached: started with -c it also prints start-up's stacks, ~14 MB in
# its end probe, and stapio 4.8 loses a random part of such an output's
# end under emulation (also with -s 64).
runs() {
	case $1:$2 in
	trixie3.13:show-call-hierarchy) echo c x ;;
	trixie3.13:top-lines) echo c ;;
	trixie3.13:*) ;;
	*:folded-stacks) echo x ;;
	forky3.14:show-call-hierarchy) echo c x a ;;
	helper3.11:* | *:show-call-hierarchy | forky3.14:top-lines) echo c x ;;
	*) echo c ;;
	esac
}

# queue_script SCRIPT [LAYOUT]: compile SCRIPT for the current layout,
# queue its runs: SCRIPT-c and SCRIPT-x without LAYOUT, else those runs
# says (LAYOUT-SCRIPT-c, -x, -a).
queue_script() {
	local s=$1 l=${2:+$2-} args mod how hows
	hows=$(if [ -n "$2" ]; then runs "$2" "$s"; else echo c x; fi)
	[ -n "$hows" ] || return 0
	mod=${l//[.-]/_}${s//-/_}
	read -r -a args <<<"$(script_args "$s")"
	live_run "$mod" "$s" "${args[@]}"
	for how in $hows; do
		case $how in
		c) live_job "$mod" "$l$s-c" ;;
		x) live_attach_job "$mod" "$l$s-x" ;;
		a) live_attach_job --attach-helper "$mod" "$l$s-a" ;;
		esac
	done
}

setup_file() {
	live_init
	local l s
	live_layout python3.11
	for s in $OTHER_SCRIPTS; do
		queue_script "$s"
	done
	live_run show_call_hierarchy show-call-hierarchy
	live_job show_call_hierarchy show-call-hierarchy-plain
	live_oracle python3.11
	"${LIVE_PYTHON[@]}" -X importtime "$LIVE_WORKLOAD" 2>"$OUT/importtime.txt"
	for l in $HELPER_LAYOUTS; do
		live_layout "$l"
		for s in $HELPER_SCRIPTS; do
			queue_script "$s" "$l"
		done
		live_oracle "$l"
	done
	live_boot
}

# check_script SCRIPT c|x: a run on python3.11 without the helper.
check_script() {
	local extra=()
	[ "$1" = import-tree ] && extra=("$OUT/importtime.txt")
	check_run "$1" python3.11 "$1-$2" "${extra[@]}"
}

# check_helper LAYOUT SCRIPT: its runs under the helper.
check_helper() {
	local how
	[ -n "$(runs "$1" "$2")" ] || fail "$2 does not run on $1"
	for how in $(runs "$1" "$2"); do
		check_run "$2" "$1" "$1-$2-$how"
	done
}

@test "gc-pauses -c CMD: matches the oracle" {
	check_script gc-pauses c
}

@test "gc-pauses -x PID: matches the oracle" {
	check_script gc-pauses x
}

@test "import-tree -c CMD: matches the oracle" {
	check_script import-tree c
}

@test "import-tree -x PID: matches the oracle" {
	check_script import-tree x
}

@test "audit-log -c CMD: matches the oracle" {
	check_script audit-log c
}

@test "audit-log -x PID: matches the oracle" {
	check_script audit-log x
}

@test "python3.11 -m pytapset: show-call-hierarchy -c CMD and -x PID: matches the oracle" {
	check_helper helper3.11 show-call-hierarchy
}

@test "python3.11 -m pytapset: top-functions -c CMD and -x PID: matches the oracle" {
	check_helper helper3.11 top-functions
}

@test "python3.11 -m pytapset: call-latency -c CMD and -x PID: matches the oracle" {
	check_helper helper3.11 call-latency
}

@test "python3.11 -m pytapset: call-flow -c CMD and -x PID: matches the oracle" {
	check_helper helper3.11 call-flow
}

@test "python3.11 -m pytapset: folded-stacks -x PID: matches the oracle" {
	check_helper helper3.11 folded-stacks
}

@test "python3.11 -m pytapset: top-lines -c CMD and -x PID: matches the oracle" {
	check_helper helper3.11 top-lines
}

@test "python3.13 built from trixie's source without --with-dtrace -m pytapset: show-call-hierarchy -c CMD and -x PID: matches the oracle" {
	check_helper source3.13 show-call-hierarchy
}

@test "python3.13 built from trixie's source without --with-dtrace -m pytapset: top-functions -c CMD: matches the oracle" {
	check_helper source3.13 top-functions
}

@test "python3.13 built from trixie's source without --with-dtrace -m pytapset: call-latency -c CMD: matches the oracle" {
	check_helper source3.13 call-latency
}

@test "python3.13 built from trixie's source without --with-dtrace -m pytapset: call-flow -c CMD: matches the oracle" {
	check_helper source3.13 call-flow
}

@test "python3.13 built from trixie's source without --with-dtrace -m pytapset: folded-stacks -x PID: matches the oracle" {
	check_helper source3.13 folded-stacks
}

@test "python3.13 built from trixie's source without --with-dtrace -m pytapset: top-lines -c CMD: matches the oracle" {
	check_helper source3.13 top-lines
}

@test "trixie's python3.13 -m pytapset: show-call-hierarchy -c CMD and -x PID: matches the oracle" {
	check_helper trixie3.13 show-call-hierarchy
}

@test "trixie's python3.13 -m pytapset: top-lines -c CMD: matches the oracle" {
	check_helper trixie3.13 top-lines
}

@test "forky's python3.14 -m pytapset: show-call-hierarchy -c CMD, -x PID and -x PID after --attach PID: matches the oracle" {
	check_helper forky3.14 show-call-hierarchy
}

@test "forky's python3.14 -m pytapset: top-functions -c CMD: matches the oracle" {
	check_helper forky3.14 top-functions
}

@test "forky's python3.14 -m pytapset: call-latency -c CMD: matches the oracle" {
	check_helper forky3.14 call-latency
}

@test "forky's python3.14 -m pytapset: call-flow -c CMD: matches the oracle" {
	check_helper forky3.14 call-flow
}

@test "forky's python3.14 -m pytapset: folded-stacks -x PID: matches the oracle" {
	check_helper forky3.14 folded-stacks
}

@test "forky's python3.14 -m pytapset: top-lines -c CMD and -x PID: matches the oracle" {
	check_helper forky3.14 top-lines
}

@test "show-call-hierarchy on a plain 3.11: no tree at all (function__entry does not fire)" {
	job_succeeded show-call-hierarchy-plain
	local calls entries returns
	calls=$(awk -F'\t' '$2 == "call" && $3 ~ /workload\.py$/' "$OUT/python3.11.oracle" | wc -l)
	entries=$(grep -c ' => .* in .*/workload.py:' "$OUT/show-call-hierarchy-plain.tsv" || true)
	returns=$(grep -c ' <= .* in .*/workload.py:' "$OUT/show-call-hierarchy-plain.tsv" || true)
	echo "# show-call-hierarchy-plain: $entries workload calls, $returns returns (the oracle: $calls calls)" >&3
	# function__return fires for each, but the script leaves out the
	# returns of calls it did not see.
	[ "$calls" -gt 200 ] && [ "$entries" -eq 0 ] && [ "$returns" -eq 0 ] ||
		fail "$entries calls, $returns returns, oracle $calls calls"
}
