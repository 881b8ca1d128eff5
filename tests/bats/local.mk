# SPDX-License-Identifier: GPL-2.0-or-later
# tests/bats: command-line tests, run by bats through the TAP driver.
# They need the fixtures of tests/fixtures (built by check_SCRIPTS).

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
	tests/bats/helper.bats \
	tests/bats/generate-helper.bats
TESTS += $(bats_tests)
EXTRA_DIST += $(bats_tests)
include $(srcdir)/tests/bats/generate.mk
