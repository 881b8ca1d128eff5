#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# pytapset list: every kind of fixture, text and JSON output, refused
# files, several files in one call, and the command line itself.
#
# The fixtures come from tests/fixtures (built by `make check`).  readelf
# is the independent oracle for addresses and argument strings
# (tests/fixtures/sdt-oracle.py); the JSON output is always parsed, never
# grepped.

load ../common

setup() {
	bats_require_minimum_version 1.5.0
	require_command python3 readelf
	F=$FIXTURES
	ORACLE=$top_srcdir/tests/fixtures/sdt-oracle.py
}

# json_assert CODE: run Python CODE with `doc` bound to the JSON document
# in $output, `files` to its file list and `markers(PATH)` to the markers
# of one file.  A failed assert fails the test with Python's message.
json_assert() {
	printf '%s' "$output" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
assert doc["schema"] == "pytapset-list/2", doc.get("schema")
files = doc["files"]
def entry(path):
    found = [f for f in files if f["path"] == path]
    assert len(found) == 1, (path, [f["path"] for f in files])
    return found[0]
def markers(path):
    return entry(path)["markers"]
def types(m):
    """The argument types of marker M, as the text output names them."""
    return ["f%d" % (a["size"] * 8) if a["float"] else
            ("s" if a["signed"] else "u") + str(a["size"] * 8)
            for a in m["args"]]
def sites(path, name):
    return [m for m in markers(path) if m["provider"] + ":" + m["name"] == name]
exec(sys.argv[1])
' "$1"
}

# list_ok ARG...: run `pytapset list ARG...`, which must succeed silently.
list_ok() {
	run --separate-stderr "$PYTAPSET" list "$@"
	[ "$status" -eq 0 ] || { echo "status $status: $stderr"; return 1; }
	[ -z "$stderr" ] || { echo "stderr: $stderr"; return 1; }
}

# line_of PROVIDER:NAME: the one line of text output in $output for it.
line_of() {
	local found
	found=$(grep -F " $1 pc=" <<<"$output")
	[ "$(wc -l <<<"$found")" -eq 1 ] || return 1
	printf '%s\n' "$found"
}

# agrees_with_readelf FILE: text and JSON output list the markers readelf
# finds, site for site, with the same pc, semaphore and argument string.
agrees_with_readelf() {
	local file=$1 expected
	expected=$(python3 "$ORACLE" readelf "$file")
	[ -n "$expected" ]
	list_ok "$file"
	diff -u <(printf '%s\n' "$expected") \
		<(printf '%s\n' "$output" | python3 "$ORACLE" text "$file")
	list_ok --json "$file"
	diff -u <(printf '%s\n' "$expected") \
		<(printf '%s\n' "$output" | python3 "$ORACLE" json "$file")
}

# The markers of the demo programs (sdt-demo.c + fakepython.c 3.11 set +
# sdt-markers.c), with their argument types.  multisite is checked apart.
DEMO_SIGNATURES='
SIGNATURES = {
    "python:audit": ["u64", "u64"],
    "python:function__entry": ["u64", "u64", "s32"],
    "python:function__return": ["u64", "u64", "s32"],
    "python:line": ["u64", "u64", "s32"],
    "python:gc__start": ["s32"],
    "python:gc__done": ["s64"],
    "python:import__find__load__start": ["u64"],
    "python:import__find__load__done": ["u64", "s32"],
    "pytapset_test:noargs": [],
    "pytapset_test:sizes": ["u8", "s8", "u16", "s16", "u32", "s32", "u64", "s64"],
    "pytapset_test:floating": ["f64", "f32"],
}
def check_demo(path, kind):
    e = entry(path)
    assert e["type"] == kind, e["type"]
    assert (e["machine"], e["e_machine"], e["class"], e["byte_order"]) == \
        ("x86_64", 62, 64, "little"), e
    seen = {}
    for m in e["markers"]:
        key = m["provider"] + ":" + m["name"]
        seen[key] = seen.get(key, 0) + 1
        assert int(m["pc"], 16) != 0, m
        assert m["pc"] == hex(int(m["pc"], 16)), m["pc"]
        assert len(m["args"]) == len(m["args_text"].split()), m
        assert " ".join(a["spec"] for a in m["args"]) == m["args_text"], m
        if m["provider"] == "python":
            assert m["semaphore"] is not None and int(m["semaphore"], 16) != 0, m
        else:
            assert m["semaphore"] is None, m
        if key in SIGNATURES:
            assert types(m) == SIGNATURES[key], (key, types(m))
    expected = dict.fromkeys(SIGNATURES, 1)
    expected["pytapset_test:multisite"] = 5
    assert seen == expected, seen
'

@test "non-PIE executable: every marker, type executable, readelf agrees" {
	require_file "$F/sdt-nonpie"
	list_ok --json "$F/sdt-nonpie"
	json_assert "$DEMO_SIGNATURES
check_demo('$F/sdt-nonpie', 'executable')"
	agrees_with_readelf "$F/sdt-nonpie"
}

@test "PIE executable: the same markers, type pie-executable" {
	require_file "$F/sdt-pie"
	list_ok --json "$F/sdt-pie"
	json_assert "$DEMO_SIGNATURES
check_demo('$F/sdt-pie', 'pie-executable')"
	agrees_with_readelf "$F/sdt-pie"
}

@test "text output: one line per site, 16-digit addresses, types, none" {
	require_file "$F/sdt-nonpie"
	list_ok "$F/sdt-nonpie"
	[ "${#lines[@]}" -eq 16 ]
	local hex='0x[0-9a-f]{16}' spec='[^ ]+' line re
	for line in "${lines[@]}"; do
		re="^$F/sdt-nonpie: [a-z_]+:[a-z_]+ pc=$hex semaphore=($hex|none) args: "
		[[ $line =~ $re ]]
	done
	re=" pytapset_test:noargs pc=$hex semaphore=none args: none\$"
	[[ $(line_of pytapset_test:noargs) =~ $re ]]
	re=" python:gc__done pc=$hex semaphore=$hex args: -8@$spec \(s64\)\$"
	[[ $(line_of python:gc__done) =~ $re ]]
	re=" args: 8@$spec \(u64\), 8@$spec \(u64\), -4@$spec \(s32\)\$"
	[[ $(line_of python:function__entry) =~ $re ]]
	re=" args: 8f@$spec \(f64\), 4f@$spec \(f32\)\$"
	[[ $(line_of pytapset_test:floating) =~ $re ]]
	re=" args: 1@$spec \(u8\), -1@$spec \(s8\), 2@$spec \(u16\), -2@$spec \(s16\),"
	re+=" 4@$spec \(u32\), -4@$spec \(s32\), 8@$spec \(u64\), -8@$spec \(s64\)\$"
	[[ $(line_of pytapset_test:sizes) =~ $re ]]
}

@test "one marker at several sites: each site listed with its own arguments" {
	require_file "$F/sdt-nonpie"
	list_ok --json "$F/sdt-nonpie"
	json_assert "
s = sites('$F/sdt-nonpie', 'pytapset_test:multisite')
assert len(s) == 5, len(s)
assert len({m['pc'] for m in s}) == 5, [m['pc'] for m in s]
assert len({m['args_text'] for m in s}) == 5, [m['args_text'] for m in s]
assert all(len(m['args']) == 1 and m['args'][0]['signed'] for m in s), s
kinds = {m['args'][0]['kind']: m['args'][0] for m in s}
assert set(kinds) == {'register', 'memory', 'constant', 'symbol', 'indexed'}, kinds
assert kinds['register']['base'] == 'edi', kinds['register']
assert kinds['memory']['base'] == 'rdi' and kinds['memory']['offset'] == 8, kinds['memory']
c = kinds['constant']
assert c.get('value', c.get('offset')) == 42, c
assert kinds['symbol']['symbol'] == 'sdt_counter', kinds['symbol']
assert kinds['symbol']['base'] == 'rip', kinds['symbol']
i = kinds['indexed']
assert (i['base'], i['index'], i['scale']) == ('rdi', 'rsi', 4), i
"
	# The text output has the five sites too, in note order.
	list_ok "$F/sdt-nonpie"
	[ "$(grep -c ' pytapset_test:multisite pc=' <<<"$output")" -eq 5 ]
	[ "$(grep ' pytapset_test:multisite pc=' <<<"$output" | sort -u | wc -l)" -eq 5 ]
}

@test "shared library: type shared-object, markers where readelf has them" {
	require_file "$F/libsdt.so"
	list_ok --json "$F/libsdt.so"
	json_assert "
e = entry('$F/libsdt.so')
assert e['type'] == 'shared-object', e['type']
assert len(sites('$F/libsdt.so', 'python:function__entry')) == 1
assert len(sites('$F/libsdt.so', 'pytapset_test:multisite')) == 5
"
	agrees_with_readelf "$F/libsdt.so"
}

@test "executable using the library through RUNPATH: no markers, status 0" {
	require_file "$F/sdt-uselib"
	list_ok "$F/sdt-uselib"
	[ "$output" = "$F/sdt-uselib: no SDT markers" ]
	list_ok --json "$F/sdt-uselib"
	json_assert "
e = entry('$F/sdt-uselib')
assert e['markers'] == [], e['markers']
assert e['type'] == 'pie-executable', e['type']
"
}

@test "executable without any marker: the no-markers message, status 0" {
	require_file "$F/sdt-nomarkers"
	list_ok "$F/sdt-nomarkers"
	[ "$output" = "$F/sdt-nomarkers: no SDT markers" ]
}

@test "32-bit i686: 8-digit addresses, class 32, readelf agrees" {
	require_file "$F/sdt-i686"
	list_ok "$F/sdt-i686"
	# Every line's width is checked against the class by the oracle
	# (agrees_with_readelf below); this is the plain case.
	[[ ${lines[0]} =~ \ pc=0x[0-9a-f]{8}\ semaphore=0x[0-9a-f]{8}\ args:\  ]]
	list_ok --json "$F/sdt-i686"
	json_assert "
e = entry('$F/sdt-i686')
assert (e['e_machine'], e['class'], e['byte_order'], e['type']) == \
    (3, 32, 'little', 'executable'), e
assert e['machine'], e
fe = sites('$F/sdt-i686', 'python:function__entry')
assert len(fe) == 1 and types(fe[0]) == ['u32', 'u32', 's32'], fe
sym = [m for m in sites('$F/sdt-i686', 'pytapset_test:multisite')
       if m['args'][0]['kind'] == 'symbol']
assert len(sym) == 1 and sym[0]['args'][0]['symbol'] == 'sdt_counter', sym
"
	agrees_with_readelf "$F/sdt-i686"
}

@test "aarch64: decoded by the file's machine, readelf agrees" {
	require_file "$F/sdt-aarch64"
	list_ok --json "$F/sdt-aarch64"
	json_assert "
e = entry('$F/sdt-aarch64')
assert (e['machine'], e['e_machine'], e['class'], e['byte_order']) == \
    ('aarch64', 183, 64, 'little'), e
fe = sites('$F/sdt-aarch64', 'python:function__entry')
assert len(fe) == 1 and types(fe[0]) == ['u64', 'u64', 's32'], fe
assert [a['kind'] for a in fe[0]['args']] == ['memory'] * 3, fe
assert [a['base'] for a in fe[0]['args']] == ['x0'] * 3, fe
c = [m['args'][0] for m in sites('$F/sdt-aarch64', 'pytapset_test:multisite')
     if m['args'][0]['kind'] == 'constant']
assert len(c) == 1 and c[0].get('value', c[0].get('offset')) == 42, c
"
	agrees_with_readelf "$F/sdt-aarch64"
}

@test "s390x: big-endian addresses decoded, readelf agrees" {
	require_file "$F/sdt-s390x"
	list_ok --json "$F/sdt-s390x"
	json_assert "
e = entry('$F/sdt-s390x')
assert (e['machine'], e['e_machine'], e['class'], e['byte_order']) == \
    ('s390x', 22, 64, 'big'), e
# s390x programs are linked at 0x1000000: read in the wrong byte order,
# the addresses would be far off.
for m in e['markers']:
    assert 0x1000000 <= int(m['pc'], 16) < 0x2000000, m['pc']
fe = sites('$F/sdt-s390x', 'python:function__entry')
assert len(fe) == 1 and types(fe[0]) == ['u64', 'u64', 's32'], fe
assert [a['base'] for a in fe[0]['args']] == ['r2'] * 3, fe
"
	agrees_with_readelf "$F/sdt-s390x"
}

@test "moved .stapsdt.base: pc and semaphore move with it, up, down and prelinked" {
	local file delta section note_base loc sem expected
	for file in sdt-base-up:0x1000 sdt-base-down:-0x1000 \
		libsdt-prelinked.so:0x10000000; do
		delta=${file#*:}
		file=$F/${file%%:*}
		require_file "$file"
		# The adjustment, from readelf: where .stapsdt.base is now minus
		# where the notes say it was linked.
		section=$(readelf -SW "$file" |
			sed -n 's/^ *\[ *[0-9]*\] \.stapsdt\.base  *[A-Z]*  *\([0-9a-f]*\) .*/\1/p')
		note_base=$(readelf -n "$file" | sed -n 's/.*, Base: \(0x[0-9a-f]*\),.*/\1/p' | sort -u)
		[ "$(wc -l <<<"$note_base")" -eq 1 ]
		[ $((0x$section - note_base)) -eq $((delta)) ]
		expected=$(readelf -n "$file" |
			sed -n 's/.*Location: \(0x[0-9a-f]*\), .*Semaphore: \(0x[0-9a-f]*\)$/\1 \2/p' |
			while read -r loc sem; do
				if [ $((sem)) -eq 0 ]; then
					sem=none
				else
					sem=$(printf '0x%016x' $((sem + delta)))
				fi
				printf '0x%016x %s\n' $((loc + delta)) "$sem"
			done)
		[ "$(wc -l <<<"$expected")" -eq 16 ]
		list_ok "$file"
		diff -u <(printf '%s\n' "$expected") \
			<(sed 's/.* pc=\([^ ]*\) semaphore=\([^ ]*\) .*/\1 \2/' <<<"$output")
		agrees_with_readelf "$file"
	done
}

# refused FILE REASON: `list FILE` fails with status 1, prints nothing on
# stdout and exactly one line `pytapset: FILE: ...REASON...` on stderr;
# with --json the file is an error entry.
refused() {
	local file=$1 reason=$2
	run --separate-stderr "$PYTAPSET" list "$file"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ "$stderr" == "pytapset: $file: "* ]]
	[[ "$stderr" == *"$reason"* ]]
	run --separate-stderr "$PYTAPSET" list --json "$file"
	[ "$status" -eq 1 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	json_assert "
e = entry('$file')
assert set(e) == {'path', 'error'}, e
assert '$reason' in e['error'], e
"
}

@test "refused: relocatable object" {
	require_file "$F/sdt-demo.o"
	refused "$F/sdt-demo.o" "relocatable object"
}

@test "refused: static archive" {
	require_file "$F/libsdt-demo.a"
	refused "$F/libsdt-demo.a" "archive"
}

@test "refused: separate debuginfo file" {
	require_file "$F/sdt-debug.debug"
	# It really holds the notes: readelf lists them.
	readelf -n "$F/sdt-debug.debug" | grep -q NT_STAPSDT
	refused "$F/sdt-debug.debug" "debuginfo"
}

@test "refused: a linker script named libfoo.so" {
	require_file "$F/libfoo.so"
	refused "$F/libfoo.so" "not an ELF file"
}

@test "refused: a text file, a directory, a missing file, an empty file" {
	refused /etc/passwd "not an ELF file"
	refused "$BATS_TEST_TMPDIR" "is a directory"
	refused "$BATS_TEST_TMPDIR/missing" "No such file or directory"
	: >"$BATS_TEST_TMPDIR/empty"
	refused "$BATS_TEST_TMPDIR/empty" "empty file"
}

@test "several files: goes on after a bad one, status 1, good files listed" {
	require_file "$F/sdt-nonpie" "$F/sdt-pie" "$F/sdt-nomarkers"
	run --separate-stderr "$PYTAPSET" list "$F/sdt-nonpie" /etc/passwd \
		"$BATS_TEST_TMPDIR/missing" "$F/sdt-pie" "$F/sdt-nomarkers"
	[ "$status" -eq 1 ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	[[ "${stderr_lines[0]}" == "pytapset: /etc/passwd: "* ]]
	[[ "${stderr_lines[1]}" == "pytapset: $BATS_TEST_TMPDIR/missing: "* ]]
	[ "$(grep -c "^$F/sdt-nonpie: " <<<"$output")" -eq 16 ]
	[ "$(grep -c "^$F/sdt-pie: " <<<"$output")" -eq 16 ]
	[ "${lines[-1]}" = "$F/sdt-nomarkers: no SDT markers" ]

	run --separate-stderr "$PYTAPSET" list --json "$F/sdt-nonpie" \
		/etc/passwd "$F/sdt-pie"
	[ "$status" -eq 1 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	json_assert "
assert [f['path'] for f in files] == ['$F/sdt-nonpie', '/etc/passwd', '$F/sdt-pie']
assert 'error' in files[1] and 'markers' not in files[1], files[1]
assert len(files[0]['markers']) == 16 and len(files[2]['markers']) == 16
"
}

@test "Python layouts: each tree holds the markers of its CPython" {
	local L=$F/layouts
	require_file "$L/static/bin/python3.11" "$L/py313/bin/python3.13" \
		"$L/py315/bin/python3.15"
	run --separate-stderr "$PYTAPSET" list --json \
		"$L/static/bin/python3.11" \
		"$L/shared-abs/bin/python3.11" "$L/shared-abs/lib/libpython3.11.so.1.0" \
		"$L/shared-origin/bin/python3.11" "$L/shared-origin/lib/libpython3.11.so.1.0" \
		"$L/shared-rpath/bin/python3.11" "$L/shared-rpath/lib/libpython3.11.so.1.0" \
		"$L/libonly/lib/libpython3.11.so.1.0" \
		"$L/py313/bin/python3.13" "$L/py315/bin/python3.15" \
		"$L/nomarkers/bin/python3.11"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	json_assert "
L = '$L'
S = ['u64', 'u64', 's32']
PY311 = {'function__entry': S, 'function__return': S, 'line': S,
         'gc__start': ['s32'], 'gc__done': ['s64'],
         'import__find__load__start': ['u64'],
         'import__find__load__done': ['u64', 's32'],
         'audit': ['u64', 'u64']}
def shapes(path):
    found = {}
    for m in markers(path):
        assert m['provider'] == 'python', m
        assert m['semaphore'] is not None, m
        found.setdefault(m['name'], []).append(types(m))
    return found
def one_site_each(path, expected):
    got = shapes(path)
    assert got == {k: [v] for k, v in expected.items()}, (path, got)
for lib in ('static/bin/python3.11', 'shared-abs/lib/libpython3.11.so.1.0',
            'shared-origin/lib/libpython3.11.so.1.0',
            'shared-rpath/lib/libpython3.11.so.1.0',
            'libonly/lib/libpython3.11.so.1.0'):
    one_site_each(L + '/' + lib, PY311)
assert entry(L + '/static/bin/python3.11')['type'] == 'executable'
for exe in ('shared-abs', 'shared-origin', 'shared-rpath', 'nomarkers'):
    assert markers(L + '/' + exe + '/bin/python3.11') == [], exe
got = shapes(L + '/py313/bin/python3.13')
assert len(got.pop('audit')) >= 3
assert got == {k: [PY311[k]] for k in ('gc__start', 'gc__done',
               'import__find__load__start', 'import__find__load__done')}, got
S4 = S + ['u64']
one_site_each(L + '/py315/bin/python3.15', dict(
    {k: PY311[k] for k in ('gc__start', 'gc__done', 'audit',
     'import__find__load__start', 'import__find__load__done')},
    function__entry=S4, function__return=S4,
    cfunction__entry=S4, cfunction__return=S4))
"
}

@test "Python layouts: shared builds find libpython through their search path" {
	local L=$F/layouts
	require_file "$L/shared-abs/bin/python3.11"
	readelf -d "$L/shared-abs/bin/python3.11" |
		grep -F "(RUNPATH)" | grep -qF "[$L/shared-abs/lib]"
	readelf -d "$L/shared-origin/bin/python3.11" |
		grep -F "(RUNPATH)" | grep -qF '[$ORIGIN/../lib]'
	readelf -d "$L/shared-rpath/bin/python3.11" |
		grep -F "(RPATH)" | grep -qF '[$ORIGIN/../lib]'
	local d
	for d in shared-abs shared-origin shared-rpath; do
		readelf -d "$L/$d/bin/python3.11" |
			grep -F "(NEEDED)" | grep -qF "[libpython3.11.so.1.0]"
		readelf -d "$L/$d/lib/libpython3.11.so.1.0" |
			grep -F "(SONAME)" | grep -qF "[libpython3.11.so.1.0]"
		run env -u LD_LIBRARY_PATH "$L/$d/bin/python3.11" --version
		[ "$status" -eq 0 ]
		[ "$output" = "Python 3.11.0" ]
	done
}

@test "--help, --version and usage errors" {
	run --separate-stderr "$PYTAPSET" --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"Usage"* ]]
	[[ "$output" == *"list"* ]]
	[ -z "$stderr" ]
	list_ok --help
	[[ "$output" == *"--json"* ]]
	run --separate-stderr "$PYTAPSET" --version
	[ "$status" -eq 0 ]
	[ "$output" = "pytapset 0.1.0" ]

	local args
	for args in "" "list" "list --json" "list --bogus /etc/passwd" \
		"--bogus" "no-such-command"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$PYTAPSET" $args
		[ "$status" -eq 2 ] || { echo "status $status for: $args"; false; }
		[ -z "$output" ]
		[ "${#stderr_lines[@]}" -eq 1 ]
		[[ "$stderr" == "pytapset: "* ]]
	done
}

@test "UTF-8 file names as they are; bytes that are not UTF-8 escaped, recoverable in JSON" {
	require_file "$F/sdt-nonpie"
	local dir=$BATS_TEST_TMPDIR/names
	mkdir -p "$dir"
	cp "$F/sdt-nonpie" "$dir/pythön"
	cp "$F/sdt-nonpie" "$dir/$(printf 'py\xffthon')"
	run --separate-stderr "$PYTAPSET" list --json "$dir/pythön" "$dir/$(printf 'py\xffthon')"
	[ "$status" -eq 0 ]
	printf '%s' "$output" | python3 -c '
import json, sys
doc = json.loads(sys.stdin.buffer.read().decode("utf-8"))
paths = [f["path"] for f in doc["files"]]
assert paths[0].endswith("/pythön"), paths
assert paths[1].endswith("/py\udcffthon"), paths
assert paths[1].encode("utf-8", "surrogateescape").endswith(b"/py\xffthon"), paths
assert all(f["markers"] for f in doc["files"])
'
	run --separate-stderr "$PYTAPSET" list "$dir/pythön" "$dir/$(printf 'py\xffthon')"
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == "$dir/pythön: python:"* ]]
	[[ ${lines[16]} == "$dir/py\xffthon: python:"* ]]
	run --separate-stderr "$PYTAPSET" list "$dir/$(printf 'py\\x\xff\nthon')"
	[ "$status" -eq 1 ]
	[ "$stderr" = "pytapset: $dir/py\\\\x\\xff\\nthon: No such file or directory" ]
}
