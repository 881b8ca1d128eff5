#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The ready-made scripts of scripts/: every one elaborates (stap -p2) and
# translates to C (-p3) against the tapset `pytapset generate` writes for
# the system Python, its probes land in the file that really has the
# markers for every Python layout, the scripts built on markers CPython
# 3.12-3.14 lack fail with the tapset's reason, and wrong arguments stop
# stap with the script's usage line.
#
# stap cannot load modules on the test machines, so pass 3 is as far as
# the scripts can be checked; the argument checks are written to fire in
# passes 1 and 2 for that reason.

load ../common

# The scripts and the markers whose aliases each one uses.
SCRIPT_MARKERS="
show-call-hierarchy function__entry function__return
top-functions function__entry
top-lines line
call-latency function__entry function__return
call-flow function__entry function__return
gc-pauses gc__start gc__done
import-tree import__find__load__start import__find__load__done
audit-log audit
folded-stacks function__entry function__return
"

# Scripts that need function__entry/return or line, which CPython 3.12 to
# 3.14 removed, and those that work with every Python 3.8 and later.
NEEDS_FUNCTION_MARKERS="show-call-hierarchy top-functions call-latency call-flow folded-stacks"
NEEDS_LINE_MARKER="top-lines"
NEEDS_OTHER_MARKERS="gc-pauses import-tree audit-log"

# One tapset directory per target, written once for the whole file: the
# system Python's and those of the layouts (target_of).  A target that is
# missing gets none; the tests that need it then skip (or fail in strict
# mode) through use_tapset.
setup_file() {
	local name
	build_tapset_dir system "$SYSTEM_PYTHON"
	for name in static shared-abs shared-origin libonly py315; do
		build_tapset_dir "$name" "$(target_of "$name")"
	done
	# A 3.13 without the marker helper, whether or not one is built for
	# 3.13 here (Debian 13 builds one).
	PYTAPSET_HELPER_PATH= build_tapset_dir py313 "$(target_of py313)"
}

setup() {
	bats_require_minimum_version 1.5.0
	SCRIPTS=$top_srcdir/scripts
}

# The arguments a script needs to elaborate at all.
default_args() {
	[ "$1" = call-flow ] && echo main
	return 0
}

# elaborate_script SCRIPT [STAP-OPTION]... -- [ARGUMENT]...: run stap -p2
# on scripts/SCRIPT.stp with those arguments (or its default ones).
elaborate_script() {
	local script=$1 opts=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift
	if [ $# -eq 0 ]; then
		# shellcheck disable=SC2046
		set -- $(default_args "$script")
	fi
	run --separate-stderr stap_elaborate "${opts[@]}" "$SCRIPTS/$script.stp" "$@"
}

# The distinct files of the resolved process("FILE") points in $output.
resolved_files() {
	python_points | sed -n 's/^process("\([^"]*\)").*/\1/p' | sort -u
}

# The addresses of the resolved statement(0xADDR) points in $output.
resolved_addresses() {
	python_points | sed -n 's/^process("[^"]*")\.statement(\(0x[0-9a-f]*\)).*/\1/p' | sort
}

# marker_addresses FILE MARKER...: the sites of those markers in FILE, as
# readelf (the independent oracle) shows them.
marker_addresses() {
	local file=$1 address
	shift
	readelf -n "$file" |
		awk -v want=" $* " '$1 == "Name:" { name = $2 }
			$1 == "Location:" && index(want, " " name " ") {
				sub(",", "", $2); print $2 }' |
		while read -r address; do
			printf '%#x\n' "$address"
		done | sort
}

# resolves_to SCRIPT FILE: SCRIPT elaborates and all its Python probe
# points are in FILE.
resolves_to() {
	elaborate_script "$1"
	if [ "$status" -ne 0 ]; then
		echo "$1.stp failed to elaborate:" >&2
		echo "$stderr" >&2
		return 1
	fi
	[ "$(resolved_files)" = "$2" ] || {
		echo "$1.stp resolves to: $(resolved_files | tr '\n' ' ')" >&2
		return 1
	}
}

# translates SCRIPT: against the distribution's Python's tapset, SCRIPT
# probes exactly the sites of its markers in that Python, and translates
# to C.  Its function and line scripts probe the marker helper too; where
# CPython has no such markers (3.12 to 3.14) they probe the helper's
# sites alone.
translates() {
	local python=$SYSTEM_PYTHON markers expected
	use_tapset system
	require_command readelf
	markers=$(awk -v s="$1" '$1 == s { $1 = ""; print }' <<<"$SCRIPT_MARKERS")
	if [[ " $NEEDS_FUNCTION_MARKERS $NEEDS_LINE_MARKER " == *" $1 "* ]] &&
		! system_has_function_markers; then
		expected=$(marker_addresses "$SYSTEM_HELPER" $markers)
		[ -n "$expected" ]
		elaborate_script "$1"
		[ "$status" -eq 0 ] || fail "$1.stp failed to elaborate: $stderr"
		[ -z "$(resolved_files)" ] || fail "$1.stp probes more than the marker helper: $(resolved_files)"
		diff -u <(sed "s|^|$SYSTEM_HELPER |" <<<"$expected") <(resolved_sites_all)
	else
		expected=$(marker_addresses "$python" $markers)
		[ -n "$expected" ]
		resolves_to "$1" "$python"
		if [[ " $markers " == *" function__return "* || " $markers " == *" line "* ]] &&
			! resolved_points <<<"$output" | grep -qF "/$HELPER_MODULE.cpython-${SYSTEM_VERSION/./}"; then
			echo "$1.stp does not probe the marker helper" >&2
			return 1
		fi
		[ "$(resolved_addresses)" = "$expected" ] || {
			echo "$1.stp probes $(resolved_addresses | tr '\n' ' ')," \
				"the sites of$markers are $(tr '\n' ' ' <<<"$expected")" >&2
			return 1
		}
	fi
	# shellcheck disable=SC2046
	stap_elaborate -p3 "$SCRIPTS/$1.stp" $(default_args "$1") >/dev/null
}

# every_script_resolves_to LAYOUT FILE SCRIPT...
every_script_resolves_to() {
	local layout=$1 file=$2 s
	shift 2
	use_tapset "$layout"
	for s in "$@"; do
		resolves_to "$s" "$file"
	done
}

all_scripts() {
	awk 'NF { print $1 }' <<<"$SCRIPT_MARKERS"
}

# rejects SCRIPT [ARGUMENT]...: stap refuses the arguments and the
# script's usage line is among its errors.
rejects() {
	local script=$1
	shift
	run --separate-stderr stap_elaborate "$SCRIPTS/$script.stp" "$@"
	if [ "$status" -eq 0 ] || ! grep -qF "usage: stap $script.stp" <<<"$stderr"; then
		echo "$script.stp accepted or gave no usage for: $*" >&2
		echo "$stderr" >&2
		return 1
	fi
}

# accepts SCRIPT [ARGUMENT]...
accepts() {
	local script=$1
	shift
	run --separate-stderr stap_elaborate "$SCRIPTS/$script.stp" "$@"
	if [ "$status" -ne 0 ]; then
		echo "$script.stp refused: $*" >&2
		echo "$stderr" >&2
		return 1
	fi
}

# --- Pass 2 and 3 against the system Python ------------------------------

@test "show-call-hierarchy.stp translates for the distribution's Python" {
	translates show-call-hierarchy
}

@test "top-functions.stp translates for the distribution's Python" {
	translates top-functions
}

@test "top-lines.stp translates for the distribution's Python" {
	translates top-lines
}

@test "call-latency.stp translates for the distribution's Python" {
	translates call-latency
}

@test "call-flow.stp translates for the distribution's Python" {
	translates call-flow
}

@test "gc-pauses.stp translates for the distribution's Python" {
	translates gc-pauses
}

@test "import-tree.stp translates for the distribution's Python" {
	translates import-tree
}

@test "audit-log.stp translates for the distribution's Python" {
	translates audit-log
}

@test "folded-stacks.stp translates for the distribution's Python" {
	translates folded-stacks
}

@test "the optional parts of the scripts translate too" {
	use_tapset system
	stap_elaborate -p3 "$SCRIPTS/show-call-hierarchy.stp" main >/dev/null
	stap_elaborate -p3 "$SCRIPTS/call-latency.stp" 10 'views\.py:' >/dev/null
	stap_elaborate -p3 "$SCRIPTS/audit-log.stp" '^open$' >/dev/null
	stap_elaborate -p3 -G tty=1 "$SCRIPTS/top-functions.stp" 0 5 >/dev/null
	stap_elaborate -p3 -x 1 "$SCRIPTS/gc-pauses.stp" 60 >/dev/null
}

# --- Where the probes land for each Python layout ------------------------

@test "static layout: every script probes bin/python3.11" {
	every_script_resolves_to static "$(target_of static)" $(all_scripts)
}

@test "shared-abs layout: every script probes lib/libpython3.11.so.1.0" {
	every_script_resolves_to shared-abs \
		"$FIXTURES/layouts/shared-abs/lib/libpython3.11.so.1.0" $(all_scripts)
}

@test "shared-origin layout: every script probes lib/libpython3.11.so.1.0" {
	every_script_resolves_to shared-origin \
		"$FIXTURES/layouts/shared-origin/lib/libpython3.11.so.1.0" $(all_scripts)
}

@test "libonly layout: every script probes the library" {
	every_script_resolves_to libonly "$(target_of libonly)" $(all_scripts)
}

@test "py315 layout: the function scripts probe bin/python3.15" {
	every_script_resolves_to py315 "$(target_of py315)" \
		$NEEDS_FUNCTION_MARKERS $NEEDS_OTHER_MARKERS
}

@test "py313 layout: gc-pauses, import-tree and audit-log probe bin/python3.13" {
	every_script_resolves_to py313 "$(target_of py313)" $NEEDS_OTHER_MARKERS
}

@test "py313 layout: the scripts built on function markers fail with the reason" {
	local s
	use_tapset py313
	for s in $NEEDS_FUNCTION_MARKERS; do
		elaborate_script "$s"
		[ "$status" -ne 0 ]
		grep -q 'no match' <<<"$stderr"
		grep -qE '/\* pytapset: .*function__(entry|return) marker' <<<"$stderr" || {
			echo "$s.stp: no reason in:" >&2
			echo "$stderr" >&2
			return 1
		}
	done
}

@test "py313 and py315 layouts: top-lines.stp fails naming the line marker" {
	local layout
	for layout in py313 py315; do
		use_tapset "$layout"
		elaborate_script top-lines
		[ "$status" -ne 0 ]
		grep -qE '/\* pytapset: .*line marker' <<<"$stderr"
	done
}

# --- Arguments -------------------------------------------------------------

@test "show-call-hierarchy.stp: wrong arguments give its usage" {
	use_tapset system
	rejects show-call-hierarchy a b
	rejects show-call-hierarchy ''
	accepts show-call-hierarchy main
}

@test "top-functions.stp: wrong arguments give its usage" {
	use_tapset system
	rejects top-functions 1 2 3
	rejects top-functions abc
	rejects top-functions 1.5
	rejects top-functions 0x10
	rejects top-functions 3601
	rejects top-functions '1 2'
	rejects top-functions 99999999999999999999999
	rejects top-functions 5 0
	rejects top-functions 5 101
	rejects top-functions 5 rows
	accepts top-functions 0
	accepts top-functions 3600 100
}

@test "top-lines.stp: wrong arguments give its usage" {
	use_tapset system
	rejects top-lines 1 2 3
	rejects top-lines x
	rejects top-lines 10 200
	accepts top-lines 10 5
}

@test "call-latency.stp: wrong arguments give its usage" {
	use_tapset system
	rejects call-latency 0
	rejects call-latency 201
	rejects call-latency many
	rejects call-latency 10 '('
	rejects call-latency 10 ''
	rejects call-latency 10 x y
	accepts call-latency 200 ':handle_request$'
}

@test "call-flow.stp: wrong arguments give its usage" {
	use_tapset system
	rejects call-flow
	rejects call-flow ''
	rejects call-flow '[a-'
	rejects call-flow main 0
	rejects call-flow main 101
	rejects call-flow main deep
	rejects call-flow main 1 2
	accepts call-flow 'views\.py:index$' 3
}

@test "gc-pauses.stp: wrong arguments give its usage" {
	use_tapset system
	rejects gc-pauses x
	rejects gc-pauses 3601
	rejects gc-pauses 1 2
	accepts gc-pauses 60
}

@test "import-tree.stp, folded-stacks.stp: arguments give their usage" {
	use_tapset system
	rejects import-tree x
	rejects folded-stacks x
}

@test "audit-log.stp: wrong arguments give its usage" {
	use_tapset system
	rejects audit-log '('
	rejects audit-log ''
	rejects audit-log a b
	accepts audit-log '^(open|socket\.)'
}

# --- The scripts as files --------------------------------------------------

@test "the scripts use only the python.* probe aliases" {
	! grep -nE 'process\(|\.mark\(|\.library\(|\$arg[0-9]' "$SCRIPTS"/*.stp
}

@test "every script is executable by stap and starts with its name, usage and sample output" {
	local s f
	for s in $(all_scripts); do
		f=$SCRIPTS/$s.stp
		[ -x "$f" ]
		[ "$(sed -n 1p "$f")" = "#!/usr/bin/env stap" ]
		[ "$(sed -n 3p "$f")" = "/*" ]
		sed -n 4p "$f" | grep -q "^ \* $s.stp - "
		sed -n '1,/\*\//p' "$f" | grep -q '^ \* Usage:'
		sed -n '1,/\*\//p' "$f" | grep -q '^ \* Sample output'
	done
	# No script is left out of the list above.
	[ "$(ls "$SCRIPTS"/*.stp | wc -l)" -eq "$(all_scripts | wc -l)" ]
}

@test "every script is installed and documented in pytapset-scripts(7)" {
	local s
	for s in $(all_scripts); do
		grep -q "scripts/$s.stp" "$top_srcdir/scripts/local.mk"
		grep -q "^\.B $(sed 's/-/\\\\-/g' <<<"$s")\.stp" \
			"$top_builddir/man/pytapset-scripts.7"
	done
}

@test "pytapset-scripts(7) and pytapset(1) format without warnings, whatever the prefix" {
	require_command groff
	run --separate-stderr groff -man -ww -z "$top_builddir/man/pytapset-scripts.7"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	# Installed paths are words groff cannot break: a long prefix (make
	# distcheck's, say) must not make it warn either.
	local long page
	long=/$(printf 'very-long-directory-name/%.0s' 1 2 3 4 5)prefix
	for page in pytapset-scripts.7 pytapset.1; do
		sed -e "s|@pkgdatadir[@]|$long/share/pytapset|g" -e "s|@tapsetdir[@]|$long/share/systemtap/tapset|g" \
			-e "s|@helperdirs[@]|$long/lib/python3.11/site-packages:$long/lib/python3.13/site-packages|g" \
			"$top_srcdir/man/$page.in" >"$BATS_TEST_TMPDIR/$page"
		run --separate-stderr groff -man -ww -z "$BATS_TEST_TMPDIR/$page"
		[ "$status" -eq 0 ] && [ -z "$stderr" ] || fail "$page: $stderr"
	done
}
