dist_man_MANS += man/pytapset.1
include $(srcdir)/man/probes.mk
