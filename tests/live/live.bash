# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for the live tests: SystemTap modules compiled here and loaded in
# a guest (see guest), run against workload.py, compared with what
# CPython's own hooks record for the same program (oracle.py, compare.py).
#
# A live test file builds everything in setup_file, runs all its jobs in
# one boot of the guest (a boot costs seconds under emulation), and its
# tests then read the results:
#
#   live_init                      check the tools, prepare the guest
#   live_layout NAME               define a Python layout (see below)
#   live_compile MOD [STAP-ARG]... compile a module for the layout
#   live_run MOD SCRIPT [ARG]...   the same through the staged install's
#                                  pytapset run SCRIPT
#   live_oracle NAME [ARG]...      the layout's Python runs workload.py
#                                  here, recording its oracle OUT/NAME.oracle
#   live_job MOD NAME [ARG]...     in the guest: staprun MOD -c the workload
#   live_attach_job MOD NAME [ARG]... the same with -x PID of a running one
#   live_boot                      boot once, run every job
#
# Jobs are queued in lanes, one per probed file: uprobes are per file (a
# module probing a file puts its breakpoints into every process that maps
# it, including the workload another module is about to attach to), so
# modules probing one file must never overlap.  The lanes run one after
# the other unless PYTAPSET_LIVE_LANES says how many may run at once
# (the guest has one CPU unless PYTAPSET_LIVE_SMP says otherwise: see
# tests/live/guest).  Timings are only used as upper bounds, which sharing
# the guest would not break.
#
# Outputs: OUT/NAME.tsv (the module's output), OUT/NAME.rc, OUT/NAME.err,
# OUT/NAME.wall_ms (how long the run took, from staprun's start to its end).

load ../common

LIVE_DIR=$top_srcdir/tests/live
GUEST=$LIVE_DIR/guest
# What only the first run builds or fetches (sysroots, a CPython), kept
# outside the tree.
LIVE_CACHE=${PYTAPSET_LIVE_CACHE:-/var/cache/pytapset-live}

live_init() {
	[ "$(id -u)" = 0 ] || skip_or_fail "the live tests boot a guest with the host's root: run as root"
	require_stap
	require_command qemu-system-x86_64 busybox staprun
	"$GUEST" prepare 2>"$BATS_FILE_TMPDIR/prepare.log" || {
		cat "$BATS_FILE_TMPDIR/prepare.log" >&2
		return 1
	}
	KVER=$("$GUEST" kver)
	# The runtime a user who runs stap directly is told to build with
	# (stap -R "$(pytapset runtime)"): stap's own with pytapset's fixes.
	LIVE_RUNTIME=$("$PYTAPSET" runtime -r "$KVER") || return 1
	WORK=$BATS_FILE_TMPDIR
	# Only OUT is shared read-write: everything else the guest reads
	# through its read-only view of the host's root, where uprobes work.
	OUT=$WORK/out
	PROG=$WORK/prog
	mkdir -p "$OUT" "$PROG"
	cp "$LIVE_DIR/workload.py" "$LIVE_DIR/oracle.py" "$PROG/"
	mkdir -p "$WORK/jobs"
	export LIVE_RUNTIME KVER WORK OUT PROG
}

# live_layout NAME: the Python the next modules and jobs use, its tapset
# directory (TAPSET_DIR), its interpreter (LIVE_PYTHON, an array) and
# workload.py's path for it (LIVE_WORKLOAD):
#   python3.11      /usr/bin/python3.11, markers in the executable
#   python3.11d     /usr/bin/python3.11d, the debug build
#   embedded        libpython3.11.so in a program that embeds it: the
#                   tapset names the library alone
#   shared          an --enable-shared layout: bin/python3.11 without
#                   markers, lib/libpython3.11.so.1.0 through RUNPATH
#                   $ORIGIN/../lib: the tapset says .library()
#   python3.15      Debian forky's 3.15.0 in a chroot made from its .debs
#                   (pytapset generate --sysroot, stap --sysroot)
# and the layouts whose jobs run the workload under the marker helper
# (python3 -m pytapset, LIVE_RUNNER), their oracle without it:
#   helper3.11      /usr/bin/python3.11, the helper configure built
#   trixie3.13      Debian trixie's 3.13 (built from its source package
#                   with --with-dtrace): markers, none for functions
#   source3.13      the same source built here without --with-dtrace, as
#                   a developer's (pyenv's, a docker image's): no markers
#   forky3.14       Debian forky's 3.14: markers, none for functions
# The last three have the helper compiled here (build_helper), installed
# where their Python imports third-party modules from.  And the Pythons
# the installed tapset (here: the one of the configured Python) does not
# cover, with the helper pip-installed from its sdist, which
# `pytapset run -x PID` and `-c CMD` find by themselves:
#   venv3.13        a venv of source3.13's Python (python -m pytapset)
#   shebang3.13     the same venv, named by a script's #! line, the
#                   helper loaded by its .pth (PYTAPSET_HELPER=1)
#   container3.14   Debian forky's 3.14 in a root of its own, run as a
#                   container: in its own PID and mount namespaces
#                   (unshare), chrooted (live_container_init)
live_layout() {
	LIVE_LAYOUT=$1
	LIVE_SYSROOT=
	LIVE_CONTAINER=
	LIVE_WORKLOAD=$PROG/workload.py
	LIVE_RUNNER=()
	LIVE_LANE=$1
	TAPSET_DIR=$WORK/tapset-$1
	local prefix=$WORK/shared
	case $1 in
	helper3.11 | trixie3.13 | source3.13 | forky3.14 | venv3.13 | container3.14)
		LIVE_RUNNER=(-m pytapset)
		;;&
	venv3.13 | shebang3.13)
		LIVE_PREFIX=$LIVE_CACHE/cpython-trixie-python3.13
		LIVE_VENV=$WORK/venv3.13
		LIVE_LANE=venv3.13 # the venv's helper
		;;&
	venv3.13)
		LIVE_PYTHON=("$LIVE_VENV/bin/python" -B)
		;;
	shebang3.13)
		LIVE_PYTHON=(env PYTAPSET_HELPER=1)
		# The checks know the workload by its file name.
		LIVE_WORKLOAD=$PROG/shebang/workload.py
		;;
	container3.14)
		LIVE_CONTAINER=1
		LIVE_SYSROOT=$LIVE_CONTAINER_ROOT
		LIVE_PYTHON=(unshare --pid --mount --fork chroot "$LIVE_SYSROOT" /usr/bin/python3.14 -B)
		LIVE_WORKLOAD=/tmp/pytapset-live/workload.py
		;;
	python3.11 | python3.11d)
		LIVE_PYTHON=("/usr/bin/$1" -B)
		;;
	helper3.11)
		LIVE_LANE=python3.11 # the same executable
		LIVE_HELPER_DIR=$top_builddir/helper/3.11
		LIVE_PYTHON=(env PYTHONPATH="$LIVE_HELPER_DIR:$top_srcdir/helper" /usr/bin/python3.11 -B)
		;;
	source3.13)
		LIVE_PREFIX=$LIVE_CACHE/cpython-trixie-python3.13
		# Debian's site.py: no site-packages, dist-packages as in /usr.
		LIVE_HELPER_DIR=$LIVE_PREFIX/lib/python3/dist-packages
		LIVE_PYTHON=("$LIVE_PREFIX/bin/python3.13" -B)
		;;
	trixie3.13 | forky3.14)
		LIVE_SYSROOT=$(sysroot_path "${1%3.1?}" "$1")
		LIVE_HELPER_DIR=$LIVE_SYSROOT/usr/lib/python3/dist-packages
		LIVE_PYTHON=(chroot "$LIVE_SYSROOT" "/usr/bin/python${1#"${1%3.1?}"}" -B)
		LIVE_WORKLOAD=/tmp/pytapset-live/workload.py
		;;
	embedded)
		LIVE_PYTHON=(env PYTHONPATH="$PROG" "$WORK/embed-python")
		;;
	shared)
		LIVE_PYTHON=("$prefix/bin/python3.11" -B)
		;;
	python3.15)
		LIVE_SYSROOT=$(sysroot_path forky python3.15)
		LIVE_PYTHON=(chroot "$LIVE_SYSROOT" /usr/bin/python3.15 -B)
		LIVE_WORKLOAD=/tmp/pytapset-live/workload.py
		;;
	*) fail "live_layout: unknown layout $1" ;;
	esac
	[ -e "$TAPSET_DIR/python.stp" ] || build_layout "$prefix"
}

# Make the current layout's programs and its tapset directory.
build_layout() {
	local prefix=$1 pc=/usr/bin/python3.11-config
	case $LIVE_LAYOUT in
	python3.11 | python3.11d)
		require_file "/usr/bin/$LIVE_LAYOUT"
		make_tapset_dir "$TAPSET_DIR" "/usr/bin/$LIVE_LAYOUT"
		;;
	embedded)
		require_file "$pc"
		cc $("$pc" --includes) -o "$WORK/embed-python" "$LIVE_DIR/embed-python.c" $("$pc" --ldflags --embed)
		make_tapset_dir "$TAPSET_DIR" /usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0
		;;
	shared)
		require_file "$pc"
		mkdir -p "$prefix/bin" "$prefix/lib"
		cp /usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0 "$prefix/lib/"
		ln -sf libpython3.11.so.1.0 "$prefix/lib/libpython3.11.so"
		ln -sfn /usr/lib/python3.11 "$prefix/lib/python3.11"
		cc $("$pc" --includes) -o "$prefix/bin/python3.11" "$LIVE_DIR/python-main.c" \
			-L"$prefix/lib" -lpython3.11 -Wl,--enable-new-dtags,-rpath,'$ORIGIN/../lib'
		make_tapset_dir "$TAPSET_DIR" "$prefix/bin/python3.11"
		;;
	python3.15)
		build_sysroot forky
		make_tapset_dir "$TAPSET_DIR" --sysroot "$LIVE_SYSROOT" /usr/bin/python3.15
		;;
	helper3.11)
		require_file "${LIVE_PYTHON[2]}"
		make_tapset_dir "$TAPSET_DIR" --helper-dir "$LIVE_HELPER_DIR" "${LIVE_PYTHON[2]}"
		;;
	venv3.13)
		"$LIVE_DIR/debian-cpython" trixie python3.13 "$LIVE_PREFIX"
		helper_venv "$LIVE_PREFIX/bin/python3.13" "$LIVE_VENV"
		make_tapset_dir "$TAPSET_DIR" "$TEST_PYTHON"
		;;
	shebang3.13)
		[ -x "$LIVE_VENV/bin/python" ] || fail "shebang3.13: its venv is venv3.13's: make that layout first"
		mkdir -p "${LIVE_WORKLOAD%/*}"
		cp "$PROG/oracle.py" "${LIVE_WORKLOAD%/*}/"
		{
			echo "#!$LIVE_VENV/bin/python -B"
			cat "$PROG/workload.py"
		} >"$LIVE_WORKLOAD"
		chmod +x "$LIVE_WORKLOAD"
		make_tapset_dir "$TAPSET_DIR" "$TEST_PYTHON"
		;;
	container3.14)
		[ -n "$LIVE_SYSROOT" ] || fail "container3.14: run live_container_init first"
		make_tapset_dir "$TAPSET_DIR" "$TEST_PYTHON"
		;;
	trixie3.13 | forky3.14 | source3.13)
		if [ "$LIVE_LAYOUT" = source3.13 ]; then
			"$LIVE_DIR/debian-cpython" trixie python3.13 "$LIVE_PREFIX"
		else
			build_sysroot "${LIVE_LAYOUT%3.1?}"
		fi
		build_helper
		# Found where its Python imports third-party modules from, as an
		# installed helper is (the tests' PYTAPSET_HELPER_PATH would
		# replace that search).
		(
			unset PYTAPSET_HELPER_PATH
			if [ -n "$LIVE_SYSROOT" ]; then
				make_tapset_dir "$TAPSET_DIR" --sysroot "$LIVE_SYSROOT" "${LIVE_PYTHON[2]}"
			else
				make_tapset_dir "$TAPSET_DIR" "${LIVE_PYTHON[0]}"
			fi
		)
		;;
	esac
}

# The marker helper for the layout's Python, compiled here with its
# headers into LIVE_HELPER_DIR with its runner, as `make install` would
# put them: configure builds it for the host's own Pythons only, and a
# sysroot's headers exist once the tests have unpacked them.
build_helper() {
	local include suffix
	read -r include suffix < <("${LIVE_PYTHON[@]}" -c \
		'import sysconfig; print(sysconfig.get_paths()["include"], sysconfig.get_config_var("EXT_SUFFIX"))')
	mkdir -p "$LIVE_HELPER_DIR"
	# Debian's pyconfig.h includes <x86_64-linux-gnu/python3.N/pyconfig.h>.
	cc -std=c11 -O2 -Wall -fPIC -fvisibility=hidden -D_GNU_SOURCE -shared \
		-I"$LIVE_SYSROOT$include" ${LIVE_SYSROOT:+-I"$LIVE_SYSROOT/usr/include"} \
		-o "$LIVE_HELPER_DIR/_pytapset$suffix" "$top_srcdir/helper/_pytapset.c" -lpthread
	cp "$top_srcdir/helper/pytapset.py" "$LIVE_HELPER_DIR/"
}

# The sysroots: a Python of another Debian suite and what it needs to run,
# unpacked once into the guest's cache (outside the tree; only the first
# run pays), each named after its package list: a new list makes a new
# sysroot.  sysroot_path SUITE LAYOUT.
SYSROOT_LIBS=(libc6 libgcc-s1 libstdc++6 zlib1g libzstd1 liblzma5 libbz2-1.0
	libexpat1 libffi8 libssl3t64 libmpdec4 libsqlite3-0 libuuid1 libncursesw6
	libtinfo6 libreadline8t64 libcrypt1)
sysroot_packages() {
	local v=${1: -4} extra=dev
	[ "$1" = python3.15 ] && extra=testsuite # for dtracedata.bats
	echo "python$v-minimal libpython$v-minimal libpython$v-stdlib libpython$v-$extra ${SYSROOT_LIBS[*]}"
}
sysroot_path() {
	echo "$LIVE_CACHE/sysroot-$1-$(sysroot_packages "$2" | sha256sum | cut -c1-12)"
}
# build_sysroot SUITE: the current layout's.
build_sysroot() {
	local packages
	read -r -a packages <<<"$(sysroot_packages "$LIVE_LAYOUT")"
	"$LIVE_DIR/debian-sysroot" "$1" "$LIVE_SYSROOT" "${packages[@]}"
	# stap --sysroot looks for the kernel's build tree in the sysroot.
	mkdir -p "$LIVE_SYSROOT/usr/lib/modules/$KVER"
	ln -sfn "/lib/modules/$KVER/build" "$LIVE_SYSROOT/usr/lib/modules/$KVER/build"
	# Its standard library compiled once: unpacked without maintainer
	# scripts it has no .pyc, and every run would compile what it imports.
	chroot "$LIVE_SYSROOT" "${LIVE_PYTHON[2]}" -m compileall -q -x '/(test|idlelib|lib2to3)/' \
		"$(dirname "$(chroot "$LIVE_SYSROOT" "${LIVE_PYTHON[2]}" -c 'import os; print(os.__file__)')")" >/dev/null
	# The workload, at a path the chroot sees.
	mkdir -p "$LIVE_SYSROOT/tmp/pytapset-live"
	cp "$PROG"/*.py "$LIVE_SYSROOT/tmp/pytapset-live/"
}

# --- A container -----------------------------------------------------------
# container3.14's root: Debian forky with python3.14 and what building
# the helper there needs (pip, setuptools, a compiler, <sys/sdt.h>), as a
# container image that builds its own, made once by debian-root into the
# cache, named after its package list.  Each run uses it through an
# overlay of its own (live_container_cleanup unmounts it) into which pip
# installs the helper from its sdist, as a Dockerfile would.
CONTAINER_PACKAGES="python3.14 python3.14-dev python3-pip python3-setuptools gcc libc6-dev systemtap-sdt-dev"

# live_container_init: that root, in LIVE_CONTAINER_ROOT.
live_container_init() {
	local base packages run=$WORK/container
	read -r -a packages <<<"$CONTAINER_PACKAGES"
	base=$LIVE_CACHE/root-forky-$(echo "${packages[*]}" | sha256sum | cut -c1-12)
	"$LIVE_DIR/debian-root" forky "$base" "${packages[@]}"
	mkdir -p "$run/upper" "$run/work" "$run/root"
	mount -t overlay -o "lowerdir=$base,upperdir=$run/upper,workdir=$run/work" overlay "$run/root"
	LIVE_CONTAINER_ROOT=$run/root
	helper_sdist
	mkdir -p "$LIVE_CONTAINER_ROOT/tmp/pytapset-live"
	cp "$PROG"/*.py "$HELPER_SDIST" "$LIVE_CONTAINER_ROOT/tmp/pytapset-live/"
	"$LIVE_DIR/in-root" "$LIVE_CONTAINER_ROOT" python3.14 -m pip install --break-system-packages \
		--no-build-isolation --no-index "/tmp/pytapset-live/${HELPER_SDIST##*/}" >"$run.pip.log" 2>&1 || {
		tail -n 20 "$run.pip.log" >&2
		return 1
	}
}

live_container_cleanup() {
	[ -n "${LIVE_CONTAINER_ROOT:-}" ] || return 0
	umount "$LIVE_CONTAINER_ROOT"
}

# live_compile MOD [STAP-ARG]...: stap -p4 for the current layout, with
# the runtime a user running stap directly is told to use.
live_compile() {
	compile_module "$1" stap -R "$LIVE_RUNTIME" -- "${@:2}"
}

# live_run MOD SCRIPT [ARG]...: the same, as a user runs an installed
# script: `pytapset run SCRIPT` of the staged install that check-live
# makes, so the live tests run what `make install` puts in place; it
# picks the fixed runtime by itself.
live_run() {
	live_run_with "$1" "$2" -- "${@:3}"
}

# live_run_with MOD SCRIPT [OPTION]... -- [ARG]...: the same with OPTIONs
# for pytapset run (-x PID, -c CMD).
live_run_with() {
	[ -n "${PYTAPSET_LIVE_STAGE:-}" ] || skip_or_fail "the scripts run from a staged install: run make check-live"
	PYTAPSET_SCRIPTDIR=$PYTAPSET_LIVE_STAGE_SCRIPTS \
		compile_module "$1" "$PYTAPSET_LIVE_STAGE" run "${@:2}"
}

# live_run_x MOD SCRIPT [ARG]...: live_run with -x PID, PID the process
# id (as this host sees it) of the layout's workload, started here under
# the marker helper and waiting meanwhile: pytapset run reads the files
# that very process has mapped.
live_run_x() {
	local inner outer workload pid status=0
	guest_path "$1.compile.pid"
	rm -f "$outer"
	# Not holding bats's descriptor 3, which bats waits for.
	bash -c "exec $(live_command --wait "$inner")" >/dev/null 2>"$WORK/$1.compile.workload.err" 3>&- &
	workload=$!
	while kill -0 "$workload" 2>/dev/null && [ ! -s "$outer" ]; do sleep 0.1; done
	pid=$workload
	# A container's first process is unshare's child (--fork).
	[ -z "$LIVE_CONTAINER" ] || pid=$(echo $(cat "/proc/$workload/task/$workload/children"))
	live_run_with "$1" "$2" -x "$pid" -- "${@:3}" || status=$?
	# SIGKILL: a container's first process, its PID 1, ignores the others.
	kill -KILL "$pid"
	wait "$workload" 2>/dev/null || true
	rm -f "$outer"
	return $status
}

# compile_module MOD COMMAND... -- [ARG]...: COMMAND (stap, or pytapset
# run NAME) given the options that compile MOD for the current layout,
# then -- and ARGs.  STP_NO_OVERLOAD: under emulation a probe costs tens
# of times what it costs on hardware, and stap's overload guard would
# stop the run.
compile_module() {
	local mod=$1 program=()
	shift
	while [ "$1" != -- ]; do
		program+=("$1")
		shift
	done
	# A container's root is for pytapset run to find (/proc/PID/root).
	[ -z "$LIVE_SYSROOT" ] || [ -n "$LIVE_CONTAINER" ] || program+=(--sysroot="$LIVE_SYSROOT")
	(cd "$WORK" && SYSTEMTAP_TAPSET=$TAPSET_DIR \
		"${program[@]}" -r "$KVER" -p4 -DSTP_NO_OVERLOAD \
		-m "$mod" "$@" >/dev/null 2>"$WORK/$mod.compile.err") || {
		cat "$WORK/$mod.compile.err" >&2
		return 1
	}
}

# live_oracle NAME [ARG]...: run the layout's workload here with --oracle.
live_oracle() {
	local name=$1 file
	shift
	if [ -n "$LIVE_SYSROOT" ]; then
		file=/tmp/pytapset-live/$name.oracle
		"${LIVE_PYTHON[@]}" "$LIVE_WORKLOAD" "$@" --oracle "$file" 2>"$OUT/$name.oracle.err"
		mv "$LIVE_SYSROOT$file" "$OUT/$name.oracle"
	else
		"${LIVE_PYTHON[@]}" "$LIVE_WORKLOAD" "$@" --oracle "$OUT/$name.oracle" 2>"$OUT/$name.oracle.err"
	fi
}

# The shell words of the layout's workload command with ARGs.
live_command() {
	printf '%q ' "${LIVE_PYTHON[@]}" "${LIVE_RUNNER[@]}" "$LIVE_WORKLOAD" "$@"
}

# guest_path NAME: where a job's file NAME is, for the workload (inner;
# in a chroot, the sysroot's /tmp/pytapset-live) and for the guest
# (outer).  Both are in the guest's tmpfs: a slow shared-directory write
# must not stall stapio.
guest_path() {
	if [ -n "$LIVE_SYSROOT" ]; then
		inner=/tmp/pytapset-live/$1
		outer=$LIVE_SYSROOT$inner
	else
		inner=/run/$1
		outer=$inner
	fi
}

# The current lane's job script.
lane_script() {
	echo "$WORK/jobs/$LIVE_LANE.sh"
}

# live_job MOD NAME [ARG]...: in the guest, staprun the module with -c the
# workload, its output to OUT/NAME.tsv.
live_job() {
	local mod=$1 name=$2
	shift 2
	live_command_job "$mod" "$name" "$(live_command "$@")"
}

# live_command_job MOD NAME COMMAND: the same for any shell COMMAND.
# Nothing waits for stapio to read what the module printed: the runtime's
# relay-drain-at-exit fix does that.
live_command_job() {
	local mod=$1 name=$2 command=$3 inner outer
	guest_path "$name.tsv"
	cat >>"$(lane_script)" <<EOF
start=\$(date +%s%N)
staprun -o $outer $(printf %q "$WORK/$mod.ko") -c $(printf %q "$command") 2>$OUT/$name.err
echo \$? >$OUT/$name.rc
echo \$(( (\$(date +%s%N) - start) / 1000000 )) >$OUT/$name.wall_ms
cp $outer $OUT/$name.tsv
EOF
}

# live_attach_job [--attach-helper] MOD NAME [ARG]...: the same, but the
# workload starts first and waits (workload.py --wait) until staprun -x
# PID has loaded the module.  With --attach-helper it starts without the
# marker helper, and `python3 -m pytapset --attach PID` loads it into the
# waiting process (3.14+: sys.remote_exec) before staprun -x PID.
live_attach_job() {
	local attach_helper=
	[ "$1" = --attach-helper ] && attach_helper=1 && shift
	local mod=$1 name=$2 inner outer wait tsv load_helper= target='target=$workload'
	shift 2
	# A container's Python is unshare's child (--fork), PID 1 within.
	[ -z "$LIVE_CONTAINER" ] || target='read -r target _ </proc/$workload/task/$workload/children'
	guest_path "$name.tsv"
	tsv=$outer
	guest_path "$name.pid"
	wait=$outer
	# A workload that fails to load the helper is stopped.
	# sys.remote_exec reads /proc/PID/maps: a chroot gets the guest's
	# /proc for it (a container has its own).
	if [ -n "$attach_helper" ]; then
		local LIVE_RUNNER=() # live_command's, here only
		load_helper="$(printf '%q ' "${LIVE_PYTHON[@]}") -m pytapset --attach \$(cat $wait) >$OUT/$name.attach 2>&1 || kill \$workload"
		[ -n "$LIVE_SYSROOT" ] &&
			load_helper="mkdir -p $LIVE_SYSROOT/proc && mount -t proc proc $LIVE_SYSROOT/proc
$load_helper
umount $LIVE_SYSROOT/proc"
	fi
	cat >>"$(lane_script)" <<EOF
start=\$(date +%s%N)
$(live_command "$@" --wait "$inner") >/dev/null 2>$OUT/$name.workload.err &
workload=\$!
while kill -0 \$workload 2>/dev/null && [ ! -s $wait ]; do sleep 0.1; done
$target
$load_helper
# Released once the probes are in: a uprobe's breakpoint makes its page
# of Python's code a private copy, counted as Anonymous in smaps.
private_text() {
	awk '/ r-xp .*python/ { text = 1; next } /^[0-9a-f]+-/ { text = 0 }
		text && /^Anonymous:/ { kb += \$2 } END { print kb + 0 }' /proc/\$target/smaps
}
before=\$(private_text)
staprun -o $tsv -x \$target $(printf %q "$WORK/$mod.ko") 2>$OUT/$name.err &
stap_pid=\$!
# A staprun that ended, or a breakpoint that never shows, ends the wait
# (the job then fails): a hung job would hold the guest until its timeout.
deadline=\$((SECONDS + 300))
while kill -0 \$stap_pid 2>/dev/null && [ "\$(private_text)" -le "\$before" ] && [ \$SECONDS -lt \$deadline ]; do
	sleep 0.1
done
[ \$SECONDS -lt \$deadline ] || { echo "no breakpoint in the workload after 300 s"; grep -E ' r-xp |^Anonymous' /proc/\$target/smaps; ps; lsmod; } >$OUT/$name.diag 2>&1
sleep 0.5
rm $wait
wait \$workload
# -x only names the target: the script runs on until it is interrupted,
# as a user's would with Ctrl-C.
kill -INT \$stap_pid
wait \$stap_pid
echo \$? >$OUT/$name.rc
echo \$(( (\$(date +%s%N) - start) / 1000000 )) >$OUT/$name.wall_ms
cp $tsv $OUT/$name.tsv
EOF
}

# Boot the guest once and run every job, the longest lanes first (ls -S:
# a lane's file grows with its jobs).  The guest shares LIVE_SHARE (OUT
# unless live_root_init says otherwise) read-write.
live_boot() {
	"$GUEST" run "${LIVE_SHARE:-$OUT}" "ls -S $WORK/jobs/*.sh | xargs -P ${PYTAPSET_LIVE_LANES:-1} -n 1 bash" >"$WORK/guest.log" 2>&1 || {
		cat "$WORK/guest.log" >&2
		return 1
	}
	# A second boot after a lockup of the emulated kernel goes on record.
	sed -n 's/^guest: .*locked up.*/# &/p' "$WORK/guest.log" >&3
}

# The job NAME ran to the end with status 0.
job_succeeded() {
	[ -f "$OUT/$1.rc" ] || fail "job $1 did not run (see guest.log)"
	[ "$(cat "$OUT/$1.rc")" = 0 ] || fail "job $1 failed: $(cat "$OUT/$1.err")"
}

# The shipped scripts: those of Python's functions and lines, which the
# live tests run under the marker helper, and the others.
HELPER_SCRIPTS="show-call-hierarchy top-functions call-latency call-flow folded-stacks top-lines"
OTHER_SCRIPTS="gc-pauses import-tree audit-log"

# The arguments each script runs with: every row, the whole session.
script_args() {
	case $1 in
	top-functions | top-lines) echo "0 100" ;;
	call-latency) echo 200 ;;
	call-flow) echo 'workload\.py:thread_work$' ;;
	esac
}

# check_run SCRIPT ORACLE RUN [IMPORTTIME]: RUN's output against the oracle.
check_run() {
	local script=$1 oracle=$2 run=$3
	shift 3
	job_succeeded "$run"
	run python3 "$LIVE_DIR/check-script.py" "$script" "$OUT/$oracle.oracle" "$OUT/$run.tsv" \
		"$(cat "$OUT/$run.wall_ms")" "$@"
	echo "# $run: ${output%%$'\n'*}" >&3
	[ "$status" -eq 0 ] || fail "$output"
}

# compare KIND ORACLE-NAME TRACE-NAME [OPTION...]: compare.py, its summary
# line into the TAP stream as a diagnostic.
compare() {
	local kind=$1 oracle=$2 trace=$3
	shift 3
	job_succeeded "$trace"
	run python3 "$LIVE_DIR/compare.py" "$kind" "$OUT/$oracle.oracle" "$OUT/$trace.tsv" "$@"
	echo "# $trace: ${output%%$'\n'*}" >&3
	[ "$status" -eq 0 ] || fail "$output"
}

# --- Another Debian suite in the guest ------------------------------------
# The guest boots another suite's kernel with a root of that suite as its
# root (guest, PYTAPSET_LIVE_ROOT).  The root is made once by debian-root
# into the cache, named after its package list; each run uses it through
# an overlay of its own, so that what a run installs never reaches the
# cache.  Its programs run on the host in `chroot` (in_root), natively.

# root_packages SUITE: what the root has beside debootstrap's minbase:
# SystemTap, the suite's current kernel headers, what README's build
# needs, patch (pytapset applies its SystemTap runtime fixes with it),
# the suite's Python with its headers and python3 (README's sentence).
# Each costs time on a fresh machine: nothing more.
root_packages() {
	case $1 in
	trixie)
		echo systemtap systemtap-sdt-dev linux-headers-amd64 gcc libc6-dev make autoconf automake pkg-config libelf-dev \
			patch python3 python3.13 python3.13-dev
		;;
	*) fail "root_packages: no root for $1" ;;
	esac
}

# live_root_init SUITE: live_init, with the guest booting SUITE: the root
# (LIVE_ROOT; live_root_cleanup unmounts it) and the guest's kernel,
# which is the release of the root's headers (KVER).  The guest shares
# all of WORK at its host path: the modules are made in the root, and
# no job sees the host's files.
live_root_init() {
	local base packages
	[ "$(id -u)" = 0 ] || skip_or_fail "the live tests mount and chroot: run as root"
	require_command debootstrap unshare
	read -r -a packages <<<"$(root_packages "$1")"
	base=$LIVE_CACHE/root-$1-$(echo "${packages[*]}" | sha256sum | cut -c1-12)
	"$LIVE_DIR/debian-root" "$1" "$base" "${packages[@]}"
	LIVE_ROOT_RUN=$(mktemp -d "$BATS_RUN_TMPDIR/root.XXXXXX")
	mkdir "$LIVE_ROOT_RUN/upper" "$LIVE_ROOT_RUN/work" "$LIVE_ROOT_RUN/root"
	mount -t overlay -o "lowerdir=$base,upperdir=$LIVE_ROOT_RUN/upper,workdir=$LIVE_ROOT_RUN/work" \
		overlay "$LIVE_ROOT_RUN/root"
	LIVE_ROOT=$LIVE_ROOT_RUN/root
	export LIVE_ROOT_RUN LIVE_ROOT PYTAPSET_LIVE_ROOT=$LIVE_ROOT
	live_init
	LIVE_SHARE=$WORK
	mkdir -p "$LIVE_ROOT/tmp/pytapset-live"
	cp "$PROG"/*.py "$LIVE_ROOT/tmp/pytapset-live/"
}

live_root_cleanup() {
	[ -n "${LIVE_ROOT_RUN:-}" ] || return 0
	umount "$LIVE_ROOT_RUN/root"
	rm -rf "$LIVE_ROOT_RUN"
}

# in_root COMMAND [ARG]...: COMMAND in the root, as root logged in there.
in_root() {
	"$LIVE_DIR/in-root" "$LIVE_ROOT" "$@"
}

# live_root_install: README's build in the root, from a copy of the
# source tree in /root/pytapset (the files git tracks, as they are in
# the working tree, or `make distdir` without git), exactly as README
# says: autoreconf -fi && ./configure && make && make install.  Its
# output is in WORK/install.log, its time in INSTALL_S.
live_root_install() {
	local src=$LIVE_ROOT/root/pytapset start=$SECONDS
	mkdir -p "$src"
	if git -C "$top_srcdir" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$top_srcdir" ls-files -z | tar -C "$top_srcdir" --null -T - -cf - | tar -xf - -C "$src"
	else
		make -s -C "$top_builddir" distdir distdir="$src" >/dev/null
	fi
	in_root /bin/sh -c 'cd /root/pytapset && autoreconf -fi && ./configure && make && make install' \
		>"$WORK/install.log" 2>&1 || {
		tail -n 40 "$WORK/install.log" >&2
		return 1
	}
	INSTALL_S=$((SECONDS - start))
}

# --- README's sentence ------------------------------------------------------
# `pytapset run show-call-hierarchy -c "python3 -m pytapset --wait
# test.py"`, as README gives it, run in the guest by the installed
# pytapset on the howto's test.py (sentence.py), checked against
# sys.setprofile's record of the same program.  Under emulation stap's
# compilation costs minutes: the same command with -p4 fills stap's
# cache beforehand, natively, and the run says whether it compiled
# anything all the same.  -c stays: stap keeps the symbols of the -c
# program's executable, which are part of its module hash (on Debian 13
# python3.13 is probed nowhere else, the helper's library holding the
# function markers).

SENTENCE='pytapset run show-call-hierarchy -c "python3 -m pytapset --wait test.py"'

# sentence_job DIR [SETUP]: queue the sentence, run in DIR (which has
# test.py) after the shell command SETUP.  Outputs: OUT/sentence.out
# (its standard output), .err, .rc, .wall_ms, .setup_ms (SETUP's time),
# .compiled (how many modules stap compiled in the guest: 0 when its
# cache served it).
sentence_job() {
	local dir=$1 setup=${2:-:}
	cat >"$WORK/jobs/sentence.sh" <<EOF
start=\$(date +%s%N)
$setup
echo \$(( (\$(date +%s%N) - start) / 1000000 )) >$OUT/sentence.setup_ms
# As a root login has it.
export PATH=/usr/local/sbin:/usr/local/bin:\$PATH
cd $(printf %q "$dir")
touch /run/sentence.stamp
start=\$(date +%s%N)
$SENTENCE >/run/sentence.out 2>$OUT/sentence.err
echo \$? >$OUT/sentence.rc
echo \$(( (\$(date +%s%N) - start) / 1000000 )) >$OUT/sentence.wall_ms
find ~/.systemtap/cache -name '*.ko' -newer /run/sentence.stamp | wc -l >$OUT/sentence.compiled
find ~/.systemtap/cache -name 'stap_*_hash.log' -newer /run/sentence.stamp -exec cp {} $OUT/sentence.hash.log \;
cp /run/sentence.out $OUT/sentence.out
EOF
}

# sentence_warm DIR CACHE COMMAND...: the sentence with -p4 and the
# guest's kernel, run in DIR (test.py's) by COMMAND (a
# shell command follows its arguments), to fill stap's cache, CACHE
# here.  Its time: WARM_S.  When it fails, the guest could not compile
# the sentence either: its status and errors are left for check_sentence
# to show (WORK/sentence.warm.rc, .err), and the caller queues no job.
# What stap's module hash was made of is kept (WORK/sentence.hash.log),
# to say why the guest's differs if it does.
sentence_warm() {
	local dir=$1 cache=$2 start=$SECONDS status=0
	shift 2
	touch "$WORK/sentence.warm.stamp"
	"$@" "cd $(printf %q "$dir") && $SENTENCE -p4 -r $KVER >/dev/null" \
		2>"$WORK/sentence.warm.err" || status=$?
	WARM_S=$((SECONDS - start))
	echo $status >"$WORK/sentence.warm.rc"
	find "$cache" -name 'stap_*_hash.log' -newer "$WORK/sentence.warm.stamp" -exec cp {} "$WORK/sentence.hash.log" \;
	return $status
}

# check_sentence ORACLE: the sentence ran, compiled nothing in the guest,
# and printed the oracle's whole tree.
check_sentence() {
	[ "$(cat "$WORK/sentence.warm.rc")" = 0 ] ||
		fail "the sentence with -p4 failed here: $(tail -n 20 "$WORK/sentence.warm.err")"
	[ -f "$OUT/sentence.rc" ] || fail "the sentence did not run (see guest.log)"
	echo "# the sentence: exit $(cat "$OUT/sentence.rc") in $(cat "$OUT/sentence.wall_ms") ms" \
		"(after $(cat "$OUT/sentence.setup_ms") ms of setup), $(cat "$OUT/sentence.compiled") modules compiled in the guest" >&3
	[ "$(cat "$OUT/sentence.rc")" = 0 ] || fail "the sentence failed: $(cat "$OUT/sentence.err")"
	run python3 "$LIVE_DIR/sentence.py" check "$1" "$OUT/sentence.out"
	echo "# ${output%%$'\n'*}" >&3
	[ "$status" -eq 0 ] || fail "$output"
	[ "$(cat "$OUT/sentence.compiled")" = 0 ] ||
		fail "stap compiled in the guest: its cache missed;" \
			"$(diff "$WORK/sentence.hash.log" "$OUT/sentence.hash.log" 2>&1 | head -n 20)"
}
