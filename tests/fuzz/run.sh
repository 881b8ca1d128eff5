#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build pytapset's libFuzzer harnesses with clang and run each of them.
#
#   tests/fuzz/run.sh [-t SECONDS] [-j JOBS] [-b BUILDDIR] [-s SEEDDIR]...
#
#   -t SECONDS  how long each harness runs (default 60); 0 only replays the
#               seeds and the kept regressions
#   -b BUILDDIR where harnesses, working corpora and findings go
#               (default: ./fuzz-build)
#   -s SEEDDIR  more seed inputs for the note reader (ELF files), e.g. the
#               compiled test fixtures; may repeat
#
# Harnesses: fuzz_sdt_file (ELF note reader and tapset renderer, input: an
# ELF image) and fuzz_argspec (argument-spec parser, input: a machine
# selector byte and a spec).  Every input in tests/fuzz/regressions/NAME/
# is replayed first: those are the inputs that once crashed, kept so that
# the bug stays fixed.  A finding is written to BUILDDIR/findings/NAME/ and
# makes the script exit 1.
set -euo pipefail

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
seconds=60
builddir=fuzz-build
seeds=()
while getopts t:b:s: opt; do
	case $opt in
	t) seconds=$OPTARG ;;
	b) builddir=$OPTARG ;;
	s) seeds+=("$OPTARG") ;;
	*) sed -n '2,20s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done
command -v clang >/dev/null || { echo "fuzz: clang is not installed" >&2; exit 2; }
mkdir -p "$builddir"
builddir=$(cd "$builddir" && pwd)

# The library modules, without the command-line front end.
library=()
for f in "$srcdir"/generator/*.c; do
	case $(basename "$f") in
	main.c | cmd_*.c | json.c) ;;
	*) library+=("$f") ;;
	esac
done

build() { # name
	clang -std=c11 -g -O1 -D_GNU_SOURCE -DPACKAGE_VERSION='"fuzz"' \
		-DPYTAPSET_TAPSET_MARK='"fuzz"' \
		-DPYTAPSET_TEMPLATEDIR='"'"$srcdir"'/templates"' \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-I"$srcdir/generator" -I"$srcdir/helper" "$srcdir/tests/fuzz/$1.c" "${library[@]}" \
		-lelf -o "$builddir/$1"
}

run() { # name seed-dirs...
	local name=$1
	shift
	local corpus=$builddir/corpus/$name findings=$builddir/findings/$name
	local regressions=$srcdir/tests/fuzz/regressions/$name
	mkdir -p "$corpus" "$findings"
	if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
		echo "fuzz: $name: replaying $(ls "$regressions" | wc -l) kept regressions"
		"$builddir/$name" "$regressions"/* >"$builddir/$name.replay.log" 2>&1 ||
			{ tail -n 30 "$builddir/$name.replay.log"; return 1; }
	fi
	local dict=()
	local dict_file=$srcdir/tests/fuzz/${name#fuzz_}.dict
	[ -f "$dict_file" ] && dict=(-dict="$dict_file")
	# -runs=0 with seconds 0: only load (and so execute) the corpus once.
	local budget=(-max_total_time="$seconds")
	[ "$seconds" = 0 ] && budget=(-runs=0)
	PYTAPSET_TEMPLATEDIR="$srcdir/templates" ASAN_OPTIONS=detect_leaks=1 \
		"$builddir/$name" "${budget[@]}" -max_len=65536 -timeout=10 -rss_limit_mb=1024 \
		-artifact_prefix="$findings/" -print_final_stats=1 "${dict[@]}" \
		"$corpus" "$@" >"$builddir/$name.log" 2>&1 || {
		tail -n 40 "$builddir/$name.log"
		echo "fuzz: $name: finding kept in $findings" >&2
		return 1
	}
	local execs
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$builddir/$name.log")
	echo "fuzz: $name: ${execs:-0} executions in ${seconds}s, no finding"
}

build fuzz_sdt_file
build fuzz_argspec
status=0
run fuzz_sdt_file "${seeds[@]}" || status=1
run fuzz_argspec "$srcdir/tests/fuzz/corpus/argspec" || status=1
exit $status
