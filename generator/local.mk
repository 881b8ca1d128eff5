# SPDX-License-Identifier: GPL-2.0-or-later
# The pytapset program.  Everything but main.c goes into a convenience
# library so that unit tests and fuzzers link the very same code.

noinst_LIBRARIES += generator/libpytapset.a
generator_libpytapset_a_SOURCES = \
	generator/argspec.c generator/argspec.h \
	generator/bpftrace.c generator/bpftrace.h \
	generator/diag.c generator/diag.h \
	generator/elf_file.c generator/elf_file.h \
	generator/markers.c generator/markers.h \
	generator/output.c generator/output.h \
	generator/probepoint.c generator/probepoint.h \
	generator/provider.c generator/provider.h \
	generator/script.c generator/script.h \
	generator/sdt_file.c generator/sdt_file.h \
	helper/sdt_format.h \
	generator/sdt_notes.c generator/sdt_notes.h \
	generator/cache.c generator/cache.h \
	generator/settings.c generator/settings.h \
	generator/tapset.c generator/tapset.h \
	generator/tapset_file.c generator/tapset_file.h \
	generator/template.c generator/template.h \
	generator/util.c generator/util.h
generator_libpytapset_a_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)

bin_PROGRAMS += pytapset
pytapset_SOURCES = \
	generator/main.c \
	generator/cmd_discover.c \
	generator/cmd_generate.c \
	generator/cmd_list.c generator/command.c generator/commands.h \
	generator/cmd_run.c generator/cmd_doctor.c generator/cmd_runtime.c \
	generator/backend.c generator/backend.h \
	generator/bpftrace_run.c generator/bpftrace_run.h \
	generator/runtime_fix.c generator/runtime_fix.h \
	generator/stap_runtime.c generator/stap_runtime.h \
	generator/pyprocess.c generator/pyprocess.h \
	generator/pycommand.c generator/pycommand.h \
	generator/private_tapset.c generator/private_tapset.h \
	generator/run_target.c generator/run_target.h \
	generator/json.c generator/json.h \
	generator/process.c generator/process.h \
	generator/report.c generator/report.h \
	generator/exitcode.h
pytapset_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)

# Where to find libpython: paths, the loader's search, targets, discovery.
include $(srcdir)/generator/resolve.mk
pytapset_LDADD = generator/libpytapset.a $(LIBELF_LIBS)
