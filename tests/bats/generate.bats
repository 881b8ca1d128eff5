#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# pytapset generate: the tapset for every kind of Python build, checked
# with SystemTap itself.  Every tapset is elaborated (stap -p2) in a
# private tapset directory, and the probe points stap resolves are
# compared with readelf's view of the files (sites_resolve_once in
# tests/common.bash): each marker site is probed exactly once, in the file
# that holds it, through the alias of its marker.  Then the variables of the aliases, the
# per-version families, what a handler costs, and the command line.

load ../common

# One tapset directory per case, written once for the whole file.
setup_file() {
	local t
	for t in system system-debug libsystem static shared-abs \
		shared-origin shared-rpath libonly py313 py315; do
		build_tapset_dir "$t" "$(target_of "$t")"
	done
	build_tapset_dir mixed "$(target_of static)" "$(target_of shared-abs)" \
		"$(target_of py313)" "$(target_of py315)"
	build_tapset_dir py311-py315 "$(target_of static)" "$(target_of py315)"

	# Two executables that load the same libpython through $ORIGIN.
	local tree=$BATS_FILE_TMPDIR/tree
	if [ -e "$(target_of shared-origin)" ]; then
		cp -R "$FIXTURES/layouts/shared-origin" "$tree"
		cp "$tree/bin/python3.11" "$tree/bin/python3.11-copy"
	fi
	build_tapset_dir many "$(target_of static)" "$(target_of libonly)" \
		"$(target_of py313)" "$tree/bin/python3.11" "$tree/bin/python3.11-copy" \
		"$(target_of shared-abs)" "$(markers_file_of shared-abs)"
}

setup() {
	bats_require_minimum_version 1.5.0
	require_command python3 readelf
	OUT=$BATS_TEST_TMPDIR/out
	mkdir -p "$OUT"
}

# refused STATUS ARG...: generate fails with STATUS, one line on stderr
# that starts with "pytapset: ", nothing on stdout and nothing written
# to $OUT.
refused() {
	local want=$1
	shift
	generate "$@"
	[ "$status" -eq "$want" ] || fail "status $status, not $want, for: $*"
	[ "${#stderr_lines[@]}" -eq 1 ] || fail "not one line: $stderr"
	[[ $stderr == "pytapset: "* ]] || fail "not a pytapset message: $stderr"
	[ -z "$output" ] || fail "output: $output"
	[ -z "$(ls -A "$OUT")" ] || fail "written: $(ls -A "$OUT")"
}

# point_of EXE [LIB]: the probe-point prefix a tapset must use.
point_of() {
	if [ $# -eq 2 ]; then
		printf 'process("%s").library("%s")' "$1" "$2"
	else
		printf 'process("%s")' "$1"
	fi
}

# uses_point PREFIX: $TAPSET probes gc__start (a marker of every CPython
# since 3.6) through PREFIX.
# Probe points stand one per line, indented by a tab.
uses_point() {
	grep -qxF "$(printf '\t')$1.mark(\"gc__start\") ?" "$TAPSET" ||
		grep -qxF "$(printf '\t')$1.mark(\"gc__start\") ?," "$TAPSET" ||
		fail "no $1.mark(\"gc__start\") in $TAPSET"
}

no_library_points() {
	if grep -q '\.library(' "$TAPSET"; then
		fail "unexpected .library() point: $(grep '\.library(' "$TAPSET" | head -1)"
	fi
}

# --- The distribution's Python (tests/common.bash) ------------------------

@test "the distribution's Python: every site probed once, in the executable" {
	use_tapset system
	uses_point "process(\"$SYSTEM_PYTHON\")"
	no_library_points
	sites_resolve_once python "$SYSTEM_PYTHON"
	sites_resolve_once "$SYSTEM_FAMILY" "$SYSTEM_PYTHON"
	handlers_read_nothing
}

@test "the distribution's libpython alone: every process that maps it, each site once" {
	local lib
	lib=$(target_of libsystem)
	use_tapset libsystem
	uses_point "process(\"$lib\")"
	no_library_points
	sites_resolve_once python "$lib"
	sites_resolve_once "$SYSTEM_FAMILY" "$lib"
	handlers_read_nothing
}

@test "the distribution's Python's debug build: every site once, in its version's family" {
	use_tapset system-debug
	uses_point "process(\"$SYSTEM_PYTHON_DEBUG\")"
	sites_resolve_once python "$SYSTEM_PYTHON_DEBUG"
	sites_resolve_once "$SYSTEM_FAMILY" "$SYSTEM_PYTHON_DEBUG"
	handlers_read_nothing
}

# system_python_with SPEC: a copy of the distribution's Python under its
# own name in $BATS_TEST_TMPDIR/py, with the argument spec of gc__done
# (its one "-8@%r12", in Debian 12's python3.11 as in Debian 13's
# python3.13) replaced by SPEC, as many bytes including its NUL.
system_python_with() {
	require_file "$SYSTEM_PYTHON"
	mkdir -p "$BATS_TEST_TMPDIR/py"
	EXE=$BATS_TEST_TMPDIR/py/${SYSTEM_PYTHON##*/}
	python3 - "$SYSTEM_PYTHON" "$EXE" "$1" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
old = b"-8@%r12\0"
assert data.count(old) == 1, data.count(old)
new = sys.argv[3].encode().decode("unicode_escape").encode("latin-1")
assert len(new) == len(old), new
open(sys.argv[2], "wb").write(data.replace(old, new))
EOF
}

@test "an operand pytapset cannot decode: its marker is kept, every alias elaborates" {
	require_stap
	system_python_with '-8@%r1x\0'
	run --separate-stderr "$PYTAPSET" list "$EXE"
	[ "$status" -eq 0 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == "pytapset: $EXE: warning: python:gc__done: argument 1, column 4: "*"kept undecoded" ]]
	grep -qE " python:gc__done pc=0x[0-9a-f]{16} semaphore=0x[0-9a-f]{16} args: -8@%r1x \(s64, undecoded\)\$" <<<"$output"

	tapset_for "$EXE"
	[ "$(aliases_of "$TAPSET" python | wc -l)" -eq 8 ]
	[ "$(aliases_of "$TAPSET" "$SYSTEM_FAMILY" | wc -l)" -eq 8 ]
	handlers_read_nothing
	sites_resolve_once python "$EXE"
}

@test "a note that cannot be read: status 1, the note named, nothing written" {
	system_python_with '-8@%r12X'
	refused 1 -o "$OUT/python.stp" "$EXE"
	[[ $stderr == "pytapset: $EXE: stapsdt note "*" not NUL-terminated" ]] || fail "$stderr"
}

@test "the CPython howto's two scripts elaborate unchanged for the distribution's Python" {
	local file
	use_tapset system
	file=$(system_function_file)
	elaborate_ok "$top_srcdir/tests/howto/show-call-hierarchy.stp"
	diff -u <(oracle_sites "$file" function__entry function__return) \
		<(resolved_function_sites)
	elaborate_ok "$top_srcdir/tests/howto/top.stp"
	diff -u <(oracle_sites "$file" function__entry) <(resolved_function_sites)
}

# --- The layouts of tests/fixtures ---------------------------------------

@test "static layout: process(EXE), every site once" {
	local exe
	exe=$(target_of static)
	use_tapset static
	uses_point "process(\"$exe\")"
	no_library_points
	sites_resolve_once python "$exe"
	sites_resolve_once python3_11 "$exe"
	handlers_read_nothing
}

# layout_with_library LAYOUT: EXE loads LIB, found through its search path.
layout_with_library() {
	local exe lib
	exe=$(target_of "$1")
	lib=$(markers_file_of "$1")
	use_tapset "$1"
	uses_point "$(point_of "$exe" "$lib")"
	sites_resolve_once python "$lib"
	sites_resolve_once python3_11 "$lib"
	# stap says it reached each point through the library of the executable.
	[ "$(grep -c "<- process(\"$exe\").library(\"$lib\")" <<<"$output")" -eq \
		"$(resolved_sites | wc -l)" ]
	handlers_read_nothing
}

@test "shared layout, absolute RUNPATH: process(EXE).library(LIB)" {
	layout_with_library shared-abs
}

@test "shared layout, RUNPATH \$ORIGIN/../lib: process(EXE).library(LIB)" {
	layout_with_library shared-origin
}

@test "shared layout, DT_RPATH: process(EXE).library(LIB)" {
	layout_with_library shared-rpath
}

@test "library alone: process(LIB), every site once" {
	local lib
	lib=$(target_of libonly)
	use_tapset libonly
	uses_point "process(\"$lib\")"
	no_library_points
	sites_resolve_once python "$lib"
	sites_resolve_once python3_11 "$lib"
	handlers_read_nothing
}

@test "3.13-like: gc, import and audit resolve, audit at its three sites" {
	local exe
	exe=$(target_of py313)
	use_tapset py313
	sites_resolve_once python "$exe"
	sites_resolve_once python3_13 "$exe"
	handlers_read_nothing
	[ "$(oracle_sites "$exe" audit | wc -l)" -eq 3 ]
	printf 'probe python.audit { printf("%%s\\n", event) }\n' >"$OUT/audit.stp"
	elaborate_ok "$OUT/audit.stp"
	diff -u <(oracle_sites "$exe" audit) <(resolved_sites)
}

@test "3.13-like: python.function.entry fails and says CPython 3.12 to 3.14 removed it" {
	# Without a marker helper, whether or not one is built for 3.13 here
	# (Debian 13 builds one).
	require_file "$(target_of py313)"
	PYTAPSET_HELPER_PATH= tapset_for "$(target_of py313)"
	diff -u <(printf '%s\n' python.function.entry python.function.return \
		python.line python3_13.function.entry python3_13.function.return \
		python3_13.line) <(missing_aliases_of "$TAPSET")
	local alias
	for alias in python.function.entry python3_13.function.return; do
		printf 'probe %s { next }\n' "$alias" >"$OUT/f.stp"
		elaborate "$OUT/f.stp"
		[ "$status" -ne 0 ] || fail "$alias elaborated"
		grep -qF "CPython 3.12 to 3.14 removed" <<<"$stderr" ||
			fail "no reason in: $stderr"
	done
	printf 'probe python.line { next }\n' >"$OUT/l.stp"
	elaborate "$OUT/l.stp"
	[ "$status" -ne 0 ]
	grep -qF "CPython 3.12 and later removed the line marker" <<<"$stderr"
}

@test "3.15-like: function entry with modulename, cfunction entry and return" {
	local exe
	exe=$(target_of py315)
	use_tapset py315
	sites_resolve_once python "$exe"
	sites_resolve_once python3_15 "$exe"
	handlers_read_nothing
	cat >"$OUT/f.stp" <<-'EOF'
	probe python.function.entry { printf("%s %s %d\n", filename, funcname, lineno) }
	probe python3_15.function.return { printf("%s %s %d %s\n", filename, funcname, lineno, modulename) }
	probe python.cfunction.entry { printf("%s %s %d %s\n", filename, funcname, lineno, modulename) }
	probe python.cfunction.return { printf("%s\n", funcname) }
	EOF
	elaborate_ok "$OUT/f.stp"
	diff -u <(oracle_sites "$exe" function__entry function__return \
		cfunction__entry cfunction__return) <(resolved_sites)
	# modulename is read from the fourth argument.
	grep -qF 'modulename = user_string($arg4, "")' "$TAPSET"
	grep -qF '  modulename:string' <<<"$output"
	# CPython's main branch has no line marker.
	[ "$(missing_aliases_of "$TAPSET" | tr '\n' ' ')" = "python.line python3_15.line " ]
}

@test "3.11 and 3.15 together: the generic alias has no modulename, python3_15 has" {
	use_tapset py311-py315
	# Without a value from the alias, stap cannot tell modulename's type...
	printf 'probe python.function.entry { println(modulename) }\n' >"$OUT/g.stp"
	elaborate "$OUT/g.stp"
	[ "$status" -ne 0 ] || fail "modulename resolved in the generic alias: $output"
	grep -qF "unresolved type : identifier 'modulename'" <<<"$stderr"
	# ... and where printf gives it one, it warns that nothing sets it.
	printf 'probe python.function.entry { printf("%%s\\n", modulename) }\n' >"$OUT/g.stp"
	elaborate "$OUT/g.stp"
	grep -qF "never-assigned local variable 'modulename'" <<<"$stderr"
	printf 'probe python3_15.function.entry { println(modulename) }\n' >"$OUT/v.stp"
	elaborate_ok "$OUT/v.stp"
	diff -u <(oracle_sites "$(target_of py315)" function__entry) <(resolved_sites)
	# The variables every site has are there, for both Pythons.
	printf 'probe python.function.entry { printf("%%s %%s %%d\\n", filename, funcname, lineno) }\n' \
		>"$OUT/c.stp"
	elaborate_ok "$OUT/c.stp"
	diff -u <({ oracle_sites "$(target_of static)" function__entry
		oracle_sites "$(target_of py315)" function__entry; } | sort) <(resolved_sites)
}

# What checks the variables of every alias of a tapset against the
# description (templates/python.markers) and readelf's argument counts:
# argument N of a described marker is its variable N, strings read with
# user_string(), and there is a variable for each argument every site of
# the alias has, no more.
VARIABLES_CHECKER='
import re, subprocess, sys
tapset, markers_file, oracle = sys.argv[1:]
described = {}
for line in open(markers_file):
    w = line.split()
    if w[:1] == ["marker"]:
        args = described[w[1]] = {}
    elif w[:1] == ["arg"]:
        args[int(w[1])] = (w[2], w[3])
arg_counts = {}
def counts(path):
    if path not in arg_counts:
        out = subprocess.run(["python3", oracle, "readelf", path], check=True,
                             capture_output=True, text=True).stdout
        arg_counts[path] = [(l.split()[0].split(":")[1], len(l.split("args=")[1].split()))
                            for l in out.splitlines() if l.startswith("python:")]
    return arg_counts[path]
blocks = re.findall(r"^probe (\S+) =\n(.*?)\n\{\n(.*?)\}$", open(tapset).read(), re.M | re.S)
assert blocks, "no aliases"
for alias, points, body in blocks:
    if "/* pytapset: " in points:
        assert body.strip() == "", (alias, body)
        continue
    sites = re.findall(r"process\(\"([^\"]+)\"\)(?:\.library\(\"([^\"]+)\"\))?\.mark\(\"(\w+)\"\)", points)
    (name,) = {s[2] for s in sites}
    n = min(c for exe, lib, _ in sites for m, c in counts(lib or exe) if m == name)
    want = []
    for i in range(1, n + 1):
        var, kind = described.get(name, {}).get(i, ("arg%d" % i, "long"))
        want.append("%s = %s" % (var, "user_string($arg%d, \"\")" % i
                                  if kind == "string" else "$arg%d" % i))
    got = [l.strip() for l in body.splitlines() if l.strip()]
    assert got == want, (alias, got, want)
'

# --- Several Pythons in one tapset ---------------------------------------

@test "variables: the described names, from the right arguments, as every site has them" {
	local t
	for t in mixed py311-py315 many system libsystem; do
		use_tapset "$t"
		python3 -c "$VARIABLES_CHECKER" "$TAPSET" \
			"$top_srcdir/templates/python.markers" \
			"$top_srcdir/tests/fixtures/sdt-oracle.py"
	done
}

@test "per-version families: python3_X.* covers the files of that version only" {
	local static lib313 lib315 shared
	static=$(target_of static)
	shared=$(markers_file_of shared-abs)
	use_tapset mixed
	sites_resolve_once python3_11 "$static" "$shared"
	sites_resolve_once python3_13 "$(target_of py313)"
	sites_resolve_once python3_15 "$(target_of py315)"
	sites_resolve_once python "$static" "$shared" "$(target_of py313)" \
		"$(target_of py315)"
}

@test "zero cost per hit: no locals for a handler that reads nothing, any alias" {
	use_tapset mixed
	# Every family is in the tapset, and every one of its aliases is used.
	[ "$(aliases_of "$TAPSET" | cut -d. -f1 | sort -u | tr '\n' ' ')" = \
		"python python3_11 python3_13 python3_15 " ]
	handlers_read_nothing
	# The alias bodies would have locals if a handler read them.
	printf 'probe python.import.done { if (found) next }\n' >"$OUT/r.stp"
	elaborate_ok "$OUT/r.stp"
	sed -n '/^# probes/,$p' <<<"$output" | grep -q '# locals'
}

@test "many Pythons at once: each site once, a shared library as process(LIB)" {
	local tree=$BATS_FILE_TMPDIR/tree lib treelib
	lib=$(markers_file_of shared-abs)
	treelib=$tree/lib/libpython3.11.so.1.0
	use_tapset many
	# Two executables load it, or it was given alone: every process that
	# maps it, named once per alias.
	no_library_points
	[ "$(grep -cF "process(\"$treelib\").mark(\"gc__start\")" "$TAPSET")" -eq 2 ]
	[ "$(grep -cF "process(\"$lib\").mark(\"gc__start\")" "$TAPSET")" -eq 2 ]
	sites_resolve_once python "$(target_of static)" "$(target_of libonly)" \
		"$(target_of py313)" "$treelib" "$lib"
	sites_resolve_once python3_11 "$(target_of static)" "$(target_of libonly)" \
		"$treelib" "$lib"
	handlers_read_nothing
}

# --- Options ---------------------------------------------------------------

@test "--library: a path, or a name searched for as ld.so does" {
	local exe lib other
	exe=$(target_of shared-abs)
	other=$(target_of libonly)
	require_stap
	require_file "$exe" "$other"
	tapset_for --library "$other" "$exe"
	uses_point "$(point_of "$exe" "$other")"
	sites_resolve_once python "$other"

	# A name: found in the executable's RUNPATH.
	exe=$(target_of shared-origin)
	generate --library libpython3.11.so.1.0 -o "$OUT/n.stp" "$exe"
	[ "$status" -eq 0 ]
	TAPSET=$OUT/n.stp uses_point "$(point_of "$exe" "$(markers_file_of shared-origin)")"

	# An executable without markers or DT_NEEDED libpython, which an
	# embedder would dlopen.
	exe=$(target_of nomarkers)
	generate --library "$other" -o "$OUT/d.stp" "$exe"
	[ "$status" -eq 0 ]
	TAPSET=$OUT/d.stp uses_point "$(point_of "$exe" "$other")"
}

@test "--library: errors are one line, status 1, nothing written" {
	require_file "$(target_of shared-abs)" "$(target_of libonly)"
	refused 1 --library libpython9.9.so -o "$OUT/x.stp" "$(target_of shared-abs)"
	grep -qF libpython9.9.so <<<"$stderr"
	refused 1 --library /etc/passwd -o "$OUT/x.stp" "$(target_of shared-abs)"
	refused 1 --library "$(target_of libonly)" -o "$OUT/x.stp" "$(target_of libonly)"
	grep -q "is a shared library" <<<"$stderr"
}

@test "--templates: a marker the description lacks gets raw arguments and a warning" {
	local exe
	exe=$(target_of static)
	require_stap
	require_file "$exe"
	cp -R "$top_srcdir/templates" "$BATS_TEST_TMPDIR/templates"
	python3 - "$BATS_TEST_TMPDIR/templates/python.markers" <<-'EOF'
	import re, sys
	text = open(sys.argv[1]).read()
	cut = re.sub(r"\nmarker gc__done .*?\n\n", "\n\n", text, flags=re.S)
	assert cut != text and "gc__done" not in cut
	open(sys.argv[1], "w").write(cut)
	EOF
	TAPSET_DIR=$BATS_TEST_TMPDIR/ts
	TAPSET=$TAPSET_DIR/python.stp
	run --separate-stderr make_tapset_dir "$TAPSET_DIR" \
		--templates "$BATS_TEST_TMPDIR/templates" "$exe"
	[ "$status" -eq 0 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == "pytapset: "*"warning: "*gc__done* ]]
	printf 'probe python.gc.done { printf("%%d\\n", arg1) }\n' >"$OUT/u.stp"
	elaborate_ok "$OUT/u.stp"
	diff -u <(oracle_sites "$exe" gc__done) <(resolved_sites)
	grep -qF '  arg1:long' <<<"$output"
	# The described ones keep their names.
	sites_resolve_once python "$exe"
}

# --- No markers, bad input, the command line -------------------------------

@test "no markers: one line naming --with-dtrace, status 3, nothing written" {
	# Nor the marker helper (generate-helper.bats).
	export PYTAPSET_HELPER_PATH=
	local pythons=("$(target_of nomarkers)") real p
	require_file "${pythons[0]}"
	# A pyenv or other self-built Python, if there is one (python3 in PATH
	# that is not Debian's): usually built without --with-dtrace.
	real=$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))')
	case $real in
	/usr/bin/*) ;;
	*) "$PYTAPSET" list "$real" | grep -q ' python:' || pythons+=("$real") ;;
	esac
	for p in "${pythons[@]}"; do
		refused 3 -o "$OUT/python.stp" "$p"
		[[ $stderr == "pytapset: $p: "*--with-dtrace* ]]
	done
}

@test "no markers in one target of several: a warning, the others written" {
	# Nor the marker helper (generate-helper.bats).
	export PYTAPSET_HELPER_PATH=
	local exe
	exe=$(target_of py313)
	require_file "$exe" "$(target_of nomarkers)"
	generate -o "$OUT/python.stp" "$exe" "$(target_of nomarkers)"
	[ "$status" -eq 0 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == "pytapset: $(target_of nomarkers): warning: "*--with-dtrace* ]]
	TAPSET=$OUT/python.stp uses_point "process(\"$exe\")"
	if grep -qF nomarkers "$OUT/python.stp"; then
		fail "the Python without markers is in the tapset"
	fi
}

@test "bad targets: one line 'pytapset: FILE: ...', status 1, nothing written" {
	printf 'print("hello")\n' >"$BATS_TEST_TMPDIR/script.py"
	local f
	for f in "$BATS_TEST_TMPDIR/script.py" "$BATS_TEST_TMPDIR/missing" \
		"$BATS_TEST_TMPDIR" /dev/null; do
		refused 1 -o "$OUT/python.stp" "$f"
		[[ $stderr == "pytapset: $f: "* ]] || fail "message: $stderr"
	done
	# One bad target among good ones: still nothing.
	require_file "$(target_of static)"
	refused 1 -o "$OUT/python.stp" "$(target_of static)" "$BATS_TEST_TMPDIR/script.py"
	refused 1 "$BATS_TEST_TMPDIR/script.py" "$(target_of static)"
}

@test "usage errors: status 2, one line, nothing written; --help" {
	local args
	for args in "" "-o $OUT/x.stp" "--bogus $SYSTEM_PYTHON" \
		"-o" "--library" "--sysroot" "--templates"; do
		# shellcheck disable=SC2086
		refused 2 $args
		[[ $stderr == "pytapset: generate: "* ]] || fail "message: $stderr"
	done
	refused 2 -o '' "$SYSTEM_PYTHON"
	run --separate-stderr "$PYTAPSET" generate --help
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[[ $output == "Usage: pytapset generate "* ]]
}
