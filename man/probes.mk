# SPDX-License-Identifier: GPL-2.0-or-later
# The probe alias reference: probe::python.ALIAS(3stap) pages in the style
# of SystemTap's own, and probe::python(3stap) for the family, made at
# `make` time from the doc comments of a tapset that pytapset itself
# writes, so the pages and the tapsets cannot drift apart.
#
# That tapset is not the installed one.  The installed tapset describes
# the Pythons of one machine at one moment (a package builds none at all
# and makes it at install time), while a reference page must describe
# every alias and variable pytapset can write.  So the tapset the pages
# come from is written for a reference library, built here from
# templates/python.markers, that has every described marker with all its
# arguments.  Building it needs <sys/sdt.h> (systemtap-sdt-dev); without
# it no pages are made.
#
# The page names contain "::", which make cannot take as target names:
# the pages are made, installed and removed as a whole through a stamp
# and shell loops, never named one by one in a rule.

probemandir = $(mandir)/man3
probe_man_pages = man/probes
probe_man_reference = man/reference/libpython-reference.so

dist_noinst_SCRIPTS += man/tapset-man.sh man/reference-markers.sh
CLEANFILES += man/probes.stamp $(probe_man_pages)/*.3stap \
	man/reference/markers.c man/reference/markers.c-t \
	$(probe_man_reference) man/reference/python.stp \
	man/reference/python.stp.err

if HAVE_SDT_H
man/reference/markers.c: $(srcdir)/templates/python.markers \
		$(srcdir)/man/reference-markers.sh
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	$(SHELL) $(srcdir)/man/reference-markers.sh \
	  $(srcdir)/templates/python.markers >$@-t && mv $@-t $@

# Never installed, never run: no flags of the program, no C library.
$(probe_man_reference): man/reference/markers.c
	$(AM_V_CCLD)$(CC) -O0 -g0 -fPIC -shared -nostdlib -o $@ \
	  man/reference/markers.c

# The library's name tells no Python version, and the generator warns that
# it writes no per-version aliases: expected here, so the warning is shown
# only when generation fails.
man/reference/python.stp: pytapset$(EXEEXT) $(probe_man_reference) \
		$(dist_pytapsettemplates_DATA)
	$(AM_V_GEN)./pytapset$(EXEEXT) generate --templates $(srcdir)/templates \
	  -o $@ $(probe_man_reference) 2>$@.err || { cat $@.err >&2; exit 1; }; \
	rm -f $@.err

man/probes.stamp: man/reference/python.stp $(srcdir)/man/tapset-man.sh
	$(AM_V_GEN)rm -rf $(probe_man_pages) && \
	PYTAPSET_TAPSET_MARK='$(PYTAPSET_TAPSET_MARK)' \
	  $(SHELL) $(srcdir)/man/tapset-man.sh man/reference/python.stp \
	  $(probe_man_pages) && touch $@

all-local: man/probes.stamp

install-data-hook: install-probe-man
install-probe-man: man/probes.stamp
	@$(NORMAL_INSTALL)
	$(MKDIR_P) "$(DESTDIR)$(probemandir)"
	@for page in $(probe_man_pages)/*.3stap; do \
	  echo " $(INSTALL_DATA) '$$page' '$(DESTDIR)$(probemandir)'"; \
	  $(INSTALL_DATA) "$$page" "$(DESTDIR)$(probemandir)" || exit 1; \
	done
endif

# Every page the family can have is named probe::python.*, so uninstall
# works from the installed names, even after `make clean`.
uninstall-hook: uninstall-probe-man
uninstall-probe-man:
	@$(NORMAL_UNINSTALL)
	@for page in "$(DESTDIR)$(probemandir)"/probe::python.*3stap; do \
	  if test -f "$$page"; then echo " rm -f '$$page'"; rm -f "$$page"; fi; \
	done

.PHONY: install-probe-man uninstall-probe-man
