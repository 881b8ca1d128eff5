# SPDX-License-Identifier: GPL-2.0-or-later
# packaging: the Debian package recipe (debian/, which build.sh copies to
# the top of the unpacked release tarball), the RPM spec, the script that
# builds both, and the packagers' documentation.  All of it is in the
# tarball, so that a distribution builds from the tarball alone: the spec
# and the Debian postinst, which configure makes from their .in templates,
# are in it both as templates and as made.
EXTRA_DIST += \
	packaging/README.md \
	packaging/build.sh \
	packaging/pytapset.spec.in \
	packaging/pytapset.spec \
	packaging/debian
