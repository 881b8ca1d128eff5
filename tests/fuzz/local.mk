# SPDX-License-Identifier: GPL-2.0-or-later
# Coverage-guided fuzzing with libFuzzer (clang).  `make fuzz` runs every
# harness for FUZZ_SECONDS each, seeded with the compiled test fixtures;
# the suite runs a short smoke of the same (tests/bats/fuzz.bats).
FUZZ_SECONDS = 300

fuzz: $(check_SCRIPTS)
	$(srcdir)/tests/fuzz/run.sh -t $(FUZZ_SECONDS) -b fuzz-build -s tests/fixtures

.PHONY: fuzz
EXTRA_DIST += tests/fuzz/run.sh tests/fuzz/fuzz_argspec.c \
	tests/fuzz/fuzz_sdt_file.c tests/fuzz/argspec.dict \
	tests/fuzz/corpus tests/fuzz/regressions
clean-local: clean-fuzz
clean-fuzz:
	rm -rf fuzz-build
