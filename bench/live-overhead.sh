#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What tracing costs a Python program, live: call-heavy.py (recursive
# fib) in the live tests' guest (tests/live/guest), untraced, under a bare
# process(EXE).mark("function__return") probe, under the
# python.function.return alias reading none of its variables and reading
# its two strings (each handler counting its hits), and under each shipped
# script that the interpreter's own markers serve (those that need
# python.function.entry need the marker helper on 3.11: see
# helper-overhead.sh).  One boot runs them all,
# interleaved RUNS times; prints the median time of fib's calls and the
# ratio to the untraced run.
#
# The guest runs under emulation (TCG) unless the host has hardware
# virtualisation: its times are tens of times a real machine's, and a
# uprobe costs relatively more there.  Use the ratios, and read them as
# an upper bound.
#
# Usage (root, from a build directory): bench/live-overhead.sh [-n RUNS] [-f N]
#   RUNS: runs of each configuration (default 5); N: fib's argument
#   (default 20: 21,891 calls).
set -euo pipefail

exe=${EXE:-/usr/bin/python3.11}
. "$(dirname "$0")/guest-bench.bash"
"$pytapset" generate -o "$work/tapset/python.stp" "$exe"

compile() { # NAME SCRIPT-FILE [ARG]...
	local name=$1
	shift
	(cd "$work" && SYSTEMTAP_TAPSET=$work/tapset SYSTEMTAP_RUNTIME=$runtime \
		stap -r "$kver" -p4 -DSTP_NO_OVERLOAD -m "$name" "$@" >/dev/null 2>"$work/$name.err")
}

# Each handler counts its hits: stap drops a probe whose handler is empty.
echo "global n; probe process(\"$exe\").mark(\"function__return\") { n++ }" >"$work/bare_mark.stp"
echo 'global n; probe python.function.return { n++ }' >"$work/alias.stp"
echo 'global n; probe python.function.return { n += strlen(filename) + strlen(funcname) }' >"$work/alias_strings.stp"
configs=(untraced bare_mark alias alias_strings)
for c in bare_mark alias alias_strings; do
	compile "$c" "$work/$c.stp" || { cat "$work/$c.err" >&2; exit 1; }
done
for s in "$top"/scripts/*.stp; do
	name=$(basename "$s" .stp)
	case $name in
	call-flow) args=(':fib$') ;;
	*) args=() ;;
	esac
	# Without the marker helper, 3.11's tapset has no python.function.entry
	# (it would fire for almost no call): scripts that need it are left out.
	if compile "${name//-/_}" "$s" "${args[@]}"; then
		configs+=("${name//-/_}")
	elif grep -q 'probe python\.function\.entry' "$work/${name//-/_}.err"; then
		echo "live-overhead: $name left out: it needs python.function.entry, which $exe has only with the marker helper" >&2
	else
		cat "$work/${name//-/_}.err" >&2
		exit 1
	fi
done

# The guest's job: every configuration once per round, RUNS rounds.
{
	echo "cd $work"
	echo "for round in \$(seq $runs); do"
	for c in "${configs[@]}"; do
		if [ "$c" = untraced ]; then
			echo "  $exe call-heavy.py $n >>out/$c.times"
		else
			echo "  staprun -o /dev/null $c.ko -c '$exe call-heavy.py $n' >>out/$c.times"
		fi
	done
	echo "done"
} >"$work/jobs.sh"
"$guest" run "$work/out" "bash $work/jobs.sh" >/dev/null

base=$(awk '{ print $2 }' "$work/out/untraced.times" | median)
calls=$(awk '{ print $1; exit }' "$work/out/untraced.times")
printf 'fib(%d): %d calls, median of %d runs in the guest (%s; emulated times)\n' \
	"$n" "$calls" "$runs" "$kver"
printf '%-22s %10s %8s %12s\n' configuration ms ratio "us per call"
for c in "${configs[@]}"; do
	ms=$(awk '{ print $2 }' "$work/out/$c.times" | median)
	awk -v c="$c" -v ms="$ms" -v base="$base" -v calls="$calls" 'BEGIN {
		printf "%-22s %10.1f %8.2f %12.2f\n", c, ms, ms / base, (ms - base) * 1000 / calls }'
done
