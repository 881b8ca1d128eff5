# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers shared by the tests of `pytapset generate` and `pytapset
# discover` (generate.bats, discover.bats, output.bats, hostile.bats).
# Load after ../common with `load generate-helpers`.
#
# The central check is sites_resolve_once: it elaborates (stap -p2) one
# probe per alias of a generated tapset, each handler tagged with a local
# of its own, and compares what stap resolved with readelf's view of the
# files (tests/fixtures/sdt-oracle.py): every Python marker site of every
# file is probed exactly once, in that file, by the alias of its marker,
# and nothing else is probed.

# The Pythons the tests generate tapsets for, by short name: the real
# Debian ones and the layouts of tests/fixtures.
target_of() {
	local L=$FIXTURES/layouts
	case $1 in
	python3.11) echo /usr/bin/python3.11 ;;
	python3.11d) echo /usr/bin/python3.11d ;;
	libpython3.11) echo /usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0 ;;
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

# build_tapset_dir NAME TARGET...: in setup_file, a private tapset
# directory $BATS_FILE_TMPDIR/NAME (see make_tapset_dir) for the TARGETs.
# Nothing fails here: use_tapset reports a missing target or a failed
# generate in the test that needs the directory.
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

# The marker helpers $TAPSET covers, from its header.
helpers_of_tapset() {
	sed -n "s/^ \*   \(.*\): pytapset's marker helper, in every process that loads it$/\1/p" "$TAPSET"
}

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

# The resolved process points of the -p2 output in $output, as "FILE
# 0xADDR", sorted, repetitions kept.
resolved_sites_all() {
	resolved_points <<<"$output" |
		sed -n 's/^process("\([^"]*\)")\.statement(\(0x[0-9a-f]*\)).*/\1 \2/p' |
		sort
}

# resolved_sites: the same without the marker helper's sites, which
# generate-helper.bats checks.
resolved_sites() {
	resolved_sites_all | grep -vF "/$HELPER_MODULE.cpython-" || true
}
HELPER_MODULE=_pytapset

# count_of TEXT PATTERN: lines of TEXT with the fixed string PATTERN.
count_of() {
	grep -cF -- "$2" <<<"$1" || true
}
