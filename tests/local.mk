# SPDX-License-Identifier: GPL-2.0-or-later
# Tests: every test `make check` runs is listed here, and only here.  The
# C unit tests are plain programs that print TAP (built by
# tests/unit/local.mk); the bats files load their helpers from
# tests/common.bash.  The live tests run by a target of their own, `make
# check-live`, and are listed with it (tests/live/local.mk).

unit_tests = \
	tests/unit/argspec-test \
	tests/unit/paths-test \
	tests/unit/libsearch-test \
	tests/unit/target-test \
	tests/unit/tapset-test \
	tests/unit/probepoint-test \
	tests/unit/tapset_file-test

bats_tests = \
	tests/bats/list.bats \
	tests/bats/broken.bats \
	tests/bats/python-readelf.bats \
	tests/bats/limits.bats \
	tests/bats/crash-safety.bats \
	tests/bats/flips.bats \
	tests/bats/stock-tapset.bats \
	tests/bats/license.bats \
	tests/bats/commands.bats \
	tests/bats/doctor.bats \
	tests/bats/runtime.bats \
	tests/bats/helper.bats \
	tests/bats/generate-helper.bats \
	tests/bats/generate.bats \
	tests/bats/discover.bats \
	tests/bats/output.bats \
	tests/bats/hostile.bats \
	tests/bats/scripts.bats \
	tests/bats/run.bats \
	tests/bats/run-target.bats \
	tests/bats/probe-man.bats \
	tests/bats/packaging.bats \
	tests/bats/fuzz.bats

check_PROGRAMS += $(unit_tests)
TESTS += $(unit_tests) $(bats_tests)
# generate.bats elaborates the CPython howto's scripts as printed there.
EXTRA_DIST += $(bats_tests) tests/common.bash tests/helper/calls.py tests/helper/threads.py \
	tests/fixtures/sdt-many.py tests/fixtures/sdt-flip.py \
	tests/howto/show-call-hierarchy.stp tests/howto/top.stp

include $(srcdir)/tests/unit/local.mk
include $(srcdir)/tests/fixtures/local.mk
include $(srcdir)/tests/fuzz/local.mk
include $(srcdir)/tests/live/local.mk

# SystemTap's stock python.stp, taken from its package by the tests
# (require_stock_tapset in tests/common.bash).
clean-local: clean-test-cache
clean-test-cache:
	-rm -rf tests/cache
.PHONY: clean-test-cache
