#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# pytapset discover, and generate with --discover and --sysroot: the
# Pythons of this machine (the distribution's Python, its debug build and
# libpython: tests/common.bash), the directories of PATH, and staged trees as a packager has
# them in DESTDIR.  A staged tree's paths do not exist on this machine, so
# its tapsets are checked as text; tapsets that name files of this machine
# are elaborated with stap.

load ../common

LIBDIR=/usr/lib/x86_64-linux-gnu

# The staged trees, built once.
#   sysroot/  Pythons in the places discover looks: /opt/foo/bin (markers
#             in the executable), /opt/bar (an --enable-shared build),
#             /usr/local/bin (a 3.13), libpython in the multiarch
#             directory, and at /usr/bin a python3.11 without markers with
#             the usual links and scripts around it.
#   ldconf/   /usr/bin/python3 -> /usr/bin/python3.11 (an absolute link),
#             whose libpython is not where its RUNPATH says but in a
#             directory that /etc/ld.so.conf names through an include.
#             The marker helper for 3.11 (HELPER311) is in its Debian
#             directory.
#   mirror/   the fixture layouts and the marker helper for 3.11 at their
#             own paths under a sysroot, so that the tapset names files
#             that exist here.
# The staged trees have Pythons without markers: the tests of those trees
# look for no marker helper (PYTAPSET_HELPER_PATH empty) unless they say.
setup_file() {
	local L=$FIXTURES/layouts S=$BATS_FILE_TMPDIR/sysroot
	[ -e "$L/static/bin/python3.11" ] || return 0
	mkdir -p "$S/opt/foo/bin" "$S/opt/bar/bin" "$S/opt/bar/lib" \
		"$S/usr/local/bin" "$S/usr/bin" "$S$LIBDIR"
	cp "$L/static/bin/python3.11" "$S/opt/foo/bin/"
	cp "$L/shared-origin/bin/python3.11" "$S/opt/bar/bin/"
	cp "$L/shared-origin/lib/libpython3.11.so.1.0" "$S/opt/bar/lib/"
	cp "$L/py313/bin/python3.13" "$S/usr/local/bin/"
	cp "$L/libonly/lib/libpython3.11.so.1.0" "$S$LIBDIR/"
	printf 'INPUT ( libpython3.11.so.1.0 )\n' >"$S$LIBDIR/libpython3.11.so"
	cp "$L/nomarkers/bin/python3.11" "$S/usr/bin/"
	ln -s python3.11 "$S/usr/bin/python3"
	ln -s /opt/foo/bin/python3.11 "$S/usr/local/bin/python3"
	printf '#!/bin/sh\necho --cflags\n' >"$S/usr/bin/python3.11-config"
	ln -s usr/bin "$S/bin"

	local C=$BATS_FILE_TMPDIR/ldconf
	mkdir -p "$C/usr/bin" "$C/opt/pylib" "$C/etc/ld.so.conf.d"
	cp "$L/shared-origin/bin/python3.11" "$C/usr/bin/"
	ln -s /usr/bin/python3.11 "$C/usr/bin/python3"
	cp "$L/shared-origin/lib/libpython3.11.so.1.0" "$C/opt/pylib/"
	printf 'include /etc/ld.so.conf.d/*.conf\n' >"$C/etc/ld.so.conf"
	printf '# the Python of this tree\n/opt/pylib\n' >"$C/etc/ld.so.conf.d/python.conf"
	mkdir -p "$C/usr/lib/python3/dist-packages"
	cp "$HELPER311" "$C/usr/lib/python3/dist-packages/" || true

	local M=$BATS_FILE_TMPDIR/mirror
	mkdir -p "$M$L" "$M/usr/bin"
	cp -R "$L/shared-origin" "$L/static" "$M$L/"
	mkdir -p "$M${HELPER311%/*}"
	cp "$HELPER311" "$M${HELPER311%/*}/" || true
	ln -s "$L/shared-origin/bin/python3.11" "$M/usr/bin/python3"
}

setup() {
	bats_require_minimum_version 1.5.0
	require_command python3
	require_file "$FIXTURES/layouts/static/bin/python3.11"
	SYSROOT=$BATS_FILE_TMPDIR/sysroot
	OUT=$BATS_TEST_TMPDIR/out
	mkdir -p "$OUT"
}

discover() {
	run --separate-stderr "$PYTAPSET" discover "$@"
	[ "$status" -eq 0 ] || fail "status $status: $stderr"
}

# The probe-point prefixes of the tapset FILE, distinct, sorted.
points_of() {
	sed -n 's/^[[:space:]]*\(process(.*)\)\.mark(".*/\1/p' "$1" | LC_ALL=C sort -u
}

# json_check CODE: Python CODE with `doc` the discover --json document in
# $output, checked against the schema, and `pythons` its list.
json_check() {
	printf '%s' "$output" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
assert set(doc) == {"schema", "pythons"}, doc
assert doc["schema"] == "pytapset-discover/1", doc["schema"]
pythons = doc["pythons"]
for p in pythons:
    assert set(p) == {"executable", "library", "markers", "helper", "helper_markers"}, p
    assert p["executable"] or p["library"], p
    for key in ("executable", "library", "helper"):
        assert p[key] is None or p[key].startswith("/"), p
    assert p["markers"] or p["helper_markers"], p
    for key in ("markers", "helper_markers"):
        assert len(set(p[key])) == len(p[key]), p
        assert all(isinstance(m, str) for m in p[key]), p
    assert bool(p["helper"]) == bool(p["helper_markers"]), p
def entry(exe, lib):
    found = [p for p in pythons if (p["executable"], p["library"]) == (exe, lib)]
    assert len(found) == 1, (exe, lib, pythons)
    return found[0]
exec(sys.argv[1])
' "$1"
}

# The marker names of FILE, as readelf sees them, sorted.
marker_names() {
	python3 "$top_srcdir/tests/fixtures/sdt-oracle.py" readelf "$1" |
		sed -n 's/^python:\([^ ]*\) .*/\1/p' | sort -u
}

# --- This machine ----------------------------------------------------------

@test "discover: the distribution's Python, its debug build and its libpython, nothing else" {
	require_file "$SYSTEM_PYTHON" "$SYSTEM_PYTHON_DEBUG" "$SYSTEM_LIBPYTHON"
	require_command readelf
	discover
	[ -z "$stderr" ]
	grep -qx "$SYSTEM_PYTHON: markers in the executable: .*" <<<"$output"
	grep -qx "$SYSTEM_PYTHON_DEBUG: markers in the executable: .*" <<<"$output"
	grep -qx "$SYSTEM_LIBPYTHON: library, for every process that maps it: .*" \
		<<<"$output"
	# The markers each line names are those readelf finds (the marker
	# helper's are generate-helper.bats's).
	diff -u <(marker_names "$SYSTEM_PYTHON") \
		<(grep "^$SYSTEM_PYTHON: " <<<"$output" | sed 's/; marker helper .*//' |
			cut -d: -f3 | tr ' ' '\n' | sed '/^$/d' | sort)
	# Every line is a Python with markers: no shim, no pyenv build.
	local line
	for line in "${lines[@]}"; do
		[[ $line == /usr/bin/python* || $line == /usr/lib/* ]] || fail "listed: $line"
	done
}

@test "discover --json: schema pytapset-discover/1, the same Pythons" {
	require_file "$SYSTEM_PYTHON" "$SYSTEM_PYTHON_DEBUG" "$SYSTEM_LIBPYTHON"
	require_command readelf
	discover --json
	[ -z "$stderr" ]
	json_check "
e = entry('$SYSTEM_PYTHON', None)
assert sorted(e['markers']) == '''$(marker_names "$SYSTEM_PYTHON")'''.split(), e
entry('$SYSTEM_PYTHON_DEBUG', None)
entry(None, '$SYSTEM_LIBPYTHON')
"
	# Text and JSON list the same Pythons.
	local from_json
	from_json=$(printf '%s' "$output" | python3 -c '
import json, sys
for p in json.load(sys.stdin)["pythons"]:
    print(p["executable"] or p["library"])')
	discover
	diff -u <(printf '%s\n' "$from_json") <(cut -d: -f1 <<<"$output")
}

@test "discover: Pythons in PATH, those without markers left out" {
	# Nor the marker helper (generate-helper.bats).
	export PYTAPSET_HELPER_PATH=
	local L=$FIXTURES/layouts real
	require_file "$L/nomarkers/bin/python3.11" "$L/py315/bin/python3.15"
	PATH="$L/nomarkers/bin:$L/py315/bin:$PATH" discover
	grep -qx "$L/py315/bin/python3.15: markers in the executable: .*" <<<"$output"
	if grep -F "$L/nomarkers" <<<"$output"; then
		fail "a Python without markers is listed"
	fi
	# A pyenv (or other self-built) Python is not listed either, even
	# with its own directory in PATH.
	real=$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))')
	PATH="$(dirname "$real"):$PATH" discover
	if ! "$PYTAPSET" list "$real" | grep -q ' python:' && grep -F "$real" <<<"$output"; then
		fail "$real has no markers, but is listed"
	fi
}

@test "generate --discover: the machine's Pythons, every site once" {
	require_stap
	require_command readelf
	discover --json
	local files
	mapfile -t files < <(printf '%s' "$output" | python3 -c '
import json, sys
for p in json.load(sys.stdin)["pythons"]:
    print(p["library"] or p["executable"])')
	[ "${#files[@]}" -ge 3 ]
	tapset_for --discover
	sites_resolve_once python "${files[@]}"
}

# --- Staged trees ----------------------------------------------------------

@test "discover --sysroot: exactly the staged Pythons with markers, as installed" {
	export PYTAPSET_HELPER_PATH=
	discover --sysroot "$SYSROOT"
	[ -z "$stderr" ]
	diff -u - <(cut -d: -f1-2 <<<"$output") <<-EOF
	/opt/bar/bin/python3.11: markers in /opt/bar/lib/libpython3.11.so.1.0
	/opt/foo/bin/python3.11: markers in the executable
	$LIBDIR/libpython3.11.so.1.0: library, for every process that maps it
	/usr/local/bin/python3.13: markers in the executable
	EOF
	if grep -F "$SYSROOT" <<<"$output"; then
		fail "the sysroot is part of a path"
	fi
	discover --json --sysroot "$SYSROOT"
	json_check "
assert len(pythons) == 4, pythons
assert entry('/opt/foo/bin/python3.11', None)['markers'][0]
assert 'function__entry' in entry('/opt/bar/bin/python3.11', '/opt/bar/lib/libpython3.11.so.1.0')['markers']
assert 'function__entry' in entry(None, '$LIBDIR/libpython3.11.so.1.0')['markers']
assert 'function__entry' not in entry('/usr/local/bin/python3.13', None)['markers']
"
}

@test "generate --discover --sysroot: every staged Python, named as installed" {
	export PYTAPSET_HELPER_PATH=
	run --separate-stderr "$PYTAPSET" generate --discover --sysroot "$SYSROOT" \
		-o "$OUT/python.stp"
	[ "$status" -eq 0 ] || fail "status $status: $stderr"
	diff -u - <(points_of "$OUT/python.stp") <<-EOF
	process("/opt/bar/bin/python3.11").library("/opt/bar/lib/libpython3.11.so.1.0")
	process("/opt/foo/bin/python3.11")
	process("$LIBDIR/libpython3.11.so.1.0")
	process("/usr/local/bin/python3.13")
	EOF
	if grep -F "$SYSROOT" "$OUT/python.stp"; then
		fail "the sysroot is part of a path"
	fi
	# The 3.13 has no function markers, the others have.
	grep -qxF "$(printf '\t')process(\"/opt/foo/bin/python3.11\").mark(\"function__return\") ?," "$OUT/python.stp"
	if grep -E '^[[:space:]]*process\("/usr/local/bin/python3.13"\)\.mark\("function__[a-z]+"\) \?' \
		"$OUT/python.stp"; then
		fail "function markers for the 3.13"
	fi
}

# A tree where one libpython serves three executables and is also found
# on its own, the marker helper is installed for all of them, and
# ld.so.conf is read for each: every file of it is opened once in a run
# (a directory listed once, an ELF file parsed once).
@test "generate --discover --sysroot: every file of the tree is opened once" {
	require_command strace
	local L=$FIXTURES/layouts S=$BATS_TEST_TMPDIR/shared
	mkdir -p "$S/opt/py/bin" "$S/opt/py/lib/python3/dist-packages" "$S/etc"
	cp "$L/shared-origin/bin/python3.11" "$S/opt/py/bin/python3.11"
	cp "$L/shared-origin/bin/python3.11" "$S/opt/py/bin/python3.11d"
	cp "$L/shared-origin/bin/python3.11" "$S/opt/py/bin/python3.11t"
	ln -s python3.11 "$S/opt/py/bin/python3"
	cp "$L/shared-origin/lib/libpython3.11.so.1.0" "$S/opt/py/lib/"
	require_file "$HELPER311"
	cp "$HELPER311" "$S/opt/py/lib/python3/dist-packages/"
	printf '/opt/py/lib\n' >"$S/etc/ld.so.conf"
	# The helper where a build's prefix has its modules, not in the build tree.
	unset PYTAPSET_HELPER_PATH
	strace_run -f -qq -o "$BATS_TEST_TMPDIR/trace" -e trace=open,openat -e status=successful \
		"$PYTAPSET" generate --discover --sysroot "$S" -o "$OUT/python.stp"
	# One process() for the library and one for the helper serve all three.
	[ "$(points_of "$OUT/python.stp" | wc -l)" -eq 2 ]
	grep -q '_pytapset' "$OUT/python.stp"
	local opened
	opened=$(grep -o "\"$S/[^\"]*\"" "$BATS_TEST_TMPDIR/trace" | sort | uniq -c | sort -rn)
	grep -q libpython3.11.so.1.0 <<<"$opened"
	grep -q ld.so.conf <<<"$opened"
	grep -q dist-packages <<<"$opened"
	if awk '$1 > 1 { found = 1 } END { exit !found }' <<<"$opened"; then
		fail "opened more than once: $(awk '$1 > 1' <<<"$opened")"
	fi
}

@test "generate --sysroot: an absolute link, libpython found through ld.so.conf" {
	local C=$BATS_FILE_TMPDIR/ldconf helper
	# The helper in the tree's Debian directory, and nowhere else.
	unset PYTAPSET_HELPER_PATH
	helper=/$(cd "$C" && echo usr/lib/python3/dist-packages/_pytapset.cpython-311-*.so)
	require_file "$C$helper"
	run --separate-stderr "$PYTAPSET" generate --sysroot "$C" -o "$OUT/python.stp" \
		/usr/bin/python3
	[ "$status" -eq 0 ] || fail "status $status: $stderr"
	[ -z "$stderr" ]
	diff -u <(printf '%s\n' 'process("/usr/bin/python3.11").library("/opt/pylib/libpython3.11.so.1.0")' \
		"process(\"$helper\")") <(points_of "$OUT/python.stp")
	grep -qF ' *   /usr/bin/python3.11: markers in /opt/pylib/libpython3.11.so.1.0' \
		"$OUT/python.stp"
	if grep -F "$C" "$OUT/python.stp"; then
		fail "the sysroot is part of a path"
	fi
	# --library names it just as well, by name or installed path.
	"$PYTAPSET" generate --sysroot "$C" -o "$OUT/name.stp" \
		--library libpython3.11.so.1.0 /usr/bin/python3
	cmp "$OUT/python.stp" "$OUT/name.stp"
	"$PYTAPSET" generate --sysroot "$C" -o "$OUT/path.stp" \
		--library /opt/pylib/libpython3.11.so.1.0 /usr/bin/python3
	cmp "$OUT/python.stp" "$OUT/path.stp"
}

@test "generate --sysroot reads only the sysroot" {
	export PYTAPSET_HELPER_PATH=
	# Present on this machine, not in the tree.
	require_file "$SYSTEM_PYTHON_DEBUG"
	run --separate-stderr "$PYTAPSET" generate --sysroot "$SYSROOT" \
		-o "$OUT/python.stp" "$SYSTEM_PYTHON_DEBUG"
	[ "$status" -eq 1 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == "pytapset: $SYSTEM_PYTHON_DEBUG: "*"$SYSROOT"* ]]
	[ ! -e "$OUT/python.stp" ]
	# The tree's own /usr/bin/python3.11 has no markers, whatever this
	# machine's has.
	run --separate-stderr "$PYTAPSET" generate --sysroot "$SYSROOT" \
		-o "$OUT/python.stp" /usr/bin/python3
	[ "$status" -eq 3 ]
	[[ $stderr == *--with-dtrace* ]]
	[ ! -e "$OUT/python.stp" ]
}

@test "generate --sysroot: a tapset for files that exist here elaborates" {
	local L=$FIXTURES/layouts M=$BATS_FILE_TMPDIR/mirror
	require_stap
	require_command readelf
	tapset_for --sysroot "$M" /usr/bin/python3 \
		"$L/static/bin/python3.11"
	# Sorted, as points_of gives them.
	diff -u <(LC_ALL=C sort <<-EOF
	process("$HELPER311")
	process("$L/shared-origin/bin/python3.11").library("$L/shared-origin/lib/libpython3.11.so.1.0")
	process("$L/static/bin/python3.11")
	EOF
	) <(points_of "$TAPSET")
	sites_resolve_once python "$L/shared-origin/lib/libpython3.11.so.1.0" \
		"$L/static/bin/python3.11"
}

@test "discover: usage errors have status 2; --help" {
	run --separate-stderr "$PYTAPSET" discover extra
	[ "$status" -eq 2 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == "pytapset: discover: "* ]]
	run --separate-stderr "$PYTAPSET" discover --bogus
	[ "$status" -eq 2 ]
	run --separate-stderr "$PYTAPSET" discover --sysroot
	[ "$status" -eq 2 ]
	run --separate-stderr "$PYTAPSET" discover --help
	[ "$status" -eq 0 ]
	[[ $output == "Usage: pytapset discover "* ]]
}
