#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# pytapset run NAME -x PID and -c CMD: the Python of that very process
# (its mapped files, read through /proc/PID/root; the program a command
# runs, through PATH, #! lines, env and a venv's bin/python) gets a
# tapset of its own, which stap reads before the installed one.  Real
# processes throughout; stap elaborates (pass 2) against the private
# tapset to show what it really probes.

load ../common

setup() {
	bats_require_minimum_version 1.5.0
	require_file "$SYSTEM_PYTHON" "$SYSTEM_PYTHON_DEBUG" "$SYSTEM_HELPER"
	export PYTAPSET_CACHE=$BATS_TEST_TMPDIR/cache
	# A stap that shows the tapset directory it is given and its arguments.
	FAKE_STAP=$BATS_TEST_TMPDIR/stap
	printf '#!/bin/sh\necho "SYSTEMTAP_TAPSET=$SYSTEMTAP_TAPSET"\nprintf "%%s\\n" "$@"\n' >"$FAKE_STAP"
	chmod +x "$FAKE_STAP"
	# The installed tapset directory stands for stap's own (pytapset.stp
	# in it): the private one must shadow its python.stp, not replace it.
	INSTALLED=$BATS_TEST_TMPDIR/installed
	make_tapset_dir "$INSTALLED"
	PIDS=()
}

teardown() {
	local p
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null || true
	done
}

# start PROGRAM ARG...: run it in the background until the test ends; PID.
start() {
	"$@" &
	PID=$!
	PIDS+=("$PID")
	# Until it has mapped what it runs (its executable replaced the shell's).
	local i
	for i in $(seq 50); do
		[ "$(readlink "/proc/$PID/exe")" != "$(readlink /proc/$$/exe)" ] && sleep 0.2 && return
		sleep 0.1
	done
}

# The private tapset named by a fake stap's output ($output).
private_tapset() {
	sed -n 's/^SYSTEMTAP_TAPSET=//p' <<<"$output"
}

# The files the tapset FILE covers, one a line, sorted.
covered() {
	sed -n 's/^ \*   \([^:]*\):.*/\1/p' "$1" | sort
}

# The files whose markers stap -p2's $output probes, one a line.
probed_files() {
	resolved_points <<<"$output" | sed -n 's/^process("\([^"]*\)").*/\1/p' | sort -u
}

# run_stap ARG...: pytapset run with the real stap, pass 2, the installed
# tapsets in $INSTALLED.
run_stap() {
	require_stap
	SYSTEMTAP_TAPSET=$INSTALLED run --separate-stderr "$PYTAPSET" run --backend=stap "$@" -r "$KVER" -p2
}

@test "-x PID: a tapset for that process's files, read before the installed tapsets" {
	start "$SYSTEM_PYTHON" -c 'import time; time.sleep(60)'
	SYSTEMTAP_TAPSET=$INSTALLED PYTAPSET_STAP=$FAKE_STAP \
		run --separate-stderr "$PYTAPSET" run --backend=stap gc-pauses -x "$PID" -v 5
	[ "$status" -eq 0 ] || fail "$stderr"
	local dir
	dir=$(private_tapset)
	[[ $dir == "$PYTAPSET_CACHE"/tapset/python3.* ]] || fail "tapset in $dir"
	[ "$output" = "SYSTEMTAP_TAPSET=$dir
-I
$INSTALLED
-x
$PID
-v
--
$PYTAPSET_SCRIPTDIR/gc-pauses.stp
5" ]
	[ "$(covered "$dir/python.stp")" = "$(printf '%s\n' "$(realpath "$SYSTEM_PYTHON")" "$SYSTEM_HELPER" | sort)" ]
	# stap probes that executable, with the private python.stp.
	run_stap gc-pauses -x "$PID"
	[ "$status" -eq 0 ] || fail "$stderr"
	[ "$(probed_files)" = \
		"$(realpath "$SYSTEM_PYTHON")" ]
}

@test "-x PID of the debug build: its own files, not the release build's" {
	start "$SYSTEM_PYTHON_DEBUG" -c 'import time; time.sleep(60)'
	run_stap gc-pauses -x "$PID"
	[ "$status" -eq 0 ] || fail "$stderr"
	[ "$(probed_files)" = \
		"$(realpath "$SYSTEM_PYTHON_DEBUG")" ]
}

@test "-x PID with the helper loaded: the helper that process mapped is in its tapset" {
	# Found in no directory pytapset searches: only the mapping names it.
	local copy=$BATS_TEST_TMPDIR/modules
	mkdir -p "$copy"
	cp "$SYSTEM_HELPER" "$copy/"
	PYTHONPATH=$copy start "$SYSTEM_PYTHON" -c 'import _pytapset, time; time.sleep(60)'
	PYTAPSET_HELPER_PATH= run_stap show-call-hierarchy -x "$PID"
	[ "$status" -eq 0 ] || fail "$stderr"
	resolved_points <<<"$output" | grep -qF "process(\"$copy/$(basename "$SYSTEM_HELPER")\")" ||
		fail "the loaded helper is not probed: $output"
}

@test "-x PID without markers or helper: one line saying how to get them, status 3" {
	# A program named as a Python 3.12 build without --with-dtrace is.
	cp /bin/sleep "$BATS_TEST_TMPDIR/python3.12"
	start "$BATS_TEST_TMPDIR/python3.12" 60
	PYTAPSET_STAP=$FAKE_STAP run --separate-stderr "$PYTAPSET" run --backend=stap gc-pauses -x "$PID"
	[ "$status" -eq 3 ]
	[ -z "$output" ]
	[ "$stderr" = "pytapset: $PID: $BATS_TEST_TMPDIR/python3.12: no python markers and no marker helper: install pytapset's marker helper into it (pip install, see pytapset(1)) and run the program as python3 -m pytapset SCRIPT" ]
	# pyenv's builds, where there are some, are such Pythons.
	local p
	for p in /root/.pyenv/versions/3.1[2-4]*/bin/python3; do
		[ -x "$p" ] || continue
		start "$p" -c 'import time; time.sleep(60)'
		PYTAPSET_HELPER_PATH= PYTAPSET_STAP=$FAKE_STAP run --separate-stderr \
			"$PYTAPSET" run --backend=stap gc-pauses -x "$PID"
		[ "$status" -eq 3 ] && [ "${#stderr_lines[@]}" -eq 1 ] || fail "$p: $stderr"
		[[ $stderr == *"no python markers and no marker helper"* ]] || fail "$stderr"
	done
}

@test "-x PID: no such process, not Python, not a PID: one line, status 1; stap never starts" {
	start sleep 60
	local case expected
	for case in "$PID|$PID: not a Python process: $(realpath "$(command -v sleep)") is not named python and maps no libpython" \
		"999999999|999999999: no such process" "12x|12x: not a process ID"; do
		PYTAPSET_STAP=$FAKE_STAP run --separate-stderr "$PYTAPSET" run --backend=stap gc-pauses -x "${case%%|*}"
		[ "$status" -eq 1 ] || fail "$case: status $status"
		[ -z "$output" ]
		[ "$stderr" = "pytapset: ${case#*|}" ] || fail "$stderr"
	done
}

@test "a marker the script needs is missing: one line, as the tapset says why, status 3" {
	start "$SYSTEM_PYTHON" -c 'import time; time.sleep(60)'
	# Without the helper, 3.11's function__entry is left out of a tapset,
	# and 3.12 to 3.14 have none.
	PYTAPSET_HELPER_PATH= PYTAPSET_STAP=$FAKE_STAP run --separate-stderr \
		"$PYTAPSET" run --backend=stap show-call-hierarchy -x "$PID"
	[ "$status" -eq 3 ]
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == "pytapset: $PID: $(realpath "$SYSTEM_PYTHON"): python.function.entry not available: "* ]] ||
		fail "$stderr"
	# With it, the script runs.
	PYTAPSET_STAP=$FAKE_STAP run --separate-stderr "$PYTAPSET" run --backend=stap show-call-hierarchy -x "$PID"
	[ "$status" -eq 0 ] || fail "$stderr"
}

# container_pid TAG: the host's PID of the Python started in a container
# with TAG among its arguments, in PID.
container_pid() {
	local i p
	for i in $(seq 200); do
		PID=$(pgrep -f -- "$1" | while read -r p; do
			[[ $(readlink "/proc/$p/exe") == */python* ]] && echo "$p"; done)
		[ -n "$PID" ] && PIDS+=("$PID") && return
		sleep 0.1
	done
	fail "the process in the container did not start: $(pgrep -af -- "$1")"
}

# make_root DIR: a root for a container with a copy of the system Python,
# the libraries it loads and what it imports to start.
make_root() {
	local f
	for f in "$SYSTEM_PYTHON" $(ldd "$SYSTEM_PYTHON" | grep -o '/[^ ]*'); do
		mkdir -p "$1${f%/*}"
		cp "$f" "$1$f"
	done
	mkdir -p "$1/usr/lib/python$SYSTEM_VERSION"
	cp -r "/usr/lib/python$SYSTEM_VERSION/encodings" "$1/usr/lib/python$SYSTEM_VERSION/"
}

@test "-x PID of a process in its own mount namespace and root: its files, under --sysroot" {
	require_command unshare chroot ldd pgrep
	local root=$BATS_TEST_TMPDIR/root tag=$BATS_TEST_TMPDIR/container
	make_root "$root"
	unshare --mount --pid --fork chroot "$root" "$SYSTEM_PYTHON" -I -S \
		-c 'import time; time.sleep(60)' "$tag" 2>/dev/null &
	PIDS+=($!)
	container_pid "$tag"
	[ "$(readlink /proc/$PID/ns/mnt)" != "$(readlink /proc/self/ns/mnt)" ]
	SYSTEMTAP_TAPSET=$INSTALLED PYTAPSET_STAP=$FAKE_STAP \
		run --separate-stderr "$PYTAPSET" run --backend=stap gc-pauses -x "$PID" -r 1.2.3
	[ "$status" -eq 0 ] || fail "$stderr"
	# Its root as stap resolves it; the host's kernel tree, not one under it.
	[ "$(sed -n '/^--sysroot$/{n;p}' <<<"$output")" = "$root" ] || fail "$output"
	[ "$(sed -n '/^-r$/{n;p}' <<<"$output" | tail -n 1)" = /lib/modules/1.2.3/build ] || fail "$output"
	# The tapset names the file as the process sees it: a copy of the
	# host's, with a tapset of its own.
	local tapset=$(private_tapset)/python.stp
	[ "$(covered "$tapset")" = "$SYSTEM_PYTHON" ]
	run_stap gc-pauses -x "$PID"
	[ "$status" -eq 0 ] || fail "$stderr"
	[ "$(probed_files)" = \
		"$SYSTEM_PYTHON" ]
	start "$SYSTEM_PYTHON" -c 'import time; time.sleep(60)'
	PYTAPSET_STAP=$FAKE_STAP run --separate-stderr "$PYTAPSET" run --backend=stap gc-pauses -x "$PID"
	[ "$(private_tapset)/python.stp" != "$tapset" ] || fail "the host's and the copy's tapsets are one"
}

@test "-x PID whose root shows its files only in its own namespace: one line, status 1" {
	require_command unshare chroot pgrep
	local root=$BATS_TEST_TMPDIR/root tag=$BATS_TEST_TMPDIR/hidden
	mkdir -p "$root/usr"
	ln -s usr/bin "$root/bin"
	ln -s usr/lib "$root/lib"
	[ ! -d /usr/lib64 ] || ln -s usr/lib64 "$root/lib64"
	unshare --mount --pid --fork sh -c 'mount --bind /usr "$1/usr" && exec chroot "$1" "$2" -c "import time; time.sleep(60)" "$3"' \
		sh "$root" "$SYSTEM_PYTHON" "$tag" &
	PIDS+=($!)
	container_pid "$tag"
	PYTAPSET_STAP=$FAKE_STAP run --separate-stderr "$PYTAPSET" run --backend=stap gc-pauses -x "$PID"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "pytapset: $PID: its root, $root, does not show its files here (mounted in its own namespace only): stap, which reads them by path, cannot" ]
}

@test "-c CMD: PATH, #! lines, env -S and a venv's bin/python, with the helper pip installs there" {
	local bin=$BATS_TEST_TMPDIR/bin venv=$BATS_TEST_TMPDIR/venv
	local python=$(realpath "$SYSTEM_PYTHON") debug=$(realpath "$SYSTEM_PYTHON_DEBUG")
	mkdir -p "$bin"
	ln -s "$SYSTEM_PYTHON_DEBUG" "$bin/python3"
	printf '#!/usr/bin/env -S %s -u\n' "$SYSTEM_PYTHON" >"$bin/script-env-s"
	printf '#!%s\n' "$bin/script-env-s" >"$bin/script-of-script"
	printf '#!/usr/bin/env python3\n' >"$bin/script-env"
	chmod +x "$bin"/script-*
	"$SYSTEM_PYTHON" -m venv --without-pip "$venv"
	local site=$venv/lib/python$SYSTEM_VERSION/site-packages
	cp "$SYSTEM_HELPER" "$site/"
	local case cmd expected
	while IFS='|' read -r cmd expected; do
		[ -n "$cmd" ] || continue
		PATH=$bin:/usr/bin:/bin PYTAPSET_HELPER_PATH= PYTAPSET_STAP=$FAKE_STAP \
			run --separate-stderr "$PYTAPSET" run --backend=stap gc-pauses -c "$cmd"
		[ "$status" -eq 0 ] || fail "$cmd: $stderr"
		[ "$(covered "$(private_tapset)/python.stp")" = "$(tr ' ' '\n' <<<"$expected" | sort)" ] ||
			fail "$cmd: covers $(covered "$(private_tapset)/python.stp")"
	done <<EOF
python3 -m pytapset x.py|$debug
env -i A=1 python3 x.py|$debug
env -S 'python3 -u' x.py|$debug
script-env a b|$debug
$bin/script-env-s|$python
script-of-script|$python
$venv/bin/python -m pytapset x.py|$python $site/$(basename "$SYSTEM_HELPER")
EOF
	# The venv's python, elaborated: the helper in its site-packages is probed.
	PATH=/usr/bin:/bin PYTAPSET_HELPER_PATH= run_stap show-call-hierarchy \
		-c "$venv/bin/python -m pytapset x.py"
	[ "$status" -eq 0 ] || fail "$stderr"
	resolved_points <<<"$output" | grep -qF "process(\"$site/$(basename "$SYSTEM_HELPER")\")" ||
		fail "the venv's helper is not probed"
}

@test "-c CMD that runs no Python, or nothing: one line, status 1" {
	PYTAPSET_STAP=$FAKE_STAP run --separate-stderr "$PYTAPSET" run --backend=stap gc-pauses -c "no-such-program x"
	[ "$status" -eq 1 ]
	[ "$stderr" = "pytapset: no-such-program: no such program in PATH" ]
	PYTAPSET_STAP=$FAKE_STAP run --separate-stderr "$PYTAPSET" run --backend=stap gc-pauses -c "sleep 1"
	[ "$status" -eq 1 ]
	[ "$stderr" = "pytapset: sleep 1: runs $(command -v sleep), which is not a Python: not named python and loads no libpython" ]
	[ -z "$output" ]
}

@test "-c CMD through a pyenv shim: the Python pyenv which names, not the shim's shell" {
	require_command pyenv
	local shims chosen
	shims=$(pyenv root)/shims
	require_file "$shims/python3"
	chosen=$(PATH=$shims:$PATH pyenv which python3)
	# pyenv's builds lack --with-dtrace: the line names the build itself.
	PATH=$shims:$PATH PYTAPSET_HELPER_PATH= PYTAPSET_STAP=$FAKE_STAP run --separate-stderr \
		"$PYTAPSET" run --backend=stap gc-pauses -c "python3 -c pass"
	[ "$status" -eq 3 ] || fail "$status: $stderr"
	[[ $stderr == "pytapset: $chosen: $(realpath "$chosen"): no python markers and no marker helper: "* ]] ||
		fail "$stderr"
}

@test "the private tapset is made once per set of files and templates, atomically" {
	start "$SYSTEM_PYTHON" -c 'import time; time.sleep(60)'
	local templates=$BATS_TEST_TMPDIR/templates first
	cp -r "$PYTAPSET_TEMPLATEDIR" "$templates"
	PYTAPSET_TEMPLATEDIR=$templates PYTAPSET_STAP=$FAKE_STAP run "$PYTAPSET" run --backend=stap gc-pauses -x "$PID"
	first=$(private_tapset)
	[ -f "$first/python.stp" ]
	touch -d '1 hour ago' "$first/python.stp"
	PYTAPSET_TEMPLATEDIR=$templates PYTAPSET_STAP=$FAKE_STAP run "$PYTAPSET" run --backend=stap gc-pauses -x "$PID"
	[ "$(private_tapset)" = "$first" ]
	[ -n "$(find "$first/python.stp" -mmin +30)" ] || fail "written again"
	# Changed templates make another one; nothing half-made is left.
	touch "$templates/tapset-alias.stp"
	PYTAPSET_TEMPLATEDIR=$templates PYTAPSET_STAP=$FAKE_STAP run "$PYTAPSET" run --backend=stap gc-pauses -x "$PID"
	[ "$(private_tapset)" != "$first" ]
	[ "$(ls -A "$PYTAPSET_CACHE/tapset" | wc -l)" -eq 2 ]
	! ls -A "$PYTAPSET_CACHE/tapset" | grep -q '^\.'
}
