/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The table of environment overrides and their defaults; see settings.h.
 */
#include "settings.h"

#include <stdbool.h>
#include <stdlib.h>

/*
 * The build defines where configure installs each of these (Makefile.am);
 * a build of the library modules alone, such as the fuzzers', need not.
 */
#ifndef PYTAPSET_SCRIPTDIR
#define PYTAPSET_SCRIPTDIR ""
#endif
#ifndef PYTAPSET_TEMPLATEDIR
#define PYTAPSET_TEMPLATEDIR ""
#endif
#ifndef PYTAPSET_TAPSETDIR
#define PYTAPSET_TAPSETDIR ""
#endif
#ifndef PYTAPSET_FIXDIR
#define PYTAPSET_FIXDIR ""
#endif
/* Where configure installs the helper, separated by ':' (helper.h). */
#ifndef PYTAPSET_HELPER_DIRS
#define PYTAPSET_HELPER_DIRS ""
#endif

static const struct {
	const char *variable;
	const char *fallback;	/* the default, when the variable is unset */
	/*
	 * Whether an empty value overrides too.  A directory cannot be
	 * empty, but an empty search path is one without directories.
	 */
	bool empty_overrides;
} settings[] = {
	[SETTING_SCRIPT_DIR] = {"PYTAPSET_SCRIPTDIR", PYTAPSET_SCRIPTDIR, false},
	[SETTING_TEMPLATE_DIR] = {"PYTAPSET_TEMPLATEDIR", PYTAPSET_TEMPLATEDIR, false},
	[SETTING_HELPER_PATH] = {"PYTAPSET_HELPER_PATH", PYTAPSET_HELPER_DIRS, true},
	[SETTING_STAP] = {"PYTAPSET_STAP", "stap", false},
	[SETTING_BPFTRACE] = {"PYTAPSET_BPFTRACE", "bpftrace", false},
	[SETTING_TAPSET_DIR] = {"SYSTEMTAP_TAPSET", PYTAPSET_TAPSETDIR, false},
	[SETTING_STAP_RUNTIME] = {"SYSTEMTAP_RUNTIME", NULL, true},
	[SETTING_FIX_DIR] = {"PYTAPSET_FIXDIR", PYTAPSET_FIXDIR, false},
	[SETTING_CACHE_DIR] = {"PYTAPSET_CACHE", NULL, false},
	[SETTING_PATH] = {"PATH", "/usr/bin:/bin", true},
};

const char *setting_override(enum setting setting)
{
	const char *value = getenv(settings[setting].variable);
	return value && (*value || settings[setting].empty_overrides) ? value : NULL;
}

const char *setting(enum setting setting)
{
	const char *value = setting_override(setting);
	return value ? value : settings[setting].fallback;
}
