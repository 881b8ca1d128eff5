# SPDX-License-Identifier: GPL-2.0-or-later
# How the C unit tests (listed in tests/local.mk) are built: one program
# per parser or module, linked against the same convenience library as
# pytapset itself.  Those of where a Python build's markers live (paths,
# ld.so's library search, targets) and of the tapset renderer build their
# files in memory with fstree.

unit_ldadd = generator/libpytapset.a $(LIBELF_LIBS)
unit_fstree = tests/unit/fstree.c tests/unit/fstree.h

tests_unit_argspec_test_SOURCES = tests/unit/argspec-test.c
tests_unit_argspec_test_LDADD = $(unit_ldadd)

tests_unit_paths_test_SOURCES = tests/unit/paths-test.c $(unit_fstree)
tests_unit_paths_test_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)
tests_unit_paths_test_LDADD = $(unit_ldadd)

tests_unit_libsearch_test_SOURCES = tests/unit/libsearch-test.c $(unit_fstree)
tests_unit_libsearch_test_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)
tests_unit_libsearch_test_LDADD = $(unit_ldadd)

tests_unit_target_test_SOURCES = tests/unit/target-test.c $(unit_fstree)
tests_unit_target_test_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)
tests_unit_target_test_LDADD = $(unit_ldadd)

tests_unit_tapset_test_SOURCES = tests/unit/tapset-test.c $(unit_fstree)
tests_unit_tapset_test_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)
tests_unit_tapset_test_LDADD = $(unit_ldadd)

tests_unit_probepoint_test_SOURCES = tests/unit/probepoint-test.c $(unit_fstree)
tests_unit_probepoint_test_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)
tests_unit_probepoint_test_LDADD = $(unit_ldadd)

tests_unit_tapset_file_test_SOURCES = tests/unit/tapset_file-test.c $(unit_fstree)
tests_unit_tapset_file_test_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)
tests_unit_tapset_file_test_LDADD = $(unit_ldadd)
