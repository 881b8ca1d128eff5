#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Huge note sections: the reader and the generator stop at documented
# limits instead of growing without bound (the benchmark measures time and
# memory; these tests check the limits hold).

load ../common

setup_file() {
	local fixture=$FIXTURES/layouts/static/bin/python3.11
	[ -e "$fixture" ] || return 0
	python3 "$top_srcdir/tests/fixtures/sdt-many.py" "$fixture" 70000 \
		"$BATS_FILE_TMPDIR/many-70000"
	# Named like a Python so that the per-version family exists too.
	mkdir -p "$BATS_FILE_TMPDIR/bin"
	python3 "$top_srcdir/tests/fixtures/sdt-many.py" "$fixture" 2000 \
		"$BATS_FILE_TMPDIR/bin/python3.11"
}

@test "more than 65536 marker sites: the first 65536 are listed, the rest reported" {
	require_file "$FIXTURES/layouts/static/bin/python3.11"
	run --separate-stderr "$PYTAPSET" list "$BATS_FILE_TMPDIR/many-70000"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 65536 ]
	[ "$stderr" = "pytapset: $BATS_FILE_TMPDIR/many-70000: more than 65536 markers: the rest are ignored" ]
}

@test "thousands of undescribed markers: 256 aliases, one summary warning" {
	require_file "$FIXTURES/layouts/static/bin/python3.11"
	run --separate-stderr "$PYTAPSET" generate "$BATS_FILE_TMPDIR/bin/python3.11"
	[ "$status" -eq 0 ]
	# Two families (python and python3_11), 256 undescribed aliases each;
	# the described markers are gone from this file, so their aliases are
	# the failing kind that explains why.
	[ "$(grep -c '^probe python\.m[0-9]' <<<"$output")" -eq 256 ]
	[ "$(grep -c '^probe python3_11\.m[0-9]' <<<"$output")" -eq 256 ]
	grep -q '^probe python\.function\.entry =' <<<"$output"
	[ "$(grep -c '^probe ' <<<"$output")" -lt 600 ]
	[[ "$stderr" == *"1744 more undescribed python markers get no alias (at most 256 do)"* ]]
}

@test "thousands of broken notes: diagnostics stop at 1000 lines plus a count" {
	require_file "$FIXTURES/layouts/static/bin/python3.11"
	# Every note of this file has an empty name: each is reported.
	python3 - "$FIXTURES/layouts/static/bin/python3.11" "$BATS_TEST_TMPDIR/broken" <<'PY'
import importlib.util, os, struct, sys
spec = importlib.util.spec_from_file_location(
    "many", os.path.join(os.environ["top_srcdir"], "tests/fixtures/sdt-many.py"))
many = importlib.util.module_from_spec(spec)
spec.loader.exec_module(many)
corrupt = many.corrupt
data = bytearray(open(sys.argv[1], "rb").read())
elf = corrupt.Elf(data)
sec = elf.named(".note.stapsdt")
desc = struct.pack(elf.end + "QQQ", 0x1000, 0, 0) + b"python\0\0\0"
one = struct.pack(elf.end + "III", 8, len(desc), 3) + b"stapsdt\0" + desc
one += b"\0" * (corrupt.align4(len(one)) - len(one))
data += b"\0" * (corrupt.align4(len(data)) - len(data))
offset = len(data)
data += one * 5000
for field, value in (("offset", offset), ("size", len(one) * 5000)):
    struct.pack_into(elf.end + "Q", data, elf.field(sec["index"], field), value)
open(sys.argv[2], "wb").write(data)
PY
	run --separate-stderr "$PYTAPSET" list "$BATS_TEST_TMPDIR/broken"
	[ "$status" -eq 1 ]
	[ "$(wc -l <<<"$stderr")" -eq 1001 ]
	[[ "${stderr##*$'\n'}" == "pytapset: 4000 more messages not shown" ]]
}
