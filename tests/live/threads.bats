#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The marker helper and threads, live: every thread of a traced program
# is seen from its first call, however it was started and however soon
# (threads-workload.py: by _thread, from such a thread, by threading, by C
# code calling into Python, and in a forked child), against CPython's own
# record of the same program.  On 3.11 each thread needs the helper's
# profile function; on 3.13 and 3.14 sys.monitoring covers the
# interpreter's threads.  Every way of loading the helper: python3 -m
# pytapset, PYTAPSET_HELPER=1 with its .pth file in a site directory, and
# on 3.14 python3 -m pytapset --attach PID into a program started without
# it (3.11 has no --attach).

load live

LAYOUTS="helper3.11 trixie3.13 forky3.14"

# The current layout's helper found through a site directory, as
# installed: the chroots' is one already (the .pth file left there does
# nothing without PYTAPSET_HELPER); 3.11's gets a user site directory.
env_helper() {
	local site=$LIVE_HELPER_DIR
	if [ "$LIVE_LAYOUT" = helper3.11 ]; then
		site=$WORK/userbase/lib/python3.11/site-packages
		mkdir -p "$site"
		LIVE_PYTHON=(env PYTHONUSERBASE="$WORK/userbase" "${LIVE_PYTHON[@]}")
	fi
	cp "$top_srcdir/helper/pytapset-helper.pth" "$site/"
	LIVE_PYTHON=(env PYTAPSET_HELPER=1 "${LIVE_PYTHON[@]}")
	LIVE_RUNNER=()
}

setup_file() {
	live_init
	cp "$LIVE_DIR/threads-workload.py" "$top_srcdir/tests/helper/threads.py" "$PROG/"
	local l mod
	for l in $LAYOUTS; do
		live_layout "$l"
		LIVE_WORKLOAD=${LIVE_WORKLOAD%/*}/threads-workload.py
		mod=threads_${l//[.-]/_}
		live_compile "$mod" "$LIVE_DIR/events.stp" calls
		live_oracle "$l-threads"
		live_job "$mod" "$l-threads-m"
		[ "$l" = forky3.14 ] && live_attach_job --attach-helper "$mod" "$l-threads-a"
		env_helper
		live_job "$mod" "$l-threads-env"
	done
	live_boot
}

# check LAYOUT HOW: the run against the oracle, which must itself have
# seen every thread: the main one, the four it starts, the fork child's
# and the thread that one starts.
check() {
	local threads
	threads=$(awk -F'\t' '$2 == "call" && $3 ~ /threads-workload\.py$/ { print $1 }' \
		"$OUT/$1-threads.oracle" | sort -u | wc -l)
	[ "$threads" = 7 ] || fail "the oracle saw $threads threads, not 7"
	compare calls "$1-threads" "$1-threads-$2" --workload threads-workload.py
}

@test "python3.11 -m pytapset: every thread from its first call, however started" {
	check helper3.11 m
}

@test "python3.11, PYTAPSET_HELPER=1: every thread from its first call, however started" {
	check helper3.11 env
}

@test "trixie's python3.13 -m pytapset: every thread from its first call, however started" {
	check trixie3.13 m
}

@test "trixie's python3.13, PYTAPSET_HELPER=1: every thread from its first call, however started" {
	check trixie3.13 env
}

@test "forky's python3.14 -m pytapset: every thread from its first call, however started" {
	check forky3.14 m
}

@test "forky's python3.14, PYTAPSET_HELPER=1: every thread from its first call, however started" {
	check forky3.14 env
}

@test "forky's python3.14, --attach PID: every thread from its first call, however started" {
	check forky3.14 a
}
