#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Random byte flips in the note section and the ELF headers of real
# fixtures (64-bit, 32-bit, big-endian): every run of `list` and `generate`
# ends with a documented status and one-line messages, never a signal,
# and a failed generate writes nothing.

load ../common

flip_files() { # fixture name
	require_file "$FIXTURES/$1"
	FLIPS=$BATS_TEST_TMPDIR/flips
	python3 "$top_srcdir/tests/fixtures/sdt-flip.py" "$FIXTURES/$1" "$FLIPS" \
		"${PYTAPSET_FLIPS:-150}" "$2"
}

# Every stderr line must be one of ours.
only_our_lines() {
	local line
	while IFS= read -r line; do
		[[ "$line" == "pytapset: "* ]] || { echo "stray line: $line"; return 1; }
	done <<<"$1"
}

check_flips() {
	local f
	run --separate-stderr "$PYTAPSET" list "$FLIPS"/*
	[ "$status" -eq 0 ] || [ "$status" -eq 1 ]
	only_our_lines "$stderr"
	for f in "$FLIPS"/*; do
		run --separate-stderr "$PYTAPSET" generate -o "$f.stp" "$f"
		case $status in
		0) [ -s "$f.stp" ] ;;
		1 | 3) [ ! -e "$f.stp" ] || { echo "$f: status $status but output written"; return 1; } ;;
		*) echo "$f: status $status"; echo "$stderr"; return 1 ;;
		esac
		only_our_lines "$stderr"
	done
}

@test "byte flips in a 64-bit Python layout: documented statuses, no stray output" {
	flip_files layouts/static/bin/python3.11 11
	check_flips
}

@test "byte flips in a 32-bit fixture" {
	flip_files sdt-i686 32
	check_flips
}

@test "byte flips in a big-endian s390x fixture" {
	flip_files sdt-s390x 390
	check_flips
}
