#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Compare pytapset with the tools users would otherwise reach for, in one
# run, interleaved so that machine noise hits every tool alike:
#
#   list:      pytapset list LIB        vs  readelf -n LIB
#                                       vs  stap -L 'process("LIB").mark("*")'
#   generate:  pytapset generate EXE    vs  readelf -n EXE
#
# Prints the median wall time and peak RSS of each, and the ratios.
#
# With -l (from a build directory whose test fixtures are built), it also
# measures files with 1,000, 10,000 and 60,000 distinct markers, to show
# that time and memory grow linearly with the note count.
#
# Usage: bench/benchmark.sh [-n RUNS] [-l] [PYTAPSET]
#   PYTAPSET defaults to ./pytapset (run from a build directory).
# Environment: LIB, EXE pick other files; STAP_RUNS (default 5) bounds the
# slow stap runs.
set -euo pipefail

runs=21
limits=false
while getopts n:l opt; do
	case $opt in
	n) runs=$OPTARG ;;
	l) limits=true ;;
	*) echo "usage: $0 [-n RUNS] [-l] [PYTAPSET]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
pytapset=${1:-./pytapset}
lib=${LIB:-/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0}
exe=${EXE:-/usr/bin/python3.11}
stap_runs=${STAP_RUNS:-5}
templates=${PYTAPSET_TEMPLATEDIR:-$(dirname "$0")/../templates}
export PYTAPSET_TEMPLATEDIR=$templates

for tool in "$pytapset" readelf /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "benchmark: $tool not found" >&2; exit 1; }
done
# stap needs a kernel tree even to list markers: use the newest headers.
have_stap=false
kver=$(ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -n 1 | cut -d/ -f4)
command -v stap >/dev/null && [ -n "$kver" ] && have_stap=true

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Run one command once; append "milliseconds kilobytes" to $work/NAME.
measure() {
	local name=$1
	shift
	local start end
	start=$(date +%s%N)
	/usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1 || {
		echo "benchmark: failed: $*" >&2
		exit 1
	}
	end=$(date +%s%N)
	echo "$(((end - start) / 1000)) $(cat "$work/rss")" >>"$work/$name"
}

median() { # column of file
	sort -n -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}

for ((i = 0; i < runs; i++)); do
	measure list "$pytapset" list "$lib"
	measure readelf_lib readelf -n "$lib"
	measure generate "$pytapset" generate -o - "$exe"
	measure readelf_exe readelf -n "$exe"
	if $have_stap && ((i < stap_runs)); then
		measure stap_list stap -r "$kver" -L "process(\"$lib\").mark(\"*\")"
	fi
done

report() { # label name
	printf '%-44s %10.2f ms %8d KiB\n' "$1" \
		"$(echo "$(median "$work/$2" 1) / 1000" | bc -l)" "$(median "$work/$2" 2)"
}
ratio() { # label numerator denominator column
	printf '%-44s %10.3f\n' "$1" \
		"$(echo "$(median "$work/$2" "$4") / $(median "$work/$3" "$4")" | bc -l)"
}

echo "median of $runs runs (stap: $stap_runs), wall time and peak RSS"
report "pytapset list $(basename "$lib")" list
report "readelf -n $(basename "$lib")" readelf_lib
$have_stap && report "stap -L process(lib).mark(\"*\")" stap_list
report "pytapset generate $(basename "$exe")" generate
report "readelf -n $(basename "$exe")" readelf_exe
echo
echo "ratios (below 1: pytapset is faster or smaller)"
ratio "list / readelf -n, time" list readelf_lib 1
ratio "list / readelf -n, peak RSS" list readelf_lib 2
$have_stap && ratio "stap -L / list, time (speed-up)" stap_list list 1
ratio "generate / readelf -n, time" generate readelf_exe 1
ratio "generate / readelf -n, peak RSS" generate readelf_exe 2

$limits || exit 0
fixture=tests/fixtures/layouts/static/bin/python3.11
[ -e "$fixture" ] || { echo "benchmark: -l needs $fixture (make check builds it)" >&2; exit 1; }
echo
echo "huge note sections: distinct python markers (median of 5 runs)"
for count in 1000 10000 60000; do
	mkdir -p "$work/many-$count/bin"
	python3 "$(dirname "$0")/../tests/fixtures/sdt-many.py" "$fixture" "$count" \
		"$work/many-$count/bin/python3.11"
	for ((i = 0; i < 5; i++)); do
		measure "list-$count" "$pytapset" list "$work/many-$count/bin/python3.11"
		measure "generate-$count" "$pytapset" generate -o - "$work/many-$count/bin/python3.11"
	done
	report "pytapset list, $count markers" "list-$count"
	report "pytapset generate, $count markers" "generate-$count"
done
