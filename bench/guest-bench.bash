# SPDX-License-Identifier: GPL-2.0-or-later
# What live-overhead.sh and backend-overhead.sh share, sourced by them:
# their options (-n RUNS, -f N), the guest booted once (tests/live/guest),
# a work directory with stap's tapsets and pytapset.stp (python.stp left
# for the script to generate) and call-heavy.py, and median.  Sets top,
# pytapset, guest, work, kver, runtime, runs, n.

runs=5
n=20
while getopts n:f: opt; do
	case $opt in
	n) runs=$OPTARG ;;
	f) n=$OPTARG ;;
	*) echo "usage: $0 [-n RUNS] [-f N]" >&2; exit 2 ;;
	esac
done
top=$(cd "$(dirname "$0")/.." && pwd)
pytapset=${PYTAPSET:-./pytapset}
export PYTAPSET_TEMPLATEDIR=${PYTAPSET_TEMPLATEDIR:-$top/templates}
export PYTAPSET_FIXDIR=${PYTAPSET_FIXDIR:-$top/runtime-fixes}
guest=$top/tests/live/guest
work=$(mktemp -d "/tmp/$(basename "$0" .sh).XXXXXX")
trap 'rm -rf "$work"' EXIT

"$guest" prepare 2>/dev/null
kver=$("$guest" kver)
runtime=$("$pytapset" runtime -r "$kver")
mkdir -p "$work/tapset" "$work/out"
cp -rs /usr/share/systemtap/tapset/. "$work/tapset/"
rm -f "$work/tapset/python.stp"
cp "$top/tapset/pytapset.stp" "$work/tapset/"
cp "$top/bench/call-heavy.py" "$work/"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
