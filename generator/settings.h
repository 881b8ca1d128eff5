/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The environment variables that change where pytapset looks, each with
 * the default it overrides (most of them fixed at configure time).  They
 * are one table in settings.c, so that every variable pytapset reads is
 * named in one place; tests and an uninstalled build use them to point
 * pytapset at their own files.
 */
#ifndef PYTAPSET_SETTINGS_H
#define PYTAPSET_SETTINGS_H

enum setting {
	SETTING_SCRIPT_DIR,	/* the scripts `run` finds by name */
	SETTING_TEMPLATE_DIR,	/* the marker description and templates of `generate` */
	SETTING_HELPER_PATH,	/* where the marker helper is installed, ':'-separated */
	SETTING_STAP,		/* the stap that `run` and `doctor` start */
	SETTING_BPFTRACE,	/* the bpftrace that `run` starts */
	SETTING_TAPSET_DIR,	/* the tapset directory stap reads */
	SETTING_STAP_RUNTIME,	/* the runtime stap builds modules with */
	SETTING_FIX_DIR,	/* the SystemTap runtime fixes (runtime_fix.h) */
	SETTING_CACHE_DIR,	/* pytapset's cache, e.g. fixed runtimes (stap_runtime.h) */
	SETTING_PATH,		/* where programs are searched for */
};

/* SETTING's variable when it is set (and not empty, for most), else NULL. */
const char *setting_override(enum setting setting);

/*
 * SETTING's variable, else its default (NULL for SETTING_STAP_RUNTIME and
 * SETTING_CACHE_DIR, whose defaults depend on more than one variable).
 */
const char *setting(enum setting setting);

#endif
