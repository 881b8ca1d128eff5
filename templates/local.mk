# SPDX-License-Identifier: GPL-2.0-or-later
# Marker description and tapset templates, read by pytapset at run time.
pytapsettemplatesdir = $(pkgdatadir)/templates
dist_pytapsettemplates_DATA = \
	templates/python.markers \
	templates/tapset-header.stp \
	templates/tapset-alias.stp \
	templates/tapset-missing.stp
