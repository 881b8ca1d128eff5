# tapset: see Makefile.am
