# SPDX-License-Identifier: GPL-2.0-or-later
dist_man_MANS += man/pytapset.1
include $(srcdir)/man/probes.mk
