#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Crash-safe output: `pytapset generate -o FILE` killed at any system call
# of its run leaves FILE as it was (or, once the rename is done, the new
# file whole), and never a file stap would read in the tapset directory.
#
# strace's fault injection kills the generator with SIGKILL just before the
# Nth call of a given system call, for every N that occurs in a real run:
# every moment at which the outside world can see anything.

load ../common

setup() {
	require_command strace cmp
	OLD_TARGET=$SYSTEM_LIBPYTHON
	NEW_TARGET=$SYSTEM_PYTHON
	require_file "$OLD_TARGET" "$NEW_TARGET"
	DIR=$BATS_TEST_TMPDIR/tapset
	mkdir -p "$DIR"
	"$PYTAPSET" generate -o "$BATS_TEST_TMPDIR/old.stp" "$OLD_TARGET"
	"$PYTAPSET" generate -o "$BATS_TEST_TMPDIR/new.stp" "$NEW_TARGET"
	! cmp -s "$BATS_TEST_TMPDIR/old.stp" "$BATS_TEST_TMPDIR/new.stp"
}

CALLS=openat,write,fchmod,fsync,close,rename

# Record the order of the system calls of interest in one real run, one
# name per line, in $BATS_TEST_TMPDIR/calls.
record_calls() {
	cp "$BATS_TEST_TMPDIR/old.stp" "$DIR/python.stp"
	strace_run -f -qq -o "$BATS_TEST_TMPDIR/trace" -e trace="$CALLS" \
		"$PYTAPSET" generate -o "$DIR/python.stp" "$NEW_TARGET"
	sed -n 's/^[0-9]* *\([a-z0-9]*\)(.*/\1/p' "$BATS_TEST_TMPDIR/trace" \
		>"$BATS_TEST_TMPDIR/calls"
	grep -qx rename "$BATS_TEST_TMPDIR/calls"
}

# How many times the recorded run made system call $1.
count_calls() {
	grep -cx "$1" "$BATS_TEST_TMPDIR/calls"
}

# Whether the Nth call of $1 came after the rename in the recorded run.
after_rename() {
	awk -v call="$1" -v n="$2" '
		$0 == call && ++seen == n { exit renamed ? 0 : 1 }
		$0 == "rename" { renamed = 1 }' "$BATS_TEST_TMPDIR/calls"
}

# Kill before the Nth call of $1 and check what is left: the old file if
# that call came before the rename, the new one whole if after it, and
# never a file stap would read.
kill_at() {
	local call=$1 n=$2 expected=old
	after_rename "$call" "$n" && expected=new
	cp "$BATS_TEST_TMPDIR/old.stp" "$DIR/python.stp"
	run strace_run -f -qq -o /dev/null -e trace="$call" -e inject="$call:signal=KILL:when=$n" \
		"$PYTAPSET" generate -o "$DIR/python.stp" "$NEW_TARGET"
	[ "$status" -ne 0 ] || { echo "$call #$n: the run was not killed"; return 1; }
	cmp -s "$DIR/python.stp" "$BATS_TEST_TMPDIR/$expected.stp" ||
		{ echo "$call #$n: python.stp is not the $expected file"; return 1; }
	local stray
	stray=$(find "$DIR" -name '*.stp' ! -name python.stp)
	[ -z "$stray" ] || { echo "$call #$n: stap would read $stray"; return 1; }
	# What a kill leaves is only ever the hidden temporary, never .stp.
	find "$DIR" -name '.python.stp.*' -delete
}

@test "killed at every write, fchmod, fsync, close and rename: old file intact" {
	local call n total
	record_calls
	for call in write fchmod fsync close rename; do
		total=$(count_calls "$call")
		[ "$total" -ge 1 ]
		for ((n = 1; n <= total; n++)); do
			kill_at "$call" "$n"
		done
	done
}

@test "killed at every file creation: old file intact" {
	local n total
	record_calls
	total=$(count_calls openat)
	[ "$total" -ge 3 ]
	for ((n = 1; n <= total; n++)); do
		kill_at openat "$n"
	done
}

@test "a run that is not killed replaces the file with the new one" {
	cp "$BATS_TEST_TMPDIR/old.stp" "$DIR/python.stp"
	"$PYTAPSET" generate -o "$DIR/python.stp" "$NEW_TARGET"
	cmp "$DIR/python.stp" "$BATS_TEST_TMPDIR/new.stp"
	[ -z "$(find "$DIR" -mindepth 1 ! -name python.stp)" ]
}
