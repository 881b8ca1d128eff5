#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# build.sh deb|rpm [-o OUTDIR] [TARBALL] [[--] BUILD-OPTION...]: build the
# Debian or RPM packages of pytapset from its release tarball, as a
# distribution's packager would, with the recipe the tarball carries.
#
# TARBALL (pytapset-VERSION.tar.gz) defaults to a fresh `make dist` of
# this source tree (which must have been through `autoreconf -fi`).
# OUTDIR defaults to _build/deb or _build/rpm in the source tree.
# BUILD-OPTIONs go to dpkg-buildpackage or rpmbuild.
#
# deb: the tarball becomes OUTDIR/work/pytapset_VERSION.orig.tar.gz, is
#      unpacked next to it, its packaging/debian is copied to debian/, and
#      `dpkg-buildpackage -us -uc` builds the source and binary packages
#      (DEB_BUILD_OPTIONS=nocheck skips the tests).  Lintian then fails
#      the build on any error or warning the package does not override.
# rpm: `rpmbuild -ba` with packaging/pytapset.spec under
#      OUTDIR/rpmbuild.  On Debian, whose rpm database knows none of the
#      build dependencies, pass --nodeps; `--without check` skips the
#      tests.
#
# Prints the path of the binary package on the last line.
set -eu

usage() {
	echo "usage: build.sh deb|rpm [-o OUTDIR] [TARBALL] [[--] BUILD-OPTION...]" >&2
	exit 2
}

fail() {
	echo "build.sh: $*" >&2
	exit 1
}

# Run a build step with its output in LOG, shown (the end of it) only if
# it fails.
logged() {
	log=$1
	shift
	"$@" >"$log" 2>&1 || {
		tail -n 60 "$log" >&2
		fail "$1 failed; the whole log is $log"
	}
}

build_deb() {
	work=$outdir/work
	rm -rf "$work"
	mkdir -p "$work"
	cp "$tarball" "$work/pytapset_$version.orig.tar.gz"
	tar -xzf "$tarball" -C "$work"
	tree=$work/pytapset-$version
	[ -d "$tree/packaging/debian" ] || fail "$tarball has no packaging/debian"
	cp -R "$tree/packaging/debian" "$tree/debian"

	package_version=$(cd "$tree" && dpkg-parsechangelog -S Version)
	[ "${package_version%-*}" = "$version" ] ||
		fail "debian/changelog says $package_version, the tarball is $version"

	(cd "$tree" && logged "$work/build.log" dpkg-buildpackage -us -uc "$@")
	arch=$(dpkg-architecture -qDEB_HOST_ARCH)
	lintian --info --display-info --fail-on error,warning \
		"$work/pytapset_${package_version}_$arch.changes" >&2
	echo "$work/pytapset_${package_version}_$arch.deb"
}

build_rpm() {
	top=$outdir/rpmbuild
	rm -rf "$top"
	mkdir -p "$top/SOURCES" "$top/SPECS"
	cp "$tarball" "$top/SOURCES/"
	spec=$top/SPECS/pytapset.spec
	tar -xzf "$tarball" -O "pytapset-$version/packaging/pytapset.spec" >"$spec"

	spec_version=$(rpmspec -q --srpm --qf '%{version}\n' "$spec")
	[ "$spec_version" = "$version" ] ||
		fail "pytapset.spec says $spec_version, the tarball is $version"

	logged "$outdir/build.log" rpmbuild -ba --define "_topdir $top" "$@" "$spec"
	ls "$top"/RPMS/*/pytapset-"$version"-*.rpm
}

[ $# -ge 1 ] || usage
format=$1
shift
case $format in
deb|rpm) ;;
*) usage ;;
esac

srcdir=$(cd "$(dirname "$0")/.." && pwd)
outdir=$srcdir/_build/$format
while getopts o: opt; do
	case $opt in
	o) outdir=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)

tarball=
case ${1:-} in
*.tar.gz) tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift ;;
esac
[ "${1:-}" != -- ] || shift

if [ -z "$tarball" ]; then
	# No Python is needed to make the tarball.
	rm -rf "$outdir/dist"
	mkdir -p "$outdir/dist"
	(cd "$outdir/dist" && logged "$outdir/dist.log" "$srcdir/configure" --with-python=no &&
		logged "$outdir/dist.log" make dist)
	tarball=$(ls "$outdir"/dist/pytapset-*.tar.gz)
fi
name=$(basename "$tarball" .tar.gz)
version=${name#pytapset-}
case $name in
pytapset-[0-9]*) ;;
*) fail "$tarball: not a pytapset-VERSION.tar.gz" ;;
esac

"build_$format" "$@"
