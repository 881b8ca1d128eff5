#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# pytapset list against the real CPython 3.11 binaries of Debian: its JSON
# and text output must agree, marker for marker (provider, name, pc,
# semaphore, argument text), with readelf's decoding of the same notes
# (tests/fixtures/sdt-oracle.py), and hold CPython 3.11's marker set.

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
	# CPython 3.11's markers, with the argument counts the notes give.
	printf '%s' "$output" | python3 -c '
import json, sys
path = sys.argv[1]
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
expected = {"function__entry": {3}, "function__return": {3}, "line": {3},
            "gc__start": {1}, "gc__done": {1},
            "import__find__load__start": {1},
            "import__find__load__done": {2}, "audit": {2}}
assert counts == expected, counts
' "$file"
	run --separate-stderr "$PYTAPSET" list "$file"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	diff -u <(printf '%s\n' "$expected") \
		<(printf '%s\n' "$output" | python3 "$ORACLE" text "$file")
}

@test "/usr/bin/python3.11 (non-PIE, libpython linked in)" {
	agrees /usr/bin/python3.11
	run "$PYTAPSET" list --json /usr/bin/python3.11
	printf '%s' "$output" | python3 -c '
import json, sys
assert json.load(sys.stdin)["files"][0]["type"] == "executable"'
}

@test "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0 (for embedders)" {
	agrees /usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0
	run "$PYTAPSET" list --json /usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0
	printf '%s' "$output" | python3 -c '
import json, sys
assert json.load(sys.stdin)["files"][0]["type"] == "shared-object"'
}

@test "/usr/bin/python3.11d (debug build)" {
	agrees /usr/bin/python3.11d
}

@test "all three in one call: the same markers as one at a time" {
	local -a files=(/usr/bin/python3.11
		/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0
		/usr/bin/python3.11d)
	require_file "${files[@]}"
	local f expected=
	for f in "${files[@]}"; do
		expected+=$("$PYTAPSET" list "$f")$'\n'
	done
	run --separate-stderr "$PYTAPSET" list "${files[@]}"
	[ "$status" -eq 0 ]
	[ "$output"$'\n' = "$expected" ]
}
