# SPDX-License-Identifier: GPL-2.0-or-later
# The tests of `pytapset generate` and `pytapset discover`: tapsets for
# every kind of Python build checked with stap -p2, discovery on this
# machine and in staged trees, the output file, hostile names and paths.
# Included from tests/bats/local.mk.

generate_bats_tests = \
	tests/bats/generate.bats \
	tests/bats/discover.bats \
	tests/bats/output.bats \
	tests/bats/hostile.bats
TESTS += $(generate_bats_tests)
# generate.bats elaborates the CPython howto's scripts as printed there.
EXTRA_DIST += $(generate_bats_tests) \
	tests/howto/show-call-hierarchy.stp tests/howto/top.stp
