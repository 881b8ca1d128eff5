#!/usr/bin/env bats
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
	OLD_TARGET=/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0
	NEW_TARGET=/usr/bin/python3.11
	require_file "$OLD_TARGET" "$NEW_TARGET"
	DIR=$BATS_TEST_TMPDIR/tapset
	mkdir -p "$DIR"
	"$PYTAPSET" generate -o "$BATS_TEST_TMPDIR/old.stp" "$OLD_TARGET"
	"$PYTAPSET" generate -o "$BATS_TEST_TMPDIR/new.stp" "$NEW_TARGET"
	! cmp -s "$BATS_TEST_TMPDIR/old.stp" "$BATS_TEST_TMPDIR/new.stp"
}

# How many times a run makes system call $1.
count_calls() {
	cp "$BATS_TEST_TMPDIR/old.stp" "$DIR/python.stp"
	strace -f -qq -o "$BATS_TEST_TMPDIR/trace" -e trace="$1" \
		"$PYTAPSET" generate -o "$DIR/python.stp" "$NEW_TARGET"
	grep -c "$1(" "$BATS_TEST_TMPDIR/trace"
}

# Kill before the Nth call of $1 and check what is left.  Calls up to the
# rename must leave the old file; the ones after it (the directory fsync)
# the new one.
kill_at() {
	local call=$1 n=$2
	cp "$BATS_TEST_TMPDIR/old.stp" "$DIR/python.stp"
	run strace -f -qq -o /dev/null -e trace="$call" -e inject="$call:signal=KILL:when=$n" \
		"$PYTAPSET" generate -o "$DIR/python.stp" "$NEW_TARGET"
	[ "$status" -ne 0 ] || { echo "$call #$n: the run was not killed"; return 1; }
	if cmp -s "$DIR/python.stp" "$BATS_TEST_TMPDIR/old.stp"; then
		: # untouched
	elif cmp -s "$DIR/python.stp" "$BATS_TEST_TMPDIR/new.stp"; then
		[ "$call" != write ] && [ "$call" != rename ] && [ "$call" != fchmod ] ||
			{ echo "$call #$n: new file before the rename"; return 1; }
	else
		echo "$call #$n: python.stp is neither the old nor the new file"
		return 1
	fi
	local stray
	stray=$(find "$DIR" -name '*.stp' ! -name python.stp)
	[ -z "$stray" ] || { echo "$call #$n: stap would read $stray"; return 1; }
	# What a kill leaves is only ever the hidden temporary, never .stp.
	find "$DIR" -name '.python.stp.*' -delete
}

@test "killed at every write, fchmod, fsync, close and rename: old file intact" {
	local call n total
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
