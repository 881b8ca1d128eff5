# The pytapset program.  Everything but main.c goes into a convenience
# library so that unit tests and fuzzers link the very same code.

noinst_LIBRARIES += generator/libpytapset.a
generator_libpytapset_a_SOURCES = \
	generator/argspec.c generator/argspec.h \
	generator/diag.c generator/diag.h \
	generator/sdt_file.c generator/sdt_file.h \
	generator/util.c generator/util.h
generator_libpytapset_a_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)

bin_PROGRAMS += pytapset
pytapset_SOURCES = \
	generator/main.c \
	generator/cmd_list.c generator/commands.h \
	generator/json.c generator/json.h \
	generator/exitcode.h
pytapset_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS)
pytapset_LDADD = generator/libpytapset.a $(LIBELF_LIBS)
