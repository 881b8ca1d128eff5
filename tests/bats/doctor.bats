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
	# A stap that knows -V and answers -p4 as $FAKE_P4 says.
	FAKE=$BATS_TEST_TMPDIR/stap
	cat >"$FAKE" <<'STAP'
#!/bin/sh
case " $* " in
*" -V "*) echo "Systemtap translator/driver (version 4.8/0.188, Debian version 4.8-2)" >&2 ;;
*" -p4 "*)
	echo "$PWD" >"$FAKE_LOG"
	case $FAKE_P4 in
	ok) : >stap_0123.ko ;;
	taskwork)
		echo "/usr/share/systemtap/runtime/stp_task_work.c: In function 'stp_task_work_cancel':"
		echo "/usr/share/systemtap/runtime/stp_task_work.c:107:40: error: passing argument 2 of '(bool (*)(struct task_struct *, struct callback_head *))kallsyms_task_work_cancel' from incompatible pointer type [-Werror=incompatible-pointer-types]"
		echo "Pass 4: compilation failed.  [man error::pass4]"
		exit 1 ;;
	*) echo "foo.c:1:1: error: something else broke"; exit 1 ;;
	esac ;;
esac
STAP
	chmod +x "$FAKE"
	export FAKE_LOG=$BATS_TEST_TMPDIR/fake.log
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

@test "the Debian 12 stap 4.8 failure: the diagnosis and the way out" {
	[ -n "$KREL" ] || skip_or_fail "no kernel headers"
	FAKE_P4=taskwork doctor -r "$KREL"
	[ "$status" -eq 1 ]
	[[ $(line "module build") == "FAIL  module build     stap cannot build any module for $KREL: its runtime calls task_work_cancel(), which this kernel renamed to task_work_cancel_func()"* ]]
	[[ $(advice "module build") == "use a corrected copy of stap's runtime: cp -a /usr/share/systemtap/runtime /usr/local/lib/stap-runtime && sed -i "* ]]
	# The way out, done in a private directory, renames both uses.
	local way_out rt=$BATS_TEST_TMPDIR/rt
	way_out=$(advice "module build" | sed -e 's/^use a corrected copy of stap.s runtime: //' \
		-e 's/; then give stap .*//' -e "s|/usr/local/lib/stap-runtime|$rt|g")
	[[ $way_out == "cp -a /usr/share/systemtap/runtime $rt && sed -i "* ]] || fail "$way_out"
	# On a runtime with stap 4.8's call (Debian 12's; Debian 13's stap 5.1
	# has the rename already).
	if grep -q '^typedef typeof(&task_work_cancel) task_work_cancel_fn;' \
		/usr/share/systemtap/runtime/stp_task_work.c 2>/dev/null; then
		sh -c "$way_out"
		grep -q '^typedef typeof(&task_work_cancel_func) task_work_cancel_fn;' "$rt/stp_task_work.c"
		grep -q 'kallsyms_lookup_name("task_work_cancel_func")' "$rt/stp_task_work.c"
		! grep -q '(&task_work_cancel)\|"task_work_cancel"' "$rt/stp_task_work.c"
	fi
	# Another failure is quoted, not taken for this one.
	FAKE_P4=other doctor -r "$KREL"
	[ "$(line "module build")" = "FAIL  module build     stap -p4 fails for $KREL: foo.c:1:1: error: something else broke" ]
	# A module that builds: ok, and pass 4's module is not left behind.
	FAKE_P4=ok doctor -r "$KREL" -R /some/runtime
	[ "$(line "module build")" = "ok    module build     stap -p4 builds a module for $KREL with the runtime in /some/runtime" ]
	[ ! -e "$(cat "$FAKE_LOG")" ]
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
	FAKE_P4=taskwork doctor -r "$KREL"
	local text=$output text_status=$status
	FAKE_P4=taskwork doctor --json -r "$KREL"
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
assert "task_work_cancel_func" in build["advice"], build
pythons = [c for c in doc["checks"] if c["check"] == "python" and "markers" in c]
assert all(isinstance(c["markers"], list) for c in pythons), pythons
' "$text" <<<"$output"
}

# The real stap against the newest installed kernel headers: if its
# runtime has not caught up with a kernel that renamed task_work_cancel(),
# doctor must say so; otherwise the trivial module must build.
@test "with the real stap: the module build and its diagnosis match the headers" {
	require_stap
	local header expect=ok
	# Debian splits the headers: build/ and source/ (the common part).
	header=$(grep -lsE 'task_work_cancel_func' /lib/modules/"$KVER"/{build,source}/include/linux/task_work.h |
		head -n 1) || true
	if [ -n "$header" ] && ! grep -q task_work_cancel_func /usr/share/systemtap/runtime/stp_task_work.c; then
		expect=taskwork
	fi
	# SystemTap's own tapsets (exit() is one), not the state of /usr's python.stp.
	make_tapset_dir "$TAPSETS"
	SYSTEMTAP_TAPSET=$TAPSETS run --separate-stderr "$PYTAPSET" doctor -r "$KVER"
	if [ $expect = taskwork ]; then
		[[ $(line "module build") == "FAIL  module build     stap cannot build any module for $KVER: its runtime calls task_work_cancel()"* ]] ||
			fail "$output"
	else
		[[ $(line "module build") == "ok    module build"* ]] || fail "$output"
	fi
}
