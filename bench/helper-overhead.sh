#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What the marker helper costs, in one run, with ratios:
#   1. helper loaded, nobody tracing, against no helper (goal: under 1%);
#   2. the helper's own cost per call, its events forced on with no probe
#      attached (PYTAPSET_HELPER_FORCE=functions), against a Python-level
#      profile hook doing the same work, HelperSDT's way (goal: 5x cheaper);
#   3. per call, traced by bpftrace on function__entry and function__return;
#   4. with -R SYSROOT, the same for CPython 3.15's own markers: the
#      sysroot's python3 run chrooted (tests/live/debian-sysroot forky DIR
#      python3.15 makes one), and the ratio of the two costs per event
#      (goal: within 1.2x; the uprobe dominates both).
#
#   bench/helper-overhead.sh [-p PYTHON] [-H HELPERDIR] [-n RUNS] [-N FIB] [-R SYSROOT]
#
# HELPERDIR holds _pytapset*.so (default: the build tree's helper/VERSION,
# found from BUILDDIR=_build/dev); pytapset.py comes from the source tree.
# Each measure is the median over RUNS interleaved processes of the best
# of 3 timings of fib(N) inside the process.  Part 3 needs root and BPF.
set -euo pipefail
cd "$(dirname "$0")/.."
py=/usr/bin/python3.11
helperdir=
runs=7
fibn=25
sysroot=
while getopts p:H:n:N:R: opt; do
	case $opt in
	p) py=$OPTARG ;;
	H) helperdir=$OPTARG ;;
	n) runs=$OPTARG ;;
	N) fibn=$OPTARG ;;
	R) sysroot=$OPTARG ;;
	*) sed -n '3,20p' "$0" >&2; exit 2 ;;
	esac
done
ver=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
: "${helperdir:=${BUILDDIR:-_build/dev}/helper/$ver}"
ls "$helperdir"/_pytapset*.so >/dev/null || { echo "no _pytapset module in $helperdir" >&2; exit 1; }
export PYTHONPATH="$helperdir:$PWD/helper"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The timed program.  MODE: plain, helper (import _pytapset), hook (a
# Python profile function fetching what the markers carry).  With a third
# argument it first waits for a tracer (the helper's --wait).
cat >"$tmp/fib.py" <<'PY'
import sys, time
mode, n = sys.argv[1], int(sys.argv[2])
if mode in ("helper", "traced"):
    import _pytapset
if mode == "traced":
    import pytapset
    pytapset.wait_for_tracer()
def fib(k):
    return k if k < 2 else fib(k - 1) + fib(k - 2)
def hook(frame, event, arg):
    if event == "call" or event == "return":
        code = frame.f_code
        (code.co_filename, code.co_name, frame.f_lineno)
if mode == "hook":
    sys.setprofile(hook)
best = None
for _ in range(3):
    t = time.perf_counter()
    fib(n)
    t = time.perf_counter() - t
    best = t if best is None or t < best else best
sys.setprofile(None)
print("%.9f" % best)
PY
calls=$("$py" -c "
def c(k): return 1 if k < 2 else 1 + c(k - 1) + c(k - 2)
print(c($fibn))")

declare -A times
measure() {  # measure NAME ENV... -- ARGS
	local name=$1
	shift
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	env "${envs[@]}" "$py" "$tmp/fib.py" "$@" >>"$tmp/$name"
}
traced_run() {
	local file pid bt
	file=$("$py" -c 'import _pytapset; print(_pytapset.function_marker_file)')
	"$py" "$tmp/fib.py" traced "$fibn" >>"$tmp/traced" &
	pid=$!
	bpftrace -e "usdt:$file:python:function__entry /pid == \$1/ { @e = count(); }
usdt:$file:python:function__return /pid == \$1/ { @r = count(); }" "$pid" >/dev/null 2>&1 &
	bt=$!
	wait "$pid"
	kill -INT "$bt"
	wait "$bt" || true
}
# The sysroot's python3.X with markers of its own: bpftrace attaches to
# them first (the kernel sets their semaphores in every process), then the
# program starts.
native_py=
if [ -n "$sysroot" ]; then
	native_py=$(cd "$sysroot" && ls usr/bin/python3.[0-9]* | grep -E 'python3\.[0-9]+$' | sort -V | tail -n 1)
	cp "$tmp/fib.py" "$sysroot/tmp/pytapset-fib.py"
	trap 'rm -rf "$tmp" "$sysroot/tmp/pytapset-fib.py"' EXIT
fi
native_run() {  # native_run NAME [traced]
	local bt=
	if [ "${2:-}" = traced ]; then
		bpftrace -e "usdt:$sysroot/$native_py:python:function__entry { @e = count(); }
usdt:$sysroot/$native_py:python:function__return { @r = count(); }" >"$tmp/bt.out" 2>&1 &
		bt=$!
		until grep -q Attaching "$tmp/bt.out" 2>/dev/null; do sleep 0.1; done
		sleep 0.5
	fi
	chroot "$sysroot" "/$native_py" /tmp/pytapset-fib.py plain "$fibn" >>"$tmp/$1"
	if [ -n "$bt" ]; then
		kill -INT "$bt"
		wait "$bt" || true
	fi
}
can_trace=no
command -v bpftrace >/dev/null && [ "$(id -u)" = 0 ] && can_trace=yes
for _ in $(seq "$runs"); do
	measure plain -- plain "$fibn"
	measure helper -- helper "$fibn"
	measure forced PYTAPSET_HELPER_FORCE=functions -- helper "$fibn"
	measure hook -- hook "$fibn"
	[ "$can_trace" = yes ] && traced_run
	if [ -n "$native_py" ] && [ "$can_trace" = yes ]; then
		native_run native
		native_run native_traced traced
	fi
done
median() { sort -g "$tmp/$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for m in plain helper forced hook traced native native_traced; do
	if [ -s "$tmp/$m" ]; then times[$m]=$(median "$m"); fi
done
"$py" - "$calls" "${times[plain]}" "${times[helper]}" "${times[forced]}" "${times[hook]}" "${times[traced]:-}" "$ver" "$fibn" "$runs" \
	"${times[native]:-}" "${times[native_traced]:-}" "$native_py" <<'PY'
import sys
calls = int(sys.argv[1])
plain, helper, forced, hook = map(float, sys.argv[2:6])
traced = float(sys.argv[6]) if sys.argv[6] else None
ver, n, runs = sys.argv[7:10]
native, native_traced = (float(a) if a else None for a in sys.argv[10:12])
native_py = sys.argv[12]
ns = lambda t: (t - plain) / calls * 1e9
print(f"python {ver}, fib({n}) = {calls} calls, median of {runs} runs (best of 3 each)")
print(f"  no helper                  {plain * 1e3:9.2f} ms  {plain / calls * 1e9:7.1f} ns/call")
print(f"  helper, nobody tracing     {helper * 1e3:9.2f} ms  ratio {helper / plain:.4f} ({(helper / plain - 1) * 100:+.2f}%)")
print(f"  helper, events forced on   {forced * 1e3:9.2f} ms  +{ns(forced):7.1f} ns/call")
print(f"  Python profile hook        {hook * 1e3:9.2f} ms  +{ns(hook):7.1f} ns/call")
print(f"  hook cost / helper cost    {ns(hook) / ns(forced):9.2f}x")
if traced is not None:
    print(f"  helper traced by bpftrace  {traced * 1e3:9.2f} ms  +{ns(traced):7.1f} ns/call ({ns(traced) / 2:.1f} ns/event)")
else:
    print("  traced by bpftrace: not measured (needs root and bpftrace)")
if traced is not None and native_traced is not None:
    per_event = (native_traced - native) / calls / 2 * 1e9
    print(f"  {native_py}, own markers: {native * 1e3:.2f} ms untraced, traced by bpftrace "
          f"{native_traced * 1e3:.2f} ms  +{per_event:7.1f} ns/event")
    print(f"  helper / CPython's own, per traced event {ns(traced) / 2 / per_event:9.2f}x")
PY
