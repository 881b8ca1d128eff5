# SPDX-License-Identifier: GPL-2.0-or-later
# The helpers of the bats tests, all of them: load with `load ../common`
# (tests/live/live.bash loads it too and adds the guest's own).
#
# The central check of the tapsets is sites_resolve_once: it elaborates
# (stap -p2) one probe per alias of a generated tapset, each handler
# tagged with a local of its own, and compares what stap resolved with
# readelf's view of the files (tests/fixtures/sdt-oracle.py): every Python
# marker site of every file is probed exactly once, in that file, by the
# alias of its marker, and nothing else is probed.
#
# Strict mode: with PYTAPSET_STRICT=1 (CI sets it) a test that cannot run
# because something is missing fails instead of being skipped, so a green
# run always means every test really ran.

: "${PYTAPSET:?run the tests through make check}"

# Skip, or fail in strict mode, with REASON.
skip_or_fail() {
	if [ "${PYTAPSET_STRICT:-0}" = 1 ]; then
		echo "strict mode: would skip: $*" >&2
		return 1
	fi
	skip "$*"
}

# Fail the test with MESSAGE.
fail() {
	printf '%s\n' "$*" >&2
	return 1
}

# Require that every named command exists.
require_command() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip_or_fail "$c is not installed"
	done
}

# Require that FILE exists (a real Python binary, a cross-built fixture...).
require_file() {
	local f
	for f in "$@"; do
		[ -e "$f" ] || skip_or_fail "$f does not exist"
	done
}

# The kernel release stap elaborates against: the newest installed
# linux-headers tree.  stap cannot load modules on this kernel, but -p2
# and -p3 only need the headers.
stap_kernel_release() {
	local d
	for d in /lib/modules/*/build; do
		[ -d "$d" ] && basename "$(dirname "$d")"
	done | sort -V | tail -n 1
}

# stap_prefix_runtime PREFIX: a copy of the real stap's runtime where a
# stap installed in PREFIX/bin has its own (pytapset runtime's stock).
stap_prefix_runtime() {
	require_file /usr/share/systemtap/runtime/stp_task_work.c
	mkdir -p "$1/share/systemtap"
	cp -a /usr/share/systemtap/runtime "$1/share/systemtap/"
}

# Require stap and a kernel tree to elaborate against; sets KVER.
require_stap() {
	require_command stap
	KVER=$(stap_kernel_release)
	[ -n "$KVER" ] || skip_or_fail "no kernel headers under /lib/modules (install linux-headers-amd64)"
}

# Elaborate a script against the tapset directory TAPSET_DIR (pass 2 by
# default; pass -p3 or other options first to change that).
stap_elaborate() {
	SYSTEMTAP_TAPSET="$TAPSET_DIR" stap -r "$KVER" -p2 "$@"
}

# The resolved probe points of `stap -p2` output on stdin, one per line:
# the part of each `process("FILE")...statement(0xADDR)` line before the
# comments.
resolved_points() {
	grep -E '^(process|kernel)' | sed -e 's| /\*.*||'
}

# --- Private tapset directories -------------------------------------------
# Tests point stap at a tapset directory of their own with SYSTEMTAP_TAPSET,
# so that they never depend on, or write to, /usr/share/systemtap.

# pytapset's own tapset files besides python.stp, by their path in the
# source or build tree: make_tapset_dir links every one into each private
# directory, as `make install` puts them beside python.stp.  A tapset file
# the scripts need is added here, and only here.
TAPSET_FILES=("$top_srcdir/tapset/pytapset.stp")

# make_tapset_dir DIR [GENERATE-ARG]...: a private tapset directory DIR
# (made anew): links to SystemTap's stock tapsets without its python.stp,
# links to TAPSET_FILES, and the python.stp `pytapset generate
# GENERATE-ARG...` writes; without GENERATE-ARGs no python.stp, for a test
# that writes its own.  Every private tapset directory is made here.
make_tapset_dir() {
	local dir=$1 file
	shift
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -rs /usr/share/systemtap/tapset/. "$dir"/
	rm -f "$dir/python.stp"
	# Replaced, not written through: a link into /usr/share may be there
	# already for a file `make install` put in place.
	for file in "${TAPSET_FILES[@]}"; do
		ln -sf "$file" "$dir"/
	done
	[ $# -eq 0 ] || "$PYTAPSET" generate -o "$dir/python.stp" "$@"
}

# tapset_for GENERATE-ARG...: in a test, the private tapset directory
# $TAPSET_DIR for those arguments, its python.stp in $TAPSET.
tapset_for() {
	require_stap
	TAPSET_DIR=$BATS_TEST_TMPDIR/tapset
	TAPSET=$TAPSET_DIR/python.stp
	make_tapset_dir "$TAPSET_DIR" "$@" 2>"$BATS_TEST_TMPDIR/generate.err" ||
		fail "generate failed: $(cat "$BATS_TEST_TMPDIR/generate.err")"
}

# build_tapset_dir NAME TARGET...: in setup_file, a private tapset
# directory $BATS_FILE_TMPDIR/NAME for the TARGETs, shared by the file's
# tests.  Nothing fails here: use_tapset reports a missing target or a
# failed generate in the test that needs the directory.
build_tapset_dir() {
	local name=$1 dir=$BATS_FILE_TMPDIR/$1 t
	shift
	printf '%s\n' "$@" >"$dir.targets"
	for t in "$@"; do
		[ -e "$t" ] || return 0
	done
	command -v stap >/dev/null 2>&1 || return 0
	make_tapset_dir "$dir" "$@" 2>"$dir.err" || true
}

# use_tapset NAME: elaborate against the directory build_tapset_dir made.
use_tapset() {
	local t
	require_stap
	while read -r t; do
		require_file "$t"
	done <"$BATS_FILE_TMPDIR/$1.targets"
	TAPSET_DIR=$BATS_FILE_TMPDIR/$1
	TAPSET=$TAPSET_DIR/python.stp
	[ -f "$TAPSET" ] || fail "no tapset for $1: $(cat "$TAPSET_DIR.err")"
}

# SystemTap's own python.stp, as its package ships it, in a file of its
# own; the path is in STOCK_TAPSET.  It is never read from
# /usr/share/systemtap, where `make install` or pytapset's package may
# have put ours: it comes from the systemtap-common package of the
# installed version (the copy apt keeps, else one downloaded with apt-get
# into $PYTAPSET_TEST_CACHE), checked against dpkg's checksum.
STOCK_TAPSET_PATH=usr/share/systemtap/tapset/python.stp
require_stock_tapset() {
	local cache=${PYTAPSET_TEST_CACHE:-$top_builddir/tests/cache} version deb tmp sum
	require_command dpkg-query dpkg-deb apt-get
	version=$(dpkg-query -W -f='${Version}' systemtap-common 2>/dev/null) ||
		skip_or_fail "systemtap-common is not installed"
	STOCK_TAPSET=$cache/systemtap-common_$version.python.stp
	sum=$(awk -v p="$STOCK_TAPSET_PATH" '$2 == p { print $1 }' \
		/var/lib/dpkg/info/systemtap-common.md5sums)
	[ -n "$sum" ] || skip_or_fail "dpkg knows no checksum of $STOCK_TAPSET_PATH"
	if [ ! -f "$STOCK_TAPSET" ]; then
		mkdir -p "$cache"
		tmp=$(mktemp -d "$cache/.get.XXXXXX")
		deb=$(ls /var/cache/apt/archives/systemtap-common_"${version//:/%3a}"_*.deb 2>/dev/null | head -n 1)
		if [ -z "$deb" ]; then
			(cd "$tmp" && apt-get download -q -o APT::Sandbox::User="$(id -un)" \
				"systemtap-common=$version" >/dev/null 2>&1) || true
			deb=$(ls "$tmp"/systemtap-common_*.deb 2>/dev/null | head -n 1)
		fi
		[ -n "$deb" ] && dpkg-deb --fsys-tarfile "$deb" |
			tar -xOf - "./$STOCK_TAPSET_PATH" >"$tmp/python.stp" &&
			mv "$tmp/python.stp" "$STOCK_TAPSET"
		rm -rf "$tmp"
	fi
	[ -f "$STOCK_TAPSET" ] ||
		skip_or_fail "cannot get systemtap-common $version's python.stp (apt-get download failed)"
	[ "$(md5sum <"$STOCK_TAPSET" | cut -d' ' -f1)" = "$sum" ] ||
		fail "$STOCK_TAPSET is not systemtap-common $version's python.stp"
}

# --- The distribution's Python --------------------------------------------
# The Python this Debian release ships, as configure found it (TEST_PYTHON,
# what /usr/bin/python3 is): SYSTEM_PYTHON, the executable, with libpython
# and its markers linked in; SYSTEM_LIBPYTHON, the shared library for
# embedders; SYSTEM_PYTHON_DEBUG, the debug build.  SYSTEM_VERSION is its
# version ("3.11"), SYSTEM_FAMILY its per-version alias family
# ("python3_11") and SYSTEM_HELPER the marker helper built for it.
# Debian 12's python3.11 has all eight markers of CPython 3.11; Debian
# 13's python3.13 only the audit, gc and import ones, and its function
# and line aliases are the helper's alone.
SYSTEM_PYTHON=${TEST_PYTHON:-}
SYSTEM_PYTHON_DEBUG=${SYSTEM_PYTHON:+${SYSTEM_PYTHON}d}
SYSTEM_LIBPYTHON=${TEST_LIBPYTHON:-}
SYSTEM_VERSION=${SYSTEM_PYTHON##*/python}
SYSTEM_FAMILY=python${SYSTEM_VERSION/./_}
SYSTEM_HELPER=$(echo "$top_builddir/helper/$SYSTEM_VERSION/_pytapset.cpython-${SYSTEM_VERSION/./}"-*.so)

# Whether the distribution's Python has CPython's own function__entry,
# function__return and line markers: 3.12 to 3.14 removed them (its
# function aliases are then the marker helper's alone).
system_has_function_markers() {
	case $SYSTEM_VERSION in
	3.12 | 3.13 | 3.14) return 1 ;;
	esac
}

# The file whose function__entry sites the distribution's Python's
# python.function.entry probes: the executable where CPython has the
# marker, else the marker helper.
system_function_file() {
	if system_has_function_markers; then
		echo "$SYSTEM_PYTHON"
	else
		echo "$SYSTEM_HELPER"
	fi
}

# The fixtures (tests/fixtures/layouts) are CPython 3.11 builds, and the
# generator covers a 3.11 build's function__entry only next to a marker
# helper for 3.11 (CPython gh-98894).  Where the distribution's Python is
# not 3.11 (Debian 13) no helper is built for 3.11: the helper built for
# it stands in, as HELPER311, under 3.11's file name, in a directory at
# the end of PYTAPSET_HELPER_PATH.  pytapset chooses a helper by its file
# name and reads its markers, which every build of the helper has alike,
# and stap -p2 never loads it, so the fixtures are covered exactly as a
# helper built for 3.11 would cover them.
if [ "$SYSTEM_VERSION" = 3.11 ]; then
	HELPER311=$SYSTEM_HELPER
elif [ -n "${BATS_RUN_TMPDIR:-}" ] && [ -f "$SYSTEM_HELPER" ]; then
	HELPER311=$BATS_RUN_TMPDIR/helper-3.11/$(basename "$SYSTEM_HELPER" |
		sed 's/\.cpython-3[0-9]*-/.cpython-311-/')
	if [ ! -f "$HELPER311" ]; then
		mkdir -p "${HELPER311%/*}"
		cp "$SYSTEM_HELPER" "$HELPER311.tmp" && mv "$HELPER311.tmp" "$HELPER311"
	fi
	case ":${PYTAPSET_HELPER_PATH-}:" in
	*":${HELPER311%/*}:"*) ;;
	*) PYTAPSET_HELPER_PATH=${PYTAPSET_HELPER_PATH:+$PYTAPSET_HELPER_PATH:}${HELPER311%/*} ;;
	esac
fi

# use_py311: PY311, a CPython 3.11 build with markers, for the tests of
# 3.11's own behaviour: Debian 12's python3.11 where that is the
# distribution's Python, elsewhere the static fixture, built with 3.11's
# markers.  Its marker helper is HELPER311.
use_py311() {
	if [ "$SYSTEM_VERSION" = 3.11 ]; then
		PY311=$SYSTEM_PYTHON
	else
		PY311=$(target_of static)
	fi
	[ -n "${HELPER311:-}" ] ||
		skip_or_fail "no marker helper was built for $SYSTEM_PYTHON, to stand in for 3.11's"
	require_file "$PY311" "$HELPER311"
}

# --- Targets and tapsets ---------------------------------------------------

# The Pythons the tests generate tapsets for, by short name: the
# distribution's (system, system-debug, libsystem) and the layouts of
# tests/fixtures.
target_of() {
	local L=$FIXTURES/layouts
	case $1 in
	system) echo "$SYSTEM_PYTHON" ;;
	system-debug) echo "$SYSTEM_PYTHON_DEBUG" ;;
	libsystem) echo "$SYSTEM_LIBPYTHON" ;;
	static | nomarkers) echo "$L/$1/bin/python3.11" ;;
	shared-abs | shared-origin | shared-rpath) echo "$L/$1/bin/python3.11" ;;
	libonly) echo "$L/libonly/lib/libpython3.11.so.1.0" ;;
	py313) echo "$L/py313/bin/python3.13" ;;
	py315) echo "$L/py315/bin/python3.15" ;;
	*) echo "target_of: unknown target $1" >&2; return 1 ;;
	esac
}

# The file that holds the markers of the target NAME.
markers_file_of() {
	case $1 in
	shared-*) echo "$FIXTURES/layouts/$1/lib/libpython3.11.so.1.0" ;;
	*) target_of "$1" ;;
	esac
}

# generate ARG...: `pytapset generate ARG...` under run --separate-stderr.
generate() {
	run --separate-stderr "$PYTAPSET" generate "$@"
}

# aliases_of TAPSET [FAMILY]: the aliases TAPSET defines with probe points
# that can resolve (not those a missing marker leaves behind, whose one
# point carries the reason), all or those of FAMILY ("python",
# "python3_11"...).
aliases_of() {
	awk -v family="${2:-}" '
		/^probe [^ ]+ =$/ { name = $2; next }
		name != "" {
			if ($0 !~ /\/\* pytapset: / &&
			    (family == "" || index(name, family ".") == 1))
				print name
			name = ""
		}' "$1"
}

# The aliases TAPSET defines for a marker it has none of.
missing_aliases_of() {
	awk '/^probe [^ ]+ =$/ { name = $2; next }
		name != "" { if ($0 ~ /\/\* pytapset: /) print name; name = "" }' "$1"
}

# The marker helpers $TAPSET covers, from its header.
helpers_of_tapset() {
	sed -n "s/^ \*   \(.*\): pytapset's marker helper, in every process that loads it$/\1/p" "$TAPSET"
}

# --- Elaboration checks ----------------------------------------------------

# elaborate [STAP-OPTION]... SCRIPT-FILE: stap -p2 against $TAPSET_DIR,
# with $output (stdout) and $stderr set as `run --separate-stderr` does.
elaborate() {
	run --separate-stderr stap_elaborate "$@"
}

# elaborate_ok ...: elaborate, which must succeed.
elaborate_ok() {
	elaborate "$@"
	[ "$status" -eq 0 ] || fail "stap -p2 failed ($status): $stderr"
	grep -q '^# probes' <<<"$output" || fail "no probes in: $output"
}

# The script of every alias of FAMILY (default: all) in $TAPSET, each
# handler with a local of its own (tagN) so that the -p2 output says which
# alias every resolved point belongs to.
tagged_script() {
	local n=0 alias
	for alias in $(aliases_of "$TAPSET" "${1:-}"); do
		n=$((n + 1))
		printf 'probe %s { tag%d = 1; if (tag%d) next }\n' "$alias" "$n" "$n"
	done
}

# What checks the -p2 output against readelf: see sites_resolve_once.
SITES_CHECKER='
import re, subprocess, sys

p2_file, script_file, markers_file, oracle, family, *files = sys.argv[1:]
suffix = {}
for line in open(markers_file):
    words = line.split()
    if len(words) >= 3 and words[0] == "marker":
        suffix[words[1]] = words[2]
tags = dict(re.findall(r"^probe (\S+) \{ (\w+) = 1;", open(script_file).read(),
                       re.M))
tag_alias = {tag: alias for alias, tag in tags.items()}

def alias_of(name):
    return family + "." + suffix.get(name, name.replace("__", "."))

# (file, address) -> the aliases that should probe it: readelf says.
expected = {}
for f in files:
    out = subprocess.run(["python3", oracle, "readelf", f], check=True,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        marker, pc = line.split()[:2]
        provider, name = marker.split(":", 1)
        # Other providers are not Python markers; names that are not
        # identifiers cannot be named in a tapset and must be skipped.
        if provider == "python" and re.fullmatch(r"[A-Za-z_]\w*", name):
            expected.setdefault((f, int(pc[3:], 16)), []).append(alias_of(name))

# (file, address) -> the aliases that did, from the -p2 output.
actual, point, errors = {}, None, []
lines = open(p2_file).read().split("\n")
for line in lines[lines.index("# probes") + 1:]:
    m = re.match(r"process\(\"([^\"]*)\"\)\.statement\((0x[0-9a-f]+)\)", line)
    if m:
        point = (m.group(1), int(m.group(2), 16))
        actual.setdefault(point, []).append(None)
    elif re.match(r"  tag\d+:", line) and point:
        actual[point][-1] = tag_alias[line.split(":")[0].strip()]
    elif line and not line.startswith("  "):
        errors.append("not a process point: " + line)
        point = None

for key in sorted(set(expected) | set(actual)):
    want, got = sorted(expected.get(key, [])), sorted(map(str, actual.get(key, [])))
    if want != got:
        errors.append("%s 0x%x: expected %s, stap resolved %s" % (key + (want, got)))
if not expected:
    errors.append("readelf found no Python markers in " + " ".join(files))
if errors:
    sys.exit("\n".join(errors))
'

# sites_resolve_once FAMILY FILE...: with the tapset in $TAPSET_DIR, the
# aliases of FAMILY probe exactly the Python marker sites of the FILEs
# (those that hold the markers) and of the marker helpers the tapset
# covers, each once, in that file, through the alias of its marker.
sites_resolve_once() {
	local family=$1 script=$BATS_TEST_TMPDIR/sites-$1.stp helpers
	shift
	local helper minor
	helpers=()
	for helper in $(helpers_of_tapset); do
		minor=${helper##*.cpython-3}
		minor=${minor%%[-.]*}
		[ "$family" = python ] || [ "$family" = "python3_$minor" ] && helpers+=("$helper")
	done
	tagged_script "$family" >"$script"
	[ -s "$script" ] || fail "no $family aliases in $TAPSET"
	elaborate_ok "$script"
	printf '%s\n' "$output" >"$script.p2"
	python3 -c "$SITES_CHECKER" "$script.p2" "$script" \
		"$top_srcdir/templates/python.markers" \
		"$top_srcdir/tests/fixtures/sdt-oracle.py" "$family" "$@" "${helpers[@]}"
}

# handlers_read_nothing: every alias of $TAPSET, used by a handler that
# reads none of its variables, elaborates without a single local: the
# string copies of the alias bodies are elided, so a probe hit costs
# nothing beyond the handler.
handlers_read_nothing() {
	local script=$BATS_TEST_TMPDIR/next.stp alias
	for alias in $(aliases_of "$TAPSET"); do
		printf 'probe %s { next }\n' "$alias"
	done >"$script"
	[ -s "$script" ] || fail "no aliases in $TAPSET"
	elaborate_ok "$script"
	if sed -n '/^# probes/,$p' <<<"$output" | grep -q '# locals'; then
		fail "a handler that reads nothing has locals: $output"
	fi
	[ "$(resolved_points <<<"$output" | wc -l)" -gt 0 ]
}

# oracle_sites FILE MARKER...: "FILE 0xADDR" for every site of those
# markers in FILE, as readelf sees them, sorted.
oracle_sites() {
	local file=$1
	shift
	python3 "$top_srcdir/tests/fixtures/sdt-oracle.py" readelf "$file" |
		awk -v file="$file" -v want=" $* " '{
			split($1, m, ":")
			if (m[1] == "python" && index(want, " " m[2] " "))
				print file, "0x" substr($2, 4) }' | sort
}

# The resolved points of the -p2 output in $output but the marker
# helper's, which generate-helper.bats checks.
python_points() {
	resolved_points <<<"$output" | grep -vF "/$HELPER_MODULE.cpython-" || true
}
HELPER_MODULE=_pytapset

# "FILE 0xADDR" for each process statement point on stdin, sorted,
# repetitions kept.
sites_of_points() {
	sed -n 's/^process("\([^"]*\)")\.statement(\(0x[0-9a-f]*\)).*/\1 \2/p' | sort
}

# The resolved process points of the -p2 output in $output, as "FILE
# 0xADDR": all of them, or (resolved_sites) the marker helper's left out.
resolved_sites_all() {
	resolved_points <<<"$output" | sites_of_points
}
resolved_sites() {
	python_points | sites_of_points
}

# The resolved sites of the function markers of the distribution's Python
# (system_function_file): where CPython has them, those outside the marker
# helper; else all of them, which must then be the helper's.
resolved_function_sites() {
	if system_has_function_markers; then
		resolved_sites
	else
		resolved_sites_all
	fi
}

# count_of TEXT PATTERN: lines of TEXT with the fixed string PATTERN.
count_of() {
	grep -cF -- "$2" <<<"$1" || true
}

# Run a command under strace.  LeakSanitizer cannot work under ptrace and
# aborts the traced program, so leak checking is off for it (the same runs
# without strace keep it).
strace_run() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace "$@"
}

# --- The marker helper as a Python package ---------------------------------

# helper_sdist: `make helper-dist` (once per test file), its output
# directory in HELPER_DIST and the sdist in HELPER_SDIST.
helper_sdist() {
	HELPER_DIST=$top_builddir/helper/dist
	HELPER_SDIST=$HELPER_DIST/pytapset-helper-$("$PYTAPSET" --version | cut -d' ' -f2).tar.gz
	[ -e "$BATS_FILE_TMPDIR/helper-dist.done" ] && return 0
	env -u MAKEFLAGS -u MFLAGS make -s -C "$top_builddir" helper-dist >"$BATS_FILE_TMPDIR/helper-dist.log" 2>&1 ||
		fail "make helper-dist: $(tail -n 20 "$BATS_FILE_TMPDIR/helper-dist.log")"
	touch "$BATS_FILE_TMPDIR/helper-dist.done"
}

# helper_venv PYTHON VENV: a venv of PYTHON in VENV (made anew) into which
# pip installed the helper's sdist offline, as README says: Debian's
# wheels of setuptools and wheel, then the sdist with
# --no-build-isolation.  pip reads no configuration of this machine
# (--isolated).  pip's output: VENV.log.
helper_venv() {
	local wheels=/usr/share/python-wheels
	require_file "$wheels"/setuptools-*.whl "$wheels"/wheel-*.whl
	helper_sdist
	rm -rf "$2"
	{
		"$1" -m venv "$2" &&
			"$2/bin/pip" --isolated install --no-index "$wheels"/{setuptools,wheel}-*.whl &&
			"$2/bin/pip" --isolated install --no-build-isolation --no-index "$HELPER_SDIST"
	} >"$2.log" 2>&1 || fail "pip install into a venv of $1: $(tail -n 20 "$2.log")"
}
