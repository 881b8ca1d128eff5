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
# With -b OLD (another pytapset build, such as the last release's; also
# from a build directory whose fixtures are built), it compares the two
# builds, interleaved, on what a run of the generator reads most:
# `generate --discover` and `discover --json` on this machine and in a
# sysroot holding several Pythons (six --enable-shared builds with their
# marker helper, Debian's python3.11 files, a 3.13 and a 3.15), and
# `generate` on the file with 60,000 markers.  OLD reads its own marker
# description and templates from OLD_TEMPLATEDIR (default: this tree's).
#
# Usage: bench/benchmark.sh [-n RUNS] [-l] [-b OLD] [PYTAPSET]
#   PYTAPSET defaults to ./pytapset (run from a build directory).
# Environment: LIB, EXE pick other files; STAP_RUNS (default 5) bounds the
# slow stap runs.
set -euo pipefail

runs=21
limits=false
old=
while getopts n:lb: opt; do
	case $opt in
	n) runs=$OPTARG ;;
	l) limits=true ;;
	b) old=$OPTARG ;;
	*) echo "usage: $0 [-n RUNS] [-l] [-b OLD] [PYTAPSET]" >&2; exit 2 ;;
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

$limits || [ -n "$old" ] || exit 0
fixture=tests/fixtures/layouts/static/bin/python3.11
[ -e "$fixture" ] || { echo "benchmark: -l and -b need $fixture (make check builds it)" >&2; exit 1; }
many() { # COUNT: a python3.11 with COUNT distinct markers, made once
	[ -e "$work/many-$1/bin/python3.11" ] && return
	mkdir -p "$work/many-$1/bin"
	python3 "$(dirname "$0")/../tests/fixtures/sdt-many.py" "$fixture" "$1" \
		"$work/many-$1/bin/python3.11"
}

if [ -n "$old" ]; then
	layouts=tests/fixtures/layouts
	root=$work/sysroot
	mkdir -p "$root/etc" "$root/usr/bin" "$root/usr/lib/x86_64-linux-gnu" "$root/usr/local/bin"
	for n in 1 2 3 4 5 6; do
		mkdir -p "$root/opt/py$n/bin" "$root/opt/py$n/lib/python3/dist-packages"
		cp "$layouts/shared-origin/bin/python3.11" "$root/opt/py$n/bin/python3.11"
		cp "$layouts/shared-origin/bin/python3.11" "$root/opt/py$n/bin/python3.11d"
		cp "$layouts/shared-origin/lib/libpython3.11.so.1.0" "$root/opt/py$n/lib/"
		cp helper/3.11/_pytapset.* "$root/opt/py$n/lib/python3/dist-packages/" 2>/dev/null || true
		echo "/opt/py$n/lib" >>"$root/etc/ld.so.conf"
	done
	cp "$exe" /usr/bin/python3.11d "$root/usr/bin/" 2>/dev/null || true
	cp "$lib" "$root/usr/lib/x86_64-linux-gnu/"
	cp "$layouts/py313/bin/python3.13" "$layouts/py315/bin/python3.15" "$root/usr/local/bin/"
	many 60000
	big=$work/many-60000/bin/python3.11
	# The helper where a build's prefix keeps its modules, not in a build tree.
	unset PYTAPSET_HELPER_PATH
	for ((i = 0; i < runs; i++)); do
		for build in new old; do
			p=$pytapset t=$templates
			[ $build = old ] && p=$old t=${OLD_TEMPLATEDIR:-$templates}
			measure "$build-host-gen" "$p" generate --templates "$t" --discover -o -
			measure "$build-host-disc" "$p" discover --json
			measure "$build-root-gen" "$p" generate --templates "$t" --discover --sysroot "$root" -o -
			measure "$build-root-disc" "$p" discover --json --sysroot "$root"
			measure "$build-big-gen" "$p" generate --templates "$t" -o - "$big"
		done
	done
	echo
	echo "this build against $old (median of $runs runs, interleaved)"
	for m in host-gen:"generate --discover, this machine" \
		host-disc:"discover --json, this machine" \
		root-gen:"generate --discover, a sysroot of 17 Pythons" \
		root-disc:"discover --json, a sysroot of 17 Pythons" \
		big-gen:"generate, 60,000 markers"; do
		report "${m#*:}" "new-${m%%:*}"
		report "  old" "old-${m%%:*}"
		ratio "  new / old, time" "new-${m%%:*}" "old-${m%%:*}" 1
		ratio "  new / old, peak RSS" "new-${m%%:*}" "old-${m%%:*}" 2
	done
fi

$limits || exit 0
echo
echo "huge note sections: distinct python markers (median of 5 runs)"
for count in 1000 10000 60000; do
	many "$count"
	for ((i = 0; i < 5; i++)); do
		measure "list-$count" "$pytapset" list "$work/many-$count/bin/python3.11"
		measure "generate-$count" "$pytapset" generate -o - "$work/many-$count/bin/python3.11"
	done
	report "pytapset list, $count markers" "list-$count"
	report "pytapset generate, $count markers" "generate-$count"
done
