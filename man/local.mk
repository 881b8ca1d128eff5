dist_man_MANS += man/pytapset.1
