#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The marker helper (helper/): its runner, its opt-in .pth file, events
# off while nobody traces, and, live with bpftrace, the same function
# entries, returns and lines as CPython's own hooks see, for every Python
# it was built for.

load ../common

# Each Python the helper was built for: "VERSION INCLUDEDIR SUFFIX DIR PYTHON".
helper_builds() {
	local b
	for b in $HELPER_BUILDS; do
		echo "${b//:/ }"
	done
}

setup() {
	[ -n "${HELPER_BUILDS// }" ] || skip_or_fail "the marker helper was built for no Python"
	read -r VERSION _ SUFFIX _ < <(helper_builds | head -n 1)
	PY=$(python_of "$VERSION")
	HELPER_PATH="$top_builddir/helper/$VERSION:$top_srcdir/helper"
	# pytapset.py is imported from the source tree: leave no __pycache__ there.
	export PYTHONDONTWRITEBYTECODE=1
}

# The python VERSION executable the helper was built for.
python_of() {
	local v py
	while read -r v _ _ _ py; do
		[ "$v" = "$1" ] && echo "$py" && return
	done < <(helper_builds)
}

# The command that runs python VERSION with the helper importable
# (HELPER_COMMAND, an array): the helper built here, or, with HELPER_VENV
# set, the venv's python, into which pip installed it (package_venv).
helper_command() {
	if [ -n "${HELPER_VENV:-}" ]; then
		HELPER_COMMAND=("$HELPER_VENV/bin/python")
	else
		HELPER_COMMAND=(env PYTHONPATH="$top_builddir/helper/$1:$top_srcdir/helper" "$(python_of "$1")")
	fi
}

# Run python VERSION with the helper importable: helper_python VERSION ARG...
helper_python() {
	local HELPER_COMMAND
	helper_command "$1"
	shift
	"${HELPER_COMMAND[@]}" "$@"
}

@test "helper: python3 -m pytapset runs a script, a module and a command with their arguments" {
	cat >"$BATS_TEST_TMPDIR/prog.py" <<'PY'
import sys, _pytapset
print(__name__, sys.argv[1:], sys.path[0] == __file__.rpartition("/")[0])
PY
	run helper_python "$VERSION" -m pytapset "$BATS_TEST_TMPDIR/prog.py" a -b
	[ "$status" = 0 ] || fail "$output"
	[ "$output" = "__main__ ['a', '-b'] True" ] || fail "$output"
	run helper_python "$VERSION" -m pytapset -m json.tool --sort-keys <<<'{"b": 1, "a": 2}'
	[ "$status" = 0 ] || fail "$output"
	[ "$(echo $output)" = '{ "a": 2, "b": 1 }' ] || fail "$output"
	run helper_python "$VERSION" -m pytapset -c 'import sys; print(sys.argv)' x
	[ "$output" = "['-c', 'x']" ] || fail "$output"
	run helper_python "$VERSION" -m pytapset
	[ "$status" = 2 ] && [[ $output == usage:* ]] || fail "$status: $output"
	run helper_python "$VERSION" -m pytapset -m
	[ "$status" = 2 ] || fail "$status: $output"
}

# Attaching itself needs a 3.14 to attach to; what comes before it does not.
@test "helper: --attach wants a process id, and says so on a Python before 3.14" {
	local v
	while read -r v _; do
		run helper_python "$v" -m pytapset --attach
		[ "$status" = 2 ] && [[ $output == *"--attach needs a process id"* ]] || fail "python$v: $status: $output"
		run helper_python "$v" -m pytapset --attach 1x
		[ "$status" = 2 ] || fail "python$v: $status: $output"
		[ "$(helper_python "$v" -c 'import sys; print(sys.version_info >= (3, 14))')" = False ] || continue
		run helper_python "$v" -m pytapset --attach $$
		[ "$status" = 1 ] || fail "python$v: $status: $output"
		[ "$output" = "pytapset: --attach needs Python 3.14 or later (sys.remote_exec); this is $v" ] ||
			fail "python$v: $output"
	done < <(helper_builds)
}

@test "helper: with nobody tracing no event source is on; PYTAPSET_HELPER_FORCE turns them all on" {
	local v
	while read -r v _; do
		run helper_python "$v" -c 'import sys, time, _pytapset
time.sleep(0.3)
print(_pytapset.update(), sys.getprofile(), sys.gettrace(),
      sys.monitoring.get_events(2) if sys.version_info >= (3, 12) else 0)'
		[ "$output" = "0 None None 0" ] || fail "python$v: $output"
		PYTAPSET_HELPER_FORCE=1 run helper_python "$v" -c 'import _pytapset; print(_pytapset.enabled(), _pytapset.forced)'
		[ "$output" = "3 3" ] || fail "python$v forced: $output"
	done < <(helper_builds)
}

@test "helper: finds the interpreter's own markers without /proc, as in a chroot (the same mode and files)" {
	[ "$(id -u)" = 0 ] || skip_or_fail "hiding /proc needs root"
	require_command unshare
	local v facts='import _pytapset as h; print(h.mode, h.function_marker_file, h.line_marker_file)'
	while read -r v _; do
		run helper_python "$v" -c "$facts"
		[ "$status" = 0 ] || fail "python$v: $output"
		local with_proc=$output
		run unshare -m sh -c 'mount -t tmpfs none /proc && exec "$@"' sh \
			env PYTHONPATH="$top_builddir/helper/$v:$top_srcdir/helper" "$(python_of "$v")" -c "$facts"
		[ "$output" = "$with_proc" ] || fail "python$v without /proc: $output; with /proc: $with_proc"
	done < <(helper_builds)
}

@test "helper: the .pth file loads the helper only when PYTAPSET_HELPER is set" {
	local site=$BATS_TEST_TMPDIR/site
	mkdir -p "$site"
	cp "$top_srcdir/helper/pytapset-helper.pth" "$site/"
	cp "$top_builddir/helper/$VERSION/_pytapset$SUFFIX" "$site/"
	local check="import site, sys; site.addsitedir('$site'); print('_pytapset' in sys.modules)"
	run env -u PYTAPSET_HELPER "$PY" -S -c "$check"
	[ "$output" = False ] || fail "unset: $output"
	PYTAPSET_HELPER=0 run "$PY" -S -c "$check"
	[ "$output" = False ] || fail "0: $output"
	PYTAPSET_HELPER=1 run "$PY" -S -c "$check"
	[ "$output" = True ] || fail "1: $output"
}

# The counts a bpftrace attached to the markers of FILE sees while
# python VERSION runs PROG (tests/helper/calls.py or threads.py: `PROG run
# GO`) with the helper, as `KIND FUNCNAME COUNT` lines (E entry, R
# return, L line): live_counts VERSION FILE PROG functions|returns|lines
# stop_tracer PID: SIGINT makes bpftrace print its maps and exit; a signal
# that arrives while it is still busy can be missed, so ask again, and
# never wait more than 20 s (a killed bpftrace prints nothing: the test
# fails instead of hanging).
stop_tracer() {
	local i
	for i in $(seq 200); do
		[ $((i % 50)) -eq 1 ] && kill -INT "$1" 2>/dev/null
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null || true
	wait "$1" || true
}

# under_tracer VERSION PROBES DIR ARG...: python VERSION runs `-m
# pytapset ARG...` (its output into DIR/python), then bpftrace runs PROBES
# (its output into DIR/out): DIR/go is made once bpftrace is ready, and
# bpftrace stops once python has ended or made DIR/stop.
# System-wide probes on a file, filtered by the program's file name
# (unique to the test, and the same in a forked child): the kernel then
# increments the semaphores itself (bpftrace 0.17's -p cannot attach to a
# marker name that two files of the process both have, and follows no
# fork).
under_tracer() {
	local v=$1 probes=$2 dir=$3 bt py i HELPER_COMMAND
	shift 3
	rm -f "$dir/go" "$dir/stop" "$dir/out"
	helper_command "$v"
	# exec: $! must be python's own pid.
	exec "${HELPER_COMMAND[@]}" -m pytapset "$@" >"$dir/python" 2>&1 &
	py=$!
	bpftrace -e "BEGIN { printf(\"ready\\n\"); } $probes" >"$dir/out" 2>"$dir/err" &
	bt=$!
	for i in $(seq 300); do
		grep -qs '^ready' "$dir/out" && break
		sleep 0.1
	done
	touch "$dir/go"
	# Never hang the suite: a run stuck for two minutes is killed, and fails.
	for i in $(seq 1200); do
		kill -0 "$py" 2>/dev/null && [ ! -e "$dir/stop" ] || break
		sleep 0.1
	done
	stop_tracer "$bt"
	for i in $(seq 1200); do
		kill -0 "$py" 2>/dev/null || break
		sleep 0.1
	done
	kill "$py" 2>/dev/null && echo "python did not finish" >>"$dir/python"
	wait "$py" || { cat "$dir/python" "$dir/err" >&2; return 1; }
	grep -qs '^ready' "$dir/out" || { cat "$dir/err" >&2; return 1; }
}

live_counts() {
	local v=$1 file=$2 prog=$3 what=$4 dir=$BATS_TEST_TMPDIR/live probes
	rm -rf "$dir"
	mkdir -p "$dir"
	# One bpftrace probe: probe KIND MARKER.
	probe() {
		echo "usdt:$file:python:$2 /str(arg0) == \"$prog\"/ { @[\"$1\", str(arg1)] = count(); }"
	}
	case $what in
	functions) probes="$(probe E function__entry) $(probe R function__return)" ;;
	returns) probes=$(probe R function__return) ;;
	lines) probes=$(probe L line) ;;
	esac
	under_tracer "$v" "$probes" "$dir" --wait "$prog" run "$dir/go" || return 1
	# @[E, fib]: 540  ->  E fib 540; module-level code ran before GO.
	sed -n 's/^@\[\([A-Z]\), \(.*\)\]: \([0-9]*\)$/\1 \2 \3/p' "$dir/out" |
		grep -vE '^[A-Z] (<module>|Box) ' | sort
}

# For a test with bpftrace: PROG, tests/helper/NAME copied to a short path
# (bpftrace compares at most 64 bytes of a string): tracer_prog NAME.
tracer_prog() {
	require_command bpftrace
	[ "$(id -u)" = 0 ] || skip_or_fail "bpftrace needs root"
	prog=$(mktemp -d /tmp/pytapset-helper.XXXXXX)/$1
	cp "$top_srcdir/tests/helper/$1" "$prog"
}

# The file whose function markers fire for python VERSION: function_file VERSION.
function_file() {
	helper_python "$1" -c 'import _pytapset; print(_pytapset.function_marker_file)'
}

# check_function_counts VERSION PROG: bpftrace sees the function entries
# and returns of PROG (calls.py) that sys.setprofile sees.
check_function_counts() {
	local file expected
	file=$(function_file "$1")
	expected=$(helper_python "$1" "$2" profile)
	run live_counts "$1" "$file" "$2" functions
	[ "$status" = 0 ] || fail "python$1: $output"
	diff -u <(echo "$expected") <(echo "$output") ||
		fail "python$1: function markers of $file differ from sys.setprofile"
}

# Traced separately: on 3.11 a traced line marker alone makes CPython fire
# its function__entry, which would hide a helper that does not.
@test "helper: live, bpftrace sees the entries, returns and lines that sys.setprofile and sys.settrace see" {
	local v prog file expected
	tracer_prog calls.py
	while read -r v _; do
		check_function_counts "$v" "$prog"
		file=$(function_file "$v")
		expected=$(helper_python "$v" "$prog" profile)
		# --wait also lets a program go for a tracer of returns alone.
		run live_counts "$v" "$file" "$prog" returns
		[ "$status" = 0 ] || fail "python$v, returns alone: $output"
		diff -u <(echo "$expected" | grep '^R') <(echo "$output") ||
			fail "python$v: function__return alone differs from sys.setprofile"
		file=$(helper_python "$v" -c 'import _pytapset; print(_pytapset.line_marker_file)')
		expected=$(helper_python "$v" "$prog" trace | grep '^L')
		run live_counts "$v" "$file" "$prog" lines
		[ "$status" = 0 ] || fail "python$v: $output"
		diff -u <(echo "$expected") <(echo "$output") ||
			fail "python$v: line markers of $file differ from sys.settrace"
	done < <(helper_builds)
	rm -rf "${prog%/calls.py}"
}

# On 3.11 each thread needs the helper's profile function from its first
# call: the threads of threads.py start as soon as the program does, and
# not all by threading.
@test "helper: live, bpftrace sees every thread from its first call, however started, as sys.setprofile does" {
	local v prog file expected
	tracer_prog threads.py
	while read -r v _; do
		file=$(function_file "$v")
		expected=$(helper_python "$v" "$prog" profile)
		# The oracle itself must see every kind of thread.
		[ "$(echo "$expected" | grep -c '^E in_')" -ge 6 ] || fail "python$v: the oracle misses threads: $expected"
		run live_counts "$v" "$file" "$prog" functions
		[ "$status" = 0 ] || fail "python$v: $output"
		diff -u <(echo "$expected") <(echo "$output" | grep -E '^[ER] (fib|in_)') ||
			fail "python$v: function markers of $file differ from sys.setprofile"
	done < <(helper_builds)
	rm -rf "${prog%/threads.py}"
}

@test "helper: live, when the tracer goes the hook leaves every thread, however started, and no new thread gets it" {
	local v prog file dir=$BATS_TEST_TMPDIR
	tracer_prog threads.py
	while read -r v _; do
		file=$(function_file "$v")
		under_tracer "$v" "usdt:$file:python:function__entry { @ = count(); }" "$dir" \
			"$prog" switch "$dir/go" "$dir/stop" || fail "python$v: $(cat "$dir/python")"
		diff -u - "$dir/python" <<-EOF || fail "python$v: the hook stayed"
			_thread True False
			c True False
			new None False
			threading True False
		EOF
	done < <(helper_builds)
	rm -rf "${prog%/threads.py}"
}

# The main thread of a server waits while its workers run: the switch
# must not wait for it.
@test "helper: live, a tracer that comes while the main thread waits sees the other threads" {
	local v prog file dir=$BATS_TEST_TMPDIR
	tracer_prog threads.py
	while read -r v _; do
		file=$(function_file "$v")
		under_tracer "$v" "usdt:$file:python:function__entry /str(arg0) == \"$prog\"/ { @[str(arg1)] = count(); }" \
			"$dir" "$prog" join "$dir/go" || fail "python$v: $(cat "$dir/python")"
		grep -q '^@\[fib\]: 15$' "$dir/out" || fail "python$v: $(cat "$dir/out")"
	done < <(helper_builds)
	rm -rf "${prog%/threads.py}"
}

# --- The helper as a Python package (helper/pyproject.toml) ---------------

# package_venv: HELPER_VENV, a venv of the Python the helper is built for
# first, with the helper's sdist pip-installed (helper_venv), once per file.
package_venv() {
	HELPER_VENV=$BATS_FILE_TMPDIR/venv
	[ -e "$HELPER_VENV/bin/pytapset-ok" ] && return 0
	helper_venv "$PY" "$HELPER_VENV"
	touch "$HELPER_VENV/bin/pytapset-ok"
}

@test "helper package: make helper-dist makes an sdist of the helper's files at pytapset's version, and a wheel from it per Python" {
	local version name v
	helper_sdist
	version=$("$PYTAPSET" --version | cut -d' ' -f2)
	name=pytapset-helper-$version
	# Everything setup.py builds from, and nothing of the autotools build.
	run tar -tzf "$HELPER_DIST/$name.tar.gz"
	[ "$status" = 0 ] || fail "$output"
	diff -u <(printf '%s\n' MANIFEST.in PKG-INFO _pytapset.c pyproject.toml pytapset-helper.pth pytapset.py \
		setup.cfg setup.py sdt_format.h | sed "s|^|$name/|" | sort) \
		<(echo "$output" | grep -v -e '/$' -e '\.egg-info/' | sort) || fail "the sdist's files differ"
	tar -xOzf "$HELPER_DIST/$name.tar.gz" "$name/PKG-INFO" | grep -qx "Version: $version" ||
		fail "the sdist's version is not $version"
	while read -r v _; do
		require_file "$HELPER_DIST/pytapset_helper-$version-cp${v/./}-cp${v/./}-linux_x86_64.whl"
	done < <(helper_builds)
}

@test "helper package: pip installs the sdist offline into a venv, where python -m pytapset and PYTAPSET_HELPER=1 load it" {
	local site
	package_venv
	site=$("$HELPER_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_path("platlib"))')
	# Beside the venv's other modules: the extension, the runner, the .pth.
	require_file "$site/_pytapset$SUFFIX" "$site/pytapset.py" "$site/pytapset-helper.pth"
	cmp "$top_srcdir/helper/pytapset.py" "$site/pytapset.py"
	cmp "$top_srcdir/helper/pytapset-helper.pth" "$site/pytapset-helper.pth"
	run "$HELPER_VENV/bin/python" -m pytapset --help
	[ "$status" = 0 ] && [[ $output == usage:* ]] || fail "$status: $output"
	run "$HELPER_VENV/bin/python" -m pytapset -c 'import _pytapset; print(_pytapset.__file__)'
	[ "$output" = "$site/_pytapset$SUFFIX" ] || fail "$output"
	run env -u PYTAPSET_HELPER "$HELPER_VENV/bin/python" -c 'import sys; print("_pytapset" in sys.modules)'
	[ "$output" = False ] || fail "unset: $output"
	PYTAPSET_HELPER=1 run "$HELPER_VENV/bin/python" -c 'import sys; print("_pytapset" in sys.modules)'
	[ "$output" = True ] || fail "PYTAPSET_HELPER=1: $output"
}

@test "helper package: live, bpftrace sees the pip-installed helper's entries and returns, as sys.setprofile sees the calls" {
	local prog
	tracer_prog calls.py
	package_venv
	check_function_counts "$VERSION" "$prog"
	rm -rf "${prog%/calls.py}"
}

# The helper pip installed in a venv is found by `pytapset run -c` from
# the venv's python (its executable is the base Python's: the venv's
# site-packages is where pip put the helper), and stap resolves its
# markers; the private tapset directory has no python.stp of its own.
@test "helper package: pytapset run -c with the venv's python probes the helper pip installed there (stap -p2)" {
	local site
	require_stap
	package_venv
	site=$("$HELPER_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_path("platlib"))')
	TAPSET_DIR=$BATS_TEST_TMPDIR/tapset
	make_tapset_dir "$TAPSET_DIR"
	SYSTEMTAP_TAPSET=$TAPSET_DIR run "$PYTAPSET" run show-call-hierarchy \
		-c "$HELPER_VENV/bin/python -m pytapset prog.py" -r "$KVER" -p2
	[ "$status" = 0 ] || fail "$output"
	echo "$output" | grep -q "^process(\"$site/_pytapset$SUFFIX\")" ||
		fail "no probe in $site/_pytapset$SUFFIX: $output"
}

# generate and discover name a venv's python as run -c does: the helper
# pip put into that venv is covered, not the base Python's (if any).
@test "helper package: pytapset generate VENV/bin/python covers the helper pip installed in the venv" {
	local site
	package_venv
	site=$("$HELPER_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_path("platlib"))')
	PYTAPSET_HELPER_PATH= run --separate-stderr "$PYTAPSET" generate -o "$BATS_TEST_TMPDIR/python.stp" \
		"$HELPER_VENV/bin/python"
	[ "$status" = 0 ] || fail "$stderr"
	grep -qx " \*   $(realpath "$site")/_pytapset$SUFFIX: pytapset's marker helper, in every process that loads it" \
		"$BATS_TEST_TMPDIR/python.stp" || fail "$(head -20 "$BATS_TEST_TMPDIR/python.stp")"
}
