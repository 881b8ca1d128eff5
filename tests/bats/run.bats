#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# pytapset run: the installed scripts by name, from any directory, with
# their arguments checked against the description each script carries
# before stap starts.  The checks must agree with the scripts' own: every
# case below is judged by `pytapset run` and by stap itself (pass 2).

load ../common

setup_file() {
	build_tapset_dir system "$SYSTEM_PYTHON"
}

setup() {
	bats_require_minimum_version 1.5.0
	SCRIPTS=$PYTAPSET_SCRIPTDIR
	# A stap that shows how it was called, and nothing else.
	FAKE_STAP=$BATS_TEST_TMPDIR/stap
	printf '#!/bin/sh\nprintf "%%s\\n" "$@"\n' >"$FAKE_STAP"
	chmod +x "$FAKE_STAP"
}

# Argument cases: SCRIPT, the verdict (ok or bad), then the arguments.
# Each line is split by the shell, so an argument with spaces is quoted.
CASES="
show-call-hierarchy ok
show-call-hierarchy ok main
show-call-hierarchy bad a b
show-call-hierarchy bad ''
top-functions ok 0
top-functions ok 3600 100
top-functions bad 1 2 3
top-functions bad abc
top-functions bad 1.5
top-functions bad 0x10
top-functions bad 010
top-functions bad 3601
top-functions bad '1 2'
top-functions bad 99999999999999999999999
top-functions bad 5 0
top-functions bad 5 101
top-lines ok 10 5
top-lines bad x
top-lines bad 10 200
call-latency ok 200 ':handle_request\$'
call-latency bad 0
call-latency bad 201
call-latency bad many
call-latency bad 10 '('
call-latency bad 10 ''
call-latency bad 10 x y
call-flow ok 'views\\.py:index\$' 3
call-flow bad
call-flow bad ''
call-flow bad '[a-'
call-flow bad main 0
call-flow bad main 101
call-flow bad main deep
gc-pauses ok 60
gc-pauses ok 0
gc-pauses bad x
gc-pauses bad 3601
import-tree ok
import-tree bad x
folded-stacks bad x
audit-log ok '^(open|socket\\.)'
audit-log bad '('
audit-log bad ''
audit-log bad a b
"

@test "run alone lists every script, one line each: name and title" {
	run --separate-stderr "$PYTAPSET" run
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	local f name
	[ "${#lines[@]}" -eq "$(ls "$SCRIPTS"/*.stp | wc -l)" ]
	for f in "$SCRIPTS"/*.stp; do
		name=$(basename "$f" .stp)
		# The title is the summary of the script's first line.
		grep -qxF "$(printf '%-22s %s' "$name" "$(sed -n "s/^ \* $name\.stp - //p" "$f")")" \
			<<<"$output" || fail "$name: not listed with its summary"
	done
}

@test "run NAME passes stap's options, then -- and the script, then its arguments" {
	PYTAPSET_STAP=$FAKE_STAP run --separate-stderr "$PYTAPSET" run --backend=stap call-flow \
		-vs 12 -G tty=1 --sysroot /s -p2 -o 'a b.out' -- -main 3
	[ "$status" -eq 0 ] || fail "$stderr"
	[ "$output" = "-vs
12
-G
tty=1
--sysroot
/s
-p2
-o
a b.out
--
$SCRIPTS/call-flow.stp
-main
3" ]
	# NAME may end in .stp; options that replace the script are refused.
	PYTAPSET_STAP=$FAKE_STAP run --separate-stderr "$PYTAPSET" run --backend=stap gc-pauses.stp 5
	[ "$output" = "--
$SCRIPTS/gc-pauses.stp
5" ]
	run --separate-stderr "$PYTAPSET" run gc-pauses -e 'probe begin {}'
	[ "$status" -eq 2 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
}

@test "an unknown script or a missing script directory: one line" {
	run --separate-stderr "$PYTAPSET" run no-such-script
	[ "$status" -eq 2 ]
	[ "$stderr" = "pytapset: no-such-script: no such script in $SCRIPTS ('pytapset run' lists them)" ]
	run --separate-stderr "$PYTAPSET" run ../scripts/gc-pauses
	[ "$status" -eq 2 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	PYTAPSET_SCRIPTDIR=$BATS_TEST_TMPDIR/none run --separate-stderr "$PYTAPSET" run
	[ "$status" -eq 1 ]
	[ "$stderr" = "pytapset: $BATS_TEST_TMPDIR/none: No such file or directory" ]
}

@test "a wrong argument: one line naming it and the usage; stap never starts" {
	PYTAPSET_STAP=$FAKE_STAP run --separate-stderr "$PYTAPSET" run --backend=stap call-latency -x 1 0
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "pytapset: call-latency: ROWS is 1 to 200 (usage: pytapset run call-latency [-x PID | -c CMD] [ROWS [PATTERN]])" ]
	PYTAPSET_STAP=$FAKE_STAP run --separate-stderr "$PYTAPSET" run --backend=stap call-flow -c 'python3 x.py'
	[ "$status" -eq 2 ]
	[ "$stderr" = "pytapset: call-flow: PATTERN is missing (usage: pytapset run call-flow [-x PID | -c CMD] PATTERN [DEPTH])" ]
}

@test "pytapset run and the scripts themselves judge every argument case alike" {
	use_tapset system
	local script verdict ours theirs line
	while read -r line; do
		[ -n "$line" ] || continue
		eval "set -- $line"
		script=$1 verdict=$2
		shift 2
		PYTAPSET_STAP=$FAKE_STAP run --separate-stderr "$PYTAPSET" run --backend=stap "$script" "$@"
		ours=bad
		[ "$status" -eq 0 ] && ours=ok
		[ "$status" -eq 0 ] || [ "${#stderr_lines[@]}" -eq 1 ] || fail "$line: $stderr"
		run --separate-stderr stap_elaborate "$SCRIPTS/$script.stp" "$@"
		theirs=bad
		[ "$status" -eq 0 ] && theirs=ok
		[ "$ours" = "$verdict" ] && [ "$theirs" = "$verdict" ] ||
			fail "$line: pytapset run says $ours, stap says $theirs"
	done <<<"$CASES"
}

@test "run NAME works from any directory: the CPython howto's command, elaborated" {
	use_tapset system
	cd /
	PATH=/usr/bin:/bin SYSTEMTAP_TAPSET=$TAPSET_DIR run --separate-stderr "$PYTAPSET" run \
		show-call-hierarchy -r "$KVER" -p2 -c "python3 test.py"
	[ "$status" -eq 0 ] || fail "$stderr"
	resolved_points <<<"$output" | grep -qF "process(\"$(system_function_file)\").statement(0x"
}

@test "installed, the scripts are executable and their directory is the one --help names" {
	require_command make
	local dest=$BATS_TEST_TMPDIR/dest dir f
	dir=$("$PYTAPSET" run --help | sed -n 's/^Run the script NAME of //p')
	[[ $dir == /*/scripts ]] || fail "no directory in run --help"
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory \
		-C "$top_builddir" install-dist_pytapsetscriptsSCRIPTS DESTDIR="$dest" >/dev/null
	[ "$(ls "$dest$dir" | wc -l)" -eq "$(ls "$SCRIPTS"/*.stp | wc -l)" ]
	for f in "$dest$dir"/*.stp; do
		[ "$(stat -c %a "$f")" = 755 ] || fail "$f: mode $(stat -c %a "$f")"
		[ "$(head -n 1 "$f")" = "#!/usr/bin/env stap" ]
	done
	# The man pages name that directory, and no placeholder is left.
	for f in "$top_builddir/man/pytapset.1" "$top_builddir/man/pytapset-scripts.7"; do
		grep -qF "$dir" "$f" || fail "$f does not name $dir"
		! grep -nE '@(pkgdatadir|tapsetdir)@' "$f"
	done
}

@test "run --backend=bpftrace --print: the script rendered for this machine's Pythons, nothing run" {
	require_command bpftrace
	run --separate-stderr "$PYTAPSET" run --backend=bpftrace --print show-call-hierarchy
	[ "$status" -eq 0 ] || fail "$stderr"
	# One probe per file holding the marker, in every process.
	grep -qx "usdt:$(readlink -f "$SYSTEM_PYTHON"):python:function__return /(1)/" <<<"$output" ||
		fail "$output"
	grep -qx $'\t$funcname = str(arg1);' <<<"$output"
	! grep -q '^python\.' <<<"$output"
	! grep -q 'PYTAPSET_TRACED\|// pytapset: bpftrace' <<<"$output"
}

@test "run --backend=bpftrace --print -x PID: that process's own files, named through its root, and only it" {
	require_command bpftrace
	"$SYSTEM_PYTHON" -c 'import time; time.sleep(60)' &
	local pid=$!
	sleep 1
	run --separate-stderr "$PYTAPSET" run --backend=bpftrace --print gc-pauses -x "$pid"
	kill "$pid"
	[ "$status" -eq 0 ] || fail "$stderr"
	[ "$(grep -c '^usdt:' <<<"$output")" -eq 2 ] || fail "$output"
	grep -qx "usdt:/proc/$pid/root$(readlink -f "$SYSTEM_PYTHON"):python:gc__start /(pid == $pid)/" \
		<<<"$output" || fail "$output"
}

@test "run on bpftrace: what it cannot do is refused in one line" {
	require_command bpftrace
	local line
	while IFS='|' read -r want line; do
		eval "set -- $line"
		run --separate-stderr "$PYTAPSET" run "$@"
		[ "$status" -eq "${want%% *}" ] && [ "${#stderr_lines[@]}" -eq 1 ] &&
			[[ $stderr == *"${want#* }"* ]] || fail "$line: $status: $stderr"
	done <<'CASES'
2 --backend=other: not stap or bpftrace|--backend=other gc-pauses
2 --print writes bpftrace's program|--backend=stap --print gc-pauses
2 '-v': on bpftrace only -c CMD, -x PID and --sysroot DIR are taken|--backend=bpftrace --print gc-pauses -v
2 -x 'a1': not a process id|--backend=bpftrace --print gc-pauses -x a1
1 call-flow: has no bpftrace version yet|--backend=bpftrace --print call-flow x
1 audit-log: PATTERN needs SystemTap|--backend=bpftrace --print audit-log open
CASES
}
