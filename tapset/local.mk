# SPDX-License-Identifier: GPL-2.0-or-later
# The installed tapset: python.stp for the Pythons chosen at configure
# time (--with-python; by default every Python `pytapset discover` finds).
#
# It is named python.stp on purpose.  SystemTap ships a python.stp whose
# python.function.entry glob matches nothing on Debian-like systems, and
# one failing definition breaks an alias for everyone.  Tapset files are
# de-duplicated by name, so ours takes the stock file's place; `make
# install` keeps the stock file as python.stp.pytapset-saved (a name stap
# does not read) and `make uninstall` puts it back.
#
# `make install` generates the installed file again: the marker helper
# (helper/, installed first) only then exists where the tapset must name
# it.  A staged install (DESTDIR) installs the build's file; the packages
# generate theirs on the machine they are installed on.

if BUILD_TAPSET
noinst_DATA = tapset/python.stp
CLEANFILES += tapset/python.stp

TAPSET_SAVED = python.stp.pytapset-saved

# generate_tapset OUTPUT: the tapset for the configured Pythons.
generate_tapset = generate() { \
	if test "x$(PYTHON_TARGETS)" = xdiscover; then \
		./pytapset$(EXEEXT) generate --templates $(srcdir)/templates --discover -o "$$1"; \
	else \
		./pytapset$(EXEEXT) generate --templates $(srcdir)/templates -o "$$1" $(PYTHON_TARGETS); \
	fi || { echo "pytapset: no tapset: configure --with-python=PATHS, or --with-python=no" >&2; exit 1; }; \
}; generate

tapset/python.stp: pytapset$(EXEEXT) $(dist_pytapsettemplates_DATA)
	$(AM_V_GEN)$(MKDIR_P) tapset && $(generate_tapset) $@

install-data-local: tapset/python.stp
	$(MKDIR_P) "$(DESTDIR)$(tapsetdir)"
	@dest="$(DESTDIR)$(tapsetdir)/python.stp"; saved="$(DESTDIR)$(tapsetdir)/$(TAPSET_SAVED)"; \
	if test -f "$$dest" && ! grep -q '$(PYTAPSET_TAPSET_MARK)' "$$dest" && ! test -e "$$saved"; then \
		echo "keeping SystemTap's own $$dest as $$saved"; \
		mv "$$dest" "$$saved"; \
	fi
	@if test -z "$(DESTDIR)"; then \
		echo "generating $(tapsetdir)/python.stp with the marker helper just installed"; \
		$(generate_tapset) "$(tapsetdir)/python.stp"; \
	else \
		$(INSTALL_DATA) tapset/python.stp "$(DESTDIR)$(tapsetdir)/python.stp"; \
	fi

uninstall-local:
	@dest="$(DESTDIR)$(tapsetdir)/python.stp"; saved="$(DESTDIR)$(tapsetdir)/$(TAPSET_SAVED)"; \
	if test -f "$$dest" && grep -q '$(PYTAPSET_TAPSET_MARK)' "$$dest"; then rm -f "$$dest"; fi; \
	if test -e "$$saved"; then \
		echo "restoring SystemTap's own $$dest"; \
		mv "$$saved" "$$dest"; \
	fi
endif

# The functions the ready-made scripts share (see scripts/local.mk),
# installed beside the aliases whatever Pythons the tapset covers, so that
# a script run with stap directly, or copied elsewhere, finds them.
dist_tapset_DATA = tapset/pytapset.stp
