# SPDX-License-Identifier: GPL-2.0-or-later
# tests/live: SystemTap run for real, in a guest booting Debian's own
# kernel, against CPython's own hooks (see tests/live/guest).  Not part of
# `make check`: `make check-live` runs them (as root, with qemu).

live_tests = \
	tests/live/aliases.bats \
	tests/live/scripts.bats \
	tests/live/dtracedata.bats \
	tests/live/runtime.bats \
	tests/live/threads.bats \
	tests/live/readme.bats \
	tests/live/debian13.bats \
	tests/live/any-python.bats \
	tests/live/bpftrace.bats
EXTRA_DIST += $(live_tests) \
	tests/live/live.bash \
	tests/live/guest \
	tests/live/guest-init \
	tests/live/guest-stage2 \
	tests/live/debian-sysroot \
	tests/live/debian-cpython \
	tests/live/debian-apt.bash \
	tests/live/debian-root \
	tests/live/in-root \
	tests/live/sentence.py \
	tests/live/events.stp \
	tests/live/dtracedata-line.stp \
	tests/live/workload.py \
	tests/live/threads-workload.py \
	tests/live/oracle.py \
	tests/live/compare.py \
	tests/live/check-script.py \
	tests/live/embed-python.c \
	tests/live/python-main.c

# The same harness as `make check`, given only the live tests, and a
# staged install whose `pytapset run` compiles the scripts (live_run).
live_stage = $(abs_top_builddir)/tests/live/stage
check-live: pytapset
	rm -rf '$(live_stage)'
	$(MAKE) $(AM_MAKEFLAGS) install DESTDIR='$(live_stage)' >/dev/null
	PYTAPSET_LIVE_STAGE='$(live_stage)$(bindir)/pytapset' \
	PYTAPSET_LIVE_STAGE_SCRIPTS='$(live_stage)$(pytapsetscriptsdir)' \
	  $(MAKE) $(AM_MAKEFLAGS) check TESTS='$(live_tests)'
clean-local: clean-live-stage
clean-live-stage:
	rm -rf '$(live_stage)'
.PHONY: check-live clean-live-stage
