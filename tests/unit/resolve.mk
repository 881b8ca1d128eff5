# SPDX-License-Identifier: GPL-2.0-or-later
# Unit tests of where a Python build's markers live: paths, ld.so's
# library search, targets and discovery.  Included from tests/unit/local.mk.

resolve_test_sources = tests/unit/fstree.c tests/unit/fstree.h
resolve_test_ldadd = generator/libpytapset.a $(LIBELF_LIBS)

check_PROGRAMS += tests/unit/paths-test tests/unit/libsearch-test tests/unit/target-test
TESTS += tests/unit/paths-test tests/unit/libsearch-test tests/unit/target-test

tests_unit_paths_test_SOURCES = tests/unit/paths-test.c $(resolve_test_sources)
tests_unit_paths_test_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)
tests_unit_paths_test_LDADD = $(resolve_test_ldadd)

tests_unit_libsearch_test_SOURCES = tests/unit/libsearch-test.c $(resolve_test_sources)
tests_unit_libsearch_test_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)
tests_unit_libsearch_test_LDADD = $(resolve_test_ldadd)

tests_unit_target_test_SOURCES = tests/unit/target-test.c $(resolve_test_sources)
tests_unit_target_test_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)
tests_unit_target_test_LDADD = $(resolve_test_ldadd)
