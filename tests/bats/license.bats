#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The license: GPL-2.0-or-later, as SystemTap's, whose tapsets and example
# scripts ours sit beside.  COPYING holds the text; every source file says
# so in an SPDX line near its top; the Debian and RPM recipes agree.

load ../common

SPDX='SPDX-License-Identifier: GPL-2.0-or-later'

# The source files: what git tracks, or in a release tarball every file
# but those autotools generate.  Files whose text is data or copied into
# the user's output carry no license line: fuzzing inputs, the templates
# of the generated tapset, and the Debian files that take no comments.
source_files() {
	(
		cd "$top_srcdir"
		if git rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
			[ -n "$(git ls-files)" ]; then
			git ls-files
		else
			find . \( -name .git -o -name _build -o -name autom4te.cache -o -name build-aux \
				-o -name .deps -o -path ./man/reference -o -path ./man/probes \) -prune \
				-o -type f ! -name configure ! -name Makefile.in ! -name Makefile \
				! -name aclocal.m4 ! -name 'config.*' ! -name '*.o' ! -name '*.a' \
				! -name '*.log' ! -name '*.trs' ! -name '*~' -print | sed 's|^\./||'
		fi
	) | grep -vE '^(tests/fuzz/(corpus|regressions)/|templates/tapset-[a-z]+\.stp$|packaging/debian/(changelog|copyright|source/format)$|COPYING$|(build-aux|m4)/\.keep$)'
}

@test "COPYING is the GNU GPL version 2" {
	grep -q 'GNU GENERAL PUBLIC LICENSE' "$top_srcdir/COPYING"
	grep -q 'Version 2, June 1991' "$top_srcdir/COPYING"
}

@test "every source file carries the SPDX line in its first three lines" {
	local f missing=()
	while IFS= read -r f; do
		head -n 3 "$top_srcdir/$f" | grep -qF "$SPDX" || missing+=("$f")
	done < <(source_files)
	[ "$(source_files | wc -l)" -gt 100 ]
	[ ${#missing[@]} -eq 0 ] || fail "no SPDX line in: ${missing[*]}"
}

@test "the Debian and RPM recipes state the same license" {
	grep -qx 'License: GPL-2+' "$top_srcdir/packaging/debian/copyright"
	grep -qF '/usr/share/common-licenses/GPL-2' "$top_srcdir/packaging/debian/copyright"
	grep -qE '^License: +GPL-2\.0-or-later$' "$top_srcdir/packaging/pytapset.spec.in"
	grep -qE '^%license COPYING$' "$top_srcdir/packaging/pytapset.spec.in"
}
