#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# pytapset doctor: one line per check (ok, warn, FAIL, skip), advice under
# a failed one, a verdict, and an exit status that says whether tracing
# can work.  Most tests give it a stap of their own (PYTAPSET_STAP) and a
# tapset directory of their own (SYSTEMTAP_TAPSET), so that they do not
# depend on the machine; one compiles a module with the real stap.

load ../common

setup() {
	bats_require_minimum_version 1.5.0
	KREL=$(stap_kernel_release)
	TAPSETS=$BATS_TEST_TMPDIR/tapset
	mkdir -p "$TAPSETS"
	# A stap that knows -V and answers -p4 as $FAKE_P4 says, or with a
	# runtime given (-R), as $FAKE_P4_FIXED says (default ok).
	FAKE=$BATS_TEST_TMPDIR/bin/stap
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	cat >"$FAKE" <<'STAP'
#!/bin/sh
case " $* " in
*" -V "*) echo "Systemtap translator/driver (version 4.8/0.188, Debian version 4.8-2)" >&2 ;;
*" -p4 "*)
	echo "$PWD" >"$FAKE_LOG"
	outcome=$FAKE_P4
	case " $* " in *" -R "*) outcome=${FAKE_P4_FIXED:-ok} ;; esac
	case $outcome in
	ok) : >stap_0123.ko ;;
	taskwork)
		echo "/usr/share/systemtap/runtime/stp_task_work.c: In function 'stp_task_work_cancel':"
		echo "/usr/share/systemtap/runtime/stp_task_work.c:107:40: error: passing argument 2 of '(bool (*)(struct task_struct *, struct callback_head *))kallsyms_task_work_cancel' from incompatible pointer type [-Werror=incompatible-pointer-types]"
		echo "Pass 4: compilation failed.  [man error::pass4]"
		exit 1 ;;
	uprobe)
		echo "/usr/share/systemtap/runtime/linux/uprobes-inode.c:50:17: error: 'uprobe_unregister' undeclared here (not in a function); did you mean 'uprobe_register'?"
		echo "Pass 4: compilation failed.  [man error::pass4]"
		exit 1 ;;
	*) echo "foo.c:1:1: error: something else broke"; exit 1 ;;
	esac ;;
esac
STAP
	chmod +x "$FAKE"
	export FAKE_LOG=$BATS_TEST_TMPDIR/fake.log
}

# The fake stap's own runtime: a copy of the real one, which pytapset's
# fixes are judged against and applied to.
fake_runtime() {
	stap_prefix_runtime "$BATS_TEST_TMPDIR"
}

# doctor ARGUMENT...: pytapset doctor with the fake stap and private tapsets.
doctor() {
	PYTAPSET_STAP=$FAKE SYSTEMTAP_TAPSET=$TAPSETS run --separate-stderr "$PYTAPSET" doctor "$@"
}

# line CHECK: the lines of check CHECK in $output ("STATUS  CHECK  detail",
# the check's name padded to 16 columns).
line() {
	awk -v c="$1" '/^(ok|warn|FAIL|skip) / { name = substr($0, 7, 16); sub(/ +$/, "", name)
		if (name == c) print }' <<<"$output"
}

# advice CHECK: the advice under check CHECK.
advice() {
	awk -v c="$1" '$2 == c || ($2 " " $3) == c { found = 1; next }
		found && /^ +-> / { sub(/^ +-> /, ""); print; exit }
		{ found = 0 }' <<<"$output"
}

@test "every line is a check, advice or the verdict; the status is the verdict" {
	require_command stap
	[ -n "$KREL" ] || skip_or_fail "no kernel headers"
	FAKE_P4=ok doctor -r "$KREL"
	[ "${lines[0]}" = "pytapset doctor: can SystemTap trace Python here (kernel $KREL)?" ]
	local l
	for l in "${lines[@]:1:${#lines[@]}-2}"; do
		[[ $l =~ ^(ok|warn|FAIL|skip)\  || $l =~ ^\ +(-\>|markers:)\  ]] || fail "odd line: $l"
	done
	if grep -q '^FAIL ' <<<"$output"; then
		[ "$status" -eq 1 ]
		[ "${lines[-1]}" = "Tracing Python cannot work here: see FAIL above." ]
	else
		[ "$status" -eq 0 ]
		[ "${lines[-1]}" = "Tracing Python can work here." ]
	fi
}

@test "stap missing: FAIL with what to install; status 1" {
	PYTAPSET_STAP=$BATS_TEST_TMPDIR/no-stap SYSTEMTAP_TAPSET=$TAPSETS \
		run --separate-stderr "$PYTAPSET" doctor
	[ "$status" -eq 1 ]
	[[ $(line stap) == "FAIL  stap             $BATS_TEST_TMPDIR/no-stap: not found in PATH" ]]
	[[ $(advice stap) == "install SystemTap: apt-get install systemtap"* ]]
	[[ $(line "module build") == *"not tried without stap" ]]
}

# The failure of stap's own runtime that this release's kernel brings
# (its fix applies here): Debian 12's stap 4.8 on kernel 6.1.0-57, or
# Debian 13's stap 5.1 on 6.12; FAILURE (the fake's words), FIX, SUMMARY.
release_failure() {
	local list
	list=$(PYTAPSET_STAP=$FAKE "$PYTAPSET" runtime -r "$KREL" --list)
	if grep -qx 'task-work-cancel-func: applies' <<<"$list"; then
		FAILURE=taskwork FIX=task-work-cancel-func
		SUMMARY="every module fails to compile in stp_task_work.c: the runtime calls task_work_cancel(task, func), which this kernel renamed to task_work_cancel_func() (Linux 6.11 renamed"
	elif grep -qx 'uprobe-register-handle: applies' <<<"$list"; then
		FAILURE=uprobe FIX=uprobe-register-handle
		SUMMARY="no probe in a program can be built: uprobe_unregister() is undeclared and uprobe_register() is called with too few arguments (linux/uprobes-inode.c) (Linux 6.12 made"
	else
		skip_or_fail "no fix for a failed build applies to this stap and $KREL"
	fi
}

@test "stap's own runtime fails as this release's does: the cause, the fixed runtime that builds, the way out" {
	[ -n "$KREL" ] || skip_or_fail "no kernel headers"
	fake_runtime
	release_failure
	FAKE_P4=$FAILURE doctor -r "$KREL"
	# No tapset in $TAPSETS: the build is of a module without probes.
	[[ $(line "module build" | sed -n 1p) == "warn  module build     stap's own runtime cannot build a module without probes (no usable tapset) for $KREL: $SUMMARY"*"; SystemTap copes since SystemTap 5.2"* ]] || fail "$output"
	[ "$(advice "module build")" = "pytapset run builds with pytapset's fixed runtime; with stap itself: stap -R \"\$(pytapset runtime -r $KREL)\" ..." ]
	local fixed way_out
	fixed=$(line "module build" | sed -n "2s/^ok    module build     a module without probes (no usable tapset) builds for [^ ]* with pytapset.s runtime fixes (.*$FIX.*), which pytapset run uses: //p")
	[ -n "$fixed" ] || fail "$output"
	# The way out names that very copy, which has the fix.
	way_out=$(PYTAPSET_STAP=$FAKE "$PYTAPSET" runtime -r "$KREL")
	[ "$way_out" = "$fixed" ]
	patch -d "$fixed" -p1 -R -F0 --dry-run -s -i "$top_srcdir/runtime-fixes/$FIX.fix" >/dev/null
	# The fixed runtime fails too: FAIL, both.
	FAKE_P4=$FAILURE FAKE_P4_FIXED=other doctor -r "$KREL"
	[ "$(line "module build" | cut -c1-4 | sort -u)" = FAIL ]
	[ "$status" -eq 1 ]
	# Another failure is quoted, not taken for this one.
	FAKE_P4=other doctor -r "$KREL"
	[ "$(line "module build" | sed -n 1p)" = "warn  module build     stap -p4 fails for $KREL with stap's own runtime: foo.c:1:1: error: something else broke" ]
	# Both build: ok, twice, and pass 4's module is not left behind.
	FAKE_P4=ok doctor -r "$KREL"
	[ "$(line "module build" | sed -n 1p)" = "ok    module build     a module without probes (no usable tapset) builds for $KREL with stap's own runtime" ]
	[[ $(line "module build" | sed -n 2p) == "ok    module build     "*"with pytapset's runtime fixes"* ]]
	[ ! -e "$(cat "$FAKE_LOG")" ]
}

@test "a runtime given with -R that is not one: the build with it, and why the fixes are not used" {
	[ -n "$KREL" ] || skip_or_fail "no kernel headers"
	FAKE_P4=ok doctor -r "$KREL" -R /some/runtime
	[ "$(line "module build" | sed -n 1p)" = "ok    module build     a module without probes (no usable tapset) builds for $KREL with the runtime given in /some/runtime" ]
	[ "$(line "module build" | sed -n 2p)" = "warn  module build     pytapset's runtime fixes cannot be used: /some/runtime: no SystemTap runtime there (give stap's with -R DIR or SYSTEMTAP_RUNTIME)" ]
}

@test "a kernel without a build tree: FAIL naming the package; nothing compiled" {
	FAKE_P4=ok doctor -r 0.0.0-none
	[ "$status" -eq 1 ]
	[[ $(line "kernel headers") == "FAIL  kernel headers   no /lib/modules/0.0.0-none/build: stap cannot build a module for 0.0.0-none"* ]]
	[[ $(advice "kernel headers") == "install linux-headers-0.0.0-none "* ]]
	[[ $(line "module build") == *"not tried without the kernel's build tree" ]]
	[ ! -e "$FAKE_LOG" ]
}

@test "the running kernel: whether it can load modules at all" {
	FAKE_P4=ok doctor
	if [ -e /proc/modules ]; then
		[[ $(line kernel) == "ok    kernel"* || $(line kernel) == "warn  kernel"* ]]
	else
		[ "$(line kernel)" = "FAIL  kernel           $(uname -r) cannot load modules (no /proc/modules): stap's kernel runtime runs as a module" ]
		[ "$status" -eq 1 ]
	fi
}

@test "the tapset: pytapset's with the stock file kept aside, the stock one, none" {
	require_file "$SYSTEM_PYTHON"
	"$PYTAPSET" generate -o "$TAPSETS/python.stp" "$SYSTEM_PYTHON"
	echo '// stock' >"$TAPSETS/python.stp.pytapset-saved"
	FAKE_P4=ok doctor -r "$KREL"
	[ "$(line tapset)" = "ok    tapset           $TAPSETS/python.stp, by pytapset, covers: $SYSTEM_PYTHON" ]
	[ "$(line "stock python.stp")" = "ok    stock python.stp SystemTap's own, kept aside as $TAPSETS/python.stp.pytapset-saved (stap does not read it)" ]
	grep -qE "^(ok  |warn)  python           $SYSTEM_PYTHON: " <<<"$output"

	printf '%s\n' 'probe python.function.entry = process("/nonexistent/lib*/libpython*.so*").mark("function__entry") { }' \
		>"$TAPSETS/python.stp"
	FAKE_P4=ok doctor -r "$KREL"
	[ "$status" -eq 1 ]
	[ "$(line tapset)" = "FAIL  tapset           $TAPSETS/python.stp is not pytapset's: no aliases for this machine's Pythons" ]
	[ "$(advice tapset)" = "pytapset generate --discover -o $TAPSETS/python.stp" ]
	[ "$(line "stock python.stp")" = "FAIL  stock python.stp SystemTap's own is in place; its /nonexistent/lib*/libpython*.so* matches 0 files, so every use of python.function.entry fails" ]

	rm "$TAPSETS/python.stp"
	FAKE_P4=ok doctor -r "$KREL"
	[ "$status" -eq 1 ]
	[ "$(line tapset)" = "FAIL  tapset           no $TAPSETS/python.stp: no python.* probe aliases" ]
}

@test "each Python: its markers, and whether they tell the truth" {
	require_file "$FIXTURES/layouts/py313/bin/python3.13"
	use_py311
	local path=$FIXTURES/layouts/py313/bin:$PATH
	# Doctor looks at the Pythons in PATH: the 3.11 fixture's directory
	# when that stands in for the distribution's Python.
	[ "$PY311" = "$SYSTEM_PYTHON" ] || path=${PY311%/*}:$path
	"$PYTAPSET" generate -o "$TAPSETS/python.stp" "$PY311"
	PATH=$path FAKE_P4=ok doctor -r "$KREL"
	# 3.11 with the marker helper: function tracing through it.
	[ "$(line python | grep -F " $PY311: ")" = "ok    python           $PY311: function and line tracing through pytapset's marker helper $HELPER311: run the program as python3.11 -m pytapset SCRIPT" ]
	# Without: function__entry misses most calls (CPython gh-98894).
	PYTAPSET_HELPER_PATH= "$PYTAPSET" generate -o "$TAPSETS/python.stp" "$PY311" 2>/dev/null
	PYTAPSET_HELPER_PATH= PATH=$path FAKE_P4=ok doctor -r "$KREL"
	[[ $(line python | grep -F " $PY311: ") == "warn  python           $PY311: CPython 3.11's function__entry fires only for generator and coroutine frames (CPython gh-98894)"*"pytapset's marker helper, not installed for it, fixes that" ]]
	# 3.13: no function or line markers; not covered by this tapset.
	local py313
	py313=$(readlink -f "$FIXTURES/layouts/py313/bin/python3.13")
	[ "$(line python | grep -F " $py313 ")" = "warn  python           $py313 (not covered by the tapset): no function or line markers: CPython 3.12 to 3.14 removed them and pytapset's marker helper is not installed for it; the gc, import and audit scripts work" ]
	grep -A1 -F " $py313 " <<<"$output" | grep -qE '^ +markers: .*gc__start'
	! grep -A1 -F " $py313 " <<<"$output" | grep -q 'function__entry'
}

@test "--json: the same checks, and whether tracing is possible" {
	fake_runtime
	release_failure
	FAKE_P4=$FAILURE doctor -r "$KREL"
	local text=$output text_status=$status
	FAKE_P4=$FAILURE doctor --json -r "$KREL"
	[ "$status" -eq "$text_status" ]
	python3 -c '
import json, sys
doc = json.load(sys.stdin)
assert doc["schema"] == "pytapset-doctor/1", doc
assert doc["tracing_possible"] is False
text = sys.argv[1].splitlines()
checks = [(c["status"], c["check"], c["detail"]) for c in doc["checks"]]
shown = [l for l in text if l.split(" ", 1)[0] in ("ok", "warn", "FAIL", "skip")]
assert len(shown) == len(checks), (shown, checks)
for (status, name, detail), line in zip(checks, shown):
    assert line.split(None, 1)[0] == status and detail in line, (line, status, detail)
build = [c for c in doc["checks"] if c["check"] == "module build"][0]
assert "pytapset runtime" in build["advice"], build
pythons = [c for c in doc["checks"] if c["check"] == "python" and "markers" in c]
assert all(isinstance(c["markers"], list) for c in pythons), pythons
' "$text" <<<"$output"
}

# The real stap against the newest installed kernel headers and a tapset
# for the distribution's Python: the probe a script needs builds with
# pytapset's fixes; with stap's own runtime only if no fix for a failed
# build applies (Debian 12's stap 4.8 and Debian 13's 5.1 need one).
@test "with the real stap: a probe on Python's markers builds, with the runtime that works" {
	require_stap
	require_file "$SYSTEM_PYTHON"
	local list expect=ok
	list=$("$PYTAPSET" runtime -r "$KVER" --list)
	grep -qxE '(task-work-cancel-func|uprobe-register-handle|uprobes-empty-body): applies' <<<"$list" && expect=warn
	make_tapset_dir "$TAPSETS" "$SYSTEM_PYTHON" 2>/dev/null
	SYSTEMTAP_TAPSET=$TAPSETS run --separate-stderr "$PYTAPSET" doctor -r "$KVER"
	if [ $expect = warn ]; then
		[[ $(line "module build" | sed -n 1p) == "warn  module build     stap's own runtime cannot build a probe on Python's markers for $KVER: "* ]] ||
			fail "$output"
	else
		[[ $(line "module build" | sed -n 1p) == "ok    module build     a probe on Python's markers builds"* ]] || fail "$output"
	fi
	[[ $(line "module build" | sed -n 2p) == "ok    module build     a probe on Python's markers builds for $KVER with pytapset's runtime fixes"* ]] ||
		fail "$output"
}
