#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Every shipped script, live, started with -c and attached with -x PID, on
# workload.py (threads, recursion, generators, coroutines, exceptions,
# collections, imports, audit events); each output parsed and checked
# against CPython's own record of the same program (check-script.py).
#
# The function scripts run on python3.11 with a profile function set:
# only then does 3.11's function__entry fire for every call (aliases.bats
# pins the defect; show-call-hierarchy's staircase is pinned below).

load live

FUNCTION_SCRIPTS="show-call-hierarchy top-functions call-latency call-flow folded-stacks"
OTHER_SCRIPTS="top-lines gc-pauses import-tree audit-log"

# The arguments each script runs with: every row, the whole session.
script_args() {
	case $1 in
	top-functions | top-lines) echo "0 100" ;;
	call-latency) echo 200 ;;
	call-flow) echo 'workload\.py:thread_work$' ;;
	esac
}

setup_file() {
	live_init
	live_layout python3.11
	local s args
	for s in $FUNCTION_SCRIPTS $OTHER_SCRIPTS; do
		read -r -a args <<<"$(script_args "$s")"
		live_compile "${s//-/_}" "$top_srcdir/scripts/$s.stp" "${args[@]}"
	done
	for s in $FUNCTION_SCRIPTS; do
		live_job "${s//-/_}" "$s-c" --profile
		live_attach_job "${s//-/_}" "$s-x" --profile
	done
	for s in $OTHER_SCRIPTS; do
		live_job "${s//-/_}" "$s-c"
		live_attach_job "${s//-/_}" "$s-x"
	done
	live_job show_call_hierarchy show-call-hierarchy-plain
	live_oracle python3.11
	live_oracle python3.11-profiled --profile
	"${LIVE_PYTHON[@]}" -X importtime "$LIVE_WORKLOAD" 2>"$OUT/importtime.txt"
	# One lane: every module here probes /usr/bin/python3.11, and uprobes
	# are per file, so a module running beside another would also hit
	# the workload the other's -x job holds, which then waits forever
	# for breakpoints that are already in.
	PYTAPSET_LIVE_LANES=1 live_boot
}

# check_script SCRIPT c|x: its output against the oracle.
check_script() {
	local script=$1 run=$1-$2 oracle=python3.11 extra=()
	[[ " $FUNCTION_SCRIPTS " == *" $script "* ]] && oracle=python3.11-profiled
	[ "$script" = import-tree ] && extra=("$OUT/importtime.txt")
	job_succeeded "$run"
	run python3 "$LIVE_DIR/check-script.py" "$script" "$OUT/$oracle.oracle" "$OUT/$run.tsv" \
		"$(cat "$OUT/$run.wall_ms")" "${extra[@]}"
	echo "# $run: ${output%%$'\n'*}" >&3
	[ "$status" -eq 0 ] || fail "$output"
}

@test "show-call-hierarchy -c CMD: matches the oracle" {
	check_script show-call-hierarchy c
}

@test "show-call-hierarchy -x PID: matches the oracle" {
	check_script show-call-hierarchy x
}

@test "top-functions -c CMD: matches the oracle" {
	check_script top-functions c
}

@test "top-functions -x PID: matches the oracle" {
	check_script top-functions x
}

@test "call-latency -c CMD: matches the oracle" {
	check_script call-latency c
}

@test "call-latency -x PID: matches the oracle" {
	check_script call-latency x
}

@test "call-flow -c CMD: matches the oracle" {
	check_script call-flow c
}

@test "call-flow -x PID: matches the oracle" {
	check_script call-flow x
}

@test "folded-stacks -c CMD: matches the oracle" {
	check_script folded-stacks c
}

@test "folded-stacks -x PID: matches the oracle" {
	check_script folded-stacks x
}

@test "top-lines -c CMD: matches the oracle" {
	check_script top-lines c
}

@test "top-lines -x PID: matches the oracle" {
	check_script top-lines x
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

@test "show-call-hierarchy on a plain 3.11: a staircase of returns (function__entry does not fire)" {
	job_succeeded show-call-hierarchy-plain
	local entries returns
	entries=$(grep -c ' => .* in .*/workload.py:' "$OUT/show-call-hierarchy-plain.tsv" || true)
	returns=$(grep -c ' <= .* in .*/workload.py:' "$OUT/show-call-hierarchy-plain.tsv" || true)
	echo "# show-call-hierarchy-plain: $entries workload calls, $returns returns" >&3
	[ "$entries" -eq 0 ] && [ "$returns" -gt 200 ] || fail "$entries calls, $returns returns"
}
