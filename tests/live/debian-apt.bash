# SPDX-License-Identifier: GPL-2.0-or-later
#
# Sourced by debian-sysroot and debian-cpython: apt with a private
# configuration (its own sources, lists and cache under one directory), to
# fetch packages and source packages of another Debian suite without
# touching the system's sources and without installing anything.
#
#   debian_apt DIR SUITE TYPES   set up DIR for SUITE ("deb" or "deb-src")
#   apt_get ARG...               apt-get with that configuration

debian_apt() {
	APT_DIR=$1
	local uri
	rm -rf "$APT_DIR"
	mkdir -p "$APT_DIR/etc" "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
	uri=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
	cat >"$APT_DIR/etc/$2.sources" <<SOURCES
Types: $3
URIs: ${uri:-http://deb.debian.org/debian}
Suites: $2
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
	apt_get update >/dev/null
}

apt_get() {
	apt-get -q -o Dir::Etc::sourcelist=/dev/null -o Dir::Etc::sourceparts="$APT_DIR/etc" \
		-o Dir::State::Lists="$APT_DIR/lists" -o Dir::Cache="$APT_DIR/cache" \
		-o APT::Sandbox::User=root "$@"
}
