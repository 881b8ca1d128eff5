#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The probe alias reference pages (man/probes.mk): one page per python.*
# alias pytapset can write and one for the family, their variables exactly
# those of the marker description and of the tapsets' doc comments, pages
# that groff renders without a warning, and tapset-man.sh's handling of
# odd text and of files that are not pytapset tapsets.
#
# `make` builds the pages in $top_builddir/man/probes from the reference
# tapset man/reference/python.stp; these tests read them there.

load ../common

setup() {
	bats_require_minimum_version 1.5.0
	PAGES=$top_builddir/man/probes
	REFERENCE=$top_builddir/man/reference/python.stp
	MARKERS=$top_srcdir/templates/python.markers
	TAPSET_MAN=$top_srcdir/man/tapset-man.sh
	require_command python3 groff
	require_file "$PAGES/probe::python.3stap" "$REFERENCE"
}

# check_pages CODE: run Python CODE with helpers bound:
#   markers()        {alias: [(variable, text), ...]} from python.markers
#   doc_comments(F)  {alias: (summary, [(variable, text), ...], [desc...])}
#                    of the python.* aliases of tapset F
#   page(F)          (name line, [(variable, text), ...], [desc lines])
#                    of page F, read from its roff source
#   pages(DIR)       {alias: page} of every probe::python.ALIAS page
check_pages() {
	python3 - "$@" <<EOF
import os, re, sys
def markers():
    out, cur = {}, None
    for line in open("$MARKERS"):
        f = line.split(None, 4)
        if not f or f[0].startswith("#"):
            continue
        if f[0] == "marker":
            cur = out.setdefault("python." + f[2], [])
        elif f[0] == "arg":
            cur.append((f[2], f[4].strip()))
    return out
def doc_comments(path):
    out = {}
    for block in re.findall(r"^/\*\*\n(.*?)^ \*/", open(path).read(), re.M | re.S):
        lines = [re.sub(r"^ \* ?", "", l) for l in block.splitlines()]
        m = re.match(r"probe (\S+) - (.*)", lines[0])
        if not m.group(1).startswith("python."):
            continue
        variables = [tuple(re.match(r"@(\w+): (.*)", l).groups())
                     for l in lines[1:] if l.startswith("@")]
        desc = [l for l in lines[1:] if l and not l.startswith("@")]
        out[m.group(1)] = (m.group(2), variables, desc)
    return out
def unroff(s):
    return s.replace("\\\\e", "\\\\").replace("\\\\&", "").replace("\\\\-", "-")
def page(path):
    src = open(path).read().splitlines()
    sections, cur = {}, None
    for l in src:
        if l.startswith(".SH "):
            cur = sections.setdefault(l[4:], [])
        elif cur is not None:
            cur.append(l)
    variables, values = [], sections.get("VALUES", [])
    for i, l in enumerate(values):
        if l == ".TP":
            name = re.fullmatch(r"\\\\fI(\w+)\\\\fR", values[i + 1]).group(1)
            variables.append((name, unroff(values[i + 2])))
    desc = []
    for l in sections["DESCRIPTION"]:
        if l == ".PP":
            break
        desc.append(unroff(l))
    return unroff(sections["NAME"][0]), variables, desc
def pages(d):
    out = {}
    for f in os.listdir(d):
        m = re.fullmatch(r"probe::(python\..+)\.3stap", f)
        if m:
            out[m.group(1)] = page(os.path.join(d, f))
    return out
$1
EOF
}

@test "every marker of python.markers has a page, listed on the family page" {
	check_pages '
names = set(markers())
assert set(pages("'"$PAGES"'")) == names, sorted(set(pages("'"$PAGES"'")) ^ names)
family = open("'"$PAGES"'/probe::python.3stap").read()
listed = set(re.findall(r"^\.BR probe::(\S+) \(3stap\)$", family, re.M))
assert listed == names, sorted(listed ^ names)
'
}

@test "each page lists the variables python.markers describes, in order" {
	check_pages '
described = markers()
for alias, (name, variables, desc) in pages("'"$PAGES"'").items():
    assert variables == described[alias], (alias, variables, described[alias])
'
}

@test "each page says what the doc comment of its alias says" {
	check_pages '
docs = doc_comments("'"$REFERENCE"'")
for alias, (name, variables, desc) in pages("'"$PAGES"'").items():
    summary, doc_vars, doc_desc = docs[alias]
    assert name == "probe::%s - %s" % (alias, summary), (alias, name)
    assert variables == doc_vars, (alias, variables, doc_vars)
    assert desc == doc_desc, (alias, desc, doc_desc)
'
}

@test "the pages render without groff warnings" {
	local p
	for p in "$PAGES"/*.3stap; do
		run --separate-stderr groff -ww -man -Tutf8 -z "$p"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ] || { echo "$p: $stderr"; return 1; }
	done
}

@test "the pages made from the system Python's tapset match the reference pages" {
	require_file "$SYSTEM_PYTHON"
	"$PYTAPSET" generate -o "$BATS_TEST_TMPDIR/system.stp" "$SYSTEM_PYTHON"
	"$TAPSET_MAN" "$BATS_TEST_TMPDIR/system.stp" "$BATS_TEST_TMPDIR/pages"
	check_pages '
reference = pages("'"$PAGES"'")
system = pages("'"$BATS_TEST_TMPDIR/pages"'")
assert "python.function.entry" in system, sorted(system)
for alias, (name, variables, desc) in system.items():
    ref_name, ref_variables, ref_desc = reference[alias]
    assert (name, desc) == (ref_name, ref_desc), alias
    # A build may lack trailing arguments (3.11 has no modulename).
    assert variables == ref_variables[:len(variables)], (alias, variables)
    assert variables, alias
'
}

@test "the same tapset always gives the same pages" {
	"$TAPSET_MAN" "$REFERENCE" "$BATS_TEST_TMPDIR/again"
	diff -r "$PAGES" "$BATS_TEST_TMPDIR/again"
}

@test "doc comment text is printed literally, whatever roff would make of it" {
	cat >"$BATS_TEST_TMPDIR/odd.stp" <<'EOF'
/* Generated by pytapset 9.9: test */
/**
 * probe python.odd - a \fB summary with 'quotes' and \\ backslashes
 * @first: starts with a dot
 * and goes on here
 * @second: 'quoted
 *
 * .TH a line that looks like a request
 * 'another one
 *
 * a second paragraph \- with \(em escapes
 */
probe python.odd = process("/x").mark("odd") ? { }
/**
 * probe python3_11.odd - the per-version family gets no page
 */
probe python3_11.odd = process("/x").mark("odd") ? { }
EOF
	"$TAPSET_MAN" "$BATS_TEST_TMPDIR/odd.stp" "$BATS_TEST_TMPDIR/out"
	run ls "$BATS_TEST_TMPDIR/out"
	[ "$output" = "probe::python.3stap
probe::python.odd.3stap" ]
	run --separate-stderr groff -ww -man -Tascii -P-cbou "$BATS_TEST_TMPDIR/out/probe::python.odd.3stap"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[[ $output == *'probe::python.odd - a \fB summary with '"'"'quotes'"'"' and \\ backslashes'* ]]
	[[ $output == *'starts with a dot and goes on here'* ]]
	[[ $output == *'.TH a line that looks like a request '"'"'another one'* ]]
	[[ $output == *'a second paragraph \- with \(em escapes'* ]]
	[[ $output == *'pytapset 9.9'* ]]
}

@test "tapset-man.sh refuses files that are not pytapset tapsets" {
	require_stock_tapset
	run "$TAPSET_MAN" "$STOCK_TAPSET" "$BATS_TEST_TMPDIR/stock"
	[ "$status" -eq 1 ]
	[[ $output == "tapset-man.sh: $STOCK_TAPSET:"* ]]
	[ -z "$(ls -A "$BATS_TEST_TMPDIR/stock")" ]

	printf '/* Generated by pytapset 1 */\n/**\n * not a probe\n */\n' >"$BATS_TEST_TMPDIR/bad.stp"
	run "$TAPSET_MAN" "$BATS_TEST_TMPDIR/bad.stp" "$BATS_TEST_TMPDIR/bad"
	[ "$status" -eq 1 ]
	[[ $output == *'bad.stp:3: doc comment does not start with "probe NAME - summary"' ]]

	run "$TAPSET_MAN" "$BATS_TEST_TMPDIR/missing.stp" "$BATS_TEST_TMPDIR/bad"
	[ "$status" -eq 1 ]
	run "$TAPSET_MAN" only-one-argument
	[ "$status" -eq 2 ]
}

@test "reference-markers.sh refuses a marker description it cannot follow" {
	local ref=$top_srcdir/man/reference-markers.sh
	printf 'provider python\nmarker m m\narg 1 x float number\n' >"$BATS_TEST_TMPDIR/m"
	run "$ref" "$BATS_TEST_TMPDIR/m"
	[ "$status" -eq 1 ]
	[[ $output == *'m:3: unknown argument type float'* ]]
	printf 'provider python\nmarker m m\narg 2 x int number\n' >"$BATS_TEST_TMPDIR/m"
	run "$ref" "$BATS_TEST_TMPDIR/m"
	[ "$status" -eq 1 ]
	[[ $output == *'marker m does not describe argument 1'* ]]
}
