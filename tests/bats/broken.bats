#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# pytapset list on hostile input: copies of real fixtures truncated at
# many lengths, with note sizes that run past the section or overflow,
# strings without NUL, descriptors too short, damaged ELF and section
# headers, files that are not ELF, thousands of notes.
#
# Whatever the input, the reader must not crash: the status is 0 or 1
# (never a signal), every stderr line is `pytapset: FILE: reason`, a file
# that is refused gets exactly one such line, a broken note one line
# `pytapset: FILE: note N: reason` (status 1), and the good markers of a
# file with a broken note are still listed.  Status 0 allows warnings
# only (`pytapset: FILE: warning: ...`, e.g. an unknown architecture),
# and a damaged file is never passed off as one without markers.  The broken files are made by
# tests/fixtures/sdt-corrupt.py (see its manifest kinds).

load ../common

setup_file() {
	# Without python3 every test skips (or fails in strict mode) in setup.
	command -v python3 >/dev/null || return 0
	[ -n "$FIXTURES" ] || return 0
	local name
	for name in sdt-nonpie sdt-i686 sdt-s390x; do
		[ -e "$FIXTURES/$name" ] || continue
		python3 "$top_srcdir/tests/fixtures/sdt-corrupt.py" \
			"$FIXTURES/$name" "$BATS_FILE_TMPDIR/$name"
	done
}

setup() {
	bats_require_minimum_version 1.5.0
	require_command python3
}

# check KIND FIXTURE [STEP]: run `pytapset list --json` on every broken
# copy of FIXTURE of that KIND (one call per file; with STEP, on every
# STEP-th only) and assert what the manifest kind promises.  The markers
# of the intact FIXTURE are the reference.
check() {
	local kind=$1 name=$2 step=${3:-1}
	require_file "$FIXTURES/$name"
	python3 - "$PYTAPSET" "$FIXTURES/$name" \
		"$BATS_FILE_TMPDIR/$name/manifest" "$kind" "$step" <<'EOF'
import json, re, subprocess, sys

pytapset, fixture, manifest, wanted, step = sys.argv[1:]

def key(m):
    return (m["provider"], m["name"], m["pc"], m["semaphore"], m["args_text"])

def list_json(path):
    r = subprocess.run([pytapset, "list", "--json", path],
                       capture_output=True, text=True, timeout=60)
    problems = []
    if r.returncode not in (0, 1):
        problems.append(f"status {r.returncode}")
    try:
        doc = json.loads(r.stdout)
        files = doc["files"]
        if [f["path"] for f in files] != [path]:
            problems.append(f"files: {[f['path'] for f in files]}")
    except (ValueError, KeyError, TypeError) as e:
        problems.append(f"stdout is not a pytapset-list document: {e}")
        files = [{}]
    lines = r.stderr.splitlines()
    for line in lines:
        if not line.startswith(f"pytapset: {path}: "):
            problems.append(f"stderr line: {line!r}")
    if r.returncode == 0 and any(": warning: " not in l for l in lines):
        problems.append("status 0 with error messages")
    if r.returncode == 1 and not lines:
        problems.append("status 1 without a message")
    return r.returncode, files[0], lines, problems

good = list_json(fixture)
assert good[0] == 0 and not good[3], good
reference = [key(m) for m in good[1]["markers"]]

checked = 0
failures = []
rows = [r.rstrip("\n").split("\t") for r in open(manifest)]
rows = [r for r in rows if r[0] == wanted][::int(step)]
for kind, note, path in rows:
    note = int(note)
    checked += 1
    status, entry, lines, problems = list_json(path)
    refused = "error" in entry
    if refused and len(lines) != 1:
        problems.append(f"refused with {len(lines)} messages")
    if refused and entry.get("markers") is not None:
        problems.append("refused file with markers")
    markers = [key(m) for m in entry.get("markers", [])]
    if kind == "chain":
        if refused:
            problems.append("the whole file was refused")
        elif markers[:note] != reference[:note]:
            problems.append("markers before the broken note are lost")
    elif kind == "local":
        if refused:
            problems.append("the whole file was refused")
        if status != 1:
            problems.append("broken note not reported")
        if not any(re.match(rf"pytapset: {re.escape(path)}: (\w+ )?note \d+: ", l)
                   for l in lines):
            problems.append("no 'note N:' message")
        if len(lines) != 1:
            problems.append(f"{len(lines)} messages for one broken note")
        if markers != reference[:note] + reference[note + 1:]:
            problems.append("other markers not listed as they are")
    elif kind == "foreign":
        if markers != reference[:note] + reference[note + 1:]:
            problems.append("a note that is not stapsdt changed the list")
    elif kind == "header":
        # Markers may not vanish silently: a file whose headers are
        # damaged is either read in full or reported.
        if status == 0 and markers != reference:
            problems.append(f"status 0 with {len(markers)} of "
                            f"{len(reference)} markers and no error")
    elif kind in ("truncated", "notelf"):
        if not refused or status != 1:
            problems.append("not refused")
    if problems:
        failures.append(f"{path}: {'; '.join(problems)}")

print(f"{checked} files of kind {wanted} checked", file=sys.stderr)
assert checked > 0, "no files of that kind"
for f in failures[:40]:
    print(f, file=sys.stderr)
sys.exit(1 if failures else 0)
EOF
}

# files_of KIND FIXTURE: the paths of that kind, one per line.
files_of() {
	awk -F '\t' -v k="$1" '$1 == k { print $3 }' \
		"$BATS_FILE_TMPDIR/$2/manifest"
}

@test "truncated at every length: one call for all, valid JSON, status 1" {
	require_file "$FIXTURES/sdt-nonpie"
	local -a files
	mapfile -t files < <(files_of truncated sdt-nonpie)
	[ "${#files[@]}" -gt 900 ]
	run --separate-stderr "$PYTAPSET" list --json "${files[@]}"
	[ "$status" -eq 1 ]
	printf '%s' "$output" | python3 -c '
import json, sys
files = json.load(sys.stdin)["files"]
paths = sys.argv[1:]
assert [f["path"] for f in files] == paths, "files missing or out of order"
'  "${files[@]}"
	# One message per refused file, each naming it.
	[ "${#stderr_lines[@]}" -eq "${#files[@]}" ]
	local i
	for i in "${!files[@]}"; do
		[[ ${stderr_lines[$i]} == "pytapset: ${files[$i]}: "* ]]
	done

	run --separate-stderr "$PYTAPSET" list "${files[@]}"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq "${#files[@]}" ]
}

@test "truncated: one call per file (every fifth length)" {
	check truncated sdt-nonpie 5
}

@test "note sizes past the section or overflowing: earlier markers kept" {
	check chain sdt-nonpie
}

@test "unterminated strings, short descriptors: only that note is lost" {
	check local sdt-nonpie
}

@test "notes of another owner or type are not markers" {
	check foreign sdt-nonpie
}

@test "damaged ELF and section headers: no crash, one line per problem" {
	check header sdt-nonpie
}

@test "not ELF files: refused with one line each" {
	check notelf sdt-nonpie
}

@test "32-bit: broken notes handled the same way" {
	check chain sdt-i686
	check local sdt-i686
	check foreign sdt-i686
}

@test "big-endian s390x: broken notes handled the same way" {
	check chain sdt-s390x
	check local sdt-s390x
	check foreign sdt-s390x
}

@test "32-bit and big-endian: damaged ELF and section headers" {
	check header sdt-i686
	check header sdt-s390x
}

@test "all broken files in one call: status 1, a document, every file in it" {
	require_file "$FIXTURES/sdt-nonpie"
	local -a files
	mapfile -t files < <(awk -F '\t' '$1 != "truncated" && $1 != "many" { print $3 }' \
		"$BATS_FILE_TMPDIR/sdt-nonpie/manifest")
	run --separate-stderr "$PYTAPSET" list --json "${files[@]}"
	[ "$status" -eq 1 ]
	printf '%s' "$output" | python3 -c '
import json, sys
files = json.load(sys.stdin)["files"]
assert [f["path"] for f in files] == sys.argv[1:], "files missing or out of order"
' "${files[@]}"
	local line
	for line in "${stderr_lines[@]}"; do
		[[ $line == "pytapset: $BATS_FILE_TMPDIR/sdt-nonpie/"*": "* ]]
	done
	run --separate-stderr "$PYTAPSET" list "${files[@]}"
	[ "$status" -eq 1 ]
}

@test "20000 notes: every one listed, in bounded time" {
	require_file "$FIXTURES/sdt-nonpie"
	local file=$BATS_FILE_TMPDIR/sdt-nonpie/notes-20000
	run --separate-stderr timeout 60 "$PYTAPSET" list "$file"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 20000 ]
	[ "$(sort -u <<<"$output" | wc -l)" -eq 1 ]
	run --separate-stderr timeout 60 "$PYTAPSET" list --json "$file"
	[ "$status" -eq 0 ]
	printf '%s' "$output" | python3 -c '
import json, sys
markers = json.load(sys.stdin)["files"][0]["markers"]
assert len(markers) == 20000, len(markers)
'
}
