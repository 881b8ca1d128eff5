#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# pytapset list against the real CPython binaries of this Debian release
# (the distribution's Python: tests/common.bash): its JSON and text output
# must agree, marker for marker (provider, name, pc, semaphore, argument
# text), with readelf's decoding of the same notes
# (tests/fixtures/sdt-oracle.py), and hold that CPython's marker set.

load ../common

setup() {
	bats_require_minimum_version 1.5.0
	require_command python3 readelf
	ORACLE=$top_srcdir/tests/fixtures/sdt-oracle.py
}

# agrees FILE: readelf, `list --json` and `list` give the same markers.
agrees() {
	local file=$1 expected
	require_file "$file"
	expected=$(python3 "$ORACLE" readelf "$file")
	[ -n "$expected" ]
	run --separate-stderr "$PYTAPSET" list --json "$file"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	diff -u <(printf '%s\n' "$expected") \
		<(printf '%s\n' "$output" | python3 "$ORACLE" json "$file")
	# The markers of CPython 3.11 and 3.13 (without function__entry,
	# function__return and line), with the argument counts the notes give.
	printf '%s' "$output" | python3 -c '
import json, sys
path, functions = sys.argv[1], sys.argv[2] == "yes"
(entry,) = json.load(sys.stdin)["files"]
assert entry["path"] == path
assert (entry["machine"], entry["e_machine"], entry["class"],
        entry["byte_order"]) == ("x86_64", 62, 64, "little"), entry
counts = {}
for m in entry["markers"]:
    assert m["provider"] == "python", m
    assert m["semaphore"] is not None, m
    assert len(m["args"]) == len(m["args_text"].split()), m
    counts.setdefault(m["name"], set()).add(len(m["args"]))
expected = {"gc__start": {1}, "gc__done": {1},
            "import__find__load__start": {1},
            "import__find__load__done": {2}, "audit": {2}}
if functions:
    expected.update({"function__entry": {3}, "function__return": {3}, "line": {3}})
assert counts == expected, counts
' "$file" "$(system_has_function_markers && echo yes || echo no)"
	run --separate-stderr "$PYTAPSET" list "$file"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	diff -u <(printf '%s\n' "$expected") \
		<(printf '%s\n' "$output" | python3 "$ORACLE" text "$file")
}

@test "the distribution's Python (libpython linked in)" {
	agrees "$SYSTEM_PYTHON"
	run "$PYTAPSET" list --json "$SYSTEM_PYTHON"
	printf '%s' "$output" | python3 -c '
import json, sys
assert json.load(sys.stdin)["files"][0]["type"] == "executable"'
}

@test "the distribution's libpython (for embedders)" {
	agrees "$SYSTEM_LIBPYTHON"
	run "$PYTAPSET" list --json "$SYSTEM_LIBPYTHON"
	printf '%s' "$output" | python3 -c '
import json, sys
assert json.load(sys.stdin)["files"][0]["type"] == "shared-object"'
}

@test "the distribution's Python's debug build" {
	agrees "$SYSTEM_PYTHON_DEBUG"
}

@test "all three in one call: the same markers as one at a time" {
	local -a files=("$SYSTEM_PYTHON" "$SYSTEM_LIBPYTHON" "$SYSTEM_PYTHON_DEBUG")
	require_file "${files[@]}"
	local f expected=
	for f in "${files[@]}"; do
		expected+=$("$PYTAPSET" list "$f")$'\n'
	done
	run --separate-stderr "$PYTAPSET" list "${files[@]}"
	[ "$status" -eq 0 ]
	[ "$output"$'\n' = "$expected" ]
}
