# SPDX-License-Identifier: GPL-2.0-or-later
# Where a Python build's markers live: the root a run reads files in,
# installed paths, the dynamic loader's configuration and library search, target classification, the marker
# helper and discovery.
# Included from generator/local.mk, after the library's sources are set.

generator_libpytapset_a_SOURCES += \
	generator/abi.c generator/abi.h \
	generator/discover.c generator/discover.h \
	generator/helper.c generator/helper.h \
	generator/ldconf.c generator/ldconf.h \
	generator/libsearch.c generator/libsearch.h \
	generator/paths.c generator/paths.h \
	generator/pybuild.c generator/pybuild.h \
	generator/root.c generator/root.h \
	generator/target.c generator/target.h
