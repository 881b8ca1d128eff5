#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The end of a run's output reaches the user.  stapio stops reading the
# module's buffers as soon as the module says it has exited; what it had
# not read by then was lost: the end of a -c run, the report a script
# prints when stopped with Ctrl-C, all the more when the output goes to a
# slow reader (a pipe into another program, a terminal over ssh).
# pytapset's runtime fix relay-drain-at-exit makes the module wait for
# stapio.  Each run here prints a numbered line per call of a busy program
# and a last line from the end probe, into a pipe whose reader starts late,
# under the runtime `pytapset runtime` gives, and once more under the same
# runtime without that one fix, to show what it changes.

load live

# Calls the program makes: each return printed makes a backlog that stapio
# has not read when the program exits.
CALLS=20000
# The reader of stapio's output starts this many seconds late: after the
# program's end (its calls take a few seconds under emulation), and
# within the fix's patience (it waits as long as stapio makes progress,
# or 10 s without).
LATE=6

setup_file() {
	live_init
	live_layout python3.11
	local script=$WORK/returns.stp without=$WORK/fixes-without-drain
	# Every return of the program's f(), numbered, then the count: the
	# output is complete when it holds every number and the last line.
	cat >"$script" <<'STP'
global returns
probe python.function.return {
	if (funcname == "f") {
		returns++
		printf("return %d\n", returns)
	}
}
probe end { printf("the end: %d returns\n", returns) }
STP
	cat >"$PROG/calls.py" <<PY
def f():
    pass
for i in range($CALLS):
    f()
PY
	mkdir -p "$without"
	cp "$top_srcdir"/runtime-fixes/*.fix "$without/"
	rm "$without/relay-drain-at-exit.fix"
	local runtime_without
	runtime_without=$(PYTAPSET_FIXDIR=$without "$PYTAPSET" runtime -r "$KVER")
	[ "$runtime_without" != "$LIVE_RUNTIME" ] || fail "the runtime without the fix is the same"
	compile_module returns_fixed stap -R "$LIVE_RUNTIME" -- "$script"
	compile_module returns_without stap -R "$runtime_without" -- "$script"
	local mod command
	command="$(printf '%q ' "${LIVE_PYTHON[@]}") $PROG/calls.py"
	for mod in returns_fixed returns_without; do
		piped_job "$mod" "$mod-c" "-c $(printf %q "$command")"
		piped_job "$mod" "$mod-interrupted" "" "$command"
	done
	live_boot
}

# piped_job MOD NAME STAPRUN-ARGS [COMMAND]: staprun MOD, its output into
# a pipe whose reader starts LATE seconds later.  With COMMAND, staprun
# runs alone, and once the module is in, COMMAND runs, then staprun is
# stopped with SIGINT (Ctrl-C).
piped_job() {
	local mod=$1 name=$2 args=$3 command=${4:-} inner outer
	guest_path "$name.tsv"
	cat >>"$(lane_script)" <<EOF
(set -o pipefail; staprun $args $(printf %q "$WORK/$mod.ko") 2>$OUT/$name.err | { sleep $LATE; cat >$outer; }) &
job=\$!
until stap_pid=\$(pgrep -n -P \$job staprun); do sleep 0.1; done
EOF
	if [ -n "$command" ]; then
		cat >>"$(lane_script)" <<EOF
until grep -q "^$mod " /proc/modules; do sleep 0.1; done
$command
kill -INT \$stap_pid
EOF
	fi
	cat >>"$(lane_script)" <<EOF
wait \$job
echo \$? >$OUT/$name.rc
cp $outer $OUT/$name.tsv
EOF
}

# complete RUN: every return, in order, and the end probe's line.
complete() {
	job_succeeded "$1"
	local got
	got=$(grep -c '^return ' "$OUT/$1.tsv" || true)
	echo "# $1: $got of $CALLS returns$(grep -q '^the end: ' "$OUT/$1.tsv" && echo ", and the end probe's line")" >&3
	diff -q <(seq -f 'return %g' 1 "$CALLS"; echo "the end: $CALLS returns") "$OUT/$1.tsv" >/dev/null
}

@test "-c: the whole output arrives when the program exits" {
	complete returns_fixed-c || fail "lost: $(tail -n 2 "$OUT/returns_fixed-c.tsv")"
}

@test "Ctrl-C: the whole output arrives when stap is interrupted" {
	complete returns_fixed-interrupted || fail "lost: $(tail -n 2 "$OUT/returns_fixed-interrupted.tsv")"
}

# Not an assertion that stock SystemTap fails (a fast reader can win the
# race), but the figure that says what the fix is for.
@test "without relay-drain-at-exit, the same runs (for the record)" {
	complete returns_without-c || true
	complete returns_without-interrupted || true
}
