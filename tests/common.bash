# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers for the bats tests.  Load with `load ../common`.
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

# Require stap and a kernel tree to elaborate against; sets KVER.
require_stap() {
	require_command stap
	KVER=$(stap_kernel_release)
	[ -n "$KVER" ] || skip_or_fail "no kernel headers under /lib/modules (install linux-headers-amd64)"
}

# Build a private SystemTap tapset directory DIR: links to the stock
# tapsets, with python.stp replaced by what `pytapset generate` writes for
# the given TARGETs, and the scripts' shared functions (pytapset.stp).
# Tests point stap at it with SYSTEMTAP_TAPSET so they never depend on,
# or write to, /usr/share/systemtap.
make_tapset_dir() {
	local dir=$1
	shift
	mkdir -p "$dir"
	cp -rs /usr/share/systemtap/tapset/. "$dir"/
	rm -f "$dir/python.stp" "$dir/pytapset.stp"
	cp "$top_srcdir/tapset/pytapset.stp" "$dir/"
	"$PYTAPSET" generate -o "$dir/python.stp" "$@"
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

# Run a command under strace.  LeakSanitizer cannot work under ptrace and
# aborts the traced program, so leak checking is off for it (the same runs
# without strace keep it).
strace_run() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace "$@"
}
