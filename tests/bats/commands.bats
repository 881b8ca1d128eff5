#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The command table and what every command shares: --help made from the
# table's entry, usage errors, and output that is checked.  A write that
# fails (here /dev/full: "No space left on device") makes every command
# exit 4 with one line, whatever it was printing.

load ../common

setup() {
	bats_require_minimum_version 1.5.0
}

# The commands `pytapset --help` lists.
commands() {
	"$PYTAPSET" --help | sed -n '/^Commands:/,/^$/s/^  pytapset \([a-z]*\) .*/\1/p'
}

# full ARGUMENT...: pytapset with standard output on /dev/full fails with
# status 4 and one line saying so.
full() {
	run --separate-stderr "$PYTAPSET" "$@"
	[ "$status" -eq 0 ] || fail "pytapset $*: status $status: $stderr"
	run --separate-stderr sh -c '"$@" >/dev/full' sh "$PYTAPSET" "$@"
	[ "$status" -eq 4 ] || fail "pytapset $* >/dev/full: status $status"
	[ "$stderr" = "pytapset: standard output: No space left on device" ] ||
		fail "pytapset $* >/dev/full: $stderr"
}

@test "every command's --help comes from its table entry" {
	local c n=0
	for c in $(commands); do
		n=$((n + 1))
		run --separate-stderr "$PYTAPSET" "$c" --help
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		[[ ${lines[0]} == "Usage: pytapset $c "* ]] || fail "$c: ${lines[0]}"
		grep -qx '  -h, --help  *show this help and exit' <<<"$output" ||
			fail "$c --help lists no --help"
		grep -qx '  0  .*' <<<"$output" || fail "$c --help lists no exit status 0"
		grep -qx '  2  wrong command line.*' <<<"$output" || fail "$c --help: status 2"
		# The man page has a section for it.
		grep -q "^\.B $c\b" "$top_builddir/man/pytapset.1" || fail "pytapset(1) lacks $c"
	done
	[ "$n" -ge 3 ]
}

@test "a usage error is one line naming the command; status 2" {
	local c
	for c in $(commands); do
		run --separate-stderr "$PYTAPSET" "$c" --no-such-option
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[ "$stderr" = "pytapset: $c: bad option '--no-such-option' (try 'pytapset $c --help')" ]
	done
}

@test "--help and --version: a failed write is status 4" {
	local c
	full --help
	full --version
	for c in $(commands); do
		full "$c" --help
	done
}

@test "list, discover, generate: a failed write is status 4, text and JSON" {
	require_file "$SYSTEM_PYTHON"
	full list "$SYSTEM_PYTHON"
	full list --json "$SYSTEM_PYTHON"
	full discover
	full discover --json
	full generate "$SYSTEM_PYTHON"
}
