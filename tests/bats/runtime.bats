#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# pytapset runtime: which of pytapset's SystemTap runtime fixes apply to
# this stap and kernel, judged by the kernel's headers and the runtime's
# files, and the private copy of stap's runtime that has them.  Against
# the real stap's runtime (a copy, next to a stap of the test's own) and
# the installed kernel headers.

load ../common

setup() {
	bats_require_minimum_version 1.5.0
	require_stap
	# A stap that answers -V as the real one and shows how else it was
	# called, installed in a prefix of its own with a copy of the real runtime.
	PREFIX=$BATS_TEST_TMPDIR/prefix
	mkdir -p "$PREFIX/bin"
	stap_prefix_runtime "$PREFIX"
	cat >"$PREFIX/bin/stap" <<'STAP'
#!/bin/sh
case $1 in
-V) exec stap -V ;;
*) printf '%s\n' "$@" ;;
esac
STAP
	chmod +x "$PREFIX/bin/stap"
	export PYTAPSET_STAP=$PREFIX/bin/stap PYTAPSET_CACHE=$BATS_TEST_TMPDIR/cache
	STOCK=$PREFIX/share/systemtap/runtime
}

# verdict NAME: the verdict --list gives fix NAME, from $output.
verdict() {
	sed -n "s/^$1: //p" <<<"$output"
}

# The headers decide: does the kernel declare WORD in HEADER?
declares() {
	grep -qsw "$2" /lib/modules/"$KVER"/{build,source}/"$1"
}

@test "--list: each fix's verdict follows the kernel's headers and the runtime's files" {
	run -0 "$PYTAPSET" runtime -r "$KVER" --list
	[[ ${lines[0]} == "# SystemTap "*", runtime $STOCK, kernel $KVER" ]]
	local fix
	for fix in "$top_srcdir"/runtime-fixes/*.fix; do
		fix=$(basename "$fix" .fix)
		[ -n "$(verdict "$fix")" ] || fail "no verdict for $fix"
	done
	if declares include/linux/task_work.h task_work_cancel_func && ! grep -q task_work_cancel_func "$STOCK/stp_task_work.c"; then
		[ "$(verdict task-work-cancel-func)" = applies ]
	elif ! declares include/linux/task_work.h task_work_cancel_func; then
		[ "$(verdict task-work-cancel-func)" = "not needed: the kernel does not declare what it answers" ]
	fi
	if ! declares include/linux/uprobes.h uprobe_unregister_nosync; then
		[ "$(verdict uprobe-register-handle)" = "not needed: the kernel does not declare what it answers" ]
	fi
	# stap 5.0 and later compare the real inodes on overlayfs themselves.
	if grep -q d_real_inode "$STOCK/linux/uprobes-inode.c"; then
		[ "$(verdict uprobes-overlay-inode)" = "not needed: this runtime has SystemTap's own fix" ]
	else
		[ "$(verdict uprobes-overlay-inode)" = applies ]
	fi
	# What a user meets without each, and who fixed it upstream.
	[ "$(grep -c '^    without it: ' <<<"$output")" = "$(ls "$top_srcdir"/runtime-fixes/*.fix | wc -l)" ]
	[ "$(grep -c '^    upstream: ' <<<"$output")" = "$(ls "$top_srcdir"/runtime-fixes/*.fix | wc -l)" ]
}

@test "the copy: has the fixes that apply, made once, the stock runtime untouched" {
	local before dir applied
	before=$(cd "$STOCK" && find . -type f -exec sha256sum {} + | sort)
	run -0 "$PYTAPSET" runtime -r "$KVER" --list
	applied=$(sed -n 's/^\([a-z0-9.-]*\): applies$/\1/p' <<<"$output" | paste -sd, | sed 's/,/, /g')
	[ -n "$applied" ] || skip_or_fail "no fix applies to this stap for $KVER"
	run -0 --separate-stderr "$PYTAPSET" runtime -r "$KVER"
	dir=$output
	[[ $dir == "$PYTAPSET_CACHE/runtime/stap-"*"-$KVER-"* ]]
	[ -z "$stderr" ]
	[ "$(cat "$dir/.pytapset-fixes")" = "$STOCK with $applied, for $KVER (SystemTap $(stap -V 2>&1 | sed -n 's/.*(version \(.*\))$/\1/p'))" ]
	# Each applied fix is in the copy: its diff no longer applies, reversed it does.
	local fix
	for fix in ${applied//,/}; do
		patch -d "$dir" -p1 -R -F0 --dry-run -s -i "$top_srcdir/runtime-fixes/$fix.fix" >/dev/null
	done
	[ "$(cd "$STOCK" && find . -type f -exec sha256sum {} + | sort)" = "$before" ]
	# Made once: the same directory, not made again.
	touch -d @0 "$dir/.pytapset-fixes"
	run -0 "$PYTAPSET" runtime -r "$KVER"
	[ "$output" = "$dir" ]
	[ "$(stat -c %Y "$dir/.pytapset-fixes")" = 0 ]
	# Nothing else is left in the cache: no half-made copy.
	[ "$(ls -A "$PYTAPSET_CACHE/runtime")" = "$(basename "$dir")" ]
	# The copy given as the runtime needs nothing more: printed as it is.
	run -0 "$PYTAPSET" runtime -r "$KVER" -R "$dir" --list
	! grep -q ': applies$' <<<"$output"
	run -0 "$PYTAPSET" runtime -r "$KVER" -R "$dir"
	[ "$output" = "$dir" ]
}

@test "a kernel no fix is for, and a runtime no fix fits: stap's own, printed as it is" {
	run -0 "$PYTAPSET" runtime -r 0.0.0-no-such-kernel --list
	[ "$(verdict task-work-cancel-func)" = "not needed: the kernel does not declare what it answers" ]
	# A runtime whose files are not the ones the diffs were written for.
	local odd=$BATS_TEST_TMPDIR/odd-runtime
	mkdir -p "$odd/transport" "$odd/linux"
	echo '/* not stap 4.8 */' | tee "$odd/stp_task_work.c" "$odd/transport/relay_v2.c" "$odd/transport/transport.c" \
		"$odd/linux/uprobes-inode.c" "$odd/print_flush.c" >/dev/null
	run -0 "$PYTAPSET" runtime -r "$KVER" -R "$odd" --list
	[ "$(verdict relay-drain-at-exit)" = "does not fit this runtime (a SystemTap it was not written for)" ]
	run -0 "$PYTAPSET" runtime -r "$KVER" -R "$odd"
	[ "$output" = "$odd" ]
}

@test "bad fixes, no patch, no runtime: one line each, status 1, nothing made" {
	local fixes=$BATS_TEST_TMPDIR/fixes
	mkdir -p "$fixes"
	printf 'Summary: s\nKernel-change: k\n\n--- a/x\n+++ b/x\n' >"$fixes/broken.fix"
	PYTAPSET_FIXDIR=$fixes run -1 --separate-stderr "$PYTAPSET" runtime -r "$KVER"
	[ "$stderr" = "pytapset: $fixes/broken.fix: a Summary, Kernel-change and Upstream field are required" ]
	[ -z "$output" ]
	printf 'Summary: s\nKernel-change: k\nUpstream: u\n\nno diff here\n' >"$fixes/broken.fix"
	PYTAPSET_FIXDIR=$fixes run -1 --separate-stderr "$PYTAPSET" runtime -r "$KVER"
	[ "$stderr" = "pytapset: $fixes/broken.fix: no diff (a line '--- a/FILE') follows the explanation" ]
	PYTAPSET_FIXDIR=$BATS_TEST_TMPDIR/none run -1 --separate-stderr "$PYTAPSET" runtime -r "$KVER"
	[ "$stderr" = "pytapset: $BATS_TEST_TMPDIR/none: No such file or directory" ]
	# Without patch(1): the programs cp and stap -V need, but not patch.
	local bin=$BATS_TEST_TMPDIR/nopatch
	mkdir -p "$bin"
	ln -s "$(command -v cp)" "$(command -v sh)" "$(command -v stap)" "$bin/"
	run -1 --separate-stderr env PATH="$bin" "$PYTAPSET" runtime -r "$KVER"
	[ "$stderr" = "pytapset: patch: not found in PATH: the runtime fixes need it (apt-get install patch)" ]
	run -1 --separate-stderr "$PYTAPSET" runtime -r "$KVER" -R "$BATS_TEST_TMPDIR/no-runtime"
	[ "$stderr" = "pytapset: $BATS_TEST_TMPDIR/no-runtime: no SystemTap runtime there (give stap's with -R DIR or SYSTEMTAP_RUNTIME)" ]
	[ ! -e "$PYTAPSET_CACHE" ]
}

@test "run: stap gets the fixed copy with -R, and one line says which fixes; a -R of the user's is left alone" {
	run -0 "$PYTAPSET" runtime -r "$KVER" --list
	grep -q ': applies$' <<<"$output" || skip_or_fail "no fix applies to this stap for $KVER"
	local dir
	dir=$("$PYTAPSET" runtime -r "$KVER")
	run -0 --separate-stderr "$PYTAPSET" run --backend=stap gc-pauses -r "$KVER" -p2
	[ "${lines[0]}" = -R ] && [ "${lines[1]}" = "$dir" ]
	[[ $stderr == "pytapset: SystemTap "*" needs "*" runtime fix"*" for $KVER ("*"): building with $dir" ]]
	run -0 --separate-stderr "$PYTAPSET" run --backend=stap gc-pauses -R /my/runtime -r "$KVER" -p2
	[ "${lines[0]}" = -R ] && [ "${lines[1]}" = /my/runtime ]
	[ "$(grep -c '^-R$' <<<"$output")" = 1 ]
	[ -z "$stderr" ]
	# Not the kernel runtime: nothing to fix.
	run -0 --separate-stderr "$PYTAPSET" run --backend=stap gc-pauses --runtime=bpf -p2
	! grep -q '^-R$' <<<"$output"
	[ -z "$stderr" ]
}
