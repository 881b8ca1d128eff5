# SPDX-License-Identifier: GPL-2.0-or-later
# pytapset(1) and pytapset-scripts(7) name the installed files as this
# build's configuration places them: @pkgdatadir@ and @tapsetdir@ in the
# .in sources are replaced at `make` time (not by configure, so that
# `make prefix=...` gives the right paths too).
man_MANS += man/pytapset.1 man/pytapset-scripts.7
EXTRA_DIST += man/pytapset.1.in man/pytapset-scripts.7.in
CLEANFILES += man/pytapset.1 man/pytapset-scripts.7

man_substitute = $(SED) -e 's|@pkgdatadir[@]|$(pkgdatadir)|g' \
	-e 's|@tapsetdir[@]|$(tapsetdir)|g' \
	-e 's|@helperdirs[@]|$(HELPER_DIRS)|g'

man/pytapset.1: $(srcdir)/man/pytapset.1.in Makefile
	$(AM_V_GEN)$(MKDIR_P) man && \
	$(man_substitute) $(srcdir)/man/pytapset.1.in >$@-t && mv $@-t $@
man/pytapset-scripts.7: $(srcdir)/man/pytapset-scripts.7.in Makefile
	$(AM_V_GEN)$(MKDIR_P) man && \
	$(man_substitute) $(srcdir)/man/pytapset-scripts.7.in >$@-t && mv $@-t $@

include $(srcdir)/man/probes.mk
