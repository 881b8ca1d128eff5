#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What one traced event costs under SystemTap and under bpftrace, live, in
# one boot of the live tests' guest (tests/live/guest: Debian 12's kernel,
# its bpftrace 0.17 and stap): call-heavy.py (recursive fib) on
# python3.11 under the marker helper (`python3.11 -m pytapset`; 3.11's
# own function__entry misses most calls), untraced (helper loaded, nobody
# tracing), under a stap module and under a bpftrace program that count
# python.function.entry and python.function.return events, each in a
# per-CPU counter.  Both come from bench/events-count: the stap script
# compiled against the tapset `pytapset generate` writes, and the
# bpftrace program `pytapset run events-count --backend=bpftrace --print`
# renders from the same marker description.  The configurations run
# interleaved, RUNS rounds; prints the median time of fib's calls, the
# cost per event (each call is one entry and one return: the extra time
# over the untraced run divided by twice the calls) and the ratio of
# stap's cost per event to bpftrace's.  The counts each tracer printed
# (fib's events plus start-up's) are checked against the calls.
#
# Emulated (TCG) times, as in live-overhead.sh: read the ratio, not the
# nanoseconds.
#
# Usage (root, from a build directory configured with the helper for
# python3.11): bench/backend-overhead.sh [-n RUNS] [-f N]
#   RUNS: rounds (default 5); N: fib's argument (default 20: 21,891 calls).
set -euo pipefail

exe=/usr/bin/python3.11
. "$(dirname "$0")/guest-bench.bash"
helper=$(cd "${HELPER_DIR:-helper/3.11}" && pwd)
ls "$helper"/_pytapset*.so >/dev/null || { echo "backend-overhead: no _pytapset module in $helper" >&2; exit 1; }
"$pytapset" generate --helper-dir "$helper" -o "$work/tapset/python.stp" "$exe"
(cd "$work" && SYSTEMTAP_TAPSET=$work/tapset SYSTEMTAP_RUNTIME=$runtime \
	stap -r "$kver" -p4 -DSTP_NO_OVERLOAD -m events_count "$top/bench/events-count/events-count.stp" \
	>/dev/null 2>"$work/stap.err") || { cat "$work/stap.err" >&2; exit 1; }
PYTAPSET_SCRIPTDIR=$top/bench/events-count PYTAPSET_HELPER_PATH=$helper \
	"$pytapset" run events-count --backend=bpftrace --print >"$work/events-count.bt"

# The guest's job.  bpftrace attaches by file before the program starts
# (the kernel sets the markers' semaphores in every process that maps the
# file), and says so from BEGIN; --wait holds fib back until the helper
# sees a tracer.  Tracer output goes to tmpfs, then to the shared
# directory.
py="env PYTHONPATH=$helper:$top/helper PYTHONDONTWRITEBYTECODE=1 $exe -m pytapset"
cat >"$work/jobs.sh" <<JOBS
cd $work
ulimit -l unlimited
for round in \$(seq $runs); do
	$py call-heavy.py $n >>out/untraced.times
	staprun -o /run/stap.out events_count.ko -c '$py --wait call-heavy.py $n' >>out/stap.times
	cat /run/stap.out >>out/stap.events
	bpftrace -B line events-count.bt >/run/bpftrace.out 2>&1 &
	bt=\$!
	until grep -q '^attached' /run/bpftrace.out; do
		kill -0 \$bt 2>/dev/null || { cat /run/bpftrace.out >&2; exit 1; }
		sleep 0.1
	done
	$py --wait call-heavy.py $n >>out/bpftrace.times
	kill -INT \$bt
	wait \$bt
	cat /run/bpftrace.out >>out/bpftrace.events
done
JOBS
"$guest" run "$work/out" "bash $work/jobs.sh" >/dev/null || {
	cat "$work/out/guest.out" >&2 2>/dev/null
	exit 1
}

calls=$(awk '{ print $1; exit }' "$work/out/untraced.times")
# Each run's count: at least fib's entries and returns.
for t in stap bpftrace; do
	awk -v t="$t" -v min=$((2 * calls)) -v runs="$runs" '
		/^events / || /^@events: / { k++; if ($2 < min) bad = $2 }
		END { if (k != runs || bad != "") { printf "backend-overhead: %s counted %d runs, %s events (want %d runs, at least %d)\n", t, k, bad, runs, min > "/dev/stderr"; exit 1 } }' \
		"$work/out/$t.events"
done
base=$(awk '{ print $2 }' "$work/out/untraced.times" | median)
stap_ms=$(awk '{ print $2 }' "$work/out/stap.times" | median)
bpf_ms=$(awk '{ print $2 }' "$work/out/bpftrace.times" | median)
printf 'fib(%d) on %s -m pytapset: %d calls, %d events; median of %d runs in the guest (%s; emulated times)\n' \
	"$n" "$exe" "$calls" $((2 * calls)) "$runs" "$kver"
awk -v base="$base" -v s="$stap_ms" -v b="$bpf_ms" -v events=$((2 * calls)) \
	-v sv="$(stap -V 2>&1 | sed -n '1s/.*version \([0-9.]*\).*/\1/p')" \
	-v bv="$(bpftrace --version | awk '{ print $2 }')" 'BEGIN {
	printf "%-22s %10s %14s\n", "configuration", "ms", "ns per event"
	printf "%-22s %10.1f\n", "untraced", base
	printf "%-22s %10.1f %14.0f\n", "stap " sv, s, (s - base) * 1e6 / events
	printf "%-22s %10.1f %14.0f\n", "bpftrace " bv, b, (b - base) * 1e6 / events
	printf "stap / bpftrace, per event: %.2f\n", (s - base) / (b - base)
}'
