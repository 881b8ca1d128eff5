#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# generate and discover with the marker helper (helper/): where it is
# found for each Python, how its markers join CPython's own in the
# aliases, and CPython 3.11's function__entry, which is offered only next
# to the helper (on CPython 3.11: use_py311 in tests/common.bash).
# Checked with stap -p2 against readelf, as generate.bats.

load ../common

setup() {
	bats_require_minimum_version 1.5.0
	require_command python3 readelf
	OUT=$BATS_TEST_TMPDIR/out
	mkdir -p "$OUT"
	[ -n "${HELPER_BUILDS// }" ] || skip_or_fail "the marker helper was built for no Python"
	# The fixtures are 3.11 builds: their helper is 3.11's.
	use_py311
	HELPER=$HELPER311
}

# python_tree ROOT EXE-DIR MODULE-DIR: a Python without markers (the
# nomarkers fixture) at ROOT/EXE-DIR/python3.11 with 3.11's helper copied
# into ROOT/MODULE-DIR; prints the executable's path.
python_tree() {
	local root=$1
	require_file "$(target_of nomarkers)"
	mkdir -p "$root/$2" "$root/$3"
	cp "$(target_of nomarkers)" "$root/$2/python3.11"
	cp "$HELPER" "$root/$3/"
	echo "$root/$2/python3.11"
}

# marker_names FILE: " NAME" for each python marker of FILE, in note order, once.
marker_names() {
	python3 "$top_srcdir/tests/fixtures/sdt-oracle.py" readelf "$1" |
		awk '{ split($1, m, ":"); if (m[1] == "python" && !seen[m[2]]++) printf " %s", m[2] }'
}

@test "3.11 with its helper: CPython's sites and the helper's, each once, through their aliases" {
	tapset_for "$PY311"
	grep -qF " *   $HELPER: pytapset's marker helper, in every process that loads it" "$TAPSET"
	sites_resolve_once python "$PY311"
	sites_resolve_once python3_11 "$PY311"
	elaborate_ok "$top_srcdir/scripts/show-call-hierarchy.stp"
	diff -u <({ oracle_sites "$PY311" function__entry function__return
		oracle_sites "$HELPER" function__entry function__return; } | sort) \
		<(resolved_sites_all)
}

@test "3.11 without its helper: function__entry left out with a warning; its aliases fail saying why" {
	PYTAPSET_HELPER_PATH= tapset_for "$PY311"
	grep -qF "pytapset: $PY311: warning: function__entry left out: CPython 3.11 fires function__entry only for generator and coroutine frames" \
		"$BATS_TEST_TMPDIR/generate.err" || fail "$(cat "$BATS_TEST_TMPDIR/generate.err")"
	[ "$(missing_aliases_of "$TAPSET" | tr '\n' ' ')" = "python.function.entry python3_11.function.entry " ] ||
		fail "missing: $(missing_aliases_of "$TAPSET")"
	elaborate "$top_srcdir/scripts/show-call-hierarchy.stp"
	[ "$status" -ne 0 ] || fail "elaborated: $output"
	grep -qF "run python3.11 -m pytapset SCRIPT" <<<"$stderr" || fail "no reason in: $stderr"
	# Everything else of CPython's is there, each site once.
	printf 'probe python.function.return, python.line, python.gc.start { next }\n' >"$OUT/r.stp"
	elaborate_ok "$OUT/r.stp"
	diff -u <(oracle_sites "$PY311" function__return line gc__start) \
		<(resolved_sites)
}

@test "a Python without markers, with the helper: covered through the helper alone" {
	local exe
	exe=$(target_of nomarkers)
	require_file "$exe"
	tapset_for "$exe"
	if grep -qF "process(\"$exe\")" "$TAPSET"; then
		fail "the executable without markers is probed"
	fi
	[ "$(helpers_of_tapset)" = "$HELPER" ]
	sites_resolve_once python
	sites_resolve_once python3_11
	[ "$(missing_aliases_of "$TAPSET" | grep -c '^python\.')" -gt 0 ]
	missing_aliases_of "$TAPSET" | grep -qx python.gc.start
	# Without it, still an error that says how to get one.
	PYTAPSET_HELPER_PATH= generate -o "$OUT/python.stp" "$exe"
	[ "$status" -eq 3 ] && [ ! -e "$OUT/python.stp" ] || fail "$status: $stderr"
	[[ $stderr == "pytapset: $exe: no Python markers: "*"marker helper is not installed for it"* ]] ||
		fail "$stderr"
}

@test "found in the Python's own module directories, as installed and under --sysroot" {
	local root=$BATS_TEST_TMPDIR/root exe name
	name=$(basename "$HELPER")
	unset PYTAPSET_HELPER_PATH
	# Debian's layout, read through a sysroot: named as installed.
	exe=$(python_tree "$root" usr/bin usr/lib/python3/dist-packages)
	generate --sysroot "$root" -o "$OUT/sysroot.stp" /usr/bin/python3.11
	[ "$status" -eq 0 ] || fail "$stderr"
	grep -qF "process(\"/usr/lib/python3/dist-packages/$name\").mark(\"function__entry\")" \
		"$OUT/sysroot.stp" || fail "$(grep -F process "$OUT/sysroot.stp" | head -3)"
	# A self-built Python's prefix, on the running system.
	exe=$(python_tree "$root/opt/py" bin lib/python3.11/site-packages)
	generate -o "$OUT/prefix.stp" "$exe"
	[ "$status" -eq 0 ] || fail "$stderr"
	grep -qF "process(\"$root/opt/py/lib/python3.11/site-packages/$name\")" "$OUT/prefix.stp"
	# --helper-dir comes first.
	mkdir -p "$BATS_TEST_TMPDIR/first"
	cp "$HELPER" "$BATS_TEST_TMPDIR/first/"
	generate --helper-dir "$BATS_TEST_TMPDIR/first" -o "$OUT/first.stp" "$exe"
	grep -qF "process(\"$BATS_TEST_TMPDIR/first/$name\")" "$OUT/first.stp"
	if grep -qF "$root/opt/py/lib" "$OUT/first.stp"; then
		fail "the helper was taken twice"
	fi
}

@test "not a helper: another version's, another machine's, or one without markers" {
	local root=$BATS_TEST_TMPDIR/root exe dir
	exe=$(python_tree "$root" bin lib/python3.11/site-packages)
	dir=$root/lib/python3.11/site-packages
	rm "$dir"/_pytapset.*
	cp "$HELPER" "$dir/_pytapset.cpython-313-x86_64-linux-gnu.so"
	cp "$FIXTURES/sdt-aarch64" "$dir/_pytapset.cpython-311-aarch64-linux-gnu.so"
	cp "$(target_of nomarkers)" "$dir/_pytapset.cpython-311.so"
	printf 'not ELF\n' >"$dir/_pytapset.cpython-311-x86_64-linux-gnu.so"
	PYTAPSET_HELPER_PATH= generate --helper-dir "$dir" -o "$OUT/python.stp" "$exe"
	[ "$status" -eq 3 ] && [ ! -e "$OUT/python.stp" ] || fail "$status: $stderr"
	[ "${#stderr_lines[@]}" -eq 1 ] || fail "$stderr"
}

@test "discover names each Python's helper, text and JSON" {
	require_file "$SYSTEM_PYTHON" "$SYSTEM_HELPER"
	run --separate-stderr "$PYTAPSET" discover
	[ "$status" -eq 0 ] || fail "$stderr"
	grep -qxF "$SYSTEM_PYTHON: markers in the executable:$(marker_names "$SYSTEM_PYTHON"
		); marker helper $SYSTEM_HELPER:$(marker_names "$SYSTEM_HELPER")" <<<"$output" || fail "$output"
	run --separate-stderr "$PYTAPSET" discover --json
	printf '%s\n' "$output" >"$OUT/discover.json"
	python3 - "$SYSTEM_HELPER" "$OUT/discover.json" "$SYSTEM_PYTHON" <<'PY'
import json, sys
doc = json.load(open(sys.argv[2]))
py = [p for p in doc["pythons"] if p["executable"] == sys.argv[3]][0]
assert py["helper"] == sys.argv[1], py
assert sorted(py["helper_markers"]) == ["function__entry", "function__return", "line"], py
PY
	PYTAPSET_HELPER_PATH= run --separate-stderr "$PYTAPSET" discover --json
	python3 -c 'import json, sys; assert all(p["helper"] is None for p in json.load(sys.stdin)["pythons"])' <<<"$output"
}
