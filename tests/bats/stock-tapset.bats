#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Why pytapset's tapset is named python.stp.  SystemTap's stock python.stp
# defines python.function.entry on a glob of libpython files.  Where that
# glob matches (Fedora-like layouts), a second definition of the alias in a
# file of another name would probe every site twice; where it matches
# nothing (Debian), it breaks the alias for everyone.  A tapset named
# python.stp takes the stock file's place, and each site is probed once.

load ../common

setup_file() {
	LAYOUT=$FIXTURES/layouts/libonly
	export LAYOUT
}

setup() {
	# The marker helper's sites would only add to the counts.
	export PYTAPSET_HELPER_PATH=
	require_stap
	require_file "$LAYOUT/lib/libpython3.11.so.1.0"
	TAPSET_DIR=$BATS_TEST_TMPDIR/tapset
	make_tapset_dir "$TAPSET_DIR"
	# The stock file as a Fedora-like system would have it: its glob
	# matches the layout's libpython.
	require_stock_tapset
	sed "s|/usr/lib\*/libpython\*\.so\*|$LAYOUT/lib*/libpython*.so*|" \
		"$STOCK_TAPSET" >"$TAPSET_DIR/python.stp"
	grep -qF "$LAYOUT/lib*/libpython*.so*" "$TAPSET_DIR/python.stp"
	echo 'probe python.function.return { next }' >"$BATS_TEST_TMPDIR/use.stp"
}

# How many probe points the use of python.function.return resolves to.
resolved_count() {
	run stap_elaborate "$BATS_TEST_TMPDIR/use.stp"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	resolved_points <<<"$output" | wc -l
}

@test "beside a matching stock python.stp, another file name would double every event" {
	"$PYTAPSET" generate -o "$TAPSET_DIR/pytapset-other.stp" "$LAYOUT/lib/libpython3.11.so.1.0"
	[ "$(resolved_count)" -eq 2 ]
}

@test "named python.stp, the generated tapset replaces the stock one: each site once" {
	"$PYTAPSET" generate -o "$TAPSET_DIR/python.stp" "$LAYOUT/lib/libpython3.11.so.1.0"
	[ "$(resolved_count)" -eq 1 ]
}

@test "the stock python.stp whose glob matches nothing fails every use of the alias" {
	sed -i "s|$LAYOUT/lib\*/libpython\*\.so\*|/nonexistent/lib*/libpython*.so*|" "$TAPSET_DIR/python.stp"
	"$PYTAPSET" generate -o "$TAPSET_DIR/pytapset-other.stp" "$LAYOUT/lib/libpython3.11.so.1.0"
	run stap_elaborate "$BATS_TEST_TMPDIR/use.stp"
	[ "$status" -ne 0 ]
	[[ "$output" == *"glob /nonexistent/lib*/libpython*.so* error"* ]]
}
