# SPDX-License-Identifier: GPL-2.0-or-later
# C unit tests: plain programs that print TAP, one per parser or module,
# linked against the same convenience library as pytapset itself.

check_PROGRAMS += tests/unit/argspec-test
TESTS += tests/unit/argspec-test
tests_unit_argspec_test_SOURCES = tests/unit/argspec-test.c
tests_unit_argspec_test_LDADD = generator/libpytapset.a $(LIBELF_LIBS)
include $(srcdir)/tests/unit/resolve.mk

# The tapset renderer on marker sets built in memory.
check_PROGRAMS += tests/unit/tapset-test
TESTS += tests/unit/tapset-test
tests_unit_tapset_test_SOURCES = tests/unit/tapset-test.c $(resolve_test_sources)
tests_unit_tapset_test_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)
tests_unit_tapset_test_LDADD = generator/libpytapset.a $(LIBELF_LIBS)
