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

# SystemTap's spelling of probe points.
check_PROGRAMS += tests/unit/probepoint-test
TESTS += tests/unit/probepoint-test
tests_unit_probepoint_test_SOURCES = tests/unit/probepoint-test.c $(resolve_test_sources)
tests_unit_probepoint_test_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)
tests_unit_probepoint_test_LDADD = generator/libpytapset.a $(LIBELF_LIBS)

# The tapset file's header: the mark and the covered files, written and
# read back.
check_PROGRAMS += tests/unit/tapset_file-test
TESTS += tests/unit/tapset_file-test
tests_unit_tapset_file_test_SOURCES = tests/unit/tapset_file-test.c $(resolve_test_sources)
tests_unit_tapset_file_test_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)
tests_unit_tapset_file_test_LDADD = generator/libpytapset.a $(LIBELF_LIBS)
