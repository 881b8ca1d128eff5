# SPDX-License-Identifier: GPL-2.0-or-later
# Tests: C unit tests (TAP) and bats files, all run by `make check`.
include $(srcdir)/tests/unit/local.mk
include $(srcdir)/tests/fixtures/local.mk
include $(srcdir)/tests/bats/local.mk
EXTRA_DIST += tests/common.bash tests/helper/calls.py tests/fixtures/sdt-many.py tests/fixtures/sdt-flip.py
include $(srcdir)/tests/fuzz/local.mk
include $(srcdir)/tests/live/local.mk

# SystemTap's stock python.stp, taken from its package by the tests
# (require_stock_tapset in tests/common.bash).
clean-local: clean-test-cache
clean-test-cache:
	-rm -rf tests/cache
.PHONY: clean-test-cache
