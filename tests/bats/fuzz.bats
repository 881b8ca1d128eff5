#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# A short smoke of the libFuzzer harnesses: they build, replay every kept
# regression input, and run a few seconds each without a finding.  The
# long runs are `make fuzz`.

load ../common

@test "fuzz smoke: note reader and argument parser, kept regressions replayed" {
	require_command clang
	require_file "$FIXTURES/sdt-nonpie"
	run "$top_srcdir/tests/fuzz/run.sh" -t "${PYTAPSET_FUZZ_SECONDS:-8}" \
		-b "$BATS_TEST_TMPDIR/fuzz" -s "$FIXTURES"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"fuzz_sdt_file: "*" executions in "*", no finding"* ]]
	[[ "$output" == *"fuzz_argspec: "*" executions in "*", no finding"* ]]
}

@test "fuzz smoke: a harness that crashes is reported as a finding" {
	require_command clang
	# A seed the argument parser must survive is not enough to show the
	# runner notices a crash; a deliberately crashing harness is.
	local src=$BATS_TEST_TMPDIR/src
	mkdir -p "$src/tests/fuzz" "$src/generator" "$src/helper"
	cp "$top_srcdir/tests/fuzz/run.sh" "$src/tests/fuzz/"
	cp "$top_srcdir"/generator/*.[ch] "$src/generator/"
	cp "$top_srcdir/helper/sdt_format.h" "$src/helper/"
	cp -r "$top_srcdir/templates" "$src/"
	cp "$top_srcdir/tests/fuzz/fuzz_sdt_file.c" "$src/tests/fuzz/"
	cat >"$src/tests/fuzz/fuzz_argspec.c" <<'C'
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 0 && data[0] == 'x')
		abort();
	return 0;
}
C
	mkdir -p "$src/tests/fuzz/corpus/argspec"
	printf 'x' >"$src/tests/fuzz/corpus/argspec/seed"
	run "$src/tests/fuzz/run.sh" -t 2 -b "$BATS_TEST_TMPDIR/fuzz"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"fuzz_argspec: finding kept in"* ]]
	[ -n "$(ls "$BATS_TEST_TMPDIR/fuzz/findings/fuzz_argspec/")" ]
}
