# templates: see Makefile.am
