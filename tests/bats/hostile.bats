#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# pytapset generate against hostile names: a tapset is code (stap accepts
# embedded C between %{ and %} in tapset files), and paths and marker
# names come from the files being read.  Paths that cannot be pasted into
# process("...") are refused; the others must stay inert string literals.
# Marker names and providers that are not identifiers are skipped with a
# warning and never reach the tapset.  What stap -p2 makes of the result
# is the judge: no probe, no embedded code beyond what the stock tapsets
# bring.

load ../common

setup() {
	bats_require_minimum_version 1.5.0
	require_command python3 readelf
	STATIC=$(target_of static)
	require_file "$STATIC"
	OUT=$BATS_TEST_TMPDIR/out
	mkdir -p "$OUT"
}

# copy_to DIR NAME [SOURCE]: SOURCE (the static layout's python3.11) copied
# to DIR/NAME; prints the path.
copy_to() {
	mkdir -p "$1"
	cp "${3:-$STATIC}" "$1/$2"
	printf '%s\n' "$1/$2"
}

# refuses PATH: generate refuses PATH: status 1, one line naming it
# (newlines and backslashes escaped), nothing written.
refuses() {
	local path=$1 printable
	printable=${path//\\/\\\\}
	printable=${printable//$'\n'/\\n}
	printable=${printable//$'\t'/\\x09}
	run --separate-stderr "$PYTAPSET" generate -o "$OUT/python.stp" "$path"
	[ "$status" -eq 1 ] || fail "status $status for $printable"
	[ "${#stderr_lines[@]}" -eq 1 ] || fail "not one line: $stderr"
	[[ $stderr == "pytapset: $printable: cannot be named in a tapset: "* ]] ||
		fail "message: $stderr"
	[ -z "$(ls -A "$OUT")" ] || fail "written for $printable: $(ls -A "$OUT")"
}

# outside_comments FILE: FILE without its /* */ comments.
outside_comments() {
	python3 -c 'import re, sys; print(re.sub(r"/\*.*?\*/", "", open(sys.argv[1]).read(), flags=re.S))' "$1"
}

@test "paths with a quote, backslash, newline or glob character are refused" {
	local d=$BATS_TEST_TMPDIR/h name
	for name in 'a"b' 'a\b' $'a\nb' 'a*b' 'a?b' 'a[b' $'a\tb'; do
		# In a directory name, and in the file name.
		refuses "$(copy_to "$d/$name" python3.11)"
		refuses "$(copy_to "$d" "python3.11$name")"
	done
	# Through a symbolic link with a harmless name: the canonical path counts.
	ln -s "$d/a\"b/python3.11" "$d/python3.11"
	run --separate-stderr "$PYTAPSET" generate -o "$OUT/python.stp" "$d/python3.11"
	[ "$status" -eq 1 ]
	[[ $stderr == "pytapset: $d/a\"b/python3.11: cannot be named in a tapset: "* ]]
	[ ! -e "$OUT/python.stp" ]
}

@test "a libpython whose path cannot be named is refused" {
	local exe tree=$BATS_TEST_TMPDIR/tree
	exe=$(target_of shared-origin)
	require_file "$exe"
	# $ORIGIN/../lib leads to a directory whose name has a quote.
	mkdir -p "$tree/bin" "$tree/l\"ib"
	cp "$exe" "$tree/bin/python3.11"
	cp "$(markers_file_of shared-origin)" "$tree/l\"ib/"
	ln -s "l\"ib" "$tree/lib"
	refuses "$tree/l\"ib/libpython3.11.so.1.0"
	run --separate-stderr "$PYTAPSET" generate -o "$OUT/python.stp" "$tree/bin/python3.11"
	[ "$status" -eq 1 ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == "pytapset: $tree/l\"ib/libpython3.11.so.1.0: cannot be named"* ]]
	[ ! -e "$OUT/python.stp" ]
}

@test "paths with %{, spaces and ; are inert string literals (or refused)" {
	local d=$BATS_TEST_TMPDIR/p exe name text
	require_stap
	for name in 'a%{ int pwn; %}b' 'a b;probe begin{exit()}' 'x%}y; %{z'; do
		exe=$(copy_to "$d/$name" python3.11)
		TAPSET_DIR=$BATS_TEST_TMPDIR/ts
		TAPSET=$TAPSET_DIR/python.stp
		run --separate-stderr make_tapset_dir "$TAPSET_DIR" "$exe"
		if [ "$status" -ne 0 ]; then
			[ "$status" -eq 1 ] && [ "${#stderr_lines[@]}" -eq 1 ] ||
				fail "neither written nor refused properly: $status $stderr"
			continue
		fi
		# Written: the path is only ever inside process("...").
		grep -qF "process(\"$exe\").mark(\"gc__start\")" "$TAPSET"
		text=$(outside_comments "$TAPSET")
		text=${text//"process(\"$exe\")"/process(PATH)}
		if grep -nE 'pwn|%\{|%\}|begin' <<<"$text"; then
			fail "part of the path $exe is code"
		fi
		# And stap probes the marker sites, nothing else, no extra code.
		sites_resolve_once python "$exe"
		text=${output//"\"$exe\""/PATH}
		if grep -nE 'pwn|begin|exit' <<<"$text"; then
			fail "stap -p2 shows code from the path: $output"
		fi
	done
}

@test "marker names and providers that are not identifiers: skipped, warned, absent" {
	local exe d=$BATS_TEST_TMPDIR/m
	require_stap
	mkdir -p "$d"
	exe=$d/python3.11
	# Strings of the same length replace the names in the notes.
	python3 - "$STATIC" "$exe" <<-'EOF'
	import importlib.util, os, sys
	spec = importlib.util.spec_from_file_location(
	    "corrupt", os.environ["top_srcdir"] + "/tests/fixtures/sdt-corrupt.py")
	corrupt = importlib.util.module_from_spec(spec)
	spec.loader.exec_module(corrupt)
	data = bytearray(open(sys.argv[1], "rb").read())
	elf = corrupt.Elf(data)
	names = {b"gc__start": b'gc"%{x%}z', b"gc__done": b"*/%{ %};",
	         b"line": b"l\n%{"}
	providers = {b"audit": b'p%{ "n'}
	done = set()
	for note in elf.notes():
	    start = note["desc"] + 3 * elf.addr_size
	    provider_end = data.index(b"\0", start)
	    name_end = data.index(b"\0", provider_end + 1)
	    name = bytes(data[provider_end + 1:name_end])
	    if name in names:
	        assert len(names[name]) == len(name)
	        data[provider_end + 1:name_end] = names[name]
	        done.add(name)
	    if name in providers:
	        assert len(providers[name]) == provider_end - start
	        data[start:provider_end] = providers[name]
	        done.add(name)
	assert done == set(names) | set(providers), done
	open(sys.argv[2], "wb").write(data)
	EOF
	chmod +x "$exe"
	TAPSET_DIR=$BATS_TEST_TMPDIR/ts
	TAPSET=$TAPSET_DIR/python.stp
	run --separate-stderr make_tapset_dir "$TAPSET_DIR" "$exe"
	[ "$status" -eq 0 ] || fail "status $status: $stderr"
	# Warnings about the names (another provider is simply not Python's).
	[ "${#stderr_lines[@]}" -ge 1 ] || fail "no warning"
	local line
	for line in "${stderr_lines[@]}"; do
		[[ $line == "pytapset: $exe: warning: "* ]] || fail "not a warning: $line"
	done
	grep -q 'not an identifier' <<<"$stderr" || fail "warnings: $stderr"
	if outside_comments "$TAPSET" | grep -nF -e 'gc"' -e '%{' -e '%}' -e 'p%' -e '*/'; then
		fail "a hostile name is in the tapset"
	fi
	# stap probes the markers with clean names, each site once.
	aliases_of "$TAPSET" python | sed 's/$/ { next }/; s/^/probe /' >"$OUT/all.stp"
	elaborate_ok "$OUT/all.stp"
	diff -u <(oracle_sites "$STATIC" function__entry function__return \
			import__find__load__start import__find__load__done |
			sed "s|^$STATIC |$exe |") \
		<(resolved_sites)
}
