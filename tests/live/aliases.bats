#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Every python.* alias, live, on every layout the tapset supports: what
# SystemTap sees in workload.py compared with what CPython's own hooks see
# in the same program (compare.py states the comparison and its one
# tolerance).  Each alias family runs in its own module (events.stp):
# probing one marker can change what CPython does.

load live

# Compile the three event modules for the current layout, record its
# oracle here, and queue its traced runs.
queue_layout() {
	local l=$LIVE_LAYOUT kinds=${1:-calls lines other} kind
	for kind in $kinds; do
		live_compile "${l//[.-]/_}_$kind" "$LIVE_DIR/events.stp" "$kind"
		live_job "${l//[.-]/_}_$kind" "$l-$kind"
	done
	live_oracle "$l"
}

setup_file() {
	live_init
	local l
	for l in python3.11 python3.11d embedded shared; do
		live_layout "$l"
		queue_layout
	done
	# CPython 3.11's entry marker fires only on its slow call path: pinned
	# below, with and without a profile function.
	live_layout python3.11
	live_job python3_11_calls python3.11-calls-profiled --profile
	live_oracle python3.11-profiled --profile
	# 3.15 has function markers again, and no line marker.
	live_layout python3.15
	queue_layout "calls other"
	live_boot
}

# entry_defect LAYOUT: a plain 3.11 run fires function.entry for none of
# the calls the oracle sees (3.11's entry marker sits on the call path that
# only a profile or trace function makes CPython take).
entry_defect() {
	job_succeeded "$1-calls"
	run python3 "$LIVE_DIR/compare.py" entries "$OUT/$1.oracle" "$OUT/$1-calls.tsv"
	echo "# $1-calls: ${output%%$'\n'*}" >&3
	[[ ${lines[0]} == "entries ("*"): seen 0, oracle "* ]] || fail "$output"
	[[ ${lines[0]} != *"oracle 0" ]] || fail "the oracle saw no call: $output"
}

@test "python3.11: function.return: every return the oracle sees, per thread, in order" {
	compare returns python3.11 python3.11-calls
}

@test "python3.11: function.entry fires for no plain call (CPython 3.11 defect, gh-98894)" {
	entry_defect python3.11
}

@test "python3.11: line: the lines sys.settrace sees" {
	compare lines python3.11 python3.11-lines
}

@test "python3.11: gc.start and gc.done: the collections gc.callbacks sees" {
	compare gc python3.11 python3.11-other
}

@test "python3.11: import.start and import.done: the imports CPython's import audit event sees" {
	compare imports python3.11 python3.11-other
}

@test "python3.11: audit: the events sys.addaudithook sees" {
	compare audit python3.11 python3.11-other
}

@test "python3.11d: function.return: every return the oracle sees, per thread, in order" {
	compare returns python3.11d python3.11d-calls
}

@test "python3.11d: function.entry fires for no plain call (CPython 3.11 defect, gh-98894)" {
	entry_defect python3.11d
}

@test "python3.11d: line: probing it aborts the debug interpreter (CPython 3.11 assertion)" {
	# A 3.11 built with assertions dispatches to DO_TRACING whenever the
	# line marker's semaphore is set, and asserts there that a trace or
	# profile function is: probing python.line kills python3.11d.
	[ "$(cat "$OUT/python3.11d-lines.rc")" != 0 ] || fail "python3.11d survived python.line: the assertion is gone, compare the lines instead"
	grep -q "Assertion \`cframe.use_tracing' failed" "$OUT/python3.11d-lines.err" ||
		fail "python3.11d-lines failed otherwise: $(cat "$OUT/python3.11d-lines.err")"
	echo "# python3.11d-lines: aborted: $(grep -m1 Assertion "$OUT/python3.11d-lines.err")" >&3
}

@test "python3.11d: gc.start and gc.done: the collections gc.callbacks sees" {
	compare gc python3.11d python3.11d-other
}

@test "python3.11d: import.start and import.done: the imports CPython's import audit event sees" {
	compare imports python3.11d python3.11d-other
}

@test "python3.11d: audit: the events sys.addaudithook sees" {
	compare audit python3.11d python3.11d-other
}

@test "embedded: function.return: every return the oracle sees, per thread, in order" {
	compare returns embedded embedded-calls
}

@test "embedded: function.entry fires for no plain call (CPython 3.11 defect, gh-98894)" {
	entry_defect embedded
}

@test "embedded: line: the lines sys.settrace sees" {
	compare lines embedded embedded-lines
}

@test "embedded: gc.start and gc.done: the collections gc.callbacks sees" {
	compare gc embedded embedded-other
}

@test "embedded: import.start and import.done: the imports CPython's import audit event sees" {
	compare imports embedded embedded-other
}

@test "embedded: audit: the events sys.addaudithook sees" {
	compare audit embedded embedded-other
}

@test "shared: function.return: every return the oracle sees, per thread, in order" {
	compare returns shared shared-calls
}

@test "shared: function.entry fires for no plain call (CPython 3.11 defect, gh-98894)" {
	entry_defect shared
}

@test "shared: line: the lines sys.settrace sees" {
	compare lines shared shared-lines
}

@test "shared: gc.start and gc.done: the collections gc.callbacks sees" {
	compare gc shared shared-other
}

@test "shared: import.start and import.done: the imports CPython's import audit event sees" {
	compare imports shared shared-other
}

@test "shared: audit: the events sys.addaudithook sees" {
	compare audit shared shared-other
}

@test "python3.11: function.entry fires for every call while a profile function is set" {
	compare calls python3.11-profiled python3.11-calls-profiled
}

@test "python3.15: function.entry and function.return: every call and return, per thread, in order, and an entry on creating a generator" {
	compare calls python3.15 python3.15-calls --creation-entries
}

@test "python3.15: gc.start and gc.done: the collections gc.callbacks sees" {
	compare gc python3.15 python3.15-other
}

@test "python3.15: import.start and import.done: the imports CPython's import audit event sees" {
	compare imports python3.15 python3.15-other
}

@test "python3.15: audit: the events sys.addaudithook sees" {
	compare audit python3.15 python3.15-other
}
